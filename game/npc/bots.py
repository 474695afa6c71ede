"""Scripted players that play like people, through the same Match API as the UI.

* ``boulware``, ``linear``, ``conceder``: the time-dependent strategies (the same brain code
  as the NPCs, without feelings), offering and accepting only;
* ``haggler``: positional -- one issue at a time (its most important first), an extreme
  anchor, small steps, copies the other side's terms on everything else; cites a price
  benchmark and bluffs a better alternative once;
* ``integrator``: asks what matters (never why), shares its true priorities, logrolls
  with its opponent model, picks
  the best of several equivalent packages;
* ``grudge``: raises its grievances, answers setbacks with anger and threats;
* ``reconciler``: acknowledges, proposes shared accounts, apologises, lets go, then
  bargains like the integrator, offers contingent clauses when the level has events and
  asks the mediator when talks stall; when the other side opens (so its own last-round
  offer would end the talks unanswered) it concedes to the deadline one round early;
* ``walker``: concedes evenly and walks away as soon as an offer below its BATNA stops
  improving;
* ``accepter``: accepts whatever is on the table (the naive player);
* ``flatterer``: an exploit check, not a way to play: bargains like ``boulware`` and fills
  every round with friendly talk (warmth, appeals, questions, shared priorities, cards,
  apologies, restatements), each kind again and again -- talk that wears off must not
  buy trust or stars;
* ``teacher``: a design check for the campaign, not one of ``simulate``'s players: the
  reconciler playing every lesson in full (asks again, asks why each issue that matters
  more to them matters and offers the options that opens, cites every card, one appeal,
  restates what it heard, asks them to propose, concedes on what matters least to it,
  improves their packages for both sides, walks away when there is no zone at all, and
  holds firm like ``boulware`` when there is a single issue and so nothing to trade).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import numpy as np

from game.engine import PREFERENCE_OVER, ContingentSpace, Move, MoveKind, Offer
from game.engine.issues import Value
from game.npc import favour_play
from game.npc.brain import NpcBrain
from game.npc.match import Match, TurnReport
from game.npc.spec import PLAYER_BOTS, NpcSpec
from game.npc.tables import SpaceCodec


def _outcome(codec: SpaceCodec, terms: Mapping[str, Value]) -> int:
    """Return the outcome index of a complete package (bots only estimate complete offers)."""
    index = codec.index_of_terms(terms)
    assert index is not None, "an estimated package names a value for every issue"
    return index


class PlayerBot:
    """Base: keeps a feelings-free brain for the player's side and follows the reports."""

    kind = "linear"
    e: float | None = None
    max_target: float | None = None

    def __init__(self, match: Match, seed: int) -> None:
        self.match = match
        self.rng = random.Random(f"{seed}:bot:{self.name}")
        self.me = match.player_id
        strategy: dict[str, Any] = {"kind": self.kind}
        if self.e is not None:
            strategy["e"] = self.e
        if self.max_target is not None:
            strategy["max_target"] = self.max_target
        spec = NpcSpec.model_validate({"strategy": strategy})
        self.brain = NpcBrain(
            self.me,
            spec,
            match.tables,
            None,  # a player has no moods: its brain bargains without a state machine
            deadline=self.offer_deadline(match),
            others=list(match.controllers),
            relational=False,
            seed=f"{seed}:player",
        )
        self.brain.begin()
        self.claims: dict[tuple[str, str], dict[str, Any]] = {}
        """Claims the NPCs made, per (NPC, claim id): what about, its answer to a probe,
        and what this bot did about it (see :meth:`probe`)."""
        self.npc_offers: list[tuple[str, Offer, tuple[Offer, ...]]] = []
        self.suggestions: list[Offer] = []
        self.turns = 0

    name = "bot"

    def offer_deadline(self, match: Match) -> int:
        """Return the deadline its concession curve runs to (the match's here)."""
        return match.deadline

    @property
    def table(self):
        """Return the player's own utility table."""
        return self.match.tables.party(self.me)

    def utility(self, offer: Offer) -> float:
        """Return the player's (expected) utility of a complete offer."""
        return self.match.utility_of(self.me, offer)

    # ----------------------------------------------------------------- following the talks
    def observe(self, report: TurnReport) -> None:
        """Learn from what the NPCs did."""
        codec = self.match.codec
        for move in report.npc_moves:
            if move.actor == self.match.chair:
                continue
            if move.kind is MoveKind.OFFER and move.offer is not None:
                alternatives = tuple(Offer.from_dict(d) for d in move.meta.get("meso", ()))
                self.npc_offers.append((move.actor, move.offer, alternatives))
                index = codec.branch_index(move.offer)
                values = codec.values_of(index) if index is not None else None
                self.brain.receive_offer(move.actor, self.utility(move.offer), values)
            elif move.kind is MoveKind.CLAIM and move.meta.get("claim"):
                key = (move.actor, str(move.meta["claim"]))
                heard = self.claims.setdefault(key, {"about": move.meta.get("about")})
                if move.meta.get("answer"):
                    heard["answer"] = move.meta["answer"]
            elif move.kind is MoveKind.STATE_PRIORITIES:
                if move.offer is not None:
                    self.suggestions.append(move.offer)
                elif move.priorities and len(move.priorities) > 1:
                    model = self.brain.models.get(move.actor)
                    if model is not None:
                        model.state_priorities(move.priorities, 0.7)

    def close(self) -> None:
        """Leave the machine."""
        self.brain.close()

    # ----------------------------------------------------------------- acting
    probes: str | None = None
    """How it meets the other side's claims (an alternative, a "final" offer, a priority):
    ``probe`` asks for proof, calls a bluff that wavers and points out contradictions;
    ``believe`` takes an alternative or a final offer at its word and accepts the offer on
    the table (when it beats its BATNA); ``accuse`` calls every claim a bluff at once;
    ``ask`` asks for proof of each once and does nothing with the answer (ticking the
    step); None ignores them."""

    def probe(self) -> Move | None:
        """Return its move about the claims heard (None: nothing to do about them)."""
        if self.probes is None or not self.claims:
            return None
        me = self.me
        if self.probes == "believe":
            # an alternative or a last word taken at face value: it takes the first offer
            # on the table that beats its BATNA from then on
            if any(heard.get("about") != "priority" for heard in self.claims.values()):
                offer = self.table_offer()
                if offer is not None and self.utility(offer) >= self.table.reservation:
                    return self.accept_move()
            return None
        legal = self.match.legal_player_moves()
        if self.probes == "probe" and legal[MoveKind.POINT_CONTRADICTION] is None:
            return Move(MoveKind.POINT_CONTRADICTION, me)
        for (npc_id, claim_id), heard in self.claims.items():
            if heard.get("done"):
                continue
            meta = {"claim": claim_id}
            if self.probes == "accuse" or heard.get("answer") == "wavered":
                heard["done"] = True
                if self.probes != "ask" and legal[MoveKind.CALL_BLUFF] is None:
                    return Move(MoveKind.CALL_BLUFF, me, target=npc_id, meta=meta)
            elif heard.get("answer") == "backed":
                heard["done"] = True  # it showed its proof: the claim is real
            elif not heard.get("asked") and legal[MoveKind.ASK_PROOF] is None:
                heard["asked"] = True
                return Move(MoveKind.ASK_PROOF, me, target=npc_id, meta=meta)
        return None

    def next_move(self) -> Move:
        """Return the next move: a talk move while it has something to say, else a turn move."""
        probe = self.probe()
        if probe is not None:
            if probe.kind.is_turn_move:
                self.turns += 1
            return probe
        talk = self.talk()
        if talk is not None:
            return talk
        self.turns += 1
        return self.turn()

    def talk(self) -> Move | None:
        """Return a talk move, or None to make a turn move."""
        return None

    def legal(self, kind: MoveKind) -> bool:
        """Return True when a move kind is legal now."""
        return self.match.legal_player_moves()[kind] is None

    def table_offer(self) -> Offer | None:
        """Return the offer on the table when someone else tabled it."""
        table = self.match.state.table
        if table is None or table.proposer == self.me or self.me in table.supporters:
            return None
        return table.offer

    def accept_move(self) -> Move:
        """Return accept (or support, in a multi-party talk)."""
        kind = MoveKind.SUPPORT if self.match.multiparty else MoveKind.ACCEPT
        return Move(kind, self.me)

    def turn(self) -> Move:
        """The time-dependent turn: AC_next, else the offer its curve and model choose."""
        state = self.match.state
        brain = self.brain
        brain.set_round(state.round)
        offer = self.table_offer()
        utility = None if offer is None else self.utility(offer)
        decision = brain.decide(utility, last_chance=state.round >= self.match.deadline - 1)
        if decision.kind == "accept":
            return self.accept_move()
        if decision.kind == "walk":
            return Move(MoveKind.WALK_AWAY, self.me)
        return Move.offering(self.me, self.match.codec.offer(decision.indices[0]))


