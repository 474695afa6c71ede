"""Colour palettes and the pygame_gui theme built from ``assets/theme.json``.

``assets/theme.json`` is a plain pygame_gui theme written with the *default* palette at
100 % text.  :func:`build_theme` turns it into the theme for a chosen palette and text
scale:

* every colour in the file is one of :data:`DEFAULT_PALETTE`'s colours; it is swapped for
  the same role's colour in the chosen palette (a test keeps the file honest);
* every font ``size`` is multiplied by the text scale, so pygame_gui creates larger fonts
  (nothing rendered is ever scaled), and so are the few sizes that hold a glyph
  (drop-down arrow button, slider handle, list item height, tool-tip width);
* font paths, written relative to the theme file, become absolute.

The colour-blind-safe palette uses the Okabe–Ito colours.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pygame

from game.ui.assets import AssetPaths
from game.ui.fonts import clamp_text_scale

__all__ = [
    "Palette",
    "DEFAULT_PALETTE",
    "COLOUR_BLIND_PALETTE",
    "PALETTES",
    "OKABE_ITO",
    "palette_by_name",
    "build_theme",
    "make_ui_manager",
    "prepare_theme",
    "theme_colours",
    "theme_ready",
]

logger = logging.getLogger(__name__)

#: The eight Okabe–Ito colours, by their usual names.
OKABE_ITO: Mapping[str, str] = MappingProxyType(
    {
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
        "black": "#000000",
    }
)

_FONT_PATH_KEYS = ("regular_path", "bold_path", "italic_path", "bold_italic_path")
# Sizes (pixels) that hold text or a glyph, so they grow with the text scale.
_SCALED_MISC_KEYS = ("open_button_width", "sliding_button_width", "list_item_height", "rect_width")


@dataclass(frozen=True)
class Palette:
    """Named colours (``#RRGGBB``) for every role the interface paints.

    Meaning is never carried by colour alone: widgets pair these colours with text, numbers
    or shapes.
    """

    name: str
    label: str
    background: str
    surface: str
    surface_alt: str
    surface_hover: str
    text: str
    text_muted: str
    text_on_primary: str
    primary: str
    primary_hover: str
    primary_active: str
    border: str
    disabled_bg: str
    disabled_text: str
    selected_bg: str
    focus_ring: str
    focus_ring_inner: str
    positive: str
    negative: str
    warning: str
    info: str
    meter_track: str
    meter_fill: str
    tooltip_bg: str
    tooltip_text: str
    speaker_colours: tuple[str, ...]

    def colour(self, role: str) -> pygame.Color:
        """Return the colour for ``role`` (a field name) as a ``pygame.Color``."""
        value = getattr(self, role)
        if not isinstance(value, str) or role in ("name", "label"):
            raise KeyError(role)
        return pygame.Color(value)

    def speaker_colour(self, index: int) -> pygame.Color:
        """Return a colour for the ``index``-th speaker, cycling through the list."""
        return pygame.Color(self.speaker_colours[index % len(self.speaker_colours)])

    def roles(self) -> dict[str, str]:
        """Return ``{role: "#RRGGBB"}`` for every single-colour role."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("name", "label", "speaker_colours")
        }


DEFAULT_PALETTE = Palette(
    name="default",
    label="Warm (default)",
    background="#FBF5EA",
    surface="#FFFFFF",
    surface_alt="#F3E8D6",
    surface_hover="#EBDCC4",
    text="#1E2235",
    text_muted="#4B5064",
    text_on_primary="#FFFDF8",
    primary="#1F5F8B",
    primary_hover="#2A77AB",
    primary_active="#134565",
    border="#7D705E",
    disabled_bg="#E6E0D6",
    disabled_text="#595959",
    selected_bg="#CFE3F1",
    focus_ring="#0B0E1A",
    focus_ring_inner="#FFC43D",
    positive="#1E7B4A",
    negative="#B3261E",
    warning="#8A5800",
    info="#2C5D8F",
    meter_track="#E4D8C4",
    meter_fill="#C2571A",
    tooltip_bg="#2B2F42",
    tooltip_text="#FAFAFA",
    speaker_colours=("#1F5F8B", "#B34A12", "#1E7B4A", "#7B3F98", "#8A5800"),
)

