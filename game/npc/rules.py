"""Lines chosen by rules over facts: the facts an NPC knows when it speaks, and the selector.

Every time an NPC speaks, the controller builds a dictionary of *facts* about the moment
(the move just made and by whom, what the offer is worth to the speaker against what it
expects, how big the last step was, round, mood, trust, the character's register...).
Every candidate line carries *criteria* over those facts (its ``when``).  The selector
keeps the lines whose every criterion holds, prefers lines not yet said in this meeting,
and among those lets the most specific (the most criteria) win; ties go to the
character's own lines, then the archetype's, then the shared ones, then to the seeded
random choice.  The selector is small; the lines are data (``game/npc/lines/*.json`` and a
level's ``lines`` and ``dialogue``).

A criterion is one of:

* a value -- the fact equals it (for a list fact such as ``player_said``: contains it);
* a list of values -- the fact is one of them;
* ``{"min": a, "max": b}`` (either end may be left out) -- a number within the range;
* ``{"not": value}`` or ``{"not": [values]}`` -- the fact is none of them (or not known).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from game.npc.machines import MEDIATOR_STATES, STATES
from game.npc.names import ARCHETYPES

REGISTERS = ("market", "casual", "business", "service", "diplomatic")
"""How a character speaks: a stall holder, a friend or a teenager, an office, a help desk, a
conference table."""

LevelKind = Literal[
    "distributive",
    "integrative",
    "contingent",
    "household",
    "reverse",
    "multiparty",
    "grievance",
    "series",
]
"""What sort of negotiation a level is."""
LEVEL_KINDS: tuple[LevelKind, ...] = get_args(LevelKind)
STEPS = ("first", "none", "small", "big", "back")
STANDINGS = ("insulting", "below_floor", "short", "close", "there")
MOVERS = ("player", "self", "other", "mediator")
PLAYER_SAID = (
    "asked",
    "shared",
    "threat",
    "angry",
    "frustrated",
    "warm",
    "appeal",
    "apology",
    "evidence",
    "lowball",
    "retracted",
    "conceded",
    "restated",
    "let_go",
    "raised_grievance",
    "acknowledged",
    "lie",
    "honest",
)
MOVE_KINDS = (
    "offer",
    "accept",
    "reject",
    "walk_away",
    "support",
    "oppose",
    "ask_priorities",
    "ask_issue",
    "state_priorities",
    "threaten",
    "cite_evidence",
    "appeal_relationship",
    "express_emotion",
    "acknowledge_grievance",
    "apologise",
    "propose_shared_account",
    "let_go",
    "raise_grievance",
    "ask_mediator",
    "propose_for_me",
    "restate_interests",
    "claim",
    "ask_proof",
    "call_bluff",
    "point_contradiction",
    "state_preference",
    "ask_preference",
    "ask_favour",
    "grant_favour",
)


@dataclass(frozen=True)
class Fact:
    """What one fact holds: ``kind`` is text, number, flag or list; ``values`` the choices."""

    kind: str
    text: str
    values: tuple[Any, ...] = ()
    static: bool = False
    """True when the fact is fixed for a character in a level (checked by ``validate``)."""


FACTS: dict[str, Fact] = {
    "mood": Fact(
        "text",
        "the NPC's state: opening, bargaining, holding, closing...",
        (*STATES, *MEDIATOR_STATES),
    ),
    "archetype": Fact("text", "how it bargains: boulware, linear, hardliner...", ARCHETYPES, True),
    "register": Fact("text", "how the character speaks", REGISTERS, True),
    "persona": Fact(
        "text", "the character's role in the level, e.g. 'potter with a market stall'", (), True
    ),
    "level_kind": Fact("text", "the level's kind", LEVEL_KINDS, True),
    "parties": Fact("number", "how many parties negotiate, the player included", (), True),
    "group": Fact("flag", "true at a table of more than two parties", (), True),
    "issues": Fact("number", "how many issues are decided", (), True),
    "one_issue": Fact("flag", "true when only one issue is decided (a price haggle)", (), True),
    "move": Fact("text", "the move being answered (offer, accept, ask_issue...)", MOVE_KINDS),
    "mover": Fact("text", "who made it: player, self, other (another NPC) or mediator", MOVERS),
    "worth": Fact("number", "what the offer in play is worth to the speaker, 0..1"),
    "expectation": Fact("number", "what the speaker hopes for now, 0..1"),
    "standing": Fact(
        "text",
        "the offer against what the speaker expects: insulting, below_floor, short, close, there",
        STANDINGS,
    ),
    "step": Fact(
        "text", "the player's last move on price: first, none (held firm), small, big, back", STEPS
    ),
    "step_size": Fact(
        "number", "how much the player's last offer gained for the speaker (negative: taken back)"
    ),
    "figure_met": Fact(
        "flag", "true when the player's figure is as good to it as its own last figure"
    ),
    "figure_back": Fact(
        "flag",
        "true when the figure in play itself moved against the speaker since the player's "
        "last offer (a line that cites both figures is right only then)",
    ),
    "figure_held": Fact(
        "flag",
        "true when the player's figure is the one they offered last time (a line that says "
        "'still' or 'again' of the figure is right only then)",
    ),
    "own_step": Fact("text", "the speaker's own last move: first, none, small, big", STEPS),
    "own_same": Fact(
        "flag",
        "true when the speaker's offer is the very package it offered last time (a line "
        "saying its terms have not changed is right only then; own_step none is about worth)",
    ),
    "figure_given": Fact(
        "flag",
        "true when the offer the speaker is making gives the player's figure, or better, on "
        "the issue in play (a line blaming that figure is wrong then)",
    ),
    "figure_said": Fact(
        "flag",
        "true when its answer to the player's offer, this turn, named the figure already (a "
        "line naming it again would echo)",
    ),
    "moved_last": Fact(
        "text", "who made the last concession: player, self or nobody", ("player", "self", "nobody")
    ),
    "round": Fact("number", "the round, from 1"),
    "rounds_left": Fact("number", "rounds left before the deadline"),
    "time": Fact("number", "the share of the deadline gone, 0..1"),
    "late": Fact("flag", "true when the speaker is in the late part of the deadline"),
    "trust": Fact("number", "the speaker's trust in the player, 0..100"),
    "rapport": Fact("number", "the speaker's rapport with the player, -100..100"),
    "grievances": Fact("number", "how many grievances it still holds against the player"),
    "claim": Fact(
        "text",
        "the kind of claim being answered (proof asked, bluff called, contradiction): "
        "batna (another offer), final (a last price) or priority (an issue talked up)",
        ("batna", "final", "priority"),
    ),
    "player_said": Fact(
        "list", "what the player has done so far: asked, threat, apology...", PLAYER_SAID
    ),
}
"""Every fact a line's criteria may test (``docs/npc.md`` describes each)."""

