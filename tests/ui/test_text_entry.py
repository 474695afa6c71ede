"""The game's text field: caret, selection, clipboard, input-method text, drawing."""

import pygame
import pytest

from game.ui.fonts import FontCache
from game.ui.theme import DEFAULT_PALETTE
from game.ui.widgets import text_entry
from game.ui.widgets.controls import ControlStyle
from game.ui.widgets.text_cache import TextCache
from game.ui.widgets.text_entry import TextEntry

CTRL = pygame.KMOD_LCTRL
SHIFT = pygame.KMOD_LSHIFT


def key(k, mod=0, unicode=""):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0)


def typed(text):
    return pygame.event.Event(pygame.TEXTINPUT, text=text)


@pytest.fixture
def style(display, assets):
    fonts = FontCache(assets.fonts)
    return ControlStyle(fonts, DEFAULT_PALETTE, TextCache(fonts))


@pytest.fixture
def clipboard(monkeypatch):
    """The system clipboard, replaced by a box the test can read."""
    box = {"text": ""}
    monkeypatch.setattr(text_entry, "clipboard_text", lambda: box["text"])
    monkeypatch.setattr(text_entry, "set_clipboard_text", lambda text: box.update(text=text))
    return box


def entry_with(style, text="", **kwargs):
    entry = TextEntry(style, "entry", text, **kwargs)
    entry.place(pygame.Rect(40, 40, 400, 44))
    entry.focus_changed(True)
    return entry


def test_typing_inserts_at_the_caret_and_the_caret_moves(style):
    changes = []
    entry = entry_with(style, "Ada", on_change=changes.append)
    assert entry.caret == 3
    entry.handle_key(key(pygame.K_HOME))
    assert entry.caret == 0
    entry.handle_text(typed("L"))
    assert entry.text == "LAda" and entry.caret == 1
    entry.handle_key(key(pygame.K_RIGHT))
    entry.handle_key(key(pygame.K_RIGHT))
    entry.handle_text(typed("x"))
    assert entry.text == "LAdxa"
    entry.handle_key(key(pygame.K_BACKSPACE))
    entry.handle_key(key(pygame.K_END))
    entry.handle_key(key(pygame.K_LEFT))
    entry.handle_key(key(pygame.K_DELETE))
    assert entry.text == "LAd"
    assert changes == ["LAda", "LAdxa", "LAda", "LAd"]


def test_shift_arrows_select_and_typing_replaces_the_selection(style):
    entry = entry_with(style, "hello world")
    entry.handle_key(key(pygame.K_LEFT, SHIFT))
    entry.handle_key(key(pygame.K_LEFT, SHIFT | CTRL))
    assert entry.selected_text == "world"
    entry.handle_text(typed("there"))
    assert entry.text == "hello there"
    assert entry.selection == (11, 11)
    # Ctrl+A then typing replaces everything; Left collapses a selection to its start
    entry.handle_key(key(pygame.K_a, CTRL))
    assert entry.selected_text == "hello there"
    entry.handle_key(key(pygame.K_LEFT))
    assert entry.selection == (0, 0)
    entry.handle_key(key(pygame.K_a, CTRL))
    entry.handle_text(typed("Bo"))
    assert entry.text == "Bo"


def test_ctrl_arrows_and_ctrl_backspace_work_by_word(style):
    entry = entry_with(style, "one two  three")
    entry.handle_key(key(pygame.K_LEFT, CTRL))
    assert entry.caret == len("one two  ")
    entry.handle_key(key(pygame.K_BACKSPACE, CTRL))
    assert entry.text == "one three"
    entry.handle_key(key(pygame.K_HOME))
    entry.handle_key(key(pygame.K_RIGHT, CTRL))
    assert entry.caret == 3


