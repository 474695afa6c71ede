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
    start = title.focus.focused
    drive.run(app, {0: [drive.key(K.K_DOWN)]})
    below = title.focus.focused
    assert below is not start and below.rect.top >= start.rect.bottom  # the control below
    assert abs(below.rect.centerx - start.rect.centerx) < start.rect.width  # in its column
    drive.run(app, {0: [drive.key(K.K_UP)]})
    assert title.focus.focused is start
    # the profile list uses Up and Down itself: the focus stays on it at its ends
    title.focus_key("profiles")
    for _ in range(3):
        drive.run(app, {0: [drive.key(K.K_DOWN)]})
        assert title.key_of(title.focus.focused) == "profiles"


def test_down_in_a_grid_of_buttons_goes_to_the_one_below():
    from game.ui.widgets.focus import FocusManager

    class Cell:
        def __init__(self, x, y):
            self.rect = pygame.Rect(x * 100, y * 40, 90, 30)
            self.visible = True
            self.is_enabled = True
            self.has_focus = False

        def alive(self):
            return True

        def focus_changed(self, focused):
            self.has_focus = focused

    grid = [[Cell(x, y) for x in range(4)] for y in range(3)]
    focus = FocusManager()
    focus.set_elements([cell for row in grid for cell in row])
    focus.focus(grid[0][1])
    assert focus.focus_toward(0, 1) is grid[1][1]  # down: below, not the next in the row
    assert focus.focus_toward(1, 0) is grid[1][2]
    assert focus.focus_toward(0, -1) is grid[0][2]
    assert focus.focus_toward(0, -1) is grid[0][1]  # nothing above: back, as Shift-Tab
    focus.focus(grid[2][3])
    assert focus.focus_toward(1, 0) is grid[0][0]  # nothing to the right: on, as Tab (wraps)


def test_at_the_table_down_on_a_move_goes_to_the_move_below_and_sliders_keep_theirs(display):
    from .table_harness import make_table

    table = make_table("tablet-deal")
    scene = table.scene
    buttons = scene.controls.menu.buttons
    first = buttons["ask_priorities"]
    scene.focus.focus(first)
    table.keys("down")
    below = scene.focus.focused
    assert below is not first and below.rect.top >= first.rect.bottom
    assert abs(below.rect.centerx - first.rect.centerx) < first.rect.width  # its column
    table.keys("up")
    assert scene.focus.focused is first
    # a slider of "Your offer" keeps Left and Right: they move the value, not the focus
    slider = next(c for c in scene.focus.elements if type(c).__name__ == "IndexSlider")
    scene.focus.focus(slider)
    value = slider.index
    table.keys("left")
    assert scene.focus.focused is slider and slider.index == value - 1
