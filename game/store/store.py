"""The save store: profiles, NPC relationships and history in one data folder.

Open it with :func:`open_store`.  A writing store holds the data-folder lock for its whole
life; a read-only store takes no lock and never changes a file.  Every change is on disk
when the method returns, unless it is made inside ``with store.checkpoint():`` (then at the
end of that block); ``add_history`` is always on disk before it returns.
"""

from __future__ import annotations

import atexit
import copy
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tinydb import where
from tinydb.table import Document

from game.engine.record import MatchRecord
from game.i18n import tr
from game.store import history as hist
from game.store import migrations, paths, profiles
from game.store.atomic import FaultHook, fault_from_env
from game.store.errors import ProfileError, RecordError, StoreError, StoreReadOnlyError
from game.store.folder import Clock, SaveFolder, iso
from game.store.locking import DataFolderLock

MAX_MEMORY_BYTES = 256 * 1024


def utc_now() -> datetime:
    """Return the current time in UTC (the default clock)."""
    return datetime.now(UTC)


class Store:
    """Profiles, relationships and history of one data folder (use :func:`open_store`)."""

    def __init__(self, folder: SaveFolder, lock: DataFolderLock | None) -> None:
        self._folder = folder
        self._lock = lock
        self._closed = False

    @property
    def data_dir(self) -> Path:
        """The data folder this store reads and writes."""
        return self._folder.data_dir

    @property
    def read_only(self) -> bool:
        """Whether this store was opened read-only (no lock, no writes)."""
        return self._folder.read_only

    @property
    def recovery_messages(self) -> list[str]:
        """Sentences for the player: damaged files, what was restored, upgrades of old saves."""
        return self._folder.messages

    @property
    def cleaned_temp_files(self) -> list[Path]:
        """Temp files of an interrupted save that were removed on open."""
        return self._folder.cleaned_temp_files

    @property
    def shard_size(self) -> int:
        """History records per shard file in this data folder."""
        return self._folder.shard_size

    # ----------------------------------------------------------------- checkpoints, closing

    def flush(self) -> None:
        """Write every pending change to disk (a checkpoint); raises ``StoreError`` on failure."""
        self._require_open()
        self._folder.flush()

    @contextmanager
    def checkpoint(self) -> Iterator[Store]:
        """Group changes (end of a negotiation): they are written together when the block ends."""
        self._require_writer()
        self._folder.batch_depth += 1
        try:
            yield self
        finally:
            self._folder.batch_depth -= 1
            if self._folder.batch_depth == 0:
                self._folder.flush()

    def close(self) -> None:
        """Flush everything pending, release the lock; safe to call more than once."""
        if self._closed:
            return
        try:
            if not self.read_only:
                self._folder.flush()
        finally:
            self._closed = True
            self._folder.close()
            if self._lock is not None:
                self._lock.release()
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
                tr("The data folder {folder} is open read-only; nothing was changed.").format(
                    folder=self.data_dir
                )
            )

    # ----------------------------------------------------------------- profiles

    def _find(self, name: str) -> Document | None:
        key = profiles.name_key(name) if isinstance(name, str) else None
        for doc in self._folder.profile_docs():
            if profiles.name_key(doc["name"]) == key:
                return doc
        return None

    def _profile_doc(self, name: str) -> Document:
        self._require_open()
        doc = self._find(name)
        if doc is None:
            known = ", ".join(sorted(d["name"] for d in self._folder.profile_docs()))
            raise ProfileError(
                tr("There is no profile named {name} (profiles: {known}).").format(
                    name=repr(name), known=known or tr("none yet")
                )
            )
        return doc

    def _replace_profile(self, doc: Document, new: dict[str, Any]) -> None:
        def replace(stored: MutableMapping[str, Any]) -> None:
            stored.clear()
            stored.update(copy.deepcopy(new))

        self._folder.index.table("profiles").update(replace, doc_ids=[doc.doc_id])
        self._folder.changed(self._folder.index)

    def has_profile(self, name: str) -> bool:
        """Whether a profile with this name (any case) exists."""
        self._require_open()
        return self._find(name) is not None

    def list_profiles(self) -> list[dict[str, Any]]:
        """Return one summary per profile (name, sessions, stars, xp, badges, streak ...), by name."""
        self._require_open()
        result = []
        for doc in self._folder.profile_docs():
            files = self._folder.files_for(doc["id"])
            records = files.shard.table("history").all()
            last = max(records, key=lambda r: r.doc_id)["finished_at"] if records else None
            count = self._folder.readable_records(doc["id"])
            summary = profiles.summary(copy.deepcopy(dict(doc)), count, last)
            summary["unreadable_sessions"] = self._folder.unreadable_records(doc["id"])
            result.append(summary)
        return sorted(result, key=lambda s: profiles.name_key(s["name"]))

    def get_profile(self, name: str) -> dict[str, Any]:
        """Return a copy of the full profile document; raises ``ProfileError`` if unknown."""
        return copy.deepcopy(dict(self._profile_doc(name)))

    def create_profile(self, name: str) -> dict[str, Any]:
        """Create a profile and return it; raises ``ProfileError`` for a bad or taken name."""
        self._require_writer()
        cleaned = profiles.clean_name(name)
        if self._find(cleaned) is not None:
            raise ProfileError(
                tr("A profile named {name} already exists.").format(name=repr(cleaned))
            )
        profile_id = self._folder.new_profile_id()
        doc = profiles.new_profile(cleaned, profile_id, iso(self._folder.clock()))
        self._folder.index.table("profiles").insert(doc)
        self._folder.changed(self._folder.index)
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
            raise ProfileError(
                tr("A profile named {name} already exists.").format(name=repr(other["name"]))
            )
        updated = {**dict(doc), "name": cleaned}
        self._replace_profile(doc, updated)
        return copy.deepcopy(updated)

    def delete_profile(self, name: str) -> Path | None:
        """Remove a profile; its folder is moved to ``saves/deleted/`` (returned) rather than erased."""
        self._require_writer()
        doc = self._profile_doc(name)
        self._folder.index.table("profiles").remove(doc_ids=[doc.doc_id])
        self._folder.changed(self._folder.index)
        self._folder.files.pop(doc["id"], None)
        folder = paths.profile_dir(self._folder.root, doc["id"])
        if not folder.exists():
            return None
        target = (
            paths.saves_dir(self._folder.root)
            / "deleted"
            / f"{doc['id']}-{self._folder.clock():%Y%m%dT%H%M%S}"
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
        today = day or self._folder.clock().astimezone().date()
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
        table = self._folder.files_for(doc["id"]).relationships.table("relationships")
        found = table.get(where("npc_id") == npc_id)
        if found is None:
            return None
        return copy.deepcopy(migrations.upgrade("relationship", dict(found))["memory"])

    def relationships(self, profile: str) -> dict[str, dict[str, Any]]:
        """Return every stored NPC memory of this player, keyed by NPC id."""
        doc = self._profile_doc(profile)
        table = self._folder.files_for(doc["id"]).relationships.table("relationships")
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
        files = self._folder.files_for(doc["id"])
        files.relationships.table("relationships").upsert(
            {
                "schema_version": migrations.SCHEMA_VERSION,
                "npc_id": npc_id,
                "memory": clean,
                "updated": iso(self._folder.clock()),
            },
            where("npc_id") == npc_id,
        )
        self._folder.changed(files.relationships)

    # ----------------------------------------------------------------- history

    def add_history(self, profile: str, record: MatchRecord | Mapping[str, Any]) -> str:
        """Save one finished negotiation; return its id once it is on disk.

        ``record``: a :class:`MatchRecord`, or a mapping with :data:`REQUIRED_HISTORY_KEYS`
        (checked as one).  It is stored as ``MatchRecord.to_dict`` gives it;
        ``schema_version`` and ``id`` are filled in (a given ``id`` is replaced).  Raises
        ``RecordError`` for a bad record.
        """
        self._require_writer()
        doc = self._profile_doc(profile)
        clean = hist.check_record(record)
        clean["schema_version"] = hist.SCHEMA_VERSION
        clean["id"] = hist.new_record_id()
        files = self._folder.files_for(doc["id"])
        table = files.shard.table("history")
        if len(table) >= self._folder.shard_size:
            self._folder.start_new_shard(files)
            table = files.shard.table("history")
        doc_id = table.insert(clean)
        try:
            self._folder.flush_db(files.shard)
        except StoreError:
            table.remove(doc_ids=[doc_id])
            raise
        return clean["id"]

    def history(self, profile: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Return finished negotiations, newest first (each with a ``profile`` name added).

        With ``limit``, only the newest shards are read.  Records are ordered by
        ``finished_at``, then by the order they were saved.
        """
        return self._newest_first(profile, limit, self._folder.records)

    def deals(self, profile: str | None = None) -> list[dict[str, Any]]:
        """Return :meth:`history`'s records as summaries: only ``history.SUMMARY_KEYS``
        (level, version, seed, agreement, utilities, stars, when...), not the moves.

        What a screen reads of every earlier play (the debrief's standing, the class's next
        level): a sealed shard is read once per store, so a long history costs a frame
        little.
        """
        return self._newest_first(
            profile, None, lambda profile_id, _limit: self._folder.summaries(profile_id)
        )

    def _newest_first(
        self,
        profile: str | None,
        limit: int | None,
        read: Callable[[str, int | None], list[dict[str, Any]]],
    ) -> list[dict[str, Any]]:
        """Return what ``read`` gives of each profile's records (one or every profile),
        each with its ``profile`` name, newest first, the newest ``limit`` when given."""
        self._require_open()
        if limit is not None and limit <= 0:
            return []
        docs = [self._profile_doc(profile)] if profile is not None else self._folder.profile_docs()
        records = []
        for doc in docs:
            for record in read(doc["id"], limit):
                record["profile"] = doc["name"]
                records.append(record)
        records.sort(key=hist.newest_first_key, reverse=True)
        for record in records:
            del record["_seq"]
        return records[:limit] if limit is not None else records

    def session_count(self, profile: str) -> int:
        """Return how many finished negotiations of a profile can be read (see
        :meth:`unreadable_history` for those that cannot)."""
        return self._folder.readable_records(self._profile_doc(profile)["id"])

    def unreadable_history(self, profile: str | None = None) -> dict[str, tuple[int, list[str]]]:
        """Return, by profile name, how many finished negotiations could not be read and the
        history files they were in (only profiles that lost some)."""
        self._require_open()
        docs = [self._profile_doc(profile)] if profile is not None else self._folder.profile_docs()
        lost = {}
        for doc in docs:
            count = self._folder.unreadable_records(doc["id"])
            if count:
                lost[doc["name"]] = (count, self._folder.unreadable_parts(doc["id"]))
        return lost

    # ----------------------------------------------------------------- transfer, doctor

    def export_profile(self, name: str, path: Path, *, replace: bool = True) -> Path:
        """Write a profile with its relationships and history to one JSON file; return its path.

        ``replace=False`` refuses an existing file (``OutputError``), as does anything but a
        regular file or a new name in an existing folder.
        """
        from game.store.transfer import export_profile

        return export_profile(self, name, Path(path), replace=replace)

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
    lock = None if read_only else DataFolderLock(Path(data_dir))
    if lock is not None:
        lock.acquire()
    folder = SaveFolder(
        Path(data_dir),
        read_only=read_only,
        fault=fault or fault_from_env(),
        clock=clock or utc_now,
        shard_size=shard_size,
    )
    try:
        folder.open()
    except BaseException:
        folder.close()
        if lock is not None:
            lock.release()
        raise
    store = Store(folder, lock)
    if not read_only:
        atexit.register(store.close)  # a safety net: the game closes the store on quit
    return store
