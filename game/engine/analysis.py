"""A negotiation's analysis (frontier, solution points, agreement zone) and a deal's report."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from typing import Any

import numpy as np

from game.engine import analytics
from game.engine.contingent import ContingentSpace, contingent_spaces
from game.engine.issues import NumericIssue, Value
from game.engine.negotiation import Negotiation
from game.engine.offers import Offer

_GAIN = 1e-9
ABOVE_BATNA = 0.01
"""A suggested package beats the player's BATNA by at least this much when any package can."""
VALUE_TO_TRADE = 0.01
"""Joint utility must vary this much across acceptable frontier deals for trading to create value."""

REPORTS_KEPT = 4096
"""Deal reports an analysis remembers (:meth:`Analysis.report`) before it starts again."""


@dataclass(frozen=True)
class SolutionPoint:
    """A named outcome with every party's utility."""

    index: int
    outcome: dict[str, Value]
    utilities: tuple[float, ...]

    def to_json(self) -> dict[str, Any]:
        """Return ``{"outcome": {...}, "utilities": [...]}``."""
        return {"outcome": dict(self.outcome), "utilities": list(self.utilities)}


@dataclass(frozen=True)
class ContingentAnalysis:
    """The frontier and best points once a clause on one event is allowed."""

    event_id: str
    issues: tuple[str, ...]
    outcomes: int
    pareto: np.ndarray
    nash: Offer | None
    nash_utilities: tuple[float, ...] | None
    best_plain_nash_product: float
    best_contingent_nash_product: float


