"""Charts for the debrief: the utility space and the trust/rapport timeline.

Both take plain data (numbers and labels), draw into a rect, and cache the parts that do
not change (axes, the cloud of outcomes, the frontier) in a surface per size, so a frame
costs a blit plus a few markers.  Every series has its own marker shape and a legend
entry, so nothing is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pygame

from game.i18n import number, tr
from game.ui.fonts import FontCache, FontRole
from game.ui.text import ellipsize, wrap_text
from game.ui.theme import Palette

__all__ = [
    "TimelineChart",
    "TimelinePoint",
    "UtilityChartData",
    "UtilitySpaceChart",
    "draw_legend",
    "draw_marker",
]

Point = tuple[float, float]
MAX_CLOUD_POINTS = 4000
LABEL_SIZE = 15
TITLE_SIZE = 17


def draw_marker(
    surface: pygame.Surface, shape: str, centre: tuple[int, int], radius: int, colour, outline
) -> None:
    """Draw a marker shape ('circle', 'square', 'diamond', 'star', 'triangle') with an outline."""
    x, y = centre
    if shape == "circle":
        pygame.draw.circle(surface, colour, centre, radius)
        pygame.draw.circle(surface, outline, centre, radius, 1)
        return
    if shape == "square":
        rect = pygame.Rect(0, 0, radius * 2, radius * 2)
        rect.center = centre
        pygame.draw.rect(surface, colour, rect)
        pygame.draw.rect(surface, outline, rect, 1)
        return
    if shape == "diamond":
        points = [
            (x, y - radius - 1),
            (x + radius + 1, y),
            (x, y + radius + 1),
            (x - radius - 1, y),
        ]
    elif shape == "triangle":
        points = [(x, y - radius - 1), (x + radius + 1, y + radius), (x - radius - 1, y + radius)]
    else:  # star
        points = []
        for i in range(10):
            angle = np.pi / 2 + i * np.pi / 5
            r = radius + 3 if i % 2 == 0 else (radius + 3) * 0.45
            points.append((x + r * np.cos(angle), y - r * np.sin(angle)))
    pygame.draw.polygon(surface, colour, points)
    pygame.draw.polygon(surface, outline, points, 1)


def _dashed_line(surface, colour, start, end, dash=6, width=2) -> None:
    start_v, end_v = pygame.Vector2(start), pygame.Vector2(end)
    length = start_v.distance_to(end_v)
    if length == 0:
        return
    step = (end_v - start_v) / length
    drawn = 0.0
    while drawn < length:
        a = start_v + step * drawn
        b = start_v + step * min(drawn + dash, length)
        pygame.draw.line(surface, colour, a, b, width)
        drawn += dash * 2



def _tick(value: float) -> str:
    """Return an axis tick as the language writes it, without trailing zeros (0.25, 0.5, 1)."""
    text = number(value, 2)
    return text.rstrip("0").rstrip(".,") if any(m in text for m in ".,") else text

@dataclass(frozen=True)
class UtilityChartData:
    """What the utility-space chart shows; utilities are (player, other) pairs in [0, 1]."""

    outcomes: np.ndarray
    frontier: np.ndarray
    reservation: Point
    nash: Point | None = None
    player_trail: Sequence[Point] = ()
    other_trail: Sequence[Point] = ()
    deal: Point | None = None
    x_label: str = ""
    """The words along the x axis (empty: "Your utility")."""
    y_label: str = ""
    """The words along the y axis (empty: "Their utility")."""
    extra_frontier: np.ndarray | None = None
    """A second frontier (e.g. with a contingent clause), drawn dashed."""
    chair_trail: Sequence[Point] = ()
    """Texts a chair or mediator tabled, in order."""
    batna_labels: tuple[str, str] | None = None
    """The words on the two BATNA lines (across, up); None: "your BATNA", "their BATNA"."""


@dataclass
class UtilitySpaceChart:
    """Every outcome as a faint dot, the frontier, Nash, BATNA lines, offer trails, the deal."""

    data: UtilityChartData
    step: int | None = None
    """Show the trails only up to this many offers (replay); None shows them all."""
    _cache: dict = field(default_factory=dict, repr=False)

    def plot_rect(self, rect: pygame.Rect, fonts: FontCache) -> pygame.Rect:
        """Return the inner plotting area of the chart for ``rect``."""
        label = fonts.line_height(FontRole.BODY, LABEL_SIZE)
        left = label * 2 + 30
        return pygame.Rect(
            rect.left + left, rect.top + 10, rect.width - left - 12, rect.height - label * 2 - 24
        )

    def to_screen(self, plot: pygame.Rect, point: Point) -> tuple[int, int]:
        """Map utilities to pixels inside ``plot``."""
        x = plot.left + point[0] * plot.width
        y = plot.bottom - point[1] * plot.height
        return int(round(x)), int(round(y))

    def _markers(self, plot: pygame.Rect) -> list[tuple[str, tuple[int, int], int, str]]:
        """Return the markers drawn now: (shape, centre, radius, series), trails first."""
        limit = self.step
        found = []
        for series, shape in (("player", "circle"), ("other", "square"), ("chair", "triangle")):
            points = getattr(self.data, f"{series}_trail")
            shown = list(points if limit is None else points[:limit])
            found += [(shape, self.to_screen(plot, p), 5, series) for p in shown]
        if self.data.nash is not None:
            found.append(("diamond", self.to_screen(plot, self.data.nash), 7, "nash"))
        deal = self.data.deal
        if deal is not None and self.deal_shown():
            found.append(("star", self.to_screen(plot, deal), 8, "deal"))
        return found

    def deal_shown(self) -> bool:
        """Return True when the deal's star is drawn (at the end of the replay)."""
        limit = self.step
        return self.data.deal is not None and (
            limit is None or limit >= len(self.data.player_trail)
        )

    def marker_rects(self, rect: pygame.Rect, fonts: FontCache) -> list[pygame.Rect]:
        """Return the rectangles the markers cover when the chart is drawn in ``rect``."""
        return self.marker_rects_in(self.plot_rect(rect, fonts))

    def label_rects(self, rect: pygame.Rect, fonts: FontCache) -> list[tuple[str, pygame.Rect]]:
        """Return (words, where) for every label written on the chart drawn in ``rect``.

        Labels are placed one by one, most important first (the deal, Nash, the BATNA
        lines, then the first and last number of each trail), each at the first spot
        around its point that stays inside the plot and covers no marker and no label
        placed before it.  A trail's number with no free spot is left out; the others
        take the spot that covers least.
        """
        plot = self.plot_rect(rect, fonts)
        return [(words, spot) for words, spot, _colour in self._place_labels(plot, fonts)]

    def _place_labels(
        self, plot: pygame.Rect, fonts: FontCache
    ) -> list[tuple[str, pygame.Rect, str]]:
        regular = fonts.get(FontRole.BODY, LABEL_SIZE)
        bold = fonts.get(FontRole.BOLD, LABEL_SIZE)
        taken = self.marker_rects_in(plot)
        placed: list[tuple[str, pygame.Rect, str]] = []

        def around(size, centre, reach) -> list[pygame.Rect]:
            x, y = centre
            spots = []
            for distance in (reach + 3, reach + 10, reach + 22, reach + 36):
                for side in (
                    "bottomleft",
                    "topleft",
                    "bottomright",
                    "topright",
                    "midleft",
                    "midright",
                    "midbottom",
                    "midtop",
                ):
                    box = pygame.Rect((0, 0), size)
                    anchor = {
                        "bottomleft": (x + distance, y - 1),
                        "topleft": (x + distance, y + 1),
                        "bottomright": (x - distance, y - 1),
                        "topright": (x - distance, y + 1),
                        "midleft": (x + distance, y),
                        "midright": (x - distance, y),
                        "midbottom": (x, y - distance),
                        "midtop": (x, y + distance),
                    }[side]
                    setattr(box, side, anchor)
                    spots.append(box)
            return spots

        def place(words, spots, colour, *, optional=False) -> None:
            others = taken + [spot for _w, spot, _c in placed]

            def cover(box: pygame.Rect) -> int:
                if not plot.contains(box):
                    return 10**9
                return sum(box.clip(o).width * box.clip(o).height for o in others)

            costs = [cover(box) for box in spots]
            best = min(costs)
            if optional and best > 0:
                return
            placed.append((words, spots[costs.index(best)], colour))

        markers = self._markers(plot)
        for _shape, centre, radius, series in reversed(markers):
            if series == "deal":
                deal_word = tr("Deal")
                place(deal_word, around(bold.size(deal_word), centre, radius + 3), "text")
            elif series == "nash":
                nash_word = tr("Nash")
                place(nash_word, around(regular.size(nash_word), centre, radius + 1), "positive")
        rx, ry = self.data.reservation
        x, _ = self.to_screen(plot, (rx, 1))
        _, y = self.to_screen(plot, (0, ry))
        x_words, y_words = self.data.batna_labels or (tr("your BATNA"), tr("their BATNA"))
        size = regular.size(x_words)
        spots = []
        for top in (plot.top + 2, plot.bottom - size[1] - 2, plot.centery - size[1] // 2):
            spots += [pygame.Rect((x + 4, top), size), pygame.Rect((x - 4 - size[0], top), size)]
        place(x_words, spots, "warning")
        size = regular.size(y_words)
        spots = []
        for right in (plot.right - 4, plot.left + 4 + size[0], plot.centerx + size[0] // 2):
            spots += [
                pygame.Rect((right - size[0], y - 2 - size[1]), size),
                pygame.Rect((right - size[0], y + 2), size),
            ]
        place(y_words, spots, "warning")
        limit = self.step
        for series, colour in (("player", 0), ("other", 1), ("chair", 2)):
            points = getattr(self.data, f"{series}_trail")
            shown = list(points if limit is None else points[:limit])
            for index in sorted({1, len(shown)} if shown else (), reverse=True):
                words = str(index)
                centre = self.to_screen(plot, shown[index - 1])
                place(
                    words,
                    around(regular.size(words), centre, 5),
                    f"speaker:{colour}",
                    optional=True,
                )
        return placed

    def marker_rects_in(self, plot: pygame.Rect) -> list[pygame.Rect]:
        """Return the rectangles the markers cover, for a plot area."""
        found = []
        for shape, (x, y), radius, _series in self._markers(plot):
            reach = radius + (3 if shape == "star" else 1)
            found.append(pygame.Rect(x - reach, y - reach, 2 * reach + 1, 2 * reach + 1))
        return found

    def _static(self, rect: pygame.Rect, fonts: FontCache, palette: Palette) -> pygame.Surface:
        key = (rect.size, fonts.text_scale, palette.name)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        self._cache.clear()
        surface = pygame.Surface(rect.size, pygame.SRCALPHA)
        local = pygame.Rect(0, 0, *rect.size)
        plot = self.plot_rect(local, fonts)
        text = palette.colour("text")
        muted = palette.colour("text_muted")
        pygame.draw.rect(surface, palette.colour("surface"), plot)
        # Agreement zone: where both sides do at least as well as their BATNA.
        rx, ry = self.data.reservation
        zone_left, zone_top = self.to_screen(plot, (rx, 1.0))
        zone = pygame.Rect(
            zone_left, zone_top, plot.right - zone_left, self.to_screen(plot, (0, ry))[1] - zone_top
        )
        zone_surface = pygame.Surface(zone.size, pygame.SRCALPHA)
        zone_surface.fill((*palette.colour("positive")[:3], 28))
        surface.blit(zone_surface, zone.topleft)
        # Grid and ticks.
        font = fonts.get(FontRole.BODY, LABEL_SIZE)
        for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
            x, y0 = self.to_screen(plot, (tick, 0))
            _, y = self.to_screen(plot, (0, tick))
            pygame.draw.line(
                surface, palette.colour("surface_alt"), (x, plot.top), (x, plot.bottom)
            )
            pygame.draw.line(
                surface, palette.colour("surface_alt"), (plot.left, y), (plot.right, y)
            )
            label = font.render(_tick(tick), True, muted)
            surface.blit(label, (x - label.get_width() // 2, plot.bottom + 4))
            surface.blit(label, (plot.left - label.get_width() - 6, y - label.get_height() // 2))
        pygame.draw.rect(surface, palette.colour("border"), plot, 1)
        # Cloud of outcomes (subsampled for very large spaces).
        cloud = np.asarray(self.data.outcomes, dtype=float)
        if len(cloud) > MAX_CLOUD_POINTS:
            chosen = np.linspace(0, len(cloud) - 1, MAX_CLOUD_POINTS).astype(int)
            cloud = cloud[chosen]
        dot = (*palette.colour("text_muted")[:3], 70)
        xs: np.ndarray | list[int] = (
            (plot.left + cloud[:, 0] * plot.width).astype(int) if len(cloud) else []
        )
        ys: np.ndarray | list[int] = (
            (plot.bottom - cloud[:, 1] * plot.height).astype(int) if len(cloud) else []
        )
        for x, y in zip(xs, ys, strict=False):
            pygame.draw.circle(surface, dot, (int(x), int(y)), 2)
        # BATNA lines.
        warning = palette.colour("warning")
        _dashed_line(surface, warning, self.to_screen(plot, (rx, 0)), self.to_screen(plot, (rx, 1)))
        _dashed_line(surface, warning, self.to_screen(plot, (0, ry)), self.to_screen(plot, (1, ry)))
        # Frontiers.
        if self.data.extra_frontier is not None and len(self.data.extra_frontier):
            extra = sorted(map(tuple, np.asarray(self.data.extra_frontier)))
            points = [self.to_screen(plot, p) for p in extra]
            for a, b in zip(points, points[1:], strict=False):
                _dashed_line(surface, palette.colour("info"), a, b, dash=5, width=2)
        frontier = sorted(map(tuple, np.asarray(self.data.frontier)))
        points = [self.to_screen(plot, p) for p in frontier]
        if len(points) > 1:
            pygame.draw.lines(surface, palette.colour("primary"), False, points, 3)
        for p in points:
            pygame.draw.circle(surface, palette.colour("primary"), p, 3)
        # Axis titles.
        title_font = fonts.get(FontRole.BOLD, LABEL_SIZE)
        x_title = title_font.render(self.data.x_label or tr("Your utility"), True, text)
        surface.blit(
            x_title,
            (plot.centerx - x_title.get_width() // 2, plot.bottom + 6 + font.get_linesize()),
        )
        y_words = self.data.y_label or tr("Their utility")
        y_title = pygame.transform.rotate(title_font.render(y_words, True, text), 90)
        surface.blit(y_title, (4, plot.centery - y_title.get_height() // 2))
        self._cache[key] = surface
        return surface

    def draw(
        self, surface: pygame.Surface, rect: pygame.Rect, fonts: FontCache, palette: Palette
    ) -> None:
        """Draw the chart inside ``rect``."""
        surface.blit(self._static(rect, fonts, palette), rect.topleft)
        plot = self.plot_rect(rect, fonts)
        outline = palette.colour("text")
        limit = self.step

        def trail(points: Sequence[Point], shape: str, colour) -> None:
            shown = list(points if limit is None else points[:limit])
            screen = [self.to_screen(plot, p) for p in shown]
            if len(screen) > 1:
                pygame.draw.lines(surface, colour, False, screen, 2)
            for p in screen:
                draw_marker(surface, shape, p, 5, colour, outline)

        trail(self.data.player_trail, "circle", palette.speaker_colour(0))
        trail(self.data.other_trail, "square", palette.speaker_colour(1))
        trail(self.data.chair_trail, "triangle", palette.speaker_colour(2))
        if self.data.nash is not None:
            p = self.to_screen(plot, self.data.nash)
            draw_marker(surface, "diamond", p, 7, palette.colour("positive"), outline)
        deal = self.data.deal
        if deal is not None and self.deal_shown():
            p = self.to_screen(plot, deal)
            draw_marker(surface, "star", p, 8, palette.colour("focus_ring_inner"), outline)
        # Labels last, each where it covers no marker and no other label.
        for words, spot, colour in self._place_labels(plot, fonts):
            if colour.startswith("speaker:"):
                ink = palette.speaker_colour(int(colour.split(":")[1]))
            else:
                ink = palette.colour(colour)
            role = FontRole.BOLD if words == tr("Deal") else FontRole.BODY
            surface.blit(fonts.get(role, LABEL_SIZE).render(words, True, ink), spot.topleft)

    @staticmethod
    def legend(palette: Palette) -> list[tuple[str, str, pygame.Color]]:
        """Return ``(shape, label, colour)`` for each series, for a legend beside the chart."""
        return [
            ("dot", tr("a possible deal"), palette.colour("text_muted")),
            ("line", tr("best possible deals (Pareto frontier)"), palette.colour("primary")),
            ("diamond", tr("Nash point (fair and efficient)"), palette.colour("positive")),
            ("circle", tr("your offers, in order"), palette.speaker_colour(0)),
            ("square", tr("their offers, in order"), palette.speaker_colour(1)),
            ("star", tr("the deal"), palette.colour("focus_ring_inner")),
            ("dash", tr("BATNA lines (shaded: both gain)"), palette.colour("warning")),
        ]


def draw_legend(
    surface: pygame.Surface, rect: pygame.Rect, entries, fonts: FontCache, palette: Palette
) -> int:
    """Draw legend entries top-down in ``rect``; return the height used."""
    font = fonts.get(FontRole.BODY, LABEL_SIZE)
    y = rect.top
    line = font.get_linesize() + 4
    outline = palette.colour("text")
    for shape, label, colour in entries:
        centre = (rect.left + 10, y + line // 2)
        if shape == "dot":
            pygame.draw.circle(surface, colour, centre, 3)
        elif shape == "line":
            pygame.draw.line(
                surface, colour, (rect.left, centre[1]), (rect.left + 20, centre[1]), 3
            )
        elif shape == "dash":
            _dashed_line(
                surface, colour, (rect.left, centre[1]), (rect.left + 20, centre[1]), dash=4
            )
        else:
            draw_marker(surface, shape, centre, 5, colour, outline)
        surface.blit(font.render(label, True, palette.colour("text")), (rect.left + 28, y))
        y += line
    return y - rect.top


@dataclass(frozen=True)
class TimelinePoint:
    """Trust and rapport after one move, with what moved them."""

    label: str
    trust: float
    rapport: float
    reason: str = ""


@dataclass
class TimelineChart:
    """Trust (0..100, solid, circles) and rapport (-100..100, dashed, squares) move by move."""

    points: Sequence[TimelinePoint]
    selected: int | None = None

    def plot_rect(self, rect: pygame.Rect, fonts: FontCache) -> pygame.Rect:
        """Return the inner plotting area."""
        label = fonts.line_height(FontRole.BODY, LABEL_SIZE)
        return pygame.Rect(
            rect.left + 44,
            rect.top + label + 8,
            rect.width - 104,
            rect.height - label * (1 + self.CAPTION_LINES) - 20,
        )

    CAPTION_LINES = 2
    """Lines kept under the plot for the chosen point's caption (its reason wraps)."""

    def _x(self, plot: pygame.Rect, index: int) -> int:
        count = max(len(self.points) - 1, 1)
        return int(plot.left + plot.width * index / count)

    def point_at(self, rect: pygame.Rect, fonts: FontCache, pos: tuple[int, int]) -> int | None:
        """Return the index of the point nearest the x of ``pos`` inside the chart, or None."""
        plot = self.plot_rect(rect, fonts)
        if not self.points or not plot.inflate(20, 20).collidepoint(pos):
            return None
        return min(range(len(self.points)), key=lambda i: abs(self._x(plot, i) - pos[0]))

    def draw(
        self, surface: pygame.Surface, rect: pygame.Rect, fonts: FontCache, palette: Palette
    ) -> None:
        """Draw the timeline inside ``rect``."""
        plot = self.plot_rect(rect, fonts)
        font = fonts.get(FontRole.BODY, LABEL_SIZE)
        text, muted = palette.colour("text"), palette.colour("text_muted")
        pygame.draw.rect(surface, palette.colour("surface"), plot)
        for value in (0, 50, 100):
            y = plot.bottom - plot.height * value / 100
            pygame.draw.line(
                surface, palette.colour("surface_alt"), (plot.left, y), (plot.right, y)
            )
            label = font.render(str(value), True, muted)
            surface.blit(label, (plot.left - label.get_width() - 6, y - label.get_height() // 2))
            right = font.render(f"{value * 2 - 100:+d}" if value != 50 else "0", True, muted)
            surface.blit(right, (plot.right + 4, y - right.get_height() // 2))
        pygame.draw.rect(surface, palette.colour("border"), plot, 1)
        if not self.points:
            return
        trust = [
            (self._x(plot, i), plot.bottom - plot.height * p.trust / 100)
            for i, p in enumerate(self.points)
        ]
        rapport = [
            (self._x(plot, i), plot.bottom - plot.height * (p.rapport + 100) / 200)
            for i, p in enumerate(self.points)
        ]
        trust_colour, rapport_colour = palette.speaker_colour(0), palette.speaker_colour(1)
        if len(trust) > 1:
            pygame.draw.lines(surface, trust_colour, False, trust, 3)
            for a, b in zip(rapport, rapport[1:], strict=False):
                _dashed_line(surface, rapport_colour, a, b, dash=5, width=3)
        for p in trust:
            draw_marker(surface, "circle", (int(p[0]), int(p[1])), 4, trust_colour, text)
        for p in rapport:
            draw_marker(surface, "square", (int(p[0]), int(p[1])), 4, rapport_colour, text)
        legend = font.render(
            ellipsize(
                font,
                tr("Trust 0-100 (solid, circles) - rapport -100 to +100 (dashed, squares)"),
                rect.width - 8,
            ),
            True,
            text,
        )
        surface.blit(legend, (plot.left, rect.top + 2))
        if self.selected is not None and 0 <= self.selected < len(self.points):
            point = self.points[self.selected]
            x = self._x(plot, self.selected)
            pygame.draw.line(
                surface, palette.colour("focus_ring"), (x, plot.top), (x, plot.bottom), 2
            )
            caption = tr("{moment}: trust {trust}, rapport {rapport}").format(
                moment=point.label,
                trust=number(point.trust),
                rapport=("+" if point.rapport > 0 else "") + number(point.rapport),
            )
            if point.reason:
                caption += f" - {point.reason}"
            width = rect.right - plot.left - 4
            lines = wrap_text(font, caption, width)
            if len(lines) > self.CAPTION_LINES:
                lines = lines[: self.CAPTION_LINES]
                lines[-1] = ellipsize(font, lines[-1] + " …", width)
            y = plot.bottom + 6
            for line in lines:
                surface.blit(font.render(line, True, text), (plot.left, y))
                y += font.get_linesize()
