"""What the parts of the negotiation table share: one typed list of the scene's state.

:class:`~game.ui.table.scene.TableScene` is built from parts (``table_layout``,
``table_paint``, ``table_view`` and the scene itself).  Each part reads state another
part sets; :class:`TableState`, the base class of every part, declares that state once
(what it is, in groups) and the methods one part calls on another.  It sets nothing:
the attributes are annotations only (``TableScene.__init__``, ``enter`` and
``_build_widgets`` give them their values), and each method here is a stand-in that the
part named beside it overrides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal, Protocol

import pygame

from game.ui.scene import Scene

if TYPE_CHECKING:
    from game.campaign.scoring import Score
    from game.engine import MoveKind, Negotiation, Offer
    from game.engine.record import MatchRecord
    from game.levels.loader import LoadedLevel
    from game.npc.match import Match
    from game.ui.fonts import FontCache
    from game.ui.table.moves import MoveChoosers
    from game.ui.table.panels import TableView
    from game.ui.theme import Palette
    from game.ui.widgets.controls import Button, Control, ControlStyle
    from game.ui.widgets.dialogue_log import DialogueLog
    from game.ui.widgets.focus import FocusRingStyle
    from game.ui.widgets.gauge import ValueGauge
    from game.ui.widgets.meter import Meter
    from game.ui.widgets.move_menu import MoveMenu, MoveSpec, TableFacts
    from game.ui.widgets.offer_builder import OfferBuilder
    from game.ui.widgets.party_strip import PartyChip
    from game.ui.widgets.portrait import PortraitLibrary
    from game.ui.widgets.scroll_column import Column
    from game.ui.widgets.text_cache import TextCache

__all__ = ["LayoutMode", "TableFocus", "TableState"]

LayoutMode = Literal["wide", "two", "one"]
"""Three columns; the talk beside two tabs; one column with three tabs."""


class TableFocus(Protocol):
    """The keyboard focus as the table uses it: a focus manager holding the table's controls.

    (``game.ui.widgets.focus.FocusManager`` is typed for any pygame_gui element; the table
    gives it only its own controls, so it hands back only those.)
    """

    style: FocusRingStyle

    @property
    def elements(self) -> Sequence[Control]: ...

    @property
    def focused(self) -> Control | None: ...

    def set_elements(self, elements: Iterable[Control]) -> None: ...

    def focus(self, element: Control | None) -> bool: ...

    def focus_next(self, step: int = 1) -> Control | None: ...

    def handle_event(self, event: pygame.event.Event) -> bool: ...


class TableState(Scene):
    """The state the parts of the table scene share (declared here, set by the parts)."""

    # ------------------------------------------------------------ the match and what it showed
    level: LoadedLevel  # the level being played
    match: Match | None  # the match; None until prepare() or enter() starts it
    entries: list[tuple[str, str, str, int]]  # the log: (speaker, text, kind, speaker index)
    emotions: dict[str, str]  # party id -> the feeling it last showed
    reasons: dict[str, tuple[str, str]]  # NPC id -> why trust / rapport last moved
    alternatives: tuple[str, list[Offer]] | None  # (proposer, packages as good to them)
    suggestions: list[tuple[str, Offer, str]]  # (NPC id, package, "for_you" / "partial")
    let_go: set[str]  # grievance cards the player let go of
    abandoned: bool  # the player left unfinished talks
    result: tuple[MatchRecord, Score] | None  # the finished match's record and score
    result_lines: list[str]  # what the result panel says (outcome, saved, how to go on)
    view: TableView  # the snapshot the panels draw (rebuilt after every change)
    page: int  # which package of view.packages the table card shows
    target: str | None  # the party the player's moves address (None: the whole table)

    # ------------------------------------------------------------ layout
    size: tuple[int, int]  # the window size in pixels
    mode: LayoutMode  # which layout fits the window and text scale
    tab: str  # the tab shown in the narrow layouts: "talk", "offer" or "moves"
    columns: dict[str, Column]  # region name -> its scrolling column (table_layout.COLUMNS)
    header_stacked: bool  # the title and round sit under the header's buttons
    header_title: pygame.Rect  # where the level's title goes
    header_info: pygame.Rect  # where the round goes
    header_rect: pygame.Rect  # the title and round together
    _built: bool  # the widgets exist (from enter() to exit())
    _layout_dirty: set[str]  # columns to lay out again before the next paint
    _saved_builder: tuple[Offer, list[str]] | None  # your offer and open issues when left

    # ------------------------------------------------------------ widgets (table_layout)
    log: DialogueLog  # the dialogue log
    log_focus: Control  # the log's place in the Tab order
    meters: dict[str, tuple[Meter, Meter]]  # NPC id -> (trust, rapport)
    builder: OfferBuilder  # your offer
    menu: MoveMenu  # the talk moves
    choosers: MoveChoosers  # the overlays of moves that need a detail
    card_buttons: dict[str, Button]  # the table card's buttons: primary, reject, copy, ...
    tab_buttons: dict[str, Button]  # "talk", "offer", "moves"
    walk_button: Button  # Walk away (in the header)
    propose_button: Button  # Propose your offer
    reset_button: Button  # your offer back to the one on the table
    continue_button: Button  # See how you did (once the talks are over)
    help_button: Button  # Keys (F1)
    menu_button: Button  # Menu (Esc)
    chips: list[PartyChip]  # who the moves address, at a table of several
    table_gauge: ValueGauge  # what the package shown is worth to you
    offer_gauge: ValueGauge  # what your offer is worth to you

    # ------------------------------------------------------------ painting
    fonts: FontCache  # the context's fonts
    palette: Palette  # the context's colours
    cache: TextCache  # rendered words
    style: ControlStyle  # how controls look
    portraits: PortraitLibrary  # the NPCs' pictures
    _paint_in_steps: bool  # the first picture is painted by warm_up(), a band a step
    _picture: pygame.Surface | None  # what every frame blits
    _back: pygame.Surface | None  # a new picture being painted band by band
    _spare: pygame.Surface | None  # the picture before the last swap (reused)
    _dirty: set[str]  # regions to paint again ("all": every region on a new picture)
    _jobs: list[tuple[str, pygame.Rect]]  # bands queued to paint: (region, rect)
    _band_costs: dict[str, float]  # seconds the last band of each region took
    _toast: tuple[str, float, str] | None  # a short note: (text, until, "warning" / "info")
    _hover: tuple[Control | None, float]  # the control under the mouse and for how long
    _mouse: tuple[int, int] | None  # where the mouse was last frame (None: not over us)

    # ------------------------------------------------------------ focus
    focus: TableFocus  # the keyboard focus and the Tab order

    # ------------------------------------------------------------ facts (the scene)
    @property
    def negotiation(self) -> Negotiation:
        """The match's negotiation (the scene)."""
        raise NotImplementedError

    @property
    def multiparty(self) -> bool:
        """True at a table of several (the scene)."""
        raise NotImplementedError

    def npc_ids(self) -> list[str]:
        """The NPC parties at the table (the scene)."""
        raise NotImplementedError

    def name_of(self, party_id: str | None) -> str:
        """A party's name, "You" for the player (the scene)."""
        raise NotImplementedError

    def legal(self) -> dict[MoveKind, str | None]:
        """The match's legal moves and reasons (the scene)."""
        raise NotImplementedError

    def _live_match(self) -> Match:
        """The match, once started (the scene)."""
        raise NotImplementedError

    def _facts(self) -> TableFacts:
        """What the move menu needs to know of the table (the scene)."""
        raise NotImplementedError

    def _controls(self) -> list[Control]:
        """The controls on screen, for the mouse (the scene)."""
        raise NotImplementedError

    # ------------------------------------------------------------ what the buttons do (the scene)
    def _builder_changed(self) -> None:
        raise NotImplementedError

    def _on_primary(self, _button: Button) -> None:
        raise NotImplementedError

    def _on_reject(self, _button: Button) -> None:
        raise NotImplementedError

    def _on_copy(self, _button: Button) -> None:
        raise NotImplementedError

    def _on_reset(self, _button: Button) -> None:
        raise NotImplementedError

    def _on_propose(self, _button: Button) -> None:
        raise NotImplementedError

    def _on_chip(self, chip: PartyChip) -> None:
        raise NotImplementedError

    def _on_move(self, spec: MoveSpec) -> None:
        raise NotImplementedError

    def _turn_page(self, step: int) -> None:
        raise NotImplementedError

    def continue_to_debrief(self) -> None:
        raise NotImplementedError

    def open_help(self) -> None:
        raise NotImplementedError

    def open_pause(self) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------ layout (table_layout)
    def _margin(self) -> int:
        raise NotImplementedError

    def header_action(self) -> Button:
        raise NotImplementedError

    def _columns_on_screen(self) -> list[Column]:
        raise NotImplementedError

    def _column_of(self, control: Control) -> Column | None:
        raise NotImplementedError

    def _changed(self, *regions: str) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------ painting (table_paint)
    def _paint_picture(self, started: float) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------ the snapshot (table_view)
    def _update_view(self) -> None:
        raise NotImplementedError

    def _talk_caption(self) -> str:
        raise NotImplementedError
