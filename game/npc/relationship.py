"""Trust, rapport and grievances: how an NPC feels about the player, and why.

Trust runs 0..100 and rapport -100..100.  Every change goes through :meth:`Relationship.apply`
with a rule from :data:`RULES`, so each one is logged with its reason (the debrief shows
the log).  Personality scales the changes: proud NPCs take offence harder, warm ones warm
up faster.

Friendly words wear off.  The same kind of talk (warmth, an appeal, an early account)
counts less each time it is said in one meeting (:data:`TALK_WEAR`), and saying it again
before any deed has backed it up -- a concession, offers that match what was said, a
grievance settled or let go -- costs rapport instead (``said_again``: "You keep saying
that.").  A question is the same: asking why something matters is welcome once, and asked
again before anything has changed the answer (trust has not grown, nothing new was told)
it costs rapport (``asked_again``, :meth:`Relationship.question`); past :data:`PATIENCE` such
repeats in a meeting it wears on trust too (``pestered``).  Deeds are what move trust most.

Grievances are things from the past that still hurt.  One stays *open* until the player
*acknowledges* it and then either apologises or proposes a shared account of what
happened; until it is acknowledged it keeps the NPC defensive (the machines' guards read
:attr:`Relationship.unacknowledged`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypedDict, Unpack

from game.engine.phrases import N_
from game.npc.spec import Grievance, NpcSpec

TRUST_RANGE = (0.0, 100.0)
RAPPORT_RANGE = (-100.0, 100.0)


@dataclass(frozen=True)
class Rule:
    """A kind of event and what it does to trust and rapport (before personality)."""

    trust: float
    rapport: float
    reason: str


RULES: dict[str, Rule] = {
    # offers
    "reciprocated": Rule(4, 2, N_("you answered my concession with one of your own")),
    "conceded": Rule(1, 1, N_("you moved toward me")),
    "retracted": Rule(-3, -2, N_("you took back part of what you had offered")),
    "lowball": Rule(-5, -4, N_("your offer was far outside anything I could accept")),
    "lowball_again": Rule(-2, -1, N_("another offer far outside anything I could accept")),
    "exploited": Rule(-10, -8, N_("you took almost all of the gains for yourself")),
    # honesty
    "honest": Rule(6, 3, N_("your offers match the priorities you told me")),
    "lie": Rule(-12, -6, N_("your offers contradict the priorities you told me")),
    "bluff": Rule(-10, -5, N_("you claimed a better alternative, then settled for less")),
    "accused_wrongly": Rule(-10, -8, N_("you called me a bluffer when I was telling the truth")),
    "bluff_called": Rule(2, -2, N_("you checked my claim instead of taking it on faith")),
    # repair
    "apology": Rule(6, 4, N_("you apologised")),
    "apology_again": Rule(3, 2, N_("you apologised again")),
    "apology_cheap": Rule(0, -1, N_("apologies without anything changing ring hollow")),
    "acknowledged": Rule(5, 6, N_("you acknowledged what happened: {grievance}")),
    "shared_account": Rule(6, 8, N_("you proposed an account of the past we can both accept")),
    "shared_account_early": Rule(1, 2, N_("you offered your version before admitting anything")),
    "resolved": Rule(4, 4, N_("the old grievance is settled: {grievance}")),
    "forgiven": Rule(4, 4, N_("with your apology, the old grievance is settled: {grievance}")),
    "let_go": Rule(4, 6, N_("you let go of your own grievance: {grievance}")),
    "raised_grievance": Rule(
        -6, -8, N_("you brought up an old grievance to score a point: {grievance}")
    ),
    # talk
    "threat": Rule(-8, -6, N_("you threatened to walk away")),
    "warm": Rule(1, 3, N_("you were warm")),
    "frustrated": Rule(0, -2, N_("you showed frustration")),
    "angry": Rule(-3, -6, N_("you got angry")),
    "appeal": Rule(2, 3, N_("you spoke of our working relationship")),
    "appeal_hollow": Rule(-1, 0, N_("talk of the relationship sounds hollow right now")),
    "asked": Rule(0, 1, N_("you asked what matters to me")),
    "asked_why": Rule(0, 2, N_("you asked why it matters to me")),
    "asked_again": Rule(
        0,
        -2,
        N_("you asked me again {words}, and nothing has changed since: my answer is the same"),
    ),
    "pestered": Rule(
        -2,
        -2,
        N_("you keep asking me {words} though nothing has changed: it is wearing on me"),
    ),
    "leading_question": Rule(-3, -2, N_("you put an answer in my mouth instead of asking")),
    "interest_met": Rule(6, 4, N_("you asked what I need, and gave ground to offer it")),
    "shared": Rule(2, 1, N_("you told me what matters to you")),
    "restated": Rule(6, 6, N_("you put what matters to me in your own words, and got it right")),
    "restated_poorly": Rule(0, -1, N_("you tried to say what matters to me, but missed it")),
    "evidence": Rule(1, 0, N_("you backed your position with facts: {card}")),
    "words_worn": Rule(
        0, 0, N_("{words} again: it counts for less each time ({times} times in this meeting)")
    ),  # the worn words' own change x TALK_WEAR ** (times said before)
    "said_again": Rule(
        0,
        -2,
        N_("{words} again, and nothing you have done since backs it up: you keep saying that"),
    ),
    # favours and preference talk (game.npc.favours)
    "favour_repaid": Rule(6, 4, N_("you returned the favour I did you on {issue}{when}")),
    "favour_done": Rule(2, 3, N_("you gave ground on {issue} as a favour")),
    "favour_trivial": Rule(
        0, -1, N_("you called it a favour, but {issue} costs you next to nothing")
    ),
    "favour_empty": Rule(-2, -3, N_("you called it a favour, then gave me nothing on {issue}")),
    "favour_short": Rule(0, -1, N_("what you gave on {issue} falls short of the favour you owe")),
    "favour_pressed": Rule(
        -1, -3, N_("you asked for another favour before returning the one you owe")
    ),
    "favour_unreturned": Rule(
        -8, -6, N_("you never returned the favour I did you on {issue}{when}")
    ),
    "answered_question": Rule(0, 2, N_("you answered my question about {issue}")),
    "contradicted": Rule(
        -3, -2, N_("you told me {issue} mattered more than {other}, and before that the opposite")
    ),
}
"""Every rule that moves trust or rapport, with its base change and the reason logged."""

TALK_WEAR = 0.5
"""Each time the same kind of friendly talk is said again in a meeting it counts this share of
the time before (1, 1/2, 1/4, ...); under :data:`WORN_OUT` it counts for nothing."""
WORN_OUT = 0.125

WORDS: dict[str, str] = {
    "warm": N_("you were warm"),
    "appeal": N_("you spoke of our working relationship"),
    "appeal_hollow": N_("you spoke of our working relationship"),
    "shared_account_early": N_("you offered your version of the past"),
}
"""Talk whose worth wears off, and how its repeat is named in the reason (every kind of
words shares one kind name: the appeals are one kind whether welcome or hollow)."""
_KIND = {"appeal_hollow": "appeal"}
ACKNOWLEDGED_AGAIN = N_("you acknowledged it")
APOLOGISED_AGAIN = N_("you apologised")
WHY_WORDS = N_("why {issue} matters")
WHY_WORDS_PLURAL = N_("why {issue} matter")
WHAT_FOR_WORDS = N_("what the deal is for")
# Translators: it follows an issue with no space between ("... on the price last time
# (market-stall)"): keep the leading space; {level} is a level's id.
LAST_TIME = N_(" last time ({level})")
REASON_WORDS: tuple[str, ...] = (
    *dict.fromkeys(WORDS.values()),
    ACKNOWLEDGED_AGAIN,
    APOLOGISED_AGAIN,
    WHY_WORDS,
    WHY_WORDS_PLURAL,
    WHAT_FOR_WORDS,
    LAST_TIME,
)
"""The words that fill a reason's ``{words}`` or ``{when}`` (said again, asked again, a
favour from last time), as English templates a screen translates with the reason."""

DEEDS = frozenset(
    {
        "reciprocated",
        "conceded",
        "honest",
        "resolved",
        "forgiven",
        "let_go",
        "interest_met",
        "favour_repaid",
        "favour_done",
    }
)
"""What the player does (not says): any of them backs up the words said before it.  A grievance
settled by an apology (``forgiven``) backs them up too, since the matter is closed, but its
trust is counted with words where trust earned by deeds is counted (:data:`TALK_GAINS`)."""

TALK_GAINS = frozenset(
    {
        "warm",
        "appeal",
        "appeal_hollow",
        "words_worn",
        "said_again",
        "apology",
        "apology_again",
        "apology_cheap",
        "forgiven",
        "asked",
        "asked_why",
        "shared",
        "shared_account_early",
        "restated_poorly",
        "bluff_called",
    }
)
"""Rules whose gains are words alone (said, not done): the trust they add is not *earned*.

