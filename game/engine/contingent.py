"""The space of contingent packages for one uncertain event.

A clause on event E decides some issues twice: once for "E happens" and once for "E does
not".  Because utilities are additive, party i's expected utility of such a package is
the plain sum over the other issues plus ``p_i * w v(x_if) + (1 - p_i) * w v(x_else)`` over
the clause issues.  So the contingent packages form an ordinary outcome space with each
clause issue split in two, and all the analytics apply to it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from game.engine.errors import EngineError
from game.engine.negotiation import Negotiation
from game.engine.offers import ContingentClause, Offer
from game.engine.outcome_space import OutcomeSpace

_IF = "{}|if"
_ELSE = "{}|else"


@dataclass(frozen=True)
class ContingentSpace:
    """Every package whose ``issues`` are settled by a clause on ``event_id``."""

    negotiation: Negotiation
    event_id: str
    issues: tuple[str, ...]
    space: OutcomeSpace = field(init=False)

    def __post_init__(self) -> None:
        event = self.negotiation.event(self.event_id)
        base = self.negotiation.space
        if not self.issues:
            raise EngineError(f"event {event.id!r} names no issues a clause can decide")
        for issue_id in self.issues:
            base.issue(issue_id)
        extended = []
        for issue in base.issues:
            if issue.id in self.issues:
                extended.append(replace(issue, id=_IF.format(issue.id)))
                extended.append(replace(issue, id=_ELSE.format(issue.id)))
            else:
                extended.append(issue)
        object.__setattr__(self, "space", OutcomeSpace(tuple(extended)))

    def utilities(self) -> np.ndarray:
        """Return the (packages x parties) matrix of expected utilities, each under its own belief."""
        event = self.negotiation.event(self.event_id)
        columns = []
        for party in self.negotiation.parties:
            belief = event.belief(party.id)
            tables = []
            for issue, table in zip(
                self.negotiation.space.issues,
                party.preferences.weighted_tables(),
                strict=True,
            ):
                if issue.id in self.issues:
                    tables.append(belief * table)
                    tables.append((1 - belief) * table)
                else:
                    tables.append(table)
            columns.append(self.space.grid_sum(tables))
        return np.column_stack(columns)

    def offer(self, index: int) -> Offer:
        """Return package ``index`` as an offer with a contingent clause."""
        flat = self.space.outcome(index)
        terms = {k: v for k, v in flat.items() if "|" not in k}
        if_happens = {i: flat[_IF.format(i)] for i in self.issues}
        otherwise = {i: flat[_ELSE.format(i)] for i in self.issues}
        return Offer(terms, ContingentClause(self.event_id, if_happens, otherwise))

    def index_of(self, offer: Offer) -> int:
        """Return the index of a contingent offer on this event (plain offers: both branches equal)."""
        happens, otherwise = offer.branches()
        otherwise = happens if otherwise is None else otherwise
        flat = {}
        for issue_id in self.negotiation.space.issue_ids:
            if issue_id in self.issues:
                flat[_IF.format(issue_id)] = happens[issue_id]
                flat[_ELSE.format(issue_id)] = otherwise[issue_id]
            else:
                flat[issue_id] = happens[issue_id]
        return self.space.index_of(flat)


def contingent_spaces(negotiation: Negotiation) -> list[ContingentSpace]:
    """Return the contingent space of every event that names its issues."""
    return [
        ContingentSpace(negotiation, event.id, tuple(event.issues))
        for event in negotiation.events
        if event.issues
    ]
