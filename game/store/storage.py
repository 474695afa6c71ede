"""TinyDB storage that writes atomically, and the cache in front of it.

``AtomicJSONStorage`` replaces TinyDB's ``JSONStorage`` (which overwrites in place, so a
kill mid-write leaves a broken file).  ``ExplicitCache`` is TinyDB's ``CachingMiddleware``
that never flushes on its own: the store flushes at its checkpoints.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage

from game.store.atomic import DEFAULT_BACKUPS, FaultHook, atomic_write, encode_json
from game.store.errors import StoreReadOnlyError


class AtomicJSONStorage(Storage):
    """A TinyDB storage for one JSON file: temp file, fsync, replace, rotating backups.

    The store checks (and if need be repairs) the file before handing it to TinyDB, so
    ``initial`` is the already-parsed content (``None`` for a new, empty file).
    """

    def __init__(
        self,
        path: Path,
        *,
        initial: dict[str, Any] | None = None,
        read_only: bool = False,
        backups: int = DEFAULT_BACKUPS,
        fault: FaultHook | None = None,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self._initial = initial
        self._read_only = read_only
        self._backups = backups
        self._fault = fault

    def read(self) -> dict[str, dict[str, Any]] | None:
        """Return the content the store loaded (TinyDB caches it from then on)."""
        return self._initial

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Put ``data`` on disk atomically; raises ``OSError`` if that failed."""
        if self._read_only:
            raise StoreReadOnlyError(f"{self.path.name} is open read-only.")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, encode_json(data), backups=self._backups, fault=self._fault)
        self._initial = data


class ExplicitCache(CachingMiddleware):
    """``CachingMiddleware`` that only writes when :meth:`flush` is called."""

    WRITE_CACHE_SIZE = sys.maxsize

    @property
    def dirty(self) -> bool:
        """Whether the cache holds changes not yet on disk."""
        return self._cache_modified_count > 0

    @property
    def path(self) -> Path:
        """The file behind the cache (:func:`open_db` puts an ``AtomicJSONStorage`` there)."""
        storage = self.storage
        assert isinstance(storage, AtomicJSONStorage)
        return storage.path


def open_db(
    path: Path,
    *,
    initial: dict[str, Any] | None,
    read_only: bool,
    fault: FaultHook | None,
    backups: int = DEFAULT_BACKUPS,
) -> TinyDB:
    """Return a TinyDB over ``path`` with the atomic storage behind an explicit-flush cache."""
    return TinyDB(
        path,
        initial=initial,
        read_only=read_only,
        backups=backups,
        fault=fault,
        storage=ExplicitCache(AtomicJSONStorage),
    )


def cache_of(db: TinyDB) -> ExplicitCache:
    """Return the cache middleware of a database opened with :func:`open_db`."""
    storage = db.storage
    assert isinstance(storage, ExplicitCache)
    return storage
