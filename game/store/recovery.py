"""Check a save file on load; set a damaged one aside and restore the newest readable backup.

Every sentence produced here is meant for the player: it says which file, what was wrong,
where the damaged copy was kept and what was recovered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from game.store.atomic import (
    DEFAULT_BACKUPS,
    FaultHook,
    FileRead,
    atomic_write,
    backup_path,
    move_aside,
    read_json,
)

log = logging.getLogger(__name__)

Check = Callable[[Any], "str | None"]
Summary = Callable[[Any], str]


def tinydb_shape(required_tables: tuple[str, ...] = ()) -> Check:
    """Return a check that ``data`` looks like a TinyDB file with ``required_tables``."""

    def check(data: Any) -> str | None:
        if not isinstance(data, dict):
            return "does not hold save data (wrong structure)"
        for name, table in data.items():
            if not isinstance(table, dict):
                return f"does not hold save data (table {name!r} is not a table)"
            for doc_id, doc in table.items():
                if not (isinstance(doc_id, str) and doc_id.isdigit() and isinstance(doc, dict)):
                    return f"does not hold save data (bad entry in table {name!r})"
        for name in required_tables:
            if not data.get(name):
                return f"does not hold save data (no {name!r} table)"
        return None

    return check


@dataclass
class Loaded:
    """What :func:`load_checked` found: the data to use and sentences for the player."""

    data: dict[str, Any] | None
    messages: list[str] = field(default_factory=list)
    restored_from: Path | None = None
    damaged: bool = False


def readable_backups(path: Path, check: Check, count: int = DEFAULT_BACKUPS) -> list[FileRead]:
    """Return the readable backups of ``path``, newest first."""
    found = []
    for number in range(1, count + 1):
        candidate = read_json(backup_path(path, number), check)
        if candidate.ok:
            found.append(candidate)
    return found


def _when(path: Path) -> str:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    except OSError:
        return "an unknown time"


def load_checked(
    path: Path,
    *,
    what: str,
    check: Check,
    summarize: Summary,
    read_only: bool,
    now: datetime,
    shown_as: str,
    fault: FaultHook | None = None,
) -> Loaded:
    """Load ``path``; if it is damaged or missing while backups exist, recover.

    In write mode the damaged file is renamed ``*.corrupt-<timestamp>`` and the newest
    readable backup is copied into its place.  In read-only mode nothing on disk changes:
    the backup's content is used and the player is told how to repair.  ``what`` names the
    file for the player ("the profile list"), ``shown_as`` is its path relative to the data
    folder.  Returns ``Loaded(None)`` for a new file.
    """
    current = read_json(path, check)
    if current.ok:
        return Loaded(current.data)
    backups = readable_backups(path, check)
    best = backups[0] if backups else None
    if current.missing and best is None:
        return Loaded(None)

    problem = "is missing" if current.missing else current.problem
    lines = [f"Save file {shown_as} ({what}) {problem}."]
    result = Loaded(best.data if best else None, damaged=True)
    if read_only:
        if best is not None:
            lines.append(
                f"Showing its backup from {_when(best.path)} ({summarize(best.data)}) instead; "
                "open the game or run `python main.py doctor` to repair it."
            )
        else:
            lines.append("No readable backup exists, so it is shown as empty.")
        result.messages = [" ".join(lines)]
        return result

    if not current.missing:
        aside = move_aside(path, now)
        lines.append(f"The damaged file was kept as {aside.name}.")
        log.info("moved damaged save file %s to %s", path, aside)
    if best is not None:
        atomic_write(path, best.raw, backups=0, fault=fault)
        result.restored_from = best.path
        lines.append(f"Restored the backup from {_when(best.path)} ({summarize(best.data)}).")
    else:
        lines.append(f"No readable backup was found, so {what} starts empty.")
    result.messages = [" ".join(lines)]
    return result
