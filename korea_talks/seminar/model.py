"""The seminar's one door to the sequence model: run a sequence under a lens.

The seminar engine never calls :mod:`korea_talks.sequence` directly; it calls the three
functions here. A *lens* is a rival reading of how the actors respond (the author's, a
Washington reading, a Beijing reading, ...). When the sequence model offers lenses
(``korea_talks.sequence.lenses()`` and ``simulate(sequence, lens=...)``), these functions
use them; until then the author's reading, the catalogue as shipped, is the only lens.

>>> available_lenses()[0]
'author'
>>> run(["us_direct_talks"], "author").verdict.value
'stalemate'
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from korea_talks import sequence as _sequence
from korea_talks.sequence import SimulationResult, final_state, simulate, state_as_dict
from korea_talks.sequence.catalogue import Condition

AUTHOR_LENS = "author"
"""The author's reading: the catalogue's rules as shipped."""


class UnknownLensError(ValueError):
    """A lens name the sequence model does not know; the message lists the known ones."""


def available_lenses() -> list[str]:
    """The names of the lenses the sequence model offers, the author's first."""
    lens_names = getattr(_sequence, "lenses", None)
    if lens_names is None:
        return [AUTHOR_LENS]
    names = [str(getattr(lens, "name", lens)) for lens in lens_names()]
    return [AUTHOR_LENS] + [name for name in names if name != AUTHOR_LENS]


def check_lens(lens: str) -> str:
    """Return ``lens`` if the model knows it, else raise :class:`UnknownLensError`."""
    known = available_lenses()
    if lens not in known:
        raise UnknownLensError(f"unknown lens {lens!r}; allowed: {', '.join(known)}")
    return lens


def run(moves: Sequence[str], lens: str = AUTHOR_LENS) -> SimulationResult:
    """Run ``moves`` (move ids) deterministically under ``lens``."""
    if lens == AUTHOR_LENS or getattr(_sequence, "lenses", None) is None:
        check_lens(lens)
        return simulate(list(moves))
    kwargs: dict[str, Any] = {"lens": lens}
    return simulate(list(moves), **kwargs)


def end_state(moves: Sequence[str], lens: str = AUTHOR_LENS) -> dict[str, float | bool | int]:
    """The end state of ``moves`` under ``lens``, as a readable dict (fast for the author's)."""
    if lens == AUTHOR_LENS:
        return state_as_dict(final_state(list(moves)))
    return dict(run(moves, lens).final_state)


_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


def holds(condition: Condition, state: Mapping[str, float | bool | int]) -> bool:
    """True if a catalogue condition (``trust >= 4``, ``not strike``) holds in ``state``.

    >>> from korea_talks.sequence.catalogue import parse_condition
    >>> holds(parse_condition("freeze >= 1"), end_state(["dprk_test_moratorium"]))
    True
    """
    return _OPS[condition.op](float(state[condition.variable]), condition.value)