CONDITION_WORDS = frozenset({"min", "max", "not"})
CHARACTER_BONUS = 2
"""How many criteria a character's own line counts for beyond its ``when``."""


def holds(condition: Any, value: Any) -> bool:
    """Return True when a fact's ``value`` meets one criterion's ``condition``."""
    if isinstance(condition, Mapping):
        if "not" in condition:
            banned = condition["not"]
            banned = banned if isinstance(banned, list | tuple) else [banned]
            if value is not None and _any_equal(value, banned):
                return False
        if "min" in condition or "max" in condition:
            if not _is_number(value):
                return False
            if "min" in condition and value < condition["min"]:
                return False
            if "max" in condition and value > condition["max"]:
                return False
        return True
    if value is None:
        return False
    if isinstance(condition, list | tuple):
        return _any_equal(value, condition)
    return _any_equal(value, [condition])


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _any_equal(value: Any, choices: Iterable[Any]) -> bool:
    if isinstance(value, list | tuple | set | frozenset):
        return any(choice in value for choice in choices)
    for choice in choices:
        if isinstance(choice, bool) or isinstance(value, bool):
            if isinstance(choice, bool) and isinstance(value, bool) and choice is value:
                return True
        elif choice == value:
            return True
    return False


def matches(when: Mapping[str, Any] | None, facts: Mapping[str, Any]) -> bool:
    """Return True when every criterion of ``when`` holds for ``facts``."""
    if not when:
        return True
    return all(holds(condition, facts.get(name)) for name, condition in when.items())


Check = tuple[str, Callable[[Any], bool]]
"""One compiled criterion: the fact's name and a test of its value (same answer as
:func:`holds`)."""