class BoulwareBot(PlayerBot):
    """Holds firm until near the deadline."""

    name = kind = "boulware"


class LinearBot(PlayerBot):
    """Concedes evenly."""

    name = kind = "linear"


class ConcederBot(PlayerBot):
    """Concedes early."""

    name = kind = "conceder"


class AccepterBot(PlayerBot):
    """Accepts anything: the naive player."""

    name = "accepter"

    def turn(self) -> Move:
        """Accept the table, or open with its favourite package."""
        if self.table_offer() is not None:
            return self.accept_move()
        return Move(MoveKind.OFFER, self.me, offer=self.match.codec.offer(self.table.best_index()))


class WalkerBot(PlayerBot):
    """Knows its BATNA: walks as soon as an offer below it stops improving."""

    name = "walker"

    def turn(self) -> Move:
        """Walk away below the BATNA when the other side is not moving; else bargain evenly."""
        offer = self.table_offer()
        if offer is not None and self.match.state.round >= 1 and len(self.npc_offers) >= 2:
            now = self.utility(offer)
            before = self.utility(self.npc_offers[-2][1])
            if now < self.table.reservation and now <= before + 0.005:
                return Move(MoveKind.WALK_AWAY, self.me)
        return super().turn()


class HagglerBot(PlayerBot):
    """Positional bargaining over one issue at a time, anchored hard."""

    name = "haggler"

    def __init__(self, match: Match, seed: int) -> None:
        super().__init__(match, seed)
        prefs = match.negotiation.player.preferences
        self.order = [match.negotiation.space.position(i) for i in prefs.ranking()]
        self.pace = 0.6 + 0.4 * self.rng.random()
        self.cited = False
        self.threatened = False
        tables = prefs.tables
        self.ladders = [list(np.argsort(-tables[p], kind="stable")) for p in range(len(tables))]
        self.steps = [0] * len(tables)

    def talk(self) -> Move | None:
        """Cite a benchmark on its main issue once; bluff a better alternative once, mid-way."""
        match = self.match
        main = match.codec.issue_ids[self.order[0]]
        if not self.cited and self.legal(MoveKind.CITE_EVIDENCE):
            for card in match.config.evidence:
                if card.holder == self.me and card.issue == main:
                    self.cited = True
                    return Move(MoveKind.CITE_EVIDENCE, self.me, evidence=card.id)
        if (
            not self.threatened
            and match.state.round >= match.deadline // 2
            and self.legal(MoveKind.THREATEN)
        ):
            self.threatened = True
            claim = min(1.0, self.table.reservation + 0.15)
            return Move(
                MoveKind.THREATEN, self.me, claim=claim, text="I have a better deal elsewhere."
            )
        return None

    def turn(self) -> Move:
        """Accept a deal at least as good as its position; else move one step on one issue."""
        match = self.match
        state = match.state
        offer = self.table_offer()
        codec = match.codec
        last_npc = self.npc_offers[-1][1] if self.npc_offers else None
        base = codec.branch_index(last_npc) if last_npc is not None else None
        values = list(codec.values_of(base)) if base is not None else [0] * len(codec.sizes)
        time_share = state.round / match.deadline
        focus = None
        for position in self.order:
            ladder = self.ladders[position]
            limit = min(int(round((len(ladder) - 1) * time_share**self.pace)), len(ladder) - 1)
            if base is not None and ladder.index(values[position]) <= limit:
                continue  # the other side already offers this much or better: settled
            values[position] = int(ladder[limit])
            focus = position
            break
        if base is None:
            values = [int(ladder[0]) for ladder in self.ladders]
        index = self._index(values)
        if self.table.utility(index) < self.table.reservation:
            index = self._hold_above_batna(values, focus)
        mine = self.table.utility(index)
        if offer is not None:
            offered = self.utility(offer)
            last = state.round >= match.deadline - 1
            if offered >= self.table.reservation and (offered >= mine - 0.01 or last):
                return self.accept_move()
        return Move(MoveKind.OFFER, self.me, offer=codec.offer(index))

    def _index(self, values: list[int]) -> int:
        return sum(v * s for v, s in zip(values, self.match.codec.strides, strict=True))

    def _hold_above_batna(self, values: list[int], focus: int | None) -> int:
        """Concede less on the focus issue, then demand more elsewhere, to stay above the BATNA."""
        reservation = self.table.reservation
        if focus is not None:
            ladder = self.ladders[focus]
            for step in range(ladder.index(values[focus]), -1, -1):
                values[focus] = int(ladder[step])
                if self.table.utility(self._index(values)) >= reservation:
                    break
        for position in self.order:
            if self.table.utility(self._index(values)) >= reservation:
                break
            values[position] = int(self.ladders[position][0])
        return self._index(values)


class IntegratorBot(PlayerBot):
    """Asks, shares honestly, logrolls, chooses among equivalent packages."""

    probes = "probe"
    name = "integrator"
    e: float | None = 0.5
    max_target: float | None = 0.95

    def __init__(self, match: Match, seed: int) -> None:
        super().__init__(match, seed)
        self.asked: set[str] = set()
        self.shared: set[str] = set()
        self.restated: set[str] = set()

    def talk(self) -> Move | None:
        """Ask each NPC about its priorities and state its own, truthfully, once.

        In reverse-negotiation levels it first says back what it heard matters to the
        other side (from its model of that side, fed by the answer to its question).
        """
        for npc_id in self.match.controllers:
            if npc_id not in self.asked and self.legal(MoveKind.ASK_PRIORITIES):
                self.asked.add(npc_id)
                return Move(MoveKind.ASK_PRIORITIES, self.me, target=npc_id)
            if (
                self.match.config.reverse
                and npc_id not in self.restated
                and self.legal(MoveKind.RESTATE_INTERESTS)
            ):
                self.restated.add(npc_id)
                model = self.brain.models.get(npc_id)
                if model is not None:
                    heard = dict(zip(self.match.codec.issue_ids, model.weights(), strict=True))
                    return Move(
                        MoveKind.RESTATE_INTERESTS,
                        self.me,
                        priorities={i: round(w, 3) for i, w in heard.items()},
                        target=npc_id,
                    )
            if npc_id not in self.shared and self.legal(MoveKind.STATE_PRIORITIES):
                self.shared.add(npc_id)
                prefs = self.match.negotiation.player.preferences
                priorities = {i: round(prefs.weight(i), 3) for i in prefs.ranking()}
                return Move(
                    MoveKind.STATE_PRIORITIES, self.me, priorities=priorities, target=npc_id
                )
        return None

    def candidates(self) -> list[Offer]:
        """Return packages the NPCs have offered or suggested lately (the table first)."""
        found: list[Offer] = []
        if self.npc_offers:
            _, offer, alternatives = self.npc_offers[-1]
            found.extend([offer, *alternatives])
        found.extend(self.suggestions[-2:])
        return found

    def turn(self) -> Move:
        """Take the best recent package when it beats its own next offer; else logroll."""
        state = self.match.state
        brain = self.brain
        brain.set_round(state.round)
        table_offer = self.table_offer()
        utility = None if table_offer is None else self.utility(table_offer)
        last = state.round >= self.match.deadline - 1
        decision = brain.decide(utility, last_chance=last)
        if decision.kind == "accept":
            return self.accept_move()
        mine = decision.utility
        best, best_u = None, -1.0
        for offer in self.candidates():
            u = self.utility(offer)
            if u > best_u:
                best, best_u = offer, u
        if best is not None and best_u >= max(mine - 0.01, self.table.reservation):
            if table_offer is not None and best == table_offer:
                return self.accept_move()
            return Move(MoveKind.OFFER, self.me, offer=best)
        return Move(MoveKind.OFFER, self.me, offer=self.better_offer(decision.indices[0]))

    def better_offer(self, index: int) -> Offer:
        """Return the offer for this turn (plain here; the reconciler may add a clause)."""
        return self.match.codec.offer(index)


