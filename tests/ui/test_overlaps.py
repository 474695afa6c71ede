"""Nothing is drawn over text: tool-tips, the "more below" mark, chart labels, the caption.

Each test lays the thing out as the game does and checks the rectangles: a tool-tip
covers no other control, the "more below" mark sits under the page's text, the labels of
the utility chart cover neither each other nor a marker, and the replay caption under
the debrief's chart has room for every step's words.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.ui.text import wrap_text
from game.ui.widgets.charts import UtilityChartData, UtilitySpaceChart
from game.ui.widgets.document import DocumentView, Heading, Paragraph
from game.ui.widgets.tooltip import tooltip_rect

LEVELS = Path(__file__).resolve().parents[2] / "levels"


# ----------------------------------------------------------------------------- tool-tips
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_a_tooltip_hides_no_other_control_of_a_column_of_buttons(context, scale):
    """The title screen's column: buttons 44 px high, 12 px apart (02_hover_campaign.png)."""
    fonts = context.fonts
    fonts.set_text_scale(scale)
    screen = pygame.Rect(0, 0, 1366, 768)
    height = round(44 * scale)
    buttons = [pygame.Rect(646, 246 + i * (height + 12), 420, height) for i in range(6)]
    for index, anchor in enumerate(buttons):
        others = buttons[:index] + buttons[index + 1 :]
        box, _lines = tooltip_rect(
            "Create or pick a profile first", anchor, screen, fonts, avoid=others
        )
        assert screen.contains(box)
        assert not box.colliderect(anchor), (index, box)
        assert box.collidelist(others) == -1, (index, box)


def test_a_tooltip_still_goes_above_when_nothing_is_there(context):
    fonts = context.fonts
    anchor = pygame.Rect(500, 400, 200, 44)
    box, _ = tooltip_rect("Why not", anchor, pygame.Rect(0, 0, 1280, 720), fonts)
    assert box.bottom <= anchor.top and box.centerx == anchor.centerx


# ----------------------------------------------------------------------------- the page
@pytest.mark.parametrize("framed", [True, False])
def test_more_below_is_drawn_under_the_text_never_over_it(context, framed):
    page = DocumentView(context.fonts, context.palette, framed=framed)
    page.set_rect(pygame.Rect(60, 100, 780, 560))
    words = "You need a tablet for your design course, and the shop's agent is handling it. "
    page.set_blocks([b for i in range(12) for b in (Heading(f"Part {i}"), Paragraph(words * 3))])
    assert page.scrollable
    text_area = page.content_rect()
    for scroll in (0, page.content_height // 3, page.content_height):
        page.scroll_to(scroll)
        mark = page.more_below_rect()
        if scroll < page.content_height - text_area.height:
            assert mark is not None and page.rect.contains(mark)
            assert not mark.colliderect(text_area), (mark, text_area)
    # The view scrolls far enough that the last line shows above the mark's strip.
    page.scroll_to(page.content_height)
    assert page.scroll == page.content_height - text_area.height
    surface = pygame.Surface((900, 700))
    page.draw(surface)


# ----------------------------------------------------------------------------- the chart
def _line(a, b, count=21):
    return np.array(
        [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for t in np.linspace(0, 1, count)]
    )


CHARTS = {
    # 24_debrief.png: the deal next to the Nash point on a one-issue frontier.
    "nash_by_the_deal": UtilityChartData(
        outcomes=_line((0, 1), (1, 0)),
        frontier=_line((0, 1), (1, 0)),
        reservation=(0.4, 0.3),
        nash=(0.55, 0.45),
        player_trail=[(0.84, 0.16), (0.6, 0.4), (0.57, 0.43), (0.53, 0.47)],
        other_trail=[(0.13, 0.87), (0.2, 0.8), (0.3, 0.7), (0.45, 0.55), (0.5, 0.5)],
        deal=(0.53, 0.47),
        x_label="Your utility",
        y_label="Rosa's utility",
    ),
    # 91_climate_debrief.png: the deal on their BATNA line, an offer at the very top.
    "on_their_batna": UtilityChartData(
        outcomes=np.random.default_rng(3).random((400, 2)),
        frontier=_line((0.3, 1), (1, 0.3)),
        reservation=(0.5, 0.5),
        nash=(0.76, 0.58),
        player_trail=[(0.8, 0.49), (0.84, 0.6)],
        other_trail=[(0.31, 1.0), (0.32, 0.99)],
        chair_trail=[(0.73, 0.56), (0.8, 0.6), (0.84, 0.62)],
        deal=(0.84, 0.62),
    ),
}


@pytest.mark.parametrize("name", sorted(CHARTS))
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_chart_labels_cover_no_marker_and_no_other_label(context, name, scale):
    fonts = context.fonts
    fonts.set_text_scale(scale)
    chart = UtilitySpaceChart(CHARTS[name])
    rect = pygame.Rect(0, 0, round(440 * scale), round(310 * scale))
    plot = chart.plot_rect(rect, fonts)
    labels = chart.label_rects(rect, fonts)
    markers = chart.marker_rects(rect, fonts)
    words = [w for w, _ in labels]
    for must in ("Deal", "Nash", "your BATNA", "their BATNA"):
        assert must in words, (name, must, words)
    for word, spot in labels:
        assert plot.contains(spot), (word, spot, plot)
        assert spot.collidelist(markers) == -1, (word, spot)
    for (a, first), (b, second) in itertools.combinations(labels, 2):
        assert not first.colliderect(second), (a, b)
    surface = pygame.Surface(rect.size)
    chart.draw(surface, rect, fonts, context.palette)


# ----------------------------------------------------------------------------- the caption
def test_the_multiparty_replay_caption_is_never_cut(context):
    from game.campaign.scoring import score_record
    from game.levels.loader import load_level
    from game.levels.setup import start_match
    from game.npc.bots import make_bot, play
    from game.ui.scene import SceneStack
    from game.ui.scenes.debrief import DebriefScene

    level = load_level(LEVELS / "climate-accord.json")
    match = start_match(level, seed=3)
    play(match, make_bot("integrator", match, 3))
    record = match.record()
    stack = SceneStack(context, (1366, 768))
    scene = DebriefScene(level, record, score_record(level, record))
    stack.push(scene)
    while stack.build_step():
        pass
    stack.update(0.016)
    caption = scene.caption_rect
    assert not caption.colliderect(scene.chart_rect)
    assert not caption.colliderect(scene.timeline_rect)
    font = context.fonts.get("body", 16)
    longest = 0
    for step in range(len(scene.steps) + 1):
        scene.set_step(step)
        lines = wrap_text(font, scene.replay_caption(), caption.width)
        longest = max(longest, len(lines))
        assert len(lines) * font.get_linesize() <= caption.height, (step, lines)
    assert longest > 2  # the multi-party offers need more than the old two lines
    stack.draw(pygame.display.get_surface())