COLOUR_BLIND_PALETTE = Palette(
    name="colour_blind",
    label="Colour-blind safe (Okabe–Ito)",
    background="#F4F4F4",
    surface="#FFFFFF",
    surface_alt="#E9E9E9",
    surface_hover="#DADADA",
    text="#000000",
    text_muted="#3A3A3A",
    text_on_primary="#FFFFFF",
    primary=OKABE_ITO["blue"],
    primary_hover="#005F94",
    primary_active="#00456C",
    border="#5E5E5E",
    disabled_bg="#DCDCDC",
    disabled_text="#4D4D4D",
    selected_bg="#CDE6F6",
    focus_ring=OKABE_ITO["black"],
    focus_ring_inner=OKABE_ITO["yellow"],
    positive=OKABE_ITO["bluish_green"],
    negative=OKABE_ITO["vermillion"],
    warning=OKABE_ITO["orange"],
    info=OKABE_ITO["sky_blue"],
    meter_track="#D6D6D6",
    meter_fill=OKABE_ITO["blue"],
    tooltip_bg="#1A1A1A",
    tooltip_text="#FFFFFF",
    speaker_colours=(
        OKABE_ITO["blue"],
        OKABE_ITO["vermillion"],
        OKABE_ITO["bluish_green"],
        OKABE_ITO["reddish_purple"],
        OKABE_ITO["orange"],
    ),
)

PALETTES: Mapping[str, Palette] = MappingProxyType(
    {p.name: p for p in (DEFAULT_PALETTE, COLOUR_BLIND_PALETTE)}
)


def palette_by_name(name: str) -> Palette:
    """Return the palette called ``name``; unknown names fall back to the default."""
    palette = PALETTES.get(name)
    if palette is None:
        logger.warning("unknown palette %r; using the default palette", name)
        return DEFAULT_PALETTE
    return palette


def _load_base_theme(theme_file: Path) -> dict[str, Any]:
    with open(theme_file, encoding="utf-8") as handle:
        return json.load(handle)


def theme_colours(theme: Mapping[str, Any]) -> list[str]:
    """Return every colour string written in a theme dictionary (in file order)."""
    found: list[str] = []
    for block in theme.values():
        if isinstance(block, Mapping):
            found.extend(str(v) for v in block.get("colours", {}).values())
    return found


def _colour_swapper(palette: Palette) -> dict[str, str]:
    """Map each default-palette colour (upper-case) to ``palette``'s colour for that role."""
    swap: dict[str, str] = {}
    chosen = palette.roles()
    for role, value in DEFAULT_PALETTE.roles().items():
        swap.setdefault(value.upper(), chosen[role])
    return swap


def _swap_colour(value: str, swap: Mapping[str, str]) -> str:
    head, alpha = value[:7].upper(), value[7:]
    if alpha == "00":  # fully transparent: nothing to recolour
        return value
    replacement = swap.get(head)
    if replacement is None:
        logger.warning("theme colour %s is not a palette colour; kept as is", value)
        return value
    return replacement + alpha


def build_theme(
    palette: Palette = DEFAULT_PALETTE,
    text_scale: float = 1.0,
    assets: AssetPaths | None = None,
) -> dict[str, Any]:
    """Return a pygame_gui theme dictionary for ``palette`` with fonts at ``text_scale``.

    The result can be handed to ``pygame_gui.UIManager(size, theme_path=...)``.
    """
    assets = assets or AssetPaths.default()
    scale = clamp_text_scale(text_scale)
    base_dir = assets.theme_file.parent
    theme = copy.deepcopy(_load_base_theme(assets.theme_file))
    swap = _colour_swapper(palette)
    for block in theme.values():
        if not isinstance(block, dict):
            continue
        colours = block.get("colours")
        if isinstance(colours, dict):
            for key, value in colours.items():
                colours[key] = _swap_colour(str(value), swap)
        misc = block.get("misc")
        if isinstance(misc, dict):
            for key in _SCALED_MISC_KEYS:
                if key in misc and str(misc[key]).lstrip("-").isdigit() and int(misc[key]) > 0:
                    misc[key] = str(round(int(misc[key]) * scale))
        font = block.get("font")
        if isinstance(font, dict):
            if "size" in font:
                font["size"] = str(max(1, round(int(font["size"]) * scale)))
            for key in _FONT_PATH_KEYS:
                if key in font and not Path(font[key]).is_absolute():
                    font[key] = str((base_dir / font[key]).resolve())
    return theme


