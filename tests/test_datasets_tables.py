"""Tests of the dated event tables, the UN sanctions table and the CNS corrections."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from korea_talks import datasets
from korea_talks.datasets import (
    EXPECTATION_OUTCOMES,
    SCORED_STANCES,
    DataFileError,
    apply_missile_test_corrections,
    load_events_2017_2019,
    load_expectations_2017_2019,
    load_missile_test_corrections,
    load_missile_tests,
    load_timeline_2017,
    load_unsc_resolutions,
)
from korea_talks.sections import SECTION_IDS

BIB = Path(__file__).resolve().parents[1] / "book" / "references.bib"
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M))

LOADERS = {
    "timeline_2017": load_timeline_2017,
    "events_2017_2019": load_events_2017_2019,
    "unsc_resolutions_2016_2017": load_unsc_resolutions,
}


def _keys(cell: str) -> list[str]:
    return [key.strip() for key in cell.split(";") if key.strip()]


@pytest.mark.parametrize("name", ["timeline_2017", "events_2017_2019"])
def test_event_tables_are_dated_and_sorted(name):
    """What the loader returns; what it refuses is tested below with bad copies."""
    frame = LOADERS[name]()
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert frame["date"].is_monotonic_increasing
    assert all(isinstance(ids, tuple) for ids in frame["sections"])


def test_timeline_stays_inside_the_article_window():
    frame = load_timeline_2017()
    assert frame["date"].min() >= pd.Timestamp("2017-01-01")
    assert frame["date"].max() <= pd.Timestamp("2017-09-30")


def test_timeline_uses_korean_dates_for_launches():
    """Spot checks against the sources: Korean dates, not the UTC dates of the CNS data."""
    frame = load_timeline_2017().set_index("event")
    dates = {
        "Pukguksong-2": "2017-02-12",
        "Hwasong-12": "2017-05-14",
        "First test of the Hwasong-14": "2017-07-04",
        "Song Young-gil": "2017-05-24",
    }
    for needle, expected in dates.items():
        hits = frame[frame.index.str.contains(needle)]
        assert len(hits) == 1, needle
        assert str(hits["date"].iloc[0].date()) == expected, needle


def test_events_follow_the_timeline():
    assert load_events_2017_2019()["date"].min() > load_timeline_2017()["date"].max()


def test_unsc_table_columns_and_numbers():
    frame = load_unsc_resolutions()
    assert frame["number"].tolist() == [2270, 2321, 2356, 2371, 2375, 2397]
    assert frame["date_adopted"].dt.year.tolist() == [2016, 2016, 2017, 2017, 2017, 2017]
    assert frame["main_measures"].str.len().gt(20).all()


def test_bad_section_id_is_reported_with_its_row(tmp_path, monkeypatch):
    source = (datasets.DATA_DIR / "timeline_2017.csv").read_text(encoding="utf-8")
    lines = source.splitlines()
    lines[3] = lines[3].replace(",S2,", ",S12,", 1)
    (tmp_path / "timeline_2017.csv").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)
    with pytest.raises(DataFileError, match=r"row 4, column 'sections'.*S12"):
        load_timeline_2017()


def test_bad_precision_is_reported(tmp_path, monkeypatch):
    source = (datasets.DATA_DIR / "events_2017_2019.csv").read_text(encoding="utf-8")
    (tmp_path / "events_2017_2019.csv").write_text(
        source.replace("2018-01-01,day,", "2018-01-01,week,"), encoding="utf-8"
    )
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)
    with pytest.raises(DataFileError, match=r"date_precision.*'week'.*day, month"):
        load_events_2017_2019()


def test_corrections_cite_known_keys():
    for cell in load_missile_test_corrections()["source"]:
        assert all(key in BIB_KEYS for key in _keys(cell))


def test_corrections_fix_the_korean_dates(tmp_path):
    # The mirror as shipped, without the corrections file (the loader may apply it).
    shutil.copytree(datasets.CNS_DIR, tmp_path / "cns")
    (tmp_path / "cns" / "corrections.csv").unlink()
    raw = load_missile_tests(tmp_path / "cns")
    fixed = apply_missile_test_corrections(raw)
    hwasong12 = fixed[(fixed["missile"] == "hwasong-12") & (fixed["outcome"] == "success")]
    assert str(hwasong12["date_kst"].iloc[0].date()) == "2017-05-14"
    hwasong14 = fixed[fixed["missile"] == "hwasong-14"].iloc[0]
    assert str(hwasong14["datetime_utc"]) == "2017-07-04 00:40:00"
    assert str(hwasong14["date_kst"].date()) == "2017-07-04"
    # Nothing else moves.
    changed = (raw["date_kst"] != fixed["date_kst"]) | (raw["time_utc"] != fixed["time_utc"])
    assert int(changed.fillna(False).sum()) == 2
    assert len(fixed) == len(raw)


def test_corrections_are_idempotent():
    once = apply_missile_test_corrections(load_missile_tests())
    assert apply_missile_test_corrections(once).equals(once)


def test_correction_that_matches_nothing_fails():
    bad = load_missile_test_corrections().copy()
    bad.loc[0, "date_utc"] = "1999-01-01"
    bad.loc[0, "value"] = "1999-01-02"
    with pytest.raises(DataFileError, match="0 tests match date_utc 1999-01-01"):
        apply_missile_test_corrections(load_missile_tests(apply_corrections=False), bad)


def test_expectations_scorecard_is_sourced_and_sectioned():
    frame = load_expectations_2017_2019()
    assert frame["id"].is_unique
    for number, row in enumerate(frame.itertuples(index=False), start=2):
        assert set(row.sections) <= set(SECTION_IDS), f"row {number}: {row.sections}"
        assert row.outcome in EXPECTATION_OUTCOMES[row.stance], f"row {number}"
        unknown = [key for key in _keys(row.source) if key not in BIB_KEYS]
        assert not unknown, f"row {number} cites unknown key(s) {unknown}"


HEDGES = re.compile(r"\b(?:may|might|could|can|cannot be excluded)\b", re.I)


def test_a_possibility_keeps_its_hedge_and_a_forecast_has_none():
    """The wording of each row shows how firmly the article commits itself."""
    frame = load_expectations_2017_2019()
    for row in frame.itertuples(index=False):
        if row.stance == "possibility":
            assert HEDGES.search(row.expectation), f"{row.id}: the hedge is dropped"
        if row.stance == "forecast":
            assert not HEDGES.search(row.expectation), f"{row.id}: a hedged forecast"


def test_only_forecasts_and_proposals_are_scored():
    frame = load_expectations_2017_2019()
    assert set(frame.loc[frame["scored"], "stance"]) <= set(SCORED_STANCES)
    unscored = frame.loc[~frame["scored"], "outcome"]
    assert not set(unscored) & {"held", "partly", "did not happen"}


def _expectations_copy(tmp_path, monkeypatch, replace: tuple[str, str]) -> None:
    text = (datasets.DATA_DIR / "expectations_2017_2019.csv").read_text(encoding="utf-8")
    assert replace[0] in text
    (tmp_path / "expectations_2017_2019.csv").write_text(
        text.replace(*replace, 1), encoding="utf-8"
    )
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)


def test_a_possibility_scored_as_a_forecast_that_held_is_refused(tmp_path, monkeypatch):
    _expectations_copy(
        tmp_path, monkeypatch, (",S2,possibility,came about,", ",S2,possibility,held,")
    )
    with pytest.raises(DataFileError, match=r"row 4, column 'outcome'.*for a possibility"):
        load_expectations_2017_2019()


def test_an_unknown_stance_is_refused(tmp_path, monkeypatch):
    _expectations_copy(tmp_path, monkeypatch, (",S2,possibility,", ",S2,prophecy,"))
    with pytest.raises(DataFileError, match=r"column 'stance'.*allowed: forecast, proposal"):
        load_expectations_2017_2019()
