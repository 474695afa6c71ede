"""An NPC at the table: turns the player's moves into brain calls, and decisions into moves.

The controller owns the NPC's voice (a :class:`~game.npc.dialogue.LinePicker`) and applies
the talk rules: what a question reveals at the current trust, what an apology or a threat
does to trust, rapport and the state machine, how a cited benchmark or an appeal moves the
NPC.  Every reaction is a :class:`Reaction`: moves for the session, lines and logged
relationship changes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Unpack

from game.engine import PROBE_KINDS, Move, MoveKind, Offer
from game.npc import favours, preference_talk
from game.npc.bluffs import ClaimBook, exaggerated
from game.npc.brain import Decision, NpcBrain
from game.npc.dialogue import LinePicker, Said
from game.npc.lines import importance_words, sentence
from game.npc.relationship import (
    WHAT_FOR_WORDS,
    WHY_WORDS,
    WHY_WORDS_PLURAL,
    Change,
    ReasonFill,
)
from game.npc.rules import PLAYER_SAID
from game.npc.wording import (
    IssuePhrase,
    Voice,
    issue_phrase,
    join_words,
    plain_offer,
    plain_phrase,
    spoken_offer,
    spoken_option,
    spoken_value,
)

if TYPE_CHECKING:
    from game.npc.match import Match, Seat

RESTATE_GOOD = 0.75
"""How accurate a restatement of the NPC's interests must be for it to feel heard."""

BIG_STEP = 0.08
"""A step worth this much utility to the listener (or more) is a big one."""
STILL = 0.005
"""A step worth less than this is no step at all: the offer held firm."""

QUIET_AFTER_ANSWER = ("bargaining", "holding")
"""States whose remark an answer to the player's offer makes redundant."""

LEADING_TRUST = 20
"""How much more trust than an interest needs a leading question needs to find it."""

ANSWER_OFFERS = 2
"""How many of the player's offers after it told an interest may act on it: the offer that
follows, or the one after (a turn to think).  Later, a move onto the option is the player's
own bargaining, not an answer to what it heard (it still counts as any concession does)."""

OFFER_ANSWERS = ("lowball", "lowball_again", "retracted", "reciprocated", "conceded")
"""Judgements of an offer that have their own lines (the first found is said)."""


@dataclass
class Reaction:
    """What an NPC does in response to something: moves to make, lines, relationship changes."""

    moves: list[Move] = field(default_factory=list)
    lines: list[Said] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def extend(self, other: Reaction) -> None:
        """Append another reaction."""
        self.moves.extend(other.moves)
        self.lines.extend(other.lines)
        self.changes.extend(other.changes)


def issue_name(name: str, voice: Voice | None = None) -> IssuePhrase:
    """Return an issue name as it reads inside a sentence: "the price", "who pays".

    An :class:`~game.npc.wording.IssuePhrase`: lines filled with it get the article and
    the verb right (see :func:`game.npc.dialogue.fill`); said by ``voice``, a name naming
    the speaker reads "my" ("Kai's old loan" -> "my old loan").
    """
    return issue_phrase(name, voice)


