"""Analytics over utility matrices: Pareto frontier, Nash, Kalai-Smorodinsky, welfare, ZOPA.

Every function takes ``utilities``, an (outcomes x parties) float array, and where it
matters ``reserved``, the parties' reservation values.  Nothing loops over outcomes in
Python: the two-party frontier is one sort (of the survivors of a sampled prefilter on
large spaces), the n-party frontier a block-wise dominance check after a cheap prefilter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_TOLERANCE = 1e-12
_BLOCK = 2048

PARETO_TOLERANCE = 1e-9
"""Utilities closer than this count as equal when one outcome is compared with another.

Utilities are sums of products of weights and scores, so two packages worth the same to a
party can differ in the last bits (0.1 + 0.2 != 0.3).  Compared exactly, the one rounded
up by 1e-16 would escape domination by a package that is better for the other side.
"""


def pareto_indices(utilities: np.ndarray) -> np.ndarray:
    """Return the indices of the Pareto-optimal outcomes, ascending.

    An outcome is Pareto-optimal when no other outcome is at least as good for every party
    and better for one by more than ``PARETO_TOLERANCE``.  Outcomes whose utilities are
    equal (within the tolerance) are all kept.
    """
    utilities = np.asarray(utilities, dtype=np.float64)
    if utilities.ndim != 2 or utilities.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    parties = utilities.shape[1]
    if parties == 1:
        column = utilities[:, 0]
        return np.flatnonzero(column >= column.max() - PARETO_TOLERANCE)
    if parties == 2:
        return _pareto_two(utilities)
    return _pareto_many(snap_ties(utilities))


def snap_ties(utilities: np.ndarray, tolerance: float = PARETO_TOLERANCE) -> np.ndarray:
    """Return a copy where, in each column, values within ``tolerance`` share one value.

    Each column is sorted; a run of values each within ``tolerance`` of the previous one
    takes the run's first (lowest) value.  Exact comparisons on the result are comparisons
    with a tolerance on the input, and stay transitive (one sort per column, no loop).
    """
    utilities = np.asarray(utilities, dtype=np.float64)
    snapped = np.empty_like(utilities)
    for column in range(utilities.shape[1]):
        values = utilities[:, column]
        order = np.argsort(values, kind="stable")
        ordered = values[order]
        starts = np.empty(len(ordered), dtype=bool)
        starts[:1] = True
        starts[1:] = np.diff(ordered) > tolerance
        run_start = np.maximum.accumulate(np.where(starts, np.arange(len(ordered)), 0))
        snapped[order, column] = ordered[run_start]
    return snapped


_SAMPLE = 4096
_SPREAD = 2_654_435_761  # a prime above MAX_OUTCOMES: i * _SPREAD % n visits distinct indices


def _pareto_two(utilities: np.ndarray) -> np.ndarray:
    count = len(utilities)
    if count <= 4 * _SAMPLE:
        return _pareto_two_sorted(snap_ties(utilities))
    # Prefilter: the frontier of a spread-out sample is a staircase of real outcomes; drop
    # every outcome a step of it beats on the second party's utility by more than the
    # tolerance while being at least as good on the first.  Only dominated outcomes go,
    # and typically all but a few hundred of them, so the sort below runs on the survivors.
    sample = (np.arange(_SAMPLE, dtype=np.int64) * _SPREAD) % count
    steps = utilities[sample[_pareto_two_sorted(utilities[sample])]]
    if len(steps) > _SAMPLE // 16:
        return _pareto_two_sorted(snap_ties(utilities))  # a dense frontier: little to filter
    order = np.argsort(-steps[:, 0], kind="stable")
    best_second = np.concatenate(([-np.inf], np.maximum.accumulate(steps[order, 1])))
    at_least = np.searchsorted(-steps[order, 0], -utilities[:, 0], side="right")
    survivors = np.flatnonzero(best_second[at_least] <= utilities[:, 1] + PARETO_TOLERANCE)
    return survivors[_pareto_two_sorted(snap_ties(utilities[survivors]))]


def _pareto_two_sorted(utilities: np.ndarray) -> np.ndarray:
    """Return the ascending indices of the two-party frontier by one sort (no prefilter)."""
    first, second = utilities[:, 0], utilities[:, 1]
    order = np.lexsort((-second, -first))  # first descending, ties by second descending
    a, b = first[order], second[order]
    # Index where each run of equal ``a`` starts.
    new_group = np.empty(len(a), dtype=bool)
    new_group[0] = True
    new_group[1:] = a[1:] != a[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(len(a)), 0))
    # Best ``b`` among points with a strictly larger ``a`` (all earlier groups).
    running = np.maximum.accumulate(b)
    before_group = np.where(group_start > 0, running[np.maximum(group_start - 1, 0)], -np.inf)
    dominated = (before_group >= b) | (b[group_start] > b)
    return np.sort(order[~dominated])


def _dominated_by_any(
    points: np.ndarray, candidates: np.ndarray, tolerance: float = 0.0
) -> np.ndarray:
    """Return, for each candidate row, whether some row of ``points`` dominates it.

    A row dominates when it is at least as good everywhere (less ``tolerance``) and better
    somewhere by more than ``tolerance``.
    """
    if len(points) == 0 or len(candidates) == 0:
        return np.zeros(len(candidates), dtype=bool)
    result = np.zeros(len(candidates), dtype=bool)
    # Blocks keep the temporary (points x candidates x parties) arrays to a few MB.
    for c_start in range(0, len(candidates), 32768):
        chunk = candidates[c_start : c_start + 32768]
        hit = np.zeros(len(chunk), dtype=bool)
        for p_start in range(0, len(points), 64):
            block = points[p_start : p_start + 64]
            geq = (block[:, None, :] >= chunk[None, :, :] - tolerance).all(axis=2)
            gt = (block[:, None, :] > chunk[None, :, :] + tolerance).any(axis=2)
            hit |= (geq & gt).any(axis=0)
        result[c_start : c_start + len(chunk)] = hit
    return result


def _pareto_many(utilities: np.ndarray) -> np.ndarray:
    # Only an outcome with a larger sum can dominate another, so walk by descending sum.
    # Rounding can give a dominating outcome the *same* float sum (1.0 + 2**-54 == 1.0);
    # breaking ties lexicographically (descending) still puts it first, so no outcome is
    # ever dominated by one in a later block.
    totals = utilities.sum(axis=1)
    keys = [-utilities[:, k] for k in reversed(range(utilities.shape[1]))]
    order = np.lexsort((*keys, -totals))
    # Prefilter: drop everything a few strong points already dominate.
    seeds = np.unique(np.concatenate([order[:64], np.argmax(utilities, axis=0)]))
    survivors = order[~_dominated_by_any(utilities[seeds], utilities[order])]
    frontier: list[np.ndarray] = []
    frontier_points = np.zeros((0, utilities.shape[1]))
    for start in range(0, len(survivors), _BLOCK):
        block = survivors[start : start + _BLOCK]
        points = utilities[block]
        keep = ~_dominated_by_any(frontier_points, points)
        block, points = block[keep], points[keep]
        keep = ~_dominated_by_any(points, points)
        block, points = block[keep], points[keep]
        frontier.append(block)
        frontier_points = np.vstack([frontier_points, points])
    if not frontier:
        return np.zeros(0, dtype=np.int64)
    return np.sort(np.concatenate(frontier))


def individually_rational(utilities: np.ndarray, reserved: np.ndarray) -> np.ndarray:
    """Return a mask of outcomes every party likes at least as much as its reservation value."""
    above = np.asarray(utilities) >= np.asarray(reserved)[None, :] - _TOLERANCE
    return np.asarray(above.all(axis=1))  # a 2-D table gives an array, never a lone bool


def _as_arrays(utilities: np.ndarray, reserved: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Reservation values often arrive as a tuple or list: ``reserved[None, :]`` needs an array.
    return np.asarray(utilities, dtype=np.float64), np.asarray(reserved, dtype=np.float64)


def _rational_frontier(
    utilities: np.ndarray, reserved: np.ndarray, frontier: np.ndarray | None
) -> np.ndarray:
    if frontier is None:
        frontier = pareto_indices(utilities)
    mask = individually_rational(utilities[frontier], reserved)
    return frontier[mask]


def nash_index(
    utilities: np.ndarray, reserved: np.ndarray, frontier: np.ndarray | None = None
) -> int | None:
    """Return the outcome maximising the product of gains over reservation values, or None.

    Only outcomes every party prefers (weakly) to its reservation value count; the maximum
    is always reached on the frontier, so the search runs there.
    """
    utilities, reserved = _as_arrays(utilities, reserved)
    candidates = _rational_frontier(utilities, reserved, frontier)
    if len(candidates) == 0:
        return None
    gains = np.clip(utilities[candidates] - reserved[None, :], 0.0, None)
    return int(candidates[int(np.argmax(gains.prod(axis=1)))])


def kalai_index(
    utilities: np.ndarray, reserved: np.ndarray, frontier: np.ndarray | None = None
) -> int | None:
    """Return the Kalai-Smorodinsky outcome: the frontier point with the best worst relative gain."""
    utilities, reserved = _as_arrays(utilities, reserved)
    candidates = _rational_frontier(utilities, reserved, frontier)
    if len(candidates) == 0:
        return None
    points = utilities[candidates]
    ideal = points.max(axis=0)
    span = ideal - reserved
    safe = np.where(span > _TOLERANCE, span, 1.0)
    relative = np.where(span[None, :] > _TOLERANCE, (points - reserved[None, :]) / safe, 1.0)
    return int(candidates[int(np.argmax(relative.min(axis=1)))])


def max_welfare_index(
    utilities: np.ndarray, reserved: np.ndarray, frontier: np.ndarray | None = None
) -> int | None:
    """Return the individually rational outcome with the largest joint utility, or None."""
    utilities, reserved = _as_arrays(utilities, reserved)
    candidates = _rational_frontier(utilities, reserved, frontier)
    if len(candidates) == 0:
        return None
    return int(candidates[int(np.argmax(utilities[candidates].sum(axis=1)))])


def agreement_zone_exists(utilities: np.ndarray, reserved: np.ndarray) -> bool:
    """Return True when some outcome is at least as good as every party's reservation value."""
    return bool(individually_rational(utilities, reserved).any())


