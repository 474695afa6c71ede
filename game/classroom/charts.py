"""Inline SVG charts for the class debrief: the utility space and dot plots of a spread.

Plain strings, no library: the report must open offline in any browser.  Every series has
its own marker shape and a legend entry, so nothing is told by colour alone; colours are
the Okabe-Ito palette.  Every marker has a ``<title>`` (a tooltip with the numbers).
"""

from __future__ import annotations

import html
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from game.i18n import number, tr

ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILION, PURPLE, BLACK = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)
GREY = "#8a9099"
GRID = "#e3e6ea"
INK = "#1f2328"
MAX_CLOUD_POINTS = 2500

Point = tuple[float, float]


def esc(text: object) -> str:
    """Return text escaped for HTML and SVG (quotes too)."""
    return html.escape(str(text), quote=True)


def _f(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Deal:
    """One negotiation on the chart."""

    x: float
    y: float
    agreement: bool
    label: str
    flagged: bool = False
    left_value: bool = False
    """A role-play's deal off the frontier: a package better for both was within reach
    (drawn with a dashed ring around its star)."""


@dataclass(frozen=True)
class SpaceChart:
    """What the utility-space chart shows (utilities of the student and one other party)."""

    outcomes: np.ndarray  # (n, 2)
    frontier: np.ndarray  # (m, 2), the 2-D Pareto frontier
    reservation: Point
    nash: Point | None
    x_label: str
    y_label: str
    deals: Sequence[Deal] = field(default_factory=tuple)
    extra_frontier: np.ndarray | None = None  # what contingent clauses add


def star_path(cx: float, cy: float, radius: float) -> str:
    """Return the SVG path of a five-pointed star."""
    points = []
    for index in range(10):
        angle = -math.pi / 2 + index * math.pi / 5
        r = radius if index % 2 == 0 else radius * 0.45
        points.append(f"{_f(cx + r * math.cos(angle))},{_f(cy + r * math.sin(angle))}")
    return "M" + " L".join(points) + " Z"


def marker(shape: str, cx: float, cy: float, size: float, fill: str, stroke: str = INK) -> str:
    """Return an SVG marker: circle, diamond, cross or star (the in-game debrief's shapes: a
    deal is a star, the Nash point a diamond)."""
    if shape == "circle":
        return (
            f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(size)}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1"/>'
        )
    if shape == "diamond":
        s = size * 1.25
        return (
            f'<path d="M{_f(cx)},{_f(cy - s)} L{_f(cx + s)},{_f(cy)} L{_f(cx)},{_f(cy + s)} '
            f'L{_f(cx - s)},{_f(cy)} Z" fill="{fill}" stroke="{stroke}" stroke-width="1"/>'
        )
    if shape == "cross":
        s = size
        return (
            f'<path d="M{_f(cx - s)},{_f(cy - s)} L{_f(cx + s)},{_f(cy + s)} '
            f'M{_f(cx - s)},{_f(cy + s)} L{_f(cx + s)},{_f(cy - s)}" stroke="{fill}" '
            'stroke-width="3" stroke-linecap="round"/>'
        )
    width = "1" if stroke == INK else "1.8"
    return (
        f'<path d="{star_path(cx, cy, size * 1.6)}" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{width}"/>'
    )


def legend_icon(shape: str, fill: str, *, line: str | None = None, stroke: str = INK) -> str:
    """Return a small inline SVG for a legend entry (a marker, or a line style)."""
    if line is not None:
        dash = ' stroke-dasharray="5 3"' if line == "dashed" else ""
        body = f'<path d="M2,9 L28,9" stroke="{fill}" stroke-width="3"{dash}/>'
    elif shape == "cloud":
        body = "".join(
            f'<circle cx="{x}" cy="{y}" r="2" fill="{GREY}" opacity="0.6"/>'
            for x, y in ((6, 5), (13, 11), (20, 6), (25, 13), (9, 14))
        )
    elif shape == "zone":
        body = (
            f'<rect x="2" y="2" width="26" height="14" fill="{GREEN}" fill-opacity="0.12" '
            f'stroke="{GREY}" stroke-dasharray="3 2"/>'
        )
    elif shape == "left-value":
        body = left_value_ring(15, 9, 3.3) + marker("star", 15, 9, 3.5, fill, stroke)
    else:
        body = marker(shape, 15, 9, 5, fill, stroke)
    return f'<svg class="icon" width="30" height="18" viewBox="0 0 30 18" aria-hidden="true">{body}</svg>'


