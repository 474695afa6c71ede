"""NPC memory: a plain versioned dict, applied to the next meeting, fading, history grievances."""

from __future__ import annotations

import json
from datetime import date

import pytest

from game.engine import Move, MoveKind
from game.levels.setup import start_match
from game.npc.bots import make_bot, play
from game.npc.memory import MEMORY_VERSION, apply_memory, check_memory, memory_from_spec
from game.npc.runtime import NpcRuntime

RUNTIME = NpcRuntime()
KEYS = {
    "schema_version",
    "trust",
    "rapport",
    "grievances_open",
    "grievances_resolved",
    "meetings",
    "last_met",
    "deals",
    "no_deals",
    "history",
    "favours",
}


def test_memory_before_a_first_meeting_comes_from_the_level(book_level):
    memory = memory_from_spec(book_level.npc("harbour"))
    assert set(memory) == KEYS
    assert memory["schema_version"] == MEMORY_VERSION
    assert memory["trust"] == 40 and memory["rapport"] == -10
    assert [g["id"] for g in memory["grievances_open"]] == ["press-leak"]
    assert memory["grievances_open"][0]["origin"] == "backstory"
    assert json.loads(json.dumps(memory)) == memory  # plain JSON


def test_a_match_updates_the_memory_and_the_next_meeting_starts_from_it(book_level):
    match = start_match(book_level, seed=3, runtime=RUNTIME)
    play(match, make_bot("reconciler", match, 3))
    memory = match.memories(today=date(2025, 3, 14))["harbour"]
    assert set(memory) == KEYS
    assert memory["meetings"] == 1 and memory["last_met"] == "2025-03-14"
    assert memory["deals"] == 1
    assert [g["id"] for g in memory["grievances_resolved"]] == ["press-leak"]
    assert memory["grievances_open"] == []
    assert memory["trust"] > 40
    spec = apply_memory(book_level.npc("harbour"), memory)
    assert spec.trust == memory["trust"] and spec.grievances == []
    again = start_match(book_level, seed=4, memories={"harbour": memory}, runtime=RUNTIME)
    brain = again.controllers["harbour"].brain
    assert brain.relationship.trust == pytest.approx(memory["trust"])
    assert brain.state != "hurt"  # the old grievance was settled last time
    play(again, make_bot("linear", again, 4))
    assert again.memories(today=date(2025, 4, 1))["harbour"]["meetings"] == 2


def test_exploiting_an_npc_leaves_a_history_grievance_for_next_time(kit):
    negotiation = kit.make_negotiation(
        sizes=(6, 6, 5), reservations=(0.1, 0.3), opposed=True, deadline=10
    )
    match = kit.make_match(negotiation, kit.spec("conceder"), runtime=RUNTIME)
    play(match, make_bot("boulware", match, 0))
    record = match.record()
    assert record["agreement"]
    gains = record["utilities"]["player"] - 0.1, record["utilities"]["npc"] - 0.3
    assert gains[0] / sum(gains) >= 0.8
    memory = match.memories(today=date(2025, 1, 1))["npc"]
    origins = {g["id"]: g["origin"] for g in memory["grievances_open"]}
    assert origins.get("history-exploited") == "history"
    spec = apply_memory(kit.spec("conceder"), memory)
    again = kit.make_match(
        negotiation,
        spec,
        runtime=RUNTIME,
    )
    brain = again.controllers["npc"].brain
    assert any(g.origin == "history" for g in brain.relationship.open_grievances)
    assert brain.state == "hurt"
    again.close()


def test_open_grievances_fade_when_the_relationship_improves(book_level):
    memory = memory_from_spec(book_level.npc("harbour"))
    memory["grievances_open"][0]["weight"] = 1.0
    weights = []
    for meeting in range(3):
        match = start_match(book_level, seed=meeting, memories={"harbour": memory}, runtime=RUNTIME)
        # be pleasant but never mention the grievance
        for _ in range(2):
            match.player_move(Move(MoveKind.EXPRESS_EMOTION, "player", emotion="warm"))
        match.close()
        memory = match.memories(today=date(2025, 1, 1 + meeting))["harbour"]
        open_ = {g["id"]: g["weight"] for g in memory["grievances_open"]}
        weights.append(open_.get("press-leak"))
    assert weights[0] == pytest.approx(0.5)
    assert weights[1] is None  # faded away
    assert memory["grievances_resolved"][-1]["resolved_by"] == "faded"


def test_unreadable_memories_are_refused(book_level):
    with pytest.raises(ValueError):
        check_memory({"schema_version": 99})
    with pytest.raises(ValueError):
        apply_memory(book_level.npc("harbour"), {"trust": 10})
    assert apply_memory(book_level.npc("harbour"), None) is book_level.npc("harbour")
