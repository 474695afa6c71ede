"""The table is made of parts: one shared state object, sections, no mixins."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pygame
import pytest

from game.ui.scene import Scene
from game.ui.table.scene import TableScene
from game.ui.table.sections import REGIONS, ColumnSection, HeaderSection, Section
from game.ui.table.state import TableState

from .table_harness import level, make_table

TABLE = Path(__file__).resolve().parents[2] / "game" / "ui" / "table"


def _classes() -> list[tuple[str, ast.ClassDef]]:
    found = []
    for path in sorted(TABLE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [(path.name, node) for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    return found


def test_no_class_of_the_table_is_assembled_from_mixins():
    assert TableScene.__bases__ == (Scene,)
    several = [
        (name, node.name)
        for name, node in _classes()
        if len(node.bases) > 1 or any("Mixin" in ast.unparse(b) for b in node.bases)
    ]
    assert several == []


def test_the_shared_state_is_a_plain_object_the_parts_receive():
    assert not issubclass(TableState, Scene)
    # No part is handed the scene: no annotation in the package names it.
    for path in sorted(TABLE.glob("*.py")):
        if path.name == "scene.py":
            continue
        assert "TableScene" not in path.read_text(encoding="utf-8"), path.name


def test_the_scene_reads_nothing_through_for_its_parts():
    # The scene's properties are its parts and what the move choosers read
    # (``moves.ChooserHost``); the rest is asked of the parts (scene.state, scene.controls...).
    properties = {
        name
        for klass in TableScene.__mro__
        if klass is not object and klass.__module__.startswith("game.ui.table")
        for name, value in vars(klass).items()
        if not callable(value) or isinstance(value, property)
        if not name.startswith("__")
    }
    assert properties == {
        "controls",
        "layout",
        "painter",
        "overlay",
        "level",
        "target",
        "let_go",
        "negotiation",
        "saving",
    }


@pytest.mark.parametrize("level_id", ["tablet-deal", "climate-accord"])
def test_a_built_table_shares_one_state_with_its_parts(display, level_id):
    table = make_table(level_id)
    table.frames(2)
    scene = table.scene
    state = scene.state
    assert scene.state.match is state.match is not None
    assert scene.state.live_match() is state.live_match()
    assert scene.layout.state is state and scene.painter.state is state
    assert scene.overlay.state is state
    assert scene.state.mode == state.mode and state.mode in ("wide", "two", "one")
    assert scene.state.multiparty is (level_id == "climate-accord")
    scene.state.page = 0  # read and set through the scene: the state's
    assert state.page == 0


@pytest.mark.parametrize("level_id", ["tablet-deal", "climate-accord"])
def test_every_region_is_a_section_owning_its_rect_dirt_drawing_and_events(display, level_id):
    table = make_table(level_id)
    table.frames(2)
    layout = table.scene.layout
    assert tuple(layout.sections) == REGIONS
    assert isinstance(layout.sections["header"], HeaderSection)
    for name in REGIONS[1:]:
        assert isinstance(layout.sections[name], ColumnSection)
    for section in layout.on_screen():
        assert isinstance(section, Section)
        assert section.rect.width > 0 and section.rect.height > 0
        assert not section.dirty  # painted: nothing left to paint
        assert callable(section.draw) and callable(section.handle_event)
    talk = layout.sections["talk"]
    table.scene.layout.changed("talk")
    assert talk.dirty and not layout.sections["offer"].dirty
    table.frames(3)
    assert not talk.dirty


def test_a_click_goes_to_the_section_under_it(display):
    table = make_table("tablet-deal")
    table.frames(2)
    scene = table.scene
    button = scene.controls.card_buttons["copy"]
    offer = scene.layout.sections["offer"]
    down = pygame.event.Event(
        pygame.MOUSEBUTTONDOWN, pos=button.rect.center, button=pygame.BUTTON_LEFT
    )
    # The offer column is elsewhere: it does not take the click ...
    assert not offer.handle_event(down)
    # ... the talk column (the offer on the table is in it) does, and marks itself dirty.
    talk = scene.layout.sections["talk"]
    talk.dirty = False
    assert talk.handle_event(down) and talk.dirty


def test_the_match_is_asked_for_only_once_it_has_started():
    scene = TableScene(level("tablet-deal"), 7)
    assert scene.state.match is None
    with pytest.raises(RuntimeError, match="not started"):
        scene.state.live_match()


def test_the_parts_are_made_on_entering():
    scene = TableScene(level("tablet-deal"), 7)
    assert inspect.getattr_static(scene, "_built") is False
    with pytest.raises(RuntimeError, match="entered"):
        scene.controls  # noqa: B018


def test_the_state_takes_a_turn_in_without_any_widget():
    from game.levels.setup import start_match
    from game.ui.table.state import LOG_CAPACITY
    from game.ui.table.view import absorb, build_view

    state = TableState(level("tablet-deal"), 7)
    state.match = start_match(state.level, seed=7)
    added = absorb(state, state.match.opening)
    assert added and state.entries == added
    speaker, text, kind, index = added[0]
    assert kind == "npc" and text and index == 1  # the first NPC sits after the player
    assert speaker == state.name_of(state.npc_ids()[0])
    view = build_view(state)
    assert view.title == state.level.model.title and view.order == state.npc_ids()
    for number in range(LOG_CAPACITY + 5):
        state.add_entry("", f"line {number}", "system", 0)
    assert len(state.entries) == LOG_CAPACITY
    assert state.entries[-1][1] == f"line {LOG_CAPACITY + 4}"
    assert state.add_entry("You", "", "player", 0) is None  # no words, no line
