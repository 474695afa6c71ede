"""The forms a side fills in during its role-play turn: an offer, a pick from a list (an
issue to ask about, a card to cite) and an answer to a question put to it.

Each returns its result to the turn screen (``dismiss``): an :class:`Offer`, a key, or the
answer as a :class:`Move`; None when cancelled.  The offer and answer forms cover the whole
window (they show this side's own numbers and may be taller than the window: the page
scrolls).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import pygame

from game.engine import PREFERENCE_OVER, Move, MoveKind, Offer
from game.i18n import N_, tr
from game.levels.loader import LoadedLevel
from game.levels.text import level_text, shown_issues
from game.roleplay.hotseat import NOTE_LIMIT, QUESTIONS, Message, SideView
from game.ui.fonts import FontRole
from game.ui.keys import KeyBinding
from game.ui.scenes.common import MARGIN, MenuScene, OverlayScene
from game.ui.scenes.roleplay import points
from game.ui.widgets.button_row import ButtonSpec, build_row, row_rects
from game.ui.widgets.controls import IndexSlider, Picker
from game.ui.widgets.list_view import ListRow, ListView
from game.ui.widgets.offer_builder import OfferBuilder
from game.ui.widgets.text_entry import TextEntry

__all__ = ["OfferScene", "PickScene", "AnswerScene", "SHARE_STEPS"]

TEXT_SIZE = 18
SHARE_STEPS = tuple(range(0, 101, 5))
"""The shares a stated priority may take (percent)."""

_CANCEL: KeyBinding[Any] = KeyBinding(
    N_("Esc"), N_("cancel"), ("ESCAPE",), lambda s, _: s.dismiss(None)
)


class _FormScene(MenuScene[Any]):
    """A full-window form returning its result; Esc cancels."""

    keys_page = False
    KEYS: ClassVar[tuple[KeyBinding[Any], ...]] = (_CANCEL,)
    FOOTER: tuple[ButtonSpec, ...] = ()

    def on_back(self) -> None:
        self.dismiss(None)

    def _lines(self, width: int) -> list[tuple[str, str, int]]:
        """Return the words over the controls: (font role, words, design size)."""
        return []

    def _place_lines(self, top: int, width: int) -> int:
        assert self.control_style is not None
        text = self.control_style.text
        self.placed: list[tuple[str, str, int, pygame.Rect]] = []
        for role, words, size in self._lines(width):
            h = text.text_height(words, role, size, width)
            self.placed.append((role, words, size, pygame.Rect(MARGIN, top, width, h)))
            top += h + 8
        return top

    def _lines_height(self, width: int) -> int:
        assert self.control_style is not None
        text = self.control_style.text
        return sum(text.text_height(w, r, s, width) + 8 for r, w, s in self._lines(width))

    def draw_back(self, surface: pygame.Surface) -> None:
        super().draw_back(surface)
        assert self.control_style is not None
        for role, words, size, rect in getattr(self, "placed", ()):
            colour = self.palette.colour("text_muted" if role == FontRole.ITALIC else "text")
            self.control_style.text.draw_wrapped(surface, words, role, size, colour, rect)


# ----------------------------------------------------------------------------- an offer
class OfferScene(_FormScene):
    """Make an offer: a value for every issue (and a clause where the level has events), with
    what it is worth to this side as it is built."""

    KEYS = (
        KeyBinding(N_("Tab / Shift+Tab"), N_("move between the issues")),
        KeyBinding(N_("Left / Right"), N_("change the focused issue's value")),
        KeyBinding("P", N_("propose this offer"), ("P",), lambda s, _: s.on_button("propose")),
        _CANCEL,
    )
    FOOTER = (ButtonSpec("cancel", "Cancel"), ButtonSpec("propose", "Propose this offer (P)"))

    def __init__(
        self,
        level: LoadedLevel,
        view: SideView,
        *,
        partial: bool = False,
        start: Offer | None = None,
    ) -> None:
        super().__init__()
        self.level = level
        self.view = view
        self.partial = partial
        """A proposal of part of a deal: issues may be left open for the other side."""
        self.start = start
        """The package the form starts from (a proposal to complete), else the table's."""
        if partial:
            self.heading = tr("Propose part of a deal")
        elif start is not None:
            self.heading = tr("Complete {name}'s proposal").format(name=view.other_name)
        else:
            self.heading = tr("Make an offer")
        self.FOOTER = (
            ButtonSpec("cancel", tr("Cancel")),
            ButtonSpec(
                "propose",
                tr("Propose these terms (P)") if partial else tr("Propose this offer (P)"),
            ),
        )
        self.builder: OfferBuilder | None = None
        self._laid_shape: tuple[bool, tuple[str, ...]] | None = None

    def _hide_open_boxes(self) -> None:
        """An offer between people is complete: no "leave open" (a proposal keeps them)."""
        assert self.builder is not None
        for row in self.builder.rows:
            row.open_box.visible = self.partial

    def enter(self, context: Any) -> None:
        super().enter(context)
        assert self.control_style is not None
        negotiation = self.level.negotiation
        self.builder = OfferBuilder(
            self.control_style,
            negotiation,
            player_id=self.view.party,
            on_change=self._changed,
            issues=shown_issues(self.level.model, negotiation.space.issues),
            event_text={e.id: e.description for e in level_text(self.level.model).events},
        )
        self._hide_open_boxes()
        preferences = negotiation.party(self.view.party).preferences
        best = {i.id: preferences.best_value(i.id) for i in negotiation.space.issues}
        start = self.view.table
        if self.start is not None:  # their terms, the rest at this side's best
            clause = self.start.clause
            kept = clause.issues if clause is not None else frozenset()
            terms = {k: v for k, v in {**best, **self.start.terms}.items() if k not in kept}
            start = Offer(terms, clause)
        elif start is None:
            start = Offer(best)
        try:
            self.builder.set_from_offer(start)
        except Exception:  # a package the builder cannot show: start from its defaults
            pass

    def _changed(self) -> None:
        # The worth line is read when drawn; the builder shows its "leave open" boxes again
        # when it refreshes: a package between people is complete.
        if self.builder is None:
            return
        self._hide_open_boxes()
        shape = self._shape()
        if shape != self._laid_shape and self.control_style is not None:
            self.on_resize(self.size)  # a clause on or off, another event: other controls

    def _kill_widgets(self) -> None:
        # The builder's controls live as long as the form (they hold the offer being
        # built): a new layout places them again rather than making them anew.
        if self.builder is not None:
            kept = {id(control) for control in self.builder.all_controls()}
            self._widgets.elements = [e for e in self._widgets.elements if id(e) not in kept]
        super()._kill_widgets()

    def _shape(self) -> tuple[bool, tuple[str, ...]]:
        """Return what decides which controls the builder shows (the clause and its issues)."""
        assert self.builder is not None
        return self.builder.clause_on, tuple(self.builder.clause_issues())

    def worth_line(self) -> str:
        """Return what the offer being built is worth to this side."""
        assert self.builder is not None
        try:
            worth = self.level.negotiation.utility(self.view.party, self.builder.offer())
        except Exception:
            if self.partial:
                return tr(
                    "Part of a deal has no worth yet: it depends on how the rest is filled in."
                )
            return tr("Set every issue to see what the offer is worth to you.")
        return tr("Worth to you: {value} (no deal: {batna}).").format(
            value=points(worth), batna=points(self.view.brief.reservation)
        )

    def _lines(self, width: int) -> list[tuple[str, str, int]]:
        other = self.view.other_name
        if self.partial:
            intro = tr(
                "Set the issues you want to settle and leave the rest open for {name} to "
                "fill in. It is not put on the table: it cannot be accepted as it stands, "
                "but {name} can complete it into an offer."
            ).format(name=other)
        elif self.start is not None:
            intro = tr(
                "{name}'s terms are filled in, the rest at your best; change any issue, then "
                "propose it as your offer ({name} never sees what it is worth to you)."
            ).format(name=other)
        else:
            intro = tr(
                "Set each issue; {name} will see the offer (never what it is worth to you)."
            ).format(name=other)
        return [(FontRole.BODY, intro, TEXT_SIZE), (FontRole.BOLD, self.worth_line(), TEXT_SIZE)]

    def _column(self, width: int) -> int:
        return min(width - 2 * MARGIN, self.fonts.scaled_size(720))

    def min_height(self, width: int) -> int:
        if self.builder is None:
            return 0
        column = self._column(width)
        return (
            self.frame_height(width, self.FOOTER)
            + self._lines_height(column)
            + self.builder.measure(column)
            + 16
        )

    def layout(self, size: tuple[int, int]) -> None:
        assert self.builder is not None
        width, height = size
        column = self._column(width)
        top = self._place_lines(self.content_top(), column)
        self.builder.place(pygame.Rect(MARGIN, top, column, 10), None)
        self._laid_shape = self._shape()
        self._hide_open_boxes()
        for control in self.builder.focusables():
            self.track(control, control.key)
        self.build_footer(self.FOOTER, width, height - MARGIN, align="right")

    def draw_front(self, surface: pygame.Surface) -> None:
        if self.builder is not None:
            self.builder.draw(surface)
        for key in ("cancel", "propose"):
            button = self.button(key)
            if button is not None:
                button.draw(surface)

    def draw_back(self, surface: pygame.Surface) -> None:
        # The worth line changes with every step of a slider: drawn from the builder now.
        if getattr(self, "placed", None):
            role, _words, size, rect = self.placed[1]
            self.placed[1] = (role, self.worth_line(), size, rect)
        super().draw_back(surface)

    def initial_focus(self) -> None:
        assert self.builder is not None
        first = self.builder.focusables()[0]
        self.focus_key(first.key)

    def on_button(self, key: str) -> None:
        if key == "cancel":
            self.dismiss(None)
        elif key == "propose":
            assert self.builder is not None
            if self.partial and not self.builder.partial:
                self.show_banner(
                    tr("Leave at least one issue open (or make a full offer instead)."),
                    "warning",
                    timeout=6,
                )
                return
            self.dismiss(self.builder.offer())


