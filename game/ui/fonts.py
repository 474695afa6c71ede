"""A cache of ``pygame.font.Font`` objects by (role, size), with the text scale applied.

The text scale (100–200 %) is applied when a font is *created*: a 16 px body font at 150 %
is a real 24 px font, so glyphs stay sharp.  Rendered text surfaces are never scaled.

Usage::

    fonts = FontCache(AssetPaths.default().fonts, text_scale=1.5)
    surface = fonts.get("body", 18).render("Hello", True, colour)

Atkinson Hyperlegible draws Latin; a character it lacks is drawn with the first font of
:data:`FALLBACK_FILES` that has it (Greek and Cyrillic, Arabic, Hebrew, Chinese, Japanese,
Korean): ``render`` splits the text into runs by font and draws them side by side on one
baseline, and ``size`` measures the same runs, so wrapping and cutting with an ellipsis
work unchanged.  Right-to-left runs (Arabic, Hebrew) are ordered by :mod:`game.ui.bidi`
and shaped by HarfBuzz inside SDL_ttf where this pygame has it (:func:`shaping_available`);
without it they are only put in right-to-left order (Arabic letters then stand unjoined).
"""

from __future__ import annotations

import functools
import logging
import struct
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

import pygame

from game.ui import bidi
from game.ui.text import visible_text

__all__ = [
    "FontCache",
    "FontRole",
    "FONT_FILES",
    "FALLBACK_FILES",
    "font_coverage",
    "shaping_available",
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


#: Fonts tried in turn for a character the role's font lacks: (regular, bold) file names;
#: a bold role without a bold file gets the regular one drawn bold.  All Noto (SIL OFL 1.1,
#: assets/fonts/OFL-Noto.txt), cut down by scripts/make_fallback_fonts.py.
FALLBACK_FILES: tuple[tuple[str, str | None], ...] = (
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),  # Latin extensions, Greek, Cyrillic
    ("NotoSansArabic-Regular.ttf", None),
    ("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    ("NotoSansCJK-Subset.otf", None),  # common Chinese, Japanese and Korean characters
)


#: The computer's own fonts tried last (by the names pygame's font matcher knows), for a
#: character no shipped font has: the rarer Chinese, Japanese and Korean characters of some
#: names (堃, 珺) that the shipped CJK subset leaves out.  Windows, macOS and most Linux
#: desktops have one of these.
SYSTEM_FALLBACK_NAMES: tuple[str, ...] = (
    "notosanscjksc",
    "notosanscjk",
    "notosanscjkjp",
    "notosanscjkkr",
    "sourcehansanssc",
    "sourcehansans",
    "microsoftyahei",
    "microsoftyaheiui",
    "msgothic",
    "yugothic",
    "meiryo",
    "malgungothic",
    "simsun",
    "pingfangsc",
    "hiraginosansgb",
    "hiraginosans",
    "applesdgothicneo",
    "wenquanyizenhei",
    "wenquanyimicrohei",
    "droidsansfallback",
    "arialunicodems",
)


@functools.lru_cache(maxsize=1)
def system_fallback() -> Path | None:
    """Return the computer's font for characters no shipped font has, or None.

    Looked up once, on the first such character (pygame asks the system's font list).
    """
    if not pygame.font.get_init():
        pygame.font.init()
    try:
        found = pygame.font.match_font(list(SYSTEM_FALLBACK_NAMES))
    except Exception as error:  # noqa: BLE001 - a broken font list must not stop a frame
        logger.info("cannot list the computer's fonts: %s", error)
        return None
    return Path(found) if found else None


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


@functools.lru_cache(maxsize=32)
def font_coverage(path: Path | str) -> frozenset[int]:
    """Return the code points ``path``'s character map draws with a real glyph.

    Read from the font's ``cmap`` table (format 12, else 4): pygame cannot tell a glyph
    from the empty box a font draws for a character it lacks.  An unreadable file covers
    nothing.
    """
    try:
        data = Path(path).read_bytes()
        return frozenset(_read_cmap(data))
    except (OSError, struct.error, ValueError) as error:
        logger.warning("cannot read the characters of %s: %s", path, error)
        return frozenset()


def _read_cmap(data: bytes) -> set[int]:
    # a font collection (.ttc, as most systems ship their CJK fonts): its first font, the
    # one SDL_ttf opens; its tables' offsets count from the start of the file all the same
    base = struct.unpack_from(">L", data, 12)[0] if data[:4] == b"ttcf" else 0
    (tables,) = struct.unpack_from(">H", data, base + 4)
    records = base + 12
    cmap = next(
        (
            struct.unpack_from(">L", data, records + 16 * i + 8)[0]
            for i in range(tables)
            if data[records + 16 * i : records + 4 + 16 * i] == b"cmap"
        ),
        None,
    )
    if cmap is None:
        raise ValueError("no cmap table")
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    subtables: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * i)
        subtables[(platform, encoding)] = cmap + offset
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 1), (0, 0)):
        at = subtables.get(key)
        if at is None:
            continue
        (kind,) = struct.unpack_from(">H", data, at)
        if kind == 12:
            (groups,) = struct.unpack_from(">L", data, at + 12)
            found: set[int] = set()
            for g in range(groups):
                first, last, _glyph = struct.unpack_from(">LLL", data, at + 16 + 12 * g)
                found.update(range(first, last + 1))
            return found
        if kind == 4:
            return _read_format_4(data, at)
    raise ValueError("no Unicode character map of format 4 or 12")


