"""Tests of the permutation test and of the early-year record behind S2's claim of restraint."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.analysis import figures
from korea_talks.analysis.missile_tests import AnalysisInputError
from korea_talks.analysis.permutation import (
    PermutationInputError,
    difference_of_means,
    permutation_test,
)
from korea_talks.analysis.restraint import early_year_record
from korea_talks.datasets import load_missile_tests, load_provocations

matplotlib.use("Agg")

counts = st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(first=counts, second=counts)
def test_p_value_is_a_share_and_the_statistic_is_antisymmetric(first, second):
    result = permutation_test(first, second, repetitions=200, seed=3)
    assert 0.0 <= result.p_value <= 1.0
    assert result.repetitions == 200
    assert result.observed == pytest.approx(-difference_of_means(second, first))


def test_identical_groups_are_never_surprising():
    assert permutation_test([2, 2, 2], [2, 2, 2], repetitions=50).p_value == 1.0


def test_a_clear_shift_is_detected_and_a_small_one_is_not():
    assert permutation_test([0, 1, 0, 1, 0, 1], [5, 6, 5, 6, 5, 6], repetitions=2000).p_value < 0.01
    assert permutation_test([2, 3, 2, 3], [3, 2, 3, 2], repetitions=2000).p_value > 0.5


def test_the_seed_makes_the_simulation_repeatable():
    one = permutation_test([0, 1, 3], [2, 4, 4], repetitions=300, seed=11)
    two = permutation_test([0, 1, 3], [2, 4, 4], repetitions=300, seed=11)
    assert np.array_equal(one.simulated, two.simulated)


@pytest.mark.parametrize(
    ("first", "second", "repetitions", "message"),
    [
        ([], [1], 10, "non-empty"),
        ([1, float("nan")], [1], 10, "missing or infinite"),
        (["a"], [1], 10, "list of numbers"),
        ([1], [2], 0, "at least 1"),
    ],
)
def test_bad_input_is_named(first, second, repetitions, message):
    with pytest.raises(PermutationInputError, match=message):
        permutation_test(first, second, repetitions=repetitions)


def test_the_figure_draws_the_observed_value():
    result = permutation_test([0, 1, 2, 3], [3, 3, 0, 2], repetitions=100)
    fig = figures.plot_permutation(result.simulated, result.observed, xlabel="x")
    assert len(fig.axes[0].lines) == 2


def test_the_record_shows_the_fourth_nuclear_test_in_the_2016_window():
    record = early_year_record(
        load_missile_tests(), load_provocations(), [2016, 2017], last_month=3
    )
    assert record.loc[2016, "nuclear_tests"] == 1
    assert "Unha-3" in record.loc[2016, "long_range_launches"]
    assert record.loc[2017, "nuclear_tests"] == 0
    assert record.loc[2017, "long_range_launch_days"] == 0
    assert "Kim Jong Nam" in record.loc[2017, "other_provocations"]


def test_routine_launches_are_not_counted_as_extraordinary():
    tests = pd.DataFrame(
        {
            "date_kst": pd.to_datetime(["2017-03-06", "2017-03-06", "2017-03-22"]),
            "missile": ["er-scud", "er-scud", "hw-12"],
            "missile_type": ["MRBM", "MRBM", "IRBM"],
            "outcome": ["success", "success", "failure"],
        }
    )
    empty = pd.DataFrame({"date": pd.to_datetime([]), "event": [], "kind": []})
    record = early_year_record(tests, empty, [2017], last_month=3)
    assert record.loc[2017, "long_range_launch_days"] == 1
    assert record.loc[2017, "routine_launch_days"] == 1


def test_a_bad_month_or_table_is_named():
    tests = load_missile_tests()
    with pytest.raises(AnalysisInputError, match="last_month"):
        early_year_record(tests, load_provocations(), [2017], last_month=13)
    with pytest.raises(AnalysisInputError, match="provocations table"):
        early_year_record(tests, pd.DataFrame({"date": []}), [2017])
