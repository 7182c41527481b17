"""One small SVG line chart for every widget (bargaining, freeze game, sequence builder).

The widgets draw their charts as inline SVG inside an ``HTML`` widget: no plotting
library in the browser, a small embedded state, and the chart is part of the static book.
Colours, dashes and markers come from :mod:`korea_talks.palette`; every chart has axis
labels, round tick values (:func:`nice_ticks`), a ``<title>`` and a ``<desc>`` for screen
readers, and a legend entry for every line and every kind of shading.

The legend is an HTML list beside the plot, not part of the drawing: the plot scales
down to a phone's width (``max-width: 100%``) while the legend moves below it and keeps
the page's own text size.

>>> chart = line_chart([Series("a", [0, 1, 2])], title="t", x_label="x", y_label="y")
>>> chart.startswith("<figure") and "<polyline" in chart and ">x</text>" in chart
True
>>> legend_names(chart)
['a']
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from korea_talks.palette import CYCLE, LINE_STYLES, OKABE_ITO

DASH_CYCLE = tuple(LINE_STYLES)
"""Line styles taken in turn by series that name none."""


@dataclass(frozen=True)
class Series:
    """One line: its legend name, its values (one per x position) and how it looks."""

    name: str
    values: Sequence[float]
    colour: str = ""
    line: str = ""
    marker: str = ""


@dataclass(frozen=True)
class Band:
    """Shading over x positions ``start``..``end`` (inclusive), named in the legend."""

    start: int
    end: int
    label: str
    colour: str
    opacity: float = 0.25


@dataclass(frozen=True)
class _Frame:
    left: float
    top: float
    width: float
    height: float
    low: float
    high: float
    count: int

    def x(self, i: float) -> float:
        span = max(self.count - 1, 1)
        return self.left + self.width * i / span

    def y(self, value: float) -> float:
        return self.top + self.height * (1 - (value - self.low) / (self.high - self.low))


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values (steps of 1, 2, 2.5 or 5 times a power of ten)
    from a round number at or below ``low`` to one at or above ``high``.

    >>> nice_ticks(0, 190)
    [0, 50, 100, 150, 200]
    >>> nice_ticks(0, 1)
    [0, 0.25, 0.5, 0.75, 1]
    >>> nice_ticks(3, 3)
    [2, 2.5, 3, 3.5, 4]

    A range narrower than a millionth is widened to one unit either side.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"tick range must be finite numbers, got {low!r} to {high!r}")
    if high < low:
        low, high = high, low
    if high - low < 1e-6:  # below what a chart of these models can show: widen to +-1
        low, high = low - 1, high + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-12))
    slack = 1e-9 * step
    start = math.floor(low / step + 1e-9) * step
    ticks = []
    value = start
    while value < high + step - slack:
        ticks.append(value)
        if value >= high - slack:
            break
        value = start + step * len(ticks)
    return [_tidy(t) for t in ticks]


def _tidy(value: float) -> float:
    rounded = round(value, 10)
    return int(rounded) if rounded == int(rounded) else rounded


def _label(value: float) -> str:
    return f"{value:g}"


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    if shape in ("triangle", "triangle down"):
        tip, base = (-4, 3) if shape == "triangle" else (4, -3)
        pts = f"{x:.1f},{y + tip:.1f} {x - 4:.1f},{y + base:.1f} {x + 4:.1f},{y + base:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if shape == "diamond":
        pts = f"{x:.1f},{y - 4:.1f} {x - 4:.1f},{y:.1f} {x:.1f},{y + 4:.1f} {x + 4:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'
    return ""


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    x_label: str,
    y_label: str,
    desc: str = "",
    y_range: tuple[float, float] | None = None,
    bands: Sequence[Band] = (),
    width: int = 480,
    height: int = 300,
) -> str:
    """An accessible SVG line chart of ``series`` over x positions 0, 1, 2, ...

    Returns a ``<figure>``: the plot (``width`` by ``height`` at full size) and its
    legend. Series without a colour or line style take the next ones of the palette's
    cycle. The y axis spans ``y_range`` (widened to round ticks) or the data. A marker is
    drawn at each point when the series names one (only sensible for short series).
    """
    if not series:
        raise ValueError("a chart needs at least one series")
    values = [v for s in series for v in s.values]
    low, high = y_range if y_range else (min(values, default=0.0), max(values, default=1.0))
    ticks = nice_ticks(low, high)
    count = max(len(s.values) for s in series)
    left, right, top, bottom = 48, 14, 12, 40
    frame = _Frame(
        left, top, width - left - right, height - top - bottom, ticks[0], ticks[-1], count
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{html.escape(title)}" '
        f'style="flex:1 1 300px;min-width:0;max-width:min(100%,{width}px);height:auto;'
        'font-family:sans-serif;font-size:14px">',
        f"<title>{html.escape(title)}</title>",
        f"<desc>{html.escape(desc or title)}</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>',
    ]
    span = max(count - 1, 1)
    step_w = frame.width / span
    for band in bands:
        x0 = max(frame.x(band.start) - step_w / 2, frame.left)
        x1 = min(frame.x(band.end) + step_w / 2, frame.left + frame.width)
        parts.append(
            f'<rect x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" height="{frame.height:.1f}" '
            f'fill="{band.colour}" fill-opacity="{band.opacity}"/>'
        )
    for value in ticks:
        y = frame.y(value)
        parts.append(
            f'<line x1="{left}" x2="{left + frame.width:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#dddddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_label(value)}</text>'
        )
    x_ticks = [int(t) for t in nice_ticks(0, count - 1, 6) if 0 <= t <= count - 1 and t == int(t)]
    for i in x_ticks or [0]:
        parts.append(
            f'<text x="{frame.x(i):.1f}" y="{top + frame.height + 14:.1f}" '
            f'text-anchor="middle">{i}</text>'
        )
    parts.append(
        f'<rect x="{left}" y="{top}" width="{frame.width:.1f}" height="{frame.height:.1f}" '
        'fill="none" stroke="#999999"/>'
    )
    parts.append(
        f'<text x="{left + frame.width / 2:.1f}" y="{height - 6}" text-anchor="middle">'
        f"{html.escape(x_label)}</text>"
    )
    mid = top + frame.height / 2
    parts.append(
        f'<text x="12" y="{mid:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {mid:.1f})">{html.escape(y_label)}</text>'
    )
    legend: list[str] = []
    for number, line in enumerate(series):
        colour = line.colour or CYCLE[number % len(CYCLE)]
        dash = LINE_STYLES[line.line or DASH_CYCLE[number % len(DASH_CYCLE)]][1]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = " ".join(f"{frame.x(i):.1f},{frame.y(v):.1f}" for i, v in enumerate(line.values))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}/>'
        )
        if line.marker:
            parts.extend(
                _marker(line.marker, frame.x(i), frame.y(v), colour)
                for i, v in enumerate(line.values)
            )
        legend.append(
            _legend_entry(
                f'<line x1="0" x2="26" y1="7" y2="7" stroke="{colour}" stroke-width="2"'
                f"{dash_attr}/>" + _marker(line.marker, 13, 7, colour),
                line.name,
            )
        )
    seen: set[tuple[str, str, float]] = set()
    for band in bands:
        key = (band.label, band.colour, band.opacity)
        if key in seen:
            continue
        seen.add(key)
        legend.append(
            _legend_entry(
                f'<rect x="1" y="1" width="24" height="12" fill="{band.colour}" '
                f'fill-opacity="{band.opacity}"/>',
                band.label,
            )
        )
    parts.append("</svg>")
    return (
        '<figure class="kt-chart" style="margin:0;display:flex;flex-wrap:wrap;'
        'align-items:flex-start;column-gap:12px">'
        + "".join(parts)
        + '<ul class="kt-legend" aria-label="Legend" style="list-style:none;margin:4px 0;'
        'padding:0;flex:1 1 10em;font-size:0.85em;line-height:1.5">'
        + "".join(legend)
        + "</ul></figure>"
    )


def _legend_entry(swatch: str, name: str) -> str:
    return (
        '<li style="margin:0"><svg width="26" height="14" aria-hidden="true" '
        f'style="vertical-align:middle;margin-right:6px">{swatch}</svg>'
        f'<span class="kt-legend-name">{html.escape(name)}</span></li>'
    )


def legend_names(chart: str) -> list[str]:
    """The names in a chart's legend, in order (for tests and text views)."""
    return [html.unescape(name) for name in re.findall(r'class="kt-legend-name">([^<]*)<', chart)]


