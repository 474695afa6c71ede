"""Bargaining strategies, composed from a concession curve, an acceptance rule and a selector.

* A **curve** gives the utility the NPC aims for at time ``t`` (fraction of the deadline):
  the Faratin time-dependent curve, relative tit-for-tat, the hardliner's anchor-and-inch,
  the grudge-holder's curve whose exponent depends on open grievances, and a fair-share
  curve for a mediator seated as a party.
* The **acceptance** rule is AC_next (accept what is worth at least the next offer it would
  make), relaxed in the ``closing`` state, stricter when trust is broken, with a time
  condition on the last turn, and never below the reservation value.
* A **selector** turns the target into offers: the outcomes just above the target in the
  party's sorted table (never the whole space), and among those the one (or several, MESO)
  the opponent model rates best for the other side -- or simply the nearest above the
  target when the NPC does not trust the player enough to build packages for them.

:func:`build_strategy` picks the parts by the ``kind`` of a level's strategy config.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from game.npc.spec import (
    CustomerServiceStrategy,
    GrudgeHolderStrategy,
    HardlinerStrategy,
    IntegrativeStrategy,
    MediatorStrategy,
    StrategyConfig,
    TimeDependentStrategy,
    TitForTatStrategy,
)

WINDOW = 0.03
"""Utility band above the target from which offers are chosen (near-equal for the NPC)."""
MESO_BAND = 0.03
"""Multiple equivalent offers lie within this much of the target, either side."""
CANDIDATES = 48
"""Most outcomes scored per decision (spread evenly over a wider band)."""
SMALL_WINDOW = 24
"""Windows up to this size are scored in plain Python."""
FULL_SCORES = 8192
"""Up to this many outcomes, the opponent model scores them all at once per thing it learns."""
FULL_WINDOW = 512
"""Most outcomes compared per decision when every score is at hand."""
DISTRUST_PREMIUM = 0.03
"""What an NPC that does not trust the player wants above its own counter before it says yes."""
DEFAULT_E = {"boulware": 0.2, "linear": 1.0, "conceder": 3.0}


# --------------------------------------------------------------------------- situation
@dataclass(frozen=True)
class Situation:
    """What a strategy knows of its NPC at one decision: a frozen view, never the brain.

    The brain makes one (``NpcBrain.situation``) each time it asks its strategy something.
    The table, codec and own preference tables are the NPC's fixed data; the three
    estimating functions ask the opponent model about the other side and change nothing.
    """

    round: int
    state: str
    """The NPC's machine state (``exploring``, ``closing``, ``mediated``, ``hurt`` ...)."""
    reservation: float
    aspiration: float
    """The utility it last aimed for."""
    fair_utility: float | None
    relational: bool
    """Whether it has feelings (player bots do not)."""
    trust: float
    open_grievances: int
    pace: float
    """The factor on its concession exponent (trust, rapport, state and mood)."""
    answers: float
    """Share of its time-based concession it makes only as far as the other side concedes."""
    conceded: float
    """The share of the gap the other side has closed (0..1)."""
    integrative: bool
    """Whether it builds offers with the other side's interests in mind."""
    meso_allowed: bool
    """Whether it trusts the other side enough to offer several packages at once."""
    close_margin: float
    hurt_trust: float
    table: Any
    """Its outcomes sorted by its own utility (``game.npc.tables.SortedTable``)."""
    codec: Any
    weighted_lists: Sequence[Sequence[float]]
    weighted_tables: Sequence[np.ndarray]
    model_versions: tuple[int, ...]
    """How much each opponent model has learnt (a cache key)."""
    position_scores: Callable[[], list[float]]
    estimate_rows: Callable[[list[tuple[int, ...]]], list[float]]
    estimate_for_others: Callable[[np.ndarray], np.ndarray]

    def answered(self, share: float) -> float:
        """Return the share of its room it concedes when its clock says ``share``
        (see ``NpcBrain.answered``)."""
        if not self.relational:
            return share
        answers = self.answers
        return (1.0 - answers) * share + answers * min(share, self.conceded)


