"""State machines: declared as data, guarded by registry functions, terminal states, freeing."""

from __future__ import annotations

import gc
import weakref

import pytest

from game.cli import main
from game.engine import Move, MoveKind
from game.npc.bots import make_bot, play
from game.npc.machines import GUARDS, MACHINES, STATES, TERMINAL, TRIGGERS, ArchetypeMachine
from game.npc.runtime import NpcRuntime
from game.npc.spec import ARCHETYPES

GRIEVANCE = {"id": "old-wound", "text": "You went over my head last time.", "severity": 2}


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_machines_are_data_with_registered_guards(archetype):
    data = MACHINES[archetype]()
    assert data["states"] and data["transitions"]
    for state in data["states"]:
        assert "_" not in state
    for transition in data["transitions"]:
        assert transition["trigger"] in TRIGGERS
        for name in [*transition["conditions"], *transition["unless"]]:
            assert name in GUARDS
    machine = ArchetypeMachine(archetype)
    for event in machine.machine.events.values():
        for transitions in event.transitions.values():
            for transition in transitions:
                for condition in transition.conditions:
                    assert callable(condition.func)  # never a string to import


def test_party_machines_cover_the_named_states():
    data = MACHINES["boulware"]()
    for state in ("opening", "exploring", "bargaining", "conceding", "holding", "hurt"):
        assert state in data["states"]
    assert set(TERMINAL) <= set(STATES)


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_no_trigger_fires_from_a_terminal_state(kit, archetype):
    runtime = NpcRuntime()
    negotiation = kit.make_negotiation()
    kind = archetype if archetype != "mediator" else "linear"
    match = kit.make_match(negotiation, kit.spec(kind), runtime=runtime)
    brain = match.controllers["npc"].brain
    machine = runtime.machine(kind)
    for terminal in TERMINAL:
        machine.machine.set_state(terminal, model=brain.mood)
        assert machine.machine.get_triggers(terminal) == []
        for trigger in TRIGGERS:
            assert not machine.may(brain.mood, trigger)
            assert not brain.fire(trigger)
            assert brain.mood.trigger(trigger) is False or brain.state == terminal
            assert brain.state == terminal
    match.close()


def test_a_grievance_blocks_exploring_until_it_is_acknowledged(kit):
    negotiation = kit.make_negotiation(talk_limit=10)
    match = kit.make_match(
        negotiation, kit.spec("integrative", trust=70, grievances=[GRIEVANCE]), runtime=NpcRuntime()
    )
    brain = match.controllers["npc"].brain
    assert brain.state == "hurt"
    for move in (
        Move(MoveKind.ASK_PRIORITIES, "player"),
        Move(MoveKind.EXPRESS_EMOTION, "player", emotion="warm"),
        Move(MoveKind.APPEAL_RELATIONSHIP, "player"),
        Move(MoveKind.APOLOGISE, "player"),
    ):
        match.player_move(move)
        assert brain.state == "hurt", move.kind
    assert match.controllers["npc"].reveal_level() == "closed"
    assert not brain.integrative() and not brain.meso_allowed()
    report = match.player_move(
        Move(MoveKind.ACKNOWLEDGE_GRIEVANCE, "player", grievance="old-wound")
    )
    assert report.ok
    assert brain.state == "exploring"
    assert brain.integrative()
    match.close()


def test_a_grudge_holder_stays_guarded_until_the_grievance_is_resolved(kit):
    negotiation = kit.make_negotiation(talk_limit=10)
    match = kit.make_match(
        negotiation,
        kit.spec("grudge-holder", trust=70, grievances=[GRIEVANCE]),
        runtime=NpcRuntime(),
    )
    brain = match.controllers["npc"].brain
    stubborn = brain.strategy.curve.e
    match.player_move(Move(MoveKind.ACKNOWLEDGE_GRIEVANCE, "player", grievance="old-wound"))
    assert brain.state == "bargaining"
    hurt_target = brain.target()
    match.player_move(Move(MoveKind.PROPOSE_SHARED_ACCOUNT, "player", grievance="old-wound"))
    assert brain.relationship.resolved_count == 1
    brain.set_round(5)
    assert brain.state == "bargaining" or brain.state == "exploring"
    assert brain.strategy.curve.e == stubborn  # the curve switches exponent, not its data
    assert brain.target() < hurt_target + 1e-9
    match.close()


def test_round_and_offer_triggers_move_the_machine(kit):
    negotiation = kit.make_negotiation(deadline=10)
    match = kit.make_match(negotiation, kit.spec("linear"), runtime=NpcRuntime())
    play(match, make_bot("linear", match, 0))
    history = [entry for entry in match.controllers["npc"].brain.lines]
    assert match.controllers["npc"].brain.state in TERMINAL
    assert history == []  # every entered state was turned into a line


def test_machines_are_freed_when_the_session_ends(kit):
    runtime = NpcRuntime()
    negotiation = kit.make_negotiation(deadline=8)
    match = kit.make_match(negotiation, kit.spec("boulware"), runtime=runtime)
    machine = runtime.machine("boulware")
    mood = match.controllers["npc"].brain.mood
    assert mood in machine.models
    play(match, make_bot("linear", match, 0))
    assert match.finished and match.closed
    assert mood not in machine.models
    assert machine.models == []
    watcher = weakref.ref(match.controllers["npc"].brain)
    del match, mood
    gc.collect()
    assert watcher() is None


def test_closing_an_unfinished_match_frees_its_machines(kit):
    runtime = NpcRuntime()
    match = kit.make_match(kit.make_negotiation(), kit.spec("hardliner"), runtime=runtime)
    assert runtime.machine("hardliner").models
    match.close()
    assert runtime.machine("hardliner").models == []
    report = match.player_move(Move(MoveKind.ASK_PRIORITIES, "player"))
    assert not report.ok and report.reason


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_npc_diagram_prints_mermaid(capsys, archetype):
    assert main(["npc-diagram", archetype]) == 0
    text = capsys.readouterr().out
    assert text.startswith("stateDiagram-v2")
    assert "[*] --> talks" in text
    assert "--> agreed" in text


def test_docs_show_the_current_machines():
    from pathlib import Path

    from game.npc.machines import mermaid

    text = (Path(__file__).resolve().parents[2] / "docs" / "npc.md").read_text(encoding="utf-8")
    for archetype in ("boulware", "integrative", "hardliner", "grudge-holder", "mediator"):
        assert mermaid(MACHINES[archetype]()) in text, archetype
    for archetype in ARCHETYPES:
        assert archetype in text
