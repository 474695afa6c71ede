"""A scrolling, keyboard-driven list of rows drawn with our own fonts.

Rows have a title and an optional detail line; header rows name a section and cannot be
selected.  The list can take part in a :class:`~game.ui.widgets.focus.FocusManager`'s Tab
order (it has ``rect``, ``visible``, ``is_enabled`` and ``alive()`` like every focusable
element).  While it has focus the scene passes key events to :meth:`ListView.handle_key`:

* Up / Down move the selection (headers are skipped), PageUp / PageDown by a page,
  Home / End to the first / last row;
* Enter or Space activates the selected row.

Mouse: a click selects a row, a double click (or a click on the selected row) activates
it, the wheel scrolls; the scroll bar's thumb can be dragged and its track clicked to page.  The selected row is drawn bold on a tinted background with a bar
on its left edge, so selection is not shown by colour alone.  An optional ``decorate``
callback draws extras (stars, a padlock) in the right-hand part of each row.

Usage::

    levels = ListView(fonts, palette, on_activate=open_level, decorate=draw_stars)
    levels.set_rect(pygame.Rect(24, 100, 500, 400))
    levels.set_rows([ListRow("ch1", "Chapter 1", header=True), ListRow("market", "The Blue Bowl", "2 of 3 stars")])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pygame

from game.i18n import tr
from game.ui.fonts import FontCache, FontRole
from game.ui.text import ellipsize
from game.ui.theme import Palette
from game.ui.widgets.focus import FocusTarget
from game.ui.widgets.scrollbar import ScrollBar
from game.ui.widgets.text_cache import TextCache

__all__ = ["ListRow", "RowState", "ListView"]

_DOUBLE_CLICK_MS = 450


@dataclass(frozen=True)
class ListRow:
    """One row: a key for the program, a title and detail for the player."""

    key: str
    title: str
    detail: str = ""
    header: bool = False
    data: Any = None


@dataclass(frozen=True)
class RowState:
    """How a row is drawn: whether it is selected and whether the list has focus."""

    selected: bool
    focused: bool


Decorator = Callable[[pygame.Surface, pygame.Rect, ListRow, RowState], None]


@dataclass
class _Placed:
    row: ListRow
    top: int
    height: int


class ListView(FocusTarget):
    """A vertical list with one selected row; see the module docstring."""

    TITLE_SIZE = 20
    DETAIL_SIZE = 16
    HEADER_SIZE = 18
    PADDING = 8

    def __init__(
        self,
        fonts: FontCache,
        palette: Palette,
        *,
        on_select: Callable[[ListRow], None] | None = None,
        on_activate: Callable[[ListRow], None] | None = None,
        decorate: Decorator | None = None,
        decoration_width: int = 0,
        scale_decoration: bool = True,
        empty_text: str | None = None,
    ) -> None:
        self.fonts = fonts
        self.palette = palette
        self.on_select = on_select
        self.on_activate = on_activate
        self.decorate = decorate
        self.decoration_width = decoration_width
        self.scale_decoration = scale_decoration
        self.empty_text = tr("Nothing here yet.") if empty_text is None else empty_text
        super().__init__()
        self.rect = pygame.Rect(0, 0, 300, 200)
        self._rows: list[ListRow] = []
        self._placed: list[_Placed] = []
        self._selected: int | None = None
        self._scroll = 0
        self._content_height = 0
        self._last_click: tuple[int, int] | None = None  # (row index, ticks)
        self._bar = ScrollBar(min_thumb=24)

    # -- content --------------------------------------------------------------------------
    @property
    def rows(self) -> Sequence[ListRow]:
        """Return every row, headers included."""
        return tuple(self._rows)

    @property
    def selected_index(self) -> int | None:
        """Return the index of the selected row, or None."""
        return self._selected

    @property
    def selected_row(self) -> ListRow | None:
        """Return the selected row, or None."""
        return self._rows[self._selected] if self._selected is not None else None

    @property
    def scroll(self) -> int:
        """Return how many pixels the content is scrolled up."""
        return self._scroll

    def set_rect(self, rect: pygame.Rect) -> None:
        """Place the list (call from ``on_resize``)."""
        self.rect = pygame.Rect(rect)
        self._layout()

    def set_rows(self, rows: Sequence[ListRow], *, select_key: str | None = None) -> None:
        """Replace the rows, keeping the selection on the same key when it is still there."""
        keep = select_key or (self.selected_row.key if self.selected_row else None)
        self._rows = list(rows)
        self._selected = None
        self._layout()
        if keep is not None and self.select_key(keep, notify=False):
            return
        first = self._next_selectable(-1, 1)
        if first is not None:
            self.select_index(first, notify=False)

    def select_key(self, key: str, *, notify: bool = True) -> bool:
        """Select the row with ``key``; return False if there is none."""
        for index, row in enumerate(self._rows):
            if row.key == key and not row.header:
                self.select_index(index, notify=notify)
                return True
        return False

    def select_index(self, index: int, *, notify: bool = True) -> None:
        """Select the row at ``index`` (headers cannot be selected) and scroll it into view."""
        if not 0 <= index < len(self._rows) or self._rows[index].header:
            return
        changed = index != self._selected
        self._selected = index
        self._scroll_into_view(index)
        if changed and notify and self.on_select is not None:
            self.on_select(self._rows[index])

    def activate(self) -> None:
        """Activate the selected row (as Enter does)."""
        row = self.selected_row
        if row is not None and self.on_activate is not None:
            self.on_activate(row)

    def text_lines(self) -> list[str]:
        """Return every row's title and detail as written (for tests and logs)."""
        lines = []
        for row in self._rows:
            lines.append(row.title)
            if row.detail:
                lines.append(row.detail)
        if not self._rows:
            lines.append(self.empty_text)
        return lines

    # -- layout ---------------------------------------------------------------------------
    def _row_height(self, row: ListRow) -> int:
        if row.header:
            lines = len(self._header_lines(row))
            return (
                self.fonts.line_height(FontRole.HEADING, self.HEADER_SIZE) * lines
                + 2 * self.PADDING
            )
        title_lines, detail_lines = self._row_lines(row)
        height = self.fonts.line_height(FontRole.BOLD, self.TITLE_SIZE) * len(title_lines)
        height += 2 * self.PADDING
        if any(r.detail for r in self._rows if not r.header):
            lines = max(1, len(detail_lines))
            height += self.fonts.line_height(FontRole.BODY, self.DETAIL_SIZE) * lines
        return height

    def _wrap_width(self) -> int:
        """Return the width rows are wrapped to (room for a scroll bar kept, so the rows'
        heights do not depend on whether the list scrolls)."""
        deco = self.decoration_width
        if deco and self.scale_decoration:
            deco = self.fonts.scaled_size(deco)
        return max(20, self.rect.width - 3 * self.PADDING - 14 - deco - 12)

    def _header_lines(self, row: ListRow) -> list[str]:
        words = TextCache.shared(self.fonts)
        width = self._wrap_width() + 14
        return words.wrap(row.title, FontRole.HEADING, self.HEADER_SIZE, width) or [""]

    def _row_lines(self, row: ListRow) -> tuple[list[str], list[str]]:
        """Return a row's title and detail wrapped to the list's width (never cut short)."""
        words = TextCache.shared(self.fonts)
        width = self._wrap_width()
        title = words.wrap(row.title, FontRole.BOLD, self.TITLE_SIZE, width) or [""]
        detail = (
            words.wrap(row.detail, FontRole.BODY, self.DETAIL_SIZE, width) if row.detail else []
        )
        return title, detail

    def text_width(self) -> int:
        """Return the width available for a row's words (left of the decoration)."""
        deco = self.decoration_width
        if deco and self.scale_decoration:
            deco = self.fonts.scaled_size(deco)
        return max(20, self.rect.width - 3 * self.PADDING - 14 - deco - self._bar_width())

    def _bar_width(self) -> int:
        return 12 if self._content_height > self.rect.height else 0

    def _layout(self) -> None:
        top = 0
        self._placed = []
        for row in self._rows:
            height = self._row_height(row)
            self._placed.append(_Placed(row, top, height))
            top += height
        self._content_height = top
        self._scroll = max(0, min(self._scroll, self._max_scroll()))
        track = pygame.Rect(self.rect.right - 12, self.rect.top + 6, 6, self.rect.height - 12)
        grip = self.fonts.scaled_size(14)
        self._bar.place(track, self.rect.height, top, grip=grip, bounds=self.rect)
        if self._selected is not None:
            self._scroll_into_view(self._selected)

    def _max_scroll(self) -> int:
        return max(0, self._content_height - self.rect.height)

    def _scroll_into_view(self, index: int) -> None:
        if not 0 <= index < len(self._placed):
            return
        placed = self._placed[index]
        top = placed.top
        # Keep a header just above the first row of its section visible too.
        if index > 0 and self._placed[index - 1].row.header:
            top = self._placed[index - 1].top
        if top < self._scroll:
            self._scroll = top
        elif placed.top + placed.height > self._scroll + self.rect.height:
            self._scroll = placed.top + placed.height - self.rect.height
        self._scroll = max(0, min(self._scroll, self._max_scroll()))

    def scroll_by(self, pixels: int) -> None:
        """Scroll the content by ``pixels`` (positive: down)."""
        self._scroll = max(0, min(self._scroll + int(pixels), self._max_scroll()))

    # -- input ----------------------------------------------------------------------------
    def _next_selectable(self, start: int, step: int) -> int | None:
        index = start + step
        while 0 <= index < len(self._rows):
            if not self._rows[index].header:
                return index
            index += step
        return None

    def _page_rows(self) -> int:
        heights = [p.height for p in self._placed if not p.row.header] or [1]
        return max(1, self.rect.height // max(heights) - 1)

    def handle_key(self, event: pygame.event.Event) -> bool:
        """Handle a key while the list has focus; return True when used."""
        if event.type != pygame.KEYDOWN or not self._rows:
            return False
        key = event.key
        current = self._selected if self._selected is not None else -1
        target: int | None = None
        if key == pygame.K_UP:
            target = self._next_selectable(current, -1)
        elif key == pygame.K_DOWN:
            target = self._next_selectable(current, 1)
        elif key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            step = -1 if key == pygame.K_PAGEUP else 1
            target = current
            for _ in range(self._page_rows()):
                found = self._next_selectable(target, step)
                if found is None:
                    break
                target = found
        elif key == pygame.K_HOME:
            target = self._next_selectable(-1, 1)
        elif key == pygame.K_END:
            target = self._next_selectable(len(self._rows), -1)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.activate()
            return True
        else:
            return False
        if target is not None and target >= 0:
            self.select_index(target)
        return True

    def row_at(self, position: tuple[int, int]) -> int | None:
        """Return the index of the row under a screen position, or None."""
        if not self.rect.collidepoint(position):
            return None
        y = position[1] - self.rect.top + self._scroll
        for index, placed in enumerate(self._placed):
            if placed.top <= y < placed.top + placed.height:
                return index
        return None

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        """Handle clicks, the wheel and the scroll bar over the list; return True when used."""
        if not self._alive or not self.visible:
            self._bar.dragging = False
            return False
        scroll = self._bar.handle_mouse(event, self._scroll)
        if scroll is not None:
            self._scroll = scroll
            return True
        if event.type == pygame.MOUSEWHEEL:
            if self.rect.collidepoint(pygame.mouse.get_pos()):
                line = self.fonts.line_height(FontRole.BODY, self.TITLE_SIZE)
                self.scroll_by(-int(event.y) * line * 2)
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == pygame.BUTTON_LEFT:
            index = self.row_at(event.pos)
            if index is None:
                return self.rect.collidepoint(event.pos)
            if self._rows[index].header:
                return True
            now = pygame.time.get_ticks()
            last = self._last_click
            quick = last is not None and last[0] == index and now - last[1] <= _DOUBLE_CLICK_MS
            self._last_click = (index, now)
            self.select_index(index)
            if quick:
                self.activate()
            return True
        return False

    # -- drawing --------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, *, focused: bool = False) -> None:
        """Draw the visible rows, the selection marker and a scroll bar when needed."""
        if not self.visible:
            return
        focused = focused or self.has_focus
        palette = self.palette
        pygame.draw.rect(surface, palette.colour("surface"), self.rect, border_radius=10)
        old_clip = surface.get_clip()
        surface.set_clip(self.rect.inflate(-4, -4).clip(old_clip) if old_clip else self.rect)
        if not self._rows:
            font = self.fonts.get(FontRole.ITALIC, self.DETAIL_SIZE + 2)
            empty = ellipsize(font, self.empty_text, self.rect.width - 2 * self.PADDING)
            surface.blit(
                font.render(empty, True, palette.colour("text_muted")),
                (self.rect.left + 2 * self.PADDING, self.rect.top + 2 * self.PADDING),
            )
        text_left = self.rect.left + 2 * self.PADDING + 6
        # The words are rendered for the rows in view only, and kept (shared cache).
        words = TextCache.shared(self.fonts)
        text, muted = palette.colour("text"), palette.colour("text_muted")
        width = self.text_width()
        for index, placed in enumerate(self._placed):
            top = self.rect.top + placed.top - self._scroll
            if top + placed.height < self.rect.top or top > self.rect.bottom:
                continue
            row_rect = pygame.Rect(
                self.rect.left + 4, top, self.rect.width - 8 - self._bar_width(), placed.height
            )
            row = placed.row
            if row.header:
                y = top + self.PADDING + 2
                for line in self._header_lines(row):
                    surface.blit(
                        words.fit(line, FontRole.HEADING, self.HEADER_SIZE, text, width + 14),
                        (self.rect.left + 2 * self.PADDING, y),
                    )
                    y += self.fonts.line_height(FontRole.HEADING, self.HEADER_SIZE)
                pygame.draw.line(
                    surface,
                    palette.colour("border"),
                    (row_rect.left + 8, row_rect.bottom - 3),
                    (row_rect.right - 8, row_rect.bottom - 3),
                    1,
                )
                continue
            selected = index == self._selected
            if selected:
                pygame.draw.rect(surface, palette.colour("selected_bg"), row_rect, border_radius=8)
                bar = pygame.Rect(row_rect.left + 2, row_rect.top + 6, 6, row_rect.height - 12)
                pygame.draw.rect(surface, palette.colour("primary"), bar, border_radius=3)
            y = top + self.PADDING
            title_lines, detail_lines = self._row_lines(row)
            for line in title_lines:
                surface.blit(
                    words.fit(line, FontRole.BOLD, self.TITLE_SIZE, text, width), (text_left, y)
                )
                y += self.fonts.line_height(FontRole.BOLD, self.TITLE_SIZE)
            for line in detail_lines:
                detail = words.fit(line, FontRole.BODY, self.DETAIL_SIZE, muted, width)
                surface.blit(detail, (text_left, y))
                y += self.fonts.line_height(FontRole.BODY, self.DETAIL_SIZE)
            if self.decorate is not None:
                self.decorate(surface, row_rect, row, RowState(selected, focused))
            if index < len(self._placed) - 1 and not selected:
                pygame.draw.line(
                    surface,
                    palette.colour("surface_alt"),
                    (row_rect.left + 10, row_rect.bottom - 1),
                    (row_rect.right - 10, row_rect.bottom - 1),
                    1,
                )
        surface.set_clip(old_clip)
        self._bar.draw(surface, self._scroll, palette)
        pygame.draw.rect(surface, palette.colour("border"), self.rect, width=2, border_radius=10)