class Analysis:
    """Everything the engine knows about a negotiation's outcome space (computed once)."""

    def __init__(self, negotiation: Negotiation) -> None:
        self.negotiation = negotiation
        self.utilities = negotiation.utility_matrix()
        self.reserved = negotiation.reservations
        self.pareto = analytics.pareto_indices(self.utilities)
        self.nash_index = analytics.nash_index(self.utilities, self.reserved, self.pareto)
        self.kalai_index = analytics.kalai_index(self.utilities, self.reserved, self.pareto)
        self.max_welfare_index = analytics.max_welfare_index(
            self.utilities, self.reserved, self.pareto
        )
        self.agreement_zone = analytics.agreement_zone_exists(self.utilities, self.reserved)

    @property
    def outcomes(self) -> int:
        """Return the number of plain packages."""
        return int(self.utilities.shape[0])

    @property
    def pareto_points(self) -> np.ndarray:
        """Return the utilities of the Pareto-optimal outcomes, sorted by the first party's utility."""
        points = self.utilities[self.pareto]
        return points[np.lexsort(points.T[::-1])]

    def point(self, index: int | None) -> SolutionPoint | None:
        """Return the outcome at ``index`` with its utilities, or None."""
        if index is None:
            return None
        return SolutionPoint(
            index,
            self.negotiation.space.outcome(index),
            tuple(float(u) for u in self.utilities[index]),
        )

    @property
    def nash(self) -> SolutionPoint | None:
        """Return the Nash bargaining point, or None without an agreement zone."""
        return self.point(self.nash_index)

    @property
    def kalai(self) -> SolutionPoint | None:
        """Return the Kalai-Smorodinsky point, or None without an agreement zone."""
        return self.point(self.kalai_index)

    @property
    def max_welfare(self) -> SolutionPoint | None:
        """Return the individually rational outcome of greatest joint utility, or None."""
        return self.point(self.max_welfare_index)

    def zopa(self) -> tuple[float, float] | None:
        """Return the agreement zone as ``(low, high)`` for a single numeric issue, else None."""
        space = self.negotiation.space
        if len(space.issues) != 1 or not isinstance(space.issues[0], NumericIssue):
            return None
        mask = analytics.individually_rational(self.utilities, self.reserved)
        if not mask.any():
            return None
        values = np.asarray(space.issues[0].values)[mask]
        return float(values.min()), float(values.max())

    @cached_property
    def frontier_points(self) -> np.ndarray:
        """Return the utilities of the Pareto frontier, plain packages then each contingent
        frontier (worked out once: every finished match measures its deal against it).
        Read-only."""
        points = self.utilities[self.pareto]
        for contingent in self.contingent:
            points = np.vstack([points, contingent_points(self, contingent)])
        points.flags.writeable = False
        return points

    @cached_property
    def zone_at_all(self) -> bool:
        """Return whether some deal beats every BATNA, plainly or with a contingent clause."""
        return bool(self.agreement_zone) or any(
            c.best_contingent_nash_product > 0 for c in self.contingent
        )

    @cached_property
    def value_to_trade(self) -> bool:
        """Return whether some acceptable deals create more joint value than others.

        On a one-issue price haggle every deal splits the same pie (every package is on the
        frontier and the joint utility never changes); there, "no value left on the table"
        praises nothing.  The test runs over the frontier, plain and with contingent clauses
        (a bet on an uncertain event is value created too).
        """
        joint = self.frontier_points.sum(axis=1)
        return bool(joint.max() - joint.min() > VALUE_TO_TRADE)

    def package_for_both(
        self, player_id: str | None = None, allowed: np.ndarray | None = None
    ) -> int | None:
        """Return the plain package to suggest to ``player_id`` (the player by default), or None.

        The package is on the frontier, every party prefers it to its BATNA, and it beats the
        player's BATNA by at least ``ABOVE_BATNA`` whenever some such package does; among
        those it makes the product of everyone's gains largest (good for both sides, not the
        other side's best deal).  None when no plain package is acceptable to every party.
        ``allowed`` (a mask over the outcomes) keeps to the packages that may be offered now:
        the frontier is then the frontier of those.
        """
        ids = list(self.negotiation.party_ids)
        player = ids.index(player_id or self.negotiation.player.id)
        frontier = self.pareto
        if allowed is not None:
            kept = np.flatnonzero(allowed)
            frontier = kept[analytics.pareto_indices(self.utilities[kept])]
        rational = frontier[
            analytics.individually_rational(self.utilities[frontier], self.reserved)
        ]
        if len(rational) == 0:
            return None
        above = rational[
            self.utilities[rational, player] >= self.reserved[player] + ABOVE_BATNA - 1e-12
        ]
        candidates = above if len(above) else rational
        points = self.utilities[candidates]
        gains = np.clip(points - self.reserved[None, :], 0.0, None)
        # Largest product first; ties (e.g. all zero) go to the player's larger utility.
        order = np.lexsort((-points[:, player], -gains.prod(axis=1)))
        return int(candidates[order[0]])

    @cached_property
    def contingent(self) -> list[ContingentAnalysis]:
        """Return, for each event with named issues, what a clause on it makes possible."""
        results = []
        plain_best = _best_nash_product(self.utilities, self.reserved)
        for space in contingent_spaces(self.negotiation):
            results.append(_analyse_contingent(space, self.reserved, plain_best))
        return results

    def to_json(self) -> dict[str, Any]:
        """Return the ``analyze --json`` object."""
        nash, kalai, welfare = self.nash, self.kalai, self.max_welfare
        data: dict[str, Any] = {
            "outcomes": self.outcomes,
            "parties": [p.id for p in _player_first(self.negotiation)],
            "reserved": [float(r) for r in self.reserved[self._order]],
            "pareto": [[float(u) for u in row[self._order]] for row in self.utilities[self.pareto]],
            "nash": _reorder(nash, self._order),
            "kalai": _reorder(kalai, self._order),
            "max_welfare": _reorder(welfare, self._order),
            "agreement_zone": self.agreement_zone,
        }
        zopa = self.zopa()
        if zopa is not None:
            data["zopa"] = list(zopa)
        if self.contingent:
            data["contingent"] = [
                {
                    "event": c.event_id,
                    "issues": list(c.issues),
                    "outcomes": c.outcomes,
                    "pareto_size": int(len(c.pareto)),
                    "nash": None
                    if c.nash is None or c.nash_utilities is None  # None together
                    else {
                        **c.nash.to_dict(),
                        "utilities": [c.nash_utilities[i] for i in self._order],
                    },
                    "best_nash_product_plain": c.best_plain_nash_product,
                    "best_nash_product_contingent": c.best_contingent_nash_product,
                }
                for c in self.contingent
            ]
        return data

    @cached_property
    def _order(self) -> list[int]:
        ids = list(self.negotiation.party_ids)
        return [ids.index(p.id) for p in _player_first(self.negotiation)]

    def report(self, offer: Offer | None, utilities: tuple[float, ...] | None = None) -> DealReport:
        """Return how a deal (or no deal) compares with what was possible.

        Remembered by offer (the same object) and utilities: the matches of a level end on
        the same few deals again and again, and a report is frozen."""
        if offer is None:
            return DealReport.build(self, offer, utilities)
        key = (id(offer), None if utilities is None else tuple(float(u) for u in utilities))
        reports = self._reports
        found = reports.get(key)
        if found is not None and found[0] is offer:
            return found[1]
        report = DealReport.build(self, offer, utilities)
        if len(reports) >= REPORTS_KEPT:
            reports.clear()
        reports[key] = (offer, report)  # the offer is kept: its id stays its own
        return report

    @cached_property
    def _reports(self) -> dict[tuple, tuple[Offer, DealReport]]:
        return {}


