"""Turn a student's answer into one canonical text, and hash it with a salt.

Each kind of fixed answer has a normaliser: it accepts the reasonable ways of writing
the answer (``3``, ``numpy.int64(3)``; ``"B "`` for ``"b"``; a list or set of section
ids in any order) and rejects the rest with :class:`AnswerTypeError`, whose message
says what was expected and what was given.

>>> normalize("integer", 12)
'12'
>>> normalize("sections", ["S10", "s2"])
'S2,S10'
>>> normalize("integer", "12")
Traceback (most recent call last):
...
korea_talks.checks.normalize.AnswerTypeError: expected a whole number (an int), got a str: '12'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import numbers
from collections.abc import Iterable
from typing import Any

from korea_talks.sections import SECTION_IDS, sort_key


class AnswerTypeError(ValueError):
    """An answer of the wrong type or form for its question."""


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _got(value: Any) -> str:
    name = type(value).__name__
    article = "an" if name[:1] in "aeiou" else "a"
    return f"got {article} {name}: {_show(value)}"


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise AnswerTypeError(f"expected a whole number (an int), {_got(value)}")
    if not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and float(value).is_integer():
            return int(float(value))
        raise AnswerTypeError(f"expected a whole number (an int), {_got(value)}")
    return int(value)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise AnswerTypeError(f"expected a number, {_got(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise AnswerTypeError("expected a number, got one too large to compare") from None
    if number != number:
        raise AnswerTypeError("expected a number, got a missing value (NaN)")
    return number


def _sequence(value: Any, what: str) -> list[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise AnswerTypeError(f"expected {what}, {_got(value)}")
    return list(value)


def _choice(value: Any, options: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise AnswerTypeError(f"expected one letter ({', '.join(options)}), {_got(value)}")
    letter = value.strip().lower()
    if letter not in options:
        raise AnswerTypeError(f"expected one of {', '.join(options)}, got {_show(value)}")
    return letter


def _section(value: Any) -> str:
    if not isinstance(value, str) or value.strip().upper() not in SECTION_IDS:
        raise AnswerTypeError(f"expected section ids such as 'S3' (S1-S10), got {_show(value)}")
    return value.strip().upper()


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime) or hasattr(value, "to_pydatetime"):
        value = value.date() if hasattr(value, "date") else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise AnswerTypeError(f"expected a date written 'YYYY-MM-DD', {_got(value)}")


def normalize(kind: str, value: Any, *, options: tuple[str, ...] = (), decimals: int = 0) -> str:
    """The canonical text of an answer of this kind (raises :class:`AnswerTypeError`)."""
    if kind == "choice":
        return _choice(value, options)
    if kind == "choices":
        letters = {_choice(v, options) for v in _sequence(value, "a list of letters")}
        return ",".join(sorted(letters))
    if kind == "integer":
        return str(_integer(value))
    if kind == "integers":
        return ",".join(str(_integer(v)) for v in _sequence(value, "a list of whole numbers"))
    if kind == "number":
        return f"{round(_number(value), decimals):.{decimals}f}"
    if kind == "text":
        if not isinstance(value, str):
            raise AnswerTypeError(f"expected a text (a str), {_got(value)}")
        return " ".join(value.split()).casefold()
    if kind == "sections":
        ids = {_section(v) for v in _sequence(value, "a list of section ids such as ['S3']")}
        return ",".join(sorted(ids, key=sort_key))
    if kind == "date":
        return _date(value)
    raise AnswerTypeError(f"answers of kind {kind!r} have no fixed form")


def candidates(
    kind: str, value: Any, *, options: tuple[str, ...] = (), decimals: int = 0
) -> list[str]:
    """The canonical texts an answer may match: for numbers, also half a unit either side.

    This lets ``66.65`` match a key rounded either way, without storing the key in clear.

    >>> candidates("number", 2.25, decimals=1)
    ['2.2', '2.3']
    """
    first = normalize(kind, value, options=options, decimals=decimals)
    if kind != "number":
        return [first]
    step = 0.5 * 10.0**-decimals
    found = [first]
    for shifted in (float(value) - step, float(value) + step):
        text = normalize(kind, shifted, decimals=decimals)
        if text not in found:
            found.append(text)
    return found


def digest(question_id: str, salt: str, canonical: str) -> str:
    """The salted SHA-256 digest stored in an answer specification.

    >>> digest("set1.q1", "x", "b")[:12]
    '6d58dff7300d'
    """
    payload = f"{salt}:{question_id}:{canonical}".encode()
    return hashlib.sha256(payload).hexdigest()


def normalized_value(
    kind: str, value: Any, *, options: tuple[str, ...] = (), decimals: int = 0
) -> Any:
    """The normalised answer as plain data (str, int, float or a list), for the record.

    It is read off the same canonical text the digests use, so both editions agree on
    what counts as the same answer.

    >>> normalized_value("sections", ["S10", "s2"])
    ['S2', 'S10']
    >>> normalized_value("number", 66.666, decimals=1)
    66.7
    """
    text = normalize(kind, value, options=options, decimals=decimals)
    if kind in ("choices", "sections"):
        return text.split(",") if text else []
    if kind == "integers":
        return [int(v) for v in text.split(",")] if text else []
    if kind == "integer":
        return int(text)
    if kind == "number":
        return int(text) if decimals == 0 else float(text)
    return text
