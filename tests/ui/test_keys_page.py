"""Each menu screen declares its keys once: that table does what the keys do and is the F1 page."""

import dataclasses

import pygame as K
import pytest

from game.ui.keys import KeyBinding, binding_for, key_name
from game.ui.scenes.common import COMMON_KEYS, MenuScene
from game.ui.scenes.custom_levels import CustomLevelsScene
from game.ui.scenes.keys_page import KeysPageScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.title import TitleScene


def _custom_levels(make_app):
    app = make_app(profile="Ada")
    app.navigator.to_custom_levels()
    app.settle()
    scene = app.stack.top
    assert isinstance(scene, CustomLevelsScene)
    return app, scene


def test_f1_lists_the_screens_own_keys_then_the_common_ones(make_app, drive):
    app, scene = _custom_levels(make_app)
    drive.run(app, {0: [drive.key(K.K_F1)]})
    page = app.stack.top
    assert isinstance(page, KeysPageScene)
    lines = " ".join(page.text_lines())
    assert "F5: check the folder again" in lines
    assert "Tab / Shift+Tab: move to the next / previous control" in lines
    # the screen's own words for Esc replace the common ones (listed once)
    assert "Esc: back to the campaign map" in lines and "Esc: go back" not in lines
    assert lines.index("F5:") < lines.index("Tab / Shift+Tab:")
    drive.run(app, {0: [drive.key(K.K_ESCAPE)]})
    assert app.stack.top is scene  # Esc closes the page, not the screen


def test_changing_one_entry_of_the_table_changes_both_the_key_and_the_f1_page(
    make_app, drive, monkeypatch
):
    reloads = []
    monkeypatch.setattr(CustomLevelsScene, "reload", lambda self: reloads.append(1))
    keys = tuple(
        dataclasses.replace(b, keys="F7", what="look for level files again", names=("F7",))
        if b.names == ("F5",)
        else b
        for b in CustomLevelsScene.KEYS
    )
    monkeypatch.setattr(CustomLevelsScene, "KEYS", keys)  # (F6 reads aloud on every screen)
    app, scene = _custom_levels(make_app)
    reloads.clear()  # (entering the screen checks the folder once)
    drive.run(app, {0: [drive.key(K.K_F5)]})
    assert reloads == []  # F5 is no longer a key of the screen
    drive.run(app, {0: [drive.key(K.K_F7)]})
    assert reloads == [1]
    drive.run(app, {0: [drive.key(K.K_SLASH, K.KMOD_LSHIFT, "?")]})  # "?" opens it too
    page = app.stack.top
    assert isinstance(page, KeysPageScene)
    lines = " ".join(page.text_lines())
    assert "F7: look for level files again" in lines
    assert "F5" not in lines


def test_a_dialog_has_no_keys_page_and_typing_a_question_mark_types_it(make_app, drive):
    app = make_app()
    title = app.stack.top
    assert isinstance(title, TitleScene)
    title.on_button("new")
    app.settle()
    prompt = app.stack.top
    question = drive.key(K.K_SLASH, K.KMOD_LSHIFT, "?")  # the key press comes with the text
    drive.run(app, {0: [drive.key(K.K_F1), *drive.text("Ada"), question, *drive.text("?")]})
    assert app.stack.top is prompt  # no page over the dialog
    assert prompt.entry.text == "Ada?"


@pytest.mark.parametrize("screen", [TitleScene, CustomLevelsScene, SettingsScene])
def test_every_named_key_of_a_screen_acts_and_none_is_claimed_twice(screen):
    table = (*screen.KEYS, *COMMON_KEYS)
    own = [name for b in screen.KEYS for name in b.names]
    assert len(own) == len(set(own))
    for binding in screen.KEYS:
        assert binding.keys and binding.what
        assert not binding.names or binding.run is not None
    # the screen's own binding wins over a common one with the same key
    for binding in screen.KEYS:
        for name in binding.names:
            key = K.key.key_code(name.lower()) if len(name) > 1 else ord(name.lower())
            event = K.event.Event(K.KEYDOWN, key=key, mod=0, unicode="")
            assert key_name(key) == name
            assert binding_for(table, event, first=binding.first) is binding


def test_chords_and_keys_of_another_phase_do_not_match():
    def run(screen, name):
        return True

    table = (KeyBinding("F5", "x", ("F5",), run, first=True),)
    f5 = K.event.Event(K.KEYDOWN, key=K.K_F5, mod=0, unicode="")
    assert binding_for(table, f5) is table[0]
    assert binding_for(table, f5, first=False) is None
    ctrl_f5 = K.event.Event(K.KEYDOWN, key=K.K_F5, mod=K.KMOD_LCTRL, unicode="")
    assert binding_for(table, ctrl_f5) is None
    assert key_name(K.K_KP3) == "3" and key_name(K.K_SLASH, K.KMOD_SHIFT) == "?"
    assert issubclass(CustomLevelsScene, MenuScene)


def test_the_titles_hint_line_comes_from_its_key_table(monkeypatch):
    from game.ui.keys import key_hints

    assert key_hints(TitleScene.KEYS) == (
        "Up/Down pick \u00b7 F2 rename \u00b7 Delete removes \u00b7 Enter continues"
    )
    keys = tuple(
        dataclasses.replace(b, hint="F2 renames") if b.names == ("F2",) else b
        for b in TitleScene.KEYS
    )
    assert "F2 renames" in key_hints(keys)
