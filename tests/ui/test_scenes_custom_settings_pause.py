"""Custom levels (errors shown, F5 reloads), settings (saved, re-laid out) and the pause menu."""

import shutil
import time

import pygame

from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.levels.problems import LevelError
from game.ui.frame import FrameBudget
from game.ui.scene import Scene
from game.ui.scenes.custom_levels import CustomLevelsScene
from game.ui.scenes.dialogs import ConfirmScene
from game.ui.scenes.pause import PauseScene
from game.ui.scenes.settings import TEXT_SCALE_DELAY, SettingsScene
from game.ui.theme import COLOUR_BLIND_PALETTE
from game.ui.widgets.button_row import button_height

K = pygame


def _wait_for_checks(app, drive, scene):
    deadline = time.monotonic() + 20
    while scene.checking and time.monotonic() < deadline:
        drive.run(app, frames=2)
        time.sleep(0.01)
    drive.run(app, frames=2)
    assert not scene.checking


def test_custom_levels_list_files_show_exact_errors_and_reload(make_app, drive, data_dir, tmp_path):
    extra = tmp_path / "more-levels"
    extra.mkdir()
    shutil.copy(resolve_level("market-stall"), extra / "bowl.json")
    app = make_app(profile="Ada", levels_dirs=[extra])
    own = data_dir / "levels"
    broken = own / "broken.json"
    text = resolve_level("used-car").read_text(encoding="utf-8")
    broken.write_text(
        text.replace('"deadline_rounds": 10', '"deadline_rounds": 0', 1), encoding="utf-8"
    )
    app.navigator.to_custom_levels()
    scene = app.stack.top
    assert isinstance(scene, CustomLevelsScene)
    _wait_for_checks(app, drive, scene)
    shown = scene.files_list.text_lines()
    assert "The Blue Bowl" in shown and "broken.json" in shown
    assert scene.status_text() == "1 of 2 files can be played."
    # The broken file: the loader's exact lines, as `validate` prints them.
    scene.files_list.select_key(str(broken))
    try:
        load_level(broken)
    except LevelError as error:
        expected = error.user_lines
    assert scene.problem_lines() == expected
    assert expected[0].startswith(f"{broken}: rules.deadline_rounds: ")
    assert not scene.button("open").is_enabled
    joined = "".join(scene.details.text_lines()).replace(" ", "")
    assert expected[0].replace(" ", "") in joined  # drawn (wrapped) in the details
    # Fix the file and press F5: it is checked again and becomes playable.
    broken.write_text(text, encoding="utf-8")
    drive.run(app, {0: [drive.key(K.K_F5)]})
    _wait_for_checks(app, drive, scene)
    assert scene.status_text() == "2 of 2 files can be played."
    assert scene.problem_lines() == []
    assert scene.button("open").is_enabled
    scene.focus_key("files")
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    assert app.stack.top.level.id == "used-car"


def test_custom_levels_with_no_files_say_where_to_put_them(make_app, data_dir):
    app = make_app(profile="Ada")
    app.navigator.to_custom_levels()
    scene = app.stack.top
    text = "\n".join(scene.describe())
    assert "No level files yet" in text
    assert str(data_dir / "levels") in text.replace("\n", " ") or "levels" in text


