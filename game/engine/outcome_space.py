"""The outcome space: every combination of issue values, addressed by a flat index.

Outcomes are numbered in mixed radix with the first issue most significant, so the space
never has to be materialised as Python objects: per-issue arrays are combined with numpy
broadcasting, and an index converts to and from an ``{issue_id: value}`` mapping.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.engine.errors import EngineError, OutcomeSpaceTooLarge
from game.engine.issues import Issue, Value, term_words

MAX_OUTCOMES = 10_000_000

Outcome = Mapping[str, Value]


@dataclass(frozen=True)
class OutcomeSpace:
    """All outcomes of a list of issues."""

    issues: tuple[Issue, ...]
    sizes: tuple[int, ...] = field(init=False, repr=False)
    strides: tuple[int, ...] = field(init=False, repr=False)
    size: int = field(init=False)

    def __post_init__(self) -> None:
        if not self.issues:
            raise EngineError("a negotiation needs at least one issue")
        ids = [issue.id for issue in self.issues]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise EngineError(f"issue ids must be unique: {', '.join(duplicates)}")
        sizes = tuple(issue.size for issue in self.issues)
        total = 1
        for size in sizes:
            total *= size
        if total > MAX_OUTCOMES:
            detail = " x ".join(f"{issue.id} {issue.size}" for issue in self.issues)
            raise OutcomeSpaceTooLarge(
                f"the issues make {total:,} outcomes ({detail}), more than the "
                f"{MAX_OUTCOMES:,} the game can analyse: use fewer options or a larger step"
            )
        strides = []
        running = 1
        for size in reversed(sizes):
            strides.append(running)
            running *= size
        object.__setattr__(self, "sizes", sizes)
        object.__setattr__(self, "strides", tuple(reversed(strides)))
        object.__setattr__(self, "size", total)

    @functools.cached_property
    def issue_ids(self) -> tuple[str, ...]:
        """Return the issue ids in order (worked out once: asked several times a move)."""
        return tuple(issue.id for issue in self.issues)

    @functools.cached_property
    def _by_id(self) -> dict[str, Issue]:
        return {issue.id: issue for issue in self.issues}

    def issue(self, issue_id: str) -> Issue:
        """Return the issue with this id; EngineError when there is none."""
        try:
            issue = self._by_id.get(issue_id)
        except TypeError:  # not an id at all
            issue = None
        if issue is None:
            raise EngineError(f"unknown issue {issue_id!r}")
        return issue

    @functools.cached_property
    def _snapped(self) -> dict[tuple[str, type, Value], Value]:
        """Values already snapped by :meth:`normalise`, by (issue, type, value): a match
        snaps the same few values again and again (the type is in the key because
        ``1``, ``1.0`` and ``True`` are equal keys that may snap differently)."""
        return {}

    @functools.cached_property
    def normal_offers(self) -> weakref.WeakValueDictionary[int, Any]:
        """Offers found to hold this space's own values already (``Offer.normalised``), by
        id while they live: an offer tabled again is not snapped again."""
        return weakref.WeakValueDictionary()

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        return {issue.id: position for position, issue in enumerate(self.issues)}

    def position(self, issue_id: str) -> int:
        """Return the position of an issue in the space."""
        try:
            position = self._positions.get(issue_id)
        except TypeError:  # not an id at all
            position = None
        if position is None:
            raise EngineError(f"unknown issue {issue_id!r}")
        return position

    def grid_sum(self, per_issue: Sequence[np.ndarray]) -> np.ndarray:
        """Return, for every outcome in index order, the sum of its per-issue entries.

        ``per_issue[i]`` holds one number per value of issue ``i``; the result is a flat
        float64 array of ``size`` entries built by broadcasting (no per-outcome loop).
        """
        total = np.asarray(per_issue[0], dtype=np.float64)
        for values in per_issue[1:]:
            total = np.add.outer(total, np.asarray(values, dtype=np.float64)).ravel()
        return total

    def value_indices(self, flat: np.ndarray | int) -> np.ndarray:
        """Return the per-issue value indices of outcome indices, shape (len(flat), issues)."""
        flat = np.atleast_1d(np.asarray(flat, dtype=np.int64))
        strides = np.asarray(self.strides, dtype=np.int64)
        sizes = np.asarray(self.sizes, dtype=np.int64)
        return (flat[:, None] // strides[None, :]) % sizes[None, :]

    def outcome(self, index: int) -> dict[str, Value]:
        """Return outcome ``index`` as ``{issue_id: value}``."""
        if not 0 <= int(index) < self.size:
            raise EngineError(f"outcome index {index} is outside the space of {self.size}")
        positions = self.value_indices(int(index))[0]
        return {
            issue.id: issue.values[int(pos)]
            for issue, pos in zip(self.issues, positions, strict=True)
        }

    def index_of(self, outcome: Outcome) -> int:
        """Return the flat index of a complete outcome; EngineError when a value is missing or wrong."""
        missing = [issue.id for issue in self.issues if issue.id not in outcome]
        if missing:
            raise EngineError(f"the package leaves open: {', '.join(missing)}")
        unknown = sorted(set(outcome) - set(self.issue_ids))
        if unknown:
            raise EngineError(f"unknown issue(s): {', '.join(unknown)}")
        return sum(
            issue.index_of(outcome[issue.id]) * stride
            for issue, stride in zip(self.issues, self.strides, strict=True)
        )

    def normalise(self, outcome: Outcome) -> dict[str, Value]:
        """Return the outcome with every value snapped to the issue's own value (partial allowed)."""
        result: dict[str, Value] = {}
        snapped = self._snapped
        for issue_id, value in outcome.items():
            key = (issue_id, type(value), value)
            try:
                result[issue_id] = snapped[key]
                continue
            except (KeyError, TypeError):  # not seen yet, or a value that cannot be a key
                pass
            issue = self.issue(issue_id)
            normal = issue.values[issue.index_of(value)]
            result[issue_id] = normal
            if len(snapped) < 100_000:
                try:
                    snapped[key] = normal
                except TypeError:
                    pass
        return result

    def describe(self, outcome: Outcome) -> str:
        """Return a package in words: ``price $120, warranty 2 years``."""
        parts = []
        for issue in self.issues:
            if issue.id in outcome:
                parts.append(term_words(issue, outcome[issue.id]))
        return ", ".join(parts)
