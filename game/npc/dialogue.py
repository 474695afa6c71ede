"""Picking and filling NPC lines: rules over facts, per archetype, added to per character.

The controller builds the facts of the moment (:mod:`game.npc.rules` lists them); the
picker gathers the candidate lines for a key -- a level's ``dialogue`` for that key (which
replaces the defaults), else the character's ``lines`` with the archetype's and the shared
defaults -- and lets :func:`game.npc.rules.choose` pick: only lines whose criteria hold,
not said yet in this meeting if possible, the most specific first.  No character says the
line the table has just heard.  Placeholders such as ``{offer}``, ``{figure}`` and
``{issue}`` are filled from the facts (an unknown placeholder is left as written; only
``{word}`` placeholders are recognised, so a line cannot reach into objects).
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from game.npc.bluffs import CLAIM_EVENTS
from game.npc.lines import RANK_CHARACTER, default_lines
from game.npc.machines import MEDIATOR_STATES, STATES
from game.npc.rules import Check, Fitting, Rule, choose_among, passes
from game.npc.wording import IssuePhrase, is_adverb, plural_verb

EVENT_KEYS = (
    "offer",
    "meso",
    "meso_bundle",
    "bundle",
    "accept",
    "walk",
    "deadline",
    "last_offer",
    "first_offer",
    "held_firm",
    "small_step",
    "lowball",
    "lowball_again",
    "conceded",
    "reciprocated",
    "retracted",
    "answer_open",
    "answer_guarded",
    "answer_closed",
    "answer_again",
    "answer_issue",
    "answer_issue_again",
    "ask",
    "share",
    "thanks_shared",
    "thanks_shared_again",
    "partial",
    "propose_for_me",
    "interests_heard",
    "interests_missed",
    "interest_told",
    "interest_guarded",
    "why_nothing_more",
    "why_rebuffed",
    "asked_again",
    "pestered",
    "threat",
    "threatened",
    "evidence_moved",
    "evidence_ignored",
    "evidence_again",
    "appeal_welcome",
    "appeal_hollow",
    "said_again",
    "refuse_distrust",
    "emotion_warm",
    "emotion_neutral",
    "emotion_frustrated",
    "emotion_angry",
    "acknowledged",
    "apology_accepted",
    "apology_cheap",
    "shared_account_accepted",
    "shared_account_early",
    "grievance_raised",
    "let_go",
    "honest",
    "lie",
    "bluff",
    "exploited",
    "mediator_intro",
    "mediator_text",
    "mediator_value_left",
    "mediator_clause",
    "mediator_refused",
    "support",
    "oppose",
    *CLAIM_EVENTS,
)
"""Dialogue events (besides the machine states) a line may be written for."""

FAVOUR_KEYS = (
    "prefer_say",
    "prefer_answer",
    "prefer_answer_again",
    "prefer_same",
    "prefer_heard",
    "prefer_again",
    "prefer_contradicted",
    "ask_about_issue",
    "favour_granted",
    "favour_granted_later",
    "favour_returned",
    "favour_no_ground",
    "favour_refused",
    "favour_still_owed",
    "favour_offered",
    "favour_awaited",
    "favour_thanks",
    "favour_repaid",
    "favour_short",
    "favour_trivial",
    "favour_empty",
    "favour_ask_back",
    "favour_ask_back_old",
    "favour_resented",
    "favour_grudge",
)
"""Events of favours and preference talk (:mod:`game.npc.favours`, :mod:`game.npc.preference_talk`)."""

DIALOGUE_KEYS: frozenset[str] = (
    frozenset(STATES) | frozenset(MEDIATOR_STATES) | frozenset(EVENT_KEYS) | frozenset(FAVOUR_KEYS)
)
"""Every key a level's ``dialogue`` and ``lines`` may use: machine states and dialogue events."""

OPTIONAL_KEYS = frozenset(
    {
        "exploring",
        "bargaining",
        "conceding",
        "holding",
        "closing",
        "mediated",
        "deadline",
        "first_offer",
        "held_firm",
        "small_step",
        "conceded",
        "reciprocated",
        "lowball_again",
        "retracted",
        "honest",
    }
)
"""Remarks an NPC makes only while it has something new to say (silence rather than a repeat)."""

