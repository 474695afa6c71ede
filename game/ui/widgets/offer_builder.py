"""The offer builder: a value for every issue, "leave open" per issue, and a contingent clause.

Numeric issues get an :class:`IndexSlider`, option issues a :class:`Picker`; each issue
has a "Leave open" box (a partial offer asks the other side to fill the issue in).  When
the negotiation has uncertain events, a clause section lets the player pick the event and
set the values of the event's issues *if it happens* and *otherwise*; those issues then
leave the plain package.  The builder only turns choices into an engine ``Offer``; what
the offer is worth and whether it may be made are the engine's business.

Layout: :meth:`OfferBuilder.measure` returns the height for a width, :meth:`place` puts
the controls (clipped to a scrolling panel), :meth:`draw` writes the labels.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

import pygame

from game.engine import ContingentClause, Negotiation, Offer, UncertainEvent
from game.engine.issues import Issue
from game.i18n import ngettext, percent, tr
from game.npc.wording import issue_is_plural
from game.ui.fonts import FontRole
from game.ui.widgets.controls import Control, ControlStyle, IndexSlider, Picker, Toggle

__all__ = ["OfferBuilder", "IssueRow"]

NAME_SIZE = 17
NOTE_SIZE = 15


def _labels(issue: Issue) -> list[str]:
    return [issue.format(value) for value in issue.values]


def _count(issue: Issue) -> int:
    """Return 1 for an issue named in the singular ("Price"), 2 for a plural ("Extras"):
    the count that picks the verb's form."""
    return 2 if issue_is_plural(issue.name) else 1


def _value_control(
    style: ControlStyle, key: str, issue: Issue, on_change: Callable[[int], None]
) -> IndexSlider | Picker:
    kind = IndexSlider if issue.numeric else Picker
    first = issue.format(issue.values[0])
    last = issue.format(issue.values[-1])
    if issue.numeric:
        description = tr("{issue}: {first} to {last}").format(
            issue=issue.name, first=first, last=last
        )
    else:
        description = f"{issue.name}: {', '.join(issue.format(v) for v in issue.values)}"
    return kind(style, key, _labels(issue), 0, on_change, description=description)


@dataclass
class IssueRow:
    """One issue's controls and where its label goes."""

    issue: Issue
    control: IndexSlider | Picker
    open_box: Toggle
    label_rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))


@dataclass
class _ClauseRow:
    issue: Issue
    happens: IndexSlider | Picker
    otherwise: IndexSlider | Picker
    include: Toggle | None
    label_happens: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    label_otherwise: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))


