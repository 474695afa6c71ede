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
(``table_moves.TABLE_KEYS`` and each move's key): the keys do what the F1 page says.

Before a move that is a typical mistake (accepting below the BATNA, a second concession
in a row without a counter, an early threat) a short coaching hint asks first, once per
kind (``game.campaign.table_hints``); the profile's Coaching setting or a class pack with
hints off turns it off.

When the match finishes the record is built, scored and saved to the store (history,
level result, NPC memories) before the debrief can be opened.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any, cast

import pygame

from game.engine import Move, MoveKind, Negotiation, Offer, Status
from game.finish import finished_record
from game.levels.loader import LoadedLevel
from game.levels.setup import start_match
from game.npc.match import Match, TurnReport
from game.store import StoreError
from game.ui.fonts import FontRole
from game.ui.scene import Scene, SceneContext
from game.ui.sound import cue, turn_cue
from game.ui.table.choice import (
    TableHelpScene,
    help_blocks,
)
from game.ui.table.layout import LOG_CAPACITY, PLAYER, REGIONS, TableLayoutMixin
from game.ui.table.moves import MoveChoosers, binding_for, help_keys, key_name
from game.ui.table.paint import TablePaintMixin
from game.ui.table.panels import (
    Package,
    TableView,
)
from game.ui.table.result import (
    SaveJob,
    save_memories,
    stars_words,
)
from game.ui.table.state import TableFocus
from game.ui.table.view import TableViewMixin
from game.ui.table.words import (
    change_line,
    outcome_title,
    player_line,
)
from game.ui.widgets.controls import Button, Control, ControlStyle
from game.ui.widgets.focus import FocusManager, FocusRingStyle
from game.ui.widgets.move_menu import MoveSpec, TableFacts, reason_text
from game.ui.widgets.party_strip import PartyChip
from game.ui.widgets.portrait import PortraitLibrary, normalise_emotion
from game.ui.widgets.text_cache import TextCache

__all__ = ["TableScene"]

logger = logging.getLogger(__name__)

TOAST_SECONDS = 4.0


class TableScene(TableLayoutMixin, TablePaintMixin, TableViewMixin, Scene):
    """One negotiation; see the module docstring."""

    def __init__(self, level: LoadedLevel, seed: int) -> None:
        super().__init__()
        # What the parts share is declared (with its type) in table_state.TableState.
        self.level = level
        self.seed = int(seed)
        self.match = None
        self._opening_shown = False  # the match's opening lines are in the log
        self._paint_in_steps = False  # the first picture is left to warm_up()
        self.size = (1280, 720)
        self.mode = "wide"
        self.tab = "talk"
        self.page = 0
        self.target = None
        self.entries = []
        self.emotions = {}
        self.reasons = {}
        self.alternatives = None
        self.suggestions = []
        self.let_go = set()
        self.result = None
        self.result_lines = []
        self.abandoned = False
        self.view = TableView()
        self.choosers = MoveChoosers(self)  # the table is their ChooserHost
        self._clock = 0.0  # seconds the table has been updated (for the toast's time)
        self._toast = None
        self._hover = (None, 0.0)
        self._mouse = None
        self._saved_builder = None
        self._saved_focus: str | None = None  # the focused control's key when left
        self._built = False
        self._layout_dirty = set()
        self._dirty = set(REGIONS)
        self._jobs = []
        self._back = None
        self._spare = None
        self._band_costs = {}
        self._played = False  # the engine answered a move this frame: paint in the next
        self._picture = None
        # The legal moves and reasons, with the state they were asked in.
        self._legal: tuple[tuple[int, int, Status, bool], dict[MoveKind, str | None]] | None = None
        self._save_job: SaveJob | None = None
        self._result_layout = False  # the next frame lays the result out
        self._finish_pending = False  # the next frame builds, scores and saves the record
        self._coaching: bool | None = None  # whether hints are shown (asked once)
        self.coached: set[str] = set()
        """The kinds of coaching hint shown in this negotiation (each once)."""

    # ================================================================= life cycle
    def prepare(self, context: SceneContext) -> Iterator[None]:
        """Set the match up a frame before the table is built (when built in steps).

        The table's first picture is then painted by :meth:`warm_up`, a band a frame.
        """
        self._paint_in_steps = True
        if self.match is None:
            self.context = context  # the store's memories and reputation
            self._start_match()
            yield

    def _start_match(self) -> None:
        self.match = start_match(
            self.level,
            seed=self.seed,
            memories=self._memories(),
            reputation=self._reputation(),
        )

    def enter(self, context: SceneContext) -> None:
        super().enter(context)
        self.fonts = context.fonts
        self.palette = context.palette
        self.cache = TextCache(self.fonts)
        self.style = ControlStyle(self.fonts, self.palette, self.cache)
        self.portraits = PortraitLibrary(context.assets.portraits)
        # The table gives the focus manager only its own controls, so it hands back only
        # those (see table_state.TableFocus).
        self.focus = cast(TableFocus, FocusManager(style=FocusRingStyle.from_palette(self.palette)))
        if self.match is None:
            self._start_match()
        first, self._opening_shown = not self._opening_shown, True
        in_steps, self._paint_in_steps = self._paint_in_steps, True  # painted below
        self._build_widgets()
        if first:
            self._absorb(self._live_match().opening)
        else:
            self._refresh()
            self._focus_saved()  # back after a rebuild: where the keyboard was
        focused = self.focus.focused
        if focused is not None and not focused.is_enabled:  # the opening turned it off
            self.focus.focus(None)
            self._initial_focus()
        self._paint_in_steps = in_steps
        if not in_steps:  # the first picture, with the opening in it (else warm_up paints it)
            self._paint_picture(time.perf_counter())

    def exit(self) -> None:
        if self._built:
            self._saved_builder = (self.builder.offer(), self.builder.open_issues())
            self._saved_focus = getattr(self.focus.focused, "key", None)
        self._built = False
        # Back with other fonts or colours: painted afresh.
        self._picture = self._back = self._spare = None

    def _focus_saved(self) -> None:
        """Give the keyboard focus back to the control it had when the table was left."""
        key, self._saved_focus = self._saved_focus, None
        for control in self.focus.elements:
            if key is not None and getattr(control, "key", None) == key and control.is_enabled:
                for column in self.columns.values():  # scrolled for the first guess: undo
                    if column.scroll:
                        column.scroll = 0
                        column.relayout()
                self.focus.focus(control)
                self._reveal_focus()
                return

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

    def _reputation(self) -> dict[str, dict[str, Any]] | None:
        """Return what every NPC the player met remembers (word of the past travels)."""
        store, profile = self._store()
        if store is None:
            return None
        try:
            return store.relationships(profile) or None
        except StoreError:
            logger.warning("cannot read %s's relationships", profile, exc_info=True)
            return None

    # ================================================================= facts about the table
    def _live_match(self) -> Match:
        """Return the match (started by prepare() or enter(), before anything asks for it)."""
        if self.match is None:
            raise RuntimeError("the table's match has not started yet")
        return self.match

    def live_match(self) -> Match:
        """Return the match, to read (``ChooserHost``); moves go through :meth:`play`."""
        return self._live_match()

    @property
    def negotiation(self) -> Negotiation:
        return self._live_match().negotiation

    @property
    def multiparty(self) -> bool:
        return bool(self._live_match().multiparty)

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
        return list(self._live_match().controllers)

    def _facts(self) -> TableFacts:
        match = self._live_match()
        config = match.config
        return TableFacts(
            multiparty=self.multiparty,
            mediator=match.mediator is not None and config.mediator_allowed,
            reverse=config.reverse,
            evidence=any(card.holder == PLAYER for card in config.evidence),
            player_grievances=bool(config.player_grievances),
            npc_grievances=any(match.npc_state(n)["grievances_open"] for n in self.npc_ids()),
            claims=any(c.claims.claims for c in match.controllers.values()),
            one_issue=len(match.codec.issue_ids) < 2,
        )

    def legal(self) -> dict[MoveKind, str | None]:
        """Return the match's legal moves (None) and reasons, asked once per change of state."""
        match = self._live_match()
        state = match.state
        key = (len(state.log), state.round, state.status, match.closed)
        if self._legal is None or self._legal[0] != key:
            self._legal = (key, match.legal_player_moves())
        return self._legal[1]

    def issue_names(self) -> dict[str, str]:
        """Return {issue id: issue name}."""
        return {issue.id: issue.name for issue in self.negotiation.space.issues}

    # ================================================================= refresh after a change
    def _refresh(self) -> None:
        if not self._built:
            return
        self._update_view()
        match = self._live_match()
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
        # What changes size after a move: who sits there, the log and the offer on the
        # table (and the talk moves' caption in the narrow layouts, and the offer tab that
        # may hold the offer on the table in one column).  Everything repaints.
        narrow = ("moves", "offer") if self.mode == "one" else ("moves",)
        self._relayout_soon("status", "talk", *(narrow if self.mode != "wide" else ()))
        self._changed("header", "status", "talk", "moves", "offer_foot")

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
        match = self._live_match()
        reason: str | None
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
    def play(
        self, move: Move, *, say: str | None = None, coached: bool = False
    ) -> TurnReport | None:
        """Make a player move through the match and show what follows; None when refused.

        A move that is a typical mistake (see ``game.campaign.table_hints``) first shows a
        short coaching hint, once per kind per negotiation, unless the profile turned
        coaching off or a class pack turned hints off; the move is made when the player
        goes ahead (``coached``) and not at all when they think again.
        """
        match = self.match
        if match is None or match.finished or self.abandoned:
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
        self._add_entry("You", say if say is not None else self.line_for(move), "player", 0)
        if move.kind is MoveKind.LET_GO and move.grievance:
            self.let_go.add(move.grievance)
        self._absorb(report)
        cue(self._services(), turn_cue(report), after=True)  # the answer, after the move's
        return report

    def coaching_on(self) -> bool:
        """Return whether the table shows coaching hints (profile setting, class pack hints)."""
        if self._coaching is None:
            services = self._services()
            settings = services.get("settings") if hasattr(services, "get") else None
            on = bool(getattr(settings, "coaching", True))
            store, _profile = self._store()
            if on and store is not None:
                try:
                    from game.classroom.install import pack_hints

                    on = pack_hints(store.data_dir, self.level) != "off"
                except Exception:  # a class folder that cannot be read: hints as set
                    logger.warning("cannot read the class packs' hints", exc_info=True)
            self._coaching = on
        return self._coaching

    def _coach(self, move: Move, say: str | None) -> bool:
        """Show the coaching hint for ``move`` if there is one; return True when shown."""
        if self._stack is None or not self.coaching_on():
            return False
        from game.campaign.table_hints import table_hint

        hint = table_hint(self._live_match(), move)
        if hint is None or hint.kind in self.coached:
            return False
        self.coached.add(hint.kind)
        from game.ui.scenes.dialogs import ConfirmScene

        def answered(go_ahead: bool) -> None:
            if go_ahead:
                self.play(move, say=say, coached=True)

        self.open(
            ConfirmScene(
                f"Coach: {hint.title}",
                hint.text,
                confirm_text=hint.go_ahead,
                cancel_text=hint.think_again,
            ),
            answered,
        )
        return True

    def line_for(self, move: Move, **extra: Any) -> str:
        """Return what the player says for ``move`` (``extra``: see ``player_line``)."""
        offer_words = self._live_match().describe(move.offer) if move.offer is not None else ""
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
        match = self._live_match()
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
            for npc_id, (trust_meter, rapport_meter) in self.meters.items():
                state = match.npc_state(npc_id)
                reasons = self.reasons.get(npc_id, ("", ""))
                if abs(state["trust"] - trust_meter.target) > 1e-9:
                    trust_meter.set_value(state["trust"], reasons[0])
                if abs(state["rapport"] - rapport_meter.target) > 1e-9:
                    rapport_meter.set_value(state["rapport"], reasons[1])
        self._refresh()
        if match.finished:
            # The record, the score and the analysis behind them are worked out in the
            # next frame: this one already carried the engine's answer.
            self._finish_pending = True

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
        table = self._live_match().state.table
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

    # ================================================================= the end
    def _finish(self) -> None:
        self._finish_pending = False
        if self.result is not None:
            return
        match = self._live_match()
        record, score = finished_record(match, self.level, self.seed)
        store, profile = self._store()
        if store is None or profile is None:  # both or neither
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
        if self._finish_pending:
            self._finish()
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
        if self._finish_pending:
            self._finish()
        if self.result is None:
            return
        self.wait_for_save()
        record, score = self.result
        navigator = self._navigator()
        if navigator is not None:
            navigator.to_debrief(self.level, record, score, self._live_match().config)
            return
        try:
            from game.ui.scenes.debrief import DebriefScene
        except ImportError:
            logger.warning("no debrief scene; leaving the table", exc_info=True)
            self.stack.pop() if len(self.stack) > 1 else self.stack.request_exit()
            return
        self.stack.replace(
            DebriefScene(self.level, record, score, config=self._live_match().config)
        )

    def _abandon(self) -> None:
        """Leave unfinished talks: the other side remembers (memories saved), nothing is scored."""
        match = self.match
        if match is None or match.finished or self.abandoned:
            return
        self.abandoned = True
        store, profile = self._store()
        if store is not None and profile is not None:  # both or neither
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
        from game.ui.scenes.pause import PauseChoice, PauseScene

        def chosen(choice: PauseChoice) -> None:
            if choice is PauseChoice.TO_MAP:
                self._quit_to_map()
            elif choice is PauseChoice.QUIT:
                self._quit_game()

        self.open(PauseScene(level_title=self.level.model.title), chosen)

    def open_help(self) -> None:
        """Open the page of keys and moves (with why a move cannot be made now)."""
        moves = [
            (spec.label, spec.shortcut, self.menu.reasons.get(spec.key)) for spec in self.menu.specs
        ]
        self.open(TableHelpScene(help_blocks(help_keys(self.multiparty), moves)))

    def request_quit(self) -> bool:
        """Closing the window mid-negotiation asks first."""
        if self.match is None or self.match.finished or self.abandoned:
            self.wait_for_save()
            return True
        from game.ui.scenes.dialogs import ConfirmScene
        from game.ui.scenes.pause import LEAVE_WARNING

        def answered(quit_game: bool) -> None:
            if quit_game:
                self._quit_game()

        self.open(
            ConfirmScene(
                "Quit Common Ground?",
                LEAVE_WARNING,
                confirm_text="Quit the game",
                cancel_text="Keep negotiating",
            ),
            answered,
        )
        return False

    # ================================================================= input
    def show_toast(self, text: str, kind: str = "warning") -> None:
        """Show a short note above the talk moves for a few seconds."""
        self._toast = (text, self._clock + TOAST_SECONDS, kind)

    def _controls(self) -> list[Control]:
        found: list[Control] = [self.menu_button, *self.tab_buttons.values()]
        found += [self.header_action(), self.help_button]
        for column in self._columns_on_screen():
            found += self._all_panel_controls(column)
        return [c for c in found if c.on_screen]

    def _press(self, button: Button) -> None:
        if button.is_enabled:
            button.press()
        elif button.tool_tip_text:
            cue(self._services(), "denied")
            self.show_toast(button.tool_tip_text)

    # The table's own keys (``table_moves.KeyHost``).
    def scroll_talk(self, event: pygame.event.Event) -> None:
        """Scroll the conversation by a page."""
        self.log.handle_event(event)
        self._changed("talk")

    def show_tab(self, tab: str) -> bool:
        """Show ``tab`` in a narrow layout; False in the wide one (it has no tabs)."""
        if self.mode == "wide":
            return False
        self.set_tab(tab)
        return True

    def press_card(self, key: str) -> None:
        """Press a table card button; "primary" answers the offer on the table."""
        if key == "primary" and self.page != 0 and self.view.packages:
            self.page = 0  # A answers the offer on the table, whatever package is shown
            self._refresh()
        self._press(self.card_buttons[key])

    def press_propose(self) -> None:
        """Press Propose."""
        self._press(self.propose_button)

    def _shortcut(self, event: pygame.event.Event) -> bool:
        """Do what the key does (the one list: ``table_moves.TABLE_KEYS`` and the moves' keys)."""
        if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
            return False
        name = key_name(event.key, event.mod)
        binding = binding_for(name, self.menu.specs, over=self.result is not None)
        if isinstance(binding, MoveSpec):
            self._press(self.menu.buttons[binding.key])
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
        before = self.focus.focused
        if self.focus.handle_event(event):
            if self.focus.focused is not before:
                self._reveal_focus()  # the ring is drawn over the picture: no repaint
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
            self._changed(*self._regions_of(focused))
            return True
        return self._shortcut(event)

    def _handle_mouse(self, event: pygame.event.Event) -> bool:
        if self._scroll_bar_mouse(event):
            return True
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
        for pair in self.meters.values():
            for meter in pair:
                moving = meter.animating
                meter.update(dt)
                if moving and not meter.animating:
                    self._changed("status", "talk")  # it stopped: into the picture
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
        if self._finish_pending:
            self._finish()  # this frame's work; the result is laid out in the next
            return
        started = time.perf_counter()
        if self._result_layout:
            self._result_layout = False
            self._layout()
            self.focus.focus(self.continue_button)
            # The result heads its column (the talk column, or in the narrow layouts the
            # one under the log): show it whole.
            heading = self.columns["talk" if self.mode == "wide" else "status"]
            heading.scroll = 0
            heading.relayout()
            self._apply_shown()
            self._changed("all")
            return  # laying out was this frame's work: paint in the next ones
        if self._layout_dirty:
            names, self._layout_dirty = self._layout_dirty, set()
            self._relayout_columns(names)
            self.focus.set_elements(self._focus_order())
            self._reveal_focus()
            if self._picture is not None:
                return  # laying out was this frame's work: paint in the next ones
        self._paint_picture(started)
        if self._save_job is not None and not self._save_job.started:
            self._save_job.start()

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
