"""The panels of the negotiation table: who sits there, the talk, the offer on the table,
your offer, the talk moves, the result.

Panels only present: they read a :class:`TableView` snapshot the scene builds from the
match after every change, and they own no rules.  Each lays itself out for a width as a
list of drawing operations (text lines, portraits, meters, cards), so measuring and
drawing agree and drawing is a list of blits of cached text.

A panel with input of its own (an :class:`InputPanel`: the dialogue log, which scrolls,
and the table card, which turns its pages) handles that input and keeps a ``dirty`` flag;
its column's section hands it the mouse and is painted again when the panel is dirty.
Panels without input of their own have neither.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import pygame

from game.engine import Offer
from game.i18n import tr
from game.ui.fonts import FontRole
from game.ui.table.words import emotion_word
from game.ui.widgets.controls import Button, Control, ControlStyle
from game.ui.widgets.dialogue_log import DialogueLog
from game.ui.widgets.gauge import ValueGauge
from game.ui.widgets.meter import Meter
from game.ui.widgets.move_menu import MoveMenu
from game.ui.widgets.offer_builder import OfferBuilder
from game.ui.widgets.party_strip import PartyChip, layout_chips
from game.ui.widgets.portrait import PortraitLibrary
from game.ui.widgets.scroll_column import Panel

__all__ = [
    "CardSource",
    "InputPanel",
    "NpcView",
    "Package",
    "TableView",
    "StatusPanel",
    "LogPanel",
    "TableCard",
    "OfferPanel",
    "MovesPanel",
    "ResultPanel",
]

HEADING_SIZE = 20
BODY_SIZE = 17
SMALL_SIZE = 15


@dataclass
class NpcView:
    """What the table shows about one character."""

    id: str
    name: str
    role: str
    portrait: str
    emotion: str = "neutral"
    mood: str = ""
    grievances: tuple[tuple[str, bool], ...] = ()


@dataclass
class Package:
    """A package the player can look at: the table's offer, an alternative, a suggestion."""

    title: str
    offer: Offer
    words: str
    value: float | None
    kind: str  # "table", "mine", "alternative", "suggestion"


@dataclass
class TableView:
    """Everything the panels show, built by the scene after each change."""

    title: str = ""
    round_text: str = ""
    talk_text: str = ""
    npcs: dict[str, NpcView] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    mediator: NpcView | None = None
    mediator_note: str = ""
    packages: list[Package] = field(default_factory=list)
    coalition_lines: list[str] = field(default_factory=list)
    batna: float = 0.0
    empty_table: str = ""
    notes: list[str] = field(default_factory=list)
    """The player's notes: the interests found, and the options they opened."""


# --------------------------------------------------------------------------- drawing ops
class _Ops:
    """Drawing operations laid out for a rectangle; ``draw`` replays them."""

    def __init__(self, style: ControlStyle) -> None:
        self.style = style
        self.items: list[tuple[str, pygame.Rect, Any]] = []

    def text(
        self,
        x: int,
        y: int,
        width: int,
        words: str,
        role: str = FontRole.BODY,
        size: int = BODY_SIZE,
        colour: str = "text",
        max_lines: int | None = None,
    ) -> int:
        cache = self.style.text
        lines = cache.wrap(words, role, size, width) if words else []
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1].rstrip(".,;") + " …"
        line_h = cache.line_height(role, size)
        for number, line in enumerate(lines):
            self.items.append(
                (
                    "text",
                    pygame.Rect(x, y + number * line_h, width, line_h),
                    (line, role, size, colour),
                )
            )
        return len(lines) * line_h

    def add(self, kind: str, rect: pygame.Rect, data: Any = None) -> None:
        self.items.append((kind, pygame.Rect(rect), data))

    def draw(self, surface: pygame.Surface, panel: _PanelBase) -> None:
        style = self.style
        for kind, rect, data in self.items:
            if kind == "text":
                line, role, size, colour = data
                surface.blit(
                    style.text.fit(line, role, size, style.colour(colour), rect.width + 8),
                    rect.topleft,
                )
            elif kind == "card":
                pygame.draw.rect(surface, style.colour(data or "surface"), rect, border_radius=12)
                pygame.draw.rect(surface, style.colour("border"), rect, width=2, border_radius=12)
            elif kind == "rule":
                pygame.draw.line(surface, style.colour("border"), rect.topleft, rect.topright, 1)
            elif kind == "bar":
                pygame.draw.rect(surface, style.colour(data), rect, border_radius=3)
            else:
                panel.draw_op(surface, kind, rect, data)


