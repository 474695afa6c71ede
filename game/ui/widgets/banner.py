"""A dismissible message banner across the top of a scene.

E.g. "Your save was repaired: the newest backup was used."  The kind (info, success,
warning, error) is shown by a word ("Note", "Done", "Warning", "Problem") and an icon shape
as well as by colour.  Esc, Enter on the banner's close button, or a click on it dismisses
the banner; an optional timeout dismisses it by itself.
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pygame

from game.i18n import tr
from game.ui.fonts import FontCache, FontRole
from game.ui.text import wrap_text
from game.ui.theme import Palette

__all__ = ["BannerMessage", "Banner", "BANNER_KINDS"]

logger = logging.getLogger(__name__)

#: kind -> (word written before the message, palette role of the stripe and icon)
BANNER_KINDS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "info": ("Note", "info"),
        "success": ("Done", "positive"),
        "warning": ("Warning", "warning"),
        "error": ("Problem", "negative"),
    }
)


@dataclass(frozen=True)
class BannerMessage:
    """One message: text, kind and an optional timeout in seconds."""

    text: str
    kind: str = "info"
    timeout: float | None = None


class Banner:
    """Shows one message at a time; further messages wait in a queue."""

    TEXT_SIZE = 18
    PADDING = 12

    def __init__(self, fonts: FontCache) -> None:
        self.fonts = fonts
        self._queue: deque[BannerMessage] = deque()
        self._current: BannerMessage | None = None
        self._age = 0.0
        self._width = 800
        self._top_left = (0, 0)

    @property
    def message(self) -> BannerMessage | None:
        """Return the message on show, or None."""
        return self._current

    @property
    def visible(self) -> bool:
        """Return True while a message is on show."""
        return self._current is not None

    def show(self, text: str, kind: str = "info", timeout: float | None = None) -> None:
        """Queue a message (shown at once if nothing is on show)."""
        if kind not in BANNER_KINDS:
            logger.warning("unknown banner kind %r; using info", kind)
            kind = "info"
        self._queue.append(BannerMessage(text, kind, timeout))
        if self._current is None:
            self._next()

    def dismiss(self) -> None:
        """Hide the current message and show the next queued one, if any."""
        self._current = None
        self._next()

    def _next(self) -> None:
        self._current = self._queue.popleft() if self._queue else None
        self._age = 0.0

    def set_area(self, top_left: tuple[int, int], width: int) -> None:
        """Place the banner (call from ``Scene.on_resize``)."""
        self._top_left = (int(top_left[0]), int(top_left[1]))
        self._width = max(200, int(width))

    def update(self, dt: float) -> None:
        """Count the message's age; dismiss it when its timeout passes."""
        if self._current is None:
            return
        self._age += dt
        if self._current.timeout is not None and self._age >= self._current.timeout:
            self.dismiss()

    def _lines(self) -> tuple[list[str], int]:
        assert self._current is not None
        word, _ = BANNER_KINDS[self._current.kind]
        font = self.fonts.get(FontRole.BODY, self.TEXT_SIZE)
        close_w = self._close_size()[0]
        icon_w = font.get_linesize()
        text_w = self._width - 4 * self.PADDING - icon_w - close_w
        lines = wrap_text(font, f"{word}: {self._current.text}", text_w)
        return lines, font.get_linesize()

    def _close_size(self) -> tuple[int, int]:
        font = self.fonts.get(FontRole.BOLD, self.TEXT_SIZE)
        w, h = font.size("Dismiss")
        return w + 24, h + 12

    def rect(self) -> pygame.Rect:
        """Return the area the banner covers now (empty when hidden)."""
        if self._current is None:
            return pygame.Rect(self._top_left, (0, 0))
        lines, line_h = self._lines()
        hint_h = self.fonts.line_height(FontRole.ITALIC, 14)
        height = max(len(lines) * line_h, self._close_size()[1] + hint_h + 2) + 2 * self.PADDING
        return pygame.Rect(self._top_left, (self._width, height))

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Dismiss on Esc or a click on the close button; return True if used."""
        if self._current is None:
            return False
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.dismiss()
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == pygame.BUTTON_LEFT:
            if self._close_rect().collidepoint(event.pos):
                self.dismiss()
                return True
        return False

    def _close_rect(self) -> pygame.Rect:
        rect = self.rect()
        w, h = self._close_size()
        return pygame.Rect(rect.right - self.PADDING - w, rect.top + self.PADDING, w, h)

    def draw(self, surface: pygame.Surface, palette: Palette) -> None:
        """Draw the banner if a message is on show."""
        if self._current is None:
            return
        rect = self.rect()
        _, role = BANNER_KINDS[self._current.kind]
        accent = palette.colour(role)
        text = palette.colour("text")
        pygame.draw.rect(surface, palette.colour("surface"), rect, border_radius=10)
        pygame.draw.rect(surface, accent, rect, width=3, border_radius=10)
        pygame.draw.rect(
            surface,
            accent,
            (rect.left, rect.top, 10, rect.height),
            border_top_left_radius=10,
            border_bottom_left_radius=10,
        )
        lines, line_h = self._lines()
        font = self.fonts.get(FontRole.BODY, self.TEXT_SIZE)
        icon = pygame.Rect(rect.left + 2 * self.PADDING, rect.top + self.PADDING, line_h, line_h)
        _draw_icon(
            surface, self._current.kind, icon.inflate(-4, -4), accent, palette.colour("surface")
        )
        x = icon.right + self.PADDING
        y = rect.top + self.PADDING
        bold = self.fonts.get(FontRole.BOLD, self.TEXT_SIZE)
        word = BANNER_KINDS[self._current.kind][0] + ":"
        for number, line in enumerate(lines):
            if number == 0 and line.startswith(word):
                head = bold.render(word, True, text)
                surface.blit(head, (x, y))
                rest = font.render(line[len(word) :], True, text)
                surface.blit(rest, (x + head.get_width(), y))
            else:
                surface.blit(font.render(line, True, text), (x, y))
            y += line_h
        close = self._close_rect()
        pygame.draw.rect(surface, palette.colour("primary"), close, border_radius=8)
        label = bold.render(tr("Dismiss"), True, palette.colour("text_on_primary"))
        surface.blit(label, label.get_rect(center=close.center))
        hint = self.fonts.get(FontRole.ITALIC, 14).render(
            tr("or press Esc"), True, palette.colour("text_muted")
        )
        surface.blit(hint, hint.get_rect(midtop=(close.centerx, close.bottom + 2)))


def _draw_icon(
    surface: pygame.Surface, kind: str, rect: pygame.Rect, colour: pygame.Color, knock: pygame.Color
) -> None:
    """Draw a shape per kind: circle-i (info), circle-tick (success), triangle-! (warning), octagon-x (error)."""
    cx, cy, r = rect.centerx, rect.centery, rect.width // 2
    w = max(2, r // 4)
    if kind == "warning":
        pygame.draw.polygon(
            surface, colour, [(cx, rect.top), (rect.right, rect.bottom), (rect.left, rect.bottom)]
        )
        pygame.draw.line(surface, knock, (cx, rect.top + r * 0.7), (cx, rect.bottom - r * 0.7), w)
        pygame.draw.circle(surface, knock, (cx, rect.bottom - r * 0.35), w // 2 + 1)
    elif kind == "error":
        pts = []
        for i in range(8):
            angle = math.pi / 8 + i * math.pi / 4
            pts.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
        pygame.draw.polygon(surface, colour, pts)
        d = r * 0.45
        pygame.draw.line(surface, knock, (cx - d, cy - d), (cx + d, cy + d), w)
        pygame.draw.line(surface, knock, (cx - d, cy + d), (cx + d, cy - d), w)
    elif kind == "success":
        pygame.draw.circle(surface, colour, (cx, cy), r)
        pygame.draw.lines(
            surface,
            knock,
            False,
            [(cx - r * 0.5, cy), (cx - r * 0.1, cy + r * 0.4), (cx + r * 0.5, cy - r * 0.4)],
            w,
        )
    else:
        pygame.draw.circle(surface, colour, (cx, cy), r)
        pygame.draw.line(surface, knock, (cx, cy - r * 0.1), (cx, cy + r * 0.55), w)
        pygame.draw.circle(surface, knock, (cx, cy - r * 0.45), w // 2 + 1)