def _read_format_4(data: bytes, at: int) -> set[int]:
    (segments2,) = struct.unpack_from(">H", data, at + 6)
    segments = segments2 // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + segments2)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 2 * segments2)
    range_at = at + 16 + 3 * segments2
    range_offsets = struct.unpack_from(f">{segments}H", data, range_at)
    found: set[int] = set()
    for i in range(segments):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if range_offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                where = range_at + 2 * i + range_offsets[i] + 2 * (code - starts[i])
                (glyph,) = struct.unpack_from(">H", data, where)
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                found.add(code)
    return found


@functools.lru_cache(maxsize=1)
def shaping_available() -> bool:
    """Return True when SDL_ttf shapes text with HarfBuzz (joins Arabic, orders RTL runs).

    pygame-ce's ``Font.set_direction`` raises where SDL_ttf was built without HarfBuzz
    (or is older than 2.20).
    """
    if not pygame.font.get_init():
        pygame.font.init()
    try:
        probe = pygame.font.Font(None, 12)
        probe.set_direction(pygame.DIRECTION_RTL)
        probe.set_direction(pygame.DIRECTION_LTR)
    except (AttributeError, pygame.error, NotImplementedError):
        return False
    return True


def _joins_any_run(char: str) -> bool:
    """Return True for a character with no script of its own: a space, punctuation, a mark."""
    category = unicodedata.category(char)
    return category[0] in "MZPS" or category == "Cf"


