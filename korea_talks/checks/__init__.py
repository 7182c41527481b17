"""What a check cell calls: answer checking and immediate feedback for students.

A graded check cell in an exercise notebook runs one line, e.g.
``check("set1.q2", answer_q2)``, and prints exactly one line: ``q2: correct`` when the
answer is right, otherwise a hint that says what is wrong and which section of the
article (S1-S10) or which chapter to reread. The answer keys are data
(``korea_talks/data/answers_<set>.toml``): fixed answers are stored only as salted
SHA-256 digests, open answers (a negotiation sequence, a game outcome) are checked by
running the project's models against stated properties, and written answers are
recorded for grading by hand with a rubric.

>>> check("set1.q2", ...)  # doctest: +ELLIPSIS
q2: no answer yet - replace ... with your answer (expected: one letter, a, b, c or d).
"""

from korea_talks.checks.checker import CheckResult, check, evaluate
from korea_talks.checks.specs import (
    AnswerSpecError,
    QuestionSpec,
    SetSpec,
    UnknownQuestionError,
    get_question,
    load_set,
    load_sets,
)

__all__ = [
    "AnswerSpecError",
    "CheckResult",
    "QuestionSpec",
    "SetSpec",
    "UnknownQuestionError",
    "check",
    "evaluate",
    "get_question",
    "load_set",
    "load_sets",
]
