"""``doctor``: check every save file and backup of a data folder, repair what can be repaired.

A writing store repairs: damaged history parts are set aside and restored from backups
(as on start), a live file damaged on disk is rewritten from memory, missing backups are
made.  A read-only store only reports.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from game.store import migrations, paths
from game.store.atomic import CORRUPT_MARK, atomic_write, backup_path, move_aside, read_json
from game.store.recovery import readable_backups, tinydb_shape
from game.store.storage import cache_of

if TYPE_CHECKING:
    from tinydb import TinyDB

    from game.store.folder import SaveFolder
    from game.store.store import Store


def _corrupt_files(root: Path) -> list[Path]:
    found = []
    for folder, _dirs, files in os.walk(root):
        found += [Path(folder) / n for n in files if CORRUPT_MARK in n]
    return sorted(found)


def _live_files(folder: SaveFolder) -> dict[Path, TinyDB]:
    live = {paths.index_path(folder.root): folder.index}
    for files in folder.files.values():
        live[paths.relationships_path(folder.root, files.profile_id)] = files.relationships
        live[paths.shard_path(folder.root, files.profile_id, files.shard_no)] = files.shard
    return live


@dataclass
class Checkup:
    """What the doctor found so far: the report's lines, findings, repairs and counts."""

    store: Store
    folder: SaveFolder
    lines: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    live: dict[Path, TinyDB] = field(default_factory=dict)
    checked: int = 0
    damaged: int = 0
    sessions: int = 0
    relationships: int = 0
    no_backup: list[Path] = field(default_factory=list)

    @property
    def read_only(self) -> bool:
        """Whether this check only reports (the store was opened read-only)."""
        return self.store.read_only


Check = Callable[[Checkup], None]


def run_doctor(store: Store) -> list[str]:
    """Check the store's data folder; return sentences on what was found and repaired.

    Each check of :data:`CHECKS` runs in turn on one :class:`Checkup`; the report lists
    the folder, the counts, then what was found and what was repaired.
    """
    store._require_open()
    checkup = Checkup(store, store._folder)
    note_recovery(checkup)
    if not store.data_dir.exists():
        return [f"Data folder: {store.data_dir} does not exist yet (nothing has been saved)."]
    for check in CHECKS:
        check(checkup)
    return report(checkup)


def note_recovery(checkup: Checkup) -> None:
    """What opening the store already found, repaired or lost."""
    store = checkup.store
    losses = checkup.folder.loss_messages
    recovered = [m for m in store.recovery_messages if m not in losses]
    if checkup.read_only:
        checkup.found += recovered
    else:
        checkup.repaired += recovered
    checkup.found += losses
    if store.cleaned_temp_files:
        checkup.repaired.append(
            f"Removed {len(store.cleaned_temp_files)} temp file(s) left by an interrupted save."
        )


def folder_and_lock(checkup: Checkup) -> None:
    """The data folder's access rights and whether this check holds the lock."""
    data_dir = checkup.store.data_dir
    access = "readable" if os.access(data_dir, os.R_OK) else "NOT readable"
    access += ", writable" if os.access(data_dir, os.W_OK) else ", NOT writable"
    checkup.lines.append(f"Data folder: {data_dir} ({access}).")
    if checkup.read_only:
        checkup.lines.append("Lock: not taken (read-only check); nothing was repaired.")
    else:
        checkup.lines.append("Lock: free; held by this check while it ran.")


def save_format(checkup: Checkup) -> None:
    """The save format's version and when the folder was made."""
    meta = checkup.folder.meta()
    version = meta.get("schema_version", migrations.SCHEMA_VERSION)
    note = "current" if version == migrations.SCHEMA_VERSION else "upgraded on open"
    checkup.lines.append(
        f"Save format: {version} ({note}); created {meta.get('created') or 'unknown'}."
    )


def history_parts(checkup: Checkup) -> None:
    """Every profile's history parts: missing ones, damaged ones (repaired when writing)."""
    store, folder = checkup.store, checkup.folder
    checkup.live = _live_files(folder)
    # Files found damaged (and repaired or reported) when the store opened count as well.
    checkup.damaged += sum(1 for m in store.recovery_messages if m.startswith("Save file "))
    for doc in folder.profile_docs():
        files = folder.files_for(doc["id"])
        checkup.relationships += len(files.relationships.table("relationships"))
        checkup.sessions += folder.readable_records(doc["id"])
        numbers = paths.shard_numbers(paths.history_dir(folder.root, doc["id"]))
        missing = sorted(set(range(files.shard_no + 1)) - set(numbers)) if numbers else []
        if missing:
            checkup.found.append(
                f"Profile {doc['name']!r}: history part(s) {missing} are missing "
                f"(up to {len(missing) * folder.shard_size} finished negotiations)."
            )
        for shard_no in numbers:
            _history_part(checkup, doc["id"], shard_no)


