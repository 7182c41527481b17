"""Check an answer against its specification and say what to do next.

:func:`evaluate` returns a :class:`CheckResult` for one edition (see
:mod:`korea_talks.checks.protocol`); :func:`check` prints its one line and returns
nothing (so a check cell shows exactly one line).

>>> print(evaluate("set1.q2", "z").line)
q2: not yet - expected one of a, b, c, d, got 'z'. Reread S2 (Spring 2017: how the crisis arose).
>>> print(evaluate("set1.q2", " B", edition="graded").line)
q2: recorded "b"
>>> print(evaluate("set1.q2", "z", edition="graded").line)
q2: not recorded - expected one of a, b, c, d, got 'z'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from korea_talks.checks import properties
from korea_talks.checks.normalize import (
    AnswerTypeError,
    candidates,
    digest,
    normalized_value,
)
from korea_talks.checks.protocol import (
    EDITIONS,
    canonical_text,
    not_recorded_line,
    recorded_line,
)
from korea_talks.checks.specs import (
    PracticeKeyMissingError,
    QuestionSpec,
    get_question,
    load_practice_key,
)
from korea_talks.sections import get_section

EXPECTS = {
    "choice": "one letter, {options}",
    "choices": "a list of letters from {options}",
    "integer": "a whole number",
    "integers": "a list of whole numbers",
    "number": "a number",
    "text": "a text",
    "sections": "a list of section ids such as ['S3']",
    "date": "a date 'YYYY-MM-DD'",
    "property": "see the question",
    "written": "a few sentences inside the triple quotes",
}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: whether it earned the question, and the line to print."""

    question_id: str
    earned: bool
    line: str
    canonical: str | None = None


def _reread(spec: QuestionSpec) -> str:
    parts = [f"{s} ({get_section(s).title})" for s in spec.sections]
    return "Reread " + ", ".join(parts) + "."


def _expects(spec: QuestionSpec) -> str:
    if spec.expects:
        return spec.expects
    options = ", ".join(spec.options[:-1]) + f" or {spec.options[-1]}" if spec.options else ""
    return EXPECTS[spec.kind].format(options=options)


def _not_yet(spec: QuestionSpec, problem: str) -> CheckResult:
    problem = problem.rstrip(".")
    stop = "" if problem.endswith(("?", "!")) else "."
    return CheckResult(spec.id, False, f"{spec.label}: not yet - {problem}{stop} {_reread(spec)}")


def _is_placeholder(answer: Any) -> bool:
    return answer is Ellipsis or answer is None


def _written(spec: QuestionSpec, answer: Any) -> CheckResult:
    if not isinstance(answer, str):
        return _not_yet(
            spec, f"write your answer as text inside the quotes, not a {type(answer).__name__}"
        )
    words = len(answer.split())
    if words < spec.min_words:
        return _not_yet(
            spec, f"write at least {spec.min_words} words (you have {words}); {spec.hint}"
        )
    if words > spec.max_words:
        return _not_yet(spec, f"keep to {spec.max_words} words (you have {words})")
    return CheckResult(spec.id, True, spec.pass_line)


def _property(spec: QuestionSpec, answer: Any) -> CheckResult:
    try:
        problems = properties.run_property(spec.property_name, answer, spec.params)
    except AnswerTypeError as exc:
        return _not_yet(spec, str(exc))
    except properties.PropertyUnavailableError as exc:
        return CheckResult(spec.id, False, f"{spec.label}: cannot check yet - {exc}.")
    if problems:
        return _not_yet(spec, "; ".join(problems) + f"; {spec.hint}")
    return CheckResult(spec.id, True, spec.pass_line)


def _unanswered(spec: QuestionSpec, answer: Any) -> bool:
    return _is_placeholder(answer) or (spec.hand_graded and not str(answer).strip())


def _no_answer_yet(spec: QuestionSpec) -> str:
    return f"no answer yet - replace ... with your answer (expected: {_expects(spec)})"


def _word_problem(spec: QuestionSpec, answer: Any) -> str:
    if not isinstance(answer, str):
        return f"write your answer as text inside the quotes, not a {type(answer).__name__}"
    words = len(answer.split())
    if words < spec.min_words:
        return f"write {spec.min_words} to {spec.max_words} words (you have {words})"
    if words > spec.max_words:
        return f"keep to {spec.max_words} words (you have {words})"
    return ""


def record_value(spec: QuestionSpec, answer: Any) -> Any:
    """The normalised answer a graded check records (raises :class:`AnswerTypeError`).

    Only the form is checked here, never whether the answer is right.
    """
    if spec.kind == "written":
        problem = _word_problem(spec, answer)
        if problem:
            raise AnswerTypeError(problem)
        return " ".join(answer.split())
    if spec.kind == "property":
        return properties.record_property(spec.property_name, answer, spec.params)
    return normalized_value(spec.kind, answer, options=spec.options, decimals=spec.decimals)


def _graded(spec: QuestionSpec, answer: Any) -> CheckResult:
    if _unanswered(spec, answer):
        return CheckResult(spec.id, False, not_recorded_line(spec.label, _no_answer_yet(spec)))
    try:
        canonical = canonical_text(record_value(spec, answer))
    except (AnswerTypeError, ValueError) as exc:
        return CheckResult(spec.id, False, not_recorded_line(spec.label, str(exc)))
    return CheckResult(spec.id, False, recorded_line(spec.label, canonical), canonical)


def evaluate(question_id: str, answer: Any, edition: str = "practice") -> CheckResult:
    """Check ``answer`` for the question ``question_id`` (e.g. ``"set1.q3"``).

    ``edition`` is ``"practice"`` (right or not yet, with a hint) or ``"graded"``
    (recorded or not recorded, never right or wrong).
    """
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; the editions are {', '.join(EDITIONS)}")
    spec = get_question(question_id)
    if edition == "graded":
        return _graded(spec, answer)
    if _unanswered(spec, answer):
        return CheckResult(spec.id, False, f"{spec.label}: {_no_answer_yet(spec)}.")
    if spec.kind == "written":
        return _written(spec, answer)
    if spec.kind == "property":
        return _property(spec, answer)
    try:
        texts = candidates(spec.kind, answer, options=spec.options, decimals=spec.decimals)
    except AnswerTypeError as exc:
        return _not_yet(spec, str(exc))
    try:
        key = load_practice_key(spec.set_id)[spec.label]
    except PracticeKeyMissingError as exc:
        return CheckResult(spec.id, False, f"{spec.label}: cannot check here - {exc}.")
    digests = [digest(spec.id, key.salt, text) for text in texts]
    if key.digest in digests:
        return CheckResult(spec.id, True, spec.pass_line)
    for mistake in key.mistakes:
        if mistake.digest in digests:
            return _not_yet(spec, mistake.hint)
    return _not_yet(spec, spec.hint)


def check(question_id: str, answer: Any) -> None:
    """Print one line: ``qN: correct``, or a hint naming what is wrong and what to reread.

    This is the practice edition's check; :mod:`korea_talks.checks.graded` has the other.
    """
    print(evaluate(question_id, answer).line)
