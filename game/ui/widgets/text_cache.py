"""Rendered text kept between frames, so a busy screen blits instead of rendering.

``font.render`` costs far more than a blit; a scene that draws the same words every frame
(labels, numbers, a dialogue log) renders each one once and keeps it here.  The cache is
bounded (least recently used entries go first) and keyed by text, font role, design size,
colour and the text scale, so a change of any of them renders afresh.

Usage::

    cache = TextCache(fonts)
    surface.blit(cache.render("Round 3 of 10", "bold", 18, palette.colour("text")), (x, y))
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from weakref import WeakKeyDictionary

import pygame

from game.ui.fonts import FontCache, FontRole
from game.ui.text import ellipsize, wrap_text

__all__ = ["TextCache", "Lru"]

Colour = pygame.Color | tuple[int, int, int] | tuple[int, int, int, int]


class Lru:
    """Values by key; beyond ``capacity`` the least recently used are forgotten."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._items: OrderedDict[Any, Any] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        """Forget every value."""
        self._items.clear()

    def get(self, key: Any) -> Any:
        """Return the value kept under ``key`` (now the most recently used), or None."""
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: Any, value: Any) -> Any:
        """Keep ``value`` under ``key``; return it."""
        self._items[key] = value
        if len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return value


#: One shared cache per font cache (see :meth:`TextCache.shared`).
_SHARED: WeakKeyDictionary[FontCache, TextCache] = WeakKeyDictionary()


class TextCache:
    """Renders text with a :class:`FontCache` and keeps the surfaces (LRU, ``capacity``)."""

    @classmethod
    def shared(cls, fonts: FontCache) -> TextCache:
        """Return the cache every widget drawing with ``fonts`` shares.

        Widgets made afresh at each layout (lists, rows of labels) draw their words from
        it, so a screen laid out again, or shown again, blits what it rendered before.
        """
        cache = _SHARED.get(fonts)
        if cache is None:
            cache = _SHARED[fonts] = cls(fonts)
        return cache

    def __init__(self, fonts: FontCache, capacity: int = 800) -> None:
        self.fonts = fonts
        self.capacity = max(16, int(capacity))
        self._surfaces = Lru(self.capacity)
        self._wrapped = Lru(self.capacity)
        self._fitted = Lru(self.capacity)
        self._widths = Lru(self.capacity)

    def __len__(self) -> int:
        return len(self._surfaces)

    def clear(self) -> None:
        """Forget every rendered surface (e.g. after the palette changed)."""
        for kept in (self._surfaces, self._wrapped, self._fitted, self._widths):
            kept.clear()

    def font(self, role: FontRole | str, size: int) -> pygame.font.Font:
        """Return the font for ``role`` at design ``size``."""
        return self.fonts.get(role, size)

    def line_height(self, role: FontRole | str, size: int) -> int:
        """Return the line spacing of ``role`` at design ``size``."""
        return self.fonts.line_height(role, size)

    def render(self, text: str, role: FontRole | str, size: int, colour: Colour) -> pygame.Surface:
        """Return ``text`` rendered (anti-aliased) in ``colour``; cached."""
        rgba = tuple(pygame.Color(colour))
        key = (text, str(role), int(size), rgba, self.fonts.text_scale)
        surface = self._surfaces.get(key)
        if surface is None:
            surface = self._surfaces.put(key, self.fonts.get(role, size).render(text, True, rgba))
        return surface

    def fit(self, text: str, role: FontRole | str, size: int, colour: Colour, width: int):
        """Return ``text`` rendered and cut with an ellipsis to fit ``width`` pixels."""
        key = (text, str(role), int(size), int(width), self.fonts.text_scale)
        fitted = self._fitted.get(key)
        if fitted is None:
            fitted = self._fitted.put(
                key, ellipsize(self.fonts.get(role, size), text, max(8, width))
            )
        return self.render(fitted, role, size, colour)

    def width_of(self, text: str, role: FontRole | str, size: int) -> int:
        """Return the width of ``text`` in pixels (measured once per text, role and size)."""
        key = (text, str(role), int(size), self.fonts.text_scale)
        width = self._widths.get(key)
        if width is None:
            width = self._widths.put(key, self.fonts.get(role, size).size(text)[0])
        return width

    def wrap(self, text: str, role: FontRole | str, size: int, width: int) -> list[str]:
        """Return the lines of ``text`` wrapped to ``width`` pixels (cached)."""
        key = (text, str(role), int(size), int(width), self.fonts.text_scale)
        lines = self._wrapped.get(key)
        if lines is None:
            lines = self._wrapped.put(
                key, wrap_text(self.fonts.get(role, size), text, max(8, width))
            )
        return lines

    def text_height(self, text: str, role: FontRole | str, size: int, width: int) -> int:
        """Return the height ``text`` takes wrapped to ``width``."""
        return len(self.wrap(text, role, size, width)) * self.line_height(role, size)

    def draw_wrapped(
        self,
        surface: pygame.Surface,
        text: str,
        role: FontRole | str,
        size: int,
        colour: Colour,
        rect: pygame.Rect,
        *,
        max_lines: int | None = None,
    ) -> int:
        """Draw ``text`` wrapped inside ``rect`` from its top; return the height used.

        Lines beyond ``max_lines`` are left out and the last one shown ends in an ellipsis.
        """
        lines = self.wrap(text, role, size, rect.width)
        line_h = self.line_height(role, size)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = ellipsize(self.fonts.get(role, size), lines[-1] + " …", rect.width)
        y = rect.top
        for line in lines:
            surface.blit(self.render(line, role, size, colour), (rect.left, y))
            y += line_h
        return y - rect.top
