"""The open save files of one data folder: loading with recovery, caching, flushing.

:class:`SaveFolder` knows which files exist (index, each profile's relationships and
history shards), loads each through :func:`load_checked` (so damage is repaired or reported
as it is found) and keeps it in TinyDB behind an explicit-flush cache.  The
:class:`~game.store.store.Store` turns player-level operations into changes here.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from game.store import history as hist
from game.store import migrations, paths, profiles
from game.store.atomic import (
    FaultHook,
    clean_stale_temps,
    move_aside,
    prune_backups,
    read_json,
)
from game.store.errors import RecordError, StoreError, StoreWriteError
from game.store.recovery import load_checked, tinydb_shape
from game.store.storage import cache_of, open_db

Clock = Callable[[], datetime]


def iso(moment: datetime) -> str:
    """Return ``moment`` as ISO 8601 text in UTC with a ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ProfileFiles:
    """The open files of one profile: its NPC memories and its newest history shard."""

    profile_id: str
    relationships: TinyDB
    shard_no: int
    shard: TinyDB

    def session_count(self, shard_size: int) -> int:
        """Return how many records the profile's history holds (earlier shards are full)."""
        return self.shard_no * shard_size + len(self.shard.table("history"))


def _index_problem(data: dict) -> str | None:
    """Return what is wrong with the profiles of an index of the right shape, or None.

    Every profile id names a folder, so one that is not a generated id (or appears twice)
    would make every command fail; the file is treated as damaged instead.
    """
    seen: set[str] = set()
    for doc in data.get("profiles", {}).values():
        profile_id = doc.get("id")
        if not isinstance(profile_id, str) or not paths.PROFILE_ID_PATTERN.match(profile_id):
            shown = repr(profile_id)[:40]
            return f"is damaged (a profile has the id {shown}, which is not a profile id)"
        if profile_id in seen:
            return f"is damaged (two profiles have the id {profile_id})"
        seen.add(profile_id)
        if not isinstance(doc.get("name"), str):
            return f"is damaged (profile {profile_id} has no name)"
    return None


