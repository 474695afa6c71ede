"""Where the game's files (fonts, portraits) live on disk.

The folder is the game's own (``assets/`` in the source tree, the installed package's copy
otherwise: :mod:`game.content`) unless the ``COMMON_GROUND_ASSETS`` environment variable
points elsewhere.  Nothing is read here:
:class:`AssetPaths` only names paths.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from game.content import content_dir

__all__ = ["AssetPaths", "ASSETS_ENV_VAR"]

ASSETS_ENV_VAR = "COMMON_GROUND_ASSETS"


@dataclass(frozen=True)
class AssetPaths:
    """Paths of the asset folders below one root folder."""

    root: Path

    @classmethod
    def default(cls) -> AssetPaths:
        """Return the asset folder named by ``COMMON_GROUND_ASSETS`` or the game's own."""
        override = os.environ.get(ASSETS_ENV_VAR)
        if override:
            return cls(Path(override))
        return cls(content_dir("assets"))

    @property
    def fonts(self) -> Path:
        """Return the folder holding the .ttf files and their licence."""
        return self.root / "fonts"

    @property
    def portraits(self) -> Path:
        """Return the folder holding ``<npc_id>/<emotion>.png`` portraits."""
        return self.root / "portraits"
