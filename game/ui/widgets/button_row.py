"""Rows and columns of the game's buttons, sized from the font metrics.

A button is as tall as the bold 20 px line plus padding (at least 44 px, a comfortable
click target) and as wide as its words plus padding, so it grows with the text scale.  A
row that does not fit its width wraps onto further rows.  The buttons are the same
:class:`~game.ui.widgets.controls.Button` the table uses (filled, "primary"), drawn with
the screen's :class:`~game.ui.widgets.controls.ControlStyle`.  Disabled buttons keep
their reason as tool-tip text (see :class:`~game.ui.widgets.focus.FocusManager`); words
too long for the button are cut with an ellipsis and shown whole as the tool-tip.

Usage::

    specs = [ButtonSpec("back", "Back"), ButtonSpec("start", "Start")]
    buttons, used = build_row(specs, pygame.Rect(24, 640, 1232, 56), fonts, style, align="right")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from game.ui.fonts import FontCache, FontRole
from game.ui.text import ellipsize
from game.ui.widgets.controls import Button, ControlStyle

__all__ = [
    "ButtonSpec",
    "button_height",
    "button_width",
    "row_rects",
    "build_row",
    "build_column",
    "make_button",
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
    area is cut to the area's width (its text is ellipsized when drawn).
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


def make_button(spec: ButtonSpec, rect: pygame.Rect, style: ControlStyle) -> Button:
    """Return the button for ``spec`` placed at ``rect``."""
    font = style.fonts.get(FontRole.BOLD, TEXT_SIZE)
    tooltip = spec.tooltip
    room = rect.width - 2 * style.scaled(12)  # as the button draws its words
    if not tooltip and ellipsize(font, spec.text, room) != spec.text:
        tooltip = spec.text
    button = Button(style, spec.key, spec.text, kind="primary", description=tooltip)
    button.size = TEXT_SIZE
    button.place(rect)
    if spec.disabled_reason:
        button.disable(spec.disabled_reason)
    return button


def build_row(
    specs: Sequence[ButtonSpec],
    area: pygame.Rect,
    fonts: FontCache,
    style: ControlStyle,
    *,
    align: str = "left",
    gap: int = GAP,
) -> tuple[dict[str, Button], int]:
    """Create the buttons of a (wrapping) row; return them by key and the height used."""
    rects = row_rects(specs, area, fonts, align=align, gap=gap)
    buttons = {s.key: make_button(s, r, style) for s, r in zip(specs, rects, strict=True)}
    height = (max(r.bottom for r in rects) - area.top) if rects else 0
    return buttons, height


def build_column(
    specs: Sequence[ButtonSpec],
    left: int,
    top: int,
    width: int,
    fonts: FontCache,
    style: ControlStyle,
    *,
    gap: int = GAP,
) -> tuple[dict[str, Button], int]:
    """Create buttons stacked top to bottom, each ``width`` wide; return them and the height used."""
    height = button_height(fonts)
    buttons = {}
    y = top
    for spec in specs:
        buttons[spec.key] = make_button(spec, pygame.Rect(left, y, width, height), style)
        y += height + gap
    return buttons, max(0, y - gap - top)
