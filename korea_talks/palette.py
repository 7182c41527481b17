"""The colours of every figure and widget, defined once.

The Okabe-Ito palette (Okabe and Ito, 2008) stays distinguishable for readers with the
common colour-vision deficiencies. Figures also vary line style or marker, so that no
meaning rests on colour alone.

>>> OKABE_ITO["vermillion"]
'#D55E00'
>>> colour(0), colour(len(CYCLE))
('#0072B2', '#0072B2')
"""

from __future__ import annotations

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
"""The eight Okabe-Ito colours by name."""

CYCLE: tuple[str, ...] = tuple(
    OKABE_ITO[name]
    for name in (
        "blue",
        "orange",
        "bluish green",
        "vermillion",
        "sky blue",
        "reddish purple",
        "black",
        "yellow",  # last: weak contrast on white
    )
)
"""The order in which series take colours."""


def colour(index: int) -> str:
    """The colour of the ``index``-th series (the cycle repeats)."""
    return CYCLE[index % len(CYCLE)]


LINE_STYLES: dict[str, tuple[object, str]] = {
    "solid": ("-", ""),
    "dashed": ("--", "6 3"),
    "dotted": (":", "2 3"),
    "dash-dot": ("-.", "9 3 2 3"),
    "fine dots": ((0, (1, 2)), "1 3"),
}
"""Line styles by name: (matplotlib ``linestyle``, SVG ``stroke-dasharray``)."""

MARKERS: dict[str, str] = {
    "circle": "o",
    "square": "s",
    "triangle": "^",
    "diamond": "D",
    "triangle down": "v",
}
"""Marker shapes by name, with their matplotlib code."""

TRAJECTORY: tuple[tuple[str, str, str, str, str], ...] = (
    ("tension", "tension", "vermillion", "solid", "circle"),
    ("trust", "US–DPRK trust", "bluish green", "dashed", "square"),
    ("capability", "DPRK capability", "blue", "dotted", "triangle"),
    ("sanctions", "sanctions pressure", "orange", "dash-dot", "diamond"),
    ("denuclearization", "denuclearization", "reddish purple", "fine dots", "triangle down"),
)
"""The negotiation model's variables as drawn everywhere (book figures and widgets):
column, label, Okabe-Ito colour name, line style name, marker name."""

FREEZE_SHADE = (OKABE_ITO["sky blue"], 0.18, 0.35)
"""Shading of the steps where a freeze holds: colour, opacity for a test moratorium
(level 1), opacity for a verified freeze (level 2)."""

VERDICT_COLOURS: dict[str, str] = {
    "war-risk": OKABE_ITO["vermillion"],
    "breakdown": OKABE_ITO["orange"],
    "stalemate": "#666666",  # a grey darker than the palette's, readable on white
    "moratorium": OKABE_ITO["sky blue"],
    "verified-freeze": OKABE_ITO["blue"],
    "settlement-track": OKABE_ITO["bluish green"],
}
"""The colour of each verdict of the sequence model, by its value (``Verdict`` is a
string enum, so ``VERDICT_COLOURS[Verdict.BREAKDOWN]`` works too)."""
