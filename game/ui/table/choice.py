"""Overlays the negotiation table opens: pick a detail of a move, set weights, read the keys.

* :class:`ChoiceScene` — which issue to ask about, which card to cite, honest or
  exaggerated priorities, which feeling to show, ... : a list (Up / Down, Enter) with the
  full words of the selected choice under it; Esc cancels.  Returns the chosen key, or
  None when cancelled.
* :class:`WeightsScene` — "restate their interests": a slider per issue (0-10) for how
  much it matters to the other side, then Send.  Returns ``{issue id: weight}``, or None
  when cancelled.
* :class:`TableHelpScene` — the keys of the table and every move with whether it can be
  made now and, if not, why.  Returns nothing.

The table opens them with ``scene.open(overlay, then)``; each leaves the stack before
``then`` receives its result, so the table can play the move at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from game.i18n import language, ngettext, tr
from game.npc.wording import agree, issue_phrase
from game.ui.fonts import FontRole
from game.ui.reasons import refusal_words
from game.ui.scene import ResultT, SceneContext
from game.ui.scenes.common import MARGIN, OverlayScene
from game.ui.text import ellipsize, wrap_text
from game.ui.widgets.button_row import ButtonSpec, build_row, row_rects
from game.ui.widgets.controls import ControlStyle, IndexSlider
from game.ui.widgets.document import Block, Bullets, DocumentView, Heading, Paragraph
from game.ui.widgets.list_view import ListRow, ListView
from game.ui.widgets.text_cache import TextCache

__all__ = ["Choice", "ChoiceScene", "WeightsScene", "TableHelpScene", "help_blocks"]

_PANEL_WIDTH = 640


@dataclass(frozen=True)
class Choice:
    """One option: a key for the program, a title, a short detail and the full words."""

    key: str
    title: str
    detail: str = ""
    words: str = ""


class _Overlay(OverlayScene[ResultT]):
    """A centred panel over the dimmed table; Esc (:meth:`cancel`) returns :attr:`cancelled`."""

    def __init__(self, title: str, message: str = "") -> None:
        super().__init__()
        self.title = title
        self.message = message
        self.panel = pygame.Rect(0, 0, 0, 0)
        self.pad = 20

    def cancel(self) -> None:
        """Close without a choice (Esc, Cancel)."""
        self.dismiss(self.cancelled())

    def cancelled(self) -> ResultT:
        """Return what closing without a choice returns."""
        raise NotImplementedError

    def on_back(self) -> None:
        self.cancel()

    def _panel(self, size: tuple[int, int]) -> tuple[int, int]:
        """Return (panel width, inner width)."""
        self.pad = self.fonts.scaled_size(20)
        width = min(size[0] - 2 * MARGIN, self.fonts.scaled_size(_PANEL_WIDTH))
        return width, width - 2 * self.pad

    def _centre_panel(self, width: int) -> None:
        """Centre the panel on the page (the window, or a taller page that scrolls)."""
        self.panel.center = (width // 2, self.page_height // 2 - self.page_scroll)
        self.panel.top = max(MARGIN - self.page_scroll, self.panel.top)

    def _heading_height(self, inner: int) -> int:
        heading = self.fonts.get(FontRole.HEADING, 24)
        body = self.fonts.get(FontRole.BODY, 17)
        height = len(wrap_text(heading, self.title, inner)) * heading.get_linesize()
        if self.message:
            height += 6 + len(wrap_text(body, self.message, inner)) * body.get_linesize()
        return height

    def draw_back(self, surface: pygame.Surface) -> None:
        palette = self.palette
        pygame.draw.rect(surface, palette.colour("background"), self.panel, border_radius=14)
        pygame.draw.rect(surface, palette.colour("border"), self.panel, width=3, border_radius=14)
        x, y = self.panel.left + self.pad, self.panel.top + self.pad
        inner = self.panel.width - 2 * self.pad
        heading = self.fonts.get(FontRole.HEADING, 24)
        for line in wrap_text(heading, self.title, inner):
            surface.blit(heading.render(line, True, palette.colour("text")), (x, y))
            y += heading.get_linesize()
        if self.message:
            y += 6
            body = self.fonts.get(FontRole.BODY, 17)
            for line in wrap_text(body, self.message, inner):
                surface.blit(body.render(line, True, palette.colour("text_muted")), (x, y))
                y += body.get_linesize()


class ChoiceScene(_Overlay[str | None]):
    """Pick one of several choices; returns the chosen key, or None when cancelled."""

    def __init__(
        self,
        title: str,
        message: str,
        choices: Sequence[Choice],
        *,
        confirm_text: str = "",
    ) -> None:
        super().__init__(title, message)
        if not choices:
            raise ValueError("a choice needs at least one option")
        self.choices = list(choices)
        self.confirm_text = confirm_text or tr("Say it")
        self.list: ListView | None = None
        self.words_rect = pygame.Rect(0, 0, 0, 0)
        self._selected = self.choices[0].key

    @property
    def selected(self) -> Choice:
        """Return the choice now selected."""
        for choice in self.choices:
            if choice.key == self._selected:
                return choice
        return self.choices[0]

    def _words_height(self, inner: int) -> int:
        body = self.fonts.get(FontRole.ITALIC, 17)
        tallest = max(
            len(wrap_text(body, c.words or c.detail or c.title, inner)) for c in self.choices
        )
        return min(6, tallest) * body.get_linesize()

    def _specs(self) -> list[ButtonSpec]:
        return [ButtonSpec("cancel", tr("Cancel (Esc)")), ButtonSpec("choose", self.confirm_text)]

    def _measure(self, window: tuple[int, int]) -> tuple[int, int, int, int, int, int]:
        """Return (panel width, inner width, heading, words, buttons, list row heights) for
        the window; in a small window at large text the margins narrow."""
        width, inner = self._panel(window)
        for narrow in (False, True):
            if narrow:
                self.pad = self.fonts.scaled_size(8)
                inner = width - 2 * self.pad
            heading_h = self._heading_height(inner)
            buttons_h = max(
                r.bottom for r in row_rects(self._specs(), pygame.Rect(0, 0, inner, 10), self.fonts)
            )
            words_h = self._words_height(inner)
            probe = ListView(self.fonts, self.palette)
            probe.set_rect(pygame.Rect(0, 0, inner, 200))
            probe.set_rows([ListRow(c.key, c.title, c.detail) for c in self.choices])
            row_h = probe._row_height(probe.rows[0])
            needed = 5 * self.pad + heading_h + row_h + 8 + words_h + buttons_h
            if needed <= window[1] - 2 * MARGIN:
                break
        return width, inner, heading_h, words_h, buttons_h, row_h

    def min_height(self, width: int) -> int:
        """Return the height of the panel with one row of the list (a smaller window scrolls
        the panel: the words and the buttons are never cut or out of reach)."""
        _, _, heading_h, words_h, buttons_h, row_h = self._measure((width, self.size[1]))
        return 2 * MARGIN + 5 * self.pad + heading_h + row_h + 8 + words_h + buttons_h

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width, inner, heading_h, words_h, buttons_h, row_h = self._measure((size[0], self.size[1]))
        pad = self.pad
        specs = self._specs()
        room = (
            self.page_height
            - 2 * MARGIN
            - (pad + heading_h + pad + pad + words_h + pad + buttons_h + pad)
        )
        list_h = max(row_h + 8, min(row_h * len(self.choices) + 8, room))
        height = pad + heading_h + pad + list_h + pad + words_h + pad + buttons_h + pad
        self.panel = pygame.Rect(0, 0, width, height)
        self._centre_panel(size[0])
        top = self.panel.top + pad + heading_h + pad
        view = ListView(
            self.fonts,
            self.palette,
            on_select=self._on_select,
            on_activate=lambda row: self.choose(row.key),
        )
        view.set_rect(pygame.Rect(self.panel.left + pad, top, inner, list_h))
        view.set_rows(
            [ListRow(c.key, c.title, c.detail) for c in self.choices], select_key=self._selected
        )
        self.list = self.track(view, "list")
        self.words_rect = pygame.Rect(self.panel.left + pad, top + list_h + pad, inner, words_h)
        area = pygame.Rect(self.panel.left + pad, self.words_rect.bottom + pad, inner, 10)
        buttons, _ = build_row(specs, area, self.fonts, self.control_style, align="right")
        self.add_buttons(buttons)

    def initial_focus(self) -> None:
        self.focus_key("list")

    def _on_select(self, row: ListRow) -> None:
        self._selected = row.key

    def draw_front(self, surface: pygame.Surface) -> None:
        super().draw_front(surface)
        choice = self.selected
        words = choice.words or choice.detail
        if not words:
            return
        font = self.fonts.get(FontRole.ITALIC, 17)
        y = self.words_rect.top
        lines = wrap_text(font, words, self.words_rect.width)
        if len(lines) > 6:  # never cut silently: the last line shown says there is more
            lines = lines[:6]
            lines[-1] = ellipsize(font, lines[-1] + " …", self.words_rect.width)
        for line in lines:
            surface.blit(
                font.render(line, True, self.palette.colour("text")), (self.words_rect.left, y)
            )
            y += font.get_linesize()

    def choose(self, key: str) -> None:
        """Close and return ``key``."""
        self.dismiss(key)

    def cancelled(self) -> str | None:
        return None

    def on_button(self, key: str) -> None:
        if key == "choose":
            self.choose(self._selected)
        else:
            self.cancel()


class WeightsScene(_Overlay[dict[str, float] | None]):
    """Sliders 0-10, one per issue; returns ``{issue_id: weight}``, or None when cancelled."""

    def __init__(
        self,
        title: str,
        message: str,
        issues: Sequence[tuple[str, str]],
        *,
        send_text: str = "",
    ) -> None:
        super().__init__(title, message)
        send_text = send_text or tr("Say it back")
        self.issues = list(issues)
        self.send_text = send_text
        self.values = {issue_id: 5 for issue_id, _ in self.issues}
        self.sliders: dict[str, IndexSlider] = {}
        self.label_rects: dict[str, pygame.Rect] = {}

    def enter(self, context: SceneContext) -> None:
        super().enter(context)
        self.style = ControlStyle(self.fonts, self.palette, TextCache(self.fonts))

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width, inner = self._panel(size)
        pad = self.pad
        heading_h = self._heading_height(inner)
        label_h = self.fonts.line_height(FontRole.BOLD, 17)
        control_h = self.style.control_height()
        row_h = label_h + control_h + 8
        specs = [ButtonSpec("cancel", tr("Cancel (Esc)")), ButtonSpec("send", self.send_text)]
        buttons_h = max(
            r.bottom for r in row_rects(specs, pygame.Rect(0, 0, inner, 10), self.fonts)
        )
        height = pad + heading_h + pad + row_h * len(self.issues) + pad + buttons_h + pad
        self.panel = pygame.Rect(0, 0, width, height)
        self._centre_panel(size[0])
        y = self.panel.top + pad + heading_h + pad
        labels = [tr("{n} of 10").format(n=w) if w else tr("does not matter") for w in range(11)]
        self.sliders = {}
        for issue_id, name in self.issues:
            self.label_rects[issue_id] = pygame.Rect(self.panel.left + pad, y, inner, label_h)
            slider = IndexSlider(
                self.style,
                f"weight:{issue_id}",
                labels,
                self.values[issue_id],
                lambda index, issue_id=issue_id: self.values.__setitem__(issue_id, index),
                description=ngettext(
                    "How much {issue} matters to them",
                    "How much {issue} matter to them",
                    2 if agree(name, "matters") != "matters" else 1,
                ).format(issue=issue_phrase(name) if language() == "en" else name),
            )
            slider.place(pygame.Rect(self.panel.left + pad, y + label_h, inner, control_h))
            self.sliders[issue_id] = self.track(slider, f"weight:{issue_id}")
            y += row_h
        area = pygame.Rect(self.panel.left + pad, y + pad, inner, 10)
        buttons, _ = build_row(specs, area, self.fonts, self.control_style, align="right")
        self.add_buttons(buttons)

    def min_height(self, width: int) -> int:
        """Return the panel's height with the margins (a smaller window scrolls it)."""
        _, inner = self._panel((width, self.size[1]))
        label_h = self.fonts.line_height(FontRole.BOLD, 17)
        row_h = label_h + self.style.control_height() + 8
        specs = [ButtonSpec("cancel", tr("Cancel (Esc)")), ButtonSpec("send", self.send_text)]
        buttons_h = max(
            r.bottom for r in row_rects(specs, pygame.Rect(0, 0, inner, 10), self.fonts)
        )
        heading_h = self._heading_height(inner)
        return 2 * MARGIN + 4 * self.pad + heading_h + row_h * len(self.issues) + buttons_h

    def draw_front(self, surface: pygame.Surface) -> None:
        for issue_id, name in self.issues:
            rect = self.label_rects.get(issue_id)
            if rect is not None:
                label = self.style.text.render(name, FontRole.BOLD, 17, self.palette.colour("text"))
                surface.blit(label, rect.topleft)
        super().draw_front(surface)

    def cancelled(self) -> dict[str, float] | None:
        return None

    def on_button(self, key: str) -> None:
        if key == "send":
            self.dismiss({issue_id: float(v) for issue_id, v in self.values.items()})
        else:
            self.cancel()