PLACEHOLDERS = (
    "name",
    "player",
    "round",
    "rounds_left",
    "offer",
    "count",
    "choices",
    "issue",
    "value",
    "level",
    "top_issue",
    "second_issue",
    "low_issue",
    "price_issue",
    "price",
    "extra_issue",
    "extra_value",
    "grievance",
    "card",
    "hint",
    "event",
    "accuracy",
    "figure",
    "previous_figure",
    "own_figure",
    "step_amount",
    "gap_amount",
    "persona",
    "interest",
    "proof",
    "other_issue",
    "other",
    "your_gain",
    "their_gain",
    "option",
    "extra_option",
)
"""Placeholders lines may use (see docs/npc.md for what each one holds)."""

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
TABLE_MEMORY = 12
"""How many lines said at a table a speaker avoids echoing (another delegate's line a
moment ago is said again only when nothing else fits)."""


class Said(NamedTuple):
    """One line spoken: ``(speaker_id, text, emotion)``."""

    speaker: str
    text: str
    emotion: str


def fill(text: str, context: Mapping[str, object]) -> str:
    """Return ``text`` with ``{word}`` placeholders replaced from ``context``.

    A value placed where a sentence starts gets a capital letter.  Issue names
    (:class:`~game.npc.wording.IssuePhrase`) bring their own article: "the {top_issue}"
    and "{top_issue}" both read "the price" but "who pays"; a verb right after a plural
    issue agrees with it ("the {top_issue} matters" -> "the accessories matter").
    """
    parts = _PLACEHOLDER.split(text)  # literal, name, literal, name, ..., literal
    out = parts[0]
    for index in range(1, len(parts), 2):
        name, after = parts[index], parts[index + 1]
        value = context.get(name)
        if value is None:
            out += "{" + name + "}" + after
            continue
        words = str(value)
        if isinstance(value, IssuePhrase):
            article = _ARTICLE_BEFORE.search(out)
            if article is not None:
                if value.article:
                    words = value.bare
                else:  # "the who pays": the template's article goes
                    out = out[: article.start(1)]
            if value.plural:
                after = _agree(after)
        if _SENTENCE_START.search(out):
            words = words[:1].upper() + words[1:]
        out += words + after
    return out


_ARTICLE_BEFORE = re.compile(r"(?:^|\s)((?i:the)\s+)$")
_SENTENCE_START = re.compile(r"(?:^|(?<!\.\.)[.!?]\s+|^\W+)$")


def _agree(after: str) -> str:
    """Return the text after a plural subject with its verb made plural ("hardly matters")."""
    found = re.match(r"(\s+)([A-Za-z']+)(?:(\s+)([A-Za-z']+))?", after)
    if found is None:
        return after
    if is_adverb(found.group(2)) and found.group(4):
        start, word = found.start(4), found.group(4)
    else:
        start, word = found.start(2), found.group(2)
    plural = plural_verb(word)
    if plural is None:
        return after
    if word[:1].isupper():
        plural = plural[:1].upper() + plural[1:]
    return after[:start] + plural + after[start + len(word) :]


_LOWER_START = re.compile(r"(^|(?<!\.\.)[.!?]\s+)([a-z])")
"""A sentence starting in lower case (a pause, "That's... good", goes on the same sentence)."""


def capitalise_sentences(text: str) -> str:
    """Return ``text`` with every sentence starting with a capital letter."""
    return _LOWER_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def placeholders(text: str) -> list[str]:
    """Return the placeholder names a line uses."""
    return _PLACEHOLDER.findall(text)


@functools.cache
def _names_in(text: str) -> tuple[str, ...]:
    return tuple(_PLACEHOLDER.findall(text))


_SHARED_CANDIDATES: dict[tuple, list[tuple[Rule, tuple[Check, ...]]]] = {}
"""Candidate lines of characters with only default lines, by archetype, fixed facts, key
and ``own`` (:meth:`LinePicker._sorted`): the same in every meeting."""
_SHARED_FITTING: dict[tuple, list[tuple[Rule, tuple[Check, ...]]]] = {}
"""The fitting lines of such characters, by the facts their criteria read
(:meth:`LinePicker._fitting`)."""
_RENDERED: dict[tuple, str] = {}
"""Lines already filled, by template and the values of its placeholders (see :func:`render`)."""
_RENDERED_MAX = 50_000


