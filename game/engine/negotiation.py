"""A negotiation's definition: the outcome space, the parties, uncertain events and rules."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from game.engine.errors import EngineError
from game.engine.offers import Offer, UncertainEvent
from game.engine.outcome_space import OutcomeSpace
from game.engine.phrases import CLAUSE_OUTSIDE, LEAVES_OPEN
from game.engine.preferences import Preferences

PLAYER = "player"
"""The player's party id (in every level, match, move and history record)."""


@dataclass(frozen=True)
class Party:
    """A side at the table: the player or an NPC, with its own preferences."""

    id: str
    name: str
    preferences: Preferences
    is_player: bool = False


class Protocol(StrEnum):
    """How an agreement is reached."""

    ALTERNATING = "alternating"
    """Two parties take turns; an offer accepted by the other side is the deal."""
    UNANIMITY = "unanimity"
    """Any number of parties; a proposal every party supports is the deal."""
    MAJORITY = "majority"
    """Any number of parties; a proposal ``quorum`` parties support is the deal (k of n)."""


@dataclass(frozen=True)
class Rules:
    """Deadline, protocol and who may speak when."""

    deadline_rounds: int = 10
    protocol: Protocol = Protocol.ALTERNATING
    quorum: int | None = None
    chair: str | None = None
    """A participant (a party, or a neutral such as ``mediator``) who may table a single text at any time."""
    first_mover: str | None = None
    talk_limit: int = 3
    """How many talk moves each party may make per round."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "protocol", Protocol(self.protocol))
        if self.deadline_rounds < 1:
            raise EngineError("the deadline must be at least one round")
        if self.talk_limit < 0:
            raise EngineError("the talk limit cannot be negative")


@dataclass(frozen=True)
class Negotiation:
    """Everything that defines one negotiation, independent of how it is played."""

    space: OutcomeSpace
    parties: tuple[Party, ...]
    events: tuple[UncertainEvent, ...] = ()
    rules: Rules = Rules()

    def __post_init__(self) -> None:
        if len(self.parties) < 2:
            raise EngineError("a negotiation needs at least two parties")
        ids = [p.id for p in self.parties]
        if len(set(ids)) != len(ids):
            raise EngineError("party ids must be unique")
        for party in self.parties:
            if party.preferences.space is not self.space and party.preferences.space != self.space:
                raise EngineError(f"{party.id}'s preferences are over another outcome space")
        if self.rules.protocol is Protocol.ALTERNATING and len(self.parties) != 2:
            raise EngineError(
                "alternating offers take exactly two parties: use unanimity or majority"
            )
        if self.rules.quorum is not None and not 1 <= self.rules.quorum <= len(self.parties):
            raise EngineError(f"the quorum must lie between 1 and {len(self.parties)}")
        if self.rules.first_mover is not None and self.rules.first_mover not in ids:
            raise EngineError(f"first mover {self.rules.first_mover!r} is not a party")
        event_ids = [e.id for e in self.events]
        if len(set(event_ids)) != len(event_ids):
            raise EngineError("event ids must be unique")

    @functools.cached_property
    def party_ids(self) -> tuple[str, ...]:
        """Return the party ids in order (worked out once: asked several times a move)."""
        return tuple(p.id for p in self.parties)

    @property
    def player(self) -> Party:
        """Return the player's party (the first party when none is marked)."""
        return next((p for p in self.parties if p.is_player), self.parties[0])

    def party(self, party_id: str) -> Party:
        """Return a party by id; EngineError when unknown."""
        for party in self.parties:
            if party.id == party_id:
                return party
        raise EngineError(f"unknown party {party_id!r}")

    def event(self, event_id: str) -> UncertainEvent:
        """Return an uncertain event by id; EngineError when unknown."""
        for event in self.events:
            if event.id == event_id:
                return event
        raise EngineError(f"unknown event {event_id!r}")

    @property
    def reservations(self) -> np.ndarray:
        """Return every party's reservation value, in party order."""
        return np.array([p.preferences.reservation for p in self.parties])

    def check_offer(self, offer: Offer, *, complete: bool = True) -> Offer:
        """Return the offer normalised to the space; EngineError when it does not fit."""
        normalised = offer.normalised(self.space)
        if normalised.clause is not None:
            event = self.event(normalised.clause.event_id)
            if event.issues:
                outside = sorted(normalised.clause.issues - set(event.issues))
                if outside:
                    raise EngineError(
                        CLAUSE_OUTSIDE.format(event=repr(event.id), issues=", ".join(outside))
                    )
        if complete and not normalised.is_complete(self.space):
            raise EngineError(
                LEAVES_OPEN.format(issues=", ".join(normalised.open_issues(self.space)))
            )
        return normalised

    def describe(self, offer: Offer) -> str:
        """Return a package in words, with its clause: ``Price $120; if ...: ...; otherwise ...``."""
        space = self.space
        text = space.describe(offer.terms)
        if offer.clause is not None:
            event = self.event(offer.clause.event_id)
            happens = space.describe(offer.clause.if_happens)
            otherwise = space.describe(offer.clause.otherwise)
            clause = f"if {event.description}: {happens}; otherwise {otherwise}"
            text = f"{text}; {clause}" if text else clause
        return text

    def utility(self, party_id: str, offer: Offer) -> float:
        """Return a complete offer's (expected) utility for a party, under its own belief."""
        party = self.party(party_id)
        belief = None
        if offer.clause is not None:
            belief = self.event(offer.clause.event_id).belief(party_id)
        return offer.utility(party.preferences, belief)

    def utilities(self, offer: Offer) -> tuple[float, ...]:
        """Return a complete offer's utility for every party, in party order."""
        return tuple(self.utility(p.id, offer) for p in self.parties)

    def utility_matrix(self) -> np.ndarray:
        """Return the (outcomes x parties) matrix of plain-package utilities."""
        return np.column_stack([p.preferences.utilities for p in self.parties])
