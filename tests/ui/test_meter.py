import pygame
import pytest

from game.ui.widgets.meter import Meter, ease_out_cubic


def test_meter_animates_to_the_target_in_about_0_4_s():
    meter = Meter("Trust", minimum=0, maximum=100, value=20)
    meter.set_value(80, reason="You kept your word")
    assert meter.target == 80
    assert meter.displayed_value == 20
    assert meter.animating
    meter.update(0.2)
    halfway = meter.displayed_value
    assert 20 < halfway < 80
    assert halfway == pytest.approx(20 + 60 * ease_out_cubic(0.5))
    meter.update(0.2)
    assert meter.displayed_value == 80
    assert not meter.animating
    assert meter.reason == "You kept your word"
    assert meter.change_text() == "+60"


def test_values_are_clamped_and_bipolar_text_is_signed():
    meter = Meter("Relationship", minimum=-100, maximum=100, value=0, duration=0)
    meter.set_value(250)
    assert meter.displayed_value == 100 and meter.value_text() == "+100"
    meter.set_value(-30, reason="You broke a promise")
    assert meter.value_text() == "-30"
    assert meter.change_text() == "−130"
    assert meter.bipolar


def test_a_new_value_mid_animation_starts_from_what_is_shown():
    meter = Meter("Trust", value=0)
    meter.set_value(100)
    meter.update(0.1)
    shown = meter.displayed_value
    meter.set_value(50)
    assert meter.displayed_value == shown
    meter.update(1.0)
    assert meter.displayed_value == 50


def test_invalid_range_is_rejected():
    with pytest.raises(ValueError):
        Meter("x", minimum=10, maximum=10)


def test_meter_draws_the_bar_number_and_reason(display, context):
    meter = Meter("Trust", minimum=-100, maximum=100, value=0, duration=0)
    meter.set_value(50, reason="Because")
    display.fill((255, 255, 255))
    rect = pygame.Rect(10, 10, 300, meter.preferred_height(context.fonts))
    meter.draw(display, rect, context.fonts, context.palette)
    drawn = display.get_bounding_rect()
    assert drawn.width > 250
    fill = pygame.Color(context.palette.meter_fill)
    # the fill runs from the centre line (0) to three quarters of the bar (+50)
    bar_y = rect.top + context.fonts.line_height("bold", Meter.LABEL_SIZE) + 2 + 7
    assert display.get_at((rect.left + int(rect.width * 0.65), bar_y))[:3] == fill[:3]
    assert display.get_at((rect.left + int(rect.width * 0.3), bar_y))[:3] != fill[:3]
