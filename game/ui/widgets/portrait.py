"""NPC portraits: ``assets/portraits/<npc_id>/<emotion>.png``, cached, with fallbacks.

A level in a folder may ship sets of its own, ``portraits/<npc_id>/<emotion>.png`` beside
the level file (same names, 256-pixel square PNGs): a library given the level's folder
draws a set found there before the game's set of the same name.  Only plain files inside
the level's folder, of a sane size, are read from there (see ``game.levels.portraits``).

Missing emotion → the set's ``neutral`` portrait; missing set → the ``player`` avatar's
portrait for that emotion; nothing at all → a plain placeholder (the game never crashes for
a missing picture).  The emotion is also written under the face by :class:`Portrait`, so
it is never told by the picture alone.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pygame

from game.levels.portraits import level_portrait_file
from game.ui.fonts import FontCache, FontRole
from game.ui.text import ellipsize
from game.ui.theme import Palette

__all__ = [
    "EMOTIONS",
    "REQUIRED_EMOTIONS",
    "EMOTION_ALIASES",
    "FALLBACK_NPC",
    "PortraitLibrary",
    "Portrait",
    "normalise_emotion",
]

logger = logging.getLogger(__name__)

#: Every expression drawn, the first five for every character.
REQUIRED_EMOTIONS: tuple[str, ...] = ("neutral", "warm", "frustrated", "angry", "hurt")
EMOTIONS: tuple[str, ...] = REQUIRED_EMOTIONS + ("surprised", "thinking")
#: Other words the dialogue data may use for the same expressions.
EMOTION_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "happy": "warm",
        "pleased": "warm",
        "friendly": "warm",
        "sad": "hurt",
        "disappointed": "hurt",
        "annoyed": "frustrated",
        "impatient": "frustrated",
        "furious": "angry",
        "shocked": "surprised",
        "curious": "thinking",
        "pensive": "thinking",
        "calm": "neutral",
    }
)
FALLBACK_NPC = "player"


def normalise_emotion(emotion: str | None) -> str:
    """Return the portrait emotion for ``emotion`` (aliases resolved; unknown → neutral)."""
    if not emotion:
        return "neutral"
    name = emotion.strip().lower()
    name = EMOTION_ALIASES.get(name, name)
    return name if name in EMOTIONS else "neutral"


#: Portrait files read so far, by path, shared by every library (a new table does not read
#: them from disk again); emptied when pygame quits.
_ORIGINALS: dict[Path, pygame.Surface | None] = {}


class PortraitLibrary:
    """Loads portrait PNGs on first use and keeps them by (npc, emotion, size).

    ``level_dir`` is the folder of the level being shown (``LoadedLevel.base_dir``): its
    ``portraits/`` sets come first.  The game's files are read once per run and shared by
    every library; a level's own files are read again by each new library, so a designer
    who redraws a face sees it the next time the level opens.
    """

    def __init__(self, portrait_dir: Path, level_dir: Path | None = None) -> None:
        self._dir = Path(portrait_dir)
        self._level_dir = Path(level_dir) if level_dir is not None else None
        if not _ORIGINALS:
            pygame.register_quit(_ORIGINALS.clear)
        self._originals = _ORIGINALS
        self._level_files: dict[Path, pygame.Surface | None] = {}
        self._scaled: dict[tuple[str, str, int], pygame.Surface] = {}

    @property
    def directory(self) -> Path:
        """Return the folder holding one sub-folder per NPC id."""
        return self._dir

    @property
    def level_directory(self) -> Path | None:
        """Return the level's folder whose ``portraits/`` sets come first, or None."""
        return self._level_dir

    def manifest(self) -> dict:
        """Return ``manifest.json`` written by ``scripts/make_portraits.py`` ({} if missing)."""
        path = self._dir / "manifest.json"
        try:
            with open(path, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            logger.warning("portrait manifest %s is missing or unreadable", path)
            return {}

    def npc_ids(self) -> list[str]:
        """Return the NPC ids that have a portrait folder."""
        if not self._dir.is_dir():
            return []
        return sorted(p.name for p in self._dir.iterdir() if p.is_dir())

    def path_for(self, npc_id: str, emotion: str) -> Path | None:
        """Return the PNG used for ``npc_id`` and ``emotion`` after fallbacks, or None."""
        emotion = normalise_emotion(emotion)
        if self._level_dir is not None:
            for emo in (emotion, "neutral"):
                own = level_portrait_file(self._level_dir, npc_id, emo)
                if own is not None and self._load(own) is not None:
                    return own
        for npc, emo in (
            (npc_id, emotion),
            (npc_id, "neutral"),
            (FALLBACK_NPC, emotion),
            (FALLBACK_NPC, "neutral"),
        ):
            path = self._dir / npc / f"{emo}.png"
            if self._load(path) is not None:
                return path
        return None

    def _load(self, path: Path) -> pygame.Surface | None:
        if self._level_dir is not None and path.is_relative_to(self._level_dir):
            if path not in self._level_files:
                self._level_files[path] = _read(path)
            return self._level_files[path]
        if path not in self._originals:
            self._originals[path] = _read(path)
        return self._originals[path]

    def get(self, npc_id: str, emotion: str = "neutral", size: int | None = None) -> pygame.Surface:
        """Return the portrait for ``npc_id``/``emotion``, ``size`` pixels square if given."""
        emotion = normalise_emotion(emotion)
        key = (npc_id, emotion, int(size or 0))
        cached = self._scaled.get(key)
        if cached is not None:
            return cached
        path = self.path_for(npc_id, emotion)
        source = self._load(path) if path is not None else None
        if source is None:
            logger.warning("no portrait for %s/%s; drawing a placeholder", npc_id, emotion)
            source = _placeholder(size or 256)
        side = size or source.get_width()
        if source.get_size() == (side, side):
            cached = source
        else:
            cached = pygame.transform.smoothscale(source, (side, side))
        self._scaled[key] = cached
        return cached

    def load(self, npc_id: str) -> None:
        """Read every expression of ``npc_id`` now (so showing one later reads no file)."""
        for emotion in EMOTIONS:
            self.path_for(npc_id, emotion)

    def clear(self) -> None:
        """Forget every loaded image (this library's scaled copies and the files read)."""
        self._originals.clear()
        self._level_files.clear()
        self._scaled.clear()


def _read(path: Path) -> pygame.Surface | None:
    """Return the picture in ``path`` (converted for the screen when there is one), or None."""
    if not path.is_file():
        return None
    try:
        surface = pygame.image.load(str(path))
        if pygame.display.get_init() and pygame.display.get_surface() is not None:
            surface = surface.convert_alpha()
    except (pygame.error, OSError) as error:
        logger.warning("cannot read portrait %s: %s", path, error)
        return None
    return surface


def _placeholder(side: int) -> pygame.Surface:
    surface = pygame.Surface((side, side), pygame.SRCALPHA)
    pygame.draw.circle(surface, (205, 196, 182), (side // 2, side // 2), side // 2)
    pygame.draw.circle(surface, (120, 110, 98), (side // 2, side * 2 // 5), side // 6)
    pygame.draw.ellipse(surface, (120, 110, 98), (side // 4, side * 3 // 5, side // 2, side // 3))
    return surface


class Portrait:
    """A portrait with the character's name and current emotion written beneath."""

    NAME_SIZE = 20
    EMOTION_SIZE = 16

    def __init__(
        self, library: PortraitLibrary, npc_id: str, name: str, emotion: str = "neutral"
    ) -> None:
        self.library = library
        self.npc_id = npc_id
        self.name = name
        self.emotion = normalise_emotion(emotion)

    def set_emotion(self, emotion: str | None) -> None:
        """Show ``emotion`` (aliases allowed; unknown names show neutral)."""
        self.emotion = normalise_emotion(emotion)

    def draw(
        self, surface: pygame.Surface, rect: pygame.Rect, fonts: FontCache, palette: Palette
    ) -> None:
        """Draw the face as large as fits ``rect`` above the name and emotion captions."""
        rect = pygame.Rect(rect)
        name_font = fonts.get(FontRole.BOLD, self.NAME_SIZE)
        emotion_font = fonts.get(FontRole.ITALIC, self.EMOTION_SIZE)
        captions = name_font.get_linesize() + emotion_font.get_linesize() + 4
        native = self.library.get(self.npc_id, self.emotion).get_width()
        side = max(16, min(rect.width, rect.height - captions, native))  # never upscale
        image = self.library.get(self.npc_id, self.emotion, side)
        image_rect = image.get_rect(midtop=(rect.centerx, rect.top))
        surface.blit(image, image_rect)
        y = image_rect.bottom + 2
        name = ellipsize(name_font, self.name, rect.width)
        name_surface = name_font.render(name, True, palette.colour("text"))
        surface.blit(name_surface, name_surface.get_rect(midtop=(rect.centerx, y)))
        y += name_font.get_linesize()
        mood = emotion_font.render(f"Mood: {self.emotion}", True, palette.colour("text_muted"))
        surface.blit(mood, mood.get_rect(midtop=(rect.centerx, y)))
