"""The documented state of the negotiation-sequence model.

The state is a small set of named, bounded variables. Each has a meaning a student can
read and the article sections it rests on. Numbers are on a 0-10 scale: they are ordinal
judgements (more or less), not measurements. Initial values (mid-2017, when the article
was written) live in ``korea_talks/data/sequence_parameters.toml``.

>>> [v.name for v in VARIABLES][:4]
['tension', 'trust', 'capability', 'sanctions']
>>> get_variable("freeze").high
2
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["scale", "level", "flag"]


@dataclass(frozen=True)
class StateVariable:
    """One variable of the state: its name, kind, bounds, meaning and sections."""

    name: str
    kind: Kind
    low: float
    high: float
    label: str
    meaning: str
    sections: tuple[str, ...]


VARIABLES: tuple[StateVariable, ...] = (
    StateVariable(
        "tension",
        "scale",
        0,
        10,
        "tension",
        "Military and political tension on the peninsula; at the crisis threshold (9) the "
        "model records a war scare, but only a strike makes the verdict a war risk.",
        ("S1", "S2", "S3"),
    ),
    StateVariable(
        "trust",
        "scale",
        0,
        10,
        "US–DPRK trust",
        "How far Washington and Pyongyang believe the other will keep a bargain; security "
        "guarantees need at least 4.",
        ("S7", "S9"),
    ),
    StateVariable(
        "capability",
        "scale",
        0,
        10,
        "DPRK capability",
        "North Korea's nuclear and missile capability; it grows every step unless a freeze "
        "holds it (half as fast under a test moratorium, not at all under a programme "
        "freeze). Near 'strategic parity' Pyongyang talks from a position of force (S9).",
        ("S2", "S3", "S9"),
    ),
    StateVariable(
        "sanctions",
        "scale",
        0,
        10,
        "sanctions pressure",
        "Economic pressure from sanctions and isolation; easing it is what North Korea gets "
        "for a programme freeze, and tightening it again withdraws that price (S9).",
        ("S4", "S6"),
    ),
    StateVariable(
        "denuclearization",
        "scale",
        0,
        10,
        "denuclearization",
        "Progress of verified steps that dismantle the programme; the end goal, reachable "
        "only once a security regime exists.",
        ("S6", "S10"),
    ),
    StateVariable(
        "freeze",
        "level",
        0,
        2,
        "freeze level",
        "0 no freeze; 1 a moratorium on nuclear and missile tests; 2 a freeze of the "
        "programme itself for the duration of talks.",
        ("S9",),
    ),
    StateVariable(
        "us_dprk_channel",
        "flag",
        0,
        1,
        "US–DPRK channel open",
        "Direct talks between Washington and Pyongyang are under way.",
        ("S9",),
    ),
    StateVariable(
        "inter_korean_channel",
        "flag",
        0,
        1,
        "inter-Korean channel open",
        "Seoul and Pyongyang are talking.",
        ("S8", "S9"),
    ),
    StateVariable(
        "multilateral_channel",
        "flag",
        0,
        1,
        "multilateral forum open",
        "The Six-Party working group, chaired by Russia as a secretariat, is meeting.",
        ("S9",),
    ),
    StateVariable(
        "formal_talks",
        "flag",
        0,
        1,
        "formal process launched",
        "The six foreign ministers, with the UN and IAEA, have launched formal talks.",
        ("S9",),
    ),
    StateVariable(
        "us_moratorium",
        "flag",
        0,
        1,
        "US pause of 'hostile actions'",
        "Washington has paused the large exercises Pyongyang calls 'hostile actions'.",
        ("S9",),
    ),
    StateVariable(
        "security_regime",
        "flag",
        0,
        1,
        "security regime in place",
        "A new security regime with guarantees for North Korea exists.",
        ("S6", "S10"),
    ),
    StateVariable(
        "talks_collapsed",
        "flag",
        0,
        1,
        "talks collapsed",
        "US–DPRK talks broke down at some step (a walk-out or a ruinous demand). The mark "
        "stays when talks reopen: the trust it cost must be rebuilt by deeds.",
        ("S9",),
    ),
    StateVariable(
        "verified",
        "flag",
        0,
        1,
        "freeze verified",
        "Inspectors verify that the frozen programme stays frozen (cleared when the freeze "
        "breaks or is scaled back).",
        ("S3", "S9"),
    ),
    StateVariable(
        "absorption",
        "flag",
        0,
        1,
        "Seoul pursues absorption",
        "Seoul bets on unification by absorbing the North; a settlement needs it renounced.",
        ("S6", "S10"),
    ),
    StateVariable(
        "war_scare",
        "flag",
        0,
        1,
        "war scare on the path",
        "Tension reached the crisis threshold at some step; the mark stays, whatever "
        "follows, so that verdicts read the whole path.",
        ("S1", "S3"),
    ),
    StateVariable(
        "strike",
        "flag",
        0,
        1,
        "military strike made",
        "A strike on nuclear and missile sites has taken place.",
        ("S3",),
    ),
)

NAMES: tuple[str, ...] = tuple(v.name for v in VARIABLES)
INDEX: dict[str, int] = {name: i for i, name in enumerate(NAMES)}
_BY_NAME = {v.name: v for v in VARIABLES}

State = tuple[float, ...]
"""A state is a tuple of floats in the order of :data:`VARIABLES` (flags are 0 or 1)."""


def get_variable(name: str) -> StateVariable:
    """Return the variable called ``name`` (``KeyError`` naming the valid names if none)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown state variable {name!r}; valid: {', '.join(NAMES)}") from None


def state_as_dict(state: State) -> dict[str, float | bool | int]:
    """Return a state as a readable dict (flags as bools, the freeze level as an int).

    >>> d = state_as_dict(tuple(0.0 for _ in NAMES))
    >>> d["tension"], d["freeze"], d["strike"]
    (0.0, 0, False)
    """
    out: dict[str, float | bool | int] = {}
    for var, value in zip(VARIABLES, state, strict=True):
        if var.kind == "flag":
            out[var.name] = bool(value)
        elif var.kind == "level":
            out[var.name] = int(value)
        else:
            out[var.name] = float(value)
    return out


def in_bounds(state: State) -> bool:
    """True if every variable lies within its bounds (flags 0 or 1, levels whole numbers)."""
    for var, value in zip(VARIABLES, state, strict=True):
        if not var.low <= value <= var.high:
            return False
        if var.kind != "scale" and value != int(value):
            return False
    return True
