"""A one-line text field drawn like the game's other controls.

:class:`TextEntry` is a :class:`~game.ui.widgets.controls.Control`: it takes part in the
focus ring's Tab order, draws itself with the palette, and is told when it gains or loses
the focus (:meth:`TextEntry.focus_changed`).  What it does:

* typed text arrives as ``TEXTINPUT`` events (SDL turns key presses, dead keys and input
  methods into text); while an input method composes (Chinese, Japanese, Korean, ...) the
  unfinished text arrives as ``TEXTEDITING`` events and is shown underlined at the caret,
  and the method's candidate window is placed under the field
  (``pygame.key.set_text_input_rect``).  Text input is switched on while the field has
  the focus (``pygame.key.start_text_input`` / ``stop_text_input``), so no input method
  takes the keys of the screens without a field;
* the caret moves with Left / Right (a word at a time with Ctrl), Home / End; Shift with
  any of them selects, Ctrl+A selects everything, a click puts the caret under the mouse
  and a drag (or Shift+click) selects;
* Backspace / Delete remove the selection or one character (a word with Ctrl);
* Ctrl+C / Ctrl+X copy / cut the selection, Ctrl+V (or Shift+Insert) pastes the first line
  of the clipboard (``pygame.scrap.get_text`` / ``put_text``, the system clipboard);
* Enter calls ``on_submit``; every change calls ``on_change``; at most ``max_length``
  characters are kept (a paste that would pass it is cut).

Esc, Tab and the function keys are not used here: the screen and the focus ring keep them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pygame

from game.ui.fonts import FontRole
from game.ui.widgets.controls import Control, ControlStyle

__all__ = ["TextEntry", "clipboard_text", "set_clipboard_text"]

logger = logging.getLogger(__name__)

_SUBMIT = (pygame.K_RETURN, pygame.K_KP_ENTER)
_TEXT_SIZE = 20


def clipboard_text() -> str:
    """Return the text on the system clipboard ("" when there is none or no clipboard)."""
    try:
        return pygame.scrap.get_text() or ""
    except pygame.error:  # no window yet, or a platform without a clipboard
        logger.debug("no clipboard", exc_info=True)
        return ""


def set_clipboard_text(text: str) -> None:
    """Put ``text`` on the system clipboard (nothing happens without a clipboard)."""
    try:
        pygame.scrap.put_text(text)
    except pygame.error:
        logger.debug("no clipboard", exc_info=True)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


class TextEntry(Control):
    """One line of editable text with a caret, a selection, the clipboard and IME text."""

    def __init__(
        self,
        style: ControlStyle,
        key: str,
        text: str = "",
        *,
        placeholder: str = "",
        max_length: int | None = None,
        on_change: Callable[[str], None] | None = None,
        on_submit: Callable[[str], None] | None = None,
        description: str | None = None,
        size: int = _TEXT_SIZE,
    ) -> None:
        super().__init__(style, key, description)
        self.max_length = max_length
        self.text = text if max_length is None else text[:max_length]
        self.placeholder = placeholder
        self.on_change = on_change
        self.on_submit = on_submit
        self.size = size
        self.caret = len(self.text)
        """Where typing goes: an index into :attr:`text` (0 .. len)."""
        self.anchor = self.caret
        """The other end of the selection (equal to :attr:`caret`: nothing selected)."""
        self.composition = ""
        """What an input method is composing (not yet part of the text)."""
        self.composition_caret = 0
        self.has_focus = False
        self._scroll = 0
        self._dragging = False

    # -- the text ---------------------------------------------------------------------------
    @property
    def selection(self) -> tuple[int, int]:
        """Return (start, end) of the selected text (start == end: none)."""
        return min(self.caret, self.anchor), max(self.caret, self.anchor)

    @property
    def selected_text(self) -> str:
        """Return the selected text."""
        start, end = self.selection
        return self.text[start:end]

    def set_text(self, text: str, *, notify: bool = False) -> None:
        """Replace the text (caret at its end, nothing selected)."""
        self.text = text if self.max_length is None else text[: self.max_length]
        self.caret = self.anchor = len(self.text)
        self.composition = ""
        if notify:
            self._changed()

    def select_all(self) -> None:
        """Select the whole text (typing then replaces it)."""
        self.anchor, self.caret = 0, len(self.text)

    def move_caret(self, index: int, *, select: bool = False) -> None:
        """Put the caret at ``index``; with ``select`` the selection grows to it."""
        self.caret = max(0, min(len(self.text), index))
        if not select:
            self.anchor = self.caret

    def insert(self, text: str) -> bool:
        """Replace the selection with ``text`` (cut to ``max_length``); return True if changed."""
        start, end = self.selection
        if self.max_length is not None:
            room = self.max_length - (len(self.text) - (end - start))
            text = text[: max(0, room)]
        if not text and start == end:
            return False
        self.text = self.text[:start] + text + self.text[end:]
        self.caret = self.anchor = start + len(text)
        self._changed()
        return True

    def delete(self, direction: int, *, word: bool = False) -> bool:
        """Delete the selection, or one character (a word) before (-1) or after (1) the caret."""
        start, end = self.selection
        if start == end:
            target = self._word_edge(direction) if word else self.caret + direction
            target = max(0, min(len(self.text), target))
            start, end = sorted((self.caret, target))
        if start == end:
            return False
        self.text = self.text[:start] + self.text[end:]
        self.caret = self.anchor = start
        self._changed()
        return True

    def _word_edge(self, direction: int) -> int:
        """Return where a Ctrl+arrow from the caret lands (start of a word, or end)."""
        text, index = self.text, self.caret
        if direction < 0:
            while index > 0 and not _is_word(text[index - 1]):
                index -= 1
            while index > 0 and _is_word(text[index - 1]):
                index -= 1
        else:
            while index < len(text) and not _is_word(text[index]):
                index += 1
            while index < len(text) and _is_word(text[index]):
                index += 1
        return index

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.text)

    # -- the clipboard ----------------------------------------------------------------------
    def copy(self) -> bool:
        """Put the selection on the clipboard; return False when nothing is selected."""
        if not self.selected_text:
            return False
        set_clipboard_text(self.selected_text)
        return True

    def cut(self) -> bool:
        """Copy the selection and delete it."""
        return self.copy() and self.delete(0)

    def paste(self) -> bool:
        """Insert the clipboard's first line at the caret (over the selection)."""
        text = clipboard_text().replace("\r\n", "\n").split("\n")[0].replace("\t", " ")
        return self.insert("".join(ch for ch in text if ch.isprintable()))

    # -- focus ------------------------------------------------------------------------------
    def focus_changed(self, focused: bool) -> None:
        """Switch text input (and the input method) on while focused, off when not."""
        self.has_focus = focused
        self.composition = ""
        try:
            if focused:
                pygame.key.start_text_input()
                pygame.key.set_text_input_rect(self.rect)
            else:
                pygame.key.stop_text_input()
        except pygame.error:  # no video system (tests without a window)
            logger.debug("text input not switched", exc_info=True)

    def place(self, rect: pygame.Rect, clip: pygame.Rect | None = None) -> None:
        super().place(rect, clip)
        if self.has_focus:
            try:
                pygame.key.set_text_input_rect(self.rect)
            except pygame.error:
                logger.debug("text input rect not set", exc_info=True)

    # -- input ------------------------------------------------------------------------------
    def handle_text(self, event: pygame.event.Event) -> bool:
        """Take a ``TEXTINPUT`` (typed text) or ``TEXTEDITING`` (composing) event."""
        if not self.is_enabled:
            return False
        if event.type == pygame.TEXTINPUT:
            self.composition = ""
            text = "".join(ch for ch in str(event.text) if ch.isprintable())
            self.insert(text)
            return True
        if event.type == pygame.TEXTEDITING:
            self.composition = str(event.text)
            start = int(getattr(event, "start", len(self.composition)))
            self.composition_caret = max(0, min(len(self.composition), start))
            return True
        return False

    def handle_key(self, event: pygame.event.Event) -> bool:
        if event.type != pygame.KEYDOWN or not self.is_enabled:
            return False
        if self.composition:
            return True  # the input method is using the keys
        key = event.key
        mod = getattr(event, "mod", 0)
        ctrl = bool(mod & (pygame.KMOD_CTRL | pygame.KMOD_META))
        shift = bool(mod & pygame.KMOD_SHIFT)
        if key in _SUBMIT:
            if self.on_submit is not None:
                self.on_submit(self.text)
            return True
        moves = {
            pygame.K_LEFT: (self._word_edge(-1) if ctrl else self.caret - 1),
            pygame.K_RIGHT: (self._word_edge(1) if ctrl else self.caret + 1),
            pygame.K_HOME: 0,
            pygame.K_END: len(self.text),
        }
        if key in moves:
            start, end = self.selection
            if not shift and start != end and key in (pygame.K_LEFT, pygame.K_RIGHT) and not ctrl:
                self.move_caret(start if key == pygame.K_LEFT else end)  # collapse the selection
            else:
                self.move_caret(moves[key], select=shift)
            return True
        if key == pygame.K_BACKSPACE:
            self.delete(-1, word=ctrl)
            return True
        if key == pygame.K_DELETE:
            if shift and not ctrl:
                self.cut()
            else:
                self.delete(1, word=ctrl)
            return True
        if key == pygame.K_INSERT:
            if shift:
                self.paste()
            elif ctrl:
                self.copy()
            return True
        if ctrl:
            action = {
                pygame.K_a: self.select_all,
                pygame.K_c: self.copy,
                pygame.K_x: self.cut,
                pygame.K_v: self.paste,
            }.get(key)
            if action is not None:
                action()
                return True
            return False
        # A printable key: its text arrives as TEXTINPUT; the screen must not take it.
        return bool(getattr(event, "unicode", "")) and str(event.unicode).isprintable()

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        if not self.is_enabled:
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == pygame.BUTTON_LEFT:
            if not self.hit(event.pos):
                return False
            shift = bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)
            self.move_caret(self.index_at(event.pos[0]), select=shift)
            self._dragging = True
            return True
        if event.type == pygame.MOUSEMOTION and self._dragging:
            self.move_caret(self.index_at(event.pos[0]), select=True)
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == pygame.BUTTON_LEFT:
            if self._dragging:
                self._dragging = False
                return True
        return False

    # -- geometry ---------------------------------------------------------------------------
    def _font(self) -> pygame.font.Font:
        return self.style.fonts.get(FontRole.BODY, self.size)

    def _pad(self) -> int:
        return self.style.scaled(12)

    def _x_of(self, index: int) -> int:
        """Return the screen x of the gap before character ``index``."""
        width = self._font().size(self.text[:index])[0]
        return self.rect.left + self._pad() + width - self._scroll

    def index_at(self, x: int) -> int:
        """Return the caret index nearest to screen x ``x``."""
        font = self._font()
        target = x - (self.rect.left + self._pad()) + self._scroll
        best, best_gap = 0, abs(target)
        for index in range(1, len(self.text) + 1):
            gap = abs(font.size(self.text[:index])[0] - target)
            if gap < best_gap:
                best, best_gap = index, gap
        return best

    def _keep_caret_visible(self) -> None:
        font = self._font()
        room = max(1, self.rect.width - 2 * self._pad())
        caret_x = font.size(self.text[: self.caret] + self.composition)[0]
        if caret_x - self._scroll > room:
            self._scroll = caret_x - room
        elif caret_x < self._scroll:
            self._scroll = max(0, caret_x - room // 3)
        self._scroll = max(0, min(self._scroll, max(0, font.size(self.text)[0] - room + 2)))

    # -- drawing ----------------------------------------------------------------------------
    def paint(self, surface: pygame.Surface) -> None:
        style = self.style
        rect = self.rect
        enabled = self.is_enabled
        bg = style.colour("surface") if enabled else style.colour("disabled_bg")
        border = style.colour("primary") if self.has_focus else style.colour("border")
        pygame.draw.rect(surface, bg, rect, border_radius=8)
        pygame.draw.rect(surface, border, rect, width=2, border_radius=8)
        pad = self._pad()
        inner = rect.inflate(-2 * pad + 4, -4)
        old_clip = surface.get_clip()
        surface.set_clip(inner.clip(old_clip) if old_clip else inner)
        try:
            self._paint_text(surface, enabled)
        finally:
            surface.set_clip(old_clip)

    def _paint_text(self, surface: pygame.Surface, enabled: bool) -> None:
        style = self.style
        font = self._font()
        self._keep_caret_visible()
        line_h = font.get_linesize()
        top = self.rect.centery - line_h // 2
        if not self.text and not self.composition and self.placeholder:
            muted = style.fonts.get(FontRole.ITALIC, self.size)
            words = muted.render(self.placeholder, True, style.colour("text_muted"))
            surface.blit(words, (self.rect.left + self._pad(), top))
        start, end = self.selection
        if start != end:
            band = pygame.Rect(self._x_of(start), top, self._x_of(end) - self._x_of(start), line_h)
            pygame.draw.rect(surface, style.colour("selected_bg"), band)
        colour = style.colour("text") if enabled else style.colour("disabled_text")
        before, after = self.text[: self.caret], self.text[self.caret :]
        x = self.rect.left + self._pad() - self._scroll
        for part, underline in ((before, False), (self.composition, True), (after, False)):
            if not part:
                continue
            rendered = font.render(part, True, colour)
            surface.blit(rendered, (x, top))
            if underline:
                y = top + line_h - 3
                pygame.draw.line(surface, colour, (x, y), (x + rendered.get_width(), y), 2)
            x += rendered.get_width()
        if self.has_focus and enabled:
            caret_x = self._x_of(self.caret)
            if self.composition:
                caret_x += font.size(self.composition[: self.composition_caret])[0]
            pygame.draw.line(
                surface, style.colour("text"), (caret_x, top + 2), (caret_x, top + line_h - 2), 2
            )
