"""Per-level tables, computed once: each party's outcomes sorted by its own utility.

A decision never enumerates the outcome space.  Once per level (and party) the outcomes are
sorted by that party's utility; a target utility then becomes a position by binary search,
and the candidates for an offer are the few outcomes just above the target.  Outcome values
are decoded from the flat index with the space's strides (no per-outcome objects).

``LevelTables`` holds one ``PartyTable`` per party plus the ``SpaceCodec`` that turns offers
into outcome indices and back; ``NpcRuntime`` (in ``runtime.py``) caches them across matches.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy as np

from game.engine import Negotiation, Offer, OutcomeSpace

MADE_OFFERS = 100_000
"""How many offers a codec keeps made (past that it starts again)."""
SMALL_SPACE = 65_536
"""Up to this many outcomes, utilities are also kept as Python lists (faster scalar lookups)."""


class SpaceCodec:
    """Converts between outcome indices, per-issue value positions and offers of one space."""

    def __init__(self, space: OutcomeSpace) -> None:
        self.space = space
        self.issue_ids = space.issue_ids
        self.sizes = space.sizes
        self.strides = space.strides
        self.pairs = tuple(zip(self.strides, self.sizes, strict=True))
        self.positions = tuple(
            {value: position for position, value in enumerate(issue.values)}
            for issue in space.issues
        )
        self._strides_array = np.asarray(self.strides, dtype=np.int64)
        self._sizes_array = np.asarray(self.sizes, dtype=np.int64)
        self._offers: dict[int, Offer] = {}
        """Offers made by :meth:`offer`, by index (kept alive, so their ids stay theirs)."""
        self._made: dict[int, int] = {}
        """The index of each offer in ``_offers``, by the offer's id."""
        self.rows: list[tuple[int, ...]] | None = None
        """Every outcome's value positions, for spaces up to SMALL_SPACE outcomes."""
        if space.size <= SMALL_SPACE:
            matrix = self.values_matrix(np.arange(space.size, dtype=np.int64))
            self.rows = [tuple(row) for row in matrix.tolist()]

    def values_of(self, index: int) -> tuple[int, ...]:
        """Return the value position of every issue in outcome ``index``."""
        rows = self.rows
        if rows is not None:
            return rows[index]
        return tuple((index // stride) % size for stride, size in self.pairs)

    def values_matrix(self, indices: np.ndarray) -> np.ndarray:
        """Return the value positions of many outcomes, shape (len(indices), issues)."""
        return (indices[:, None] // self._strides_array[None, :]) % self._sizes_array[None, :]

    def index_of_terms(self, terms) -> int | None:
        """Return the index of a complete ``{issue: value}`` mapping, or None when it is not one."""
        total = 0
        for issue_id, stride, table in zip(
            self.issue_ids, self.strides, self.positions, strict=True
        ):
            if issue_id not in terms:
                return None
            position = table.get(terms[issue_id])
            if position is None:
                try:
                    position = self.space.issue(issue_id).index_of(terms[issue_id])
                except Exception:  # noqa: BLE001 - a value that is not in the issue
                    return None
            total += position * stride
        return total

    def index_of(self, offer: Offer) -> int | None:
        """Return the outcome index of a plain complete offer (None for clauses or partial ones)."""
        index = self._made.get(id(offer))
        if index is not None and self._offers[index] is offer:
            return index  # one of the offers made here: its index is known
        if offer.clause is not None:
            return None
        return self.index_of_terms(offer.terms)

    def branch_index(self, offer: Offer) -> int | None:
        """Return the index of the package an offer gives if its event happens (plain: itself)."""
        index = self._made.get(id(offer))
        if index is not None and self._offers[index] is offer:
            return index
        happens, _ = offer.branches()
        return self.index_of_terms(happens)

    def terms(self, index: int) -> dict:
        """Return outcome ``index`` as ``{issue_id: value}``."""
        return {
            issue.id: issue.values[(index // stride) % size]
            for issue, stride, size in zip(self.space.issues, self.strides, self.sizes, strict=True)
        }

    def offer(self, index: int) -> Offer:
        """Return outcome ``index`` as a plain offer (the same object each time: offers are
        immutable, and a match tables the same few again and again)."""
        offer = self._offers.get(index)
        if offer is None:
            offer = Offer(self.terms(index))
            if len(self._offers) >= MADE_OFFERS:
                self._offers.clear()
                self._made.clear()
            self._offers[index] = offer
            self._made[id(offer)] = index
        return offer


@dataclass
class PartyTable:
    """One party's utilities over every outcome, and the outcomes sorted by them."""

    party_id: str
    utilities: np.ndarray
    reservation: float
    order: np.ndarray = field(init=False, repr=False)
    sorted_utilities: np.ndarray = field(init=False, repr=False)
    best: float = field(init=False)
    worst: float = field(init=False)
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.order = np.argsort(self.utilities, kind="stable")
        self.sorted_utilities = self.utilities[self.order]
        self.size = int(self.utilities.shape[0])
        self.best = float(self.sorted_utilities[-1])
        self.worst = float(self.sorted_utilities[0])
        small = self.size <= SMALL_SPACE
        self._utility_list = self.utilities.tolist() if small else None
        self._sorted_list = self.sorted_utilities.tolist() if small else None
        self._order_list = self.order.tolist() if small else None

    def utility(self, index: int) -> float:
        """Return this party's utility of outcome ``index``."""
        if self._utility_list is not None:
            return self._utility_list[index]
        return float(self.utilities[index])

    def position_at_least(self, target: float) -> int:
        """Return the sorted position of the first outcome worth at least ``target`` (clamped)."""
        if self._sorted_list is not None:
            position = bisect_left(self._sorted_list, target - 1e-12)
        else:
            position = int(np.searchsorted(self.sorted_utilities, target - 1e-12, side="left"))
        return min(position, self.size - 1)

    def position_above(self, value: float) -> int:
        """Return the sorted position just past every outcome worth at most ``value``."""
        if self._sorted_list is not None:
            return bisect_right(self._sorted_list, value + 1e-12)
        return int(np.searchsorted(self.sorted_utilities, value + 1e-12, side="right"))

    def window(self, target: float, tolerance: float) -> tuple[int, int]:
        """Return sorted positions ``[low, high)`` of the outcomes worth target..target+tolerance.

        Never empty: when no outcome lies in the band, the one nearest above the target (or
        the best outcome, when the target is above everything) is the window.
        """
        low = self.position_at_least(target)
        high = max(self.position_above(target + tolerance), low + 1)
        return low, min(high, self.size)

    def utility_at(self, position: int) -> float:
        """Return the utility at a sorted position."""
        if self._sorted_list is not None:
            return self._sorted_list[position]
        return float(self.sorted_utilities[position])

    def outcome_at(self, position: int) -> int:
        """Return the outcome index at a sorted position."""
        if self._order_list is not None:
            return self._order_list[position]
        return int(self.order[position])

    def outcome_list(self, low: int, high: int, cap: int) -> list[int]:
        """Return up to ``cap`` outcome indices from sorted positions ``[low, high)`` as a list."""
        count = high - low
        order = self._order_list
        if order is not None and count <= cap:
            return order[low:high]
        return self.outcomes_between(low, high, cap).tolist()

    def outcomes_between(self, low: int, high: int, cap: int) -> np.ndarray:
        """Return up to ``cap`` outcome indices from sorted positions ``[low, high)``, spread evenly."""
        count = high - low
        if count <= cap:
            return self.order[low:high]
        picks = low + (np.arange(cap, dtype=np.int64) * count) // cap
        return self.order[picks]

    def best_index(self) -> int:
        """Return the outcome this party likes best."""
        return self.outcome_at(self.size - 1)


class LevelTables:
    """Everything precomputed for one negotiation: the codec and a table per party."""

    def __init__(self, negotiation: Negotiation) -> None:
        self.negotiation = negotiation
        self.codec = SpaceCodec(negotiation.space)
        self._parties: dict[str, PartyTable] = {}
        self._memos: dict[object, dict] = {}

    def memo(self, key: object) -> dict:
        """Return a dict kept with these tables under ``key``, for what its readers work
        out from the level alone and say again in every match (a package in an NPC's
        words).  Bounded: a memo past 100,000 entries starts again empty."""
        found = self._memos.get(key)
        if found is None or len(found) > 100_000:
            found = self._memos[key] = {}
        return found

    def party(self, party_id: str) -> PartyTable:
        """Return the table of one party (built on first use)."""
        table = self._parties.get(party_id)
        if table is None:
            party = self.negotiation.party(party_id)
            table = PartyTable(
                party_id,
                party.preferences.utilities,
                float(party.preferences.reservation),
            )
            self._parties[party_id] = table
        return table

    def weighted_tables(self, party_id: str) -> list[np.ndarray]:
        """Return ``w_i * v_i`` per value of every issue for a party."""
        return self.negotiation.party(party_id).preferences.weighted_tables()
