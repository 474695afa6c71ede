"""The move menu: one button per kind of talk move, disabled with the engine's reason.

Which moves a level offers is decided once from facts about the table (a mediator, a
reverse level, evidence or grievance cards, several parties); whether a move is legal
*now* comes from ``Match.legal_player_moves()`` and is applied with :meth:`MoveMenu.apply`:
an illegal move's button is disabled and its tool-tip says why ("Not now: it is not
your turn").  Moves marked ``chooses`` open a chooser (which issue, which card, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pygame

from game.engine import MoveKind
from game.i18n import N_, tr
from game.ui.reasons import refusal_words
from game.ui.widgets.controls import Button, ControlStyle

__all__ = ["MoveSpec", "MOVES", "TableFacts", "moves_for", "MoveMenu", "reason_text"]


@dataclass(frozen=True)
class MoveSpec:
    """A button of the move menu: what it does, its words, its key and its tool-tip.

    Every move has a key (``shortcut``); the table's help page lists them with the table's
    own keys (``game.ui.table.moves.TABLE_KEYS``), and no two keys are the same.
    """

    key: str
    kind: MoveKind
    label: str
    shortcut: str = ""
    chooses: bool = False
    description: str = ""
    short: str = ""
    """The words on the button (``label`` is the full name, used in help and tool-tips)."""


MOVES: tuple[MoveSpec, ...] = (
    MoveSpec(
        "ask_priorities",
        MoveKind.ASK_PRIORITIES,
        N_("Ask their priorities"),
        "Q",
        False,
        N_("Ask what matters most to them"),
        N_("Ask priorities"),
    ),
    MoveSpec(
        "ask_issue",
        MoveKind.ASK_ISSUE,
        N_("Ask about an issue…"),
        "I",
        True,
        N_("Ask how much one issue matters to them"),
        N_("Ask about…"),
    ),
    MoveSpec(
        "ask_why",
        MoveKind.ASK_WHY,
        N_("Ask why…"),
        "Y",
        True,
        N_("Ask why something matters to them or what it is for: openly, or leading"),
        N_("Ask why…"),
    ),
    MoveSpec(
        "share",
        MoveKind.STATE_PRIORITIES,
        N_("Share your priorities…"),
        "S",
        True,
        N_("Tell them what matters to you, honestly or exaggerated"),
        N_("Share priorities…"),
    ),
    MoveSpec(
        "prefer",
        MoveKind.STATE_PREFERENCE,
        N_("Say what matters more…"),
        "Z",
        True,
        N_("Tell them which of two issues matters more to you"),
        N_("This over that…"),
    ),
    MoveSpec(
        "ask_pair",
        MoveKind.ASK_PREFERENCE,
        N_("Ask which matters more…"),
        "J",
        True,
        N_("Ask which of two issues matters more to them"),
        N_("Which matters more?"),
    ),
    MoveSpec(
        "ask_favour",
        MoveKind.ASK_FAVOUR,
        N_("Ask a favour…"),
        "U",
        True,
        N_("Ask them to give ground on one issue now; they will want it back"),
        N_("Ask a favour…"),
    ),
    MoveSpec(
        "grant_favour",
        MoveKind.GRANT_FAVOUR,
        N_("Grant a favour…"),
        "X",
        True,
        N_("Give ground on an issue that matters to them, as a favour (or to return one)"),
        N_("Grant a favour…"),
    ),
    MoveSpec(
        "cite",
        MoveKind.CITE_EVIDENCE,
        N_("Cite a benchmark…"),
        "B",
        True,
        N_("Back your position with one of your evidence cards"),
        N_("Cite benchmark…"),
    ),
    MoveSpec(
        "probe",
        MoveKind.ASK_PROOF,
        N_("Question a claim…"),
        "K",
        True,
        N_("Test what they claimed: ask for proof, call it a bluff, or point out a contradiction"),
        N_("Question claim…"),
    ),
    MoveSpec(
        "appeal",
        MoveKind.APPEAL_RELATIONSHIP,
        N_("Appeal to the relationship"),
        "L",
        False,
        N_("Speak of your working relationship"),
        N_("Appeal to relationship"),
    ),
    MoveSpec(
        "emotion",
        MoveKind.EXPRESS_EMOTION,
        N_("Show a feeling…"),
        "E",
        True,
        N_("Be warm, calm, frustrated or angry"),
        N_("Show feeling…"),
    ),
    MoveSpec(
        "threaten",
        MoveKind.THREATEN,
        N_("Threaten to walk away…"),
        "T",
        True,
        N_("Point to your alternative: reveal it or bluff"),
        N_("Threaten…"),
    ),
    MoveSpec(
        "acknowledge",
        MoveKind.ACKNOWLEDGE_GRIEVANCE,
        N_("Acknowledge a grievance…"),
        "G",
        True,
        N_("Say that you see what hurt them"),
        N_("Acknowledge…"),
    ),
    MoveSpec(
        "apologise",
        MoveKind.APOLOGISE,
        N_("Apologise"),
        "O",
        False,
        N_("Say you are sorry"),
        N_("Apologise"),
    ),
    MoveSpec(
        "shared_account",
        MoveKind.PROPOSE_SHARED_ACCOUNT,
        N_("Propose a shared account…"),
        "H",
        True,
        N_("Offer a version of the past you can both accept"),
        N_("Shared account…"),
    ),
    MoveSpec(
        "let_go",
        MoveKind.LET_GO,
        N_("Let go of a grievance…"),
        "D",
        True,
        N_("Put one of your own grievances down"),
        N_("Let go…"),
    ),
    MoveSpec(
        "raise",
        MoveKind.RAISE_GRIEVANCE,
        N_("Raise a grievance…"),
        "V",
        True,
        N_("Bring up something they did to you"),
        N_("Raise grievance…"),
    ),
    MoveSpec(
        "mediator",
        MoveKind.ASK_MEDIATOR,
        N_("Ask the mediator"),
        "M",
        False,
        N_("Ask the mediator to propose a single text"),
        N_("Ask mediator"),
    ),
    MoveSpec(
        "propose_for_me",
        MoveKind.PROPOSE_FOR_ME,
        N_("Ask them to propose for you"),
        "F",
        False,
        N_("Ask what package they would suggest for you"),
        N_("Propose for me?"),
    ),
    MoveSpec(
        "restate",
        MoveKind.RESTATE_INTERESTS,
        N_("Restate their interests…"),
        "N",
        True,
        N_("Say back what you heard matters to them"),
        N_("Restate interests…"),
    ),
    MoveSpec(
        "walk",
        MoveKind.WALK_AWAY,
        N_("Walk away…"),
        "W",
        True,
        N_("End the talks and take your BATNA"),
        N_("Walk away…"),
    ),
)


@dataclass(frozen=True)
class TableFacts:
    """What decides which moves a level offers at all."""

    multiparty: bool = False
    mediator: bool = False
    reverse: bool = False
    evidence: bool = False
    player_grievances: bool = False
    npc_grievances: bool = False
    claims: bool = False
    """Some character may make a claim the player can test (``misrepresentations``)."""
    one_issue: bool = False
    """A single issue: nothing to compare, so no "which matters more" moves."""


def moves_for(facts: TableFacts) -> list[MoveSpec]:
    """Return the moves this table offers (moves that can never apply here are left out)."""
    never: set[MoveKind] = set()
    if not facts.mediator:
        never.add(MoveKind.ASK_MEDIATOR)
    if not facts.reverse:
        never |= {MoveKind.PROPOSE_FOR_ME, MoveKind.RESTATE_INTERESTS}
    if not facts.evidence:
        never.add(MoveKind.CITE_EVIDENCE)
    if not facts.player_grievances:
        never |= {MoveKind.LET_GO, MoveKind.RAISE_GRIEVANCE}
    if not facts.claims:
        never.add(MoveKind.ASK_PROOF)
    if not facts.npc_grievances:
        never |= {MoveKind.ACKNOWLEDGE_GRIEVANCE, MoveKind.PROPOSE_SHARED_ACCOUNT}
    if facts.one_issue:
        never |= {MoveKind.STATE_PREFERENCE, MoveKind.ASK_PREFERENCE}
    return [spec for spec in MOVES if spec.kind not in never]


def reason_text(reason: str) -> str:
    """Return an engine refusal as the tool-tip of a disabled control (in the language in
    use: see :mod:`game.ui.reasons`)."""
    reason = refusal_words(reason.strip()).rstrip(".")
    return tr("Not now: {reason}.").format(reason=reason)


def _pressing(on_move: Callable[[MoveSpec], None], spec: MoveSpec) -> Callable[[Button], None]:
    """Return a button's press handler that plays ``spec``."""
    return lambda _button: on_move(spec)


