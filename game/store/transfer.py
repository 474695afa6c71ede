"""Move a profile between machines: one JSON file with the profile, its NPC memories and history.

An export file::

    {"format": "common-ground-profile", "schema_version": 2, "exported_at": "...Z",
     "profile": {...profile without its id...},
     "relationships": [{"schema_version": 2, "npc_id": "mara", "memory": {...}, "updated": "..."}],
     "history": [record, ...]}            # oldest first

Importing treats the file as hostile: size is checked before reading, every document is
upgraded and type-checked, and nothing is written until all of it passed.  A refusal is an
:class:`ImportRefusedError` whose last line says that nothing was changed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.store import history as hist
from game.store import layout, migrations, paths, profiles
from game.store.atomic import encode_json
from game.store.errors import ImportRefusedError, StoreError
from game.store.folder import iso

if TYPE_CHECKING:
    from game.store.store import Store

EXPORT_FORMAT = "common-ground-profile"
MAX_IMPORT_BYTES = 64 * 1024 * 1024
_NOTHING_CHANGED = "Nothing was changed."


def export_payload(store: Store, name: str) -> dict[str, Any]:
    """Return the export document of one profile (history oldest first)."""
    doc = store.get_profile(name)
    files = store._folder.files_for(doc["id"])
    relationships = [
        migrations.upgrade("relationship", dict(d))
        for d in files.relationships.table("relationships").all()
    ]
    records = sorted(store._folder.records(doc["id"], None), key=lambda r: r["_seq"])
    for record in records:
        del record["_seq"]
    return {
        "format": EXPORT_FORMAT,
        "schema_version": migrations.SCHEMA_VERSION,
        "exported_at": iso(store._folder.clock()),
        "profile": {k: v for k, v in doc.items() if k != "id"},
        "relationships": relationships,
        "history": records,
    }


def export_profile(store: Store, name: str, path: Path, *, replace: bool = True) -> Path:
    """Write the export file atomically; return its path."""
    payload = export_payload(store, name)
    data = json.dumps(payload, ensure_ascii=False, allow_nan=False, indent=1).encode("utf-8")
    from game.store.output import write_output

    write_output(path, data, replace=replace)
    return path


def _refuse(path: Path, reason: str, *more: str) -> ImportRefusedError:
    return ImportRefusedError(f"Cannot import {path}: {reason}", *more, _NOTHING_CHANGED)


def _read_payload(path: Path) -> dict[str, Any]:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise _refuse(path, "it is not a file.")
        if size > MAX_IMPORT_BYTES:
            raise _refuse(
                path,
                f"it is too large ({size / 1024 / 1024:.1f} MiB; a profile file is at most "
                f"{MAX_IMPORT_BYTES // 1024 // 1024} MiB).",
            )
        with open(path, "rb") as handle:
            raw = handle.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError as error:
        raise _refuse(path, "there is no such file.") from error
    except OSError as error:
        raise _refuse(path, f"it could not be read ({error.strerror or error}).") from error
    if len(raw) > MAX_IMPORT_BYTES:
        raise _refuse(path, "it is too large (more than 64 MiB).")
    try:
        payload = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise _refuse(path, "it is not a text file (damaged or not a profile file).") from error
    except json.JSONDecodeError as error:
        raise _refuse(
            path, f"it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from error
    except RecursionError as error:
        raise _refuse(path, "it is nested too deeply to be a profile file.") from error
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise _refuse(
            path, f'it is not a Common Ground profile file (no "format": "{EXPORT_FORMAT}").'
        )
    return payload


def _check_payload(path: Path, payload: dict[str, Any]) -> dict[str, Any]:
    version = payload.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(path, "it has no valid schema_version.")
    if version > migrations.SCHEMA_VERSION:
        raise _refuse(
            path,
            f"it was exported by a newer version of Common Ground (format {version}; "
            f"this version reads up to {migrations.SCHEMA_VERSION}).",
            "Update Common Ground first.",
        )
    where = f"Profile file {path.name}"
    try:
        raw_profile = payload.get("profile")
        raw_relationships = payload.get("relationships", [])
        raw_history = payload.get("history", [])
        if not isinstance(raw_profile, dict):
            raise StoreError("it has no profile.")
        if not isinstance(raw_relationships, list) or not isinstance(raw_history, list):
            raise StoreError("relationships and history must be lists.")
        profile = profiles.normalize_profile(
            migrations.upgrade("profile", raw_profile, where=where)
        )
        relationships = []
        seen_npcs: set[str] = set()
        for raw in raw_relationships:
            if not isinstance(raw, dict):
                raise StoreError("a relationship entry is not a mapping.")
            doc = migrations.upgrade("relationship", raw, where=where)
            npc_id = profiles.check_item_id("NPC id", doc.get("npc_id"))
            if npc_id in seen_npcs:
                raise StoreError(f"NPC {npc_id!r} appears twice.")
            seen_npcs.add(npc_id)
            memory = doc.get("memory")
            if not isinstance(memory, dict):
                raise StoreError(f"the memory of NPC {npc_id!r} is not a mapping.")
            from game.store.store import MAX_MEMORY_BYTES

            size = len(encode_json(memory))
            if size > MAX_MEMORY_BYTES:
                raise StoreError(
                    f"the memory of NPC {npc_id!r} is {size:,} bytes; an NPC memory is at most "
                    f"{MAX_MEMORY_BYTES // 1024} KiB."
                )
            updated = doc.get("updated") if isinstance(doc.get("updated"), str) else None
            relationships.append(
                {
                    "schema_version": migrations.SCHEMA_VERSION,
                    "npc_id": npc_id,
                    "memory": memory,
                    "updated": updated,
                }
            )
        history = []
        seen_ids: dict[str, int] = {}
        for number, raw in enumerate(raw_history, start=1):
            if not isinstance(raw, dict):
                raise StoreError(f"history record {number} is not a mapping.")
            try:
                record = hist.check_record(migrations.upgrade("history", raw, where=where))
            except StoreError as error:
                raise StoreError(f"history record {number}: {error}") from error
            if hist.is_record_id(record.get("id")) and record["id"] in seen_ids:
                raise StoreError(
                    f"history records {seen_ids[record['id']]} and {number} have the same id "
                    f"{record['id']!r}; every finished negotiation is stored once."
                )
            if not hist.is_record_id(record.get("id")):
                record["id"] = hist.new_record_id()
            seen_ids[record["id"]] = number
            record["schema_version"] = hist.SCHEMA_VERSION
            history.append(record)
    except StoreError as error:
        raise _refuse(path, " ".join(error.user_lines)) from error
    return {"profile": profile, "relationships": relationships, "history": history}


def import_profile(store: Store, path: Path, *, rename_to: str | None = None) -> str:
    """Import a profile file into ``store``; return the name it was stored under."""
    store._require_writer()
    checked = _check_payload(path, _read_payload(path))
    profile = checked["profile"]
    try:
        name = profiles.clean_name(rename_to if rename_to is not None else profile["name"])
    except StoreError as error:
        raise _refuse(path, " ".join(error.user_lines)) from error
    existing = store._find(name)
    if existing is not None:
        raise _refuse(
            path,
            f"a profile named {existing['name']!r} already exists here.",
            "Import it under another name with `profile import FILE --as NEW_NAME`, "
            "or rename the existing profile first.",
        )
    folder = store._folder
    profile_id = folder.new_profile_id()
    profile.update({"id": profile_id, "name": name, "schema_version": migrations.SCHEMA_VERSION})
    profile_folder = paths.profile_dir(folder.root, profile_id)
    doc_id = None
    try:
        layout.write_relationships(
            folder.root, profile_id, checked["relationships"], fault=folder.fault
        )
        layout.write_history(
            folder.root, profile_id, checked["history"], folder.shard_size, fault=folder.fault
        )
        doc_id = folder.index.table("profiles").insert(profile)
        folder.changed(folder.index)
    except (OSError, StoreError) as error:
        if doc_id is not None:
            folder.index.table("profiles").remove(doc_ids=[doc_id])
            folder.pending.pop(id(folder.index), None)
        shutil.rmtree(profile_folder, ignore_errors=True)
        reason = error.strerror if isinstance(error, OSError) else " ".join(error.user_lines)
        raise _refuse(path, f"writing the profile failed ({reason}).") from error
    folder.files_for(profile_id)
    return name