# --------------------------------------------------------------------------- curves
@dataclass
class TimeCurve:
    """Faratin: ``target = Pmin + (Pmax - Pmin) * (1 - (k + (1 - k) * t^(1/e)))``."""

    e: float
    k: float
    high: float
    low: float

    def reset(self) -> None:
        """Start a new negotiation."""

    def target(self, situation: Situation, t: float) -> float:
        """Return the utility aimed for at time ``t``."""
        e = self.e * situation.pace
        share = self.k + (1.0 - self.k) * (t ** (1.0 / e) if t > 0 else 0.0)
        share = situation.answered(share)
        return self.low + (self.high - self.low) * (1.0 - share)

    def observe(self, utility: float) -> None:
        """Note an offer received (worth ``utility`` to this party)."""


@dataclass
class GrudgeCurve(TimeCurve):
    """A time-dependent curve whose exponent is ``e_hurt`` while grievances are open."""

    e_open: float = 1.5

    def target(self, situation: Situation, t: float) -> float:
        """Return the utility aimed for: stubborn while hurt, generous once repaired."""
        e = self.e if situation.open_grievances else self.e_open
        e *= situation.pace
        share = self.k + (1.0 - self.k) * (t ** (1.0 / e) if t > 0 else 0.0)
        share = situation.answered(share)
        return self.low + (self.high - self.low) * (1.0 - share)


@dataclass
class TitForTatCurve:
    """Relative tit-for-tat: give up the share of my room that they gave up of theirs."""

    high: float
    low: float
    generosity: float
    current: float = 1.0
    last: float | None = None

    def reset(self) -> None:
        """Start a new negotiation at the top."""
        self.current = self.high
        self.last = None

    def target(self, situation: Situation, t: float) -> float:
        """Return the current target (it moves only when offers arrive)."""
        return max(self.current, self.low)

    def observe(self, utility: float) -> None:
        """Mirror the other side's last concession (or retraction)."""
        last = self.last
        self.last = utility
        if last is None:
            return
        change = utility - last
        room = self.current - self.low
        if change > 1e-9:
            their_share = change / max(1.0 - last, 1e-6)
            self.current -= min(their_share, 1.0) * room
        elif change < -1e-9:
            self.current = min(self.high, self.current - change)
        self.current = max(self.low, self.current - self.generosity * room)


@dataclass
class HardlineCurve:
    """Anchor high, inch down; benchmarks, the relationship (once) and the deadline move it."""

    anchor: float
    step: float
    low: float
    late: float
    moved: float = 0.0

    def reset(self) -> None:
        """Start again at the anchor."""
        self.moved = 0.0

    def base(self, situation: Situation) -> float:
        """Return the target before the deadline rush."""
        return self.anchor - self.step * situation.round - self.moved

    def target(self, situation: Situation, t: float) -> float:
        """Return the target: the anchor minus steps, rushing to the floor near the deadline."""
        base = max(self.base(situation), self.low)
        if t >= self.late:
            share = (t - self.late) / max(1.0 - self.late, 1e-6)
            base = base - (base - self.low) * situation.answered(min(share, 1.0) ** 2)
        return max(base, self.low)

    def observe(self, utility: float) -> None:
        """Offers alone do not move a hardliner."""


@dataclass
class FairCurve:
    """A mediator seated as a party: aims at its share of the Nash point, conceding a little."""

    fair: float
    low: float
    high: float

    def reset(self) -> None:
        """Nothing to reset."""

    def target(self, situation: Situation, t: float) -> float:
        """Return a target sliding from halfway above the fair point down to it."""
        top = self.fair + (self.high - self.fair) * 0.5
        return max(self.low, top - (top - self.fair) * min(t * 2, 1.0))

    def observe(self, utility: float) -> None:
        """Offers do not move it."""


