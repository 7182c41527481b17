"""The session's plain records (a move of the shared sequence, a line of the timeline,
an action's checked header) and the model's cached runs, which the offers, the views and
the session all use.

>>> end_state(("us_direct_talks",), "author")["us_dprk_channel"]
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from korea_talks.seminar import model
from korea_talks.sequence import SimulationResult


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


@lru_cache(maxsize=256)
def run(moves: tuple[str, ...], lens: str) -> SimulationResult:
    """The model's run of ``moves`` under ``lens`` (cached: pages ask often)."""
    return model.run(moves, lens)


@lru_cache(maxsize=4096)
def end_state(moves: tuple[str, ...], lens: str) -> dict[str, float | bool | int]:
    """The end state of ``moves`` under ``lens`` (cached)."""
    return model.end_state(moves, lens)
