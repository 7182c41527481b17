"""Nash equilibria of a 2x2 bimatrix game with the standard library only.

The freeze game needs all equilibria of a 2x2 game: the pure cells where each action is
a best reply to the other, and the fully mixed one where each player's mix leaves the
other indifferent. That is support enumeration for two actions each, which is small
enough to write out; the tests check it against nashpy's support enumeration on random
games. Nothing here imports numpy, so the widgets run where only pure Python exists (a
browser's Pyodide core).

Payoffs are two row-major 2x2 tables: ``a[i][j]`` is the row player's payoff and
``b[i][j]`` the column player's when the row player plays ``i`` and the column player
``j``.

>>> matching_pennies = ((1, -1), (-1, 1)), ((-1, 1), (1, -1))
>>> equilibria_2x2(*matching_pennies)
[((0.5, 0.5), (0.5, 0.5))]
>>> prisoners_dilemma = ((3, 0), (5, 1)), ((3, 5), (0, 1))
>>> equilibria_2x2(*prisoners_dilemma)
[((0.0, 1.0), (0.0, 1.0))]
"""

from __future__ import annotations

from collections.abc import Sequence

Table = Sequence[Sequence[float]]
"""A 2x2 payoff table, row-major: ``table[row][column]``."""
Mix = tuple[float, float]
"""A player's probabilities over its two actions."""

TOLERANCE = 1e-12
"""Slack for comparing payoffs, so that exact ties count as best replies."""


def _pure(i: int) -> Mix:
    return (1.0, 0.0) if i == 0 else (0.0, 1.0)


def pure_equilibria(a: Table, b: Table) -> list[tuple[Mix, Mix]]:
    """The cells where each player's action is a best reply to the other's.

    Cells come in the order (0, 0), (0, 1), (1, 0), (1, 1).

    >>> stag_hunt = ((4, 0), (3, 2)), ((4, 3), (0, 2))
    >>> pure_equilibria(*stag_hunt)
    [((1.0, 0.0), (1.0, 0.0)), ((0.0, 1.0), (0.0, 1.0))]
    """
    found = []
    for i in (0, 1):
        for j in (0, 1):
            row_best = a[i][j] >= a[1 - i][j] - TOLERANCE
            column_best = b[i][j] >= b[i][1 - j] - TOLERANCE
            if row_best and column_best:
                found.append((_pure(i), _pure(j)))
    return found


def _indifference_share(first: float, second: float, third: float, fourth: float) -> float | None:
    """The share ``x`` of the first action that makes ``x*first + (1-x)*second`` equal
    ``x*third + (1-x)*fourth``, when it lies strictly between 0 and 1; None otherwise."""
    slope = first - second - third + fourth
    if abs(slope) <= TOLERANCE:
        return None
    share = (fourth - second) / slope
    return share if TOLERANCE < share < 1 - TOLERANCE else None


def mixed_equilibrium(a: Table, b: Table) -> tuple[Mix, Mix] | None:
    """The equilibrium in which both players mix both actions, or None.

    The column player's mix ``q`` makes the row player indifferent between its rows; the
    row player's mix ``p`` makes the column player indifferent between its columns.

    >>> chicken = ((3, 1), (4, 0)), ((3, 4), (1, 0))
    >>> mixed_equilibrium(*chicken)
    ((0.5, 0.5), (0.5, 0.5))
    """
    q = _indifference_share(a[0][0], a[0][1], a[1][0], a[1][1])
    p = _indifference_share(b[0][0], b[1][0], b[0][1], b[1][1])
    if p is None or q is None:
        return None
    return (p, 1.0 - p), (q, 1.0 - q)


def equilibria_2x2(a: Table, b: Table) -> list[tuple[Mix, Mix]]:
    """All pure equilibria, then the fully mixed one (support enumeration's order).

    A degenerate game (ties) can have a continuum of equilibria; like nashpy's support
    enumeration this returns the pure ones and a fully mixed one where it is isolated,
    not the whole continuum.
    """
    for table in (a, b):
        if len(table) != 2 or any(len(row) != 2 for row in table):
            raise ValueError("payoff tables must be 2x2: two rows of two payoffs")
    found = pure_equilibria(a, b)
    mixed = mixed_equilibrium(a, b)
    if mixed is not None:
        found.append(mixed)
    return found
