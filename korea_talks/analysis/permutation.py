"""A permutation test that a student can follow step by step.

Chapter 1 asks whether North Korea tested more often after April-May 2017 than before.
Instead of a formula, the test is done by simulation, the way the Data 8 textbook
teaches inference:

1. put the monthly counts of the two periods side by side and compute the observed
   statistic (mean of the second period minus mean of the first);
2. assume the period label makes no difference, so that any month could as well have
   fallen in either period;
3. shuffle the labels many times, recomputing the statistic each time;
4. the p-value is the share of shuffles whose statistic is at least as far from zero as
   the observed one.

>>> result = permutation_test([1, 2, 1, 2], [3, 4, 3, 5], repetitions=2000, seed=1)
>>> result.observed
2.25
>>> result.p_value < 0.05
True
>>> permutation_test([1, 1], [1, 1], repetitions=100, seed=1).p_value
1.0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


class PermutationInputError(ValueError):
    """The values given to the permutation test cannot be used."""


@dataclass(frozen=True)
class PermutationResult:
    """The observed difference of means, the simulated ones and the p-value."""

    observed: float
    simulated: npt.NDArray[np.float64]
    p_value: float

    @property
    def repetitions(self) -> int:
        """How many shuffles were simulated."""
        return int(self.simulated.size)


def _values(
    name: str, values: Sequence[float] | npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise PermutationInputError(f"{name} must be a list of numbers") from None
    if array.ndim != 1 or array.size == 0:
        raise PermutationInputError(f"{name} must be a non-empty list of numbers")
    if not np.isfinite(array).all():
        raise PermutationInputError(f"{name} contains a missing or infinite value")
    return array


def difference_of_means(first: Sequence[float], second: Sequence[float]) -> float:
    """The test statistic: mean of ``second`` minus mean of ``first``.

    >>> difference_of_means([1, 2, 3], [4, 5, 6])
    3.0
    """
    return float(_values("second", second).mean() - _values("first", first).mean())


def shuffled_difference(
    first: Sequence[float] | npt.NDArray[np.float64],
    second: Sequence[float] | npt.NDArray[np.float64],
    rng: np.random.Generator,
) -> float:
    """One simulated statistic: shuffle all values, deal them back into two groups of the
    original sizes, and compute the difference of means."""
    pooled = np.concatenate([_values("first", first), _values("second", second)])
    shuffled = rng.permutation(pooled)
    size = len(first)
    return float(shuffled[size:].mean() - shuffled[:size].mean())


def permutation_test(
    first: Sequence[float],
    second: Sequence[float],
    *,
    repetitions: int = 10_000,
    seed: int | None = 2017,
) -> PermutationResult:
    """Two-sided permutation test of the difference of means of two groups.

    ``seed`` makes the simulation repeatable (the book prints fixed numbers); pass
    ``None`` for a fresh random run.
    """
    if not isinstance(repetitions, int) or repetitions < 1:
        raise PermutationInputError(
            f"repetitions must be a whole number of at least 1, not {repetitions!r}"
        )
    first_values, second_values = _values("first", first), _values("second", second)
    observed = float(second_values.mean() - first_values.mean())
    rng = np.random.default_rng(seed)
    simulated = np.array(
        [shuffled_difference(first_values, second_values, rng) for _ in range(repetitions)]
    )
    # A small tolerance so that ties with the observed value count as "at least as far".
    extreme = np.abs(simulated) >= abs(observed) - 1e-12
    return PermutationResult(round(observed, 10), simulated, float(extreme.mean()))
