"""The session's plain records (a move of the shared sequence, a line of the timeline,
an action's checked header) and the model's runs, which the offers, the views and the
session all use.

The shared sequence only grows between replays, so the model's run of it is kept per lens
(:class:`ModelRuns`) and continued with each new move instead of being run again from the
start: an action costs the model its new moves, however long the session has become.

>>> end_state(("us_direct_talks",), "author")["us_dprk_channel"]
True
>>> runs = ModelRuns()
>>> runs.run(["us_direct_talks"], "author").final_state["us_dprk_channel"]
True
>>> runs.after(["us_direct_talks"], ["us_strike"], "author").verdict.value
'war-risk'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from korea_talks.seminar import model
from korea_talks.sequence.simulate import Progress


@dataclass(frozen=True)
class SequenceEntry:
    """One move of the shared sequence: who made it, through which offer, and what it did."""

    step: int
    move: str
    actor: str
    round: int
    offer: str | None
    rule: str
    applied: bool
    text: str


@dataclass(frozen=True)
class Event:
    """One line of the session's timeline."""

    seq: int
    at: str
    round: int
    team: str
    kind: str
    text: str


class Header(NamedTuple):
    """What :meth:`Seminar.check` has established before a kind's own check: who and when."""

    team: str
    at: dt.datetime


class ModelRuns:
    """The model's run of one session's shared sequence, kept per lens and continued
    with the moves added since, rather than run again from the start.

    >>> runs = ModelRuns()
    >>> first = runs.run(["us_direct_talks"], "author")
    >>> runs.run(["us_direct_talks", "us_show_of_force"], "author").lines[0].step
    2
    >>> runs.run(["us_show_of_force"], "author").sequence  # not a continuation: run anew
    ('us_show_of_force',)
    """

    def __init__(self) -> None:
        self._runs: dict[str, Progress] = {}

    def run(self, moves: Sequence[str], lens: str) -> Progress:
        """The run of ``moves`` under ``lens``, kept for the next call.

        When ``moves`` begin with the kept run's sequence (the usual case: the shared
        sequence grew), the kept run is continued with the rest; otherwise (moves that are
        not the session's, say a question asked from another start) the run starts anew.
        Checking the prefix compares move ids, not model states: at 700 moves it costs
        microseconds. Read the new moves' explanation from :meth:`after`.
        """
        moves = tuple(moves)
        kept = self._runs.get(lens)
        if kept is not None and moves == kept.sequence:
            return kept
        if kept is None or moves[: len(kept.sequence)] != kept.sequence:
            kept = None
        done = len(kept.sequence) if kept is not None else 0
        progress = model.advance(kept, moves[done:], lens)
        self._runs[lens] = progress
        return progress

    def after(
        self, moves: Sequence[str], added: Sequence[str], lens: str, *, keep: bool = False
    ) -> Progress:
        """The run of ``moves`` continued with ``added`` (a "what if"): its ``lines``
        explain the added moves. Kept for the next call only with ``keep``, once the added
        moves have entered the sequence.
        """
        progress = model.advance(self.run(moves, lens), added, lens)
        if keep:
            self._runs[lens] = progress
        return progress


@lru_cache(maxsize=4096)
def end_state(moves: tuple[str, ...], lens: str) -> dict[str, float | bool | int]:
    """The end state of ``moves`` under ``lens`` (cached: the briefs' alternatives to
    agreement are short, fixed sequences)."""
    return model.end_state(moves, lens)
