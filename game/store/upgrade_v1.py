"""Upgrade a data folder from save format 1 (one ``saves.json``) to format 2 (``saves/``).

The new layout is built in a staging folder and moved into place with one rename, then the
old file is renamed ``saves.json.format1-<timestamp>`` and kept.  A kill at any moment
leaves either the untouched old file (the staging folder is removed on the next start) or
the finished new layout (the old file is set aside on the next start).
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from game.store import layout, migrations, paths, profiles
from game.store.atomic import backup_path, fsync_dir, move_aside, read_json, replace_with_retry
from game.store.errors import StoreError
from game.store.recovery import tinydb_shape

log = logging.getLogger(__name__)

STAGING_PREFIX = ".upgrade-"
_RECORD_NAMESPACE = uuid.UUID("7d1f5c1e-52b5-4b4e-9d0c-3a6f0f6c2b11")


def clean_staging(data_dir: Path) -> None:
    """Remove staging folders left by an upgrade that was interrupted."""
    try:
        names = os.listdir(data_dir)
    except FileNotFoundError:
        return
    for name in names:
        if name.startswith(STAGING_PREFIX):
            shutil.rmtree(Path(data_dir) / name, ignore_errors=True)


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S")


def _keep_old(source: Path, now: datetime) -> Path:
    target = source.with_name(f"{source.name}.format1-{_stamp(now)}")
    replace_with_retry(source, target)
    return target


def _usable_name(raw: Any, taken: set[str], number: int) -> str:
    text = raw if isinstance(raw, str) else ""
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    try:
        name = profiles.clean_name(text[: profiles.MAX_NAME_LENGTH])
    except StoreError:
        name = f"Player {number}"
    base, counter = name, 1
    while profiles.name_key(name) in taken:
        counter += 1
        suffix = f" ({counter})"
        name = base[: profiles.MAX_NAME_LENGTH - len(suffix)] + suffix
    taken.add(profiles.name_key(name))
    return name


def _ordered(table: dict[str, Any]) -> list[tuple[str, dict]]:
    return sorted(table.items(), key=lambda item: int(item[0]))


def convert(data: dict[str, Any], *, now: str, shard_size: int) -> dict[str, Any]:
    """Return the format-2 documents of a format-1 database (pure; raises ``StoreError``)."""
    where = "saves.json"
    for kind, table in (
        ("meta", "meta"),
        ("profile", "profiles"),
        ("relationship", "relationships"),
        ("history", "history"),
    ):
        migrations.check_not_newer(kind, data.get(table, {}), where)
    meta_docs = list(data.get("meta", {}).values())
    meta = migrations.upgrade(
        "meta", meta_docs[0] if meta_docs else {"schema_version": 1}, where=where
    )
    meta["history_shard_size"] = shard_size
    meta["created"] = meta.get("created") or now

    taken_names: set[str] = set()
    taken_ids: set[str] = set()
    by_exact_name: dict[str, str] = {}
    by_old_name: dict[str, str] = {}
    profile_docs = []
    for number, (_doc_id, old) in enumerate(_ordered(data.get("profiles", {})), start=1):
        doc = migrations.upgrade("profile", old, where=where)
        doc["name"] = _usable_name(old.get("name"), taken_names, number)
        doc["id"] = profiles.new_profile_id(taken_ids)
        doc["created"] = doc.get("created") or now
        taken_ids.add(doc["id"])
        by_exact_name.setdefault(str(old.get("name", "")), doc["id"])
        by_old_name.setdefault(profiles.name_key(str(old.get("name", ""))), doc["id"])
        profile_docs.append(doc)

    relationships: dict[str, list[dict]] = {p["id"]: [] for p in profile_docs}
    history: dict[str, list[dict]] = {p["id"]: [] for p in profile_docs}
    orphans = 0

    def owner_of(doc: dict) -> str | None:  # format 1 linked by exact name
        name = str(doc.get("profile", ""))
        return by_exact_name.get(name) or by_old_name.get(profiles.name_key(name))

    for _doc_id, old in _ordered(data.get("relationships", {})):
        owner = owner_of(old)
        if owner is None:
            orphans += 1
            continue
        relationships[owner].append(migrations.upgrade("relationship", old, where=where))
    for doc_id, old in _ordered(data.get("history", {})):
        owner = owner_of(old)
        if owner is None:
            orphans += 1
            continue
        record = migrations.upgrade("history", old, where=where)
        record.setdefault("id", uuid.uuid5(_RECORD_NAMESPACE, f"v1-history-{doc_id}").hex)
        history[owner].append(record)
    return {
        "meta": meta,
        "profiles": profile_docs,
        "relationships": relationships,
        "history": history,
        "orphans": orphans,
    }


def _write_layout(root: Path, converted: dict[str, Any], shard_size: int, backups: int) -> None:
    for doc in converted["profiles"]:
        layout.write_relationships(
            root, doc["id"], converted["relationships"][doc["id"]], backups=backups
        )
        layout.write_history(
            root, doc["id"], converted["history"][doc["id"]], shard_size, backups=backups
        )
    layout.write_index(root, converted["meta"], converted["profiles"], backups=backups)


def migrate_v1_if_needed(
    data_dir: Path, root: Path, *, now: datetime, read_only: bool, shard_size: int
) -> list[str]:
    """Upgrade ``data_dir/saves.json`` if it is there and not yet upgraded; return messages.

    In read-only mode the upgraded layout is written to ``root`` (a temp folder) instead and
    nothing in ``data_dir`` changes.
    """
    source = paths.v1_path(data_dir)
    if not source.exists():
        return []
    index = paths.index_path(data_dir)
    if index.exists() or backup_path(index, 1).exists():
        if read_only:
            return []
        kept = _keep_old(source, now)
        return [
            f"The old save file {source.name} had already been upgraded; it was kept as {kept.name}."
        ]
    read = read_json(source, tinydb_shape())
    if not read.ok:
        if read_only:
            return [
                f"The old save file {source.name} (save format 1) {read.problem}; "
                "run `python main.py doctor` to set it aside."
            ]
        aside = move_aside(source, now)
        return [
            f"The old save file {source.name} (save format 1) {read.problem}. It was kept as "
            f"{aside.name}; Common Ground starts with no profiles."
        ]
    converted = convert(read.data, now=now.strftime("%Y-%m-%dT%H:%M:%SZ"), shard_size=shard_size)
    sessions = sum(len(v) for v in converted["history"].values())
    contents = (
        f"{len(converted['profiles'])} profile(s), {sessions} finished negotiation(s), "
        f"{sum(len(v) for v in converted['relationships'].values())} NPC relationship(s)"
    )
    orphans = converted["orphans"]
    lost = (
        f" {orphans} {'entry' if orphans == 1 else 'entries'} named a profile that does not "
        "exist; they stay only in the old file."
        if orphans
        else ""
    )
    if read_only:
        _write_layout(root, converted, shard_size, backups=0)
        return [
            f"This data folder uses save format 1 ({contents}); it is shown upgraded, but "
            f"nothing changes on disk until the game opens it.{lost}"
        ]

    staging = Path(data_dir) / f"{STAGING_PREFIX}{_stamp(now)}"
    try:
        _write_layout(staging, converted, shard_size, backups=1)
        target = paths.saves_dir(data_dir)
        if target.exists():
            if any(target.iterdir()):
                replace_with_retry(target, target.with_name(f"saves.before-upgrade-{_stamp(now)}"))
            else:
                target.rmdir()
        replace_with_retry(paths.saves_dir(staging), target)
        fsync_dir(Path(data_dir))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    kept = _keep_old(source, now)
    fsync_dir(Path(data_dir))
    log.info("upgraded %s to save format 2", source)
    return [
        f"Your saves were upgraded from save format 1 to format {migrations.SCHEMA_VERSION}: "
        f"{contents}. The old file was kept as {kept.name}.{lost}"
    ]
