"""A match: one engine session, one controller per NPC, the mediator, and everything said.

The UI, ``simulate`` and the player bots all play through the same three calls:

* :meth:`Match.legal_player_moves` -- every move kind, with ``None`` when it is legal now
  or the reason it is not (the UI disables a button and shows the reason);
* :meth:`Match.player_move` -- apply the player's move, let every NPC react and take its
  turns until the player is to move again; returns a :class:`TurnReport` (never raises);
* :meth:`Match.record` / :meth:`Match.memories` / :meth:`Match.timeline` once it is over.

Partial packages: an ``offer`` move whose package leaves issues open is a *question*, not
a turn move: it is logged as an ``ask_priorities`` talk move carrying the partial offer
(``meta={"partial": true}``), costs one of the player's talk moves, and each NPC answers
with a completion it likes (a ``state_priorities`` talk move with the complete package and
``meta={"partial": true}``), which the player may then table as a full offer.
"""

from __future__ import annotations

import functools
import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, Literal

import numpy as np

from game.engine import (
    EMOTIONS,
    PREFERENCE_OVER,
    PROBE_KINDS,
    WHY_STYLES,
    Analysis,
    EngineError,
    Move,
    MoveKind,
    Negotiation,
    Offer,
    Protocol,
    Session,
    SessionState,
    Status,
    analytics,
)
from game.engine.record import MatchRecord
from game.engine.session import NO_ISSUE, NO_MEDIATOR, NOT_A_MOVE, OVER
from game.npc import refusals as R
from game.npc.bluffs import claims_report, probe_refusal
from game.npc.brain import NpcBrain
from game.npc.controller import NpcController, Reaction
from game.npc.dialogue import LinePicker, Said
from game.npc.mediator import (
    MediatorController,
    mediator_first_round,
    mediator_may_be_asked,
)
from game.npc.memory import updated_memory
from game.npc.relationship import Change
from game.npc.runtime import FairPoint, NpcRuntime
from game.npc.spec import Grievance, NpcSpec
from game.npc.views import GrievanceView, NpcStateView

logger = logging.getLogger(__name__)

EXPLOIT_SHARE = 0.8
"""A deal that gives the player this share of the value created or more exploits the NPC."""
BLUFF_MARGIN = 0.05
REVERSE_KINDS = (MoveKind.PROPOSE_FOR_ME, MoveKind.RESTATE_INTERESTS)
PAIR_KINDS = (MoveKind.STATE_PREFERENCE, MoveKind.ASK_PREFERENCE)
FAVOUR_KINDS = (MoveKind.ASK_FAVOUR, MoveKind.GRANT_FAVOUR)
OFFENCES = ("threat", "lowball", "lowball_again", "raised_grievance", "angry", "lie", "retracted")


@dataclass(frozen=True)
class EvidenceCard:
    """A benchmark card: who holds it and what it supports."""

    id: str
    title: str
    text: str
    holder: str
    issue: str | None = None
    benchmark: float | str | None = None


@dataclass(frozen=True)
class Seat:
    """An NPC at the table: its id, name and spec (strategy, personality, memory applied)."""

    id: str
    name: str
    spec: NpcSpec
    memory: dict[str, Any] | None = None
    """What it remembered before this match (None: a first meeting)."""


@dataclass(frozen=True)
class MatchConfig:
    """Everything a match needs from a level (built by ``game.levels.setup``)."""

    negotiation: Negotiation
    analysis: Analysis
    seats: tuple[Seat, ...]
    mediator: Seat | None = None
    mediator_allowed: bool = False
    mediator_after_round: int = 0
    evidence: tuple[EvidenceCard, ...] = ()
    player_grievances: tuple[Grievance, ...] = ()
    player_name: str = "You"
    reverse: bool = False
    level_id: str = "level"
    level_version: int = 1
    level_kind: str = ""
    language: str = "en"
    """The language of the characters' default lines (their own come translated)."""
    shown_issues: tuple[Any, ...] = ()
    """In a language other than English: the issues as the players read them (names and
    option labels in that language; ids and values the same), for the words of lines."""
    shown_events: tuple[tuple[str, str], ...] = ()
    """In a language other than English: ``(event id, description)`` for each event the
    level's translation describes (the mediator's clause lines name it)."""


@dataclass(frozen=True)
class TurnReport:
    """What one player move led to."""

    ok: bool
    reason: str
    legal_now: Callable[[], tuple[MoveKind, ...]]
    """Works out the move kinds the player may make next (asked for only when read)."""
    move: Move | None = None
    """The player's move as applied (None when refused)."""
    npc_moves: tuple[Move, ...] = ()
    """Every NPC and mediator move that followed, in order."""
    lines: tuple[Said, ...] = ()
    """Dialogue, ``(speaker_id, text, emotion)`` each."""
    changes: tuple[Change, ...] = ()
    """Trust and rapport changes, ``(npc_id, trust_delta, rapport_delta, reason)`` each."""
    status: Status = Status.OPEN
    round: int = 0

    @property
    def finished(self) -> bool:
        """Return True when the negotiation is over."""
        return self.status.finished

    @functools.cached_property
    def legal(self) -> tuple[MoveKind, ...]:
        """Return the move kinds the player may make next."""
        return self.legal_now()


