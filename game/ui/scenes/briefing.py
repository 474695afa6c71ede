"""The briefing: the story, your role and priorities, your BATNA, what you hold and know,
who sits across the table, the objectives and star thresholds, and the hints the level
allows.  "Start negotiation" hands the level to the navigator.

The page is a scrolling :class:`DocumentView` (Up / Down / PageUp / PageDown while it has
focus, or the mouse wheel); the characters are in a second column when the window is wide
enough, else at the end of the page.  Esc goes back.
"""

from __future__ import annotations

import logging
from typing import Any

import pygame

from game.campaign.hints import zone_hint
from game.campaign.objectives import star_objectives
from game.i18n import language
from game.levels.loader import LoadedLevel
from game.levels.schema import NumericIssueModel
from game.levels.text import level_text, option_label
from game.npc.mediator import mediator_from_words
from game.ui.keys import KeyBinding
from game.ui.scenes.campaign_map import chapter_line
from game.ui.scenes.common import MARGIN, MenuScene
from game.ui.widgets.button_row import ButtonSpec
from game.ui.widgets.document import (
    BarRow,
    Bars,
    Block,
    Bullets,
    DocumentView,
    Heading,
    Note,
    Paragraph,
    PersonCard,
    StarRule,
)
from game.ui.widgets.portrait import PortraitLibrary

__all__ = ["BriefingScene", "briefing_blocks", "people_blocks", "goal_blocks", "format_value"]

logger = logging.getLogger(__name__)

MEASURE_WORDS = {
    "player_utility": "your payoff",
    "joint_utility": "the joint payoff (yours plus theirs)",
    "min_satisfaction": "the lower of the two satisfactions",
    "nash_product": "the Nash product (both sides' gains multiplied)",
}
KIND_WORDS = {
    "distributive": "fixed pie",
    "integrative": "several issues to trade",
    "contingent": "contingent deal",
    "household": "household negotiation",
    "reverse": "in their shoes",
    "multiparty": "many parties",
    "grievance": "repairing trust",
    "series": "a series of talks",
}


def format_value(issue: Any, value: float) -> str:
    """Return a numeric issue's value with its unit, e.g. "$38" or "5 days"."""
    number = (
        f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    )
    unit = getattr(issue, "unit", "")
    if not unit:
        return number
    if getattr(issue, "unit_position", "after") == "before":
        return f"{unit}{number}"
    return f"{number} {unit}"


def _issue_line(issue: Any, english: Any = None) -> str:
    if isinstance(issue, NumericIssueModel):
        span = f"{format_value(issue, issue.low)} to {format_value(issue, issue.high)}"
        text = f"{issue.name} ({span})"
    else:
        shown = [
            o if english is None else option_label(english, issue.id, o) for o in issue.options
        ]
        text = f"{issue.name} ({', '.join(shown)})"
    return f"{text}: {issue.description}" if issue.description else text


def _weights(level: LoadedLevel, party_id: str) -> list[BarRow]:
    """Return a bar per issue: how much it matters to ``party_id`` (share of 100 %)."""
    try:
        preferences = level.negotiation.party(party_id).preferences
    except Exception:  # an id the engine does not know: no bars rather than a crash
        logger.warning("no preferences for %s", party_id, exc_info=True)
        return []
    weights = [(issue, preferences.weight(issue.id)) for issue in level_text(level.model).issues]
    top = max((w for _, w in weights), default=0.0) or 1.0
    return [BarRow(issue.name, w / top, f"{round(w * 100)} %") for issue, w in weights]


def _hint_blocks(level: LoadedLevel) -> list[Block]:
    hints = level.model.rules.hints
    blocks: list[Block] = []
    if hints.agreement_zone:
        # Only what the player's role can know: their own limit, never the other side's.
        blocks.append(Note(zone_hint(level), "Agreement zone"))
    return blocks


