"""Figures for the chapters, drawn with matplotlib in colours readable by colour-blind readers.

Every function returns a :class:`matplotlib.figure.Figure` and draws nothing else; the
chapter adds the caption, the alt text and the data credit.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from numpy.typing import NDArray

from korea_talks.analysis.missile_tests import RANGE_CLASSES
from korea_talks.palette import colour

MID_MONTH = pd.Timedelta(days=14)
"""Bars for a month are drawn at its middle, so a dated marker falls inside its month."""


def _colour(i: int) -> str:
    return colour(i)


def plot_monthly_counts(
    counts: pd.DataFrame,
    *,
    markers: dict[str, str] | None = None,
    title: str = "",
) -> Figure:
    """Bars of launch days per month with a line of missiles per month.

    ``counts`` is the output of
    :func:`korea_talks.analysis.missile_tests.monthly_counts`; ``markers`` maps a date
    (``YYYY-MM-DD``) to a short label drawn as a dashed vertical line.
    """
    fig, ax = plt.subplots(figsize=(9, 3.6))
    x = pd.PeriodIndex(counts.index).to_timestamp() + MID_MONTH
    ax.bar(x, counts["launch_days"], width=22, color=_colour(0), label="launch days")
    ax.plot(x, counts["missiles"], color=_colour(3), marker="o", ms=4, lw=1.5, label="missiles")
    for i, (day, label) in enumerate((markers or {}).items()):
        when = mdates.date2num(pd.Timestamp(day))
        ax.axvline(when, color="0.35", ls="--", lw=1)
        ax.text(when, ax.get_ylim()[1] * (0.95 - 0.12 * i), " " + label, fontsize=8, va="top")
    ax.set_ylabel("count per month")
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, loc="right")
    fig.tight_layout()
    return fig


def plot_stacked_months(
    table: pd.DataFrame, *, ylabel: str = "missiles", title: str = ""
) -> Figure:
    """Stacked bars: months (rows of ``table``) by category (columns), one colour each."""
    fig, ax = plt.subplots(figsize=(9, 3.6))
    x = pd.PeriodIndex(table.index).to_timestamp() + MID_MONTH
    bottom = pd.Series(0, index=table.index)
    for i, column in enumerate(table.columns):
        values = table[column]
        if values.sum() == 0:
            continue
        # A range class keeps its colour from one figure to the next.
        slot = RANGE_CLASSES.index(column) if column in RANGE_CLASSES else i
        ax.bar(x, values, width=22, bottom=bottom, color=_colour(slot), label=str(column))
        bottom = bottom + values
    ax.set_ylabel(ylabel)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    ax.legend(loc="upper left", frameon=False, fontsize=8, ncols=2)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_event_timeline(events: pd.DataFrame, *, lane: str = "category", title: str = "") -> Figure:
    """Dated events as numbered dots in one lane per value of ``lane``.

    The number beside each dot is the event's row number in ``events`` (from 1), so the
    figure reads together with the table printed next to it.
    """
    lanes = list(dict.fromkeys(events[lane].astype(str)))
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(lanes) + 1.4))
    for i, name in enumerate(lanes):
        rows = events[events[lane].astype(str) == name]
        ax.scatter(rows["date"], [i] * len(rows), s=60, color=_colour(i), zorder=3)
        previous = None
        for number, when in zip(rows.index + 1, rows["date"], strict=True):
            crowded = previous is not None and (when - previous).days < 12
            lift = -14 if crowded else 7
            ax.annotate(
                str(number),
                (when, i),
                xytext=(0, lift),
                textcoords="offset points",
                ha="center",
                fontsize=8,
            )
            previous = None if crowded else when
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    ax.grid(axis="x", color="0.9")
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_state_lines(
    trajectory: pd.DataFrame,
    columns: list[str],
    *,
    x: str = "step",
    labels: list[str] | None = None,
    ylabel: str = "",
    title: str = "",
) -> Figure:
    """Lines of chosen numeric columns of a model trajectory, one colour and marker each.

    ``labels`` (same length as ``columns``) names the x positions, for example the move
    taken at each step; they are drawn as rotated tick labels.
    """
    missing = [c for c in [x, *columns] if c not in trajectory.columns]
    if missing:
        raise ValueError(f"no column(s) {', '.join(missing)} in the trajectory")
    fig, ax = plt.subplots(figsize=(9, 4.2))
    markers = "osD^v<>p"
    for i, column in enumerate(columns):
        ax.plot(
            trajectory[x],
            trajectory[column],
            color=_colour(i),
            marker=markers[i % len(markers)],
            ms=4,
            lw=1.6,
            label=column,
        )
    if labels is not None:
        ax.set_xticks(list(trajectory[x]), labels, rotation=60, ha="right", fontsize=8)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="0.9")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(columns), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, loc="right")
    fig.tight_layout()
    return fig


def plot_permutation(
    simulated: Sequence[float] | NDArray[np.float64], observed: float, *, xlabel: str
) -> Figure:
    """Histogram of the simulated statistics of a permutation test, with the observed value.

    ``simulated`` is the ``simulated`` array of
    :class:`korea_talks.analysis.permutation.PermutationResult`.
    """
    values = np.asarray(simulated, dtype=float)
    fig, ax = plt.subplots(figsize=(7, 3.4))
    edges = np.arange(values.min() - 0.125, values.max() + 0.25, 0.25)
    ax.hist(values, bins=edges.tolist(), color=_colour(0), edgecolor="white")
    ax.axvline(observed, color=_colour(5), lw=2.5, ls="--", label=f"observed: {observed:+.2f}")
    ax.axvline(-observed, color=_colour(5), lw=1, ls=":", label="as far on the other side")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("number of shuffles")
    ax.legend(frameon=False, loc="upper right")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
