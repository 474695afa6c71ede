"""Rows and columns of pygame_gui buttons sized from the font metrics.

A button is as tall as the bold 20 px line plus padding (at least 44 px, a comfortable
click target) and as wide as its words plus padding, so it grows with the text scale.  A
row that does not fit its width wraps onto further rows.  Disabled buttons keep their
reason as tool-tip text (see :class:`~game.ui.widgets.focus.FocusManager`).

Usage::

    specs = [ButtonSpec("back", "Back"), ButtonSpec("start", "Start", primary=True)]
    buttons, used = build_row(specs, pygame.Rect(24, 640, 1232, 56), fonts, manager, align="right")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.ui.fonts import FontCache, FontRole
from game.ui.text import ellipsize

__all__ = [
    "ButtonSpec",
    "button_height",
    "button_width",
    "row_rects",
    "build_row",
    "build_column",
    "set_aside",
    "drop_spares",
]

GAP = 12
TEXT_SIZE = 20


@dataclass(frozen=True)
class ButtonSpec:
    """A button to make: key (for the program), words, and why it is disabled (None: enabled)."""

    key: str
    text: str
    disabled_reason: str | None = None
    tooltip: str | None = None


def button_height(fonts: FontCache) -> int:
    """Return the height of a button for the current text scale."""
    return max(44, fonts.line_height(FontRole.BOLD, TEXT_SIZE) + 18)


def button_width(fonts: FontCache, text: str, minimum: int = 96) -> int:
    """Return the width a button needs for ``text``."""
    return max(minimum, fonts.get(FontRole.BOLD, TEXT_SIZE).size(text)[0] + 48)


def row_rects(
    specs: Sequence[ButtonSpec],
    area: pygame.Rect,
    fonts: FontCache,
    *,
    align: str = "left",
    gap: int = GAP,
) -> list[pygame.Rect]:
    """Return a rect per button, laid left to right from ``area.top``, wrapping as needed.

    ``align`` is "left", "right" or "center" (per wrapped row).  A button wider than the
    area is cut to the area's width (its text is ellipsized by :func:`build_row`).
    """
    height = button_height(fonts)
    rows: list[list[tuple[int, int]]] = [[]]
    used = 0
    for index, spec in enumerate(specs):
        width = min(area.width, button_width(fonts, spec.text))
        if rows[-1] and used + gap + width > area.width:
            rows.append([])
            used = 0
        used += (gap if rows[-1] else 0) + width
        rows[-1].append((index, width))
    rects: list[pygame.Rect | None] = [None] * len(specs)
    y = area.top
    for row in rows:
        total = sum(w for _, w in row) + gap * max(0, len(row) - 1)
        if align == "right":
            x = area.right - total
        elif align == "center":
            x = area.left + (area.width - total) // 2
        else:
            x = area.left
        for index, width in row:
            rects[index] = pygame.Rect(x, y, width, height)
            x += width + gap
        y += height + gap
    return [r for r in rects if r is not None]


#: Buttons a screen set aside while it lays itself out again, by manager (see
#: :func:`set_aside`): one with the same words, state and size is moved, not made anew.
_SPARES: dict[int, dict[tuple, list[UIButton]]] = {}


def _spare_key(text: str, enabled: bool, tooltip: str | None, size: tuple[int, int]) -> tuple:
    return (text, bool(enabled), tooltip or None, (int(size[0]), int(size[1])))


def set_aside(manager: pygame_gui.UIManager, buttons: Sequence[UIButton]) -> None:
    """Keep ``buttons`` (made here) for the next layout of ``manager``'s screen to reuse.

    pygame_gui draws a button's every state when it is made; a screen laid out again
    (scrolled, resized, shown again) mostly makes the same buttons in new places.
    Call :func:`drop_spares` when the layout is done: what was not reused is killed.
    """
    spares = _SPARES.setdefault(id(manager), {})
    for button in buttons:
        if not (isinstance(button, UIButton) and button.alive()):
            button.kill()
            continue
        # As it is now (a screen may have changed its words or state since it was made).
        key = _spare_key(button.text, button.is_enabled, button.tool_tip_text, button.rect.size)
        spares.setdefault(key, []).append(button)


def drop_spares(manager: pygame_gui.UIManager) -> None:
    """Kill the buttons set aside for ``manager`` that the new layout did not reuse."""
    for buttons in _SPARES.pop(id(manager), {}).values():
        for button in buttons:
            button.kill()


def _make_button(
    spec: ButtonSpec, rect: pygame.Rect, fonts: FontCache, manager: pygame_gui.UIManager
) -> UIButton:
    font = fonts.get(FontRole.BOLD, TEXT_SIZE)
    text = ellipsize(font, spec.text, rect.width - 32)
    tooltip = spec.disabled_reason or spec.tooltip
    if text != spec.text and not tooltip:
        tooltip = spec.text
    key = _spare_key(text, not spec.disabled_reason, tooltip, rect.size)
    spare = _SPARES.get(id(manager), {}).get(key)
    if spare:
        button = spare.pop()
        button.set_relative_position(rect.topleft)
        return button
    button = UIButton(rect, text, manager=manager, tool_tip_text=tooltip)
    if spec.disabled_reason:
        button.disable()
    return button


def build_row(
    specs: Sequence[ButtonSpec],
    area: pygame.Rect,
    fonts: FontCache,
    manager: pygame_gui.UIManager,
    *,
    align: str = "left",
    gap: int = GAP,
) -> tuple[dict[str, UIButton], int]:
    """Create the buttons of a (wrapping) row; return them by key and the height used."""
    rects = row_rects(specs, area, fonts, align=align, gap=gap)
    buttons = {s.key: _make_button(s, r, fonts, manager) for s, r in zip(specs, rects, strict=True)}
    height = (max(r.bottom for r in rects) - area.top) if rects else 0
    return buttons, height


def build_column(
    specs: Sequence[ButtonSpec],
    left: int,
    top: int,
    width: int,
    fonts: FontCache,
    manager: pygame_gui.UIManager,
    *,
    gap: int = GAP,
) -> tuple[dict[str, UIButton], int]:
    """Create buttons stacked top to bottom, each ``width`` wide; return them and the height used."""
    height = button_height(fonts)
    buttons = {}
    y = top
    for spec in specs:
        buttons[spec.key] = _make_button(spec, pygame.Rect(left, y, width, height), fonts, manager)
        y += height + gap
    return buttons, max(0, y - gap - top)