def _rules_text(level: LoadedLevel) -> str:
    rules = level.model.rules
    first = "You make" if rules.first_mover == "player" else None
    if first is None:
        try:
            name = level.npc(rules.first_mover).name
        except KeyError:
            name = rules.first_mover
        first = f"{name} makes"
    text = f"{rules.deadline_rounds} rounds. {first} the first offer."
    if rules.mediator.allowed:
        when = mediator_from_words(rules.mediator.after_round)
        text += f" You may ask for the mediator{' ' + when if when else ''}."
    return text


def _star_blocks(level: LoadedLevel) -> list[Block]:
    # The same list the debrief judges: every threshold that decides a star is in it.
    objectives = star_objectives(level, language())
    blocks: list[Block] = []
    for star in (1, 2, 3):
        goals = [o.text.strip().rstrip(".") for o in objectives if o.stars == star]
        parts = goals or (["finish the negotiation"] if star == 1 else ["nothing more"])
        if star > 1:
            parts.insert(0, f"Everything for {star - 1} star{'s' if star > 2 else ''}")
        text = "; ".join(parts) + "."
        blocks.append(StarRule(star, text[0].upper() + text[1:]))
    return blocks


def briefing_blocks(level: LoadedLevel) -> list[Block]:
    """Return the main briefing page for ``level`` (no characters)."""
    model = level_text(level.model)
    player = model.player
    blocks: list[Block] = [
        Paragraph(
            chapter_line(model.chapter, KIND_WORDS.get(model.kind, model.kind)),
            muted=True,
            size=17,
        ),
        Heading("The story"),
        Paragraph(model.briefing),
        Paragraph(player.role, label="You are:"),
        Paragraph(_rules_text(level), label="Time:"),
        Heading("What is decided"),
        Bullets(tuple(_issue_line(issue, level.model) for issue in model.issues)),
        Heading("Your priorities"),
        Paragraph(
            "How much each issue matters to you (the biggest is the full bar).", muted=True, size=16
        ),
        Bars(tuple(_weights(level, "player"))),
        Heading("Your BATNA"),
        Paragraph(player.batna, label="If there is no deal:"),
    ]
    held = [e for e in model.evidence if e.holder == "player"]
    if held:
        blocks.append(Heading("Evidence cards you hold"))
        blocks.append(Bullets(tuple(f"{e.title}: {e.text}" for e in held)))
    if player.knows:
        blocks.append(Heading("What you know about the other side"))
        blocks.append(Bullets(tuple(player.knows)))
    if player.grievances:
        blocks.append(Heading("What still hurts"))
        blocks.append(Bullets(tuple(g.text for g in player.grievances)))
    hints = _hint_blocks(level)
    if hints:
        blocks.append(Heading("Hints"))
        blocks.extend(hints)
    return blocks


def goal_blocks(level: LoadedLevel) -> list[Block]:
    """Return the objectives and what each star needs."""
    return [Heading("Objectives and stars"), *_star_blocks(level)]


def people_blocks(level: LoadedLevel) -> list[Block]:
    """Return a card per character (and their priorities when the level reveals them)."""
    show_weights = level.model.rules.hints.other_priorities
    blocks: list[Block] = [Heading("Across the table")]
    for npc in level_text(level.model).npcs:
        blocks.append(PersonCard(npc.portrait, npc.name, npc.role, npc.bio))
        if show_weights and npc.preferences is not None:
            blocks.append(Paragraph(f"What matters to {npc.name}:", size=16, muted=True))
            blocks.append(Bars(tuple(_weights(level, npc.id))))
    return blocks


