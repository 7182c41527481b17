"""``korea-talks seminar debrief`` and ``log`` on a stored session; clear messages on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from korea_talks.cli import main
from korea_talks.seminar.store import SeminarStore, read_log


def test_debrief_and_log_from_a_session_file(tmp_path: Path) -> None:
    store = SeminarStore.create(tmp_path / "class.sqlite", teams=("US", "DPRK"))
    store.act(store.codes["instructor"], {"kind": "start"})
    store.act(store.codes["US"], {"kind": "act", "move": "us_direct_talks"})
    store.close()
    db = str(tmp_path / "class.sqlite")
    assert main(["seminar", "debrief", "--db", db, "--out", str(tmp_path / "d.html")]) == 0
    assert "Debrief" in (tmp_path / "d.html").read_text()
    assert main(["seminar", "log", "--db", db, "--out", str(tmp_path / "log.jsonl")]) == 0
    assert [r["kind"] for r in read_log(tmp_path / "log.jsonl")] == ["start", "act"]


def test_a_missing_session_file_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["seminar", "log", "--db", str(tmp_path / "none.sqlite"), "--out", "x"])
    assert status == 2
    assert "no session file here" in capsys.readouterr().out
