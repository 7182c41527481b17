"""The events of 2022-2025 (chapter 11): every row dated, sourced, and backed by a primary
document; bad copies of the file are refused with messages that name the row."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from pybtex.database import parse_file

from korea_talks import datasets
from korea_talks.datasets import (
    DataFileError,
    load_events_2017_2019,
    load_events_2017_2025,
    load_events_2020_2025,
)

ROOT = Path(__file__).resolve().parents[1]
ENTRIES = parse_file(ROOT / "book" / "references.bib").entries
FILE = datasets.DATA_DIR / "events_2020_2025.csv"

# A primary document is a record of the body that acted: the UN, a government, or a state
# news agency publishing its government's text. Scholarship and the press are secondary.
OFFICIAL_AUTHORS = (
    "United Nations",
    "Korean Central News Agency",
    "Voice of Korea",
    "Governments of",
    "President of Russia",
    "Ministry of Foreign Affairs",
)
OFFICIAL_HOSTS = ("press.un.org", "kcna.kp", "vok.rep.kp", "kremlin.ru", "mid.ru", "tass.com")


def _keys(cell: str) -> list[str]:
    return [key.strip() for key in str(cell).split(";") if key.strip()]


def _is_primary(key: str) -> bool:
    if key.startswith(("http://", "https://")):
        return any(host in key for host in OFFICIAL_HOSTS)
    authors = [str(p) for p in ENTRIES[key].persons.get("author", [])]
    return any(name in author for author in authors for name in OFFICIAL_AUTHORS)


def test_events_are_dated_sorted_and_after_2019():
    frame = load_events_2020_2025()
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert frame["date"].is_monotonic_increasing
    assert frame["date"].min() > load_events_2017_2019()["date"].max()
    assert frame["date"].max() <= pd.Timestamp("2025-12-31")


@pytest.mark.parametrize("row", range(len(pd.read_csv(FILE))))
def test_every_event_has_a_primary_source(row: int):
    event = load_events_2020_2025().iloc[row]
    primaries = _keys(event["primary_source"])
    assert primaries, event["event"]
    assert all(_is_primary(key) for key in primaries), (row, primaries)
    assert set(primaries) <= set(_keys(event["source"]))


def test_the_primary_check_refuses_a_newspaper():
    assert not _is_primary("hankyoreh2024hostile")
    assert not _is_primary("dyachkov2024relations")
    assert _is_primary("unpress2024panel")


def test_the_record_named_in_the_chapter_is_there():
    """The events chapter 11 discusses, by date and kind."""
    frame = load_events_2020_2025()
    kinds = dict(zip(frame["date"].dt.strftime("%Y-%m-%d"), frame["category"], strict=False))
    assert kinds["2022-05-26"] == "veto"
    assert kinds["2024-03-28"] == "veto"
    assert kinds["2023-09-13"] == "summit"
    assert kinds["2024-06-19"] == "treaty"
    assert {"2023-12-30", "2024-01-15"} <= set(kinds)
    assert (frame["category"] == "troops").sum() >= 2


def test_both_tables_combine_in_order():
    both = load_events_2017_2025()
    assert len(both) == len(load_events_2017_2019()) + len(load_events_2020_2025())
    assert both["date"].is_monotonic_increasing
    assert both["primary_source"].isna().sum() == len(load_events_2017_2019())


def _write_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    (tmp_path / FILE.name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)


def test_a_row_without_primary_source_is_refused(tmp_path, monkeypatch):
    text = FILE.read_text(encoding="utf-8").replace(
        ",unpress2022veto,unpress2022veto", ",,unpress2022veto"
    )
    _write_copy(tmp_path, monkeypatch, text)
    with pytest.raises(DataFileError, match=r"row 2, column 'primary_source'.*primary document"):
        load_events_2020_2025()


def test_a_primary_source_missing_from_source_is_refused(tmp_path, monkeypatch):
    text = FILE.read_text(encoding="utf-8").replace(
        ",unpress2022veto,unpress2022veto", ",unpress2022veto,hankyoreh2024hostile"
    )
    _write_copy(tmp_path, monkeypatch, text)
    with pytest.raises(DataFileError, match=r"row 2, column 'primary_source'.*also listed"):
        load_events_2020_2025()


def test_an_undated_row_is_refused(tmp_path, monkeypatch):
    text = FILE.read_text(encoding="utf-8").replace("2022-05-26,day,", "May 2022,day,")
    _write_copy(tmp_path, monkeypatch, text)
    with pytest.raises(DataFileError, match=r"row 2, column 'date'.*YYYY-MM-DD"):
        load_events_2020_2025()


def test_a_missing_column_names_what_is_needed(tmp_path, monkeypatch):
    lines = FILE.read_text(encoding="utf-8").splitlines()
    stripped = [line.rsplit(",", 2)[0] + "," + line.rsplit(",", 1)[1] for line in lines]
    _write_copy(tmp_path, monkeypatch, "\n".join(stripped) + "\n")
    with pytest.raises(DataFileError, match=r"missing column\(s\) primary_source"):
        load_events_2020_2025()


def test_section_ids_are_checked(tmp_path, monkeypatch):
    text = FILE.read_text(encoding="utf-8").replace(",veto,S6;S7,", ",veto,S6;S17,", 1)
    _write_copy(tmp_path, monkeypatch, text)
    with pytest.raises(DataFileError, match=r"row 2, column 'sections'.*S17"):
        load_events_2020_2025()


def test_no_event_text_runs_on_without_a_date():
    text = FILE.read_text(encoding="utf-8")
    assert all(re.match(r"\d{4}-\d{2}-\d{2},(day|month),", line) for line in text.splitlines()[1:])
