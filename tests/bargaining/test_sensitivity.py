"""Sensitivity of the bargaining forecast to its inputs and to the direction of the scale."""

from __future__ import annotations

import pytest

from korea_talks.bargaining import (
    ActorInputError,
    ec_emission_standards,
    run_model,
    six_parties_2017,
)
from korea_talks.bargaining.sensitivity import (
    direction_gap,
    mirrored,
    outcome_range,
    summarise_range,
)


def test_mirroring_twice_gives_the_table_back():
    table = six_parties_2017()
    assert mirrored(mirrored(table)) == table


def test_the_gap_starts_at_zero_and_the_ec_case_depends_on_direction():
    gap = direction_gap(ec_emission_standards(), rounds=10)
    assert gap.loc[0, "gap"] == pytest.approx(0.0, abs=1e-12)
    assert gap["gap"].abs().max() > 0.1


def test_without_variation_every_draw_repeats_the_original_run():
    table = six_parties_2017()
    draws = outcome_range(table, draws=3, position_share=0, capability_share=0, salience_points=0)
    expected = run_model(table, rounds=10).predicted_outcome
    assert draws["predicted_outcome"].tolist() == pytest.approx([expected] * 3)


def test_draws_stay_on_the_scale_and_are_repeatable():
    table = six_parties_2017()
    one = outcome_range(table, draws=15, seed=4, with_mirror=True)
    two = outcome_range(table, draws=15, seed=4, with_mirror=True)
    assert one.equals(two)
    low, high = min(table.positions), max(table.positions)
    for column in ("initial_median", "predicted_outcome", "mirrored_outcome"):
        assert one[column].between(low - 1e-9, high + 1e-9).all()
    summary = summarise_range(one)
    assert summary["p10"] <= summary["p50"] <= summary["p90"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"draws": 0}, "draws must be"),
        ({"position_share": -0.1}, "position_share"),
        ({"salience_points": "a lot"}, "salience_points"),
    ],
)
def test_bad_settings_are_named(kwargs, message):
    with pytest.raises(ActorInputError, match=message):
        outcome_range(six_parties_2017(), **kwargs)
