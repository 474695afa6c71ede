"""Score measures over utilities: what a level can reward (payoff, joint value, fairness).

Each measure maps a vector of party utilities (player first is not assumed: the player's
position is passed in) and the reservation values to one number; ``best_reachable`` gives
its maximum over a matrix of outcomes every party would accept, or over no deal.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from game.engine.analytics import individually_rational

Measure = Literal["player_utility", "joint_utility", "min_satisfaction", "nash_product"]
MEASURES: tuple[Measure, ...] = (
    "player_utility",
    "joint_utility",
    "min_satisfaction",
    "nash_product",
)


def measure_rows(
    measure: Measure, utilities: np.ndarray, reserved: np.ndarray, player: int
) -> np.ndarray:
    """Return the measure for each row of an (outcomes x parties) utility matrix."""
    utilities = np.atleast_2d(np.asarray(utilities, dtype=np.float64))
    reserved = np.asarray(reserved, dtype=np.float64)
    if measure == "player_utility":
        return utilities[:, player]
    if measure == "joint_utility":
        return utilities.sum(axis=1)
    if measure == "min_satisfaction":
        return utilities.min(axis=1)
    if measure == "nash_product":
        return np.clip(utilities - reserved[None, :], 0.0, None).prod(axis=1)
    raise ValueError(f"unknown measure {measure!r}")


def measure_value(
    measure: Measure, utilities: tuple[float, ...] | np.ndarray, reserved: np.ndarray, player: int
) -> float:
    """Return the measure of one result (a deal's utilities, or the reservation values)."""
    return float(measure_rows(measure, np.asarray(utilities)[None, :], reserved, player)[0])


def best_reachable(
    measure: Measure, utilities: np.ndarray, reserved: np.ndarray, player: int
) -> float:
    """Return the best value of a measure over deals every party accepts, or no deal at all."""
    no_deal = measure_value(measure, reserved, reserved, player)
    mask = individually_rational(utilities, reserved)
    if not mask.any():
        return no_deal
    return max(no_deal, float(measure_rows(measure, utilities[mask], reserved, player).max()))