class GrudgeBot(PlayerBot):
    """Keeps score: raises its grievances, meets setbacks with anger and threats."""

    name = "grudge"
    kind = "boulware"
    e = 0.5

    def __init__(self, match: Match, seed: int) -> None:
        super().__init__(match, seed)
        self.raised: set[str] = set()
        self.angry_round = -1
        self.threatened = False

    def talk(self) -> Move | None:
        """Raise grievances first; anger when the other side stalls; one threat."""
        match = self.match
        for grievance in match.config.player_grievances:
            if grievance.id not in self.raised and self.legal(MoveKind.RAISE_GRIEVANCE):
                self.raised.add(grievance.id)
                return Move(MoveKind.RAISE_GRIEVANCE, self.me, grievance=grievance.id)
        state = match.state
        if len(self.npc_offers) >= 2 and self.angry_round != state.round:
            now = self.utility(self.npc_offers[-1][1])
            before = self.utility(self.npc_offers[-2][1])
            if now <= before + 0.005 and self.legal(MoveKind.EXPRESS_EMOTION):
                self.angry_round = state.round
                return Move(MoveKind.EXPRESS_EMOTION, self.me, emotion="angry")
        if not self.threatened and state.round >= 2 and self.legal(MoveKind.THREATEN):
            self.threatened = True
            return Move(MoveKind.THREATEN, self.me, claim=min(1.0, self.table.reservation + 0.2))
        return None


def _moves_last(match: Match) -> bool:
    """Return True when the player makes the last move of every round (the others open)."""
    negotiation = match.negotiation
    ids = list(negotiation.party_ids)
    first = ids.index(negotiation.rules.first_mover or match.player_id)
    return (ids[first:] + ids[:first])[-1] == match.player_id