Everything else the player gains trust by is what it did -- concessions answered, offers
consistent with what it said, grievances acknowledged and settled by an account both accept,
its own let go, benchmarks that moved the other side, their interests restated right, needs
met -- and every loss counts, whatever caused it (see :func:`earned_trust`)."""


def _reason_pattern(reason: str) -> re.Pattern[str]:
    parts = re.split(r"\{[a-z_]+\}", reason)
    return re.compile("^" + ".*".join(re.escape(part) for part in parts) + "$", re.DOTALL)


_REASONS = [(name, _reason_pattern(rule.reason)) for name, rule in RULES.items()]


def rule_of(reason: str) -> str | None:
    """Return the rule a logged reason came from (None for a reason no rule here words)."""
    for name, pattern in _REASONS:
        if pattern.match(reason):
            return name
    return None


def earned_trust(changes: Iterable[Sequence]) -> dict[str, float]:
    """Return, per NPC, the trust the player earned by deeds in logged changes.

    ``changes`` are ``(npc_id, trust_delta, rapport_delta, reason)`` rows (a timeline's
    changes).  Gains from words alone (:data:`TALK_GAINS`) do not count; every loss does.
    """
    earned: dict[str, float] = {}
    for npc_id, trust, _rapport, reason in changes:
        trust = float(trust)
        earned.setdefault(str(npc_id), 0.0)
        if trust > 0 and rule_of(str(reason)) in TALK_GAINS:
            continue
        earned[str(npc_id)] += trust
    return earned


APOLOGY_LIMIT = 2
"""Apologies that still count; later ones only cost (words without change)."""

PATIENCE = 3
"""Questions asked again with nothing changed (``asked_again``) a character bears in one
meeting at a cost to rapport alone; every later one costs trust as well (``pestered``).  The
lesson players ask again at most twice a meeting; a player badgering the same questions
round after round loses the trust its bargaining earned."""


class ReasonFill(TypedDict, total=False):
    """The words a rule's ``reason`` may name, by placeholder."""

    card: str
    grievance: str
    issue: str
    other: str
    times: str
    when: str
    words: str