def compile_criterion(condition: Any) -> Callable[[Any], bool]:
    """Return a test of a fact's value that answers as ``holds(condition, value)`` does.

    Lines are matched thousands of times a meeting; the common criteria (a word, a list of
    words, a range) get a test that skips the general case analysis.
    """
    if isinstance(condition, Mapping):
        if set(condition) == {"min"} and _is_number(condition["min"]):
            low = condition["min"]
            return lambda value: _is_number(value) and not value < low
        if set(condition) == {"max"} and _is_number(condition["max"]):
            high = condition["max"]
            return lambda value: _is_number(value) and not value > high
        if set(condition) == {"min", "max"} and all(_is_number(v) for v in condition.values()):
            low, high = condition["min"], condition["max"]
            return lambda value: _is_number(value) and not value < low and not value > high
        if set(condition) == {"not"}:
            banned = condition["not"]
            banned = banned if isinstance(banned, list | tuple) else [banned]
            if all(type(word) is str for word in banned):
                words = frozenset(banned)

                def test_not(value: Any) -> bool:
                    if type(value) is str:
                        return value not in words
                    return holds(condition, value)

                return test_not
            if len(banned) == 1 and type(banned[0]) is bool:
                flag = banned[0]

                def test_not_flag(value: Any) -> bool:
                    if type(value) is bool:
                        return value is not flag
                    return holds(condition, value)

                return test_not_flag
        return lambda value: holds(condition, value)
    if type(condition) is bool:

        def test_flag(value: Any) -> bool:
            if type(value) is bool:
                return value is condition
            return holds(condition, value)

        return test_flag
    choices = condition if isinstance(condition, list | tuple) else [condition]
    if all(type(choice) is str for choice in choices):
        words = frozenset(choices)

        def test(value: Any) -> bool:
            if type(value) is str:
                return value in words
            return holds(condition, value)

        return test
    return lambda value: holds(condition, value)


def compile_when(when: Mapping[str, Any] | None) -> tuple[Check, ...]:
    """Return a line's criteria as compiled checks (see :func:`passes`)."""
    return tuple((name, compile_criterion(condition)) for name, condition in (when or {}).items())


def passes(checks: Iterable[Check], facts: Mapping[str, Any]) -> bool:
    """Return True when every compiled check holds for ``facts`` (as :func:`matches`)."""
    get = facts.get
    for name, test in checks:
        if not test(get(name)):
            return False
    return True


@dataclass(frozen=True)
class Rule:
    """A candidate line: its text, the portrait's emotion, its criteria and where it came from.

    ``rank``: 2 the character's own (level), 1 the archetype's, 0 shared defaults.
    """

    text: str
    emotion: str = "neutral"
    when: Mapping[str, Any] = field(default_factory=dict)
    rank: int = 0

    @property
    def specificity(self) -> int:
        """Return how many criteria it has (the more, the more specific).

        A character's own line counts two more: it names who speaks and in what voice, as
        a default line would with ``register`` and ``archetype`` criteria.
        """
        return len(self.when) + (CHARACTER_BONUS if self.rank >= 2 else 0)

    @property
    def order(self) -> tuple[int, int]:
        """Return ``(specificity, rank)``: among fresh lines the highest wins (kept once
        worked out)."""
        order = self.__dict__.get("_order")
        if order is None:
            order = (self.specificity, self.rank)
            object.__setattr__(self, "_order", order)
        return order

    @property
    def checks(self) -> tuple[Check, ...]:
        """Return its criteria compiled (built on first use, then kept)."""
        compiled = self.__dict__.get("_checks")
        if compiled is None:
            compiled = compile_when(self.when)
            object.__setattr__(self, "_checks", compiled)
        return compiled


def choose(
    rules: Iterable[Rule],
    facts: Mapping[str, Any],
    rng: random.Random | None,
    *,
    said: Mapping[str, int] | None = None,
    avoid: Iterable[str] = (),
    render: Any = None,
    repeat: bool = True,
    stale: Iterable[str] = (),
) -> tuple[Rule, str] | None:
    """Return the winning rule and its filled text, or None when no line fits.

    ``said`` maps lines (as written) already said in this meeting to when they were said;
    ``avoid`` holds texts that must not be said now (what was just said at the table);
    ``stale`` texts heard at the table a little earlier, said only when nothing else fits
    (and, with ``repeat`` False, never).  Lines not said yet come first; among them the most
    specific wins, then the higher rank, then ``rng``.  When every fitting line was said,
    ``repeat`` False means silence, True the line said longest ago.
    """
    return choose_among(
        [(rule, rule.checks) for rule in rules],
        facts,
        rng,
        said=said,
        avoid=avoid,
        render=render,
        repeat=repeat,
        stale=stale,
    )


