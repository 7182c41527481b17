"""``korea-talks seminar debrief`` and ``log`` on a stored session; clear messages on bad input."""

from __future__ import annotations

import re
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


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "no-such-folder" / "class.sqlite", "cannot use this file|no session file"),
        (lambda d: _write(d / "notes.txt", "not a database, just text\n" * 100), "cannot use"),
        (lambda d: _empty_sqlite(d / "other.sqlite"), "not a seminar session file"),
    ],
    ids=["folder-missing", "not-sqlite", "other-sqlite"],
)
def test_a_file_that_cannot_hold_a_session_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, expected: str
) -> None:
    db = make(tmp_path)
    for command in (["serve", "--port", "1"], ["log", "--out", str(tmp_path / "log.jsonl")]):
        status = main(["seminar", command[0], "--db", str(db), *command[1:]])
        out = capsys.readouterr()
        assert status == 2, command
        assert re.search(expected, out.out + out.err), out
        assert "Traceback" not in out.out + out.err


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _empty_sqlite(path: Path) -> Path:
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE grades (student TEXT)")
    db.close()
    return path


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_a_port_out_of_range_is_refused_with_the_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["seminar", "serve", "--db", str(tmp_path / "s.sqlite"), "--port", port])
    assert stop.value.code == 2
    assert "from 1 to 65535" in capsys.readouterr().err
    assert not (tmp_path / "s.sqlite").exists()  # refused before a session file is made
