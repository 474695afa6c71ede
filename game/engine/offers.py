"""Offers: full or partial packages, optionally with a contingent clause.

A contingent clause ties some issues to an uncertain event: "if sales pass 50,000 copies,
royalty 15 %, otherwise 10 %".  Each party values it by its expected utility under its
*own* belief about the event, so parties who disagree about the future can both prefer
the same bet to any plain package.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from game.engine.errors import EngineError
from game.engine.issues import Value
from game.engine.outcome_space import OutcomeSpace
from game.engine.preferences import Preferences


def _frozen(mapping: Mapping[str, Value]) -> Mapping[str, Value]:
    return MappingProxyType(dict(mapping))


def _same(snapped: Mapping[str, Value], given: Mapping[str, Value]) -> bool:
    """Return True when every snapped value is the very value given (same keys, in order)."""
    if len(snapped) != len(given):
        return False
    for (key, value), (given_key, given_value) in zip(snapped.items(), given.items(), strict=True):
        if key is not given_key and key != given_key:
            return False
        if value is not given_value:
            return False
    return True


@dataclass(frozen=True)
class UncertainEvent:
    """Something that may or may not happen, with each party's own probability for it."""

    id: str
    description: str
    beliefs: Mapping[str, float]
    issues: tuple[str, ...] = ()
    """Issues a clause on this event may make contingent (empty: any issue)."""

    def __post_init__(self) -> None:
        for party, probability in self.beliefs.items():
            if not (math.isfinite(probability) and 0.0 <= probability <= 1.0):
                raise EngineError(f"{party}'s belief in {self.id!r} must lie in [0, 1]")
        object.__setattr__(self, "beliefs", MappingProxyType(dict(self.beliefs)))

    def belief(self, party_id: str) -> float:
        """Return the probability ``party_id`` gives the event (0.5 when it has none)."""
        return float(self.beliefs.get(party_id, 0.5))


@dataclass(frozen=True)
class ContingentClause:
    """Terms that depend on an event: ``if_happens`` when it does, ``otherwise`` when not."""

    event_id: str
    if_happens: Mapping[str, Value]
    otherwise: Mapping[str, Value]

    def __post_init__(self) -> None:
        if set(self.if_happens) != set(self.otherwise):
            raise EngineError("a contingent clause must name the same issues in both branches")
        if not self.if_happens:
            raise EngineError("a contingent clause must name at least one issue")
        object.__setattr__(self, "if_happens", _frozen(self.if_happens))
        object.__setattr__(self, "otherwise", _frozen(self.otherwise))

    @property
    def issues(self) -> frozenset[str]:
        """Return the issues the clause decides."""
        return frozenset(self.if_happens)


@dataclass(frozen=True)
class Offer:
    """A package: values for some or all issues, and optionally a contingent clause."""

    terms: Mapping[str, Value] = field(default_factory=dict)
    clause: ContingentClause | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", _frozen(self.terms))
        if self.clause is not None:
            overlap = sorted(self.clause.issues & set(self.terms))
            if overlap:
                raise EngineError(
                    f"issue(s) {', '.join(overlap)} appear both as plain terms and in the clause"
                )

    def decided(self) -> frozenset[str]:
        """Return the issues this offer settles (plain or by clause)."""
        clause_issues = self.clause.issues if self.clause else frozenset()
        return frozenset(self.terms) | clause_issues

    def open_issues(self, space: OutcomeSpace) -> list[str]:
        """Return the issues this offer leaves open, in space order."""
        decided = self.decided()
        return [i for i in space.issue_ids if i not in decided]

    def is_complete(self, space: OutcomeSpace) -> bool:
        """Return True when every issue is settled."""
        if self.clause is None:
            terms = self.terms
            return all(issue_id in terms for issue_id in space.issue_ids)
        return not self.open_issues(space)

    def branches(self) -> tuple[dict[str, Value], dict[str, Value] | None]:
        """Return the package if the event happens (or the plain package) and otherwise (or None)."""
        if self.clause is None:
            return dict(self.terms), None
        happens = {**self.terms, **self.clause.if_happens}
        otherwise = {**self.terms, **self.clause.otherwise}
        return happens, otherwise

    def utility(self, preferences: Preferences, belief: float | None = None) -> float:
        """Return the (expected) utility of a complete offer for a party with this belief."""
        happens, otherwise = self.branches()
        if otherwise is None:
            return preferences.utility(happens)
        p = 0.5 if belief is None else belief
        return p * preferences.utility(happens) + (1 - p) * preferences.utility(otherwise)

    def bounds(self, preferences: Preferences, belief: float | None = None) -> tuple[float, float]:
        """Return the lowest and highest (expected) utility any completion can reach."""
        happens, otherwise = self.branches()
        if otherwise is None:
            return preferences.bounds(happens)
        p = 0.5 if belief is None else belief
        low_a, high_a = preferences.bounds(happens)
        low_b, high_b = preferences.bounds(otherwise)
        return p * low_a + (1 - p) * low_b, p * high_a + (1 - p) * high_b

    def normalised(self, space: OutcomeSpace) -> Offer:
        """Return the offer with values snapped to the issues' own values (EngineError if invalid)."""
        known = space.normal_offers
        if known.get(id(self)) is self:
            return self  # checked before: already the space's own values
        clause = None
        terms = space.normalise(self.terms)
        if self.clause is not None:
            if_happens = space.normalise(self.clause.if_happens)
            otherwise = space.normalise(self.clause.otherwise)
            if _same(if_happens, self.clause.if_happens) and _same(
                otherwise, self.clause.otherwise
            ):
                clause = self.clause
            else:
                clause = ContingentClause(self.clause.event_id, if_happens, otherwise)
        if clause is self.clause and _same(terms, self.terms):
            known[id(self)] = self
            return self  # already the space's own values: nothing to snap
        return Offer(terms, clause)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (``from_dict`` reads it back)."""
        data: dict[str, Any] = {"terms": dict(self.terms)}
        if self.clause is not None:
            data["clause"] = {
                "event": self.clause.event_id,
                "if_happens": dict(self.clause.if_happens),
                "otherwise": dict(self.clause.otherwise),
            }
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Offer:
        """Return the offer a ``to_dict`` result describes."""
        clause_data = data.get("clause")
        clause = None
        if clause_data:
            clause = ContingentClause(
                str(clause_data["event"]),
                dict(clause_data["if_happens"]),
                dict(clause_data["otherwise"]),
            )
        return cls(dict(data.get("terms", {})), clause)