class TableHelpScene(_Overlay[None]):
    """The table's keys and every move's state, in a scrolling page."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        super().__init__(tr("Keys and moves"), tr("Esc closes this page."))
        self.blocks = list(blocks)
        self.page: DocumentView | None = None

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width = min(size[0] - 2 * MARGIN, self.fonts.scaled_size(760))
        self.pad = self.fonts.scaled_size(20)
        inner = width - 2 * self.pad
        heading_h = self._heading_height(inner)
        specs = [ButtonSpec("close", tr("Close (Esc)"))]
        buttons_h = max(
            r.bottom for r in row_rects(specs, pygame.Rect(0, 0, inner, 10), self.fonts)
        )
        height = size[1] - 2 * MARGIN
        self.panel = pygame.Rect(0, 0, width, height)
        self.panel.center = (size[0] // 2, size[1] // 2)
        top = self.panel.top + self.pad + heading_h + self.pad
        page_h = self.panel.bottom - self.pad - buttons_h - self.pad - top
        page = DocumentView(self.fonts, self.palette, None)
        page.set_rect(pygame.Rect(self.panel.left + self.pad, top, inner, max(40, page_h)))
        page.set_blocks(self.blocks)
        self.page = self.track(page, "page")
        area = pygame.Rect(
            self.panel.left + self.pad, self.panel.bottom - self.pad - buttons_h, inner, 10
        )
        buttons, _ = build_row(specs, area, self.fonts, self.control_style, align="right")
        self.add_buttons(buttons)

    def initial_focus(self) -> None:
        self.focus_key("page")

    def cancelled(self) -> None:
        return None

    def on_button(self, key: str) -> None:
        self.cancel()

    def text_lines(self) -> list[str]:
        """Return the page's lines (tests)."""
        return self.page.text_lines() if self.page is not None else []