#: Built pygame_gui themes by (palette, text scale, theme file, fonts folder): every
#: scene's manager shares one, so a new screen does not parse the theme again and reuses
#: the shapes (rounded buttons) already drawn for the same sizes and colours.  Emptied
#: when pygame quits (the theme holds pygame fonts).
_THEMES: dict[tuple[Any, ...], Any] = {}


def make_ui_manager(
    window_size: tuple[int, int],
    palette: Palette = DEFAULT_PALETTE,
    text_scale: float = 1.0,
    assets: AssetPaths | None = None,
):
    """Return a new ``pygame_gui.UIManager`` themed for ``palette`` and ``text_scale``.

    The theme itself is built once per palette and text scale and shared by the managers
    (themes are read-only here: live theme updates are off and nothing edits them).
    """
    assets = assets or AssetPaths.default()
    key = _theme_key(palette, text_scale, assets)
    manager = _manager_class()(window_size, key, lambda: build_theme(palette, text_scale, assets))
    _drop_repeated_translation_paths()
    return manager


def theme_ready(
    palette: Palette = DEFAULT_PALETTE, text_scale: float = 1.0, assets: AssetPaths | None = None
) -> bool:
    """Return True when the theme for ``palette`` and ``text_scale`` is built and kept."""
    return _theme_key(palette, text_scale, assets or AssetPaths.default()) in _THEMES


def prepare_theme(
    palette: Palette = DEFAULT_PALETTE, text_scale: float = 1.0, assets: AssetPaths | None = None
) -> None:
    """Build and keep the theme for ``palette`` and ``text_scale`` now, if it is not built.

    A screen about to change the text size calls it in a quiet frame first, so the frame
    that rebuilds every screen does not also build the theme.  (On the game's thread:
    the theme opens fonts, and FreeType is not to be used from two threads at once.)
    """
    if not theme_ready(palette, text_scale, assets):
        make_ui_manager((1, 1), palette, text_scale, assets)  # builds the theme and keeps it


def _theme_key(palette: Palette, text_scale: float, assets: AssetPaths) -> tuple[Any, ...]:
    return (palette, clamp_text_scale(text_scale), assets.theme_file, assets.fonts)


def _kept_theme(key: tuple[Any, ...], make: Any) -> Any:
    """Return the theme kept under ``key``, made (and kept) with ``make()`` the first time."""
    theme = _THEMES.get(key)
    if theme is None:
        if not _THEMES:
            pygame.register_quit(_THEMES.clear)
        theme = make()
        _THEMES[key] = theme
    return theme


