"""The debrief's favour notes say where the ledger stands: owed, repaid, resented."""

from __future__ import annotations

from pathlib import Path

from game.campaign.favour_notes import favour_notes
from game.engine import Move, MoveKind, Offer
from game.levels.loader import load_level
from game.levels.setup import start_match

LEVELS = Path(__file__).resolve().parents[2] / "levels"
HELEN = "season-client"


def _played(repay: bool):
    level = load_level(LEVELS / "season-autumn.json")
    match = start_match(level, seed=3)
    offer = match.codec.offer(match.tables.party("player").best_index())
    match.player_move(Move(MoveKind.OFFER, "player", offer=offer))
    match.player_move(Move(MoveKind.ASK_FAVOUR, "player", issue="days", target=HELEN))
    if repay:
        match.player_move(Move(MoveKind.GRANT_FAVOUR, "player", issue="trial", target=HELEN))
        terms = dict(offer.terms)
        terms["trial"] = "1 month"
        match.player_move(Move(MoveKind.OFFER, "player", offer=Offer(terms)))
    match.player_move(Move(MoveKind.WALK_AWAY, "player"))
    return level, match.record()


def test_a_favour_owed_and_one_repaid_are_named_with_the_issue():
    level, record = _played(repay=False)
    notes = favour_notes(level, record)
    assert len(notes) == 1 and notes[0].startswith(
        "Owed: Helen did you a favour on the days a week"
    )
    level, record = _played(repay=True)
    assert favour_notes(level, record) == [
        "Repaid: you returned the favour Helen did you on the days a week."
    ]


def test_no_favours_no_notes():
    level = load_level(LEVELS / "season-autumn.json")
    assert favour_notes(level, {"favours": {HELEN: []}}) == []
    assert favour_notes(level, {}) == []
