"""One side's turn in a role-play: the conversation so far, the offer on the table with what
it is worth to this side, the questions put to this side, a note, and the moves.

Talk moves (asking, answering, citing a card) keep the turn; an offer, accepting,
rejecting or walking away ends it, and the hand-over screen replaces this one at once.
Everything drawn comes from ``match.view(party)``: this side's brief and utilities only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import pygame

from game.engine import PLAYER, Move, MoveKind, Offer
from game.i18n import N_, ngettext, tr
from game.levels.loader import LoadedLevel
from game.roleplay.hotseat import NOTE_LIMIT, PROPOSAL, Message, SideView
from game.ui.fonts import FontRole
from game.ui.keys import KeyBinding
from game.ui.reasons import refusal_words
from game.ui.scenes.common import MARGIN, MenuScene
from game.ui.scenes.dialogs import ConfirmScene
from game.ui.scenes.roleplay import RolePlay, _leave, points, who
from game.ui.widgets.button_row import ButtonSpec, build_row, button_height, button_width
from game.ui.widgets.dialogue_log import DialogueLog
from game.ui.widgets.focus import FocusTarget
from game.ui.widgets.text_entry import TextEntry

__all__ = ["RolePlayTurnScene", "message_words", "MOVES"]

logger = logging.getLogger(__name__)

LABEL_SIZE = 18
TEXT_SIZE = 17

#: The move buttons: (key, words, shortcut letter).
MOVES: tuple[tuple[str, str, str], ...] = (
    ("offer", N_("Make an offer"), "O"),
    ("accept", N_("Accept"), "A"),
    ("reject", N_("Reject"), "R"),
    ("walk", N_("Walk away"), "W"),
    ("ask_priorities", N_("Ask what matters"), "Q"),
    ("ask_issue", N_("Ask about an issue"), "I"),
    ("ask_why", N_("Ask why"), "Y"),
    ("cite", N_("Cite a card"), "B"),
    ("propose", N_("Propose part of a deal"), "T"),
    ("complete", N_("Complete proposal"), "C"),
    ("claim", N_("Claim my alternative"), "L"),
)
_KINDS = {
    "offer": MoveKind.OFFER,
    "accept": MoveKind.ACCEPT,
    "reject": MoveKind.REJECT,
    "walk": MoveKind.WALK_AWAY,
    "ask_priorities": MoveKind.ASK_PRIORITIES,
    "ask_issue": MoveKind.ASK_ISSUE,
    "ask_why": MoveKind.ASK_WHY,
    "cite": MoveKind.CITE_EVIDENCE,
    "propose": PROPOSAL,
    "complete": MoveKind.OFFER,
    "claim": MoveKind.CLAIM,
}


def _quote(note: str) -> str:
    return f" \u201c{note}\u201d" if note else ""


def message_words(
    message: Message,
    level: LoadedLevel,
    card_titles: Mapping[str, str] | None = None,
    *,
    mine: bool = False,
    other: str = "",
) -> str:
    """Return what a move says to whoever reads the conversation (no one's private numbers:
    only what the mover chose to say).  ``mine``: the reader made the move ("You: asked
    Sam what matters most to them"); else it is read as said to the reader."""
    other = other or tr("them")
    negotiation = level.negotiation
    names = {issue.id: issue.name for issue in negotiation.space.issues}
    issue = names.get(message.issue or "", message.issue or "")
    kind = message.kind
    note = _quote(message.note)
    lead = (tr("answered:") if mine else tr("answers:")) if message.answers is not None else ""

    def said(mine_words: str, their_words: str, **values: Any) -> str:
        return (tr(mine_words) if mine else tr(their_words)).format(
            note=note, other=other, **values
        )

    if kind is MoveKind.OFFER and message.offer is not None:
        return said(
            N_("offered: {offer}.{note}"),
            N_("offers: {offer}.{note}"),
            offer=negotiation.describe(message.offer),
        )
    if message.proposal and message.offer is not None:
        left = ", ".join(
            names[i] for i in message.offer.open_issues(negotiation.space) if i in names
        )
        rest = " " + tr("Left open: {issues}.").format(issues=left) if left else ""
        body = said(
            N_("proposed part of a deal (not an offer yet): {offer}.{rest}{note}"),
            N_("proposes part of a deal (not an offer yet): {offer}.{rest}{note}"),
            offer=negotiation.describe(message.offer),
            rest=rest,
        )
        return f"{lead} {body}".strip()
    if kind is MoveKind.ACCEPT:
        return said(
            N_("accepted the offer on the table.{note}"),
            N_("accepts the offer on the table.{note}"),
        )
    if kind is MoveKind.REJECT:
        return said(
            N_("rejected the offer on the table.{note}"),
            N_("rejects the offer on the table.{note}"),
        )
    if kind is MoveKind.WALK_AWAY:
        return said(N_("walked away from the table.{note}"), N_("walks away from the table.{note}"))
    if kind is MoveKind.ASK_PRIORITIES:
        return said(
            N_("asked {other} what matters most to {other}.{note}"),
            N_("asks what matters most to you.{note}"),
        )
    if kind is MoveKind.ASK_ISSUE:
        return said(
            N_("asked {other} about {issue}.{note}"), N_("asks about {issue}.{note}"), issue=issue
        )
    if kind is MoveKind.ASK_WHY:
        if issue:
            return said(
                N_("asked {other} why {issue} matters to {other}.{note}"),
                N_("asks why {issue} matters to you.{note}"),
                issue=issue,
            )
        return said(N_("asked {other} why.{note}"), N_("asks why.{note}"))
    if kind is MoveKind.STATE_PRIORITIES and message.priorities:
        shares = ", ".join(
            f"{names.get(k, k)} {round(v * 100)} %"
            for k, v in sorted(message.priorities.items(), key=lambda kv: -kv[1])
        )
        body = tr("what matters to me: {shares}.{note}").format(shares=shares, note=note)
        return f"{lead} {body}".strip()
    if kind is MoveKind.STATE_PREFERENCE:
        if message.issue and message.over:
            words = tr("{issue} matters more to me than {other_issue}.").format(
                issue=issue, other_issue=names.get(message.over, message.over)
            )
            return f"{lead} {words}{note}".strip()
        said_nothing = " " + tr("(no words)")
        if message.issue:
            about = tr("about {issue}:").format(issue=issue)
            return f"{lead} {about}{note or said_nothing}".strip()
        return f"{lead}{note or said_nothing}".strip()
    if kind is MoveKind.CITE_EVIDENCE and message.card:
        title = (card_titles or {}).get(message.card, message.card)
        body = said(
            N_("showed a card: {title}.{note}"), N_("shows a card: {title}.{note}"), title=title
        )
        return f"{lead} {body}".strip()
    if kind is MoveKind.CLAIM and message.claim is not None:
        return said(
            N_("said the alternative is worth {n} points.{note}"),
            N_("says the alternative is worth {n} points.{note}"),
            n=f"{message.claim:.0f}",
        )
    return f"{kind.value.replace('_', ' ')}.{note}"


class _LogView(FocusTarget):
    """The conversation as a focusable panel (PageUp / PageDown, Up / Down, Home / End)."""

    def __init__(self, log: DialogueLog, palette: Any) -> None:
        super().__init__()
        self.log = log
        self.palette = palette

    def focus_changed(self, focused: bool) -> None:
        super().focus_changed(focused)
        self.log.focused = focused

    def handle_key(self, event: pygame.event.Event) -> bool:
        return self.log.handle_event(event)

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        return self.log.handle_event(event)

    def draw(self, surface: pygame.Surface) -> None:
        self.log.draw(surface, self.palette)


def _move_key(kind: str) -> Callable[[RolePlayTurnScene, str], object]:
    return lambda scene, _name: scene.press_move(kind)


class RolePlayTurnScene(MenuScene):
    """One side's turn; see the module docstring."""

    KEYS = (
        *(KeyBinding(letter, words, (letter,), _move_key(key)) for key, words, letter in MOVES),
        KeyBinding(
            "X", N_("answer the first question put to you"), ("X",), lambda s, _: s.answer(0)
        ),
        KeyBinding(
            "N", N_("write a note to go with your next move"), ("N",), lambda s, _: s.to_note()
        ),
        KeyBinding(
            N_("PageUp / PageDown"),
            N_("scroll the conversation"),
            ("PAGE UP", "PAGE DOWN"),
            lambda s, name: s.scroll_log(name),
            first=True,
        ),
        KeyBinding(
            N_("Esc"),
            N_("stop the role-play (the game asks first)"),
            ("ESCAPE",),
            lambda s, _: _leave(s),
        ),
    )

    def __init__(self, play: RolePlay, party: str) -> None:
        super().__init__()
        self.play = play
        self.party = party
        self.note = ""
        self.view: SideView = play.view(party)
        self.heading = tr("{name}'s turn as {character}").format(
            name=self.view.name, character=who(self.view.brief.character, self.view.brief.role)
        )
        self.log: DialogueLog | None = None

    # -- what this side sees -------------------------------------------------------------
    def refresh(self) -> None:
        """Read this side's view again and lay the screen out."""
        self.view = self.play.view(self.party)
        self._fill_log()
        if self.control_style is not None:
            self.on_resize(self.size)

    def enter(self, context: Any) -> None:
        super().enter(context)
        self.log = DialogueLog(self.fonts)
        self._fill_log()

    def _card_titles(self) -> dict[str, str]:
        """Return the titles of the cards this side may read: its own and those shown to it."""
        level = self.play.level
        shown = set(self.view.cards_shown) | {c.id for c in self.view.brief.cards}
        return {c.id: c.title for c in level.model.evidence if c.id in shown}

    def _fill_log(self) -> None:
        if self.log is None:
            return
        self.log.clear()
        view = self.view
        titles = self._card_titles()
        names = {self.party: view.name, self.play.match.other(self.party): view.other_name}
        evidence = {c.id: c for c in self.play.level.model.evidence}
        if not view.messages:
            self.log.add(tr("Table"), tr("Nothing has been said yet."), "system")
        for message in view.messages:
            mine = message.actor == self.party
            who = tr("You") if mine else names[message.actor]
            self.log.add(
                who,
                message_words(message, self.play.level, titles, mine=mine, other=view.other_name),
                "player" if mine else "npc",
                0 if message.actor == PLAYER else 1,
            )
            if message.card is not None and message.card in titles:
                self.log.add(
                    tr("Card"), f"{titles[message.card]}: {evidence[message.card].text}", "system"
                )

    def status_line(self) -> str:
        """Return the round, the deadline and the talk moves left."""
        view = self.view
        round_shown = min(view.round + 1, view.deadline)
        return tr("Round {n} of {total} \u00b7 {talk}").format(
            n=round_shown,
            total=view.deadline,
            talk=ngettext(
                "{n} talk move left this turn", "{n} talk moves left this turn", view.talk_left
            ).format(n=view.talk_left),
        )

    def table_lines(self) -> list[tuple[str, str]]:
        """Return the offer-on-the-table panel: (font role, words)."""
        view = self.view
        reservation = points(view.brief.reservation)
        if view.table is None:
            return [
                (FontRole.BOLD, tr("On the table: nothing yet")),
                (FontRole.BODY, tr("No deal is worth {value} to you.").format(value=reservation)),
            ]
        heading = (
            tr("On the table: your offer")
            if view.table_by == self.party
            else tr("On the table: {name}'s offer").format(name=view.other_name)
        )
        lines: list[tuple[str, str]] = [
            (FontRole.BOLD, heading),
            (FontRole.BODY, self.play.level.negotiation.describe(view.table) + "."),
        ]
        if view.table_worth is not None:
            lines.append(
                (
                    FontRole.BOLD,
                    tr("Worth to you: {value} (no deal: {batna})").format(
                        value=points(view.table_worth), batna=reservation
                    ),
                )
            )
        return lines

    def question_words(self, question: Message) -> str:
        """Return a question put to this side, as it reads."""
        return f"{self.view.other_name} {message_words(question, self.play.level)}"

    def move_reason(self, key: str) -> str | None:
        """Return why a move cannot be made now (None: it can)."""
        view = self.view
        kind = _KINDS[key]
        if not view.to_move:
            return tr("It is not your turn")
        reason = self.play.match.session.why_illegal(self.party, kind)
        if reason:
            reason = refusal_words(reason)
            return reason[0].upper() + reason[1:]
        talk = kind not in (
            MoveKind.OFFER,
            MoveKind.ACCEPT,
            MoveKind.REJECT,
            MoveKind.WALK_AWAY,
            MoveKind.CLAIM,  # a claim is not counted as talk
        )
        if key == "complete" and view.proposal is None:
            return tr("No proposal from {name} to complete").format(name=view.other_name)
        if talk and view.talk_left <= 0:
            return tr("No talk moves left this turn: make an offer, accept or reject")
        if kind is MoveKind.CITE_EVIDENCE and not view.brief.cards:
            return tr("You hold no evidence cards")
        if kind in (MoveKind.ACCEPT, MoveKind.REJECT) and (
            view.table is None or view.table_by == self.party
        ):
            return tr("There is no offer from {name} on the table").format(name=view.other_name)
        return None

    # -- layout -------------------------------------------------------------------------------
    def _wide(self, width: int) -> bool:
        return width - 3 * MARGIN >= self.fonts.scaled_size(900)

    def _move_specs(self) -> list[ButtonSpec]:
        return [
            ButtonSpec(key, f"{tr(words)} ({letter})", self.move_reason(key))
            for key, words, letter in MOVES
        ]

    def _note_label(self) -> str:
        return tr("A note with your next move (optional, up to {n} characters; N)").format(
            n=NOTE_LIMIT
        )

    def _right_height(self, width: int) -> int:
        """Return the height of the questions, the note and the moves in ``width``."""
        assert self.control_style is not None
        text = self.control_style.text
        label = text.line_height(FontRole.BOLD, LABEL_SIZE) + 6
        height = label
        button_h = button_height(self.fonts)
        for question in self.view.open_questions[:3] or [None]:
            words = self.question_words(question) if question else tr("No questions for you.")
            height += text.text_height(words, FontRole.BODY, TEXT_SIZE, width) + 10
            height += (button_h + 8) if question else 4
        note_label = text.text_height(self._note_label(), FontRole.BOLD, LABEL_SIZE, width) + 6
        height += 8 + note_label + max(44, self.fonts.line_height(FontRole.BODY, 20) + 16) + 12
        height += label + self._grid_height(width)
        return height

    def _grid_columns(self, width: int) -> int:
        """Return 2 when every move's words fit a half-width button, else 1."""
        half = (width - 8) // 2
        widest = max(button_width(self.fonts, spec.text) for spec in self._move_specs())
        return 2 if width >= self.fonts.scaled_size(420) and widest <= half else 1

    def _grid_height(self, width: int) -> int:
        columns = self._grid_columns(width)
        rows = -(-len(MOVES) // columns)
        return rows * (button_height(self.fonts) + 8)

    def min_height(self, width: int) -> int:
        if self.control_style is None:
            return 0
        top = 2 * MARGIN + self.banner_height() + self.heading_height()
        status = self._status_height(width - 2 * MARGIN) + 8
        if self._wide(width):
            right_w = int((width - 3 * MARGIN) * 0.45)
            return top + status + max(self._right_height(right_w), self.fonts.scaled_size(420))
        inner = width - 2 * MARGIN
        return (
            top
            + status
            + self.fonts.scaled_size(260)
            + self._table_height(inner)
            + 16
            + self._right_height(inner)
        )

    def _status_height(self, width: int) -> int:
        """Return the height of the round's line wrapped to ``width``."""
        assert self.control_style is not None
        return self.control_style.text.text_height(
            self.status_line(), FontRole.BODY, TEXT_SIZE, width
        )

    def _table_height(self, width: int) -> int:
        assert self.control_style is not None
        text = self.control_style.text
        pad = self.fonts.scaled_size(10)
        return 2 * pad + sum(
            text.text_height(words, role, TEXT_SIZE, width - 2 * pad) + 2
            for role, words in self.table_lines()
        )

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None and self.log is not None
        width, height = size
        text = self.control_style.text
        top = self.content_top()
        self.status_rect = pygame.Rect(
            MARGIN, top, width - 2 * MARGIN, self._status_height(width - 2 * MARGIN)
        )
        top = self.status_rect.bottom + 8
        bottom = height - MARGIN
        if self._wide(width):
            left_w = int((width - 3 * MARGIN) * 0.55)
            right = pygame.Rect(2 * MARGIN + left_w, top, width - 3 * MARGIN - left_w, bottom - top)
            table_h = self._table_height(left_w)
            self.table_rect = pygame.Rect(MARGIN, bottom - table_h, left_w, table_h)
            log_rect = pygame.Rect(MARGIN, top, left_w, self.table_rect.top - 12 - top)
        else:
            inner = width - 2 * MARGIN
            log_rect = pygame.Rect(MARGIN, top, inner, self.fonts.scaled_size(260))
            table_h = self._table_height(inner)
            self.table_rect = pygame.Rect(MARGIN, log_rect.bottom + 12, inner, table_h)
            right = pygame.Rect(MARGIN, self.table_rect.bottom + 16, inner, bottom - top)
        self.log.set_rect(log_rect)
        log_view = _LogView(self.log, self.palette)
        log_view.rect = log_rect
        self.track(log_view, "log")

        # Questions put to this side.
        label_h = text.line_height(FontRole.BOLD, LABEL_SIZE) + 6
        self.labels: list[tuple[str, pygame.Rect]] = []
        self.words: list[tuple[str, pygame.Rect]] = []
        y = right.top
        self.labels.append(
            (tr("Questions for you"), pygame.Rect(right.left, y, right.width, label_h))
        )
        y += label_h
        button_h = button_height(self.fonts)
        questions = self.view.open_questions[:3]
        if not questions:
            h = text.text_height(tr("No questions for you."), FontRole.BODY, TEXT_SIZE, right.width)
            self.words.append(
                (tr("No questions for you."), pygame.Rect(right.left, y, right.width, h))
            )
            y += h + 8
        for index, question in enumerate(questions):
            words = self.question_words(question)
            h = text.text_height(words, FontRole.BODY, TEXT_SIZE, right.width)
            self.words.append((words, pygame.Rect(right.left, y, right.width, h)))
            y += h + 10
            reason = None if self.move_reason_talk() is None else self.move_reason_talk()
            buttons, _ = build_row(
                [
                    ButtonSpec(
                        f"answer:{index}", tr("Answer (X)") if index == 0 else tr("Answer"), reason
                    )
                ],
                pygame.Rect(right.left, y, right.width, button_h),
                self.fonts,
                self.control_style,
            )
            self.add_buttons(buttons)
            y += button_h + 8
        # The note.
        y += 8
        note_h = text.text_height(self._note_label(), FontRole.BOLD, LABEL_SIZE, right.width) + 6
        self.labels.append((self._note_label(), pygame.Rect(right.left, y, right.width, note_h)))
        y += note_h
        entry_h = max(44, self.fonts.line_height(FontRole.BODY, 20) + 16)
        entry = TextEntry(
            self.control_style,
            "note",
            self.note,
            placeholder=tr("e.g. This is my best price."),
            max_length=NOTE_LIMIT,
            on_change=self._note_changed,
        )
        entry.place(pygame.Rect(right.left, y, right.width, entry_h))
        self.entry = self.track(entry, "note")
        y += entry_h + 12
        # The moves.
        self.labels.append((tr("Your move"), pygame.Rect(right.left, y, right.width, label_h)))
        y += label_h
        specs = self._move_specs()
        columns = self._grid_columns(right.width)
        cell_w = (right.width - (columns - 1) * 8) // columns
        for index, spec in enumerate(specs):
            row, column = divmod(index, columns)
            rect = pygame.Rect(
                right.left + column * (cell_w + 8), y + row * (button_h + 8), cell_w, button_h
            )
            buttons, _ = build_row([spec], rect, self.fonts, self.control_style)
            buttons[spec.key].place(rect)  # the whole cell: a grid of even buttons
            self.add_buttons(buttons)

    def move_reason_talk(self) -> str | None:
        """Return why this side cannot talk now (None: it can)."""
        if not self.view.to_move:
            return tr("It is not your turn")
        if self.view.talk_left <= 0:
            return tr("No talk moves left this turn")
        return None

    def initial_focus(self) -> None:
        if self.view.open_questions and self.focus_key("answer:0"):
            return
        if not self.focus_key("offer"):
            self.focus_key("note")

    # -- drawing ------------------------------------------------------------------------------
    def draw_back(self, surface: pygame.Surface) -> None:
        super().draw_back(surface)
        assert self.control_style is not None
        text = self.control_style.text
        ink = self.palette.colour("text")
        muted = self.palette.colour("text_muted")
        text.draw_wrapped(
            surface,
            self.status_line(),
            FontRole.BODY,
            TEXT_SIZE,
            muted,
            self.status_rect,
        )
        for words, rect in self.labels:
            text.draw_wrapped(surface, words, FontRole.BOLD, LABEL_SIZE, ink, rect)
        for words, rect in self.words:
            text.draw_wrapped(surface, words, FontRole.BODY, TEXT_SIZE, ink, rect)
        rect = self.table_rect
        pygame.draw.rect(surface, self.palette.colour("surface"), rect, border_radius=10)
        pygame.draw.rect(surface, self.palette.colour("border"), rect, width=2, border_radius=10)
        pad = self.fonts.scaled_size(10)
        y = rect.top + pad
        for role, words in self.table_lines():
            y += (
                text.draw_wrapped(
                    surface,
                    words,
                    role,
                    TEXT_SIZE,
                    ink,
                    pygame.Rect(rect.left + pad, y, rect.width - 2 * pad, rect.height),
                )
                + 2
            )

    def text_lines(self) -> list[str]:
        """Return every text the screen shows besides the controls (tests read it)."""
        lines = [self.heading, self.status_line()]
        lines += [words for words, _ in self.labels] + [words for words, _ in self.words]
        lines += [words for _, words in self.table_lines()]
        if self.log is not None:
            lines += [f"{e.speaker}: {e.text}" for e in self.log.entries]
        return lines

    # -- input ---------------------------------------------------------------------------------
    def _note_changed(self, text: str) -> None:
        self.note = text

    def to_note(self) -> bool:
        """N: put the focus in the note field."""
        return self.focus_key("note")

    def scroll_log(self, name: str) -> bool:
        """PageUp / PageDown scroll the conversation whatever has the focus."""
        if self.log is None:
            return False
        if name == "PAGE UP":
            self.log.page_up()
        else:
            self.log.page_down()
        return True

    def on_button(self, key: str) -> None:
        if key.startswith("answer:"):
            self.answer(int(key.split(":", 1)[1]))
        elif key in _KINDS:
            self.press_move(key)

    def press_move(self, key: str) -> bool:
        """Make (or start making) the move under ``key``; False when it cannot be made now."""
        reason = self.move_reason(key)
        if reason is not None:
            self.show_banner(tr("Not now: {reason}.").format(reason=reason), "warning", timeout=6)
            return True
        from game.ui.scenes import roleplay_forms as forms

        party, view = self.party, self.view
        level = self.play.level
        issues = [(i.id, i.name) for i in level.negotiation.space.issues]
        if key == "offer":
            self.open(forms.OfferScene(level, view), self._offer_made)
        elif key == "complete" and view.proposal is not None:
            self.open(forms.OfferScene(level, view, start=view.proposal.offer), self._offer_made)
        elif key == "propose":
            self.open(
                forms.OfferScene(level, view, partial=True),
                lambda offer: self.send(Move(PROPOSAL, party, offer=offer)) if offer else None,
            )
        elif key == "claim":
            self.open(self._claim_form(), self._claimed)
        elif key == "accept":
            self.send(Move(MoveKind.ACCEPT, party))
        elif key == "reject":
            self.send(Move(MoveKind.REJECT, party))
        elif key == "walk":
            self.open(
                ConfirmScene(
                    tr("Walk away?"),
                    tr(
                        "The talks end now with no deal: each side gets its BATNA. "
                        "{name} will see that you walked away."
                    ).format(name=view.other_name),
                    confirm_text=tr("Walk away"),
                    cancel_text=tr("Stay"),
                ),
                lambda yes: self.send(Move(MoveKind.WALK_AWAY, party)) if yes else None,
            )
        elif key == "ask_priorities":
            self.send(Move(MoveKind.ASK_PRIORITIES, party))
        elif key in ("ask_issue", "ask_why"):
            kind = MoveKind.ASK_ISSUE if key == "ask_issue" else MoveKind.ASK_WHY
            title = (
                tr("Ask about an issue") if key == "ask_issue" else tr("Ask why an issue matters")
            )
            self.open(
                forms.PickScene(
                    title,
                    tr("Which issue? {name} answers at their turn.").format(name=view.other_name),
                    issues,
                    tr("Ask"),
                ),
                lambda issue: self.send(Move(kind, party, issue=issue)) if issue else None,
            )
        elif key == "cite":
            cards = [(c.id, f"{c.title}: {c.text}") for c in view.brief.cards]
            self.open(
                forms.PickScene(
                    tr("Cite a card"),
                    tr("{name} will read the card.").format(name=view.other_name),
                    cards,
                    tr("Cite it"),
                ),
                lambda card: (
                    self.send(Move(MoveKind.CITE_EVIDENCE, party, evidence=card)) if card else None
                ),
            )
        return True

    def _claim_form(self) -> Any:
        """Return the form that picks what this side says its alternative is worth."""
        from game.ui.scenes import roleplay_forms as forms

        view = self.view
        truth = round(view.brief.reservation * 100)
        return forms.PickScene(
            tr("Claim your alternative"),
            tr(
                "Say what no deal is worth to you, in points: {name} reads it, true or "
                "not (your choice; the joint debrief tells). In truth it is worth {truth} points."
            ).format(name=view.other_name, truth=truth),
            [
                (str(n), tr("My alternative is worth {n} points").format(n=n))
                for n in range(0, 101, 5)
            ],
            tr("Say it"),
            chosen=str(5 * round(truth / 5)),
        )

    def _claimed(self, points_said: str | None) -> None:
        if points_said is not None:
            self.send(Move(MoveKind.CLAIM, self.party, claim=float(points_said)))

    def _offer_made(self, offer: Offer | None) -> None:
        if offer is not None:
            self.send(Move(MoveKind.OFFER, self.party, offer=offer))

    def answer(self, index: int) -> bool:
        """Open the answer form for the question at ``index`` (False: there is none)."""
        questions = self.view.open_questions
        if index >= len(questions):
            return False
        reason = self.move_reason_talk()
        if reason is not None:
            self.show_banner(tr("Not now: {reason}.").format(reason=reason), "warning", timeout=6)
            return True
        from game.ui.scenes import roleplay_forms as forms

        self.open(
            forms.AnswerScene(self.play.level, self.view, questions[index], self.note),
            self.send_answer,
        )
        return True

    def send_answer(self, move: Move | None) -> None:
        """Send the answer the form returned (its own words go as the move's note)."""
        if move is not None:
            self.send(move, with_note=False)

    def send(self, move: Move, *, with_note: bool = True) -> None:
        """Play ``move`` with the note; hand over when the turn passes."""
        from dataclasses import replace

        if with_note and self.note.strip():
            move = replace(move, text=self.note.strip())
        played = self.play.match.play(move)
        if not played.ok:
            self.show_banner(
                tr("Not now: {reason}.").format(reason=refusal_words(played.reason)),
                "warning",
                timeout=8,
            )
            return
        self.note = ""
        if played.handover:
            self.stack.replace(self.play.next_scene())
            return
        self._focus_key = None
        self.refresh()

    def on_back(self) -> None:
        _leave(self)