class Change(NamedTuple):
    """One logged change: ``(npc_id, trust_delta, rapport_delta, reason)``."""

    npc_id: str
    trust_delta: float
    rapport_delta: float
    reason: str


@dataclass
class GrievanceState:
    """One grievance and how far it has been repaired."""

    id: str
    text: str
    severity: int = 2
    origin: str = "backstory"
    shared_account: str | None = None
    acknowledged: bool = False
    apologised: bool = False
    resolved_by: str | None = None
    weight: float = 0.0
    """How much is left of it (starts at the severity; fades between meetings)."""

    def __post_init__(self) -> None:
        if self.weight <= 0:
            self.weight = float(self.severity)

    @property
    def open(self) -> bool:
        """Return True while it is not resolved."""
        return self.resolved_by is None


@dataclass
class Relationship:
    """One NPC's feelings about the player during a match."""

    npc_id: str
    trust: float
    rapport: float
    pride: float = 0.5
    warmth: float = 0.5
    harshness: float = 1.0
    """Extra weight of negative changes (a grudge-holder's retaliation)."""
    grievances: list[GrievanceState] = field(default_factory=list)
    log: list[Change] = field(default_factory=list)
    start_trust: float = field(init=False)
    start_rapport: float = field(init=False)
    apologies: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    said: dict[str, int] = field(default_factory=dict)
    """Per kind of words: how often they were said in this meeting."""
    unbacked: set[str] = field(default_factory=set)
    """Kinds of words said since the player's last deed."""
    asked: dict[str, float] = field(default_factory=dict)
    """Per kind of question still unanswered: the trust when it was last asked."""
    lost: float = 0.0
    """Trust lost since the player's last apology (an apology wins back at most half of it
    unless it answers a grievance)."""
    version: int = 0
    """Bumped whenever trust or rapport changes (lets the brain cache what depends on them)."""

    def __post_init__(self) -> None:
        self.start_trust = self.trust
        self.start_rapport = self.rapport

    @classmethod
    def from_spec(cls, npc_id: str, spec: NpcSpec, harshness: float = 1.0) -> Relationship:
        """Return the starting relationship a spec describes."""
        return cls(
            npc_id,
            float(spec.trust),
            float(spec.rapport),
            pride=spec.personality.pride,
            warmth=spec.personality.warmth,
            harshness=harshness,
            grievances=[grievance_state(g) for g in spec.grievances],
        )

    def reset(self, trust: float, rapport: float, grievances: list[Grievance]) -> None:
        """Start again (the fast headless path reuses relationships between runs)."""
        self.trust = self.start_trust = trust
        self.rapport = self.start_rapport = rapport
        self.version += 1
        self.grievances = [grievance_state(g) for g in grievances]
        self.log.clear()
        self.apologies = 0
        self.counts.clear()
        self.said.clear()
        self.unbacked.clear()
        self.asked.clear()
        self.lost = 0.0

    # ----------------------------------------------------------------- changes
    def apply(
        self,
        rule_name: str,
        *,
        scale: float = 1.0,
        like: str | None = None,
        **fill: Unpack[ReasonFill],
    ) -> Change | None:
        """Apply a rule; return the logged change (None when it changed nothing).

        ``like`` takes the base changes from another rule (the reason stays this rule's).
        """
        rule = RULES[rule_name]
        amounts = RULES[like] if like is not None else rule
        trust = amounts.trust * scale
        rapport = amounts.rapport * scale
        if trust < 0:
            trust *= (0.5 + self.pride) * self.harshness
        if rapport < 0:
            rapport *= (0.5 + self.pride) * self.harshness
        elif rapport > 0:
            rapport *= 0.5 + self.warmth
        new_trust = min(max(self.trust + trust, TRUST_RANGE[0]), TRUST_RANGE[1])
        new_rapport = min(max(self.rapport + rapport, RAPPORT_RANGE[0]), RAPPORT_RANGE[1])
        delta_trust = round(new_trust - self.trust, 4)
        delta_rapport = round(new_rapport - self.rapport, 4)
        self.counts[rule_name] = self.counts.get(rule_name, 0) + 1
        if rule_name in DEEDS and delta_trust >= 0:
            self.unbacked.clear()
        elif delta_trust < 0:
            self.lost -= delta_trust
        if delta_trust == 0 and delta_rapport == 0:
            return None
        self.trust = new_trust
        self.rapport = new_rapport
        self.version += 1
        reason = rule.reason.format(**fill) if fill else rule.reason
        change = Change(self.npc_id, delta_trust, delta_rapport, reason)
        self.log.append(change)
        return change

    def words(self, rule_name: str, **fill: Unpack[ReasonFill]) -> tuple[Change | None, bool]:
        """Apply friendly talk (a rule of :data:`WORDS`) as it wears; return (change, counted).

        The first time in a meeting the rule applies in full; each later time at
        :data:`TALK_WEAR` of the time before (``words_worn``, nothing once worn out).  Said
        again before any deed backs it up, it counts for nothing and costs rapport
        (``said_again``); ``counted`` is then False.
        """
        kind = _KIND.get(rule_name, rule_name)
        times = self.said.get(kind, 0)
        self.said[kind] = times + 1
        name = WORDS[rule_name]
        if kind in self.unbacked:
            self.counts[rule_name] = self.counts.get(rule_name, 0) + 1
            return self.apply("said_again", words=_capital(name)), False
        self.unbacked.add(kind)
        rule = RULES[rule_name]
        scale = TALK_WEAR**times
        if times == 0 or rule.trust < 0 or rule.rapport < 0:
            return self.apply(rule_name, **fill), True
        self.counts[rule_name] = self.counts.get(rule_name, 0) + 1
        if scale < WORN_OUT:
            return None, True
        change = self.apply(
            "words_worn", scale=scale, like=rule_name, words=_capital(name), times=str(times + 1)
        )
        return change, True

    def question(self, kind: str, words: str) -> tuple[Change | None, str | None]:
        """The player asks a question of a kind (``why:<issue>``); return (change, repeat).

        Asked for the first time, after an answer that told something (:meth:`answered`:
        there may be more), or once trust has grown since it was last asked (the answer may
        have changed), a question costs nothing and ``repeat`` is None.  Asked again with
        nothing changed since, the answer cannot have changed either: it gets no answer and
        ``repeat`` names the rule it cost -- rapport (``asked_again``, like words said
        again), or, past :data:`PATIENCE` such repeats in the meeting, trust as well
        (``pestered``).
        """
        then = self.asked.get(kind)
        self.asked[kind] = max(self.trust, then or 0.0)
        if then is not None and (self.trust <= then or then >= TRUST_RANGE[1]):
            bore = self.count("asked_again") + self.count("pestered")
            rule = "pestered" if bore >= PATIENCE else "asked_again"
            return self.apply(rule, words=words), rule
        return None, None

    def settled(self, kind: str) -> None:
        """A question of a kind was answered in full (nothing more is behind it): asked
        again, whatever happens, it is a repeat."""
        self.asked[kind] = TRUST_RANGE[1]

    def answered(self, kind: str) -> None:
        """A question of a kind was answered with something new: asking it again is a
        follow-up, not a repeat."""
        self.asked.pop(kind, None)

    def count(self, rule_name: str) -> int:
        """Return how often a rule has applied this match."""
        return self.counts.get(rule_name, 0)

    # ----------------------------------------------------------------- grievances
    @property
    def open_grievances(self) -> list[GrievanceState]:
        """Return the grievances not yet resolved."""
        return [g for g in self.grievances if g.resolved_by is None]

    @property
    def unacknowledged(self) -> bool:
        """Return True while an open grievance has not been acknowledged."""
        return any(g.resolved_by is None and not g.acknowledged for g in self.grievances)

    @property
    def resolved_count(self) -> int:
        """Return how many grievances were resolved in this match (fading excluded)."""
        return sum(1 for g in self.grievances if g.resolved_by not in (None, "faded"))

    def grievance(self, grievance_id: str | None) -> GrievanceState | None:
        """Return an open grievance by id (None: the first open one)."""
        for grievance in self.grievances:
            if grievance.resolved_by is None and grievance_id in (None, grievance.id):
                return grievance
        return None

    def acknowledge(self, grievance_id: str | None) -> list[Change]:
        """The player acknowledges a grievance; return the changes."""
        grievance = self.grievance(grievance_id)
        if grievance is None:
            return []
        changes = []
        if not grievance.acknowledged:
            grievance.acknowledged = True
            self.unbacked.add("acknowledge")
            changes.append(self.apply("acknowledged", grievance=grievance.text))
            if grievance.apologised:
                changes.append(self._resolve(grievance, "apology"))
        elif "acknowledge" in self.unbacked:
            # the same acknowledgement again, and nothing settled since: words only
            changes.append(self.apply("said_again", words=_capital(ACKNOWLEDGED_AGAIN)))
        return [c for c in changes if c is not None]

    def apologise(self, grievance_id: str | None) -> tuple[list[Change], bool]:
        """The player apologises; return the changes and whether it resolved a grievance.

        Apologies wear like other words: the first counts most, and one said again before
        any deed (or a settled grievance) backs up the last costs rapport (``said_again``).
        An apology that answers no grievance (only the player's own behaviour in this
        meeting) wins back at most half of the trust lost since the last apology.
        """
        targets = [g for g in self.open_grievances if grievance_id in (None, g.id)]
        settles = any(g.acknowledged for g in targets)
        repeated = "apology" in self.unbacked and not settles
        if not repeated:
            self.apologies += 1  # the ladder counts the apologies that counted
        changes: list[Change | None] = []
        rule = "apology" if self.apologies <= 1 else "apology_again"
        if self.apologies > APOLOGY_LIMIT:
            rule = "apology_cheap"
        if repeated:
            changes.append(self.apply("said_again", words=_capital(APOLOGISED_AGAIN)))
        elif targets or rule == "apology_cheap":
            changes.append(self.apply(rule))
        else:
            # for its own behaviour only: it wins back at most half of what that cost
            scale = min(1.0, 0.5 * self.lost / RULES[rule].trust)
            changes.append(self.apply(rule, scale=scale))
        self.lost = 0.0
        self.unbacked.add("apology")
        self.said["apology"] = self.said.get("apology", 0) + 1
        resolved = False
        for grievance in targets:
            grievance.apologised = True
            if grievance.acknowledged:
                changes.append(self._resolve(grievance, "apology"))
                resolved = True
        return [c for c in changes if c is not None], resolved

    def shared_account(self, grievance_id: str | None) -> tuple[list[Change], bool]:
        """The player proposes a shared account; return the changes and whether it resolved one."""
        grievance = self.grievance(grievance_id)
        if grievance is None:
            return [], False
        if not grievance.acknowledged:
            change, _ = self.words("shared_account_early")
            return [change] if change else [], False
        changes = [self.apply("shared_account"), self._resolve(grievance, "shared_account")]
        return [c for c in changes if c is not None], True

    def _resolve(self, grievance: GrievanceState, how: str) -> Change | None:
        grievance.resolved_by = how
        # settled by words alone (owned and apologised for): the same trust, but not earned
        rule = "forgiven" if how == "apology" else "resolved"
        return self.apply(rule, grievance=grievance.text)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def grievance_state(grievance: Grievance) -> GrievanceState:
    """Return the match state of a level grievance."""
    return GrievanceState(
        grievance.id,
        grievance.text,
        grievance.severity,
        grievance.origin,
        grievance.shared_account,
    )
