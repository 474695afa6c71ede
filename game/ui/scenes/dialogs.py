"""Overlay dialogs: a yes/no confirmation and a one-line text prompt.

Both are overlays the asking scene opens (``scene.open(dialog, then)``; ``opaque = False``:
the scene below stays visible, dimmed).  They are keyboard-first: the focus starts on the
safe choice (Cancel) or in the text field, Tab moves between the controls, Enter / Space
presses the focused button, Esc cancels.  They return their answer with ``dismiss``: off
the stack first, so the receiver may navigate freely.

* :class:`ConfirmScene` returns True (confirmed) or False (cancelled, Esc).
* :class:`TextPromptScene` returns the text accepted, or None (cancelled, Esc).
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.i18n import tr
from game.ui.fonts import FontRole
from game.ui.scene import ResultT
from game.ui.scenes.common import MARGIN, OverlayScene
from game.ui.text import wrap_text
from game.ui.widgets.button_row import ButtonSpec, build_row, button_height, row_rects
from game.ui.widgets.text_entry import TextEntry

__all__ = ["ConfirmScene", "TextPromptScene"]

_PANEL_DESIGN_WIDTH = 560


class _DialogScene(OverlayScene[ResultT]):
    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title = title
        self.message = message
        self.panel = pygame.Rect(0, 0, 0, 0)

    def _panel_width(self) -> int:
        return min(self.size[0] - 2 * MARGIN, self.fonts.scaled_size(_PANEL_DESIGN_WIDTH))

    def _message_lines(self, width: int) -> list[str]:
        return wrap_text(self.fonts.get(FontRole.BODY, 18), self.message, width)

    def draw_back(self, surface: pygame.Surface) -> None:
        palette = self.palette
        pygame.draw.rect(surface, palette.colour("background"), self.panel, border_radius=14)
        pygame.draw.rect(surface, palette.colour("border"), self.panel, width=3, border_radius=14)
        pad = self.fonts.scaled_size(20)
        x, y = self.panel.left + pad, self.panel.top + pad
        heading = self.fonts.get(FontRole.HEADING, 26)
        for line in wrap_text(heading, self.title, self.panel.width - 2 * pad):
            surface.blit(heading.render(line, True, palette.colour("text")), (x, y))
            y += heading.get_linesize()
        y += 8
        body = self.fonts.get(FontRole.BODY, 18)
        for line in self._message_lines(self.panel.width - 2 * pad):
            surface.blit(body.render(line, True, palette.colour("text")), (x, y))
            y += body.get_linesize()

    def _text_height(self, width: int) -> int:
        heading = self.fonts.get(FontRole.HEADING, 26)
        body = self.fonts.get(FontRole.BODY, 18)
        return (
            len(wrap_text(heading, self.title, width)) * heading.get_linesize()
            + 8
            + len(self._message_lines(width)) * body.get_linesize()
        )


class ConfirmScene(_DialogScene[bool]):
    """Ask a yes/no question; the focus starts on the cancel button.  Returns the answer."""

    def __init__(
        self,
        title: str,
        message: str,
        *,
        confirm_text: str | None = None,
        cancel_text: str | None = None,
    ) -> None:
        super().__init__(title, message)
        self.confirm_text = confirm_text or tr("Yes")
        self.cancel_text = cancel_text or tr("Cancel")

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width = self._panel_width()
        pad = self.fonts.scaled_size(20)
        inner = width - 2 * pad
        specs = [ButtonSpec("cancel", self.cancel_text), ButtonSpec("confirm", self.confirm_text)]
        text_h = self._text_height(inner)
        probe = pygame.Rect(0, 0, inner, button_height(self.fonts))
        rects = row_rects(specs, probe, self.fonts, align="right")
        buttons_h = max(r.bottom for r in rects)
        height = pad + text_h + pad + buttons_h + pad
        self.panel = pygame.Rect(0, 0, width, height)
        self.panel.center = (size[0] // 2, size[1] // 2)
        area = pygame.Rect(self.panel.left + pad, self.panel.top + pad + text_h + pad, inner, 10)
        buttons, _ = build_row(specs, area, self.fonts, self.control_style, align="right")
        self.add_buttons(buttons)

    def initial_focus(self) -> None:
        self.focus_key("cancel")

    def on_button(self, key: str) -> None:
        self.dismiss(key == "confirm")

    def on_back(self) -> None:
        self.dismiss(False)


class TextPromptScene(_DialogScene[str | None]):
    """Ask for one line of text (e.g. a profile name); returns the text accepted or None.

    ``attempt(text)`` tries the text (creates the profile, writes the file, ...) and
    returns None when it worked (the prompt closes and returns the text), or a sentence
    saying what is wrong (shown under the field; the prompt stays open).
    """

    MAX_LENGTH = 40
    accepts_drops = False
    """Whether a file or folder dropped on the window is tried as the text (a path prompt)."""

    def __init__(
        self,
        title: str,
        message: str,
        attempt: Callable[[str], str | None],
        *,
        initial: str = "",
        placeholder: str = "",
        submit_text: str | None = None,
        cancel_text: str | None = None,
    ) -> None:
        super().__init__(title, message)
        self.attempt = attempt
        self.text = initial
        self.placeholder = placeholder
        self.submit_text = submit_text or tr("OK")
        self.cancel_text = cancel_text or tr("Cancel")
        self.error: str | None = None
        self.entry: TextEntry | None = None
        self._preselected = False
        self._caret: int | None = None  # where the caret was when the field was rebuilt

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width = self._panel_width()
        pad = self.fonts.scaled_size(20)
        inner = width - 2 * pad
        text_h = self._text_height(inner)
        entry_h = max(44, self.fonts.line_height(FontRole.BODY, 20) + 16)
        error_font = self.fonts.get(FontRole.BOLD, 17)
        error_lines = wrap_text(error_font, self._error_text(), inner) if self.error else []
        error_h = len(error_lines) * error_font.get_linesize() + (8 if error_lines else 0)
        specs = [ButtonSpec("cancel", self.cancel_text), ButtonSpec("submit", self.submit_text)]
        rects = row_rects(specs, pygame.Rect(0, 0, inner, 10), self.fonts, align="right")
        buttons_h = max(r.bottom for r in rects)
        height = pad + text_h + 12 + entry_h + 8 + error_h + pad + buttons_h + pad
        self.panel = pygame.Rect(0, 0, width, height)
        self.panel.center = (size[0] // 2, size[1] // 2)
        top = self.panel.top + pad + text_h + 12
        entry = TextEntry(
            self.control_style,
            "entry",
            self.text,
            placeholder=self.placeholder,
            max_length=self.MAX_LENGTH,
            on_change=self._on_change,
            on_submit=lambda _text: self.submit(),
        )
        entry.place(pygame.Rect(self.panel.left + pad, top, inner, entry_h))
        if self._caret is not None:
            # laid out again (a problem shown, a new size): the caret stays where it was
            entry.move_caret(min(self._caret, len(entry.text)))
        self.entry = self.track(entry, "entry")
        self.error_rect = pygame.Rect(self.panel.left + pad, top + entry_h + 8, inner, error_h)
        area = pygame.Rect(self.panel.left + pad, self.error_rect.bottom + pad, inner, 10)
        buttons, _ = build_row(specs, area, self.fonts, self.control_style, align="right")
        self.add_buttons(buttons)

    def on_resize(self, size: tuple[int, int]) -> None:
        entry = self.entry
        if entry is not None and entry.text == self.text:
            self._caret = entry.caret  # the field is made again: keep the caret
        super().on_resize(size)

    def initial_focus(self) -> None:
        self.focus_key("entry")
        entry = self.entry
        if entry is not None and not self._preselected and entry.text:
            # Typing replaces the old text (as Ctrl+A would select it).
            self._preselected = True
            entry.select_all()

    def _on_change(self, text: str) -> None:
        self.text = text

    def _error_text(self) -> str:
        return tr("Problem: {problem}").format(problem=self.error) if self.error else ""

    def draw_front(self, surface: pygame.Surface) -> None:
        super().draw_front(surface)
        if not self.error:
            return
        font = self.fonts.get(FontRole.BOLD, 17)
        y = self.error_rect.top
        for line in wrap_text(font, self._error_text(), self.error_rect.width):
            surface.blit(
                font.render(line, True, self.palette.colour("negative")), (self.error_rect.left, y)
            )
            y += font.get_linesize()

    def submit(self) -> None:
        """Try the current text; return it on success, else show the problem."""
        if self.entry is not None:
            self.text = self.entry.text
        error = self.attempt(self.text)
        if error is None:
            self.dismiss(self.text)
            return
        self.error = error
        self._focus_key = "entry"
        self.on_resize(self.size)

    def on_button(self, key: str) -> None:
        if key == "submit":
            self.submit()
        else:
            self.on_back()

    def on_back(self) -> None:
        self.dismiss(None)

    def on_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.DROPFILE and self.accepts_drops:
            # a file or folder dropped on the window: try it as if its path had been typed
            self.text = str(event.file)
            self._caret = len(self.text)
            error = self.attempt(self.text)
            if error is None:
                self.dismiss(self.text)
            else:
                self.error = error
                self.on_resize(self.size)
            return True
        return False
