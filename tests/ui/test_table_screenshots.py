"""The negotiation table, drawn headless, matches its committed reference pictures.

Three layouts: the wide one (tablet-deal at 1280 x 720 after a question and an offer),
the two-column one with a contingent clause (book-deal at 1024 x 600) and the one-column
one at 200 % text (climate-accord).  After an intended change of look, regenerate them and
look at every picture before committing:

    CG_UPDATE_SCREENSHOTS=1 python -m pytest tests/ui/test_table_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pygame
import pytest

from .table_harness import make_table

REFERENCE = Path(__file__).resolve().parent / "reference"
TOLERANCE = 1.5  # mean absolute difference per channel, 0-255
UPDATE = os.environ.get("CG_UPDATE_SCREENSHOTS") == "1"


def _wide(table) -> None:
    table.keys("q")  # ask their priorities
    table.tab_to("issue:warranty")
    table.keys("right", "right")
    table.keys("p")


def _clause(table) -> None:
    table.scene.set_tab("offer")
    table.tab_to("clause")
    table.keys("space")
    table.tab_to("if:bestseller:royalty")
    table.keys("end")


def _large_text(table) -> None:
    table.keys("p")


CASES = {
    "table_wide": ("tablet-deal", (1280, 720), 1.0, _wide),
    "table_clause_1024": ("book-deal", (1024, 600), 1.0, _clause),
    "table_200": ("climate-accord", (1280, 720), 2.0, _large_text),
}


def _pixels(surface: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array3d(surface).astype(np.int16)


@pytest.mark.parametrize("name", sorted(CASES))
def test_table_matches_reference(name, display, tmp_path):
    level_id, size, scale, steps = CASES[name]
    table = make_table(level_id, seed=11, size=size, text_scale=scale)
    steps(table)
    surface = table.frames(40)  # meters settle, every changed region is painted
    out = tmp_path / f"{name}.png"
    pygame.image.save(surface, str(out))
    reference = REFERENCE / f"{name}.png"
    if UPDATE:
        reference.write_bytes(out.read_bytes())
        pytest.skip(f"reference {reference.name} written")
    assert reference.exists(), f"no reference for {name}: run with CG_UPDATE_SCREENSHOTS=1"
    want = _pixels(pygame.image.load(str(reference)))
    got = _pixels(surface)
    assert got.shape == want.shape
    difference = float(np.abs(got - want).mean())
    assert difference < TOLERANCE, f"{name} differs from its reference by {difference:.2f}"
