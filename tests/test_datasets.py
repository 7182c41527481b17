"""Tests of the typed loaders in korea_talks.datasets (the CNS missile tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from korea_talks import datasets
from korea_talks.datasets import DataFileError, load_missile_tests


@pytest.fixture(scope="module")
def tests_frame() -> pd.DataFrame:
    return load_missile_tests()


@pytest.fixture
def cns_copy(tmp_path: Path) -> Path:
    """A writable copy of the CNS folder, to damage in a test."""
    target = tmp_path / "cns"
    shutil.copytree(datasets.CNS_DIR, target)
    return target


def test_row_count_matches_the_source_file(tests_frame):
    raw_lines = (datasets.CNS_DIR / "tests.csv").read_text(encoding="utf-8").splitlines()
    assert len(tests_frame) == len(raw_lines) - 1 == 339


def test_dtypes(tests_frame):
    dtypes = tests_frame.dtypes
    for column in ("date_utc", "datetime_utc", "date_kst"):
        assert pd.api.types.is_datetime64_any_dtype(dtypes[column]), column
    for column in ("apogee_km", "distance_km", "bearing_deg"):
        assert str(dtypes[column]) == "Float64", column
    for column in ("missile_type", "outcome", "landing", "date_precision"):
        assert isinstance(dtypes[column], pd.CategoricalDtype), column
    assert str(dtypes["series"]) == "Int64"
    assert dtypes["glide"] == "bool"
    assert dtypes["date_kst_exact"] == "bool"


def test_month_only_dates_are_first_of_month(tests_frame):
    month_rows = tests_frame[tests_frame["date_precision"] == "month"]
    assert len(month_rows) == 8
    assert (month_rows["date_utc"].dt.day == 1).all()
    assert month_rows["datetime_utc"].isna().all()
    assert not month_rows["date_kst_exact"].any()


def test_korean_date_of_a_morning_launch_is_the_next_day(tests_frame):
    # Hwasong-15: 2017-11-28 18:18 UTC is 2017-11-29 03:18 in Korea (UTC+9).
    row = tests_frame[tests_frame["missile_name"] == "Hwasong-15"].iloc[0]
    assert row["date_utc"] == pd.Timestamp("2017-11-28")
    assert row["date_kst"] == pd.Timestamp("2017-11-29")
    assert row["date_kst_exact"]


def test_korean_date_equals_utc_date_for_an_afternoon_utc_launch(tests_frame):
    known = tests_frame[tests_frame["date_kst_exact"]]
    early = known[known["datetime_utc"].dt.hour < 15]
    assert (early["date_kst"] == early["date_utc"]).all()
    late = known[known["datetime_utc"].dt.hour >= 15]
    assert (late["date_kst"] == late["date_utc"] + pd.Timedelta(days=1)).all()


def test_missile_types_and_facilities_are_joined(tests_frame):
    assert tests_frame["missile_name"].notna().all()
    assert tests_frame["facility_name"].notna().all()
    assert {"SRBM", "MRBM", "IRBM", "ICBM"} <= set(tests_frame["missile_type"].cat.categories)


def test_missing_file_names_the_file(cns_copy):
    (cns_copy / "tests.csv").unlink()
    with pytest.raises(DataFileError, match=r"tests\.csv: file not found"):
        load_missile_tests(cns_copy)


def test_missing_column_is_named(cns_copy):
    path = cns_copy / "tests.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.drop(columns=["outcome"]).to_csv(path, index=False)
    with pytest.raises(DataFileError, match=r"missing column\(s\) outcome"):
        load_missile_tests(cns_copy)


@pytest.mark.parametrize(
    ("column", "value", "allowed"),
    [
        ("date", "2017/05/14", "YYYY-MM-DD or YYYY-MM"),
        ("date", "2017-02-30", "a real calendar date"),
        ("time_utc", "25:00", "HH:MM"),
        ("outcome", "partial", "success, failure, unknown"),
        ("missile", "hwasong-99", "a key of missiles.csv"),
        ("apogee_km", "high", "a number or an empty cell"),
    ],
)
def test_bad_value_names_row_column_and_what_is_allowed(cns_copy, column, value, allowed):
    path = cns_copy / "tests.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[120, column] = value
    frame.to_csv(path, index=False)
    with pytest.raises(DataFileError) as caught:
        load_missile_tests(cns_copy)
    message = str(caught.value)
    assert "row 122" in message
    assert repr(column) in message
    assert allowed in message


def test_binary_garbage_is_reported_as_unreadable(cns_copy):
    (cns_copy / "missiles.csv").write_bytes(b"\xff\xfe\x00garbage\x00")
    with pytest.raises(DataFileError, match=r"missiles\.csv"):
        load_missile_tests(cns_copy)


def test_empty_file_is_reported(cns_copy):
    (cns_copy / "facilities.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"facilities\.csv: not a readable CSV"):
        load_missile_tests(cns_copy)


def test_credit_line_is_the_one_the_data_folder_requires():
    readme = (datasets.CNS_DIR / "README.md").read_text(encoding="utf-8")
    assert "James Martin Center for Nonproliferation Studies" in datasets.CNS_CREDIT
    assert "nagix/nk-missile-tests" in readme and "nagix/nk-missile-tests" in datasets.CNS_CREDIT


def test_corrections_are_applied_by_default(tests_frame):
    raw = load_missile_tests(apply_corrections=False)
    may = tests_frame[
        (tests_frame["missile_name"] == "Hwasong-12") & (tests_frame["date_kst"].dt.month == 5)
    ]
    assert may["date_kst"].dt.day.tolist() == [14]
    assert (raw["date_kst"] != tests_frame["date_kst"]).sum() == 1


def test_a_correction_that_matches_no_test_is_an_error(cns_copy):
    path = cns_copy / "corrections.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.loc[0, "missile"] = "hwasong-99"
    frame.to_csv(path, index=False)
    with pytest.raises(DataFileError, match="hwasong-99"):
        load_missile_tests(cns_copy)


def test_a_correction_of_an_unknown_field_is_an_error(cns_copy):
    path = cns_copy / "corrections.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.loc[0, "field"] = "apogee"
    frame.to_csv(path, index=False)
    with pytest.raises(DataFileError, match="allowed: date, time_utc"):
        load_missile_tests(cns_copy)
