"""Recorded answers: what a graded check cell prints, and how the grader reads it back.

In a graded run the kernel never decides a mark. Each check cell of the merged notebook
calls :func:`record_answer` instead of the practice ``check``; it prints one line,
``qM: recorded <answer as JSON>`` (or ``qM: not recorded - <why>``), and says nothing
about right or wrong. The grader reads that line from nbval's results (as data, outside
the sandbox) and marks it there with :func:`korea_talks.checks.marking.mark`, against
answer data the kernel cannot see. A student who forges the line can only claim an
answer, never a mark: forging a right answer means writing it.

>>> import io, contextlib
>>> out = io.StringIO()
>>> with contextlib.redirect_stdout(out):
...     record_answer("set1.q3", (6, 9))
>>> out.getvalue()
'q3: recorded [6, 9]\\n'
>>> from korea_talks.checks.marking import mark
>>> mark("set1.q3", out.getvalue()).answer
[6, 9]
"""

from __future__ import annotations

import ast
import inspect

RECORDER = "_korea_talks_record"
"""The name the recorder has in a graded kernel (defined by the grader's first cell)."""

LIMIT = 100_000
"""Characters a recorded answer may take."""


def record_answer(question_id: str, answer: object) -> None:
    """Print the answer of ``question_id`` as one line of JSON (runs in the kernel).

    Self-contained (its source is sent to the kernel): numbers, texts, dates, lists,
    tuples, sets, arrays and Series become plain JSON; anything else is not recorded.
    """
    import datetime
    import json
    import numbers

    label = question_id.split(".")[-1]

    def plain(value: object, depth: int = 0) -> object:
        if depth > 20:
            raise ValueError("the answer is nested too deeply")
        if value is None or isinstance(value, bool | str):
            return value
        if value is Ellipsis:
            return None  # the placeholder: checked as "no answer yet"
        if isinstance(value, numbers.Integral):
            return int(value)
        if isinstance(value, numbers.Real):
            return float(value)
        if isinstance(value, datetime.datetime) or hasattr(value, "to_pydatetime"):
            return value.date().isoformat()  # type: ignore[attr-defined]
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {str(k): plain(v, depth + 1) for k, v in value.items()}
        if isinstance(value, set | frozenset):
            items = [plain(v, depth + 1) for v in value]
            return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
        if hasattr(value, "tolist"):
            return plain(value.tolist(), depth + 1)
        if isinstance(value, list | tuple):
            return [plain(v, depth + 1) for v in value]
        raise ValueError(
            f"a {type(value).__name__} cannot be recorded; use a number, a text, a date "
            "or a list of them"
        )

    try:
        # the canonical text of korea_talks.checks.protocol.canonical_text (a test keeps
        # the two the same; this function is sent to the kernel, so it cannot import it)
        text = json.dumps(plain(answer), ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (ValueError, TypeError, RecursionError) as exc:
        print(f"{label}: not recorded - {exc}")
        return
    if len(text) > 100_000:
        print(f"{label}: not recorded - the answer is longer than 100,000 characters")
        return
    print(f"{label}: recorded {text}")


def recorder_source() -> str:
    """The recorder's definition, as code for the grader's first cell."""
    source = inspect.getsource(record_answer).replace("def record_answer(", f"def {RECORDER}(")
    return source.replace("100_000", str(LIMIT))


def recording_call(check_source: str) -> str | None:
    """The recording version of a check cell (``check("set1.q2", answer_q2)``).

    Returns ``None`` when the cell is not one call of ``check`` with a question id and
    an answer.
    """
    try:
        tree = ast.parse(check_source)
    except SyntaxError:
        return None
    calls = [node.value for node in tree.body if isinstance(node, ast.Expr)]
    if len(tree.body) != 1 or len(calls) != 1 or not isinstance(calls[0], ast.Call):
        return None
    call = calls[0]
    if not (isinstance(call.func, ast.Name) and call.func.id == "check" and len(call.args) == 2):
        return None
    question, answer = call.args
    if not (isinstance(question, ast.Constant) and isinstance(question.value, str)):
        return None
    return f"{RECORDER}({question.value!r}, {ast.unparse(answer)})"
