"""Crash-safe file writes, rotating backups and careful reads.

A write goes: temp file in the same folder -> flush + fsync -> ``os.replace`` over the old
file (retried briefly where the OS refuses, e.g. a virus scanner holding it on Windows) ->
a copy of the same bytes becomes ``<name>.bak1`` (older copies rotate to ``.bak2``,
``.bak3``) -> fsync of the folder.  A kill at any moment leaves the old or the new file,
never a mix; the backups lag by at most one write.

Fault points (for tests, see :class:`FaultInjector`), in the order they are reached:
``temp-written`` (temp file durable, old file still in place), ``replaced`` (new file in
place, backups not yet rotated), ``backup-written`` (backup copy written, not yet
rotated) and ``rotated`` (backups rotated, folder not yet synced).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FAULT_ENV = "COMMON_GROUND_TEST_FAULT"
FAULT_POINTS = ("temp-written", "replaced", "backup-written", "rotated")
TEMP_MARK = ".tmp-"
CORRUPT_MARK = ".corrupt-"
DEFAULT_BACKUPS = 3
#: The largest save file read: far above any the game writes (an index of many profiles, a
#: history shard), so a file filled with junk is reported instead of read into memory.
MAX_SAVE_BYTES = 64 * 1024 * 1024
# Waits between attempts when the OS refuses a replace: about 0.3 s in all.
REPLACE_RETRY_DELAYS = (0.005, 0.01, 0.02, 0.04, 0.08, 0.15)

FaultHook = Callable[[str], None]


def _no_fault(point: str) -> None:
    return None


class FaultInjector:
    """A test hook that sleeps or kills this process at named points of a write.

    ``spec`` is a comma-separated list of ``POINT:kill:N`` (SIGKILL this process the N-th
    time POINT is reached) or ``POINT:sleep:SECONDS`` (sleep every time).  POINT may be
    ``*`` for every point.  Read from ``$COMMON_GROUND_TEST_FAULT`` by ``open_store``.
    """

    def __init__(self, spec: str) -> None:
        self._rules: list[tuple[str, str, float]] = []
        self._seen: dict[str, int] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            point, action, value = part.split(":")
            if point != "*" and point not in FAULT_POINTS:
                raise ValueError(f"unknown fault point {point!r}; known: {', '.join(FAULT_POINTS)}")
            if action not in ("kill", "sleep"):
                raise ValueError(f"unknown fault action {action!r}")
            self._rules.append((point, action, float(value)))

    def __call__(self, point: str) -> None:
        self._seen[point] = self._seen.get(point, 0) + 1
        total = sum(self._seen.values())
        for rule_point, action, value in self._rules:
            if rule_point not in ("*", point):
                continue
            count = total if rule_point == "*" else self._seen[point]
            if action == "sleep":
                time.sleep(value)
            elif count == int(value):
                log.warning("test fault: killing process at %s (#%d)", point, count)
                os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def fault_from_env() -> FaultHook | None:
    """Return the fault injector described by ``$COMMON_GROUND_TEST_FAULT``, if set."""
    spec = os.environ.get(FAULT_ENV, "").strip()
    return FaultInjector(spec) if spec else None


def backup_path(path: Path, number: int) -> Path:
    """Return the ``number``-th backup of ``path`` (1 is the newest)."""
    return path.with_name(f"{path.name}.bak{number}")


def temp_path_for(path: Path) -> Path:
    """Return a fresh, hidden temp name next to ``path``."""
    return path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")


def is_temp_name(name: str) -> bool:
    """Whether a file name is one of our temp files."""
    return name.startswith(".") and TEMP_MARK in name


def fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_with_retry(source: Path, target: Path) -> None:
    """``os.replace`` that retries briefly when the OS refuses (file held by another program)."""
    for delay in (*REPLACE_RETRY_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if delay is None:
                raise
            log.info("replace of %s refused, retrying in %.0f ms", target, delay * 1000)
            time.sleep(delay)


def _write_file(path: Path, data: bytes, *, sync: bool) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        if sync:
            os.fsync(handle.fileno())


def _remove_quietly(path: Path) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def atomic_write(
    path: Path, data: bytes, *, backups: int = DEFAULT_BACKUPS, fault: FaultHook | None = None
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    Keeps ``backups`` rotating copies (``.bak1`` newest).  Returns once the new file and its
    folder entry are on disk.  Raises ``OSError`` if the new file could not be put in place.
    """
    fault = fault or _no_fault
    temp = temp_path_for(path)
    try:
        _write_file(temp, data, sync=True)
        fault("temp-written")
        replace_with_retry(temp, path)
    except BaseException:
        _remove_quietly(temp)
        raise
    fault("replaced")
    if backups > 0:
        try:
            _write_backup(path, data, backups, fault)
        except OSError as error:  # the save itself is safe; a missed backup is only logged
            log.warning("could not rotate backups of %s: %s", path, error)
    fsync_dir(path.parent)


