"""A capped, scrollable dialogue log drawn with our own font cache.

A text box gets slower as it grows, so the log keeps at most ``capacity``
entries (oldest dropped), wraps each entry once per width/text-scale, and draws only the
lines in view.  Mouse wheel over the log, PageUp/PageDown, Home/End scroll it, and its
scroll bar's thumb can be dragged (its track clicked to page); it sticks to the newest
line unless the reader scrolled up.  Speakers are named in bold text and
marked with a coloured bar; the name, not the colour, says who spoke.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field

import pygame

from game.i18n import tr
from game.ui.fonts import FontCache, FontRole
from game.ui.text import wrap_text
from game.ui.theme import Palette
from game.ui.widgets.scrollbar import ScrollBar

__all__ = ["DialogueEntry", "DialogueLog"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DialogueEntry:
    """One line of dialogue: who said it, what, and how (``kind``: npc, player, system)."""

    speaker: str
    text: str
    kind: str = "npc"
    speaker_index: int = 0


@dataclass
class _Layout:
    width: int
    scale: float
    lines: list[tuple[DialogueEntry, int, str]] = field(
        default_factory=list
    )  # (entry, line no, text)


class DialogueLog:
    """Keeps the last ``capacity`` entries and draws the visible part of them."""

    TEXT_SIZE = 18
    PADDING = 10

    def __init__(self, fonts: FontCache, capacity: int = 200) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.fonts = fonts
        self.capacity = capacity
        self._entries: deque[DialogueEntry] = deque(maxlen=capacity)
        self._scroll = 0  # lines scrolled up from the bottom (0 = newest in view)
        self._layout: _Layout | None = None
        self._wrapped: dict[DialogueEntry, list[str]] = {}
        self._pending_new = 0  # entries added since the last layout
        self.rect = pygame.Rect(0, 0, 400, 300)
        self._visible_lines = 1
        self._bar = ScrollBar(min_thumb=16)  # in lines from the top: see _top_line
        self.focused = False
        # Rendered lines, so a frame blits instead of rendering: (entry, line no, colour).
        self._rendered: dict[tuple, tuple[pygame.Surface | None, pygame.Surface]] = {}

    # -- content --------------------------------------------------------------------------
    def add(
        self, speaker: str, text: str, kind: str = "npc", speaker_index: int = 0
    ) -> DialogueEntry:
        """Append an entry (dropping the oldest beyond capacity) and return it."""
        entry = DialogueEntry(speaker, text, kind, speaker_index)
        self._entries.append(entry)
        self._pending_new += 1
        return entry

    @property
    def entries(self) -> tuple[DialogueEntry, ...]:
        """Return the kept entries, oldest first."""
        return tuple(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Remove every entry."""
        self._entries.clear()
        self._layout = None
        self._wrapped.clear()
        self._rendered.clear()
        self._pending_new = 0
        self._scroll = 0

    # -- layout ---------------------------------------------------------------------------
    def set_rect(self, rect: pygame.Rect) -> None:
        """Place the log (call from ``Scene.on_resize``)."""
        rect = pygame.Rect(rect)
        if rect.width != self.rect.width:
            self._layout = None  # lines wrap again; a new height only shows more or fewer
        self.rect = rect

    def _text_width(self) -> int:
        return max(40, self.rect.width - 2 * self.PADDING - 8)

    def _wrap_entry(self, entry: DialogueEntry, width: int) -> list[str]:
        cached = self._wrapped.get(entry)
        if cached is not None:
            return cached
        fonts = self.fonts
        font = fonts.get(FontRole.BODY, self.TEXT_SIZE)
        head = f"{entry.speaker}: " if entry.speaker else ""
        # The speaker's name is drawn in bold before the first line.
        bold = fonts.get(FontRole.BOLD, self.TEXT_SIZE)
        lines = wrap_text(font, entry.text, width, first_width=width - bold.size(head)[0])
        self._wrapped[entry] = lines
        return lines

    def _ensure_layout(self) -> _Layout:
        fonts = self.fonts
        width = self._text_width()
        layout = self._layout
        resized = layout is None or layout.width != width or layout.scale != fonts.text_scale
        if resized:
            self._wrapped.clear()
            self._rendered.clear()
        if resized or self._pending_new:
            if self._scroll and not resized:
                # Keep the reader's place: new lines arrive below what they are reading.
                new = list(self._entries)[-self._pending_new :]
                self._scroll += sum(len(self._wrap_entry(e, width)) for e in new)
            layout = _Layout(width, fonts.text_scale)
            for entry in self._entries:
                for number, line in enumerate(self._wrap_entry(entry, width)):
                    layout.lines.append((entry, number, line))
            self._layout = layout
            self._pending_new = 0
            if len(self._wrapped) > 2 * self.capacity:
                kept = set(self._entries)
                self._wrapped = {e: w for e, w in self._wrapped.items() if e in kept}
        assert layout is not None
        line_h = fonts.line_height(FontRole.BODY, self.TEXT_SIZE)
        self._visible_lines = max(1, (self.rect.height - 2 * self.PADDING) // line_h)
        self._scroll = max(0, min(self._scroll, self._max_scroll(len(layout.lines))))
        rect = self.rect
        track = pygame.Rect(rect.right - 10, rect.top + 8, 4, rect.height - 16)
        grip = fonts.scaled_size(14)
        self._bar.place(track, self._scrolled_lines(), len(layout.lines), grip=grip, bounds=rect)
        return layout

    def _scrolled_lines(self) -> int:
        """Return how many lines are in view while scrolled up: the last slot holds the hint."""
        return max(1, self._visible_lines - 1)

    def _max_scroll(self, total: int) -> int:
        if total <= self._visible_lines:
            return 0
        return total - self._scrolled_lines()

    def _top_line(self) -> int:
        """Return the first line in view, counted from the oldest (the bar's position)."""
        return self._bar.max_scroll - self._scroll

    def line_count(self) -> int:
        """Return how many wrapped lines the log holds at the current width."""
        return len(self._ensure_layout().lines)

    @property
    def max_scroll(self) -> int:
        """Return how many lines the view can move up from the newest line."""
        layout = self._ensure_layout()
        return self._max_scroll(len(layout.lines))

    @property
    def scroll(self) -> int:
        """Return how many lines the view is scrolled up from the newest line."""
        self._ensure_layout()
        return self._scroll

    @property
    def page_size(self) -> int:
        """Return how many lines one PageUp/PageDown moves (the visible lines minus one)."""
        self._ensure_layout()
        return max(1, self._visible_lines - 1)

    @property
    def dragging(self) -> bool:
        """Return True while the scroll bar's thumb is being dragged."""
        return self._bar.dragging

    def scroll_by(self, lines: int) -> None:
        """Scroll up (positive) or down (negative) by ``lines`` lines."""
        self._scroll = max(0, min(self.max_scroll, self._scroll + lines))

    def page_up(self) -> None:
        """Show the previous page of older lines."""
        self.scroll_by(self.page_size)

    def page_down(self) -> None:
        """Show the next page of newer lines."""
        self.scroll_by(-self.page_size)

    def scroll_to_end(self) -> None:
        """Show the newest lines."""
        self._scroll = 0

    def scroll_to_start(self) -> None:
        """Show the oldest lines."""
        self._scroll = self.max_scroll

    def visible_lines(self) -> list[tuple[DialogueEntry, int, str]]:
        """Return the (entry, line number in entry, text) triples currently in view."""
        lines = self._ensure_layout().lines
        end = len(lines) - self._scroll
        # Scrolled up, the bottom slot shows "More below" instead of a line (never over one).
        start = max(0, end - (self._scrolled_lines() if self._scroll else self._visible_lines))
        return lines[start:end]

    # -- input ----------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        """Scroll on mouse wheel over the log and PageUp/PageDown/Home/End; return True if used.

        Home/End only act while the log has keyboard focus (``focused``), so they do not
        clash with other widgets.
        """
        if event.type == pygame.MOUSEWHEEL:
            if self.rect.collidepoint(pygame.mouse.get_pos()):
                self.scroll_by(int(event.y) * 3)
                return True
            return False
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP):
            self._ensure_layout()
            top = self._bar.handle_mouse(event, self._top_line())
            if top is None:
                return False
            self._scroll = max(0, min(self._bar.max_scroll, self._bar.max_scroll - top))
            return True
        if event.type != pygame.KEYDOWN:
            return False
        if event.key == pygame.K_PAGEUP:
            self.page_up()
            return True
        if event.key == pygame.K_PAGEDOWN:
            self.page_down()
            return True
        if self.focused and event.key == pygame.K_HOME:
            self.scroll_to_start()
            return True
        if self.focused and event.key == pygame.K_END:
            self.scroll_to_end()
            return True
        if self.focused and event.key in (pygame.K_UP, pygame.K_DOWN):
            self.scroll_by(1 if event.key == pygame.K_UP else -1)
            return True
        return False

    # -- drawing --------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, palette: Palette) -> None:
        """Draw the visible lines, a scroll position bar and a "more below" hint."""
        rect = self.rect
        pygame.draw.rect(surface, palette.colour("surface"), rect, border_radius=10)
        pygame.draw.rect(surface, palette.colour("border"), rect, width=2, border_radius=10)
        fonts = self.fonts
        self._ensure_layout()
        body = fonts.get(FontRole.BODY, self.TEXT_SIZE)
        bold = fonts.get(FontRole.BOLD, self.TEXT_SIZE)
        line_h = body.get_linesize()
        text = palette.colour("text")
        muted = palette.colour("text_muted")
        x = rect.left + self.PADDING + 8
        y = rect.top + self.PADDING
        clip = surface.get_clip()
        surface.set_clip(rect.inflate(-4, -4).clip(clip))  # inside any clip already set
        visible = self.visible_lines()
        if len(self._rendered) > 4 * self._visible_lines + 40:
            # Only lines in view (and near it) are worth keeping rendered.
            near = {(entry, number) for entry, number, _ in visible}
            self._rendered = {k: v for k, v in self._rendered.items() if (k[0], k[1]) in near}
        for entry, number, line in visible:
            colour = muted if entry.kind == "system" else text
            bar = pygame.Rect(rect.left + self.PADDING, y + 2, 4, line_h - 4)
            marker = (
                palette.colour("border")
                if entry.kind == "system"
                else palette.speaker_colour(entry.speaker_index)
            )
            pygame.draw.rect(surface, marker, bar)
            key = (entry, number, tuple(colour), tuple(text))
            rendered = self._rendered.get(key)
            if rendered is None:
                font = (
                    fonts.get(FontRole.ITALIC, self.TEXT_SIZE) if entry.kind == "system" else body
                )
                head = None
                if number == 0 and entry.speaker:
                    head = bold.render(f"{entry.speaker}: ", True, text)
                rendered = (head, font.render(line, True, colour))
                self._rendered[key] = rendered
            head, body_line = rendered
            line_x = x
            if head is not None:
                surface.blit(head, (line_x, y))
                line_x += head.get_width()
            surface.blit(body_line, (line_x, y))
            y += line_h
        surface.set_clip(clip)
        self._bar.draw(
            surface,
            self._top_line(),
            palette,
            track="meter_track",
            thumb="text",
            dragged="primary",
            radius=2,
        )
        if self._scroll:
            hint = fonts.get(FontRole.ITALIC, 14).render(tr("More below: PageDown"), True, muted)
            hint_rect = hint.get_rect(bottomright=(rect.right - 16, rect.bottom - 4))
            pygame.draw.rect(surface, palette.colour("surface"), hint_rect.inflate(8, 2))
            surface.blit(hint, hint_rect)