def _value_key(value: object) -> object:
    """Return what a placeholder's value is remembered by, or None when it is not kept.

    Only values whose words :func:`fill` makes from what the key holds: text, whole
    numbers, floats by their ``repr`` (``0.0`` and ``-0.0`` are equal keys but read
    differently), issue phrases with their article and number.
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        return (kind, value)
    if kind is float:
        return (float, repr(value))
    if kind is IssuePhrase:
        phrase: Any = value
        return (IssuePhrase, str(value), phrase.bare, phrase.plural, phrase.article)
    return None


def _fact_key(value: object) -> object:
    """Return what a fact's value is remembered by when criteria read it (None: it is not
    kept; see :func:`_value_key`)."""
    if value is None:
        return ("none",)
    return _value_key(value)


def render(template: str, facts: Mapping[str, object]) -> str | None:
    """Return a line filled from ``facts`` with every sentence capitalised, or None when a
    placeholder it uses has no value.  Remembered: a meeting says the same few lines with
    the same few values again and again."""
    get = facts.get
    key: list[object] = [template]
    for name in _names_in(template):
        value = get(name)
        if value is None:
            return None
        part = _value_key(value)
        if part is None:
            return capitalise_sentences(fill(template, facts))
        key.append(part)
    remembered = tuple(key)
    text = _RENDERED.get(remembered)
    if text is None:
        text = capitalise_sentences(fill(template, facts))
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        _RENDERED[remembered] = text
    return text


def _fillable(text: str, context: Mapping[str, object]) -> bool:
    get = context.get
    for name in _names_in(text):
        if get(name) is None:
            return False
    return True


def character_rules(lines: Mapping[str, Sequence] | None, rank: int) -> dict[str, list[Rule]]:
    """Return a level's lines (``Line`` models) as rules by key."""
    out: dict[str, list[Rule]] = {}
    for key, entries in (lines or {}).items():
        out[key] = [
            Rule(
                line.text, line.emotion, line.criteria() if hasattr(line, "criteria") else {}, rank
            )
            for line in entries
        ]
    return out


