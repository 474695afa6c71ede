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
from game.i18n import N_, language, ngettext, tr
from game.i18n import number as i18n_number
from game.levels.loader import LoadedLevel
from game.levels.schema import NumericIssueModel
from game.levels.text import level_text, option_label
from game.npc.mediator import mediator_first_round
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
    "player_utility": N_("your payoff"),
    "joint_utility": N_("the joint payoff (yours plus theirs)"),
    "min_satisfaction": N_("the lower of the two satisfactions"),
    "nash_product": N_("the Nash product (both sides' gains multiplied)"),
}
KIND_WORDS = {
    "distributive": N_("fixed pie"),
    "integrative": N_("several issues to trade"),
    "contingent": N_("contingent deal"),
    "household": N_("household negotiation"),
    "reverse": N_("in their shoes"),
    "multiparty": N_("many parties"),
    "grievance": N_("repairing trust"),
    "series": N_("a series of talks"),
}


def format_value(issue: Any, value: float) -> str:
    """Return a numeric issue's value with its unit, e.g. "$38" or "5 days"."""
    if float(value).is_integer():
        number = i18n_number(value)
    else:  # "12.5", "12,5" in Spanish: no trailing zeros
        decimals = len(f"{value:.2f}".rstrip("0").split(".")[1])
        number = i18n_number(value, decimals)
    unit = getattr(issue, "unit", "")
    if not unit:
        return number
    if getattr(issue, "unit_position", "after") == "before":
        return f"{unit}{number}"
    return f"{number} {unit}"


def _issue_line(issue: Any, english: Any = None) -> str:
    if isinstance(issue, NumericIssueModel):
        span = tr("{low} to {high}").format(
            low=format_value(issue, issue.low), high=format_value(issue, issue.high)
        )
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
        blocks.append(Note(zone_hint(level), tr("Agreement zone")))
    return blocks


def _rules_text(level: LoadedLevel) -> str:
    rules = level.model.rules
    rounds = rules.deadline_rounds
    said = [ngettext("{n} round.", "{n} rounds.", rounds).format(n=rounds)]
    if rules.first_mover == "player":
        said.append(tr("You make the first offer."))
    else:
        try:
            name = level.npc(rules.first_mover).name
        except KeyError:
            name = rules.first_mover
        said.append(tr("{name} makes the first offer.").format(name=name))
    if rules.mediator.allowed:
        first = mediator_first_round(rules.mediator.after_round)
        if first > 1:
            said.append(tr("You may ask for the mediator from round {n}.").format(n=first))
        else:
            said.append(tr("You may ask for the mediator."))
    return " ".join(said)


def _star_blocks(level: LoadedLevel) -> list[Block]:
    # The same list the debrief judges: every threshold that decides a star is in it.
    objectives = star_objectives(level, language())
    shown = level_text(level.model)
    names = {shown.player.name, *(n.name.split()[0] for n in shown.npcs)}

    def mid_sentence(goal: str) -> str:
        # one sentence of goals joined by semicolons: "...; pay $50 or less" (a name keeps
        # its capital: "...; Rosa trusts you")
        first = goal.split(" ", 1)[0]
        if first in names or not goal[1:2].islower():
            return goal
        return goal[:1].lower() + goal[1:]

    blocks: list[Block] = []
    for star in (1, 2, 3):
        goals = [mid_sentence(o.text.strip().rstrip(".")) for o in objectives if o.stars == star]
        parts = goals or ([tr("finish the negotiation")] if star == 1 else [tr("nothing more")])
        if star > 1:
            parts.insert(
                0,
                ngettext("Everything for {n} star", "Everything for {n} stars", star - 1).format(
                    n=star - 1
                ),
            )
        text = "; ".join(parts) + "."
        blocks.append(StarRule(star, text[0].upper() + text[1:]))
    return blocks


