"""Interests behind positions: asking why an issue matters finds them, once trust allows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import Move, MoveKind
from game.levels.catalog import builtin_entries
from game.levels.loader import load_level, load_level_bytes
from game.levels.problems import LevelError
from game.levels.setup import start_match
from game.npc.runtime import NpcRuntime

RUNTIME = NpcRuntime()
LEVELS = Path(__file__).resolve().parents[2] / "levels"


def _level(level_id: str):
    return load_level(next(e.path for e in builtin_entries() if e.id == level_id))


def _ask(match, issue: str) -> list[str]:
    report = match.player_move(Move(MoveKind.ASK_ISSUE, "player", issue=issue, target="jonas"))
    assert report.ok, report.reason
    return [line.text for line in report.lines if line.speaker == "jonas"]


def test_a_stranger_asking_why_hears_only_that_there_is_a_reason():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    said = _ask(match, "extras")
    assert not any("dark" in text for text in said)
    assert match.interests()["found"] == []
    match.close()


def test_once_trusted_asking_why_finds_the_interest_and_the_debrief_lists_what_was_missed():
    match = start_match(_level("bike-sale"), seed=1, runtime=RUNTIME)
    jonas = match.controllers["jonas"]
    truth = match.negotiation.party("jonas").preferences
    weights = {issue: truth.weight(issue) for issue in match.codec.issue_ids}
    report = match.player_move(
        Move(MoveKind.RESTATE_INTERESTS, "player", priorities=weights, target="jonas")
    )
    assert report.ok, report.reason
    assert jonas.brain.relationship.trust >= 45
    said = _ask(match, "extras")
    assert any("dark" in text for text in said), said
    found = match.interests()
    assert [i["id"] for i in found["found"]] == ["dark-mornings"]
    (missed,) = found["missed"]
    assert missed["id"] == "parents-budget"
    assert missed["question"] == "How are you paying for it?"
    # told once: asking again does not tell it again
    assert not any("dark" in text for text in _ask(match, "extras"))
    match.close()


@pytest.mark.parametrize("level_id", ["bike-sale", "tablet-deal", "market-stall", "chore-chart"])
def test_levels_give_their_characters_interests_with_the_question_that_finds_them(level_id):
    level = _level(level_id)
    interests = [i for npc in level.party_npcs for i in npc.interests]
    assert interests
    issue_ids = {issue.id for issue in level.model.issues}
    for interest in interests:
        assert set(interest.issues) <= issue_ids
        assert interest.question.endswith("?")


def test_an_interest_on_an_unknown_issue_is_reported():
    data = json.loads((LEVELS / "bike-sale.json").read_text(encoding="utf-8"))
    data["npcs"][0]["interests"][0]["issues"] = ["extra"]
    with pytest.raises(LevelError) as raised:
        load_level_bytes(json.dumps(data).encode(), "x.json")
    (line,) = raised.value.user_lines
    assert line.startswith("x.json: npcs[0].interests[0].issues[0]: there is no issue 'extra'")
