"""How the negotiation table lays its sections out for a window.

:class:`TableLayout` (see the scene's module docstring for the three layouts) makes the
sections (``sections.py``) and the panels in them, sets the columns for the window size
and text scale, keeps the Tab order, hides the controls of columns not on screen, and
scrolls a column to the control the keyboard focus reaches.  It reads the shared
:class:`~game.ui.table.state.TableState` and the :class:`~game.ui.table.controls.TableControls`;
it knows nothing of the scene.
"""

from __future__ import annotations

import time

import pygame

from game.i18n import tr
from game.ui.fonts import FontCache
from game.ui.table.controls import TableControls
from game.ui.table.paint import Painter
from game.ui.table.panels import (
    LogPanel,
    MovesPanel,
    OfferPanel,
    ResultPanel,
    StatusPanel,
    TableCard,
)
from game.ui.table.sections import COLUMNS, ColumnSection, HeaderSection, Section
from game.ui.table.state import TableFocus, TableState
from game.ui.theme import Palette
from game.ui.widgets.controls import Control
from game.ui.widgets.portrait import PortraitLibrary
from game.ui.widgets.scroll_column import Column, Panel
from game.ui.widgets.text_cache import TextCache

__all__ = ["TableLayout", "WIDE", "TWO_COLUMNS"]

WIDE = (1180, 640)
"""Design size (pixels at 100 % text) from which the three-column layout is used."""
TWO_COLUMNS = 840
"""Design width from which the talk and the tabs sit side by side."""
ON_SCREEN = ("talk", "offer", "offer_foot", "moves", "status")
"""The order the columns are drawn, handed the mouse and searched for a control."""


