"""Seed draws for the checks that prove lessons on seeds never used for tuning."""

from __future__ import annotations

import os


def seed_draw(variable: str, first: int, count: int) -> tuple[int, ...]:
    """Return ``count`` seeds from ``first``, or from the environment variable's value when
    it is set (so anyone can run a check on another draw, e.g. ``EXPLOIT_SEEDS_FROM=9800``)."""
    start = int(os.environ.get(variable, str(first)))
    return tuple(range(start, start + count))
