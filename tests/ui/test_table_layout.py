"""The table's layout at every supported text size in the smallest windows.

At 100 % to 200 % text (the Settings slider's steps) in 1024 x 600, 1280 x 720 and
1366 x 768: Walk away, Keys and Menu stay in the header beside or over the title, never
on it; the talk log keeps five lines in view, whichever control the keyboard reaches;
every action is on screen or behind one tab button that is; nothing overlaps.
"""

from __future__ import annotations

import itertools

import pygame
import pytest

from game.ui.fonts import FontRole
from game.ui.widgets.dialogue_log import DialogueLog

from .table_harness import make_table

SIZES = [(1024, 600), (1280, 720), (1366, 768)]
SCALES = [round(1 + step / 10, 1) for step in range(11)]  # 100 % to 200 %, as Settings
LEVELS = ["two-forks", "climate-accord"]


def _tabs(scene) -> list[str | None]:
    if scene.state.mode == "wide":
        return [None]
    return ["offer", "moves"] if scene.state.mode == "two" else ["talk", "offer", "moves"]


def _show(scene, tab: str | None) -> None:
    if tab is not None:
        scene.set_tab(tab)


def _actions(scene) -> dict[str, object]:
    """Return every button the player acts with, by key."""
    found = {
        "primary": scene.controls.card_buttons["primary"],
        "reject": scene.controls.card_buttons["reject"],
        "copy": scene.controls.card_buttons["copy"],
        "propose": scene.controls.propose_button,
        "reset": scene.controls.reset_button,
    }
    for spec in scene.controls.menu.flow_specs():
        found[spec.key] = scene.controls.menu.buttons[spec.key]
    return found


def _log_lines_in_view(scene) -> float:
    column = scene.layout.columns["talk"]
    seen = scene.controls.log.rect.clip(column.rect)
    line = scene.fonts.line_height(FontRole.BODY, DialogueLog.TEXT_SIZE)
    return (seen.height - 2 * DialogueLog.PADDING) / line


def _check_header(scene, screen: pygame.Rect) -> None:
    buttons = [scene.controls.walk_button, scene.controls.help_button, scene.controls.menu_button]
    texts = [scene.layout.header.title_rect, scene.layout.header.info_rect]
    for button in buttons:
        assert button.visible and button.on_screen, button.key
        assert screen.contains(button.rect), (button.key, button.rect)
    for text in texts:
        assert text.height > 0 and screen.contains(text), text
    for first, second in itertools.combinations([b.rect for b in buttons] + texts, 2):
        assert not first.colliderect(second), (first, second)
    tabs = [b.rect for b in scene.controls.tab_buttons.values() if b.visible]
    for tab in tabs:
        assert screen.contains(tab)
        for other in [b.rect for b in buttons] + texts:
            assert not tab.colliderect(other), (tab, other)


@pytest.mark.parametrize("level_id", LEVELS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_action_in_reach_and_five_lines_of_talk(display, level_id, size):
    screen = pygame.Rect((0, 0), size)
    for scale in SCALES:
        table = make_table(level_id, size=size, text_scale=scale)
        scene = table.scene
        where = f"{level_id} {size} {int(scale * 100)} % ({scene.state.mode})"
        _check_header(scene, screen)

        # The talk: five lines of the log in view, whatever control of its view has the
        # focus (the columns scroll to what the keyboard reaches).
        _show(scene, "talk" if scene.state.mode == "one" else None)
        talk_view = [c for c in scene.focus.elements if c.on_screen and c.is_enabled]
        for control in [None, *talk_view]:
            if control is not None:
                scene.focus.focus(control)
                scene.layout.reveal_focus()
            lines = _log_lines_in_view(scene)
            assert lines >= 5, f"{where}: {lines:.1f} lines of talk with {control and control.key}"

        # Every action is on screen in one of the views the tab buttons show.
        actions = _actions(scene)
        reached: dict[str, str | None] = {}
        for tab in _tabs(scene):
            _show(scene, tab)
            columns = scene.layout.columns_on_screen()
            for first, second in itertools.combinations(columns, 2):
                assert not first.rect.colliderect(second.rect), (where, first.name, second.name)
            for column in columns:
                assert screen.contains(column.rect), (where, column.name, column.rect)
            for key, control in actions.items():
                column = scene.layout.column_of(control)
                if column is None or not control.shown:
                    continue
                column.reveal(control.rect)
                assert column.rect.contains(control.rect), (where, key, control.rect, column.rect)
                reached.setdefault(key, tab)
        missing = sorted(set(actions) - set(reached))
        assert not missing, f"{where}: out of reach {missing}"
        for tab in set(reached.values()) - {None}:
            button = scene.controls.tab_buttons[tab]
            assert button.visible and screen.contains(button.rect), (where, tab)


def test_two_forks_at_200_percent_keeps_the_header_and_the_talk(display):
    """The playtest's picture: 1366 x 768 at 200 %, the focus on the offer on the table."""
    table = make_table("two-forks", size=(1366, 768), text_scale=2.0)
    scene = table.scene
    assert scene.state.mode == "one" and scene.state.tab == "talk"
    assert scene.controls.walk_button.on_screen and scene.controls.help_button.on_screen
    assert (
        scene.controls.walk_button.rect.top == scene.controls.menu_button.rect.top
    )  # in the header row
    scene.set_tab("offer")
    table.tab_to("copy")
    scene.set_tab("talk")
    assert _log_lines_in_view(scene) >= 5


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_when_the_talks_are_over_the_way_on_and_five_lines_stay_in_view(display, size):
    """The result's button is on screen with five lines of the log, at every text size."""
    from game.engine import Move, MoveKind

    screen = pygame.Rect((0, 0), size)
    for scale in (1.0, 1.5, 2.0):
        table = make_table("two-forks", size=size, text_scale=scale)
        scene = table.scene
        scene.play(Move(MoveKind.WALK_AWAY, "player"))
        table.frames(10)
        where = f"{size} {int(scale * 100)} % ({scene.state.mode})"
        _show(scene, "talk" if scene.state.mode == "one" else None)
        button = scene.controls.continue_button
        assert scene.focus.focused is button, where
        column = scene.layout.column_of(button)
        area = column.rect if column is not None else screen
        assert button.shown and area.contains(button.rect) and screen.contains(button.rect), where
        assert _log_lines_in_view(scene) >= 5, where
        if column is None:  # in the header, in Walk away's place: clear of the rest
            assert scene.layout.header.action() is button, where
            others = [
                scene.controls.help_button.rect,
                scene.controls.menu_button.rect,
                scene.layout.header.title_rect,
                scene.layout.header.info_rect,
            ]
            assert not any(button.rect.colliderect(o) for o in others), where