class MoveMenu:
    """A wrapping block of move buttons."""

    def __init__(
        self,
        style: ControlStyle,
        specs: Sequence[MoveSpec],
        on_move: Callable[[MoveSpec], None],
    ) -> None:
        self.style = style
        self.specs = list(specs)
        self.buttons: dict[str, Button] = {}
        for spec in self.specs:
            self.buttons[spec.key] = Button(
                style,
                f"move:{spec.key}",
                tr(spec.short or spec.label),
                _pressing(on_move, spec),
                shortcut=spec.shortcut,
                description=f"{tr(spec.label).rstrip('…')}: {tr(spec.description)}",
                size=17,
            )
        self.reasons: dict[str, str | None] = {spec.key: None for spec in self.specs}
        self.pinned: set[str] = set()
        """Keys of buttons the scene places elsewhere (e.g. Walk away in the header)."""

    def flow_specs(self) -> list[MoveSpec]:
        """Return the moves laid out in the menu's own block (not pinned elsewhere)."""
        return [spec for spec in self.specs if spec.key not in self.pinned]

    def spec(self, key: str) -> MoveSpec:
        """Return the move spec under ``key``."""
        for spec in self.specs:
            if spec.key == key:
                return spec
        raise KeyError(key)

    def button_for(self, kind: MoveKind) -> Button | None:
        """Return the button of a move kind, or None when this table does not offer it."""
        for spec in self.specs:
            if spec.kind is kind:
                return self.buttons[spec.key]
        return None

    def apply(self, legal: Mapping[MoveKind, str | None], *, closed: str | None = None) -> None:
        """Enable legal moves; disable the others with the engine's reason as tool-tip.

        ``closed`` (e.g. "the talks are over") disables every button with that reason.
        """
        for spec in self.specs:
            reason = closed if closed is not None else legal.get(spec.kind)
            self.reasons[spec.key] = reason
            self.buttons[spec.key].set_reason(None if reason is None else reason_text(reason))

    def focusables(self) -> list[Button]:
        """Return the buttons of the block in Tab order."""
        return [self.buttons[spec.key] for spec in self.flow_specs()]

    def _rects(self, rect: pygame.Rect, columns: int | None) -> list[pygame.Rect]:
        gap = self.style.scaled(6)
        height = self.style.button_height(17)
        if columns:
            width = (rect.width - gap * (columns - 1)) // columns
            return [
                pygame.Rect(
                    rect.left + (i % columns) * (width + gap),
                    rect.top + (i // columns) * (height + gap),
                    width,
                    height,
                )
                for i in range(len(self.flow_specs()))
            ]
        rows: list[list[int]] = [[]]
        used = 0
        specs = self.flow_specs()
        widths = [min(rect.width, self.buttons[s.key].preferred_width()) for s in specs]
        for index, width in enumerate(widths):
            if rows[-1] and used + gap + width > rect.width:
                rows.append([])
                used = 0
            used += (gap if rows[-1] else 0) + width
            rows[-1].append(index)
        rects: list[pygame.Rect] = [pygame.Rect(0, 0, 0, 0)] * len(specs)
        y = rect.top
        for row in rows:
            spare = rect.width - sum(widths[i] for i in row) - gap * (len(row) - 1)
            # Justified rows look tidy; a short last row grows by no more than the others.
            extra = min(spare // max(1, len(row)), self.style.scaled(90))
            x = rect.left
            for index in row:
                width = widths[index] + extra
                rects[index] = pygame.Rect(x, y, width, height)
                x += width + gap
            y += height + gap
        return rects

    def measure(self, width: int, columns: int | None = None) -> int:
        """Return the height the buttons need in ``width`` (a grid of ``columns``, or a flow)."""
        rects = self._rects(pygame.Rect(0, 0, width, 0), columns)
        return max((r.bottom for r in rects), default=0)

    def place(self, rect: pygame.Rect, clip: pygame.Rect | None, columns: int | None = None) -> int:
        """Lay the buttons out in ``rect``; return the height used."""
        rects = self._rects(rect, columns)
        for spec, spot in zip(self.flow_specs(), rects, strict=True):
            self.buttons[spec.key].place(spot, clip)
        return max((r.bottom for r in rects), default=rect.top) - rect.top

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the buttons of the block."""
        for button in self.focusables():
            button.draw(surface)
