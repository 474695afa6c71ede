"""Keyboard focus for pygame_gui elements, with a visible focus ring.

pygame_gui has no Tab order.  :class:`FocusManager` keeps an ordered list of elements:

* Tab / Shift-Tab move to the next / previous element, skipping hidden ones and the
  disabled ones that do not say why; a disabled element with a reason (its tool-tip) takes
  the focus, so a keyboard player can read why it is off (:meth:`focused_reason`), but
  Enter / Space do nothing to it.  The first focus goes to an enabled element;
* Enter / Space activate a focused button by posting the same ``UI_BUTTON_PRESSED`` event
  a mouse click posts (bound ``command`` callbacks run as for a click);
* Left / Right (and Home / End) move a horizontal slider by its click increment and post
  ``UI_HORIZONTAL_SLIDER_MOVED``; Up / Down (and Left / Right) change a drop-down menu's
  option and post ``UI_DROP_DOWN_MENU_CHANGED``; Up / Down move a single-choice selection
  list's selection and post ``UI_SELECTION_LIST_NEW_SELECTION``;
* text entry lines get pygame_gui's own keyboard focus while focused;
* the ring is drawn by :meth:`FocusManager.draw`: a thick dark ring, a light inner line
  and corner brackets, so it shows on light and dark backgrounds and is not colour-only.

A disabled element keeps its tool-tip text: :meth:`FocusManager.disabled_reason` and
:meth:`FocusManager.hint_at` return it (the game disables illegal moves with the reason
as tool-tip; pygame_gui shows no tool-tip on a disabled button).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeGuard

import pygame
import pygame_gui
from pygame_gui.core import UIElement
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UIHorizontalSlider,
    UISelectionList,
    UITextEntryBox,
    UITextEntryLine,
)

from game.ui.theme import Palette

__all__ = ["Focusable", "FocusManager", "FocusRingStyle", "FocusTarget", "draw_focus_ring"]

logger = logging.getLogger(__name__)

_ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


class FocusTarget:
    """A widget the game draws itself that :class:`FocusManager` can hold.

    The part of pygame_gui's element protocol the manager asks of it: ``visible``,
    ``is_enabled``, ``tool_tip_text`` (why it is disabled, or a hint), ``rect``,
    :meth:`alive` and :meth:`kill`.
    """

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.visible = True
        self.is_enabled = True
        self.tool_tip_text: str | None = None
        self._alive = True

    def alive(self) -> bool:
        """Return True until :meth:`kill` (like a pygame_gui element)."""
        return self._alive

    def kill(self) -> None:
        """Take the widget out of use (it is no longer focusable)."""
        self._alive = False


#: What :class:`FocusManager` holds: a pygame_gui element or a widget the game draws itself.
Focusable = UIElement | FocusTarget


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


def _is_text_entry(element: Focusable) -> TypeGuard[UITextEntryLine | UITextEntryBox]:
    return isinstance(element, UITextEntryLine | UITextEntryBox)


class FocusManager:
    """An ordered list of focusable pygame_gui elements and which one has focus."""

    def __init__(
        self,
        elements: Iterable[Focusable] = (),
        *,
        style: FocusRingStyle | None = None,
        manager: pygame_gui.UIManager | None = None,
    ) -> None:
        self._elements: list[Focusable] = list(elements)
        self._index: int | None = None
        self.style = style or FocusRingStyle()
        self._manager = manager

    # -- the list -------------------------------------------------------------------------
    @property
    def elements(self) -> Sequence[Focusable]:
        """Return the elements in focus order."""
        return tuple(self._elements)

    def set_elements(self, elements: Iterable[Focusable]) -> None:
        """Replace the focus order, keeping focus on the same element when still listed."""
        current = self.focused
        self._elements = list(elements)
        self._index = None
        if current is not None and current in self._elements and self.is_focusable(current):
            self._index = self._elements.index(current)

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

    def _set_index(self, index: int | None) -> None:
        old = self.focused
        self._index = index
        new = self.focused
        manager = self._manager
        if manager is None or old is new:
            return
        if new is not None and _is_text_entry(new):
            manager.set_focus_set(new)
        elif old is not None and _is_text_entry(old):
            manager.set_focus_set(None)

    # -- disabled reasons -----------------------------------------------------------------
    @staticmethod
    def disabled_reason(element: Focusable) -> str | None:
        """Return the tool-tip text of a disabled element (why it is disabled), else None."""
        if element.is_enabled:
            return None
        text = getattr(element, "tool_tip_text", None)
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
        """Handle Tab, activation and arrow keys, and follow mouse clicks; return True if used.

        Call this before passing the event to the pygame_gui manager.
        """
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            # A mouse click on a listed element moves focus there (keeps one focus).
            element = getattr(event, "ui_element", None)
            if element in self._elements and element is not self.focused:
                self.focus(element)
            return False
        if event.type != pygame.KEYDOWN:
            return False
        if event.key == pygame.K_TAB:
            step = -1 if event.mod & pygame.KMOD_SHIFT else 1
            self.focus_next(step)
            return True
        element = self.focused
        if element is None:
            return False
        if isinstance(element, UIButton):
            if event.key in _ACTIVATE_KEYS:
                self.activate(element)
                return True
            return False
        if isinstance(element, UIHorizontalSlider):
            return self._slide(element, event.key)
        if isinstance(element, UIDropDownMenu):
            return self._cycle_drop_down(element, event.key)
        if isinstance(element, UISelectionList):
            return self._move_selection(element, event.key)
        return False

    @staticmethod
    def activate(button: UIButton) -> None:
        """Press ``button`` as a click would: post ``UI_BUTTON_PRESSED`` (or run its command)."""
        if button.is_enabled:
            button.on_self_event(pygame_gui.UI_BUTTON_PRESSED, {"mouse_button": pygame.BUTTON_LEFT})

    @staticmethod
    def _slide(slider: UIHorizontalSlider, key: int) -> bool:
        low, high = sorted(slider.value_range)
        step = getattr(slider, "increment", 1) or 1
        value = slider.current_value
        if key in (pygame.K_LEFT, pygame.K_DOWN):
            target = value - step
        elif key in (pygame.K_RIGHT, pygame.K_UP):
            target = value + step
        elif key == pygame.K_PAGEDOWN:
            target = value - 10 * step
        elif key == pygame.K_PAGEUP:
            target = value + 10 * step
        elif key == pygame.K_HOME:
            target = low
        elif key == pygame.K_END:
            target = high
        else:
            return False
        target = max(low, min(high, target))
        if target != value:
            slider.set_current_value(target, warn=False)
            data = {
                "value": slider.current_value,
                "ui_element": slider,
                "ui_object_id": slider.most_specific_combined_id,
            }
            pygame.event.post(pygame.event.Event(pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, data))
        return True

    @staticmethod
    def _cycle_drop_down(menu: UIDropDownMenu, key: int) -> bool:
        if key in (pygame.K_UP, pygame.K_LEFT):
            step = -1
        elif key in (pygame.K_DOWN, pygame.K_RIGHT):
            step = 1
        else:
            return False
        # pygame_gui keeps every option as (text, id) though its annotation allows a bare text.
        options = [o if isinstance(o, tuple) else (o, o) for o in menu.options_list]
        if not options:
            return True
        try:
            text, option_id = menu.selected_option
            index = options.index((text, option_id))
        except ValueError:
            index = 0
        new_index = max(0, min(len(options) - 1, index + step))
        if new_index == index:
            return True
        menu.selected_option = options[new_index]
        # Re-start the closed state so it shows the new option (pygame_gui has no public
        # setter; this mirrors UIDropDownMenu._switch_to_closed_state).
        if menu.current_state is not None:
            menu.current_state.finish()
        menu.current_state = menu.menu_states["closed"]
        menu.current_state.selected_option = menu.selected_option
        menu.current_state.start()
        data = {
            "text": menu.selected_option[0],
            "selected_option_id": menu.selected_option[1],
            "ui_element": menu,
            "ui_object_id": menu.most_specific_combined_id,
        }
        pygame.event.post(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, data))
        return True

    @staticmethod
    def _move_selection(selection: UISelectionList, key: int) -> bool:
        if key == pygame.K_UP:
            step = -1
        elif key == pygame.K_DOWN:
            step = 1
        else:
            return False
        items = selection.item_list
        if not items or selection.allow_multi_select:
            return bool(items)
        current = next((i for i, item in enumerate(items) if item["selected"]), None)
        new_index = 0 if current is None else max(0, min(len(items) - 1, current + step))
        if new_index == current:
            return True
        for index, item in enumerate(items):
            want = index == new_index
            if item["selected"] != want:
                item["selected"] = want
                button = item["button_element"]
                if button is not None:
                    button.select() if want else button.unselect()
        data = {
            "text": items[new_index]["text"],
            "ui_element": selection,
            "ui_object_id": selection.most_specific_combined_id,
        }
        pygame.event.post(pygame.event.Event(pygame_gui.UI_SELECTION_LIST_NEW_SELECTION, data))
        scroll_bar = selection.scroll_bar
        if scroll_bar is not None and len(items) > 1:
            scroll_bar.set_scroll_from_start_percentage(min(1.0, new_index / len(items)))
        return True

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
