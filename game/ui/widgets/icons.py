"""Small shapes drawn with pygame.draw: stars, a padlock, a tick, a cross, a spinner, a medal.

The game's font has no star, lock or arrow glyphs, so these are drawn.  Every icon is
paired with words where it carries meaning (e.g. "2 of 3 stars", "Locked"); the shapes
differ (filled star versus outline) so they do not rely on colour.
"""

from __future__ import annotations

import math

import pygame

__all__ = [
    "draw_star",
    "draw_stars",
    "draw_lock",
    "draw_tick",
    "draw_cross",
    "draw_spinner",
    "draw_medal",
    "draw_chevron",
    "star_points",
]

Colour = pygame.Color | tuple[int, int, int]


def star_points(center: tuple[float, float], radius: float) -> list[tuple[float, float]]:
    """Return the ten corners of a five-pointed star around ``center``."""
    cx, cy = center
    inner = radius * 0.45
    points = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        r = radius if i % 2 == 0 else inner
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def draw_star(
    surface: pygame.Surface,
    center: tuple[float, float],
    radius: float,
    colour: Colour,
    *,
    filled: bool,
    outline: Colour | None = None,
) -> None:
    """Draw a star: solid when ``filled``, else a thick outline only."""
    points = star_points(center, radius)
    if filled:
        pygame.draw.polygon(surface, colour, points)
        if outline is not None:
            pygame.draw.polygon(surface, outline, points, width=max(1, int(radius // 6)))
    else:
        pygame.draw.polygon(surface, outline or colour, points, width=max(2, int(radius // 5)))


def draw_stars(
    surface: pygame.Surface,
    left_center: tuple[float, float],
    radius: float,
    earned: int,
    total: int,
    fill: Colour,
    outline: Colour,
) -> int:
    """Draw ``total`` stars left to right, the first ``earned`` filled; return the width used."""
    x, y = left_center
    step = radius * 2.3
    for index in range(total):
        draw_star(
            surface,
            (x + radius + index * step, y),
            radius,
            fill,
            filled=index < earned,
            outline=outline,
        )
    return int(round(step * (total - 1) + 2 * radius))


def draw_lock(surface: pygame.Surface, rect: pygame.Rect, colour: Colour) -> None:
    """Draw a closed padlock filling ``rect`` (body plus shackle)."""
    rect = pygame.Rect(rect)
    body = pygame.Rect(rect.left, rect.top + rect.height * 0.45, rect.width, rect.height * 0.55)
    shackle = pygame.Rect(
        rect.left + rect.width * 0.2, rect.top, rect.width * 0.6, rect.height * 0.8
    )
    width = max(2, rect.width // 7)
    pygame.draw.arc(surface, colour, shackle, 0, math.pi, width)
    pygame.draw.line(
        surface,
        colour,
        (shackle.left + width // 2, shackle.centery),
        (shackle.left + width // 2, body.top),
        width,
    )
    pygame.draw.line(
        surface,
        colour,
        (shackle.right - width // 2 - 1, shackle.centery),
        (shackle.right - width // 2 - 1, body.top),
        width,
    )
    pygame.draw.rect(surface, colour, body, border_radius=max(2, rect.width // 8))


def draw_tick(surface: pygame.Surface, rect: pygame.Rect, colour: Colour) -> None:
    """Draw a tick mark inside ``rect``."""
    rect = pygame.Rect(rect)
    width = max(2, rect.width // 6)
    points = [
        (rect.left + rect.width * 0.1, rect.top + rect.height * 0.55),
        (rect.left + rect.width * 0.4, rect.top + rect.height * 0.85),
        (rect.left + rect.width * 0.92, rect.top + rect.height * 0.2),
    ]
    pygame.draw.lines(surface, colour, False, points, width)


def draw_cross(surface: pygame.Surface, rect: pygame.Rect, colour: Colour) -> None:
    """Draw an X inside ``rect``."""
    rect = pygame.Rect(rect).inflate(-rect.width // 5, -rect.height // 5)
    width = max(2, rect.width // 5)
    pygame.draw.line(surface, colour, rect.topleft, rect.bottomright, width)
    pygame.draw.line(surface, colour, rect.bottomleft, rect.topright, width)


def draw_spinner(
    surface: pygame.Surface, center: tuple[int, int], radius: int, phase: float, colour: Colour
) -> None:
    """Draw a progress spinner: eight dots whose size follows ``phase`` (seconds)."""
    cx, cy = center
    lead = int(phase * 10) % 8
    for i in range(8):
        angle = i * math.pi / 4 - math.pi / 2
        age = (lead - i) % 8
        size = max(1, round(radius * (0.28 - 0.025 * age)))
        x = cx + radius * 0.75 * math.cos(angle)
        y = cy + radius * 0.75 * math.sin(angle)
        pygame.draw.circle(surface, colour, (round(x), round(y)), size)


def draw_medal(
    surface: pygame.Surface, center: tuple[int, int], radius: int, fill: Colour, line: Colour
) -> None:
    """Draw a medal: two ribbon tails under a disc with a star."""
    cx, cy = center
    tail = radius * 0.8
    pygame.draw.polygon(
        surface,
        line,
        [(cx - radius * 0.7, cy), (cx - radius * 0.2, cy), (cx - radius * 0.5, cy + radius + tail)],
    )
    pygame.draw.polygon(
        surface,
        line,
        [(cx + radius * 0.2, cy), (cx + radius * 0.7, cy), (cx + radius * 0.5, cy + radius + tail)],
    )
    pygame.draw.circle(surface, fill, (cx, cy), radius)
    pygame.draw.circle(surface, line, (cx, cy), radius, max(2, radius // 5))
    draw_star(surface, (cx, cy), radius * 0.55, line, filled=True)


def draw_chevron(
    surface: pygame.Surface, rect: pygame.Rect, colour: Colour, direction: str = "right"
) -> None:
    """Draw a solid arrow head pointing ``direction`` (right, left, up, down) inside ``rect``."""
    r = pygame.Rect(rect)
    if direction == "right":
        points = [r.topleft, (r.right, r.centery), r.bottomleft]
    elif direction == "left":
        points = [r.topright, (r.left, r.centery), r.bottomright]
    elif direction == "up":
        points = [r.bottomleft, (r.centerx, r.top), r.bottomright]
    else:
        points = [r.topleft, (r.centerx, r.bottom), r.topright]
    pygame.draw.polygon(surface, colour, points)
