"""An NPC's mind at the table: strategy, opponent model, relationship and state machine.

The brain works on outcome indices and utilities only (no Move or Offer objects);
:class:`~game.npc.controller.NpcController` turns moves into calls and decisions into
moves and dialogue.  One turn is always the same sequence of calls:

* ``receive_offer`` when another party tables an offer (model update, relationship rules,
  the ``offer_received`` trigger);
* ``set_round`` at the start of its turn (the ``round_passed`` trigger when time moved);
* ``decide`` -> accept, offer (one package or several: MESO) or walk away.
"""

from __future__ import annotations

import random
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from game.npc.machines import ArchetypeMachine, Mood
from game.npc.opponent import FrequencyModel
from game.npc.relationship import Change, Relationship
from game.npc.spec import NpcSpec
from game.npc.strategies import (
    WINDOW,
    FairCurve,
    HardlineCurve,
    Situation,
    Strategy,
    StrategyBasis,
    TimeCurve,
    build_strategy,
)
from game.npc.tables import LevelTables

TRUST_PACE = (0.6, 0.8, 0.4)
"""Pace factor from trust: ``a + b * min(trust, 50) / 100 + c * max(trust - 50, 0) / 100`` --
distrust slows concession (0.6 at no trust), trust above 50 speeds it only a little (1.2 at
full trust, where it used to reach 1.4): farming trust cannot buy much utility."""
CONCESSION = 0.02
"""A move of at least this much utility toward the NPC, beyond the best the other side has
offered before, counts as a concession (going back to an old offer is no concession)."""
RETRACTION = 0.05
"""A move of at least this much away from the NPC counts as taking something back."""
_STILL_CURVES = (TimeCurve, HardlineCurve, FairCurve)
"""Curves that ignore offers received (only tit-for-tat watches them)."""
_NO_EVENTS: tuple[tuple[str, Change | None], ...] = ()


def _uniform(seed: int | str, salt: int) -> float:
    """Return a number in [0, 1) fixed by the seed and the party (cheap for integer seeds)."""
    if isinstance(seed, int):
        return random.Random(seed * 2_654_435_761 + salt).random()
    return random.Random(f"{seed}:{salt}").random()


class Decision(NamedTuple):
    """What a party does in its turn."""

    kind: str
    """``accept``, ``offer`` or ``walk``."""
    indices: tuple[int, ...] = ()
    """Outcome indices offered (several: multiple equivalent simultaneous offers)."""
    utility: float = 0.0
    """The decider's own utility of the (first) offer, or of what it accepted."""


