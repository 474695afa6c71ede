"""Colour palettes: every colour the game draws, by role.

The game's controls (:mod:`game.ui.widgets.controls`), its pages and the table all draw
with one :class:`Palette`, chosen in the settings.  The colour-blind-safe palette uses
the Okabe–Ito colours.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType

import pygame

from game.i18n import N_

__all__ = [
    "Palette",
    "DEFAULT_PALETTE",
    "COLOUR_BLIND_PALETTE",
    "PALETTES",
    "OKABE_ITO",
    "palette_by_name",
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
    label=N_("Warm (default)"),
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
    label=N_("Colour-blind safe (Okabe–Ito)"),
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
