"""The one evaluator of the model's conditions, and moves compiled for fast runs.

A condition of the catalogue (``trust >= settlement_trust``, ``not strike``) compares one
state variable with a number through one of six operators. :data:`OPERATORS` is the only
place where those operators are defined: the simulator, the explorer and the seminar all
evaluate conditions through :func:`compare` or through the compiled tests built here.

A move is compiled once per catalogue into named tuples (:class:`CompiledMove`): the
state index of every tested variable, the operator function and the value, with threshold
names already read from the catalogue's parameters.

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
from typing import TYPE_CHECKING, NamedTuple

from korea_talks.sequence.state import INDEX

if TYPE_CHECKING:  # the catalogue imports this module; its types are needed only for mypy
    from korea_talks.sequence.catalogue import Condition, Move, Parameters, Precondition, Rule

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


class CompiledRule(NamedTuple):
    """A rule of a move, compiled: its tests, chance and effects, and the rule itself."""

    tests: tuple[Test, ...]
    chance: Chance | None
    effects: tuple[CompiledEffect, ...]
    rule: Rule


class CompiledPrecondition(NamedTuple):
    """A precondition of a move, compiled: its tests and the precondition itself."""

    tests: tuple[Test, ...]
    precondition: Precondition


class CompiledMove(NamedTuple):
    """A move compiled for the simulator: its preconditions and rules, in order."""

    preconditions: tuple[CompiledPrecondition, ...]
    rules: tuple[CompiledRule, ...]


def all_hold(tests: tuple[Test, ...], state: Sequence[float]) -> bool:
    """True if every compiled test holds in ``state`` (True for no tests)."""
    for test in tests:  # noqa: SIM110 - a plain loop is faster than all() on a generator
        if not test.check(state[test.slot], test.value):
            return False
    return True


def compile_condition(condition: Condition, parameters: Parameters) -> Test:
    """Compile one condition; a named threshold takes its value from ``parameters``."""
    value = (
        parameters.thresholds[condition.threshold].value if condition.threshold else condition.value
    )
    return Test(INDEX[condition.variable], OPERATORS[condition.op], value)


def compile_move(move: Move, parameters: Parameters) -> CompiledMove:
    """Compile ``move`` under ``parameters`` (thresholds and deterministic chances)."""
    pres = tuple(
        CompiledPrecondition(tuple(compile_condition(c, parameters) for c in pre.require), pre)
        for pre in move.preconditions
    )
    rules = []
    for rule in move.rules:
        chance = None
        if rule.chance:
            probability = parameters.probabilities[rule.chance]
            chance = Chance(rule.chance, probability.deterministic)
        rules.append(
            CompiledRule(
                tuple(compile_condition(c, parameters) for c in rule.when),
                chance,
                tuple(CompiledEffect(INDEX[e.variable], e.kind, e.value) for e in rule.effects),
                rule,
            )
        )
    return CompiledMove(pres, tuple(rules))
