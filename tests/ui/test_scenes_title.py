"""The title screen: create, rename and delete profiles with the keyboard alone."""

import pygame
import pytest

from game.ui.scenes.common import MARGIN
from game.ui.scenes.dialogs import ConfirmScene, TextPromptScene
from game.ui.scenes.title import JOIN_CLASS_REASON, NO_PROFILE_REASON, TitleScene

K = pygame


def test_create_rename_delete_profiles_by_keyboard(make_app, drive, data_dir):
    app = make_app()
    title = app.stack.top
    assert isinstance(title, TitleScene)
    assert app.profile_name is None
    assert title.key_of(title.focus.focused) == "new"  # no profile yet: start there
    # Create "Ada": Enter on New profile, type, Enter.
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    prompt = app.stack.top
    assert isinstance(prompt, TextPromptScene)
    assert prompt.focus.focused is prompt.entry
    drive.run(app, {0: drive.text("Ada"), 1: [drive.key(K.K_RETURN)]})
    assert app.stack.top is title
    assert [p["name"] for p in app.store.list_profiles()] == ["Ada"]
    assert app.profile_name == "Ada"
    assert title.profiles.selected_row.key == "Ada"

    # A second profile, then a name that is taken: the prompt says why and stays open.
    title.focus_key("new")
    drive.run(app, {0: [drive.key(K.K_SPACE)], 2: drive.text("Sam"), 3: [drive.key(K.K_RETURN)]})
    assert app.profile_name == "Sam"
    title.focus_key("new")
    drive.run(app, {0: [drive.key(K.K_RETURN)], 2: drive.text("ada"), 3: [drive.key(K.K_RETURN)]})
    prompt = app.stack.top
    assert isinstance(prompt, TextPromptScene)
    assert "already exists" in prompt.error
    drive.run(app, {0: [drive.key(K.K_ESCAPE)]})
    assert app.stack.top is title

    # Pick Ada with the arrow keys in the list, then rename her with F2.
    title.focus_key("profiles")
    drive.run(app, {0: [drive.key(K.K_UP)]})
    assert app.profile_name == "Ada"
    drive.run(app, {0: [drive.key(K.K_F2)]})
    prompt = app.stack.top
    assert isinstance(prompt, TextPromptScene) and prompt.entry.text == "Ada"
    drive.run(app, {0: drive.text("Ada L."), 1: [drive.key(K.K_RETURN)]})  # typing replaces
    names = sorted(p["name"] for p in app.store.list_profiles())
    assert names == ["Ada L.", "Sam"]
    assert app.profile_name == "Ada L."

    # Delete asks first; the focus starts on "Keep it".
    drive.run(app, {0: [drive.key(K.K_DELETE)]})
    confirm = app.stack.top
    assert isinstance(confirm, ConfirmScene)
    assert confirm.key_of(confirm.focus.focused) == "cancel"
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    assert len(app.store.list_profiles()) == 2
    drive.run(
        app, {0: [drive.key(K.K_DELETE)], 2: [drive.key(K.K_TAB)], 3: [drive.key(K.K_RETURN)]}
    )
    assert [p["name"] for p in app.store.list_profiles()] == ["Sam"]
    assert app.profile_name == "Sam"
    app.close()

    # What the store holds survives a restart.
    from game.store import open_store

    with open_store(data_dir) as store:
        assert [p["name"] for p in store.list_profiles()] == ["Sam"]


def test_join_a_class_needs_a_profile_then_asks_for_the_pack(make_app, drive):
    app = make_app()
    title = app.stack.top
    join = title.button("join")
    assert not join.is_enabled
    assert title.focus.disabled_reason(join) == NO_PROFILE_REASON
    # Tab reaches it, so a keyboard player can read why it is off; Enter does nothing.
    assert join in [title.focus.focus_next() for _ in range(12)]
    title.focus.focus(join)
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    assert app.stack.top is title
    app.run(max_frames=1, fixed_dt=1 / 60)
    assert title._hint is not None and title._hint[1] == NO_PROFILE_REASON  # its tool-tip
    app.store.create_profile("Ada")
    app.select_profile("Ada")
    title.resume()
    join = title.button("join")
    assert join.is_enabled and title.join_hint == JOIN_CLASS_REASON
    title.focus_key("join")
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    from game.ui.scenes.file_chooser import FileChooserScene

    assert isinstance(app.stack.top, FileChooserScene)  # the pack's file (tests/classroom)


def test_continue_opens_the_suggested_levels_briefing(make_app, drive):
    from game.ui.scenes.briefing import BriefingScene
    from game.ui.scenes.campaign_map import CampaignMapScene

    app = make_app(profile="Ada")
    app.store.record_level_result("Ada", "market-stall", 2)
    title = app.stack.top
    title.resume()  # reads the new stars
    assert title.key_of(title.focus.focused) == "continue"
    assert "The Red Hatchback" in title.button("continue").text
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    scenes = list(app.stack)
    assert [type(s) for s in scenes] == [TitleScene, CampaignMapScene, BriefingScene]
    assert scenes[-1].level.id == "used-car"
    drive.run(app, {0: [drive.key(K.K_ESCAPE)]})
    assert isinstance(app.stack.top, CampaignMapScene)