class Fitting(list):
    """Candidate ``(rule, ())`` pairs that all fit, every criterion settled, with the lines
    grouped once by ``(specificity, rank)``, highest first (:attr:`ranked`): a character's
    picker hands the same few such lists to :func:`choose_among` again and again."""

    __slots__ = ("ranked",)

    def __init__(self, candidates: Iterable[tuple[Rule, tuple[Check, ...]]]) -> None:
        super().__init__(candidates)
        groups: dict[tuple[int, int], list[Rule]] = {}
        for rule, checks in self:
            assert not checks, "a fitting line has no criterion left to test"
            groups.setdefault(rule.order, []).append(rule)
        self.ranked: tuple[tuple[Rule, ...], ...] = tuple(
            tuple(groups[order]) for order in sorted(groups, reverse=True)
        )


def _fitting_lines(
    candidates: Iterable[tuple[Rule, Iterable[Check]]],
    facts: Mapping[str, Any],
    said: Mapping[str, int],
) -> tuple[bool, dict[tuple[int, int], list[Rule]], dict[int, list[Rule]]]:
    """Return whether any line fits, the fitting lines not said yet by ``(specificity,
    rank)`` and those said by when they were said (each group in the candidates' order)."""
    get = facts.get
    matched = False
    groups: dict[tuple[int, int], list[Rule]] = {}  # the fresh ones by (specificity, rank)
    said_at: dict[int, list[Rule]] = {}  # the others by when they were said
    for rule, checks in candidates:
        for name, test in checks:
            if not test(get(name)):
                break
        else:
            matched = True
            text = rule.text
            if text in said:
                when = said[text]
                group = said_at.get(when)
                if group is None:
                    said_at[when] = [rule]
                else:
                    group.append(rule)
                continue
            order = rule.order
            group = groups.get(order)
            if group is None:
                groups[order] = [rule]
            else:
                group.append(rule)
    return matched, groups, said_at


def choose_among(
    candidates: Iterable[tuple[Rule, Iterable[Check]]],
    facts: Mapping[str, Any],
    rng: random.Random | None,
    *,
    said: Mapping[str, int] | None = None,
    avoid: Iterable[str] = (),
    render: Any = None,
    repeat: bool = True,
    stale: Iterable[str] = (),
) -> tuple[Rule, str] | None:
    """:func:`choose` over ``(rule, checks)`` pairs (checks: the criteria left to test).

    A line's text is filled only when it could win: the fitting lines are taken group by
    group (fresh ones, most specific first; then, with ``repeat``, said ones, the longest
    ago first) and a group's lines are filled to drop those that cannot be said (``render``
    gives None) or must not be (in ``avoid``).  The first group left with a line wins, as
    if every line had been filled first; ``rng`` is drawn from in the same way.
    """
    said = said or {}
    said_at: dict[int, list[Rule]] | None = None
    if type(candidates) is Fitting:  # all fit: only what was said sorts them now
        if not candidates:
            return None
        fresh_groups: list[list[Rule]] = []
        for group in candidates.ranked:
            fresh = [rule for rule in group if rule.text not in said]
            if fresh:
                fresh_groups.append(fresh)
    else:
        matched, groups, said_at = _fitting_lines(candidates, facts, said)
        if not matched:
            return None
        fresh_groups = [groups[order] for order in sorted(groups, reverse=True)]
    avoid = set(avoid)
    texts: dict[int, str | None] = {}
    stale = set(stale)

    def sayable(group: Iterable[Rule], *, fresh_only: bool = False) -> list[tuple[Rule, str]]:
        out = []
        for rule in group:
            key = id(rule)
            if key in texts:
                text = texts[key]
            else:
                text = render(rule.text) if render is not None else rule.text
                if text is not None and text in avoid:
                    text = None
                texts[key] = text
            if text is not None and not (fresh_only and text in stale):
                out.append((rule, text))
        return out

    if fresh_groups:
        # Lines heard at the table a moment ago come only when nothing else fits, and a
        # remark (``repeat`` False) not at all: silence rather than an echo.
        passes = ((True, False) if repeat else (True,)) if stale else (False,)
        for fresh_only in passes:
            for fresh in fresh_groups:
                top = sayable(fresh, fresh_only=fresh_only)
                if top:
                    if rng is None or len(top) == 1:
                        return top[0]
                    return top[rng.randrange(len(top))]
    if not repeat:
        return None
    if said_at is None:
        said_at = _fitting_lines(candidates, facts, said)[2]
    for when in sorted(said_at):
        oldest = sayable(said_at[when])
        if oldest:
            return oldest[0] if rng is None else oldest[rng.randrange(len(oldest))]
    return None