def test_settings_persist_and_re_lay_out_at_200_percent(make_app, drive, data_dir):
    app = make_app(profile="Ada")
    title = app.stack.top
    small_button = title.button("settings").rect.height
    app.navigator.to_settings()
    scene = app.stack.top
    assert isinstance(scene, SettingsScene)
    assert scene.key_of(scene.focus.focused) == "text"
    frames = int(TEXT_SCALE_DELAY * 60) + 10
    drive.run(app, {i: [drive.key(K.K_RIGHT)] for i in range(10)}, frames=10 + frames)
    assert app.settings.text_scale == 200
    assert app.store.get_profile("Ada")["settings"]["text_scale"] == 200
    assert scene.context.text_scale == 2.0  # re-entered with new fonts, not a scaled picture
    assert scene.key_of(scene.focus.focused) == "text"  # the focus stayed on the slider
    # The title, hidden under the settings, is laid out again when it is shown again.
    assert title.context.text_scale == 1.0
    # Colours, sound and window, by keyboard.
    drive.run(app, {0: [drive.key(K.K_TAB)], 1: [drive.key(K.K_RETURN)]})
    assert app.stack.top.context.palette is COLOUR_BLIND_PALETTE
    assert scene.key_of(scene.focus.focused) == "palette"
    drive.run(app, {0: [drive.key(K.K_TAB)], 1: [drive.key(K.K_SPACE)]})
    drive.run(app, {0: [drive.key(K.K_TAB)]})  # past the voices switch
    assert scene.key_of(scene.focus.focused) == "voices"
    drive.run(app, {0: [drive.key(K.K_TAB)], 1: [drive.key(K.K_SPACE)]})
    stored = app.store.get_profile("Ada")["settings"]
    assert stored["palette"] == "colour-blind"
    assert stored["sound"]["enabled"] is False
    assert stored["window"]["fullscreen"] is True
    assert scene.button("sound").text == "Off"
    drive.run(app, {0: [drive.key(K.K_ESCAPE)]})
    assert app.stack.top is title
    assert title.context.text_scale == 2.0 and title.button("settings").rect.height > small_button
    assert title.button("settings").rect.height == button_height(title.fonts)
    # At 1024x600 and 200 % the title page scrolls: Tab brings every control into view.
    app.runner.stack.on_resize((1024, 600))
    assert title.page_scrollable
    seen = set()
    for _ in range(len(title.focus.elements)):
        drive.run(app, {0: [drive.key(K.K_TAB)]}, frames=1)
        element = title.focus.focused
        seen.add(title.key_of(element))
        assert element.rect.top >= 0 and element.rect.bottom <= 600, title.key_of(element)
        assert element.rect.right <= 1024
    assert {"continue", "quit", "new", "delete"} <= seen


