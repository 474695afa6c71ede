import pygame
import pytest

from game.ui.fonts import FontCache
from game.ui.theme import DEFAULT_PALETTE
from game.ui.widgets.controls import Button, ControlStyle, IndexSlider
from game.ui.widgets.focus import FocusManager, FocusRingStyle, FocusTarget, layout_order
from game.ui.widgets.text_cache import TextCache
from game.ui.widgets.text_entry import TextEntry


def key(k, mod=0):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


@pytest.fixture
def style(display, assets):
    fonts = FontCache(assets.fonts)
    return ControlStyle(fonts, DEFAULT_PALETTE, TextCache(fonts))


def _buttons(style, n=4, pressed=None):
    buttons = []
    for i in range(n):
        button = Button(
            style,
            f"b{i}",
            f"B{i}",
            (lambda b: pressed.append(b.key)) if pressed is not None else None,
        )
        button.place(pygame.Rect(20 + 150 * i, 20, 140, 48))
        buttons.append(button)
    return buttons


def test_tab_cycles_in_order_and_wraps(style):
    buttons = _buttons(style)
    focus = FocusManager(buttons)
    assert focus.focused is None
    seen = []
    for _ in range(5):
        assert focus.handle_event(key(pygame.K_TAB)) is True
        seen.append(focus.focused)
    assert seen == [buttons[0], buttons[1], buttons[2], buttons[3], buttons[0]]


def test_shift_tab_goes_backwards(style):
    buttons = _buttons(style)
    focus = FocusManager(buttons)
    focus.handle_event(key(pygame.K_TAB, pygame.KMOD_LSHIFT))
    assert focus.focused is buttons[3]
    focus.handle_event(key(pygame.K_TAB, pygame.KMOD_LSHIFT))
    assert focus.focused is buttons[2]


def test_disabled_and_hidden_elements_are_skipped(style):
    buttons = _buttons(style)
    buttons[1].disable()
    buttons[2].visible = False
    focus = FocusManager(buttons)
    order = []
    for _ in range(4):
        focus.focus_next()
        order.append(buttons.index(focus.focused))
    assert order == [0, 3, 0, 3]
    # an element disabled while focused loses focus
    buttons[3].disable()
    assert focus.focused is not buttons[3]


def test_all_disabled_means_no_focus(style):
    buttons = _buttons(style, 2)
    for b in buttons:
        b.disable()
    focus = FocusManager(buttons)
    assert focus.focus_next() is None
    assert focus.focused is None


def test_enter_and_space_press_the_focused_button(style):
    pressed = []
    buttons = _buttons(style, pressed=pressed)
    focus = FocusManager(buttons)
    focus.focus(buttons[2])
    assert focus.dispatch(key(pygame.K_RETURN)) is True
    assert focus.dispatch(key(pygame.K_SPACE)) is True
    assert pressed == ["b2", "b2"]


def test_disabled_button_keeps_its_reason_and_does_not_press(style):
    pressed = []
    buttons = _buttons(style, 2, pressed)
    buttons[1].disable("You must make an offer first.")
    focus = FocusManager(buttons)
    assert FocusManager.disabled_reason(buttons[0]) is None
    assert FocusManager.disabled_reason(buttons[1]) == "You must make an offer first."
    hit = focus.hint_at(buttons[1].rect.center)
    assert hit == (buttons[1], "You must make an offer first.")
    assert focus.hint_at(buttons[0].rect.center) is None
    focus.focus(buttons[1])
    assert focus.focused_reason() == (buttons[1], "You must make an offer first.")
    focus.dispatch(key(pygame.K_RETURN))
    assert pressed == []


def test_arrows_move_a_focused_slider(style):
    values = []
    slider = IndexSlider(style, "s", [str(v) for v in range(0, 101, 5)], 10, values.append)
    slider.place(pygame.Rect(20, 100, 300, 40))
    focus = FocusManager([slider])
    focus.focus(slider)
    assert focus.dispatch(key(pygame.K_RIGHT)) is True
    assert slider.value_label == "55"
    focus.dispatch(key(pygame.K_LEFT))
    focus.dispatch(key(pygame.K_LEFT))
    assert slider.value_label == "45"
    focus.dispatch(key(pygame.K_END))
    assert slider.value_label == "100"
    focus.dispatch(key(pygame.K_RIGHT))  # clamped
    assert slider.value_label == "100"
    assert values == [11, 10, 9, 20]


