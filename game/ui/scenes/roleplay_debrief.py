"""The joint debrief of a role-play, for both people together: each side's real priorities
and BATNA, the deal on the utility space with both sides' offer trails, the value created
and claimed by each, what was said that was not so, and each side's findings.

The result is saved in both profiles (:func:`game.finish.save_role_play`) before this
screen appears (the navigator does it, off the game's thread).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pygame

from game.engine import PLAYER, pareto_indices
from game.i18n import N_, number, percent, tr
from game.levels.text import level_text
from game.roleplay.debrief import JointDebrief, SideResult
from game.ui.fonts import FontRole
from game.ui.keys import KeyBinding
from game.ui.scenes.common import MARGIN, MenuScene
from game.ui.scenes.roleplay import RolePlay, points, who
from game.ui.widgets.button_row import ButtonSpec
from game.ui.widgets.charts import UtilityChartData, UtilitySpaceChart, draw_legend
from game.ui.widgets.document import BarRow, Bars, Block, Bullets, DocumentView, Heading, Paragraph
from game.ui.widgets.focus import FocusTarget

__all__ = ["RolePlayDebriefScene", "joint_blocks", "STATUS_WORDS"]

STATUS_WORDS = {
    "agreed": N_("Deal reached"),
    "walked_away": N_("Someone walked away"),
    "deadline": N_("Out of time: no deal"),
}


def _side_words(side: SideResult) -> str:
    if who(side.character, side.role) == side.role:
        return f"{side.name} ({side.role})"
    return f"{side.name} ({side.character}, {side.role})"


def status_words(debrief: JointDebrief) -> str:
    """Return how the talks ended, in words ("Deal reached", "Ben walked away")."""
    if debrief.status == "walked_away":
        walker = debrief.walked_away_by()
        if walker is not None:
            return tr("{name} walked away").format(name=walker.name)
    return tr(STATUS_WORDS.get(debrief.status, N_("No deal")))


def joint_blocks(play: RolePlay, debrief: JointDebrief, saved: str = "") -> list[Block]:
    """Return the joint debrief's page: both sides' numbers, revealed."""
    level = play.level
    space = level.negotiation.space
    issues = {issue.id: issue.name for issue in level_text(level.model).issues}
    sides = [debrief.sides[party] for party in play.match.sides]
    blocks: list[Block] = [Heading(tr("The deal"))]
    if debrief.deal is not None:
        blocks.append(Paragraph(debrief.deal_words + "."))
    else:
        blocks.append(
            Paragraph(
                tr("{status}: each side takes its BATNA.").format(
                    status=status_words(debrief)
                )
            )
        )
    blocks.append(Heading(tr("Value created and claimed")))
    for side in sides:
        gain = side.gain
        claimed = (
            tr("{value} above its BATNA").format(value=points(gain))
            if gain > 0.005
            else tr("{value} below its BATNA").format(value=points(-gain))
            if gain < -0.005
            else tr("just its BATNA")
        )
        blocks.append(
            Paragraph(
                tr("worth {value} (no deal: {batna}): {claimed}.").format(
                    value=points(side.utility), batna=points(side.reservation), claimed=claimed
                ),
                label=f"{side.name}:",
            )
        )
    together = tr("Together: {joint}; value created above both BATNAs: {created}.").format(
        joint=points(debrief.joint), created=points(debrief.value_created)
    )
    if debrief.deal is not None:
        together += " " + (
            tr("A package better for both was within reach.")
            if debrief.left_value
            else tr("The deal is on the frontier: nothing was left on the table.")
        )
    blocks.append(Paragraph(together))
    blocks.append(Heading(tr("What each side really wanted")))
    for side in sides:
        top = max(side.weights.values(), default=0.0) or 1.0
        blocks.append(Paragraph(_side_words(side), label=tr("Side:"), size=17))
        blocks.append(
            Bars(
                tuple(
                    BarRow(
                        issues.get(i.id, i.name),
                        side.weights[i.id] / top,
                        f"{round(side.weights[i.id] * 100)} %",
                    )
                    for i in space.issues
                )
            )
        )
        blocks.append(
            Paragraph(
                tr("{batna} (worth {value})").format(
                    batna=side.batna, value=points(side.reservation)
                ),
                label=tr("BATNA:"),
                size=17,
            )
        )
    blocks.append(Heading(tr("Said, but not so")))
    if debrief.untruths:
        names = {s.party: s.name for s in sides}
        lines = []
        for u in debrief.untruths:
            said, truth = u.words(tr, lambda i: issues.get(i, i), percent, number)
            lines.append(
                tr("Round {n}, {name} said \u201c{said}\u201d; in truth {truth}.").format(
                    n=u.round + 1, name=names[u.party], said=said, truth=truth
                )
            )
        blocks.append(Bullets(tuple(lines)))
    else:
        blocks.append(Paragraph(tr("Nothing either side stated was untrue."), size=17))
    blocks.append(
        Paragraph(
            tr(
                "Stated priorities, \u201cX matters more than Y\u201d and claimed alternatives "
                "are checked against each brief; notes in words are not judged."
            ),
            muted=True,
            size=15,
        )
    )
    for side in sides:
        blocks.append(Heading(tr("Findings for {name}").format(name=side.name)))
        if side.findings:
            blocks.append(Bullets(tuple(f"{f.title}: {f.text}" for f in side.findings)))
        else:
            blocks.append(Paragraph(tr("Nothing to point out."), size=17))
    if saved:
        blocks.append(Paragraph(saved, muted=True, size=16))
    return blocks


class _ChartView(FocusTarget):
    def __init__(self, scene: RolePlayDebriefScene) -> None:
        super().__init__()
        self.scene = scene

    def draw(self, surface: pygame.Surface) -> None:
        self.scene.draw_chart(surface, self.rect)


class RolePlayDebriefScene(MenuScene):
    """Both sides' results side by side; see the module docstring."""

    KEYS = (
        KeyBinding(
            N_("Up / Down / PageUp / PageDown"), N_("scroll the page (when it has the focus)")
        ),
        KeyBinding(
            N_("Esc"), N_("back to the title screen"), ("ESCAPE",), lambda s, _: s.on_back()
        ),
    )

    def __init__(self, play: RolePlay, debrief: JointDebrief, saved: str = "") -> None:
        super().__init__()
        self.play = play
        self.debrief = debrief
        self.saved = saved
        self.heading = tr("Joint debrief: {title}").format(title=level_text(play.level.model).title)
        self.blocks = joint_blocks(play, debrief, saved)
        self.chart = UtilitySpaceChart(self._chart_data())
        self._picture: tuple[tuple, pygame.Surface] | None = None

    def _chart_data(self) -> UtilityChartData:
        match = self.play.match
        analysis = self.play.level.analysis
        ids = list(self.play.level.negotiation.party_ids)
        a, b = ids.index(PLAYER), ids.index(match.side_b)
        outcomes = analysis.utilities[:, [a, b]]
        frontier = outcomes[pareto_indices(outcomes)]
        nash = analysis.nash
        sides = self.debrief.sides

        def trail(party: str) -> tuple[tuple[float, float], ...]:
            return tuple(
                (float(e["utilities"][PLAYER]), float(e["utilities"][match.side_b]))
                for e in sides[party].trail
            )

        deal = None
        if self.debrief.deal is not None:
            deal = (sides[PLAYER].utility, sides[match.side_b].utility)
        return UtilityChartData(
            outcomes=np.asarray(outcomes),
            frontier=np.asarray(frontier),
            reservation=(float(analysis.reserved[a]), float(analysis.reserved[b])),
            nash=None if nash is None else (nash.utilities[a], nash.utilities[b]),
            player_trail=trail(PLAYER),
            other_trail=trail(match.side_b),
            deal=deal,
            x_label=tr("{name}'s utility").format(name=match.names[PLAYER]),
            y_label=tr("{name}'s utility").format(name=match.names[match.side_b]),
            batna_labels=(
                tr("{name}'s BATNA").format(name=match.names[PLAYER]),
                tr("{name}'s BATNA").format(name=match.names[match.side_b]),
            ),
        )

    @property
    def footer(self) -> tuple[ButtonSpec, ...]:
        """The buttons under the page, in the language now chosen."""
        return (ButtonSpec("again", tr("Play again")), ButtonSpec("done", tr("Done")))

    def _two_columns(self, width: int) -> bool:
        return (width - 2 * MARGIN) * 0.5 >= self.fonts.scaled_size(480)

    def min_height(self, width: int) -> int:
        frame = self.frame_height(width, self.footer)
        if self._two_columns(width):
            return frame + self.fonts.scaled_size(420)
        return frame + self.fonts.scaled_size(400) + self.fonts.scaled_size(480) + 12

    def layout(self, size: tuple[int, int]) -> None:
        width, height = size
        top = self.content_top()
        _, footer_top = self.build_footer(self.footer, width, height - MARGIN, align="right")
        body = pygame.Rect(MARGIN, top, width - 2 * MARGIN, footer_top - 12 - top)
        if self._two_columns(width):
            left_w = int(body.width * 0.5)
            self.chart_rect = pygame.Rect(body.left, body.top, left_w, body.height)
            page_rect = pygame.Rect(
                body.left + left_w + MARGIN, body.top, body.width - left_w - MARGIN, body.height
            )
        else:
            chart_h = self.fonts.scaled_size(400)
            self.chart_rect = pygame.Rect(body.left, body.top, body.width, chart_h)
            page_rect = pygame.Rect(
                body.left,
                self.chart_rect.bottom + 12,
                body.width,
                body.bottom - self.chart_rect.bottom - 12,
            )
        chart = self.track(_ChartView(self), "chart")
        chart.rect = self.chart_rect
        page = DocumentView(self.fonts, self.palette)
        page.set_rect(page_rect)
        page.set_blocks(self.blocks)
        self.page = self.track(page, "page")

    def initial_focus(self) -> None:
        self.focus_key("page")

    def warm_up(self) -> Iterator[None]:
        """Paint the chart before the first draw."""
        self.draw_chart(pygame.Surface((1, 1)), self.chart_rect)
        yield

    def draw_chart(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Draw the chart panel (painted once per size)."""
        key = (rect.size, self.fonts.text_scale, self.palette.name)
        if self._picture is None or self._picture[0] != key:
            picture = pygame.Surface(rect.size, pygame.SRCALPHA)
            self._paint_chart(picture, pygame.Rect(0, 0, *rect.size))
            self._picture = (key, picture)
        surface.blit(self._picture[1], rect.topleft)

    def _paint_chart(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        palette = self.palette
        names = self.play.match.names
        pygame.draw.rect(surface, palette.colour("surface"), rect, border_radius=10)
        entries = UtilitySpaceChart.legend(palette)
        entries[3] = (
            entries[3][0],
            tr("{name}'s offers").format(name=names[PLAYER]),
            entries[3][2],
        )
        entries[4] = (
            entries[4][0],
            tr("{name}'s offers").format(name=names[self.play.match.side_b]),
            entries[4][2],
        )
        font = self.fonts.get(FontRole.BODY, 15)
        line = font.get_linesize() + 4
        widest = max(font.size(label)[0] for _, label, _ in entries) + 28
        two = rect.width >= self.fonts.scaled_size(560) and widest <= (rect.width - 24) // 2 - 8
        columns = 2 if two else 1  # side by side only when no label runs into the next
        rows = -(-len(entries) // columns)
        legend_h = rows * line + 8
        chart_rect = pygame.Rect(
            rect.left + 4, rect.top + 8, rect.width - 12, rect.height - legend_h - 16
        )
        self.chart.draw(surface, chart_rect, self.fonts, palette)
        column_w = (rect.width - 24) // columns
        for index in range(columns):
            part = entries[index * rows : (index + 1) * rows]
            area = pygame.Rect(
                rect.left + 12 + index * column_w, chart_rect.bottom + 6, column_w - 8, legend_h
            )
            draw_legend(surface, area, part, self.fonts, palette)
        pygame.draw.rect(surface, palette.colour("border"), rect, width=2, border_radius=10)

    def draw_back(self, surface: pygame.Surface) -> None:
        status = status_words(self.debrief)
        self.draw_heading(surface, self.heading, status)

    def text_lines(self) -> list[str]:
        """Return the page as laid out (tests read what the players read)."""
        return [self.heading, *self.page.text_lines()]

    def on_button(self, key: str) -> None:
        if key == "again":
            self.navigator.to_role_play(self.play.level, profiles=self.play.profiles, replace=True)
        elif key == "done":
            self.on_back()

    def on_back(self) -> None:
        self.navigator.to_title()
