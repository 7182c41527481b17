"""Property checks for open answers: many answers can be right.

A property check receives the student's answer and the parameters from the answer
specification and returns a list of problems (plain sentences); an empty list means the
answer has the required properties. Checks that need a model import it only when they
run, so the rest of the checker works while a model is missing.

>>> sorted(PROPERTIES)[:1]
['sequence_meets']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from korea_talks.checks.normalize import AnswerTypeError

PropertyCheck = Callable[[Any, dict[str, Any]], list[str]]
PROPERTIES: dict[str, PropertyCheck] = {}


class PropertyUnavailableError(ValueError):
    """A property check needs a model that is not installed in this checkout."""


def register(name: str) -> Callable[[PropertyCheck], PropertyCheck]:
    """Register a property check under ``name`` (the value of ``property`` in a spec)."""

    def wrap(func: PropertyCheck) -> PropertyCheck:
        PROPERTIES[name] = func
        return func

    return wrap


def run_property(name: str, answer: Any, params: dict[str, Any]) -> list[str]:
    """Run the property check ``name``; unknown names raise ``KeyError`` with the known ones."""
    if name not in PROPERTIES:
        raise KeyError(f"unknown property check {name!r}; known: {', '.join(sorted(PROPERTIES))}")
    return PROPERTIES[name](answer, params)


def _move_list(answer: Any) -> list[str]:
    if isinstance(answer, str) or not isinstance(answer, list | tuple):
        raise AnswerTypeError(
            f"expected a list of move ids such as ['us-dprk-talks', ...], got "
            f"{type(answer).__name__}"
        )
    if not all(isinstance(m, str) for m in answer):
        raise AnswerTypeError("expected every move to be a move id (a str)")
    return list(answer)


@register("sequence_meets")
def sequence_meets(answer: Any, params: dict[str, Any]) -> list[str]:
    """A negotiation sequence that the sequence model carries to an allowed verdict.

    Parameters: ``verdicts`` (allowed verdict values), optional ``must_include`` and
    ``must_exclude`` (move ids), ``max_moves`` and ``first`` (the move that must come
    first).
    """
    moves = _move_list(answer)
    try:
        from korea_talks.sequence import load_catalogue, simulate
    except ImportError:
        raise PropertyUnavailableError(
            "the sequence model (korea_talks.sequence) is not installed"
        ) from None
    catalogue = load_catalogue()
    unknown = [m for m in moves if m not in catalogue.moves]
    if unknown:
        return [f"unknown move id(s) {', '.join(map(repr, unknown))} (see the move catalogue)"]
    problems = []
    max_moves = params.get("max_moves")
    if max_moves and len(moves) > max_moves:
        problems.append(f"use at most {max_moves} moves (you used {len(moves)})")
    first = params.get("first")
    if first and (not moves or moves[0] != first):
        problems.append(f"the sequence must open with {first!r}")
    for move in params.get("must_include", ()):
        if move not in moves:
            problems.append(f"the sequence must contain {move!r}")
    for move in params.get("must_exclude", ()):
        if move in moves:
            problems.append(f"the sequence must not contain {move!r}")
    if problems:
        return problems
    result = simulate(moves, catalogue=catalogue)
    verdict = str(getattr(result.verdict, "value", result.verdict))
    allowed = list(params.get("verdicts", ()))
    if verdict not in allowed:
        return [
            f"the model's verdict is {verdict!r} ({result.verdict_text}); "
            f"the task asks for {' or '.join(map(repr, allowed))}"
        ]
    return []
