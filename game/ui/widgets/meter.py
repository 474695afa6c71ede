"""A labelled meter (0..100 or -100..100) that eases toward new values.

The value is always written as a number beside the bar, the change since the last value
is shown with an arrow shape and a signed number, and the last reason is written under
the bar: nothing is told by colour alone.

Usage::

    trust = Meter("Trust", minimum=-100, maximum=100, value=10)
    trust.set_value(25, reason="You kept your promise")
    trust.update(dt)                        # in Scene.update
    trust.draw(surface, rect, fonts, palette)  # in Scene.draw
"""

from __future__ import annotations

import pygame

from game.ui.fonts import FontCache, FontRole
from game.ui.text import ellipsize, wrap_text
from game.ui.theme import Palette

__all__ = ["Meter", "ease_out_cubic"]


def ease_out_cubic(t: float) -> float:
    """Return the eased progress for linear progress ``t`` in [0, 1]."""
    t = max(0.0, min(1.0, t))
    return 1.0 - (1.0 - t) ** 3


class Meter:
    """A value in ``[minimum, maximum]`` shown as a bar, a number and the last reason."""

    LABEL_SIZE = 18
    VALUE_SIZE = 18
    REASON_SIZE = 16

    def __init__(
        self,
        label: str,
        *,
        minimum: float = 0,
        maximum: float = 100,
        value: float = 0,
        duration: float = 0.4,
    ) -> None:
        if maximum <= minimum:
            raise ValueError("maximum must be greater than minimum")
        self.label = label
        self.minimum = float(minimum)
        self.maximum = float(maximum)
        self.duration = max(0.0, float(duration))
        start = self._clamp(value)
        self._start = start
        self._target = start
        self._shown = start
        self._elapsed = self.duration
        self._last_change = 0.0
        self.reason: str = ""
        # Rendered words kept between frames (a redraw blits instead of rendering).
        self._texts: dict[tuple, pygame.Surface] = {}
        self._fitted: dict[tuple, str] = {}  # the reason cut to a width
        self._wrapped: dict[tuple, list[str]] = {}  # the reason wrapped to a width

    def _render(self, font: pygame.font.Font, text: str, colour: pygame.Color) -> pygame.Surface:
        key = (id(font), text, tuple(colour))
        surface = self._texts.get(key)
        if surface is None:
            if len(self._texts) > 64:
                self._texts.clear()
            surface = font.render(text, True, colour)
            self._texts[key] = surface
        return surface

    def _fit(self, font: pygame.font.Font, text: str, width: int) -> str:
        key = (id(font), text, width)
        fitted = self._fitted.get(key)
        if fitted is None:
            if len(self._fitted) > 64:
                self._fitted.clear()
            fitted = ellipsize(font, text, width)
            self._fitted[key] = fitted
        return fitted

    def _clamp(self, value: float) -> float:
        return max(self.minimum, min(self.maximum, float(value)))

    @property
    def target(self) -> float:
        """Return the value the meter is moving to (the true current value)."""
        return self._target

    @property
    def displayed_value(self) -> float:
        """Return the value drawn this frame (between the old and the new value)."""
        return self._shown

    @property
    def animating(self) -> bool:
        """Return True while the bar is still moving."""
        return self._elapsed < self.duration

    @property
    def last_change(self) -> float:
        """Return the size of the last change (new value minus old), signed."""
        return self._last_change

    @property
    def bipolar(self) -> bool:
        """Return True for meters whose range goes below zero (drawn from a centre line)."""
        return self.minimum < 0 < self.maximum

    def set_value(self, value: float, reason: str | None = None) -> None:
        """Start moving toward ``value`` (clamped); keep ``reason`` as the last reason text."""
        target = self._clamp(value)
        self._last_change = target - self._target
        self._start = self._shown
        self._target = target
        self._elapsed = 0.0 if self.duration > 0 else self.duration
        if self.duration == 0:
            self._shown = target
        if reason is not None:
            self.reason = reason

    def update(self, dt: float) -> None:
        """Advance the animation by ``dt`` seconds."""
        if not self.animating:
            self._shown = self._target
            return
        self._elapsed = min(self.duration, self._elapsed + max(0.0, dt))
        progress = ease_out_cubic(self._elapsed / self.duration)
        self._shown = self._start + (self._target - self._start) * progress

    def fraction(self, value: float | None = None) -> float:
        """Return where ``value`` (default: the displayed value) sits in the range, 0..1."""
        value = self._shown if value is None else value
        return (value - self.minimum) / (self.maximum - self.minimum)

    def value_text(self) -> str:
        """Return the number shown beside the bar (signed for bipolar meters)."""
        value = round(self._shown)
        return f"{value:+d}" if self.bipolar and value != 0 else f"{value:d}"

    def change_text(self) -> str:
        """Return the last change as text, e.g. "+15" or "−5" ("" when none)."""
        change = round(self._last_change)
        if change == 0:
            return ""
        return f"+{change}" if change > 0 else f"−{abs(change)}"

    def preferred_height(self, fonts: FontCache, width: int | None = None) -> int:
        """Return the height this meter needs with the current text scale (``width``: as
        wide as that, with the reason wrapped)."""
        lines = 1 if width is None else max(1, len(self.reason_lines(fonts, width)))
        return (
            fonts.line_height(FontRole.BOLD, self.LABEL_SIZE)
            + max(14, fonts.scaled_size(14))
            + fonts.line_height(FontRole.ITALIC, self.REASON_SIZE) * lines
            + 10
        )

    REASON_LINES = 3

    def reason_lines(self, fonts: FontCache, width: int) -> list[str]:
        """Return the last reason wrapped to ``width`` (at most three lines)."""
        if not self.reason:
            return []
        font = fonts.get(FontRole.ITALIC, self.REASON_SIZE)
        key = ("lines", id(font), self.reason, width)
        lines = self._wrapped.get(key)
        if lines is None:
            lines = wrap_text(font, self.reason, max(10, width))
            if len(lines) > self.REASON_LINES:
                lines = lines[: self.REASON_LINES]
                lines[-1] = ellipsize(font, lines[-1] + " …", width)
            if len(self._wrapped) > 64:
                self._wrapped.clear()
            self._wrapped[key] = lines
        return list(lines)

    def draw(
        self, surface: pygame.Surface, rect: pygame.Rect, fonts: FontCache, palette: Palette
    ) -> None:
        """Draw label, number, change arrow, bar and reason inside ``rect``."""
        rect = pygame.Rect(rect)
        text = palette.colour("text")
        muted = palette.colour("text_muted")
        label_font = fonts.get(FontRole.BOLD, self.LABEL_SIZE)
        value_font = fonts.get(FontRole.BOLD, self.VALUE_SIZE)
        reason_font = fonts.get(FontRole.ITALIC, self.REASON_SIZE)

        y = rect.top
        value_surface = self._render(value_font, self.value_text(), text)
        change = self.change_text()
        change_surface = (
            self._render(fonts.get(FontRole.BODY, self.REASON_SIZE), change, text)
            if change
            else None
        )
        right = rect.right
        surface.blit(value_surface, value_surface.get_rect(topright=(right, y)))
        right -= value_surface.get_width() + 8
        if change_surface is not None:
            arrow_h = change_surface.get_height() // 2
            change_rect = change_surface.get_rect(topright=(right, y + 1))
            surface.blit(change_surface, change_rect)
            self._draw_arrow(surface, change_rect.left - 6, change_rect.centery, arrow_h, text)
            right = change_rect.left - arrow_h - 14
        label = self._fit(label_font, self.label, max(10, right - rect.left))
        surface.blit(self._render(label_font, label, text), (rect.left, y))
        y += label_font.get_linesize() + 2

        bar_h = max(14, fonts.scaled_size(14))
        bar = pygame.Rect(rect.left, y, rect.width, bar_h)
        pygame.draw.rect(surface, palette.colour("meter_track"), bar, border_radius=bar_h // 2)
        fill_colour = palette.colour("meter_fill")
        zero = self._clamp(0.0)
        x0 = bar.left + round(bar.width * self.fraction(zero))
        x1 = bar.left + round(bar.width * self.fraction())
        fill = pygame.Rect(min(x0, x1), bar.top, abs(x1 - x0), bar.height)
        if fill.width > 0:
            pygame.draw.rect(surface, fill_colour, fill, border_radius=bar_h // 2)
        pygame.draw.rect(surface, palette.colour("border"), bar, width=2, border_radius=bar_h // 2)
        if self.bipolar:
            pygame.draw.line(surface, text, (x0, bar.top - 3), (x0, bar.bottom + 2), 2)
        if self.animating:
            # Ghost tick where the bar is heading.
            xt = bar.left + round(bar.width * self.fraction(self._target))
            pygame.draw.line(surface, text, (xt, bar.top - 3), (xt, bar.bottom + 2), 2)
        y = bar.bottom + 4
        for line in self.reason_lines(fonts, rect.width):
            surface.blit(self._render(reason_font, line, muted), (rect.left, y))
            y += reason_font.get_linesize()

    def _draw_arrow(
        self, surface: pygame.Surface, x: int, cy: int, size: int, colour: pygame.Color
    ) -> None:
        """Draw an up (rise) or down (fall) triangle ending at ``x``."""
        half = max(4, size // 2)
        if self._last_change > 0:
            points = [(x - 2 * half, cy + half), (x, cy + half), (x - half, cy - half)]
        else:
            points = [(x - 2 * half, cy - half), (x, cy - half), (x - half, cy + half)]
        pygame.draw.polygon(surface, colour, points)
