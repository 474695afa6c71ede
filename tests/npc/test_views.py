"""The frozen view of an NPC the table and the bots read (Match.npc_state)."""

import dataclasses
from pathlib import Path

import pytest

from game.engine import Move, MoveKind
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.npc.views import GrievanceView, NpcStateView

LEVELS = Path(__file__).resolve().parents[2] / "levels"


def test_the_npc_state_is_a_frozen_view_taken_at_one_moment():
    level = load_level(LEVELS / "two-forks.json")
    match = start_match(level, seed=1)
    npc_id = next(n for n, c in match.controllers.items() if c.brain.relationship.open_grievances)
    view = match.npc_state(npc_id)
    relationship = match.controllers[npc_id].brain.relationship
    assert isinstance(view, NpcStateView)
    assert view.trust == relationship.trust and view.rapport == relationship.rapport
    assert view.state == match.controllers[npc_id].brain.state
    assert [g.id for g in view.grievances_open] == [g.id for g in relationship.open_grievances]
    assert all(isinstance(g, GrievanceView) for g in view.grievances_open)
    # By key too, the same values (for readers of the mapping it used to be).
    assert view["trust"] == view.trust and view["grievances_open"] == view.grievances_open
    assert view.grievances_open[0]["text"] == view.grievances_open[0].text
    assert set(view) == {"state", "trust", "rapport", "grievances_open"}
    with pytest.raises(KeyError):
        view["weight"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.trust = 0.0  # type: ignore[misc]
    # The match goes on; the view does not change with it.
    before = view.grievances_open
    grievance = before[0].id
    match.player_move(
        Move(MoveKind.ACKNOWLEDGE_GRIEVANCE, "player", grievance=grievance, target=npc_id)
    )
    assert view.grievances_open == before and not before[0].acknowledged
    assert match.npc_state(npc_id).grievances_open[0].acknowledged
    match.close()
