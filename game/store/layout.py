"""Write whole save files directly (migration, import, benchmark prefill).

The store itself writes through TinyDB; these helpers produce byte-for-byte the same
TinyDB-shaped JSON (``{"table": {"1": doc, "2": doc}}``) for many documents at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from game.store import paths
from game.store.atomic import DEFAULT_BACKUPS, FaultHook, atomic_write, encode_json, prune_backups


def tinydb_table(docs: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Return ``docs`` keyed by TinyDB document ids ``"1"``, ``"2"``, ..."""
    return {str(number): doc for number, doc in enumerate(docs, start=1)}


def write_index(
    root: Path,
    meta: dict[str, Any],
    profiles: Sequence[dict[str, Any]],
    *,
    backups: int = DEFAULT_BACKUPS,
    fault: FaultHook | None = None,
) -> None:
    """Write ``saves/index.json`` with one meta document and the given profiles."""
    path = paths.index_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"meta": tinydb_table([meta]), "profiles": tinydb_table(profiles)}
    atomic_write(path, encode_json(data), backups=backups, fault=fault)


def write_relationships(
    root: Path,
    profile_id: str,
    docs: Sequence[dict[str, Any]],
    *,
    backups: int = DEFAULT_BACKUPS,
    fault: FaultHook | None = None,
) -> None:
    """Write one profile's ``relationships.json``."""
    path = paths.relationships_path(root, profile_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(
        path, encode_json({"relationships": tinydb_table(docs)}), backups=backups, fault=fault
    )


def write_history(
    root: Path,
    profile_id: str,
    records: Sequence[dict[str, Any]],
    shard_size: int,
    *,
    backups: int = DEFAULT_BACKUPS,
    fault: FaultHook | None = None,
) -> int:
    """Write one profile's history (oldest first) as shards of ``shard_size``; return the count.

    Full shards keep one backup, the last (still growing) shard keeps ``backups``.
    """
    folder = paths.history_dir(root, profile_id)
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(records), shard_size):
        chunk = records[start : start + shard_size]
        path = paths.shard_path(root, profile_id, start // shard_size)
        full = len(chunk) == shard_size and start + shard_size < len(records)
        atomic_write(
            path,
            encode_json({"history": tinydb_table(chunk)}),
            backups=min(backups, 1) if full else backups,
            fault=fault,
        )
        if full:
            prune_backups(path, keep=1)
    return len(records)