# --------------------------------------------------------------------------- strategy
@dataclass
class Strategy:
    """The parts of one NPC's bargaining behaviour."""

    kind: str
    curve: Any
    packages: int = 1
    """Offers made at once (more than one: MESO)."""
    protect: int | None = None
    """Position of an issue protected before anything else (customer service: the price)."""
    explore_rounds: int = 0
    asks: bool = False
    shares: bool = False
    threatens: bool = False
    moved_by: tuple[str, ...] = ()
    benchmark_step: float = 0.0
    relationship_step: float = 0.0
    harshness: float = 1.0
    mediator_like: bool = False
    talks_to_bargain: bool = True
    """Whether evidence, appeals and anger can move it a little (a hardliner only by rules)."""
    answers: float = 0.6
    """Share of its time-based concession it makes only as far as the other side concedes."""
    _cache_key: tuple = field(default=(), repr=False)
    _cache_value: tuple[int, ...] = field(default=(), repr=False)

    @property
    def hardliner(self) -> bool:
        """Return True for the distributive hardliner."""
        return self.kind == "hardliner"

    def reset(self) -> None:
        """Start a new negotiation."""
        self.curve.reset()
        self._cache_key = ()
        self._cache_value = ()

    # ------------------------------------------------------------- acceptance
    def accepts(
        self,
        situation: Situation,
        offered: float,
        next_offer: float,
        last_chance: bool = False,
        from_mediator: bool = False,
    ) -> tuple[bool, str | None]:
        """Return whether to accept an offer worth ``offered``, and the stated reason when it
        turns down one worth at least ``next_offer`` (the counter it would make instead).

        AC_next with the time condition and the floor: never below the reservation value;
        a fair single text in ``mediated``; within ``close_margin`` in ``closing``; anything
        at least the reservation on its last turn.  The one stated reason to refuse what
        AC_next would take is ``distrust``: below ``hurt_trust`` it wants
        :data:`DISTRUST_PREMIUM` more than its counter (and says so).
        """
        if offered < situation.reservation - 1e-9:
            return False, None
        if from_mediator and situation.state == "mediated":
            fair = situation.fair_utility
            if fair is not None and offered >= fair - 0.02:
                return True, None
        margin = situation.close_margin if situation.state == "closing" else 0.0
        if offered >= next_offer - margin - 1e-9:
            if (
                not last_chance
                and situation.relational
                and situation.trust < situation.hurt_trust
                and offered < next_offer - margin + DISTRUST_PREMIUM - 1e-9
            ):
                return False, "distrust"
            return True, None
        return last_chance, None

    # ------------------------------------------------------------- selection
    def choose(self, situation: Situation, low: int, high: int) -> tuple[int, ...]:
        """Return the outcome indices to offer, from sorted positions ``[low, high)``."""
        table = situation.table
        count = self.packages if self.packages > 1 and situation.meso_allowed else 1
        if count > 1:
            # several packages of (nearly) equal value: a band around the target
            target = situation.aspiration
            low = table.position_at_least(target - MESO_BAND)
            high = max(table.position_above(target + MESO_BAND), low + 1)
        if high - low == 1:
            return (table.outcome_at(low),)
        integrative = situation.integrative if situation.relational else True
        if not integrative and self.protect is None:
            return (table.outcome_at(low),)
        learnt = situation.model_versions
        if integrative:
            versions = learnt if len(learnt) > 1 else learnt[0]
        else:
            versions = None
        key = (low, high, versions, integrative, count)
        if key == self._cache_key:
            return self._cache_value
        if integrative and count == 1 and self.protect is None and table.size <= FULL_SCORES:
            scores = situation.position_scores()
            window = scores[low : high if high - low <= FULL_WINDOW else low + FULL_WINDOW]
            best = low + window.index(max(window))
            picked: tuple[int, ...] = (table.outcome_at(best),)
            self._cache_key = key
            self._cache_value = picked
            return picked
        rows_of = situation.codec.rows
        if rows_of is not None and high - low <= SMALL_WINDOW and count == 1:
            picked = self._choose_small(
                situation, table.outcome_list(low, high, CANDIDATES), rows_of, integrative
            )
        else:
            picked = self._choose_many(situation, low, high, integrative, count)
        self._cache_key = key
        self._cache_value = picked
        return picked

    def _choose_small(
        self, situation: Situation, candidates, rows_of, integrative
    ) -> tuple[int, ...]:
        """Score a few candidates in plain Python (faster than numpy for a handful)."""
        rows = [rows_of[c] for c in candidates]
        if integrative:
            scores = situation.estimate_rows(rows)
        else:
            scores = [0.0] * len(rows)
        protect = self.protect
        if protect is not None:
            own = situation.weighted_lists[protect]
            keys = [
                (round(own[row[protect]], 9), score)
                for row, score in zip(rows, scores, strict=True)
            ]
            best = _first_best(keys)
        else:
            best = _first_best(scores)
        return (candidates[best],)

    def _choose_many(self, situation: Situation, low, high, integrative, count) -> tuple[int, ...]:
        candidates = situation.table.outcomes_between(low, high, CANDIDATES)
        values = situation.codec.values_matrix(candidates)
        if integrative:
            scores = situation.estimate_for_others(values)
        else:
            scores = np.zeros(len(candidates))
        if self.protect is not None:
            protected = situation.weighted_tables[self.protect][values[:, self.protect]]
            order = np.lexsort((-scores, -np.round(protected, 9)))
        else:
            order = np.argsort(-scores, kind="stable")
        if count == 1 or not integrative:
            return (int(candidates[order[0]]),)
        return _diverse(candidates, values, order, count)


