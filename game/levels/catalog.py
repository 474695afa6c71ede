"""Where levels live: the built-in campaign folder, and turning an id or a path into a file."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.content import content_dir
from game.i18n import ngettext, tr
from game.levels.problems import LevelError, Problem, suggestion

SCHEMA_FILE = "level.schema.json"
MAX_FILE_BYTES = 1024 * 1024
"""Level files larger than this are refused (the loader uses the same limit)."""


def builtin_dir() -> Path:
    """Return the folder of the built-in levels (``$COMMON_GROUND_LEVELS`` overrides it)."""
    override = os.environ.get("COMMON_GROUND_LEVELS")
    if override:
        return Path(override)
    return content_dir("levels")


def level_files(folder: Path) -> list[Path]:
    """Return the level files in a folder (``*.json`` except the schema), sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if p.name != SCHEMA_FILE)


@dataclass(frozen=True)
class LevelEntry:
    """A level's headline, read without building it."""

    id: str
    chapter: int
    order: int
    kind: str
    title: str
    path: Path
    role_play: str | None = "not read"
    """Why two people cannot play it as a role-play (None: they can)."""
    titles: tuple[tuple[str, str], ...] = ()
    """The title in each language the level is translated into: (code, title) pairs."""

    def title_in(self, language: str) -> str:
        """Return the title in ``language`` when the level has it, else the English one."""
        return dict(self.titles).get(language, self.title)


def read_entry(path: Path) -> LevelEntry | None:
    """Return a level's headline fields, or None when the file is not a readable level.

    Only the headline is read, with the guards that matter for a list (size cap, encoding,
    nesting too deep for the parser): a hostile file in the folder must not break the
    level list.  The full checks run when the level is loaded.  This stays free of the
    schema and numpy so the title screen draws quickly.
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
        return LevelEntry(
            str(data["id"]),
            int(data["chapter"]),
            int(data.get("order", 1)),
            str(data["kind"]),
            str(data["title"]),
            path,
            role_play_refusal(data),
            _titles(data),
        )
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def _titles(data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    translations = data.get("translations")
    if not isinstance(translations, Mapping):
        return ()
    return tuple(
        (str(code), str(text["title"]))
        for code, text in translations.items()
        if isinstance(text, Mapping) and isinstance(text.get("title"), str)
    )


def role_play_refusal(data: Mapping[str, Any]) -> str | None:
    """Return why a level (its JSON object, or a model dumped to one) cannot be played by two
    people, one on each side, or None when it can.

    A role-play needs exactly two sides: the player's and one character with interests of
    its own, and no mediator (a third voice no one would play).
    """
    npcs = [n for n in data.get("npcs") or () if isinstance(n, Mapping)]
    parties = [n for n in npcs if n.get("preferences")]
    if len(parties) != 1:
        return ngettext(
            "it has {count} side; a role-play is for two",
            "it has {count} sides; a role-play is for two",
            len(parties) + 1,
        ).format(count=len(parties) + 1)
    if len(npcs) > 1:
        return tr("it has a mediator, whom no one would play")
    return None


def builtin_entries() -> list[LevelEntry]:
    """Return the built-in levels' headlines in campaign order."""
    entries = [e for e in (read_entry(p) for p in level_files(builtin_dir())) if e is not None]
    return sorted(entries, key=lambda e: (e.chapter, e.order, e.id))


def resolve_level(reference: str) -> Path:
    """Return the file of a built-in level id or of a path; LevelError when neither exists."""
    candidate = Path(reference)
    if candidate.suffix.lower() == ".json" or os.sep in reference or candidate.exists():
        return candidate
    entries = builtin_entries()
    for entry in entries:
        if entry.id == reference:
            return entry.path
    ids = [e.id for e in entries]
    raise LevelError(
        reference,
        [
            Problem(
                tr("(level)"),
                tr(
                    "no built-in level has this id{suggestion}; give an id from `levels` or a "
                    "path to a .json file"
                ).format(suggestion=suggestion(reference, ids)),
            )
        ],
    )
