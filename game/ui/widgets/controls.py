"""The game's controls: buttons with key caps, sliders over value lists, option pickers and
check boxes (and the text field in :mod:`game.ui.widgets.text_entry`).

Every screen draws these, with one :class:`ControlStyle` (fonts, palette, text cache).
The negotiation table scrolls its panels and must clip what it draws, keep controls that
are scrolled out of view in the Tab order, and draw sixty controls in well under a
millisecond.  Each control speaks the focus manager's
protocol (``rect``, ``visible``, ``is_enabled``, ``alive()``, ``tool_tip_text``), so
:class:`~game.ui.widgets.focus.FocusManager` moves the focus ring over them, and a
disabled control keeps the reason as its tool-tip text (``FocusManager.disabled_reason``).

* ``visible`` means "in use and its panel is shown" (it may be scrolled out of view): the
  owner sets ``visible``, the scene sets ``shown`` for whole panels; ``clip`` is the area
  it may be drawn and clicked in (None: anywhere);
* keys reach a control through :meth:`Control.handle_key` while it has focus, mouse events
  through :meth:`Control.handle_mouse`; sliders and pickers move one value per arrow key,
  a tenth of their range with Shift, and to either end with Home / End;
* nothing is told by colour alone: a disabled control is drawn flat and muted and keeps
  its reason, a checked box shows a tick, a selected tab a bar and bold text, a slider
  writes its value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from game.ui.fonts import FontCache, FontRole
from game.ui.theme import Palette
from game.ui.widgets.focus import FocusTarget
from game.ui.widgets.icons import draw_chevron, draw_tick
from game.ui.widgets.text_cache import TextCache

__all__ = [
    "ControlStyle",
    "Control",
    "Button",
    "IndexSlider",
    "Picker",
    "Toggle",
]

_ACTIVATE = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


@dataclass(frozen=True)
class ControlStyle:
    """What controls draw with: fonts, palette and a shared text cache."""

    fonts: FontCache
    palette: Palette
    text: TextCache

    TEXT_SIZE = 18
    BUTTON_SIZE = 19

    def colour(self, role: str) -> pygame.Color:
        """Return the palette colour of ``role``."""
        return self.palette.colour(role)

    def button_height(self, size: int | None = None) -> int:
        """Return the height of a button at the current text scale (at least 40-44 px)."""
        size = size or self.BUTTON_SIZE
        least = 44 if size >= self.BUTTON_SIZE else 40
        return max(least, self.fonts.line_height(FontRole.BOLD, size) + 14)

    def control_height(self) -> int:
        """Return the height of a slider, picker or check box row (at least 40 px)."""
        return max(40, self.fonts.line_height(FontRole.BOLD, self.TEXT_SIZE) + 14)

    def scaled(self, pixels: int) -> int:
        """Return a design size in pixels at the current text scale."""
        return self.fonts.scaled_size(pixels)


class Control(FocusTarget):
    """Base: geometry, focus protocol, enabled state with a reason, clipping."""

    def __init__(self, style: ControlStyle, key: str = "", description: str | None = None):
        self.shown = True
        """False while the panel holding the control is not on screen (set by the scene)."""
        super().__init__()
        self.style = style
        self.key = key
        self.clip: pygame.Rect | None = None
        self.description = description
        self.tool_tip_text = description

    # -- focus-manager protocol -------------------------------------------------------------
    @property
    def visible(self) -> bool:
        """Return True when the control is in use and its panel is shown."""
        return self._visible and self.shown

    @visible.setter
    def visible(self, value: bool) -> None:
        self._visible = bool(value)

    def enable(self) -> None:
        """Enable the control; its tool-tip becomes its description again."""
        self.is_enabled = True
        self.tool_tip_text = self.description

    def disable(self, reason: str | None = None) -> None:
        """Disable the control; ``reason`` becomes its tool-tip text."""
        self.is_enabled = False
        self.tool_tip_text = reason or self.description

    def set_reason(self, reason: str | None) -> None:
        """Enable when ``reason`` is None, else disable with it."""
        if reason is None:
            self.enable()
        else:
            self.disable(reason)

    # -- geometry ---------------------------------------------------------------------------
    def place(self, rect: pygame.Rect, clip: pygame.Rect | None = None) -> None:
        """Put the control at ``rect``, drawn and clickable only inside ``clip``."""
        self.rect = pygame.Rect(rect)
        self.clip = None if clip is None else pygame.Rect(clip)

    @property
    def on_screen(self) -> bool:
        """Return True when shown and at least partly inside its clip area."""
        if not (self.visible and self._alive) or self.rect.width <= 0:
            return False
        return self.clip is None or self.clip.colliderect(self.rect)

    def hit(self, position: tuple[int, int]) -> bool:
        """Return True when ``position`` is on the visible part of the control."""
        if not self.on_screen or not self.rect.collidepoint(position):
            return False
        return self.clip is None or self.clip.collidepoint(position)

    # -- input ------------------------------------------------------------------------------
    def handle_key(self, event: pygame.event.Event) -> bool:
        """React to a key while focused; return True when used."""
        return False

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        """React to a mouse event; return True when used."""
        return False

    # -- drawing ----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """Draw the control (inside its clip area)."""
        if not self.on_screen:
            return
        if self.clip is None:
            self.paint(surface)
            return
        old = surface.get_clip()
        surface.set_clip(self.clip.clip(old) if old else self.clip)
        self.paint(surface)
        surface.set_clip(old)

    def paint(self, surface: pygame.Surface) -> None:
        """Draw the control's pixels (the clip is already set)."""


