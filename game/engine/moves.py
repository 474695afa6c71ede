"""Moves: the one vocabulary shared by the client, the NPCs, ``simulate`` and the bots.

*Turn moves* (offer, accept, reject, walk away, and their multi-party names support and
oppose) are made in turn and pass the turn on.  *Talk moves* (asking, sharing, citing a
benchmark, apologising, ...) can be made at any time by any party still at the table, up to
a limit per round; they do not pass the turn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from game.engine.offers import Offer


class MoveKind(StrEnum):
    """Every kind of move a party can make."""

    OFFER = "offer"
    ACCEPT = "accept"
    REJECT = "reject"
    WALK_AWAY = "walk_away"
    SUPPORT = "support"
    OPPOSE = "oppose"
    ASK_ISSUE = "ask_issue"
    ASK_WHY = "ask_why"
    ASK_PRIORITIES = "ask_priorities"
    STATE_PRIORITIES = "state_priorities"
    CITE_EVIDENCE = "cite_evidence"
    APPEAL_RELATIONSHIP = "appeal_relationship"
    THREATEN = "threaten"
    EXPRESS_EMOTION = "express_emotion"
    ACKNOWLEDGE_GRIEVANCE = "acknowledge_grievance"
    APOLOGISE = "apologise"
    PROPOSE_SHARED_ACCOUNT = "propose_shared_account"
    LET_GO = "let_go"
    RAISE_GRIEVANCE = "raise_grievance"
    ASK_MEDIATOR = "ask_mediator"
    PROPOSE_FOR_ME = "propose_for_me"
    RESTATE_INTERESTS = "restate_interests"
    CLAIM = "claim"
    """A claim the other side may test (an alternative, a last word, a priority; true or
    a bluff), or its answer to a test: logged, never counted against the talk limit."""
    ASK_PROOF = "ask_proof"
    CALL_BLUFF = "call_bluff"
    POINT_CONTRADICTION = "point_contradiction"
    STATE_PREFERENCE = "state_preference"
    ASK_PREFERENCE = "ask_preference"
    ASK_FAVOUR = "ask_favour"
    GRANT_FAVOUR = "grant_favour"

    @property
    def is_turn_move(self) -> bool:
        """Return True for moves made in turn that pass the turn on."""
        return self in TURN_MOVES


TURN_MOVES = frozenset(
    {
        MoveKind.OFFER,
        MoveKind.ACCEPT,
        MoveKind.REJECT,
        MoveKind.WALK_AWAY,
        MoveKind.SUPPORT,
        MoveKind.OPPOSE,
    }
)

PROBE_KINDS = frozenset({MoveKind.ASK_PROOF, MoveKind.CALL_BLUFF, MoveKind.POINT_CONTRADICTION})
"""Talk moves that test a claim the other side made (``claim``): ask for proof, call it a
bluff, point out that its own moves contradict it.  ``meta["claim"]`` names the claim (by
default the latest one still standing)."""

EMOTIONS = ("warm", "neutral", "frustrated", "angry")

WHY_STYLES = ("open", "leading")
"""How an ``ask_why`` move asks (``meta["style"]``): an open question ("Why does the price
matter to you?") or a leading one that puts an answer in the other side's mouth ("It's just
about the money, isn't it?").  Without a style the question is open."""

PREFERENCE_OVER = "over"
"""Pairwise preference talk (``state_preference``, ``ask_preference``): ``issue`` names one
issue and ``meta["over"]`` the other; a statement says ``issue`` matters more than the other
("I care more about the delivery than the warranty"), a question asks which matters more.
Favours (``ask_favour``, ``grant_favour``) name in ``issue`` where ground is given."""


_OPTIONAL_FIELDS = ("issue", "evidence", "emotion", "grievance", "claim", "target")
"""The fields :meth:`Move.to_dict` writes only when set, in the order it writes them."""


@dataclass(frozen=True)
class Move:
    """One move by one party.  Only the fields its kind uses are set."""

    kind: MoveKind
    actor: str
    offer: Offer | None = None
    issue: str | None = None
    priorities: Mapping[str, float] | None = None
    """For state_priorities / restate_interests: issue -> weight as the speaker claims it."""
    evidence: str | None = None
    emotion: str | None = None
    grievance: str | None = None
    claim: float | None = None
    """For threaten: the BATNA utility the speaker claims (true or a bluff)."""
    target: str | None = None
    text: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if type(self.kind) is not MoveKind:
            object.__setattr__(self, "kind", MoveKind(self.kind))
        if self.priorities is not None:
            object.__setattr__(self, "priorities", MappingProxyType(dict(self.priorities)))
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))

    @classmethod
    def offering(cls, actor: str, offer: Offer, meta: Mapping[str, Any] | None = None) -> Move:
        """Return ``Move(MoveKind.OFFER, actor, offer=offer, meta=meta or {})``, made without
        the frozen dataclass's checked assignment per field (every turn makes one)."""
        move = object.__new__(cls)
        move.__dict__.update(
            kind=MoveKind.OFFER,
            actor=actor,
            offer=offer,
            issue=None,
            priorities=None,
            evidence=None,
            emotion=None,
            grievance=None,
            claim=None,
            target=None,
            text="",
            meta=MappingProxyType(dict(meta or {})),
        )
        return move

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of the set fields (``from_dict`` reads it back)."""
        fields = self.__dict__  # read directly: every record writes every move
        data: dict[str, Any] = {"kind": fields["kind"].value, "actor": fields["actor"]}
        offer = fields["offer"]
        if offer is not None:
            data["offer"] = offer.to_dict()
        for name in _OPTIONAL_FIELDS:
            value = fields[name]
            if value is not None:
                data[name] = value
        priorities = fields["priorities"]
        if priorities is not None:
            data["priorities"] = dict(priorities)
        if fields["text"]:
            data["text"] = fields["text"]
        if fields["meta"]:
            data["meta"] = dict(fields["meta"])
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Move:
        """Return the move a ``to_dict`` result describes."""
        offer = data.get("offer")
        return cls(
            kind=MoveKind(data["kind"]),
            actor=str(data["actor"]),
            offer=Offer.from_dict(offer) if offer else None,
            issue=data.get("issue"),
            priorities=data.get("priorities"),
            evidence=data.get("evidence"),
            emotion=data.get("emotion"),
            grievance=data.get("grievance"),
            claim=data.get("claim"),
            target=data.get("target"),
            text=data.get("text", ""),
            meta=data.get("meta", {}),
        )
