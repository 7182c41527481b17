"""Check an answer against its specification and say what to do next.

:func:`evaluate` returns a :class:`CheckResult`; :func:`check` prints its one line and
returns nothing (so a check cell shows exactly one line).

>>> print(evaluate("set1.q1", "z").line)
q1: not yet - expected one of a, b, c, d, got 'z'. Reread S1 (Thesis).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from korea_talks.checks import properties
from korea_talks.checks.normalize import AnswerTypeError, candidates, digest
from korea_talks.checks.specs import QuestionSpec, get_question
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


def evaluate(question_id: str, answer: Any) -> CheckResult:
    """Check ``answer`` for the question ``question_id`` (e.g. ``"set1.q3"``)."""
    spec = get_question(question_id)
    if _is_placeholder(answer) or (spec.hand_graded and not str(answer).strip()):
        return CheckResult(
            spec.id,
            False,
            f"{spec.label}: no answer yet - replace ... with your answer "
            f"(expected: {_expects(spec)}).",
        )
    if spec.kind == "written":
        return _written(spec, answer)
    if spec.kind == "property":
        return _property(spec, answer)
    try:
        texts = candidates(spec.kind, answer, options=spec.options, decimals=spec.decimals)
    except AnswerTypeError as exc:
        return _not_yet(spec, str(exc))
    digests = [digest(spec.id, spec.salt, text) for text in texts]
    if spec.digest in digests:
        return CheckResult(spec.id, True, spec.pass_line)
    for mistake in spec.mistakes:
        if mistake.digest in digests:
            return _not_yet(spec, mistake.hint)
    return _not_yet(spec, spec.hint)


def check(question_id: str, answer: Any) -> None:
    """Print one line: ``qN: correct``, or a hint naming what is wrong and what to reread."""
    print(evaluate(question_id, answer).line)
