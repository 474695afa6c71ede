"""Arrow keys on a button move the focus, as Tab does; a control that uses arrows keeps them."""

import pygame

from game.ui.scenes.dialogs import ConfirmScene
from game.ui.scenes.title import TitleScene

K = pygame


def test_the_arrows_move_between_a_dialogs_buttons(make_app, drive):
    app = make_app()
    title = app.stack.top
    assert isinstance(title, TitleScene)
    answers = []
    title.open(
        ConfirmScene("Walk away?", "The talks end now.", confirm_text="Walk away"), answers.append
    )
    drive.run(app, frames=3)
    confirm = app.stack.top
    assert isinstance(confirm, ConfirmScene)
    assert confirm.key_of(confirm.focus.focused) == "cancel"  # the safe answer first
    drive.run(app, {0: [drive.key(K.K_RIGHT)]})
    assert confirm.key_of(confirm.focus.focused) == "confirm"
    drive.run(app, {0: [drive.key(K.K_LEFT)]})
    assert confirm.key_of(confirm.focus.focused) == "cancel"
    drive.run(app, {0: [drive.key(K.K_DOWN)], 1: [drive.key(K.K_RETURN)]})
    assert answers == [True]


def test_the_arrows_walk_the_title_menu_and_the_list_keeps_its_own(make_app, drive):
    app = make_app(profile="Ada")
    title = app.stack.top
    order = [title.key_of(element) for element in title.focus.elements]
    start = title.key_of(title.focus.focused)
    drive.run(app, {0: [drive.key(K.K_DOWN)]})
    after = title.key_of(title.focus.focused)
    assert after != start and order.index(after) == (order.index(start) + 1) % len(order)
    drive.run(app, {0: [drive.key(K.K_UP)]})
    assert title.key_of(title.focus.focused) == start
    # the profile list uses Up and Down itself: the focus stays on it at its ends
    title.focus_key("profiles")
    for _ in range(3):
        drive.run(app, {0: [drive.key(K.K_DOWN)]})
        assert title.key_of(title.focus.focused) == "profiles"