class OfferBuilder:
    """Builds an :class:`~game.engine.Offer` from controls; see the module docstring."""

    def __init__(
        self,
        style: ControlStyle,
        negotiation: Negotiation,
        *,
        player_id: str = "player",
        on_change: Callable[[], None] | None = None,
        issues: Sequence[Issue] | None = None,
        event_text: Mapping[str, str] | None = None,
    ) -> None:
        # ``issues``: the space's issues as shown (names and option labels in the player's
        # language); offers are made of their values, which stay the level's own.
        # ``event_text``: event id -> its description as shown (else the level's own).
        self.style = style
        self.negotiation = negotiation
        self.player_id = player_id
        self.on_change = on_change
        space = negotiation.space
        self.rows: list[IssueRow] = []
        shown = {issue.id: issue for issue in (space.issues if issues is None else issues)}
        for issue in shown.values():
            control = _value_control(style, f"issue:{issue.id}", issue, self._changed_value)
            box = Toggle(
                style,
                f"open:{issue.id}",
                tr("Leave open"),
                on_change=self._changed_open,
                description=tr("Leave {issue} open: they will suggest a value").format(
                    issue=issue.name
                ),
                size=NOTE_SIZE,
            )
            self.rows.append(IssueRow(issue, control, box))
        self.events = list(negotiation.events)
        self._shown_events = dict(event_text or {})
        self.clause_box: Toggle | None = None
        self.event_picker: Picker | None = None
        self._clause_rows: dict[str, list[_ClauseRow]] = {}
        if self.events:
            self.clause_box = Toggle(
                style,
                "clause",
                tr("Add an \u201cif\u201d clause"),
                on_change=self._changed_clause,
                description=tr("Make part of the deal depend on something uncertain"),
            )
            if len(self.events) > 1:
                self.event_picker = Picker(
                    style,
                    "event",
                    [self.event_words(e) for e in self.events],
                    0,
                    lambda _i: self._changed_clause(True),
                    description=tr("The event the clause depends on"),
                )
            for event in self.events:
                issue_ids = list(event.issues) or list(space.issue_ids)
                rows = []
                for issue_id in issue_ids:
                    issue = shown.get(issue_id) or space.issue(issue_id)
                    include = None
                    if not event.issues:
                        include = Toggle(
                            style,
                            f"include:{event.id}:{issue_id}",
                            ngettext(
                                "{issue} depends on it", "{issue} depend on it", _count(issue)
                            ).format(issue=issue.name),
                            on_change=lambda _c: self._changed_clause(True),
                            size=NOTE_SIZE,
                        )
                    rows.append(
                        _ClauseRow(
                            issue,
                            _value_control(
                                style, f"if:{event.id}:{issue_id}", issue, self._changed_value
                            ),
                            _value_control(
                                style, f"else:{event.id}:{issue_id}", issue, self._changed_value
                            ),
                            include,
                        )
                    )
                self._clause_rows[event.id] = rows
        self._header_rects: list[tuple[str, pygame.Rect, str]] = []
        self._refresh_enabled()

    # ----------------------------------------------------------------- the offer
    @property
    def clause_on(self) -> bool:
        """Return True when the clause section is switched on."""
        return self.clause_box is not None and self.clause_box.checked

    def event_words(self, event: UncertainEvent) -> str:
        """Return an event's description as the player reads it."""
        return self._shown_events.get(event.id, event.description)

    @property
    def event(self) -> UncertainEvent | None:
        """Return the uncertain event the clause uses (None without events)."""
        if not self.events:
            return None
        index = self.event_picker.index if self.event_picker is not None else 0
        return self.events[index]

    def clause_rows(self) -> list[_ClauseRow]:
        """Return the clause rows of the chosen event."""
        event = self.event
        return [] if event is None else self._clause_rows[event.id]

    def clause_issues(self) -> list[str]:
        """Return the issues the clause decides now (empty when it is off)."""
        if not self.clause_on:
            return []
        return [r.issue.id for r in self.clause_rows() if r.include is None or r.include.checked]

    def open_issues(self) -> list[str]:
        """Return the issues left open (not in the clause)."""
        in_clause = set(self.clause_issues())
        return [r.issue.id for r in self.rows if r.open_box.checked and r.issue.id not in in_clause]

    @property
    def partial(self) -> bool:
        """Return True when some issue is left open."""
        return bool(self.open_issues())

    def offer(self) -> Offer:
        """Return the offer the controls describe (partial when issues are left open)."""
        in_clause = set(self.clause_issues())
        terms = {
            r.issue.id: r.issue.values[r.control.index]
            for r in self.rows
            if not r.open_box.checked and r.issue.id not in in_clause
        }
        clause = None
        event = self.event
        if in_clause and event is not None:  # (issues in the clause: there is an event)
            chosen = [r for r in self.clause_rows() if r.issue.id in in_clause]
            clause = ContingentClause(
                event.id,
                {r.issue.id: r.issue.values[r.happens.index] for r in chosen},
                {r.issue.id: r.issue.values[r.otherwise.index] for r in chosen},
            )
        return Offer(terms, clause)

    def set_from_offer(self, offer: Offer) -> None:
        """Show ``offer`` in the controls (open issues stay at their values, boxes cleared)."""
        for row in self.rows:
            row.open_box.set_checked(False, notify=False)
            if row.issue.id in offer.terms:
                row.control.set_index(row.issue.index_of(offer.terms[row.issue.id]), notify=False)
        clause = offer.clause
        if self.clause_box is not None:
            self.clause_box.set_checked(clause is not None, notify=False)
        if clause is not None and self.events:
            ids = [e.id for e in self.events]
            if clause.event_id in ids and self.event_picker is not None:
                self.event_picker.set_index(ids.index(clause.event_id), notify=False)
            for clause_row in self.clause_rows():
                if clause_row.issue.id in clause.if_happens:
                    clause_row.happens.set_index(
                        clause_row.issue.index_of(clause.if_happens[clause_row.issue.id]),
                        notify=False,
                    )
                    clause_row.otherwise.set_index(
                        clause_row.issue.index_of(clause.otherwise[clause_row.issue.id]),
                        notify=False,
                    )
                    if clause_row.include is not None:
                        clause_row.include.set_checked(True, notify=False)
            for row in self.rows:  # the plain control shows the "if it happens" value
                if row.issue.id in clause.if_happens:
                    row.control.set_index(
                        row.issue.index_of(clause.if_happens[row.issue.id]), notify=False
                    )
        self._refresh_enabled()
        self._notify()

    def set_closed(self, closed: Mapping[str, Collection[str]]) -> None:
        """Close options no one can offer yet (issue id -> option values): they are passed
        over; a control showing one moves to the nearest open option."""
        for row in self.rows:
            controls = [row.control]
            for rows in self._clause_rows.values():
                controls += [r.happens for r in rows if r.issue.id == row.issue.id]
                controls += [r.otherwise for r in rows if r.issue.id == row.issue.id]
            values = closed.get(row.issue.id, ())
            skip = frozenset(i for i, v in enumerate(row.issue.values) if str(v) in values)
            for control in controls:
                control.skip = skip
                if control.index in skip:
                    near = sorted(
                        (abs(i - control.index), i)
                        for i in range(len(control.labels))
                        if i not in skip
                    )
                    if near:
                        control.skip = frozenset()
                        control.set_index(near[0][1], notify=False)
                        control.skip = skip

    def row(self, issue_id: str) -> IssueRow:
        """Return the row of an issue."""
        for row in self.rows:
            if row.issue.id == issue_id:
                return row
        raise KeyError(issue_id)

    def clause_row(self, issue_id: str) -> _ClauseRow:
        """Return the clause row of an issue for the chosen event."""
        for row in self.clause_rows():
            if row.issue.id == issue_id:
                return row
        raise KeyError(issue_id)

    def describe_choices(self) -> list[str]:
        """Return one line per control as the player reads it (tests)."""
        lines = []
        in_clause = set(self.clause_issues())
        for row in self.rows:
            if row.issue.id in in_clause:
                lines.append(tr("{issue}: in the clause").format(issue=row.issue.name))
            elif row.open_box.checked:
                lines.append(tr("{issue}: left open").format(issue=row.issue.name))
            else:
                lines.append(f"{row.issue.name}: {row.control.value_label}")
        for clause_row in self.clause_rows() if self.clause_on else []:
            if clause_row.issue.id in in_clause:
                lines.append(
                    tr("{issue} if it happens: {value}").format(
                        issue=clause_row.issue.name, value=clause_row.happens.value_label
                    )
                )
                lines.append(
                    tr("{issue} otherwise: {value}").format(
                        issue=clause_row.issue.name, value=clause_row.otherwise.value_label
                    )
                )
        return lines

    # ----------------------------------------------------------------- changes
    def _notify(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def _changed_value(self, _index: int) -> None:
        self._notify()

    def _changed_open(self, _checked: bool) -> None:
        self._refresh_enabled()
        self._notify()

    def _changed_clause(self, _checked: bool) -> None:
        self._refresh_enabled()
        self._notify()

    def _refresh_enabled(self) -> None:
        in_clause = set(self.clause_issues())
        for row in self.rows:
            decided_by_clause = row.issue.id in in_clause
            row.control.visible = not decided_by_clause
            row.open_box.visible = not decided_by_clause
            if decided_by_clause:
                row.control.disable(
                    ngettext(
                        "{issue} is set in the \u201cif\u201d clause below",
                        "{issue} are set in the \u201cif\u201d clause below",
                        _count(row.issue),
                    ).format(issue=row.issue.name)
                )
                row.open_box.disable(tr("Set in the clause below"))
            else:
                row.open_box.enable()
                if row.open_box.checked:
                    row.control.placeholder = tr("left open")
                    row.control.disable(
                        ngettext(
                            "{issue} is left open: they will suggest a value",
                            "{issue} are left open: they will suggest a value",
                            _count(row.issue),
                        ).format(issue=row.issue.name)
                    )
                else:
                    row.control.enable()
        active = set(id(c) for c in self._clause_controls())
        for rows in self._clause_rows.values():
            for clause_row in rows:
                for control in (clause_row.happens, clause_row.otherwise, clause_row.include):
                    if control is not None:
                        control.visible = id(control) in active
                if clause_row.include is not None and not clause_row.include.checked:
                    tick = tr("Tick the box to make this issue depend on the event")
                    clause_row.happens.disable(tick)
                    clause_row.otherwise.disable(tick)
                else:
                    clause_row.happens.enable()
                    clause_row.otherwise.enable()
        if self.event_picker is not None:
            self.event_picker.visible = self.clause_on

    def _clause_controls(self) -> list[Control]:
        if not self.clause_on:
            return []
        found: list[Control] = []
        for row in self.clause_rows():
            if row.include is not None:
                found.append(row.include)
            found += [row.happens, row.otherwise]
        return found

    # ----------------------------------------------------------------- focus and layout
    def focusables(self) -> list[Control]:
        """Return the controls in Tab order (hidden ones are skipped by the focus manager)."""
        found: list[Control] = []
        for row in self.rows:
            found += [row.control, row.open_box]
        if self.clause_box is not None:
            found.append(self.clause_box)
            if self.event_picker is not None:
                found.append(self.event_picker)
            for rows in self._clause_rows.values():
                for clause_row in rows:
                    found += [
                        c
                        for c in (clause_row.include, clause_row.happens, clause_row.otherwise)
                        if c is not None
                    ]
        return found

    def all_controls(self) -> list[Control]:
        """Return every control (for mouse events and drawing)."""
        return self.focusables()

    def _line(self, role: str = FontRole.BOLD, size: int = NAME_SIZE) -> int:
        return self.style.fonts.line_height(role, size)

    def _event_text(self) -> str:
        event = self.event
        if event is None:
            return ""
        chance = round(event.belief(self.player_id) * 100)
        return tr("If {event} (you put the chance at {chance}):").format(
            event=self.event_words(event), chance=percent(chance / 100)
        )

    def measure(self, width: int) -> int:
        """Return the height the builder needs in ``width`` pixels."""
        return self._layout(pygame.Rect(0, 0, width, 0), None, place=False)

    def place(self, rect: pygame.Rect, clip: pygame.Rect | None) -> int:
        """Put the controls inside ``rect`` (drawn only inside ``clip``); return the height used."""
        return self._layout(pygame.Rect(rect), clip, place=True)

    def _layout(self, rect: pygame.Rect, clip: pygame.Rect | None, *, place: bool) -> int:
        style = self.style
        gap = style.scaled(8)
        control_h = style.control_height()
        name_h = self._line() + 4
        y = rect.top
        headers: list[tuple[str, pygame.Rect, str]] = []
        in_clause = set(self.clause_issues())
        for row in self.rows:
            box_w = min(row.open_box.preferred_width(), rect.width // 2)
            if place:
                row.label_rect = pygame.Rect(rect.left, y, rect.width - box_w - gap, name_h)
                row.open_box.place(pygame.Rect(rect.right - box_w, y, box_w, name_h), clip)
            if row.issue.id in in_clause:  # no control: the clause below decides it
                y += name_h + gap
                continue
            if place:
                spot = pygame.Rect(rect.left, y + name_h + 6, rect.width, control_h)
                row.control.place(spot, clip)
            y += name_h + 6 + control_h + gap
        if self.clause_box is not None:
            y += style.scaled(4)
            box_h = max(self._line(), style.scaled(30))
            if place:
                self.clause_box.place(pygame.Rect(rect.left, y, rect.width, box_h), clip)
            y += box_h + 4
            if self.clause_on:
                if self.event_picker is not None:
                    if place:
                        self.event_picker.place(
                            pygame.Rect(rect.left, y, rect.width, control_h), clip
                        )
                    y += control_h + 6
                text = self._event_text()
                text_h = style.text.text_height(text, FontRole.ITALIC, NOTE_SIZE + 1, rect.width)
                headers.append((text, pygame.Rect(rect.left, y, rect.width, text_h), "event"))
                y += text_h + 4
                for clause_row in self.clause_rows():
                    if clause_row.include is not None:
                        if place:
                            clause_row.include.place(
                                pygame.Rect(rect.left, y, rect.width, name_h), clip
                            )
                        y += name_h + 2
                    for which in ("happens", "otherwise"):
                        control = getattr(clause_row, which)
                        if place:
                            setattr(
                                clause_row,
                                f"label_{which}",
                                pygame.Rect(rect.left, y, rect.width, name_h),
                            )
                            spot = pygame.Rect(rect.left, y + name_h + 6, rect.width, control_h)
                            control.place(spot, clip)
                        y += name_h + 6 + control_h + 6
                    y += gap - 6
            else:
                note = tr("For example: {example}").format(example=self._example())
                note_h = style.text.text_height(note, FontRole.ITALIC, NOTE_SIZE, rect.width)
                headers.append((note, pygame.Rect(rect.left, y, rect.width, note_h), "note"))
                y += note_h + 4
        if place:
            self._header_rects = headers
            self._clip = clip
        return y - rect.top

    def _example(self) -> str:
        event = self.event
        rows = self.clause_rows()
        if event is None or not rows:
            return ""
        issue = rows[0].issue
        high = issue.format(issue.values[-1])
        low = issue.format(issue.values[0])
        return tr("{issue} {high} if {event}, otherwise {low}.").format(
            issue=issue.name, high=high, event=self.event_words(event), low=low
        )

    # ----------------------------------------------------------------- drawing
    def draw(self, surface: pygame.Surface) -> None:
        """Draw the labels and every control."""
        style = self.style
        cache = style.text
        text = style.colour("text")
        muted = style.colour("text_muted")
        clip = getattr(self, "_clip", None)
        old = surface.get_clip()
        if clip is not None:
            surface.set_clip(clip.clip(old) if old else clip)
        in_clause = set(self.clause_issues())
        for row in self.rows:
            rect = row.label_rect
            name = cache.fit(row.issue.name, FontRole.BOLD, NAME_SIZE, text, rect.width)
            surface.blit(name, name.get_rect(midleft=(rect.left, rect.centery)))
            if row.issue.id in in_clause:
                note = cache.render(
                    tr("set in the clause below"), FontRole.ITALIC, NOTE_SIZE, muted
                )
                right = row.open_box.rect.right
                surface.blit(note, note.get_rect(midright=(right, rect.centery)))
        for words, rect, kind in self._header_rects:
            role = FontRole.ITALIC
            size = NOTE_SIZE + 1 if kind == "event" else NOTE_SIZE
            cache.draw_wrapped(surface, words, role, size, text if kind == "event" else muted, rect)
        if self.clause_on:
            for clause_row in self.clause_rows():
                for which, words in (
                    ("happens", tr("{issue} if it happens")),
                    ("otherwise", tr("{issue} otherwise")),
                ):
                    rect = getattr(clause_row, f"label_{which}")
                    label = cache.fit(
                        words.format(issue=clause_row.issue.name),
                        FontRole.BOLD,
                        NAME_SIZE - 1,
                        text,
                        rect.width,
                    )
                    surface.blit(label, label.get_rect(midleft=(rect.left, rect.centery)))
        surface.set_clip(old)
        for control in self.all_controls():
            control.draw(surface)
