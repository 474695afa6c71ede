"""Preferences: linear additive utilities normalised the GENIUS way.

``U(outcome) = sum_i w_i * v_i(outcome_i)`` with weights ``w_i >= 0`` summing to 1 and
each value function ``v_i`` scaled to [0, 1] relative to the issue's best value, so every
utility lies in [0, 1].  A party also has a reservation value (its BATNA's utility) and
may have a per-round discount factor.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np

from game.engine.errors import EngineError
from game.engine.issues import DiscreteIssue, Issue, NumericIssue, Value
from game.engine.outcome_space import Outcome, OutcomeSpace


@dataclass(frozen=True)
class OptionScores:
    """Scores for the options of a discrete issue (any non-negative scale, normalised later)."""

    scores: Mapping[str, float]

    def raw(self, issue: Issue) -> np.ndarray:
        """Return the raw score of each value of ``issue`` (missing options score 0)."""
        unknown = sorted(set(self.scores) - set(map(str, issue.values)))
        if unknown:
            raise EngineError(
                f"scores name unknown option(s) of {issue.id!r}: {', '.join(unknown)}"
            )
        return np.array([float(self.scores.get(str(v), 0.0)) for v in issue.values])


@dataclass(frozen=True)
class LinearValue:
    """A numeric value function rising (``up``) or falling (``down``) across the issue's range."""

    direction: Literal["up", "down"] = "up"

    def __post_init__(self) -> None:
        if self.direction not in ("up", "down"):
            raise EngineError(
                f"a linear value rises ('up') or falls ('down'), not {self.direction!r}"
            )

    def raw(self, issue: Issue) -> np.ndarray:
        """Return the value of each issue value, 0 at the worst end and 1 at the best."""
        values = _numbers(issue)
        span = values[-1] - values[0]
        rising = np.ones_like(values) if span == 0 else (values - values[0]) / span
        return rising if self.direction == "up" else 1.0 - rising if span else rising


@dataclass(frozen=True)
class PeakValue:
    """A triangular value function: 1 at ``peak``, falling linearly to ``floor`` at the range ends."""

    peak: float
    floor: float = 0.0

    def raw(self, issue: Issue) -> np.ndarray:
        """Return the value of each issue value."""
        values = _numbers(issue)
        low, high = values[0], values[-1]
        peak = min(max(self.peak, low), high)
        result = np.ones_like(values)
        below = values < peak
        above = values > peak
        if peak > low:
            result[below] = self.floor + (1 - self.floor) * (values[below] - low) / (peak - low)
        if high > peak:
            result[above] = self.floor + (1 - self.floor) * (high - values[above]) / (high - peak)
        return result


@dataclass(frozen=True)
class TableValue:
    """A numeric value function through given ``(value, score)`` points, linear in between."""

    points: Sequence[tuple[float, float]]

    def raw(self, issue: Issue) -> np.ndarray:
        """Return the interpolated score of each issue value."""
        if not self.points:
            raise EngineError(f"the value table for {issue.id!r} is empty")
        ordered = sorted((float(x), float(y)) for x, y in self.points)
        xs = np.array([p[0] for p in ordered])
        ys = np.array([p[1] for p in ordered])
        return np.interp(_numbers(issue), xs, ys)


ValueFunction = OptionScores | LinearValue | PeakValue | TableValue


def _numbers(issue: Issue) -> np.ndarray:
    if not isinstance(issue, NumericIssue):
        raise EngineError(f"issue {issue.id!r} has options, not numbers: give option scores")
    return np.asarray(issue.values, dtype=np.float64)


