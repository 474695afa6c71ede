"""The negotiation table's controls, made once each time the table is entered.

:class:`TableControls` holds every control and widget the panels show: the dialogue log,
the trust and rapport meters, your offer's builder, the move menu, the buttons (the table
card's, Propose, the header's, the tabs), the party chips and the two value gauges.  What
a button does is asked of :class:`TableActions`, which the scene provides; the controls
know nothing else of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import pygame

from game.engine import PLAYER, Offer
from game.i18n import pgettext, tr
from game.levels.text import level_text, shown_issues
from game.ui.table.state import LOG_CAPACITY, TableState
from game.ui.widgets.controls import Button, Control, ControlStyle
from game.ui.widgets.dialogue_log import DialogueLog
from game.ui.widgets.gauge import ValueGauge
from game.ui.widgets.meter import Meter
from game.ui.widgets.move_menu import MoveMenu, MoveSpec, moves_for
from game.ui.widgets.offer_builder import OfferBuilder
from game.ui.widgets.party_strip import PartyChip, PartyView
from game.ui.widgets.portrait import PortraitLibrary

__all__ = ["TableActions", "TableControls"]


class TableActions(Protocol):
    """What the table's buttons do (the scene provides it)."""

    def builder_changed(self) -> None:
        """Your offer changed: show what it is worth and whether it can be proposed."""

    def answer_package(self) -> None:
        """Accept (support) the package shown, or propose it when it is not on the table."""

    def reject(self) -> None:
        """Reject (oppose) the offer on the table."""

    def copy_package(self) -> None:
        """Copy the package shown into your offer."""

    def reset_offer(self) -> None:
        """Set your offer back to the one on the table."""

    def propose(self) -> None:
        """Propose your offer."""

    def address(self, target: str | None) -> None:
        """Address the moves to a party (None: the whole table)."""

    def choose_move(self, spec: MoveSpec) -> None:
        """Make a talk move (opening its chooser when it needs a detail)."""

    def turn_page(self, step: int) -> None:
        """Show the next (1) or previous (-1) package."""

    def set_tab(self, name: str) -> None:
        """Show a tab of the narrow layouts."""

    def continue_to_debrief(self) -> None:
        """Go on to the debrief of the finished talks."""

    def open_help(self) -> None:
        """Open the page of keys and moves."""

    def open_pause(self) -> None:
        """Open the pause menu."""


class LogFocus(Control):
    """Puts the dialogue log in the Tab order: Up / Down / Home / End scroll it while focused."""

    def __init__(self, style: ControlStyle, log: DialogueLog) -> None:
        super().__init__(style, "log")
        self.log = log

    def handle_key(self, event: pygame.event.Event) -> bool:
        self.log.focused = True
        return self.log.handle_event(event)


