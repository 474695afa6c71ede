"""The pause menu the negotiation table pushes on Esc.

``PauseScene(on_resume, on_quit_to_map, on_quit)``: Resume (or Esc) pops the menu and calls
``on_resume``; "Quit to the map" and "Quit the game" first ask for a confirmation, because
the talks so far are not scored, then pop the menu and call ``on_quit_to_map`` /
``on_quit``.  Closing the window while paused asks the same question.  The callbacks
belong to the table (e.g. ``navigator.to_campaign`` and ``navigator.quit``).
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.ui.fonts import FontRole
from game.ui.scene import SceneStack
from game.ui.scenes.common import MARGIN, MenuScene
from game.ui.scenes.dialogs import ConfirmScene
from game.ui.text import wrap_text
from game.ui.widgets.button_row import ButtonSpec, build_column, button_height

__all__ = ["PauseScene", "LEAVE_WARNING"]

LEAVE_WARNING = (
    "The talks so far will not be scored, and the other side will remember that you left."
)


class PauseScene(MenuScene):
    """A dimmed overlay with Resume, Quit to the map and Quit the game."""

    opaque = False

    def __init__(
        self,
        on_resume: Callable[[], None] | None = None,
        on_quit_to_map: Callable[[], None] | None = None,
        on_quit: Callable[[], None] | None = None,
        *,
        level_title: str = "",
    ) -> None:
        super().__init__()
        self.on_resume = on_resume
        self.on_quit_to_map = on_quit_to_map
        self.on_quit = on_quit
        self.level_title = level_title
        self.panel = pygame.Rect(0, 0, 0, 0)
        self._last_stack: SceneStack | None = None

    def layout(self, size: tuple[int, int]) -> None:
        assert self.manager is not None
        fonts = self.fonts
        pad = fonts.scaled_size(24)
        width = min(size[0] - 2 * MARGIN, fonts.scaled_size(440))
        inner = width - 2 * pad
        heading = fonts.get(FontRole.HEADING, 30)
        body = fonts.get(FontRole.BODY, 18)
        self.sub_lines = wrap_text(body, self.level_title, inner) if self.level_title else []
        text_h = heading.get_linesize() + len(self.sub_lines) * body.get_linesize() + 12
        specs = [
            ButtonSpec("resume", "Resume (Esc)"),
            ButtonSpec(
                "map", "Quit to the map", None if self.on_quit_to_map else "Not available here"
            ),
            ButtonSpec("quit", "Quit the game"),
        ]
        buttons_h = len(specs) * (button_height(fonts) + 12) - 12
        self.panel = pygame.Rect(0, 0, width, pad + text_h + buttons_h + pad)
        self.panel.center = (size[0] // 2, size[1] // 2)
        self.panel.top = max(MARGIN, self.panel.top)
        buttons, _ = build_column(
            specs, self.panel.left + pad, self.panel.top + pad + text_h, inner, fonts, self.manager
        )
        self.add_buttons(buttons)
        self.focus.set_elements([buttons["resume"], buttons["map"], buttons["quit"]])

    def initial_focus(self) -> None:
        self.focus_key("resume")

    def draw_back(self, surface: pygame.Surface) -> None:
        palette = self.palette
        pygame.draw.rect(surface, palette.colour("background"), self.panel, border_radius=14)
        pygame.draw.rect(surface, palette.colour("border"), self.panel, width=3, border_radius=14)
        pad = self.fonts.scaled_size(24)
        heading = self.fonts.get(FontRole.HEADING, 30)
        surface.blit(
            heading.render("Paused", True, palette.colour("text")),
            (self.panel.left + pad, self.panel.top + pad),
        )
        y = self.panel.top + pad + heading.get_linesize()
        body = self.fonts.get(FontRole.BODY, 18)
        for line in self.sub_lines:
            surface.blit(
                body.render(line, True, palette.colour("text_muted")), (self.panel.left + pad, y)
            )
            y += body.get_linesize()

    def _close(self) -> None:
        if self._stack is not None and self.stack.top is self:
            self.stack.pop()

    def resume_play(self) -> None:
        """Close the menu and go on with the talks."""
        self._close()
        if self.on_resume is not None:
            self.on_resume()

    def _confirm(self, title: str, confirm_text: str, then: Callable[[], None]) -> None:
        def confirmed() -> None:
            self._last_stack = self.stack
            self._close()
            then()

        self.stack.push(
            ConfirmScene(
                title,
                LEAVE_WARNING,
                confirmed,
                confirm_text=confirm_text,
                cancel_text="Keep negotiating",
            )
        )

    def on_button(self, key: str) -> None:
        if key == "resume":
            self.resume_play()
        elif key == "map" and self.on_quit_to_map is not None:
            self._confirm("Leave these talks?", "Quit to the map", self.on_quit_to_map)
        elif key == "quit":
            self._confirm("Quit Common Ground?", "Quit the game", self._quit)

    def _quit(self) -> None:
        if self.on_quit is not None:
            self.on_quit()
        elif self.context is not None and "navigator" in self.context.services:
            self.navigator.quit()
        elif self._last_stack is not None:
            self._last_stack.request_exit()

    def on_back(self) -> None:
        self.resume_play()

    def request_quit(self) -> bool:
        """Window closed while paused: ask first (the talks are not over)."""
        self.on_button("quit")
        return False
