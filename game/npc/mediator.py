"""The mediator: a neutral who tables single texts near the Nash point and points at value left.

Fisher's one-text procedure: asked for help, the mediator tables a draft; each later
request revises it toward the Nash point (over plain packages and, where a contingent
clause does better, packages with one).  Text ``k`` of ``steps`` lies ``k/steps`` of the
way from where the talks stand to the Nash point.  With each text it tells the sides
where value is left: a trade across two issues they weigh differently, or a clause on an
event they disagree about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from game.engine import Move, MoveKind, missed_tradeoffs
from game.i18n import number
from game.npc.controller import Reaction, issue_name
from game.npc.dialogue import LinePicker, Said
from game.npc.lines import sentence
from game.npc.machines import ArchetypeMachine, Mood
from game.npc.runtime import MediatorTexts
from game.npc.wording import (
    plain_offer,
    plain_phrase,
    spoken_offer,
    spoken_option,
    spoken_value,
)

if TYPE_CHECKING:
    from game.npc.match import Match, Seat


def mediator_first_round(after_round: int) -> int:
    """Return the first round, counted from 1 as the table shows it, in which the mediator may be asked.

    ``after_round`` is the level's ``rules.mediator.after_round``: how many rounds must be
    over before the player may ask (0: from the first round).
    """
    return max(0, int(after_round)) + 1


def mediator_may_be_asked(round_index: int, after_round: int) -> bool:
    """Return True when the mediator may be asked in a round (``round_index`` counts from 0)."""
    return round_index + 1 >= mediator_first_round(after_round)


def mediator_from_words(after_round: int) -> str:
    """Return when the mediator may be asked, in words: "from round 3" ("" from the start).

    The briefing and the table both say it with these words, so they cannot disagree.
    """
    first = mediator_first_round(after_round)
    return f"from round {first}" if first > 1 else ""


class MediatorController:
    """The level's mediator (the table's chair)."""

    def __init__(
        self,
        seat: Seat,
        machine: ArchetypeMachine,
        picker: LinePicker,
        match: Match,
        texts: MediatorTexts,
    ) -> None:
        self.seat = seat
        self.id = seat.id
        self.name = seat.name
        self.machine = machine
        self.picker = picker
        self.match = match
        self.texts = texts
        self.steps = getattr(seat.spec.strategy, "steps", 3)
        self.proposals = 0
        self.last_text: int | None = None
        self.lines: list[str] = []
        self.mood = Mood(self)
        machine.attach(self.mood)
        self.attached = True

    @property
    def state(self) -> str:
        """Return the machine state."""
        return self.mood.state

    def entered(self, state: str) -> None:
        """Machine callback: remember the state entered."""
        self.lines.append(state)

    def say(self, key: str, reaction: Reaction, **context: Any) -> None:
        """Add one of the mediator's lines."""
        context = {"name": self.name, "player": self.match.player_name, **context}
        picked = self.picker.pick(key, self.state, context)
        if picked is not None:
            reaction.lines.append(Said(self.id, picked[0], picked[1]))

    def opening(self) -> Reaction:
        """Introduce itself."""
        reaction = Reaction()
        self.say("opening", reaction)
        return reaction

    def close(self) -> None:
        """Leave the machine."""
        if self.attached:
            self.machine.detach(self.mood)
            self.attached = False

    def finish(self, agreed: bool) -> None:
        """The talks ended."""
        self.machine.fire(self.mood, "deal" if agreed else "ended")
        self.lines.clear()

    def asked(self) -> Reaction:
        """The player asked for help: table the next single text and say where value is left."""
        reaction = Reaction()
        self.machine.fire(self.mood, "asked")
        self.lines.clear()
        texts = self.texts
        if texts.nash is None:
            self.say("mediator_intro", reaction)
            return reaction
        if self.proposals == 0:
            self.say("mediator_intro", reaction)
        self.proposals += 1
        row = self._next_text()
        self.last_text = row
        offer = self.match.open_offer(texts.offers[row])  # no one knows closed options
        config = self.match.config
        shown = config.shown_issues  # another language: the words of the players' language
        hint = self._hint()
        if hint:
            self.say("mediator_value_left", reaction, hint=hint)
        table = self.match.session.state.table
        if offer.clause is not None and (table is None or table.offer.clause is None):
            event = self.match.negotiation.event(offer.clause.event_id)
            described = dict(config.shown_events).get(event.id) if shown else event.description
            if described:
                self.say("mediator_clause", reaction, event=described)
        words = plain_offer(shown, offer) if shown else spoken_offer(self.match.negotiation, offer)
        self.say("mediator_text", reaction, offer=words)
        reaction.moves.append(
            Move(
                MoveKind.OFFER,
                self.id,
                offer=offer,
                meta={"single_text": self.proposals, "final": row == texts.nash},
            )
        )
        return reaction

    def _current_point(self) -> np.ndarray:
        match = self.match
        negotiation = match.negotiation
        state = match.session.state
        if state.table is not None:
            return np.asarray(negotiation.utilities(state.table.offer))
        offers = [
            negotiation.utilities(offers[-1])
            for offers in (state.offers_by(pid) for pid in negotiation.party_ids)
            if offers
        ]
        if offers:
            return np.mean(np.asarray(offers), axis=0)
        return np.asarray(negotiation.reservations, dtype=np.float64)

    def _next_text(self) -> int:
        texts = self.texts
        nash = texts.utilities[texts.nash]
        share = min(self.proposals / max(self.steps, 1), 1.0)
        goal = self._current_point() + share * (nash - self._current_point())
        distances = np.linalg.norm(texts.utilities - goal[None, :], axis=1)
        order = np.argsort(distances, kind="stable")
        for row in order:
            if int(row) != self.last_text or int(row) == texts.nash:
                return int(row)
        return int(order[0])

    def _hint(self) -> str | None:
        """Return where value is left, in the match's language: a trade that would make both
        better off, else the issues each side cares about more (None when there is none)."""
        match = self.match
        negotiation = match.negotiation
        language = match.config.language
        shown = {issue.id: issue for issue in match.config.shown_issues}
        names = {seat.id: seat.name for seat in match.config.seats}

        def issue_words(issue: Any, with_article: bool) -> str:
            said = shown.get(issue.id)
            if said is not None:  # "el precio": the level's phrase in the language
                return str(plain_phrase(getattr(said, "phrase", "") or said.name))
            return str(issue_name(issue.name)) if with_article else issue.name

        def value_words(issue: Any, value: Any) -> str:
            said = shown.get(issue.id)
            return spoken_value(said, value) if said is not None else issue.format(value)

        def option_words(issue: Any, value: Any) -> str:
            if issue.id in shown:  # a translated level: its words, as its texts name them
                return f"{issue_words(issue, with_article=False)} ({value_words(issue, value)})"
            return spoken_option(issue, value)  # as the characters say it: "review every 5 years"

        def gain(value: float) -> str:
            return f"{value:.2f}" if language == "en" else number(value, 2, language)

        table = match.session.state.table
        if table is not None and table.offer.clause is None:
            found = missed_tradeoffs(negotiation, dict(table.offer.terms))
            if found:
                trade = found[0]
                better = trade.better_outcome
                gained = negotiation.space.issue(trade.gain_issue)
                given = negotiation.space.issue(trade.give_issue)
                return sentence("mediator_trade", language).format(
                    option=option_words(gained, better[gained.id]),
                    extra_option=option_words(given, better[given.id]),
                    your_gain=gain(trade.player_gain),
                    other=names.get(trade.party) or negotiation.party(trade.party).name,
                    their_gain=gain(trade.other_gain),
                )
        player = negotiation.player
        others = [p for p in negotiation.parties if p.id != player.id]
        if not others:
            return None
        other = others[0]
        space = negotiation.space
        differences = [
            (player.preferences.weight(i) - other.preferences.weight(i), i) for i in space.issue_ids
        ]
        mine = max(differences)
        theirs = min(differences)
        if mine[0] <= 0 or theirs[0] >= 0:
            return None
        return sentence("mediator_weights", language).format(
            other=names.get(other.id) or other.name,
            issue=issue_words(space.issue(theirs[1]), with_article=True),
            other_issue=issue_words(space.issue(mine[1]), with_article=True),
        )
