"""Property tests: the frontier and the solution points against brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from game.engine import (
    PARETO_TOLERANCE,
    agreement_zone_exists,
    individually_rational,
    kalai_index,
    max_welfare_index,
    nash_index,
    pareto_indices,
)

TOLERANCE = 1e-12
TIE = PARETO_TOLERANCE  # utilities this close count as equal when outcomes are compared


# --------------------------------------------------------------------------- brute force
def dominated_brute(utilities: np.ndarray) -> np.ndarray:
    """Return, for each row, whether some other row dominates it (plain O(n^2) loops)."""
    rows = [tuple(row) for row in utilities.tolist()]
    return np.array(
        [
            any(
                all(x >= y - TIE for x, y in zip(other, row, strict=True))
                and any(x > y + TIE for x, y in zip(other, row, strict=True))
                for other in rows
            )
            for row in rows
        ],
        dtype=bool,
    )


def dominated_numpy(utilities: np.ndarray) -> np.ndarray:
    """The same O(n^2) check, vectorised in row blocks for a few thousand rows."""
    result = np.zeros(len(utilities), dtype=bool)
    for start in range(0, len(utilities), 256):
        block = utilities[start : start + 256]
        geq = (utilities[None, :, :] >= block[:, None, :] - TIE).all(axis=2)
        gt = (utilities[None, :, :] > block[:, None, :] + TIE).any(axis=2)
        result[start : start + 256] = (geq & gt).any(axis=1)
    return result


def assert_frontier(utilities: np.ndarray, frontier: np.ndarray, dominated: np.ndarray) -> None:
    """Check ``frontier`` against a brute-force ``dominated`` mask."""
    assert np.array_equal(frontier, np.flatnonzero(~dominated))
    assert_frontier_by_definition(utilities, frontier)


def assert_frontier_by_definition(utilities: np.ndarray, frontier: np.ndarray) -> None:
    """Check the definition directly in O(outcomes x frontier).

    No outcome dominates a frontier outcome, and every other outcome is dominated by one on
    the frontier: together these say ``frontier`` is exactly the non-dominated set.
    """
    assert np.array_equal(frontier, np.unique(frontier)), "indices come ascending, once each"
    points = utilities[frontier]
    for start in range(0, len(points), 64):
        block = points[start : start + 64]
        beaten = (utilities[None, :, :] >= block[:, None, :] - TIE).all(axis=2) & (
            utilities[None, :, :] > block[:, None, :] + TIE
        ).any(axis=2)
        assert not beaten.any(), "a frontier outcome is dominated"
    rest = np.setdiff1d(np.arange(len(utilities)), frontier)
    for start in range(0, len(rest), 4096):
        block = utilities[rest[start : start + 4096]]
        by = (points[None, :, :] >= block[:, None, :] - TIE).all(axis=2) & (
            points[None, :, :] > block[:, None, :] + TIE
        ).any(axis=2)
        assert by.any(axis=1).all(), "an outcome off the frontier is dominated by none on it"


# --------------------------------------------------------------------------- strategies
@st.composite
def utility_matrices(draw, parties=None, min_rows=1, max_rows=40):
    """Small matrices with ties: values from a coarse grid, rounded floats, or duplicates."""
    n_parties = draw(st.sampled_from([2, 3, 4])) if parties is None else parties
    rows = draw(st.integers(min_rows, max_rows))
    style = draw(st.sampled_from(["grid", "rounded", "float", "duplicates"]))
    if style == "grid":
        values = st.integers(0, 4).map(lambda v: v / 4)
    elif style == "rounded":
        values = st.floats(0, 1).map(lambda v: round(v, 1))
    else:
        values = st.floats(0, 1, allow_nan=False, allow_subnormal=False)
    matrix = draw(arrays(np.float64, (rows, n_parties), elements=values))
    if style == "duplicates":
        picks = draw(st.lists(st.integers(0, rows - 1), min_size=1, max_size=rows))
        matrix = np.vstack([matrix, matrix[picks]])
    return matrix


reservations = st.floats(0, 0.8).map(lambda v: round(v, 2))


# --------------------------------------------------------------------------- frontier
@settings(max_examples=300, deadline=None)
@given(utility_matrices())
def test_frontier_matches_brute_force(utilities):
    assert_frontier(utilities, pareto_indices(utilities), dominated_brute(utilities))


@settings(max_examples=100, deadline=None)
@given(utility_matrices(parties=2, min_rows=2))
def test_two_party_frontier_is_a_staircase(utilities):
    points = utilities[pareto_indices(utilities)]
    points = points[np.lexsort((points[:, 1], points[:, 0]))]
    # Rising in the first party's utility, the second's never rises (ties within TIE).
    assert np.all(np.diff(points[:, 0]) >= 0)
    assert np.all(np.diff(points[:, 1]) <= TIE)


@pytest.mark.parametrize(
    ("rows", "parties", "decimals", "seed"),
    [
        (20_000, 2, 2, 1),  # big enough for the sampled prefilter, lots of ties
        (20_000, 2, None, 2),  # a curved frontier: every point near it
        (5_000, 3, 3, 3),  # more survivors than one block: several blocks
        (4_000, 4, 2, 4),
        (3_000, 3, None, 5),
    ],
)
def test_frontier_matches_brute_force_on_large_matrices(rows, parties, decimals, seed):
    rng = np.random.default_rng(seed)
    if decimals is None:
        # Points near the unit sphere: a large frontier that exercises the block loop.
        raw = rng.random((rows, parties))
        utilities = raw / np.linalg.norm(raw, axis=1, keepdims=True)
        utilities *= rng.uniform(0.98, 1.0, size=(rows, 1))
    else:
        utilities = np.round(rng.random((rows, parties)), decimals)
        utilities[rng.integers(0, rows, rows // 10)] = utilities[rng.integers(0, rows, rows // 10)]
    frontier = pareto_indices(utilities)
    if parties == 2:
        assert_frontier_by_definition(utilities, frontier)
    else:
        assert_frontier(utilities, frontier, dominated_numpy(utilities))


def test_frontier_of_additive_two_party_domain_matches_brute_force():
    # An outcome space's structure (every utility a sum of per-issue parts) is what the
    # sampled two-party prefilter (over 16,384 outcomes) meets in the game.
    rng = np.random.default_rng(7)
    tables = [rng.random((8, 2)) for _ in range(5)]
    utilities = tables[0]
    for table in tables[1:]:
        utilities = (utilities[:, None, :] + table[None, :, :]).reshape(-1, 2)
    assert len(utilities) == 8**5
    # Duplicates of some outcomes (ties on the frontier too) and a shrunken copy.
    best = np.argsort(-utilities.sum(axis=1))[:50]
    utilities = np.vstack([utilities, utilities[best], utilities[:5000] * 0.99])
    frontier = pareto_indices(utilities)
    assert 0 < len(frontier) < 200
    assert_frontier_by_definition(utilities, frontier)


def test_outcomes_apart_by_rounding_alone_are_ties():
    # The n-party frontier walks outcomes by descending sum in blocks; an outcome "beaten"
    # only in the last bit (1.0 + 2**-54 == 1.0, so the sums tie too) and sitting in a
    # later block is a tie, not a dominated outcome: both stay.
    steps = 2**6
    points = [
        (i / steps, j / steps, (steps - i - j) / steps)
        for i in range(steps + 1)
        for j in range(steps + 1 - i)
    ]
    tied = points.index((0.5, 0.25, 0.25))
    points.append((0.5, 0.25, 0.25 + 2**-54))
    utilities = np.array(points)
    assert utilities[tied].sum() == utilities[-1].sum()
    assert tied < 2048 < len(points) - 1  # the two fall in different blocks
    frontier = pareto_indices(utilities)
    assert len(frontier) == len(points)


def test_weakly_dominated_outcome_is_off_the_frontier_despite_rounding():
    # Hotel-bread's case: B is better for the player and equal for the hotel except for
    # float noise in the last bit (0.1 + 0.2 > 0.3); compared exactly, A escaped.
    a = (0.5, 0.1 + 0.2)
    b = (0.511, 0.3)
    assert a[1] > b[1]
    assert pareto_indices(np.array([a, b])).tolist() == [1]
    assert pareto_indices(np.array([(*a, 0.4), (*b, 0.4)])).tolist() == [1]
    # The same in the sampled prefilter's range (over 16,384 outcomes).
    rng = np.random.default_rng(3)
    filler = rng.random((20_000, 2)) * 0.25
    utilities = np.vstack([filler, [a, b]])
    assert pareto_indices(utilities).tolist() == [20_001]


def test_a_dominated_outcome_in_a_later_block_is_found():
    # The n-party frontier walks outcomes by descending sum in blocks: an outcome must be
    # compared with dominating ones that sit in other blocks.
    steps = 2**6
    points = [
        (i / steps, j / steps, (steps - i - j) / steps)
        for i in range(steps + 1)
        for j in range(steps + 1 - i)
    ]
    dominated = points.index((0.5, 0.25, 0.25))
    points.append((0.5, 0.25, 0.25 + 1e-6))
    utilities = np.array(points)
    assert dominated < 2048 < len(points) - 1
    frontier = pareto_indices(utilities)
    assert dominated not in set(frontier.tolist())
    assert len(frontier) == len(points) - 1


def test_frontier_edge_cases():
    assert pareto_indices(np.zeros((0, 2))).tolist() == []
    assert pareto_indices(np.array([[0.3, 0.3]])).tolist() == [0]
    assert pareto_indices(np.array([[0.5, 0.5], [0.5, 0.5], [0.4, 0.5]])).tolist() == [0, 1]
    assert pareto_indices(np.array([[0.2], [0.7], [0.7]])).tolist() == [1, 2]


# --------------------------------------------------------------------------- solution points
def brute_nash_product(utilities: np.ndarray, reserved: np.ndarray) -> float | None:
    """Return the largest product of gains over the rational outcomes (None: there are none)."""
    best = None
    for row in utilities.tolist():
        if all(u >= r - TOLERANCE for u, r in zip(row, reserved, strict=True)):
            product = float(np.prod([max(u - r, 0.0) for u, r in zip(row, reserved, strict=True)]))
            best = product if best is None else max(best, product)
    return best


@settings(max_examples=300, deadline=None)
@given(utility_matrices(), st.data())
def test_nash_is_on_frontier_rational_and_maximises_the_product(utilities, data):
    reserved = np.array(
        data.draw(st.lists(reservations, min_size=utilities.shape[1], max_size=utilities.shape[1]))
    )
    frontier = pareto_indices(utilities)
    index = nash_index(utilities, reserved, frontier)
    best = brute_nash_product(utilities, reserved)
    if best is None:
        assert index is None
        assert not agreement_zone_exists(utilities, reserved)
        return
    assert index is not None and agreement_zone_exists(utilities, reserved)
    assert index in set(frontier.tolist())
    assert np.all(utilities[index] >= reserved - TOLERANCE)
    product = float(np.prod(np.clip(utilities[index] - reserved, 0, None)))
    assert product == pytest.approx(best, abs=1e-15)
    # The same answer without a precomputed frontier, and with reservations as a tuple.
    assert nash_index(utilities, tuple(reserved)) == index


@settings(max_examples=300, deadline=None)
@given(utility_matrices(), st.data())
def test_kalai_and_max_welfare_are_on_frontier_and_rational(utilities, data):
    reserved = np.array(
        data.draw(st.lists(reservations, min_size=utilities.shape[1], max_size=utilities.shape[1]))
    )
    frontier = pareto_indices(utilities)
    rational = individually_rational(utilities, reserved)
    kalai = kalai_index(utilities, reserved, frontier)
    welfare = max_welfare_index(utilities, reserved, frontier)
    if not rational.any():
        assert kalai is None and welfare is None
        return
    for index in (kalai, welfare):
        assert index in set(frontier.tolist())
        assert rational[index]
    # Max welfare: the largest joint utility among all rational outcomes.
    assert utilities[welfare].sum() == pytest.approx(utilities[rational].sum(axis=1).max())
    # Kalai: the best worst relative gain, ideal taken over every rational outcome.
    ideal = utilities[rational].max(axis=0)
    span = ideal - reserved

    def worst_relative(row):
        return min(
            (u - r) / s if s > TOLERANCE else 1.0
            for u, r, s in zip(row, reserved, span, strict=True)
        )

    candidates = [i for i in frontier if rational[i]]
    best = max(worst_relative(utilities[i]) for i in candidates)
    assert worst_relative(utilities[kalai]) == pytest.approx(best, abs=1e-12)
