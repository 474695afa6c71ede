"""Joining a class from the title screen, and the class's levels on the Custom levels screen."""

from __future__ import annotations

import time
from pathlib import Path

import pygame
import pytest

from game.app import AppOptions, open_app
from game.ui.scenes.custom_levels import CustomLevelsScene
from game.ui.scenes.title import TitleScene

from .helpers import typed_path_prompt


@pytest.fixture
def app(tmp_path):
    game = open_app(AppOptions(data_dir=tmp_path / "data", seed=7, profile="Ada"))
    game.start()
    yield game
    game.close()


def _key(key: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


def _type(app, text: str) -> None:
    events = [pygame.event.Event(pygame.TEXTINPUT, text=ch) for ch in text]
    app.run(max_frames=3, fixed_dt=1 / 60, events={0: events})
    app.settle()  # a change of screen is built over the frames after it


def _press(app, key: int) -> None:
    app.run(max_frames=3, fixed_dt=1 / 60, events={0: [_key(key)]})
    app.settle()


def test_join_a_class_from_the_title_screen(app, pack_file, tmp_path):
    title = app.stack.top
    assert isinstance(title, TitleScene)
    title.focus_key("join")
    _press(app, pygame.K_RETURN)
    prompt = typed_path_prompt(app, _press)  # the chooser's "Type a path..."

    # A file that is not a pack: the prompt stays open and says why.
    letter = tmp_path / "letter.cgpack"
    letter.write_text("Dear class, ...", encoding="utf-8")
    _type(app, str(letter))
    _press(app, pygame.K_RETURN)
    assert app.stack.top is prompt
    assert "this is not a class pack" in prompt.error
    assert not (tmp_path / "data" / "classes").exists()

    # The real pack (a long path is fine: a path, not a name).
    prompt.entry.set_text("")
    _type(app, str(pack_file))
    _press(app, pygame.K_RETURN)
    assert app.stack.top is title
    profile = app.store.get_profile("Ada")
    assert profile["class_code"].startswith("NEGOTIATION-101-")
    assert title.banner.message.text.startswith("Ada joined the class Negotiation 101")
    assert title.join_hint == f"Class {profile['class_code']} · you are {profile['student_id']}"

    # The class's levels are listed (and checked) on the Custom levels screen.
    app.navigator.to_custom_levels()
    scene = app.stack.top
    assert isinstance(scene, CustomLevelsScene)
    deadline = time.monotonic() + 20
    while scene.checking and time.monotonic() < deadline:
        app.run(max_frames=2, fixed_dt=1 / 60)
        time.sleep(0.01)
    app.run(max_frames=2, fixed_dt=1 / 60)
    shown = scene.files_list.text_lines()
    assert "The Blue Bowl" in shown and "The Tablet Desk" in shown
    assert "Class Negotiation 101 · Valid · market-stall.json" in shown
    assert scene.status_text() == "2 of 2 files can be played."


def test_a_class_level_is_played_with_the_class_seed(app, pack_file, settle):
    """The whole class faces the same scenario: the table gets the pack's seed."""
    from game.classroom.install import installed_classes
    from game.cli import main as cli_main
    from game.levels.loader import load_level

    data_dir = app.store.data_dir
    app.close()
    joined_ok = cli_main(
        ["class", "join", str(pack_file), "--profile", "Ada", "--data-dir", str(data_dir)]
    )
    assert joined_ok == 0
    game = open_app(AppOptions(data_dir=data_dir, seed=7, profile="Ada"))
    game.start()
    try:
        (joined,) = installed_classes(data_dir)
        path = next(iter(joined.folder.glob("levels/market-stall.json")))
        class_level = load_level(path)
        game.navigator.start_negotiation(class_level)
        settle(game)
        assert game.stack.top.state.seed == joined.seed == 4242
        from game.levels.catalog import resolve_level

        game.navigator.start_negotiation(load_level(resolve_level("market-stall")))
        settle(game)
        assert game.stack.top.state.seed != 4242  # the same level from the campaign: a fresh seed
    finally:
        game.close()


def _custom_levels(app) -> CustomLevelsScene:
    app.navigator.to_custom_levels()
    app.settle()
    scene = app.stack.top
    assert isinstance(scene, CustomLevelsScene)
    return scene


def test_hand_in_results_needs_a_class(app):
    scene = _custom_levels(app)
    button = scene.button("hand_in")
    assert button is not None and not button.is_enabled
    from game.ui.scenes.custom_levels import NOT_IN_A_CLASS

    assert scene.player_class is None and NOT_IN_A_CLASS.startswith("Join a class first")


def test_a_student_hands_in_the_class_results_as_a_file(app, pack_file, tmp_path):
    import csv

    from game.classroom import join_class

    from .helpers import play_class

    join_class(app.store, pack_file, "Ada")
    student = app.store.get_profile("Ada")["student_id"]
    scene = _custom_levels(app)
    assert scene.player_class is not None and scene.player_class[2] == student
    assert scene.button("hand_in").is_enabled

    # Nothing played yet: the prompt says so and stays open.
    scene.focus_key("hand_in")
    _press(app, pygame.K_RETURN)
    prompt = typed_path_prompt(app, _press)  # the chooser's "Type a path..."
    _type(app, str(tmp_path / "first.csv"))
    _press(app, pygame.K_RETURN)
    assert app.stack.top is prompt and "no finished negotiation" in prompt.error
    assert not (tmp_path / "first.csv").exists()

    # After playing the class's levels: a folder that does not exist is refused ...
    play_class(app.store, "Ada", {})
    prompt.entry.set_text("")
    _type(app, str(tmp_path / "no-such-folder" / "results.csv"))
    _press(app, pygame.K_RETURN)
    assert app.stack.top is prompt and prompt.error.startswith("Cannot save ")
    # ... a folder gets a file named after the class and the student id.
    usb = tmp_path / "usb"
    usb.mkdir()
    prompt.entry.set_text("")
    _type(app, str(usb))
    _press(app, pygame.K_RETURN)
    app.settle()
    assert app.stack.top is scene
    (saved,) = usb.iterdir()
    assert saved.name == f"common-ground-{scene.player_class[0].lower()}-{student}.csv"
    rows = list(csv.DictReader(saved.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 2 and {row["student"] for row in rows} == {student}
    assert {row["level_id"] for row in rows} == {"market-stall", "tablet-deal"}
    assert "Ada" not in saved.read_text(encoding="utf-8-sig")  # a pseudonym, no name
    assert scene.banner.message.text.startswith(f"Saved 2 negotiations to {saved}")


def test_the_class_leads_continue_and_next_up(app, pack_file):
    """Once in a class, Continue and Next up go to the class's own level, not the
    campaign's copy with the same title; plays of the campaign copy do not count."""
    from game.classroom import installed_classes, join_class
    from game.classroom.leading import class_next
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.ui.scenes.briefing import BriefingScene
    from game.ui.scenes.campaign_map import CampaignMapScene

    from .helpers import history_record, play_class

    campaign = load_level(resolve_level("market-stall"))
    title = app.stack.top
    assert isinstance(title, TitleScene)
    assert title.button("continue").text == "Continue: The Blue Bowl"  # the campaign's
    join_class(app.store, pack_file, "Ada")
    # a play of the campaign's Blue Bowl (its own seed) is not a play of the class's level
    app.store.add_history("Ada", history_record(campaign, 9, "teacher"))
    title.resume()
    app.settle()
    assert title.button("continue").text == "Continue: The Blue Bowl (class)"
    summary = [text for _, text in title._summary_lines()]
    assert "Next up: The Blue Bowl (class Negotiation 101)" in summary

    title.focus_key("continue")
    _press(app, pygame.K_RETURN)
    deadline = time.monotonic() + 20
    while not isinstance(app.stack.top, BriefingScene) and time.monotonic() < deadline:
        app.run(max_frames=2, fixed_dt=1 / 60)
        time.sleep(0.01)
    briefing = app.stack.top
    assert isinstance(briefing, BriefingScene)
    (installed,) = installed_classes(app.store.data_dir)
    assert Path(briefing.level.source).parent == installed.levels_dir  # the class's own file
    app.navigator.to_campaign()
    app.settle()
    map_scene = app.stack.top
    assert isinstance(map_scene, CampaignMapScene)
    assert map_scene.overview.suggested is None  # no campaign copy is "Next up"
    assert "Your class comes first" in map_scene.banner.message.text

    # the class's next level is the first without a class play; with all at three stars,
    # the campaign leads again
    assert class_next(app.store.data_dir, app.store.get_profile("Ada"), []).level.id == (
        "market-stall"
    )
    play_class(app.store, "Ada", {"market-stall": "teacher"})
    after = class_next(app.store.data_dir, app.store.get_profile("Ada"), app.store.history("Ada"))
    assert after is None or after.stars is not None
    played = [
        {"level_id": entry.id, "level_version": entry.version, "seed": 4242, "stars": 3}
        for entry in installed.levels
    ]
    assert class_next(app.store.data_dir, app.store.get_profile("Ada"), played) is None
    one_short = [*played[:-1], {**played[-1], "stars": 2}]
    lead = class_next(app.store.data_dir, app.store.get_profile("Ada"), one_short)
    assert lead is not None and lead.level.id == "tablet-deal" and lead.stars == 2


def test_class_levels_are_listed_in_the_packs_order_and_lead(app, tmp_path):
    # Custom levels listed a class's levels by file name, not in the order given to --levels.
    from game.classroom import join_class

    from .helpers import run_cli

    out = tmp_path / "order.cgpack"
    code, _, _ = run_cli(
        "class", "new", "--name", "Order", "--levels", "used-car", "tablet-deal", "market-stall",
        "--seed", "1", "--out", out,
    )  # fmt: skip
    assert code == 0
    join_class(app.store, out, "Ada")
    scene = _custom_levels(app)
    deadline = time.monotonic() + 20
    while scene.checking and time.monotonic() < deadline:
        app.run(max_frames=2, fixed_dt=1 / 60)
        time.sleep(0.01)
    app.run(max_frames=2, fixed_dt=1 / 60)
    names = [Path(path).name for path in scene.files[:3]]
    assert names == ["used-car.json", "tablet-deal.json", "market-stall.json"]
    titles = [row.title for row in scene.files_list.rows][:3]
    assert titles == ["The Red Hatchback", "The Tablet Desk", "The Blue Bowl"]


def test_the_briefing_says_whose_copy_of_the_level_it_is(app, pack_file):
    from game.classroom import installed_classes, join_class
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.ui.scenes.briefing import BriefingScene

    join_class(app.store, pack_file, "Ada")
    (installed,) = installed_classes(app.store.data_dir)
    for level, expected in (
        (load_level(installed.levels_dir / "market-stall.json"), "Class: a level of your class"),
        (load_level(resolve_level("market-stall")), "Campaign: this is the campaign's copy."),
        (load_level(resolve_level("used-car")), None),
    ):
        app.navigator.to_briefing(level)
        app.settle()
        scene = app.stack.top
        assert isinstance(scene, BriefingScene)
        text = " ".join(scene.text_lines())
        if expected is None:
            assert "Class:" not in text and "campaign's copy" not in text
        else:
            assert expected in " ".join(text.split()), text[:300]
        app.navigator.back()
        app.settle()
