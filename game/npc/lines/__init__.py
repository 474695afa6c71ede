"""The default lines, as data: ``common.json`` for every character, one file per register
(``market.json``, ``casual.json``, ``business.json``, ``service.json``, ``diplomatic.json``:
each line there is said only by characters of that register), one file per archetype, and
``favours.json`` for favours and preference talk (``common`` lines, then ``registers``).

Each file maps a dialogue key (a machine state such as ``holding`` or an event such as
``offer`` or ``held_firm``) to candidate lines ``{"text", "emotion", "when"}``; ``when``
holds the line's criteria over the facts of the moment (see :mod:`game.npc.rules`).
Lines in another language live in a folder named by its code (``es/common.json``, with
the same file names): a key given in any of that folder's files is said only with its lines
there, and every key it leaves out keeps the English lines.  ``words.json`` holds the words
lines put in their placeholders that the code would otherwise write in English (how much an
issue matters: "very", "fairly", "not very").  All text is original to Common Ground.  Files are read once, on
first use.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, TypedDict

from game.npc.names import ARCHETYPES
from game.npc.rules import REGISTERS, Rule

RANK_COMMON = 0
RANK_ARCHETYPE = 1
RANK_CHARACTER = 2
SOURCE_LANGUAGE = "en"


LineTable = dict[str, list[dict]]
"""A file of lines: dialogue key -> candidate lines ``{"text", "emotion", "when"}``."""


class _FavourLines(TypedDict, total=False):
    """``favours.json``: shared lines, then lines by register."""

    common: LineTable
    registers: dict[str, LineTable]


def _load(name: str, language: str = SOURCE_LANGUAGE) -> Any:
    folder = resources.files(__package__)
    if language != SOURCE_LANGUAGE:
        if not language.isalpha():
            return {}
        folder = folder.joinpath(language)
    path = folder.joinpath(f"{name}.json")
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _read(name: str, language: str = SOURCE_LANGUAGE) -> LineTable:
    table: LineTable = _load(name, language)
    return table


def _read_favours(language: str = SOURCE_LANGUAGE) -> _FavourLines:
    favours: _FavourLines = _load("favours", language)
    return favours


def _rules(table: LineTable, rank: int, implied: dict | None = None) -> dict[str, tuple[Rule, ...]]:
    return {
        key: tuple(
            Rule(
                row["text"],
                row.get("emotion", "neutral"),
                {**(implied or {}), **(row.get("when") or {})},
                rank,
            )
            for row in rows
        )
        for key, rows in table.items()
    }


@cache
def common_lines(language: str = SOURCE_LANGUAGE) -> dict[str, tuple[Rule, ...]]:
    """Return the shared default lines by key (every register's lines included); in
    another ``language``, only its own lines for each key it gives (see :func:`default_lines`)."""
    merged: dict[str, tuple[Rule, ...]] = dict(_rules(_read("common", language), RANK_COMMON))
    for key, rules in _rules(_read("claims", language), RANK_COMMON).items():  # claims, probes
        merged[key] = rules + merged.get(key, ())
    favours = _read_favours(language)  # favours, preference talk: shared, then by register
    for key, rules in _rules(favours.get("common", {}), RANK_COMMON).items():
        merged[key] = merged.get(key, ()) + rules
    for register in REGISTERS:
        for table in (_read(register, language), favours.get("registers", {}).get(register, {})):
            for key, rules in _rules(table, RANK_COMMON, {"register": register}).items():
                merged[key] = rules + merged.get(key, ())
    return merged


@cache
def archetype_lines(archetype: str, language: str = SOURCE_LANGUAGE) -> dict[str, tuple[Rule, ...]]:
    """Return an archetype's own lines by key (empty for an unknown archetype); in another
    ``language``, only the lines its file for that language gives."""
    if archetype not in ARCHETYPES:
        return {}
    return _rules(_read(archetype, language), RANK_ARCHETYPE)


def default_lines(archetype: str, key: str, language: str = SOURCE_LANGUAGE) -> tuple[Rule, ...]:
    """Return every default line for a key: the archetype's, then the shared ones.

    In another ``language``, a key that any of its files gives (``es/common.json``,
    ``es/market.json``, ``es/hardliner.json``...) is said only with that language's lines,
    so a character never mixes two languages for one key; a key none gives keeps every
    English line.
    """
    if language != SOURCE_LANGUAGE:
        own = archetype_lines(archetype, language).get(key, ()) + common_lines(language).get(
            key, ()
        )
        if own:
            return own
    return archetype_lines(archetype).get(key, ()) + common_lines().get(key, ())


IMPORTANCE = ("high", "medium", "low")
"""How much an issue matters to a character, as :func:`importance_words` names it."""


@cache
def importance_words(language: str = SOURCE_LANGUAGE) -> dict[str, str]:
    """Return the word for each :data:`IMPORTANCE` in a language ("very", "fairly", "not
    very"; in Spanish "muy", "bastante", "poco"): the ``{level}`` of ``answer_issue``.  A
    word the language's ``words.json`` leaves out is the English one."""
    english: LineTable = _read("words")
    own: LineTable = _read("words", language) if language != SOURCE_LANGUAGE else {}
    return {
        importance: (own.get(f"importance_{importance}") or english[f"importance_{importance}"])[0][
            "text"
        ]
        for importance in IMPORTANCE
    }


@cache
def sentence(key: str, language: str = SOURCE_LANGUAGE) -> str:
    """Return a sentence of ``words.json`` in a language (English when it has none): a
    template a character fills with :meth:`str.format`, e.g. the mediator's hints."""
    own: LineTable = _read("words", language) if language != SOURCE_LANGUAGE else {}
    return (own.get(key) or _read("words")[key])[0]["text"]


def default_keys() -> frozenset[str]:
    """Return every key with a default line."""
    keys = set(common_lines())
    for archetype in ARCHETYPES:
        keys |= set(archetype_lines(archetype))
    return frozenset(keys)