def tag(name: str, text: str, attributes: str = "") -> str:
    """Return an element holding ``text`` (escaped): ``tag("h2", "Each student")``."""
    return f"<{name}{attributes}>{esc(text)}</{name}>"


def _tick(value: float) -> str:
    """Return an axis tick as short as it can be ("0.25", "1"), as the language writes it."""
    shown = f"{value:g}"
    return number(value, len(shown.split(".")[1]) if "." in shown else 0)


def _f2(value: float) -> str:
    """Return a utility for a tool-tip, as the report's language writes it."""
    return number(value, 2)


def _against(chart: SpaceChart) -> str:
    return tr("{y} against {x}").format(y=chart.y_label, x=chart.x_label)


def legend_html(items: Sequence[tuple[str, str]]) -> str:
    """Return a chart's legend: (icon's SVG, words) per entry."""
    return '<ul class="legend">' + "".join(f"<li>{i}{esc(t)}</li>" for i, t in items) + "</ul>"


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    step = 0.25 if span <= 1.5 else 0.5 if span <= 3 else 1.0
    start = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = start
    while value <= high + 1e-9:
        ticks.append(round(value, 6))
        value += step
    return ticks


def utility_space_svg(chart: SpaceChart, *, width: int = 560, height: int = 460) -> str:
    """Return the SVG of every deal on the level's utility space with frontier and Nash point."""
    left, right, top, bottom = 58, 18, 16, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = [0.0, 1.0, chart.reservation[0], *(d.x for d in chart.deals)]
    ys = [0.0, 1.0, chart.reservation[1], *(d.y for d in chart.deals)]
    if len(chart.outcomes):
        xs += [float(chart.outcomes[:, 0].min()), float(chart.outcomes[:, 0].max())]
        ys += [float(chart.outcomes[:, 1].min()), float(chart.outcomes[:, 1].max())]
    x_low, x_high = min(xs), max(xs)
    y_low, y_high = min(ys), max(ys)

    def sx(value: float) -> float:
        return left + (value - x_low) / ((x_high - x_low) or 1) * plot_w

    def sy(value: float) -> float:
        return top + plot_h - (value - y_low) / ((y_high - y_low) or 1) * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{esc(_against(chart))}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" '
        f'stroke="{GRID}"/>',
    ]
    for tick in _ticks(x_low, x_high):
        x = sx(tick)
        parts.append(f'<path d="M{_f(x)},{top} V{top + plot_h}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{_f(x)}" y="{top + plot_h + 18}" text-anchor="middle" class="tick">'
            f"{_tick(tick)}</text>"
        )
    for tick in _ticks(y_low, y_high):
        y = sy(tick)
        parts.append(f'<path d="M{left},{_f(y)} H{left + plot_w}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 8}" y="{_f(y + 4)}" text-anchor="end" class="tick">{_tick(tick)}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 10}" text-anchor="middle" '
        f'class="axis">{esc(chart.x_label)}</text>'
    )
    parts.append(
        f'<text transform="translate(16,{top + plot_h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle" class="axis">{esc(chart.y_label)}</text>'
    )
    rx, ry = chart.reservation
    parts.append(
        f'<rect x="{_f(sx(rx))}" y="{top}" width="{_f(left + plot_w - sx(rx))}" '
        f'height="{_f(sy(ry) - top)}" fill="{GREEN}" fill-opacity="0.07"/>'
    )
    parts.append(
        f'<path d="M{_f(sx(rx))},{top} V{top + plot_h} M{left},{_f(sy(ry))} H{left + plot_w}" '
        f'stroke="{GREY}" stroke-width="1.2" stroke-dasharray="5 4"/>'
    )
    cloud = chart.outcomes
    if len(cloud) > MAX_CLOUD_POINTS:
        cloud = cloud[np.linspace(0, len(cloud) - 1, MAX_CLOUD_POINTS).astype(int)]
    dots = "".join(
        f'<circle cx="{_f(sx(float(x)))}" cy="{_f(sy(float(y)))}" r="2.2"/>' for x, y in cloud
    )
    parts.append(f'<g fill="{GREY}" fill-opacity="0.45">{dots}</g>')
    if chart.extra_frontier is not None and len(chart.extra_frontier):
        parts.append(_polyline(chart.extra_frontier, sx, sy, SKY, dashed=True))
    if len(chart.frontier):
        parts.append(_polyline(chart.frontier, sx, sy, BLUE, dashed=False))
    if chart.nash is not None:
        nx, ny = sx(chart.nash[0]), sy(chart.nash[1])
        tip = tr("Nash point") + f": {_f2(chart.nash[0])}, {_f2(chart.nash[1])}"
        parts.append("<g>" + tag("title", tip) + marker("diamond", nx, ny, 6, GREEN) + "</g>")
        anchor, dx = ("end", -14) if nx > left + plot_w - 70 else ("start", 14)
        parts.append(
            f'<text x="{_f(nx + dx)}" y="{_f(ny - 10)}" text-anchor="{anchor}" class="label">'
            + esc(tr("Nash"))
            + "</text>"
        )
    parts.append(_deals_svg(chart, sx, sy))  # over the Nash point: a deal there stays seen
    parts.append("</svg>")
    return "".join(parts)


