"""The table: Ask why (key Y) asks, found interests go into the player's notes, and an
option stays out of the offer builder until the interest that opens it is found."""

from __future__ import annotations

import pygame

from game.engine import Move, MoveKind
from game.ui.table.choice import ChoiceScene

from .table_harness import make_table


def _restate(table) -> None:
    match = table.scene.state.match
    truth = match.negotiation.party("jonas").preferences
    weights = {i: truth.weight(i) for i in match.codec.issue_ids}
    report = match.player_move(
        Move(MoveKind.RESTATE_INTERESTS, "player", priorities=weights, target="jonas")
    )
    assert report.ok


def test_y_opens_ask_why_and_asking_writes_the_interest_into_the_notes(display):
    table = make_table("bike-sale", seed=1)
    scene = table.scene
    assert scene.state.view.notes == []
    _restate(table)
    table.key(pygame.K_y)
    overlay = table.stack.top
    assert isinstance(overlay, ChoiceScene)
    keys = [choice.key for choice in overlay.choices]
    assert keys[:2] == ["open:", "open:price"] and "leading:extras" in keys
    overlay.choose("open:extras")  # "Why: Extras"
    table.frames(2)
    assert scene.state.match.state.log[-1].move.kind is MoveKind.ASK_WHY
    assert scene.state.view.notes == [
        "Jonas starts early lab shifts and will ride through the city in the dark.",
        "New option: Extras with lock and lights.",
    ]


def test_the_builder_passes_over_a_closed_option_until_it_opens(display):
    table = make_table("bike-sale", seed=1)
    scene = table.scene
    picker = scene.controls.builder.row("extras").control
    lights = picker.labels.index("with lock and lights")
    assert lights in picker.skip
    picker.set_index(0, notify=False)
    picker.set_index(picker.index + 1)
    picker.set_index(picker.index + 1)
    assert picker.labels[picker.index] == "with lock"  # the last open option
    assert picker.open_beyond(1) is None
    _restate(table)
    scene.play(Move(MoveKind.ASK_WHY, "player", issue="extras", target="jonas"))
    table.frames(1)
    assert picker.skip == frozenset()
    picker.set_index(picker.index + 1)
    assert picker.labels[picker.index] == "with lock and lights"
