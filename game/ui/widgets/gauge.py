"""A gauge of what an offer is worth to the player, against the player's BATNA.

The value (0..1) is written as a number and drawn as a bar; the BATNA is a marked line on
the bar with its number; the verdict is written in words with an icon shape (tick,
cross, question mark), so nothing depends on colour.  A partial offer has a range (what
it may be worth once the open issues are filled in), drawn as a band.

Usage::

    gauge = ValueGauge(style)
    gauge.set(value=0.58, batna=0.32)            # or low=..., high=... for a partial offer
    gauge.draw(surface, rect)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from game.i18n import number, tr
from game.ui.fonts import FontRole
from game.ui.widgets.controls import ControlStyle
from game.ui.widgets.icons import draw_cross, draw_star, draw_tick

__all__ = ["Verdict", "verdict", "ValueGauge", "format_utility"]

EPSILON = 0.005


def format_utility(value: float) -> str:
    """Return a utility as the game writes it everywhere: two decimals ("0.58")."""
    return number(value, 2)


@dataclass(frozen=True)
class Verdict:
    """How an offer compares with the BATNA: words, and a kind (good, bad, even, maybe)."""

    words: str
    kind: str


def verdict(
    batna: float, value: float | None = None, low: float | None = None, high: float | None = None
) -> Verdict:
    """Return the verdict for a value (or a ``low``..``high`` range) against ``batna``."""
    batna_text = format_utility(batna)
    if value is not None:
        gap = value - batna
        if gap > EPSILON:
            words = tr("beats your BATNA ({batna}) by {gap}")
            return Verdict(words.format(batna=batna_text, gap=format_utility(gap)), "good")
        if gap < -EPSILON:
            words = tr("below your BATNA ({batna}): walking away would be better")
            return Verdict(words.format(batna=batna_text), "bad")
        return Verdict(
            tr("about the same as your BATNA ({batna})").format(batna=batna_text), "even"
        )
    if low is None or high is None:
        return Verdict("", "even")
    if low > batna + EPSILON:
        words = tr("beats your BATNA ({batna}) whatever they fill in")
        return Verdict(words.format(batna=batna_text), "good")
    if high < batna - EPSILON:
        words = tr("below your BATNA ({batna}) whatever they fill in")
        return Verdict(words.format(batna=batna_text), "bad")
    words = tr("may beat your BATNA ({batna}): it depends on what they fill in")
    return Verdict(words.format(batna=batna_text), "maybe")


class ValueGauge:
    """Caption and number, a 0..1 bar with the BATNA line, and the verdict in words."""

    CAPTION_SIZE = 18
    WORDS_SIZE = 16

    def __init__(self, style: ControlStyle, caption: str | None = None) -> None:
        self.style = style
        self.caption = tr("Worth to you") if caption is None else caption
        self.batna = 0.0
        self.value: float | None = None
        self.low: float | None = None
        self.high: float | None = None
        self.hidden_reason: str | None = None
        self.marks: tuple[tuple[float, int], ...] = ()
        """Star thresholds drawn as small stars over the bar: (value, stars)."""
        self.verdict_apart = False
        """True when the verdict is drawn elsewhere (beside a button): not under the bar."""

    def set(
        self,
        *,
        batna: float,
        value: float | None = None,
        low: float | None = None,
        high: float | None = None,
    ) -> None:
        """Show a value, or a range for a partial offer, against ``batna``."""
        self.batna = float(batna)
        self.value = None if value is None else float(value)
        self.low = None if low is None else float(low)
        self.high = None if high is None else float(high)

    def set_marks(self, marks: Sequence[tuple[float, int]]) -> None:
        """Show star thresholds on the bar."""
        self.marks = tuple((float(v), int(s)) for v, s in marks)

    @property
    def verdict(self) -> Verdict:
        """Return the verdict now shown."""
        return verdict(self.batna, self.value, self.low, self.high)

    def number_text(self) -> str:
        """Return the number written after the caption ("0.58" or "0.31 to 0.67")."""
        if self.value is not None:
            return format_utility(self.value)
        if self.low is not None and self.high is not None:
            return tr("{low} to {high}").format(
                low=format_utility(self.low), high=format_utility(self.high)
            )
        return "–"

    def text(self) -> str:
        """Return everything the gauge says, as one sentence (tests, screen readers)."""
        if self.hidden_reason:
            return f"{self.caption}: {self.hidden_reason}"
        words = self.verdict.words
        return f"{self.caption}: {self.number_text()}" + (f" — {words}" if words else "")

    def _bar_height(self) -> int:
        return max(12, self.style.scaled(12))

    def preferred_height(self, width: int) -> int:
        """Return the height needed in ``width`` pixels."""
        cache = self.style.text
        caption = cache.line_height(FontRole.BOLD, self.CAPTION_SIZE)
        if self.hidden_reason:
            return caption + cache.text_height(
                self.hidden_reason, FontRole.ITALIC, self.WORDS_SIZE, width
            )
        marks = self.style.scaled(14) if self.marks else 4
        if self.verdict_apart:
            return caption + marks + self._bar_height() + 6
        return caption + marks + self._bar_height() + 6 + self.verdict_height(width) + 2

    def verdict_height(self, width: int) -> int:
        """Return the height of the verdict (icon and words) written in ``width`` pixels."""
        words = self.style.text.text_height(
            self.verdict.words or " ", FontRole.BODY, self.WORDS_SIZE, width - self._icon_side() - 8
        )
        return max(words, self._icon_side())

    def _icon_side(self) -> int:
        return self.style.fonts.line_height(FontRole.BODY, self.WORDS_SIZE) - 4

    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Draw inside ``rect`` (top aligned)."""
        style = self.style
        cache = style.text
        text = style.colour("text")
        muted = style.colour("text_muted")
        y = rect.top
        label = cache.render(f"{self.caption}: ", FontRole.BODY, self.CAPTION_SIZE, text)
        surface.blit(label, (rect.left, y))
        if self.hidden_reason:
            y += cache.line_height(FontRole.BOLD, self.CAPTION_SIZE)
            cache.draw_wrapped(
                surface,
                self.hidden_reason,
                FontRole.ITALIC,
                self.WORDS_SIZE,
                muted,
                pygame.Rect(rect.left, y, rect.width, rect.height),
            )
            return
        number = cache.render(self.number_text(), FontRole.BOLD, self.CAPTION_SIZE, text)
        surface.blit(number, (rect.left + label.get_width(), y))
        y += cache.line_height(FontRole.BOLD, self.CAPTION_SIZE)
        y += style.scaled(14) if self.marks else 4
        bar = pygame.Rect(rect.left, y, rect.width, self._bar_height())
        self._draw_bar(surface, bar)
        y = bar.bottom + 6
        if not self.verdict_apart:
            self.draw_verdict(surface, pygame.Rect(rect.left, y, rect.width, rect.bottom - y))

    def _x(self, bar: pygame.Rect, value: float) -> int:
        return bar.left + round(bar.width * max(0.0, min(1.0, value)))

    def _draw_bar(self, surface: pygame.Surface, bar: pygame.Rect) -> None:
        style = self.style
        radius = bar.height // 2
        pygame.draw.rect(surface, style.colour("meter_track"), bar, border_radius=radius)
        fill = style.colour("meter_fill")
        if self.value is not None:
            part = pygame.Rect(bar.left, bar.top, self._x(bar, self.value) - bar.left, bar.height)
            if part.width > 0:
                pygame.draw.rect(surface, fill, part, border_radius=radius)
        elif self.low is not None and self.high is not None:
            left, right = self._x(bar, self.low), self._x(bar, self.high)
            band = pygame.Rect(left, bar.top, max(2, right - left), bar.height)
            pygame.draw.rect(surface, fill, band, width=2, border_radius=radius)
            for x in range(band.left + 4, band.right - 2, 8):  # hatching: a range, not a value
                pygame.draw.line(surface, fill, (x, band.bottom - 2), (x + 4, band.top + 1), 2)
        pygame.draw.rect(surface, style.colour("border"), bar, width=2, border_radius=radius)
        x = self._x(bar, self.batna)
        ink = style.colour("text")
        pygame.draw.line(surface, ink, (x, bar.top - 4), (x, bar.bottom + 3), 3)
        # One small star per threshold, left to right: one, two and three stars.
        size = max(4, style.scaled(5))
        for value, _stars in self.marks:
            mx = self._x(bar, value)
            pygame.draw.line(surface, ink, (mx, bar.top - 3), (mx, bar.top + 2), 1)
            draw_star(
                surface,
                (mx, bar.top - size - 4),
                size,
                style.colour("meter_fill"),
                filled=True,
                outline=ink,
            )

    def draw_verdict(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Draw the verdict's icon and words inside ``rect`` (top aligned)."""
        style = self.style
        found = self.verdict
        if not found.words:
            return
        side = self._icon_side()
        icon = pygame.Rect(rect.left, rect.top + 2, side, side)
        ink = style.colour("text")
        if found.kind == "good":
            pygame.draw.circle(surface, style.colour("positive"), icon.center, side // 2)
            draw_tick(surface, icon.inflate(-side // 3, -side // 3), style.colour("surface"))
        elif found.kind == "bad":
            pygame.draw.rect(surface, style.colour("negative"), icon, border_radius=3)
            draw_cross(surface, icon.inflate(-side // 4, -side // 4), style.colour("surface"))
        else:
            pygame.draw.circle(surface, ink, icon.center, side // 2, 2)
            mark = style.text.render("?", FontRole.BOLD, self.WORDS_SIZE - 2, ink)
            surface.blit(mark, mark.get_rect(center=icon.center))
        style.text.draw_wrapped(
            surface,
            found.words[0].upper() + found.words[1:],
            FontRole.BODY,
            self.WORDS_SIZE,
            ink,
            pygame.Rect(icon.right + 8, rect.top, rect.width - side - 8, rect.height),
        )
