import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pygame
import pygame_gui

from game.ui.theme import (
    COLOUR_BLIND_PALETTE,
    DEFAULT_PALETTE,
    OKABE_ITO,
    build_theme,
    make_ui_manager,
    palette_by_name,
    theme_colours,
)


def _base(assets):
    return json.loads(assets.theme_file.read_text(encoding="utf-8"))


def test_every_theme_colour_is_a_default_palette_colour(assets):
    by_value: dict[str, list[str]] = {}
    for role, value in DEFAULT_PALETTE.roles().items():
        by_value.setdefault(value.upper(), []).append(role)
    for colour in theme_colours(_base(assets)):
        if len(colour) == 9 and colour.endswith("00"):
            continue  # transparent
        roles = by_value.get(colour[:7].upper())
        assert roles, f"{colour} in theme.json is not a palette colour"
        assert len(roles) == 1, f"{colour} is ambiguous: {roles}"


def test_colour_blind_theme_uses_okabe_ito_and_no_default_colours(assets):
    theme = build_theme(COLOUR_BLIND_PALETTE, 1.0, assets)
    colours = {c[:7].upper() for c in theme_colours(theme) if not c.endswith("00") or len(c) == 7}
    default_only = {v.upper() for v in DEFAULT_PALETTE.roles().values()} - {
        v.upper() for v in COLOUR_BLIND_PALETTE.roles().values()
    }
    assert not colours & default_only
    assert OKABE_ITO["blue"] in colours  # buttons
    okabe = {v.upper() for v in OKABE_ITO.values()}
    assert {
        COLOUR_BLIND_PALETTE.positive,
        COLOUR_BLIND_PALETTE.negative,
        COLOUR_BLIND_PALETTE.warning,
    } <= okabe


def test_font_sizes_scale_and_paths_resolve(assets):
    base = _base(assets)
    theme = build_theme(DEFAULT_PALETTE, 2.0, assets)
    assert int(theme["button"]["font"]["size"]) == 2 * int(base["button"]["font"]["size"])
    assert int(theme["label"]["font"]["size"]) == 2 * int(base["label"]["font"]["size"])
    path = Path(theme["button"]["font"]["bold_path"])
    assert path.is_absolute() and path.is_file()
    # the base file is untouched
    assert _base(assets) == base


def test_ui_manager_builds_without_theme_warnings(display, assets):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        manager = make_ui_manager((1280, 720), COLOUR_BLIND_PALETTE, 1.5, assets)
    button = pygame_gui.elements.UIButton(pygame.Rect(0, 0, 200, 50), "OK", manager=manager)
    assert button.font is not None
    manager.draw_ui(display)


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


def test_managers_share_one_theme_per_palette_and_scale(display, assets):
    import i18n

    first = make_ui_manager((800, 600), DEFAULT_PALETTE, 1.0, assets)
    second = make_ui_manager((800, 600), DEFAULT_PALETTE, 1.0, assets)
    larger = make_ui_manager((800, 600), DEFAULT_PALETTE, 1.5, assets)
    blind = make_ui_manager((800, 600), COLOUR_BLIND_PALETTE, 1.0, assets)
    assert first.get_theme() is second.get_theme()
    assert larger.get_theme() is not first.get_theme()
    assert blind.get_theme() is not first.get_theme()
    # the shared theme is the one built for its palette and scale
    size = larger.get_theme().get_font_info(["button"])["size"]
    assert int(size) > int(first.get_theme().get_font_info(["button"])["size"])
    # each manager appends pygame_gui's translations folder: kept once
    assert len(i18n.load_path) == len(set(i18n.load_path))


def test_pygame_gui_translations_load_without_yaml():
    """The game imports i18n with PyYAML hidden: pygame_gui's JSON translations still work."""
    code = (
        "import sys, game.ui, pygame, pygame_gui\n"
        "assert 'yaml' not in sys.modules, 'yaml was imported'\n"
        "import i18n\n"
        "assert i18n.config.yaml_available is False\n"
        "pygame.init(); pygame.display.set_mode((10, 10))\n"
        "manager = pygame_gui.UIManager((10, 10))\n"
        "manager.set_locale('fr')\n"
        "print(i18n.t('pygame-gui.Cancel'))\n"
        "import yaml\n"  # code that wants yaml later still gets it
        "print(yaml.safe_dump({'a': 1}).strip())\n"
    )
    env = {"SDL_VIDEODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["Annuler", "a: 1"]


def test_rounded_buttons_are_drawn_in_one_pass_like_the_games_own_widgets(display, assets):
    """pygame_gui's rounded rectangles use pygame's rounded rect (no 4x picture to shrink)."""
    from pygame_gui.core.drawable_shapes.rounded_rect_drawable_shape import (
        RoundedRectangleShape,
    )

    manager = make_ui_manager((1280, 720), DEFAULT_PALETTE, 1.0, assets)
    assert getattr(RoundedRectangleShape.redraw_state, "_plain", False)
    button = pygame_gui.elements.UIButton(pygame.Rect(0, 0, 400, 60), "", manager=manager)
    shape = button.drawable_shape
    assert isinstance(shape, RoundedRectangleShape)
    picture = shape.states["normal"].surface
    theming = shape.theming
    assert picture.get_size() == (400, 60)
    assert picture.get_at((0, 0)).a == 0  # a rounded corner: transparent
    assert picture.get_at((200, 0))[:3] == theming["normal_border"][:3]  # the border
    assert picture.get_at((200, 30))[:3] == theming["normal_bg"][:3]  # the inside
    # every state is drawn, with its own colours
    shape.redraw_state("hovered")
    hovered = shape.states["hovered"].surface
    assert hovered.get_at((200, 30))[:3] == theming["hovered_bg"][:3]
