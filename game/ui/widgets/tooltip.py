"""A tool-tip box drawn with our fonts (used for the reasons on disabled controls)."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.ui.fonts import FontCache, FontRole
from game.ui.text import wrap_text
from game.ui.theme import Palette

__all__ = ["draw_tooltip", "tooltip_rect"]

TEXT_SIZE = 16
PADDING = 8
GAP = 6


def tooltip_rect(
    text: str,
    anchor: pygame.Rect,
    bounds: pygame.Rect,
    fonts: FontCache,
    max_width: int = 360,
    avoid: Sequence[pygame.Rect] = (),
) -> tuple[pygame.Rect, list[str]]:
    """Return where a tool-tip for ``anchor`` goes, inside ``bounds``, and its lines.

    It goes above the anchor, else below, right or left of it: the first of those that
    covers neither the anchor nor any of ``avoid`` (the other controls on screen, whose
    labels it must not hide); when none is free, the one covering the least of them.
    ``max_width`` is a design width at 100 % text; it grows with the text scale.
    """
    font = fonts.get(FontRole.BODY, TEXT_SIZE)
    width = min(fonts.scaled_size(max_width), bounds.width - 2 * PADDING)
    lines = wrap_text(font, text, width - 2 * PADDING)
    text_w = max(font.size(line)[0] for line in lines) if lines else 0
    box = pygame.Rect(0, 0, text_w + 2 * PADDING, len(lines) * font.get_linesize() + 2 * PADDING)
    gap = GAP
    spots = []
    for side in ("midbottom", "midtop", "midleft", "midright"):
        spot = box.copy()
        if side == "midbottom":
            spot.midbottom = (anchor.centerx, anchor.top - gap)
        elif side == "midtop":
            spot.midtop = (anchor.centerx, anchor.bottom + gap)
        elif side == "midleft":
            spot.midleft = (anchor.right + gap, anchor.centery)
        else:
            spot.midright = (anchor.left - gap, anchor.centery)
        spots.append(spot.clamp(bounds))
    others = [pygame.Rect(r) for r in avoid if not pygame.Rect(r).contains(anchor)]

    def covered(spot: pygame.Rect) -> int:
        hidden = spot.clip(anchor)
        cost = 4 * hidden.width * hidden.height
        for rect in others:
            part = spot.clip(rect)
            cost += part.width * part.height
        return cost

    costs = [covered(spot) for spot in spots]
    return spots[costs.index(min(costs))], lines


def draw_tooltip(
    surface: pygame.Surface,
    text: str,
    anchor: pygame.Rect,
    fonts: FontCache,
    palette: Palette,
    avoid: Sequence[pygame.Rect] = (),
) -> pygame.Rect:
    """Draw ``text`` in a dark box next to ``anchor``, off ``avoid``; return the box drawn."""
    rect, lines = tooltip_rect(text, pygame.Rect(anchor), surface.get_rect(), fonts, avoid=avoid)
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