def _write_backup(path: Path, data: bytes, backups: int, fault: FaultHook) -> None:
    temp = temp_path_for(backup_path(path, 1))
    try:
        _write_file(temp, data, sync=False)
        fault("backup-written")
        for number in range(backups, 1, -1):
            older = backup_path(path, number - 1)
            if older.exists():
                replace_with_retry(older, backup_path(path, number))
        replace_with_retry(temp, backup_path(path, 1))
    except BaseException:
        _remove_quietly(temp)
        raise
    fault("rotated")


def prune_backups(path: Path, keep: int) -> None:
    """Delete backups of ``path`` beyond the ``keep`` newest (used once a shard is full)."""
    number = keep + 1
    while number <= 9:
        _remove_quietly(backup_path(path, number))
        number += 1


def encode_json(data: Any) -> bytes:
    """Serialise save data compactly; raises ``ValueError`` for NaN/inf or non-JSON values."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode(
        "utf-8"
    )


@dataclass
class FileRead:
    """The outcome of reading one JSON save file."""

    path: Path
    data: Any = None
    raw: bytes = b""
    missing: bool = False
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the file exists and holds well-formed data."""
        return not self.missing and self.problem is None


def read_json(path: Path, check: Callable[[Any], str | None] | None = None) -> FileRead:
    """Read and parse ``path``; never raises for missing, empty or damaged files.

    ``check(data)`` may return a sentence describing a wrong shape.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a folder, a pipe (would block), a device
            return FileRead(path, problem="is not a regular file")
        with open(path, "rb") as stream:
            raw = stream.read(MAX_SAVE_BYTES + 1)
    except FileNotFoundError:
        return FileRead(path, missing=True)
    except OSError as error:
        return FileRead(path, problem=f"could not be read ({error.strerror or error})")
    if len(raw) > MAX_SAVE_BYTES:
        return FileRead(
            path, problem=f"is larger than the {MAX_SAVE_BYTES:,} bytes a save file may have"
        )
    result = FileRead(path, raw=raw)
    if not raw.strip():
        result.problem = "is empty"
        return result
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        result.problem = "does not contain text (damaged or random bytes)"
        return result
    try:
        result.data = json.loads(text)
    except json.JSONDecodeError as error:
        # A file cut short fails near its end with "Expecting ..." or "Unterminated string".
        near_end = error.pos > 0 and error.pos >= len(text.rstrip()) - 32
        if near_end and error.msg.startswith(("Expecting", "Unterminated")):
            result.problem = "ends too early (the file was cut off)"
        else:
            result.problem = (
                f"is damaged (not valid JSON at line {error.lineno}, column {error.colno})"
            )
        return result
    except RecursionError:
        result.problem = "is damaged (nested too deeply)"
        return result
    if check is not None:
        result.problem = check(result.data)
    return result


def move_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged file to ``<name>.corrupt-<timestamp>`` and return the new path."""
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}{CORRUPT_MARK}{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}{CORRUPT_MARK}{stamp}-{counter}")
    replace_with_retry(path, target)
    return target


def clean_stale_temps(root: Path) -> list[Path]:
    """Delete temp files left by a killed writer anywhere under ``root``; return what was removed.

    Only call this while holding the data-folder lock: then no temp file can be in use.
    """
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if is_temp_name(name):
                path = Path(folder) / name
                try:
                    os.remove(path)
                    removed.append(path)
                except OSError as error:
                    log.warning("could not remove stale temp file %s: %s", path, error)
    return removed
