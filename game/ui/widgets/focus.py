"""Keyboard focus over the game's controls, with a visible focus ring.

:class:`FocusManager` keeps the focusable widgets of a screen in order:

* the order comes from the layout: a menu screen hands over its controls and
  :func:`layout_order` sorts them as they are read on screen (see there); the table hands
  over its own order, panel by panel;
* Tab / Shift-Tab move to the next / previous widget, skipping hidden ones and the
  disabled ones that do not say why; a disabled widget with a reason (its tool-tip) takes
  the focus, so a keyboard player can read why it is off (:meth:`focused_reason`), but
  Enter / Space do nothing to it.  The first focus goes to an enabled widget;
* every other key goes to the focused widget itself (``handle_key``: a button presses
  on Enter / Space, a slider moves on the arrows, a text field edits), and typed text
  (``TEXTINPUT`` / ``TEXTEDITING``) to its ``handle_text``;
* a widget is told when it gains or loses the focus (:meth:`FocusTarget.focus_changed`):
  a text field switches text input on and off there;
* the ring is drawn by :meth:`FocusManager.draw`: a thick dark ring, a light inner line
  and corner brackets, so it shows on light and dark backgrounds and is not colour-only.

A disabled widget keeps its tool-tip text: :meth:`FocusManager.disabled_reason` and
:meth:`FocusManager.hint_at` return it (the game disables illegal moves with the reason
as tool-tip).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import pygame

from game.ui.theme import Palette

__all__ = [
    "Focusable",
    "FocusManager",
    "FocusRingStyle",
    "FocusTarget",
    "draw_focus_ring",
    "layout_order",
]

_F = TypeVar("_F", bound="FocusTarget")


class FocusTarget:
    """A widget of the game that :class:`FocusManager` can hold, and a screen can draw.

    What the manager and the screens ask of it: ``rect``, ``visible``, ``is_enabled``,
    ``tool_tip_text`` (why it is disabled, or a hint), :meth:`alive` and :meth:`kill`;
    the input it takes (:meth:`handle_key` while focused, :meth:`handle_text` for typed
    text while focused, :meth:`handle_mouse`), :meth:`focus_changed` and :meth:`draw`.
    """

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.visible = True
        self.is_enabled = True
        self.tool_tip_text: str | None = None
        self.has_focus = False
        """True while the focus ring is on it (set through :meth:`focus_changed`)."""
        self.hovered = False
        """True while the mouse is over it (set by the screen)."""
        self._alive = True

    def alive(self) -> bool:
        """Return True until :meth:`kill`."""
        return self._alive

    def kill(self) -> None:
        """Take the widget out of use (it is no longer focusable)."""
        self._alive = False
        if self.has_focus:
            self.focus_changed(False)

    def focus_changed(self, focused: bool) -> None:
        """The focus came to the widget (True) or left it (False)."""
        self.has_focus = focused

    def handle_key(self, event: pygame.event.Event) -> bool:
        """React to a key while focused; return True when used."""
        return False

    def handle_text(self, event: pygame.event.Event) -> bool:
        """React to typed text (``TEXTINPUT`` / ``TEXTEDITING``) while focused."""
        return False

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        """React to a mouse event; return True when used."""
        return False

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the widget."""


#: What :class:`FocusManager` holds.
Focusable = FocusTarget


def layout_order(elements: Iterable[_F]) -> list[_F]:
    """Return ``elements`` in the order they are read on screen.

    The screen is cut as a page is read: into bands one above the other (widgets whose
    heights overlap share a band), each band into columns side by side (widgets whose
    widths overlap share a column), each column into bands again, and so on.  Bands are
    read top to bottom, columns left to right.  So a list with a column of buttons beside
    it is read list first, then the column, and the footer under both last, left to
    right, whatever the window size; nobody keeps the order by hand.
    """
    return _read_bands(list(elements))


def _groups(items: list[_F], start: str, end: str) -> list[list[_F]]:
    """Split ``items`` where their spans along one axis (``start``..``end``) do not overlap."""
    groups: list[list[_F]] = []
    reach = None
    for item in sorted(items, key=lambda e: (getattr(e.rect, start), getattr(e.rect, end))):
        low, high = getattr(item.rect, start), getattr(item.rect, end)
        if reach is None or low >= reach:
            groups.append([item])
            reach = high
        else:
            groups[-1].append(item)
            reach = max(reach, high)
    return groups


def _read_bands(items: list[_F]) -> list[_F]:
    bands = _groups(items, "top", "bottom")
    if len(bands) > 1:
        return [e for band in bands for e in _read_columns(band)]
    return _read_columns(items)


