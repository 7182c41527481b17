"""Tests of the loaders for the counter-arguments and settlement-conditions tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from korea_talks import datasets
from korea_talks.datasets import DataFileError, load_counter_arguments, load_settlement_conditions

TABLES = ("counter_arguments", "settlement_conditions")


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the loaders at a writable copy of the two tables."""
    for name in TABLES:
        shutil.copy(datasets.DATA_DIR / f"{name}.csv", tmp_path / f"{name}.csv")
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)
    return tmp_path


def test_settlement_table_covers_the_six_parties():
    parties = " ".join(load_settlement_conditions()["party"])
    for party in ("United States", "South Korea", "North Korea", "China", "Russia", "Japan"):
        assert party in parties


def test_unknown_section_id_names_row_and_allowed_ids(data_copy: Path):
    path = data_copy / "settlement_conditions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("S10;S9", "S10;S11", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"row 2, column 'article_sections'.*S11.*S1, S2"):
        load_settlement_conditions()


def test_duplicate_counter_argument_id_is_rejected(data_copy: Path):
    path = data_copy / "counter_arguments.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"column 'id'.*unique"):
        load_counter_arguments()


def test_missing_source_is_rejected(data_copy: Path):
    path = data_copy / "settlement_conditions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head, _, _ = lines[1].rpartition(",")
    lines[1] = head + ","
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="column 'source'"):
        load_settlement_conditions()
