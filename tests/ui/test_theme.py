import subprocess
import sys

import pygame

from game.ui.fonts import FontCache
from game.ui.theme import COLOUR_BLIND_PALETTE, DEFAULT_PALETTE, OKABE_ITO, palette_by_name
from game.ui.widgets.button_row import ButtonSpec, build_row
from game.ui.widgets.controls import ControlStyle
from game.ui.widgets.text_cache import TextCache


def test_colour_blind_palette_uses_okabe_ito_for_outcomes():
    okabe = {v.upper() for v in OKABE_ITO.values()}
    assert {
        COLOUR_BLIND_PALETTE.positive,
        COLOUR_BLIND_PALETTE.negative,
        COLOUR_BLIND_PALETTE.warning,
    } <= okabe


def test_menu_buttons_are_the_games_buttons_drawn_in_the_chosen_palette(display, assets):
    """One family, one theme: a footer button is filled with the palette's primary colour."""
    fonts = FontCache(assets.fonts)
    for palette in (DEFAULT_PALETTE, COLOUR_BLIND_PALETTE):
        style = ControlStyle(fonts, palette, TextCache(fonts))
        buttons, _ = build_row([ButtonSpec("ok", "OK")], pygame.Rect(20, 20, 400, 60), fonts, style)
        display.fill((0, 0, 0))
        button = buttons["ok"]
        button.draw(display)
        inside = (button.rect.left + 6, button.rect.centery)
        assert display.get_at(inside)[:3] == tuple(palette.colour("primary"))[:3]


def test_the_game_imports_no_other_widget_library():
    """Every screen is built from the game's own controls (pygame_gui is gone)."""
    code = (
        "import sys, game.app, game.ui.scenes.title, game.ui.scenes.settings,"
        " game.ui.scenes.custom_levels, game.ui.scenes.dialogs, game.ui.table.scene;"
        " print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygame_gui', 'i18n')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


def test_text_contrast_of_buttons_and_body_is_high():
    def luminance(hex_colour: str) -> float:
        c = pygame.Color(hex_colour)

        def channel(v: int) -> float:
            v = v / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)

    def contrast(a: str, b: str) -> float:
        la, lb = sorted((luminance(a), luminance(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    for palette in (DEFAULT_PALETTE, COLOUR_BLIND_PALETTE):
        assert contrast(palette.text, palette.background) >= 7
        assert contrast(palette.text, palette.surface) >= 7
        assert contrast(palette.text_on_primary, palette.primary) >= 4.5
        assert contrast(palette.text_on_primary, palette.primary_hover) >= 4.5
        assert contrast(palette.disabled_text, palette.disabled_bg) >= 4.5
        assert contrast(palette.text_muted, palette.surface) >= 4.5
        assert contrast(palette.tooltip_text, palette.tooltip_bg) >= 7


def test_palette_lookup_falls_back_to_default():
    assert palette_by_name("colour_blind") is COLOUR_BLIND_PALETTE
    assert palette_by_name("nope") is DEFAULT_PALETTE


def test_a_button_too_narrow_for_its_words_keeps_them_whole_as_its_tool_tip(display, assets):
    fonts = FontCache(assets.fonts)
    style = ControlStyle(fonts, DEFAULT_PALETTE, TextCache(fonts))
    words = "Continue: The Longest Level Title Anyone Ever Wrote"
    specs = [ButtonSpec("continue", words), ButtonSpec("ok", "OK")]
    buttons, _ = build_row(specs, pygame.Rect(0, 0, 200, 60), fonts, style)
    assert buttons["continue"].rect.width == 200
    assert buttons["continue"].description == words
    assert buttons["ok"].description is None
