"""Tests of korea_talks.analysis.missile_tests (monthly counts, range classes, rate test)."""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.analysis import figures
from korea_talks.analysis.missile_tests import (
    RANGE_CLASSES,
    AnalysisInputError,
    compare_rates,
    first_flights,
    monthly_by,
    monthly_counts,
    period_summary,
    range_class,
    split_sensitivity,
    with_range_class,
)
from korea_talks.datasets import apply_missile_test_corrections, load_missile_tests

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def tests() -> pd.DataFrame:
    return apply_missile_test_corrections(load_missile_tests())


def _toy(dates: list[str], types: list[str], outcomes: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date_kst": pd.to_datetime(dates),
            "missile": [t.lower() for t in types],
            "missile_name": types,
            "missile_type": types,
            "outcome": outcomes or ["success"] * len(dates),
            "apogee_km": [100.0] * len(dates),
        }
    )


def test_every_cns_type_has_a_range_class(tests):
    for missile_type in tests["missile_type"].astype(str).unique():
        assert range_class(missile_type) in RANGE_CLASSES


def test_unknown_type_is_refused_with_the_allowed_list():
    with pytest.raises(AnalysisInputError, match="known types: SRBM, MRBM"):
        range_class("cruise")


def test_missing_columns_are_named():
    with pytest.raises(AnalysisInputError, match="outcome"):
        monthly_counts(
            pd.DataFrame({"date_kst": [], "missile": [], "missile_type": []}),
            "2017-01-01",
            "2017-02-01",
        )


def test_bad_dates_are_refused():
    toy = _toy(["2017-01-05"], ["SRBM"])
    with pytest.raises(AnalysisInputError, match="not a date"):
        monthly_counts(toy, "spring", "2017-02-01")
    with pytest.raises(AnalysisInputError, match="before start"):
        monthly_counts(toy, "2017-03-01", "2017-02-01")


def test_salvo_is_many_missiles_but_one_launch_day():
    toy = _toy(["2017-03-06"] * 4 + ["2017-03-22"], ["MRBM"] * 4 + ["Unknown"])
    counts = monthly_counts(toy, "2017-03-01", "2017-03-31")
    assert counts.loc[pd.Period("2017-03", "M"), "missiles"] == 5
    assert counts.loc[pd.Period("2017-03", "M"), "launch_days"] == 2


def test_months_without_tests_are_zero_rows():
    toy = _toy(["2017-01-15", "2017-04-15"], ["SRBM", "SRBM"])
    counts = monthly_counts(toy, "2017-01-01", "2017-04-30")
    assert counts["missiles"].tolist() == [1, 0, 0, 1]


def test_2017_counts_match_the_record(tests):
    """Korean dates after the corrections: the known 2017 launch days by month."""
    counts = monthly_counts(tests, "2017-01-01", "2017-12-31")
    by_month = counts["launch_days"].tolist()
    assert by_month == [0, 1, 2, 3, 3, 0, 2, 2, 1, 0, 1, 0]
    assert counts["missiles"].sum() == 21


def test_monthly_by_range_class_adds_up(tests):
    table = monthly_by(tests, "2016-01-01", "2017-12-31", "range_class")
    counts = monthly_counts(tests, "2016-01-01", "2017-12-31")
    assert (table.sum(axis=1) == counts["missiles"]).all()
    assert list(table.columns) == [c for c in RANGE_CLASSES if c in table.columns]


def test_monthly_by_unknown_column():
    with pytest.raises(AnalysisInputError, match="no column 'colour'"):
        monthly_by(_toy(["2017-01-01"], ["SRBM"]), "2017-01-01", "2017-01-31", "colour")


def test_first_flights_and_first_successes(tests):
    assert str(first_flights(tests)["Hwasong-12"].date()) == "2017-04-05"
    firsts_ok = first_flights(tests, successful_only=True)
    assert str(firsts_ok["Hwasong-12"].date()) == "2017-05-14"
    assert str(firsts_ok["Hwasong-14"].date()) == "2017-07-04"


def test_period_summary_quality_proxies(tests):
    summary = period_summary(
        tests,
        {"before": ("2017-01-01", "2017-04-30"), "after": ("2017-05-01", "2017-08-31")},
    )
    assert summary.loc["before", "launch_days"] == 6
    assert summary.loc["after", "launch_days"] == 7
    assert summary.loc["before", "long_range_successes"] == 0
    assert summary.loc["after", "long_range_successes"] == 3
    assert "Hwasong-14" in summary.loc["after", "first_successes"]


def test_with_range_class_is_ordered():
    frame = with_range_class(_toy(["2017-01-01", "2017-01-02"], ["ICBM", "SRBM"]))
    assert frame["range_class"].cat.ordered
    assert frame["range_class"].max() == "intercontinental"


