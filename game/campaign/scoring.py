"""Scoring a finished negotiation: objectives met, stars, experience and badges.

The score rewards exactly what a level teaches: each level names a measure (the player's
payoff, the joint value, the lower of the satisfactions, or the Nash product) with three
thresholds, and objectives that gate stars (a star needs its threshold *and* every
objective marked for it or a lower star).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.campaign.badges import earned_badges
from game.engine import MoveKind, Offer
from game.engine.measures import measure_value
from game.levels.loader import LoadedLevel
from game.levels.schema import ObjectiveModel

XP_PER_STAR = 100
XP_FOR_FINISHING = 20


@dataclass(frozen=True)
class ObjectiveResult:
    """One objective and whether it was met."""

    id: str
    text: str
    stars: int
    met: bool


@dataclass(frozen=True)
class Score:
    """The game's verdict on one finished negotiation."""

    measure: str
    value: float
    thresholds: tuple[float, float, float]
    stars: int
    objectives: tuple[ObjectiveResult, ...]
    xp: int
    badges: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (stored with the history record)."""
        return {
            "measure": self.measure,
            "value": self.value,
            "thresholds": list(self.thresholds),
            "stars": self.stars,
            "objectives": [
                {"id": o.id, "text": o.text, "stars": o.stars, "met": o.met}
                for o in self.objectives
            ],
            "xp": self.xp,
            "badges": list(self.badges),
        }


@dataclass(frozen=True)
class Facts:
    """What happened in a negotiation, as the scoring needs it (read from a history record)."""

    agreement: bool
    utilities: tuple[float, ...]
    """Every party's payoff in negotiation party order: the deal's, or the reservation values."""
    offer: Offer | None
    on_frontier: bool
    trust_final: Mapping[str, float]
    trust_change: Mapping[str, float]
    grievances_open_at_start: int
    grievances_resolved: int
    player_grievances: int
    player_let_go: int
    evidence_cited: int
    restate_accuracy: float | None
    rounds: int
    walked_away_by_player: bool
    agreement_zone: bool


def facts_from_record(level: LoadedLevel, record: Mapping[str, Any]) -> Facts:
    """Return the facts of a finished negotiation's history record."""
    negotiation = level.negotiation
    ids = list(negotiation.party_ids)
    agreement = bool(record.get("agreement"))
    outcome = record.get("outcome")
    offer = Offer.from_dict(outcome) if agreement and outcome else None
    stored = record.get("utilities") or {}
    if agreement and all(pid in stored for pid in ids):
        utilities = tuple(float(stored[pid]) for pid in ids)
    elif agreement and offer is not None:
        utilities = negotiation.utilities(offer)
    else:
        utilities = tuple(float(r) for r in negotiation.reservations)
    moves = record.get("moves") or []
    player_moves = [m for m in moves if m.get("actor") == "player"]
    kinds = [m.get("kind") for m in player_moves]
    analytics = record.get("analytics") or {}
    trust_change = {str(k): float(v) for k, v in (record.get("trust_change") or {}).items()}
    trust_final = record.get("trust_final")
    if not trust_final:
        trust_final = {
            npc.id: float(npc.trust) + trust_change.get(npc.id, 0.0) for npc in level.party_npcs
        }
    return Facts(
        agreement=agreement,
        utilities=utilities,
        offer=offer,
        on_frontier=bool(analytics.get("on_frontier", False)),
        trust_final={str(k): float(v) for k, v in trust_final.items()},
        trust_change=trust_change,
        grievances_open_at_start=int(
            record.get("grievances_at_start", sum(len(n.grievances) for n in level.model.npcs))
        ),
        grievances_resolved=int(record.get("grievances_resolved", 0)),
        player_grievances=len(level.model.player.grievances),
        player_let_go=kinds.count(MoveKind.LET_GO.value),
        evidence_cited=kinds.count(MoveKind.CITE_EVIDENCE.value),
        restate_accuracy=record.get("restate_accuracy"),
        rounds=int(record.get("rounds", 0)),
        walked_away_by_player=MoveKind.WALK_AWAY.value in kinds,
        agreement_zone=level.analysis.agreement_zone
        or any(c.best_contingent_nash_product > 0 for c in level.analysis.contingent),
    )


def objective_met(objective: ObjectiveModel, facts: Facts, level: LoadedLevel) -> bool:
    """Return whether one objective was met."""
    negotiation = level.negotiation
    player = list(negotiation.party_ids).index(negotiation.player.id)
    reserved = negotiation.reservations
    mine = facts.utilities[player]
    reservation = float(reserved[player])
    value = objective.value if objective.value is not None else 0.0
    kind = objective.kind
    if kind == "agreement":
        return facts.agreement
    if kind == "no_bad_deal":
        return not facts.agreement or mine >= reservation - 1e-9
    if kind == "beats_batna":
        return facts.agreement and mine >= reservation - 1e-9
    if kind == "on_frontier":
        return facts.agreement and facts.on_frontier
    if kind == "player_utility_at_least":
        return mine >= value - 1e-9
    if kind == "joint_utility_at_least":
        return facts.agreement and sum(facts.utilities) >= value - 1e-9
    if kind == "min_satisfaction_at_least":
        return facts.agreement and min(facts.utilities) >= value - 1e-9
    if kind == "trust_at_least":
        return bool(facts.trust_final) and min(facts.trust_final.values()) >= value - 1e-9
    if kind == "trust_gain_at_least":
        return bool(facts.trust_change) and min(facts.trust_change.values()) >= value - 1e-9
    if kind == "grievances_resolved":
        return facts.grievances_open_at_start > 0 and (
            facts.grievances_resolved >= facts.grievances_open_at_start
        )
    if kind == "let_go":
        return facts.player_grievances > 0 and facts.player_let_go >= facts.player_grievances
    if kind == "used_contingent_clause":
        return facts.agreement and facts.offer is not None and facts.offer.clause is not None
    if kind == "used_evidence":
        return facts.evidence_cited > 0
    if kind == "restated_interests":
        return facts.restate_accuracy is not None and facts.restate_accuracy >= value - 1e-9
    if kind == "within_rounds":
        return facts.rounds <= value
    raise ValueError(f"unknown objective kind {kind!r}")


def score(level: LoadedLevel, facts: Facts) -> Score:
    """Return the stars, objectives, experience and badges a result earns."""
    negotiation = level.negotiation
    player = list(negotiation.party_ids).index(negotiation.player.id)
    scoring = level.model.scoring
    value = measure_value(
        scoring.measure, np.asarray(facts.utilities), negotiation.reservations, player
    )
    objectives = tuple(
        ObjectiveResult(o.id, o.text, o.stars, objective_met(o, facts, level))
        for o in level.model.objectives
    )
    stars = 0
    for star in (1, 2, 3):
        threshold = scoring.stars[star - 1]
        gates = all(o.met for o in objectives if o.stars <= star)
        if value >= threshold - 1e-9 and gates:
            stars = star
        else:
            break
    badges = earned_badges(level, facts, stars)
    xp = XP_FOR_FINISHING + XP_PER_STAR * stars
    return Score(scoring.measure, value, tuple(scoring.stars), stars, objectives, xp, badges)


def score_record(level: LoadedLevel, record: Mapping[str, Any]) -> Score:
    """Return the score of a history record of this level."""
    return score(level, facts_from_record(level, record))
