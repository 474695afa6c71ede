"""A session: one play of a negotiation, advanced one move at a time.

``Session.step(move)`` never raises for an illegal move: it returns a :class:`StepResult`
with the reason and the moves that are legal now.  Each step appends to an append-only
log and produces a new frozen :class:`SessionState`; the session's ``random.Random``
(seeded) is the only source of randomness, so (negotiation, seed, moves) replays exactly.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, NamedTuple

from game.engine.errors import EngineError
from game.engine.moves import TURN_MOVES, Move, MoveKind
from game.engine.negotiation import Negotiation, Protocol
from game.engine.offers import Offer
from game.engine.phrases import N_, OFFER_REFUSALS

OVER = N_("the negotiation is over")
LEFT = N_("you have left the table")
NOT_HERE = N_("{actor} is not at this table")
TALKED_OUT = N_("you have talked {n} times this round: make an offer or respond")
NOT_A_MOVE = N_("not a move: {move}")
NO_PACKAGE = N_("an offer needs a package")
NO_ISSUE = N_("there is no issue {issue}")
MULTI_ONLY = N_("support and oppose are for talks with more than two parties")
NO_MEDIATOR = N_("there is no mediator at this table")
CHAIR_NO_VOTE = N_("the chair tables texts; it does not vote")
NOT_YOUR_TURN = N_("it is not your turn")
NO_OFFER_YET = N_("there is no offer on the table yet")
OWN_OFFER = N_("you cannot answer your own offer")
ALREADY_SUPPORT = N_("you already support this proposal")

REFUSALS: tuple[str, ...] = (
    OVER,
    LEFT,
    NOT_HERE,
    TALKED_OUT,
    NOT_A_MOVE,
    NO_PACKAGE,
    NO_ISSUE,
    MULTI_ONLY,
    NO_MEDIATOR,
    CHAIR_NO_VOTE,
    NOT_YOUR_TURN,
    NO_OFFER_YET,
    OWN_OFFER,
    ALREADY_SUPPORT,
    *OFFER_REFUSALS,
)
"""Every reason the engine gives for refusing a move, as an English template (the screens
translate a reason by finding its template here; see :mod:`game.engine.phrases`)."""


class Status(StrEnum):
    """Where a session stands."""

    OPEN = "open"
    AGREED = "agreed"
    WALKED_AWAY = "walked_away"
    DEADLINE = "deadline"

    @property
    def finished(self) -> bool:
        """Return True when no more moves can be made."""
        return self is not Status.OPEN


@dataclass(frozen=True)
class Proposal:
    """The package on the table, who tabled it, and who supports or opposes it."""

    offer: Offer
    proposer: str
    round: int
    supporters: frozenset[str] = frozenset()
    opponents: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LoggedMove:
    """A move as it was made: its position in the log and the round it fell in."""

    index: int
    round: int
    move: Move


@dataclass(frozen=True)
class SessionState:
    """An immutable snapshot of a session."""

    round: int
    to_move: str
    status: Status
    table: Proposal | None
    agreement: Offer | None
    agreement_round: int | None
    log: tuple[LoggedMove, ...]
    active: tuple[str, ...]
    talk_used: tuple[tuple[str, int], ...]
    walked_by: str | None = None

    @property
    def finished(self) -> bool:
        """Return True when the session is over."""
        return self.status.finished

    def talk_count(self, party_id: str) -> int:
        """Return how many talk moves a party made this round."""
        found = 0
        for party, count in self.talk_used:  # (as dict(talk_used) reads it: the last one)
            if party == party_id:
                found = count
        return found

    def moves_by(self, party_id: str, kind: MoveKind | None = None) -> list[LoggedMove]:
        """Return the logged moves of a party, optionally of one kind."""
        return [
            e
            for e in self.log
            if e.move.actor == party_id and (kind is None or e.move.kind == kind)
        ]

    def offers_by(self, party_id: str) -> list[Offer]:
        """Return every offer a party made, in order."""
        return [e.move.offer for e in self.moves_by(party_id, MoveKind.OFFER) if e.move.offer]


def _tabled(state: SessionState) -> Proposal:
    """Return the proposal on the table (moves that answer it are refused while it is empty)."""
    table = state.table
    assert table is not None, "an answer reached the table with no proposal on it"
    return table


def _evolve(state: SessionState, **changes: object) -> SessionState:
    """Return ``dataclasses.replace(state, **changes)`` made cheap (several snapshots a move:
    ``replace`` looks up and checks every field each time)."""
    new = object.__new__(SessionState)
    values = new.__dict__
    values.update(state.__dict__)  # a snapshot holds its fields and nothing else
    values.update(changes)
    return new


def _filled(cls: type, values: dict[str, object]) -> Any:
    """Return an instance of a frozen dataclass with every field given in ``values``, made
    without the generated ``__init__``'s checked assignment per field (the engine makes
    several such records a move; the values are its own and already right)."""
    new: Any = object.__new__(cls)
    new.__dict__.update(values)
    return new


def _with_offer(move: Move, offer: Offer) -> Move:
    """Return ``dataclasses.replace(move, offer=offer)`` without building the move again
    (its other fields are already checked and frozen)."""
    new = object.__new__(Move)
    new.__dict__.update(move.__dict__)
    new.__dict__["offer"] = offer
    return new


@dataclass(frozen=True)
class StepResult:
    """What happened to a move: applied or refused (with the reason), and what is legal now.

    ``legal`` (the kinds the mover may make in ``state``) is worked out when first read:
    most callers never ask, and every NPC move makes a result.
    """

    ok: bool
    reason: str
    state: SessionState
    _legal_of: Callable[[], tuple[MoveKind, ...]] = field(repr=False, compare=False)

    @functools.cached_property
    def legal(self) -> tuple[MoveKind, ...]:
        """Return the kinds of move the mover may make in ``state``."""
        return self._legal_of()


@dataclass
class Session:
    """One play of a negotiation."""

    negotiation: Negotiation
    seed: int = 0
    rng: random.Random = field(init=False, repr=False)
    _state: SessionState = field(init=False, repr=False)
    _standing_memo: tuple[SessionState, str, _Standing] | None = field(
        init=False, repr=False, compare=False, default=None
    )

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        rules = self.negotiation.rules
        parties = self.negotiation.party_ids
        first = rules.first_mover or self.negotiation.player.id
        self._state = SessionState(
            round=0,
            to_move=first,
            status=Status.OPEN,
            table=None,
            agreement=None,
            agreement_round=None,
            log=(),
            active=parties,
            talk_used=(),
        )

    @property
    def state(self) -> SessionState:
        """Return the current snapshot."""
        return self._state

    @property
    def time(self) -> float:
        """Return the fraction of the deadline used, in [0, 1]."""
        return min(self._state.round / self.negotiation.rules.deadline_rounds, 1.0)

    @property
    def rounds_left(self) -> int:
        """Return how many rounds remain before the deadline."""
        return max(self.negotiation.rules.deadline_rounds - self._state.round, 0)

    def turns_left(self, party: str) -> int:
        """Return how many more turns ``party`` has before the deadline, the turn in play
        counted when it is theirs (none once the session is over or they have left).

        The last mover of a round who is not ``party`` may still speak after ``party``'s
        last turn; what it offers then cannot be answered.
        """
        state = self._state
        if state.status is not Status.OPEN or party not in state.active:
            return 0
        places = self._turn_order[party][2]
        still_this_round = places[party] >= places[state.to_move]
        return max(self.negotiation.rules.deadline_rounds - state.round - 1 + still_this_round, 0)

    # ----------------------------------------------------------------- legality
    def legal_moves(self, actor: str) -> tuple[MoveKind, ...]:
        """Return the kinds of move ``actor`` may make now (by the engine's rules)."""
        return self._legal_in(self._state, actor)

    def _legal_in(self, state: SessionState, actor: str) -> tuple[MoveKind, ...]:
        standing = self._standing(actor, state)
        return tuple(kind for kind in MoveKind if _kind_refusal(kind, standing) is None)

    def _result(self, ok: bool, reason: str, actor: str) -> StepResult:
        state = self._state
        return _filled(
            StepResult,
            {
                "ok": ok,
                "reason": reason,
                "state": state,
                "_legal_of": lambda: self._legal_in(state, actor),
            },
        )

    def refusals(self, actor: str) -> dict[MoveKind, str | None]:
        """Return :meth:`why_illegal` for every kind of move at once."""
        standing = self._standing(actor, self._state)
        return {kind: _kind_refusal(kind, standing) for kind in MoveKind}

    def why_illegal(self, actor: str, kind: MoveKind) -> str | None:
        """Return why ``actor`` may not make a move of this kind now, or None when it may."""
        return self._refusal(actor, kind if type(kind) is MoveKind else MoveKind(kind))

    def _refusal(self, actor: str, kind: MoveKind, state: SessionState | None = None) -> str | None:
        return _kind_refusal(kind, self._standing(actor, self._state if state is None else state))

    def _standing(self, actor: str, state: SessionState) -> _Standing:
        """Return what decides every kind of move's legality for ``actor`` in ``state``
        (the last one is kept: a move's legality is asked before and in ``step``)."""
        memo = self._standing_memo
        if memo is not None and memo[0] is state and memo[1] == actor:
            return memo[2]
        standing = self._work_out_standing(actor, state)
        self._standing_memo = (state, actor, standing)
        return standing

    def _work_out_standing(self, actor: str, state: SessionState) -> _Standing:
        rules = self.negotiation.rules
        is_chair = rules.chair is not None and actor == rules.chair
        seated = actor in state.active
        absent = None
        if state.status is not Status.OPEN:  # finished
            absent = OVER
        elif not seated and not is_chair:
            if actor in self.negotiation.party_ids:
                absent = LEFT
            else:
                absent = NOT_HERE.format(actor=repr(actor))
        talked_out = state.talk_count(actor) >= rules.talk_limit and not is_chair
        return _Standing(
            absent=absent,
            multi=rules.protocol is not Protocol.ALTERNATING,
            has_chair=rules.chair is not None,
            is_chair=is_chair,
            seated=seated,
            talked_out=(TALKED_OUT.format(n=rules.talk_limit) if talked_out else None),
            to_move=actor == state.to_move,
            table=state.table,
            actor=actor,
        )

    # ----------------------------------------------------------------- stepping
    def step(self, move: Move) -> StepResult:
        """Apply a move if it is legal; return what happened.  Never raises for bad moves."""
        if not isinstance(move, Move):
            return self._refused(
                str(getattr(move, "actor", "")), NOT_A_MOVE.format(move=repr(move))
            )
        reason = self._refusal(move.actor, move.kind)
        if reason is not None:
            return self._refused(move.actor, reason)
        if move.kind is MoveKind.OFFER:
            if move.offer is None:
                return self._refused(move.actor, NO_PACKAGE)
            try:
                offer = self.negotiation.check_offer(move.offer, complete=True)
            except EngineError as error:
                return self._refused(move.actor, str(error))
            move = _with_offer(move, offer)
        elif move.kind is MoveKind.ASK_ISSUE and move.issue not in self.negotiation.space.issue_ids:
            return self._refused(move.actor, NO_ISSUE.format(issue=repr(move.issue)))
        elif (
            move.kind is MoveKind.ASK_WHY
            and move.issue is not None
            and move.issue not in self.negotiation.space.issue_ids
        ):
            return self._refused(move.actor, NO_ISSUE.format(issue=repr(move.issue)))
        self._apply(move)
        return self._result(True, "", move.actor)

    def _refused(self, actor: str, reason: str) -> StepResult:
        return self._result(False, reason, actor)

    def _apply(self, move: Move) -> None:
        state = self._state
        entry = _filled(LoggedMove, {"index": len(state.log), "round": state.round, "move": move})
        log = (*state.log, entry)
        kind = move.kind
        if kind is MoveKind.CLAIM:
            self._state = _evolve(state, log=log)
            return
        if not kind.is_turn_move:
            used = dict(state.talk_used)
            used[move.actor] = used.get(move.actor, 0) + 1
            self._state = _evolve(state, log=log, talk_used=tuple(sorted(used.items())))
            return
        rules = self.negotiation.rules
        # A chair's text tabled out of turn keeps the turn where it was; a chair who is also
        # a party and offers in its own turn passes the turn like anyone else (otherwise it
        # could only offer again or walk away: it cannot answer its own offer).
        is_chair_text = (
            rules.chair == move.actor and kind is MoveKind.OFFER and move.actor != state.to_move
        )
        if kind is MoveKind.OFFER:
            assert move.offer is not None, "step refuses an offer without a package"
            supporters = frozenset() if move.actor not in state.active else frozenset({move.actor})
            proposal = _filled(
                Proposal,
                {
                    "offer": move.offer,
                    "proposer": move.actor,
                    "round": state.round,
                    "supporters": supporters,
                    "opponents": frozenset(),
                },
            )
            if not is_chair_text:  # the usual case: one snapshot for the move and the turn
                self._state = self._pass_turn(state, move.actor, log=log, table=proposal)
                return
            state = _evolve(state, log=log, table=proposal)
        else:
            state = _evolve(state, log=log)
        if kind in (MoveKind.ACCEPT, MoveKind.SUPPORT):
            table = _tabled(state)
            state = _evolve(
                state,
                table=replace(
                    table,
                    supporters=table.supporters | {move.actor},
                    opponents=table.opponents - {move.actor},
                ),
            )
            if self._agreed(state):
                self._state = _evolve(
                    state,
                    status=Status.AGREED,
                    agreement=table.offer,
                    agreement_round=state.round,
                )
                return
        elif kind in (MoveKind.REJECT, MoveKind.OPPOSE):
            table = _tabled(state)
            state = _evolve(
                state,
                table=replace(
                    table,
                    supporters=table.supporters - {move.actor},
                    opponents=table.opponents | {move.actor},
                ),
            )
        elif kind is MoveKind.WALK_AWAY:
            active = tuple(p for p in state.active if p != move.actor)
            state = _evolve(state, active=active, walked_by=state.walked_by or move.actor)
            if not self._can_still_agree(active):
                self._state = _evolve(state, status=Status.WALKED_AWAY)
                return
        if is_chair_text:
            self._state = state  # a chair's text does not use anyone's turn
            return
        self._state = self._pass_turn(state, move.actor)

    @functools.cached_property
    def _cycle(self) -> list[str]:
        """The cycle of turns: the party ids from the first mover on."""
        ids = list(self.negotiation.party_ids)
        first = ids.index(self.negotiation.rules.first_mover or self.negotiation.player.id)
        return ids[first:] + ids[:first]

    def _agreed(self, state: SessionState) -> bool:
        rules = self.negotiation.rules
        supporters = _tabled(state).supporters & set(state.active)
        if rules.protocol is Protocol.ALTERNATING:
            return len(supporters) == 2
        if rules.protocol is Protocol.UNANIMITY:
            return supporters == set(state.active) and len(state.active) == len(
                self.negotiation.parties
            )
        quorum = rules.quorum or (len(self.negotiation.parties) // 2 + 1)
        return len(supporters) >= quorum

    def _can_still_agree(self, active: tuple[str, ...]) -> bool:
        rules = self.negotiation.rules
        if rules.protocol is not Protocol.MAJORITY:
            return False
        quorum = rules.quorum or (len(self.negotiation.parties) // 2 + 1)
        return len(active) >= quorum

    @functools.cached_property
    def _turn_order(self) -> dict[str, tuple[int, tuple[str, ...], dict[str, int]]]:
        """Per party: its place in the cycle, the parties after it (wrapping round to it)
        and every party's place."""
        cycle = self._cycle
        places = {party: place for place, party in enumerate(cycle)}
        return {
            party: (place, tuple(cycle[place + 1 :] + cycle[: place + 1]), places)
            for place, party in enumerate(cycle)
        }

    def _pass_turn(self, state: SessionState, actor: str, **changes: object) -> SessionState:
        """Return ``state`` with ``changes`` and the turn passed on from ``actor``."""
        # The cycle of turns starts at the first mover; a round ends when the cycle wraps.
        position, after, places = self._turn_order[actor]
        active = state.active
        for next_actor in after:
            if next_actor in active:
                break
        else:
            raise StopIteration  # as next() on no one left would (the actor is always there)
        wrapped = places[next_actor] <= position
        round_number = state.round + 1 if wrapped else state.round
        changes["to_move"] = next_actor
        changes["round"] = round_number
        changes["talk_used"] = () if wrapped else state.talk_used
        if round_number >= self.negotiation.rules.deadline_rounds:
            changes["status"] = Status.DEADLINE
        return _evolve(state, **changes)

    # ----------------------------------------------------------------- results
    def agreement_utilities(self) -> tuple[float, ...] | None:
        """Return every party's utility of the deal (discounted by time), or None without one."""
        state = self._state
        if state.agreement is None:
            return None
        time = (state.agreement_round or 0) / self.negotiation.rules.deadline_rounds
        return tuple(
            party.preferences.discounted(self.negotiation.utility(party.id, state.agreement), time)
            for party in self.negotiation.parties
        )

    def outcome_utilities(self) -> tuple[float, ...]:
        """Return every party's payoff: the deal's utility, or its reservation value without one."""
        deal = self.agreement_utilities()
        if deal is not None:
            return deal
        return tuple(float(p.preferences.reservation) for p in self.negotiation.parties)

    @classmethod
    def replay(cls, negotiation: Negotiation, seed: int, moves: Iterable[Move]) -> Session:
        """Return a new session with ``moves`` applied in order (refused moves are skipped)."""
        session = cls(negotiation, seed)
        for move in moves:
            session.step(move)
        return session


class _Standing(NamedTuple):
    """What decides the legality of every kind of move for one actor in one state (a named
    tuple: one is made for nearly every move)."""

    absent: str | None  # the session is over, or the actor is not at the table
    multi: bool  # more than two parties (support and oppose)
    has_chair: bool
    is_chair: bool
    seated: bool
    talked_out: str | None  # the round's talk is used up
    to_move: bool
    table: Proposal | None
    actor: str


_ANSWERS = frozenset({MoveKind.ACCEPT, MoveKind.SUPPORT, MoveKind.REJECT, MoveKind.OPPOSE})


def _kind_refusal(kind: MoveKind, standing: _Standing) -> str | None:
    """Return why a move of this kind is illegal for the actor standing so (None: legal)."""
    if standing.absent is not None:
        return standing.absent
    if kind in (MoveKind.SUPPORT, MoveKind.OPPOSE) and not standing.multi:
        return MULTI_ONLY
    if kind not in TURN_MOVES:
        if kind is MoveKind.ASK_MEDIATOR and not standing.has_chair:
            return NO_MEDIATOR
        if kind is MoveKind.CLAIM:
            return None  # a claim (or its answer to a probe) is not counted as talk
        return standing.talked_out
    if standing.is_chair and kind is MoveKind.OFFER:
        return None  # the chair may table a single text at any time
    if standing.is_chair and not standing.seated:
        return CHAIR_NO_VOTE
    if not standing.to_move:
        return NOT_YOUR_TURN
    if kind in _ANSWERS:
        table = standing.table
        if table is None:
            return NO_OFFER_YET
        if table.proposer == standing.actor:
            return OWN_OFFER
        if kind in (MoveKind.ACCEPT, MoveKind.SUPPORT) and standing.actor in table.supporters:
            return ALREADY_SUPPORT
    return None