def _polyline(points: np.ndarray, sx, sy, colour: str, *, dashed: bool) -> str:
    ordered = points[np.lexsort((-points[:, 1], points[:, 0]))]
    path = " ".join(f"{_f(sx(float(x)))},{_f(sy(float(y)))}" for x, y in ordered)
    dash = ' stroke-dasharray="7 4"' if dashed else ""
    dots = "".join(
        f'<circle cx="{_f(sx(float(x)))}" cy="{_f(sy(float(y)))}" r="3"/>' for x, y in ordered
    )
    return (
        f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
        f'<g fill="{colour}">{dots}</g>'
    )


def _deals_svg(chart: SpaceChart, sx, sy) -> str:
    """Draw the class's deals; identical results are one marker with a count."""
    groups: dict[tuple[float, float, bool, bool], list[Deal]] = {}
    for deal in chart.deals:
        key = (round(deal.x, 3), round(deal.y, 3), deal.agreement, deal.flagged)
        groups.setdefault(key, []).append(deal)
    parts = []
    for (x, y, agreement, flagged), deals in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        ring = ""
        if any(d.left_value for d in deals):
            ring = left_value_ring(sx(x), sy(y), 5.5 + 2.2 * math.sqrt(len(deals) - 1))
        count = len(deals)
        cx, cy = sx(x), sy(y)
        size = 5.5 + 2.2 * math.sqrt(count - 1)
        names = "; ".join(d.label for d in deals[:12]) + (" ..." if count > 12 else "")
        what = tr("deal") if agreement else tr("no deal")
        title = tr("{count} × {what} at {x}, {y}: {names}").format(
            count=count, what=what, x=_f2(x), y=_f2(y), names=names
        )
        if not agreement:
            body = marker("cross", cx, cy, size, VERMILION)
        elif flagged:
            body = marker("star", cx, cy, size, "#ffffff", PURPLE)  # a deal, hollow: flagged
        else:
            body = marker("star", cx, cy, size, ORANGE)  # a deal is a star, as in the game
        label = ""
        if count > 1:
            label = f'<text x="{_f(cx + size + 4)}" y="{_f(cy + 4)}" class="count">×{count}</text>'
        parts.append(f"<g><title>{esc(title)}</title>{ring}{body}{label}</g>")
    return "".join(parts)


def left_value_ring(cx: float, cy: float, size: float) -> str:
    """Return the dashed ring drawn around a deal that left joint value on the table."""
    return (
        f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(size * 2.3)}" fill="none" '
        f'stroke="{VERMILION}" stroke-width="2" stroke-dasharray="4 3"/>'
    )


