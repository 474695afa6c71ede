"""Favours and preference talk at the table, by keyboard alone."""

from __future__ import annotations

from game.engine import MoveKind
from game.ui.table.choice import ChoiceScene

from .table_harness import make_table

HELEN = "season-client"


def _player_moves(scene, kind):
    return [
        e.move
        for e in scene.state.match.state.log
        if e.move.actor == "player" and e.move.kind is kind
    ]


def test_a_favour_asked_and_granted_by_keys_goes_into_the_ledger(display):
    table = make_table("season-autumn")
    scene = table.scene
    table.keys("u")  # Ask a favour…
    chooser = table.stack.top
    assert isinstance(chooser, ChoiceScene)
    assert [c.key for c in chooser.choices] == ["price", "days", "trial"]
    assert "favour" in chooser.choices[0].words
    table.keys("down", "return")  # the days a week
    assert table.stack.top is scene
    asked = _player_moves(scene, MoveKind.ASK_FAVOUR)
    assert asked and asked[0].issue == "days" and asked[0].target == HELEN
    assert scene.state.match.favours()[HELEN][0]["owed_by"] == "player"
    table.keys("x")  # Grant a favour…
    assert isinstance(table.stack.top, ChoiceScene)
    table.keys("down", "down", "return")  # the trial length
    granted = _player_moves(scene, MoveKind.GRANT_FAVOUR)
    assert granted and granted[0].issue == "trial"
    assert any("favour" in line.lower() for line in scene.log_lines())


def test_which_matters_more_by_keys(display):
    table = make_table("season-autumn")
    scene = table.scene
    table.keys("z")  # Say what matters more…
    chooser = table.stack.top
    assert isinstance(chooser, ChoiceScene)
    assert chooser.choices[0].key == "price|days"  # the true statements first
    assert "True for you" in chooser.choices[0].detail
    table.keys("return")
    said = _player_moves(scene, MoveKind.STATE_PREFERENCE)
    assert said and said[0].issue == "price" and said[0].meta["over"] == "days"
    table.keys("j")  # Ask which matters more…
    assert isinstance(table.stack.top, ChoiceScene)
    table.keys("return")
    npc = [e.move for e in scene.state.match.state.log if e.move.actor == HELEN]
    assert any(m.kind is MoveKind.STATE_PREFERENCE for m in npc)


def test_one_issue_tables_have_no_pair_moves(display):
    table = make_table("market-stall")
    assert "prefer" not in table.scene.controls.menu.buttons
    assert "ask_pair" not in table.scene.controls.menu.buttons
    assert "ask_favour" in table.scene.controls.menu.buttons
