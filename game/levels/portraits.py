"""The portrait sets a level may name: the folders of ``assets/portraits/`` with a face.

A portrait set is a folder ``<name>/`` holding one 256-pixel square PNG per expression
(``neutral.png``, ``warm.png``, ``frustrated.png``, ``angry.png``, ``hurt.png``; optionally
``surprised.png`` and ``thinking.png``).  The game draws faces from the game's asset folder
(or the one ``COMMON_GROUND_ASSETS`` names), so that is where a set must be for a level to
show it.  Nothing here imports pygame: only names are read.
"""

from __future__ import annotations

import os
from pathlib import Path

from game.content import ContentMissing, content_dir

__all__ = ["PORTRAIT_EXPRESSIONS", "known_portraits", "portrait_folder"]

PORTRAIT_EXPRESSIONS = ("neutral", "warm", "frustrated", "angry", "hurt")
"""The expressions every portrait set draws (the game falls back to neutral for others)."""


def portrait_folder() -> Path | None:
    """Return the folder of portrait sets the game draws from, or None when there is none."""
    override = os.environ.get("COMMON_GROUND_ASSETS")
    try:
        root = Path(override) if override else content_dir("assets")
    except ContentMissing:
        return None
    folder = root / "portraits"
    return folder if folder.is_dir() else None


def known_portraits(folder: Path | None = None) -> list[str] | None:
    """Return the names of the portrait sets with a neutral face, sorted (None: no folder)."""
    folder = folder if folder is not None else portrait_folder()
    if folder is None:
        return None
    try:
        return sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.is_dir() and (entry / "neutral.png").is_file()
        )
    except OSError:
        return None
