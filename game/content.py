"""Where the game's own files are: the campaign's levels and the assets (fonts, portraits).

In the source tree they are the top-level ``levels/`` and ``assets/`` folders.  An installed
package (a wheel, the standalone app) carries the same folders as package data under
``game/_content/`` (pyproject.toml maps them there), found with :mod:`importlib.resources`.
A source checkout is recognised by the project file beside the package, so working on
the files in ``levels/`` shows the change at once, with or without an editable install.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Literal

__all__ = [
    "CONTENT_FOLDERS",
    "ContentMissing",
    "content_dir",
    "packaged_content_dir",
    "standalone_data",
]

ContentFolder = Literal["levels", "assets"]
CONTENT_FOLDERS: tuple[ContentFolder, ...] = ("levels", "assets")
"""The folders of files the game reads at run time (the standalone build collects these)."""

_PACKAGE_SUBDIR = "_content"


class ContentMissing(RuntimeError):
    """The game's own files are not where the installed package should have them."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.user_lines = [f"error: {message}"]
        self.exit_code = 1


def _checkout_root() -> Path | None:
    root = Path(__file__).resolve().parents[1]
    return root if (root / "pyproject.toml").is_file() and (root / "game").is_dir() else None


def packaged_content_dir(name: ContentFolder) -> Path:
    """Return where an installed package keeps ``name`` (it may not exist in a checkout)."""
    location = importlib.resources.files("game").joinpath(_PACKAGE_SUBDIR, name)
    if not isinstance(location, Path):  # a zip or another loader without real files
        raise ContentMissing(
            f"the game's {name} folder is inside an archive ({location}); install the "
            "game as a normal package (pip install common-ground) so its files are on disk"
        )
    return location


def content_dir(name: ContentFolder) -> Path:
    """Return the folder holding the game's own ``levels`` or ``assets``.

    The source checkout's top-level folder when the game runs from one, otherwise the
    installed package's copy.  Raises :class:`ContentMissing` with a one-line reason when
    neither exists (a broken install).
    """
    root = _checkout_root()
    if root is not None and (root / name).is_dir():
        return root / name
    packaged = packaged_content_dir(name)
    if not packaged.is_dir():
        raise ContentMissing(
            f"the game's {name} folder is missing from the installed package ({packaged}); "
            "reinstall Common Ground"
        )
    return packaged


def standalone_data() -> list[tuple[str, str]]:
    """Return ``(source folder, folder in the app)`` for every content folder.

    The standalone build (packaging/common-ground.spec) bundles these: each folder goes
    where :func:`content_dir` looks in an installed package, relative to the game package.
    """
    game_dir = Path(__file__).resolve().parent
    pairs = []
    for name in CONTENT_FOLDERS:
        inside = packaged_content_dir(name).relative_to(game_dir)
        pairs.append((str(content_dir(name)), Path("game", inside).as_posix()))
    # the NPCs' default lines are data inside a package, read with importlib.resources
    pairs.append((str(game_dir / "npc" / "lines"), "game/npc/lines"))
    # the translation catalogues (game.i18n reads game/locale/<language>/LC_MESSAGES/*.mo)
    pairs.append((str(game_dir / "locale"), "game/locale"))
    return pairs
