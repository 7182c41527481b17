"""Decide a mark from what a graded check cell printed, outside the student's kernel.

This is the one place where a recorded answer becomes points. The graded edition's check
only records an answer (see :mod:`korea_talks.checks.protocol`); the grader captures the
text the check cell printed, as data, and calls :func:`mark`:

- the text must be exactly one line, ``qN: recorded <JSON>`` for the question asked;
  anything else earns nothing and says why (``answer not recorded: ...``);
- a fixed or property answer is checked with :func:`korea_talks.checks.evaluate`, against
  answer data that the student's kernel cannot see;
- a written answer that is well formed is returned for grading by hand (``points`` is
  ``None``); one that is not (too short, not a text) earns nothing, with the reason.

The authoring build and the key loader call the same function to confirm that the key's
own lines earn their points.

>>> mark("set1.q1", "q1: not recorded - no answer yet.").reason
'answer not recorded: no answer yet.'
>>> mark("set1.q1", "q2: recorded 3").reason
"answer not recorded: the check cell printed something else: 'q2: recorded 3'"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from korea_talks.checks import properties
from korea_talks.checks.checker import evaluate
from korea_talks.checks.protocol import (
    NOT_RECORDED,
    RecordedLineError,
    parse_recorded_line,
)
from korea_talks.checks.specs import get_question

UNRECORDED = "answer not recorded"
"""How every reason starts when the check cell recorded no answer the grader can read."""


@dataclass(frozen=True)
class Mark:
    """The points one check's output earns (``None``: awaiting hand grading) and why not.

    ``line`` is the verdict line of the practice edition for the recorded answer (empty
    when nothing was recorded); feedback files show it to the student.
    """

    points: float | None
    reason: str = ""
    answer: Any = None
    line: str = ""

    @property
    def recorded(self) -> bool:
        """True when the check recorded an answer that was then judged."""
        return not self.reason.startswith(UNRECORDED)


WRONG_VARIANT = "not the right answer for the variant of this notebook"
"""The reason of a wrong answer to a variant (it never names the right one)."""


def mark(question_id: str, printed: str, variant: Mapping[str, Any] | None = None) -> Mark:
    """The mark earned by the text a graded check cell printed for ``question_id``.

    ``variant`` holds the parameters of the student's own variant of a templated item
    (see :mod:`korea_talks.grading.variants`): the answer is then computed for them and
    compared; without it, a templated item is marked against its practice variant.
    """
    spec = get_question(question_id)
    lines = [line for line in (printed or "").splitlines() if line.strip()]
    if len(lines) != 1:
        return Mark(0, f"{UNRECORDED}: the check cell printed {len(lines)} lines instead of one")
    line = lines[0].strip()
    refused, recorded_prefix = f"{spec.label}: {NOT_RECORDED} - ", f"{spec.label}: recorded "
    if line.startswith(refused):
        return Mark(0, f"{UNRECORDED}: {line.removeprefix(refused)}")
    if not line.startswith(recorded_prefix):
        return Mark(0, f"{UNRECORDED}: the check cell printed something else: {line[:80]!r}")
    try:
        value = parse_recorded_line(line).value
    except RecordedLineError:
        return Mark(0, f"{UNRECORDED}: the recorded answer is not valid JSON")
    if variant is not None and spec.template is not None:
        template = spec.template
        params = template.property_params(variant)
        try:
            problems = properties.run_property(template.check, value, params)
        except (ValueError, TypeError):
            problems = [WRONG_VARIANT]
        if problems and template.design:  # the student's own constraints, no answer
            reason = "; ".join(problems)
            return Mark(0, reason, value, f"{spec.label}: {reason}")
        if problems:
            return Mark(0, WRONG_VARIANT, value, f"{spec.label}: {WRONG_VARIANT}")
        return Mark(spec.points, "", value, spec.pass_line)
    verdict = evaluate(spec.id, value)
    if not verdict.earned:
        return Mark(0, verdict.line.removeprefix(f"{spec.label}: "), value, verdict.line)
    return Mark(None if spec.hand_graded else spec.points, "", value, verdict.line)
