"""Invariants checked on generated sequences (hypothesis)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.sequence import Verdict, load_catalogue, simulate, simulate_many
from korea_talks.sequence.state import VARIABLES, in_bounds

MOVE_IDS = sorted(load_catalogue().moves)
sequences = st.lists(st.sampled_from(MOVE_IDS), max_size=14)
SETTINGS = settings(max_examples=60, deadline=None)


@SETTINGS
@given(sequences, st.one_of(st.none(), st.integers(0, 10**6)))
def test_any_sequence_runs_and_stays_in_bounds(sequence, seed):
    result = simulate(sequence, seed=seed)
    assert isinstance(result.verdict, Verdict)
    assert len(result.trajectory) == len(sequence) + 1
    for row in result.trajectory[[v.name for v in VARIABLES]].itertuples(index=False):
        assert in_bounds(tuple(float(x) for x in row))
    steps = {line.step for line in result.explanation}
    assert steps == (set(range(1, len(sequence) + 1)) or {0})


@SETTINGS
@given(sequences, st.integers(0, 10**6))
def test_same_seed_same_result(sequence, seed):
    a = simulate(sequence, seed=seed)
    b = simulate(sequence, seed=seed)
    pd.testing.assert_frame_equal(a.trajectory, b.trajectory)
    assert a.verdict is b.verdict
    pd.testing.assert_series_equal(
        simulate_many(sequence, runs=5, seed=seed).counts,
        simulate_many(sequence, runs=5, seed=seed).counts,
    )


@SETTINGS
@given(sequences)
def test_capability_never_falls_without_a_strike_or_dismantling(sequence):
    result = simulate(sequence)
    drops = result.trajectory["capability"].diff().dropna() < 0
    for step in drops[drops].index:
        assert result.trajectory.loc[step, "move_id"] in {
            "us_strike",
            "dprk_denuclearization_step",
            "dprk_yongbyon_for_partial_relief",  # dismantling, too
        }


@SETTINGS
@given(sequences)
def test_settlement_needs_a_security_regime_and_a_freeze(sequence):
    result = simulate(sequence)
    if result.verdict is Verdict.SETTLEMENT_TRACK:
        final = result.final_state
        assert final["security_regime"] and final["freeze"] >= 1 and final["us_dprk_channel"]
