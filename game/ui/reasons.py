"""Why a move cannot be made now, why trust or rapport changed, and the characters' other
English words a screen shows (grievances remembered from past meetings, the player's notes on
their claims, the kinds of move), in the language in use.

The engine and the characters write these sentences in English, and records keep the English
(saved plays, the characters' memories, class reports): each sentence is made from one of the
English templates they list (``game.npc.refusals.REFUSALS``, the reasons of
``game.npc.relationship.RULES``, ...).  Shown, a sentence is matched against those templates
to find its template and the words that fill it, and the template's translation is filled
with the same words -- themselves translated when they are one of the templates (the words
said again, a grievance a character remembers) or when the caller names them (an issue in
the level's language).  A sentence no template makes is shown as it was written, so records
saved by any version still show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache

from game.engine import MoveKind
from game.i18n import N_, language, tr
from game.levels.catalog import LevelEntry, builtin_entries
from game.levels.schema import LevelModel
from game.levels.text import level_text
from game.npc.bluffs import CLAIM_NOTES, CLAIMS
from game.npc.memory import HISTORY_GRIEVANCES, REPUTATION
from game.npc.refusals import REFUSALS
from game.npc.relationship import LAST_TIME, REASON_WORDS, RULES
from game.npc.wording import issue_phrase
from game.roleplay.hotseat import REFUSALS as ROLE_PLAY_REFUSALS

__all__ = [
    "Sentences",
    "refusal_words",
    "change_reason_words",
    "move_kind_words",
    "issue_words",
    "remembered_words",
    "claim_note_words",
    "MOVE_KIND_WORDS",
]

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

_SHAPES = {
    "when": "(?:" + re.escape(LAST_TIME).replace(re.escape("{level}"), ".*") + ")?",
    "times": r"\d+",
}
"""Placeholders whose words have a shape of their own: ``{when}`` is empty or " last time
(level)" (it follows ``{issue}`` with no space between), ``{times}`` a count."""


class Sentences:
    """English sentences made from a set of templates: tells a sentence's template and the
    words that fill it, and writes it again in the language in use."""

    def __init__(self, templates: Iterable[str]) -> None:
        self._plain: set[str] = set()
        patterns: list[tuple[int, str, re.Pattern[str]]] = []
        for template in dict.fromkeys(templates):
            if not _PLACEHOLDER.search(template):
                self._plain.add(template)
                continue
            parts = _PLACEHOLDER.split(template)
            regex, seen = [], set()
            for index, part in enumerate(parts):
                if index % 2 == 0:
                    regex.append(re.escape(part))
                elif part in seen:
                    regex.append(f"(?P={part})")
                else:
                    seen.add(part)
                    regex.append(f"(?P<{part}>{_SHAPES.get(part, '.+?')})")
            literal = sum(len(p) for p in parts[::2])
            patterns.append((literal, template, re.compile("".join(regex), re.DOTALL)))
        # The template with the most fixed words first: "{words} again: ..." before a
        # template that is all placeholder.
        patterns.sort(key=lambda item: -item[0])
        self._patterns = [(template, pattern) for _, template, pattern in patterns]

    def find(self, text: str) -> tuple[str, dict[str, str]] | None:
        """Return the template ``text`` was made from and the words that fill it (None when
        no template makes it)."""
        if text in self._plain:
            return text, {}
        for template, pattern in self._patterns:
            found = pattern.fullmatch(text)
            if found is not None:
                return template, found.groupdict()
        return None

    def shown(self, text: str, fill: Callable[[str, str], str] | None = None) -> str:
        """Return ``text`` in the language in use: its template translated, filled with its
        words (each passed through ``fill(placeholder, words)`` when given).  A sentence
        written with a capital (the template has none) keeps it; a sentence no template makes
        is returned as it is."""
        found = self.find(text)
        capital = False
        if found is None and text[:1].isupper():
            found = self.find(text[:1].lower() + text[1:])
            capital = found is not None
        if found is None:
            return text
        template, words = found
        if fill is not None:
            words = {name: fill(name, value) for name, value in words.items()}
        out = tr(template).format(**words) if words else tr(template)
        return out[:1].upper() + out[1:] if capital else out


@cache
def _refusals() -> Sentences:
    return Sentences((*REFUSALS, *ROLE_PLAY_REFUSALS))


@cache
def _reasons() -> Sentences:
    return Sentences(rule.reason for rule in RULES.values())


@cache
def _reason_words() -> Sentences:
    return Sentences(REASON_WORDS)


@cache
def _remembered() -> Sentences:
    """What a character remembers of past meetings, in its own words (its grievances)."""
    return Sentences(
        text
        for table in (HISTORY_GRIEVANCES, REPUTATION)
        for _, grievance, _, account in table.values()
        for text in (grievance, account)
    )


def remembered_words(text: str) -> str:
    """Return a grievance a character brings from past meetings (``game.npc.memory``: what
    the player did last time, what it has heard) or its account of it, in the language in
    use; any other grievance (a level's own) as it is."""
    return _remembered().shown(text)


@cache
def _claim_notes() -> Sentences:
    return Sentences(CLAIM_NOTES)


@cache
def _claims() -> Sentences:
    return Sentences(CLAIMS)


