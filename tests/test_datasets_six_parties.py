"""The six-party estimates of 2017 and 2024 for the bargaining model: both load through one
loader, every number has its basis and sources, and bad input is refused clearly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from korea_talks import datasets
from korea_talks.bargaining import actors as bargaining_actors
from korea_talks.bargaining import (
    load_six_parties,
    run_model,
    six_parties,
    six_parties_2017,
    six_parties_2024,
)
from korea_talks.datasets import DataFileError

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "book" / "references.bib"
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("year", [2017, 2024])
def test_every_estimate_has_its_basis_sections_and_known_sources(year: int):
    frame = load_six_parties(year)
    assert sorted(frame["actor"]) == sorted(load_six_parties(2017)["actor"])
    for column in ("position_basis", "capability_basis", "salience_basis"):
        assert frame[column].str.startswith("Our estimate").all(), column
    for cell in frame["source"]:
        assert all(key.strip() in BIB_KEYS for key in cell.split(";"))
    assert frame["sections"].str.fullmatch(r"S\d+(;S\d+)*").all()


def test_the_2024_basis_says_what_moved_from_2017():
    """A number that changed says so, with the 2017 value, so a reader can argue with it."""
    old = load_six_parties(2017).set_index("actor")
    new = load_six_parties(2024).set_index("actor")
    for actor in new.index:
        for column in ("position", "salience"):
            if new.at[actor, column] != old.at[actor, column]:
                basis = new.at[actor, f"{column}_basis"]
                assert f"{old.at[actor, column]:g}" in basis, (actor, column)


def test_the_year_functions_agree_with_the_loader():
    assert six_parties_2017() == six_parties(2017)
    assert six_parties_2024() == six_parties(2024)


def test_an_unknown_year_says_which_years_exist():
    with pytest.raises(DataFileError, match=r"2019.*2017, 2024"):
        load_six_parties(2019)


def test_an_empty_basis_is_refused(tmp_path, monkeypatch):
    path = datasets.DATA_DIR / "six_parties_2024.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    cells = lines[1].split(',"', 1)
    lines[1] = cells[0] + ',"",' + cells[1].split('",', 1)[1]
    (tmp_path / path.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(bargaining_actors, "DATA_DIR", tmp_path)
    with pytest.raises(DataFileError, match=r"row 2, column 'position_basis' is empty"):
        load_six_parties(2024)


def test_a_position_that_is_not_a_number_names_its_row(tmp_path, monkeypatch):
    path = datasets.DATA_DIR / "six_parties_2024.csv"
    text = path.read_text(encoding="utf-8").replace("Russia,98,", "Russia,high,", 1)
    (tmp_path / path.name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(bargaining_actors, "DATA_DIR", tmp_path)
    with pytest.raises(DataFileError, match=r"row 6, column 'position'.*'high'"):
        load_six_parties(2024)


def test_the_forecast_is_computed_for_both_years():
    """No hard-coded numbers: both runs settle, and the 2024 median is held by an actor."""
    for year in (2017, 2024):
        table = six_parties(year)
        result = run_model(table, rounds=10)
        assert result.converged
        assert result.initial_median in table.positions
