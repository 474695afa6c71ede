"""Two people at one table: a level played hot-seat, one person on each side.

The match keeps the engine's rules (turns, rounds, the deadline, the talk limit) and the
same vocabulary of moves as a match against NPCs.  What changes is who answers: a
question is put to the other person, who answers at the start of their turn, truthfully
or not (or not at all); a cited card is shown to them; any move may carry a short note.

Everything each side may see is asked for by side (:meth:`HotSeatMatch.view`), so a screen
drawn for one person is never given the other's numbers.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from game.engine import PLAYER, PREFERENCE_OVER, Move, MoveKind, Offer, Session, Status
from game.engine.errors import EngineError
from game.engine.phrases import N_
from game.engine.record import MatchRecord
from game.engine.session import NO_ISSUE, NOT_HERE
from game.engine.session import REFUSALS as ENGINE_REFUSALS
from game.levels.loader import LoadedLevel
from game.levels.roleplay import Brief, briefs, other_side, swap_ids
from game.npc.match import outcome_analytics, session_outcome
from game.npc.runtime import NpcRuntime

NOTE_LIMIT = 280
"""The longest note a move may carry (characters)."""

TALKS_OVER = N_("the talks are over")
THEIR_TURN = N_("it is {name}'s turn")
NOT_BETWEEN_PEOPLE = N_("{kind} is not a move between people")
NOTE_TOO_LONG = N_("a note may be {n} characters at most")
TWO_ISSUES = N_("a preference compares two different issues")
NO_OPEN_QUESTION = N_("there is no open question to answer there")
NOT_AN_ANSWER = N_("that does not answer {kind}")
CARD_NOT_HELD = N_("you can cite only a card you hold")
CLAIM_POINTS = N_("a claim about your alternative is in points, 0 to 100")
SAY_WHAT = N_("say what you mean: pick an issue or write a note")
PACKAGE_ONLY = N_("only an offer or a proposal carries a package")
PROPOSAL_SETTLES = N_("a proposal settles at least one issue")
COMPLETE_IS_OFFER = N_("a complete package is an offer: make it as an offer")
SAY_HOW_MUCH = N_("say how much each issue matters")
PRIORITY_NUMBERS = N_("priorities are numbers of 0 or more, not all 0")

REFUSALS: tuple[str, ...] = (
    *ENGINE_REFUSALS,
    TALKS_OVER,
    THEIR_TURN,
    NOT_BETWEEN_PEOPLE,
    NOTE_TOO_LONG,
    TWO_ISSUES,
    NO_OPEN_QUESTION,
    NOT_AN_ANSWER,
    CARD_NOT_HELD,
    CLAIM_POINTS,
    SAY_WHAT,
    PACKAGE_ONLY,
    PROPOSAL_SETTLES,
    COMPLETE_IS_OFFER,
    SAY_HOW_MUCH,
    PRIORITY_NUMBERS,
)
"""Every reason a role-play gives for refusing a move, as an English template (the engine's
first): a screen translates a reason by finding its template here (``game.ui.reasons``)."""

QUESTIONS: dict[MoveKind, tuple[MoveKind, ...]] = {
    MoveKind.ASK_PRIORITIES: (MoveKind.STATE_PRIORITIES,),
    MoveKind.ASK_ISSUE: (MoveKind.STATE_PREFERENCE, MoveKind.STATE_PRIORITIES),
    MoveKind.ASK_PREFERENCE: (MoveKind.STATE_PREFERENCE,),
    MoveKind.ASK_WHY: (MoveKind.STATE_PREFERENCE,),
    MoveKind.ASK_PROOF: (MoveKind.CITE_EVIDENCE, MoveKind.STATE_PREFERENCE),
}
"""Each question a person may put to the other, and the kinds of move that answer it (a
``state_preference`` with only a note is a plain answer in words)."""

MESSAGES = frozenset(
    {
        *QUESTIONS,
        MoveKind.STATE_PRIORITIES,
        MoveKind.STATE_PREFERENCE,
        MoveKind.CITE_EVIDENCE,
        MoveKind.CLAIM,
        MoveKind.EXPRESS_EMOTION,
        MoveKind.APPEAL_RELATIONSHIP,
        MoveKind.THREATEN,
        MoveKind.APOLOGISE,
        MoveKind.ACKNOWLEDGE_GRIEVANCE,
        MoveKind.RAISE_GRIEVANCE,
        MoveKind.LET_GO,
        MoveKind.RESTATE_INTERESTS,
    }
)
"""The talk moves people send each other (moves only an NPC table has -- the mediator,
favours, calling an NPC's bluff -- are not among them)."""

TURNS = frozenset({MoveKind.OFFER, MoveKind.ACCEPT, MoveKind.REJECT, MoveKind.WALK_AWAY})

PROPOSAL = MoveKind.STATE_PREFERENCE
"""The kind of move a partial package travels in: said, not tabled ("price 450 and a
three-year warranty; you fill in the rest").  The other side may complete it into an offer
of its own; it cannot be accepted as it stands."""


@dataclass(frozen=True)
class Message:
    """One move as the other person reads it."""

    index: int
    """Its place in the match's log."""
    round: int
    actor: str
    kind: MoveKind
    note: str = ""
    offer: Offer | None = None
    issue: str | None = None
    over: str | None = None
    priorities: Mapping[str, float] | None = None
    card: str | None = None
    claim: float | None = None
    answers: int | None = None
    """For an answer: the index of the question it answers."""

    @property
    def proposal(self) -> bool:
        """Return True for a partial package put forward to be completed (not an offer)."""
        return self.kind is PROPOSAL and self.offer is not None


@dataclass(frozen=True)
class Played:
    """What a move led to."""

    ok: bool
    reason: str = ""
    handover: bool = False
    """The turn passed to the other person (or the talks ended): hide this side's screen."""


@dataclass(frozen=True)
class SideView:
    """Everything one side may see: its own brief and utilities, and the shared talk."""

    party: str
    name: str
    brief: Brief
    other_name: str
    other_character: str
    other_role: str
    messages: tuple[Message, ...]
    open_questions: tuple[Message, ...]
    """Questions the other person put to this side that it has not answered."""
    table: Offer | None
    table_by: str | None
    table_worth: float | None
    """What the offer on the table is worth to this side (its own scale), or None."""
    round: int
    deadline: int
    talk_left: int
    to_move: bool
    status: Status
    cards_shown: tuple[str, ...] = ()
    """Cards the other side cited (their text may now be read)."""
    proposal: Message | None = None
    """The other side's latest partial package, made since this side last ended a turn: this
    side may complete it into an offer."""


@dataclass
class HotSeatMatch:
    """A level played by two people taking turns at one machine."""

    level: LoadedLevel
    names: Mapping[str, str]
    """The two people's names, by party id (``player`` and side B's id)."""
    seed: int = 0
    clock: Any = None
    pair: str = ""
    """The pair's id in class results (made up when not given)."""
    session: Session = field(init=False)
    briefs: dict[str, Brief] = field(init=False)
    _started: float = field(init=False, default=0.0)
    _finished_at: datetime | None = field(init=False, default=None)
    _trail: list[dict[str, Any]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.side_b = other_side(self.level)
        missing = {PLAYER, self.side_b} - set(self.names)
        if missing:
            raise ValueError(f"a name is needed for {', '.join(sorted(missing))}")
        self.session = Session(self.level.negotiation, self.seed)
        self.briefs = briefs(self.level)
        self.clock = self.clock or (lambda: datetime.now(UTC))
        self._started = time.perf_counter()
        self.pair = self.pair or uuid.uuid4().hex[:12]

    # ------------------------------------------------------------------ standing
    @property
    def sides(self) -> tuple[str, str]:
        """Return the two party ids, side A (``player``) first."""
        return (PLAYER, self.side_b)

    def other(self, party: str) -> str:
        """Return the other side's party id."""
        return self.side_b if party == PLAYER else PLAYER

    @property
    def to_move(self) -> str:
        """Return the party whose turn it is."""
        return self.session.state.to_move

    @property
    def finished(self) -> bool:
        """Return True when the talks are over."""
        return self.session.state.finished

    def messages(self) -> tuple[Message, ...]:
        """Return every move made so far, as the people read them."""
        return tuple(
            _message(entry.index, entry.round, entry.move) for entry in self.session.state.log
        )

    def open_questions(self, party: str) -> tuple[Message, ...]:
        """Return the questions put to ``party`` that it has not answered yet (nor let pass
        by ending a turn since)."""
        messages = self.messages()
        answered = {m.answers for m in messages if m.answers is not None}
        last_turn = max(
            (m.index for m in messages if m.actor == party and m.kind in TURNS), default=-1
        )
        return tuple(
            m
            for m in messages
            if m.actor == self.other(party)
            and m.kind in QUESTIONS
            and m.index not in answered
            and m.index > last_turn
        )

    # ------------------------------------------------------------------ moves
    def play(self, move: Move) -> Played:
        """Make a move for the side whose turn it is; refuse it with a reason otherwise."""
        reason = self._refusal(move)
        if reason is not None:
            return Played(False, reason)
        if move.text:
            move = replace(move, text=" ".join(move.text.split()))
        if move.kind is PROPOSAL and move.offer is not None:
            move = replace(
                move, offer=self.level.negotiation.check_offer(move.offer, complete=False)
            )
        if move.kind is MoveKind.STATE_PRIORITIES and move.priorities:
            total = sum(move.priorities.values())
            move = replace(
                move, priorities={k: round(v / total, 4) for k, v in move.priorities.items()}
            )
        before = self.session.state.to_move
        result = self.session.step(move)
        if not result.ok:
            return Played(False, result.reason)
        state = self.session.state
        if move.kind is MoveKind.OFFER:
            offer = state.log[-1].move.offer
            assert offer is not None
            self._trail.append(
                {
                    "round": state.log[-1].round,
                    "actor": move.actor,
                    "offer": offer.to_dict(),
                    "utilities": {
                        pid: float(self.level.negotiation.utility(pid, offer)) for pid in self.sides
                    },
                    "alternatives": 0,
                }
            )
        if state.finished and self._finished_at is None:
            self._finished_at = self.clock()
        return Played(True, "", handover=state.finished or state.to_move != before)

    def _refusal(self, move: Move) -> str | None:
        if move.actor not in self.sides:
            return NOT_HERE.format(actor=repr(move.actor))
        if self.finished:
            return TALKS_OVER
        if move.actor != self.to_move:
            return THEIR_TURN.format(name=self.names[self.to_move])
        if move.kind not in TURNS and move.kind not in MESSAGES:
            return NOT_BETWEEN_PEOPLE.format(kind=move.kind.value.replace("_", " "))
        if len(move.text) > NOTE_LIMIT:
            return NOTE_TOO_LONG.format(n=NOTE_LIMIT)
        issues = self.level.negotiation.space.issue_ids
        if move.issue is not None and move.issue not in issues:
            return NO_ISSUE.format(issue=repr(move.issue))
        over = move.meta.get(PREFERENCE_OVER)
        if over is not None and (over not in issues or over == move.issue):
            return TWO_ISSUES
        reason = self._content_refusal(move, issues)
        if reason:
            return reason
        answers = move.meta.get("answers")
        if answers is not None:
            question = next(
                (q for q in self.open_questions(move.actor) if q.index == answers), None
            )
            if question is None:
                return NO_OPEN_QUESTION
            if move.kind not in QUESTIONS[question.kind]:
                return NOT_AN_ANSWER.format(kind=question.kind.value.replace("_", " "))
        if move.kind is MoveKind.OFFER and move.offer is not None:
            try:
                self.level.negotiation.check_offer(move.offer, complete=True)
            except EngineError as error:
                return str(error)
        return None

    def _content_refusal(self, move: Move, issues: tuple[str, ...]) -> str | None:
        """Return what is wrong with what a talk move says (priorities, a card, a claim, a
        proposal, or nothing at all), or None."""
        if move.kind is MoveKind.STATE_PRIORITIES:
            return _priorities_refusal(move.priorities, issues)
        if move.kind is MoveKind.CITE_EVIDENCE:
            held = {card.id for card in self.briefs[move.actor].cards}
            if move.evidence not in held:
                return CARD_NOT_HELD
        if move.kind is MoveKind.CLAIM and move.claim is not None and not 0 <= move.claim <= 100:
            return CLAIM_POINTS
        if move.offer is not None and move.kind is not MoveKind.OFFER:
            return self._proposal_refusal(move)
        if move.kind in (MoveKind.STATE_PREFERENCE, *QUESTIONS) and not (
            move.text or move.issue or move.kind is MoveKind.ASK_PRIORITIES
        ):
            return SAY_WHAT
        return None

    def _proposal_refusal(self, move: Move) -> str | None:
        """Return why a talk move may not carry its package (None: it is a fair proposal)."""
        assert move.offer is not None
        if move.kind is not PROPOSAL:
            return PACKAGE_ONLY
        negotiation = self.level.negotiation
        try:
            package = negotiation.check_offer(move.offer, complete=False)
        except EngineError as error:
            return str(error)
        if not package.decided():
            return PROPOSAL_SETTLES
        if package.is_complete(negotiation.space):
            return COMPLETE_IS_OFFER
        return None

    def proposal_for(self, party: str) -> Message | None:
        """Return the other side's latest partial package made since ``party`` last ended a
        turn, or None."""
        other = self.other(party)
        latest = None
        for message in self.messages():
            if message.actor == party and message.kind in TURNS:
                latest = None
            elif message.actor == other and message.proposal:
                latest = message
            elif message.actor == other and message.kind is MoveKind.OFFER:
                latest = None  # a full offer since supersedes it
        return latest

    # ------------------------------------------------------------------ what each side sees
    def view(self, party: str) -> SideView:
        """Return what ``party`` may see now (never the other side's brief or utilities)."""
        state = self.session.state
        other = self.other(party)
        table = state.table
        worth = None
        if table is not None and table.offer.is_complete(self.level.negotiation.space):
            worth = float(self.level.negotiation.utility(party, table.offer))
        messages = self.messages()
        return SideView(
            party=party,
            name=self.names[party],
            brief=self.briefs[party],
            other_name=self.names[other],
            other_character=self.briefs[other].character,
            other_role=self.briefs[other].role,
            messages=messages,
            open_questions=self.open_questions(party),
            table=None if table is None else table.offer,
            table_by=None if table is None else table.proposer,
            table_worth=worth,
            round=state.round,
            deadline=self.level.negotiation.rules.deadline_rounds,
            talk_left=max(0, self.level.negotiation.rules.talk_limit - state.talk_count(party)),
            to_move=state.to_move == party and not state.finished,
            status=state.status,
            cards_shown=tuple(m.card for m in messages if m.actor == other and m.card is not None),
            proposal=self.proposal_for(party),
        )

    # ------------------------------------------------------------------ records
    def record(self, game_version: str = "0.1.0") -> MatchRecord:
        """Return the match's record from side A's seat (party ``player``)."""
        finished_at = self._finished_at or self.clock()
        fair = NpcRuntime().fair_point(self.level.analysis)
        return MatchRecord.from_dict(
            {
                "level_id": self.level.id,
                "level_version": self.level.model.version,
                "seed": self.seed,
                **session_outcome(self.session, self._started, finished_at),
                "analytics": outcome_analytics(self.level.analysis, self.session, fair),
                "game_version": game_version,
                "parties": [
                    {"id": pid, "name": self.names[pid], "character": self.briefs[pid].character}
                    for pid in self.sides
                ],
                "timeline": [],
                "offers": [dict(entry) for entry in self._trail],
                "role_play": self._role_play(PLAYER),
            }
        )

    def _role_play(self, party: str) -> dict[str, Any]:
        """Return the role-play facts a record carries, as ``party`` played it."""
        other = self.other(party)
        return {
            "pair": self.pair,
            "as": party,
            "role": self.briefs[party].role,
            "character": self.briefs[party].character,
            "partner": self.names[other],
            "partner_role": self.briefs[other].role,
        }

    def record_for(self, party: str, game_version: str = "0.1.0") -> MatchRecord:
        """Return the record as ``party`` played it: that side is the record's ``player``
        (side B's record is side A's with the two party ids swapped)."""
        record = self.record(game_version)
        if party == PLAYER:
            return record
        data = swap_ids(_plain(record.to_dict()), PLAYER, self.side_b)
        data["role_play"] = self._role_play(party)
        return MatchRecord.from_dict(data)


def _priorities_refusal(
    priorities: Mapping[str, float] | None, issues: tuple[str, ...]
) -> str | None:
    if not priorities:
        return SAY_HOW_MUCH
    unknown = sorted(set(priorities) - set(issues))
    if unknown:
        return NO_ISSUE.format(issue=repr(unknown[0]))
    values = list(priorities.values())
    if any(not isinstance(v, int | float) or v < 0 or v != v for v in values) or sum(values) <= 0:
        return PRIORITY_NUMBERS
    return None


def _message(index: int, round_number: int, move: Move) -> Message:
    answers = move.meta.get("answers")
    over = move.meta.get(PREFERENCE_OVER)
    return Message(
        index=index,
        round=round_number,
        actor=move.actor,
        kind=move.kind,
        note=move.text,
        offer=move.offer,
        issue=move.issue,
        over=over if isinstance(over, str) else None,
        priorities=move.priorities,
        card=move.evidence if move.kind is MoveKind.CITE_EVIDENCE else None,
        claim=move.claim,
        answers=answers if isinstance(answers, int) else None,
    )


def _plain(value: Any) -> Any:
    """Return a record's read-only views as plain dicts and lists."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