class _SafeFont(pygame.font.Font):
    """A font that never meets a character it cannot draw (see ``visible_text``): a NUL in
    a level's or a save's text made ``render`` raise in the middle of a frame.

    It also draws characters it lacks with its ``fallbacks`` (made on first need) and
    right-to-left text in order: see the module's notes.
    """

    def __init__(self, path, size, fallbacks=()) -> None:  # noqa: D107
        super().__init__(path, size)
        self._path = path
        # (file, draw it bold, draw it slanted) per fallback font
        self._fallback_specs: tuple[tuple[Path, bool, bool], ...] = tuple(fallbacks)
        self._fallbacks: dict[int, pygame.font.Font] = {}
        self._runs_cache: dict[str, list[tuple[int, str, int]]] = {}
        self._covered: dict[int, frozenset[int]] = {}  # code points per font of the chain
        self._index_of: dict[str, int | None] = {}  # the font each character was drawn with

    # -- which font draws what ---------------------------------------------------------
    def _spec(self, index: int) -> tuple[Path | None, bool, bool]:
        """Return (file, drawn bold, drawn slanted) of fallback ``index`` (1 on); the one after
        the shipped ones is the computer's own (:func:`system_fallback`), drawn bold where
        the last shipped one is."""
        if index <= len(self._fallback_specs):
            return self._fallback_specs[index - 1]
        last = self._fallback_specs[-1] if self._fallback_specs else (None, False, False)
        return system_fallback(), last[1], False

    def _coverage(self, index: int) -> frozenset[int]:
        covered = self._covered.get(index)
        if covered is None:
            path = self._path if index == 0 else self._spec(index)[0]
            covered = font_coverage(path) if path is not None else frozenset()
            self._covered[index] = covered
        return covered

    def font_for(self, index: int) -> pygame.font.Font:
        """Return font ``index`` of the chain: 0 this font, then the fallbacks in turn, then
        the computer's own font."""
        if index == 0:
            return self
        font = self._fallbacks.get(index)
        if font is None or font.point_size != self.point_size:
            path, embolden, slant = self._spec(index)
            font = pygame.font.Font(path, self.point_size)
            font.bold = embolden
            font.italic = slant
            self._fallbacks[index] = font
        return font

    def font_index(self, char: str) -> int | None:
        """Return the index of the first font of the chain that has ``char``, or None."""
        if char in self._index_of:
            return self._index_of[char]
        code = ord(char)
        chain = len(self._fallback_specs) + 1
        if self._fallback_specs:  # a font with a chain: the computer's font comes last
            chain += 1
        found = next((i for i in range(chain) if code in self._coverage(i)), None)
        if len(self._index_of) < 4096:
            self._index_of[char] = found
        return found

    def runs(self, text: str) -> list[tuple[int, str, int]]:
        """Return ``text`` as (font index, piece, level) runs, in the order drawn left to
        right; a piece of an odd level is drawn right to left."""
        cached = self._runs_cache.get(text)
        if cached is not None:
            return cached
        # The game's screens run left to right: a name, a label or a line of a level is a
        # left-to-right paragraph with right-to-left runs inside ("سارة: " keeps its colon
        # after the name, "سارة (mediator)" its words in order).
        levels = bidi.embedding_levels(text, 0) if bidi.has_rtl(text) else [0] * len(text)
        pieces: list[list] = []
        for char, level in zip(text, levels, strict=True):
            index = self.font_index(char)
            if pieces and pieces[-1][2] == level:
                current = pieces[-1][0]
                if index == current or (
                    _joins_any_run(char) and ord(char) in self._coverage(current)
                ):
                    pieces[-1][1].append(char)
                    continue
            pieces.append([0 if index is None else index, [char], level])
        runs = [(index, "".join(chars), level) for index, chars, level in pieces]
        ordered = [run for _, run in bidi.visual_order([(run[2], run) for run in runs])]
        if len(self._runs_cache) > 256:
            self._runs_cache.clear()
        self._runs_cache[text] = ordered
        return ordered

    def _simple(self, text: str) -> bool:
        """Return True when this font draws all of ``text`` by itself (no right-to-left
        letter is ever among its characters: it draws Latin)."""
        return text.isascii() or self._coverage(0).issuperset(map(ord, text))

    # -- drawing and measuring ---------------------------------------------------------
    def _shown(self, index: int, piece: str, level: int) -> tuple[pygame.font.Font, str, bool]:
        """Return (font, text to give it, shape right to left) for one run."""
        font = self.font_for(index)
        if level % 2 == 0:
            return font, piece, False
        if index and shaping_available():
            return font, piece, True  # HarfBuzz orders, joins and mirrors the run
        # Spaces and punctuation between right-to-left words, or no shaping: the letters
        # in right-to-left order at least (Arabic then stands unjoined).
        return font, bidi.mirrored(piece[::-1]), False

    def _render_run(self, index, piece, level, antialias, color, bgcolor) -> pygame.Surface:
        font, shown, rtl = self._shown(index, piece, level)
        draw = super().render if font is self else font.render
        if rtl:
            font.set_direction(pygame.DIRECTION_RTL)
        try:
            return draw(shown, antialias, color, bgcolor)
        except pygame.error:  # a run of marks alone has no width
            return pygame.Surface((0, font.get_height()), pygame.SRCALPHA)
        finally:
            if rtl:
                font.set_direction(pygame.DIRECTION_LTR)

    def _run_width(self, index: int, piece: str, level: int) -> int:
        font, shown, rtl = self._shown(index, piece, level)
        measure = super().size if font is self else font.size
        if not rtl:
            return measure(shown)[0]
        font.set_direction(pygame.DIRECTION_RTL)
        try:
            return measure(shown)[0]
        finally:
            font.set_direction(pygame.DIRECTION_LTR)

    def render(self, text, antialias, color, bgcolor=None, wraplength=0):  # noqa: D102
        if not isinstance(text, str):
            return super().render(text, antialias, color, bgcolor, wraplength)
        text = visible_text(text)
        if wraplength or not self._fallback_specs or self._simple(text):
            return super().render(text, antialias, color, bgcolor, wraplength)
        pictures = [
            self._render_run(index, piece, level, antialias, color, bgcolor)
            for index, piece, level in self.runs(text)
        ]
        width = sum(p.get_width() for p in pictures)
        height = self.get_height()
        if bgcolor is None:
            out = pygame.Surface((max(1, width), height), pygame.SRCALPHA)
            flags = pygame.BLEND_RGBA_MAX  # runs sit side by side: copy, do not darken
        else:
            out = pygame.Surface((max(1, width), height))
            out.fill(bgcolor)
            flags = 0
        x = 0
        ascent = self.get_ascent()
        for (index, _, _), picture in zip(self.runs(text), pictures, strict=True):
            font = self.font_for(index)
            out.blit(picture, (x, ascent - font.get_ascent()), special_flags=flags)
            x += picture.get_width()
        return out

    def metrics(self, text, /):  # noqa: D102
        if not isinstance(text, str) or not self._fallback_specs or self._simple(text):
            return super().metrics(text)
        found = []
        for char in text:  # each character as the font of the chain that draws it
            index = self.font_index(char) or 0
            font = self.font_for(index)
            found.extend(super().metrics(char) if index == 0 else font.metrics(char))
        return found

    def size(self, text, /):  # noqa: D102
        if not isinstance(text, str):
            return super().size(text)
        text = visible_text(text)
        if not self._fallback_specs or self._simple(text):
            return super().size(text)
        width = sum(self._run_width(*run) for run in self.runs(text))
        return width, self.get_height()


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

    def fallbacks_for(self, role: FontRole | str) -> tuple[tuple[Path, bool, bool], ...]:
        """Return (file, drawn bold, drawn slanted) for each fallback font of ``role``.

        Bold roles take a family's bold file where it ships one, else the regular file
        drawn bold; the italic role slants Latin, Greek and Cyrillic only (slanted Arabic,
        Hebrew or Chinese would read as a mistake).  Missing files are left out.
        """
        role = FontRole(role)
        bold = role in (FontRole.BOLD, FontRole.HEADING)
        chain = []
        files = [(self._font_dir, pair) for pair in FALLBACK_FILES]
        for number, (folder, (regular, bold_file)) in enumerate(files):
            name = bold_file if bold and bold_file else regular
            path = folder / name
            if path.is_file():
                slant = role is FontRole.ITALIC and number == 0
                chain.append((path, bold and not bold_file, slant))
        return tuple(chain)

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
                font = _SafeFont(path, pixel_size, self.fallbacks_for(role))
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
