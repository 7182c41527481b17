"""The one evaluator of the model's conditions, and moves compiled for fast runs.

A condition of the catalogue (``trust >= settlement_trust``, ``not strike``) compares one
state variable with a number through one of six operators. :data:`OPERATORS` is the only
place where those operators are defined: the simulator, the explorer and the seminar all
evaluate conditions through :func:`compare` or through the compiled tests built here.

The catalogue compiles each move once into named tuples built from :class:`Test`,
:class:`Chance` and :class:`CompiledEffect`: the state index of every tested variable, the
operator function and the value, with threshold names already read from its parameters.

>>> compare(4.0, ">=", 4.0), compare(1.0, "!=", 1.0)
(True, False)
>>> from korea_talks.sequence.catalogue import load_catalogue
>>> move = load_catalogue().compiled("us_security_guarantees")
>>> [p.precondition.id for p in move.preconditions][:2]
['guarantees-need-channel', 'guarantees-need-forum']
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import NamedTuple

Comparison = Callable[[float, float], bool]

OPERATORS: dict[str, Comparison] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
"""The operators a condition may use, each with the function that evaluates it."""


def compare(value: float, op: str, threshold: float) -> bool:
    """Evaluate ``value OP threshold`` with one of :data:`OPERATORS`.

    >>> compare(3.5, "<", 4)
    True
    """
    return OPERATORS[op](value, threshold)


class Test(NamedTuple):
    """A compiled condition: the state slot, the operator function and the value."""

    slot: int
    check: Comparison
    value: float

    def holds(self, state: Sequence[float]) -> bool:
        """True if the condition holds in ``state`` (a state tuple or list)."""
        return self.check(state[self.slot], self.value)


class Chance(NamedTuple):
    """A compiled chance: the probability's name and whether it fires in deterministic mode."""

    probability: str
    fires_by_default: bool


class CompiledEffect(NamedTuple):
    """A compiled effect: the state slot, ``add``/``set``/``at_least`` and the number."""

    slot: int
    kind: str
    value: float


def all_hold(tests: tuple[Test, ...], state: Sequence[float]) -> bool:
    """True if every compiled test holds in ``state`` (True for no tests)."""
    for test in tests:  # noqa: SIM110 - a plain loop is faster than all() on a generator
        if not test.check(state[test.slot], test.value):
            return False
    return True