# ----------------------------------------------------------------------------- a pick
class PickScene(OverlayScene[Any]):
    """Pick one of a few things (an issue, a card); returns its key, or None."""

    KEYS = (
        KeyBinding(N_("Up / Down"), N_("pick")),
        KeyBinding(N_("Enter"), N_("choose the picked one")),
        _CANCEL,
    )

    def __init__(
        self,
        title: str,
        message: str,
        choices: Sequence[tuple[str, str]],
        action: str,
        chosen: str | None = None,
    ) -> None:
        super().__init__()
        self.title = title
        self.message = message
        self.choices = list(choices)
        self.action = action
        self.panel = pygame.Rect(0, 0, 0, 0)
        keys = [key for key, _ in self.choices]
        self.chosen = chosen if chosen in keys else (keys[0] if keys else None)

    def on_back(self) -> None:
        self.dismiss(None)

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        text = self.control_style.text
        width = min(size[0] - 2 * MARGIN, self.fonts.scaled_size(600))
        pad = self.fonts.scaled_size(20)
        inner = width - 2 * pad
        title_h = text.text_height(self.title, FontRole.HEADING, 26, inner)
        message_h = text.text_height(self.message, FontRole.BODY, TEXT_SIZE, inner)
        rows = [ListRow(key, words) for key, words in self.choices]
        probe = ListView(self.fonts, self.palette)
        probe.set_rect(pygame.Rect(0, 0, inner, 10))
        probe.set_rows(rows)
        row_h = self.fonts.line_height(FontRole.BOLD, ListView.TITLE_SIZE) + 2 * ListView.PADDING
        wrapped = sum(
            max(1, len(text.wrap(w, FontRole.BOLD, ListView.TITLE_SIZE, inner - 30)))
            for _, w in self.choices
        )
        list_h = min(size[1] // 2, wrapped * row_h + len(rows) * 8 + 8)
        specs = [ButtonSpec("cancel", tr("Cancel")), ButtonSpec("choose", self.action)]
        buttons_h = max(
            r.bottom
            for r in row_rects(specs, pygame.Rect(0, 0, inner, 10), self.fonts, align="right")
        )
        height = pad + title_h + 8 + message_h + 12 + list_h + pad + buttons_h + pad
        self.panel = pygame.Rect(0, 0, width, min(height, size[1] - 2 * MARGIN))
        self.panel.center = (size[0] // 2, size[1] // 2)
        x, y = self.panel.left + pad, self.panel.top + pad
        self.title_rect = pygame.Rect(x, y, inner, title_h)
        self.message_rect = pygame.Rect(x, y + title_h + 8, inner, message_h)
        y = self.message_rect.bottom + 12
        choices = ListView(
            self.fonts,
            self.palette,
            on_select=self._picked,
            on_activate=lambda row: self.dismiss(row.key),
        )
        list_h = max(row_h, self.panel.bottom - pad - buttons_h - pad - y)
        choices.set_rect(pygame.Rect(x, y, inner, list_h))
        choices.set_rows(rows, select_key=self.chosen)
        self.track(choices, "choices")
        area = pygame.Rect(x, self.panel.bottom - pad - buttons_h, inner, buttons_h)
        buttons, _ = build_row(specs, area, self.fonts, self.control_style, align="right")
        self.add_buttons(buttons)

    def _picked(self, row: ListRow) -> None:
        self.chosen = row.key

    def initial_focus(self) -> None:
        self.focus_key("choices")

    def draw_back(self, surface: pygame.Surface) -> None:
        assert self.control_style is not None
        palette = self.palette
        pygame.draw.rect(surface, palette.colour("background"), self.panel, border_radius=14)
        pygame.draw.rect(surface, palette.colour("border"), self.panel, width=3, border_radius=14)
        text = self.control_style.text
        text.draw_wrapped(
            surface, self.title, FontRole.HEADING, 26, palette.colour("text"), self.title_rect
        )
        text.draw_wrapped(
            surface,
            self.message,
            FontRole.BODY,
            TEXT_SIZE,
            palette.colour("text"),
            self.message_rect,
        )

    def on_button(self, key: str) -> None:
        self.dismiss(self.chosen if key == "choose" else None)


# ----------------------------------------------------------------------------- an answer
_MODES = {
    MoveKind.STATE_PRIORITIES: N_("Say how much each issue matters"),
    "pairwise": N_("Say which of two issues matters more"),
    "words": N_("Answer in words only"),
}


class AnswerScene(_FormScene):
    """Answer a question put to this side: priorities per issue, "X matters more than Y", or
    words only.  Truthfully or not: the form starts from this side's true shares, and the
    person may change them."""

    FOOTER = (ButtonSpec("cancel", "Not now"), ButtonSpec("send", "Send answer"))

    def __init__(
        self, level: LoadedLevel, view: SideView, question: Message, note: str = ""
    ) -> None:
        super().__init__()
        self.level = level
        self.view = view
        self.question = question
        self.heading = tr("Answer the question")
        self.FOOTER = (ButtonSpec("cancel", tr("Not now")), ButtonSpec("send", tr("Send answer")))
        allowed = QUESTIONS[question.kind]
        self.modes: list[Any] = []
        if MoveKind.STATE_PRIORITIES in allowed:
            self.modes.append(MoveKind.STATE_PRIORITIES)
        if MoveKind.STATE_PREFERENCE in allowed:
            self.modes += ["pairwise", "words"]
        self.mode = 0
        issues = level.negotiation.space.issues
        self.issue_ids = [i.id for i in issues]
        self.issue_names = [i.name for i in issues]
        self.shares = {
            i.id: SHARE_STEPS.index(min(SHARE_STEPS, key=lambda s: abs(s - w * 100)))
            for i in issues
            for w in [view.brief.weights[i.id]]
        }
        first = self.issue_ids.index(question.issue) if question.issue in self.issue_ids else 0
        self.more = first
        self.less = 1 if first == 0 and len(self.issue_ids) > 1 else 0
        self.words = note

    def _lines(self, width: int) -> list[tuple[str, str, int]]:
        from game.ui.scenes.roleplay_turn import message_words

        asked = message_words(self.question, self.level)
        return [
            (FontRole.BOLD, f"{self.view.other_name} {asked}", 20),
            (
                FontRole.ITALIC,
                tr(
                    "Answer truthfully or not, as you judge: the joint debrief "
                    "shows both of you what each side said and what was so."
                ),
                16,
            ),
        ]

    @property
    def kind(self) -> Any:
        """Return the answer's mode (a MoveKind or "pairwise" / "words")."""
        return self.modes[self.mode]

    def _column(self, width: int) -> int:
        return min(width - 2 * MARGIN, self.fonts.scaled_size(720))

    def _inline(self, column: int) -> bool:
        return column >= self.fonts.scaled_size(560)

    def _controls_height(self, width: int) -> int:
        control = self.control_style.control_height() if self.control_style else 44
        label = 2 * self.fonts.line_height(FontRole.BOLD, 17) + 4  # a label may wrap once
        row = max(control, label) + 8 if self._inline(width) else label + control + 8
        height = row + 4 if len(self.modes) > 1 else 0  # the mode picker
        if self.kind is MoveKind.STATE_PRIORITIES:
            height += len(self.issue_ids) * row
        elif self.kind == "pairwise":
            height += 2 * row
        height += label + max(44, self.fonts.line_height(FontRole.BODY, 20) + 16) + 12
        return height

    def min_height(self, width: int) -> int:
        if self.control_style is None:
            return 0
        column = self._column(width)
        return (
            self.frame_height(width, self.FOOTER)
            + self._lines_height(column)
            + self._controls_height(column)
        )

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        style = self.control_style
        width, height = size
        column = self._column(width)
        y = self._place_lines(self.content_top(), column) + 4
        control_h = style.control_height()
        label_h = self.fonts.line_height(FontRole.BOLD, 17) + 4
        self.labels: list[tuple[str, pygame.Rect]] = []

        inline = self._inline(column)

        def add(label: str, control: Any, key: str, beside: bool = True) -> None:
            nonlocal y
            if inline and beside:  # the label left of its control, one row each
                label_w = int(column * 0.42)
                words_h = style.text.text_height(label, FontRole.BOLD, 17, label_w) + 4
                row_h = max(control_h, words_h)
                label_y = y + (row_h - words_h) // 2
                self.labels.append((label, pygame.Rect(MARGIN, label_y, label_w, words_h)))
                control_y = y + (row_h - control_h) // 2
                control.place(
                    pygame.Rect(MARGIN + label_w + 8, control_y, column - label_w - 8, control_h)
                )
                y += row_h + 8
            else:
                words_h = max(label_h, style.text.text_height(label, FontRole.BOLD, 17, column) + 4)
                self.labels.append((label, pygame.Rect(MARGIN, y, column, words_h)))
                control.place(pygame.Rect(MARGIN, y + words_h, column, control_h))
                y += words_h + control_h + 8
            self.track(control, key)

        if len(self.modes) > 1:
            mode = Picker(
                style,
                "mode",
                [tr(_MODES[m]) for m in self.modes],
                self.mode,
                self._mode_changed,
                description=tr("How you answer"),
            )
            add(tr("How you answer"), mode, "mode")
            y += 4
        if self.kind is MoveKind.STATE_PRIORITIES:
            for issue_id, name in zip(self.issue_ids, self.issue_names, strict=True):
                slider = IndexSlider(
                    style,
                    f"share:{issue_id}",
                    [f"{s} %" for s in SHARE_STEPS],
                    self.shares[issue_id],
                    lambda i, issue_id=issue_id: self.shares.__setitem__(issue_id, i),
                    description=tr("How much {issue} matters, as you say it").format(issue=name),
                )
                add(tr("{issue}: as you say it").format(issue=name), slider, f"share:{issue_id}")
        elif self.kind == "pairwise":
            add(
                tr("This issue"),
                Picker(
                    style, "more", self.issue_names, self.more, lambda i: setattr(self, "more", i)
                ),
                "more",
            )
            add(
                tr("matters more to me than"),
                Picker(
                    style, "less", self.issue_names, self.less, lambda i: setattr(self, "less", i)
                ),
                "less",
            )
        words = TextEntry(
            style,
            "words",
            self.words,
            placeholder=tr("Your answer in words"),
            max_length=NOTE_LIMIT,
            on_change=lambda t: setattr(self, "words", t),
        )
        add(tr("In words (optional unless you answer in words only)"), words, "words", beside=False)
        self.build_footer(self.FOOTER, width, height - MARGIN, align="right")

    def _mode_changed(self, index: int) -> None:
        self.mode = index
        self._focus_key = "mode"
        self.on_resize(self.size)

    def draw_back(self, surface: pygame.Surface) -> None:
        super().draw_back(surface)
        assert self.control_style is not None
        ink = self.palette.colour("text")
        for words, rect in self.labels:
            self.control_style.text.draw_wrapped(surface, words, FontRole.BOLD, 17, ink, rect)

    def initial_focus(self) -> None:
        if not self.focus_key("mode"):
            self.focus_key(f"share:{self.issue_ids[0]}")

    def answer(self) -> Move | None:
        """Return the answer as a move (None: nothing to send)."""
        party = self.view.party
        meta: dict[str, Any] = {"answers": self.question.index}
        words = " ".join(self.words.split())
        if self.kind is MoveKind.STATE_PRIORITIES:
            shares = {i: float(SHARE_STEPS[self.shares[i]]) for i in self.issue_ids}
            return Move(MoveKind.STATE_PRIORITIES, party, priorities=shares, text=words, meta=meta)
        if self.kind == "pairwise":
            meta[PREFERENCE_OVER] = self.issue_ids[self.less]
            return Move(
                MoveKind.STATE_PREFERENCE,
                party,
                issue=self.issue_ids[self.more],
                text=words,
                meta=meta,
            )
        return Move(
            MoveKind.STATE_PREFERENCE, party, issue=self.question.issue, text=words, meta=meta
        )

    def on_button(self, key: str) -> None:
        if key == "cancel":
            self.dismiss(None)
            return
        problem = self._problem()
        if problem:
            self.show_banner(problem, "warning", timeout=6)
            return
        self.dismiss(self.answer())

    def _problem(self) -> str | None:
        if self.kind is MoveKind.STATE_PRIORITIES and not any(self.shares.values()):
            return tr("Give at least one issue a share above 0 %.")
        if self.kind == "pairwise" and self.more == self.less:
            return tr("Pick two different issues.")
        if self.kind == "words" and not self.words.strip():
            return tr("Write your answer in words.")
        return None