class _PanelBase(Panel):
    def __init__(self, style: ControlStyle) -> None:
        super().__init__()
        self.style = style
        self.ops = _Ops(style)

    @property
    def pad(self) -> int:
        return self.style.scaled(14)

    def build(self, ops: _Ops, rect: pygame.Rect) -> int:
        """Append drawing operations for ``rect`` (its height may be 0); return the height used."""
        return 0

    def measure(self, width: int) -> int:
        return self.build(_Ops(self.style), pygame.Rect(0, 0, width, 0))

    def place(self, rect: pygame.Rect, clip: pygame.Rect | None) -> None:
        super().place(rect, clip)
        self.ops = _Ops(self.style)
        self.build(self.ops, self.rect)

    def refresh(self) -> None:
        """Lay the panel out again in the same place (after its content changed)."""
        self.place(self.rect, self.clip)

    def draw(self, surface: pygame.Surface) -> None:
        self.ops.draw(surface, self)
        for control in self.controls():
            control.draw(surface)

    def draw_op(self, surface: pygame.Surface, kind: str, rect: pygame.Rect, data: Any) -> None:
        """Draw a panel-specific operation."""


class InputPanel(_PanelBase):
    """A panel with input of its own: it handles it and says when it must be painted again.

    Its column's section (``sections.ColumnSection``) hands it the mouse first and is
    dirty while one of its input panels is; clearing the section's flag clears theirs.
    """

    def __init__(self, style: ControlStyle) -> None:
        super().__init__(style)
        self.dirty = False
        """Paint the panel again (its input changed what it shows)."""

    @property
    def holds_mouse(self) -> bool:
        """True while the panel has the mouse wherever it goes (a scroll bar dragged)."""
        return False

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        """Handle a mouse button or motion in the panel's column; True when used."""
        return False

    def handle_wheel(self, event: pygame.event.Event, position: tuple[int, int]) -> bool:
        """Handle the mouse wheel turned at ``position``; True when used."""
        return False