def _history_part(checkup: Checkup, profile_id: str, shard_no: int) -> None:
    store, folder = checkup.store, checkup.folder
    path = paths.shard_path(folder.root, profile_id, shard_no)
    if path in checkup.live:
        return
    checkup.checked += 1
    if not read_json(path, tinydb_shape()).ok:
        checkup.damaged += 1
        before = len(store.recovery_messages)
        folder.read_shard(profile_id, shard_no)  # repairs when writing, reports otherwise
        (checkup.found if checkup.read_only else checkup.repaired).extend(
            store.recovery_messages[before:]
        )
    if not readable_backups(path, tinydb_shape()):
        checkup.no_backup.append(path)


def live_files(checkup: Checkup) -> None:
    """The files the store holds open: a damaged one is written again from memory."""
    folder = checkup.folder
    for path, db in checkup.live.items():
        if not path.exists() and not cache_of(db).cache:
            continue  # a file that was never written
        checkup.checked += 1
        state = read_json(path, tinydb_shape())
        if state.ok:
            if not readable_backups(path, tinydb_shape()):
                checkup.no_backup.append(path)
            continue
        checkup.damaged += 1
        if checkup.read_only:
            checkup.found.append(f"{folder.shown(path)} {state.problem or 'is missing'}.")
            continue
        aside = f" (kept as {move_aside(path, folder.clock()).name})" if not state.missing else ""
        cache = cache_of(db)
        cache.write(cache.read() or {})
        folder.flush_db(db)
        checkup.repaired.append(
            f"{folder.shown(path)} {state.problem or 'was missing'}{aside}; "
            "it was written again from the copy in memory."
        )


def counts(checkup: Checkup) -> None:
    """How many profiles, negotiations, relationships and files; how many were damaged."""
    checkup.lines.append(
        f"Profiles: {len(checkup.folder.profile_docs())}; "
        f"finished negotiations: {checkup.sessions}; "
        f"NPC relationships: {checkup.relationships}."
    )
    damaged = checkup.damaged
    checkup.lines.append(
        f"Files: {checkup.checked} checked, "
        + (f"{damaged} damaged." if damaged else "all readable.")
    )


def strays(checkup: Checkup) -> None:
    """Profile folders no profile owns, and damaged copies kept for inspection."""
    folder = checkup.folder
    for orphan in folder.orphan_folders(known=[d["id"] for d in folder.profile_docs()]):
        checkup.found.append(
            f"Folder saves/profiles/{orphan} belongs to no profile (left in place)."
        )
    for corrupt in _corrupt_files(paths.saves_dir(folder.root)):
        checkup.found.append(f"Damaged copy kept for inspection: {folder.shown(corrupt)}.")


def backups(checkup: Checkup) -> None:
    """Every file has a readable backup (one is made when writing)."""
    no_backup = checkup.no_backup
    if no_backup and not checkup.read_only:
        for path in no_backup:
            if path.exists():
                atomic_write(backup_path(path, 1), path.read_bytes(), backups=0)
        checkup.repaired.append(
            f"Made a backup of {len(no_backup)} file(s) that had no readable backup."
        )
    elif no_backup:
        checkup.found.append(f"{len(no_backup)} file(s) have no readable backup.")
    else:
        checkup.lines.append("Backups: every file has a readable backup.")


CHECKS: tuple[Check, ...] = (
    folder_and_lock,
    save_format,
    history_parts,
    live_files,
    counts,
    strays,
    backups,
)
"""The doctor's checks, in the order they run (the history parts before the live files:
reading a damaged part may repair it)."""


def report(checkup: Checkup) -> list[str]:
    """Return the report: the checks' lines, then what was found and what was repaired."""
    lines = list(checkup.lines)
    lines += [f"Found: {line}" for line in checkup.found]
    lines += [f"Repaired: {line}" for line in checkup.repaired] or [
        "Repaired: nothing needed repair."
    ]
    if checkup.read_only and not checkup.repaired:
        lines[-1] = "Repaired: nothing (read-only check)."
    return lines