class Button(Control):
    """A push button; ``kind`` is "primary" (filled), "secondary" (outlined) or "tab".

    ``shortcut`` (e.g. "A") is drawn as a key cap at the right end.  A "tab" button shows
    ``selected`` with a bar under its text and bold, darker text.
    """

    def __init__(
        self,
        style: ControlStyle,
        key: str,
        text: str,
        on_press: Callable[[Button], None] | None = None,
        *,
        kind: str = "secondary",
        shortcut: str = "",
        description: str | None = None,
        align: str = "center",
        icon: str = "",
        size: int | None = None,
    ) -> None:
        super().__init__(style, key, description)
        self.text = text
        self.icon = icon
        self.size = size or style.BUTTON_SIZE
        """"left" or "right": an arrow drawn instead of the words (the words stay the tool-tip)."""
        self.on_press = on_press
        self.kind = kind
        self.shortcut = shortcut
        self.show_shortcut = True
        """False: the key cap is left out (a row too narrow for it; the F1 page says the key)."""
        self.align = align
        self.selected = False
        self.hovered = False
        self._armed = False
        self.presses = 0

    def set_text(self, text: str) -> None:
        """Change the words on the button."""
        self.text = text

    def preferred_width(self) -> int:
        """Return the width the words and key cap need."""
        if self.icon:
            return self.style.button_height()
        pad = self.style.scaled(28)
        width = self.style.text.width_of(self.text, FontRole.BOLD, self.size) + pad
        if self.shortcut and self.show_shortcut:
            width += self._cap_size()[0] + self.style.scaled(10)
        return max(self.style.scaled(64), width)

    def _cap_size(self) -> tuple[int, int]:
        w = self.style.text.width_of(self.shortcut, FontRole.BOLD, 14)
        h = self.style.fonts.line_height(FontRole.BOLD, 14)
        return max(w + self.style.scaled(10), h), h

    def press(self) -> bool:
        """Press the button (as a click would); return False when it is disabled."""
        if not self.is_enabled or not self._alive:
            return False
        self.presses += 1
        if self.on_press is not None:
            self.on_press(self)
        return True

    def handle_key(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in _ACTIVATE:
            self.press()
            return True
        return False

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == pygame.BUTTON_LEFT:
            if self.hit(event.pos):
                self._armed = True
                return True
            return False
        if event.type == pygame.MOUSEBUTTONUP and event.button == pygame.BUTTON_LEFT:
            armed, self._armed = self._armed, False
            if armed and self.hit(event.pos):
                self.press()
                return True
        return False

    def _colours(self) -> tuple[pygame.Color, pygame.Color, pygame.Color]:
        style = self.style
        active = self._armed
        if not self.is_enabled:
            return (
                style.colour("disabled_bg"),
                style.colour("disabled_text"),
                style.colour("border"),
            )
        if self.kind == "primary":
            bg = "primary_active" if active else "primary_hover" if self.hovered else "primary"
            return style.colour(bg), style.colour("text_on_primary"), style.colour("primary_active")
        if self.kind == "tab":
            bg = "surface" if self.selected else "surface_hover" if self.hovered else "surface_alt"
            return style.colour(bg), style.colour("text"), style.colour("border")
        bg = (
            "selected_bg"
            if active or self.selected
            else "surface_hover"
            if self.hovered
            else "surface"
        )
        return style.colour(bg), style.colour("text"), style.colour("border")

    def paint(self, surface: pygame.Surface) -> None:
        style = self.style
        rect = self.rect
        bg, fg, border = self._colours()
        radius = 10
        if self.kind == "tab":
            pygame.draw.rect(
                surface, bg, rect, border_top_left_radius=radius, border_top_right_radius=radius
            )
            pygame.draw.rect(
                surface,
                border,
                rect,
                width=2,
                border_top_left_radius=radius,
                border_top_right_radius=radius,
            )
        else:
            pygame.draw.rect(surface, bg, rect, border_radius=radius)
            pygame.draw.rect(surface, border, rect, width=2, border_radius=radius)
        if self.icon:
            side = max(8, rect.height // 3)
            arrow = pygame.Rect(0, 0, side, int(side * 1.6))
            arrow.center = rect.center
            draw_chevron(surface, arrow, fg, self.icon)
            return
        role = FontRole.BOLD if (self.kind != "tab" or self.selected) else FontRole.BODY
        pad = style.scaled(12)
        # A tab's words sit a little higher: the selected tab's bar goes under them,
        # never through a letter's tail (g, j, p).
        middle = rect.centery - (style.scaled(3) if self.kind == "tab" else 0)
        cap_w = 0
        if self.shortcut and self.show_shortcut:
            cap_w, cap_h = self._cap_size()
            cap = pygame.Rect(0, 0, cap_w, cap_h)
            cap.midright = (rect.right - pad + 2, middle)
            cap_fg = (
                fg if self.kind == "primary" and self.is_enabled else style.colour("text_muted")
            )
            if not self.is_enabled:
                cap_fg = style.colour("disabled_text")
            pygame.draw.rect(surface, cap_fg, cap, width=1, border_radius=4)
            label = style.text.render(self.shortcut, FontRole.BOLD, 14, cap_fg)
            surface.blit(label, label.get_rect(center=cap.center))
            cap_w += style.scaled(8)
        room = rect.width - 2 * pad - cap_w
        text = style.text.fit(self.text, role, self.size, fg, room)
        if self.align == "left":
            spot = text.get_rect(midleft=(rect.left + pad, middle))
        else:
            spot = text.get_rect(center=(rect.left + pad + room // 2, middle))
        surface.blit(text, spot)
        if self.kind == "tab" and self.selected:
            bar_top = max(rect.bottom - style.scaled(7), min(spot.bottom, rect.bottom - 4))
            bar = pygame.Rect(spot.left, bar_top, spot.width, style.scaled(4))
            pygame.draw.rect(surface, style.colour("primary"), bar, border_radius=2)


class _Stepper(Control):
    """A control holding an index into ``labels``."""

    def __init__(
        self,
        style: ControlStyle,
        key: str,
        labels: Sequence[str],
        index: int = 0,
        on_change: Callable[[int], None] | None = None,
        *,
        description: str | None = None,
    ) -> None:
        super().__init__(style, key, description)
        if not labels:
            raise ValueError("a stepper needs at least one value")
        self.labels = list(labels)
        self.index = max(0, min(len(self.labels) - 1, int(index)))
        self.on_change = on_change
        self.placeholder: str | None = None
        """Shown instead of the value while disabled (e.g. "left open")."""
        self.skip: frozenset[int] = frozenset()
        """Values that cannot be chosen now (steps pass over them)."""

    @property
    def value_label(self) -> str:
        """Return the words for the current value."""
        return self.labels[self.index]

    def open_beyond(self, direction: int) -> int | None:
        """Return the nearest value that can be chosen past the current one (None: none)."""
        probe = self.index + direction
        while 0 <= probe < len(self.labels):
            if probe not in self.skip:
                return probe
            probe += direction
        return None

    def set_index(self, index: int, *, notify: bool = True) -> bool:
        """Select value ``index`` (clamped, passing over ``skip``); return True when it changed."""
        index = max(0, min(len(self.labels) - 1, int(index)))
        if index in self.skip:
            direction = 1 if index > self.index else -1
            while 0 <= index < len(self.labels) and index in self.skip:
                index += direction
            if not 0 <= index < len(self.labels):
                return False
        if index == self.index:
            return False
        self.index = index
        if notify and self.on_change is not None:
            self.on_change(index)
        return True

    def _key_target(self, key: int, mod: int = 0) -> int | None:
        last = len(self.labels) - 1
        step = max(1, len(self.labels) // 10) if mod & pygame.KMOD_SHIFT else 1
        if key in (pygame.K_LEFT, pygame.K_DOWN):
            return self.index - step
        if key in (pygame.K_RIGHT, pygame.K_UP):
            return self.index + step
        if key == pygame.K_HOME:
            return 0
        if key == pygame.K_END:
            return last
        return None

    def handle_key(self, event: pygame.event.Event) -> bool:
        if event.type != pygame.KEYDOWN or not self.is_enabled:
            return False
        target = self._key_target(event.key, getattr(event, "mod", 0))
        if target is None:
            return False
        self.set_index(target)
        return True


class IndexSlider(_Stepper):
    """A horizontal slider over a list of values; the value is written at its right end."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._dragging = False

    @property
    def dragging(self) -> bool:
        """Return True while the mouse holds the handle."""
        return self._dragging

    def _value_width(self) -> int:
        key = (self.style.fonts.text_scale, len(self.labels))
        if getattr(self, "_widest", (None, 0))[0] != key:
            font = self.style.fonts.get(FontRole.BOLD, self.style.TEXT_SIZE)
            self._widest = (key, max(font.size(label)[0] for label in self.labels))
        return min(self._widest[1], self.rect.width // 2) + self.style.scaled(12)

    def track_rect(self) -> pygame.Rect:
        """Return the area of the track the handle moves along."""
        knob = self._knob_radius()
        width = max(10, self.rect.width - self._value_width() - 2 * knob - 4)
        return pygame.Rect(self.rect.left + knob + 2, self.rect.centery - 3, width, 6)

    def _knob_radius(self) -> int:
        return max(8, self.rect.height // 3)

    def _x_of(self, index: int) -> int:
        track = self.track_rect()
        last = max(1, len(self.labels) - 1)
        return track.left + round(track.width * index / last)

    def _index_at(self, x: int) -> int:
        track = self.track_rect()
        last = len(self.labels) - 1
        if last <= 0 or track.width <= 0:
            return 0
        return max(0, min(last, round((x - track.left) * last / track.width)))

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        if not self.is_enabled:
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == pygame.BUTTON_LEFT:
            if self.hit(event.pos):
                self._dragging = True
                self.set_index(self._index_at(event.pos[0]))
                return True
            return False
        if event.type == pygame.MOUSEMOTION and self._dragging:
            self.set_index(self._index_at(event.pos[0]))
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == pygame.BUTTON_LEFT:
            if self._dragging:
                self._dragging = False
                return True
        return False

    def paint(self, surface: pygame.Surface) -> None:
        style = self.style
        enabled = self.is_enabled
        track = self.track_rect()
        line = style.colour("border") if enabled else style.colour("disabled_bg")
        pygame.draw.rect(surface, style.colour("meter_track"), track, border_radius=3)
        pygame.draw.rect(surface, line, track, width=1, border_radius=3)
        count = len(self.labels)
        if 1 < count <= 30:
            for index in range(count):
                x = self._x_of(index)
                pygame.draw.line(surface, line, (x, track.bottom + 3), (x, track.bottom + 6), 1)
        value_x = track.right + self._knob_radius() + style.scaled(10)
        if enabled or self.placeholder is None:
            x = self._x_of(self.index)
            radius = self._knob_radius()
            fill = style.colour("primary") if enabled else style.colour("disabled_bg")
            pygame.draw.circle(surface, fill, (x, track.centery), radius)
            pygame.draw.circle(surface, style.colour("focus_ring"), (x, track.centery), radius, 2)
            colour = style.colour("text") if enabled else style.colour("disabled_text")
            text = style.text.fit(
                self.value_label, FontRole.BOLD, style.TEXT_SIZE, colour, self.rect.right - value_x
            )
        else:
            text = style.text.fit(
                self.placeholder,
                FontRole.ITALIC,
                style.TEXT_SIZE - 2,
                style.colour("disabled_text"),
                self.rect.right - value_x,
            )
        surface.blit(text, text.get_rect(midleft=(value_x, self.rect.centery)))


class Picker(_Stepper):
    """Left and right arrows around the chosen option; click an arrow or use the arrow keys."""

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        if not self.is_enabled:
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == pygame.BUTTON_LEFT:
            if not self.hit(event.pos):
                return False
            third = self.rect.width // 3
            if event.pos[0] < self.rect.left + third:
                self.set_index(self.index - 1)
            elif event.pos[0] >= self.rect.right - third or self.open_beyond(1) is not None:
                self.set_index(self.index + 1)
            else:
                self.set_index(0)  # a click in the middle of the last option starts over
            return True
        return False

    def paint(self, surface: pygame.Surface) -> None:
        style = self.style
        rect = self.rect
        enabled = self.is_enabled
        bg = style.colour("surface") if enabled else style.colour("disabled_bg")
        pygame.draw.rect(surface, bg, rect, border_radius=8)
        pygame.draw.rect(surface, style.colour("border"), rect, width=2, border_radius=8)
        arrow = max(8, rect.height // 4)
        pad = style.scaled(10)
        on = style.colour("text")
        off = style.colour("disabled_text")
        left = pygame.Rect(0, 0, arrow, arrow * 2)
        left.midleft = (rect.left + pad, rect.centery)
        right = pygame.Rect(0, 0, arrow, arrow * 2)
        right.midright = (rect.right - pad, rect.centery)
        if enabled:
            # An arrow that can still move is solid; at either end it is a thin outline.
            for box, direction, active in (
                (left, "left", self.open_beyond(-1) is not None),
                (right, "right", self.open_beyond(1) is not None),
            ):
                if active:
                    draw_chevron(surface, box, on, direction)
                else:
                    _outline_chevron(surface, box, off, direction)
        room = right.left - left.right - 2 * pad
        if enabled or self.placeholder is None:
            text = style.text.fit(
                self.value_label, FontRole.BOLD, style.TEXT_SIZE, on if enabled else off, room
            )
        else:
            text = style.text.fit(self.placeholder, FontRole.ITALIC, style.TEXT_SIZE - 2, off, room)
        surface.blit(text, text.get_rect(center=((left.right + right.left) // 2, rect.centery)))


def _outline_chevron(surface: pygame.Surface, rect: pygame.Rect, colour, direction: str) -> None:
    r = pygame.Rect(rect)
    if direction == "left":
        points = [r.topright, (r.left, r.centery), r.bottomright]
    else:
        points = [r.topleft, (r.right, r.centery), r.bottomleft]
    pygame.draw.polygon(surface, colour, points, 1)


class Toggle(Control):
    """A check box with its label; Space, Enter or a click flips it."""

    def __init__(
        self,
        style: ControlStyle,
        key: str,
        label: str,
        checked: bool = False,
        on_change: Callable[[bool], None] | None = None,
        *,
        description: str | None = None,
        size: int = 17,
    ) -> None:
        super().__init__(style, key, description)
        self.label = label
        self.checked = bool(checked)
        self.on_change = on_change
        self.size = size

    def preferred_width(self) -> int:
        """Return the width of the box and its label."""
        label = self.style.text.width_of(self.label, FontRole.BODY, self.size)
        return self._box_side() + self.style.scaled(8) + label + 4

    def _box_side(self) -> int:
        return max(18, self.style.fonts.line_height(FontRole.BODY, self.size) - 4)

    def set_checked(self, checked: bool, *, notify: bool = True) -> None:
        """Tick or clear the box."""
        checked = bool(checked)
        if checked == self.checked:
            return
        self.checked = checked
        if notify and self.on_change is not None:
            self.on_change(checked)

    def handle_key(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in _ACTIVATE and self.is_enabled:
            self.set_checked(not self.checked)
            return True
        return False

    def handle_mouse(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame.MOUSEBUTTONDOWN
            and event.button == pygame.BUTTON_LEFT
            and self.is_enabled
            and self.hit(event.pos)
        ):
            self.set_checked(not self.checked)
            return True
        return False

    def paint(self, surface: pygame.Surface) -> None:
        style = self.style
        side = self._box_side()
        box = pygame.Rect(0, 0, side, side)
        box.midleft = (self.rect.left + 2, self.rect.centery)
        enabled = self.is_enabled
        pygame.draw.rect(
            surface, style.colour("surface" if enabled else "disabled_bg"), box, border_radius=4
        )
        pygame.draw.rect(surface, style.colour("text" if enabled else "disabled_text"), box, 2, 4)
        if self.checked:
            draw_tick(
                surface, box.inflate(-6, -6), style.colour("text" if enabled else "disabled_text")
            )
        colour = style.colour("text" if enabled else "disabled_text")
        text = style.text.fit(
            self.label, FontRole.BODY, self.size, colour, self.rect.right - box.right - 8
        )
        surface.blit(text, text.get_rect(midleft=(box.right + style.scaled(8), self.rect.centery)))