class BriefingScene(MenuScene):
    """Everything the player needs before the talks; see the module docstring."""

    KEYS = (
        KeyBinding(
            "PageUp / PageDown",
            "scroll the story, whatever has the focus",
            ("PAGE UP", "PAGE DOWN"),
            lambda s, name: s.scroll_story(name),
            first=True,
        ),
        KeyBinding("Enter on Start", "sit down at the table"),
    )

    def __init__(self, level: LoadedLevel) -> None:
        super().__init__()
        self.level = level
        self.heading = level_text(level.model).title

    def enter(self, context) -> None:
        super().enter(context)
        self.portraits = PortraitLibrary(context.assets.portraits, self.level.base_dir)
        self.class_note = self._class_note()
        from game.ui.scenes.roleplay import role_play_offer

        self.role_play = role_play_offer(self.level, self.services)

    def _class_note(self) -> Note | None:
        """Return a note saying whose copy of the level this is: the class's, or the
        campaign's copy of a level the player's class also plays."""
        from game.ui.scenes.common import class_lead

        store = self.services.get("store")
        data_dir = getattr(store, "data_dir", None)
        if data_dir is None:
            return None
        from game.classroom.install import class_of_level

        installed = class_of_level(data_dir, self.level)
        if installed is not None:
            return Note(
                f"a level of your class {installed.name}: everyone in the class plays it with "
                "the same scenario, and your results of it go to your teacher.",
                "Class",
            )
        lead = class_lead(store, self.services.get("profile_name"))
        if lead is not None and any(e.id == self.level.id for e in lead.installed.levels):
            return Note(
                f"this is the campaign's copy. Your class {lead.installed.name} plays its own "
                "copy of this level (Continue on the title screen opens it): only that one "
                "goes to your teacher.",
                "Campaign",
            )
        return None

    FOOTER = (ButtonSpec("back", "Back"), ButtonSpec("start", "Start negotiation"))

    def min_height(self, width: int) -> int:
        return self.frame_height(width, self.FOOTER) + self.fonts.scaled_size(200)

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width, height = size
        fonts = self.fonts
        top = self.content_top()
        specs = list(self.FOOTER)
        if getattr(self, "role_play", None):
            specs.insert(1, ButtonSpec("role_play", "Play as a role-play (two people)"))
        buttons, footer_top = self.build_footer(specs, width, height - MARGIN, align="right")
        body_h = footer_top - 16 - top
        page_blocks = briefing_blocks(self.level)
        note = getattr(self, "class_note", None)
        if note is not None:
            page_blocks = [note, *page_blocks]
        people = [*people_blocks(self.level), *goal_blocks(self.level)]
        side_w = max(fonts.scaled_size(300), int((width - 2 * MARGIN) * 0.32))
        main_w = width - 2 * MARGIN - MARGIN - side_w
        self.two_columns = main_w >= fonts.scaled_size(440)
        page = DocumentView(fonts, self.palette, self.portraits)
        self.page = self.track(page, "page")
        if self.two_columns:
            page.set_rect(pygame.Rect(MARGIN, top, main_w, body_h))
            page.set_blocks(page_blocks)
            side = DocumentView(fonts, self.palette, self.portraits)
            side.set_rect(pygame.Rect(MARGIN + main_w + MARGIN, top, side_w, body_h))
            side.set_blocks(people)
            self.people: DocumentView | None = self.track(side, "people")
        else:
            page.set_rect(pygame.Rect(MARGIN, top, width - 2 * MARGIN, body_h))
            page.set_blocks([*page_blocks, *people])
            self.people = None

    def initial_focus(self) -> None:
        self.focus_key("role_play" if self.role_play == "class" else "start")

    def scroll_story(self, name: str) -> bool:
        """PageUp / PageDown scroll the story whatever has the focus (unless a page does)."""
        event = pygame.event.Event(
            pygame.KEYDOWN,
            key=pygame.K_PAGEUP if name == "PAGE UP" else pygame.K_PAGEDOWN,
            mod=0,
            unicode="",
        )
        focused = self.focus.focused
        if isinstance(focused, DocumentView) and focused.scrollable:
            return focused.handle_key(event)
        return self.page.handle_key(event)

    def text_lines(self) -> list[str]:
        """Return every line of the briefing as laid out (tests read what the player reads)."""
        lines = [self.heading, *self.page.text_lines()]
        if self.people is not None:
            lines += self.people.text_lines()
        return lines

    def on_button(self, key: str) -> None:
        if key == "start":
            self.navigator.start_negotiation(self.level)
        elif key == "role_play":
            self.navigator.to_role_play(self.level)
        elif key == "back":
            self.navigator.back()