def sparkline(
    values: Sequence[float],
    label: str,
    *,
    scale: tuple[float, float] = (0.0, 10.0),
    reference: float | None = None,
    colour: str = OKABE_ITO["vermillion"],
    width: int = 120,
    height: int = 28,
) -> str:
    """A small line of ``values`` for a table cell, its last point marked.

    ``reference`` draws a dashed level line (a threshold). The title and a description
    listing the values are there for screen readers.

    >>> svg = sparkline([6, 5, 9], "tension", reference=9)
    >>> svg.count("<circle"), svg.count("stroke-dasharray")
    (1, 1)
    """
    low, high = scale
    n = max(len(values) - 1, 1)

    def y(v: float) -> float:
        return height - 2 - (v - low) * (height - 4) / ((high - low) or 1.0)

    points = [(2 + i * (width - 4) / n, y(v)) for i, v in enumerate(values)]
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{html.escape(label)}</title>",
        f"<desc>{html.escape(', '.join(f'{v:g}' for v in values))}</desc>",
    ]
    if reference is not None:
        parts.append(
            f'<line x1="2" x2="{width - 2}" y1="{y(reference):.1f}" y2="{y(reference):.1f}" '
            'stroke="#bbbbbb" stroke-dasharray="2 2"/>'
        )
    if points:
        line = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        last_x, last_y = points[-1]
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{line}"/>'
            f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2" fill="{colour}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def range_bar(
    low: float,
    high: float,
    value: float,
    label: str,
    *,
    mark: float | None = None,
    width: int = 200,
    height: int = 16,
) -> str:
    """A bar for the range ``low``..``high`` with a dark tick at ``value`` and, if given, a
    red diamond at ``mark`` (for example where a verdict flips). Scales to its cell.

    >>> svg = range_bar(0.0, 1.0, 0.3, "p", mark=0.7)
    >>> svg.count("<rect"), svg.count("<path")
    (1, 1)
    """
    span = (high - low) or 1.0

    def x(v: float) -> float:
        return 6 + (v - low) / span * (width - 12)

    mid = height / 2
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'style="max-width:100%;height:auto;vertical-align:middle">',
        f"<title>{html.escape(label)}</title>",
        f'<rect x="6" y="{mid - 4}" width="{width - 12}" height="8" fill="#e6e6e6"/>',
        f'<line x1="{x(value):.1f}" x2="{x(value):.1f}" y1="{mid - 7}" y2="{mid + 7}" '
        'stroke="#222222" stroke-width="2"/>',
    ]
    if mark is not None:
        parts.append(
            f'<path d="M{x(mark):.1f},{mid - 6} l5,6 l-5,6 l-5,-6 z" '
            f'fill="{OKABE_ITO["vermillion"]}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
