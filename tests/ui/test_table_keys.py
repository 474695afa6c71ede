"""Every move has a key, the F1 page lists every key, and the keys do what the page says."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.engine import MoveKind
from game.ui.table.choice import TableHelpScene, WeightsScene
from game.ui.table.moves import TABLE_KEYS, binding_for, clashes, key_name, missing_keys
from game.ui.widgets.move_menu import MOVES

from .table_harness import make_table

LEVELS = Path(__file__).resolve().parents[2] / "levels"
LEVEL_IDS = sorted(p.stem for p in LEVELS.glob("*.json") if p.name != "level.schema.json")


def test_every_move_has_a_key_and_no_two_keys_are_the_same():
    assert missing_keys(MOVES) == []
    assert clashes(MOVES) == []
    for spec in MOVES:
        assert spec.shortcut == spec.shortcut.upper() and len(spec.shortcut) == 1, spec.label


def test_shift_slash_is_the_question_mark_and_letters_are_capitals(display):
    assert key_name(pygame.K_SLASH, pygame.KMOD_SHIFT) == "?"
    assert key_name(pygame.K_h) == "H"
    assert key_name(pygame.K_F1) == "F1"


@pytest.mark.parametrize("level_id", LEVEL_IDS)
def test_the_f1_page_lists_every_move_button_with_its_key(display, level_id):
    table = make_table(level_id)
    scene = table.scene
    specs = scene.controls.menu.specs
    assert missing_keys(specs) == [], level_id
    table.keys("f1")
    page = table.stack.top
    assert isinstance(page, TableHelpScene)
    text = "\n".join(page.text_lines())
    for spec in specs:
        assert f"{spec.label} ({spec.shortcut})" in text, (level_id, spec.label)
        # and the key is dispatched to that move's button
        assert binding_for(spec.shortcut, specs, over=False) is spec
        # the button shows the same key
        assert scene.controls.menu.buttons[spec.key].shortcut == spec.shortcut
    for binding in TABLE_KEYS:
        assert f"{binding.keys}:" in text, binding.keys
    table.keys("escape")
    assert table.stack.top is scene


def test_the_keys_of_the_reverse_moves_play_them(display):
    table = make_table("bike-sale")
    scene = table.scene
    match = scene.state.match
    asked = len(match.state.moves_by("player", MoveKind.PROPOSE_FOR_ME))
    table.keys("f")
    assert len(match.state.moves_by("player", MoveKind.PROPOSE_FOR_ME)) == asked + 1
    table.keys("n")
    assert isinstance(table.stack.top, WeightsScene)  # "Restate their interests…" opens
    table.keys("escape")
    assert table.stack.top is scene
