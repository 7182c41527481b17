"""Lens views for the sequence builder: a lens selector, an "all lenses" view and a
sensitivity chart.

A view only: every number comes from :mod:`korea_talks.sequence` (``simulate(...,
lens=...)``, :func:`~korea_talks.sequence.compare_lenses` and
:func:`~korea_talks.sequence.sensitivity`). The builder owns one :class:`LensViews`; it
reads :attr:`LensViews.lens` when it runs a sequence and calls :meth:`LensViews.refresh`
after every run. Charts are small inline SVGs with a ``<title>`` and ``<desc>`` for screen
readers.

>>> from korea_talks.sequence import get_preset
>>> moves = get_preset("author-roadmap").moves
>>> "washington" in all_lenses_html(moves)
True
>>> "<svg" in sensitivity_svg(moves, "author")
True
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import pandas as pd

from korea_talks.palette import OKABE_ITO
from korea_talks.sequence import Verdict, compare_lenses, sensitivity
from korea_talks.sequence.lenses import load_lenses

_LAYOUT = widgets.Layout(width="auto")
RED = OKABE_ITO["vermillion"]


def _colour(verdict: str) -> str:
    from korea_talks.widgets.sequence_builder import VERDICT_COLOURS

    return VERDICT_COLOURS[Verdict(verdict)]


def sparkline_svg(values: Sequence[float], label: str, width: int = 120, height: int = 28) -> str:
    """A small line of ``values`` on a 0-10 scale, with an accessible title.

    >>> sparkline_svg([6, 5, 9], "tension").count("<circle")
    1
    """
    n = max(len(values) - 1, 1)

    def point(i: int, v: float) -> str:
        return f"{2 + i * (width - 4) / n:.1f},{height - 2 - v * (height - 4) / 10:.1f}"

    points = " ".join(point(i, v) for i, v in enumerate(values))
    last = point(len(values) - 1, values[-1]).split(",")
    desc = ", ".join(f"{v:g}" for v in values)
    return (
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{html.escape(label)}</title><desc>{html.escape(desc)}</desc>"
        f'<line x1="2" x2="{width - 2}" y1="{height - 2 - 9 * (height - 4) / 10:.1f}" '
        f'y2="{height - 2 - 9 * (height - 4) / 10:.1f}" stroke="#bbb" stroke-dasharray="2 2"/>'
        f'<polyline fill="none" stroke="{OKABE_ITO["vermillion"]}" stroke-width="1.5" '
        f'points="{points}"/><circle cx="{last[0]}" cy="{last[1]}" r="2" '
        f'fill="{OKABE_ITO["vermillion"]}"/></svg>'
    )


def all_lenses_html(sequence: Sequence[str], table: pd.DataFrame | None = None) -> str:
    """One row per lens: its title, the verdict, the deciding rule and a small tension path."""
    table = table if table is not None else compare_lenses(sequence)
    rows = []
    for record in table.to_dict("records"):
        verdict = str(record["verdict"])
        scare = f" (war scare at step {record['near_miss']})" if record["near_miss"] else ""
        label = f"tension under the {record['lens']} lens"
        rows.append(
            "<tr>"
            f"<td>{html.escape(str(record['title']))}</td>"
            f"<td><span style='border-left:6px solid {_colour(verdict)};padding-left:4px'>"
            f"{html.escape(verdict.replace('-', ' '))}</span>{html.escape(scare)}</td>"
            f"<td><code>{html.escape(str(record['deciding_rule']))}</code></td>"
            f"<td>{sparkline_svg(record['tension_path'], label)}</td>"
            "</tr>"
        )
    return (
        "<table aria-label='The sequence under every lens'><thead><tr><th>lens</th>"
        "<th>verdict</th><th>deciding rule</th><th>tension by step (dashed: crisis line)</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def sensitivity_svg(
    sequence: Sequence[str], lens: str, table: pd.DataFrame | None = None, width: int = 520
) -> str:
    """One bar per parameter: its documented range, its value (a dark tick) and, if the
    verdict flips inside the range, the flip point (a red diamond) and what it flips to."""
    table = table if table is not None else sensitivity(sequence, lens=lens)
    row_h, label_w, bar_w = 20, 190, width - 190 - 120
    height = row_h * len(table) + 24
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-size="11" font-family="sans-serif">',
        f"<title>Sensitivity of the verdict under the {html.escape(lens)} lens</title>",
    ]
    desc = []
    for i, record in enumerate(table.to_dict("records")):
        y = 16 + i * row_h
        low, high, value = float(record["low"]), float(record["high"]), float(record["value"])
        span = high - low or 1.0

        def x(v: float, low: float = low, span: float = span) -> float:
            return label_w + (v - low) / span * bar_w

        parts.append(
            f'<text x="{label_w - 6}" y="{y + 4}" text-anchor="end">'
            f"{html.escape(str(record['parameter']))}</text>"
            f'<rect x="{label_w}" y="{y - 4}" width="{bar_w}" height="8" fill="#e6e6e6"/>'
            f'<line x1="{x(value):.1f}" x2="{x(value):.1f}" y1="{y - 7}" y2="{y + 7}" '
            'stroke="#222" stroke-width="2"/>'
        )
        flip = record["flip_at"]
        if flip == flip:  # not NaN
            fx = x(float(flip))
            parts.append(
                f'<path d="M{fx:.1f},{y - 6} l5,6 l-5,6 l-5,-6 z" fill="{RED}"/>'
                f'<text x="{label_w + bar_w + 8}" y="{y + 4}">'
                f"{html.escape(str(record['direction']))} {float(flip):g}: "
                f"{html.escape(str(record['flips_to']).replace('-', ' '))}</text>"
            )
            desc.append(
                f"{record['parameter']} {value:g} in {low:g}-{high:g}, flips "
                f"{record['direction']} {float(flip):g} to {record['flips_to']}"
            )
        else:
            parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 4}" fill="#555">holds</text>')
            desc.append(f"{record['parameter']} {value:g} in {low:g}-{high:g}, holds")
    parts.insert(2, f"<desc>{html.escape('; '.join(desc))}</desc>")
    parts.append("</svg>")
    return "".join(parts)


class LensViews(widgets.VBox):
    """The lens selector, the all-lenses table and the sensitivity chart of a builder.

    ``sequence`` returns the builder's current moves; ``rerun`` runs them again (the
    builder's ``run``), and is called when the lens changes.
    """

    def __init__(self, sequence: Callable[[], list[str]], rerun: Callable[[], object]) -> None:
        self._sequence = sequence
        self._rerun = rerun
        self.selector = widgets.Dropdown(
            options=[(lens.title, lens.id) for lens in load_lenses().values()],
            value="author",
            description="Lens",
            tooltip="Whose reading of the actors' responses the run uses",
            style={"description_width": "9em"},
            layout=_LAYOUT,
        )
        self.all_html = widgets.HTML()
        self.sensitivity_button = widgets.Button(
            description="Sensitivity",
            tooltip="For each parameter, where in its range the verdict flips (selected lens)",
            layout=_LAYOUT,
        )
        self.sensitivity_html = widgets.HTML(
            "<em>Press “Sensitivity” to see, for each parameter, whether the verdict flips "
            "within its documented range.</em>"
        )
        self.selector.observe(lambda _: self._rerun(), names="value")
        self.sensitivity_button.on_click(lambda _: self.show_sensitivity())
        super().__init__(
            [
                widgets.HTML("<strong>The current sequence under every lens</strong>"),
                self.all_html,
                self.sensitivity_button,
                self.sensitivity_html,
            ]
        )

    @property
    def lens(self) -> str:
        """The id of the selected lens."""
        return str(self.selector.value)

    def refresh(self) -> None:
        """Redraw the all-lenses view for the current sequence."""
        self.all_html.value = all_lenses_html(self._sequence())

    def show_sensitivity(self) -> None:
        """Draw the sensitivity chart of the current sequence under the selected lens."""
        self.sensitivity_html.value = (
            "<p>Bars: each parameter's documented range; dark tick: its value; red diamond: "
            "where the verdict flips, and to what.</p>"
            + sensitivity_svg(self._sequence(), self.lens)
        )
