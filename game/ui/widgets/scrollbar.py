"""A vertical scroll bar shared by the widgets that scroll: geometry, mouse and drawing.

A widget places the bar when it lays out (:meth:`ScrollBar.place`: the track, how much
of the content is in view, how tall the content is) and keeps its own scroll position;
the bar turns a position into the thumb's rectangle (:meth:`ScrollBar.thumb`) and a
thumb position back into a scroll position (:meth:`ScrollBar.scroll_at`).  Units are the
widget's own: pixels for most, lines for the dialogue log.

Mouse (:meth:`ScrollBar.handle_mouse`): the left button on the thumb starts a drag (the
grab point stays under the pointer), motion while dragging scrolls proportionally, the
button's release ends it; a click on the track above or below the thumb pages one view
towards the click.  The area that takes clicks is ``grip`` pixels wide (centred on the
track, kept inside the widget's ``bounds`` when given), however thin the drawn track is.

:meth:`ScrollBar.draw` draws in palette roles the widget names (a dragged thumb in a
stronger one) and only reads the bar's state.
"""

from __future__ import annotations

import pygame

from game.ui.theme import Palette

__all__ = ["ScrollBar"]


class ScrollBar:
    """A track with a thumb; see the module docstring."""

    def __init__(self, *, min_thumb: int = 24, grip: int = 14) -> None:
        self.min_thumb = min_thumb
        self.grip = grip
        self.track = pygame.Rect(0, 0, 0, 0)
        self.view = 0
        self.content = 0
        self.bounds: pygame.Rect | None = None
        self.dragging = False
        self._grab = 0  # pointer y minus thumb top when the drag started

    # -- geometry -------------------------------------------------------------------------
    def place(
        self,
        track: pygame.Rect,
        view: int,
        content: int,
        *,
        grip: int | None = None,
        bounds: pygame.Rect | None = None,
    ) -> None:
        """Set the track and the sizes of the view and the content (call when laying out).

        ``grip`` is the width that takes clicks; ``bounds`` (the widget's rectangle) keeps
        that area off the widget's neighbours.
        """
        self.track = pygame.Rect(track)
        self.view = max(0, int(view))
        self.content = max(0, int(content))
        self.bounds = None if bounds is None else pygame.Rect(bounds)
        if grip is not None:
            self.grip = grip

    @property
    def max_scroll(self) -> int:
        """Return the largest scroll position."""
        return max(0, self.content - self.view)

    @property
    def active(self) -> bool:
        """Return True when there is something to scroll and a track to show it on."""
        return self.max_scroll > 0 and self.track.height > 0

    def thumb_height(self) -> int:
        """Return the thumb's height: the share of the content in view, not below the least."""
        track = self.track.height
        share = track * self.view // max(1, self.content)
        return min(track, max(self.min_thumb, share))

    def thumb(self, scroll: int) -> pygame.Rect:
        """Return the thumb's rectangle for a scroll position."""
        height = self.thumb_height()
        scroll = max(0, min(int(scroll), self.max_scroll))
        offset = (self.track.height - height) * scroll // max(1, self.max_scroll)
        return pygame.Rect(self.track.left, self.track.top + offset, self.track.width, height)

    def scroll_at(self, thumb_top: int) -> int:
        """Return the scroll position that puts the thumb's top at ``thumb_top`` (clamped)."""
        span = self.track.height - self.thumb_height()
        if span <= 0:
            return 0
        offset = max(0, min(span, int(thumb_top) - self.track.top))
        return -(-offset * self.max_scroll // span)  # the least position drawn there

    def hit_rect(self) -> pygame.Rect:
        """Return the area that takes clicks: the track, widened to ``grip`` pixels."""
        width = max(self.track.width, self.grip)
        rect = pygame.Rect(0, self.track.top, width, self.track.height)
        rect.centerx = self.track.centerx
        if self.bounds is not None:
            left = max(rect.left, self.bounds.left)
            right = min(rect.right, self.bounds.right)
            rect.update(left, rect.top, max(0, right - left), rect.height)
        return rect

    # -- mouse ----------------------------------------------------------------------------
    def handle_mouse(self, event: pygame.event.Event, scroll: int) -> int | None:
        """Handle a mouse event at scroll position ``scroll``.

        Return None when the event is not the bar's, else the new scroll position (the
        same one when the event was used without moving, e.g. the start of a drag).
        """
        kind = event.type
        if kind == pygame.MOUSEMOTION and self.dragging:
            buttons = getattr(event, "buttons", None)
            if buttons is not None and not buttons[0]:  # released outside the window
                self.dragging = False
                return scroll
            return self.scroll_at(event.pos[1] - self._grab)
        if kind == pygame.MOUSEBUTTONUP and getattr(event, "button", 0) == pygame.BUTTON_LEFT:
            if self.dragging:
                self.dragging = False
                return scroll
            return None
        if kind != pygame.MOUSEBUTTONDOWN or getattr(event, "button", 0) != pygame.BUTTON_LEFT:
            return None
        if not self.active or not self.hit_rect().collidepoint(event.pos):
            return None
        thumb = self.thumb(scroll)
        y = event.pos[1]
        if thumb.top <= y < thumb.bottom:
            self.dragging = True
            self._grab = y - thumb.top
            return scroll
        step = self.view if y >= thumb.bottom else -self.view
        return max(0, min(self.max_scroll, int(scroll) + step))

    # -- drawing --------------------------------------------------------------------------
    def draw(
        self,
        surface: pygame.Surface,
        scroll: int,
        palette: Palette,
        *,
        track: str = "surface_alt",
        thumb: str = "border",
        dragged: str = "text_muted",
        radius: int = 3,
    ) -> None:
        """Draw the track and the thumb in these palette roles (``dragged`` while dragged)."""
        if not self.active:
            return
        pygame.draw.rect(surface, palette.colour(track), self.track, border_radius=radius)
        colour = palette.colour(dragged if self.dragging else thumb)
        pygame.draw.rect(surface, colour, self.thumb(scroll), border_radius=radius)