def help_blocks(
    keys: Sequence[tuple[str, str]], moves: Sequence[tuple[str, str, str | None]]
) -> list[Block]:
    """Return the help page: keys, then each move with "can be made now" or its reason."""
    blocks: list[Block] = [Heading(tr("Keys"))]
    blocks.append(Bullets(tuple(f"{key}: {what}" for key, what in keys)))
    blocks.append(Heading(tr("Moves")))
    lines = []
    for label, shortcut, reason in moves:
        head = f"{label} ({shortcut})" if shortcut else label
        state = tr("you can do this now") if reason is None else refusal_words(reason)
        lines.append(f"{head}: {state}")
    blocks.append(Bullets(tuple(lines)))
    blocks.append(Heading(tr("Reading the table")))
    blocks.append(
        Bullets(
            (
                tr(
                    "\u201cWorth to you\u201d: 0 is the worst deal for you, 1 the best. The thick"
                    " line on the bar is your BATNA, what you get without a deal."
                ),
                tr(
                    "The small stars above the bar mark the value each star needs (the level's"
                    " objectives count too)."
                ),
                tr(
                    "Trust and rapport change with what you do; the reason is written under each"
                    " bar and in the conversation."
                ),
                tr(
                    "In talks with several parties, each delegate shows whether they support,"
                    " oppose or have not decided on the proposal on the table."
                ),
            )
        )
    )
    blocks.append(
        Paragraph(
            tr(
                "Tip: hover over a greyed-out button, or open this page, to see why it cannot "
                "be used."
            ),
            muted=True,
            size=16,
        )
    )
    return blocks
