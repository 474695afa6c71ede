"""Errors raised by the save-data layer.

Every error carries ``user_lines``: sentences meant for the player, printed one per line by
the command line and shown as they are by the game.  ``str(error)`` is the same text.
"""

from __future__ import annotations

from pathlib import Path

from game.i18n import tr


class StoreError(Exception):
    """Something about the saved data the player should be told about."""

    exit_code = 1

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.user_lines = list(lines)


class StoreWriteError(StoreError):
    """A save file could not be written (a full disk, no permission); the change stays in
    memory for the next save, which a program about to exit will not reach."""


class StoreLockedError(StoreError):
    """Another copy of Common Ground (or a writing command) holds the data folder."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(
            tr("Common Ground is already open with this data folder ({folder}).").format(
                folder=data_dir
            )
        )
        self.data_dir = data_dir


class StoreVersionError(StoreError):
    """A save file was written by a newer version of the game; it is left untouched."""


class StoreReadOnlyError(StoreError):
    """A change was asked of a store opened read-only."""


class ProfileError(StoreError):
    """A profile name is invalid, unknown or already taken."""


class RecordError(StoreError):
    """A history record, relationship or setting does not have the required shape."""


class ImportRefusedError(StoreError):
    """A profile file cannot be imported; nothing was changed."""
