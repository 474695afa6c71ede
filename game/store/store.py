"""The save store: profiles, NPC relationships and history in one data folder.

Open it with :func:`open_store`.  A writing store holds the data-folder lock for its whole
life; a read-only store takes no lock and never changes a file.  Every change is on disk
when the method returns, unless it is made inside ``with store.checkpoint():`` (then at the
end of that block); ``add_history`` is always on disk before it returns.
"""

from __future__ import annotations

import atexit
import copy
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB, where
from tinydb.table import Document

from game.store import history as hist
from game.store import migrations, paths, profiles
from game.store.atomic import FaultHook, clean_stale_temps, fault_from_env, prune_backups
from game.store.errors import ProfileError, RecordError, StoreError, StoreReadOnlyError
from game.store.locking import DataFolderLock
from game.store.recovery import load_checked, tinydb_shape
from game.store.storage import cache_of, open_db

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
MAX_MEMORY_BYTES = 256 * 1024


def utc_now() -> datetime:
    """Return the current time in UTC (the default clock)."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Return ``moment`` as ISO 8601 text in UTC with a ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class _ProfileFiles:
    """The open files of one profile: its NPC memories and its newest history shard."""

    profile_id: str
    relationships: TinyDB
    shard_no: int
    shard: TinyDB


class Store:
    """Profiles, relationships and history of one data folder (use :func:`open_store`)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        read_only: bool,
        lock: DataFolderLock | None,
        fault: FaultHook | None,
        clock: Clock,
        shard_size: int | None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.read_only = read_only
        #: Sentences for the player about damaged files and what was recovered.
        self.recovery_messages: list[str] = []
        #: Stale temp files removed when the store opened.
        self.cleaned_temp_files: list[Path] = []
        self._root = self.data_dir  # where the saves are read from (a temp copy for old formats)
        self._temp_root: Path | None = None
        self._lock = lock
        self._fault = fault
        self._clock = clock
        self._requested_shard_size = shard_size
        self._files: dict[str, _ProfileFiles] = {}
        self._pending: dict[int, TinyDB] = {}
        self._batch_depth = 0
        self._closed = False
        self._index: TinyDB
        self.shard_size = hist.DEFAULT_SHARD_SIZE

    # ----------------------------------------------------------------- opening, closing

    def _open(self) -> None:
        from game.store.upgrade_v1 import clean_staging, migrate_v1_if_needed

        if not self.read_only:
            clean_staging(self.data_dir)
            self.cleaned_temp_files = clean_stale_temps(paths.saves_dir(self.data_dir))
        if self.read_only and paths.v1_path(self.data_dir).exists() and not self._has_index():
            self._temp_root = Path(tempfile.mkdtemp(prefix="common-ground-view-"))
            self._root = self._temp_root
        self.recovery_messages += migrate_v1_if_needed(
            self.data_dir,
            self._root,
            now=self._clock(),
            read_only=self.read_only,
            shard_size=self._requested_shard_size or hist.DEFAULT_SHARD_SIZE,
        )
        self._open_index()
        for doc in self._profile_docs():
            self._files_for(doc["id"])

    def _has_index(self) -> bool:
        index = paths.index_path(self.data_dir)
        return index.exists() or index.with_name(index.name + ".bak1").exists()

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(self._root).as_posix()
        except ValueError:
            return str(path)

    def _load(self, path: Path, what: str, tables: tuple[str, ...], summarize) -> dict | None:
        loaded = load_checked(
            path,
            what=what,
            check=tinydb_shape(tables),
            summarize=summarize,
            read_only=self.read_only,
            now=self._clock(),
            shown_as=self._shown(path),
            fault=self._fault,
        )
        self.recovery_messages += loaded.messages
        return loaded.data

    def _open_index(self) -> None:
        path = paths.index_path(self._root)

        def describe(data: dict) -> str:
            count = len(data.get("profiles", {}))
            return f"{count} profile{'s' if count != 1 else ''}"

        data = self._load(path, "the list of profiles", ("meta",), describe)
        if data is not None:
            meta = next(iter(data["meta"].values()))
            migrations.check_not_newer("meta", data["meta"], self._shown(path))
            migrations.check_not_newer("profile", data.get("profiles", {}), self._shown(path))
            upgraded = {
                k: migrations.upgrade("profile", d) for k, d in data.get("profiles", {}).items()
            }
            changed = any(upgraded[k] is not d for k, d in data.get("profiles", {}).items())
            data["profiles"] = upgraded
            data["meta"] = {"1": migrations.upgrade("meta", meta)}
        self._index = open_db(path, initial=data, read_only=self.read_only, fault=self._fault)
        if data is None:
            self._create_index()
        elif changed:
            cache_of(self._index).write(data)
            self._changed(self._index)
        size = self._meta().get("history_shard_size")
        self.shard_size = (
            size if isinstance(size, int) and 0 < size <= 10_000 else hist.DEFAULT_SHARD_SIZE
        )

    def _create_index(self) -> None:
        orphans = self._orphan_folders(known=())
        meta = {
            "schema_version": migrations.SCHEMA_VERSION,
            "format": "common-ground-saves",
            "created": iso(self._clock()),
            "history_shard_size": self._infer_shard_size(orphans)
            or self._requested_shard_size
            or hist.DEFAULT_SHARD_SIZE,
        }
        self._index.table("meta").insert(meta)
        for number, profile_id in enumerate(orphans, start=1):
            doc = profiles.new_profile(f"Recovered {number}", profile_id, iso(self._clock()))
            self._index.table("profiles").insert(doc)
        if orphans:
            self.recovery_messages.append(
                f"No readable copy of the profile list was left, but {len(orphans)} profile "
                f"folder(s) were found; they are listed as 'Recovered 1' ... with their history "
                "and NPC memories intact. Rename them to their players' names."
            )
        if not self.read_only:
            self._changed(self._index)

    def _infer_shard_size(self, profile_ids: list[str]) -> int | None:
        """Find the shard size of existing history when the index that recorded it is lost."""
        from game.store.atomic import read_json

        largest = 0
        for profile_id in profile_ids:
            numbers = paths.shard_numbers(paths.history_dir(self._root, profile_id))
            for shard_no in numbers[:1] if len(numbers) > 1 else numbers:
                data = read_json(paths.shard_path(self._root, profile_id, shard_no)).data
                count = len(data.get("history", {})) if isinstance(data, dict) else 0
                if len(numbers) > 1 and count:
                    return count  # a full shard: exactly the size
                largest = max(largest, count)
        if largest:
            return max(largest, self._requested_shard_size or hist.DEFAULT_SHARD_SIZE)
        return None

    def _orphan_folders(self, known: Iterable[str]) -> list[str]:
        root = paths.profiles_root(self._root)
        known_ids = set(known)
        try:
            names = sorted(os.listdir(root))
        except FileNotFoundError:
            return []
        return [
            n
            for n in names
            if paths.PROFILE_ID_PATTERN.match(n) and n not in known_ids and (root / n).is_dir()
        ]

    def _files_for(self, profile_id: str) -> _ProfileFiles:
        files = self._files.get(profile_id)
        if files is not None:
            return files
        rel_path = paths.relationships_path(self._root, profile_id)
        rel_data = self._load(
            rel_path,
            "NPC memories of a profile",
            (),
            lambda d: f"{len(d.get('relationships', {}))} NPC relationship(s)",
        )
        if rel_data is not None:
            migrations.check_not_newer(
                "relationship", rel_data.get("relationships", {}), self._shown(rel_path)
            )
        numbers = paths.shard_numbers(paths.history_dir(self._root, profile_id))
        shard_no = numbers[-1] if numbers else 0
        shard_data = self._read_shard(profile_id, shard_no) if numbers else None
        files = _ProfileFiles(
            profile_id,
            open_db(rel_path, initial=rel_data, read_only=self.read_only, fault=self._fault),
            shard_no,
            open_db(
                paths.shard_path(self._root, profile_id, shard_no),
                initial=shard_data,
                read_only=self.read_only,
                fault=self._fault,
            ),
        )
        self._files[profile_id] = files
        return files

    def _read_shard(self, profile_id: str, shard_no: int) -> dict | None:
        path = paths.shard_path(self._root, profile_id, shard_no)
        data = self._load(path, "part of a profile's history", (), hist.summarize_shard)
        if data is not None:
            migrations.check_not_newer("history", data.get("history", {}), self._shown(path))
        return data

    def flush(self) -> None:
        """Write every pending change to disk (a checkpoint); raises ``StoreError`` on failure."""
        errors = []
        for key, db in list(self._pending.items()):
            try:
                self._flush_db(db)
                self._pending.pop(key, None)
            except StoreError as error:
                errors.append(error)
        if errors:
            raise errors[0]

    def _flush_db(self, db: TinyDB) -> None:
        cache = cache_of(db)
        if not cache.dirty:
            return
        try:
            cache.flush()
        except OSError as error:
            raise StoreError(
                f"Could not save {self._shown(Path(cache.storage.path))}: {error.strerror or error}.",
                "Your progress is kept in memory and will be saved at the next save; "
                "check that the disk is not full.",
            ) from error

    def _changed(self, db: TinyDB) -> None:
        self._pending[id(db)] = db
        if self._batch_depth == 0:
            self._flush_db(db)
            self._pending.pop(id(db), None)

    @contextmanager
    def checkpoint(self) -> Iterator[Store]:
        """Group changes (end of a negotiation): they are written together when the block ends."""
        self._require_writer()
        self._batch_depth += 1
        try:
            yield self
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self.flush()

    def close(self) -> None:
        """Flush everything pending, release the lock; safe to call more than once."""
        if self._closed:
            return
        try:
            if not self.read_only:
                self.flush()
        finally:
            self._closed = True
            self._files.clear()
            if self._lock is not None:
                self._lock.release()
            if self._temp_root is not None:
                shutil.rmtree(self._temp_root, ignore_errors=True)
            atexit.unregister(self.close)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _require_open(self) -> None:
        if self._closed:
            raise StoreError("The save store is closed.")

    def _require_writer(self) -> None:
        self._require_open()
        if self.read_only:
            raise StoreReadOnlyError(
                f"The data folder {self.data_dir} is open read-only; nothing was changed."
            )

    # ----------------------------------------------------------------- profiles

    def _meta(self) -> dict[str, Any]:
        docs = self._index.table("meta").all()
        return dict(docs[0]) if docs else {}

    def _profile_docs(self) -> list[Document]:
        return self._index.table("profiles").all()

    def _find(self, name: str) -> Document | None:
        key = profiles.name_key(name) if isinstance(name, str) else None
        for doc in self._profile_docs():
            if profiles.name_key(doc["name"]) == key:
                return doc
        return None

    def _profile_doc(self, name: str) -> Document:
        self._require_open()
        doc = self._find(name)
        if doc is None:
            known = ", ".join(sorted(d["name"] for d in self._profile_docs())) or "none yet"
            raise ProfileError(f"There is no profile named {name!r} (profiles: {known}).")
        return doc

    def _replace_profile(self, doc: Document, new: dict[str, Any]) -> None:
        def replace(stored: dict) -> None:
            stored.clear()
            stored.update(copy.deepcopy(new))

        self._index.table("profiles").update(replace, doc_ids=[doc.doc_id])
        self._changed(self._index)

    def has_profile(self, name: str) -> bool:
        """Whether a profile with this name (any case) exists."""
        self._require_open()
        return self._find(name) is not None

    def list_profiles(self) -> list[dict[str, Any]]:
        """Return one summary per profile (name, sessions, stars, xp, badges, streak ...), by name."""
        self._require_open()
        result = []
        for doc in self._profile_docs():
            files = self._files_for(doc["id"])
            records = files.shard.table("history").all()
            last = max(records, key=lambda r: r.doc_id)["finished_at"] if records else None
            count = files.shard_no * self.shard_size + len(records)
            result.append(profiles.summary(copy.deepcopy(dict(doc)), count, last))
        return sorted(result, key=lambda s: profiles.name_key(s["name"]))

    def get_profile(self, name: str) -> dict[str, Any]:
        """Return a copy of the full profile document; raises ``ProfileError`` if unknown."""
        return copy.deepcopy(dict(self._profile_doc(name)))

    def create_profile(self, name: str) -> dict[str, Any]:
        """Create a profile and return it; raises ``ProfileError`` for a bad or taken name."""
        self._require_writer()
        cleaned = profiles.clean_name(name)
        if self._find(cleaned) is not None:
            raise ProfileError(f"A profile named {cleaned!r} already exists.")
        profile_id = profiles.new_profile_id(
            [d["id"] for d in self._profile_docs()] + self._orphan_folders(known=())
        )
        doc = profiles.new_profile(cleaned, profile_id, iso(self._clock()))
        self._index.table("profiles").insert(doc)
        self._changed(self._index)
        return copy.deepcopy(doc)

    def ensure_profile(self, name: str) -> dict[str, Any]:
        """Return the profile with this name, creating it first if it does not exist."""
        self._require_open()
        doc = self._find(name) if isinstance(name, str) else None
        return copy.deepcopy(dict(doc)) if doc is not None else self.create_profile(name)

    def rename_profile(self, old: str, new: str) -> dict[str, Any]:
        """Rename a profile (its files keep their id-based names); return the updated profile."""
        self._require_writer()
        doc = self._profile_doc(old)
        cleaned = profiles.clean_name(new)
        other = self._find(cleaned)
        if other is not None and other.doc_id != doc.doc_id:
            raise ProfileError(f"A profile named {other['name']!r} already exists.")
        updated = {**dict(doc), "name": cleaned}
        self._replace_profile(doc, updated)
        return copy.deepcopy(updated)

    def delete_profile(self, name: str) -> Path | None:
        """Remove a profile; its folder is moved to ``saves/deleted/`` (returned) rather than erased."""
        self._require_writer()
        doc = self._profile_doc(name)
        self._index.table("profiles").remove(doc_ids=[doc.doc_id])
        self._changed(self._index)
        self._files.pop(doc["id"], None)
        folder = paths.profile_dir(self._root, doc["id"])
        if not folder.exists():
            return None
        target = (
            paths.saves_dir(self._root) / "deleted" / f"{doc['id']}-{self._clock():%Y%m%dT%H%M%S}"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(folder, target)
        return target

    def update_settings(self, name: str, **changes: Any) -> dict[str, Any]:
        """Change settings (``text_scale``, ``palette``, ``sound``, ``window``), save, return them."""
        self._require_writer()
        doc = self._profile_doc(name)
        settings = profiles.apply_settings(doc.get("settings", profiles.DEFAULT_SETTINGS), changes)
        self._replace_profile(doc, {**dict(doc), "settings": settings})
        return copy.deepcopy(settings)

    def record_level_result(
        self,
        name: str,
        level_id: str,
        stars: int,
        xp: int = 0,
        badges: Iterable[str] = (),
        *,
        unlocks: Iterable[str] = (),
        day: date | None = None,
    ) -> dict[str, Any]:
        """Record a finished level: best stars, unlocked levels, xp, badges, day streak.

        ``day`` defaults to today's local date.  Returns the updated profile.
        """
        self._require_writer()
        doc = self._profile_doc(name)
        today = day or self._clock().astimezone().date()
        updated = profiles.apply_level_result(doc, level_id, stars, xp, badges, unlocks, today)
        self._replace_profile(doc, updated)
        return copy.deepcopy(updated)

    def set_class(
        self, name: str, class_code: str | None, student_id: str | None
    ) -> dict[str, Any]:
        """Join a class with a pseudonymous student id (or leave it with ``None, None``)."""
        self._require_writer()
        doc = self._profile_doc(name)
        code, student = profiles.check_class(class_code, student_id)
        updated = {**dict(doc), "class_code": code, "student_id": student}
        self._replace_profile(doc, updated)
        return copy.deepcopy(updated)

    # ----------------------------------------------------------------- relationships

    def get_relationship(self, profile: str, npc_id: str) -> dict[str, Any] | None:
        """Return a copy of the NPC's stored memory of this player, or ``None`` if they never met."""
        doc = self._profile_doc(profile)
        table = self._files_for(doc["id"]).relationships.table("relationships")
        found = table.get(where("npc_id") == npc_id)
        if found is None:
            return None
        return copy.deepcopy(migrations.upgrade("relationship", dict(found))["memory"])

    def relationships(self, profile: str) -> dict[str, dict[str, Any]]:
        """Return every stored NPC memory of this player, keyed by NPC id."""
        doc = self._profile_doc(profile)
        table = self._files_for(doc["id"]).relationships.table("relationships")
        upgraded = (migrations.upgrade("relationship", dict(d)) for d in table.all())
        return {d["npc_id"]: copy.deepcopy(d["memory"]) for d in upgraded}

    def save_relationship(self, profile: str, npc_id: str, memory: dict[str, Any]) -> None:
        """Store the NPC's memory (a plain versioned dict from the NPC package) as given."""
        self._require_writer()
        doc = self._profile_doc(profile)
        profiles.check_item_id("NPC id", npc_id)
        clean = _json_copy(memory, "The NPC memory", MAX_MEMORY_BYTES)
        if not isinstance(clean, dict):
            raise RecordError("The NPC memory must be a mapping.")
        files = self._files_for(doc["id"])
        files.relationships.table("relationships").upsert(
            {
                "schema_version": migrations.SCHEMA_VERSION,
                "npc_id": npc_id,
                "memory": clean,
                "updated": iso(self._clock()),
            },
            where("npc_id") == npc_id,
        )
        self._changed(files.relationships)

    # ----------------------------------------------------------------- history

    def add_history(self, profile: str, record: dict[str, Any]) -> str:
        """Save one finished negotiation; return its id once it is on disk.

        The record needs :data:`REQUIRED_HISTORY_KEYS`; ``schema_version`` and ``id`` are
        filled in (a given ``id`` is replaced).  Raises ``RecordError`` for a bad record.
        """
        self._require_writer()
        doc = self._profile_doc(profile)
        clean = hist.check_record(record)
        clean["schema_version"] = hist.SCHEMA_VERSION
        clean["id"] = hist.new_record_id()
        files = self._files_for(doc["id"])
        table = files.shard.table("history")
        if len(table) >= self.shard_size:
            self._start_new_shard(files)
            table = files.shard.table("history")
        doc_id = table.insert(clean)
        try:
            self._flush_db(files.shard)
        except StoreError:
            table.remove(doc_ids=[doc_id])
            raise
        return clean["id"]

    def _start_new_shard(self, files: _ProfileFiles) -> None:
        self._flush_db(files.shard)
        full = paths.shard_path(self._root, files.profile_id, files.shard_no)
        prune_backups(full, keep=1)
        files.shard_no += 1
        files.shard = open_db(
            paths.shard_path(self._root, files.profile_id, files.shard_no),
            initial=None,
            read_only=False,
            fault=self._fault,
        )

    def _profile_records(self, profile_id: str, limit: int | None) -> list[dict[str, Any]]:
        files = self._files_for(profile_id)
        found: list[dict[str, Any]] = []
        for shard_no in range(files.shard_no, -1, -1):
            if shard_no == files.shard_no:
                raw = {str(d.doc_id): d for d in files.shard.table("history").all()}
            else:
                raw = (self._read_shard(profile_id, shard_no) or {}).get("history", {})
            for doc_id, record in raw.items():
                upgraded = migrations.upgrade("history", copy.deepcopy(dict(record)))
                upgraded["_seq"] = shard_no * self.shard_size + int(doc_id)
                found.append(upgraded)
            if limit is not None and len(found) >= limit:
                break
        return found

    def history(self, profile: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Return finished negotiations, newest first (each with a ``profile`` name added).

        With ``limit``, only the newest shards are read.  Records are ordered by
        ``finished_at``, then by the order they were saved.
        """
        self._require_open()
        if limit is not None and limit <= 0:
            return []
        docs = [self._profile_doc(profile)] if profile is not None else self._profile_docs()
        records = []
        for doc in docs:
            for record in self._profile_records(doc["id"], limit):
                record["profile"] = doc["name"]
                records.append(record)
        records.sort(key=hist.newest_first_key, reverse=True)
        for record in records:
            del record["_seq"]
        return records[:limit] if limit is not None else records

    def session_count(self, profile: str) -> int:
        """Return how many finished negotiations a profile has."""
        files = self._files_for(self._profile_doc(profile)["id"])
        return files.shard_no * self.shard_size + len(files.shard.table("history"))

    # ----------------------------------------------------------------- transfer, doctor

    def export_profile(self, name: str, path: Path) -> Path:
        """Write a profile with its relationships and history to one JSON file; return its path."""
        from game.store.transfer import export_profile

        return export_profile(self, name, Path(path))

    def import_profile(self, path: Path, *, rename_to: str | None = None) -> str:
        """Import a profile file; return the name it was stored under.

        Raises ``ImportRefusedError`` (nothing changed) for a damaged, hostile, too large or
        newer file, or when the name is taken and no ``rename_to`` was given.
        """
        from game.store.transfer import import_profile

        return import_profile(self, Path(path), rename_to=rename_to)

    def doctor(self) -> list[str]:
        """Check every save file and backup; repair what can be (writing stores only).

        Returns sentences saying what was found and what was repaired.
        """
        from game.store.doctor import run_doctor

        return run_doctor(self)


def _json_copy(value: Any, what: str, limit: int) -> Any:
    import json

    try:
        text = json.dumps(value, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise RecordError(f"{what} is not plain JSON ({error}).") from error
    if len(text.encode("utf-8")) > limit:
        raise RecordError(f"{what} is larger than {limit // 1024} KiB.")
    return json.loads(text)


def open_store(
    data_dir: Path | str,
    *,
    read_only: bool = False,
    shard_size: int | None = None,
    fault: FaultHook | None = None,
    clock: Clock | None = None,
) -> Store:
    """Open the saves in ``data_dir``; use as a context manager or call ``close()``.

    A writing store takes the folder lock (``StoreLockedError`` if another copy of the game
    has it), removes stale temp files, upgrades old formats and repairs damaged files from
    their backups, listing what happened in ``recovery_messages``.  ``read_only=True`` takes
    no lock and changes nothing.  ``shard_size`` (history records per file) applies to new
    folders only; ``fault`` is a test hook (default: ``$COMMON_GROUND_TEST_FAULT``).
    Raises ``StoreVersionError`` for saves from a newer game.
    """
    folder = Path(data_dir)
    lock = None if read_only else DataFolderLock(folder)
    if lock is not None:
        lock.acquire()
    store = Store(
        folder,
        read_only=read_only,
        lock=lock,
        fault=fault or fault_from_env(),
        clock=clock or utc_now,
        shard_size=shard_size,
    )
    try:
        store._open()
    except BaseException:
        store._closed = True
        if lock is not None:
            lock.release()
        if store._temp_root is not None:
            shutil.rmtree(store._temp_root, ignore_errors=True)
        raise
    if not read_only:
        atexit.register(store.close)
    return store