def _player_first(negotiation: Negotiation) -> list:
    player = negotiation.player
    return [player, *[p for p in negotiation.parties if p.id != player.id]]


def _reorder(point: SolutionPoint | None, order: list[int]) -> dict[str, Any] | None:
    if point is None:
        return None
    return {"outcome": dict(point.outcome), "utilities": [point.utilities[i] for i in order]}


def _best_nash_product(utilities: np.ndarray, reserved: np.ndarray) -> float:
    mask = analytics.individually_rational(utilities, reserved)
    if not mask.any():
        return 0.0
    gains = np.clip(utilities[mask] - reserved[None, :], 0.0, None)
    return float(gains.prod(axis=1).max())


def _analyse_contingent(
    space: ContingentSpace, reserved: np.ndarray, plain_best: float
) -> ContingentAnalysis:
    utilities = space.utilities()
    frontier = analytics.pareto_indices(utilities)
    index = analytics.nash_index(utilities, reserved, frontier)
    nash = None if index is None else space.offer(index)
    nash_utilities = None if index is None else tuple(float(u) for u in utilities[index])
    return ContingentAnalysis(
        space.event_id,
        space.issues,
        int(utilities.shape[0]),
        frontier,
        nash,
        nash_utilities,
        plain_best,
        _best_nash_product(utilities, reserved),
    )


@dataclass(frozen=True)
class MissedTradeoff:
    """Two issues the parties weigh differently that the deal did not trade against each other."""

    party: str
    """The other party in the trade (the player is the first)."""
    gain_issue: str
    """The issue the player cares about more: the player gets more of it."""
    give_issue: str
    """The issue the other party cares about more: the player gives more of it."""
    better_outcome: dict[str, Value]
    player_gain: float
    other_gain: float


def missed_tradeoffs(negotiation: Negotiation, deal: dict[str, Value]) -> list[MissedTradeoff]:
    """Return the trades across pairs of differently weighted issues that would have helped both.

    For every other party and every pair of issues where the player gives more weight to one
    and that party to the other, the values of just those two issues are searched for the
    change that raises both utilities the most (the smaller gain maximised) while no other
    party loses.  Pairs the deal already traded well yield nothing.
    """
    player = negotiation.player
    space = negotiation.space
    found: list[MissedTradeoff] = []
    prefs = {p.id: p.preferences for p in negotiation.parties}
    for other in negotiation.parties:
        if other.id == player.id:
            continue
        mine, theirs = player.preferences, other.preferences
        for a, b in combinations(space.issue_ids, 2):
            diff_a = mine.weight(a) - theirs.weight(a)
            diff_b = mine.weight(b) - theirs.weight(b)
            if diff_a * diff_b >= 0:
                continue  # priorities do not differ across this pair
            gain_issue, give_issue = (a, b) if diff_a > 0 else (b, a)
            best = _best_pair_change(
                space, prefs, player.id, other.id, deal, gain_issue, give_issue
            )
            if best is not None:
                outcome, gains = best
                found.append(
                    MissedTradeoff(other.id, gain_issue, give_issue, outcome, gains[0], gains[1])
                )
    found.sort(key=lambda m: -(m.player_gain + m.other_gain))
    return found


