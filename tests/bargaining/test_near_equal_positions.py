"""Positions that differ only by rounding count as one position in the bargaining model."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.bargaining import ActorTable, run_model
from korea_talks.bargaining.model import (
    POSITION_TOLERANCE,
    _better,
    median_position,
    same_position,
    success_probabilities,
)

others = st.lists(
    st.tuples(
        st.floats(min_value=0.1, max_value=1.0),
        st.integers(min_value=0, max_value=100).map(float),
        st.integers(min_value=10, max_value=100).map(float),
    ),
    min_size=2,
    max_size=4,
)


def _table(pair_position: float, rows, noise: float) -> ActorTable:
    records = [("twin a", 0.5, pair_position, 80.0), ("twin b", 0.4, pair_position + noise, 60.0)]
    records += [(f"actor{i}", c, x, s) for i, (c, x, s) in enumerate(rows)]
    return ActorTable.from_records(records)


def _moves(result):
    return [(m.round, m.actor, m.partner, m.kind) for m in result.moves]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=100).map(float), others)
def test_rounding_noise_on_one_position_changes_nothing(pair_position, rows):
    exact = run_model(_table(pair_position, rows, 0.0), rounds=5)
    noisy = run_model(_table(pair_position, rows, 1e-12), rounds=5)
    assert _moves(exact) == _moves(noisy)
    # Continuous quantities may drift by far less than a point of the 0-100 scale; the
    # discrete choices (who moves, towards whom, how) must not change at all.
    assert np.allclose(exact.positions.to_numpy(), noisy.positions.to_numpy(), atol=1e-3)
    assert abs(exact.initial_median - noisy.initial_median) < 1e-6


def test_actors_at_the_same_position_do_not_challenge_each_other():
    x = np.array([5.0, 5.0 + 1e-12, 9.0])
    prob = np.array(success_probabilities(x, np.array([0.4, 0.3, 0.5]), np.ones(3), 4.0))
    assert prob[0, 1] == 0.0 and prob[1, 0] == 0.0
    assert prob[0, 2] > 0.0


def test_the_median_merges_near_equal_positions():
    x = np.array([4.0, 7.0, 7.0 + 1e-12, 10.0])
    assert median_position(x, np.array([0.2, 0.1, 0.05, 0.3]), 6.0) == 7.0


def test_tolerance_is_relative_to_the_scale_and_real_differences_remain():
    assert same_position(50.0, 50.0 + 50 * POSITION_TOLERANCE, 100.0)
    assert not same_position(50.0, 50.001, 100.0)


def test_a_tie_goes_to_the_first_partner_and_a_real_gain_wins():
    tolerance = 1e-9
    assert not _better((0, 2.0 - 1e-13), (0, 2.0), tolerance)
    assert _better((0, 1.9), (0, 2.0), tolerance)
    assert _better((0, 5.0), (1, 1.0), tolerance)
