"""Coaching at the table: the hint at the moment of each typical mistake, and none otherwise."""

from __future__ import annotations

from pathlib import Path

from game.campaign.table_hints import table_hint
from game.engine import Move, MoveKind
from game.levels.loader import load_level
from game.levels.setup import start_match

LEVELS = Path(__file__).resolve().parents[2] / "levels"


def _match(level_id: str, seed: int = 0):
    return start_match(load_level(LEVELS / f"{level_id}.json"), seed=seed)


def _offer_worth(match, low: float, high: float, *, best_for_npc: bool = True):
    """Return a package worth between ``low`` and ``high`` to the player."""
    table = match.tables.party(match.player_id)
    npc = next(iter(match.controllers))
    theirs = match.tables.party(npc).utilities
    keep = [i for i, u in enumerate(table.utilities) if low <= u <= high]
    assert keep, (low, high)
    pick = (
        max(keep, key=lambda i: theirs[i]) if best_for_npc else min(keep, key=lambda i: theirs[i])
    )
    return match.codec.offer(int(pick))


def test_accepting_below_the_batna_is_coached_and_above_it_is_not():
    match = _match("tablet-deal")
    table = match.state.table
    assert table is not None and table.proposer != "player"  # Nova opened
    batna = match.negotiation.player.preferences.reservation
    worth = match.utility_of("player", table.offer)
    assert worth < batna
    hint = table_hint(match, Move(MoveKind.ACCEPT, "player"))
    assert hint is not None and hint.kind == "below_batna"
    assert f"{worth:.2f}" in hint.text and f"{batna:.2f}" in hint.text
    assert hint.go_ahead == "Accept anyway"
    # an offer above the BATNA on the table: no hint
    good = _offer_worth(match, batna + 0.2, 1.0)
    match.player_move(Move(MoveKind.OFFER, "player", offer=good))
    if match.state.table is not None and match.state.table.proposer != "player":
        above = match.utility_of("player", match.state.table.offer) >= batna
        assert (table_hint(match, Move(MoveKind.ACCEPT, "player")) is None) == above


def test_an_early_threat_is_coached_and_a_late_one_is_not():
    match = _match("tablet-deal")
    hint = table_hint(match, Move(MoveKind.THREATEN, "player", claim=0.5))
    assert hint is not None and hint.kind == "early_threat"
    while match.state.round < match.deadline // 3 and not match.finished:
        offer = _offer_worth(match, 0.9, 1.0)
        match.player_move(Move(MoveKind.OFFER, "player", offer=offer))
    assert not match.finished
    assert table_hint(match, Move(MoveKind.THREATEN, "player", claim=0.5)) is None


def test_a_second_concession_in_a_row_without_a_counter_is_coached():
    match = _match("market-stall")  # Rosa holds her price for the first rounds
    steps = [(0.95, 1.0), (0.85, 0.9), (0.75, 0.8)]
    hints = []
    for low, high in steps:
        offer = _offer_worth(match, low, high)
        move = Move(MoveKind.OFFER, "player", offer=offer)
        hints.append(table_hint(match, move))
        match.player_move(move)
    assert hints[0] is None and hints[1] is None  # the opening, then one concession
    assert hints[2] is not None and hints[2].kind == "second_concession"
    assert "Rosa" in hints[2].text


def test_holding_firm_or_answering_their_move_is_not_coached():
    match = _match("market-stall")
    offer = _offer_worth(match, 0.95, 1.0)
    for _ in range(3):
        move = Move(MoveKind.OFFER, "player", offer=offer)
        assert table_hint(match, move) is None  # the same offer again: no concession
        match.player_move(move)
