"""The portrait sets a level may name: the game's own, or a set shipped beside the level.

A portrait set is a folder ``<name>/`` holding one 256-pixel square PNG per expression
(``neutral.png``, ``warm.png``, ``frustrated.png``, ``angry.png``, ``hurt.png``; optionally
``surprised.png`` and ``thinking.png``).  The game's sets are the folders of its asset
folder's ``portraits/`` (or of the one ``COMMON_GROUND_ASSETS`` names).  A level in a folder
may ship sets of its own in ``portraits/<name>/`` beside the level file; a set there is
used before a game set of the same name.  Nothing here imports pygame: names, sizes and the
PNG header are read, never the picture.
"""

from __future__ import annotations

import os
from pathlib import Path

from game.content import ContentMissing, content_dir
from game.i18n import N_, number, tr

__all__ = [
    "LEVEL_PORTRAITS",
    "MAX_PORTRAIT_BYTES",
    "OPTIONAL_EXPRESSIONS",
    "PORTRAIT_EXPRESSIONS",
    "PORTRAIT_SIZE",
    "known_portraits",
    "level_portrait_file",
    "level_portrait_problems",
    "level_portraits",
    "png_size",
    "portrait_folder",
]

PORTRAIT_EXPRESSIONS = ("neutral", "warm", "frustrated", "angry", "hurt")
"""The expressions every portrait set draws (the game falls back to neutral for others)."""
OPTIONAL_EXPRESSIONS = ("surprised", "thinking")
"""The expressions a set may add (without them the game shows the set's neutral face)."""
PORTRAIT_SIZE = 256
"""A portrait's width and height in pixels."""
MAX_PORTRAIT_BYTES = 512 * 1024
"""The largest portrait file the game reads from a level's folder (its own are ~16 KB)."""
LEVEL_PORTRAITS = "portraits"
"""The folder beside a level file that holds the level's own portrait sets."""

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_OTHER_FORMATS = (
    (b"\xff\xd8\xff", N_("it is a JPEG")),
    (b"GIF8", N_("it is a GIF")),
    (b"BM", N_("it is a BMP")),
    (b"RIFF", N_("it is a WebP")),
    (b"<?xml", N_("it is an SVG")),
    (b"<svg", N_("it is an SVG")),
)


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


def level_portraits(base_dir: Path | None) -> list[str]:
    """Return the names of the portrait sets in ``base_dir``'s ``portraits/``, sorted.

    Every folder counts, complete or not (:func:`level_portrait_problems` says what a set
    lacks); a level read without a folder has none.
    """
    if base_dir is None:
        return []
    folder = base_dir / LEVEL_PORTRAITS
    try:
        return sorted(entry.name for entry in folder.iterdir() if entry.is_dir())
    except OSError:
        return []


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def level_portrait_file(base_dir: Path, name: str, expression: str) -> Path | None:
    """Return the level's own ``portraits/<name>/<expression>.png`` if the game may read it.

    That is a plain file inside the level's folder (no link leading out of it) of at most
    :data:`MAX_PORTRAIT_BYTES`; anything else gives None (the game then falls back).
    """
    path = base_dir / LEVEL_PORTRAITS / name / f"{expression}.png"
    try:
        if not path.is_file() or path.stat().st_size > MAX_PORTRAIT_BYTES:
            return None
    except OSError:
        return None
    return path if _inside(path, base_dir) else None


def png_size(head: bytes) -> tuple[int, int] | None:
    """Return (width, height) from the first 24 bytes of a PNG file, or None if not a PNG."""
    if len(head) < 24 or not head.startswith(_PNG_SIGNATURE) or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _format_of(head: bytes) -> str:
    for signature, label in _OTHER_FORMATS:
        if head.lstrip().startswith(signature):
            return tr(label)
    return tr("its first bytes are not a PNG's")


def _file_problem(path: Path, shown: str, base_dir: Path) -> str | None:
    """Return what is wrong with one image of a level's set (``shown`` names it), if anything."""
    if not _inside(path, base_dir):
        return tr(
            "{file} leads outside the level's folder (a link): copy the image itself into "
            "{folder}/ beside the level"
        ).format(file=shown, folder=LEVEL_PORTRAITS)
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(24)
    except OSError as error:
        return tr("{file} cannot be read ({reason})").format(
            file=shown, reason=error.strerror or type(error).__name__
        )
    if size > MAX_PORTRAIT_BYTES:
        return tr(
            "{file} is {size} bytes; a portrait may be at most {most}: save it again as a "
            "{side} × {side} PNG (usually under 50 KB)"
        ).format(file=shown, size=number(size), most=number(MAX_PORTRAIT_BYTES), side=PORTRAIT_SIZE)
    dimensions = png_size(head)
    if dimensions is None:
        return tr(
            "{file} is not a PNG image ({format}): save it as a PNG, {side} × {side} pixels "
            "with a transparent background"
        ).format(file=shown, format=_format_of(head), side=PORTRAIT_SIZE)
    if dimensions != (PORTRAIT_SIZE, PORTRAIT_SIZE):
        width, height = dimensions
        return tr(
            "{file} is {width} × {height} pixels; a portrait is {side} × {side}: scale or "
            "redraw it to {side} × {side}"
        ).format(file=shown, width=width, height=height, side=PORTRAIT_SIZE)
    return None


def level_portrait_problems(base_dir: Path, name: str) -> list[str]:
    """Return what is wrong with the level's own set ``portraits/<name>/``, one line each.

    Each line names the file and says how to fix it: a missing required expression, an
    image that is not a PNG, not 256 × 256 or too large, a file leading outside the level's
    folder, or a PNG named after no expression.
    """
    set_dir = base_dir / LEVEL_PORTRAITS / name
    where = f"{LEVEL_PORTRAITS}/{name}/"
    if not _inside(set_dir, base_dir):
        return [
            tr(
                "{folder} leads outside the level's folder (a link): copy the set's images "
                "into {folder} beside the level"
            ).format(folder=where)
        ]
    problems = []
    for expression in PORTRAIT_EXPRESSIONS:
        if not (set_dir / f"{expression}.png").exists():
            needed = ", ".join(PORTRAIT_EXPRESSIONS)
            missing = (
                tr(
                    "{folder} has no {file}: a set needs {needed} ({side} × {side} PNG); "
                    "draw {file}"
                )
                if expression == "neutral"
                else tr(
                    "{folder} has no {file}: a set needs {needed} ({side} × {side} PNG); "
                    "draw {file} (or copy neutral.png to it)"
                )
            )
            problems.append(
                missing.format(
                    folder=where, file=f"{expression}.png", needed=needed, side=PORTRAIT_SIZE
                )
            )
    expressions = PORTRAIT_EXPRESSIONS + OPTIONAL_EXPRESSIONS
    try:
        files = sorted(set_dir.iterdir())
    except OSError:
        files = []
    for path in files:
        if path.suffix.lower() != ".png":
            continue  # notes, a licence: not drawn
        shown = f"{where}{path.name}"
        if path.stem not in expressions or path.suffix != ".png":
            names = ", ".join(f"{e}.png" for e in expressions)
            problems.append(
                tr("{file} is not an expression the game shows: name it one of {names}").format(
                    file=shown, names=names
                )
            )
            continue
        problem = _file_problem(path, shown, base_dir)
        if problem:
            problems.append(problem)
    return problems
