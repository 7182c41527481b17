"""Matplotlib figures of the negotiation-sequence model (for the book pages).

Colours are Okabe-Ito (safe for the common colour-vision deficiencies), and every line also
differs by dash pattern and marker, so the figure reads in greyscale too. The function
draws only; the page adds the caption and the alt text.

>>> from korea_talks.sequence import simulate
>>> fig = plot_trajectory(simulate(["us_direct_talks", "us_moratorium_for_moratorium"]))
>>> len(fig.axes)
1
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from korea_talks.palette import LINE_STYLES, MARKERS, OKABE_ITO, TRAJECTORY
from korea_talks.sequence.simulate import SimulationResult

LINES = tuple(
    (column, label, colour, LINE_STYLES[line][0], MARKERS[marker])
    for column, label, colour, line, marker in TRAJECTORY
)
"""Variables drawn: column, label, Okabe-Ito colour name, line style, marker (the
styles of :data:`korea_talks.palette.TRAJECTORY`, shared with the widgets)."""


def plot_trajectory(
    result: SimulationResult, *, title: str = "", step_labels: bool = True
) -> Figure:
    """Draw the 0-10 state variables over the steps; shade steps where a freeze holds.

    With ``step_labels`` the x axis names the move of each step (by id).
    """
    frame = result.trajectory
    fig, ax = plt.subplots(figsize=(8.5, 4.6), layout="constrained")
    steps = frame["step"].to_numpy()
    for i, level in zip(steps, frame["freeze"], strict=True):
        if level and i > 0:
            ax.axvspan(
                i - 0.5,
                i + 0.5,
                color=OKABE_ITO["sky blue"],
                alpha=0.18 if level == 1 else 0.35,
                linewidth=0,
            )
    for column, label, colour, style, marker in LINES:
        ax.plot(
            steps,
            frame[column],
            label=label,
            color=OKABE_ITO[colour],
            linestyle=style,
            marker=marker,
            linewidth=2,
            markersize=5,
        )
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Patch(color=OKABE_ITO["sky blue"], alpha=0.35, label="freeze holds"))
    labels.append("freeze holds (light: test moratorium)")
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_ylim(-0.3, 10.3)
    ax.set_xlim(-0.5, max(steps.max(), 1) + 0.5)
    ax.set_ylabel("level (0-10)")
    ax.set_xticks(steps)
    if step_labels:
        names = ["start"] + [str(m) for m in frame["move_id"].iloc[1:]]
        ax.set_xticklabels(names, rotation=35, ha="right", fontsize=8)
    else:
        ax.set_xlabel("step")
    ax.grid(axis="y", color="#dddddd")
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or f"Verdict: {result.verdict.title}", loc="left")
    return fig