class TableControls:
    """Every control of the table, made for one entry into the table."""

    def __init__(
        self,
        state: TableState,
        style: ControlStyle,
        portraits: PortraitLibrary,
        actions: TableActions,
        saved_builder: tuple[Offer, list[str]] | None = None,
    ) -> None:
        self.style = style
        match = state.live_match()
        negotiation = state.negotiation
        self.log = DialogueLog(style.fonts, capacity=LOG_CAPACITY)
        for speaker, text, kind, index in state.entries:
            self.log.add(speaker, text, kind, index)
        self.log_focus = LogFocus(style, self.log)
        self.meters: dict[str, tuple[Meter, Meter]] = {}
        for npc_id in state.npc_ids():
            data = match.npc_state(npc_id)
            trust = Meter(tr("Trust"), minimum=0, maximum=100, value=data["trust"])
            rapport = Meter(tr("Rapport"), minimum=-100, maximum=100, value=data["rapport"])
            trust.reason, rapport.reason = state.reasons.get(npc_id, ("", ""))
            self.meters[npc_id] = (trust, rapport)
        self.builder = OfferBuilder(
            style,
            negotiation,
            player_id=PLAYER,
            on_change=actions.builder_changed,
            issues=shown_issues(state.level.model, negotiation.space.issues),
            event_text={e.id: e.description for e in level_text(state.level.model).events},
        )
        if saved_builder is not None:
            offer, open_issues = saved_builder
            self.builder.set_from_offer(offer)
            for issue_id in open_issues:
                self.builder.row(issue_id).open_box.set_checked(True)
        elif match.state.table is not None:
            self.builder.set_from_offer(match.state.table.offer)
        else:  # nothing on the table yet: start from what you would like best
            prefs = negotiation.player.preferences
            terms = {i: prefs.best_value(i) for i in negotiation.space.issue_ids}
            self.builder.set_from_offer(Offer(terms))
        self.menu = MoveMenu(style, moves_for(state.facts()), actions.choose_move)
        self.menu.pinned = {"walk"}  # Walk away sits in the header at every size
        self.walk_button = self.menu.buttons["walk"]
        self.walk_button.set_text(tr("Walk away"))
        button = self._button
        self.card_buttons = {
            "primary": button(
                "primary", tr("Accept"), actions.answer_package, kind="primary", shortcut="A"
            ),
            "reject": button("reject", tr("Reject"), actions.reject, shortcut="R"),
            "copy": button(
                "copy",
                tr("Copy into my offer"),
                actions.copy_package,
                shortcut="C",
                description=tr("Put this package into your offer, to adjust it"),
            ),
            "previous": Button(
                style,
                "previous",
                tr("Previous package"),
                lambda _b: actions.turn_page(-1),
                icon="left",
                description=tr("The previous package"),
            ),
            "next": Button(
                style,
                "next",
                tr("Next package"),
                lambda _b: actions.turn_page(1),
                icon="right",
                description=tr("The next package"),
            ),
        }
        self.propose_button = button(
            "propose",
            tr("Propose"),
            actions.propose,
            kind="primary",
            shortcut="P",
            description=tr("Put your offer on the table"),
        )
        self.reset_button = button(
            "reset",
            tr("Start again"),
            actions.reset_offer,
            description=tr("Reset your offer to the package on the table"),
        )
        self.continue_button = button(
            "continue",
            tr("See how you did"),
            actions.continue_to_debrief,
            kind="primary",
            shortcut="Enter",
        )
        self.help_button = button(
            "help",
            tr("Keys"),
            actions.open_help,
            shortcut="F1",
            description=tr("Every key and move, and why a move is greyed out"),
        )
        self.menu_button = button(
            "menu",
            tr("Menu"),
            actions.open_pause,
            shortcut="Esc",
            description=tr("Pause: resume, or leave the talks"),
        )
        self.tab_buttons = {
            name: Button(
                style,
                f"tab:{name}",
                text,
                self._tab_action(actions, name),
                kind="tab",
                shortcut=shortcut,
            )
            for name, text, shortcut in (
                ("talk", tr("Talk"), "1"),
                ("offer", tr("Your offer"), "2"),
                ("moves", pgettext("table tab", "Talk moves"), "3"),
            )
        }
        self.chips: list[PartyChip] = []
        if state.multiparty:
            self.chips.append(PartyChip(style, None, None, self._chip_action(actions)))
            for npc_id in state.npc_ids():
                npc = state.level.npc(npc_id)
                self.chips.append(
                    PartyChip(
                        style,
                        portraits,
                        PartyView(npc_id, state.name_of(npc_id), npc.portrait),
                        self._chip_action(actions),
                    )
                )
        self.table_gauge = ValueGauge(style, tr("Worth to you"))
        self.offer_gauge = ValueGauge(style, tr("Worth to you"))
        hints = state.level.model.rules.hints
        scoring = state.level.model.scoring
        for gauge in (self.table_gauge, self.offer_gauge):
            if not hints.offer_value:
                gauge.hidden_reason = (
                    "this level does not show what offers are worth: trust your briefing"
                )
            elif scoring.measure == "player_utility":
                gauge.set_marks([(value, i + 1) for i, value in enumerate(scoring.stars)])

    @staticmethod
    def _tab_action(actions: TableActions, name: str) -> Callable[[Button], None]:
        return lambda _b: actions.set_tab(name)

    @staticmethod
    def _chip_action(actions: TableActions) -> Callable[[PartyChip], None]:
        return lambda chip: actions.address(chip.target)

    def _button(
        self,
        key: str,
        text: str,
        run: Callable[[], None],
        *,
        kind: str = "secondary",
        shortcut: str = "",
        description: str | None = None,
    ) -> Button:
        return Button(
            self.style,
            key,
            text,
            lambda _b: run(),
            kind=kind,
            shortcut=shortcut,
            description=description,
        )

    def every_control(self) -> list[Control]:
        """Return the controls that live in columns (each is shown only while its column is)."""
        return [
            *self.builder.all_controls(),
            self.propose_button,
            self.reset_button,
            *self.card_buttons.values(),
            *self.menu.focusables(),
            *self.chips,
            self.log_focus,
            self.continue_button,
        ]
