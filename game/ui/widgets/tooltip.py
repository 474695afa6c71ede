"""A tool-tip box drawn with our fonts (used for the reasons on disabled controls)."""

from __future__ import annotations

import pygame

from game.ui.fonts import FontCache, FontRole
from game.ui.text import wrap_text
from game.ui.theme import Palette

__all__ = ["draw_tooltip", "tooltip_rect"]

TEXT_SIZE = 16
PADDING = 8


def tooltip_rect(
    text: str, anchor: pygame.Rect, bounds: pygame.Rect, fonts: FontCache, max_width: int = 360
) -> tuple[pygame.Rect, list[str]]:
    """Return where a tool-tip for ``anchor`` goes (above it, inside ``bounds``) and its lines.

    ``max_width`` is a design width at 100 % text; it grows with the text scale.
    """
    font = fonts.get(FontRole.BODY, TEXT_SIZE)
    width = min(fonts.scaled_size(max_width), bounds.width - 2 * PADDING)
    lines = wrap_text(font, text, width - 2 * PADDING)
    text_w = max(font.size(line)[0] for line in lines) if lines else 0
    rect = pygame.Rect(0, 0, text_w + 2 * PADDING, len(lines) * font.get_linesize() + 2 * PADDING)
    rect.midbottom = (anchor.centerx, anchor.top - 8)
    if rect.top < bounds.top:
        rect.top = anchor.bottom + 8
    rect.clamp_ip(bounds)
    return rect, lines


def draw_tooltip(
    surface: pygame.Surface, text: str, anchor: pygame.Rect, fonts: FontCache, palette: Palette
) -> pygame.Rect:
    """Draw ``text`` in a dark box next to ``anchor``; return the box drawn."""
    rect, lines = tooltip_rect(text, pygame.Rect(anchor), surface.get_rect(), fonts)
    font = fonts.get(FontRole.BODY, TEXT_SIZE)
    pygame.draw.rect(surface, palette.colour("tooltip_bg"), rect, border_radius=6)
    pygame.draw.rect(surface, palette.colour("focus_ring_inner"), rect, width=2, border_radius=6)
    y = rect.top + PADDING
    for line in lines:
        surface.blit(
            font.render(line, True, palette.colour("tooltip_text")), (rect.left + PADDING, y)
        )
        y += font.get_linesize()
    return rect
