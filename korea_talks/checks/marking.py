"""Decide a mark from a recorded line, outside the student's kernel.

The graded edition's check only records an answer (see :mod:`korea_talks.checks.protocol`).
A grader captures the line each check cell printed, as data, and calls :func:`mark`:

- a fixed answer earns its points when its recorded line equals the key's (the line the
  instructor's key stores under that check cell); without a key line it is compared
  with the practice key's digest;
- a property answer is parsed back and re-checked with the project's models;
- a written answer is returned for grading by hand (``points`` is ``None``).

When a practice key is installed, a lost fixed answer gets the practice edition's hint as
its reason, so the instructor's feedback files say what to reread.

>>> mark("set1.q1", 'q1: recorded "z"', key_line='q1: recorded "a"').points
0
>>> mark("set1.q1", "q1: not recorded - no answer yet.").reason
'not recorded - no answer yet.'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from korea_talks.checks.checker import evaluate
from korea_talks.checks.protocol import (
    NOT_RECORDED,
    RecordedLineError,
    parse_recorded_line,
)
from korea_talks.checks.specs import get_question


@dataclass(frozen=True)
class Mark:
    """The points one recorded line earns (``None``: awaiting hand grading) and why not."""

    points: float | None
    reason: str = ""
    answer: Any = None


def _practice_reason(question_id: str, value: Any, label: str) -> str:
    line = evaluate(question_id, value).line
    return line.removeprefix(f"{label}: ")


def mark(question_id: str, line: str, key_line: str | None = None) -> Mark:
    """The mark of the line a graded check printed for ``question_id``."""
    spec = get_question(question_id)
    line = (line or "").strip()
    if line.startswith(f"{spec.label}: {NOT_RECORDED} - "):
        return Mark(0, line.removeprefix(f"{spec.label}: "))
    try:
        recorded = parse_recorded_line(line)
    except RecordedLineError:
        return Mark(0, "the check printed no recorded answer")
    if recorded.label != spec.label:
        return Mark(0, f"the check recorded an answer for {recorded.label}, not {spec.label}")
    if spec.hand_graded:
        return Mark(None, "", recorded.value)
    if spec.fixed and key_line is not None:
        if line == key_line.strip():
            return Mark(spec.points, "", recorded.value)
        return Mark(0, _practice_reason(spec.id, recorded.value, spec.label), recorded.value)
    result = evaluate(spec.id, recorded.value)
    if result.earned:
        return Mark(spec.points, "", recorded.value)
    return Mark(0, result.line.removeprefix(f"{spec.label}: "), recorded.value)