class LinePicker:
    """Chooses one character's lines for one meeting, remembering what it said.

    ``overrides`` is the level's ``dialogue`` (replaces the defaults for a key), ``extra``
    its ``lines`` (added to them); ``table`` is shared by every speaker at the table so no
    one says the line just heard.
    """

    def __init__(
        self,
        archetype: str,
        overrides: Mapping[str, Sequence] | None,
        rng: random.Random | None,
        *,
        extra: Mapping[str, Sequence] | None = None,
        table: dict[str, Any] | None = None,
        facts: Mapping[str, Any] | None = None,
        language: str = "en",
    ) -> None:
        self.archetype = archetype
        self.language = language
        """The language of the default lines (the level's own lines come translated)."""
        self.overrides = character_rules(overrides, RANK_CHARACTER)
        self.extra = character_rules(extra, RANK_CHARACTER)
        self.rng = rng
        self.table = table if table is not None else {}
        self.facts = dict(facts or {})
        """Facts fixed for this character (register, persona, level kind, parties...)."""
        self.said: dict[str, int] = {}
        self.last_text: str | None = None
        self._fixed = frozenset(self.facts)
        self._candidates: dict[tuple[str, bool], list[tuple[Rule, tuple[Check, ...]]]] = {}
        self._shared_key: tuple | None = None
        """Who speaks, when it has only default lines (its candidates can be shared)."""
        if not self.overrides and not self.extra:
            try:
                self._shared_key = (archetype, frozenset(self.facts.items()))
            except TypeError:  # a fixed fact that cannot be a key
                self._shared_key = None
        self._check_names: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._fitting_memo: dict[tuple, list[tuple[Rule, tuple[Check, ...]]]] = {}
        self.spent: set[str] = set()
        """Optional keys every line of which that fits this character was said already: with
        no fixed fact overridden, they say nothing more in this meeting (lines said are never
        forgotten within it), so the speaker need not gather the facts."""

    def _sorted(self, key: str, own: bool) -> list[tuple[Rule, tuple[Check, ...]]]:
        """Return the candidate lines for a key with the criteria on fixed facts settled.

        ``own`` True: :meth:`variants`; False: the character's lines and the defaults (the
        fallback when the level's own line was just said).  A line whose criteria on this
        character's fixed facts (register, archetype, parties...) fail is left out once for
        the meeting; the rest keep only their other criteria, tested at each pick.
        """
        found = self._candidates.get((key, own))
        if found is None:
            shared = self._shared_key
            if shared is not None:  # only default lines: the same for every such character
                found = _SHARED_CANDIDATES.get((shared, key, own))
                if found is not None:
                    self._candidates[(key, own)] = found
                    return found
            rules = (
                self.variants(key)
                if own
                else [*self.extra.get(key, ()), *default_lines(self.archetype, key, self.language)]
            )
            fixed = self.facts
            found = []
            for rule in rules:
                checks = rule.checks
                static = [check for check in checks if check[0] in fixed]
                if passes(static, fixed):
                    found.append((rule, tuple(c for c in checks if c[0] not in fixed)))
            if all(not checks for _, checks in found):
                found = Fitting(found)  # nothing left to test: grouped once for good
            self._candidates[(key, own)] = found
            if shared is not None:
                if len(_SHARED_CANDIDATES) >= 10_000:
                    _SHARED_CANDIDATES.clear()
                _SHARED_CANDIDATES[(shared, key, own)] = found
        return found

    def _fitting(
        self, key: str, own: bool, facts: Mapping[str, Any]
    ) -> list[tuple[Rule, tuple[Check, ...]]]:
        """Return :meth:`_sorted`'s candidates whose criteria hold for ``facts``, with no
        criteria left to test (what ``choose_among`` would keep of them, in order).

        The criteria read a few facts, mostly words and flags ("standing", "own_step",
        "mover"), so the answer is kept by the values of the facts they read (a value that
        cannot be kept exactly -- a list, say -- leaves the criteria to be tested).
        """
        found = self._sorted(key, own)
        names = self._check_names.get((key, own))
        if names is None:
            names = tuple(sorted({name for _, checks in found for name, _ in checks}))
            self._check_names[(key, own)] = names
        if not names:
            return found
        signature: list[object] = [key, own]
        get = facts.get
        for name in names:
            part = _fact_key(get(name))
            if part is None:
                return found
            signature.append(part)
        memo = self._fitting_memo
        if self._shared_key is not None:  # the same lines as others: their answers serve
            signature.append(self._shared_key)
            memo = _SHARED_FITTING
        remembered = tuple(signature)
        fitting = memo.get(remembered)
        if fitting is None:
            fitting = Fitting((rule, ()) for rule, checks in found if passes(checks, facts))
            if len(memo) >= 10_000:
                memo.clear()
            memo[remembered] = fitting
        return fitting

    def variants(self, key: str) -> list[Rule]:
        """Return the candidate lines for a key: the level's override, else its own and the defaults."""
        found = self.overrides.get(key)
        if found:
            return list(found)
        return [*self.extra.get(key, ()), *default_lines(self.archetype, key, self.language)]

    def pick(self, key: str, state: str, context: Mapping[str, object]) -> tuple[str, str] | None:
        """Return ``(text, emotion)`` for a key, or None when there is nothing (new) to say."""
        facts = {**self.facts, "mood": state, **context}
        avoid = [t for t in (self.last_text, self.table.get("last")) if t]

        def rendered(template: str) -> str | None:
            return render(template, facts)

        optional = key in OPTIONAL_KEYS
        settled = self._fixed.isdisjoint(context)  # else a fixed fact is overridden now
        if optional and settled and key in self.spent:
            return None

        def candidates(own: bool) -> list[tuple[Rule, tuple[Check, ...]]]:
            if settled:
                return self._fitting(key, own, facts)
            rules = (
                self.variants(key)
                if own
                else [*self.extra.get(key, ()), *default_lines(self.archetype, key, self.language)]
            )
            return [(rule, rule.checks) for rule in rules]

        picked = choose_among(
            candidates(True),
            facts,
            self.rng,
            said=self.said,
            avoid=avoid,
            render=rendered,
            repeat=not optional,
            stale=self.table.get("recent", ()),
        )
        if picked is None and not optional and key in self.overrides:
            # the level's own line was said a moment ago: fall back on the defaults
            picked = choose_among(
                candidates(False), facts, self.rng, said=self.said, avoid=avoid, render=rendered
            )
        if picked is None:
            if optional and settled:
                said = self.said
                if all(rule.text in said for rule, _ in self._sorted(key, True)):
                    self.spent.add(key)
            return None
        rule, text = picked
        self.table["count"] = self.table.get("count", 0) + 1
        self.said[rule.text] = self.table["count"]
        self.last_text = text
        self.table["last"] = text
        recent = self.table.setdefault("recent", [])
        recent.append(text)
        del recent[:-TABLE_MEMORY]
        return text, rule.emotion
