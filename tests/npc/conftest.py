"""Shared builders for the NPC tests: small negotiations and match configurations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.engine import (
    Analysis,
    DiscreteIssue,
    Negotiation,
    OptionScores,
    OutcomeSpace,
    Party,
    Preferences,
    Protocol,
    Rules,
)
from game.npc.match import Match, MatchConfig, Seat
from game.npc.runtime import NpcRuntime
from game.npc.spec import NpcSpec

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ROOT / "levels"


def make_negotiation(
    sizes=(5, 5, 4, 4),
    *,
    seed: int = 7,
    reservations=(0.3, 0.3),
    deadline: int = 20,
    first_mover: str = "player",
    npc_ids=("npc",),
    protocol: Protocol = Protocol.ALTERNATING,
    opposed: bool = False,
    talk_limit: int = 3,
) -> Negotiation:
    """Return a random additive negotiation (the player first) with an agreement zone."""
    rng = np.random.default_rng(seed)
    issues = tuple(
        DiscreteIssue(f"i{k}", f"Issue {k}", tuple(f"o{j}" for j in range(size)))
        for k, size in enumerate(sizes)
    )
    space = OutcomeSpace(issues)
    parties = []
    ids = ("player", *npc_ids)
    player_scores = {issue.id: rng.random(issue.size) + 0.01 for issue in issues}
    for position, pid in enumerate(ids):
        weights = {issue.id: float(rng.random() + 0.05) for issue in issues}
        values = {}
        for issue in issues:
            scores = rng.random(issue.size) + 0.01
            if opposed and pid != "player":
                scores = 1.02 - player_scores[issue.id]
            elif pid == "player":
                scores = player_scores[issue.id]
            values[issue.id] = OptionScores(
                {o: float(s) for o, s in zip(issue.options, scores, strict=True)}
            )
        reservation = reservations[min(position, len(reservations) - 1)]
        parties.append(
            Party(
                pid, pid.title(), Preferences(space, weights, values, reservation), pid == "player"
            )
        )
    rules = Rules(
        deadline_rounds=deadline, protocol=protocol, first_mover=first_mover, talk_limit=talk_limit
    )
    return Negotiation(space, tuple(parties), rules=rules)


def spec(kind: str, **extra) -> NpcSpec:
    """Return an NPC spec with a strategy of this kind (extra top-level fields allowed)."""
    strategy = extra.pop("strategy", {})
    return NpcSpec.model_validate({"strategy": {"kind": kind, **strategy}, **extra})


def make_match(
    negotiation: Negotiation,
    npc_spec: NpcSpec | dict[str, NpcSpec],
    *,
    seed: int = 0,
    runtime: NpcRuntime | None = None,
    **config,
) -> Match:
    """Return a match of a negotiation against one NPC (or several, by id)."""
    specs = npc_spec if isinstance(npc_spec, dict) else {negotiation.parties[1].id: npc_spec}
    seats = tuple(Seat(pid, pid.title(), s) for pid, s in specs.items())
    match_config = MatchConfig(
        negotiation=negotiation, analysis=Analysis(negotiation), seats=seats, **config
    )
    return Match(match_config, seed=seed, runtime=runtime)


@pytest.fixture(scope="session")
def tablet_level():
    """Return the loaded tablet-deal level."""
    from game.levels.loader import load_level

    return load_level(LEVELS / "tablet-deal.json")


@pytest.fixture(scope="session")
def book_level():
    """Return the loaded book-deal level."""
    from game.levels.loader import load_level

    return load_level(LEVELS / "book-deal.json")


@pytest.fixture(scope="session")
def kit():
    """Return the builders (make_negotiation, spec, make_match) as one namespace."""
    from types import SimpleNamespace

    return SimpleNamespace(make_negotiation=make_negotiation, spec=spec, make_match=make_match)
