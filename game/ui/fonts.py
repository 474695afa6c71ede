"""A cache of ``pygame.font.Font`` objects by (role, size), with the text scale applied.

The text scale (100–200 %) is applied when a font is *created*: a 16 px body font at 150 %
is a real 24 px font, so glyphs stay sharp.  Rendered text surfaces are never scaled.

Usage::

    fonts = FontCache(AssetPaths.default().fonts, text_scale=1.5)
    surface = fonts.get("body", 18).render("Hello", True, colour)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

import pygame

from game.ui.text import visible_text

__all__ = [
    "FontCache",
    "FontRole",
    "FONT_FILES",
    "COMMON_FONTS",
    "MIN_TEXT_SCALE",
    "MAX_TEXT_SCALE",
    "clamp_text_scale",
]

logger = logging.getLogger(__name__)

MIN_TEXT_SCALE = 1.0
MAX_TEXT_SCALE = 2.0


class FontRole(StrEnum):
    """What a piece of text is for; each role maps to one font file."""

    BODY = "body"
    BOLD = "bold"
    HEADING = "heading"
    ITALIC = "italic"


# Atkinson Hyperlegible (SIL OFL 1.1), see assets/fonts/OFL.txt.
FONT_FILES: Mapping[FontRole, str] = MappingProxyType(
    {
        FontRole.BODY: "AtkinsonHyperlegible-Regular.ttf",
        FontRole.BOLD: "AtkinsonHyperlegible-Bold.ttf",
        FontRole.HEADING: "AtkinsonHyperlegible-Bold.ttf",
        FontRole.ITALIC: "AtkinsonHyperlegible-Italic.ttf",
    }
)


#: The (role, design size) pairs most screens use: readied ahead (see FontCache.warm_step).
COMMON_FONTS: tuple[tuple[FontRole, int], ...] = (
    (FontRole.BODY, 16),
    (FontRole.BODY, 18),
    (FontRole.BOLD, 20),
    (FontRole.BOLD, 18),
    (FontRole.HEADING, 24),
    (FontRole.ITALIC, 16),
    (FontRole.BODY, 17),
    (FontRole.HEADING, 30),
    (FontRole.ITALIC, 15),
    (FontRole.BOLD, 14),
)

_PRINTABLE = "".join(chr(code) for code in range(32, 127))


class _SafeFont(pygame.font.Font):
    """A font that never meets a character it cannot draw (see ``visible_text``): a NUL in
    a level's or a save's text made ``render`` raise in the middle of a frame."""

    def render(self, text, antialias, color, bgcolor=None, wraplength=0):  # noqa: D102
        if isinstance(text, str):
            text = visible_text(text)
        return super().render(text, antialias, color, bgcolor, wraplength)

    def size(self, text, /):  # noqa: D102
        return super().size(visible_text(text) if isinstance(text, str) else text)


def clamp_text_scale(scale: float) -> float:
    """Return ``scale`` limited to the supported 1.0–2.0 range (100–200 %)."""
    return max(MIN_TEXT_SCALE, min(MAX_TEXT_SCALE, float(scale)))


class FontCache:
    """Creates fonts on first use and keeps them by (role, scaled size).

    ``size`` arguments are *design* sizes in pixels at 100 %; the cache multiplies them by
    the text scale.  Changing the scale drops the cached fonts.
    """

    def __init__(self, font_dir: Path, text_scale: float = 1.0) -> None:
        self._font_dir = Path(font_dir)
        self._text_scale = clamp_text_scale(text_scale)
        self._fonts: dict[tuple[FontRole, int], pygame.font.Font] = {}
        self._warmed = 0  # how many of COMMON_FONTS have their glyphs drawn

    @property
    def warm(self) -> bool:
        """Return True when the common fonts have their printable ASCII glyphs drawn."""
        return self._warmed >= len(COMMON_FONTS)

    def warm_step(self) -> bool:
        """Ready the next common font (open it, draw its glyphs once); False when none is left.

        FreeType draws each glyph the first time it is measured or rendered, and at a
        new text size that is most of what laying a screen out costs; each step is a few
        milliseconds, for a frame with little else to do.
        """
        if self.warm:
            return False
        role, size = COMMON_FONTS[self._warmed]
        self._warmed += 1
        self.get(role, size).size(_PRINTABLE)
        return True

    @property
    def text_scale(self) -> float:
        """Return the current text scale (1.0 = 100 %)."""
        return self._text_scale

    def set_text_scale(self, scale: float) -> None:
        """Change the text scale; fonts are re-created at the new size on next use."""
        scale = clamp_text_scale(scale)
        if scale != self._text_scale:
            self._text_scale = scale
            self._fonts.clear()
            self._warmed = 0

    def scaled_size(self, size: int) -> int:
        """Return the pixel size a design ``size`` becomes at the current scale."""
        return max(1, round(size * self._text_scale))

    def path_for(self, role: FontRole | str) -> Path:
        """Return the font file used for ``role``."""
        return self._font_dir / FONT_FILES[FontRole(role)]

    def get(self, role: FontRole | str, size: int) -> pygame.font.Font:
        """Return the font for ``role`` at design ``size`` (scaled), creating it once."""
        role = FontRole(role)
        pixel_size = self.scaled_size(size)
        key = (role, pixel_size)
        font = self._fonts.get(key)
        if font is None:
            if not pygame.font.get_init():
                pygame.font.init()
            path = self.path_for(role)
            try:
                font = _SafeFont(path, pixel_size)
            except (FileNotFoundError, OSError):
                logger.warning("font %s missing; using pygame's default font", path)
                font = _SafeFont(None, pixel_size)
            self._fonts[key] = font
        return font

    def line_height(self, role: FontRole | str, size: int) -> int:
        """Return the line spacing in pixels for ``role`` at design ``size`` (scaled)."""
        return self.get(role, size).get_linesize()

    def __len__(self) -> int:
        return len(self._fonts)