def distance_to_frontier(point: np.ndarray, frontier_points: np.ndarray) -> float:
    """Return the Euclidean distance from a utility point to the nearest frontier point.

    A point that no frontier point dominates (on or beyond the frontier) is at distance 0;
    as on the frontier itself, utilities within ``PARETO_TOLERANCE`` count as equal.
    """
    point = np.asarray(point, dtype=np.float64)
    frontier_points = np.asarray(frontier_points, dtype=np.float64)
    if len(frontier_points) == 0:
        return 0.0
    if not _dominated_by_any(frontier_points, point[None, :], PARETO_TOLERANCE)[0]:
        return 0.0
    return float(np.sqrt(((frontier_points - point[None, :]) ** 2).sum(axis=1)).min())


@dataclass(frozen=True)
class ValueSplit:
    """Value created by a deal (joint gain over reservation values) and each party's share."""

    created: float
    gains: tuple[float, ...]
    shares: tuple[float, ...]


def value_split(point: np.ndarray, reserved: np.ndarray) -> ValueSplit:
    """Return value created (sum of utilities minus sum of reservation values) and value claimed."""
    gains = np.asarray(point, dtype=np.float64) - np.asarray(reserved, dtype=np.float64)
    created = float(gains.sum())
    if created > _TOLERANCE:
        shares = tuple(float(g / created) for g in gains)
    else:
        shares = tuple(0.0 for _ in gains)
    return ValueSplit(created, tuple(float(g) for g in gains), shares)