class NpcBrain:
    """One party's decision-making, with or without feelings about the other side."""

    def __init__(
        self,
        party_id: str,
        spec: NpcSpec,
        tables: LevelTables,
        machine: ArchetypeMachine | None,
        *,
        deadline: int,
        others: Sequence[str],
        relational: bool = True,
        fair_utility: float | None = None,
        seed: int | str = 0,
    ) -> None:
        self.id = party_id
        self.spec = spec
        self.thresholds = spec.thresholds
        self.personality = spec.personality
        self.tables = tables
        self.table = tables.party(party_id)
        self.codec = tables.codec
        self.preferences = tables.negotiation.party(party_id).preferences
        self.weighted_tables = tables.weighted_tables(party_id)
        self.reservation = self.table.reservation
        self.deadline = deadline
        self.others = tuple(others)
        self.relational = relational
        self.fair_utility = fair_utility
        ordered = [issue.numeric for issue in tables.negotiation.space.issues]
        self.models = {
            other: FrequencyModel(self.codec.issue_ids, self.codec.sizes, ordered)
            for other in self.others
        }
        self.model_list = list(self.models.values())
        self.weighted_lists = [table.tolist() for table in self.weighted_tables]
        self._salt = zlib.crc32(f"{party_id}:pace".encode())
        self.strategy: Strategy = build_strategy(
            spec.strategy,
            StrategyBasis(
                reservation=self.reservation,
                best=self.table.best,
                late_time=self.thresholds.late_time,
                issue_ids=tuple(self.codec.issue_ids),
                weights=tuple(float(w) for w in self.preferences.weight_vector),
                fair_utility=self.fair_utility,
            ),
        )
        self.relationship = Relationship.from_spec(party_id, spec, self.strategy.harshness)
        self.machine = machine
        self.mood = Mood(self)
        self.lines: list[str] = []
        """States entered since the controller last looked (each picks a line)."""
        self.speaking = relational
        self.attached = False
        if machine is not None:
            machine.attach(self.mood)
            self.attached = True
        else:
            self.mood.state = "bargaining"  # a player bot: no moods, plain bargaining
        self._options = None if machine is None else machine.options
        self._events = {} if machine is None else machine.machine.events
        self._sorted = self.table._sorted_list
        self._observes = not isinstance(self.strategy.curve, _STILL_CURVES)
        self._sorted_values: np.ndarray | None = None
        self._pace_version = -1
        self._pace_state = ""
        self._pace = 1.0
        self._score_key: tuple = ()
        self._scores: list[float] = []
        self.reset(seed)

    # ----------------------------------------------------------------- lifecycle
    def reset(self, seed: int | str, spec: NpcSpec | None = None) -> None:
        """Prepare for a new negotiation (the machine goes back to its initial state)."""
        spec = spec or self.spec
        variability = spec.personality.variability
        self.jitter = 1.0 + variability * (2.0 * _uniform(seed, self._salt) - 1.0)
        self._pace_version = -1
        self.round = 0
        self.time = 0.0
        self.last_utility = 0.0
        self.aspiration = self.table.best
        self.give = 0.0
        self.offended_round = -1
        self.previous_from: dict[str, float] = {}
        self.best_from: dict[str, float] = {}
        """Per party: the most its offers have been worth to this NPC so far."""
        self.first_from: dict[str, float] = {}
        """Per party: what its first offer was worth to this NPC."""
        self._conceded = 0.0
        self.previous_values: dict[str, tuple[int, ...] | None] = {}
        self.own_last: float | None = None
        self.own_conceded = False
        self.honesty_checked: set[str] = set()
        self.moved_by_cards: set[str] = set()
        self.meso: tuple[int, ...] = ()
        self.floor = 0.0
        """The least it will aim for or accept beyond its reservation value: a true claim it
        made (a real alternative, a real last word) holds it there (see game.npc.bluffs)."""
        self.refusal: str | None = None
        """Why it turned down an offer worth at least its own counter (None: it did not)."""
        self._last_indices: tuple[int, ...] = ()
        self._last_decision = Decision("walk")
        self._chosen_low = self._chosen_high = -1
        self._single_low = -1
        self._single_decision = Decision("walk")
        self._chosen_mood: tuple = ()
        for model in self.models.values():
            model.reset()
        self._score_key = ()
        if self.machine is not None and self.mood.state != self.machine.initial:
            self.machine.reset(self.mood)
        self.relationship.reset(float(spec.trust), float(spec.rapport), list(spec.grievances))
        self.strategy.reset()
        self.lines.clear()

    def begin(self) -> None:
        """The negotiation starts."""
        self.fire("begin")

    def finish(self, agreed: bool) -> None:
        """The negotiation ended with or without a deal."""
        self.fire("deal" if agreed else "ended")

    def close(self) -> None:
        """Leave the machine (frees the model; call when the NPC goes away)."""
        if self.attached and self.machine is not None:
            self.machine.detach(self.mood)
            self.attached = False

    # ----------------------------------------------------------------- machine
    @property
    def state(self) -> str:
        """Return the machine state."""
        return self.mood.state

    def fire(self, trigger: str) -> bool:
        """Fire a machine trigger; return True when the state changed.

        The guards are checked here first (see ``ArchetypeMachine.fire``): a trigger that
        ``transitions`` would ignore is not sent to it at all.
        """
        options = self._options
        if options is None:
            return False
        mood = self.mood
        candidates = options[mood.state].get(trigger)
        if not candidates:
            return False
        for option in candidates:
            if option.passes(self):
                return bool(self._events[trigger].trigger(mood))
        return False

    def entered(self, state: str) -> None:
        """Called by the machine on every state change: queue the state's line."""
        if self.speaking:
            self.lines.append(state)

    # ----------------------------------------------------------------- dispositions
    def pace(self) -> float:
        """Return the factor on the concession exponent: trust, rapport, state and mood."""
        relationship = self.relationship
        state = self.mood.state
        if relationship.version == self._pace_version and state == self._pace_state:
            return self._pace
        pace = self.jitter
        if self.relational:
            trust = relationship.trust
            low, high = (trust, 0.0) if trust < 50.0 else (50.0, trust - 50.0)
            pace *= TRUST_PACE[0] + (TRUST_PACE[1] * low + TRUST_PACE[2] * high) / 100.0
            if relationship.rapport > 30:
                pace *= 1.1
            elif relationship.rapport < -30:
                pace *= 0.9
        if state == "hurt":
            pace *= 0.5
        elif state == "conceding":
            pace *= 1.2
        self._pace_version = relationship.version
        self._pace_state = state
        self._pace = pace
        return pace

    def conceded(self) -> float:
        """Return the share of the gap the other side has closed: from its first offer to this
        NPC's reservation value, how far its best offer so far has come (0..1, the most of
        any side; 1 when its first offer already reached the reservation value)."""
        return self._conceded

    def answered(self, share: float) -> float:
        """Return the share of its room an NPC concedes when its clock says ``share``.

        Concession answers the other side (relative tit-for-tat within the time curve): the
        strategy's ``answers`` share of the clock's concession is made only as far as the
        other side has closed the gap to this NPC's reservation value itself (see
        :meth:`conceded`), the rest whatever happens.  With the default 0.6, a player who
        stonewalls gets ``0.4 * share``; one who has come to the NPC's floor gets the whole
        curve.  Player bots (no feelings) concede on the clock alone.
        """
        if not self.relational:
            return share
        answers = self.strategy.answers
        return (1.0 - answers) * share + answers * min(share, self._conceded)

    def situation(self) -> Situation:
        """Return what its strategy may know now: a frozen view of this NPC (not the brain).

        Made twice a decision: filled in directly rather than through the frozen
        dataclass's ``__init__`` (a checked assignment per field), with the same values.
        """
        thresholds = self.thresholds
        relationship = self.relationship
        state = self.mood.state
        relational = self.relational
        trust = relationship.trust
        if not relational:
            integrative = meso_allowed = True
        else:
            hurt = state == "hurt"
            integrative = not (self.strategy.hardliner or hurt) and trust >= thresholds.hurt_trust
            meso_allowed = not hurt and trust >= thresholds.explore_trust
        view = object.__new__(Situation)
        view.__dict__.update(
            round=self.round,
            state=state,
            reservation=self.reservation,
            aspiration=self.aspiration,
            fair_utility=self.fair_utility,
            relational=relational,
            trust=trust,
            open_grievances=sum(1 for g in relationship.grievances if g.resolved_by is None),
            pace=self.pace(),
            answers=self.strategy.answers,
            conceded=self._conceded,
            integrative=integrative,
            meso_allowed=meso_allowed,
            close_margin=thresholds.close_margin,
            hurt_trust=thresholds.hurt_trust,
            table=self.table,
            codec=self.codec,
            weighted_lists=self.weighted_lists,
            weighted_tables=self.weighted_tables,
            model_versions=tuple(m.version for m in self.model_list),
            position_scores=self.position_scores,
            estimate_rows=self.estimate_rows,
            estimate_for_others=self.estimate_for_others,
        )
        return view

    def integrative(self) -> bool:
        """Return True when it builds offers with the other side's interests in mind."""
        if not self.relational:
            return True
        if self.strategy.hardliner or self.mood.state == "hurt":
            return False
        return self.relationship.trust >= self.thresholds.hurt_trust

    def meso_allowed(self) -> bool:
        """Return True when it trusts the player enough to offer several packages at once."""
        if not self.relational:
            return True
        return (
            self.mood.state != "hurt" and self.relationship.trust >= self.thresholds.explore_trust
        )

    def position_scores(self) -> list[float]:
        """Return the estimated utility for the other side of every outcome, in sorted order.

        Recomputed (vectorised) only when an opponent model has learnt something new.
        """
        key = tuple(m.version for m in self.model_list)
        if key != self._score_key:
            if self._sorted_values is None:
                self._sorted_values = self.codec.values_matrix(self.table.order)
            self._scores = self.estimate_for_others(self._sorted_values).tolist()
            self._score_key = key
        return self._scores

    def estimate_rows(self, rows: list[tuple[int, ...]]) -> list[float]:
        """Return the estimated utility of outcomes (value rows) for the other side."""
        models = self.model_list
        scores = models[0].estimate_rows(rows)
        for model in models[1:]:
            scores = [min(a, b) for a, b in zip(scores, model.estimate_rows(rows), strict=True)]
        return scores

    def estimate_for_others(self, values: np.ndarray) -> np.ndarray:
        """Return the estimated utility of outcomes for the other side (the worst-off of several)."""
        models = list(self.models.values())
        scores = models[0].estimate_many(values)
        for model in models[1:]:
            scores = np.minimum(scores, model.estimate_many(values))
        return scores

    # ----------------------------------------------------------------- turns
    def set_round(self, round_number: int) -> None:
        """Time passes: fire ``round_passed`` when the round changed."""
        if round_number != self.round:
            self.round = round_number
            time = round_number / self.deadline
            self.time = time if time < 1.0 else 1.0
            if self._options is not None:
                self.fire("round_passed")

    def receive_offer(
        self,
        party_id: str,
        utility: float,
        values: tuple[int, ...] | None,
    ) -> Sequence[tuple[str, Change | None]]:
        """Take in an offer worth ``utility`` to this party; return the relationship rules applied."""
        self.last_utility = utility
        model = self.models.get(party_id)
        if model is not None and values is not None:
            model.observe(values)
        if self._observes:
            self.strategy.curve.observe(utility)
        events: Sequence[tuple[str, Change | None]] = _NO_EVENTS
        if self.relational:
            if values is not None and values == self.previous_values.get(party_id):
                events = _NO_EVENTS  # the same package again: nothing new to judge
            else:
                events = self._judge_offer(party_id, utility)
            self.previous_values[party_id] = values
        self.previous_from[party_id] = utility
        best = self.best_from.get(party_id)
        if best is None or utility > best:
            self.best_from[party_id] = utility
            first = self.first_from.setdefault(party_id, utility)
            gap = self.reservation - first
            conceded = 1.0 if gap <= 0.02 else min(max((utility - first) / gap, 0.0), 1.0)
            if conceded > self._conceded:
                self._conceded = conceded
        if self._options is not None:
            self.fire("offer_received")
        return events

    def _judge_offer(self, party_id: str, utility: float) -> list[tuple[str, Change | None]]:
        previous = self.previous_from.get(party_id)
        best = self.best_from.get(party_id)
        relationship = self.relationship
        events: list[tuple[str, Change | None]] = []
        # Measured from the best offer so far: taking something back and giving it again
        # costs the retraction and earns nothing back.
        conceded = best is not None and utility >= best + CONCESSION
        if utility < self.reservation - self.thresholds.lowball_margin and not conceded:
            name = "lowball" if relationship.count("lowball") == 0 else "lowball_again"
            events.append((name, relationship.apply(name)))
        elif conceded:
            name = "reciprocated" if self.own_conceded else "conceded"
            events.append((name, relationship.apply(name)))
        elif previous is not None and utility <= previous - RETRACTION:
            events.append(("retracted", relationship.apply("retracted")))
        model = self.models.get(party_id)
        if model is not None and model.stated is not None and party_id not in self.honesty_checked:
            verdict = model.honesty_verdict(self.weighted_lists)
            if verdict == "honest":
                self.honesty_checked.add(party_id)
                events.append(("honest", relationship.apply("honest")))
            elif verdict == "lie":
                self.honesty_checked.add(party_id)
                model.discount_statement()
                events.append(("lie", relationship.apply("lie")))
        if any(name in ("lowball", "lie") for name, _ in events):
            self.offend()
        return events

    def judge_honesty_at_end(self) -> list[tuple[str, Change | None]]:
        """The meeting is over: judge the stated priorities of each party not yet judged
        from all its offers (``FrequencyModel.final_honesty_verdict``); too little evidence,
        no verdict.  Only a lie is called out now: honesty earns its trust while it can
        still matter (along the way), not as a bonus once the deal is done."""
        events: list[tuple[str, Change | None]] = []
        if not self.relational:
            return events
        for party_id, model in self.models.items():
            if model.stated is None or party_id in self.honesty_checked:
                continue
            verdict = model.final_honesty_verdict(self.weighted_lists)
            if verdict == "lie":
                self.honesty_checked.add(party_id)
                events.append((verdict, self.relationship.apply(verdict)))
        return events

    def offend(self) -> None:
        """Something the player did hurt: fire ``offended``."""
        self.offended_round = self.round
        self.fire("offended")

    def target(self) -> float:
        """Return the utility it aims for now (curve, adjustments, floor)."""
        curve = self.strategy.curve
        target = curve.target(self.situation(), self.time) - self.give
        low = curve.low
        if target < low:
            target = low
        if target < self.floor:
            target = self.floor
        best = self.table.best
        return best if target > best else target

    def decide(
        self,
        table_utility: float | None,
        *,
        last_chance: bool = False,
        from_mediator: bool = False,
        allowed: Callable[[int], bool] | None = None,
    ) -> Decision:
        """Return what to do in its turn given the offer on the table (worth ``table_utility``).

        ``allowed`` says which packages may be offered now (options no one has opened yet
        may not): a counter naming another is replaced by the best allowed package in its
        target window, else the least allowed above it.

        AC_next, consistently: the counter it would make is worked out first, and an offer
        worth at least as much to it as that counter (the least of its packages, when it
        offers several) is accepted -- unless its strategy has a stated reason to hold out,
        which is kept in :attr:`refusal` for its line (see :meth:`Strategy.accepts`).
        """
        curve = self.strategy.curve
        view = self.situation()
        target = curve.target(view, self.time) - self.give
        if target < curve.low:
            target = curve.low
        if target < self.floor:
            target = self.floor
        table = self.table
        if target > table.best:
            target = table.best
        self.aspiration = target
        # what it knows now: the same but for the aspiration just set (nothing else has moved)
        aimed = object.__new__(Situation)
        aimed.__dict__.update(view.__dict__)
        aimed.__dict__["aspiration"] = target
        ordered = self._sorted
        if ordered is not None:
            size = table.size
            low = bisect_left(ordered, target - 1e-12)
            if low >= size:
                low = size - 1
            high = bisect_right(ordered, target + WINDOW + 1e-12)
            if high <= low:
                high = low + 1
        else:
            low, high = table.window(target, WINDOW)
        counter = self._counter(low, high, aimed)
        if allowed is not None and not all(allowed(i) for i in counter.indices):
            counter = self._allowed_counter(low, high, allowed)
        self.refusal = None
        floor = self.reservation if self.reservation > self.floor else self.floor
        if table_utility is not None and table_utility >= floor - 1e-9:
            utility = counter.utility
            if len(counter.indices) > 1:
                utility = min(table.utility(i) for i in counter.indices)
            accepted, refusal = self.strategy.accepts(
                aimed, table_utility, utility, last_chance, from_mediator
            )
            if accepted:
                return Decision("accept", (), table_utility)
            self.refusal = refusal
        if self.mood.state == "walked":
            return Decision("walk")
        self.meso = counter.indices if len(counter.indices) > 1 else ()
        utility = counter.utility
        own_last = self.own_last
        self.own_conceded = own_last is not None and utility < own_last - 0.005
        self.own_last = utility
        return counter

    def _allowed_counter(self, low: int, high: int, allowed: Callable[[int], bool]) -> Decision:
        """Return the best allowed package in the window ``[low, high)``, else the least
        allowed above it, else the best allowed below it (all it can offer now)."""
        table = self.table
        positions = (
            *range(high - 1, low - 1, -1),
            *range(high, table.size),
            *range(low - 1, -1, -1),
        )
        for position in positions:
            index = table.outcome_at(position)
            if allowed(index):
                return Decision("offer", (index,), table.utility(index))
        return self._counter(low, high)  # nothing allowed at all: as before

    def _counter(self, low: int, high: int, view: Situation | None = None) -> Decision:
        """Return the offer it would make from sorted positions ``[low, high)`` (no side effects
        beyond its caches); ``view``: :meth:`situation` when the caller has it."""
        table = self.table
        strategy = self.strategy
        if high - low == 1 and strategy.packages == 1:
            # one candidate: the offer depends on nothing else
            if low != self._single_low:
                index = table.outcome_at(low)
                self._single_low = low
                self._single_decision = Decision("offer", (index,), table.utility(index))
            return self._single_decision
        # The same window, the same knowledge and the same mood give the same offer.
        models = self.model_list
        learnt = models[0].version if len(models) == 1 else sum(m.version for m in models)
        mood = (learnt, self.relationship.version, self.mood.state)
        if low == self._chosen_low and high == self._chosen_high and mood == self._chosen_mood:
            return self._last_decision
        indices = strategy.choose(self.situation() if view is None else view, low, high)
        if indices != self._last_indices:
            self._last_indices = indices
            self._last_decision = Decision("offer", indices, table.utility(indices[0]))
        if strategy.packages == 1:
            self._chosen_low, self._chosen_high, self._chosen_mood = low, high, mood
        return self._last_decision

    # ----------------------------------------------------------------- being moved
    def soften(self, amount: float) -> None:
        """Lower its aspiration by ``amount`` (kept within the reservation value)."""
        self.give = max(self.give + amount, -0.2)

    # ----------------------------------------------------------------- suggestions
    def suggest(self) -> int:
        """Return the package at its current target it thinks the other side likes best."""
        target = self.target()
        low, high = self.table.window(target, WINDOW)
        candidates = self.table.outcomes_between(low, high, 64)
        if len(candidates) == 1:
            return int(candidates[0])
        scores = self.estimate_for_others(self.codec.values_matrix(candidates))
        return int(candidates[int(np.argmax(scores))])

    def complete(self, fixed: dict[int, int]) -> int:
        """Return a completion of a partial package (issue position -> value position) it likes.

        Trusting the player, it keeps to its current target and otherwise favours what the
        player seems to want; distrustful, it fills every open issue with its own best value.
        """
        codec = self.codec
        base = sum(position * codec.strides[issue] for issue, position in fixed.items())
        open_issues = [i for i in range(len(codec.sizes)) if i not in fixed]
        if not open_issues:
            return base
        count = 1
        for issue in open_issues:
            count *= codec.sizes[issue]
        if count > 50_000 or not self.integrative():
            index = base
            for issue in open_issues:
                index += int(np.argmax(self.weighted_tables[issue])) * codec.strides[issue]
            return index
        indices = np.asarray([base], dtype=np.int64)
        for issue in open_issues:
            steps = np.arange(codec.sizes[issue], dtype=np.int64) * codec.strides[issue]
            indices = np.add.outer(indices, steps).ravel()
        own = self.table.utilities[indices]
        floor = min(self.target(), float(own.max()))
        keep = indices[own >= floor - 1e-9]
        scores = self.estimate_for_others(codec.values_matrix(keep))
        return int(keep[int(np.argmax(scores))])
