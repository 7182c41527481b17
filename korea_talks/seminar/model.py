"""The seminar's one door to the sequence model: run a sequence under a lens.

The seminar engine never calls :mod:`korea_talks.sequence` directly; it calls the
functions here. A *lens* is a rival reading of how the actors respond (the author's,
Washington's, Beijing's: ``korea_talks/data/lenses/``); the instructor chooses the one
under which the model answers for the actors no team plays, and the debrief shows the
end state under every lens.

>>> available_lenses()[:3]
['author', 'washington', 'beijing']
>>> run(["us_direct_talks"], "author").verdict.value
'stalemate'
>>> advance(advance(None, ["us_direct_talks"]), ["us_strike"]).verdict.value
'war-risk'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from korea_talks.sequence import (
    LensError,
    SimulationResult,
    final_state,
    lens_ids,
    simulate,
    state_as_dict,
)
from korea_talks.sequence.catalogue import Condition
from korea_talks.sequence.conditions import compare
from korea_talks.sequence.simulate import Progress
from korea_talks.sequence.simulate import advance as advance_run

AUTHOR_LENS = "author"
"""The author's reading: the catalogue's rules as shipped."""


class UnknownLensError(ValueError):
    """A lens name the sequence model does not know; the message lists the known ones."""


def available_lenses() -> list[str]:
    """The ids of the lenses the sequence model offers, the author's first."""
    return lens_ids()


def check_lens(lens: str) -> str:
    """Return ``lens`` if the model knows it, else raise :class:`UnknownLensError`."""
    known = available_lenses()
    if lens not in known:
        raise UnknownLensError(f"unknown lens {lens!r}; allowed: {', '.join(known)}")
    return lens


def run(moves: Sequence[str], lens: str = AUTHOR_LENS) -> SimulationResult:
    """Run ``moves`` (move ids) deterministically under ``lens``."""
    try:
        return simulate(list(moves), lens=lens)
    except LensError as exc:
        raise UnknownLensError(str(exc)) from None


def advance(progress: Progress | None, moves: Sequence[str], lens: str = AUTHOR_LENS) -> Progress:
    """Continue the deterministic run ``progress`` (``None``: from the start) with ``moves``
    under ``lens``; the work grows with ``moves``, not with the run so far."""
    try:
        return advance_run(progress, list(moves), lens=lens)
    except LensError as exc:
        raise UnknownLensError(str(exc)) from None


def end_state(moves: Sequence[str], lens: str = AUTHOR_LENS) -> dict[str, float | bool | int]:
    """The end state of ``moves`` under ``lens``, as a readable dict (fast: no explanation)."""
    try:
        return state_as_dict(final_state(list(moves), lens=lens))
    except LensError as exc:
        raise UnknownLensError(str(exc)) from None


def holds(condition: Condition, state: Mapping[str, float | bool | int]) -> bool:
    """True if a catalogue condition (``trust >= 4``, ``not strike``) holds in ``state``.

    >>> from korea_talks.sequence.catalogue import parse_condition
    >>> holds(parse_condition("freeze >= 1"), end_state(["dprk_test_moratorium"]))
    True
    """
    return compare(float(state[condition.variable]), condition.op, condition.value)