class _Table(Scene):
    """Stands in for the negotiation table under the pause menu."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def handle_event(self, event):
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.open(
                PauseScene(level_title="The Blue Bowl"),
                lambda choice: self.calls.append(choice.value),
            )
            return True
        return False

    def request_quit(self):
        self.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE))
        self.stack.top.request_quit()
        return False


def test_pause_menu_resume_quit_to_map_and_quit_ask_first(make_app, drive):
    table = _Table()
    app = make_app(profile="Ada", route=lambda: [table])
    drive.run(app, {0: [drive.key(K.K_ESCAPE)]})
    pause = app.stack.top
    assert isinstance(pause, PauseScene)
    assert pause.key_of(pause.focus.focused) == "resume"
    drive.run(app, {0: [drive.key(K.K_ESCAPE)]})
    assert table.calls == ["resume"] and app.stack.top is table
    # Quit to the map: a confirmation, "Keep negotiating" first.
    drive.run(
        app, {0: [drive.key(K.K_ESCAPE)], 1: [drive.key(K.K_TAB)], 2: [drive.key(K.K_RETURN)]}
    )
    confirm = app.stack.top
    assert isinstance(confirm, ConfirmScene)
    assert confirm.key_of(confirm.focus.focused) == "cancel"
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    assert isinstance(app.stack.top, PauseScene) and table.calls == ["resume"]
    assert app.stack.top.key_of(app.stack.top.focus.focused) == "map"  # focus came back
    drive.run(
        app, {0: [drive.key(K.K_RETURN)], 2: [drive.key(K.K_TAB)], 3: [drive.key(K.K_RETURN)]}
    )
    assert table.calls == ["resume", "map"]
    assert app.stack.top is table
    # Closing the window mid-negotiation asks; confirming calls on_quit.
    result = drive.run(app, {0: [pygame.event.Event(pygame.QUIT)]}, frames=4)
    assert result.reason == "max_frames"
    confirm = app.stack.top
    assert isinstance(confirm, ConfirmScene) and confirm.title == "Quit Common Ground?"
    drive.run(app, {0: [drive.key(K.K_TAB)], 1: [drive.key(K.K_RETURN)]})
    assert table.calls == ["resume", "map", "quit"]


def test_slow_checks_run_in_the_background_with_progress(make_app, drive, data_dir, monkeypatch):
    import threading

    from game.ui.scenes import common

    release = threading.Event()
    real_check = common.check_level_file

    def slow_check(path):
        release.wait(10)  # a huge level being analysed
        return real_check(path)

    monkeypatch.setattr(common, "check_level_file", slow_check)
    monkeypatch.setattr(common.LevelCheckJob.__init__, "__defaults__", (slow_check,))
    (data_dir / "levels").mkdir()
    shutil.copy(resolve_level("market-stall"), data_dir / "levels" / "a.json")
    shutil.copy(resolve_level("used-car"), data_dir / "levels" / "b.json")
    app = make_app(profile="Ada")
    app.navigator.to_custom_levels()
    scene = app.stack.top
    result = drive.run(app, frames=20)  # frames keep coming while the worker waits
    assert result.frames == 20
    assert scene.checking
    assert scene.status_text() == "Checking 1 of 2 files…"
    assert "Checking…" in scene.files_list.text_lines()
    release.set()
    _wait_for_checks(app, drive, scene)
    assert scene.status_text() == "2 of 2 files can be played."


def test_back_with_a_text_size_still_pending_lays_out_only_the_screen_shown(make_app, drive):
    app = make_app(profile="Ada")
    title = app.stack.top
    app.navigator.to_settings()
    settings = app.stack.top
    before = title.layouts
    # Right, then Back at once (before the slider's pause applies the size).
    drive.run(app, {0: [drive.key(K.K_RIGHT)]}, frames=2)
    assert settings.pending_scale == 110 and app.settings.text_scale == 100
    settings.on_button("back")
    assert app.stack.top is title
    assert app.settings.text_scale == 110
    assert app.store.get_profile("Ada")["settings"]["text_scale"] == 110
    assert title.context.text_scale == 1.1
    assert title.layouts == before + 1  # once, at the new size


def test_a_text_size_is_readied_a_step_a_frame_before_it_is_applied(make_app, drive):
    app = make_app(profile="Ada")
    steps = list(app.services.prepare_text_scale(170))
    assert len(steps) >= 4  # one font a step
    app.update_settings(text_scale=170)
    fonts = app.stack.context.fonts
    assert fonts.text_scale == 1.7 and len(fonts) >= len(steps)  # readied ones kept
    # The settings screen runs the steps itself while the slider rests.
    app.navigator.to_settings()
    settings = app.stack.top
    drive.run(app, {0: [drive.key(K.K_RIGHT)]}, frames=int(TEXT_SCALE_DELAY * 60) + 4)
    assert app.settings.text_scale == 180
    assert settings.stack.context.fonts.text_scale == 1.8


def test_the_settings_ready_fonts_only_in_frames_without_input(make_app, drive):
    app = make_app(profile="Ada", text_scale=130)
    app.navigator.to_settings()
    settings = app.stack.top
    app.settle()
    key = (settings.context.assets.fonts, 1.4)
    settings.pending_scale = 140
    settings._pending_age = TEXT_SCALE_DELAY / 2
    # A key in every frame (a Tab, and back): nothing is readied.
    for _ in range(4):
        app.runner.step(0, [drive.key(K.K_TAB)])
        app.runner.step(0, [drive.key(K.K_TAB, K.KMOD_SHIFT)])
    assert key not in app._font_caches
    # Nor in a frame that has already been long (here: as if it began a second ago).
    settings.stack.frame = FrameBudget(time.perf_counter() - 1.0)
    for _ in range(3):
        settings.update(0)
    settings.stack.frame = None
    assert key not in app._font_caches
    # Frames with nothing to do: the new size's fonts, a step a frame.
    for _ in range(3):
        app.runner.step(0, [])
    assert key in app._font_caches and len(app._font_caches[key]) > 0


def test_a_level_with_a_huge_unknown_key_is_shown_clipped(make_app, drive, data_dir):
    # A 500,000-character key once made a 1 MB problem line, laid out for minutes.
    own = data_dir / "levels"
    own.mkdir(parents=True, exist_ok=True)
    text = resolve_level("used-car").read_text(encoding="utf-8")
    hostile = own / "huge-key.json"
    hostile.write_text(text.replace("{", '{"' + "k" * 500_000 + '": 1, ', 1), encoding="utf-8")
    app = make_app(profile="Ada")
    app.navigator.to_custom_levels()
    scene = app.stack.top
    _wait_for_checks(app, drive, scene)
    scene.files_list.select_key(str(hostile))
    drive.run(app, frames=2)
    lines = scene.problem_lines()
    assert len(lines) == 1 and "(500000 characters)" in lines[0]
    assert len(lines[0]) < 300 + len(str(hostile))
    assert sum(len(line) for line in scene.details.text_lines()) < 2000
