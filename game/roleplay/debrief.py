"""The joint debrief of a role-play: what each side really wanted, what the deal gave each,
how much value was created and left on the table, who said what that was not true, and the
single-player debrief's findings for each side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.campaign.diagnosis import Finding, diagnose
from game.engine import PLAYER, MoveKind, Offer
from game.engine.record import MatchRecord
from game.levels.roleplay import mirrored
from game.roleplay.hotseat import HotSeatMatch

TOLERANCE = 0.05
"""A stated priority is untrue when the issue said to matter more truly matters less by more
than this (weights sum to 1); a claimed alternative when it is worth more than this x 100
points above the truth."""

LEFT_VALUE_TOLERANCE = 0.01
"""A deal left joint value on the table when it lies off the Pareto frontier by more than
this (utilities 0..1); the joint debrief and the class report use the same line."""


@dataclass(frozen=True)
class Untruth:
    """Something one side said that its own brief shows was not so."""

    party: str
    index: int
    """The move, as an index into the log."""
    round: int
    said: str
    truth: str


@dataclass(frozen=True)
class SideResult:
    """One side's result, with the numbers only the debrief reveals."""

    party: str
    name: str
    character: str
    role: str
    weights: dict[str, float]
    reservation: float
    batna: str
    utility: float
    """What the outcome was worth to this side (its reservation without a deal)."""
    gain: float
    """Utility above its reservation: the value it claimed."""
    trail: tuple[dict[str, Any], ...]
    """Its own offers, with both sides' utilities."""
    findings: tuple[Finding, ...]
    record: MatchRecord


@dataclass(frozen=True)
class JointDebrief:
    """Both sides' results side by side."""

    level_id: str
    status: str
    deal: Offer | None
    deal_words: str
    sides: dict[str, SideResult]
    joint: float
    value_created: float
    pareto_distance: float
    on_frontier: bool
    nash: dict[str, Any] | None
    untruths: tuple[Untruth, ...]

    @property
    def left_value(self) -> bool:
        """Return True when a package better for both (or for one and no worse for the other)
        was within reach: the outcome lies off the frontier."""
        return not self.on_frontier and self.pareto_distance > LEFT_VALUE_TOLERANCE


def joint_debrief(match: HotSeatMatch) -> JointDebrief:
    """Return the joint debrief of a finished (or abandoned) role-play."""
    level = match.level
    negotiation = level.negotiation
    records = {party: match.record_for(party) for party in match.sides}
    record_a = records[PLAYER]
    analytics = dict(record_a.analytics or {})
    views = {PLAYER: level, match.side_b: mirrored(level, match.names[PLAYER])}
    sides = {}
    for party in match.sides:
        brief = match.briefs[party]
        utility = float(record_a.utilities[party])
        sides[party] = SideResult(
            party=party,
            name=match.names[party],
            character=brief.character,
            role=brief.role,
            weights=dict(brief.weights),
            reservation=brief.reservation,
            batna=brief.batna,
            utility=utility,
            gain=utility - brief.reservation,
            trail=tuple(dict(e) for e in record_a.offers or () if e.get("actor") == party),
            findings=tuple(diagnose(views[party], records[party])),
            record=records[party],
        )
    state = match.session.state
    deal = state.agreement
    return JointDebrief(
        level_id=level.id,
        status=state.status.value,
        deal=deal,
        deal_words="" if deal is None else negotiation.describe(deal),
        sides=sides,
        joint=float(analytics.get("joint_utility", 0.0)),
        value_created=float(analytics.get("value_created", 0.0)),
        pareto_distance=float(analytics.get("pareto_distance", 0.0)),
        on_frontier=bool(analytics.get("on_frontier", False)),
        nash=analytics.get("nash"),
        untruths=untruths(match),
    )


def untruths(match: HotSeatMatch) -> tuple[Untruth, ...]:
    """Return every statement a side made that its brief shows was untrue: priorities stated
    with the wrong issue on top, a pairwise preference the wrong way round, an alternative
    claimed better than it was.  Notes in words are not judged."""
    space = match.level.negotiation.space
    names = {issue.id: issue.name for issue in space.issues}
    found: list[Untruth] = []
    for message in match.messages():
        brief = match.briefs[message.actor]
        true = brief.weights
        if message.kind is MoveKind.STATE_PRIORITIES and message.priorities:
            said_top = max(message.priorities, key=lambda k: message.priorities[k])  # type: ignore[index]
            true_top = max(true, key=lambda k: true[k])
            if true.get(said_top, 0.0) < true[true_top] - TOLERANCE:
                found.append(
                    Untruth(
                        message.actor,
                        message.index,
                        message.round,
                        f"{names[said_top]} matters most",
                        f"{names[true_top]} mattered most ({_share(true[true_top])}); "
                        f"{names[said_top]} only {_share(true.get(said_top, 0.0))}",
                    )
                )
        elif message.kind is MoveKind.STATE_PREFERENCE and message.issue and message.over:
            more, less = message.issue, message.over
            if true.get(more, 0.0) < true.get(less, 0.0) - TOLERANCE:
                found.append(
                    Untruth(
                        message.actor,
                        message.index,
                        message.round,
                        f"{names[more]} matters more than {names[less]}",
                        f"{names[less]} {_share(true[less])}, {names[more]} {_share(true[more])}",
                    )
                )
        elif message.kind is MoveKind.CLAIM and message.claim is not None:
            worth = brief.reservation * 100
            if message.claim > worth + TOLERANCE * 100:
                found.append(
                    Untruth(
                        message.actor,
                        message.index,
                        message.round,
                        f"my alternative is worth {message.claim:.0f} points",
                        f"it was worth {worth:.0f}",
                    )
                )
    return tuple(found)


def _share(weight: float) -> str:
    return f"{round(weight * 100)}%"
