#!/usr/bin/env python3
"""Draw the example portrait set of docs/level-authoring.md: a potter, with pygame alone.

    python scripts/make_example_portraits.py            # writes the set beside the example
    python scripts/make_example_portraits.py --out DIR  # writes DIR/<expression>.png

The set is the layout a level's own portraits use: one 256 × 256 PNG per expression, the
face centred on a transparent background.  Everything is drawn here (original art).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "docs" / "examples" / "own-portraits" / "portraits" / "potter"
SIZE = 256
EXPRESSIONS = ("neutral", "warm", "frustrated", "angry", "hurt", "surprised", "thinking")

BACKGROUND = (214, 196, 170)
SKIN = (176, 118, 84)
SKIN_SHADE = (150, 96, 66)
HAIR = (62, 44, 38)
SCARF = (74, 128, 120)
APRON = (196, 160, 118)
CLAY = (168, 98, 64)
INK = (44, 30, 26)
WHITE = (250, 246, 240)
CHEEK = (200, 110, 96)


def _brows(surface: pygame.Surface, expression: str) -> None:
    # (left outer, left inner, right inner, right outer) heights, y grows downwards
    shapes = {
        "neutral": (92, 92, 92, 92),
        "warm": (88, 90, 90, 88),
        "frustrated": (92, 98, 98, 92),
        "angry": (86, 102, 102, 86),
        "hurt": (98, 86, 86, 98),
        "surprised": (80, 78, 78, 80),
        "thinking": (92, 92, 82, 86),
    }
    lo, li, ri, ro = shapes[expression]
    pygame.draw.line(surface, HAIR, (96, lo), (118, li), 6)
    pygame.draw.line(surface, HAIR, (138, ri), (160, ro), 6)


def _eyes(surface: pygame.Surface, expression: str) -> None:
    for x in (108, 148):
        if expression == "warm":
            pygame.draw.arc(surface, INK, (x - 9, 104, 18, 14), 0.2, 2.9, 4)
        elif expression in ("frustrated", "angry"):
            pygame.draw.ellipse(surface, WHITE, (x - 9, 106, 18, 10))
            pygame.draw.circle(surface, INK, (x, 111), 4)
            pygame.draw.line(surface, SKIN_SHADE, (x - 10, 105), (x + 10, 105), 3)
        elif expression == "surprised":
            pygame.draw.ellipse(surface, WHITE, (x - 10, 100, 20, 20))
            pygame.draw.circle(surface, INK, (x, 110), 5)
        else:
            pygame.draw.ellipse(surface, WHITE, (x - 9, 103, 18, 14))
            look = 4 if expression == "thinking" else 0
            up = -3 if expression == "thinking" else 0
            pygame.draw.circle(surface, INK, (x + look, 110 + up), 5)
            if expression == "hurt":
                pygame.draw.line(surface, SKIN_SHADE, (x - 9, 103), (x + 9, 101), 2)


def _mouth(surface: pygame.Surface, expression: str) -> None:
    if expression == "warm":
        pygame.draw.arc(surface, INK, (108, 128, 40, 26), 3.4, 6.0, 4)
        pygame.draw.circle(surface, CHEEK, (98, 132), 7)
        pygame.draw.circle(surface, CHEEK, (158, 132), 7)
    elif expression == "frustrated":
        pygame.draw.lines(surface, INK, False, [(112, 144), (122, 140), (134, 145), (144, 141)], 4)
    elif expression == "angry":
        pygame.draw.rect(surface, INK, (112, 140, 32, 8), border_radius=3)
        pygame.draw.line(surface, WHITE, (115, 144), (141, 144), 2)
    elif expression == "hurt":
        pygame.draw.arc(surface, INK, (112, 140, 32, 18), 0.3, 2.8, 4)
    elif expression == "surprised":
        pygame.draw.ellipse(surface, INK, (120, 136, 16, 20))
    elif expression == "thinking":
        pygame.draw.line(surface, INK, (116, 144), (140, 140), 4)
    else:
        pygame.draw.line(surface, INK, (114, 143), (142, 143), 4)


def draw_potter(expression: str) -> pygame.Surface:
    """Return the potter's face for ``expression``, 256 × 256 on a transparent background."""
    surface = pygame.Surface((SIZE, SIZE), pygame.SRCALPHA)
    pygame.draw.circle(surface, BACKGROUND, (128, 128), 126)
    # shoulders: an apron over a shirt, a smear of clay
    pygame.draw.ellipse(surface, SCARF, (40, 182, 176, 120))
    pygame.draw.rect(surface, APRON, (84, 196, 88, 70), border_radius=12)
    pygame.draw.ellipse(surface, CLAY, (120, 214, 26, 14))
    # neck, hair behind, face, ears
    pygame.draw.rect(surface, SKIN_SHADE, (112, 150, 32, 44), border_radius=8)
    pygame.draw.ellipse(surface, HAIR, (70, 46, 116, 120))
    pygame.draw.ellipse(surface, SKIN, (84, 62, 88, 108))
    pygame.draw.ellipse(surface, SKIN, (76, 104, 14, 24))
    pygame.draw.ellipse(surface, SKIN, (166, 104, 14, 24))
    # hair tied up in a bun with a scarf band
    pygame.draw.circle(surface, HAIR, (128, 44), 22)
    pygame.draw.ellipse(surface, HAIR, (82, 52, 92, 38))
    pygame.draw.rect(surface, SCARF, (84, 70, 88, 10), border_radius=5)
    # nose and a clay mark on the cheek
    pygame.draw.line(surface, SKIN_SHADE, (128, 112), (124, 128), 3)
    pygame.draw.line(surface, SKIN_SHADE, (124, 128), (131, 129), 3)
    pygame.draw.ellipse(surface, CLAY, (148, 126, 12, 6))
    _brows(surface, expression)
    _eyes(surface, expression)
    _mouth(surface, expression)
    if expression == "thinking":  # a hand at the chin
        pygame.draw.ellipse(surface, SKIN_SHADE, (136, 150, 34, 26))
    return surface


def main(argv: list[str] | None = None) -> int:
    """Write every expression of the potter to ``--out``; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    pygame.init()
    args.out.mkdir(parents=True, exist_ok=True)
    for expression in EXPRESSIONS:
        pygame.image.save(draw_potter(expression), str(args.out / f"{expression}.png"))
    pygame.quit()
    print(f"wrote {len(EXPRESSIONS)} portraits to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
