"""One writer per data folder: a lock file held for the whole run.

The lock is an OS lock on an open lock file (``flock`` on Unix, ``msvcrt.locking`` on
Windows): the OS releases it when the process ends, even on a kill or power cut, so a
crashed game never leaves a stale lock behind.  The lock file itself stays in the folder;
only the OS lock on it means anything.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from game.i18n import tr
from game.store import paths
from game.store.errors import StoreError, StoreLockedError

log = logging.getLogger(__name__)

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class DataFolderLock:
    """The writer's lock on a data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / paths.LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock now or raise ``StoreLockedError``; never waits."""
        if self._fd is not None:
            return
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise StoreError(
                tr(
                    "Cannot write to the data folder {folder}: {reason}. Choose a folder you can "
                    "write with --data-dir DIR or the COMMON_GROUND_HOME environment variable."
                ).format(folder=self.data_dir, reason=error.strerror or error)
            ) from error
        try:
            locked = _try_lock(fd)
        except OSError as error:  # e.g. a file system without locks
            os.close(fd)
            raise StoreError(
                tr("Cannot lock the data folder {folder}: {reason}.").format(
                    folder=self.data_dir, reason=error.strerror or error
                )
            ) from error
        if not locked:
            os.close(fd)
            raise StoreLockedError(self.data_dir)
        self._fd = fd
        log.debug("locked %s", self.path)

    def release(self) -> None:
        """Release the lock (safe to call twice)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)
        log.debug("unlocked %s", self.path)

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None
