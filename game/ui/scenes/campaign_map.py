"""The campaign map: chapters and levels with locks, stars and the suggested next level.

Left: every level by chapter.  Each row says in words what its marks show: "Locked",
"Next up", "Not played yet" or "Best: 2 of 3 stars".  Right: the chosen level's summary,
objectives and a button to read its briefing, then the badges earned.

Keys: Up / Down choose a level, Enter opens its briefing, Tab reaches the buttons, Esc
goes back to the title screen.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import pygame

from game.campaign.badges import BADGES
from game.campaign.progress import unlock_condition
from game.i18n import N_, language, ngettext, number, tr
from game.levels.catalog import LevelEntry
from game.store import StoreError
from game.ui.fonts import FontRole
from game.ui.keys import KeyBinding
from game.ui.scenes.common import (
    MARGIN,
    CampaignOverview,
    MenuScene,
    campaign_overview,
    class_lead,
    without_suggestion,
)
from game.ui.text import wrap_text
from game.ui.widgets.button_row import ButtonSpec, build_row
from game.ui.widgets.document import Bullets, DocumentView, Heading, Note, Paragraph
from game.ui.widgets.icons import draw_chevron, draw_lock, draw_medal, draw_stars
from game.ui.widgets.list_view import ListRow, ListView, RowState

__all__ = ["CampaignMapScene", "CHAPTER_TITLES", "chapter_line", "chapter_title"]

logger = logging.getLogger(__name__)

#: Names of the campaign's chapters (a chapter without a name is called "Chapter N").
CHAPTER_TITLES = {
    1: N_("The fixed pie"),
    2: N_("Growing the pie"),
    3: N_("Difficult negotiators"),
    4: N_("Betting on the future"),
    5: N_("At home"),
    6: N_("In their shoes"),
    7: N_("Many parties"),
    8: N_("Letting go"),
}


def chapter_title(number: int) -> str:
    """Return "Chapter N: name" for a chapter number (in the language in use)."""
    name = CHAPTER_TITLES.get(number)
    if name:
        return tr("Chapter {n}: {name}").format(n=number, name=tr(name))
    return tr("Chapter {n}").format(n=number)


def chapter_line(number: int, kind_words: str) -> str:
    """Return "Chapter N: name · kind", leaving out the kind when the name already says it.

    "Chapter 6: In their shoes" for a reverse level, not "... · in their shoes";
    "Chapter 2: Growing the pie · several issues to trade".
    """
    title = chapter_title(number)
    name = tr(CHAPTER_TITLES[number]) if number in CHAPTER_TITLES else ""
    said = " ".join(name.lower().split())
    kind = " ".join(kind_words.lower().split())
    if not kind or (said and kind in said):
        return title
    return f"{title} · {kind_words}"


@lru_cache(maxsize=128)
def _level_headline(path: Path, mtime: float, code: str = "en") -> dict[str, Any]:
    """Return the summary and objectives written in a level file, in language ``code``
    where the level has them (empty when unreadable)."""
    del mtime  # part of the cache key: a changed file is read again
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        said = (data.get("translations") or {}).get(code) or {} if code != "en" else {}
        goals = said.get("objectives") or {}
        return {
            "summary": str(said.get("summary") or data.get("summary", "")),
            "objectives": [
                (
                    int(o.get("stars", 1)),
                    str((goals.get(o.get("id")) or {}).get("text") or o.get("text", "")),
                )
                for o in data.get("objectives", [])
                if isinstance(o, dict)
            ],
            "kind": str(data.get("kind", "")),
        }
    except (OSError, ValueError, TypeError, AttributeError):
        return {"summary": "", "objectives": [], "kind": ""}


def level_headline(entry: LevelEntry) -> dict[str, Any]:
    """Return a level's summary and objectives for the map's side panel."""
    try:
        mtime = entry.path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _level_headline(entry.path, mtime, language())


class CampaignMapScene(MenuScene):
    """Chapters and levels; see the module docstring."""

    KEYS = (
        KeyBinding(N_("Up / Down"), N_("pick a level")),
        KeyBinding(N_("Enter on a level"), N_("open its briefing")),
        KeyBinding(
            N_("Esc"), N_("back to the title screen"), ("ESCAPE",), lambda s, _: s.on_back()
        ),
    )

    heading = N_("Campaign")
    lays_out_on_resume = True  # resume() reads the progress again and lays out

    def __init__(self) -> None:
        super().__init__()
        self.overview: CampaignOverview | None = None
        self.selected_id: str | None = None

    # -- data -----------------------------------------------------------------------------------
    def enter(self, context) -> None:
        super().enter(context)
        self._load()

    def resume(self) -> None:
        self._load()
        self.on_resize(self.stack.size)

    def _load(self) -> None:
        profile = None
        name = self.services["profile_name"]
        if name is not None:
            try:
                profile = self.services["store"].get_profile(name)
            except StoreError as error:
                self.show_banner(" ".join(error.user_lines), "error")
        self.overview = campaign_overview(profile)
        lead = class_lead(self.services["store"], name) if profile is not None else None
        if lead is not None:
            # the class leads: no campaign copy of its level is "next up"
            self.overview = without_suggestion(self.overview)
            self.show_banner(
                tr(
                    "Your class comes first: next up is {level} from {name}, under Custom "
                    "levels (Continue on the title opens it)."
                ).format(level=lead.level.title, name=lead.installed.name),
                "info",
            )
        if self.selected_id is None or self.overview.status(self.selected_id) is None:
            suggested = self.overview.suggested
            self.selected_id = suggested.id if suggested else None
            if lead is not None and self.overview.statuses:
                self.selected_id = self.overview.statuses[0].id

    def level_rows(self) -> list[ListRow]:
        """Return the list rows: a header per chapter, then its levels."""
        assert self.overview is not None
        rows: list[ListRow] = []
        chapter = None
        position = 0
        for entry, status in zip(self.overview.entries, self.overview.statuses, strict=True):
            if entry.chapter != chapter:
                chapter = entry.chapter
                position = 0
                rows.append(ListRow(f"chapter-{chapter}", chapter_title(chapter), header=True))
            position += 1
            if not status.unlocked:
                detail = tr("Locked: {why}").format(why=self._unlock_condition(entry.id))
            elif status.suggested:
                detail = tr("Next up")
                if status.stars:
                    detail = tr("Next up · best: {n} of 3 stars").format(n=status.stars)
            elif status.stars:
                detail = tr("Best: {n} of 3 stars").format(n=status.stars)
            elif status.played:
                detail = tr("Played · no stars yet")
            else:
                detail = tr("Not played yet")
            rows.append(
                ListRow(
                    entry.id,
                    f"{chapter}.{position}  {entry.title_in(language())}",
                    detail,
                    data=status,
                )
            )
        return rows

    # -- layout ---------------------------------------------------------------------------------
    def footer(self) -> list[ButtonSpec]:
        """Return the buttons along the bottom (in the language in use)."""
        return [
            ButtonSpec("back", tr("Back to title")),
            ButtonSpec("custom", tr("Custom levels")),
            ButtonSpec("settings", tr("Settings")),
        ]

    def stacked(self, width: int) -> bool:
        """Return True when the window is too narrow for the text size: one column."""
        return width / self.fonts.text_scale < 700

    def _row_height(self) -> int:
        fonts = self.fonts
        return fonts.line_height(FontRole.BOLD, 20) + fonts.line_height(FontRole.BODY, 16) + 16

    def min_height(self, width: int) -> int:
        fonts = self.fonts
        frame = self.frame_height(width, self.footer())
        if self.stacked(width):
            inner = width - 2 * MARGIN
            open_h = self.footer_height([ButtonSpec("open", tr("Read the briefing"))], inner)
            return (
                frame
                + self._stacked_list_height()
                + 16
                + fonts.scaled_size(220)
                + 12
                + open_h
                + 12
                + self._badges_height(inner)
            )
        right_w = width - 3 * MARGIN - max(320, int((width - 3 * MARGIN) * 0.5))
        open_h = self.footer_height([ButtonSpec("open", tr("Read the briefing"))], right_w)
        right = fonts.scaled_size(140) + open_h + self._badges_height(right_w) + 24
        return frame + max(4 * self._row_height(), right)

    def _stacked_list_height(self) -> int:
        """Return the list's height in one column: five rows, but never taller than the window."""
        fits = self.size[1] - 2 * MARGIN - self.heading_height() - 24
        return max(2 * self._row_height(), min(5 * self._row_height(), fits))

    def _star_radius(self) -> int:
        return max(6, min(11, self.fonts.line_height(FontRole.BOLD, 20) // 3))

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None and self.overview is not None
        width, height = size
        fonts = self.fonts
        top = self.content_top()
        gap = MARGIN
        bottom = height - MARGIN
        specs = self.footer()
        buttons, footer_top = self.build_footer(specs, width, bottom)
        radius = self._star_radius()
        levels = ListView(
            fonts,
            self.palette,
            on_select=self._on_select,
            on_activate=lambda row: self.open_selected(),
            decorate=self._decorate,
            decoration_width=round(radius * 2.3 * 2 + 2 * radius) + 8,
            scale_decoration=False,
        )
        play_specs = [ButtonSpec("open", tr("Read the briefing"), self._locked_reason())]
        if self.stacked(width):
            inner = width - 2 * MARGIN
            play_h = self.footer_height(play_specs, inner)
            badges_h = self._badges_height(inner)
            below = fonts.scaled_size(220) + 12 + play_h + 12 + badges_h
            list_h = max(self._stacked_list_height(), footer_top - 16 - top - below - 16)
            list_rect = pygame.Rect(MARGIN, top, inner, list_h)
            right = pygame.Rect(MARGIN, list_rect.bottom + 16, inner, 0)
            details_rect = pygame.Rect(right.left, right.top, inner, fonts.scaled_size(220))
            play_top = details_rect.bottom + 12
            self.badges_rect = pygame.Rect(MARGIN, play_top + play_h + 12, inner, badges_h)
        else:
            left_w = max(320, int((width - 2 * MARGIN - gap) * 0.5))
            list_rect = pygame.Rect(MARGIN, top, left_w, footer_top - 16 - top)
            right = pygame.Rect(
                list_rect.right + gap, top, width - MARGIN - list_rect.right - gap, 0
            )
            play_h = self.footer_height(play_specs, right.width)
            self.badges_rect = pygame.Rect(
                right.left, 0, right.width, self._badges_height(right.width)
            )
            self.badges_rect.bottom = list_rect.bottom
            details_bottom = self.badges_rect.top - 12 - play_h - 12
            details_rect = pygame.Rect(right.left, top, right.width, max(60, details_bottom - top))
            play_top = details_rect.bottom + 12
        levels.set_rect(list_rect)
        levels.set_rows(self.level_rows(), select_key=self.selected_id)
        self.levels = self.track(levels, "levels")
        self.details = self.track(DocumentView(fonts, self.palette), "details")
        self.details.set_rect(details_rect)
        self.details.set_blocks(self._detail_blocks())
        play, _ = build_row(
            play_specs,
            pygame.Rect(right.left, play_top, right.width, play_h),
            fonts,
            self.control_style,
        )
        self.add_buttons(play)

    def initial_focus(self) -> None:
        self.focus_key("levels")

    def _selected_entry(self) -> LevelEntry | None:
        if self.overview is None or self.selected_id is None:
            return None
        return self.overview.entry(self.selected_id)

    def _locked_reason(self) -> str | None:
        entry = self._selected_entry()
        if entry is None:
            return tr("Choose a level in the list")
        status = self.overview.status(entry.id) if self.overview else None
        if status is not None and not status.unlocked:
            return tr("Locked: {why}").format(why=self._unlock_condition(entry.id))
        return None

    def _unlock_condition(self, level_id: str) -> str:
        """Return what opens a locked level ("earn a star on X first"), without "Locked:"."""
        previous = self.overview.previous(level_id) if self.overview else None
        return unlock_condition(previous.title if previous else None)

    def _detail_blocks(self) -> list:
        entry = self._selected_entry()
        if entry is None or self.overview is None:
            return [Paragraph(tr("Choose a level in the list."), muted=True)]
        status = self.overview.status(entry.id)
        headline = level_headline(entry)
        blocks: list = [
            Heading(entry.title_in(language()), 24),
            Paragraph(chapter_title(entry.chapter), muted=True, size=17),
        ]
        if headline["summary"]:
            blocks.append(Paragraph(headline["summary"]))
        if status is not None:
            if not status.unlocked:
                blocks.append(Note(self._unlock_condition(entry.id) + ".", tr("Locked")))
            else:
                best = tr("Your best:")
                if status.stars:
                    said = tr("{n} of 3 stars").format(n=status.stars)
                elif status.played:
                    said = tr("played, no stars yet")
                else:
                    said = tr("not played yet")
                blocks.append(Paragraph(said, label=best))
            if status.suggested:
                blocks.append(Note(tr("This is the level to play next."), tr("Next up")))
        objectives = headline["objectives"]
        if objectives:
            blocks.append(Heading(tr("Objectives"), 20))
            blocks.append(
                Bullets(
                    tuple(
                        ngettext("{text} ({n} star)", "{text} ({n} stars)", stars).format(
                            text=text, n=stars
                        )
                        for stars, text in objectives
                    )
                )
            )
        return blocks

    def _badges_height(self, width: int) -> int:
        line = self.fonts.line_height(FontRole.BODY, 17)
        rows = sum(len(lines) for lines in self._badge_lines(width))
        return (
            self.fonts.line_height(FontRole.BOLD, 20)
            + 8
            + rows * line
            + 4 * max(1, len(self._earned()))
            + 8
        )

    def _badge_radius(self) -> int:
        return max(6, self.fonts.get(FontRole.BODY, 17).get_linesize() // 3)

    def _badge_lines(self, width: int) -> list[list[str]]:
        """Return each earned badge's words (or the words for none yet) wrapped to the box
        ``width`` wide."""
        body = self.fonts.get(FontRole.BODY, 17)
        earned = self._earned()
        if not earned:
            return [
                wrap_text(body, tr("None yet: each badge marks a lesson put to use."), width - 24)
            ]
        room = width - 3 * self._badge_radius() - 30
        return [wrap_text(body, f"{title}: {text}", room) for _, title, text in earned]

    def _earned(self) -> list[tuple[str, str, str]]:
        return self.overview.earned_badges if self.overview else []

    # -- drawing ----------------------------------------------------------------------------------
    def draw_back(self, surface: pygame.Surface) -> None:
        name = self.services["profile_name"] or tr("no profile")
        overview = self.overview
        subtitle = name
        if overview is not None:
            total = len(overview.statuses) * 3
            stars = ngettext("{n} of {total} star", "{n} of {total} stars", total).format(
                n=number(overview.total_stars), total=number(total)
            )
            xp = tr("{n} XP").format(n=number(overview.xp))
            subtitle = f"{name} · {stars} · {xp}"
        self.draw_heading(surface, tr(self.heading), subtitle)
        self._draw_badges(surface)

    def _draw_badges(self, surface: pygame.Surface) -> None:
        palette = self.palette
        rect = self.badges_rect
        pygame.draw.rect(surface, palette.colour("surface"), rect, border_radius=10)
        pygame.draw.rect(surface, palette.colour("border"), rect, width=2, border_radius=10)
        bold = self.fonts.get(FontRole.BOLD, 20)
        body = self.fonts.get(FontRole.BODY, 17)
        earned = self._earned()
        title = tr("Badges: {n} of {total} earned").format(n=len(earned), total=len(BADGES))
        surface.blit(
            bold.render(title, True, palette.colour("text")), (rect.left + 12, rect.top + 6)
        )
        y = rect.top + 8 + bold.get_linesize()
        wrapped = self._badge_lines(rect.width)
        if not earned:
            for line in wrapped[0]:
                muted = palette.colour("text_muted")
                surface.blit(body.render(line, True, muted), (rect.left + 12, y))
                y += body.get_linesize()
            return
        radius = self._badge_radius()
        for lines in wrapped:
            draw_medal(
                surface,
                (rect.left + 12 + radius, y + radius + 2),
                radius,
                palette.colour("warning"),
                palette.colour("text"),
            )
            for line in lines:
                surface.blit(
                    body.render(line, True, palette.colour("text")),
                    (rect.left + 20 + 2 * radius, y),
                )
                y += body.get_linesize()
            y += 4

    def _decorate(
        self, surface: pygame.Surface, rect: pygame.Rect, row: ListRow, state: RowState
    ) -> None:
        status = row.data
        if status is None:
            return
        palette = self.palette
        line = self.fonts.line_height(FontRole.BOLD, 20)
        right = rect.right - 12
        if not status.unlocked:
            size = max(14, line * 2 // 3)
            lock = pygame.Rect(0, 0, size, size)
            lock.midright = (right, rect.centery)
            draw_lock(surface, lock, palette.colour("text_muted"))
            return
        radius = self._star_radius()
        width = round(radius * 2.3 * 2 + 2 * radius)
        draw_stars(
            surface,
            (right - width, rect.top + 8 + line // 2),
            radius,
            status.stars,
            3,
            palette.colour("warning"),
            palette.colour("text"),
        )
        if status.suggested:
            font = self.fonts.get(FontRole.BOLD, 15)
            tag = font.render(tr("NEXT"), True, palette.colour("text_on_primary"))
            box = tag.get_rect()
            box.inflate_ip(16, 4)
            box.topright = (right, rect.top + 8 + line + 2)
            if box.bottom <= rect.bottom:
                pygame.draw.rect(surface, palette.colour("primary"), box, border_radius=6)
                surface.blit(tag, tag.get_rect(center=box.center))
                chevron = pygame.Rect(0, 0, box.height // 2, box.height - 6)
                chevron.midright = (box.left - 4, box.centery)
                draw_chevron(surface, chevron, palette.colour("primary"), "right")

    # -- actions ------------------------------------------------------------------------------------
    def _on_select(self, row: ListRow) -> None:
        self.selected_id = row.key
        self.details.set_blocks(self._detail_blocks())
        self.details.scroll_to(0)
        button = self.button("open")
        reason = self._locked_reason()
        if button is not None:
            button.set_reason(reason)

    def open_selected(self) -> None:
        """Open the briefing of the chosen level (or say why it is locked)."""
        entry = self._selected_entry()
        if entry is None:
            return
        reason = self._locked_reason()
        if reason:
            self.show_banner(reason + ".", "info", timeout=6)
            return
        self.navigator.open_level_file(entry.path, entry.title)

    def on_button(self, key: str) -> None:
        if key == "open":
            self.open_selected()
        elif key == "back":
            self.navigator.to_title()
        elif key == "custom":
            self.navigator.to_custom_levels()
        elif key == "settings":
            self.navigator.to_settings()

    def on_back(self) -> None:
        self.navigator.to_title()