def _best_pair_change(space, prefs, player_id, other_id, deal, gain_issue, give_issue):
    issue_a, issue_b = space.issue(gain_issue), space.issue(give_issue)
    position_a, position_b = space.position(gain_issue), space.position(give_issue)
    index_a = issue_a.index_of(deal[gain_issue])
    index_b = issue_b.index_of(deal[give_issue])
    best_score, best = _GAIN, None
    deltas = {}
    for party_id, pref in prefs.items():
        table_a = pref.weight_vector[position_a] * pref.tables[position_a]
        table_b = pref.weight_vector[position_b] * pref.tables[position_b]
        deltas[party_id] = np.add.outer(table_a - table_a[index_a], table_b - table_b[index_b])
    others_ok = np.ones_like(deltas[player_id], dtype=bool)
    for party_id, delta in deltas.items():
        if party_id not in (player_id, other_id):
            others_ok &= delta >= -_GAIN
    score = np.minimum(deltas[player_id], deltas[other_id])
    score = np.where(others_ok, score, -np.inf)
    flat = int(np.argmax(score))
    if score.flat[flat] > best_score:
        i, j = np.unravel_index(flat, score.shape)
        outcome = dict(deal)
        outcome[gain_issue] = issue_a.values[int(i)]
        outcome[give_issue] = issue_b.values[int(j)]
        best = (
            outcome,
            (float(deltas[player_id][i, j]), float(deltas[other_id][i, j])),
        )
    return best


@dataclass(frozen=True)
class DealReport:
    """How a finished negotiation compares with what was possible."""

    agreement: bool
    utilities: tuple[float, ...]
    joint_utility: float
    pareto_distance: float
    on_frontier: bool
    value_created: float
    value_claimed: tuple[float, ...]
    missed: tuple[MissedTradeoff, ...]
    nash_utilities: tuple[float, ...] | None

    @classmethod
    def build(
        cls, analysis: Analysis, offer: Offer | None, utilities: tuple[float, ...] | None
    ) -> DealReport:
        """Return the report of a deal (``offer``) or of no deal (``None``)."""
        negotiation = analysis.negotiation
        nash = analysis.nash
        nash_utilities = None if nash is None else nash.utilities
        if offer is None:
            reserved = tuple(float(r) for r in analysis.reserved)
            return cls(
                False,
                reserved,
                float(sum(reserved)),
                0.0,
                False,
                0.0,
                tuple(0.0 for _ in reserved),
                (),
                nash_utilities,
            )
        if utilities is None:
            utilities = negotiation.utilities(offer)
        point = np.asarray(utilities)
        distance = analytics.distance_to_frontier(point, analysis.frontier_points)
        split = analytics.value_split(point, analysis.reserved)
        missed: tuple[MissedTradeoff, ...] = ()
        if offer.clause is None:
            missed = tuple(missed_tradeoffs(negotiation, dict(offer.terms)))
        return cls(
            True,
            tuple(float(u) for u in utilities),
            float(point.sum()),
            distance,
            distance <= 1e-9,
            split.created,
            split.gains,
            missed,
            nash_utilities,
        )


def contingent_points(analysis: Analysis, contingent: ContingentAnalysis) -> np.ndarray:
    """Return the utilities of a contingent frontier (recomputed from its space)."""
    space = ContingentSpace(analysis.negotiation, contingent.event_id, contingent.issues)
    return space.utilities()[contingent.pareto]
