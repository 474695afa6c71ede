"""``doctor``: check every save file and backup of a data folder, repair what can be repaired.

A writing store repairs: damaged history parts are set aside and restored from backups
(as on start), a live file damaged on disk is rewritten from memory, missing backups are
made.  A read-only store only reports.
"""

from __future__ import annotations

import os
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


def run_doctor(store: Store) -> list[str]:
    """Check the store's data folder; return sentences on what was found and repaired."""
    store._require_open()
    folder = store._folder
    data_dir = store.data_dir
    found: list[str] = []
    losses = folder.loss_messages
    repaired: list[str] = (
        [] if store.read_only else [m for m in store.recovery_messages if m not in losses]
    )
    if store.read_only:
        found += [m for m in store.recovery_messages if m not in losses]
    found += losses
    if store.cleaned_temp_files:
        repaired.append(
            f"Removed {len(store.cleaned_temp_files)} temp file(s) left by an interrupted save."
        )
    if not data_dir.exists():
        return [f"Data folder: {data_dir} does not exist yet (nothing has been saved)."]
    access = "readable" if os.access(data_dir, os.R_OK) else "NOT readable"
    access += ", writable" if os.access(data_dir, os.W_OK) else ", NOT writable"
    lines = [f"Data folder: {data_dir} ({access})."]
    if store.read_only:
        lines.append("Lock: not taken (read-only check); nothing was repaired.")
    else:
        lines.append("Lock: free; held by this check while it ran.")
    meta = folder.meta()
    version = meta.get("schema_version", migrations.SCHEMA_VERSION)
    note = "current" if version == migrations.SCHEMA_VERSION else "upgraded on open"
    lines.append(f"Save format: {version} ({note}); created {meta.get('created') or 'unknown'}.")

    live = _live_files(folder)
    checked = 0
    # Files found damaged (and repaired or reported) when the store opened count as well.
    damaged = sum(1 for m in store.recovery_messages if m.startswith("Save file "))
    sessions = relationships = 0
    no_backup: list[Path] = []
    for doc in folder.profile_docs():
        files = folder.files_for(doc["id"])
        relationships += len(files.relationships.table("relationships"))
        sessions += folder.readable_records(doc["id"])
        numbers = paths.shard_numbers(paths.history_dir(folder.root, doc["id"]))
        missing = sorted(set(range(files.shard_no + 1)) - set(numbers)) if numbers else []
        if missing:
            found.append(
                f"Profile {doc['name']!r}: history part(s) {missing} are missing "
                f"(up to {len(missing) * folder.shard_size} finished negotiations)."
            )
        for shard_no in numbers:
            path = paths.shard_path(folder.root, doc["id"], shard_no)
            if path in live:
                continue
            checked += 1
            if not read_json(path, tinydb_shape()).ok:
                damaged += 1
                before = len(store.recovery_messages)
                folder.read_shard(doc["id"], shard_no)  # repairs when writing, reports otherwise
                (found if store.read_only else repaired).extend(store.recovery_messages[before:])
            if not readable_backups(path, tinydb_shape()):
                no_backup.append(path)
    for path, db in live.items():
        if not path.exists() and not cache_of(db).cache:
            continue  # a file that was never written
        checked += 1
        state = read_json(path, tinydb_shape())
        if not state.ok:
            damaged += 1
            if store.read_only:
                found.append(f"{folder.shown(path)} {state.problem or 'is missing'}.")
            else:
                aside = (
                    f" (kept as {move_aside(path, folder.clock()).name})"
                    if not state.missing
                    else ""
                )
                cache = cache_of(db)
                cache.write(cache.read() or {})
                folder.flush_db(db)
                repaired.append(
                    f"{folder.shown(path)} {state.problem or 'was missing'}{aside}; "
                    "it was written again from the copy in memory."
                )
        elif not readable_backups(path, tinydb_shape()):
            no_backup.append(path)

    lines.append(
        f"Profiles: {len(folder.profile_docs())}; finished negotiations: {sessions}; "
        f"NPC relationships: {relationships}."
    )
    lines.append(
        f"Files: {checked} checked, " + (f"{damaged} damaged." if damaged else "all readable.")
    )
    for orphan in folder.orphan_folders(known=[d["id"] for d in folder.profile_docs()]):
        found.append(f"Folder saves/profiles/{orphan} belongs to no profile (left in place).")
    for corrupt in _corrupt_files(paths.saves_dir(folder.root)):
        found.append(f"Damaged copy kept for inspection: {folder.shown(corrupt)}.")
    if no_backup and not store.read_only:
        for path in no_backup:
            if path.exists():
                atomic_write(backup_path(path, 1), path.read_bytes(), backups=0)
        repaired.append(f"Made a backup of {len(no_backup)} file(s) that had no readable backup.")
    elif no_backup:
        found.append(f"{len(no_backup)} file(s) have no readable backup.")
    else:
        lines.append("Backups: every file has a readable backup.")
    lines += [f"Found: {line}" for line in found]
    lines += [f"Repaired: {line}" for line in repaired] or ["Repaired: nothing needed repair."]
    if store.read_only and not repaired:
        lines[-1] = "Repaired: nothing (read-only check)."
    return lines
