"""The SQLite store: written before acknowledged, resumed after a restart, codes per team."""

from __future__ import annotations

import datetime as dt
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


def test_a_retried_action_is_recorded_once_even_across_a_restart(tmp_path) -> None:

    path = tmp_path / "keys.sqlite"
    store = SeminarStore.create(path, teams=("US", "DPRK"))
    store.act(store.codes["instructor"], {"kind": "start", "key": "start-1"})
    offer = {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"], "key": "k-1"}
    first = store.act(store.codes["US"], offer)
    again = store.act(store.codes["US"], offer)
    assert again == {**first, "repeat": True} and len(store.seminar.offers) == 1
    store.close()
    reopened = SeminarStore.open(path)
    assert reopened.act(reopened.codes["US"], offer)["offer"] == first["offer"]
    assert len(reopened.seminar.offers) == 1
    with pytest.raises(SeminarError, match="'key' must be a text"):
        reopened.act(reopened.codes["US"], {**offer, "key": "x" * 200})


def test_a_device_guessing_codes_is_locked_out_and_others_are_not(tmp_path) -> None:
    from korea_talks.seminar.guard import FAILURES_PER_CLIENT

    store = SeminarStore.create(tmp_path / "guess.sqlite", teams=("US", "DPRK"))
    for n in range(FAILURES_PER_CLIENT):
        with pytest.raises(AccessError, match="unknown join code"):
            store.team_for(f"WRONG{n:05d}", client="10.0.0.9")
    with pytest.raises(AccessError, match="too many wrong join codes"):
        store.team_for(store.codes["US"], client="10.0.0.9")  # even the right code
    assert store.team_for(store.codes["US"], client="10.0.0.10") == "US"
    code = store.codes["DPRK"]
    assert store.team_for(f" {code[:5].lower()}-{code[5:]} ", client="10.0.0.10") == "DPRK"
    assert len(store.codes["US"]) == 10


# ------------------------------------------------------------------ the clock while down


def _stop_and_restart(
    store: SeminarStore, alive_for: float, down_for: float
) -> tuple[float | None, SeminarStore, dt.datetime]:
    """The server beats ``alive_for`` seconds after the last action, then dies; it starts
    again ``down_for`` seconds later (moved on a fake clock, not slept). Returns the seconds
    left when it stopped, the restarted store and the time of the restart."""
    stopped = store.seminar.actions[-1].at + dt.timedelta(seconds=alive_for)
    store.beat(stopped)
    left = store.seminar.seconds_left(stopped)
    store.close()
    restarted = stopped + dt.timedelta(seconds=down_for)
    again = SeminarStore.open(store.path)
    again.resume_clock(restarted)
    return left, again, restarted


def test_the_rounds_clock_does_not_run_while_the_server_is_down(store: SeminarStore) -> None:
    left, again, restarted = _stop_and_restart(store, alive_for=90, down_for=2 * 3600)
    assert left is not None and 0 < left < store.seminar.round_minutes * 60
    assert again.seminar.seconds_left(restarted) == pytest.approx(left)
    record = list(again.log())[-1]
    assert record["kind"] == "downtime" and record["team"] == "instructor"
    assert "did not run" in again.seminar.events[-1].text
    later = restarted + dt.timedelta(seconds=30)
    assert again.seminar.seconds_left(later) == pytest.approx(left - 30)
    again.close()
    # the record replays: a third start finds the same clock, and no new downtime to log
    third = SeminarStore.open(store.path)
    assert third.seminar.seconds_left(later) == pytest.approx(left - 30)
    assert third.resume_clock(restarted) is None


def test_a_round_that_had_closed_stays_closed_and_a_pause_needs_no_record(
    store: SeminarStore,
) -> None:
    minutes = store.seminar.round_minutes
    _, again, restarted = _stop_and_restart(store, alive_for=minutes * 60 + 5, down_for=600)
    assert again.seminar.seconds_left(restarted) == 0
    again.act(again.codes["instructor"], {"kind": "next-round"})
    again.act(again.codes["instructor"], {"kind": "pause"})
    left, third, restarted = _stop_and_restart(again, alive_for=1, down_for=600)
    assert third.resume_clock(restarted) is None and list(third.log())[-1]["kind"] == "pause"
    assert third.seminar.seconds_left(restarted) == left
