"""The golden session: actions of every kind, with fixed times, and how to record them.

:func:`record` checks and applies :data:`ACTIONS` in a new session and returns the log
records (what the store writes) and what the session then looks like. The files in
``tests/seminar/data/`` were written by ``python -m tests.seminar.golden`` before the
engine was split into modules (actions were dicts then, typed records now);
``test_golden_log`` checks that today's engine writes the same records and rebuilds the
same session from them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from korea_talks.seminar.engine import INSTRUCTOR, Seminar
from korea_talks.seminar.engine.actions import format_time

DATA = Path(__file__).parent / "data"
LOG = DATA / "golden_session.jsonl"
OUTCOME = DATA / "golden_session_outcome.json"
CONFIG: dict[str, Any] = {
    "teams": ["US", "DPRK", "ROK", "Russia"],
    "lens": "author",
    "rounds": 4,
    "round_minutes": 10.0,
    "title": "Golden session",
}
T = INSTRUCTOR  # the teacher
ACTIONS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("2026-03-02T09:00:00.000000Z", T, {"kind": "start"}),
    (
        "2026-03-02T09:00:30.250000Z",
        "US",
        {"kind": "offer", "to": ["DPRK"], "moves": ["us_demand_cvid"], "note": "first <b>"},
    ),
    (
        "2026-03-02T09:01:00.000000Z",
        "DPRK",
        {
            "kind": "answer",
            "offer": "O1",
            "answer": "reject",
            "reason": "crosses-red-line",
            "note": "no",
        },
    ),
    (
        "2026-03-02T09:01:30.000000Z",
        "US",
        {"kind": "offer", "to": "DPRK", "moves": ["us_direct_talks", "us_demand_cvid"]},
    ),
    (
        "2026-03-02T09:02:00.000000Z",
        "DPRK",
        {
            "kind": "answer",
            "offer": "O2",
            "answer": "counter",
            "reason": "wrong-sequence",
            "moves": ["us_direct_talks", "us_moratorium_for_moratorium"],
        },
    ),
    (
        "2026-03-02T09:02:30.000000Z",
        "US",
        {"kind": "answer", "offer": "O3", "answer": "accept", "reason": "better-than-batna"},
    ),
    ("2026-03-02T09:03:00.000000Z", T, {"kind": "pause"}),
    ("2026-03-02T09:05:00.000000Z", T, {"kind": "resume"}),
    (
        "2026-03-02T09:06:00.000000Z",
        "Russia",
        {
            "kind": "offer",
            "to": ["ROK", "China", "UN/IAEA"],
            "moves": ["russia_working_group", "rok_inter_korean_dialogue", "un_ministers_meeting"],
            "conditions": "if us_dprk_channel",
        },
    ),
    (
        "2026-03-02T09:06:30.000000Z",
        "ROK",
        {"kind": "answer", "offer": "O4", "answer": "accept", "reason": "meets-interests"},
    ),
    (
        "2026-03-02T09:07:00.000000Z",
        "US",
        {
            "kind": "offer",
            "to": ["DPRK"],
            "moves": ["us_suspend_exercises"],
            "conditions": ["if freeze >= 5", "after us_direct_talks"],
        },
    ),
    (
        "2026-03-02T09:07:30.000000Z",
        "DPRK",
        {"kind": "answer", "offer": "O5", "answer": "accept", "reason": "meets-interests"},
    ),
    ("2026-03-02T09:08:00.000000Z", T, {"kind": "next-round"}),
    ("2026-03-02T09:08:10.000000Z", T, {"kind": "set-lens", "lens": "washington"}),
    (
        "2026-03-02T09:09:00.000000Z",
        "ROK",
        {"kind": "offer", "to": ["US"], "moves": ["rok_inter_korean_dialogue"]},
    ),
    ("2026-03-02T09:09:30.000000Z", "ROK", {"kind": "withdraw", "offer": "O6"}),
    (
        "2026-03-02T09:10:00.000000Z",
        "DPRK",
        {"kind": "act", "move": "dprk_missile_test", "note": "alone"},
    ),
    (
        "2026-03-02T09:10:30.000000Z",
        "US",
        {"kind": "offer", "to": ["DPRK", "Japan"], "moves": ["us_sanctions"]},
    ),
    ("2026-03-02T09:11:00.000000Z", T, {"kind": "end"}),
)
"""(time, team, action): every action kind, a counter, conditions met and failed, a
withdrawal, model answers, a lens change and offers left open at the end."""


def record() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Play :data:`ACTIONS`; return the log records and the session's outcome."""
    seminar = Seminar.from_config(CONFIG)
    records = []
    for at, team, action in ACTIONS:
        checked = seminar.check({**action, "team": team, "at": at})
        checked = checked.numbered(len(seminar.actions) + 1)
        records.append(checked.to_record())
        seminar.apply(checked)
    return records, outcome(seminar)


def outcome(seminar: Seminar) -> dict[str, Any]:
    """What a session looks like: its shared view (clock aside), scores and every event."""
    view = seminar.view()
    view.pop("seconds_left")
    view["events"] = [dict(e.__dict__) for e in seminar.events]
    deadline = seminar.clock.deadline
    view["deadline"] = format_time(deadline) if deadline else None
    view["remaining_seconds"] = seminar.clock.remaining_seconds
    view["offer_answers"] = {
        o.id: {t: dict(a.__dict__) for t, a in o.answers.items()} for o in seminar.offers.values()
    }
    result: dict[str, Any] = json.loads(json.dumps(view))
    for offer in result["offers"]:
        # added to the view after the recording; it repeats the notes of offer_answers
        offer.pop("answer_notes", None)
    return result


def main() -> None:
    """Write the golden files (only when the engine's behaviour is meant to change)."""
    records, seen = record()
    DATA.mkdir(exist_ok=True)
    LOG.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    OUTCOME.write_text(json.dumps(seen, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {LOG.name} ({len(records)} records) and {OUTCOME.name}", file=sys.stderr)


if __name__ == "__main__":
    main()