class SaveFolder:
    """The save files of one data folder, loaded on demand and flushed at checkpoints."""

    def __init__(
        self,
        data_dir: Path,
        *,
        read_only: bool,
        fault: FaultHook | None,
        clock: Clock,
        shard_size: int | None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.root = self.data_dir  # where saves are read from (a temp copy for old formats)
        self.read_only = read_only
        self.fault = fault
        self.clock = clock
        #: Sentences for the player about damaged files and what was recovered.
        self.messages: list[str] = []
        #: Sentences about finished negotiations no file or backup holds any more (also
        #: in :attr:`messages`): what was lost, not what was repaired.
        self.loss_messages: list[str] = []
        #: Stale temp files removed on open.
        self.cleaned_temp_files: list[Path] = []
        self.files: dict[str, ProfileFiles] = {}
        self.pending: dict[int, TinyDB] = {}
        self.batch_depth = 0
        self.shard_size = hist.DEFAULT_SHARD_SIZE
        self.index: TinyDB
        self._requested_shard_size = shard_size
        self._temp_root: Path | None = None
        self._saves_readable = True
        #: Each sealed (full) history shard as read, by (profile id, shard number): how many
        #: records it holds, and their summaries (None when one of them cannot be upgraded:
        #: asked for, they are read again and the error raised, as ``records`` raises it).
        self._sealed: dict[tuple[str, int], tuple[int, list[dict[str, Any]] | None]] = {}

    def open(self) -> None:
        """Clean up after crashes, upgrade old formats, load the index and each profile's live files."""
        from game.store.upgrade_v1 import clean_staging, migrate_v1_if_needed

        self._saves_readable = self.folder_in_place(
            paths.saves_dir(self.data_dir), "every save file", lost="every profile"
        )
        self.folder_in_place(
            paths.profiles_root(self.data_dir), "the profiles' files", lost="every profile"
        )
        if not self.read_only:
            clean_staging(self.data_dir)
            self.cleaned_temp_files = clean_stale_temps(paths.saves_dir(self.data_dir))
        if self.read_only and paths.v1_path(self.data_dir).exists() and not self._has_index():
            self._temp_root = Path(tempfile.mkdtemp(prefix="common-ground-view-"))
            self.root = self._temp_root
        self.messages += migrate_v1_if_needed(
            self.data_dir,
            self.root,
            now=self.clock(),
            read_only=self.read_only,
            shard_size=self._requested_shard_size or hist.DEFAULT_SHARD_SIZE,
        )
        self._open_index()
        for doc in self.profile_docs():
            self.files_for(doc["id"])
            lost = self.unreadable_records(doc["id"])
            if lost:
                self.loss_messages.append(
                    f"{lost} finished negotiation(s) of profile {doc['name']!r} could not be "
                    f"read ({', '.join(self.unreadable_parts(doc['id']))} and every backup are "
                    "damaged or missing): they are left out of its history, its session count "
                    "and exports."
                )
        self.messages += self.loss_messages

    def close(self) -> None:
        """Forget the open files and remove a temp copy (does not flush)."""
        self.files.clear()
        if self._temp_root is not None:
            shutil.rmtree(self._temp_root, ignore_errors=True)
            self._temp_root = None

    def folder_in_place(self, folder: Path, holds: str, *, lost: str) -> bool:
        """Return whether ``folder`` is a folder or absent (then it is made when needed).

        Anything else where it belongs (a file, a device) is damage no backup can undo: a
        writing store sets it aside as ``*.corrupt-<time>`` so saving works again, a
        read-only one leaves it; both say so in :attr:`messages`.
        """
        if folder.is_dir() or not os.path.lexists(folder):
            return True
        shown = self.shown(folder)
        if self.read_only:
            self.messages.append(
                f"{shown} should be a folder holding {holds} but is a file, so {lost} is "
                "missing; open the game or run `python main.py doctor` to set the file aside."
            )
            return False
        aside = move_aside(folder, self.clock())
        self.messages.append(
            f"{shown} should be a folder holding {holds} but was a file; it was kept as "
            f"{aside.name} and {lost} that was in it could not be recovered."
        )
        return True

    def _has_index(self) -> bool:
        index = paths.index_path(self.data_dir)
        return index.exists() or index.with_name(index.name + ".bak1").exists()

    def shown(self, path: Path) -> str:
        """Return ``path`` relative to the data folder, as shown to the player."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def load(
        self,
        path: Path,
        what: str,
        tables: tuple[str, ...],
        summarize,
        extra: Callable[[dict], str | None] | None = None,
    ) -> dict | None:
        """Load one file with recovery (messages go to :attr:`messages`); ``None`` if new.

        ``extra(data)`` may name what else is wrong with data of the right shape: the file
        is then treated as damaged (restored from the newest backup without the fault).
        """
        shape = tinydb_shape(tables)

        def check(data: Any) -> str | None:
            return shape(data) or (extra(data) if extra is not None else None)

        loaded = load_checked(
            path,
            what=what,
            check=check,
            summarize=summarize,
            read_only=self.read_only,
            now=self.clock(),
            shown_as=self.shown(path),
            fault=self.fault,
        )
        self.messages += [m for m in loaded.messages if m not in self.messages]
        return loaded.data

    def _open_index(self) -> None:
        path = paths.index_path(self.root)

        def describe(data: dict) -> str:
            count = len(data.get("profiles", {}))
            return f"{count} profile{'s' if count != 1 else ''}"

        data = (
            self.load(path, "the list of profiles", ("meta",), describe, extra=_index_problem)
            if self._saves_readable or self.root != self.data_dir
            else None  # saves/ is a file: already said, and nothing in it to read
        )
        if data is not None:
            meta = next(iter(data["meta"].values()))
            migrations.check_not_newer("meta", data["meta"], self.shown(path))
            migrations.check_not_newer("profile", data.get("profiles", {}), self.shown(path))
            upgraded = {
                k: migrations.upgrade("profile", d) for k, d in data.get("profiles", {}).items()
            }
            changed = any(upgraded[k] is not d for k, d in data.get("profiles", {}).items())
            data["profiles"] = upgraded
            data["meta"] = {"1": migrations.upgrade("meta", meta)}
        self.index = open_db(path, initial=data, read_only=self.read_only, fault=self.fault)
        if data is None:
            self._create_index()
        elif changed:
            cache_of(self.index).write(data)
            self.changed(self.index)
        size = self.meta().get("history_shard_size")
        self.shard_size = (
            size if isinstance(size, int) and 0 < size <= 10_000 else hist.DEFAULT_SHARD_SIZE
        )

    def _create_index(self) -> None:
        orphans = self.orphan_folders(known=())
        meta = {
            "schema_version": migrations.SCHEMA_VERSION,
            "format": "common-ground-saves",
            "created": iso(self.clock()),
            "history_shard_size": self._infer_shard_size(orphans)
            or self._requested_shard_size
            or hist.DEFAULT_SHARD_SIZE,
        }
        self.index.table("meta").insert(meta)
        for number, profile_id in enumerate(orphans, start=1):
            doc = profiles.new_profile(f"Recovered {number}", profile_id, iso(self.clock()))
            self.index.table("profiles").insert(doc)
        if orphans:
            self.messages.append(
                f"No readable copy of the profile list was left, but {len(orphans)} profile "
                f"folder(s) were found; they are listed as 'Recovered 1' ... with their history "
                "and NPC memories intact. Rename them to their players' names."
            )
        if not self.read_only:
            self.changed(self.index)

    def _infer_shard_size(self, profile_ids: list[str]) -> int | None:
        """Find the shard size of existing history when the index that recorded it is lost."""
        largest = 0
        for profile_id in profile_ids:
            numbers = paths.shard_numbers(paths.history_dir(self.root, profile_id))
            for shard_no in numbers[:1] if len(numbers) > 1 else numbers:
                data = read_json(paths.shard_path(self.root, profile_id, shard_no)).data
                count = len(data.get("history", {})) if isinstance(data, dict) else 0
                if len(numbers) > 1 and count:
                    return count  # a full shard: exactly the size
                largest = max(largest, count)
        if largest:
            return max(largest, self._requested_shard_size or hist.DEFAULT_SHARD_SIZE)
        return None

    def orphan_folders(self, known: Iterable[str]) -> list[str]:
        """Return profile folders whose id is not in ``known``."""
        root = paths.profiles_root(self.root)
        known_ids = set(known)
        try:
            names = sorted(os.listdir(root))
        except OSError:  # missing, or not a folder (reported on open)
            return []
        return [
            n
            for n in names
            if paths.PROFILE_ID_PATTERN.match(n) and n not in known_ids and (root / n).is_dir()
        ]

    def files_for(self, profile_id: str) -> ProfileFiles:
        """Return a profile's open files, loading (and checking) them on first use."""
        files = self.files.get(profile_id)
        if files is not None:
            return files
        rel_path = paths.relationships_path(self.root, profile_id)
        self.folder_in_place(
            rel_path.parent, "a profile's files", lost="its history and NPC memories"
        )
        self.folder_in_place(
            paths.history_dir(self.root, profile_id), "a profile's history", lost="its history"
        )
        rel_data = self.load(
            rel_path,
            "NPC memories of a profile",
            (),
            lambda d: f"{len(d.get('relationships', {}))} NPC relationship(s)",
        )
        if rel_data is not None:
            migrations.check_not_newer(
                "relationship", rel_data.get("relationships", {}), self.shown(rel_path)
            )
        numbers = paths.shard_numbers(paths.history_dir(self.root, profile_id))
        shard_no = numbers[-1] if numbers else 0
        shard_data = self.read_shard(profile_id, shard_no) if numbers else None
        files = ProfileFiles(
            profile_id,
            open_db(rel_path, initial=rel_data, read_only=self.read_only, fault=self.fault),
            shard_no,
            open_db(
                paths.shard_path(self.root, profile_id, shard_no),
                initial=shard_data,
                read_only=self.read_only,
                fault=self.fault,
            ),
        )
        self.files[profile_id] = files
        return files

    def _sealed_shard(self, profile_id: str, shard_no: int) -> tuple[int, list[dict] | None]:
        """Return a sealed (full) shard's record count and summaries, read once: it no
        longer changes (the store opening counts every one, so this is where it is read)."""
        key = (profile_id, shard_no)
        found = self._sealed.get(key)
        if found is None:
            raw = (self.read_shard(profile_id, shard_no) or {}).get("history", {})
            try:
                summaries: list[dict[str, Any]] | None = self._summaries(raw, shard_no)
            except RecordError:
                summaries = None
            found = self._sealed[key] = (len(raw), summaries)
        return found

    def sealed_count(self, profile_id: str, shard_no: int) -> int:
        """Return how many records a sealed (full) shard holds as read; fewer than the shard
        size means records were lost."""
        return self._sealed_shard(profile_id, shard_no)[0]

    def readable_records(self, profile_id: str) -> int:
        """Return how many of a profile's finished negotiations can be read."""
        files = self.files_for(profile_id)
        sealed = sum(self.sealed_count(profile_id, n) for n in range(files.shard_no))
        return sealed + len(files.shard.table("history"))

    def unreadable_records(self, profile_id: str) -> int:
        """Return how many of a profile's finished negotiations were lost (a sealed shard
        that is missing, or damaged along with its backup, counts as a full one)."""
        files = self.files_for(profile_id)
        return sum(
            max(0, self.shard_size - self.sealed_count(profile_id, n))
            for n in range(files.shard_no)
        )

    def unreadable_parts(self, profile_id: str) -> list[str]:
        """Return the history files (as shown) whose records could not all be read."""
        files = self.files_for(profile_id)
        return [
            self.shown(paths.shard_path(self.root, profile_id, n))
            for n in range(files.shard_no)
            if self.sealed_count(profile_id, n) < self.shard_size
        ]

    def read_shard(self, profile_id: str, shard_no: int) -> dict | None:
        """Read one history shard from disk with recovery; ``None`` if it does not exist."""
        path = paths.shard_path(self.root, profile_id, shard_no)
        data = self.load(path, "part of a profile's history", (), hist.summarize_shard)
        if data is not None:
            migrations.check_not_newer("history", data.get("history", {}), self.shown(path))
        return data

    def flush(self) -> None:
        """Write every pending change to disk (a checkpoint); raises ``StoreError`` on failure."""
        errors = []
        for key, db in list(self.pending.items()):
            try:
                self.flush_db(db)
                self.pending.pop(key, None)
            except StoreError as error:
                errors.append(error)
        if errors:
            raise errors[0]

    def flush_db(self, db: TinyDB) -> None:
        """Write one database if it has changes; raises ``StoreError`` if that failed."""
        cache = cache_of(db)
        if not cache.dirty:
            return
        try:
            cache.flush()
        except OSError as error:
            raise StoreWriteError(
                f"Could not save {self.shown(cache.path)}: {error.strerror or error}.",
                "Your progress is kept in memory and will be saved at the next save; "
                "check that the disk is not full.",
            ) from error

    def changed(self, db: TinyDB) -> None:
        """Note a change to ``db``: written now, or at the end of the current checkpoint."""
        self.pending[id(db)] = db
        if self.batch_depth == 0:
            self.flush_db(db)
            self.pending.pop(id(db), None)

    def meta(self) -> dict[str, Any]:
        """Return the folder's meta document (format, shard size, created)."""
        docs = self.index.table("meta").all()
        return dict(docs[0]) if docs else {}

    def profile_docs(self) -> list[Document]:
        """Return every profile document (TinyDB documents, with ``doc_id``)."""
        return self.index.table("profiles").all()

    def new_profile_id(self) -> str:
        """Return an id no profile and no profile folder uses yet."""
        taken = [d["id"] for d in self.profile_docs()] + self.orphan_folders(known=())
        return profiles.new_profile_id(taken)

    def start_new_shard(self, files: ProfileFiles) -> None:
        """Seal the full newest shard (keep one backup) and open the next one."""
        self.flush_db(files.shard)
        full = paths.shard_path(self.root, files.profile_id, files.shard_no)
        prune_backups(full, keep=1)
        files.shard_no += 1
        files.shard = open_db(
            paths.shard_path(self.root, files.profile_id, files.shard_no),
            initial=None,
            read_only=False,
            fault=self.fault,
        )

    def _summaries(self, raw: Mapping[str, Any], shard_no: int) -> list[dict[str, Any]]:
        """Return the summaries (:func:`hist.summary`) of a shard's records, as upgraded."""
        first = shard_no * self.shard_size
        return [
            hist.summary(migrations.upgrade("history", dict(record)), first + int(doc_id))
            for doc_id, record in raw.items()
        ]

    def summaries(self, profile_id: str) -> list[dict[str, Any]]:
        """Return a profile's record summaries (:func:`hist.summary`, new dicts, with
        ``_seq``), newest shards first: what ``records`` gives, without a record's moves,
        offers and timeline, and without reading a sealed shard again."""
        files = self.files_for(profile_id)
        live = {str(d.doc_id): d for d in files.shard.table("history").all()}
        found = self._summaries(live, files.shard_no)
        for shard_no in range(files.shard_no - 1, -1, -1):
            sealed = self._sealed_shard(profile_id, shard_no)[1]
            if sealed is None:  # a record that cannot be upgraded: raise what records does
                raw = (self.read_shard(profile_id, shard_no) or {}).get("history", {})
                sealed = self._summaries(raw, shard_no)
            found.extend(hist.copied_summary(summary) for summary in sealed)
        return found

    def records(self, profile_id: str, limit: int | None) -> list[dict[str, Any]]:
        """Return a profile's records (upgraded copies, with ``_seq``), newest shards first.

        Stops after the shard that brings the count to ``limit``.
        """
        files = self.files_for(profile_id)
        found: list[dict[str, Any]] = []
        for shard_no in range(files.shard_no, -1, -1):
            if shard_no == files.shard_no:
                raw = {str(d.doc_id): d for d in files.shard.table("history").all()}
            else:
                raw = (self.read_shard(profile_id, shard_no) or {}).get("history", {})
            for doc_id, record in raw.items():
                upgraded = migrations.upgrade("history", copy.deepcopy(dict(record)))
                upgraded["_seq"] = shard_no * self.shard_size + int(doc_id)
                found.append(upgraded)
            if limit is not None and len(found) >= limit:
                break
        return found