class TableLayout:
    """The table's sections and where they are for the window size and text scale."""

    def __init__(
        self,
        state: TableState,
        controls: TableControls,
        focus: TableFocus,
        fonts: FontCache,
        palette: Palette,
        cache: TextCache,
        portraits: PortraitLibrary,
    ) -> None:
        self.state = state
        self.c = controls
        self.style = controls.style
        self.focus = focus
        self.fonts = fonts
        self.portraits = portraits
        self.columns = {
            name: Column(name, gap=self.style.scaled(10), grip=self.style.scaled(14))
            for name in COLUMNS
        }
        self.header = HeaderSection(
            state, controls, focus, fonts, palette, cache, self._columns_top
        )
        self.sections: dict[str, Section] = {"header": self.header}
        for name in COLUMNS:
            self.sections[name] = ColumnSection(
                self.columns[name], focus, palette, fonts, self.apply_shown
            )
        self.log_panel: LogPanel | None = None
        """The dialogue log's panel (it scrolls), once laid out."""
        self.table_card: TableCard | None = None
        """The offer on the table's panel (it turns its pages), once laid out."""
        self.painter: Painter | None = None
        """Told what changed, and paints a new layout (set by the scene)."""
        self.dirty: set[str] = set()
        """Columns to lay out again before the next paint."""

    # ------------------------------------------------------------ sections
    def column_sections(self) -> list[ColumnSection]:
        """Return the column sections on screen (in drawing order)."""
        found = []
        for name in ON_SCREEN:
            section = self.sections[name]
            if isinstance(section, ColumnSection) and section.visible:
                found.append(section)
        return found

    def on_screen(self) -> list[Section]:
        """Return the sections on screen: the header, then the columns shown."""
        return [self.header, *self.column_sections()]

    def columns_on_screen(self) -> list[Column]:
        return [section.column for section in self.column_sections()]

    def _columns_top(self) -> int:
        return min((c.rect.top for c in self.columns_on_screen()), default=self.state.size[1])

    def changed(self, *names: str) -> None:
        """Something on screen changed: paint these sections again (all: none named)."""
        if self.painter is not None:
            self.painter.changed(*names)
        else:
            for name in names or self.sections:
                if name in self.sections:
                    self.sections[name].dirty = True

    # ------------------------------------------------------------ panels
    def _panels(self) -> dict[str, list[Panel]]:
        state, c, style = self.state, self.c, self.style
        compact = state.mode != "wide"
        status = StatusPanel(
            style,
            lambda: state.view,
            self.portraits,
            c.meters,
            c.chips,
            lambda: state.target,
            compact=compact,
        )
        log = LogPanel(style, c.log, c.log_focus)
        card = TableCard(style, state, c.table_gauge, c.card_buttons)
        self.log_panel, self.table_card = log, card
        buttons = [c.propose_button, c.reset_button]
        offer = OfferPanel(style, c.builder, c.offer_gauge, buttons, part="builder")
        offer_foot = OfferPanel(style, c.builder, c.offer_gauge, buttons, part="footer")
        c.menu.pinned = {"walk"}  # Walk away sits in the header at every size
        moves = MovesPanel(style, c.menu, state.talk_caption, card=compact)
        # Narrow, the way on (See how you did) takes Walk away's place in the header
        # once the talks are over, so it is in view with five lines of the log.
        result = (
            [
                ResultPanel(
                    style,
                    lambda: state.result_lines,
                    c.continue_button if state.mode == "wide" else None,
                )
            ]
            if state.result
            else []
        )
        if state.mode == "wide":
            return {
                "status": [status],
                "talk": [*result, log, card],
                "offer": [offer],
                "offer_foot": [offer_foot],
                "moves": [moves],
            }
        # Narrow: the log is pinned at the top of the talk area; the result's words (when
        # the talks are over), the offer on the table and who sits there scroll below it
        # (``status``).  In one column, what does not fit under the log whole moves to the
        # top of the offer tab.
        return {
            "talk": [log],
            "status": [*result, card, status],
            "offer": [offer],
            "offer_foot": [offer_foot],
            "moves": [moves],
        }

    def margin(self) -> int:
        return max(12, min(20, self.fonts.scaled_size(14)))

    # ------------------------------------------------------------ laying out
    def layout(self) -> None:
        """Choose the layout for the window and text scale and place every section."""
        state = self.state
        width, height = state.size
        scale = self.fonts.text_scale
        design_w, design_h = width / scale, height / scale
        if design_w >= WIDE[0] and design_h >= WIDE[1]:
            state.mode = "wide"
        elif design_w >= TWO_COLUMNS:
            state.mode = "two"
        else:
            state.mode = "one"
        if state.mode == "two" and state.tab == "talk":
            state.tab = "offer"
        margin = self.margin()
        gap = self.style.scaled(10)
        panels = self._panels()
        top = margin + self.header.place(margin) + gap
        columns = self.columns
        for column in columns.values():
            column.visible = False
        tab_buttons = self.c.tab_buttons
        for button in tab_buttons.values():
            button.visible = False
        tab_buttons["offer"].set_text(tr("Your offer"))
        if state.mode == "wide":
            shown = self._layout_wide(panels, top, margin, gap)
        elif state.mode == "two":
            half = (width - 2 * margin - gap) // 2
            self._set_talk(pygame.Rect(margin, top, half, height - margin - top), panels)
            right = margin + half + gap
            tab_h = self.header.place_tabs(
                pygame.Rect(right, top, width - margin - right, 0), ["offer", "moves"]
            )
            area = pygame.Rect(
                right, top + tab_h, width - margin - right, height - margin - top - tab_h
            )
            self._set_tab_area(area, panels)
            shown = ["talk", "status", state.tab, *(["offer_foot"] if state.tab == "offer" else [])]
        else:
            area_top = top + self.style.button_height() + self.style.scaled(2)
            area = pygame.Rect(margin, area_top, width - 2 * margin, height - margin - area_top)
            # What of the offer on the table and who sits there fits whole under five lines
            # of the log stays in the talk tab; the rest opens the offer tab ("Offers").
            below = self._fits_under_log(area, panels["talk"], panels["status"])
            moved = [p for p in panels["status"] if p not in below]
            panels["status"] = below
            panels["offer"] = [*moved, *panels["offer"]]
            if moved:
                tab_buttons["offer"].set_text(tr("Offers"))
            self.header.place_tabs(
                pygame.Rect(margin, top, width - 2 * margin, 0), ["talk", "offer", "moves"]
            )
            self._set_tab_area(area, panels)
            shown = ["talk", "status"] if state.tab == "talk" else [state.tab]
            shown += ["offer_foot"] if state.tab == "offer" else []
        for name in shown:
            columns[name].visible = True
        self.apply_shown()
        self.focus.set_elements(self.focus_order())
        if self.focus.focused is None:
            self.initial_focus()
        self.reveal_focus()
        self.dirty = set()
        self.changed("all")  # the gaps between columns moved too: paint everything
        painter = self.painter
        if painter is not None and not painter.in_steps:  # else warm_up() paints it
            picture = painter.picture
            if picture is None or picture.get_size() != state.size:
                painter.paint(time.perf_counter())

    def _layout_wide(
        self, panels: dict[str, list[Panel]], top: int, margin: int, gap: int
    ) -> list[str]:
        width, height = self.state.size
        columns = self.columns
        body_w = width - 2 * margin
        right_w = max(self.style.scaled(350), int(body_w * 0.31))
        left_w = max(self.style.scaled(240), int(body_w * 0.21))
        span = body_w - right_w - gap
        moves_h = panels["moves"][0].measure(span)
        moves_h = min(moves_h, (height - top) // 3)
        body_h = height - margin - moves_h - gap - top
        mid_w = span - left_w - gap
        status = panels["status"][0]
        if isinstance(status, StatusPanel):  # (wide, the status column holds it alone)
            status.fit_height = body_h
        columns["status"].set(pygame.Rect(margin, top, left_w, body_h), panels["status"])
        columns["talk"].set(pygame.Rect(margin + left_w + gap, top, mid_w, body_h), panels["talk"])
        self._set_offer(
            pygame.Rect(width - margin - right_w, top, right_w, height - margin - top), panels
        )
        columns["moves"].set(
            pygame.Rect(margin, height - margin - moves_h, span, moves_h), panels["moves"]
        )
        return ["status", "talk", "offer", "offer_foot", "moves"]

    def _set_offer(self, rect: pygame.Rect, panels: dict[str, list[Panel]]) -> None:
        """Put the builder in ``rect`` with its gauge and Propose pinned at the bottom.

        When the area is too short to pin them and still show a few issues (large text in
        a small window), they follow the builder in one scrolling column instead.
        """
        gap = self.style.scaled(10)
        foot = panels["offer_foot"]
        foot_h = foot[0].measure(rect.width)
        if rect.height < 2.2 * foot_h:
            self.columns["offer_foot"].set(pygame.Rect(rect.left, rect.bottom, rect.width, 0), [])
            self.columns["offer"].set(rect, [*panels["offer"], *foot])
            return
        self.columns["offer_foot"].set(
            pygame.Rect(rect.left, rect.bottom - foot_h, rect.width, foot_h), foot
        )
        self.columns["offer"].set(
            pygame.Rect(rect.left, rect.top, rect.width, rect.height - foot_h - gap),
            panels["offer"],
        )

    def _set_tab_area(self, area: pygame.Rect, panels: dict[str, list[Panel]]) -> None:
        tab = self.state.tab
        if tab == "offer":
            self._set_offer(area, panels)
        elif tab == "talk":
            self._set_talk(area, panels)
        else:
            self.columns[tab].set(area, panels[tab])

    def _log_least(self, width: int, panels: list[Panel]) -> int:
        """Return the height the talk's own panels need with five lines of the log."""
        gap = self.columns["talk"].gap
        return sum(panel.measure(width) for panel in panels) + gap * max(0, len(panels) - 1)

    def _fits_under_log(
        self, area: pygame.Rect, talk: list[Panel], below: list[Panel]
    ) -> list[Panel]:
        """Return those of ``below`` that fit in ``area`` under five lines of the log.

        The offer on the table must fit whole (its buttons in view); who sits there may
        scroll when at least half of it fits.
        """
        gap = self.columns["talk"].gap
        room = area.height - self._log_least(area.width, talk)
        fitting: list[Panel] = []
        for panel in below:
            height = panel.measure(area.width - 10)
            if isinstance(panel, ResultPanel):  # what happened stays under the log
                room -= gap + height
                fitting.append(panel)
                continue
            least = height if isinstance(panel, TableCard) else height // 2
            if room - gap < least:
                continue
            room -= gap + height
            fitting.append(panel)
        return fitting

    def _set_talk(self, area: pygame.Rect, panels: dict[str, list[Panel]]) -> None:
        """Pin the log at the top of ``area``; the ``status`` panels scroll under it.

        The log keeps at least five lines (its measure); the panels under it get what
        they need of the rest, and scroll when that is not enough.
        """
        gap = self.columns["talk"].gap
        talk, below = panels["talk"], panels["status"]
        status = self.columns["status"]
        if not below:
            self.columns["talk"].set(area, talk)
            status.set(pygame.Rect(area.left, area.bottom, area.width, 0), [])
            return
        least = self._log_least(area.width, talk)
        need = sum(p.measure(area.width) for p in below) + gap * (len(below) - 1)
        lower = max(0, min(need, area.height - least - gap))
        upper = area.height - lower - (gap if lower else 0)
        self.columns["talk"].set(pygame.Rect(area.left, area.top, area.width, upper), talk)
        status.set(pygame.Rect(area.left, area.bottom - lower, area.width, lower), below)

    # ------------------------------------------------------------ controls and focus
    def controls(self) -> list[Control]:
        """Return the controls on screen, in the order the mouse is offered them (last first)."""
        found: list[Control] = []
        for section in self.on_screen():
            found += section.controls()
        return found

    def apply_shown(self) -> None:
        """Mark controls of columns not on screen as not shown (out of the Tab order)."""
        on_screen = set()
        for section in self.column_sections():
            on_screen |= {id(c) for c in section.all_controls()}
        for control in self.c.every_control():
            control.shown = id(control) in on_screen
        if self.header.action() is self.c.continue_button:
            self.c.continue_button.shown = True  # in the header, not in a column

    def focus_order(self) -> list[Control]:
        state, c = self.state, self.c
        order: list[Control] = []
        if state.result is not None:
            order.append(c.continue_button)
        if state.mode != "wide":
            names = ["offer", "moves"] if state.mode == "two" else ["talk", "offer", "moves"]
            order += [c.tab_buttons[n] for n in names]
        order += self.controls_of("talk", exclude_log=True)
        if state.mode != "wide" and self.columns["status"].visible:
            order += self.controls_of("status")  # the offer on the table, under the log
        order += self.controls_of("offer") + self.controls_of("offer_foot")
        order += self.controls_of("moves")
        order += c.chips
        order.append(c.log_focus)
        order += [self.header.action(), c.help_button, c.menu_button]  # where they are
        seen, unique = set(), []
        for control in order:
            if id(control) not in seen:
                seen.add(id(control))
                unique.append(control)
        return unique

    def controls_of(self, name: str, *, exclude_log: bool = False) -> list[Control]:
        """Return the controls of a column's panels (tests use this too)."""
        section = self.sections[name]
        assert isinstance(section, ColumnSection)
        chips = self.c.chips
        found = [c for c in section.all_controls() if c not in chips]
        if exclude_log:
            skip = (self.c.log_focus, self.c.continue_button)
            found = [c for c in found if c not in skip]
        return found

    def initial_focus(self) -> None:
        c = self.c
        for control in (c.continue_button, c.card_buttons["copy"], *c.builder.focusables()):
            if control.is_enabled and self.focus.focus(control):
                return
        self.focus.focus_next(1)

    def column_of(self, control: Control) -> Column | None:
        for column in self.columns_on_screen():
            if column.contains(control):
                return column
        return None

    def regions_of(self, control: Control | None) -> tuple[str, ...]:
        """Return the section ``control`` is drawn in (none for no control)."""
        if control is None:
            return ()
        column = self.column_of(control)
        return (column.name,) if column is not None else ("header",)

    def reveal_focus(self) -> None:
        """Scroll the focused control's column to show it."""
        focused = self.focus.focused
        if focused is None:
            return
        column = self.column_of(focused)
        if column is not None and column.reveal(focused.rect):
            self.apply_shown()
            self.changed(column.name)

    def show_tab(self, name: str) -> None:
        """Show a tab in the narrow layouts ("talk", "offer" or "moves")."""
        state = self.state
        if state.mode == "wide" or name == state.tab:
            return
        if state.mode == "two" and name == "talk":
            return
        state.tab = name
        self.layout()
        focused = self.focus.focused
        if focused is None or focused in self.c.tab_buttons.values():
            controls = [c for c in self.controls_of(name) if c.is_enabled]
            if not controls or not self.focus.focus(controls[0]):
                self.focus.focus_next(1)
            self.reveal_focus()

    def relayout_columns(self, names: set[str] | None = None) -> None:
        for column in self.columns_on_screen():
            if names is None or column.name in names:
                column.relayout()
        self.apply_shown()
        self.changed(*(names or ()))

    def relayout_soon(self, *names: str) -> None:
        """Lay columns out again before a coming frame (once, however many changes)."""
        self.dirty |= set(names or COLUMNS)
        self.changed(*names)
