"""The pause menu the negotiation table opens on Esc.

``table.open(PauseScene(level_title=...), then)``: the menu returns a :class:`PauseChoice`.
Resume (or Esc) closes it and returns ``RESUME``; "Quit to the map" and "Quit the game"
first ask for a confirmation, because the talks so far are not scored, then close the
menu and return ``TO_MAP`` / ``QUIT``.  Closing the window while paused asks the same
question.  What each choice does is the table's business (e.g. ``navigator.to_campaign``
and ``navigator.quit``).
"""

from __future__ import annotations

from enum import Enum

import pygame

from game.i18n import N_, tr
from game.ui.fonts import FontRole
from game.ui.scenes.common import MARGIN, MenuScene
from game.ui.scenes.dialogs import ConfirmScene
from game.ui.text import wrap_text
from game.ui.widgets.button_row import ButtonSpec, build_column, button_height

__all__ = ["PauseChoice", "PauseScene", "LEAVE_WARNING"]

LEAVE_WARNING = N_(
    "The talks so far will not be scored, and the other side will remember that you left."
)
"""Translated where it is shown."""


class PauseChoice(Enum):
    """What the pause menu returns."""

    RESUME = "resume"
    TO_MAP = "map"
    QUIT = "quit"


class PauseScene(MenuScene[PauseChoice]):
    """A dimmed overlay with Resume, Quit to the map and Quit the game.

    ``to_map``: whether "Quit to the map" can be chosen (else it shows why not).
    """

    opaque = False

    def __init__(self, *, level_title: str = "", to_map: bool = True) -> None:
        super().__init__()
        self.level_title = level_title
        self.to_map = to_map
        self.panel = pygame.Rect(0, 0, 0, 0)

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        fonts = self.fonts
        pad = fonts.scaled_size(24)
        width = min(size[0] - 2 * MARGIN, fonts.scaled_size(440))
        inner = width - 2 * pad
        heading = fonts.get(FontRole.HEADING, 30)
        body = fonts.get(FontRole.BODY, 18)
        self.sub_lines = wrap_text(body, self.level_title, inner) if self.level_title else []
        text_h = heading.get_linesize() + len(self.sub_lines) * body.get_linesize() + 12
        specs = [
            ButtonSpec("resume", tr("Resume (Esc)")),
            ButtonSpec(
                "map", tr("Quit to the map"), None if self.to_map else tr("Not available here")
            ),
            ButtonSpec("quit", tr("Quit the game")),
        ]
        buttons_h = len(specs) * (button_height(fonts) + 12) - 12
        self.panel = pygame.Rect(0, 0, width, pad + text_h + buttons_h + pad)
        self.panel.center = (size[0] // 2, size[1] // 2)
        self.panel.top = max(MARGIN, self.panel.top)
        buttons, _ = build_column(
            specs,
            self.panel.left + pad,
            self.panel.top + pad + text_h,
            inner,
            fonts,
            self.control_style,
        )
        self.add_buttons(buttons)

    def initial_focus(self) -> None:
        self.focus_key("resume")

    def draw_back(self, surface: pygame.Surface) -> None:
        palette = self.palette
        pygame.draw.rect(surface, palette.colour("background"), self.panel, border_radius=14)
        pygame.draw.rect(surface, palette.colour("border"), self.panel, width=3, border_radius=14)
        pad = self.fonts.scaled_size(24)
        heading = self.fonts.get(FontRole.HEADING, 30)
        surface.blit(
            heading.render(tr("Paused"), True, palette.colour("text")),
            (self.panel.left + pad, self.panel.top + pad),
        )
        y = self.panel.top + pad + heading.get_linesize()
        body = self.fonts.get(FontRole.BODY, 18)
        for line in self.sub_lines:
            surface.blit(
                body.render(line, True, palette.colour("text_muted")), (self.panel.left + pad, y)
            )
            y += body.get_linesize()

    def resume_play(self) -> None:
        """Close the menu and go on with the talks."""
        self.dismiss(PauseChoice.RESUME)

    def _confirm(self, title: str, confirm_text: str, choice: PauseChoice) -> None:
        """Ask first; once confirmed, close the menu and return ``choice``."""

        def answered(yes: bool) -> None:
            if yes:
                self.dismiss(choice)

        self.open(
            ConfirmScene(
                title,
                tr(LEAVE_WARNING),
                confirm_text=confirm_text,
                cancel_text=tr("Keep negotiating"),
            ),
            answered,
        )

    def on_button(self, key: str) -> None:
        if key == "resume":
            self.resume_play()
        elif key == "map" and self.to_map:
            self._confirm(tr("Leave these talks?"), tr("Quit to the map"), PauseChoice.TO_MAP)
        elif key == "quit":
            self._confirm(tr("Quit Common Ground?"), tr("Quit the game"), PauseChoice.QUIT)

    def on_back(self) -> None:
        self.resume_play()

    def request_quit(self) -> bool:
        """Window closed while paused: ask first (the talks are not over)."""
        self.on_button("quit")
        return False
