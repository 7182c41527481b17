"""Lens views for the sequence builder: a lens selector, an "all lenses" view and a
sensitivity chart.

A view only: every number comes from :mod:`korea_talks.sequence` (``simulate(...,
lens=...)``, :func:`~korea_talks.sequence.compare_lenses` and
:func:`~korea_talks.sequence.sensitivity`). The builder owns one :class:`LensViews`; it
reads :attr:`LensViews.lens` when it runs a sequence and calls :meth:`LensViews.refresh`
after every run. Both views are HTML tables, readable at a phone's width, with small
drawings from :mod:`korea_talks.widgets.svg_chart` in their cells.

>>> from korea_talks.sequence import get_preset
>>> moves = get_preset("author-roadmap").moves
>>> "washington" in all_lenses_html(moves)
True
>>> "<svg" in sensitivity_html(moves, "author")
True
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import pandas as pd

from korea_talks.sequence import Verdict, compare_lenses, sensitivity
from korea_talks.sequence.lenses import get_lens, load_lenses
from korea_talks.widgets.svg_chart import range_bar, sparkline

_LAYOUT = widgets.Layout(width="auto")


def _colour(verdict: str) -> str:
    from korea_talks.widgets.sequence_builder import VERDICT_COLOURS

    return VERDICT_COLOURS[Verdict(verdict)]


def all_lenses_html(sequence: Sequence[str], table: pd.DataFrame | None = None) -> str:
    """One row per lens: its title, the verdict, the deciding rule and a small tension path."""
    table = table if table is not None else compare_lenses(sequence)
    rows = []
    for record in table.to_dict("records"):
        verdict = str(record["verdict"])
        scare = f" (war scare at step {record['near_miss']})" if record["near_miss"] else ""
        label = f"tension under the {record['lens']} lens"
        crisis = get_lens(str(record["lens"])).parameters.war_tension  # dashed: a war scare
        rows.append(
            "<tr>"
            f"<td>{html.escape(str(record['title']))}</td>"
            f"<td><span style='border-left:6px solid {_colour(verdict)};padding-left:4px'>"
            f"{html.escape(verdict.replace('-', ' '))}</span>{html.escape(scare)}</td>"
            f"<td><code>{html.escape(str(record['deciding_rule']))}</code></td>"
            f"<td>{sparkline(record['tension_path'], label, reference=crisis)}</td>"
            "</tr>"
        )
    return (
        "<table aria-label='The sequence under every lens'><thead><tr><th>lens</th>"
        "<th>verdict</th><th>deciding rule</th><th>tension by step (dashed: crisis line)</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def sensitivity_html(sequence: Sequence[str], lens: str, table: pd.DataFrame | None = None) -> str:
    """One row per parameter: its documented range as a bar, its value (a dark tick) and,
    if the verdict flips inside the range, the flip point (a red diamond) and what the
    verdict flips to."""
    table = table if table is not None else sensitivity(sequence, lens=lens)
    rows = []
    for record in table.to_dict("records"):
        name = str(record["parameter"])
        low, high, value = float(record["low"]), float(record["high"]), float(record["value"])
        flip = record["flip_at"]
        flips = flip == flip  # NaN: the verdict holds over the whole range
        if flips:
            outcome = (
                f"{record['direction']} {float(flip):g}: "
                f"{str(record['flips_to']).replace('-', ' ')}"
            )
        else:
            outcome = "holds"
        label = f"{name}: {value:g} in {low:g} to {high:g}; {outcome}"
        bar = range_bar(low, high, value, label, mark=float(flip) if flips else None)
        rows.append(
            f"<tr><td><code>{html.escape(name)}</code></td>"
            f"<td>{low:g} to {high:g}</td><td>{value:g}</td>"
            f"<td style='min-width:8em'>{bar}</td><td>{html.escape(outcome)}</td></tr>"
        )
    return (
        f"<table aria-label='Sensitivity of the verdict under the {html.escape(lens)} lens'>"
        "<thead><tr><th>parameter</th><th>range</th><th>value</th><th>where it lies</th>"
        "<th>verdict</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


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
            + sensitivity_html(self._sequence(), self.lens)
        )
