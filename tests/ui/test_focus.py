import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UIHorizontalSlider,
    UISelectionList,
    UITextEntryLine,
)

from game.ui.widgets.focus import FocusManager, FocusRingStyle


def key(k, mod=0):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def _buttons(manager, n=4):
    return [
        UIButton(pygame.Rect(20 + 150 * i, 20, 140, 48), f"B{i}", manager=manager) for i in range(n)
    ]


def _posted(event_type):
    return [e for e in pygame.event.get() if e.type == event_type]


def test_tab_cycles_in_order_and_wraps(ui_manager):
    buttons = _buttons(ui_manager)
    focus = FocusManager(buttons)
    assert focus.focused is None
    seen = []
    for _ in range(5):
        assert focus.handle_event(key(pygame.K_TAB)) is True
        seen.append(focus.focused)
    assert seen == [buttons[0], buttons[1], buttons[2], buttons[3], buttons[0]]


def test_shift_tab_goes_backwards(ui_manager):
    buttons = _buttons(ui_manager)
    focus = FocusManager(buttons)
    focus.handle_event(key(pygame.K_TAB, pygame.KMOD_LSHIFT))
    assert focus.focused is buttons[3]
    focus.handle_event(key(pygame.K_TAB, pygame.KMOD_LSHIFT))
    assert focus.focused is buttons[2]


def test_disabled_and_hidden_elements_are_skipped(ui_manager):
    buttons = _buttons(ui_manager)
    buttons[1].disable()
    buttons[2].hide()
    focus = FocusManager(buttons)
    order = []
    for _ in range(4):
        focus.focus_next()
        order.append(buttons.index(focus.focused))
    assert order == [0, 3, 0, 3]
    # an element disabled while focused loses focus
    buttons[3].disable()
    assert focus.focused is not buttons[3]


def test_all_disabled_means_no_focus(ui_manager):
    buttons = _buttons(ui_manager, 2)
    for b in buttons:
        b.disable()
    focus = FocusManager(buttons)
    assert focus.focus_next() is None
    assert focus.focused is None


def test_enter_and_space_post_the_click_event(ui_manager):
    buttons = _buttons(ui_manager)
    focus = FocusManager(buttons)
    pygame.event.clear()
    focus.focus(buttons[2])
    assert focus.handle_event(key(pygame.K_RETURN)) is True
    pressed = _posted(pygame_gui.UI_BUTTON_PRESSED)
    assert [e.ui_element for e in pressed] == [buttons[2]]
    assert pressed[0].mouse_button == pygame.BUTTON_LEFT
    focus.handle_event(key(pygame.K_SPACE))
    assert [e.ui_element for e in _posted(pygame_gui.UI_BUTTON_PRESSED)] == [buttons[2]]


def test_disabled_button_keeps_its_reason(ui_manager):
    buttons = _buttons(ui_manager, 2)
    buttons[1].set_tooltip("You must make an offer first.")
    buttons[1].disable()
    focus = FocusManager(buttons)
    assert FocusManager.disabled_reason(buttons[0]) is None
    assert FocusManager.disabled_reason(buttons[1]) == "You must make an offer first."
    hit = focus.hint_at(buttons[1].rect.center)
    assert hit == (buttons[1], "You must make an offer first.")
    assert focus.hint_at(buttons[0].rect.center) is None
    # activating a disabled button does nothing
    pygame.event.clear()
    FocusManager.activate(buttons[1])
    assert _posted(pygame_gui.UI_BUTTON_PRESSED) == []


def test_arrows_move_a_focused_slider_and_post_moved(ui_manager):
    slider = UIHorizontalSlider(
        pygame.Rect(20, 100, 300, 40), 50, (0, 100), manager=ui_manager, click_increment=5
    )
    focus = FocusManager([slider])
    focus.focus(slider)
    pygame.event.clear()
    assert focus.handle_event(key(pygame.K_RIGHT)) is True
    assert slider.get_current_value() == 55
    moved = _posted(pygame_gui.UI_HORIZONTAL_SLIDER_MOVED)
    assert [e.value for e in moved] == [55]
    focus.handle_event(key(pygame.K_LEFT))
    focus.handle_event(key(pygame.K_LEFT))
    assert slider.get_current_value() == 45
    focus.handle_event(key(pygame.K_END))
    assert slider.get_current_value() == 100
    focus.handle_event(key(pygame.K_RIGHT))  # clamped
    assert slider.get_current_value() == 100


def test_arrows_change_a_drop_down_option(ui_manager):
    menu = UIDropDownMenu(
        ["Low", "Medium", "High"], "Low", pygame.Rect(20, 160, 200, 40), manager=ui_manager
    )
    focus = FocusManager([menu])
    focus.focus(menu)
    pygame.event.clear()
    assert focus.handle_event(key(pygame.K_DOWN)) is True
    assert menu.selected_option[0] == "Medium"
    changed = _posted(pygame_gui.UI_DROP_DOWN_MENU_CHANGED)
    assert [e.text for e in changed] == ["Medium"]
    focus.handle_event(key(pygame.K_UP))
    focus.handle_event(key(pygame.K_UP))
    assert menu.selected_option[0] == "Low"


def test_arrows_move_a_selection_list(ui_manager):
    items = ["One", "Two", "Three"]
    selection = UISelectionList(pygame.Rect(20, 220, 200, 150), items, manager=ui_manager)
    focus = FocusManager([selection])
    focus.focus(selection)
    pygame.event.clear()
    focus.handle_event(key(pygame.K_DOWN))
    assert selection.get_single_selection() == "One"
    focus.handle_event(key(pygame.K_DOWN))
    assert selection.get_single_selection() == "Two"
    new = _posted(pygame_gui.UI_SELECTION_LIST_NEW_SELECTION)
    assert [e.text for e in new] == ["One", "Two"]


def test_text_entry_gets_keyboard_focus_when_tabbed_to(ui_manager):
    entry = UITextEntryLine(pygame.Rect(20, 400, 200, 40), manager=ui_manager)
    button = UIButton(pygame.Rect(240, 400, 100, 40), "Go", manager=ui_manager)
    focus = FocusManager([entry, button], manager=ui_manager)
    focus.focus_next()
    assert entry.is_focused
    focus.focus_next()
    assert not entry.is_focused


def test_a_click_moves_focus_to_the_clicked_element(ui_manager):
    buttons = _buttons(ui_manager, 3)
    focus = FocusManager(buttons)
    focus.focus(buttons[0])
    click = pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=buttons[2], mouse_button=1)
    assert focus.handle_event(click) is False  # the scene still handles the click
    assert focus.focused is buttons[2]


def test_ring_is_drawn_around_the_focused_element_only(display, ui_manager):
    buttons = _buttons(ui_manager, 2)
    style = FocusRingStyle(outer="#000000", inner="#FFC43D")
    focus = FocusManager(buttons, style=style)
    display.fill((255, 255, 255))
    focus.draw(display)
    assert pygame.transform.average_color(display)[:3] == (255, 255, 255)
    focus.focus(buttons[1])
    focus.draw(display)
    rect = buttons[1].rect
    # outer ring 3 px, starting gap+width (6 px) outside the element
    assert display.get_at((rect.centerx, rect.top - 6))[:3] == (0, 0, 0)
    assert display.get_at((rect.centerx, rect.bottom + 5))[:3] == (0, 0, 0)
    # corner marks outside the ring
    assert display.get_at((rect.left - 9, rect.top - 9))[:3] == (0, 0, 0)
    # nothing drawn around the other button
    other = buttons[0].rect
    assert display.get_at((other.centerx, other.top - 6))[:3] == (255, 255, 255)
