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
