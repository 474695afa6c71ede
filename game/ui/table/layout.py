"""How the negotiation table builds its widgets and lays them out for a window.

:class:`TableLayoutMixin` is part of :class:`~game.ui.table.scene.TableScene` (see its
module docstring for the three layouts): it makes the controls once per entry, sets the
columns for the window size and text scale, keeps the Tab order, hides the controls of
columns not on screen, and scrolls a column to the control the keyboard focus reaches.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame

from game.engine import PLAYER, Offer
from game.ui.fonts import FontRole
from game.ui.table.panels import (
    LogPanel,
    MovesPanel,
    OfferPanel,
    ResultPanel,
    StatusPanel,
    TableCard,
)
from game.ui.table.state import TableState
from game.ui.widgets.controls import Button, Control, ControlStyle
from game.ui.widgets.dialogue_log import DialogueLog
from game.ui.widgets.gauge import ValueGauge
from game.ui.widgets.meter import Meter
from game.ui.widgets.move_menu import MoveMenu, moves_for
from game.ui.widgets.offer_builder import OfferBuilder
from game.ui.widgets.party_strip import PartyChip, PartyView
from game.ui.widgets.scroll_column import Column, Panel

__all__ = ["TableLayoutMixin", "COLUMNS", "REGIONS", "LOG_CAPACITY", "PLAYER"]

LOG_CAPACITY = 200
COLUMNS = ("status", "talk", "offer", "offer_foot", "moves")
REGIONS = ("header", *COLUMNS)
WIDE = (1180, 640)
"""Design size (pixels at 100 % text) from which the three-column layout is used."""
TWO_COLUMNS = 840
"""Design width from which the talk and the tabs sit side by side."""


class _LogFocus(Control):
    """Puts the dialogue log in the Tab order: Up / Down / Home / End scroll it while focused."""

    def __init__(self, style: ControlStyle, log: DialogueLog) -> None:
        super().__init__(style, "log")
        self.log = log

    def handle_key(self, event: pygame.event.Event) -> bool:
        self.log.focused = True
        return self.log.handle_event(event)


class TableLayoutMixin(TableState):
    """Widgets and layout of the table scene."""

    def _build_widgets(self) -> None:
        style = self.style
        match = self._live_match()
        self.log = DialogueLog(self.fonts, capacity=LOG_CAPACITY)
        for speaker, text, kind, index in self.entries:
            self.log.add(speaker, text, kind, index)
        self.log_focus = _LogFocus(style, self.log)
        self.meters: dict[str, tuple[Meter, Meter]] = {}
        for npc_id in self.npc_ids():
            state = match.npc_state(npc_id)
            trust = Meter("Trust", minimum=0, maximum=100, value=state["trust"])
            rapport = Meter("Rapport", minimum=-100, maximum=100, value=state["rapport"])
            trust.reason, rapport.reason = self.reasons.get(npc_id, ("", ""))
            self.meters[npc_id] = (trust, rapport)
        self.builder = OfferBuilder(
            style, self.negotiation, player_id=PLAYER, on_change=self._builder_changed
        )
        if self._saved_builder is not None:
            offer, open_issues = self._saved_builder
            self.builder.set_from_offer(offer)
            for issue_id in open_issues:
                self.builder.row(issue_id).open_box.set_checked(True)
        elif match.state.table is not None:
            self.builder.set_from_offer(match.state.table.offer)
        else:  # nothing on the table yet: start from what you would like best
            prefs = self.negotiation.player.preferences
            terms = {i: prefs.best_value(i) for i in self.negotiation.space.issue_ids}
            self.builder.set_from_offer(Offer(terms))
        self.menu = MoveMenu(style, moves_for(self._facts()), self._on_move)
        self.menu.pinned = {"walk"}
        self.walk_button = self.menu.buttons["walk"]
        self.walk_button.set_text("Walk away")
        button = self._button
        self.card_buttons = {
            "primary": button("primary", "Accept", self._on_primary, kind="primary", shortcut="A"),
            "reject": button("reject", "Reject", self._on_reject, shortcut="R"),
            "copy": button(
                "copy",
                "Copy into my offer",
                self._on_copy,
                shortcut="C",
                description="Put this package into your offer, to adjust it",
            ),
            "previous": Button(
                self.style,
                "previous",
                "Previous package",
                lambda _b: self._turn_page(-1),
                icon="left",
                description="The previous package",
            ),
            "next": Button(
                self.style,
                "next",
                "Next package",
                lambda _b: self._turn_page(1),
                icon="right",
                description="The next package",
            ),
        }
        self.propose_button = button(
            "propose",
            "Propose",
            self._on_propose,
            kind="primary",
            shortcut="P",
            description="Put your offer on the table",
        )
        self.reset_button = button(
            "reset",
            "Start again",
            self._on_reset,
            description="Reset your offer to the package on the table",
        )
        self.continue_button = button(
            "continue",
            "See how you did",
            lambda _b: self.continue_to_debrief(),
            kind="primary",
            shortcut="Enter",
        )
        self.help_button = button(
            "help",
            "Keys",
            lambda _b: self.open_help(),
            shortcut="F1",
            description="Every key and move, and why a move is greyed out",
        )
        self.menu_button = button(
            "menu",
            "Menu",
            lambda _b: self.open_pause(),
            shortcut="Esc",
            description="Pause: resume, or leave the talks",
        )
        self.tab_buttons = {
            "talk": button(
                "tab:talk", "Talk", lambda _b: self.set_tab("talk"), kind="tab", shortcut="1"
            ),
            "offer": button(
                "tab:offer",
                "Your offer",
                lambda _b: self.set_tab("offer"),
                kind="tab",
                shortcut="2",
            ),
            "moves": button(
                "tab:moves",
                "Talk moves",
                lambda _b: self.set_tab("moves"),
                kind="tab",
                shortcut="3",
            ),
        }
        self.chips: list[PartyChip] = []
        if self.multiparty:
            self.chips.append(PartyChip(style, None, None, self._on_chip))
            for npc_id in self.npc_ids():
                npc = self.level.npc(npc_id)
                self.chips.append(
                    PartyChip(
                        style,
                        self.portraits,
                        PartyView(npc_id, npc.name, npc.portrait),
                        self._on_chip,
                    )
                )
        self.table_gauge = ValueGauge(style, "Worth to you")
        self.offer_gauge = ValueGauge(style, "Worth to you")
        hints = self.level.model.rules.hints
        scoring = self.level.model.scoring
        for gauge in (self.table_gauge, self.offer_gauge):
            if not hints.offer_value:
                gauge.hidden_reason = (
                    "this level does not show what offers are worth: trust your briefing"
                )
            elif scoring.measure == "player_utility":
                gauge.set_marks([(value, i + 1) for i, value in enumerate(scoring.stars)])
        self.columns = {
            name: Column(name, gap=self.style.scaled(10), grip=self.style.scaled(14))
            for name in COLUMNS
        }
        self._built = True
        self._update_view()
        self._layout()

    def _button(
        self,
        key: str,
        text: str,
        on_press: Callable[[Button], None],
        *,
        kind: str = "secondary",
        shortcut: str = "",
        description: str | None = None,
    ) -> Button:
        return Button(
            self.style, key, text, on_press, kind=kind, shortcut=shortcut, description=description
        )

    def _panels(self) -> dict[str, list[Panel]]:
        compact = self.mode != "wide"
        status = StatusPanel(
            self.style,
            lambda: self.view,
            self.portraits,
            self.meters,
            self.chips,
            lambda: self.target,
            compact=compact,
        )
        log = LogPanel(self.style, self.log, self.log_focus)
        card = TableCard(
            self.style, lambda: self.view, lambda: self.page, self.table_gauge, self.card_buttons
        )
        buttons = [self.propose_button, self.reset_button]
        offer = OfferPanel(self.style, self.builder, self.offer_gauge, buttons, part="builder")
        offer_foot = OfferPanel(self.style, self.builder, self.offer_gauge, buttons, part="footer")
        self.menu.pinned = {"walk"}  # Walk away sits in the header at every size
        moves = MovesPanel(self.style, self.menu, self._talk_caption, card=compact)
        # Narrow, the way on (See how you did) takes Walk away's place in the header
        # once the talks are over, so it is in view with five lines of the log.
        result = (
            [
                ResultPanel(
                    self.style,
                    lambda: self.result_lines,
                    self.continue_button if self.mode == "wide" else None,
                )
            ]
            if self.result
            else []
        )
        if self.mode == "wide":
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

    def _margin(self) -> int:
        return max(12, min(20, self.fonts.scaled_size(14)))

    def _layout(self) -> None:
        width, height = self.size
        scale = self.fonts.text_scale
        design_w, design_h = width / scale, height / scale
        if design_w >= 1180 and design_h >= 640:
            self.mode = "wide"
        elif design_w >= 840:
            self.mode = "two"
        else:
            self.mode = "one"
        if self.mode == "two" and self.tab == "talk":
            self.tab = "offer"
        margin = self._margin()
        gap = self.style.scaled(10)
        panels = self._panels()
        top = margin + self._place_header(margin) + gap
        columns = self.columns
        for column in columns.values():
            column.visible = False
        for button in self.tab_buttons.values():
            button.visible = False
        self.tab_buttons["offer"].set_text("Your offer")
        if self.mode == "wide":
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
            columns["talk"].set(
                pygame.Rect(margin + left_w + gap, top, mid_w, body_h), panels["talk"]
            )
            self._set_offer(
                pygame.Rect(width - margin - right_w, top, right_w, height - margin - top), panels
            )
            columns["moves"].set(
                pygame.Rect(margin, height - margin - moves_h, span, moves_h), panels["moves"]
            )
            shown = ["status", "talk", "offer", "offer_foot", "moves"]
        elif self.mode == "two":
            half = (width - 2 * margin - gap) // 2
            self._set_talk(pygame.Rect(margin, top, half, height - margin - top), panels)
            right = margin + half + gap
            tab_h = self._place_tabs(
                pygame.Rect(right, top, width - margin - right, 0), ["offer", "moves"]
            )
            area = pygame.Rect(
                right, top + tab_h, width - margin - right, height - margin - top - tab_h
            )
            self._set_tab_area(area, panels)
            shown = ["talk", "status", self.tab, *(["offer_foot"] if self.tab == "offer" else [])]
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
                self.tab_buttons["offer"].set_text("Offers")
            self._place_tabs(
                pygame.Rect(margin, top, width - 2 * margin, 0), ["talk", "offer", "moves"]
            )
            self._set_tab_area(area, panels)
            shown = ["talk", "status"] if self.tab == "talk" else [self.tab]
            shown += ["offer_foot"] if self.tab == "offer" else []
        for name in shown:
            columns[name].visible = True
        self._apply_shown()
        self.focus.set_elements(self._focus_order())
        if self.focus.focused is None:
            self._initial_focus()
        self._reveal_focus()
        self._layout_dirty = set()
        self._changed("all")  # the gaps between columns moved too: paint everything
        fresh = self._picture is None or self._picture.get_size() != self.size
        if fresh and not self._paint_in_steps:  # else warm_up() paints it, a band a frame
            self._paint_picture(time.perf_counter())

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
        if self.tab == "offer":
            self._set_offer(area, panels)
        elif self.tab == "talk":
            self._set_talk(area, panels)
        else:
            self.columns[self.tab].set(area, panels[self.tab])

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

    def header_action(self) -> Button:
        """Return the button beside Keys in the header: Walk away, or once the talks are
        over in the narrow layouts, See how you did (Walk away can do nothing then)."""
        if self.result is not None and self.mode != "wide":
            return self.continue_button
        return self.walk_button

    def _place_header(self, margin: int) -> int:
        """Place Walk away, Keys and Menu at the top right and the title and round beside
        or under them; return the header's height.

        The three buttons stay in the header at every size: the title and the round go
        beside them when they fit, else under them, each on its own line.
        """
        style = self.style
        height = style.button_height()
        width = self.size[0]
        x = width - margin
        for button in (self.menu_button, self.help_button, self.header_action()):
            button_w = button.preferred_width()
            x -= button_w
            button.place(pygame.Rect(x, margin, button_w, height))
            x -= style.scaled(8)
        buttons_left = x + style.scaled(8)
        fonts = self.fonts
        title_h = fonts.line_height(FontRole.HEADING, 24)
        info_h = fonts.line_height(FontRole.BODY, 16)
        title_w = fonts.get(FontRole.HEADING, 24).size(self.level.model.title)[0]
        info_w = fonts.get(FontRole.BODY, 16).size(self.view.round_text)[0]
        full = width - 2 * margin
        room = buttons_left - style.scaled(16) - margin
        spacing = style.scaled(20)
        if title_w + spacing + info_w <= room:  # one row: title, round, buttons
            self.header_stacked = False
            self.header_title = pygame.Rect(margin, margin, title_w, height)
            self.header_info = pygame.Rect(margin + title_w + spacing, margin, info_w, height)
            used = height
        elif title_w <= room:  # the title beside the buttons, the round under them
            self.header_stacked = True
            row = max(height, title_h)
            self.header_title = pygame.Rect(margin, margin, room, row)
            self.header_info = pygame.Rect(margin, margin + row, full, info_h)
            used = row + info_h
        else:  # the buttons, then the title, then the round
            self.header_stacked = True
            top = margin + height + style.scaled(4)
            self.header_title = pygame.Rect(margin, top, full, title_h)
            self.header_info = pygame.Rect(margin, top + title_h, full, info_h)
            used = height + style.scaled(4) + title_h + info_h
        self.header_rect = self.header_title.union(self.header_info)
        return used

    def _place_tabs(self, rect: pygame.Rect, names: list[str]) -> int:
        height = self.style.button_height()
        gap = self.style.scaled(4)
        width = (rect.width - gap * (len(names) - 1)) // len(names)
        for index, name in enumerate(names):
            button = self.tab_buttons[name]
            button.visible = True
            button.selected = name == self.tab
            button.place(pygame.Rect(rect.left + index * (width + gap), rect.top, width, height))
        return height + self.style.scaled(2)

    def _columns_on_screen(self) -> list[Column]:
        order = ("talk", "offer", "offer_foot", "moves", "status")
        return [self.columns[name] for name in order if self.columns[name].visible]

    def _all_panel_controls(self, column: Column) -> list[Control]:
        found = []
        for panel in column.panels:
            found += panel.controls()
        return found

    def _apply_shown(self) -> None:
        """Mark controls of columns not on screen as not shown (out of the Tab order)."""
        every: list[Control] = [
            *self.builder.all_controls(),
            self.propose_button,
            self.reset_button,
            *self.card_buttons.values(),
            *self.menu.focusables(),
            *self.chips,
            self.log_focus,
            self.continue_button,
        ]
        on_screen = set()
        for column in self._columns_on_screen():
            on_screen |= {id(c) for c in self._all_panel_controls(column)}
        for control in every:
            control.shown = id(control) in on_screen
        if self.header_action() is self.continue_button:
            self.continue_button.shown = True  # in the header, not in a column

    def _focus_order(self) -> list[Control]:
        order: list[Control] = []
        if self.result is not None:
            order.append(self.continue_button)
        if self.mode != "wide":
            names = ["offer", "moves"] if self.mode == "two" else ["talk", "offer", "moves"]
            order += [self.tab_buttons[n] for n in names]
        order += self.controls_of("talk", exclude_log=True)
        if self.mode != "wide" and self.columns["status"].visible:
            order += self.controls_of("status")  # the offer on the table, under the log
        order += self.controls_of("offer") + self.controls_of("offer_foot")
        order += self.controls_of("moves")
        order += self.chips
        order.append(self.log_focus)
        order += [self.header_action(), self.help_button, self.menu_button]  # where they are
        seen, unique = set(), []
        for control in order:
            if id(control) not in seen:
                seen.add(id(control))
                unique.append(control)
        return unique

    def controls_of(self, name: str, *, exclude_log: bool = False) -> list[Control]:
        """Return the controls of a column's panels (tests use this too)."""
        found = [c for c in self._all_panel_controls(self.columns[name]) if c not in self.chips]
        if exclude_log:
            found = [c for c in found if c is not self.log_focus and c is not self.continue_button]
        return found

    def _initial_focus(self) -> None:
        for control in (
            self.continue_button,
            self.card_buttons["copy"],
            *self.builder.focusables(),
        ):
            if control.is_enabled and self.focus.focus(control):
                return
        self.focus.focus_next(1)

    def _column_of(self, control: Control) -> Column | None:
        for column in self._columns_on_screen():
            if column.contains(control):
                return column
        return None

    def _reveal_focus(self) -> None:
        focused = self.focus.focused
        if focused is None:
            return
        column = self._column_of(focused)
        if column is not None and column.reveal(focused.rect):
            self._apply_shown()
            self._changed(column.name)

    def _scroll_bar_mouse(self, event: pygame.event.Event) -> bool:
        """Drag a scroll bar (the log's or a column's) or page by its track; True when used."""
        talk = self.columns["talk"]
        if talk.visible and (self.log.dragging or talk.rect.collidepoint(event.pos)):
            before = (self.log.scroll, self.log.dragging)
            if self.log.handle_event(event):
                if (self.log.scroll, self.log.dragging) != before:
                    self._changed("talk")
                return True
        for column in self._columns_on_screen():
            before = (column.scroll, column.bar.dragging)
            if column.handle_mouse(event):
                if (column.scroll, column.bar.dragging) != before:
                    self._apply_shown()  # as the wheel does: no relayout beyond the column's
                    self._changed(column.name)
                return True
        return False

    def set_tab(self, name: str) -> None:
        """Show a tab in the narrow layouts ("talk", "offer" or "moves")."""
        if self.mode == "wide" or name == self.tab:
            return
        if self.mode == "two" and name == "talk":
            return
        self.tab = name
        self._layout()
        focused = self.focus.focused
        if focused is None or focused in self.tab_buttons.values():
            controls = [c for c in self.controls_of(name) if c.is_enabled]
            if not controls or not self.focus.focus(controls[0]):
                self.focus.focus_next(1)
            self._reveal_focus()

    def _relayout_columns(self, names: set[str] | None = None) -> None:
        for column in self._columns_on_screen():
            if names is None or column.name in names:
                column.relayout()
        self._apply_shown()
        self._changed(*(names or ()))

    def _relayout_soon(self, *names: str) -> None:
        """Lay columns out again before a coming frame (once, however many changes)."""
        self._layout_dirty |= set(names or COLUMNS)
        self._changed(*names)

    def _changed(self, *regions: str) -> None:
        """Something on screen changed: paint these regions of the picture again (all: none named)."""
        self._dirty |= set(regions or REGIONS)
