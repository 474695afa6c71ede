"""A column of panels stacked top to bottom that scrolls when they do not fit.

Each panel says how tall it wants to be for a width (:meth:`Panel.measure`); a ``flex``
panel (the dialogue log) takes whatever height is left, never less than its measure.
When the panels are taller than the column, the column scrolls (mouse wheel over it, or
:meth:`Column.reveal` when the keyboard focus moves to a control out of view): panels are
placed shifted by the scroll and clip what they draw to the column, so nothing spills
over its neighbours.  Controls keep their Tab order while scrolled out of view.  The
scroll bar can be dragged and its track clicked (:meth:`Column.handle_mouse`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.ui.widgets.scrollbar import ScrollBar

__all__ = ["Panel", "Column"]


class Panel:
    """A block of a column; subclasses draw and own controls."""

    flex = False

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.clip: pygame.Rect | None = None

    def measure(self, width: int) -> int:
        """Return the height wanted in ``width`` (for a flex panel: the least it needs)."""
        return 0

    def place(self, rect: pygame.Rect, clip: pygame.Rect | None) -> None:
        """Take ``rect`` (drawn only inside ``clip``)."""
        self.rect = pygame.Rect(rect)
        self.clip = None if clip is None else pygame.Rect(clip)

    def controls(self) -> list:
        """Return the panel's focusable controls in Tab order."""
        return []

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the panel."""


class Column:
    """Panels stacked in a rectangle, scrolling as a whole when needed."""

    def __init__(self, name: str, gap: int = 12, grip: int = 14) -> None:
        self.name = name
        self.gap = gap
        self.bar = ScrollBar(min_thumb=24, grip=grip)
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.panels: list[Panel] = []
        self.scroll = 0
        self.content_height = 0
        self.visible = True

    @property
    def scrollable(self) -> bool:
        """Return True when the panels are taller than the column."""
        return self.content_height > self.rect.height

    @property
    def max_scroll(self) -> int:
        """Return how far the column can scroll."""
        return max(0, self.content_height - self.rect.height)

    def set(self, rect: pygame.Rect, panels: Sequence[Panel]) -> None:
        """Lay ``panels`` out in ``rect``."""
        self.rect = pygame.Rect(rect)
        self.panels = list(panels)
        self.relayout()

    def relayout(self) -> None:
        """Place the panels again (after a scroll or a change of their content)."""
        rect = self.rect
        width = rect.width
        heights = [panel.measure(width) for panel in self.panels]
        total = sum(heights) + self.gap * max(0, len(heights) - 1)
        if total > rect.height:  # room for the scroll bar
            width = rect.width - 10
            heights = [panel.measure(width) for panel in self.panels]
            total = sum(heights) + self.gap * max(0, len(heights) - 1)
        flexible = [i for i, panel in enumerate(self.panels) if panel.flex]
        spare = rect.height - total
        if spare > 0 and flexible:
            share, rest = divmod(spare, len(flexible))
            for n, index in enumerate(flexible):
                heights[index] += share + (1 if n < rest else 0)
            total = rect.height
        self.content_height = total
        self.scroll = max(0, min(self.scroll, self.max_scroll))
        y = rect.top - self.scroll
        for panel, height in zip(self.panels, heights, strict=True):
            panel.place(pygame.Rect(rect.left, y, width, height), rect)
            y += height + self.gap
        track = pygame.Rect(rect.right - 6, rect.top + 2, 5, rect.height - 4)
        self.bar.place(track, rect.height, self.content_height)

    def scroll_by(self, pixels: int) -> bool:
        """Scroll by ``pixels`` (positive: down); return True when it moved."""
        new = max(0, min(self.max_scroll, self.scroll + int(pixels)))
        if new == self.scroll:
            return False
        self.scroll = new
        self.relayout()
        return True

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        """Drag the scroll bar's thumb or page by a click on its track; True when used."""
        if not self.visible:
            self.bar.dragging = False
            return False
        scroll = self.bar.handle_mouse(event, self.scroll)
        if scroll is None:
            return False
        if scroll != self.scroll:
            self.scroll = scroll
            self.relayout()
        return True

    def reveal(self, rect: pygame.Rect, margin: int = 12) -> bool:
        """Scroll so that ``rect`` (a control's rectangle) is inside the column."""
        if not self.scrollable:
            return False
        view = self.rect
        if rect.top < view.top + margin:
            return self.scroll_by(rect.top - view.top - margin)
        if rect.bottom > view.bottom - margin:
            delta = rect.bottom - view.bottom + margin
            delta = min(delta, rect.top - view.top - margin)  # keep the top in view first
            return self.scroll_by(delta)
        return False

    def contains(self, control) -> bool:
        """Return True when a control belongs to one of this column's panels."""
        return any(control in panel.controls() for panel in self.panels)

    def _shade(self, surface: pygame.Surface, palette, *, top: bool) -> None:
        """Fade the edge where content continues out of view (cuts no line in half)."""
        height = 14
        key = (self.rect.width, height, top, tuple(palette.colour("background")))
        bands = self.__dict__.setdefault("_bands", {})
        shade = bands.get(key)
        if shade is None:
            shade = pygame.Surface((self.rect.width, height), pygame.SRCALPHA)
            colour = palette.colour("background")
            for row in range(height):
                alpha = round(255 * (1 - row / height) ** 1.5)
                y = row if top else height - 1 - row
                shade.fill((colour.r, colour.g, colour.b, alpha), (0, y, self.rect.width, 1))
            if len(bands) > 8:
                bands.clear()
            bands[key] = shade
        y = self.rect.top if top else self.rect.bottom - height
        surface.blit(shade, (self.rect.left, y))

    def draw(self, surface: pygame.Surface, palette) -> None:
        """Draw the panels and a scroll bar when the column scrolls."""
        if not self.visible:
            return
        old = surface.get_clip()
        clip = self.rect.clip(old) if old else self.rect
        surface.set_clip(clip)
        for panel in self.panels:
            if panel.rect.colliderect(clip):  # only what the clip lets through is drawn
                panel.draw(surface)
        if self.scroll > 0:
            self._shade(surface, palette, top=True)
        if self.scroll < self.max_scroll:
            self._shade(surface, palette, top=False)
        surface.set_clip(old)
        self.bar.draw(surface, self.scroll, palette)