def _diverse(candidates: np.ndarray, values: np.ndarray, order: np.ndarray, count: int):
    """Return up to ``count`` candidates in score order, preferring ones that differ in two issues."""
    chosen: list[int] = []
    rows: list[np.ndarray] = []
    for position in order:
        row = values[position]
        if all(int((row != other).sum()) >= 2 for other in rows):
            chosen.append(int(candidates[position]))
            rows.append(row)
            if len(chosen) == count:
                return tuple(chosen)
    for position in order:  # not enough that different: take any other package
        row = values[position]
        if int(candidates[position]) not in chosen:
            chosen.append(int(candidates[position]))
            rows.append(row)
            if len(chosen) == count:
                break
    return tuple(chosen)


_Key = TypeVar("_Key", float, tuple[float, float])


def _first_best(keys: Sequence[_Key]) -> int:
    """Return the position of the first of the largest keys."""
    best = 0
    for position in range(1, len(keys)):
        if keys[position] > keys[best]:
            best = position
    return best


@dataclass(frozen=True)
class StrategyBasis:
    """An NPC's own numbers a strategy is built from (not the NPC itself)."""

    reservation: float
    """Its reservation utility (walking away)."""
    best: float
    """The best utility any outcome gives it."""
    late_time: float
    """The share of the deadline from which it counts as late (its thresholds)."""
    issue_ids: tuple[str, ...]
    """The issues, in the outcome space's order."""
    weights: tuple[float, ...]
    """Its weight on each issue, in that order."""
    fair_utility: float | None
    """Its utility at the level's fair point, when known (the mediator's aim)."""


def build_strategy(config: StrategyConfig, basis: StrategyBasis) -> Strategy:
    """Return the strategy a level's config describes, for an NPC with these numbers."""
    curve: TimeCurve | TitForTatCurve | HardlineCurve | FairCurve
    reservation = basis.reservation
    best = basis.best
    kind = config.kind
    late = basis.late_time
    if isinstance(config, TimeDependentStrategy):
        e = config.e if config.e is not None else DEFAULT_E[kind]
        low = max(reservation, config.min_target if config.min_target is not None else 0.0)
        curve = TimeCurve(e, config.k, min(config.max_target, best), min(low, best))
        return Strategy(kind, curve, answers=config.answers)
    if isinstance(config, TitForTatStrategy):
        curve = TitForTatCurve(
            min(config.max_target, best), min(reservation, best), config.generosity
        )
        return Strategy(kind, curve)
    if isinstance(config, HardlinerStrategy):
        curve = HardlineCurve(min(config.anchor, best), config.step, min(reservation, best), late)
        return Strategy(
            kind,
            curve,
            threatens=config.threatens,
            moved_by=tuple(config.moved_by),
            benchmark_step=config.benchmark_step,
            relationship_step=config.relationship_step,
            talks_to_bargain=False,
        )
    if isinstance(config, IntegrativeStrategy):
        high = max(best * config.max_target, min(reservation, best))
        curve = TimeCurve(config.e, 0.0, high, min(reservation, best))
        return Strategy(
            kind,
            curve,
            packages=config.packages,
            explore_rounds=config.explore_rounds,
            asks=True,
            shares=True,
        )
    if isinstance(config, CustomerServiceStrategy):
        if config.price_issue is not None:
            protect = basis.issue_ids.index(config.price_issue)
        else:
            protect = int(np.argmax(basis.weights))
        curve = TimeCurve(config.e, 0.0, best, min(reservation, best))
        return Strategy(
            kind, curve, packages=config.packages, protect=protect, asks=True, shares=True
        )
    if isinstance(config, GrudgeHolderStrategy):
        curve = GrudgeCurve(config.e_hurt, 0.0, best, min(reservation, best), e_open=config.e_open)
        return Strategy(kind, curve, harshness=1.5 if config.retaliates else 1.0)
    if isinstance(config, MediatorStrategy):
        fair = basis.fair_utility if basis.fair_utility is not None else (best + reservation) / 2
        curve = FairCurve(max(fair, reservation), min(reservation, best), best)
        return Strategy(kind, curve, mediator_like=True, shares=True)
    raise ValueError(f"unknown strategy kind {kind!r}")
