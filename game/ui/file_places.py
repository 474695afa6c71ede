"""Where a file chooser starts: the home folder, removable drives and recently used folders.

No pygame here: the places and a folder's entries are plain data, so they are tested
without a window.  Removable drives are found where each system mounts them: drive letters
on Windows, ``/Volumes`` on macOS, ``/media/USER``, ``/run/media/USER`` and ``/mnt`` on Linux.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import platform
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.i18n import tr

__all__ = ["Entry", "Place", "RecentFolders", "folder_entries", "places", "removable_drives"]

logger = logging.getLogger(__name__)

RECENT_FILE = "recent-folders.json"
MAX_RECENT = 6
MAX_ENTRIES = 2000


@dataclass(frozen=True)
class Place:
    """A folder to start from: what the chooser calls it, where it is, and its kind."""

    label: str
    path: Path
    kind: str  # "home", "drive" or "recent"


@dataclass(frozen=True)
class Entry:
    """One item of a folder: a sub-folder or a file the chooser offers."""

    name: str
    path: Path
    is_folder: bool


def _folders(candidates: Iterable[Path]) -> list[Path]:
    found = []
    for path in candidates:
        try:
            if path.is_dir():
                found.append(path)
        except OSError:
            continue
    return found


def removable_drives(system: str | None = None, user: str | None = None) -> list[Path]:
    """Return the mounted drives a USB stick may be on (existing folders only)."""
    system = system or platform.system()
    if system == "Windows":
        return _folders(Path(f"{letter}:/") for letter in string.ascii_uppercase[2:])
    if system == "Darwin":
        roots = [Path("/Volumes")]
    else:
        try:
            user = user or getpass.getuser()
        except (KeyError, OSError):
            user = user or ""
        roots = [Path("/media") / user, Path("/run/media") / user, Path("/mnt")]
    drives: list[Path] = []
    for root in _folders(roots):
        try:
            drives.extend(_folders(sorted(root.iterdir())))
        except OSError:
            continue
    return drives


def places(
    home: Path | None = None,
    recent: Sequence[Path] = (),
    drives: Sequence[Path] | None = None,
) -> list[Place]:
    """Return the places to start from: home (and its Desktop, Documents, Downloads), the
    removable drives, then the recent folders that still exist."""
    home = home or Path.home()
    found = [Place(tr("Home"), home, "home")]
    for name in ("Desktop", "Documents", "Downloads"):
        found.extend(Place(name, path, "home") for path in _folders([home / name]))
    for drive in removable_drives() if drives is None else drives:
        found.append(Place(drive.name or str(drive), drive, "drive"))
    for folder in _folders(recent):
        found.append(Place(folder.name or str(folder), folder, "recent"))
    return found


def folder_entries(folder: Path, suffixes: Sequence[str]) -> list[Entry]:
    """Return a folder's sub-folders, then its files ending in one of ``suffixes`` (any
    case), each sorted by name; hidden ones (a leading dot) are left out.

    Raises ``OSError`` when the folder cannot be read.
    """
    wanted = tuple(s.lower() for s in suffixes)
    folders, files = [], []
    with os.scandir(folder) as listing:
        for count, item in enumerate(listing):
            if count >= MAX_ENTRIES:
                break
            if item.name.startswith("."):
                continue
            try:
                if item.is_dir():
                    folders.append(Entry(item.name, Path(item.path), True))
                elif item.is_file() and item.name.lower().endswith(wanted):
                    files.append(Entry(item.name, Path(item.path), False))
            except OSError:
                continue
    key = lambda entry: entry.name.casefold()  # noqa: E731 - one sort key, twice
    return sorted(folders, key=key) + sorted(files, key=key)


class RecentFolders:
    """The folders a chooser was last used in, newest first, kept in the data folder."""

    def __init__(self, data_dir: Path | None) -> None:
        self._file = Path(data_dir) / RECENT_FILE if data_dir is not None else None

    def load(self) -> list[Path]:
        """Return the remembered folders (none when the file is missing or unreadable)."""
        if self._file is None:
            return []
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, list):
            return []
        return [Path(item) for item in data if isinstance(item, str) and item][:MAX_RECENT]

    def add(self, folder: Path) -> None:
        """Put ``folder`` first (a write that fails is logged, never raised)."""
        if self._file is None:
            return
        folders = [str(folder), *(str(f) for f in self.load() if f != folder)][:MAX_RECENT]
        try:
            temp = self._file.with_name(self._file.name + ".tmp")
            temp.write_text(json.dumps(folders, indent=1), encoding="utf-8")
            os.replace(temp, self._file)
        except OSError as error:
            logger.info("cannot remember the folder %s: %s", folder, error)