class NpcController:
    """One party NPC in a match."""

    def __init__(self, seat: Seat, brain: NpcBrain, picker: LinePicker, match: Match) -> None:
        self.seat = seat
        self.id = seat.id
        self.name = seat.name
        self.brain = brain
        self.picker = picker
        self.match = match
        self.spoke_first = False
        self.suggestions: list[int] = []
        self.threat_claims: list[float] = []
        space = match.negotiation.space
        ranking = brain.preferences.ranking()
        self.voice = Voice(seat.name, alone=len(match.negotiation.parties) == 2)
        """How it says packages: its own name as "me" and "my" (see game.npc.wording)."""
        self._names = {issue.id: issue_name(issue.name, self.voice) for issue in space.issues}
        self._shown = {i.id: i for i in match.config.shown_issues}
        """The issues in the language of the match (empty in English): its lines name them."""
        if self._shown:
            self._names = {
                key: plain_phrase(getattr(i, "phrase", "") or i.name)
                for key, i in self._shown.items()
            }
        self._ranking = ranking
        protect = brain.strategy.protect
        self._figure_issue = space.issues[
            protect if protect is not None else space.position(ranking[0])
        ]
        if self._shown:  # its figures said as the players' language writes them
            self._figure_issue = self._shown.get(self._figure_issue.id, self._figure_issue)
        self._moment: dict[str, Any] = {}
        """Facts about the last thing that happened to it (the offer answered, the move)."""
        self._answer: str | None = None
        """The line owed to the player's last offer, said in its turn (unless it accepts)."""
        self._player_figures: list[Any] = []
        self._own_utility: float | None = None
        self._own_offer: Offer | None = None
        self._own_facts: dict[str, Any] = {"moved_last": "nobody"}
        self._met: set[str] = set()
        """The interests the player has given ground for (each counts once)."""
        self._player_terms: dict[str, Any] | None = None
        """The terms of the player's last offer (what its next one gave ground from)."""
        self._offers_since_told: dict[str, int] = {}
        """Per interest told and not yet acted on: the player's offers seen since."""
        self.claims = ClaimBook(self)
        """The claims it may make that are not always true (game.npc.bluffs)."""
        self.ledger = favours.Ledger.from_memory(seat.memory, match.config.level_id)
        """Favours with the player, remembered and new (:mod:`game.npc.favours`)."""
        self.said_pair = False
        self.asked_question = False
        #: What it has told the player when asked (its priorities, an issue's weight, which
        #: of two issues matters more), so that asked again it says it has answered already.
        self._answers: set[tuple[Any, ...]] = set()
        #: The priorities the player last stated to it, and how far it took them in.
        self._shared: tuple[tuple[tuple[str, float], ...], float] | None = None
        self.pending_question: str | None = None
        """An issue it asked the player about, not answered yet."""
        self._spoken_memo: dict[tuple, tuple[str, dict[str, Any]]] = match.tables.memo(
            ("spoken", self.id, self.voice, brain.strategy.protect)
        )
        """Plain offers in its words, kept with the level's tables (the words depend only on
        the package, its preferences, its voice and the issue it protects)."""
        self._said_key: tuple[int, int] = (-1, -1)
        self._player_said: list[str] = []
        self._figure_words: dict[tuple[type, Any], str] = {}
        """Figures of the issue in play as said (:meth:`_said_figure`), by type and value."""

    # ----------------------------------------------------------------- voice
    def issue_words(self, issue_id: str) -> IssuePhrase:
        """Return an issue as it reads in its lines ("the price")."""
        return self._names[issue_id]

    def value_words(self, issue_id: str, value: Any) -> str | None:
        """Return a value of an issue as the players read it in the match's language
        ("$5.750", "funda y teclado"), or None in English (its lines say values their own way)."""
        shown = self._shown.get(issue_id)
        if shown is None:
            return None
        return spoken_value(shown, value)

    def say(self, key: str, reaction: Reaction, **context: Any) -> None:
        """Add the NPC's line for a key (nothing when there is none)."""
        picker = self.picker
        if key in picker.spent:
            fixed = picker._fixed
            if (
                self._fixed_free
                and fixed.isdisjoint(self._own_facts)
                and fixed.isdisjoint(self._moment)
                and fixed.isdisjoint(context)
            ):
                return  # every line it could say for this was said (the picker would say so)
        picked = self.picker.pick(key, self.brain.state, self._context(context))
        if picked is not None:
            reaction.lines.append(Said(self.id, picked[0], picked[1]))

    def state_lines(self, reaction: Reaction, *, heard: bool = True) -> None:
        """Say the line of every state entered since the last look (``heard`` False: no one
        is left to hear them, and they are dropped)."""
        entered = self.brain.lines
        if not heard:
            entered.clear()
        while entered:
            state = entered.pop(0)
            self.say(state, reaction)

    def _context(self, extra: dict[str, Any]) -> dict[str, Any]:
        match = self.match
        round_number = match.session.state.round
        context = self._fixed_context.copy()
        context["player"] = None if match.player_name.lower() == "you" else match.player_name
        context["round"] = round_number + 1
        context["rounds_left"] = max(match.deadline - round_number, 0)
        context.update(self._facts())
        offer = extra.pop("offer", None)
        if isinstance(offer, Offer):
            words = self._spoken(offer)
            context["offer"] = words[0]
            context.update(words[1])
        for name, value in extra.items():
            if value is not None:
                context[name] = value
        return context

    @functools.cached_property
    def _fixed_free(self) -> bool:
        """Return True when no fact :meth:`_context` always gives is one of the picker's
        fixed facts (so whether one is overridden depends only on the moment's facts)."""
        always = {
            *self._fixed_context,
            *("player", "round", "rounds_left", "offer", "price_issue", "price"),
            *("extra_issue", "extra_value", "trust", "rapport", "grievances", "time"),
            *("late", "expectation", "player_said"),
        }
        return self.picker._fixed.isdisjoint(always)

    @functools.cached_property
    def _fixed_context(self) -> dict[str, Any]:
        """The facts of its lines that hold for the whole match (its name, its issues)."""
        return {"name": self.name, **self._ranked_names(self._ranking)}

    def _ranked_names(self, ranking: Sequence[str]) -> dict[str, Any]:
        """Return the line facts naming issues by rank: ``top_issue``, ``second_issue`` and
        ``low_issue`` (the last two only when they are other issues: a line that needs them is
        left out otherwise)."""
        names = self._names
        return {
            "top_issue": names[ranking[0]],
            "second_issue": names[ranking[1]] if len(ranking) > 2 else None,
            "low_issue": names[ranking[-1]] if len(ranking) > 1 else None,
        }

    def _spoken(self, offer: Offer) -> tuple[str, dict[str, Any]]:
        """Return an offer in its words and :meth:`_offer_words` (remembered for plain
        offers: it names the same few packages again and again)."""
        if self._shown:  # another language: the package by its shown issues and values
            return plain_offer(tuple(self._shown.values()), offer), self._offer_words(offer)
        if offer.clause is not None:
            return spoken_offer(self.match.negotiation, offer, self.voice), self._offer_words(offer)
        try:
            key = tuple((k, type(v), v) for k, v in offer.terms.items())
            found = self._spoken_memo.get(key)
        except TypeError:  # a value that cannot be a key: said afresh
            return spoken_offer(self.match.negotiation, offer, self.voice), self._offer_words(offer)
        if found is None:
            found = (
                spoken_offer(self.match.negotiation, offer, self.voice),
                self._offer_words(offer),
            )
            self._spoken_memo[key] = found
        return found

    # ----------------------------------------------------------------- facts
    def _facts(self) -> dict[str, Any]:
        """Return the facts of the moment for its lines (see :mod:`game.npc.rules`)."""
        brain = self.brain
        relationship = brain.relationship
        # what the player has done changes only when a rule is counted for the first time
        said_key = (relationship.version, len(relationship.counts))
        if said_key != self._said_key:
            count = relationship.count
            self._said_key = said_key
            self._player_said = [name for name in PLAYER_SAID if count(name)]
        time = brain.time
        facts: dict[str, Any] = {
            "trust": relationship.trust,
            "rapport": relationship.rapport,
            "grievances": sum(1 for g in relationship.grievances if g.resolved_by is None),
            "time": time,
            "late": time >= brain.thresholds.late_time,
            "expectation": brain.aspiration,
            "player_said": list(self._player_said),
        }
        facts.update(self._own_facts)
        facts.update(self._moment)
        return facts

    def _figure(self, offer: Offer) -> Any:
        """Return the value of the issue in play (the price, or what it cares most about)."""
        if offer.clause is None:  # (what branches() would copy first)
            return offer.terms.get(self._figure_issue.id)
        terms, _ = offer.branches()
        return terms.get(self._figure_issue.id)

    def _said_figure(self, value: Any) -> str:
        """Return ``spoken_value`` of a figure of the issue in play (remembered: a meeting
        names the same few figures again and again)."""
        try:
            key = (type(value), value)
            found = self._figure_words.get(key)
        except TypeError:  # a value that cannot be a key: said afresh
            return spoken_value(self._figure_issue, value)
        if found is None:
            found = self._figure_words[key] = spoken_value(self._figure_issue, value)
        return found

    def _amount(self, a: Any, b: Any) -> str | None:
        issue = self._figure_issue
        if a is None or b is None or not issue.numeric or float(a) == float(b):
            return None  # no amount to speak of ("a step of $0")
        return self._said_figure(abs(float(a) - float(b)))

    def _open_now(self) -> Callable[[int], bool]:
        """Return a test of whether a package names only options someone has opened."""
        match = self.match

        def allowed(index: int) -> bool:
            offer = match.codec.offer(index)
            return match.open_offer(offer) == offer

        return allowed

    def _figure_back(self, figure: Any, before: Any) -> bool:
        """Return True when the figure in play is worse to it than the player's last one."""
        if figure is None or before is None:
            return False
        prefs = self.match.negotiation.party(self.id).preferences
        issue = self._figure_issue.id
        return bool(prefs.value(issue, figure) < prefs.value(issue, before) - 1e-9)

    def _figure_met(self, figure: Any, own: Any) -> bool | None:
        """Return True when the player's figure is as good to it as its own last one."""
        if figure is None or own is None:
            return None
        prefs = self.brain.preferences
        issue = self._figure_issue.id
        return bool(prefs.value(issue, figure) >= prefs.value(issue, own) - 1e-9)

    def _standing(self, utility: float) -> str:
        brain = self.brain
        if utility < brain.reservation - brain.thresholds.lowball_margin:
            return "insulting"
        if utility < brain.reservation:
            return "below_floor"
        if utility >= brain.aspiration - STILL:
            return "there"
        if utility >= brain.aspiration - max(2 * brain.thresholds.close_margin, 0.05):
            return "close"
        return "short"

    def _weigh_offer(self, actor: str, offer: Offer, utility: float) -> None:
        """Note the facts of an offer it has just been made (before the brain takes it in)."""
        brain = self.brain
        previous = brain.previous_from.get(actor)
        if previous is None:
            step = "first"
        elif utility <= previous - STILL:
            step = "back"
        elif utility < previous + STILL:
            step = "none"
        else:
            step = "big" if utility >= previous + BIG_STEP else "small"
        figure = self._figure(offer)
        before = self._player_figures[-1] if self._player_figures else None
        self._player_figures.append(figure)
        own = self._own_facts.get("own_value")
        self._moment = {
            "move": "offer",
            "mover": "player" if actor == self.match.player_id else "other",
            "worth": utility,
            "standing": self._standing(utility),
            "step": step,
            "step_size": 0.0 if previous is None else utility - previous,
            "figure": None if figure is None else self._said_figure(figure),
            "previous_figure": None if before is None else self._said_figure(before),
            "step_amount": self._amount(figure, before) if step not in ("first", "none") else None,
            "gap_amount": self._amount(figure, own),
            "figure_met": self._figure_met(figure, own),
            "figure_back": self._figure_back(figure, before),
            "figure_held": None if figure is None or before is None else figure == before,
        }
        if step in ("small", "big"):
            self._own_facts["moved_last"] = "player"

    def _weigh_own(self, offer: Offer, utility: float) -> None:
        """Note the facts of the offer it is about to make."""
        before = self._own_utility
        if before is None:
            step = "first"
        elif utility >= before - STILL:
            step = "none"
        else:
            step = "big" if utility <= before - BIG_STEP else "small"
        self._own_utility = utility
        value = self._figure(offer)
        facts = self._own_facts
        facts["own_step"] = step
        # the very package it offered last time ("my terms haven't changed" is true only then)
        facts["own_same"] = self._own_offer is not None and offer == self._own_offer
        # its offer gives the player's figure: "your $3.47 doesn't work" would be wrong
        figures = self._player_figures
        facts["figure_given"] = bool(figures) and bool(self._figure_met(figures[-1], value))
        self._own_offer = offer
        facts["own_value"] = value
        facts["own_figure"] = None if value is None else self._said_figure(value)
        if step in ("small", "big"):
            facts["moved_last"] = "self"
        player = self._player_figures[-1] if self._player_figures else None
        self._moment["gap_amount"] = self._amount(player, value)

    def _choices(self, packages: list[Offer]) -> str:
        """Return the packages in words, naming only the issues on which they differ."""
        space = self.match.negotiation.space
        differ = [
            issue
            for issue in space.issues
            if len({str(p.terms.get(issue.id)) for p in packages}) > 1
        ]
        # between packages: "; or " ("; o " in Spanish), as the offers say them ("you on the
        # dishes, we take turns on the laundry"), not "one with ...", which fits no clause
        between = sentence("choices_or", self.picker.language)
        if self._shown:  # another language: each package by its issues and values
            shown = [self._shown[issue.id] for issue in differ]
            return between.join(plain_offer(shown, package) for package in packages)
        return between.join(
            join_words(
                spoken_option(issue, package.terms[issue.id], self.voice) for issue in differ
            )
            for package in packages
        )

    def _offer_words(self, offer: Offer) -> dict[str, Any]:
        """Return the price and the most generous extra of an offer, in words."""
        space = self.match.negotiation.space
        codec = self.match.codec
        terms, _ = offer.branches()
        protect = self.brain.strategy.protect
        if protect is None:
            protect = space.position(self._ranking[0])
        price_issue = space.issues[protect]
        price = terms[price_issue.id]
        words: dict[str, Any] = {
            "price_issue": self._names[price_issue.id],
            "price": self.value_words(price_issue.id, price) or spoken_value(price_issue, price),
        }
        index = codec.index_of_terms(terms)
        if index is None:
            return words
        values = codec.values_of(index)
        weighted = self.brain.weighted_lists
        best_gift, gift = -1.0, None
        for position, issue in enumerate(space.issues):
            if position == protect:
                continue
            table = weighted[position]
            given = max(table) - table[values[position]]
            if given > best_gift:
                best_gift, gift = given, issue
        if gift is not None and best_gift > 0.01:
            words["extra_issue"] = self._names[gift.id]
            extra = terms[gift.id]
            words["extra_value"] = self.value_words(gift.id, extra) or self.voice.own(
                gift.format(extra)
            )
        return words

    # ----------------------------------------------------------------- start and end
    def opening(self) -> Reaction:
        """The match starts: the opening line, then the machine's first move."""
        reaction = Reaction()
        self.say("opening", reaction)
        favours.start(self, reaction)
        self.brain.begin()
        self.state_lines(reaction)
        return reaction

    def finish(self, agreed: bool, *, parting: bool = True) -> Reaction:
        """The negotiation ended; ``parting``: say how (False when its last word was said)."""
        reaction = Reaction()
        favours.finish(self, reaction)
        # a mood entered on the last move ("we're close now") has no one left to reach: only
        # the way it ended is said (a deal, a deal that cost it, or none)
        self.brain.lines.clear()
        self.brain.finish(agreed)
        self.state_lines(reaction, heard=parting)
        return reaction

    # ----------------------------------------------------------------- offers seen
    def see_offer(self, actor: str, offer: Offer, meta: dict[str, Any]) -> Reaction:
        """Another party (or the mediator) tabled an offer."""
        reaction = Reaction()
        match = self.match
        brain = self.brain
        utility = match.utility_of(self.id, offer)
        if actor != match.player_id:
            self._moment = {
                "move": "offer",
                "mover": "mediator" if actor == match.chair else "other",
                "worth": utility,
                "standing": self._standing(utility),
            }
        if actor == match.chair:
            brain.last_utility = utility
            brain.fire("mediated")
            self.state_lines(reaction)
            return reaction
        index = match.codec.branch_index(offer)
        values = match.codec.values_of(index) if index is not None else None
        if actor != match.player_id:
            model = brain.models.get(actor)
            if model is not None and values is not None:
                model.observe(values)
            return reaction
        if brain.meso and index in brain.meso and values is not None:
            passed = [match.codec.values_of(i) for i in brain.meso if i != index]
            brain.models[actor].observe_choice(values, passed)
        self._weigh_offer(actor, offer, utility)
        self._interest_met(offer, reaction)
        favours.offer_seen(self, values, utility, reaction)
        events = brain.receive_offer(actor, utility, values)
        names = [name for name, _ in events]
        for name, change in events:
            if change is not None:
                reaction.changes.append(change)
            if name not in OFFER_ANSWERS:
                self.say(name, reaction)  # honest / lie: said at once
        step = self._moment.get("step")
        answer = next((name for name in OFFER_ANSWERS if name in names), None)
        if answer == "conceded" and step != "big":
            answer = None  # a small step gets a small thanks
        if answer is None:
            answer = {"first": "first_offer", "none": "held_firm"}.get(str(step), "small_step")
        self._answer = answer  # said in its turn, unless it takes the offer
        return reaction

    # ----------------------------------------------------------------- the NPC's turn
    def take_turn(self) -> Reaction:
        """Return the NPC's talk moves (if any) and its turn move."""
        match = self.match
        brain = self.brain
        state = match.session.state
        reaction = Reaction()
        brain.set_round(state.round)
        talk = Reaction()  # said after its answer to the offer, before its own move
        if not self.spoke_first:
            self.spoke_first = True
            self._first_words(talk)
        elif (
            brain.strategy.asks
            and brain.state == "exploring"
            and state.round <= brain.strategy.explore_rounds
        ):
            talk.moves.append(Move(MoveKind.ASK_PRIORITIES, self.id, target=match.player_id))
            self.say("ask", talk)
        else:
            self._own_talk(talk)
        table = state.table
        utility = None
        from_mediator = False
        if table is not None and table.proposer != self.id and self.id not in table.supporters:
            utility = match.utility_of(self.id, table.offer)
            from_mediator = table.proposer == match.chair
        last_chance = state.round >= match.deadline - 1
        decision = brain.decide(
            utility,
            last_chance=last_chance,
            from_mediator=from_mediator,
            allowed=self._allowed_now(),
        )
        answer, self._answer = self._answer, None
        # The warning comes before the player's last turn, once for the whole table (the
        # lines it heard are shared); after that turn, an offer is for the record only, and
        # a mood's remark ("time's getting tight", "we're close now") has no one to reach.
        player_turns = match.session.turns_left(match.player_id)
        if decision.kind == "accept":
            brain.lines.clear()  # "we're close" right before "deal" says nothing new
        else:
            if answer is not None and player_turns:  # the last word is said for the record
                said = len(reaction.lines)
                self.say(answer, reaction)
                if len(reaction.lines) > said:  # the answer says where it stands already
                    brain.lines[:] = [s for s in brain.lines if s not in QUIET_AFTER_ANSWER]
                    figure = self._moment.get("figure")
                    if figure:  # "$10? That's not a basis ..." then not "Your $10 doesn't ..."
                        answered = reaction.lines[said:]
                        self._moment["figure_said"] = any(figure in s.text for s in answered)
            self.state_lines(reaction, heard=player_turns > 0)
        reaction.extend(talk)
        if player_turns == 1 and decision.kind != "accept" and "deadline" not in match.voices:
            match.voices["deadline"] = self.id
            self.say("deadline", reaction)
        multi = match.multiparty
        if decision.kind == "accept":
            kind = MoveKind.SUPPORT if multi else MoveKind.ACCEPT
            reaction.moves.append(Move(kind, self.id))
            self.say("support" if multi else "accept", reaction)
            return reaction
        if decision.kind == "walk":
            reaction.moves.append(Move(MoveKind.WALK_AWAY, self.id))
            self.say("walk", reaction)
            return reaction
        if from_mediator:
            if brain.state == "hurt":
                self.say("mediator_refused", reaction)
            if multi:
                reaction.moves.append(Move(MoveKind.OPPOSE, self.id))
                self.say("oppose", reaction)
                return reaction
        if brain.refusal == "distrust":
            # AC_next would take the offer on the table: the NPC says why it holds out
            self.say("refuse_distrust", reaction)
        offer = match.open_offer(match.codec.offer(decision.indices[0]))
        self._weigh_own(offer, match.utility_of(self.id, offer))
        meta: dict[str, Any] = {}
        if len(decision.indices) > 1:
            meta["meso"] = [
                match.open_offer(match.codec.offer(i)).to_dict() for i in decision.indices[1:]
            ]
        reaction.moves.append(Move.offering(self.id, offer, meta))
        self._offer_line(reaction, decision, offer, answerable=player_turns > 0)
        if self.claims.claims:
            self.claims.after_offer(reaction, float(self._own_utility or 0.0))
        return reaction

    def _offer_line(
        self, reaction: Reaction, decision: Decision, offer: Offer, *, answerable: bool
    ) -> None:
        """Say the line that tables ``offer``: for the record when no answer can come, a
        customer-service extra, several packages, or one."""
        brain = self.brain
        match = self.match
        if not answerable:
            self.say("last_offer", reaction, offer=offer)
        elif (
            brain.strategy.protect is not None
            and len(decision.indices) == 1
            and "extra_value" in self._spoken(offer)[1]
        ):
            self.say("bundle", reaction, offer=offer)
        elif len(decision.indices) > 1:
            packages = [match.open_offer(match.codec.offer(i)) for i in decision.indices]
            protect = brain.strategy.protect
            key = "meso"
            if protect is not None:
                price = match.negotiation.space.issues[protect].id
                if len({str(p.terms[price]) for p in packages}) == 1:
                    key = "meso_bundle"
            self.say(
                key,
                reaction,
                offer=offer,
                count=len(packages),
                choices=self._choices(packages),
            )
        else:
            self.say("offer", reaction, offer=offer)

    def _allowed_now(self) -> Callable[[int], bool] | None:
        """Return what it may offer now: options someone has opened, favours it keeps."""
        opened = self._open_now() if self.match.closed_values() else None
        kept = favours.allowed(self)
        if opened is None or kept is None:
            return opened or kept
        return lambda index: opened(index) and kept(index)

    def _own_talk(self, reaction: Reaction) -> None:
        """Its own talk in its turn: a favour asked back, else a question or a pair."""
        said = len(reaction.moves)
        favours.ask_back(self, reaction)
        if len(reaction.moves) == said and not preference_talk.question(self, reaction):
            preference_talk.volunteer(self, reaction)

    def _first_words(self, reaction: Reaction) -> None:
        brain = self.brain
        strategy = brain.strategy
        player = self.match.player_id
        if strategy.threatens:
            claim = min(1.0, brain.reservation + 0.15)
            reaction.moves.append(Move(MoveKind.THREATEN, self.id, claim=claim, target=player))
            self.say("threat", reaction)
        if strategy.asks and brain.state == "exploring":
            reaction.moves.append(Move(MoveKind.ASK_PRIORITIES, self.id, target=player))
            self.say("ask", reaction)
        # a priority bluff still to be made speaks for itself: it does not share first
        to_come = self.claims.talked_up(("unsaid",)) is not None
        if strategy.shares and brain.meso_allowed() and not to_come:
            told, names = self.told_priorities()
            reaction.moves.append(
                Move(MoveKind.STATE_PRIORITIES, self.id, priorities=told, target=player)
            )
            self.say("share", reaction, **names)

    def own_priorities(self, only: int | None = None) -> dict[str, float]:
        """Return its true issue weights (the first ``only`` of them, when given)."""
        prefs = self.brain.preferences
        ranking = self._ranking if only is None else self._ranking[:only]
        return {issue: round(prefs.weight(issue), 3) for issue in ranking}

    def story(self) -> dict[str, float] | None:
        """Return the weights it states while a priority bluff is to be made or still stands
        (the talked-up issue first, heaviest first), or None when it has no story to keep:
        until the bluff is caught it keeps its story straight, whatever it is asked."""
        issue = self.claims.talked_up()
        if issue is None:
            return None
        said = exaggerated(self.own_priorities(), issue)
        return dict(sorted(said.items(), key=lambda item: -item[1]))

    def told_weights(self) -> dict[str, float]:
        """Return every issue's weight as it would state it, heaviest first: its story
        (:meth:`story`) or its true weights."""
        story = self.story()
        if story is not None:
            return story
        prefs = self.brain.preferences
        return {issue: prefs.weight(issue) for issue in prefs.ranking()}

    def told_priorities(self, only: int | None = None) -> tuple[dict[str, float], dict[str, Any]]:
        """Return its issue weights as it states them (the first ``only``) and the line facts
        naming them: the true ones, or its story (:meth:`story`)."""
        said = self.story()
        if said is None:
            return self.own_priorities(only), {}
        ranking = list(said)
        kept = ranking if only is None else ranking[:only]
        return {i: said[i] for i in kept}, self._ranked_names(ranking)

    # ----------------------------------------------------------------- talk
    def reveal_level(self) -> str:
        """Return how much it reveals when asked: ``open``, ``guarded`` or ``closed``."""
        brain = self.brain
        if brain.state == "hurt":
            return "closed"
        trust = brain.relationship.trust + (brain.personality.candour - 0.5) * 40
        thresholds = brain.thresholds
        if brain.strategy.hardliner:
            return "guarded" if trust >= thresholds.hurt_trust else "closed"
        if trust >= thresholds.explore_trust:
            return "open"
        if trust >= thresholds.hurt_trust:
            return "guarded"
        return "closed"

    def hear(self, move: Move) -> Reaction:
        """React to a talk move the player addressed to this NPC."""
        handler = self._hearers().get(move.kind)
        reaction = Reaction()
        self._moment.update(move=move.kind.value, mover="player")
        if handler is not None:
            handler(move, reaction)
        elif move.kind in PROBE_KINDS:
            self.claims.hear(move, reaction)
        self.state_lines(reaction)
        return reaction

    def _hearers(self) -> dict[MoveKind, Callable[[Move, Reaction], None]]:
        """Return the handler of each talk move this NPC reacts to (other moves: none)."""
        return {
            MoveKind.ASK_PRIORITIES: self._on_ask_priorities,
            MoveKind.ASK_ISSUE: self._on_ask_issue,
            MoveKind.ASK_WHY: self._on_ask_why,
            MoveKind.STATE_PRIORITIES: self._on_state_priorities,
            MoveKind.RESTATE_INTERESTS: self._on_restate_interests,
            MoveKind.PROPOSE_FOR_ME: self._on_propose_for_me,
            MoveKind.STATE_PREFERENCE: self._on_state_preference,
            MoveKind.ASK_PREFERENCE: self._on_ask_preference,
            MoveKind.ASK_FAVOUR: self._on_ask_favour,
            MoveKind.GRANT_FAVOUR: self._on_grant_favour,
            MoveKind.CITE_EVIDENCE: self._on_cite_evidence,
            MoveKind.APPEAL_RELATIONSHIP: self._on_appeal_relationship,
            MoveKind.THREATEN: self._on_threaten,
            MoveKind.EXPRESS_EMOTION: self._on_express_emotion,
            MoveKind.ACKNOWLEDGE_GRIEVANCE: self._on_acknowledge_grievance,
            MoveKind.APOLOGISE: self._on_apologise,
            MoveKind.PROPOSE_SHARED_ACCOUNT: self._on_propose_shared_account,
            MoveKind.LET_GO: self._on_let_go,
            MoveKind.RAISE_GRIEVANCE: self._on_raise_grievance,
        }

    def _apply(self, rule: str, reaction: Reaction, **fill: Unpack[ReasonFill]) -> None:
        change = self.brain.relationship.apply(rule, **fill)
        if change is not None:
            reaction.changes.append(change)

    def _on_ask_priorities(self, move: Move, reaction: Reaction) -> None:
        if self.brain.relationship.count("asked") < 2:
            self._apply("asked", reaction)
        level = self.reveal_level()
        player = self.match.player_id
        names: dict[str, Any] = {}
        key: tuple[Any, ...] = ("closed",)
        if level != "closed":
            told, names = self.told_priorities(None if level == "open" else 1)
            reaction.moves.append(
                Move(MoveKind.STATE_PRIORITIES, self.id, priorities=told, target=player)
            )
            key = ("priorities", tuple(sorted(told.items())))
        again = self.answered_before(key) and level != "closed"
        self.say("answer_again" if again else f"answer_{level}", reaction, **names)
        if level != "closed":
            self.brain.fire("heard")

    def belief_share(self) -> float:
        """Return how far it takes in what the player says of its own priorities (a
        statement or a pair): 0.6 at trust 50 or more, down to 0.18 at 15 or less."""
        return 0.6 * min(max(self.brain.relationship.trust / 50.0, 0.3), 1.0)

    def answered_before(self, answer: tuple[Any, ...]) -> bool:
        """Note an answer given to the player; return whether it gave the same one before."""
        before = answer in self._answers
        self._answers.add(answer)
        return before

    def _on_ask_issue(self, move: Move, reaction: Reaction) -> None:
        level = self.reveal_level()
        if level == "closed" or move.issue is None:
            self.say("answer_closed", reaction)
            return
        prefs = self.brain.preferences
        weight = self.told_weights()[move.issue]  # a priority bluff standing: its story
        importance = "high" if weight >= 0.3 else "medium" if weight >= 0.15 else "low"
        words = importance_words(self.picker.language)[importance]  # "very", "fairly", "not very"
        issue = self.match.negotiation.space.issue(move.issue)
        best = prefs.best_value(move.issue)
        value = self.value_words(move.issue, best) or spoken_option(issue, best, self.voice)
        reaction.moves.append(
            Move(
                MoveKind.STATE_PRIORITIES,
                self.id,
                priorities={move.issue: round(weight, 3)},
                issue=move.issue,
                target=self.match.player_id,
            )
        )
        again = self.answered_before(("issue", move.issue, round(weight, 3)))
        self.say(
            "answer_issue_again" if again else "answer_issue",
            reaction,
            issue=self._names[move.issue] if self._shown else issue_name(issue.name, self.voice),
            value=value,
            level=words,
        )
        self.brain.fire("heard")

    def _on_ask_why(self, move: Move, reaction: Reaction) -> None:
        """Asked why an issue matters (or, without an issue, what the deal is for).

        An open question earns a little trust the first time and finds the interest behind
        the issue once trust reaches the interest's ``trust``; a leading question (one that
        puts the answer in its mouth) costs trust every time and needs
        :data:`LEADING_TRUST` more before it answers straight.  The same open question
        asked again before a deed (or a new answer) has changed anything costs rapport and
        gets no answer (:meth:`~game.npc.relationship.Relationship.question`).  Being told
        does not open the NPC up by itself: acting on what it told does
        (:meth:`_interest_met`).
        """
        leading = move.meta.get("style", "open") == "leading"
        relationship = self.brain.relationship
        issue = self._names.get(move.issue) if move.issue else None
        kind = f"why:{move.issue or ''}"
        if leading:
            self._apply("leading_question", reaction)
        else:
            if issue is None:
                words = WHAT_FOR_WORDS
            else:
                words = (WHY_WORDS_PLURAL if issue.plural else WHY_WORDS).format(issue=issue)
            change, repeat = relationship.question(kind, words)
            if change is not None:
                reaction.changes.append(change)
            if repeat is not None:
                self.say(repeat, reaction, issue=issue)
                return
            if relationship.count("asked_why") == 0:
                self._apply("asked_why", reaction)
        if self.reveal_level() == "closed":
            self.say("answer_closed", reaction)
            return
        told = self.match.found_interests.setdefault(self.id, [])
        waiting = [
            i
            for i in getattr(self.seat.spec, "interests", ())
            if i.id not in told and (move.issue is None or move.issue in i.issues)
        ]
        if not waiting:
            if not leading:
                relationship.settled(kind)  # nothing more to tell: asking again cannot help
            self.say("why_rebuffed" if leading else "why_nothing_more", reaction, issue=issue)
            return
        interest = waiting[0] if move.issue else min(waiting, key=lambda i: i.trust)
        need = interest.trust + (LEADING_TRUST if leading else 0)
        if relationship.trust < need:
            self.say("why_rebuffed" if leading else "interest_guarded", reaction, issue=issue)
            return
        told.append(interest.id)
        relationship.answered(kind)  # there may be more: asking again is a follow-up
        if interest.says:
            reaction.lines.append(Said(self.id, interest.says, "warm"))
        else:
            self.say("interest_told", reaction, issue=issue, interest=interest.fact)

    def _interest_met(self, offer: Offer, reaction: Reaction) -> None:
        """The player acted on an interest it told: gave ground to offer the option the
        interest opened, in one of the :data:`ANSWER_OFFERS` offers after hearing it.  It
        feels heard, and opens up (once per interest).

        Giving ground means the offer holds the option and, on that issue, the player's
        last offer (before its first, its own favourite) held something the player likes
        better: a concession made for the interest.  An option the player offered anyway,
        or likes best itself, is no deed (the player gave nothing for it); nor is one its
        bargaining reaches rounds later.
        """
        told = self.match.found_interests.get(self.id, ())
        terms, _ = offer.branches()
        before = self._player_terms
        self._player_terms = dict(terms)
        if not told:
            return
        player = self.match.negotiation.player.preferences
        for interest in getattr(self.seat.spec, "interests", ()):
            if interest.id not in told or interest.id in self._met:
                continue
            offers = self._offers_since_told.get(interest.id, 0) + 1
            self._offers_since_told[interest.id] = offers
            if offers > ANSWER_OFFERS:
                continue
            for opening in interest.opens:
                value = terms.get(opening.issue)
                if value is None or str(value) != opening.value:
                    continue
                last = before.get(opening.issue) if before else None
                if last is None:
                    last = player.best_value(opening.issue)
                if player.value(opening.issue, value) < player.value(opening.issue, last) - 1e-9:
                    self._met.add(interest.id)
                    self._apply("interest_met", reaction)
                    self.brain.fire("heard")
                    break

    def _on_state_priorities(self, move: Move, reaction: Reaction) -> None:
        if not move.priorities:
            return
        brain = self.brain
        share = self.belief_share()
        stated = tuple(sorted(move.priorities.items()))
        if self._shared is not None and self._shared[0] == stated and share <= self._shared[1]:
            # the same priorities again, trusted no more than before: nothing new to take in
            self.say("thanks_shared_again", reaction)
            return
        self._shared = (stated, share)
        brain.models[self.match.player_id].state_priorities(move.priorities, share)
        if brain.relationship.count("shared") == 0:
            self._apply("shared", reaction)
        preference_talk.answered(self, tuple(move.priorities), reaction)
        self.say("thanks_shared", reaction)
        brain.fire("heard")

    def _on_restate_interests(self, move: Move, reaction: Reaction) -> None:
        """The player says back what matters to this NPC; it rates how well they listened."""
        brain = self.brain
        accuracy = self.match.restate_accuracy_for(self.id, dict(move.priorities or {}))
        if accuracy >= RESTATE_GOOD:
            relationship = brain.relationship
            if relationship.count("restated") == 0 and relationship.count("restated_poorly") == 0:
                # listening earns trust the first time; getting there by trial and error
                # (the NPC says how close each try was) is heard but earns nothing
                self._apply("restated", reaction)
            self.say("interests_heard", reaction, accuracy=f"{accuracy:.0%}")
            brain.fire("heard")
        else:
            if brain.relationship.count("restated_poorly") == 0:
                self._apply("restated_poorly", reaction)
            self.say("interests_missed", reaction, accuracy=f"{accuracy:.0%}")

    def _on_propose_for_me(self, move: Move, reaction: Reaction) -> None:
        # A package good for both sides and above the player's BATNA where one exists (the
        # analysis knows both sides), not the NPC's own target: asked "what would suit me?",
        # it answers for the player.  Without any acceptable package it falls back on its own.
        index = self.match.analysis.package_for_both(
            self.match.player_id, allowed=self.match.open_mask()
        )
        if index is None:
            index = self.brain.suggest()
        self.suggestions.append(index)
        offer = self.match.open_offer(self.match.codec.offer(index))
        reaction.moves.append(
            Move(
                MoveKind.STATE_PRIORITIES,
                self.id,
                offer=offer,
                target=self.match.player_id,
                meta={"for_you": True},
            )
        )
        self.say("propose_for_me", reaction, offer=offer)

    def _on_state_preference(self, move: Move, reaction: Reaction) -> None:
        preference_talk.stated(self, move, reaction)

    def _on_ask_preference(self, move: Move, reaction: Reaction) -> None:
        preference_talk.asked(self, move, reaction)

    def _on_ask_favour(self, move: Move, reaction: Reaction) -> None:
        favours.asked(self, move, reaction)

    def _on_grant_favour(self, move: Move, reaction: Reaction) -> None:
        favours.granted(self, move, reaction)

    def _on_cite_evidence(self, move: Move, reaction: Reaction) -> None:
        brain = self.brain
        assert move.evidence is not None, "the match refuses a citation without its card"
        card = self.match.evidence[move.evidence]
        strategy = brain.strategy
        self.claims.benchmark(card, reaction)  # a benchmark undercuts a bluffed alternative
        if card.id in brain.moved_by_cards:  # it moved for this card already
            self.say("evidence_again", reaction, card=card.title)
            return
        weight = brain.preferences.weight(card.issue) if card.issue else 0.0
        if strategy.hardliner:
            relevant = card.id in strategy.moved_by if strategy.moved_by else weight >= 0.1
        else:
            relevant = card.issue is None or weight >= 0.1
        if not relevant:
            self.say("evidence_ignored", reaction, card=card.title)
            return
        brain.moved_by_cards.add(card.id)
        if strategy.hardliner:
            brain.strategy.curve.moved += strategy.benchmark_step
        else:
            brain.soften(0.02 if card.issue else 0.01)
        self._apply("evidence", reaction, card=card.title)
        self.say("evidence_moved", reaction, card=card.title)
        brain.fire("moved")
        brain.fire("heard")

    def _words(self, rule: str, reaction: Reaction) -> bool:
        """Apply friendly talk as it wears off; return False when it was said once too often
        (the NPC then says so, and the words do nothing else)."""
        change, counted = self.brain.relationship.words(rule)
        if change is not None:
            reaction.changes.append(change)
        if not counted:
            self.say("said_again", reaction)
        return counted

    def _on_appeal_relationship(self, move: Move, reaction: Reaction) -> None:
        brain = self.brain
        if brain.relationship.trust >= 40 and brain.state != "hurt":
            first = brain.relationship.count("appeal") == 0
            if not self._words("appeal", reaction):
                return
            if first:
                if brain.strategy.hardliner:
                    brain.strategy.curve.moved += brain.strategy.relationship_step
                else:
                    brain.soften(0.01)
            self.say("appeal_welcome", reaction)
            brain.fire("heard")
        elif self._words("appeal_hollow", reaction):
            self.say("appeal_hollow", reaction)

    def _on_threaten(self, move: Move, reaction: Reaction) -> None:
        brain = self.brain
        if move.claim is not None:
            self.threat_claims.append(float(move.claim))
        self._apply("threat", reaction)
        if brain.strategy.harshness > 1:
            brain.soften(-0.03)
        self.say("threatened", reaction)
        brain.offend()

    def _on_express_emotion(self, move: Move, reaction: Reaction) -> None:
        brain = self.brain
        emotion = move.emotion or "neutral"
        if emotion == "warm":
            if not self._words("warm", reaction):
                return
            brain.fire("heard")
        elif emotion == "frustrated":
            self._apply("frustrated", reaction)
        elif emotion == "angry":
            first = brain.relationship.count("angry") == 0
            self._apply("angry", reaction)
            if first and brain.strategy.talks_to_bargain and brain.state != "hurt":
                brain.soften(0.02)  # anger can extract a concession once, at a price
            brain.offend()
        self.say(f"emotion_{emotion}", reaction)

    def _on_acknowledge_grievance(self, move: Move, reaction: Reaction) -> None:
        relationship = self.brain.relationship
        grievance = relationship.grievance(move.grievance)
        again = grievance is not None and grievance.acknowledged
        reaction.changes.extend(relationship.acknowledge(move.grievance))
        if again:
            self.say("said_again", reaction)  # heard already: it changes nothing more
            return
        self.say("acknowledged", reaction, grievance=grievance.text if grievance else None)
        self.brain.fire("heard")

    def _on_apologise(self, move: Move, reaction: Reaction) -> None:
        relationship = self.brain.relationship
        repeated = relationship.count("said_again")
        changes, _ = relationship.apologise(move.grievance)
        reaction.changes.extend(changes)
        if relationship.count("said_again") > repeated:
            self.say("said_again", reaction)
            return
        key = "apology_accepted" if relationship.apologies <= 2 else "apology_cheap"
        self.say(key, reaction)
        self.brain.fire("heard")

    def _on_propose_shared_account(self, move: Move, reaction: Reaction) -> None:
        changes, resolved = self.brain.relationship.shared_account(move.grievance)
        reaction.changes.extend(changes)
        self.say("shared_account_accepted" if resolved else "shared_account_early", reaction)
        self.brain.fire("heard")

    def _on_let_go(self, move: Move, reaction: Reaction) -> None:
        brain = self.brain
        text = self.match.player_grievance_text(move.grievance)
        self._apply("let_go", reaction, grievance=text)
        if brain.strategy.talks_to_bargain:
            brain.soften(0.03)  # letting go opens options: it gives a little back
        self.say("let_go", reaction)
        brain.fire("heard")

    def _on_raise_grievance(self, move: Move, reaction: Reaction) -> None:
        brain = self.brain
        text = self.match.player_grievance_text(move.grievance)
        self._apply("raised_grievance", reaction, grievance=text)
        if brain.strategy.harshness > 1:
            brain.soften(-0.03)  # a grudge-holder hits back
        self.say("grievance_raised", reaction)
        brain.offend()

    # ----------------------------------------------------------------- partial packages
    def complete_partial(self, offer: Offer) -> Reaction:
        """Answer a partial package with a completion it likes (a talk move, ``partial``)."""
        reaction = Reaction()
        codec = self.match.codec
        fixed = {}
        for position, issue_id in enumerate(codec.issue_ids):
            if issue_id in offer.terms:
                fixed[position] = codec.positions[position][offer.terms[issue_id]]
        index = self.brain.complete(fixed)
        self.suggestions.append(index)
        completion = self.match.open_offer(codec.offer(index))
        reaction.moves.append(
            Move(
                MoveKind.STATE_PRIORITIES,
                self.id,
                offer=completion,
                target=self.match.player_id,
                meta={"partial": True},
            )
        )
        first = next(iter(offer.terms), None)
        name = (
            issue_name(self.match.negotiation.space.issue(first).name, self.voice)
            if first
            else None
        )
        self.say("partial", reaction, offer=completion, issue=name)
        return reaction