def test_a_text_field_is_told_when_it_gains_and_loses_the_focus(style):
    entry = TextEntry(style, "entry")
    entry.place(pygame.Rect(20, 400, 200, 40))
    button = _buttons(style, 1)[0]
    focus = FocusManager([entry, button])
    focus.focus_next()
    assert entry.has_focus
    assert focus.dispatch(pygame.event.Event(pygame.TEXTINPUT, text="A")) is True
    assert entry.text == "A"
    focus.focus_next()
    assert not entry.has_focus and button.has_focus
    # typed text goes to the focused widget only
    assert focus.dispatch(pygame.event.Event(pygame.TEXTINPUT, text="B")) is False
    assert entry.text == "A"
    # a new order without the entry takes its focus away
    focus.focus(entry)
    focus.set_elements([button])
    assert not entry.has_focus


class _Box(FocusTarget):
    def __init__(self, name, x, y, w, h):
        super().__init__()
        self.name = name
        self.rect = pygame.Rect(x, y, w, h)


def _names(elements):
    return [e.name for e in elements]


def test_focus_order_follows_the_layout_list_then_its_column_then_the_footer():
    """The title screen's shape: a list, a column of buttons beside it, a row under it."""
    boxes = [
        _Box("new", 24, 650, 150, 44),
        _Box("quit", 600, 520, 420, 44),
        _Box("continue", 600, 220, 420, 44),
        _Box("rename", 186, 650, 120, 44),
        _Box("profiles", 24, 150, 550, 460),
        _Box("campaign", 600, 276, 420, 44),
    ]
    assert _names(layout_order(boxes)) == [
        "profiles",
        "continue",
        "campaign",
        "quit",
        "new",
        "rename",
    ]


def test_focus_order_reads_columns_left_to_right_and_follows_a_new_layout():
    files, details = _Box("files", 24, 150, 480, 480), _Box("details", 530, 150, 720, 480)
    back, check = _Box("back", 24, 650, 96, 44), _Box("check", 132, 650, 200, 44)
    assert _names(layout_order([check, details, back, files])) == [
        "files",
        "details",
        "back",
        "check",
    ]
    # a narrow window stacks the details under the files: the order follows
    details.rect = pygame.Rect(24, 400, 480, 230)
    files.rect = pygame.Rect(24, 150, 480, 230)
    assert _names(layout_order([details, back, check, files])) == [
        "files",
        "details",
        "back",
        "check",
    ]


def test_ring_is_drawn_around_the_focused_element_only(display, style):
    buttons = _buttons(style, 2)
    ring = FocusRingStyle(outer="#000000", inner="#FFC43D")
    focus = FocusManager(buttons, style=ring)
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


def test_a_menu_screens_tab_order_is_read_from_its_layout(make_app, drive):
    app = make_app(profile="Ada")
    title = app.stack.top
    assert [title.key_of(e) for e in title.focus.elements] == [
        "profiles",
        *("continue", "campaign", "custom", "settings", "join", "quit"),  # the column beside it
        *("new", "rename", "delete"),  # the row under the list
    ]
    app.navigator.to_custom_levels()
    app.settle()
    scene = app.stack.top
    order = [scene.key_of(e) for e in scene.focus.elements]
    assert order == ["files", "details", "back", "reload", "open", "hand_in"]
    # Tab walks the footer left to right, as it is drawn
    scene.focus_key("details")
    lefts = []
    for _ in range(4):
        drive.run(app, {0: [drive.key(pygame.K_TAB)]})
        lefts.append(scene.focus.focused.rect.left)
    assert lefts == sorted(lefts) and len(set(lefts)) == 4
