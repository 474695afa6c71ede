"""Letting go: a new NPC in a grievance level has heard how the player treated the others."""

from pathlib import Path

from game.engine import Move, MoveKind
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.memory import memory_from_spec
from game.npc.spec import NpcSpec

LEVELS = Path(__file__).resolve().parents[2] / "levels"


def _memory_with(*grievance_ids):
    memory = memory_from_spec(NpcSpec.model_validate({"strategy": {"kind": "linear"}}))
    memory["grievances_open"] = [
        {"id": g, "text": "Last time ...", "severity": 2, "origin": "history", "weight": 2.0}
        for g in grievance_ids
    ]
    return memory


def _grievances(match, npc_id="kai"):
    return {g["id"]: g for g in match.npc_state(npc_id)["grievances_open"]}


def test_a_clean_record_brings_only_the_backstory():
    level = load_level(LEVELS / "two-forks.json")
    clean = {"rosa": memory_from_spec(NpcSpec.model_validate({"strategy": {"kind": "linear"}}))}
    match = start_match(level, seed=1, reputation=clean)
    assert set(_grievances(match)) == {"walked-out", "loan-alone"}
    match.close()


def test_exploiting_and_lying_to_others_comes_to_the_table_and_can_be_repaired():
    level = load_level(LEVELS / "two-forks.json")
    past = {
        "rosa": _memory_with("history-exploited"),
        "nova": _memory_with("history-lied", "history-exploited"),
    }
    match = start_match(level, seed=1, reputation=past)
    grievances = _grievances(match)
    assert {"reputation-exploited", "reputation-lied"} <= set(grievances)
    assert "squeeze" in grievances["reputation-exploited"]["text"]
    report = match.player_move(
        Move(MoveKind.ACKNOWLEDGE_GRIEVANCE, "player", grievance="reputation-exploited")
    )
    assert report.ok
    assert _grievances(match)["reputation-exploited"]["acknowledged"]
    match.close()


def test_reputation_only_reaches_grievance_levels_and_first_meetings():
    past = {"rosa": _memory_with("history-exploited")}
    market = load_level(LEVELS / "tablet-deal.json")
    match = start_match(market, seed=1, reputation=past)
    assert not match.npc_state("nova")["grievances_open"]
    match.close()
    forks = load_level(LEVELS / "two-forks.json")
    known = {"kai": memory_from_spec(forks.npc("kai"))}
    match = start_match(forks, seed=1, memories=known, reputation={**past, **known})
    assert "reputation-exploited" not in _grievances(match)
    match.close()