def _read_columns(items: list[_F]) -> list[_F]:
    columns = _groups(items, "left", "right")
    if len(columns) > 1:
        return [e for column in columns for e in _read_bands(column)]
    return sorted(items, key=lambda e: (e.rect.top, e.rect.left))


@dataclass(frozen=True)
class FocusRingStyle:
    """Colours (``#RRGGBB``) and sizes (pixels) of the focus ring."""

    outer: str = "#0B0E1A"
    inner: str = "#FFC43D"
    width: int = 3
    gap: int = 3
    corner: int = 12

    @classmethod
    def from_palette(cls, palette: Palette) -> FocusRingStyle:
        """Return the ring style using ``palette``'s focus colours."""
        return cls(outer=palette.focus_ring, inner=palette.focus_ring_inner)


def draw_focus_ring(surface: pygame.Surface, rect: pygame.Rect, style: FocusRingStyle) -> None:
    """Draw a focus ring around ``rect``: outer ring, inner contrast line and corner marks."""
    outer = pygame.Color(style.outer)
    ring = pygame.Rect(rect).inflate(2 * (style.gap + style.width), 2 * (style.gap + style.width))
    pygame.draw.rect(surface, outer, ring, width=style.width, border_radius=6)
    inner = ring.inflate(-2 * style.width, -2 * style.width)
    pygame.draw.rect(surface, pygame.Color(style.inner), inner, width=2, border_radius=4)
    # Corner brackets just outside the ring: visible even where the ring meets a dark edge.
    outside = ring.inflate(6, 6)
    length = min(style.corner, outside.width // 3, outside.height // 3)
    thick = style.width + 1
    for cx, cy, dx, dy in (
        (outside.left, outside.top, 1, 1),
        (outside.right - 1, outside.top, -1, 1),
        (outside.left, outside.bottom - 1, 1, -1),
        (outside.right - 1, outside.bottom - 1, -1, -1),
    ):
        pygame.draw.line(surface, outer, (cx, cy), (cx + dx * length, cy), thick)
        pygame.draw.line(surface, outer, (cx, cy), (cx, cy + dy * length), thick)


ARROW_STEPS = {"UP": (0, -1), "DOWN": (0, 1), "LEFT": (-1, 0), "RIGHT": (1, 0)}
"""The direction of each arrow key, by its name (``game.ui.keys.key_name``)."""


class FocusManager:
    """An ordered list of focusable widgets and which one has focus."""

    def __init__(
        self,
        elements: Iterable[Focusable] = (),
        *,
        style: FocusRingStyle | None = None,
    ) -> None:
        self._elements: list[Focusable] = list(elements)
        self._index: int | None = None
        self.style = style or FocusRingStyle()

    # -- the list -------------------------------------------------------------------------
    @property
    def elements(self) -> Sequence[Focusable]:
        """Return the elements in focus order."""
        return tuple(self._elements)

    def set_elements(self, elements: Iterable[Focusable]) -> None:
        """Replace the focus order, keeping focus on the same element when still listed."""
        current = self.focused
        held = self._held()
        self._elements = list(elements)
        self._index = None
        if current is not None and current in self._elements and self.is_focusable(current):
            self._index = self._elements.index(current)
        elif held is not None and held.has_focus:
            held.focus_changed(False)

    def add(self, element: Focusable) -> None:
        """Append ``element`` to the focus order."""
        self._elements.append(element)

    @classmethod
    def is_focusable(cls, element: Focusable) -> bool:
        """Return True if ``element`` is alive, visible, and enabled or says why it is not."""
        if not (element.alive() and element.visible):
            return False
        return bool(element.is_enabled or cls.disabled_reason(element))

    @property
    def focused(self) -> Focusable | None:
        """Return the focused element, or None (also when it became disabled or hidden)."""
        if self._index is None or self._index >= len(self._elements):
            return None
        element = self._elements[self._index]
        return element if self.is_focusable(element) else None

    def focus(self, element: Focusable | None) -> bool:
        """Move focus to ``element`` (None clears it); return False if it cannot take focus."""
        if element is None:
            self._set_index(None)
            return True
        if element not in self._elements or not self.is_focusable(element):
            return False
        self._set_index(self._elements.index(element))
        return True

    def focus_by_arrow(self, name: str) -> Focusable | None:
        """Move the focus for an arrow key by its name ("UP", "DOWN", "LEFT", "RIGHT"; see
        :meth:`focus_toward`); None for another key, or when nothing can take the focus."""
        step = ARROW_STEPS.get(name)
        return None if step is None else self.focus_toward(*step)

    def focus_toward(self, dx: int, dy: int) -> Focusable | None:
        """Move to the nearest focusable element in a direction (``dx``, ``dy``: one of
        them -1 or 1, the other 0) and return it; where nothing lies that way, to the
        previous (left, up) or next (right, down) element, as Shift-Tab or Tab would.

        Nearest: least distance along the direction plus twice the distance across it, from
        the focused element's centre to each other's, so Down in a grid of buttons goes to
        the one below, not the next in the row.
        """
        current = self.focused
        if current is not None:
            cx, cy = current.rect.center
            best: tuple[float, int] | None = None
            for index, element in enumerate(self._elements):
                if element is current or not self.is_focusable(element):
                    continue
                ex, ey = element.rect.center
                along = (ex - cx) * dx + (ey - cy) * dy
                if along <= 0:
                    continue
                across = abs((ex - cx) * dy) + abs((ey - cy) * dx)
                score = along + 2 * across
                if best is None or score < best[0]:
                    best = (score, index)
            if best is not None:
                self._set_index(best[1])
                return self._elements[best[1]]
        return self.focus_next(-1 if dx + dy < 0 else 1)

    def focus_next(self, step: int = 1) -> Focusable | None:
        """Move to the next (``step=1``) or previous (``-1``) focusable element and return it."""
        count = len(self._elements)
        if count == 0:
            return None
        first = self.focused is None
        start = (-1 if step > 0 else count) if self._index is None else self._index
        candidates = [(start + step * offset) % count for offset in range(1, count + 1)]
        if first:  # the first focus goes to something that can be used, when there is one
            enabled = [i for i in candidates if self._elements[i].is_enabled]
            candidates = enabled + [i for i in candidates if i not in enabled]
        for index in candidates:
            if self.is_focusable(self._elements[index]):
                self._set_index(index)
                return self._elements[index]
        self._set_index(None)
        return None

    def _held(self) -> Focusable | None:
        """Return the element at the focus index (focusable or not), or None."""
        if self._index is None or self._index >= len(self._elements):
            return None
        return self._elements[self._index]

    def _set_index(self, index: int | None) -> None:
        old = self._held()
        self._index = index
        new = self._held()
        if old is new:
            if new is not None and not new.has_focus:
                new.focus_changed(True)
            return
        if old is not None and old.has_focus:
            old.focus_changed(False)
        if new is not None:
            new.focus_changed(True)

    # -- disabled reasons -----------------------------------------------------------------
    @staticmethod
    def disabled_reason(element: Focusable) -> str | None:
        """Return the tool-tip text of a disabled element (why it is disabled), else None."""
        if element.is_enabled:
            return None
        text = element.tool_tip_text
        return str(text) if text else None

    def focused_reason(self) -> tuple[Focusable, str] | None:
        """Return (element, reason) when the focused element is disabled and says why."""
        element = self.focused
        if element is None:
            return None
        reason = self.disabled_reason(element)
        return (element, reason) if reason else None

    def hint_at(self, position: tuple[int, int]) -> tuple[Focusable, str] | None:
        """Return (element, reason) for a disabled, visible element under ``position``."""
        for element in self._elements:
            if element.alive() and element.visible and element.rect.collidepoint(position):
                reason = self.disabled_reason(element)
                if reason:
                    return element, reason
        return None

    # -- input ----------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        """Handle Tab / Shift-Tab (move the focus); return True if used."""
        if event.type != pygame.KEYDOWN or event.key != pygame.K_TAB:
            return False
        step = -1 if event.mod & pygame.KMOD_SHIFT else 1
        self.focus_next(step)
        return True

    def dispatch(self, event: pygame.event.Event) -> bool:
        """Hand a key or typed text to the focused widget; return True if it used it."""
        element = self.focused
        if element is None:
            return False
        if event.type == pygame.KEYDOWN:
            return element.handle_key(event)
        if event.type in (pygame.TEXTINPUT, pygame.TEXTEDITING):
            return element.handle_text(event)
        return False

    # -- drawing --------------------------------------------------------------------------
    def focus_rect(self) -> pygame.Rect | None:
        """Return the screen rectangle of the focused element, or None."""
        element = self.focused
        return pygame.Rect(element.rect) if element is not None else None

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the focus ring around the focused element (nothing if none)."""
        rect = self.focus_rect()
        if rect is not None:
            draw_focus_ring(surface, rect, self.style)