def test_recovery_messages_show_in_a_banner(make_app, data_dir):
    from game.store import open_store

    with open_store(data_dir) as store:
        store.create_profile("Ada")
    index = data_dir / "saves" / "index.json"
    index.write_text("{ damaged", encoding="utf-8")
    app = make_app()
    title = app.stack.top
    assert title.banner.visible
    assert title.banner.message.kind == "warning"
    assert app.take_recovery_messages() == []  # shown once


def test_laying_a_screen_out_again_replaces_its_buttons_and_keeps_the_focus(make_app):
    app = make_app(profile="Ada")
    title = app.stack.top
    title.focus_key("settings")
    old = dict(title._widgets.buttons)
    for size in ((1024, 600), (1600, 900), (1280, 720)):
        title.on_resize(size)
        assert title.focus.focused is title.button("settings"), size
        assert all(b.alive() for b in title._widgets.buttons.values())
    assert not any(b.alive() for b in old.values())  # the old ones are out of use
    assert title.button("quit").rect.bottom <= 720
    # New words ("Continue: <the next level>") come with the next layout.
    old_text = title.button("continue").text
    app.store.record_level_result("Ada", "market-stall", 2)
    title.resume()
    assert title.button("continue").text != old_text


def test_a_page_scrolled_several_times_in_a_frame_is_laid_out_once(make_app):
    app = make_app(profile="Ada", size=(1024, 600), text_scale=200)
    title = app.stack.top
    app.runner.stack.on_resize((1024, 600))
    assert title.page_scrollable
    before = title.layouts
    wheel = [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False)] * 3
    app.runner.step(1 / 60, wheel)
    step = title.fonts.line_height("body", 18) * 3
    assert title.page_scroll == min(3 * step, title.page_height - 600)
    assert title.layouts == before + 1  # three turns of the wheel, one layout
    assert title.heading_y == MARGIN - title.page_scroll  # laid out for the new scroll
    app.runner.step(1 / 60, [])
    assert title.layouts == before + 1


def test_a_new_profile_with_another_text_size_rebuilds_the_screen_in_frames(
    make_app, drive, monkeypatch
):
    import game.ui.frame as frame_module

    shares = {**frame_module.SHARES, frame_module.Work.BUILD: frame_module.Share(10.0, 10.0)}
    monkeypatch.setattr(frame_module, "SHARES", shares)  # steps share frames freely
    app = make_app(profile="Ada", text_scale=200)
    title = app.stack.top
    assert title.fonts.text_scale == 2.0
    title.focus_key("new")
    # The prompt closes in a frame; the title, shown again, picks the new profile, whose
    # text size (100 %) rebuilds every screen: all of it over the frames after.
    drive.run(app, {0: [drive.key(K.K_RETURN)], 2: drive.text("Bo"), 3: [drive.key(K.K_RETURN)]})
    assert app.profile_name == "Bo" and app.settings.text_scale == 100
    top = app.stack.top
    assert isinstance(top, TitleScene) and len(app.stack) == 1
    assert top.fonts.text_scale == 1.0 and top.control_style is not None
    assert top.profiles.selected_row.key == "Bo"
    assert app.runner.idle and not app.stack.building


def test_built_button_is_the_button_the_layout_made(make_app):
    import pytest

    title = make_app().stack.top
    assert title.built_button("join") is title.button("join")
    assert title.built_button("quit") in title.focus.elements
    assert title.button("nothing") is None
    with pytest.raises(KeyError):
        title.built_button("nothing")  # a focus order naming a button never made fails


def test_joining_with_no_profile_says_so_and_touches_no_store(make_app, tmp_path):
    app = make_app()
    title = app.stack.top
    assert app.profile_name is None
    pack = tmp_path / "class.cgpack"
    pack.write_bytes(b"not a pack")
    assert title._join(str(pack)) == NO_PROFILE_REASON
    assert title._after_dialog is None and app.store.list_profiles() == []


@pytest.mark.parametrize("name", ["Ольга", "李雷", "سارة", "שרה"])
def test_a_name_in_another_script_is_typed_shown_and_kept(make_app, drive, name):
    from game.ui.fonts import FontCache

    app = make_app()
    title = app.stack.top
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    prompt = app.stack.top
    assert isinstance(prompt, TextPromptScene)
    drive.run(app, {0: drive.text(name)})
    assert prompt.entry.text == name  # the name box took every character
    # ... and draws it with the fallback fonts, not as boxes of the game's font.
    assert all(index > 0 for index, _, _ in prompt.entry._font().runs(name))
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    assert app.stack.top is title and app.profile_name == name
    assert title.profiles.selected_row.title == name
    font = FontCache(title.fonts._font_dir).get("bold", 18)
    assert all(index > 0 for index, _, _ in font.runs(name))