# --------------------------------------------------------------------------- status
class StatusPanel(_PanelBase):
    """Portrait, name, feeling and mood, trust and rapport (or every party when several)."""

    def __init__(
        self,
        style: ControlStyle,
        view: Callable[[], TableView],
        portraits: PortraitLibrary,
        meters: dict[str, tuple[Meter, Meter]],
        chips: list[PartyChip],
        selected: Callable[[], str | None],
        *,
        compact: bool,
    ) -> None:
        super().__init__(style)
        self.view = view
        self.portraits = portraits
        self.meters = meters
        self.chips = chips
        self.selected = selected
        self.compact = compact
        self.fit_height: int | None = None
        """The column's height: the portrait shrinks so that everything fits, if it can."""
        self._side = 128

    def controls(self) -> list[Control]:
        return list(self.chips)

    def measure(self, width: int) -> int:
        for side in (128, 104, 80):
            self._side = side
            height = super().measure(width)
            if self.fit_height is None or height <= self.fit_height:
                break
        return height

    def _focus_npc(self) -> NpcView | None:
        view = self.view()
        chosen = self.selected()
        if chosen in view.npcs:
            return view.npcs[chosen]
        return view.npcs[view.order[0]] if view.order else None

    def build(self, ops: _Ops, rect: pygame.Rect) -> int:
        pad = self.pad
        x, y = rect.left + pad, rect.top + pad
        inner = rect.width - 2 * pad
        ops.add("card", pygame.Rect(rect.left, rect.top, rect.width, 0))
        card_index = len(ops.items) - 1
        view = self.view()
        npc = self._focus_npc()
        if len(view.order) > 1:
            y += self._parties(ops, x, y, inner)
        elif npc is not None:
            y += self._portrait_block(ops, npc, x, y, inner)
        if npc is not None and not (len(view.order) > 1 and self.selected() is None):
            y += self._meters(ops, npc, x, y, inner)
            for text, acknowledged in npc.grievances[:3]:
                label = (
                    tr("Still hurts (acknowledged): {grievance}")
                    if acknowledged
                    else tr("Still hurts: {grievance}")
                ).format(grievance=text)
                y += ops.text(x, y, inner, label, FontRole.ITALIC, SMALL_SIZE, "text", 2) + 4
        if view.notes:
            y += 4
            y += ops.text(x, y, inner, tr("Your notes"), FontRole.BOLD, SMALL_SIZE, "text", 1) + 2
            for note in view.notes[-6:]:
                y += ops.text(x, y, inner, note, FontRole.BODY, SMALL_SIZE, "text", 3) + 4
        if view.mediator is not None:
            y += 4
            words = tr("{name} (mediator): {note}").format(
                name=view.mediator.name, note=view.mediator_note
            )
            y += ops.text(x, y, inner, words, FontRole.ITALIC, SMALL_SIZE, "text_muted", 3) + 4
        height = y - rect.top + pad - 4
        ops.items[card_index] = (
            "card",
            pygame.Rect(rect.left, rect.top, rect.width, height),
            "surface",
        )
        return height

    def _portrait_block(self, ops: _Ops, npc: NpcView, x: int, y: int, inner: int) -> int:
        style = self.style
        if self.compact:
            side = min(style.scaled(72), 128, inner // 3)
            ops.add("portrait", pygame.Rect(x, y, side, side), (npc.portrait, npc.emotion))
            tx = x + side + self.pad
            width = inner - side - self.pad
            used = ops.text(tx, y, width, npc.name, FontRole.BOLD, 20)
            used += ops.text(
                tx, y + used, width, npc.role, FontRole.ITALIC, SMALL_SIZE, "text_muted", 1
            )
            used += ops.text(
                tx,
                y + used,
                width,
                tr("Feeling: {feeling} · Mood: {mood}").format(
                    feeling=emotion_word(npc.emotion), mood=npc.mood
                ),
                FontRole.BODY,
                SMALL_SIZE,
                "text",
                2,
            )
            return max(side, used) + 8
        side = min(inner, self._side)
        ops.add(
            "portrait",
            pygame.Rect(x + (inner - side) // 2, y, side, side),
            (npc.portrait, npc.emotion),
        )
        used = side + 6
        used += ops.text(x, y + used, inner, npc.name, FontRole.BOLD, 22)
        used += ops.text(x, y + used, inner, npc.role, FontRole.ITALIC, SMALL_SIZE, "text_muted", 2)
        used += 4
        feeling = tr("Feeling: {feeling}").format(feeling=emotion_word(npc.emotion))
        used += self._label_line(ops, x, y + used, inner, feeling)
        used += self._label_line(ops, x, y + used, inner, tr("Mood: {mood}").format(mood=npc.mood))
        return used + 8

    def _label_line(self, ops: _Ops, x: int, y: int, width: int, line: str) -> int:
        return ops.text(x, y, width, line, FontRole.BODY, BODY_SIZE - 1, "text", 2)

    def _parties(self, ops: _Ops, x: int, y: int, inner: int) -> int:
        style = self.style
        columns = (
            1 if not self.compact else max(1, min(len(self.chips), inner // style.scaled(210)))
        )
        gap = style.scaled(8)
        used = ops.text(x, y, inner, tr("Around the table"), FontRole.BOLD, BODY_SIZE)
        ops.add("chips", pygame.Rect(x, y + used, inner, 0), (columns, gap))
        used += self._chips_height(inner, columns, gap) + 8
        npc = self._focus_npc()
        if npc is not None and self.selected() is None:
            words = tr(
                "Talking to everyone. Pick a delegate to talk to them alone and see their "
                "trust and rapport."
            )
        elif npc is not None:
            words = tr("Talking to {name}: feeling {feeling}, {mood}.").format(
                name=npc.name, feeling=emotion_word(npc.emotion), mood=npc.mood
            )
        else:
            words = ""
        for line in self.view().coalition_lines:
            used += ops.text(x, y + used, inner, line, FontRole.BODY, SMALL_SIZE, "text", 3)
        used += (
            ops.text(x, y + used + 2, inner, words, FontRole.ITALIC, SMALL_SIZE, "text_muted", 4)
            + 8
        )
        return used

    def _chips_height(self, inner: int, columns: int, gap: int) -> int:
        if not self.chips:
            return 0
        rows = (len(self.chips) + columns - 1) // columns
        width = (inner - gap * (columns - 1)) // columns
        return rows * max(c.preferred_height(width) for c in self.chips) + (rows - 1) * gap

    def _meters(self, ops: _Ops, npc: NpcView, x: int, y: int, inner: int) -> int:
        pair = self.meters.get(npc.id)
        if pair is None:
            return 0
        fonts = self.style.fonts
        gap = self.style.scaled(12)
        if self.compact and inner >= self.style.scaled(520):
            half = (inner - gap) // 2
            height = max(meter.preferred_height(fonts, half) for meter in pair)
            ops.add("meter", pygame.Rect(x, y, half, height), pair[0])
            ops.add("meter", pygame.Rect(x + half + gap, y, half, height), pair[1])
            return height + 6
        first, second = (meter.preferred_height(fonts, inner) for meter in pair)
        ops.add("meter", pygame.Rect(x, y, inner, first), pair[0])
        ops.add("meter", pygame.Rect(x, y + first + 6, inner, second), pair[1])
        return first + second + 12

    def place(self, rect: pygame.Rect, clip: pygame.Rect | None) -> None:
        super().place(rect, clip)
        for kind, spot, data in self.ops.items:
            if kind == "chips":
                layout_chips(self.chips, spot, clip, data[0], data[1])

    def meter_spots(self) -> list[tuple[Meter, pygame.Rect, pygame.Rect | None]]:
        """Return (meter, where, clip) for each meter (the scene draws moving ones each frame)."""
        return [(data, rect, self.clip) for kind, rect, data in self.ops.items if kind == "meter"]

    def draw_op(self, surface: pygame.Surface, kind: str, rect: pygame.Rect, data: Any) -> None:
        if kind == "meter":
            if not data.animating:  # a moving meter is drawn over the picture each frame
                data.draw(surface, rect, self.style.fonts, self.style.palette)
            return
        if kind == "portrait":
            image = self.portraits.get(data[0], data[1], rect.width)
            surface.blit(image, rect.topleft)


# --------------------------------------------------------------------------- the log
class LogPanel(InputPanel):
    """The dialogue log; it takes the height the column has left, and scrolls (the wheel
    over it, its scroll bar, PageUp / PageDown)."""

    flex = True

    def __init__(self, style: ControlStyle, log: DialogueLog, focus_proxy: Control) -> None:
        super().__init__(style)
        self.log = log
        self.proxy = focus_proxy

    def measure(self, width: int) -> int:
        return (
            5 * self.style.fonts.line_height(FontRole.BODY, DialogueLog.TEXT_SIZE)
            + 2 * DialogueLog.PADDING
        )

    def controls(self) -> list[Control]:
        return [self.proxy]

    def place(self, rect: pygame.Rect, clip: pygame.Rect | None) -> None:
        super().place(rect, clip)
        self.log.set_rect(rect)
        self.proxy.place(rect, clip)

    def draw(self, surface: pygame.Surface) -> None:
        self.log.draw(surface, self.style.palette)

    @property
    def holds_mouse(self) -> bool:
        return self.log.dragging

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        log = self.log
        before = (log.scroll, log.dragging)
        if not log.handle_event(event):
            return False
        if (log.scroll, log.dragging) != before:
            self.dirty = True
        return True

    def handle_wheel(self, event: pygame.event.Event, position: tuple[int, int]) -> bool:
        if self.log.rect.collidepoint(position) and self.log.handle_event(event):
            self.dirty = True
            return True
        return False

    def scroll_page(self, event: pygame.event.Event) -> None:
        """Scroll by a page (a PageUp or PageDown key)."""
        self.log.handle_event(event)
        self.dirty = True


# --------------------------------------------------------------------------- on the table
class CardSource(Protocol):
    """Where the table card reads the packages and keeps which one it shows (the table's
    state)."""

    view: TableView
    page: int


class TableCard(InputPanel):
    """The offer on the table (or another package): words, value, Accept / Reject / Copy;
    with several packages, its pages (previous / next)."""

    def __init__(
        self,
        style: ControlStyle,
        source: CardSource,
        gauge: ValueGauge,
        buttons: dict[str, Button],
    ) -> None:
        super().__init__(style)
        self.source = source
        self.gauge = gauge
        self.buttons = buttons

    def view(self) -> TableView:
        return self.source.view

    def page(self) -> int:
        return self.source.page

    def turn_page(self, step: int) -> bool:
        """Show the next (1) or previous (-1) package; True when the page changed."""
        count = len(self.source.view.packages)
        page = max(0, min(count - 1, self.source.page + step))
        if not count or page == self.source.page:
            return False
        self.source.page = page
        self.dirty = True
        return True

    def controls(self) -> list[Control]:
        keys = ["primary", "reject", "copy", "previous", "next"]
        return [self.buttons[k] for k in keys if k in self.buttons]

    def package(self) -> Package | None:
        packages = self.view().packages
        if not packages:
            return None
        return packages[max(0, min(self.page(), len(packages) - 1))]

    def build(self, ops: _Ops, rect: pygame.Rect) -> int:
        style = self.style
        pad = self.pad
        x, y = rect.left + pad, rect.top + pad
        inner = rect.width - 2 * pad
        ops.add("card", pygame.Rect(rect.left, rect.top, rect.width, 0))
        index = len(ops.items) - 1
        packages = self.view().packages
        package = self.package()
        title = package.title if package is not None else tr("On the table")
        head_w = inner
        if len(packages) > 1:
            title = tr("{title} \u00b7 {n} of {total}").format(
                title=title, n=self.page() + 1, total=len(packages)
            )
            side = self.buttons["next"].preferred_width()
            gap = style.scaled(6)
            head_w = inner - 2 * side - 2 * gap
            ops.add("button", pygame.Rect(x + inner - side, y, side, side), self.buttons["next"])
            ops.add(
                "button",
                pygame.Rect(x + inner - 2 * side - gap, y, side, side),
                self.buttons["previous"],
            )
        used = ops.text(x, y, head_w, title, FontRole.BOLD, HEADING_SIZE, "text", 2)
        if len(packages) > 1:
            used = max(used, self.buttons["next"].preferred_width())
        y += used + 6
        if package is None:
            y += ops.text(
                x, y, inner, self.view().empty_table, FontRole.ITALIC, BODY_SIZE, "text_muted"
            )
            y += 8
        else:
            y += ops.text(x, y, inner, package.words, FontRole.BODY, BODY_SIZE) + 8
        below = self.below_batna()
        # Worth less than walking away: taking it is not the thing to do, so the main
        # button is an ordinary one and the warning stands beside it, not under the bar.
        self.buttons["primary"].kind = "secondary" if below else "primary"
        self.gauge.verdict_apart = below
        if package is not None:
            gauge_h = self.gauge.preferred_height(inner)
            ops.add("gauge", pygame.Rect(x, y, inner, gauge_h), self.gauge)
            y += gauge_h + 8
        keys = ["primary", "reject", "copy"]
        if package is not None and package.kind in ("alternative", "suggestion"):
            keys = ["primary", "copy"]
        y += self._button_row(ops, x, y, inner, keys, warn=below)
        height = y - rect.top + pad - 8
        ops.items[index] = ("card", pygame.Rect(rect.left, rect.top, rect.width, height), "surface")
        return height

    def below_batna(self) -> bool:
        """Return True when the package shown is worth less to the player than their BATNA."""
        gauge = self.gauge
        if self.package() is None or gauge.hidden_reason or gauge.value is None:
            return False
        return gauge.verdict.kind == "bad"

    def _button_row(
        self, ops: _Ops, x: int, y: int, inner: int, keys: list[str], *, warn: bool = False
    ) -> int:
        style = self.style
        gap = style.scaled(8)
        h = style.button_height()
        bx, by = x, y
        for key in keys:
            button = self.buttons[key]
            width = min(inner, button.preferred_width())
            if bx > x and bx + width > x + inner:
                bx, by = x, by + h + gap
            ops.add("button", pygame.Rect(bx, by, width, h), button)
            bx += width + gap
            if key == "primary" and warn:
                by, bx = self._warning(ops, x, bx, by, inner, gap, h)
        return by + h + gap - y

    def _warning(
        self, ops: _Ops, x: int, bx: int, by: int, inner: int, gap: int, h: int
    ) -> tuple[int, int]:
        """Put the BATNA warning beside the main button (under it when the row is too
        narrow); return where the next button goes (top, left): the next row."""
        room = x + inner - bx
        if room >= self.style.scaled(180):
            text_h = self.gauge.verdict_height(room)
            top = by + max(0, (h - text_h) // 2)
            ops.add("warning", pygame.Rect(bx, top, room, text_h))
            return by + max(h, text_h) + gap, x
        text_h = self.gauge.verdict_height(inner)
        ops.add("warning", pygame.Rect(x, by + h + gap, inner, text_h))
        return by + h + gap + text_h + gap, x

    def place(self, rect: pygame.Rect, clip: pygame.Rect | None) -> None:
        super().place(rect, clip)
        shown = set()
        for kind, spot, data in self.ops.items:
            if kind == "button":
                data.place(spot, clip)
                shown.add(data.key)
        for button in self.buttons.values():
            button.visible = button.key in shown

    def draw_op(self, surface: pygame.Surface, kind: str, rect: pygame.Rect, data: Any) -> None:
        if kind == "gauge":
            data.draw(surface, rect)
        elif kind == "warning":
            self.gauge.draw_verdict(surface, rect)

    def warning_rect(self) -> pygame.Rect | None:
        """Return where the BATNA warning beside the main button is, if it is shown."""
        for kind, rect, _data in self.ops.items:
            if kind == "warning":
                return pygame.Rect(rect)
        return None


# --------------------------------------------------------------------------- your offer
class OfferPanel(_PanelBase):
    """The offer builder, the gauge of what it is worth to you, and Propose.

    ``part`` "builder" is the card with the controls, "footer" the card with the gauge and
    the buttons (the table keeps it in view under a scrolling builder), "all" both in one.
    """

    def __init__(
        self,
        style: ControlStyle,
        builder: OfferBuilder,
        gauge: ValueGauge,
        buttons: list[Button],
        *,
        part: str = "all",
    ) -> None:
        super().__init__(style)
        self.builder = builder
        self.gauge = gauge
        self.buttons = buttons
        self.part = part

    def controls(self) -> list[Control]:
        found: list[Control] = []
        if self.part in ("builder", "all"):
            found += self.builder.focusables()
        if self.part in ("footer", "all"):
            found += self.buttons
        return found

    def build(self, ops: _Ops, rect: pygame.Rect) -> int:
        style = self.style
        pad = self.pad
        x, y = rect.left + pad, rect.top + pad
        inner = rect.width - 2 * pad
        ops.add("card", pygame.Rect(rect.left, rect.top, rect.width, 0))
        index = len(ops.items) - 1
        if self.part in ("builder", "all"):
            y += ops.text(x, y, inner, tr("Your offer"), FontRole.BOLD, HEADING_SIZE) + 6
            height = self.builder.measure(inner)
            ops.add("builder", pygame.Rect(x, y, inner, height))
            y += height + 4
        if self.part == "all":
            ops.add("rule", pygame.Rect(x, y, inner, 1))
            y += 8
        if self.part in ("footer", "all"):
            gauge_h = self.gauge.preferred_height(inner)
            ops.add("gauge", pygame.Rect(x, y, inner, gauge_h), self.gauge)
            y += gauge_h + 10
            gap = style.scaled(8)
            h = style.button_height()
            bx = x
            for button in self.buttons:
                width = min(inner, button.preferred_width())
                if bx > x and bx + width > x + inner:
                    bx, y = x, y + h + gap
                ops.add("button", pygame.Rect(bx, y, width, h), button)
                bx += width + gap
            y += h
        y += pad
        ops.items[index] = (
            "card",
            pygame.Rect(rect.left, rect.top, rect.width, y - rect.top),
            "surface",
        )
        return y - rect.top

    def place(self, rect: pygame.Rect, clip: pygame.Rect | None) -> None:
        super().place(rect, clip)
        for kind, spot, data in self.ops.items:
            if kind == "builder":
                self.builder.place(spot, clip)
            elif kind == "button":
                data.place(spot, clip)

    def draw(self, surface: pygame.Surface) -> None:
        self.ops.draw(surface, self)
        if self.part in ("footer", "all"):
            for button in self.buttons:
                button.draw(surface)

    def draw_op(self, surface: pygame.Surface, kind: str, rect: pygame.Rect, data: Any) -> None:
        if kind == "builder":
            self.builder.draw(surface)
        elif kind == "gauge":
            data.draw(surface, rect)


# --------------------------------------------------------------------------- talk moves
class MovesPanel(_PanelBase):
    """The move menu with a caption ("Talk moves left this round: 2")."""

    def __init__(
        self,
        style: ControlStyle,
        menu: MoveMenu,
        caption: Callable[[], str],
        *,
        card: bool,
        extra: list[Button] | None = None,
    ) -> None:
        super().__init__(style)
        self.menu = menu
        self.caption = caption
        self.card = card
        self.extra = list(extra or [])

    def controls(self) -> list[Control]:
        return [*self.menu.focusables(), *self.extra]

    def build(self, ops: _Ops, rect: pygame.Rect) -> int:
        pad = self.pad if self.card else 0
        x, y = rect.left + pad, rect.top + pad
        inner = rect.width - 2 * pad
        if self.card:
            ops.add("card", pygame.Rect(rect.left, rect.top, rect.width, 0))
            y += ops.text(x, y, inner, tr("Talk moves"), FontRole.BOLD, HEADING_SIZE)
            caption = self.caption()
            y += (
                ops.text(
                    x,
                    y,
                    inner,
                    caption[0].upper() + caption[1:] + ".",
                    FontRole.ITALIC,
                    SMALL_SIZE,
                    "text_muted",
                )
                + 6
            )
        height = self.menu.measure(inner)
        ops.add("menu", pygame.Rect(x, y, inner, height))
        y += height + (self.style.scaled(10) if self.extra else pad)
        for button in self.extra:
            width = min(inner, button.preferred_width())
            ops.add("button", pygame.Rect(x, y, width, self.style.button_height()), button)
            y += self.style.button_height() + pad
        if self.card:
            ops.items[0] = (
                "card",
                pygame.Rect(rect.left, rect.top, rect.width, y - rect.top),
                "surface",
            )
        return y - rect.top

    def place(self, rect: pygame.Rect, clip: pygame.Rect | None) -> None:
        super().place(rect, clip)
        for kind, spot, data in self.ops.items:
            if kind == "menu":
                self.menu.place(spot, clip)
            elif kind == "button":
                data.place(spot, clip)

    def draw(self, surface: pygame.Surface) -> None:
        self.ops.draw(surface, self)
        self.menu.draw(surface)
        for button in self.extra:
            button.draw(surface)


# --------------------------------------------------------------------------- the result
class ResultPanel(_PanelBase):
    """Shown when the talks are over: the headline, whether it is saved, and Continue
    (``button`` None: the way on is elsewhere, in the header)."""

    def __init__(
        self, style: ControlStyle, lines: Callable[[], list[str]], button: Button | None
    ) -> None:
        super().__init__(style)
        self.lines = lines
        self.button = button

    def controls(self) -> list[Control]:
        return [] if self.button is None else [self.button]

    def build(self, ops: _Ops, rect: pygame.Rect) -> int:
        pad = self.pad
        x, y = rect.left + pad, rect.top + pad
        inner = rect.width - 2 * pad
        ops.add("card", pygame.Rect(rect.left, rect.top, rect.width, 0))
        lines = self.lines()
        if lines:
            y += ops.text(x, y, inner, lines[0], FontRole.HEADING, 24) + 4
        for line in lines[1:]:
            y += ops.text(x, y, inner, line, FontRole.BODY, BODY_SIZE) + 2
        if self.button is not None:
            y += 6
            width = min(inner, self.button.preferred_width())
            ops.add("button", pygame.Rect(x, y, width, self.style.button_height()), self.button)
            y += self.style.button_height()
        y += pad
        ops.items[0] = (
            "card",
            pygame.Rect(rect.left, rect.top, rect.width, y - rect.top),
            "selected_bg",
        )
        return y - rect.top

    def place(self, rect: pygame.Rect, clip: pygame.Rect | None) -> None:
        super().place(rect, clip)
        for kind, spot, data in self.ops.items:
            if kind == "button":
                data.place(spot, clip)
