"""The joint debrief of a role-play: what each side really wanted, what the deal gave each,
how much value was created and left on the table, who said what that was not true, and the
single-player debrief's findings for each side."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from game.campaign.diagnosis import Finding, diagnose
from game.engine import PLAYER, MoveKind, Offer
from game.engine.phrases import N_
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


SAID_MOST = N_("{said} matters most")
TRUE_MOST = N_("{top} mattered most ({top_share}); {said} only {said_share}")
SAID_MORE = N_("{more} matters more than {less}")
TRUE_MORE = N_("{less} {less_share}, {more} {more_share}")
SAID_WORTH = N_("my alternative is worth {claimed} points")
TRUE_WORTH = N_("it was worth {worth}")


@dataclass(frozen=True)
class Untruth:
    """Something one side said that its own brief shows was not so.

    ``said`` and ``truth`` are in English; :meth:`words` writes them in any language from
    the templates and what fills them (issue ids, shares of 1, points)."""

    party: str
    index: int
    """The move, as an index into the log."""
    round: int
    said: str
    truth: str
    templates: tuple[str, str] = ("", "")
    """The English templates of ``said`` and ``truth``."""
    issues: Mapping[str, str] = field(default_factory=dict)
    """Placeholders filled with an issue, by placeholder: the issue's id."""
    shares: Mapping[str, float] = field(default_factory=dict)
    """Placeholders filled with a share of the weights (0..1), by placeholder."""
    points: Mapping[str, float] = field(default_factory=dict)
    """Placeholders filled with points (0..100), by placeholder."""

    def words(
        self,
        translate: Callable[[str], str],
        issue_name: Callable[[str], str],
        share: Callable[[float], str],
        points: Callable[[float], str],
    ) -> tuple[str, str]:
        """Return (said, truth) written with ``translate`` (a template in the language
        wanted), issues named by ``issue_name``, shares and points written by ``share`` and
        ``points``."""
        fill = {key: issue_name(issue) for key, issue in self.issues.items()}
        fill |= {key: share(value) for key, value in self.shares.items()}
        fill |= {key: points(value) for key, value in self.points.items()}
        said, truth = self.templates
        return translate(said).format(**fill), translate(truth).format(**fill)


def _untruth(
    message: Any,
    said: str,
    truth: str,
    names: Mapping[str, str],
    *,
    issues: Mapping[str, str] | None = None,
    shares: Mapping[str, float] | None = None,
    points: Mapping[str, float] | None = None,
) -> Untruth:
    """Return an untruth with its English words made from the templates."""
    found = Untruth(
        message.actor,
        message.index,
        message.round,
        "",
        "",
        (said, truth),
        dict(issues or {}),
        dict(shares or {}),
        dict(points or {}),
    )
    english = found.words(
        lambda template: template,
        lambda issue: names[issue],
        _share,
        lambda value: f"{value:.0f}",
    )
    return replace(found, said=english[0], truth=english[1])


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

    def walked_away_by(self) -> SideResult | None:
        """Return the side that walked away (the last to), or None."""
        walker = self.sides[PLAYER].record.walked_away_by()  # side A's: the match's own ids
        return None if walker is None else self.sides.get(walker)

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
                    _untruth(
                        message,
                        SAID_MOST,
                        TRUE_MOST,
                        names,
                        issues={"said": said_top, "top": true_top},
                        shares={"top_share": true[true_top], "said_share": true.get(said_top, 0.0)},
                    )
                )
        elif message.kind is MoveKind.STATE_PREFERENCE and message.issue and message.over:
            more, less = message.issue, message.over
            if true.get(more, 0.0) < true.get(less, 0.0) - TOLERANCE:
                found.append(
                    _untruth(
                        message,
                        SAID_MORE,
                        TRUE_MORE,
                        names,
                        issues={"more": more, "less": less},
                        shares={"less_share": true[less], "more_share": true[more]},
                    )
                )
        elif message.kind is MoveKind.CLAIM and message.claim is not None:
            worth = brief.reservation * 100
            if message.claim > worth + TOLERANCE * 100:
                found.append(
                    _untruth(
                        message,
                        SAID_WORTH,
                        TRUE_WORTH,
                        names,
                        points={"claimed": message.claim, "worth": worth},
                    )
                )
    return tuple(found)


def _share(weight: float) -> str:
    return f"{round(weight * 100)}%"
