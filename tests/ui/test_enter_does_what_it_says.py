"""Keys do what the screen says: where a screen says "Press Enter" to do something, Enter
does it with the focus anywhere but on a button (a button does what its own label says)."""

import shutil
import time

import pygame

from game.levels.catalog import resolve_level
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.custom_levels import CustomLevelsScene

K = pygame


def test_enter_opens_the_chosen_level_from_its_details(make_app, drive, data_dir, tmp_path):
    extra = tmp_path / "more-levels"
    extra.mkdir()
    shutil.copy(resolve_level("market-stall"), extra / "bowl.json")
    app = make_app(profile="Ada", levels_dirs=[extra])
    app.navigator.to_custom_levels()
    scene = app.stack.top
    assert isinstance(scene, CustomLevelsScene)
    deadline = time.monotonic() + 20
    while scene.checking and time.monotonic() < deadline:
        drive.run(app, frames=2)
        time.sleep(0.01)
    drive.run(app, frames=2)
    scene.files_list.select_key(str(extra / "bowl.json"))
    drive.run(app, frames=2)
    assert any("Press Enter" in line for line in scene.details.text_lines())
    assert scene.focus_key("details")  # reading the details, as the note asks
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    app.settle()
    assert isinstance(app.stack.top, BriefingScene)
    assert app.stack.top.level.id == "market-stall"


def test_a_focused_button_still_does_what_it_says(make_app, drive, data_dir, tmp_path):
    extra = tmp_path / "more-levels"
    extra.mkdir()
    shutil.copy(resolve_level("market-stall"), extra / "bowl.json")
    app = make_app(profile="Ada", levels_dirs=[extra])
    app.navigator.to_custom_levels()
    scene = app.stack.top
    deadline = time.monotonic() + 20
    while scene.checking and time.monotonic() < deadline:
        drive.run(app, frames=2)
        time.sleep(0.01)
    drive.run(app, frames=2)
    scene.files_list.select_key(str(extra / "bowl.json"))
    assert scene.focus_key("back")
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    app.settle()
    assert not isinstance(app.stack.top, (BriefingScene, CustomLevelsScene))


def test_enter_right_after_a_deal_opens_the_debrief_not_the_focused_move(tmp_path, display):
    # A player who proposed with Enter and pressed it again as the deal landed got "Not now:
    # the talks are over" from the Propose button that still had the focus.
    from game.ui.scenes.debrief import DebriefScene

    from .table_harness import make_table

    table = make_table("tablet-deal", data_dir=tmp_path)
    scene = table.scene
    table.frames(2)
    table.tab_to("propose")
    for _ in range(12):
        if scene.state.match.finished:
            break
        event = pygame.event.Event(pygame.KEYDOWN, key=K.K_RETURN, mod=0, unicode="", scancode=0)
        table.stack.handle_event(event)
        table.pump()
        table.stack.update(1 / 60)
    assert scene.state.match.finished and table.focused_key == "propose"
    table.keys("return")
    try:
        assert isinstance(table.stack.top, DebriefScene)
    finally:
        scene.wait_for_save()
        table.store.close()
