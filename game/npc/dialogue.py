"""Picking and filling NPC lines: per state and event, per archetype, overridable per level.

A level's ``dialogue`` maps keys from :data:`DIALOGUE_KEYS` (state or event names) to lines
that replace the archetype's defaults.  The picker never says the same line twice in a row,
prefers lines written for the NPC's current state, and fills placeholders such as
``{offer}``, ``{issue}`` and ``{value}`` from the moment (an unknown placeholder is left as
written; only ``{word}`` placeholders are recognised, so a line cannot reach into objects).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from game.npc.lines import ARCHETYPE, BASE
from game.npc.machines import MEDIATOR_STATES, STATES
from game.npc.wording import IssuePhrase, is_adverb, plural_verb

EVENT_KEYS = tuple(k for k in BASE if k not in STATES)
DIALOGUE_KEYS: frozenset[str] = (
    frozenset(STATES) | frozenset(MEDIATOR_STATES) | frozenset(EVENT_KEYS)
)
"""Every key a level's ``dialogue`` may use: machine states and dialogue events."""

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
)
"""Placeholders lines may use (see docs/npc.md for what each one holds)."""

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


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
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|^\W+)$")


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


def _fillable(text: str, context: Mapping[str, object]) -> bool:
    return all(context.get(name) is not None for name in _PLACEHOLDER.findall(text))


class LinePicker:
    """Chooses an NPC's lines: level overrides, then archetype defaults, then shared defaults."""

    def __init__(
        self,
        archetype: str,
        overrides: Mapping[str, Sequence] | None,
        rng: random.Random,
    ) -> None:
        self.archetype = archetype
        self.overrides = {
            key: [(line.text, line.emotion, None) for line in lines]
            for key, lines in (overrides or {}).items()
        }
        self.rng = rng
        self.last_text: str | None = None
        self.last_variant: dict[str, str] = {}

    def variants(self, key: str) -> list[tuple[str, str, tuple[str, ...] | None]]:
        """Return the candidate lines for a key, best source first."""
        found = self.overrides.get(key)
        if found:
            return found
        entries = ARCHETYPE.get(self.archetype, {}).get(key) or BASE.get(key) or []
        return [(e[0], e[1], e[2] if len(e) > 2 else None) for e in entries]

    def pick(self, key: str, state: str, context: Mapping[str, object]) -> tuple[str, str] | None:
        """Return ``(text, emotion)`` for a key, or None when there is no line for it."""
        variants = self.variants(key)
        if not variants:
            return None
        suited = [v for v in variants if v[2] is None or state in v[2]] or variants
        # prefer lines whose every placeholder can be filled right now
        suited = [v for v in suited if _fillable(v[0], context)] or suited
        fresh = [v for v in suited if v[0] != self.last_variant.get(key)] or suited
        rendered = [(fill(v[0], context), v[1], v[0]) for v in fresh]
        rendered = [r for r in rendered if r[0] != self.last_text] or rendered
        if len(rendered) == 1 and rendered[0][0] == self.last_text:
            # a level override with one line, said a moment ago: fall back to the defaults
            defaults = ARCHETYPE.get(self.archetype, {}).get(key) or BASE.get(key) or []
            others = [(fill(e[0], context), e[1], e[0]) for e in defaults]
            rendered = [r for r in others if r[0] != self.last_text] or rendered
        text, emotion, template = rendered[self.rng.randrange(len(rendered))]
        self.last_text = text
        self.last_variant[key] = template
        return text, emotion
