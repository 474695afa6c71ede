"""What the parts of the negotiation table share: one small state object.

:class:`TableState` holds the match, what it has shown (the log, feelings, the packages
on offer, the result) and where the screen is (window size, layout, tab, page, whom the
moves address), with the facts every part asks of the match (names, legal moves, what a
package is worth).  The scene owns one and hands it to its parts (``controls``,
``layout``, ``sections``, ``paint``, ``view``); they read it, and none of them sees the
scene.  It holds no widgets and draws nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal, Protocol

import pygame

from game.engine import PLAYER, MoveKind, Offer, Status
from game.i18n import ngettext, tr
from game.levels.text import npc_text
from game.ui.table.panels import Package, TableView
from game.ui.widgets.move_menu import TableFacts

if TYPE_CHECKING:
    from game.campaign.scoring import Score
    from game.engine import Negotiation
    from game.engine.record import MatchRecord
    from game.levels.loader import LoadedLevel
    from game.npc.match import Match
    from game.ui.widgets.controls import Control
    from game.ui.widgets.focus import FocusRingStyle

__all__ = ["LOG_CAPACITY", "Entry", "LayoutMode", "TableFocus", "TableState"]

LOG_CAPACITY = 200
"""How many lines the dialogue log keeps."""

Entry = tuple[str, str, str, int]
"""A line of the log: (speaker, text, kind, speaker index)."""

LayoutMode = Literal["wide", "two", "one"]
"""Three columns; the talk beside two tabs; one column with three tabs."""


class TableFocus(Protocol):
    """The keyboard focus as the table uses it: a focus manager holding the table's controls.

    (``game.ui.widgets.focus.FocusManager`` holds any of the game's focus targets; the table
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

    def focus_by_arrow(self, name: str) -> Control | None: ...

    def handle_event(self, event: pygame.event.Event) -> bool: ...


class TableState:
    """The match, what it showed, and where the screen is; shared by the table's parts."""

    def __init__(self, level: LoadedLevel, seed: int) -> None:
        # ------------------------------------------------------------ the match
        self.level = level  # the level being played
        self.seed = int(seed)
        self.match: Match | None = None  # None until the scene starts it
        # ------------------------------------------------------------ what it showed
        self.entries: list[Entry] = []  # the log, the last LOG_CAPACITY lines
        self.emotions: dict[str, str] = {}  # party id -> the feeling it last showed
        self.reasons: dict[str, tuple[str, str]] = {}  # NPC id -> why trust / rapport moved
        self.alternatives: tuple[str, list[Offer]] | None = None
        """(proposer, packages as good to them)."""
        self.suggestions: list[tuple[str, Offer, str]] = []
        """(NPC id, package, "for_you" / "partial")."""
        self.let_go: set[str] = set()  # grievance cards the player let go of
        self.abandoned = False  # the player left unfinished talks
        self.result: tuple[MatchRecord, Score] | None = None  # the finished record and score
        self.result_lines: list[str] = []  # what the result panel says
        self.view = TableView()  # the snapshot the panels draw (rebuilt after every change)
        self.page = 0  # which package of view.packages the table card shows
        self.target: str | None = None  # whom the moves address (None: the whole table)
        # ------------------------------------------------------------ the screen
        self.size: tuple[int, int] = (1280, 720)  # the window size in pixels
        self.mode: LayoutMode = "wide"  # which layout fits the window and text scale
        self.tab = "talk"  # the tab shown in the narrow layouts: talk, offer or moves
        self._legal: tuple[tuple[int, int, Status, bool], dict[MoveKind, str | None]] | None = None

    # ------------------------------------------------------------ facts about the match
    def live_match(self) -> Match:
        """Return the match (started before anything asks for it)."""
        if self.match is None:
            raise RuntimeError("the table's match has not started yet")
        return self.match

    @property
    def negotiation(self) -> Negotiation:
        return self.live_match().negotiation

    @property
    def multiparty(self) -> bool:
        return bool(self.live_match().multiparty)

    @property
    def accept_kind(self) -> MoveKind:
        return MoveKind.SUPPORT if self.multiparty else MoveKind.ACCEPT

    @property
    def reject_kind(self) -> MoveKind:
        return MoveKind.OPPOSE if self.multiparty else MoveKind.REJECT

    @property
    def over(self) -> bool:
        """True once the talks are over (finished, or left by the player)."""
        return self.match is not None and (self.match.finished or self.abandoned)

    def name_of(self, party_id: str | None) -> str:
        """Return the name of a party, NPC or the player ("You")."""
        if party_id in (None, PLAYER):
            return tr("You")
        try:
            npc = self.level.npc(party_id)
        except KeyError:
            return str(party_id)
        return npc_text(self.level.model, npc).name  # as the level writes it in the language

    def npc_ids(self) -> list[str]:
        """Return the ids of the NPC parties at the table."""
        return list(self.live_match().controllers)

    def speaker_index(self, speaker: str) -> int:
        """Return a speaker's place at the table (the player 0; the log colours by it)."""
        ids = [PLAYER, *self.npc_ids()]
        if speaker in ids:
            return ids.index(speaker)
        return len(ids)

    def add_entry(self, speaker: str, text: str, kind: str, index: int) -> Entry | None:
        """Add a line to the log; return it (None: no words, nothing added)."""
        if not text:
            return None
        entry = (speaker, text, kind, index)
        self.entries.append(entry)
        del self.entries[:-LOG_CAPACITY]
        return entry

    def issue_names(self) -> dict[str, str]:
        """Return {issue id: issue name} (in the language in use)."""
        from game.levels.text import issue_names

        return issue_names(self.level.model)

    def facts(self) -> TableFacts:
        """Return what the move menu needs to know of the table."""
        match = self.live_match()
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
        match = self.live_match()
        state = match.state
        key = (len(state.log), state.round, state.status, match.closed)
        if self._legal is None or self._legal[0] != key:
            self._legal = (key, match.legal_player_moves())
        return self._legal[1]

    def utility(self, offer: Offer) -> float | None:
        """Return what ``offer`` is worth to the player (None: an incomplete package)."""
        try:
            return float(self.live_match().utility_of(PLAYER, offer))
        except Exception:  # an incomplete package has no single value
            return None

    def current_package(self) -> Package | None:
        """Return the package the table card shows (None: nothing on the table)."""
        packages = self.view.packages
        return packages[self.page] if packages else None

    def talk_caption(self) -> str:
        """Return how many talk moves are left this round, in words."""
        match = self.live_match()
        if match.finished or self.abandoned:
            return tr("the talks are over")
        limit = match.negotiation.rules.talk_limit
        left = max(0, limit - match.state.talk_count(PLAYER))
        if left == 0:
            return tr("no talk moves left this round")
        return ngettext(
            "{left} of {limit} talk move left this round",
            "{left} of {limit} talk moves left this round",
            limit,
        ).format(left=left, limit=limit)