@dataclass(frozen=True)
class Preferences:
    """One party's additive utility over an outcome space, with reservation value and discount."""

    space: OutcomeSpace
    weights: Mapping[str, float]
    values: Mapping[str, ValueFunction]
    reservation: float = 0.0
    discount: float = 1.0
    weight_vector: np.ndarray = field(init=False, repr=False, compare=False)
    tables: tuple[np.ndarray, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        issues = self.space.issues
        missing = [i.id for i in issues if i.id not in self.weights]
        unknown = sorted(set(self.weights) - set(self.space.issue_ids))
        if unknown:
            raise EngineError(f"weights name unknown issue(s): {', '.join(unknown)}")
        raw_weights = np.array([float(self.weights.get(i.id, 0.0)) for i in issues])
        if np.any(~np.isfinite(raw_weights)) or np.any(raw_weights < 0):
            raise EngineError("weights must be finite and not negative")
        if raw_weights.sum() <= 0:
            raise EngineError("at least one issue needs a weight above zero")
        del missing  # an issue without a weight simply does not matter to this party
        if not (math.isfinite(self.reservation) and 0.0 <= self.reservation <= 1.0):
            raise EngineError("the reservation value must lie in [0, 1]")
        if not (math.isfinite(self.discount) and 0.0 < self.discount <= 1.0):
            raise EngineError("the discount factor must lie in (0, 1]")
        tables = []
        for issue in issues:
            function = self.values.get(issue.id)
            if function is None:
                function = _default_value_function(issue)
            raw = np.asarray(function.raw(issue), dtype=np.float64)
            if np.any(~np.isfinite(raw)) or np.any(raw < 0):
                raise EngineError(f"scores for {issue.id!r} must be finite and not negative")
            best = raw.max()
            tables.append(raw / best if best > 0 else np.zeros_like(raw))
        unknown_values = sorted(set(self.values) - set(self.space.issue_ids))
        if unknown_values:
            raise EngineError(f"value functions name unknown issue(s): {', '.join(unknown_values)}")
        object.__setattr__(self, "weight_vector", raw_weights / raw_weights.sum())
        object.__setattr__(self, "tables", tuple(tables))

    def weight(self, issue_id: str) -> float:
        """Return the normalised weight of an issue."""
        return float(self.weight_vector[self.space.position(issue_id)])

    def value(self, issue_id: str, value: Value) -> float:
        """Return ``v_i(value)`` in [0, 1]."""
        memo = self._values_seen
        key = (issue_id, type(value), value)
        try:
            return memo[key]
        except (KeyError, TypeError):  # not asked yet, or a value that cannot be a key
            pass
        position = self.space.position(issue_id)
        issue = self.space.issues[position]
        found = float(self.tables[position][issue.index_of(value)])
        if len(memo) < 100_000:
            try:
                memo[key] = found
            except TypeError:
                pass
        return found

    @cached_property
    def _values_seen(self) -> dict[tuple[str, type, Value], float]:
        """``value``'s answers by (issue, type, value): a match asks the same few again and
        again (the type is in the key: ``1``, ``1.0`` and ``True`` are equal keys)."""
        return {}

    def contribution(self, issue_id: str, value: Value) -> float:
        """Return ``w_i * v_i(value)``: what this value adds to the utility."""
        return self.weight(issue_id) * self.value(issue_id, value)

    def utility(self, outcome: Outcome) -> float:
        """Return the utility of a complete outcome, in [0, 1]."""
        missing = [i for i in self.space.issue_ids if i not in outcome]
        if missing:
            raise EngineError(f"the package leaves open: {', '.join(missing)}")
        return float(sum(self.contribution(i, outcome[i]) for i in self.space.issue_ids))

    def bounds(self, partial: Outcome) -> tuple[float, float]:
        """Return the lowest and highest utility any completion of a partial package can have."""
        low = high = 0.0
        for position, issue in enumerate(self.space.issues):
            weighted = self.weight_vector[position] * self.tables[position]
            if issue.id in partial:
                part = float(weighted[issue.index_of(partial[issue.id])])
                low += part
                high += part
            else:
                low += float(weighted.min())
                high += float(weighted.max())
        return low, high

    def weighted_tables(self) -> list[np.ndarray]:
        """Return ``w_i * v_i`` for every value of every issue, in issue order."""
        return [w * t for w, t in zip(self.weight_vector, self.tables, strict=True)]

    @cached_property
    def utilities(self) -> np.ndarray:
        """Return the utility of every outcome in the space, in index order (computed once)."""
        return self.space.grid_sum(self.weighted_tables())

    def best_value(self, issue_id: str) -> Value:
        """Return this party's favourite value of an issue."""
        position = self.space.position(issue_id)
        return self.space.issues[position].values[int(np.argmax(self.tables[position]))]

    def ranking(self) -> list[str]:
        """Return the issue ids from most to least important to this party (a new list)."""
        return list(self._ranking)

    @cached_property
    def _ranking(self) -> tuple[str, ...]:
        order = np.argsort(-self.weight_vector, kind="stable")
        return tuple(self.space.issue_ids[int(i)] for i in order)

    def discounted(self, utility: float, time: float) -> float:
        """Return ``utility * discount ** time`` with ``time`` the fraction of the deadline used."""
        return utility * self.discount ** min(max(time, 0.0), 1.0)


def _default_value_function(issue: Issue) -> ValueFunction:
    if isinstance(issue, DiscreteIssue):
        raise EngineError(f"no scores given for the options of {issue.id!r}")
    return LinearValue("up")