class ReconcilerBot(IntegratorBot):
    """Repairs the relationship first, then creates value; uses clauses and the mediator."""

    name = "reconciler"

    def __init__(self, match: Match, seed: int) -> None:
        super().__init__(match, seed)
        self.let_go: set[str] = set()
        self.apologised: set[str] = set()
        self.mediator_asked_round = -1
        self.clauses = self._clause_spaces()
        self.favours_asked: set[str] = set()
        self.repaying: tuple[str, str] | None = None
        """(NPC, issue) of a favour it said it is returning in its next offer."""

    keeps_favours = True
    """Whether it returns the favours it owes (the favour-taker does not)."""
    asks_favours = True
    """Whether it asks a favour once a meeting of an NPC it will meet again."""

    answered_offers_only = True
    """Whether its concessions run out one round early when it moves last in each round:
    an offer it makes in the last round gets no answer (the talks end with its move), so
    its last offer worth making is the one before."""

    def offer_deadline(self, match: Match) -> int:
        """Return the deadline its concession curve runs to: one round early when it closes
        every round (see :attr:`answered_offers_only`)."""
        if not self.answered_offers_only or not _moves_last(match) or match.deadline < 3:
            return match.deadline
        return match.deadline - 1

    def favour_talk(self) -> Move | None:
        """Return a favour owed (announced, shown in the next offer), else one asked."""
        if self.keeps_favours and self.repaying is None and self.legal(MoveKind.GRANT_FAVOUR):
            plan = favour_play.repayment(self)
            if plan is not None:
                self.repaying = plan
                return Move(MoveKind.GRANT_FAVOUR, self.me, issue=plan[1], target=plan[0])
        if self.asks_favours:
            return favour_play.favour_to_ask(self)
        return None

    def with_favour(self, move: Move) -> Move:
        """Return the turn move with a favour it announced shown in it."""
        if self.repaying is None:
            return move
        npc_id, issue = self.repaying
        if move.kind in (MoveKind.ACCEPT, MoveKind.SUPPORT):
            table = self.match.state.table
            if table is None:
                return move
            move = Move(MoveKind.OFFER, self.me, offer=table.offer)
        if move.kind is MoveKind.OFFER and move.offer is not None:
            return Move(
                MoveKind.OFFER, self.me, offer=favour_play.give_on(self, move.offer, npc_id, issue)
            )
        return move

    def observe(self, report: TurnReport) -> None:
        """Follow the talks; a favour announced is shown once it made its turn move."""
        super().observe(report)
        if (
            report.move is not None
            and report.move.actor == self.me
            and report.move.kind.is_turn_move
        ):
            self.repaying = None

    def _clause_spaces(self) -> list[tuple[ContingentSpace, np.ndarray, np.ndarray]]:
        match = self.match
        spaces = []
        for event in match.negotiation.events:
            if not event.issues:
                continue
            space = ContingentSpace(match.negotiation, event.id, tuple(event.issues))
            if space.space.size > 200_000:
                continue
            utilities = space.utilities()
            ids = list(match.negotiation.party_ids)
            spaces.append((space, utilities[:, ids.index(self.me)], utilities))
        return spaces

    def talk(self) -> Move | None:
        """Repair first (acknowledge, shared account, apologise, let go), then ask and share."""
        match = self.match
        for npc_id, controller in match.controllers.items():
            relationship = controller.brain.relationship
            for grievance in relationship.open_grievances:
                if not grievance.acknowledged and self.legal(MoveKind.ACKNOWLEDGE_GRIEVANCE):
                    return Move(
                        MoveKind.ACKNOWLEDGE_GRIEVANCE,
                        self.me,
                        grievance=grievance.id,
                        target=npc_id,
                    )
                if grievance.acknowledged and self.legal(MoveKind.PROPOSE_SHARED_ACCOUNT):
                    return Move(
                        MoveKind.PROPOSE_SHARED_ACCOUNT,
                        self.me,
                        grievance=grievance.id,
                        target=npc_id,
                        text=grievance.shared_account or "",
                    )
        for player_grievance in match.config.player_grievances:
            if player_grievance.id not in self.let_go and self.legal(MoveKind.LET_GO):
                self.let_go.add(player_grievance.id)
                return Move(MoveKind.LET_GO, self.me, grievance=player_grievance.id)
        move = self.favour_talk()
        if move is not None:
            return move
        move = super().talk()
        if move is not None:
            return move
        state = match.state
        if (
            self.legal(MoveKind.ASK_MEDIATOR)
            and self.mediator_asked_round != state.round
            and state.round >= max(match.config.mediator_after_round, match.deadline // 3)
        ):
            self.mediator_asked_round = state.round
            return Move(MoveKind.ASK_MEDIATOR, self.me)
        return None

    def turn(self) -> Move:
        """Accept a fair single text from the mediator; otherwise bargain like the integrator.

        A player that builds packages of its own first tables one that every side should
        sign (:meth:`coalition_offer`); the reconciler leaves that to the chair.
        """
        table = self.match.state.table
        offer = self.table_offer()
        own = self.coalition_offer()
        if own is not None:
            return Move(MoveKind.OFFER, self.me, offer=own)
        if offer is not None and table is not None and table.proposer == self.match.chair:
            utility = self.utility(offer)
            final = self._last_text_final()
            if utility >= self.table.reservation and (
                final or utility >= self.brain.target() - 0.1
            ):
                return self.with_favour(self.accept_move())
        return self.with_favour(super().turn())

    def coalition_offer(self) -> Offer | None:
        """Return a package of its own every side should sign, or None (the reconciler's)."""
        return None

    def _last_text_final(self) -> bool:
        for entry in reversed(self.match.state.log):
            if entry.move.actor == self.match.chair and entry.move.kind is MoveKind.OFFER:
                return bool(entry.move.meta.get("final"))
        return False

    def better_offer(self, index: int) -> Offer:
        """Return the plain package, or a contingent one the other side should like more."""
        plain = self.match.codec.offer(index)
        if not self.clauses:
            return plain
        target = self.brain.target()
        best_offer, best_score = plain, self._estimate(plain)
        for space, mine, _ in self.clauses:
            keep = np.flatnonzero((mine >= target) & (mine <= target + 0.08))
            if len(keep) == 0:
                continue
            keep = keep[:2000]
            scores = [self._estimate(space.offer(int(i))) for i in keep[:400]]
            top = int(np.argmax(scores))
            if scores[top] > best_score + 1e-9:
                best_offer, best_score = space.offer(int(keep[top])), scores[top]
        return best_offer

    def _estimate(self, offer: Offer) -> float:
        """Return the estimated utility of an offer for the NPCs (their beliefs as briefed)."""
        match = self.match
        codec = match.codec
        total = 1.0
        for npc_id, model in self.brain.models.items():
            happens, otherwise = offer.branches()
            first = model.estimate(codec.values_of(_outcome(codec, happens)))
            clause = offer.clause
            if otherwise is None or clause is None:  # both None together: a plain package
                value = first
            else:
                belief = match.negotiation.event(clause.event_id).belief(npc_id)
                second = model.estimate(codec.values_of(_outcome(codec, otherwise)))
                value = belief * first + (1 - belief) * second
            total = min(total, value)
        return total


FRIENDLY_TALK = (
    "warm",
    "appeal",
    "ask_priorities",
    "ask_issue",
    "share",
    "cite",
    "apologise",
    "acknowledge",
    "shared_account",
    "let_go",
    "propose_for_me",
    "restate",
)
"""The friendly talk moves the flatterer repeats (by name; see :meth:`FlattererBot.spoken`)."""


class FlattererBot(PlayerBot):
    """Bargains hard (boulware) and says every friendly thing it can, every round, again.

    ``spam`` names the talk moves it cycles through (all of :data:`FRIENDLY_TALK` by
    default); it makes as many as the talk limit allows before each turn move.  It is the
    exploit the relationship rules must resist: repeated words wear off, and words no deed
    backs up start to cost rapport.
    """

    name = "flatterer"
    kind = "boulware"

    def __init__(
        self,
        match: Match,
        seed: int,
        spam: tuple[str, ...] = FRIENDLY_TALK,
        *,
        repeat: bool = True,
    ) -> None:
        super().__init__(match, seed)
        self.spam = tuple(spam)
        self.repeat = repeat
        """False: say each distinct thing once only (the honest baseline for the exploit)."""
        self.next_talk = 0
        self.said: set[tuple] = set()

    def talk(self) -> Move | None:
        """Return the next friendly talk move that is legal now (None when none is)."""
        for _ in range(len(self.spam)):
            name = self.spam[self.next_talk % len(self.spam)]
            self.next_talk += 1
            move = self.spoken(name)
            if move is None:
                continue
            key = (move.kind, move.emotion, move.target, move.grievance, move.evidence, move.issue)
            if not self.repeat and key in self.said:
                continue
            self.said.add(key)
            return move
        return None

    def spoken(self, name: str) -> Move | None:
        """Return the talk move ``name`` as this bot says it, or None when it is not legal now."""
        match = self.match
        me = self.me
        npcs = list(match.controllers)
        target = npcs[self.next_talk % len(npcs)] if npcs else None
        if name == "warm" and self.legal(MoveKind.EXPRESS_EMOTION):
            return Move(MoveKind.EXPRESS_EMOTION, me, emotion="warm")
        if name == "appeal" and self.legal(MoveKind.APPEAL_RELATIONSHIP):
            return Move(MoveKind.APPEAL_RELATIONSHIP, me)
        if name == "ask_priorities" and self.legal(MoveKind.ASK_PRIORITIES):
            return Move(MoveKind.ASK_PRIORITIES, me, target=target)
        if name == "ask_issue" and self.legal(MoveKind.ASK_ISSUE):
            issues = match.codec.issue_ids
            issue = issues[self.next_talk % len(issues)]
            return Move(MoveKind.ASK_ISSUE, me, issue=issue, target=target)
        if name == "ask_why" and self.legal(MoveKind.ASK_WHY):
            issues = match.codec.issue_ids
            issue = issues[self.next_talk % len(issues)]
            return Move(MoveKind.ASK_WHY, me, issue=issue, target=target)
        if name == "share" and self.legal(MoveKind.STATE_PRIORITIES):
            prefs = match.negotiation.player.preferences
            priorities = {i: round(prefs.weight(i), 3) for i in prefs.ranking()}
            return Move(MoveKind.STATE_PRIORITIES, me, priorities=priorities, target=target)
        if name == "cite" and self.legal(MoveKind.CITE_EVIDENCE):
            cards = [c.id for c in match.config.evidence if c.holder == me]
            if cards:
                card = cards[self.next_talk % len(cards)]
                return Move(MoveKind.CITE_EVIDENCE, me, evidence=card)
        if name == "apologise" and self.legal(MoveKind.APOLOGISE):
            return Move(MoveKind.APOLOGISE, me)
        if name in ("acknowledge", "shared_account"):
            kind = (
                MoveKind.ACKNOWLEDGE_GRIEVANCE
                if name == "acknowledge"
                else MoveKind.PROPOSE_SHARED_ACCOUNT
            )
            if self.legal(kind):
                for npc_id in npcs:
                    state = match.npc_state(npc_id)
                    for grievance in state.grievances_open:
                        return Move(
                            kind,
                            me,
                            grievance=grievance.id,
                            target=npc_id,
                            text=grievance.get("shared_account") or "",
                        )
        if name == "let_go" and self.legal(MoveKind.LET_GO):
            for player_grievance in match.config.player_grievances:
                return Move(MoveKind.LET_GO, me, grievance=player_grievance.id)
        if name == "propose_for_me" and self.legal(MoveKind.PROPOSE_FOR_ME):
            return Move(MoveKind.PROPOSE_FOR_ME, me, target=target)
        if name == "restate" and self.legal(MoveKind.RESTATE_INTERESTS) and target is not None:
            model = self.brain.models.get(target)
            if model is not None:
                heard = zip(match.codec.issue_ids, model.weights(), strict=True)
                priorities = {i: round(w, 3) for i, w in heard}
                return Move(MoveKind.RESTATE_INTERESTS, me, priorities=priorities, target=target)
        return None


def _credible_anchor(match: Match) -> float | None:
    """Return the best the player can ask without insulting any NPC (its lowball margin).

    The lesson player's first offer on a one-issue level: the teacher is a design check
    and may read the NPCs' limits the way a well-prepared player would estimate them.
    None when no offer is believable to every NPC (the ordinary curve then applies).
    """
    mine = match.tables.party(match.player_id).utilities
    believable = np.ones(mine.shape, dtype=bool)
    for npc_id, controller in match.controllers.items():
        brain = controller.brain
        floor = brain.reservation - brain.thresholds.lowball_margin
        believable &= match.tables.party(npc_id).utilities >= floor
    if not believable.any():
        return None
    return float(mine[believable].max())


HOSTILE_TALK = ("angry", "frustrated", "threaten", "raise_grievance", "ask_mediator")
"""The other talk moves a spammer may repeat (anger, threats, grievances, the mediator)."""
PROBE_TALK = ("ask_proof", "call_bluff", "point_contradiction")
"""Tests of the other side's claims a spammer may repeat (only legal once a claim is made)."""
FAVOUR_TALK = ("ask_favour", "grant_favour", "state_preference", "ask_preference")
"""Favours and preference talk a spammer may repeat (a favour asked or "granted" every time)."""
WHY_TALK = ("ask_why",)
"""Asking why an issue matters (the interests behind it): spammed on its own."""
SPAM_TALK = FRIENDLY_TALK + WHY_TALK + HOSTILE_TALK + PROBE_TALK + FAVOUR_TALK
"""Every talk move the exploit suite spams, one kind at a time."""


class SpammerBot(FlattererBot):
    """An exploit check: bargains like ``boulware`` and repeats one talk move, any kind.

    The flatterer's friendly moves plus anger, frustration, threats, raised grievances and
    asking the mediator, up to the talk limit every round.
    """

    name = "spammer"

    def __init__(self, match: Match, seed: int, spam: tuple[str, ...] = SPAM_TALK) -> None:
        super().__init__(match, seed, spam, repeat=True)

    def spoken(self, name: str) -> Move | None:
        """Return the talk move ``name``, hostile ones included (None when not legal now)."""
        me = self.me
        if name in ("angry", "frustrated") and self.legal(MoveKind.EXPRESS_EMOTION):
            return Move(MoveKind.EXPRESS_EMOTION, me, emotion=name)
        if name == "threaten" and self.legal(MoveKind.THREATEN):
            claim = min(1.0, self.table.reservation + 0.2)
            return Move(MoveKind.THREATEN, me, claim=claim)
        if name == "raise_grievance" and self.legal(MoveKind.RAISE_GRIEVANCE):
            for grievance in self.match.config.player_grievances:
                return Move(MoveKind.RAISE_GRIEVANCE, me, grievance=grievance.id)
        if name == "ask_mediator" and self.legal(MoveKind.ASK_MEDIATOR):
            return Move(MoveKind.ASK_MEDIATOR, me)
        if name in PROBE_TALK:
            kind = MoveKind(name)
            return Move(kind, me) if self.legal(kind) else None
        if name in HOSTILE_TALK:
            return None
        if name in FAVOUR_TALK:
            return self.favour_spoken(name)
        return super().spoken(name)

    def favour_spoken(self, name: str) -> Move | None:
        """Return a favour or preference move, cycling through issues (None when not legal)."""
        match = self.match
        npcs = list(match.controllers)
        target = npcs[self.next_talk % len(npcs)]
        ranking = match.negotiation.player.preferences.ranking()
        kinds = {
            "ask_favour": MoveKind.ASK_FAVOUR,
            "grant_favour": MoveKind.GRANT_FAVOUR,
            "state_preference": MoveKind.STATE_PREFERENCE,
            "ask_preference": MoveKind.ASK_PREFERENCE,
        }
        kind = kinds[name]
        if not self.legal(kind):
            return None
        if kind is MoveKind.ASK_FAVOUR:
            return Move(kind, self.me, issue=ranking[0], target=target)
        if kind is MoveKind.GRANT_FAVOUR:
            issue = ranking[self.next_talk % len(ranking)]
            return Move(kind, self.me, issue=issue, target=target)
        first = ranking[self.next_talk % len(ranking)]
        second = ranking[(self.next_talk + 1) % len(ranking)]
        if kind is MoveKind.STATE_PREFERENCE:
            first, second = ranking[0], ranking[-1]  # the truth, again and again
        return Move(kind, self.me, issue=first, target=target, meta={PREFERENCE_OVER: second})


class StonewallBot(PlayerBot):
    """An exploit check: tables its own best package every turn and takes what is on the
    table on its last turn (when it beats its BATNA)."""

    name = "stonewall"

    def turn(self) -> Move:
        """Repeat the best package; accept on the last turn."""
        match = self.match
        offer = self.table_offer()
        if offer is not None and match.state.round >= match.deadline - 1:
            if self.utility(offer) >= self.table.reservation:
                return self.accept_move()
        return Move(MoveKind.OFFER, self.me, offer=match.codec.offer(self.table.best_index()))


class TinyStepsBot(PlayerBot):
    """An exploit check: concedes ``step`` of its own utility per turn from its best package
    (the package its model says the other side likes best at that level) and accepts what
    is at least its current level."""

    name = "tiny-steps"
    step = 0.01

    def turn(self) -> Move:
        """Step down a little; accept an offer worth its current level."""
        match = self.match
        table = self.table
        level = max(table.best - self.step * self.turns, table.reservation)
        offer = self.table_offer()
        if offer is not None and self.utility(offer) >= level - 1e-9:
            return self.accept_move()
        low, high = table.window(level, self.step)
        candidates = table.outcomes_between(low, high, 64)
        scores = self.brain.estimate_for_others(match.codec.values_matrix(candidates))
        index = int(candidates[int(np.argmax(scores))])
        return Move(MoveKind.OFFER, self.me, offer=match.codec.offer(index))


def inverted_priorities(match: Match) -> dict[str, float]:
    """Return the player's priorities turned upside down: its top issue gets the smallest
    weight, its least important issue the largest."""
    prefs = match.negotiation.player.preferences
    ranking = prefs.ranking()
    weights = sorted((prefs.weight(i) for i in ranking), reverse=True)
    return {issue: round(w, 3) for issue, w in zip(reversed(ranking), weights, strict=True)}


class LiarBot(IntegratorBot):
    """An exploit check: asks, then states inverted priorities (its top issue as its least)
    and bargains like the integrator, hoping the other side gives way where it matters."""

    name = "liar"

    def talk(self) -> Move | None:
        """Ask each NPC, then tell each the inverted priorities, once."""
        for npc_id in self.match.controllers:
            if npc_id not in self.asked and self.legal(MoveKind.ASK_PRIORITIES):
                self.asked.add(npc_id)
                return Move(MoveKind.ASK_PRIORITIES, self.me, target=npc_id)
            if npc_id not in self.shared and self.legal(MoveKind.STATE_PRIORITIES):
                self.shared.add(npc_id)
                return Move(
                    MoveKind.STATE_PRIORITIES,
                    self.me,
                    priorities=inverted_priorities(self.match),
                    target=npc_id,
                )
        return None


class BoxTickerBot(FlattererBot):
    """An exploit check: ticks each objective's process step once -- every card cited, every
    grievance acknowledged and settled, every card of its own let go, a question, its
    priorities, a restatement, the mediator asked once, a warm word, proof asked of each
    claim -- then bargains hard (``boulware``) and offers one contingent clause when the
    level has events."""

    name = "box-ticker"
    probes = "ask"

    def __init__(self, match: Match, seed: int) -> None:
        super().__init__(match, seed, FRIENDLY_TALK, repeat=False)
        self.mediator_asked = False
        self.clause_offered = False

    def talk(self) -> Move | None:
        """Each process step once (the mediator once, when it may be asked)."""
        move = super().talk()
        if move is not None:
            return move
        if not self.mediator_asked and self.legal(MoveKind.ASK_MEDIATOR):
            self.mediator_asked = True
            return Move(MoveKind.ASK_MEDIATOR, self.me)
        return None

    def turn(self) -> Move:
        """Bargain like boulware; the first offer it makes with a clause, when there are events."""
        move = super().turn()
        match = self.match
        if move.kind is MoveKind.OFFER and not self.clause_offered:
            for event in match.negotiation.events:
                if not event.issues:
                    continue
                self.clause_offered = True
                space = ContingentSpace(match.negotiation, event.id, tuple(event.issues))
                if space.space.size > 200_000:
                    break
                mine = space.utilities()[:, list(match.negotiation.party_ids).index(self.me)]
                return Move(MoveKind.OFFER, self.me, offer=space.offer(int(np.argmax(mine))))
        return move


class WalkOutBot(PlayerBot):
    """An exploit check: walks away at its first turn."""

    name = "walk-out"

    def turn(self) -> Move:
        """Walk away."""
        return Move(MoveKind.WALK_AWAY, self.me)


class TeacherBot(ReconcilerBot):
    """Plays every lesson of the campaign in full: a design check, not one of simulate's bots.

    On top of the reconciler (repair first, let go, ask, share, clauses, the mediator) it
    asks again when the first answer was guarded, cites every benchmark card it holds,
    appeals to the relationship once when the other side is open to it, says back exactly
    what it heard matter to the other side and asks it to propose (reverse levels), offers
    a package at least as good for both sides instead of accepting or repeating one, and,
    when the level has no agreement zone at all (not even with a clause), walks away once
    it has shown its evidence and the other side's offers stay below its BATNA.
    """

    name = "teacher"
    answered_offers_only = False  # the lessons were tuned on its full curve
    COALITION_COST = 0.1
    """How far below its target it goes to table a package every side should sign."""
    asks_why = True
    """Whether it asks why things matter (the lesson tests compare it with a teacher that
    never asks)."""

    def __init__(self, match: Match, seed: int) -> None:
        if len(match.codec.issue_ids) == 1:
            # one issue: nothing to trade, so the lesson is to anchor and hold firm, from an
            # anchor that is ambitious but believable (asking for everything insults)
            self.kind, self.e = "boulware", None
            self.max_target = _credible_anchor(match)
        super().__init__(match, seed)
        self.cited: set[str] = set()
        self.offers_before_evidence = 0
        self.appealed = False
        self.proposed: dict[str, int] = {}
        """Per NPC: how many options were open when it last asked them to propose."""
        self.heard: dict[str, dict[str, float]] = {}
        self.asks: dict[str, tuple[int, float]] = {}
        """Per NPC: how often it asked, and its trust then."""
        self.restated_heard: set[str] = set()
        self.guessed: set[str] = set()
        """NPCs it restated by a guess (it says it again once it has heard everything)."""
        self.restated = set(match.controllers)  # it restates in its own way (below)
        self._rows: np.ndarray | None = None
        self.last_own: tuple[int, ...] | None = None
        self.issues_asked: set[tuple[str, str]] = set()
        self.backed = False
        """Whether another party has supported a package it tabled (multi-party talks)."""
        self.told: dict[str, dict[int, int]] = {}
        """Per NPC: issue position -> the value position it said it would like best."""
        self.whys: dict[tuple[str, str | None], tuple[int, float, bool]] = {}
        """Per (NPC, issue or None for "what is it for?"): how often it asked why, the trust
        then, and whether the last answer went into its notes."""
        self.last_why: tuple[str, str | None] | None = None
        self.notes_before = 0
        self.zone = match.config.analysis.zone_at_all

    def observe(self, report: TurnReport) -> None:
        """Follow the talks, remember what each NPC said matters to it, and note when
        another party supports a package it tabled."""
        super().observe(report)
        table = self.match.state.table
        if table is not None and table.proposer == self.me and table.supporters - {self.me}:
            self.backed = True
        codec = self.match.codec
        for move in report.npc_moves:
            if move.kind is MoveKind.STATE_PRIORITIES and move.priorities and move.offer is None:
                self.heard.setdefault(move.actor, {}).update(move.priorities)
                if move.issue is not None:
                    # the answer names the value it would like best ("ideally ..."): note it
                    prefs = self.match.negotiation.party(move.actor).preferences
                    position = codec.issue_ids.index(move.issue)
                    best = codec.positions[position].get(prefs.best_value(move.issue))
                    if best is not None:
                        self.told.setdefault(move.actor, {})[position] = best

    def _heard_all(self, npc_id: str) -> bool:
        return len(self.heard.get(npc_id, {})) >= len(self.match.codec.issue_ids)

    def _repairing(self) -> bool:
        """Return True while a grievance is open on either side (the reconciler repairs first)."""
        match = self.match
        if any(c.brain.relationship.open_grievances for c in match.controllers.values()):
            return True
        return any(g.id not in self.let_go for g in match.config.player_grievances)

    def _cards(self) -> list[str]:
        return [c.id for c in self.match.config.evidence if c.holder == self.me]

    def talk(self) -> Move | None:
        """Repair, ask (again), evidence, one appeal, restate and a proposal, then as the reconciler."""
        match = self.match
        if self._repairing():
            move = super().talk()
            if move is not None:
                return move
        move = self.favour_talk()
        if move is not None:
            return move
        for npc_id in match.controllers:
            count, trust = self.asks.get(npc_id, (0, 0.0))
            now = match.npc_state(npc_id).trust
            again = count < 4 and now >= trust + 4 and not self._heard_all(npc_id)
            if (count == 0 or again) and self.legal(MoveKind.ASK_PRIORITIES):
                self.asks[npc_id] = (count + 1, now)
                self.asked.add(npc_id)
                return Move(MoveKind.ASK_PRIORITIES, self.me, target=npc_id)
        for card in self._cards():
            if card not in self.cited and self.legal(MoveKind.CITE_EVIDENCE):
                self.cited.add(card)
                self.offers_before_evidence = len(self.npc_offers)
                return Move(MoveKind.CITE_EVIDENCE, self.me, evidence=card)
        if not self.appealed and self.legal(MoveKind.APPEAL_RELATIONSHIP):
            views = [match.npc_state(npc_id) for npc_id in match.controllers]
            if views and all(v.trust >= 40 and v.state != "hurt" for v in views):
                self.appealed = True
                return Move(MoveKind.APPEAL_RELATIONSHIP, self.me)
        own = match.negotiation.player.preferences
        for npc_id in match.controllers:
            if not self._heard_all(npc_id):
                continue
            for issue, weight in self.heard[npc_id].items():
                if (
                    weight > own.weight(issue)
                    and (npc_id, issue) not in self.issues_asked
                    and self.legal(MoveKind.ASK_ISSUE)
                ):
                    self.issues_asked.add((npc_id, issue))
                    return Move(MoveKind.ASK_ISSUE, self.me, issue=issue, target=npc_id)
        if match.config.reverse:
            for npc_id in match.controllers:
                move = self._restate(npc_id)
                if move is not None:
                    return move
                opened = len(match.opened_options())  # a new option: ask again
                if self.proposed.get(npc_id, -1) < opened and self.legal(MoveKind.PROPOSE_FOR_ME):
                    self.proposed[npc_id] = opened
                    return Move(MoveKind.PROPOSE_FOR_ME, self.me, target=npc_id)
        move = self._ask_why()
        if move is not None:
            return move
        return super().talk()

    def _ask_why(self) -> Move | None:
        """Ask, openly, what the deal is for and then why each issue that matters more to
        them than to it does; ask again (up to three times) once their trust has grown."""
        match = self.match
        if not self.asks_why or not self.legal(MoveKind.ASK_WHY):
            return None
        own = match.negotiation.player.preferences
        notes = len(match.interests()["found"])  # what its notes hold so far
        if self.last_why is not None:
            count, then, _ = self.whys[self.last_why]
            self.whys[self.last_why] = (count, then, notes > self.notes_before)
            self.last_why = None
            for option in match.opened_options():  # what they need: it offers that
                issue = option["issue"]
                weight_heard = self.heard.get(option["npc"], {}).get(issue, 0.0)
                if weight_heard <= own.weight(issue):
                    continue  # an issue that matters more to it: its own model decides
                position = match.codec.issue_ids.index(issue)
                value = match.codec.positions[position].get(option["value"])
                if value is not None:
                    self.told.setdefault(option["npc"], {})[position] = value
        for npc_id in match.controllers:
            heard = self.heard.get(npc_id, {})
            theirs = sorted(
                (i for i, w in heard.items() if w > own.weight(i)), key=heard.__getitem__
            )
            trust = match.npc_state(npc_id).trust
            for issue in [None, *reversed(theirs)]:
                key = (npc_id, issue)
                count, then, learnt = self.whys.get(key, (0, 0.0, False))
                # again: right after an answer (there may be more); what it is for, also
                # once trust has grown
                grown = issue is None and trust >= then + 6
                if count == 0 or (count < 3 and (learnt or grown)):
                    self.whys[key] = (count + 1, trust, False)
                    self.last_why, self.notes_before = key, notes
                    return Move(MoveKind.ASK_WHY, self.me, issue=issue, target=npc_id)
        return None

    def _restate(self, npc_id: str) -> Move | None:
        """Say back what the NPC said matters to it; late in the talks, what its offers show."""
        if not self.legal(MoveKind.RESTATE_INTERESTS):
            return None
        if npc_id in self.restated_heard:
            if npc_id in self.guessed and self._heard_all(npc_id):
                # it guessed before; now that it has heard it all, it says it back right
                self.guessed.discard(npc_id)
                heard = dict(self.heard[npc_id])
                return Move(MoveKind.RESTATE_INTERESTS, self.me, priorities=heard, target=npc_id)
            return None
        if self._heard_all(npc_id):
            heard = dict(self.heard[npc_id])
        elif self.match.state.round >= self.match.deadline // 2:
            model = self.brain.models.get(npc_id)
            if model is None:
                return None
            # what it was told, as told; the rest as their offers show it, in what is left
            told = {i: w for i, w in self.heard.get(npc_id, {}).items() if i in model.issue_ids}
            guessed = {
                i: w for i, w in zip(model.issue_ids, model.weights(), strict=True) if i not in told
            }
            left = max(0.0, 1.0 - sum(told.values()))
            total = sum(guessed.values()) or 1.0
            heard = {i: round(w * left / total, 3) for i, w in guessed.items()}
            heard.update({i: round(w, 3) for i, w in told.items()})
            self.guessed.add(npc_id)
        else:
            return None
        self.restated_heard.add(npc_id)
        return Move(MoveKind.RESTATE_INTERESTS, self.me, priorities=heard, target=npc_id)

    def turn(self) -> Move:
        """Walk away when there is no zone and the evidence has not moved them; else bargain.

        Before it accepts or takes up one of their packages it looks for one at least as
        good for both sides by its model, and offers that instead (options for mutual gain).
        """
        if not self.zone and self._no_deal_worth_having():
            return Move(MoveKind.WALK_AWAY, self.me)
        move = super().turn()
        match = self.match
        if match.state.round < match.deadline - 1:
            package = None
            if move.kind is MoveKind.ACCEPT:
                table = match.state.table
                if table is not None and table.proposer != match.chair:
                    package = table.offer
            elif move.kind is MoveKind.OFFER and move.offer in self.candidates():
                package = move.offer
            better = None if package is None else self._improve(package)
            if better is not None and better != package:
                move = Move(MoveKind.OFFER, self.me, offer=better)
        move = self._closing_improvement(move)
        move = self._their_own_package(move)
        move = self.with_favour(move)
        if move.kind is MoveKind.OFFER and move.offer is not None:
            index = match.codec.branch_index(move.offer)
            self.last_own = None if index is None else match.codec.values_of(index)
        return move

    def better_offer(self, index: int) -> Offer:
        """Concede on what matters least to it: keep its important issues where they were."""
        return super().better_offer(self._consistent(index))

    def _consistent(self, index: int) -> int:
        """Return, among packages about as good for it as ``index``, the one its model says
        the other side likes best, with a bonus for each of its own issues kept unchanged
        (weighted by how much the issue matters to it): its offers then tell the same story
        as the priorities it stated."""
        last = self.last_own
        models = self.brain.models
        if last is None or not models:
            return index
        table = self.table
        utility = table.utility(index)
        low, high = table.window(utility - 0.005, 0.035)
        candidates = table.outcomes_between(low, high, 512)
        if len(candidates) <= 1:
            return index
        rows = self.match.codec.values_matrix(np.asarray(candidates, dtype=np.int64))
        weights = np.asarray(self.match.negotiation.player.preferences.weight_vector)
        kept = (rows == np.asarray(last)[None, :]) @ weights
        theirs = self._theirs(rows)
        before = float(self._theirs(np.asarray([last]))[0])
        scores = theirs + 0.15 * kept - 10.0 * (theirs < before - 0.02)  # never take back
        return int(candidates[int(np.argmax(scores))])

    def _lone_npc(self) -> str | None:
        """Return the one other side of a two-party talk, when no favour it is repaying
        shapes its next offer (None otherwise): the closing moves below apply only then."""
        match = self.match
        if len(match.controllers) != 1 or match.multiparty or self.repaying is not None:
            return None
        return next(iter(match.controllers))

    CLOSING_GAIN = 0.03
    """How much better for each side a package must be before it replaces a closing one
    (the debrief's margin for "better for both": game.campaign.diagnosis.BETTER_FOR_ALL)."""

    def _closing_improvement(self, move: Move) -> Move:
        """Return the move with a closing package moved to the frontier, when it leaves a
        package strictly better for both on the table.

        Only the package that should close the deal: the other side's offer it is about to
        accept (not at the last chance, when there is no answer to wait for), or its own
        offer once that is worth as much to the other side as the other side's last offer
        less the largest step it has conceded so far (about what its next counter is worth,
        and it accepts anything as good as that).
        Then, when a package open to offer is better by :attr:`CLOSING_GAIN` for both sides,
        it offers the one with the most joint value among those at least as good for both.
        Its model can misjudge the other side's values (a table that peaks mid-range, say),
        so here it reads both sides' values from the level's tables, as :meth:`coalition_offer`
        does: a design check of the lesson, which is to leave nothing on the table.
        """
        match = self.match
        npc_id = self._lone_npc()
        if npc_id is None:
            return move
        if move.kind is MoveKind.ACCEPT:
            table = match.state.table
            if table is None or table.proposer != npc_id or match.state.round >= match.deadline - 1:
                return move
            package = table.offer
        elif move.kind is MoveKind.OFFER and move.offer is not None and self.npc_offers:
            package = move.offer
        else:
            return move
        codec = match.codec
        if package.clause is not None or (index := codec.index_of(package)) is None:
            return move
        theirs = match.tables.party(npc_id).utilities
        if move.kind is MoveKind.OFFER:
            # what the other side asked for lately, less the largest step it has conceded
            asked = [
                float(theirs[i])
                for who, o, _ in self.npc_offers
                if who == npc_id and o.clause is None and (i := codec.index_of(o)) is not None
            ]
            if not asked:
                return move
            step = max((a - b for a, b in zip(asked, asked[1:], strict=False)), default=0.0)
            if theirs[index] < asked[-1] - max(step, 0.0) - 1e-9:
                return move  # not yet a package it should take
        own = self.table.utilities
        dominating = (own >= own[index] - 1e-9) & (theirs >= theirs[index] - 1e-9)
        mask = match.open_mask()
        if mask is not None:
            dominating &= mask
        gain = self.CLOSING_GAIN
        if not np.any(dominating & (own >= own[index] + gain) & (theirs >= theirs[index] + gain)):
            return move
        keep = np.flatnonzero(dominating)
        best = int(keep[int(np.argmax(own[keep] + theirs[keep] + 1e-6 * own[keep]))])
        return Move(MoveKind.OFFER, self.me, offer=codec.offer(best))

    def _their_own_package(self, move: Move) -> Move:
        """Return, in place of accepting on its last turn, the best package the other side
        put forward itself (an offer of theirs, or one they proposed when asked), when that
        is better for it by :attr:`CLOSING_GAIN` and the other side still answers this turn.

        "You suggested that yourself": the other side named the package, so it is one they
        can take, and taking less than they already offered leaves value on the table.
        Only when the other side moves after it in the round (its last offer is answered).
        """
        match = self.match
        npc_id = self._lone_npc()
        if (
            npc_id is None
            or move.kind is not MoveKind.ACCEPT
            or match.state.round < match.deadline - 1
            or _moves_last(match)
        ):
            return move
        table = match.state.table
        if table is None or table.proposer != npc_id:
            return move
        codec = match.codec
        mask = match.open_mask()
        theirs = [
            o for who, offer, more in self.npc_offers if who == npc_id for o in (offer, *more)
        ]
        best, best_u = None, self.utility(table.offer) + self.CLOSING_GAIN - 1e-9
        for offer in (*theirs, *self.suggestions):
            index = None if offer.clause is not None else codec.index_of(offer)
            if index is None or (mask is not None and not mask[index]):
                continue
            utility = self.utility(offer)
            if utility > best_u:
                best, best_u = offer, utility
        return move if best is None else Move(MoveKind.OFFER, self.me, offer=best)

    def _theirs(self, rows: np.ndarray) -> np.ndarray:
        """Return its estimate of the other side's utility of outcomes (rows of value positions):
        its model, plus what the other side said it would like best on the issues it asked.
        With several other sides: the least any of them gets, by its models."""
        if len(self.brain.models) > 1:
            return np.min([m.estimate_many(rows) for m in self.brain.models.values()], axis=0)
        npc_id, model = next(iter(self.brain.models.items()))
        scores = model.estimate_many(rows)
        told = self.told.get(npc_id)
        if told:
            weighted = model.weighted_scores()
            weights = model.weights()
            for position, best in told.items():
                guessed = np.asarray(weighted[position])[rows[:, position]]
                others = np.minimum(guessed, 0.7 * weights[position])
                said = np.where(rows[:, position] == best, weights[position], others)
                scores = scores - guessed + said
        return scores

    def _improve(self, offer: Offer) -> Offer | None:
        """Return the plain package that maximises the joint value by its model among those at
        least as good as ``offer`` for itself and (by its model) for the other side."""
        match = self.match
        codec = match.codec
        if offer.clause is not None or len(self.brain.models) != 1:
            return None
        index = codec.index_of(offer)
        size = match.negotiation.space.size
        if index is None or size > 200_000:
            return None
        if self._rows is None:
            self._rows = codec.values_matrix(np.arange(size, dtype=np.int64))
        own = self.table.utilities
        theirs = self._theirs(self._rows)
        keep = np.flatnonzero((own >= own[index] - 1e-9) & (theirs >= theirs[index] - 1e-9))
        best = int(keep[int(np.argmax(own[keep] + theirs[keep]))])
        return codec.offer(best)

    def coalition_offer(self) -> Offer | None:
        """In a multi-party talk, build the package itself: from a third of the way in, the
        plain package the worst-off other party likes best (every side must sign, and a deal
        that leaves one side barely better off is fragile), among those worth at least its
        current target less :attr:`COALITION_COST` to it, naming only options someone has
        opened.  It stops once another party has supported one of its packages; the chair's
        texts remain for the rest.

        A design check like :func:`_credible_anchor`: it reads the other parties' tables
        the way a delegation that studied every country's position would estimate them.
        """
        match = self.match
        state = match.state
        if not match.multiparty or self.backed or state.round < match.deadline // 3:
            return None
        own = self.table.utilities
        worst = np.full(own.shape, np.inf)
        for npc_id in match.controllers:
            worst = np.minimum(worst, match.tables.party(npc_id).utilities)
        self.brain.set_round(state.round)
        floor = max(self.table.reservation, self.brain.target() - self.COALITION_COST)
        worst[own < floor - 1e-9] = -np.inf
        closed = match.open_mask()
        if closed is not None:  # options no one has found yet can't be tabled
            worst[~closed] = -np.inf
        best = int(np.argmax(worst + 1e-6 * own))
        if not np.isfinite(worst[best]):
            return None
        return match.codec.offer(best)

    def _no_deal_worth_having(self) -> bool:
        """Return True once its cards are shown and two offers since stay below the BATNA."""
        if any(card not in self.cited for card in self._cards()):
            return False
        if len(self.npc_offers) - self.offers_before_evidence < 2:
            return False
        reservation = self.table.reservation
        return all(self.utility(offer) < reservation for _, offer, _ in self.npc_offers[-2:])


class FavourTakerBot(ReconcilerBot):
    """The reconciler that asks its favour each meeting and never returns one (the season's
    tempting wrong move: take the favour, forget the debt)."""

    name = "favour-taker"
    keeps_favours = False


class FavourFarmerBot(PlayerBot):
    """An exploit check: bargains like ``boulware``, "grants" a favour every round on the
    issue that seems to matter least to the NPC (its offers or its words), and asks the
    favour back on its own top issue: trust and concessions farmed from favours worth little.
    """

    name = "favour-farmer"
    kind = "boulware"

    def __init__(self, match: Match, seed: int) -> None:
        super().__init__(match, seed)
        self.giving: tuple[str, str] | None = None
        self.round_talked = -1

    def talk(self) -> Move | None:
        """Grant on their least issue, else ask back what they owe, once a round each."""
        match = self.match
        npc_id = next(iter(match.controllers))
        ledger = match.controllers[npc_id].ledger
        if self.round_talked == match.state.round:
            if ledger.open("npc") and self.legal(MoveKind.ASK_FAVOUR):
                issue = match.negotiation.player.preferences.ranking()[0]
                return Move(MoveKind.ASK_FAVOUR, self.me, issue=issue, target=npc_id)
            return None
        self.round_talked = match.state.round
        if self.legal(MoveKind.GRANT_FAVOUR):
            model = self.brain.models.get(npc_id)
            issue = model.ranking()[-1] if model is not None else match.codec.issue_ids[-1]
            self.giving = (npc_id, issue)
            return Move(MoveKind.GRANT_FAVOUR, self.me, issue=issue, target=npc_id)
        return None

    def turn(self) -> Move:
        """The boulware turn, with the little favour shown in the offer."""
        move = super().turn()
        if self.giving is not None and move.kind is MoveKind.OFFER and move.offer is not None:
            npc_id, issue = self.giving
            move = Move(
                MoveKind.OFFER, self.me, offer=favour_play.give_on(self, move.offer, npc_id, issue)
            )
        self.giving = None
        return move


class EmptyRepayerBot(PlayerBot):
    """An exploit check: bargains like ``boulware``, asks a favour, then "returns" it every
    round with words only (``grant_favour`` and an offer that gives nothing there)."""

    name = "empty-repayer"
    kind = "boulware"

    def __init__(self, match: Match, seed: int) -> None:
        super().__init__(match, seed)
        self.asked = False
        self.round_talked = -1

    def talk(self) -> Move | None:
        """Ask once, then claim to repay once a round."""
        match = self.match
        npc_id = next(iter(match.controllers))
        if self.round_talked == match.state.round or match.state.round < 1:
            return None
        self.round_talked = match.state.round
        if not self.asked and self.legal(MoveKind.ASK_FAVOUR):
            self.asked = True
            issue = match.negotiation.player.preferences.ranking()[0]
            return Move(MoveKind.ASK_FAVOUR, self.me, issue=issue, target=npc_id)
        owed = favour_play.owed(self, npc_id)
        if owed and self.legal(MoveKind.GRANT_FAVOUR):
            issue = owed[0].asked_back or match.negotiation.player.preferences.ranking()[-1]
            return Move(MoveKind.GRANT_FAVOUR, self.me, issue=issue, target=npc_id)
        return None


__all__ = ["BOTS", "PLAYER_BOTS", "PlayerBot", "make_bot", "play"]

BOTS: dict[str, type[PlayerBot]] = {
    "boulware": BoulwareBot,
    "linear": LinearBot,
    "conceder": ConcederBot,
    "haggler": HagglerBot,
    "integrator": IntegratorBot,
    "grudge": GrudgeBot,
    "reconciler": ReconcilerBot,
    "walker": WalkerBot,
    "accepter": AccepterBot,
    "teacher": TeacherBot,
    "flatterer": FlattererBot,
    "spammer": SpammerBot,
    "stonewall": StonewallBot,
    "tiny-steps": TinyStepsBot,
    "liar": LiarBot,
    "box-ticker": BoxTickerBot,
    "walk-out": WalkOutBot,
    "favour-taker": FavourTakerBot,
    "favour-farmer": FavourFarmerBot,
    "empty-repayer": EmptyRepayerBot,
}


def make_bot(name: str, match: Match, seed: int) -> PlayerBot:
    """Return a player bot by name (ValueError for an unknown name)."""
    try:
        return BOTS[name](match, seed)
    except KeyError:
        raise ValueError(f"unknown player bot {name!r}; one of {', '.join(PLAYER_BOTS)}") from None


def play(match: Match, bot: PlayerBot, *, max_moves: int = 5000) -> Match:
    """Play a match to the end with a bot; return the match (closed)."""
    bot.observe(match.opening)
    moves = 0
    while not match.finished:
        moves += 1
        if moves > max_moves:
            break
        move = bot.next_move()
        report = match.player_move(move)
        if not report.ok:
            # a talk move that turned out illegal: make a turn move instead
            report = match.player_move(bot.turn())
            if not report.ok:
                report = match.player_move(Move(MoveKind.WALK_AWAY, bot.me))
        bot.observe(report)
    bot.close()
    match.close()
    return match
