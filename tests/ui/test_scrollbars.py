"""Scroll bars the mouse can use: the shared geometry, and dragging / paging in each widget."""

from __future__ import annotations

import math

import pygame
import pytest

from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.ui.widgets.dialogue_log import DialogueLog
from game.ui.widgets.list_view import ListRow, ListView
from game.ui.widgets.scrollbar import ScrollBar

from .table_harness import make_table

LEFT = pygame.BUTTON_LEFT


def press(pos, button=LEFT):
    return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=tuple(pos), button=button)


def release(pos, button=LEFT):
    return pygame.event.Event(pygame.MOUSEBUTTONUP, pos=tuple(pos), button=button)


def motion(pos, held=True):
    return pygame.event.Event(
        pygame.MOUSEMOTION, pos=tuple(pos), rel=(0, 0), buttons=(int(held), 0, 0)
    )


def drag(start, dy):
    """Return the events of a drag by ``dy`` pixels from ``start`` (in two moves)."""
    x, y = start
    return [press(start), motion((x, y + dy // 2)), motion((x, y + dy)), release((x, y + dy))]


# ----------------------------------------------------------------------------- geometry
TRACK = (100, 50, 6, 400)


def bar(view=200, content=800, track=TRACK, **kwargs) -> ScrollBar:
    made = ScrollBar(**kwargs)
    made.place(pygame.Rect(track), view, content)
    return made


def test_thumb_sits_at_the_ends_and_is_as_tall_as_the_share_in_view():
    b = bar()
    assert b.max_scroll == 600
    assert b.thumb(0).top == 50
    assert b.thumb(b.max_scroll).bottom == 450
    assert b.thumb(0).height == 100  # a quarter of the content in view: a quarter of the track
    assert b.thumb(300).top == 50 + 150  # half way down the content, half way down the track
    assert b.thumb(0).left == 100 and b.thumb(0).width == 6
    assert bar(content=100_000).thumb(0).height == 24  # never thinner than min_thumb
    assert bar(content=100_000, min_thumb=16).thumb(0).height == 16


@pytest.mark.parametrize("view, content", [(200, 800), (380, 400), (90, 12_345), (10, 13)])
def test_scroll_to_thumb_and_back_round_trips(view, content):
    b = bar(view=view, content=content)
    span = b.track.height - b.thumb_height()
    for scroll in range(b.max_scroll + 1):
        top = b.thumb(scroll).top
        back = b.scroll_at(top)
        assert abs(b.thumb(back).top - top) <= 1
        assert abs(back - scroll) <= max(1, math.ceil(b.max_scroll / span))
    # Every thumb position maps to a scroll drawn there, or as near as the steps allow.
    step = max(1, math.ceil(span / b.max_scroll))
    for top in range(b.track.top, b.track.top + span + 1):
        assert abs(b.thumb(b.scroll_at(top)).top - top) <= step


def test_positions_are_clamped():
    b = bar()
    assert b.scroll_at(-1000) == 0
    assert b.scroll_at(10_000) == b.max_scroll
    assert b.thumb(-50) == b.thumb(0)
    assert b.thumb(10_000) == b.thumb(b.max_scroll)
    assert not bar(view=400, content=300).active  # nothing to scroll
    assert bar(view=400, content=300).scroll_at(200) == 0


def test_the_grip_is_wider_than_a_thin_track_and_stays_in_bounds():
    b = bar(track=(100, 50, 4, 400), grip=14)
    hit = b.hit_rect()
    assert hit.width == 14 and hit.centerx == b.track.centerx and hit.height == 400
    b.place(b.track, 200, 800, grip=28, bounds=pygame.Rect(0, 0, 108, 600))
    hit = b.hit_rect()
    assert hit.right == 108 and hit.width >= 14 and hit.left < b.track.left - 10


def test_drag_and_page_at_the_bar():
    b = bar()
    thumb = b.thumb(0)
    assert b.handle_mouse(motion((103, 60)), 0) is None  # not dragging: not the bar's
    assert b.handle_mouse(press((160, thumb.centery)), 0) is None  # beside the grip
    assert b.handle_mouse(press((103, thumb.centery), button=3), 0) is None
    assert b.handle_mouse(press((103, thumb.centery)), 0) == 0 and b.dragging
    assert b.handle_mouse(motion((103, thumb.centery + 150)), 0) == 300
    assert b.handle_mouse(motion((103, thumb.centery + 5000)), 300) == b.max_scroll
    assert b.handle_mouse(motion((103, thumb.centery - 5000)), 600) == 0
    assert b.handle_mouse(release((103, 0)), 0) == 0 and not b.dragging
    assert b.handle_mouse(release((103, 0)), 0) is None
    # The track below the thumb pages one view down, above it one view up (clamped).
    assert b.handle_mouse(press((99, 440)), 0) == 200
    assert b.handle_mouse(press((99, 440)), 500) == 600
    assert b.handle_mouse(press((99, 55)), 500) == 300
    assert b.handle_mouse(press((99, 55)), 100) == 0
    assert not b.dragging
    # A drag whose button was let go outside the window ends at the next motion.
    b.handle_mouse(press((103, b.thumb(0).centery)), 0)
    assert b.handle_mouse(motion((103, 300), held=False), 0) == 0 and not b.dragging


# ----------------------------------------------------------------------------- list view
def make_list(context, rows=40) -> ListView:
    view = ListView(context.fonts, context.palette)
    view.set_rect(pygame.Rect(20, 20, 300, 240))
    view.set_rows([ListRow(str(i), f"Row {i}", "detail") for i in range(rows)])
    view.select_index(0)
    return view


def test_dragging_a_list_thumb_scrolls_it(context):
    view = make_list(context)
    bar_ = view._bar
    assert view.scroll == 0 and bar_.active
    thumb = bar_.thumb(0)
    for event in drag(thumb.center, 60):
        assert view.handle_mouse(event)
    assert view.scroll == bar_.scroll_at(thumb.top + 60) > 0
    assert view.selected_index == 0  # dragging does not pick a row
    # Motion after the release does nothing.
    assert not view.handle_mouse(motion((thumb.centerx, thumb.centery + 120)))
    assert view.scroll == bar_.scroll_at(thumb.top + 60)


def test_clicking_a_list_track_below_the_thumb_pages_down(context):
    view = make_list(context)
    thumb = view._bar.thumb(0)
    below = (view._bar.track.centerx, thumb.bottom + 10)
    assert view.handle_mouse(press(below))
    view.handle_mouse(release(below))
    assert view.scroll == view.rect.height
    above = (view._bar.track.centerx, view._bar.track.top + 1)
    view.handle_mouse(press(above))
    assert view.scroll == 0


def test_dragging_the_campaign_list_in_the_app(make_app, drive):
    app = make_app(profile="Ada", size=(1024, 600))
    app.navigator.to_campaign()
    drive.run(app)
    levels = app.stack.top.levels
    assert levels._bar.active
    before = levels.scroll
    thumb = levels._bar.thumb(before)
    # Real events through the queue, as the mouse sends them.
    for event in drag(thumb.center, 100):
        pygame.event.post(event)
    drive.run(app, frames=3)
    assert levels.scroll == levels._bar.scroll_at(thumb.top + 100) > before


# ----------------------------------------------------------------------------- document
def test_dragging_the_briefing_scrolls_it(make_app, drive):
    app = make_app(profile="Ada", size=(1024, 600))
    app.navigator.to_briefing(load_level(resolve_level("tablet-deal")))
    drive.run(app)
    page = app.stack.top.page
    assert page.scrollable and page.scroll == 0
    thumb = page._bar.thumb(0)
    drive.run(app, {0: drag(thumb.center, 80)})
    assert page.scroll == page._bar.scroll_at(thumb.top + 80) > 0
    # A click on the track below the thumb pages on by the view's height.
    scrolled = page.scroll
    below = (page._bar.track.centerx, page._bar.thumb(scrolled).bottom + 4)
    drive.run(app, {0: [press(below), release(below)]})
    assert page.scroll == min(page._max_scroll(), scrolled + page._view_height())


# ----------------------------------------------------------------------------- the table
@pytest.mark.parametrize(
    "size, scale, name",
    [((1024, 600), 1.0, "offer"), ((1280, 720), 2.0, "status")],
)
def test_dragging_a_table_column_scrolls_it_and_repaints(display, size, scale, name):
    table = make_table(size=size, text_scale=scale)
    table.frames(3)
    scene = table.scene
    column = scene.layout.columns[name]
    assert column.visible and column.scrollable
    before = column.scroll
    dy = 60 if before < column.max_scroll // 2 else -60
    thumb = column.bar.thumb(before)
    panel_top = column.panels[0].rect.top
    events = drag(thumb.center, dy)
    for event in events[:-1]:
        assert scene.handle_event(event)
    expected = column.bar.scroll_at(thumb.top + dy)
    assert column.scroll == expected != before
    assert column.panels[0].rect.top == panel_top - (expected - before)  # laid out again
    surface = table.frames(4)
    at = column.bar.thumb(expected).center
    assert surface.get_at(at) == scene.palette.colour("text_muted")  # repainted, held
    assert scene.handle_event(events[-1]) and not column.bar.dragging
    surface = table.frames(4)
    assert surface.get_at(at) == scene.palette.colour("border")
    assert column.scroll == expected


def test_clicking_a_table_column_track_pages(display):
    table = make_table(size=(1024, 600))
    table.frames(3)
    column = table.scene.layout.columns["offer"]
    assert column.scroll == 0
    below = (column.bar.track.centerx, column.bar.thumb(0).bottom + 3)
    table.click(below)
    assert column.scroll == min(column.max_scroll, column.rect.height)


def test_dragging_the_log_in_the_table_moves_its_top_line(display):
    table = make_table(size=(1024, 600))
    table.frames(3)
    log = table.scene.controls.log
    assert log.max_scroll > 0 and log.scroll == 0  # the newest line in view
    thumb = log._bar.thumb(log._top_line())
    first = log.visible_lines()[0]
    for event in drag(thumb.center, -(thumb.top - log._bar.track.top)):
        assert table.scene.handle_event(event)
    assert log.scroll == log.max_scroll and log._top_line() == 0  # the oldest line on top
    assert log.visible_lines()[0] != first


# ----------------------------------------------------------------------------- dialogue log
def test_dragging_the_dialogue_log_thumb_moves_its_top_line(context):
    log = DialogueLog(context.fonts)
    log.set_rect(pygame.Rect(10, 10, 400, 200))
    for index in range(60):
        log.add("Ann", f"line {index}")
    assert log.max_scroll > 20 and log.scroll == 0
    bar_ = log._bar
    thumb = bar_.thumb(log._top_line())
    assert thumb.bottom == bar_.track.bottom  # the newest lines: thumb at the bottom
    dy = -(thumb.top - bar_.track.top) // 2
    for event in drag(thumb.center, dy):
        assert log.handle_event(event)
    top_line = bar_.scroll_at(thumb.top + dy)
    assert 0 < top_line < log.max_scroll
    assert log._top_line() == top_line and log.scroll == log.max_scroll - top_line
    assert log.visible_lines()[0][2] == f"line {top_line}"
    # The track above the thumb pages a view of lines up.
    scroll = log.scroll
    above = (bar_.track.centerx, bar_.track.top + 1)
    assert log.handle_event(press(above))
    assert log.scroll == min(log.max_scroll, scroll + bar_.view)
