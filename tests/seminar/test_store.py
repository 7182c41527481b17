"""The SQLite store: written before acknowledged, resumed after a restart, codes per team."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from korea_talks.seminar.engine import SeminarError
from korea_talks.seminar.store import AccessError, SeminarStore, read_log, replay, write_log


@pytest.fixture
def store(tmp_path: Path) -> SeminarStore:
    s = SeminarStore.create(tmp_path / "class.sqlite", teams=("US", "DPRK", "Japan"))
    s.act(s.codes["instructor"], {"kind": "start"})
    return s


def test_every_acknowledged_action_is_on_disk_before_the_ack(store: SeminarStore) -> None:
    ack = store.act(
        store.codes["US"], {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"]}
    )
    # A second connection sees the row: it was committed before act() returned.
    rows = sqlite3.connect(store.path).execute("SELECT seq, team, kind FROM actions").fetchall()
    assert rows[-1] == (ack["seq"], "US", "offer")


def test_reopening_resumes_with_nothing_lost(store: SeminarStore) -> None:
    o = store.act(
        store.codes["US"], {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"]}
    )
    store.act(
        store.codes["DPRK"],
        {"kind": "answer", "offer": o["offer"], "answer": "accept", "reason": "builds-trust"},
    )
    view = store.seminar.view()
    store.close()
    again = SeminarStore.open(store.path)
    resumed = again.seminar.view()
    view.pop("seconds_left"), resumed.pop("seconds_left")
    assert resumed == view
    assert again.codes == store.codes
    again.act(again.codes["Japan"], {"kind": "act", "move": "japan_links_abductions"})
    assert again.seminar.moves()[-1] == "japan_links_abductions"


def test_refused_actions_are_not_written(store: SeminarStore) -> None:
    with pytest.raises(SeminarError):
        store.act(store.codes["US"], {"kind": "act", "move": "dprk_missile_test"})
    assert [r["kind"] for r in store.log()] == ["start"]


@pytest.mark.parametrize("code", [None, "", "NOPE00", 42])
def test_no_code_or_a_wrong_code_cannot_act(store: SeminarStore, code: object) -> None:
    with pytest.raises(AccessError, match="code"):
        store.act(code, {"kind": "act", "move": "us_sanctions"})


def test_a_code_acts_only_for_its_own_team(store: SeminarStore) -> None:
    with pytest.raises(AccessError, match="belongs to DPRK"):
        store.act(store.codes["DPRK"], {"kind": "act", "team": "US", "move": "us_sanctions"})
    with pytest.raises(AccessError, match="belongs to US"):
        store.act(store.codes["US"], {"kind": "start", "team": "instructor"})
    # without a team field, the code decides the team: DPRK cannot play a US move
    with pytest.raises(SeminarError, match="own moves"):
        store.act(store.codes["DPRK"], {"kind": "act", "move": "us_sanctions"})


def test_create_refuses_to_overwrite_a_session(store: SeminarStore) -> None:
    with pytest.raises(SeminarError, match="exists already"):
        SeminarStore.create(store.path, teams=("US",))


def test_the_log_round_trips_as_json_lines(store: SeminarStore, tmp_path: Path) -> None:
    store.act(store.codes["US"], {"kind": "act", "move": "us_direct_talks"})
    path = write_log(store.log(), tmp_path / "log.jsonl")
    again = replay(store.seminar.config(), read_log(path))
    assert again.moves() == store.seminar.moves()
    path.write_text("{not json\n")
    with pytest.raises(SeminarError, match="line 1"):
        read_log(path)
