"""The negotiation table: talk to the other side, build offers, answer theirs.

``TableScene(level, seed)`` plays one match of a loaded level (``game.levels.setup``),
with the NPCs remembering this player (memories from the store).  Every rule comes from
the :class:`~game.npc.match.Match`: the scene turns keys and clicks into moves, shows
what the match reports, and disables what the match says is not allowed now, with the
match's reason as the tool-tip.

Layout (it re-lays out for the window size and text scale, never scales a picture):

* wide (about 1180 x 640 design pixels or more): a header; left, who sits across the
  table (portrait with feeling and mood, trust and rapport, or every party with its
  stance); middle, the dialogue log and the offer on the table; right, your offer (the
  builder and what it is worth to you); along the bottom, the talk moves;
* narrower: the talk on the left and tabs for "Your offer" / "Talk moves" on the right;
  narrower still (or at large text): one column with three tabs.  Columns that do not
  fit scroll; the keyboard focus scrolls them to the control it moves to.

Keys: Tab / Shift-Tab move the focus, Enter / Space press, arrows move sliders and
pickers, PageUp / PageDown scroll the log, Esc opens the pause menu, F1 lists every key
and move.  Shortcuts: A accept (support), R reject (oppose), C copy the package shown
into your offer, P propose your offer, W walk away, and the letters on the move
buttons; 1 / 2 / 3 switch tabs in the narrow layouts.

When the match finishes the record is built, scored and saved to the store (history,
level result, NPC memories) before the debrief can be opened.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pygame

from game.campaign.scoring import Score, score_record
from game.engine import Move, MoveKind, Offer
from game.levels.loader import LoadedLevel
from game.levels.setup import start_match
from game.npc.match import Match, TurnReport
from game.store import StoreError
from game.ui.fonts import FontRole
from game.ui.scene import Scene, SceneContext
from game.ui.scenes.table_choice import (
    TableHelpScene,
    help_blocks,
)
from game.ui.scenes.table_moves import MoveChoosers
from game.ui.scenes.table_panels import (
    LogPanel,
    MovesPanel,
    NpcView,
    OfferPanel,
    Package,
    ResultPanel,
    StatusPanel,
    TableCard,
    TableView,
)
from game.ui.scenes.table_result import (
    SaveJob,
    build_record,
    save_memories,
    stars_words,
    storable_record,
)
from game.ui.scenes.table_words import (
    change_line,
    mood_words,
    outcome_title,
    player_line,
)
from game.ui.text import ellipsize
from game.ui.widgets.controls import Button, Control, ControlStyle
from game.ui.widgets.dialogue_log import DialogueLog
from game.ui.widgets.focus import FocusManager, FocusRingStyle, draw_focus_ring
from game.ui.widgets.gauge import ValueGauge
from game.ui.widgets.meter import Meter
from game.ui.widgets.move_menu import MoveMenu, MoveSpec, TableFacts, moves_for, reason_text
from game.ui.widgets.offer_builder import OfferBuilder
from game.ui.widgets.party_strip import PartyChip, PartyView, coalitions, stance_of
from game.ui.widgets.portrait import PortraitLibrary, normalise_emotion
from game.ui.widgets.scroll_column import Column
from game.ui.widgets.text_cache import TextCache
from game.ui.widgets.tooltip import draw_tooltip

__all__ = ["TableScene", "storable_record"]

logger = logging.getLogger(__name__)

PLAYER = "player"
LOG_CAPACITY = 200
TOAST_SECONDS = 4.0
HOVER_SECONDS = 0.5
PAINT_BUDGET = 0.002
"""Seconds of a frame the table may spend painting changed regions (the rest waits)."""
COLUMNS = ("status", "talk", "offer", "offer_foot", "moves")
REGIONS = ("header", *COLUMNS)
PAINT_ORDER = ("talk", "offer", "offer_foot", "header", "status", "moves")
"""Which changed regions are painted first (after the one holding the keyboard focus)."""


class _LogFocus(Control):
    """Puts the dialogue log in the Tab order: Up / Down / Home / End scroll it while focused."""

    def __init__(self, style: ControlStyle, log: DialogueLog) -> None:
        super().__init__(style, "log")
        self.log = log

    def handle_key(self, event: pygame.event.Event) -> bool:
        self.log.focused = True
        return self.log.handle_event(event)


class TableScene(Scene):
    """One negotiation; see the module docstring."""

    def __init__(self, level: LoadedLevel, seed: int) -> None:
        super().__init__()
        self.level = level
        self.seed = int(seed)
        self.match: Match | None = None
        self.size = (1280, 720)
        self.mode = "wide"
        self.tab = "talk"
        self.page = 0
        self.target: str | None = None
        self.entries: list[tuple[str, str, str, int]] = []
        self.emotions: dict[str, str] = {}
        self.reasons: dict[str, tuple[str, str]] = {}
        self.alternatives: tuple[str, list[Offer]] | None = None
        self.suggestions: list[tuple[str, Offer, str]] = []
        self.let_go: set[str] = set()
        self.result: tuple[dict[str, Any], Score] | None = None
        self.result_lines: list[str] = []
        self.abandoned = False
        self.view = TableView()
        self._clock = 0.0
        self._toast: tuple[str, float, str] | None = None
        self._hover: tuple[Control | None, float] = (None, 0.0)
        self._mouse: tuple[int, int] | None = None
        self._saved_builder: tuple[Offer, list[str]] | None = None
        self._built = False
        self._layout_dirty: set[str] = set()
        self._dirty: set[str] = set(REGIONS)
        self._played = False
        self._picture: pygame.Surface | None = None
        self._legal: tuple[tuple, dict[MoveKind, str | None]] | None = None
        self._save_job: SaveJob | None = None
        self._result_layout = False

    # ================================================================= life cycle
    def enter(self, context: SceneContext) -> None:
        super().enter(context)
        self.fonts = context.fonts
        self.palette = context.palette
        self.cache = TextCache(self.fonts)
        self.style = ControlStyle(self.fonts, self.palette, self.cache)
        self.portraits = PortraitLibrary(context.assets.portraits)
        self.focus = FocusManager(style=FocusRingStyle.from_palette(self.palette))
        first = self.match is None
        if first:
            self.match = start_match(self.level, seed=self.seed, memories=self._memories())
        self._build_widgets()
        if first:
            self._absorb(self.match.opening)
        else:
            self._refresh()

    def exit(self) -> None:
        if self._built:
            self._saved_builder = (self.builder.offer(), self.builder.open_issues())
        self._built = False

    def on_resize(self, size: tuple[int, int]) -> None:
        self.size = (int(size[0]), int(size[1]))
        if self._built:
            self._layout()

    # ================================================================= services
    def _services(self) -> Any:
        return self.context.services if self.context is not None else {}

    def _store(self) -> tuple[Any, str | None]:
        services = self._services()
        store = services.get("store") if hasattr(services, "get") else None
        profile = services.get("profile_name") if hasattr(services, "get") else None
        if store is None or not profile:
            return None, None
        return store, profile

    def _navigator(self) -> Any:
        services = self._services()
        return services.get("navigator") if hasattr(services, "get") else None

    def _memories(self) -> dict[str, dict[str, Any]] | None:
        store, profile = self._store()
        if store is None:
            return None
        memories = {}
        for npc in self.level.party_npcs:
            try:
                memory = store.get_relationship(profile, npc.id)
            except StoreError:
                logger.warning("cannot read %s's memory of %s", npc.id, profile, exc_info=True)
                continue
            if memory:
                memories[npc.id] = memory
        return memories or None

    # ================================================================= facts about the table
    @property
    def negotiation(self):
        return self.match.negotiation

    @property
    def multiparty(self) -> bool:
        return bool(self.match.multiparty)

    @property
    def accept_kind(self) -> MoveKind:
        return MoveKind.SUPPORT if self.multiparty else MoveKind.ACCEPT

    @property
    def reject_kind(self) -> MoveKind:
        return MoveKind.OPPOSE if self.multiparty else MoveKind.REJECT

    def name_of(self, party_id: str | None) -> str:
        """Return the name of a party, NPC or the player ("You")."""
        if party_id in (None, PLAYER):
            return "You"
        try:
            return self.level.npc(party_id).name
        except KeyError:
            return str(party_id)

    def npc_ids(self) -> list[str]:
        """Return the ids of the NPC parties at the table."""
        return list(self.match.controllers)

    def _facts(self) -> TableFacts:
        match = self.match
        config = match.config
        return TableFacts(
            multiparty=self.multiparty,
            mediator=match.mediator is not None and config.mediator_allowed,
            reverse=config.reverse,
            evidence=any(card.holder == PLAYER for card in config.evidence),
            player_grievances=bool(config.player_grievances),
            npc_grievances=any(match.npc_state(n)["grievances_open"] for n in self.npc_ids()),
        )

    def legal(self) -> dict[MoveKind, str | None]:
        """Return the match's legal moves (None) and reasons, asked once per change of state."""
        match = self.match
        state = match.state
        key = (len(state.log), state.round, state.status, match.closed)
        if self._legal is None or self._legal[0] != key:
            self._legal = (key, match.legal_player_moves())
        return self._legal[1]

    def issue_names(self) -> dict[str, str]:
        """Return {issue id: issue name}."""
        return {issue.id: issue.name for issue in self.negotiation.space.issues}

    # ================================================================= widgets
    def _build_widgets(self) -> None:
        style = self.style
        match = self.match
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
        self.menu = MoveMenu(style, moves_for(self._facts()), self._on_move)
        self.choosers = MoveChoosers(self)
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
        self.columns = {name: Column(name, gap=self.style.scaled(10)) for name in COLUMNS}
        self._built = True
        self._update_view()
        self._layout()

    def _button(
        self, key, text, on_press, *, kind="secondary", shortcut="", description=None
    ) -> Button:
        return Button(
            self.style, key, text, on_press, kind=kind, shortcut=shortcut, description=description
        )

    def _panels(self) -> dict[str, list]:
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
        self.menu.pinned = {"walk"} if self.mode != "one" else set()
        extra = [self.help_button] if self.mode == "one" else []
        moves = MovesPanel(self.style, self.menu, self._talk_caption, card=compact, extra=extra)
        result = (
            [ResultPanel(self.style, lambda: self.result_lines, self.continue_button)]
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
        return {
            "talk": [*result, status, log, card],
            "offer": [offer],
            "offer_foot": [offer_foot],
            "moves": [moves],
            "status": [],
        }

    # ================================================================= layout
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
        if self.mode == "wide":
            body_w = width - 2 * margin
            right_w = max(self.style.scaled(350), int(body_w * 0.31))
            left_w = max(self.style.scaled(240), int(body_w * 0.21))
            span = body_w - right_w - gap
            moves_h = panels["moves"][0].measure(span)
            moves_h = min(moves_h, (height - top) // 3)
            body_h = height - margin - moves_h - gap - top
            mid_w = span - left_w - gap
            panels["status"][0].fit_height = body_h
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
            columns["talk"].set(
                pygame.Rect(margin, top, half, height - margin - top), panels["talk"]
            )
            right = margin + half + gap
            tab_h = self._place_tabs(
                pygame.Rect(right, top, width - margin - right, 0), ["offer", "moves"]
            )
            area = pygame.Rect(
                right, top + tab_h, width - margin - right, height - margin - top - tab_h
            )
            self._set_tab_area(area, panels)
            shown = ["talk", self.tab, *(["offer_foot"] if self.tab == "offer" else [])]
        else:
            tab_h = self._place_tabs(
                pygame.Rect(margin, top, width - 2 * margin, 0), ["talk", "offer", "moves"]
            )
            area = pygame.Rect(
                margin, top + tab_h, width - 2 * margin, height - margin - top - tab_h
            )
            self._set_tab_area(area, panels)
            shown = [self.tab, *(["offer_foot"] if self.tab == "offer" else [])]
        for name in shown:
            columns[name].visible = True
        self._apply_shown()
        self.focus.set_elements(self._focus_order())
        if self.focus.focused is None:
            self._initial_focus()
        self._reveal_focus()
        self._layout_dirty = set()
        self._changed("all")  # the gaps between columns moved too: paint everything
        if self._picture is None or self._picture.get_size() != self.size:
            self._paint_picture(time.perf_counter())

    def _set_offer(self, rect: pygame.Rect, panels: dict[str, list]) -> None:
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

    def _set_tab_area(self, area: pygame.Rect, panels: dict[str, list]) -> None:
        if self.tab == "offer":
            self._set_offer(area, panels)
        else:
            self.columns[self.tab].set(area, panels[self.tab])

    def _place_header(self, margin: int) -> int:
        style = self.style
        height = style.button_height()
        x = self.size[0] - margin
        header = (
            [self.menu_button]
            if self.mode == "one"
            else [self.menu_button, self.help_button, self.walk_button]
        )
        for button in header:
            width = button.preferred_width()
            x -= width
            button.place(pygame.Rect(x, margin, width, height))
            x -= style.scaled(8)
        self.header_rect = pygame.Rect(margin, margin, x - margin - style.scaled(8), height)
        title_h = self.fonts.line_height(FontRole.HEADING, 24)
        info_h = self.fonts.line_height(FontRole.BODY, 16)
        room = self.header_rect.width
        title_w = self.fonts.get(FontRole.HEADING, 24).size(self.level.model.title)[0]
        info_w = self.fonts.get(FontRole.BODY, 16).size(self.view.round_text)[0]
        self.header_stacked = title_w + info_w + style.scaled(24) > room
        used = title_h + info_h if self.header_stacked else title_h
        return max(height, used)

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

    def _focus_order(self) -> list[Control]:
        order: list[Control] = []
        if self.result is not None:
            order.append(self.continue_button)
        if self.mode != "wide":
            names = ["offer", "moves"] if self.mode == "two" else ["talk", "offer", "moves"]
            order += [self.tab_buttons[n] for n in names]
        order += self.controls_of("talk", exclude_log=True)
        order += self.controls_of("offer") + self.controls_of("offer_foot")
        order += self.controls_of("moves")
        order += self.chips
        order.append(self.log_focus)
        order += [self.walk_button, self.help_button, self.menu_button]  # where they are
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
            if self.focus.focus(control):
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
            controls = self.controls_of(name)
            if controls and not self.focus.focus(controls[0]):
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

    # ================================================================= the snapshot
    def _update_view(self) -> None:
        match = self.match
        state = match.state
        view = TableView()
        view.title = self.level.model.title
        deadline = match.deadline
        if match.finished or self.abandoned:
            view.round_text = f"The talks are over · {deadline} rounds were allowed"
        else:
            left = max(0, deadline - state.round)
            view.round_text = (
                f"Round {min(state.round + 1, deadline)} of {deadline} · "
                f"{left} round{'s' if left != 1 else ''} left · {self._talk_caption()}"
            )
        for npc_id in self.npc_ids():
            npc = self.level.npc(npc_id)
            data = match.npc_state(npc_id)
            view.npcs[npc_id] = NpcView(
                npc_id,
                npc.name,
                npc.role,
                npc.portrait,
                self.emotions.get(npc_id, "neutral"),
                mood_words(data["state"]),
                tuple((g["text"], bool(g["acknowledged"])) for g in data["grievances_open"]),
            )
            view.order.append(npc_id)
        mediator = self.level.mediator
        if match.mediator is not None and mediator is not None:
            view.mediator = NpcView(
                mediator.id,
                mediator.name,
                mediator.role,
                mediator.portrait,
                self.emotions.get(mediator.id, "neutral"),
            )
            reason = self.legal().get(MoveKind.ASK_MEDIATOR)
            view.mediator_note = "you can ask for help now (M)." if reason is None else f"{reason}."
        view.batna = float(self.negotiation.player.preferences.reservation)
        view.packages = self._packages()
        view.empty_table = (
            "Nothing on the table yet. Build an offer under \u201cYour offer\u201d and propose it."
        )
        if self.multiparty:
            stances = {
                pid: stance_of(pid, state.table, state.active) for pid in self.negotiation.party_ids
            }
            names = {pid: self.name_of(pid) for pid in stances}
            view.coalition_lines = coalitions(stances, names)
            for chip in self.chips:
                chip.selected = chip.target == self.target
                if chip.party is not None:
                    chip.party.stance = stances.get(chip.party.id, "undecided")
                    chip.party.emotion = self.emotions.get(chip.party.id, "neutral")
                    chip.party.trust = match.npc_state(chip.party.id)["trust"]
                    chip.party.mood = view.npcs[chip.party.id].mood
        self.view = view
        self.page = max(0, min(self.page, len(view.packages) - 1))

    def _utility(self, offer: Offer) -> float | None:
        try:
            return float(self.match.utility_of(PLAYER, offer))
        except Exception:  # an incomplete package has no single value
            return None

    def _packages(self) -> list[Package]:
        match = self.match
        table = match.state.table
        packages: list[Package] = []
        if table is not None:
            who = self.name_of(table.proposer)
            if table.proposer == PLAYER:
                title = "Your offer is on the table"
            elif table.proposer == match.chair and table.proposer not in match.controllers:
                title = f"The mediator's text · round {table.round + 1}"
            else:
                title = f"{who}'s offer · round {table.round + 1}"
            kind = "mine" if table.proposer == PLAYER else "table"
            packages.append(
                Package(
                    title,
                    table.offer,
                    match.describe(table.offer),
                    self._utility(table.offer),
                    kind,
                )
            )
            if self.alternatives is not None and self.alternatives[0] == table.proposer:
                others = self.alternatives[1]
                for number, offer in enumerate(others, start=2):
                    packages.append(
                        Package(
                            f"{who}'s package {number} of {len(others) + 1} (the same to {who})",
                            offer,
                            match.describe(offer),
                            self._utility(offer),
                            "alternative",
                        )
                    )
        for actor, offer, kind in self.suggestions[-3:]:
            who = self.name_of(actor)
            title = (
                f"{who}'s suggestion for you"
                if kind == "for_you"
                else f"{who} fills in the open issues"
            )
            packages.append(
                Package(title, offer, match.describe(offer), self._utility(offer), "suggestion")
            )
        return packages

    def _talk_caption(self) -> str:
        match = self.match
        if match.finished or self.abandoned:
            return "the talks are over"
        limit = match.negotiation.rules.talk_limit
        left = max(0, limit - match.state.talk_count(PLAYER))
        if left == 0:
            return "no talk moves left this round"
        return f"{left} of {limit} talk moves left this round"

    # ================================================================= refresh after a change
    def _refresh(self) -> None:
        if not self._built:
            return
        self._update_view()
        match = self.match
        legal = self.legal()
        closed = "the talks are over" if (match.finished or self.abandoned) else None
        self.menu.apply(legal, closed=closed)
        package = self._current_package()
        primary = self.card_buttons["primary"]
        if package is None or package.kind in ("table", "mine"):
            primary.set_text("Support" if self.multiparty else "Accept")
            primary.shortcut = "A"
            reason = closed or legal.get(self.accept_kind)
            if package is None and reason is None:
                reason = "there is no offer on the table yet"
        else:
            primary.set_text("Propose this package")
            primary.shortcut = ""
            reason = closed or legal.get(MoveKind.OFFER)
        primary.set_reason(None if reason is None else reason_text(reason))
        reject = self.card_buttons["reject"]
        reject.set_text("Oppose" if self.multiparty else "Reject")
        reject.set_reason(
            None if (r := closed or legal.get(self.reject_kind)) is None else reason_text(r)
        )
        self.card_buttons["copy"].set_reason(
            None if package is not None else reason_text("there is no package to copy yet")
        )
        count = len(self.view.packages)
        self.card_buttons["previous"].set_reason(
            None if self.page > 0 else "This is the first package"
        )
        self.card_buttons["next"].set_reason(
            None if self.page < count - 1 else "This is the last package"
        )
        self._update_table_gauge()
        self._builder_changed()
        self._relayout_soon()

    def _current_package(self) -> Package | None:
        packages = self.view.packages
        return packages[self.page] if packages else None

    def _update_table_gauge(self) -> None:
        package = self._current_package()
        batna = self.view.batna
        if package is None:
            self.table_gauge.set(batna=batna)
        else:
            self.table_gauge.set(batna=batna, value=package.value)

    def _builder_changed(self) -> None:
        if not self._built:
            return
        offer = self.builder.offer()
        batna = float(self.negotiation.player.preferences.reservation)
        if self.builder.partial:
            prefs = self.negotiation.player.preferences
            belief = None
            if offer.clause is not None:
                belief = self.negotiation.event(offer.clause.event_id).belief(PLAYER)
            low, high = offer.bounds(prefs, belief)
            self.offer_gauge.set(batna=batna, low=low, high=high)
            self.propose_button.set_text("Ask them to fill in")
            kind = MoveKind.ASK_PRIORITIES
        else:
            self.offer_gauge.set(batna=batna, value=self._utility(offer))
            self.propose_button.set_text("Propose")
            kind = MoveKind.OFFER
        match = self.match
        if match.finished or self.abandoned:
            reason = "the talks are over"
        else:
            reason = self.legal().get(kind)
        self.propose_button.set_reason(None if reason is None else reason_text(reason))
        self.reset_button.set_reason(
            None
            if match.state.table is not None
            else "There is no offer on the table to start from"
        )
        self._relayout_soon("offer", "offer_foot")

    # ================================================================= playing
    def play(self, move: Move, *, say: str | None = None) -> TurnReport | None:
        """Make a player move through the match and show what follows; None when refused."""
        match = self.match
        if match is None or match.finished or self.abandoned:
            return None
        report = match.player_move(move)
        self._played = True
        if not report.ok:
            self.show_toast(reason_text(report.reason))
            self._refresh()
            return None
        self._add_entry("You", say if say is not None else self.line_for(move), "player", 0)
        if move.kind is MoveKind.LET_GO and move.grievance:
            self.let_go.add(move.grievance)
        self._absorb(report)
        return report

    def line_for(self, move: Move, **extra: Any) -> str:
        """Return what the player says for ``move`` (``extra``: see ``player_line``)."""
        offer_words = self.match.describe(move.offer) if move.offer is not None else ""
        return player_line(
            move,
            describe=offer_words,
            issue_names=self.issue_names(),
            party_names={pid: self.name_of(pid) for pid in self.negotiation.party_ids},
            partial=move.offer is not None and not move.offer.is_complete(self.negotiation.space),
            multiparty=self.multiparty,
            **extra,
        )

    def _speaker_index(self, speaker: str) -> int:
        ids = [PLAYER, *self.npc_ids()]
        if speaker in ids:
            return ids.index(speaker)
        return len(ids)

    def _add_entry(self, speaker: str, text: str, kind: str, index: int) -> None:
        if not text:
            return
        self.entries.append((speaker, text, kind, index))
        del self.entries[:-LOG_CAPACITY]
        if self._built:
            self.log.add(speaker, text, kind, index)

    def _absorb(self, report: TurnReport) -> None:
        match = self.match
        for said in report.lines:
            kind = "npc"
            self._add_entry(
                self.name_of(said.speaker), said.text, kind, self._speaker_index(said.speaker)
            )
            self.emotions[said.speaker] = normalise_emotion(said.emotion)
        for move in report.npc_moves:
            if move.kind is MoveKind.OFFER and move.offer is not None:
                meso = move.meta.get("meso", ()) if move.actor != match.chair else ()
                self.alternatives = (move.actor, [Offer.from_dict(d) for d in meso])
                self.suggestions = []
                self.page = 0
            elif move.kind is MoveKind.STATE_PRIORITIES and move.offer is not None:
                kind = "for_you" if move.meta.get("for_you") else "partial"
                self.suggestions.append((move.actor, move.offer, kind))
                self.page = len(self._packages()) - 1
        changed: dict[str, list[tuple[float, float, str]]] = {}
        for change in report.changes:
            npc_id, trust, rapport, reason = change
            changed.setdefault(npc_id, []).append((trust, rapport, reason))
            line = change_line(self.name_of(npc_id), trust, rapport, reason)
            self._add_entry("", line, "system", 0)
        for npc_id, items in changed.items():
            trust_reason = next((r for t, _, r in reversed(items) if round(t)), "")
            rapport_reason = next((r for _, p, r in reversed(items) if round(p)), "")
            old = self.reasons.get(npc_id, ("", ""))
            self.reasons[npc_id] = (
                f"\u201c{trust_reason}\u201d" if trust_reason else old[0],
                f"\u201c{rapport_reason}\u201d" if rapport_reason else old[1],
            )
        if self._built:
            for npc_id, (trust, rapport) in self.meters.items():
                state = match.npc_state(npc_id)
                reasons = self.reasons.get(npc_id, ("", ""))
                if abs(state["trust"] - trust.target) > 1e-9:
                    trust.set_value(state["trust"], reasons[0])
                if abs(state["rapport"] - rapport.target) > 1e-9:
                    rapport.set_value(state["rapport"], reasons[1])
        self._refresh()
        if match.finished:
            self._finish()

    # ================================================================= buttons and moves
    def _on_primary(self, _button: Button) -> None:
        package = self._current_package()
        if package is not None and package.kind in ("alternative", "suggestion"):
            self.play(Move(MoveKind.OFFER, PLAYER, offer=package.offer, target=self.target))
            return
        self.accept()

    def accept(self) -> None:
        """Accept (support) the offer on the table."""
        self.play(Move(self.accept_kind, PLAYER))

    def _on_reject(self, _button: Button) -> None:
        self.play(Move(self.reject_kind, PLAYER))

    def _on_copy(self, _button: Button) -> None:
        package = self._current_package()
        if package is None:
            return
        self.builder.set_from_offer(package.offer)
        self.show_toast("Copied into your offer: adjust it, then propose it (P).", kind="info")
        if self.mode != "wide":
            self.set_tab("offer")
            first = self.builder.focusables()
            if first and self.focus.focus(first[0]):
                self._reveal_focus()

    def _on_reset(self, _button: Button) -> None:
        table = self.match.state.table
        if table is not None:
            self.builder.set_from_offer(table.offer)

    def _on_propose(self, _button: Button) -> None:
        offer = self.builder.offer()
        self.play(Move(MoveKind.OFFER, PLAYER, offer=offer, target=self.target))

    def _turn_page(self, step: int) -> None:
        count = len(self.view.packages)
        if count:
            self.page = max(0, min(count - 1, self.page + step))
            self._refresh()

    def _on_chip(self, chip: PartyChip) -> None:
        self.target = chip.target
        self._refresh()

    def _on_move(self, spec: MoveSpec) -> None:
        target = self.target
        if not spec.chooses:
            self.play(Move(spec.kind, PLAYER, target=target))
            return
        self.choosers.open(spec)

    def push_overlay(self, scene: Scene) -> None:
        """Push a chooser or dialog over the table."""
        if self._stack is not None:
            self.stack.push(scene)

    # ================================================================= the end
    def _finish(self) -> None:
        if self.result is not None:
            return
        match = self.match
        record = build_record(match, self.level, self.seed)
        score = score_record(self.level, record)
        record["score"] = score.to_dict()
        record["stars"] = score.stars
        store, profile = self._store()
        if store is None:
            saved = "Not saved: no profile is playing."
        else:
            # Started once the table has laid out its result (see update): writing files
            # takes a while, and a worker thread keeps the window drawing meanwhile.
            self._save_job = SaveJob(store, profile, self.level.id, record, score, match.memories())
            saved = self._save_job.message
        self.result = (record, score)
        state = match.state
        names = {pid: self.name_of(pid) for pid in self.negotiation.party_ids}
        title = outcome_title(state.status, state.walked_by, PLAYER, names)
        self.result_lines = [
            f"{title} \u00b7 {stars_words(score.stars)}",
            saved,
            "Press Enter to see how you did and what was possible.",
        ]
        self._refresh()
        self._result_layout = True  # the next frame lays the result out

    @property
    def saving(self) -> bool:
        """Return True while the finished negotiation is being saved."""
        return self._save_job is not None and not self._save_job.done

    def wait_for_save(self) -> None:
        """Block until the result is saved (and show whether it worked)."""
        if self._save_job is not None:
            self._save_job.wait()
            self._saved_shown()

    def _saved_shown(self) -> None:
        job = self._save_job
        if job is None or not job.done or len(self.result_lines) < 2:
            return
        if self.result_lines[1] != job.message:
            self.result_lines[1] = job.message
            self._relayout_soon("talk")

    def continue_to_debrief(self) -> None:
        """Open the debrief of the finished talks (once the result is saved)."""
        if self.result is None:
            return
        self.wait_for_save()
        record, score = self.result
        navigator = self._navigator()
        if navigator is not None:
            navigator.to_debrief(self.level, record, score)
            return
        try:
            from game.ui.scenes.debrief import DebriefScene
        except ImportError:
            logger.warning("no debrief scene; leaving the table", exc_info=True)
            self.stack.pop() if len(self.stack) > 1 else self.stack.request_exit()
            return
        self.stack.replace(DebriefScene(self.level, record, score))

    def _abandon(self) -> None:
        """Leave unfinished talks: the other side remembers (memories saved), nothing is scored."""
        match = self.match
        if match is None or match.finished or self.abandoned:
            return
        self.abandoned = True
        store, profile = self._store()
        if store is not None:
            save_memories(store, profile, match.memories())
        match.close()

    def _quit_to_map(self) -> None:
        self._abandon()
        navigator = self._navigator()
        if navigator is not None:
            navigator.to_campaign()
        elif self._stack is not None and self.stack.top is self:
            self.stack.pop()

    def _quit_game(self) -> None:
        self._abandon()
        navigator = self._navigator()
        if navigator is not None:
            navigator.quit()
        elif self._stack is not None:
            self.stack.request_exit()

    def open_pause(self) -> None:
        """Open the pause menu (or, after the talks, the debrief)."""
        if self.result is not None:
            self.continue_to_debrief()
            return
        from game.ui.scenes.pause import PauseScene

        self.push_overlay(
            PauseScene(None, self._quit_to_map, self._quit_game, level_title=self.level.model.title)
        )

    def open_help(self) -> None:
        """Open the page of keys and moves (with why a move cannot be made now)."""
        keys = [
            ("Tab / Shift+Tab", "move between controls"),
            ("Enter / Space", "press the focused button or tick the box"),
            ("Left / Right, Up / Down", "move a slider or change an option"),
            ("Home / End", "first or last value"),
            ("PageUp / PageDown", "scroll the conversation"),
            ("A", f"{'support' if self.multiparty else 'accept'} the offer on the table"),
            ("R", f"{'oppose' if self.multiparty else 'reject'} the offer on the table"),
            ("C", "copy the package shown into your offer"),
            ("P", "propose your offer"),
            ("1 / 2 / 3", "switch tabs when the window is narrow"),
            ("Esc", "pause menu"),
        ]
        moves = [
            (spec.label, spec.shortcut, self.menu.reasons.get(spec.key)) for spec in self.menu.specs
        ]
        self.push_overlay(TableHelpScene(help_blocks(keys, moves)))

    def request_quit(self) -> bool:
        """Closing the window mid-negotiation asks first."""
        if self.match is None or self.match.finished or self.abandoned:
            self.wait_for_save()
            return True
        from game.ui.scenes.dialogs import ConfirmScene
        from game.ui.scenes.pause import LEAVE_WARNING

        self.push_overlay(
            ConfirmScene(
                "Quit Common Ground?",
                LEAVE_WARNING,
                self._quit_game,
                confirm_text="Quit the game",
                cancel_text="Keep negotiating",
            )
        )
        return False

    # ================================================================= input
    def show_toast(self, text: str, kind: str = "warning") -> None:
        """Show a short note above the talk moves for a few seconds."""
        self._toast = (text, self._clock + TOAST_SECONDS, kind)

    def _controls(self) -> list[Control]:
        found: list[Control] = [self.menu_button, *self.tab_buttons.values()]
        if self.mode != "one":
            found += [self.walk_button, self.help_button]
        for column in self._columns_on_screen():
            found += self._all_panel_controls(column)
        return [c for c in found if c.on_screen]

    def _press(self, button: Button) -> None:
        if button.is_enabled:
            button.press()
        elif button.tool_tip_text:
            self.show_toast(button.tool_tip_text)

    def _shortcut(self, event: pygame.event.Event) -> bool:
        if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
            return False
        key = event.key
        if key == pygame.K_F1 or (key == pygame.K_SLASH and event.mod & pygame.KMOD_SHIFT):
            self.open_help()
            return True
        if key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.log.handle_event(event)
            self._changed("talk")
            return True
        if self.result is not None:
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.continue_to_debrief()
                return True
            return False
        digits = {pygame.K_1: "talk", pygame.K_2: "offer", pygame.K_3: "moves"}
        if key in digits and self.mode != "wide":
            self.set_tab(digits[key])
            return True
        letters = {
            pygame.K_a: self.card_buttons["primary"],
            pygame.K_r: self.card_buttons["reject"],
            pygame.K_c: self.card_buttons["copy"],
            pygame.K_p: self.propose_button,
        }
        if key == pygame.K_a:
            if self.page != 0 and self.view.packages:
                self.page = 0
                self._refresh()
            self._press(letters[key])
            return True
        if key in letters:
            self._press(letters[key])
            return True
        name = pygame.key.name(key).upper()
        for spec in self.menu.specs:
            if spec.shortcut and spec.shortcut == name:
                self._press(self.menu.buttons[spec.key])
                return True
        return False

    def handle_event(self, event: pygame.event.Event) -> bool:
        if not self._built:
            return False
        if event.type == pygame.KEYDOWN:
            return self._handle_key(event)
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
            return self._handle_mouse(event)
        if event.type == pygame.MOUSEWHEEL:
            return self._handle_wheel(event)
        return False

    def _handle_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.open_pause()
            return True
        before = self.focus.focused
        if self.focus.handle_event(event):
            if self.focus.focused is not before:
                self._reveal_focus()  # the ring is drawn over the picture: no repaint
            return True
        focused = self.focus.focused
        if focused is not None and focused.handle_key(event):
            self._changed(*self._regions_of(focused))
            return True
        return self._shortcut(event)

    def _handle_mouse(self, event: pygame.event.Event) -> bool:
        for control in reversed(self._controls()):
            if control.handle_mouse(event):
                if event.type == pygame.MOUSEBUTTONDOWN and control in self.focus.elements:
                    self.focus.focus(control)
                self._changed(*self._regions_of(control))
                return True
        return False

    def _handle_wheel(self, event: pygame.event.Event) -> bool:
        position = pygame.mouse.get_pos()
        if self.log.rect.collidepoint(position) and self.columns["talk"].visible:
            if self.log.handle_event(event):
                self._changed("talk")
                return True
        for column in self._columns_on_screen():
            if column.rect.collidepoint(position) and column.scrollable:
                step = self.fonts.line_height(FontRole.BODY, 17) * 3
                if column.scroll_by(-int(event.y) * step):
                    self._apply_shown()
                    self._changed(column.name)
                return True
        return False

    # ================================================================= frame
    def update(self, dt: float) -> None:
        if not self._built:
            return
        self._clock += dt
        for trust, rapport in self.meters.values():
            trust.update(dt)
            rapport.update(dt)
        if self._toast is not None and self._clock >= self._toast[1]:
            self._toast = None
        focused_log = self.focus.focused is self.log_focus
        if focused_log != self.log.focused:
            self.log.focused = focused_log
        self._update_hover(dt)
        if self._save_job is not None:
            self._saved_shown()
        if self._played:
            # The engine answered a move in this frame: lay out and paint in the next ones.
            self._played = False
            return
        started = time.perf_counter()
        if self._result_layout:
            self._result_layout = False
            self._layout()
            self.focus.focus(self.continue_button)
            talk = self.columns["talk"]
            talk.scroll = 0  # the result heads the column: show it whole
            talk.relayout()
            self._apply_shown()
            self._changed("all")
        if self._layout_dirty:
            names, self._layout_dirty = self._layout_dirty, set()
            self._relayout_columns(names)
            self.focus.set_elements(self._focus_order())
            self._reveal_focus()
        self._paint_picture(started)
        if self._save_job is not None and not self._save_job.started:
            self._save_job.start()

    def _update_hover(self, dt: float) -> None:
        position = pygame.mouse.get_pos() if pygame.mouse.get_focused() else None
        control, since = self._hover
        if position == self._mouse:
            self._hover = (control, since + dt)
            return
        self._mouse = position
        found = None
        if position is not None:
            for candidate in reversed(self._controls()):
                if candidate.hit(position):
                    found = candidate
                    break
        if found is not control:
            for button in self._controls():
                if isinstance(button, Button) and button.hovered != (button is found):
                    button.hovered = button is found
                    self._changed(*self._regions_of(button))
            self._hover = (found, 0.0)
        else:
            self._hover = (control, since + dt)

    def _regions_of(self, control: Control | None) -> tuple[str, ...]:
        if control is None:
            return ()
        column = self._column_of(control)
        return (column.name,) if column is not None else ("header",)

    def _region_rect(self, name: str) -> pygame.Rect | None:
        if name == "header":
            top = min((c.rect.top for c in self._columns_on_screen()), default=self.size[1])
            return pygame.Rect(0, 0, self.size[0], top)
        column = self.columns.get(name)
        if column is None or not column.visible:
            return None
        return column.rect

    def _paint_picture(self, started: float) -> None:
        """Paint what does not move by itself into a picture that each frame blits.

        Only regions that changed are painted, the focused control's first, and painting
        stops for this frame once it has used its share of the frame (the rest follows in
        the next frames), so a move never makes one long frame.
        """
        if self._picture is None or self._picture.get_size() != self.size:
            display = pygame.display.get_init() and pygame.display.get_surface() is not None
            picture = pygame.Surface(self.size)
            self._picture = picture.convert() if display else picture
            self._paint(self._picture)
            self._dirty.clear()
            return
        if "all" in self._dirty:
            self._paint(self._picture)
            self._dirty.clear()
            return
        order = [*self._regions_of(self.focus.focused), *PAINT_ORDER]
        for name in order:
            if name not in self._dirty:
                continue
            self._dirty.discard(name)
            rect = self._region_rect(name)
            if rect is not None:
                self._paint_region(self._picture, name, rect)
            if self._dirty and time.perf_counter() - started > PAINT_BUDGET:
                break

    def _paint_region(self, surface: pygame.Surface, name: str, rect: pygame.Rect) -> None:
        old = surface.get_clip()
        surface.set_clip(rect)
        surface.fill(self.palette.colour("background"), rect)
        if name == "header":
            self._draw_header(surface)
            for button in self.tab_buttons.values():
                if button.visible:
                    button.draw(surface)
        else:
            self.columns[name].draw(surface, self.palette)
        surface.set_clip(old)

    def _paint(self, surface: pygame.Surface) -> None:
        surface.fill(self.palette.colour("background"))
        self._draw_header(surface)
        for button in self.tab_buttons.values():
            if button.visible:
                button.draw(surface)
        for column in self._columns_on_screen():
            column.draw(surface, self.palette)

    def draw(self, surface: pygame.Surface) -> None:
        if not self._built:
            return
        picture = self._picture
        if picture is not None and picture.get_size() == surface.get_size():
            surface.blit(picture, (0, 0))  # a changed region may show its old look for a frame
        else:  # laid out while another scene was on top: paint straight onto the screen
            self._paint(surface)
        self._draw_meters(surface)
        palette = self.palette
        focused = self.focus.focused
        is_top = self._stack is None or self._stack.top is self
        if focused is not None and focused.on_screen and is_top:
            column = self._column_of(focused)
            old = surface.get_clip()
            if column is not None:
                surface.set_clip(column.rect.inflate(16, 16))
            draw_focus_ring(surface, focused.rect, self.focus.style)
            surface.set_clip(old)
        self._draw_toast(surface)
        control, since = self._hover
        if control is not None and is_top and control.tool_tip_text:
            if (not control.is_enabled and since >= 0.15) or since >= HOVER_SECONDS:
                draw_tooltip(surface, control.tool_tip_text, control.rect, self.fonts, palette)

    def _draw_meters(self, surface: pygame.Surface) -> None:
        """Draw the trust and rapport meters (they animate, so they are not in the picture)."""
        old = surface.get_clip()
        for panel in self._status_panels():
            for meter, rect, clip in panel.meter_spots():
                surface.set_clip(clip.clip(old) if clip is not None else old)
                pygame.draw.rect(surface, self.palette.colour("surface"), rect)
                meter.draw(surface, rect, self.fonts, self.palette)
        surface.set_clip(old)

    def _status_panels(self) -> list[StatusPanel]:
        found = []
        for column in self._columns_on_screen():
            found += [p for p in column.panels if isinstance(p, StatusPanel)]
        return found

    def _draw_header(self, surface: pygame.Surface) -> None:
        cache = self.cache
        palette = self.palette
        rect = self.header_rect
        title_font = self.fonts.get(FontRole.HEADING, 24)
        info = self.view.round_text
        if self.header_stacked:
            title = cache.fit(
                self.level.model.title, FontRole.HEADING, 24, palette.colour("text"), rect.width
            )
            surface.blit(title, rect.topleft)
            line = cache.fit(info, FontRole.BODY, 16, palette.colour("text_muted"), rect.width)
            surface.blit(line, (rect.left, rect.top + title_font.get_linesize()))
        else:
            title = cache.render(
                self.level.model.title, FontRole.HEADING, 24, palette.colour("text")
            )
            surface.blit(title, title.get_rect(midleft=(rect.left, rect.centery)))
            line = cache.render(info, FontRole.BODY, 16, palette.colour("text_muted"))
            surface.blit(
                line,
                line.get_rect(
                    midleft=(
                        title.get_rect(midleft=(rect.left, 0)).right + self.style.scaled(20),
                        rect.centery + 2,
                    )
                ),
            )
        if self.mode != "one":
            self.walk_button.draw(surface)
            self.help_button.draw(surface)
        self.menu_button.draw(surface)

    def _draw_toast(self, surface: pygame.Surface) -> None:
        if self._toast is None:
            return
        text, _until, kind = self._toast
        palette = self.palette
        width = min(self.size[0] - 2 * self._margin(), self.fonts.scaled_size(640))
        font = self.fonts.get(FontRole.BODY, 17)
        line = ellipsize(font, text, width - self.style.scaled(48))
        rendered = self.cache.render(line, FontRole.BODY, 17, palette.colour("tooltip_text"))
        box = pygame.Rect(
            0, 0, rendered.get_width() + self.style.scaled(48), rendered.get_height() + 16
        )
        box.midbottom = (self.size[0] // 2, self.size[1] - self._margin() - 4)
        pygame.draw.rect(surface, palette.colour("tooltip_bg"), box, border_radius=10)
        accent = palette.colour("warning" if kind == "warning" else "info")
        pygame.draw.rect(
            surface, palette.colour("focus_ring_inner"), box, width=2, border_radius=10
        )
        icon = pygame.Rect(box.left + 10, box.centery - 8, 16, 16)
        if kind == "warning":
            pygame.draw.polygon(
                surface,
                palette.colour("focus_ring_inner"),
                [icon.midtop, icon.bottomright, icon.bottomleft],
            )
        else:
            pygame.draw.circle(surface, accent, icon.center, 8)
        surface.blit(rendered, (icon.right + 10, box.top + 8))

    # ================================================================= for tests and tools
    def table_text(self) -> list[str]:
        """Return what the table card says (title, words, gauge sentence)."""
        package = self._current_package()
        if package is None:
            return [self.view.empty_table]
        return [package.title, package.words, self.table_gauge.text()]

    def log_lines(self) -> list[str]:
        """Return the dialogue log as "speaker: text" lines."""
        return [f"{s}: {t}" if s else t for s, t, _k, _i in self.entries]