# --------------------------------------------------------------------------- dot plots
@dataclass(frozen=True)
class Strip:
    """One row of a dot plot: values, an optional reference value and how to show numbers."""

    label: str
    values: Sequence[float]
    reference: float | None = None
    reference_label: str = ""
    symmetric: bool = False  # a scale centred on zero (changes)
    digits: int = 2


def strips_svg(strips: Sequence[Strip], *, width: int = 520) -> str:
    """Return dot plots, one per strip: each value a dot (stacked when equal), the mean a line.

    Each strip's heading is followed by its numbers in words (mean, median, range and the
    reference), so the chart is readable without telling anything by colour or position alone.
    """
    row_h, left, right = 112, 10, 14
    height = row_h * len(strips)
    spread = tr("spread of results")
    parts = [
        f'<svg class="chart strips" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{esc(spread)}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, strip in enumerate(strips):
        top = index * row_h
        parts.append(f'<text x="{left}" y="{top + 16}" class="label">{esc(strip.label)}</text>')
        values = [v for v in strip.values if v is not None and math.isfinite(v)]
        if not values:
            parts.append(
                f'<text x="{left}" y="{top + 36}" class="tick">' + esc(tr("no data")) + "</text>"
            )
            continue
        d = strip.digits
        mean = sum(values) / len(values)
        words = tr("mean {mean} (solid line) · median {median} · from {low} to {high}").format(
            mean=number(mean, d),
            median=number(statistics.median(values), d),
            low=number(min(values), d),
            high=number(max(values), d),
        )
        if strip.reference is not None and strip.reference_label:
            words += " · " + tr("{label} {value} (dashed)").format(
                label=strip.reference_label, value=number(strip.reference, d)
            )
        parts.append(f'<text x="{left}" y="{top + 34}" class="tick">{esc(words)}</text>')
        extent = [*values, *([strip.reference] if strip.reference is not None else [])]
        low, high = min(extent), max(extent)
        if strip.symmetric:
            bound = max(abs(low), abs(high), 1e-9)
            low, high = -bound, bound
        else:
            low = min(low, 0.0)
        if high - low < 1e-9:
            high = low + 1
        pad = (high - low) * 0.03
        low, high = low - pad, high + pad
        axis_y = top + 86
        plot_w = width - left - right

        def sx(value: float, low: float = low, high: float = high, plot_w: float = plot_w) -> float:
            return left + (value - low) / (high - low) * plot_w

        parts.append(f'<path d="M{left},{axis_y} H{left + plot_w}" stroke="{GREY}"/>')
        ends = {round(low + pad, 6), round(high - pad, 6)}
        for tick in sorted(ends | ({0.0} if low < 0 < high else set())):
            anchor = "start" if tick == min(ends) else "end" if tick == max(ends) else "middle"
            parts.append(
                f'<path d="M{_f(sx(tick))},{axis_y} V{axis_y + 4}" stroke="{GREY}"/>'
                f'<text x="{_f(sx(tick))}" y="{axis_y + 17}" text-anchor="{anchor}" class="tick">'
                f"{number(tick, d)}</text>"
            )
        if strip.reference is not None:
            x = sx(strip.reference)
            parts.append(
                f'<path d="M{_f(x)},{top + 42} V{axis_y}" stroke="{BLUE}" stroke-width="2" '
                'stroke-dasharray="4 3"/>'
            )
        x = sx(mean)
        parts.append(
            f'<path d="M{_f(x)},{top + 42} V{axis_y + 3}" stroke="{VERMILION}" stroke-width="3"/>'
        )
        stacks: dict[int, int] = {}
        dots = []
        for value in sorted(values):
            bucket = round(sx(value) / 8)
            level = stacks.get(bucket, 0)
            stacks[bucket] = level + 1
            if level > 4:
                continue  # five dots show "many"; the words above give the numbers
            dots.append(
                f'<circle cx="{_f(sx(value))}" cy="{_f(axis_y - 6 - 8 * level)}" r="3.8"><title>'
                f"{number(value, d)}</title></circle>"
            )
        parts.append(f'<g fill="{GREEN}" fill-opacity="0.85" stroke="{INK}" stroke-width="0.7">')
        parts.extend(dots)
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
