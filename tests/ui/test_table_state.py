"""The table is made of parts: one shared state object, sections, no mixins."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from types import SimpleNamespace

import pygame
import pytest

from game.engine import PLAYER, Move, MoveKind, Offer
from game.ui.scene import Scene
from game.ui.table.panels import LogPanel, Package, TableCard, TableView
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
    assert scene.layout.table_card is not None and scene.layout.table_card.source is state


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


def test_the_log_panel_owns_its_scrolling_and_its_dirty_flag(display, monkeypatch):
    table = make_table("tablet-deal", size=(1280, 560))
    scene = table.scene
    for _ in range(6):  # lines enough to scroll
        scene.play(Move(MoveKind.ASK_PRIORITIES, PLAYER))
        table.frames(2)
    table.frames(4)
    panel = scene.layout.log_panel
    talk = scene.layout.sections["talk"]
    assert isinstance(panel, LogPanel) and panel in talk.input_panels()
    assert not talk.dirty and not panel.dirty
    log = scene.controls.log
    assert log.max_scroll > 0 and log.scroll == 0  # at the newest line
    before = log.scroll
    wheel = pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False)
    # Away from the log the panel does not take the wheel ...
    assert not panel.handle_wheel(wheel, (1, 1)) and not panel.dirty
    # ... over it, it scrolls and marks itself dirty; the talk column is dirty through it.
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: log.rect.center)
    assert talk.handle_wheel(wheel, log.rect.center)
    assert log.scroll > before and panel.dirty and talk.dirty
    table.frames(3)
    assert not panel.dirty and not talk.dirty  # painted: the painter cleared both
    page_down = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEDOWN, mod=0, unicode="")
    scene.scroll_talk(page_down)
    assert log.scroll == before and panel.dirty


def test_the_table_card_turns_its_own_pages(display):
    table = make_table("tablet-deal")
    table.frames(2)
    scene = table.scene
    c = scene.controls
    source = SimpleNamespace(
        view=TableView(packages=[Package("one", Offer({}), "", None, "table")] * 3), page=0
    )
    card = TableCard(c.style, source, c.table_gauge, c.card_buttons)
    assert card.turn_page(1) and source.page == 1 and card.dirty
    card.dirty = False
    assert card.turn_page(5) and source.page == 2
    assert not card.turn_page(1) and source.page == 2  # the last page: nothing turns
    assert card.turn_page(-1) and source.page == 1
    source.view = TableView()
    assert not card.turn_page(1)  # no packages: no pages


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