def test_compare_rates_known_values():
    assert compare_rates(5, 4, 5, 4).p_value == pytest.approx(1.0)
    # 0 of 10 events in the first of two equal periods: 2 * 0.5**10.
    assert compare_rates(0, 1, 10, 1).p_value == pytest.approx(2 * 0.5**10)


def test_compare_rates_refuses_bad_input():
    with pytest.raises(AnalysisInputError, match="whole number"):
        compare_rates(1.5, 1, 2, 1)
    with pytest.raises(AnalysisInputError, match="positive length"):
        compare_rates(1, 0, 2, 1)


@settings(max_examples=50, deadline=None)
@given(
    st.integers(0, 30),
    st.integers(0, 30),
    st.floats(0.5, 24, allow_nan=False),
    st.floats(0.5, 24, allow_nan=False),
)
def test_compare_rates_is_a_probability_and_symmetric(a, b, ma, mb):
    forward = compare_rates(a, ma, b, mb).p_value
    backward = compare_rates(b, mb, a, ma).p_value
    assert 0 < forward <= 1
    assert math.isclose(forward, backward, rel_tol=1e-6, abs_tol=1e-12)


def test_split_sensitivity_counts_every_launch_day_once(tests):
    table = split_sensitivity(tests, "2017-01-01", "2017-09-30", ["2017-04-08", "2017-05-10"])
    total = tests[(tests["date_kst"] >= "2017-01-01") & (tests["date_kst"] <= "2017-09-30")]
    for _, row in table.iterrows():
        assert row["launch_days_before"] + row["launch_days_after"] == total["date_kst"].nunique()


def test_split_outside_window_is_refused(tests):
    with pytest.raises(AnalysisInputError, match="must fall after"):
        split_sensitivity(tests, "2017-01-01", "2017-09-30", ["2018-01-01"])


def test_figures_draw(tests):
    counts = monthly_counts(tests, "2016-01-01", "2017-12-31")
    fig = figures.plot_monthly_counts(counts, markers={"2017-05-09": "election"})
    assert fig.axes[0].get_ylabel() == "count per month"
    table = monthly_by(tests, "2016-01-01", "2017-12-31", "range_class")
    fig2 = figures.plot_stacked_months(table)
    assert len(fig2.axes[0].patches) > 0
    events = pd.DataFrame(
        {"date": pd.to_datetime(["2017-01-20", "2017-05-09"]), "category": ["a", "b"]}
    )
    fig3 = figures.plot_event_timeline(events)
    assert [t.get_text() for t in fig3.axes[0].get_yticklabels()] == ["a", "b"]


def test_counts_around_resolutions(tests):
    from korea_talks.analysis.missile_tests import counts_around

    table = counts_around(tests, {"2371": "2017-08-05", "2375": "2017-09-11"}, days=30)
    # 26 and 29 August (four missiles) fall in the 30 days after 5 August.
    assert table.loc["2371", "launch_days_after"] == 2
    assert table.loc["2371", "missiles_after"] == 4
    # 28 July falls in the 30 days before 5 August.
    assert table.loc["2371", "launch_days_before"] == 1
    assert table.loc["2375", "launch_days_after"] == 1


def test_counts_around_refuses_bad_days(tests):
    from korea_talks.analysis.missile_tests import counts_around

    with pytest.raises(AnalysisInputError, match="whole number"):
        counts_around(tests, {"x": "2017-01-01"}, days=0)


def test_harmonise_salvo_dates_joins_the_september_2019_salvo(tests):
    from korea_talks.analysis.missile_tests import harmonise_salvo_dates

    fixed = harmonise_salvo_dates(tests)
    salvo = fixed[(fixed["date_utc"] == "2019-09-09") & (fixed["missile"] == "kn-25")]
    assert len(salvo) == 3
    assert set(salvo["date_kst"].dt.strftime("%Y-%m-%d")) == {"2019-09-10"}
    # Rows with a known time and untimed single launches are left alone.
    untouched = fixed["date_kst_exact"] | fixed["series"].isna()
    assert (fixed.loc[untouched, "date_kst"] == tests.loc[untouched, "date_kst"]).all()


def test_plot_state_lines_checks_columns():
    frame = pd.DataFrame({"step": [0, 1], "tension": [6.0, 8.0], "trust": [1.0, 0.0]})
    fig = figures.plot_state_lines(frame, ["tension", "trust"], labels=["start", "test"])
    assert len(fig.axes[0].lines) == 2
    with pytest.raises(ValueError, match="no column"):
        figures.plot_state_lines(frame, ["colour"])
