"""The exercise-check protocol: question ids, editions and the recorded line.

A check cell calls ``check("set1.q3", answer_q3)``. Which ``check`` it is depends on the
edition of the notebook, chosen by the one line of its setup cell that imports it
(:data:`EDITION_IMPORTS`):

``practice``
    ``qM: correct`` or ``qM: not yet - <hint>`` at once, for self-study.
``graded`` (and the instructor's key)
    ``qM: recorded <canonical answer>`` when the answer is well formed, otherwise
    ``qM: not recorded - <what is wrong and what is allowed>``; never right or wrong.

The canonical answer is one line of JSON (:func:`canonical_text`), and
:func:`parse_recorded_line` reads a recorded line back, so a grader outside the
student's kernel can re-check the answer as data.

>>> parse_question_id("set1.q3")
QuestionId(set_id='set1', label='q3')
>>> line = recorded_line("q3", canonical_text([6, 9]))
>>> line
'q3: recorded [6, 9]'
>>> parse_recorded_line(line)
Recorded(label='q3', value=[6, 9], canonical='[6, 9]')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

EDITIONS = ("practice", "graded")
"""The two student editions built from one instructor source."""

EDITION_IMPORTS = {
    "practice": "from korea_talks.checks.practice import check",
    "graded": "from korea_talks.checks.graded import check",
}
"""The setup-cell line that selects the edition of a notebook (the key uses ``graded``)."""

RECORDED = "recorded"
NOT_RECORDED = "not recorded"

_QUESTION_ID = re.compile(r"^(set\d+)\.(q\d+)$")
_RECORDED_LINE = re.compile(r"^(q\d+): recorded (.+)$")


class QuestionIdError(ValueError):
    """Text that is not a question id such as ``set1.q3``."""


class RecordedLineError(ValueError):
    """A line that is not a ``qM: recorded <json>`` line."""


@dataclass(frozen=True)
class QuestionId:
    """A question id split into its set (``set1``) and its label (``q3``)."""

    set_id: str
    label: str

    def __str__(self) -> str:
        return f"{self.set_id}.{self.label}"


def parse_question_id(text: object) -> QuestionId:
    """Split ``"set1.q3"``; anything else raises :class:`QuestionIdError`.

    >>> parse_question_id("set1.3")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    korea_talks.checks.protocol.QuestionIdError: 'set1.3' is not a question id; ...
    """
    match = _QUESTION_ID.match(text) if isinstance(text, str) else None
    if not match:
        raise QuestionIdError(f"{text!r} is not a question id; question ids look like 'set1.q3'")
    return QuestionId(match.group(1), match.group(2))


def canonical_text(value: Any) -> str:
    """The one-line JSON text of a normalised answer (deterministic: keys sorted).

    >>> canonical_text("Two lines\\nof text")
    '"Two lines\\\\nof text"'
    """
    return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)


def recorded_line(label: str, canonical: str) -> str:
    """``qM: recorded <canonical>``: what a graded check prints for a well-formed answer."""
    return f"{label}: {RECORDED} {canonical}"


def not_recorded_line(label: str, problem: str) -> str:
    """``qM: not recorded - <problem>``: what a graded check prints for a malformed answer."""
    problem = problem.rstrip(".")
    return f"{label}: {NOT_RECORDED} - {problem}."


@dataclass(frozen=True)
class Recorded:
    """A recorded line read back: the question label, the answer and its canonical text."""

    label: str
    value: Any
    canonical: str


def parse_recorded_line(line: str) -> Recorded:
    """The inverse of :func:`recorded_line` (raises :class:`RecordedLineError`)."""
    match = _RECORDED_LINE.match(line.strip()) if isinstance(line, str) else None
    if not match:
        raise RecordedLineError(f"not a recorded line: {str(line)[:80]!r}")
    try:
        value = json.loads(match.group(2))
    except json.JSONDecodeError as exc:
        raise RecordedLineError(f"the recorded answer is not valid JSON ({exc})") from None
    return Recorded(match.group(1), value, canonical_text(value))