class Match:
    """One play of a level against its NPCs."""

    def __init__(
        self,
        config: MatchConfig,
        *,
        seed: int = 0,
        runtime: NpcRuntime | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.config = config
        self.seed = seed
        self.runtime = runtime or NpcRuntime()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.negotiation = config.negotiation
        self.analysis = config.analysis
        self.session = Session(self.negotiation, seed)
        self.player_id = self.negotiation.player.id
        self.player_name = config.player_name
        self.chair = self.negotiation.rules.chair
        self.deadline = self.negotiation.rules.deadline_rounds
        self.multiparty = self.negotiation.rules.protocol is not Protocol.ALTERNATING
        self.tables = self.runtime.tables(self.negotiation)
        self.codec = self.tables.codec
        self.evidence = {card.id: card for card in config.evidence}
        self.fair = self.runtime.fair_point(self.analysis)
        self._started = time.perf_counter()
        self._finished_at: datetime | None = None
        self._timeline: list[dict[str, Any]] = []
        self._trail: list[dict[str, Any]] = []
        self._offences: list[str] = []
        self._let_go: set[str] = set()
        self._legal_memo: tuple[tuple, dict[MoveKind, str | None]] | None = None
        self._last_index: tuple[Offer, int | None] | None = None
        self._raised: set[str] = set()
        self._restated: list[tuple[str, dict[str, float]]] = []
        self._finalised = False
        self.closed = False
        self.controllers: dict[str, NpcController] = {}
        self.found_interests: dict[str, list[str]] = {}
        """Per NPC: the ids of the interests it has told the player, in order."""
        self.voices: dict[str, Any] = {}
        """Shared by every speaker: the lines the table heard last (no one repeats them), and
        who warned of the deadline (one warning a table)."""
        party_ids = self.negotiation.party_ids
        for seat in config.seats:
            archetype = seat.spec.strategy.kind
            brain = NpcBrain(
                seat.id,
                seat.spec,
                self.tables,
                self.runtime.machine(archetype),
                deadline=self.deadline,
                others=[p for p in party_ids if p != seat.id],
                fair_utility=None if self.fair is None else self.fair.utilities.get(seat.id),
                seed=seed,
            )
            picker = LinePicker(
                archetype,
                seat.spec.dialogue,
                random.Random(f"{seed}:{seat.id}:lines"),
                extra=seat.spec.lines,
                table=self.voices,
                facts=self.speaker_facts(seat, archetype),
                language=config.language,
            )
            self.controllers[seat.id] = NpcController(seat, brain, picker, self)
        self.mediator: MediatorController | None = None
        if config.mediator is not None and self.chair is not None:
            picker = LinePicker(
                "mediator",
                config.mediator.spec.dialogue,
                random.Random(f"{seed}:mediator:lines"),
                extra=config.mediator.spec.lines,
                table=self.voices,
                facts=self.speaker_facts(config.mediator, "mediator"),
                language=config.language,
            )
            self.mediator = MediatorController(
                config.mediator,
                self.runtime.machine("mediator"),
                picker,
                self,
                self.runtime.mediator_texts(self.analysis),
            )
        self.opening = self._open()

    def speaker_facts(self, seat: Seat, archetype: str) -> dict[str, Any]:
        """Return the facts fixed for a speaker in this match (see :mod:`game.npc.rules`)."""
        parties = len(self.negotiation.party_ids)
        issues = len(self.negotiation.space.issues)
        return {
            "archetype": archetype,
            "register": getattr(seat.spec, "voice", "business"),
            "persona": getattr(seat.spec, "role", "") or None,
            "level_kind": self.config.level_kind or None,
            "parties": parties,
            "group": parties > 2,
            "issues": issues,
            "one_issue": issues == 1,
        }

    # ----------------------------------------------------------------- reading
    @property
    def state(self) -> SessionState:
        """Return the engine's current snapshot."""
        return self.session.state

    @property
    def finished(self) -> bool:
        """Return True when the negotiation is over."""
        return self.session.state.finished

    def describe(self, offer: Offer) -> str:
        """Return a package in words, with its clause."""
        return self.negotiation.describe(offer)

    def utility_of(self, party_id: str, offer: Offer) -> float:
        """Return a party's (expected) utility of a complete offer (table lookup when plain)."""
        seen = self._last_index
        if seen is not None and seen[0] is offer:
            index = seen[1]
        else:  # an offer is looked up for every party in turn: find its index once
            index = self.codec.index_of(offer)
            self._last_index = (offer, index)
        if index is not None:
            return self.tables.party(party_id).utility(index)
        return self.negotiation.utility(party_id, offer)

    def _utilities(self, offer: Offer) -> dict[str, float]:
        """Return every party's utility of a complete offer, by party id (as
        :meth:`utility_of` gives each)."""
        seen = self._last_index
        if seen is not None and seen[0] is offer:
            index = seen[1]
        else:
            index = self.codec.index_of(offer)
            self._last_index = (offer, index)
        if index is None:
            return {pid: float(self.utility_of(pid, offer)) for pid in self.negotiation.party_ids}
        return {pid: float(table.utility(index)) for pid, table in self._party_tables}

    @functools.cached_property
    def _party_tables(self) -> tuple[tuple[str, Any], ...]:
        return tuple((pid, self.tables.party(pid)) for pid in self.negotiation.party_ids)

    def npc_state(self, npc_id: str) -> NpcStateView:
        """Return what the UI shows about an NPC: state, trust, rapport, open grievances."""
        controller = self.controllers[npc_id]
        relationship = controller.brain.relationship
        return NpcStateView(
            state=controller.brain.state,
            trust=relationship.trust,
            rapport=relationship.rapport,
            grievances_open=tuple(
                GrievanceView(
                    id=g.id,
                    text=g.text,
                    severity=g.severity,
                    origin=g.origin,
                    shared_account=g.shared_account,
                    acknowledged=g.acknowledged,
                )
                for g in relationship.open_grievances
            ),
        )

    def player_grievance_text(self, grievance_id: str | None) -> str:
        """Return the text of one of the player's grievance cards."""
        for grievance in self.config.player_grievances:
            if grievance.id == grievance_id:
                return grievance.text
        return grievance_id or ""

    def _player_cards(self) -> list[EvidenceCard]:
        return [card for card in self.config.evidence if card.holder == self.player_id]

    def _npc_grievances_open(self) -> bool:
        return any(c.brain.relationship.open_grievances for c in self.controllers.values())

    def _player_cards_left(self) -> list[Grievance]:
        return [g for g in self.config.player_grievances if g.id not in self._let_go]

    # ----------------------------------------------------------------- legality
    def legal_player_moves(self) -> dict[MoveKind, str | None]:
        """Return every move kind with None when the player may make it now, else the reason.

        Asked several times per move (the turn's report, the table's menu): worked out
        once per change of the match (a logged move, a new round or status, a card let go,
        an offence, closing).  The dict returned is shared: do not change it.
        """
        key = self._legal_key()
        if self._legal_memo is None or self._legal_memo[0] != key:
            engine = self.session.refusals(self.player_id)
            self._legal_memo = (key, {kind: self._refusal(kind, engine[kind]) for kind in MoveKind})
        return self._legal_memo[1]

    def _legal_later(self) -> Callable[[], tuple[MoveKind, ...]]:
        """Return what works out :meth:`legal_kinds` for a report, when it is read.

        Most reports' legal moves are never read (a scripted player asks the match), so
        they are not worked out unless asked for; asked after the match has moved on, the
        answer would be of another moment, so that is refused.
        """
        key = self._legal_key()

        def legal() -> tuple[MoveKind, ...]:
            if self._legal_key() != key:
                raise RuntimeError("a turn report's legal moves are read before the next move")
            return self.legal_kinds()

        return legal

    def _legal_key(self) -> tuple:
        state = self.session.state
        return (
            len(state.log),
            state.round,
            state.status,
            self.closed,
            len(self._let_go),
            len(self._offences),
        )

    def legal_kinds(self) -> tuple[MoveKind, ...]:
        """Return the move kinds the player may make now."""
        return tuple(kind for kind, reason in self.legal_player_moves().items() if reason is None)

    def _refusal(self, kind: MoveKind, engine: str | None | Literal[False] = False) -> str | None:
        """Return why the player may not make a move of this kind now (None when it may).

        ``engine``: the engine's answer when the caller has it already (False: ask it).
        """
        if self.closed and not self.finished:
            return R.CLOSED
        reason = self.session.why_illegal(self.player_id, kind) if engine is False else engine
        if reason is not None:
            return reason
        if kind is MoveKind.CITE_EVIDENCE and not self._player_cards():
            return R.NO_EVIDENCE
        if kind in (MoveKind.ACKNOWLEDGE_GRIEVANCE, MoveKind.PROPOSE_SHARED_ACCOUNT):
            if not self._npc_grievances_open():
                return R.NO_GRIEVANCE_HELD
        if kind is MoveKind.APOLOGISE and not (self._npc_grievances_open() or self._offences):
            return R.NOTHING_TO_APOLOGISE
        if kind in (MoveKind.LET_GO, MoveKind.RAISE_GRIEVANCE) and not self._player_cards_left():
            return R.NO_GRIEVANCE_CARD
        if kind is MoveKind.ASK_MEDIATOR:
            if self.mediator is None:
                return NO_MEDIATOR
            if not self.config.mediator_allowed:
                return R.NO_MEDIATOR_HERE
            after = self.config.mediator_after_round
            if not mediator_may_be_asked(self.session.state.round, after):
                return R.MEDIATOR_FROM.format(n=mediator_first_round(after))
        if kind in PROBE_KINDS or kind is MoveKind.CLAIM:
            return probe_refusal(self, kind)
        if kind in REVERSE_KINDS and not self.config.reverse:
            return R.REVERSE_ONLY
        if kind in PAIR_KINDS and len(self.codec.issue_ids) < 2:
            return R.ONE_ISSUE
        return None

    def _check_details(self, move: Move) -> str | None:
        """Return why a move's details are wrong for this table (None when they are fine)."""
        kind = move.kind
        if move.actor != self.player_id:
            return R.WRONG_ACTOR.format(player=repr(self.player_id), actor=repr(move.actor))
        if (
            move.target is not None
            and move.target not in self.controllers
            and move.target != self.chair
        ):
            return R.NO_ONE_NAMED.format(target=repr(move.target))
        reason = self._card_details(move)
        if reason is not None:
            return reason
        if kind is MoveKind.EXPRESS_EMOTION and move.emotion not in EMOTIONS:
            return R.EMOTION_ONE_OF.format(emotions=", ".join(EMOTIONS))
        if kind in (MoveKind.STATE_PRIORITIES, MoveKind.RESTATE_INTERESTS):
            if not move.priorities or any(i not in self.codec.issue_ids for i in move.priorities):
                return R.NAME_PRIORITIES
            if not all(_number(w) and w >= 0 for w in move.priorities.values()):
                return R.PRIORITY_WEIGHTS
        if kind is MoveKind.THREATEN and move.claim is not None:
            if not (_number(move.claim) and 0 <= move.claim <= 1):
                return R.CLAIM_UTILITY
        if kind is MoveKind.ASK_ISSUE and move.issue not in self.codec.issue_ids:
            return NO_ISSUE.format(issue=repr(move.issue))
        if kind in PAIR_KINDS or kind in FAVOUR_KINDS:
            reason = self._pair_or_favour_details(move)
            if reason is not None:
                return reason
        if kind is MoveKind.ASK_WHY:
            if move.issue is not None and move.issue not in self.codec.issue_ids:
                return NO_ISSUE.format(issue=repr(move.issue))
            if move.meta.get("style", "open") not in WHY_STYLES:
                return R.QUESTION_STYLES.format(styles=", ".join(WHY_STYLES))
        return None

    def _card_details(self, move: Move) -> str | None:
        """Return why a move naming an evidence or grievance card names the wrong one."""
        kind = move.kind
        if kind is MoveKind.CITE_EVIDENCE:
            held = [c.id for c in self._player_cards()]
            if move.evidence not in held:
                return R.CARD_NOT_HELD.format(card=repr(move.evidence), held=", ".join(held))
        if (
            kind in (MoveKind.ACKNOWLEDGE_GRIEVANCE, MoveKind.PROPOSE_SHARED_ACCOUNT)
            and move.grievance is not None
        ):
            if not any(c.brain.relationship.grievance(move.grievance) for c in self._targets(move)):
                return R.NO_SUCH_GRIEVANCE.format(grievance=repr(move.grievance))
        if kind in (MoveKind.LET_GO, MoveKind.RAISE_GRIEVANCE):
            cards = [g.id for g in self._player_cards_left()]
            if move.grievance not in cards:
                return R.NOT_YOUR_CARD.format(
                    grievance=repr(move.grievance), cards=", ".join(cards)
                )
        return None

    def _pair_or_favour_details(self, move: Move) -> str | None:
        """Return why a preference or favour move's details are wrong (None when fine)."""
        issues = self.codec.issue_ids
        if move.issue not in issues:
            return NO_ISSUE.format(issue=repr(move.issue))
        if move.kind in PAIR_KINDS:
            other = move.meta.get(PREFERENCE_OVER)
            if other not in issues or other == move.issue:
                return R.TWO_ISSUES
        if move.kind in FAVOUR_KINDS and self.multiparty and move.target not in self.controllers:
            return R.SAY_WHOM
        return None

    def favours(self) -> dict[str, list[dict[str, Any]]]:
        """Return each NPC's favour ledger now: who owes whom, on what, since when, and how
        it ended (:mod:`game.npc.favours`)."""
        return {npc: c.ledger.to_memory() for npc, c in self.controllers.items()}

    def _targets(self, move: Move) -> list[NpcController]:
        if move.target is not None and move.target in self.controllers:
            return [self.controllers[move.target]]
        if move.kind in (MoveKind.ACKNOWLEDGE_GRIEVANCE, MoveKind.PROPOSE_SHARED_ACCOUNT):
            holders = [
                c
                for c in self.controllers.values()
                if c.brain.relationship.grievance(move.grievance)
            ]
            return holders[:1] if move.grievance is None else holders
        return list(self.controllers.values())

    # ----------------------------------------------------------------- playing
    def player_move(self, move: Move) -> TurnReport:
        """Apply the player's move and everything it sets off; never raises for a bad move."""
        if not isinstance(move, Move):
            return self._refused(NOT_A_MOVE.format(move=repr(move)))
        if self.finished:
            return self._refused(OVER)
        reason = self._refusal(move.kind) or self._check_details(move)
        if reason is not None:
            return self._refused(reason)
        reaction = Reaction()
        if move.kind is MoveKind.OFFER and move.offer is not None:
            move = self._within_reach(move)
            package = move.offer
            assert package is not None, "opening closed options keeps the package"
            if not self._complete(package):
                return self._partial(move, package)
        result = self.session.step(move)
        if not result.ok:
            return self._refused(result.reason)
        applied = result.state.log[-1].move
        self._note(applied)
        if applied.kind.is_turn_move:
            if applied.kind is MoveKind.OFFER:
                self._offer_seen(applied, reaction)
        else:
            self._talk(applied, reaction)
        self._npc_turns(reaction)
        return self._report(applied, reaction)

    def _complete(self, offer: Offer) -> bool:
        try:
            return offer.normalised(self.negotiation.space).is_complete(self.negotiation.space)
        except EngineError:
            return True  # let the engine explain what is wrong with it

    def _partial(self, move: Move, package: Offer) -> TurnReport:
        try:
            offer = self.negotiation.check_offer(package, complete=False)
        except EngineError as error:
            return self._refused(str(error))
        if offer.clause is not None:
            return self._refused(R.CLAUSE_NEEDS_PACKAGE)
        question = Move(
            MoveKind.ASK_PRIORITIES,
            self.player_id,
            offer=offer,
            target=move.target,
            text=move.text,
            meta={"partial": True},
        )
        result = self.session.step(question)
        if not result.ok:
            return self._refused(result.reason)
        reaction = Reaction()
        self._timeline_entry(question, [])
        for controller in self._targets(question):
            self._react(controller.complete_partial(offer), reaction)
        return self._report(question, reaction)

    def _refused(self, reason: str) -> TurnReport:
        return TurnReport(
            False,
            reason,
            self._legal_later(),
            status=self.session.state.status,
            round=self.session.state.round,
        )

    def _note(self, move: Move) -> None:
        kind = move.kind
        if kind is MoveKind.THREATEN:
            self._offences.append("threat")
        elif kind is MoveKind.RAISE_GRIEVANCE:
            self._offences.append("raised_grievance")
            self._raised.add(str(move.grievance))
        elif kind is MoveKind.EXPRESS_EMOTION and move.emotion == "angry":
            self._offences.append("angry")
        elif kind is MoveKind.LET_GO:
            self._let_go.add(str(move.grievance))
        elif kind is MoveKind.RESTATE_INTERESTS and move.priorities:
            target = (
                move.target if move.target in self.controllers else next(iter(self.controllers))
            )
            self._restated.append((target, dict(move.priorities)))

    def _talk(self, move: Move, reaction: Reaction) -> None:
        changes_before = len(reaction.changes)
        if move.kind is MoveKind.ASK_MEDIATOR:
            self._ask_mediator(reaction)
        else:
            for controller in self._targets(move):
                self._react(controller.hear(move), reaction)
        self._timeline_entry(move, reaction.changes[changes_before:])

    def _ask_mediator(self, reaction: Reaction) -> None:
        assert self.mediator is not None
        answer = self.mediator.asked()
        reaction.lines.extend(answer.lines)
        for text in answer.moves:
            result = self.session.step(text)
            if result.ok:
                reaction.moves.append(text)
                self._offer_seen(text, reaction)

    def _offer_seen(self, move: Move, reaction: Reaction) -> None:
        offer = move.offer
        assert offer is not None
        self._trail.append(
            {
                "round": self.session.state.log[-1].round,
                "actor": move.actor,
                "offer": offer.to_dict(),
                "utilities": self._utilities(offer),
                "alternatives": len(move.meta.get("meso", ())),
            }
        )
        changes_before = len(reaction.changes)
        for npc_id, controller in self.controllers.items():
            if npc_id != move.actor:
                self._react(controller.see_offer(move.actor, offer, dict(move.meta)), reaction)
        if move.actor == self.player_id:
            lowballs = [c for c in reaction.changes[changes_before:] if "far outside" in c.reason]
            if lowballs:
                self._offences.append("lowball")
        if move.actor != self.chair:
            self._timeline_entry(move, reaction.changes[changes_before:])

    def _react(self, answer: Reaction, reaction: Reaction) -> None:
        reaction.lines.extend(answer.lines)
        reaction.changes.extend(answer.changes)
        for move in answer.moves:
            result = self.session.step(move)
            if result.ok:
                reaction.moves.append(move)
            else:
                logger.debug("%s could not %s: %s", move.actor, move.kind.value, result.reason)

    def _npc_turns(self, reaction: Reaction) -> None:
        guard = 0
        while not self.session.state.finished and self.session.state.to_move != self.player_id:
            guard += 1
            if guard > 1000:  # a safety net: every NPC turn ends with a turn move
                raise RuntimeError("NPC turns did not end")
            controller = self.controllers[self.session.state.to_move]
            answer = controller.take_turn()
            reaction.lines.extend(answer.lines)
            stepped = False
            for move in answer.moves:
                result = self.session.step(move)
                if not result.ok:
                    logger.debug("%s could not %s: %s", move.actor, move.kind.value, result.reason)
                    continue
                reaction.moves.append(move)
                if move.kind.is_turn_move:
                    stepped = True
                    if move.kind is MoveKind.OFFER:
                        self._offer_seen(move, reaction)
                    else:
                        self._timeline_entry(move, [])
            if not stepped:
                fallback = Move(MoveKind.WALK_AWAY, controller.id)
                self.session.step(fallback)
                reaction.moves.append(fallback)
        if self.session.state.finished:
            self._finalise(reaction)

    def _open(self) -> TurnReport:
        reaction = Reaction()
        if self.mediator is not None:
            reaction.extend(self.mediator.opening())
        for controller in self.controllers.values():
            self._react(controller.opening(), reaction)
        self._timeline_entry(None, reaction.changes)
        self._npc_turns(reaction)
        return self._report(None, reaction)

    def _report(self, move: Move | None, reaction: Reaction) -> TurnReport:
        state = self.session.state
        # filled in directly: one a move, and the frozen dataclass's __init__ checks each field
        report = object.__new__(TurnReport)
        report.__dict__.update(
            ok=True,
            reason="",
            legal_now=self._legal_later(),
            move=move,
            npc_moves=tuple(reaction.moves),
            lines=tuple(reaction.lines),
            changes=tuple(reaction.changes),
            status=state.status,
            round=state.round,
        )
        return report

    # ----------------------------------------------------------------- the end
    def _finalise(self, reaction: Reaction) -> None:
        if self._finalised:
            return
        self._finalised = True
        self._finished_at = self.clock()
        state = self.session.state
        agreed = state.status is Status.AGREED
        utilities = dict(
            zip(self.negotiation.party_ids, self.session.outcome_utilities(), strict=True)
        )
        reserved = dict(zip(self.negotiation.party_ids, self.negotiation.reservations, strict=True))
        self._earned: dict[str, list[str]] = {npc: [] for npc in self.controllers}
        self._shares: dict[str, float | None] = {npc: None for npc in self.controllers}
        before = len(reaction.changes)
        for npc_id, controller in self.controllers.items():
            relationship = controller.brain.relationship
            if agreed:
                player_gain = utilities[self.player_id] - reserved[self.player_id]
                npc_gain = utilities[npc_id] - reserved[npc_id]
                total = player_gain + npc_gain
                share = player_gain / total if total > 1e-9 else None
                self._shares[npc_id] = share
                if share is not None and share >= EXPLOIT_SHARE:
                    change = relationship.apply("exploited")
                    if change:
                        reaction.changes.append(change)
                    controller.say("exploited", reaction)
                    self._earned[npc_id].append("exploited")
                claims = controller.threat_claims
                if claims and utilities[self.player_id] < max(claims) - BLUFF_MARGIN:
                    change = relationship.apply("bluff")
                    if change:
                        reaction.changes.append(change)
                    controller.say("bluff", reaction)
                    self._earned[npc_id].append("bluffed")
            hurt = bool(self._earned[npc_id])  # taken advantage of, or bluffed
            for name, change in controller.brain.judge_honesty_at_end():
                if change:
                    reaction.changes.append(change)
                controller.say(name, reaction)
                hurt = hurt or name == "lie"
            if relationship.count("lie"):
                self._earned[npc_id].append("lied")
            # a hurt word is its last: no cheerful "Lovely, tell your friends" after it
            self._react(controller.finish(agreed, parting=not hurt), reaction)
        if self.mediator is not None:
            self.mediator.finish(agreed)
        if len(reaction.changes) > before:
            self._timeline_entry(None, reaction.changes[before:])
        self.close()

    def close(self) -> None:
        """Free the state machines (``remove_model``); the results stay readable."""
        if self.closed:
            return
        self.closed = True
        for controller in self.controllers.values():
            controller.brain.close()
        if self.mediator is not None:
            self.mediator.close()

    # ----------------------------------------------------------------- results
    def _timeline_entry(self, move: Move | None, changes: list[Change]) -> None:
        state = self.session.state
        relationships = self._relationships
        self._timeline.append(
            {
                "index": len(state.log) - 1 if move is not None else None,
                "round": state.round,
                "actor": None if move is None else move.actor,
                "kind": None if move is None else move.kind.value,
                "trust": {n: round(r.trust, 3) for n, r in relationships},
                "rapport": {n: round(r.rapport, 3) for n, r in relationships},
                "changes": [list(change) for change in changes],
            }
        )

    @functools.cached_property
    def _relationships(self) -> tuple[tuple[str, Any], ...]:
        """Each NPC's relationship with the player, by NPC id (the objects stay theirs)."""
        return tuple((n, c.brain.relationship) for n, c in self.controllers.items())

    def timeline(self) -> list[dict[str, Any]]:
        """Return trust and rapport after each move, with the reasons for each change."""
        return [dict(entry) for entry in self._timeline]

    def offers_trail(self) -> list[dict[str, Any]]:
        """Return every offer tabled, in order, with every party's utility of it."""
        return [dict(entry) for entry in self._trail]

    def trust_change(self) -> dict[str, float]:
        """Return each NPC's trust change so far."""
        return {
            n: round(c.brain.relationship.trust - c.brain.relationship.start_trust, 4)
            for n, c in self.controllers.items()
        }

    def rapport_change(self) -> dict[str, float]:
        """Return each NPC's rapport change so far."""
        return {
            n: round(c.brain.relationship.rapport - c.brain.relationship.start_rapport, 4)
            for n, c in self.controllers.items()
        }

    def grievances_resolved(self) -> int:
        """Return how many NPC grievances the player resolved in this match."""
        return sum(c.brain.relationship.resolved_count for c in self.controllers.values())

    def memories(self, today: date | None = None) -> dict[str, dict[str, Any]]:
        """Return each NPC's memory after this match (for the store to keep)."""
        day = today or self.clock().date()
        agreed = self.session.state.status is Status.AGREED
        earned = getattr(self, "_earned", {})
        shares = getattr(self, "_shares", {})
        return {
            npc_id: updated_memory(
                controller.seat.memory,
                controller.seat.spec,
                controller.brain.relationship,
                level_id=self.config.level_id,
                today=day,
                agreement=agreed,
                player_share=shares.get(npc_id),
                earned=tuple(earned.get(npc_id, ())),
                favours=controller.ledger.to_memory(),
            )
            for npc_id, controller in self.controllers.items()
        }

    def restate_accuracy_for(self, npc_id: str, priorities: dict[str, float]) -> float:
        """Return how closely ``priorities`` restate what matters to ``npc_id`` (0..1).

        The restatement is normalised to weights summing to 1 and compared with the NPC's
        true weights: 1 minus half the total absolute difference (1 = exactly right).
        """
        raw = [max(float(priorities.get(i, 0.0)), 0.0) for i in self.codec.issue_ids]
        total = sum(raw)
        if total <= 0:
            return 0.0
        claimed = np.asarray(raw) / total
        truth = self.negotiation.party(npc_id).preferences.weight_vector
        return float(1.0 - 0.5 * np.abs(claimed - truth).sum())

    def restate_accuracy(self) -> float | None:
        """Return how well the player's last restatement of the other side's interests fit."""
        if not self._restated:
            return None
        npc_id, priorities = self._restated[-1]
        return self.restate_accuracy_for(npc_id, priorities)

    # ----------------------------------------------------------------- interests and options
    def _openings(self) -> tuple[tuple[str, Any, Any], ...]:
        """Return ``(npc_id, interest, opening)`` for every option an interest opens."""
        return self._all_openings

    @functools.cached_property
    def _all_openings(self) -> tuple[tuple[str, Any, Any], ...]:
        return tuple(
            (npc_id, interest, opening)
            for npc_id, controller in self.controllers.items()
            for interest in getattr(controller.seat.spec, "interests", ())
            for opening in interest.opens
        )

    def closed_values(self) -> dict[str, frozenset[str]]:
        """Return per issue the options still closed: opened by interests none has told yet."""
        if not self._all_openings:
            return {}
        closed: dict[str, set[str]] = {}
        opened: set[tuple[str, str]] = set()
        for npc_id, interest, opening in self._openings():
            pair = (opening.issue, opening.value)
            if interest.id in self.found_interests.get(npc_id, ()):
                opened.add(pair)
            else:
                closed.setdefault(opening.issue, set()).add(opening.value)
        result = {}
        for issue, values in closed.items():
            still = frozenset(v for v in values if (issue, v) not in opened)
            if still:
                result[issue] = still
        return result

    def open_mask(self) -> np.ndarray | None:
        """Return a mask of the outcomes no closed option rules out (None: nothing is closed)."""
        closed = self.closed_values()
        if not closed:
            return None
        space = self.negotiation.space
        positions = space.value_indices(np.arange(space.size))
        mask = np.ones(space.size, dtype=bool)
        for issue_id, values in closed.items():
            options = [str(v) for v in space.issue(issue_id).values]
            column = positions[:, space.position(issue_id)]
            for value in values:
                mask &= column != options.index(value)
        return mask

    def opened_options(self) -> list[dict[str, Any]]:
        """Return the options found interests have opened: npc, interest, issue, value."""
        return [
            {"npc": npc_id, "interest": interest.id, "issue": opening.issue, "value": opening.value}
            for npc_id, interest, opening in self._openings()
            if interest.id in self.found_interests.get(npc_id, ())
        ]

    def open_offer(self, offer: Offer) -> Offer:
        """Return the offer with each closed option replaced by the nearest open one.

        Closed options are those no one knows to offer yet (see :meth:`closed_values`): an
        offer naming one (a bot's, an NPC's, a mediator's) is read with the nearest option
        of the same issue that is open, the earlier one on a tie.
        """
        closed = self.closed_values()
        if not closed:
            return offer

        def opened(terms: Any) -> dict[str, Any]:
            out = dict(terms)
            for issue_id, values in closed.items():
                value = out.get(issue_id)
                if value is None or str(value) not in values:
                    continue
                options = [str(o) for o in self.negotiation.space.issue(issue_id).values]
                here = options.index(str(value))
                near = sorted((abs(n - here), n) for n, o in enumerate(options) if o not in values)
                if near:
                    out[issue_id] = options[near[0][1]]
            return out

        terms = opened(offer.terms)
        clause = offer.clause
        if clause is not None:
            clause = type(clause)(
                clause.event_id, opened(clause.if_happens), opened(clause.otherwise)
            )
        if dict(terms) == dict(offer.terms) and clause == offer.clause:
            return offer
        return type(offer)(terms, clause)

    def _within_reach(self, move: Move) -> Move:
        """Return an offer move (or one with a suggested package) with closed options opened."""
        if move.offer is None or not self.closed_values():
            return move
        offer = self.open_offer(move.offer)
        meta = dict(move.meta)
        if "meso" in meta:
            meta["meso"] = [self.open_offer(Offer.from_dict(d)).to_dict() for d in meta["meso"]]
        if offer is move.offer and meta == dict(move.meta):
            return move
        return replace(move, offer=offer, meta=meta)

    def claims(self) -> list[dict[str, Any]]:
        """Return every claim the NPCs made, with what was true (see game.npc.bluffs)."""
        return claims_report(self)

    def interests(self) -> dict[str, list[dict[str, Any]]]:
        """Return the interests the player found and those it missed (with their question)."""
        found: list[dict[str, Any]] = []
        missed: list[dict[str, Any]] = []
        for npc_id, controller in self.controllers.items():
            told = self.found_interests.get(npc_id, [])
            for interest in getattr(controller.seat.spec, "interests", ()):
                entry = {"npc": npc_id, "id": interest.id, "fact": interest.fact}
                if interest.id in told:
                    found.append(entry)
                else:
                    missed.append({**entry, "question": interest.question})
        return {"found": found, "missed": missed}

    def analytics(self) -> dict[str, Any]:
        """Return how the result compares with what was possible."""
        return outcome_analytics(self.analysis, self.session, self.fair)

    def record(
        self,
        level_id: str | None = None,
        level_version: int | None = None,
        seed: int | None = None,
        game_version: str = "0.1.0",
    ) -> MatchRecord:
        """Return the history record of the match (call once it is finished)."""
        finished_at = self._finished_at or self.clock()
        record = {
            "level_id": level_id or self.config.level_id,
            "level_version": level_version or self.config.level_version,
            "seed": self.seed if seed is None else seed,
            **session_outcome(self.session, self._started, finished_at),
            "analytics": self.analytics(),
            "trust_change": self.trust_change(),
            "rapport_change": self.rapport_change(),
            "trust_final": {
                n: round(c.brain.relationship.trust, 4) for n, c in self.controllers.items()
            },
            "grievances_at_start": sum(
                len(c.seat.spec.grievances) for c in self.controllers.values()
            ),
            "grievances_resolved": self.grievances_resolved(),
            "restate_accuracy": self.restate_accuracy(),
            "interests": self.interests(),
            "favours": self.favours(),
            "game_version": game_version,
            "parties": [{"id": p.id, "name": p.name} for p in self.negotiation.parties],
            "timeline": self.timeline(),
            "offers": self.offers_trail(),
            **({"claims": claims} if (claims := self.claims()) else {}),
        }
        return MatchRecord.from_dict(record)


def session_outcome(session: Session, started: float, finished_at: datetime) -> dict[str, Any]:
    """Return what every history record says of a finished session: its moves, how it ended,
    the deal, each party's payoff, the rounds it took, how long it lasted (from ``started``,
    a ``time.perf_counter()`` reading) and when it finished (ISO 8601, UTC)."""
    state = session.state
    ids = session.negotiation.party_ids
    return {
        "moves": [{"round": e.round, **e.move.to_dict()} for e in state.log],
        "agreement": state.status is Status.AGREED,
        "status": state.status.value,
        "outcome": None if state.agreement is None else state.agreement.to_dict(),
        "utilities": {
            pid: float(u) for pid, u in zip(ids, session.outcome_utilities(), strict=True)
        },
        "rounds": state.agreement_round + 1 if state.agreement_round is not None else state.round,
        "duration_s": round(time.perf_counter() - started, 4),
        "finished_at": finished_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    }


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def override_strategy(spec: NpcSpec, archetype: str) -> NpcSpec:
    """Return the spec with its strategy replaced by an archetype's defaults."""
    data = spec.model_dump(by_alias=True)
    data["strategy"] = {"kind": archetype}
    fields = set(NpcSpec.model_fields)
    return NpcSpec.model_validate({k: v for k, v in data.items() if k in fields})


def outcome_analytics(
    analysis: Analysis, session: Session, fair: FairPoint | None
) -> dict[str, Any]:
    """Return how a session's result compares with what was possible: joint utility,
    distance to the frontier (with contingent packages), value created and claimed, and the
    Nash point (``fair``, as the runtime finds it)."""
    state = session.state
    ids = analysis.negotiation.party_ids
    utilities = session.outcome_utilities()
    report = analysis.report(state.agreement, session.agreement_utilities())
    distance = report.pareto_distance
    if state.agreement is None:
        distance = analytics.distance_to_frontier(np.asarray(utilities), analysis.frontier_points)
    nash = None
    if fair is not None:
        nash = {"outcome": fair.offer.to_dict(), "utilities": dict(fair.utilities)}
    return {
        "joint_utility": float(sum(utilities)),
        "pareto_distance": float(distance),
        "on_frontier": bool(report.on_frontier),
        "value_created": float(report.value_created),
        "value_claimed": {pid: float(v) for pid, v in zip(ids, report.value_claimed, strict=True)},
        "nash": nash,
    }