def test_copy_cut_and_paste_use_the_clipboard(style, clipboard):
    entry = entry_with(style, "Ada Lovelace")
    entry.handle_key(key(pygame.K_HOME))
    for _ in range(3):
        entry.handle_key(key(pygame.K_RIGHT, SHIFT))
    entry.handle_key(key(pygame.K_c, CTRL))
    assert clipboard["text"] == "Ada"
    assert entry.text == "Ada Lovelace"
    entry.handle_key(key(pygame.K_x, CTRL))
    assert entry.text == " Lovelace" and clipboard["text"] == "Ada"
    entry.handle_key(key(pygame.K_END))
    entry.handle_key(key(pygame.K_v, CTRL))
    assert entry.text == " LovelaceAda" and entry.caret == len(entry.text)
    # only the first line of the clipboard, tabs as spaces; Shift+Insert pastes too
    clipboard["text"] = "E:/class\tpack.cgpack\nsecond line"
    entry.handle_key(key(pygame.K_a, CTRL))
    entry.handle_key(key(pygame.K_INSERT, SHIFT))
    assert entry.text == "E:/class pack.cgpack"


def test_max_length_cuts_typing_and_pasting(style, clipboard):
    entry = entry_with(style, "abcdef", max_length=8)
    entry.handle_text(typed("ghij"))
    assert entry.text == "abcdefgh"
    clipboard["text"] = "XYZ"
    entry.handle_key(key(pygame.K_HOME))
    entry.handle_key(key(pygame.K_RIGHT, SHIFT))
    entry.handle_key(key(pygame.K_v, CTRL))
    assert entry.text == "Xbcdefgh"  # the selected "a" made room for one character


def test_input_method_composition_is_shown_then_committed(style, display):
    entry = entry_with(style, "名")
    editing = pygame.event.Event(pygame.TEXTEDITING, text="にほ", start=2, length=0)
    assert entry.handle_text(editing)
    assert entry.composition == "にほ" and entry.text == "名"
    # keys go to the input method while it composes: Backspace is not ours
    assert entry.handle_key(key(pygame.K_BACKSPACE)) is True
    assert entry.text == "名"
    entry.draw(display)  # composing text is drawn (underlined) without error
    entry.handle_text(typed("日本"))
    assert entry.text == "名日本" and entry.composition == ""


def test_enter_submits_and_printable_keys_are_kept_from_the_screen(style):
    submitted = []
    entry = entry_with(style, "Ada", on_submit=submitted.append)
    assert entry.handle_key(key(pygame.K_RETURN)) is True
    assert submitted == ["Ada"]
    assert entry.handle_key(key(pygame.K_q, unicode="q")) is True  # its text comes as TEXTINPUT
    assert entry.handle_key(key(pygame.K_ESCAPE)) is False  # the dialog's
    assert entry.handle_key(key(pygame.K_F1)) is False  # the screen's


def test_a_click_puts_the_caret_and_a_drag_selects(style):
    entry = entry_with(style, "abcdefgh")
    x_of_c = entry._x_of(2)
    down = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(x_of_c + 1, 60))
    assert entry.handle_mouse(down)
    assert entry.caret == 2 and entry.selection == (2, 2)
    move = pygame.event.Event(pygame.MOUSEMOTION, pos=(entry._x_of(5), 60), buttons=(1, 0, 0))
    entry.handle_mouse(move)
    entry.handle_mouse(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=(0, 0)))
    assert entry.selected_text == "cde"


def test_a_long_text_scrolls_so_the_caret_stays_inside(style, display):
    entry = entry_with(style, "")
    entry.handle_text(typed("W" * 80))
    entry.draw(display)
    assert entry.rect.left < entry._x_of(entry.caret) <= entry.rect.right
    entry.handle_key(key(pygame.K_HOME))
    entry.draw(display)
    assert entry.rect.left < entry._x_of(0) < entry.rect.left + 30


def test_focus_switches_text_input_on_and_off(style, monkeypatch):
    calls = []
    monkeypatch.setattr(pygame.key, "start_text_input", lambda: calls.append("start"))
    monkeypatch.setattr(pygame.key, "stop_text_input", lambda: calls.append("stop"))
    monkeypatch.setattr(pygame.key, "set_text_input_rect", lambda rect: calls.append(tuple(rect)))
    entry = entry_with(style, "x")
    entry.focus_changed(False)
    assert calls == ["start", (40, 40, 400, 44), "stop"]