def claim_note_words(note: str, names: Mapping[str, str] | None = None) -> str:
    """Return one of the player's notes on a claim made during the talks ("Rosa claims
    another offer at $60: shown proof.") in the language in use; ``names`` as for
    :func:`change_reason_words`.  A note no template makes is returned as it is."""
    names = names or {}
    found = _claim_notes().find(note)
    if found is None or _claims().find(found[1]["claim"]) is None:
        return note  # not a note on a claim (once the talks are over: what was true)

    def fill(placeholder: str, words: str) -> str:
        if placeholder == "claim":
            return _claims().shown(words, fill)
        return names.get(words, words)

    return _claim_notes().shown(note, fill)


def refusal_words(reason: str) -> str:
    """Return why a move cannot be made now (the engine's or a match's English reason) in
    the language in use; a reason already translated, or one no template makes, as it is."""

    def fill(placeholder: str, words: str) -> str:
        if placeholder == "kind":  # a kind of move, as "ask priorities"
            return move_kind_words(words.replace(" ", "_"))
        return words

    return _refusals().shown(reason.strip(), fill)


def change_reason_words(reason: str, names: Mapping[str, str] | None = None) -> str:
    """Return a character's reason for a change of trust or rapport in the language in use.

    ``names`` gives the words to show for words that fill a reason, by their English (an
    issue as the English record names it, "the price", and how to show it now)."""
    names = names or {}

    def fill(placeholder: str, words: str) -> str:
        if words in names:
            return names[words]
        if placeholder in ("words", "when"):
            return _reason_words().shown(words, fill)
        if placeholder == "grievance":
            return remembered_words(words)
        if placeholder == "level":  # a favour of another meeting: its level by its title
            return level_title(words)
        return words

    return _reasons().shown(reason, fill)


@cache
def _titles() -> dict[str, LevelEntry]:
    return {entry.id: entry for entry in builtin_entries()}


def level_title(level_id: str) -> str:
    """Return a built-in level's title in the language in use (any other id as it is)."""
    entry = _titles().get(level_id)
    return entry.title_in(language()) if entry is not None else level_id


def issue_words(model: LevelModel) -> dict[str, str]:
    """Return how to show a level's issues where a record's English reason names them ("the
    price"): by the English, the issue's name in the language in use in quotes (empty in
    English: the record's words are the ones to show)."""
    if language() == "en":
        return {}
    shown = {issue.id: issue.name for issue in level_text(model).issues}
    return {
        str(issue_phrase(issue.name)): f"\u00ab{shown.get(issue.id, issue.name)}\u00bb"
        for issue in model.issues
    }


MOVE_KIND_WORDS: dict[str, str] = {
    MoveKind.OFFER: N_("make an offer"),
    MoveKind.ACCEPT: N_("accept the offer"),
    MoveKind.REJECT: N_("reject the offer"),
    MoveKind.WALK_AWAY: N_("walk away"),
    MoveKind.SUPPORT: N_("support the proposal"),
    MoveKind.OPPOSE: N_("oppose the proposal"),
    MoveKind.ASK_ISSUE: N_("ask about an issue"),
    MoveKind.ASK_WHY: N_("ask why"),
    MoveKind.ASK_PRIORITIES: N_("ask priorities"),
    MoveKind.STATE_PRIORITIES: N_("share priorities"),
    MoveKind.CITE_EVIDENCE: N_("cite a benchmark"),
    MoveKind.APPEAL_RELATIONSHIP: N_("appeal to the relationship"),
    MoveKind.THREATEN: N_("threaten to walk away"),
    MoveKind.EXPRESS_EMOTION: N_("show a feeling"),
    MoveKind.ACKNOWLEDGE_GRIEVANCE: N_("acknowledge a grievance"),
    MoveKind.APOLOGISE: N_("apologise"),
    MoveKind.PROPOSE_SHARED_ACCOUNT: N_("propose a shared account"),
    MoveKind.LET_GO: N_("let a grievance go"),
    MoveKind.RAISE_GRIEVANCE: N_("raise a grievance"),
    MoveKind.ASK_MEDIATOR: N_("ask the mediator"),
    MoveKind.PROPOSE_FOR_ME: N_("ask for a proposal"),
    MoveKind.RESTATE_INTERESTS: N_("restate their interests"),
    MoveKind.CLAIM: N_("make a claim"),
    MoveKind.ASK_PROOF: N_("ask for proof"),
    MoveKind.CALL_BLUFF: N_("call a bluff"),
    MoveKind.POINT_CONTRADICTION: N_("point out a contradiction"),
    MoveKind.STATE_PREFERENCE: N_("say what matters more"),
    MoveKind.ASK_PREFERENCE: N_("ask which matters more"),
    MoveKind.ASK_FAVOUR: N_("ask a favour"),
    MoveKind.GRANT_FAVOUR: N_("grant a favour"),
}
"""Every kind of move named in a few words (the debrief's timeline: "Round 2: You - make an offer")."""


def move_kind_words(kind: str) -> str:
    """Return a kind of move (its value, as records keep it) in words in the language in use
    (a kind this version does not know: its value with spaces)."""
    words = MOVE_KIND_WORDS.get(kind)
    return tr(words) if words else kind.replace("_", " ")