def briefing_blocks(level: LoadedLevel) -> list[Block]:
    """Return the main briefing page for ``level`` (no characters)."""
    model = level_text(level.model)
    player = model.player
    blocks: list[Block] = [
        Paragraph(
            chapter_line(model.chapter, tr(KIND_WORDS.get(model.kind, model.kind))),
            muted=True,
            size=17,
        ),
        Heading(tr("The story")),
        Paragraph(model.briefing),
        Paragraph(player.role, label=tr("You are:")),
        Paragraph(_rules_text(level), label=tr("Time:")),
        Heading(tr("What is decided")),
        Bullets(tuple(_issue_line(issue, level.model) for issue in model.issues)),
        Heading(tr("Your priorities")),
        Paragraph(
            tr("How much each issue matters to you (the biggest is the full bar)."),
            muted=True,
            size=16,
        ),
        Bars(tuple(_weights(level, "player"))),
        Heading(tr("Your BATNA")),
        Paragraph(player.batna, label=tr("If there is no deal:")),
    ]
    held = [e for e in model.evidence if e.holder == "player"]
    if held:
        blocks.append(Heading(tr("Evidence cards you hold")))
        blocks.append(Bullets(tuple(f"{e.title}: {e.text}" for e in held)))
    if player.knows:
        blocks.append(Heading(tr("What you know about the other side")))
        blocks.append(Bullets(tuple(player.knows)))
    if player.grievances:
        blocks.append(Heading(tr("What still hurts")))
        blocks.append(Bullets(tuple(g.text for g in player.grievances)))
    hints = _hint_blocks(level)
    if hints:
        blocks.append(Heading(tr("Hints")))
        blocks.extend(hints)
    return blocks


def goal_blocks(level: LoadedLevel) -> list[Block]:
    """Return the objectives and what each star needs."""
    return [Heading(tr("Objectives and stars")), *_star_blocks(level)]


def people_blocks(level: LoadedLevel) -> list[Block]:
    """Return a card per character (and their priorities when the level reveals them)."""
    show_weights = level.model.rules.hints.other_priorities
    blocks: list[Block] = [Heading(tr("Across the table"))]
    for npc in level_text(level.model).npcs:
        blocks.append(PersonCard(npc.portrait, npc.name, npc.role, npc.bio))
        if show_weights and npc.preferences is not None:
            matters = tr("What matters to {name}:").format(name=npc.name)
            blocks.append(Paragraph(matters, size=16, muted=True))
            blocks.append(Bars(tuple(_weights(level, npc.id))))
    return blocks


class BriefingScene(MenuScene):
    """Everything the player needs before the talks; see the module docstring."""

    KEYS = (
        KeyBinding(
            N_("PageUp / PageDown"),
            N_("scroll the story, whatever has the focus"),
            ("PAGE UP", "PAGE DOWN"),
            lambda s, name: s.scroll_story(name),
            first=True,
        ),
        KeyBinding(N_("Enter on Start"), N_("sit down at the table")),
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
                tr(
                    "a level of your class {name}: everyone in the class plays it with "
                    "the same scenario, and your results of it go to your teacher."
                ).format(name=installed.name),
                tr("Class"),
            )
        lead = class_lead(store, self.services.get("profile_name"))
        if lead is not None and any(e.id == self.level.id for e in lead.installed.levels):
            return Note(
                tr(
                    "this is the campaign's copy. Your class {name} plays its own "
                    "copy of this level (Continue on the title screen opens it): only that one "
                    "goes to your teacher."
                ).format(name=lead.installed.name),
                tr("Campaign"),
            )
        return None

    FOOTER = (ButtonSpec("back", N_("Back")), ButtonSpec("start", N_("Start negotiation")))

    def footer(self) -> list[ButtonSpec]:
        """Return the footer's buttons in the language in use."""
        return [ButtonSpec(spec.key, tr(spec.text)) for spec in self.FOOTER]

    def _footer_specs(self) -> list[ButtonSpec]:
        """Return the footer's buttons with Play as a role-play where the level offers it."""
        specs = self.footer()
        if getattr(self, "role_play", None):
            specs.insert(1, ButtonSpec("role_play", tr("Play as a role-play (two people)")))
        return specs

    def min_height(self, width: int) -> int:
        # Without the role-play button: at 200 % text in 1024 x 600 the story keeps a few
        # lines (it scrolls) and Start stays in the window without scrolling the page.
        return self.frame_height(width, self.footer()) + self.fonts.scaled_size(200)

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width, height = size
        fonts = self.fonts
        top = self.content_top()
        specs = self._footer_specs()
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
