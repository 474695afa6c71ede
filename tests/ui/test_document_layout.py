"""A page laid out again with one block changed lays out only that block again, and the
result is the page laid out from nothing."""

from __future__ import annotations

import pygame
import pytest

from game.ui.scene import SceneContext
from game.ui.widgets import document
from game.ui.widgets.document import Bullets, Heading, Paragraph, Points, Spacer


@pytest.fixture
def context():
    pygame.init()
    pygame.display.set_mode((64, 64))
    document.forget_layouts()
    yield SceneContext.create(services={})
    document.forget_layouts()


def _page(selected: int | None) -> list:
    return [
        Heading("What you did"),
        Paragraph("You opened far above what the other side could accept. " * 3, label="1."),
        Spacer(12),
        Points(
            (("Anchor", "Your first offer set the range."), ("Trades", "Ask why.")),
            selected=selected,
        ),
        Heading("What to try"),
        Bullets(("Ask about interests before you offer.", "Trade across issues.")),
    ]


def _drawn(layout) -> list:
    ops = [(op.kind, tuple(op.rect), op.data) for op in layout.ops]
    return [layout.height, layout.lines, ops, [(tuple(r), n) for r, n in layout.points]]


def test_one_block_changed_lays_out_that_block_only(context, monkeypatch):
    fonts, palette = context.fonts, context.palette
    document._lay_out(_page(None), 500, fonts, palette, None)
    laid: list[type] = []
    lay_out_block = document._lay_out_block

    def counted(block, *args):
        laid.append(type(block))
        return lay_out_block(block, *args)

    monkeypatch.setattr(document, "_lay_out_block", counted)
    again = document._lay_out(_page(2), 500, fonts, palette, None)
    assert laid == [Points]  # the point marked as chosen; the rest as they were
    document.forget_layouts()
    laid.clear()
    fresh = document._lay_out(_page(2), 500, fonts, palette, None)
    assert len(laid) == 5  # every block but the spacer, from nothing
    assert _drawn(again) == _drawn(fresh)
    # the second heading sits below the spacer and the points, wherever they end
    assert again.points[0][0].top > again.ops[0].rect.bottom
