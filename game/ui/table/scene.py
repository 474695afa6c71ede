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
buttons; 1 / 2 / 3 switch tabs in the narrow layouts.  One list holds them all
(``moves.TABLE_KEYS`` and each move's key): the keys do what the F1 page says.

Before a move that is a typical mistake (accepting below the BATNA, a second concession
in a row without a counter, an early threat) a short coaching hint asks first, once per
kind (``game.campaign.table_hints``); the profile's Coaching setting or a class pack with
hints off turns it off.

When the match finishes the record is built, scored and saved to the store (history,
level result, NPC memories) before the debrief can be opened (``finish.TableFinish``, which
also leaves unfinished talks for the map or out of the game).

The scene is made of parts (``state``, ``controls``, ``sections``, ``layout``, ``paint``,
``overlay``, ``view``, ``finish``; see ``docs/architecture.md``); none of them imports it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any, cast

import pygame

from game.engine import Move, MoveKind, Negotiation, Offer
from game.i18n import tr
from game.levels.loader import LoadedLevel
from game.levels.setup import start_match
from game.levels.text import describe_offer, level_text
from game.npc.match import Match, TurnReport
from game.ui.frame import FrameBudget
from game.ui.scene import Scene, SceneContext
from game.ui.sound import cue, turn_cue
from game.ui.speech import speak_line
from game.ui.table.choice import TableHelpScene, help_blocks
from game.ui.table.controls import TableControls
from game.ui.table.finish import TableFinish
from game.ui.table.layout import TableLayout
from game.ui.table.moves import MoveChoosers, binding_for, help_keys, key_name
from game.ui.table.overlay import TableOverlay
from game.ui.table.paint import Painter
from game.ui.table.state import PLAYER, TableFocus, TableState
from game.ui.table.view import absorb, build_view, update_chips
from game.ui.table.words import player_line
from game.ui.widgets.controls import Button, ControlStyle
from game.ui.widgets.focus import FocusManager, FocusRingStyle
from game.ui.widgets.move_menu import MoveSpec, reason_text
from game.ui.widgets.portrait import PortraitLibrary
from game.ui.widgets.text_cache import TextCache

__all__ = ["TableScene"]

logger = logging.getLogger(__name__)


class TableScene(Scene):
    """One negotiation; see the module docstring.

    The scene owns the parts and wires them: the shared :class:`TableState`, the
    controls (``controls.TableControls``), the sections and their layout
    (``layout.TableLayout``), the painter (``paint.Painter``), what is drawn over the
    picture (``overlay.TableOverlay``) and the move choosers.  It plays the moves and
    routes input: keys to the focused control and the table's key list, the mouse to the
    sections.
    """

    def __init__(self, level: LoadedLevel, seed: int) -> None:
        super().__init__()
        self.state = TableState(level, seed)
        self.choosers = MoveChoosers(self)  # the table is their ChooserHost
        self._opening_shown = False  # the match's opening lines are in the log
        self._in_steps = False  # the first picture is left to warm_up()
        self._built = False  # the parts below exist (from enter() to exit())
        self._controls: TableControls | None = None
        self._layout: TableLayout | None = None
        self._painter: Painter | None = None
        self._overlay: TableOverlay | None = None
        self._saved_builder: tuple[Offer, list[str]] | None = None  # your offer when left
        self._saved_focus: str | None = None  # the focused control's key when left
        self._played = False  # the engine answered a move this frame: paint in the next
        self._result_layout = False  # the next frame lays the result out
        self.finish = TableFinish(self.state, self._services)
        """The talks' end: the record saved, the debrief; leaving (``finish.TableFinish``)."""
        self._coaching: bool | None = None  # whether hints are shown (asked once)
        self.coached: set[str] = set()
        """The kinds of coaching hint shown in this negotiation (each once)."""

    # ================================================================= the parts
    @property
    def controls(self) -> TableControls:
        if self._controls is None:
            raise RuntimeError("the table's controls are made when it is entered")
        return self._controls

    @property
    def layout(self) -> TableLayout:
        if self._layout is None:
            raise RuntimeError("the table is laid out once it is entered")
        return self._layout

    @property
    def painter(self) -> Painter:
        if self._painter is None:
            raise RuntimeError("the table paints once it is entered")
        return self._painter

    @property
    def overlay(self) -> TableOverlay:
        if self._overlay is None:
            raise RuntimeError("the table draws once it is entered")
        return self._overlay

    # ================================================================= life cycle
    def prepare(self, context: SceneContext) -> Iterator[None]:
        """Set the match up a frame before the table is built (when built in steps).

        The table's first picture is then painted by :meth:`warm_up`, a band a frame.
        """
        self._in_steps = True
        if self.state.match is None:
            self.context = context  # the store's memories and reputation
            self._start_match()
            yield

    def _start_match(self) -> None:
        self.state.match = start_match(
            self.state.level,
            seed=self.state.seed,
            memories=self.finish.memories(),
            reputation=self.finish.reputation(),
        )

    def enter(self, context: SceneContext) -> None:
        super().enter(context)
        self.fonts = context.fonts
        self.palette = context.palette
        self.cache = TextCache(self.fonts)
        self.style = ControlStyle(self.fonts, self.palette, self.cache)
        self.portraits = PortraitLibrary(context.assets.portraits, self.state.level.base_dir)
        # The table gives the focus manager only its own controls, so it hands back only
        # those (see state.TableFocus).
        self.focus = cast(TableFocus, FocusManager(style=FocusRingStyle.from_palette(self.palette)))
        if self.state.match is None:
            self._start_match()
        first, self._opening_shown = not self._opening_shown, True
        in_steps, self._in_steps = self._in_steps, False
        self._build_parts()
        if first:
            self._absorb(self.state.live_match().opening)
        else:
            self._refresh()
            self._focus_saved()  # back after a rebuild: where the keyboard was
        focused = self.focus.focused
        if focused is not None and not focused.is_enabled:  # the opening turned it off
            self.focus.focus(None)
            self.layout.initial_focus()
        self.painter.in_steps = in_steps
        if not in_steps:  # the first picture, with the opening in it (else warm_up paints it)
            self.painter.paint(time.perf_counter())

    def _build_parts(self) -> None:
        """Make the controls, the sections and their layout, the painter and the overlay."""
        state = self.state
        controls = TableControls(state, self.style, self.portraits, self, self._saved_builder)
        layout = TableLayout(
            state, controls, self.focus, self.fonts, self.palette, self.cache, self.portraits
        )

        def frame() -> FrameBudget | None:
            stack = self._stack
            return stack.frame if stack is not None else None

        def first() -> tuple[str, ...]:
            return layout.regions_of(self.focus.focused)

        painter = Painter(state, layout.sections, self.palette, layout.on_screen, first, frame)
        painter.in_steps = True  # painted once the opening is in (enter, or warm_up)
        layout.painter = painter
        self._controls, self._layout, self._painter = controls, layout, painter
        self._overlay = TableOverlay(
            state, layout, self.focus, self.style, self.fonts, self.palette, self.cache
        )
        self._built = True
        self._update_view()
        layout.layout()

    def warm_up(self) -> Iterator[None]:
        """Read the NPCs' portraits, then paint the first picture, a band a step.

        (A table built at once paints it whole when it is laid out, and reads a portrait
        the first time it shows it.)
        """
        for npc_id in self.state.npc_ids():
            self.portraits.load(self.state.level.npc(npc_id).portrait)
            yield
        if self._painter is not None:
            yield from self._painter.warm_up()

    def exit(self) -> None:
        if self._built:
            builder = self.controls.builder
            self._saved_builder = (builder.offer(), builder.open_issues())
            self._saved_focus = getattr(self.focus.focused, "key", None)
        self._built = False
        if self._painter is not None:  # back with other fonts or colours: painted afresh
            self._painter.drop()

    def _focus_saved(self) -> None:
        """Give the keyboard focus back to the control it had when the table was left."""
        key, self._saved_focus = self._saved_focus, None
        for control in self.focus.elements:
            if key is not None and getattr(control, "key", None) == key and control.is_enabled:
                for column in self.layout.columns.values():  # scrolled for the first guess
                    if column.scroll:
                        column.scroll = 0
                        column.relayout()
                self.focus.focus(control)
                self.layout.reveal_focus()
                return

    def on_resize(self, size: tuple[int, int]) -> None:
        self.state.size = (int(size[0]), int(size[1]))
        if self._built:
            self.layout.layout()

    # ================================================================= services
    def _services(self) -> Any:
        return self.context.services if self.context is not None else {}

    # ================================================================= facts (ChooserHost)
    # What the move choosers read of the table (``moves.ChooserHost``); the rest of what
    # the table holds is read from its parts (``scene.state``, ``scene.controls``, ...).
    @property
    def level(self) -> LoadedLevel:
        """The level played (``ChooserHost``)."""
        return self.state.level

    @property
    def target(self) -> str | None:
        """The party the player's moves address, None for the whole table (``ChooserHost``)."""
        return self.state.target

    @property
    def let_go(self) -> set[str]:
        """The grievance cards the player let go of (``ChooserHost``)."""
        return self.state.let_go

    def live_match(self) -> Match:
        """Return the match, to read (``ChooserHost``); moves go through :meth:`play`."""
        return self.state.live_match()

    @property
    def negotiation(self) -> Negotiation:
        """The issues and the player's preferences (``ChooserHost``)."""
        return self.state.negotiation

    def name_of(self, party_id: str | None) -> str:
        """Return the name of a party, NPC or the player ("You")."""
        return self.state.name_of(party_id)

    def npc_ids(self) -> list[str]:
        """Return the ids of the NPC parties at the table."""
        return self.state.npc_ids()

    def legal(self) -> dict[MoveKind, str | None]:
        """Return the match's legal moves (None) and reasons."""
        return self.state.legal()

    def issue_names(self) -> dict[str, str]:
        """Return {issue id: issue name}."""
        return self.state.issue_names()

    # ================================================================= the parts, briefly
    def set_tab(self, name: str) -> None:
        """Show a tab in the narrow layouts ("talk", "offer" or "moves")."""
        self.layout.show_tab(name)

    # ================================================================= refresh after a change
    def _update_view(self) -> None:
        """Read what the table shows from the match (the snapshot, the chips, the builder)."""
        state = self.state
        state.view = build_view(state)
        state.page = max(0, min(state.page, len(state.view.packages) - 1))
        if self._controls is not None:
            update_chips(state, self._controls.chips)
            self._controls.builder.set_closed(state.live_match().closed_values())

    def _refresh(self) -> None:
        if not self._built:
            return
        self._update_view()
        state, c = self.state, self.controls
        legal = state.legal()
        closed = tr("the talks are over") if state.over else None
        c.menu.apply(legal, closed=closed)
        package = state.current_package()
        primary = c.card_buttons["primary"]
        if package is None or package.kind in ("table", "mine"):
            primary.set_text(tr("Support") if state.multiparty else tr("Accept"))
            primary.shortcut = "A"
            reason = closed or legal.get(state.accept_kind)
            if package is None and reason is None:
                reason = tr("there is no offer on the table yet")
        else:
            primary.set_text(tr("Propose this package"))
            primary.shortcut = ""
            reason = closed or legal.get(MoveKind.OFFER)
        primary.set_reason(None if reason is None else reason_text(reason))
        reject = c.card_buttons["reject"]
        reject.set_text(tr("Oppose") if state.multiparty else tr("Reject"))
        reject.set_reason(
            None if (r := closed or legal.get(state.reject_kind)) is None else reason_text(r)
        )
        c.card_buttons["copy"].set_reason(
            None if package is not None else reason_text(tr("there is no package to copy yet"))
        )
        count = len(state.view.packages)
        c.card_buttons["previous"].set_reason(
            None if state.page > 0 else tr("This is the first package")
        )
        c.card_buttons["next"].set_reason(
            None if state.page < count - 1 else tr("This is the last package")
        )
        self._update_table_gauge()
        self.builder_changed()
        # What changes size after a move: who sits there, the log and the offer on the
        # table (and the talk moves' caption in the narrow layouts, and the offer tab that
        # may hold the offer on the table in one column).  Everything repaints.
        narrow = ("moves", "offer") if state.mode == "one" else ("moves",)
        self.layout.relayout_soon("status", "talk", *(narrow if state.mode != "wide" else ()))
        self.layout.changed("header", "status", "talk", "moves", "offer_foot")

    def _update_table_gauge(self) -> None:
        package = self.state.current_package()
        batna = self.state.view.batna
        if package is None:
            self.controls.table_gauge.set(batna=batna)
        else:
            self.controls.table_gauge.set(batna=batna, value=package.value)

    def builder_changed(self) -> None:
        """Your offer changed: show what it is worth and whether it can be proposed."""
        if not self._built:
            return
        state, c = self.state, self.controls
        offer = c.builder.offer()
        negotiation = state.negotiation
        batna = float(negotiation.player.preferences.reservation)
        if c.builder.partial:
            prefs = negotiation.player.preferences
            belief = None
            if offer.clause is not None:
                belief = negotiation.event(offer.clause.event_id).belief(PLAYER)
            low, high = offer.bounds(prefs, belief)
            c.offer_gauge.set(batna=batna, low=low, high=high)
            c.propose_button.set_text(tr("Ask them to fill in"))
            kind = MoveKind.ASK_PRIORITIES
        else:
            c.offer_gauge.set(batna=batna, value=state.utility(offer))
            c.propose_button.set_text(tr("Propose"))
            kind = MoveKind.OFFER
        match = state.live_match()
        reason: str | None
        if state.over:
            reason = tr("the talks are over")
        else:
            reason = state.legal().get(kind)
        c.propose_button.set_reason(None if reason is None else reason_text(reason))
        c.reset_button.set_reason(
            None
            if match.state.table is not None
            else tr("There is no offer on the table to start from")
        )
        self.layout.relayout_soon("offer", "offer_foot")

    # ================================================================= playing
    def play(
        self, move: Move, *, say: str | None = None, coached: bool = False
    ) -> TurnReport | None:
        """Make a player move through the match and show what follows; None when refused.

        A move that is a typical mistake (see ``game.campaign.table_hints``) first shows a
        short coaching hint, once per kind per negotiation, unless the profile turned
        coaching off or a class pack turned hints off; the move is made when the player
        goes ahead (``coached``) and not at all when they think again.
        """
        match = self.state.match
        if match is None or self.state.over:
            return None
        if not coached and self._coach(move, say):
            return None
        report = match.player_move(move)
        self._played = True
        if not report.ok:
            cue(self._services(), "denied")
            self.show_toast(reason_text(report.reason))
            self._refresh()
            return None
        cue(self._services(), "offer")
        self._add_entry(tr("You"), say if say is not None else self.line_for(move), "player", 0)
        if move.kind is MoveKind.LET_GO and move.grievance:
            self.state.let_go.add(move.grievance)
        self._absorb(report)
        cue(self._services(), turn_cue(report), after=True)  # the answer, after the move's
        return report

    def coaching_on(self) -> bool:
        """Return whether the table shows coaching hints (profile setting, class pack hints)."""
        if self._coaching is None:
            services = self._services()
            settings = services.get("settings") if hasattr(services, "get") else None
            on = bool(getattr(settings, "coaching", True))
            store, _profile = self.finish.store()
            if on and store is not None:
                try:
                    from game.classroom.install import pack_hints

                    on = pack_hints(store.data_dir, self.state.level) != "off"
                except Exception:  # a class folder that cannot be read: hints as set
                    logger.warning("cannot read the class packs' hints", exc_info=True)
            self._coaching = on
        return self._coaching

    def _coach(self, move: Move, say: str | None) -> bool:
        """Show the coaching hint for ``move`` if there is one; return True when shown."""
        if self._stack is None or not self.coaching_on():
            return False
        from game.campaign.table_hints import table_hint

        hint = table_hint(self.state.live_match(), move)
        if hint is None or hint.kind in self.coached:
            return False
        self.coached.add(hint.kind)
        from game.ui.scenes.dialogs import ConfirmScene

        def answered(go_ahead: bool) -> None:
            if go_ahead:
                self.play(move, say=say, coached=True)

        self.open(
            ConfirmScene(
                tr("Coach: {title}").format(title=hint.title),
                hint.text,
                confirm_text=hint.go_ahead,
                cancel_text=hint.think_again,
            ),
            answered,
        )
        return True

    def line_for(self, move: Move, **extra: Any) -> str:
        """Return what the player says for ``move`` (``extra``: see ``player_line``)."""
        offer_words = (
            describe_offer(self.state.level.model, self.state.negotiation, move.offer)
            if move.offer is not None
            else ""
        )
        return player_line(
            move,
            describe=offer_words,
            issue_names=self.state.issue_names(),
            party_names={pid: self.state.name_of(pid) for pid in self.negotiation.party_ids},
            partial=move.offer is not None and not move.offer.is_complete(self.negotiation.space),
            multiparty=self.state.multiparty,
            **extra,
        )

    def _add_entry(self, speaker: str, text: str, kind: str, index: int) -> None:
        entry = self.state.add_entry(speaker, text, kind, index)
        if entry is not None and self._built:
            self.controls.log.add(*entry)

    def _absorb(self, report: TurnReport) -> None:
        """Show what a turn brought: its lines in the log, the meters moving, the rest."""
        state = self.state
        match = state.live_match()
        added = absorb(state, report)
        for said in report.lines:
            speak_line(self._services(), said.text, said.speaker)  # silent unless voices are on
        if self._built:
            for entry in added:
                self.controls.log.add(*entry)
            for npc_id, (trust_meter, rapport_meter) in self.controls.meters.items():
                data = match.npc_state(npc_id)
                reasons = state.reasons.get(npc_id, ("", ""))
                if abs(data["trust"] - trust_meter.target) > 1e-9:
                    trust_meter.set_value(data["trust"], reasons[0])
                if abs(data["rapport"] - rapport_meter.target) > 1e-9:
                    rapport_meter.set_value(data["rapport"], reasons[1])
        self._refresh()
        if match.finished:
            # The record, the score and the analysis behind them are worked out in the
            # next frame: this one already carried the engine's answer.
            self.finish.pending = True

    # ================================================================= what the buttons do (TableActions)
    def answer_package(self) -> None:
        """Accept the offer on the table, or propose the package shown when it is not."""
        package = self.state.current_package()
        if package is not None and package.kind in ("alternative", "suggestion"):
            self.play(Move(MoveKind.OFFER, PLAYER, offer=package.offer, target=self.state.target))
            return
        self.accept()

    def accept(self) -> None:
        """Accept (support) the offer on the table."""
        self.play(Move(self.state.accept_kind, PLAYER))

    def reject(self) -> None:
        """Reject (oppose) the offer on the table."""
        self.play(Move(self.state.reject_kind, PLAYER))

    def copy_package(self) -> None:
        """Copy the package shown into your offer (and show the offer tab when narrow)."""
        package = self.state.current_package()
        if package is None:
            return
        builder = self.controls.builder
        builder.set_from_offer(package.offer)
        self.show_toast(tr("Copied into your offer: adjust it, then propose it (P)."), kind="info")
        if self.state.mode != "wide":
            self.set_tab("offer")
            first = builder.focusables()
            if first and self.focus.focus(first[0]):
                self.layout.reveal_focus()

    def reset_offer(self) -> None:
        """Set your offer back to the one on the table."""
        table = self.state.live_match().state.table
        if table is not None:
            self.controls.builder.set_from_offer(table.offer)

    def propose(self) -> None:
        """Propose your offer."""
        offer = self.controls.builder.offer()
        self.play(Move(MoveKind.OFFER, PLAYER, offer=offer, target=self.state.target))

    def turn_page(self, step: int) -> None:
        """Show the next (1) or previous (-1) package (the table card turns its page)."""
        card = self.layout.table_card
        if card is not None and card.turn_page(step):
            self._refresh()

    def address(self, target: str | None) -> None:
        """Address the moves to a party (None: the whole table)."""
        self.state.target = target
        self._refresh()

    def choose_move(self, spec: MoveSpec) -> None:
        """Make a talk move, opening its chooser first when it needs a detail."""
        if not spec.chooses:
            self.play(Move(spec.kind, PLAYER, target=self.state.target))
            return
        self.choosers.open(spec)

    # ================================================================= the end (finish.py)
    def _finish(self) -> None:
        """Build, score and save the record; the next frame lays the result out."""
        if self.finish.finish():
            self._refresh()
            self._result_layout = True

    @property
    def saving(self) -> bool:
        """Return True while the finished negotiation is being saved."""
        return self.finish.saving

    def wait_for_save(self) -> None:
        """Block until the result is saved (and show whether it worked)."""
        if self.finish.pending:
            self._finish()
        if self.finish.wait():
            self.layout.relayout_soon("talk")

    def continue_to_debrief(self) -> None:
        """Open the debrief of the finished talks (once the result is saved)."""
        if self.finish.pending:
            self._finish()
        if self.state.result is None:
            return
        self.wait_for_save()
        self.finish.to_debrief(self._stack)

    def _quit_to_map(self) -> None:
        self.finish.to_map(self._stack, self)

    def _quit_game(self) -> None:
        self.finish.quit_game(self._stack)

    def open_pause(self) -> None:
        """Open the pause menu (or, after the talks, the debrief)."""
        if self.state.result is not None:
            self.continue_to_debrief()
            return
        from game.ui.scenes.pause import PauseChoice, PauseScene

        def chosen(choice: PauseChoice) -> None:
            if choice is PauseChoice.TO_MAP:
                self._quit_to_map()
            elif choice is PauseChoice.QUIT:
                self._quit_game()

        self.open(PauseScene(level_title=level_text(self.state.level.model).title), chosen)

    def open_help(self) -> None:
        """Open the page of keys and moves (with why a move cannot be made now)."""
        menu = self.controls.menu
        moves = [(tr(spec.label), spec.shortcut, menu.reasons.get(spec.key)) for spec in menu.specs]
        self.open(TableHelpScene(help_blocks(help_keys(self.state.multiparty), moves)))

    def on_shutdown(self) -> None:
        """The system ends the game: leave unfinished talks as "Quit the game" does (the
        other side remembers that you left), or finish saving a result."""
        if self.state.match is None or self.state.over:
            self.wait_for_save()
        else:
            self.finish.abandon()

    def request_quit(self) -> bool:
        """Closing the window mid-negotiation asks first."""
        if self.state.match is None or self.state.over:
            self.wait_for_save()
            return True
        from game.ui.scenes.dialogs import ConfirmScene
        from game.ui.scenes.pause import LEAVE_WARNING

        def answered(quit_game: bool) -> None:
            if quit_game:
                self._quit_game()

        self.open(
            ConfirmScene(
                tr("Quit Common Ground?"),
                tr(LEAVE_WARNING),
                confirm_text=tr("Quit the game"),
                cancel_text=tr("Keep negotiating"),
            ),
            answered,
        )
        return False

    # ================================================================= input
    def show_toast(self, text: str, kind: str = "warning") -> None:
        """Show a short note above the talk moves for a few seconds."""
        self.overlay.show_toast(text, kind)

    def _press(self, button: Button) -> None:
        if button.is_enabled:
            button.press()
        elif button.tool_tip_text:
            cue(self._services(), "denied")
            self.show_toast(button.tool_tip_text)

    # The table's own keys (``moves.KeyHost``).
    def scroll_talk(self, event: pygame.event.Event) -> None:
        """Scroll the conversation by a page (the log's panel scrolls)."""
        panel = self.layout.log_panel
        if panel is not None:
            panel.scroll_page(event)

    def show_tab(self, tab: str) -> bool:
        """Show ``tab`` in a narrow layout; False in the wide one (it has no tabs)."""
        if self.state.mode == "wide":
            return False
        self.set_tab(tab)
        return True

    def press_card(self, key: str) -> None:
        """Press a table card button; "primary" answers the offer on the table."""
        state = self.state
        if key == "primary" and state.page != 0 and state.view.packages:
            state.page = 0  # A answers the offer on the table, whatever package is shown
            self._refresh()
        self._press(self.controls.card_buttons[key])

    def press_propose(self) -> None:
        """Press Propose."""
        self._press(self.controls.propose_button)

    def _shortcut(self, event: pygame.event.Event) -> bool:
        """Do what the key does (the one list: ``moves.TABLE_KEYS`` and the moves' keys)."""
        if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
            return False
        name = key_name(event.key, event.mod)
        menu = self.controls.menu
        binding = binding_for(name, menu.specs, over=self.state.result is not None)
        if isinstance(binding, MoveSpec):
            self._press(menu.buttons[binding.key])
            return True
        if binding is None or binding.run is None:
            return False
        return binding.run(self, event, name)

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
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.finish.talks_over():
            # "Press Enter to see how you did": Enter does that, whatever has the focus.
            self.continue_to_debrief()
            return True
        before = self.focus.focused
        if self.focus.handle_event(event):
            if self.focus.focused is not before:
                self.layout.reveal_focus()  # the ring is drawn over the picture: no repaint
            return True
        focused = self.focus.focused
        if (
            isinstance(focused, Button)
            and not focused.is_enabled
            and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
        ):
            self._press(focused)  # says why the move is not open now
            return True
        if focused is not None and focused.handle_key(event):
            self.layout.changed(*self.layout.regions_of(focused))
            return True
        if self._shortcut(event):
            return True
        # an arrow no control used (on a move button, say): to the nearest control that way
        if focused is not None and self.focus.focus_by_arrow(key_name(event.key)) is not None:
            self.layout.reveal_focus()
            return True
        return False

    def _handle_mouse(self, event: pygame.event.Event) -> bool:
        """Hand a mouse event to the sections: a scroll bar first (one being dragged takes
        the mouse wherever it goes), then the control under it, the last drawn first."""
        layout = self.layout
        if any(section.handle_scroll(event) for section in layout.column_sections()):
            return True
        return any(section.handle_press(event) for section in reversed(layout.on_screen()))

    def _handle_wheel(self, event: pygame.event.Event) -> bool:
        position = pygame.mouse.get_pos()
        return any(
            section.handle_wheel(event, position) for section in self.layout.column_sections()
        )

    # ================================================================= frame
    def update(self, dt: float) -> None:
        if not self._built:
            return
        c, layout = self.controls, self.layout
        for pair in c.meters.values():
            for meter in pair:
                moving = meter.animating
                meter.update(dt)
                if moving and not meter.animating:
                    self.layout.changed("status", "talk")  # it stopped: into the picture
        focused_log = self.focus.focused is c.log_focus
        if focused_log != c.log.focused:
            c.log.focused = focused_log
        self.overlay.update(dt)
        if self.finish.saved_shown():
            self.layout.relayout_soon("talk")
        if self._played:
            # The engine answered a move in this frame: lay out and paint in the next ones.
            self._played = False
            return
        if self.finish.pending:
            self._finish()  # this frame's work; the result is laid out in the next
            return
        started = time.perf_counter()
        if self._result_layout:
            self._result_layout = False
            layout.layout()
            self.focus.focus(c.continue_button)
            # The result heads its column (the talk column, or in the narrow layouts the
            # one under the log): show it whole.
            heading = layout.columns["talk" if self.state.mode == "wide" else "status"]
            heading.scroll = 0
            heading.relayout()
            layout.apply_shown()
            self.layout.changed("all")
            return  # laying out was this frame's work: paint in the next ones
        if layout.dirty:
            names, layout.dirty = layout.dirty, set()
            layout.relayout_columns(names)
            self.focus.set_elements(layout.focus_order())
            layout.reveal_focus()
            if self.painter.picture is not None:
                return  # laying out was this frame's work: paint in the next ones
        self.painter.paint(started)
        job = self.finish.job
        if job is not None and not job.started:
            job.start()

    def draw(self, surface: pygame.Surface) -> None:
        if not self._built:
            return
        self.painter.draw(surface)
        self.overlay.draw(surface, is_top=self._stack is None or self._stack.top is self)

    # ================================================================= for tests and tools
    def table_text(self) -> list[str]:
        """Return what the table card says (title, words, gauge sentence)."""
        package = self.state.current_package()
        if package is None:
            return [self.state.view.empty_table]
        return [package.title, package.words, self.controls.table_gauge.text()]

    def log_lines(self) -> list[str]:
        """Return the dialogue log as "speaker: text" lines."""
        return [f"{s}: {t}" if s else t for s, t, _k, _i in self.state.entries]
