"""The F1 page of a menu screen: every key it has, read from the screen's key table.

``MenuScene.open_keys_page`` opens it with the screen's :meth:`MenuScene.key_table`, the
same table that decides what the keys do; Esc or Close returns to the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pygame

from game.i18n import tr
from game.ui.fonts import FontRole
from game.ui.keys import KeyBinding, help_lines
from game.ui.scenes.common import MARGIN, OverlayScene
from game.ui.text import wrap_text
from game.ui.widgets.button_row import ButtonSpec, build_row, row_rects
from game.ui.widgets.document import Bullets, DocumentView

__all__ = ["KeysPageScene"]


class KeysPageScene(OverlayScene[None]):
    """A centred panel listing a screen's keys; returns nothing."""

    def __init__(self, screen: str, bindings: Sequence[KeyBinding[Any]]) -> None:
        super().__init__()
        self.title = tr("Keys: {screen}").format(screen=screen)
        self.bindings = tuple(bindings)
        self.page: DocumentView | None = None
        self.panel = pygame.Rect(0, 0, 0, 0)
        self.pad = 20

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        fonts = self.fonts
        width = min(size[0] - 2 * MARGIN, fonts.scaled_size(720))
        self.pad = fonts.scaled_size(20)
        inner = width - 2 * self.pad
        heading = fonts.get(FontRole.HEADING, 24)
        heading_h = len(wrap_text(heading, self.title, inner)) * heading.get_linesize()
        specs = [ButtonSpec("close", tr("Close (Esc)"))]
        buttons_h = max(r.bottom for r in row_rects(specs, pygame.Rect(0, 0, inner, 10), fonts))
        page = DocumentView(fonts, self.palette, None)
        page.set_rect(pygame.Rect(0, 0, inner, 40))
        page.set_blocks([Bullets(tuple(help_lines(self.bindings)))])
        wanted = page.content_height + 2 * page.padding + 4
        room = size[1] - 2 * MARGIN - (3 * self.pad + heading_h + buttons_h + self.pad)
        page_h = max(40, min(room, wanted))
        height = self.pad + heading_h + self.pad + page_h + self.pad + buttons_h + self.pad
        self.panel = pygame.Rect(0, 0, width, height)
        self.panel.center = (size[0] // 2, size[1] // 2)
        top = self.panel.top + self.pad + heading_h + self.pad
        page.set_rect(pygame.Rect(self.panel.left + self.pad, top, inner, page_h))
        self.page = self.track(page, "page")
        area = pygame.Rect(self.panel.left + self.pad, top + page_h + self.pad, inner, 10)
        buttons, _ = build_row(specs, area, fonts, self.control_style, align="right")
        self.add_buttons(buttons)

    def initial_focus(self) -> None:
        self.focus_key("close")

    def on_button(self, key: str) -> None:
        self.dismiss(None)

    def on_back(self) -> None:
        self.dismiss(None)

    def draw_back(self, surface: pygame.Surface) -> None:
        palette = self.palette
        pygame.draw.rect(surface, palette.colour("background"), self.panel, border_radius=14)
        pygame.draw.rect(surface, palette.colour("border"), self.panel, width=3, border_radius=14)
        heading = self.fonts.get(FontRole.HEADING, 24)
        x, y = self.panel.left + self.pad, self.panel.top + self.pad
        for line in wrap_text(heading, self.title, self.panel.width - 2 * self.pad):
            surface.blit(heading.render(line, True, palette.colour("text")), (x, y))
            y += heading.get_linesize()

    def text_lines(self) -> list[str]:
        """Return the page's lines as drawn (tests read what the player reads)."""
        return [self.title, *(self.page.text_lines() if self.page is not None else [])]
