"""The log format does not change: the golden session writes and replays as recorded.

The files in ``tests/seminar/data/`` were recorded by :mod:`tests.seminar.golden` from
the engine as it was before its actions became typed records. A refactoring that changes
a log record (a field, its order, a time's format) or what a replay rebuilds fails here.
"""

from __future__ import annotations

import json

from korea_talks.seminar.store import read_log, replay
from tests.seminar import golden


def test_the_engine_writes_the_golden_records_byte_for_byte() -> None:
    records, _ = golden.record()
    written = [json.dumps(r, ensure_ascii=False) for r in records]
    assert written == golden.LOG.read_text(encoding="utf-8").splitlines()


def test_the_golden_log_replays_to_the_golden_outcome() -> None:
    """The session rebuilt from the log is the one recorded; the teams' scores, which
    follow the model's data (lenses, interests) rather than the engine, are compared
    with the live session's instead of the recorded figures."""
    replayed = golden.outcome(replay(golden.CONFIG, read_log(golden.LOG)))
    _, live = golden.record()
    assert replayed == live
    expected = json.loads(golden.OUTCOME.read_text(encoding="utf-8"))
    expected.pop("scores")
    assert replayed.pop("messages") == []  # the channels came later; the log has none
    assert {k: v for k, v in replayed.items() if k != "scores"} == expected


def test_the_golden_session_covers_every_action_kind() -> None:
    from korea_talks.seminar.engine import INSTRUCTOR_KINDS, TEAM_KINDS

    kinds = {r["kind"] for r in read_log(golden.LOG)}
    added_later = {"reopen", "void", "message", "team-note", "broadcast", "inject"}
    assert kinds == set(TEAM_KINDS + INSTRUCTOR_KINDS) - added_later
    statuses = {o["status"] for o in json.loads(golden.OUTCOME.read_text())["offers"]}
    assert statuses == {"rejected", "countered", "agreed", "failed", "withdrawn", "expired"}