def _install_plain_rounded_rectangles() -> None:
    """Draw pygame_gui's rounded rectangles as pygame draws ours: one pass, no 4x picture.

    pygame_gui anti-aliases a rounded rectangle by drawing it four times larger and
    shrinking it, for each state of each button, and caches only small ones: a screen of
    large buttons (200 % text) took 50-100 ms to build, and the states it redraws in the
    frames after cost 20-40 ms more.  The game's own widgets are drawn with
    ``pygame.draw.rect(..., border_radius=...)``; drawing pygame_gui's shapes the same way
    gives one look for both and costs a fraction of a millisecond.  Shapes with a colour
    gradient, a filled bar or a shadow keep pygame_gui's drawing.
    """
    from pygame_gui.core.drawable_shapes.rounded_rect_drawable_shape import (
        RoundedRectangleShape,
    )

    original = RoundedRectangleShape.redraw_state
    if getattr(original, "_plain", False):
        return

    def redraw_state(self, state_str: str, add_text: bool = True) -> None:
        rect = self.containing_rect
        bg = self.theming.get(f"{state_str}_bg")
        border = self.theming.get(f"{state_str}_border")
        widths = getattr(self, "border_widths", None)
        plain = (
            isinstance(bg, pygame.Color)
            and isinstance(border, pygame.Color)
            and "filled_bar" not in self.theming
            and getattr(self, "shadow_width", 0) == 0
            and rect.width > 0
            and rect.height > 0
        )
        if not plain or not isinstance(widths, dict):
            original(self, state_str, add_text)
            return
        whole = pygame.Rect((0, 0), rect.size)
        limit = min(whole.width, whole.height) // 2
        radii = [max(0, min(int(r), limit)) for r in self.shape_corner_radius]
        picture = pygame.Surface(whole.size, flags=pygame.SRCALPHA, depth=32)
        left, right = widths.get("left", 0), widths.get("right", 0)
        top, bottom = widths.get("top", 0), widths.get("bottom", 0)
        if max(left, right, top, bottom) > 0:
            pygame.draw.rect(
                picture,
                border,
                whole,
                border_top_left_radius=radii[0],
                border_top_right_radius=radii[1],
                border_bottom_left_radius=radii[2],
                border_bottom_right_radius=radii[3],
            )
        inner = pygame.Rect(left, top, whole.width - left - right, whole.height - top - bottom)
        if inner.width > 0 and inner.height > 0:
            inset = max(left, right, top, bottom)
            pygame.draw.rect(
                picture,
                bg,
                inner,
                border_top_left_radius=max(0, radii[0] - inset),
                border_top_right_radius=max(0, radii[1] - inset),
                border_bottom_left_radius=max(0, radii[2] - inset),
                border_bottom_right_radius=max(0, radii[3] - inset),
            )
        state = self.states[state_str]
        if self.base_surface is not None:
            state.surface = self.base_surface.copy()
            state.surface.blit(picture, (0, 0))
        else:
            state.surface = picture
        self.finalise_images_and_text(
            f"{state_str}_images",
            state_str,
            f"{state_str}_text",
            f"{state_str}_text_shadow",
            add_text,
        )
        state.has_fresh_surface = True
        state.generated = True

    redraw_state._plain = True  # type: ignore[attr-defined]
    # Replacing pygame_gui's method on purpose (see the docstring).
    RoundedRectangleShape.redraw_state = redraw_state  # type: ignore[method-assign]


@functools.cache
def _loader_class() -> type:
    from pygame_gui.core.resource_loaders import IResourceLoader

    _install_plain_rounded_rectangles()

    class ImmediateLoader(IResourceLoader):
        """Loads each font or image when it is asked for, on the game's thread.

        pygame_gui's default loader starts five threads for every manager; with the theme
        shared, a new screen has next to nothing to load, and the threads cost more than
        the loading.
        """

        def __init__(self) -> None:
            self._started = False

        def add_resource(self, resource) -> None:
            error = resource.load()
            if error is not None:
                logger.warning("pygame_gui could not load %s: %s", resource, error)

        def start(self) -> None:
            self._started = True

        def update(self) -> tuple[bool, float]:
            return True, 1.0

        def started(self) -> bool:
            return self._started

    return ImmediateLoader


@functools.cache
def _manager_class() -> type:
    import pygame_gui

    loader_class = _loader_class()

    class SharedThemeManager(pygame_gui.UIManager):
        """A UIManager whose theme comes from :data:`_THEMES` (built on first use)."""

        def __init__(self, size, key, build) -> None:
            self._theme_key, self._build_theme = key, build
            loader = loader_class()
            super().__init__(size, enable_live_theme_updates=False, resource_loader=loader)
            loader.start()

        def create_new_theme(self, theme_path=None):
            build = pygame_gui.UIManager.create_new_theme
            return _kept_theme(self._theme_key, lambda: build(self, self._build_theme()))

    return SharedThemeManager


def _drop_repeated_translation_paths() -> None:
    """Keep one copy of each translation folder (every new UIManager appends its own)."""
    import i18n

    paths = i18n.load_path
    paths[:] = list(dict.fromkeys(paths))  # the first of each, in order
