"""One writer per data folder: a lock file held for the whole run.

The lock is an OS lock (``flock`` on Unix, ``LockFileEx`` on Windows) taken through
``filelock``: the OS releases it when the process ends, even on a kill or power cut, so a
crashed game never leaves a stale lock behind.
"""

from __future__ import annotations

import logging
from pathlib import Path

from filelock import FileLock, Timeout

from game.store import paths
from game.store.errors import StoreError, StoreLockedError

log = logging.getLogger(__name__)


class DataFolderLock:
    """The writer's lock on a data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / paths.LOCK_NAME
        # preserve_lock_file keeps a pure OS lock (no marker-file fallback that a kill
        # could leave behind).
        self._lock = FileLock(str(self.path), timeout=0, preserve_lock_file=True)

    def acquire(self) -> None:
        """Take the lock now or raise ``StoreLockedError``; never waits."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._lock.acquire(timeout=0)
        except Timeout as error:
            raise StoreLockedError(self.data_dir) from error
        except OSError as error:
            raise StoreError(
                f"Cannot write to the data folder {self.data_dir}: {error.strerror or error}."
            ) from error
        log.debug("locked %s", self.path)

    def release(self) -> None:
        """Release the lock (safe to call twice)."""
        if self._lock.is_locked:
            self._lock.release()
            log.debug("unlocked %s", self.path)

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._lock.is_locked
