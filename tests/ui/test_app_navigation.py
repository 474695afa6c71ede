"""The navigator: briefing → table → debrief → back to the map, with seeds from the app's RNG."""

import sys
import types

import pygame

from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.ui.scene import Scene
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.campaign_map import CampaignMapScene


class FakeTable(Scene):
    def __init__(self, level, seed):
        super().__init__()
        self.level, self.seed = level, seed


class FakeDebrief(Scene):
    def __init__(self, level, record, score, **extra):
        super().__init__()
        self.level, self.record, self.score, self.extra = level, record, score, extra


def test_start_negotiation_replaces_the_briefing_and_the_debrief_replaces_the_table(
    make_app, monkeypatch, drive
):
    monkeypatch.setitem(
        sys.modules, "game.ui.table.scene", types.SimpleNamespace(TableScene=FakeTable)
    )
    monkeypatch.setitem(
        sys.modules, "game.ui.scenes.debrief", types.SimpleNamespace(DebriefScene=FakeDebrief)
    )
    app = make_app(profile="Ada")
    app.navigator.to_campaign()
    level = load_level(resolve_level("market-stall"))
    app.navigator.to_briefing(level)
    briefing = app.stack.top
    assert isinstance(briefing, BriefingScene)
    assert briefing.key_of(briefing.focus.focused) == "start"
    drive.run(app, {0: [drive.key(pygame.K_RETURN)]})
    table = app.stack.top
    assert isinstance(table, FakeTable)
    assert table.level is level
    assert isinstance(table.seed, int)
    assert [type(s).__name__ for s in app.stack] == ["TitleScene", "CampaignMapScene", "FakeTable"]
    app.navigator.to_debrief(level, {"id": "r1"}, None)
    drive.settle(app)
    assert isinstance(app.stack.top, FakeDebrief)
    app.navigator.back()
    assert isinstance(app.stack.top, CampaignMapScene)
    app.navigator.start_negotiation(level, seed=42)
    drive.settle(app)
    assert app.stack.top.seed == 42


def test_the_seed_comes_from_the_apps_rng(make_app, monkeypatch, drive):
    monkeypatch.setitem(
        sys.modules, "game.ui.table.scene", types.SimpleNamespace(TableScene=FakeTable)
    )
    level = load_level(resolve_level("market-stall"))
    seeds = []
    for _ in range(2):
        app = make_app(profile="Ada")  # seed 7 every time
        app.navigator.start_negotiation(level)
        drive.settle(app)
        seeds.append(app.stack.top.seed)
        app.close()
    assert seeds[0] == seeds[1]


def test_window_close_quits_from_the_title_and_flushes(make_app, drive):
    app = make_app(profile="Ada")
    flushed = []
    original = app.store.flush
    app.store.flush = lambda: (flushed.append(True), original())[1]
    result = drive.run(app, {1: [pygame.event.Event(pygame.QUIT)]}, frames=10)
    assert result.reason == "quit"
    assert flushed


def test_play_again_from_the_debrief_replaces_it_with_a_new_table(make_app, monkeypatch, drive):
    monkeypatch.setitem(
        sys.modules, "game.ui.table.scene", types.SimpleNamespace(TableScene=FakeTable)
    )
    monkeypatch.setitem(
        sys.modules, "game.ui.scenes.debrief", types.SimpleNamespace(DebriefScene=FakeDebrief)
    )
    app = make_app(profile="Ada")
    app.navigator.to_campaign()
    level = load_level(resolve_level("market-stall"))
    app.navigator.start_negotiation(level, seed=1)
    drive.settle(app)
    app.navigator.to_debrief(level, {"id": "r1"}, None)
    drive.settle(app)
    assert isinstance(app.stack.top, FakeDebrief)
    app.navigator.start_negotiation(level, seed=2)  # "play again"
    drive.settle(app)
    assert [type(s).__name__ for s in app.stack] == ["TitleScene", "CampaignMapScene", "FakeTable"]
    assert app.stack.top.seed == 2
    app.close()
