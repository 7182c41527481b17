"""The engine continues the model's run of the shared sequence instead of running it all
again: the session it builds must be the one a from-scratch engine builds from its log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.seminar import model
from korea_talks.seminar.briefs import ANSWERS, load_session_rules
from korea_talks.seminar.engine import INSTRUCTOR, Seminar, SeminarError
from korea_talks.seminar.engine import session as session_module
from korea_talks.seminar.engine.actions import format_time
from korea_talks.seminar.engine.records import ModelRuns
from korea_talks.seminar.store import read_log, replay
from korea_talks.sequence import ACTORS, load_catalogue
from korea_talks.sequence.simulate import Progress
from tests.seminar import golden

CONFIG: dict[str, Any] = {
    "teams": ["US", "DPRK", "ROK", "Russia"],  # China, Japan and the UN/IAEA: the model
    "lens": "author",
    "rounds": 6,
    "round_minutes": 600.0,
    "title": "Incremental",
}
TEAMS = CONFIG["teams"]
BY_ACTOR = {actor: [m.id for m in moves] for actor, moves in load_catalogue().by_actor().items()}
REASONS = {
    answer: [r.id for r in load_session_rules().reasons.values() if answer in r.answers]
    for answer in ANSWERS
}
LENSES = model.available_lenses()


class FromScratch(ModelRuns):
    """The engine's model runs as they were: every sequence run from the start."""

    def run(self, moves: Sequence[str], lens: str) -> Progress:
        return self.after((), moves, lens)

    def after(
        self, moves: Sequence[str], added: Sequence[str], lens: str, *, keep: bool = False
    ) -> Progress:
        whole = model.run([*moves, *added], lens)
        state = tuple(float(v) for v in whole.final_state.values())
        return Progress(
            sequence=whole.sequence,
            lens=whole.lens,
            state=state,
            lines=tuple(line for line in whole.explanation if line.step > len(moves)),
            verdict=whole.verdict,
            verdict_text=whole.verdict_text,
            verdict_rule=whole.verdict_rule,
            verdict_cause=whole.verdict_cause,
            near_miss=whole.near_miss,
        )


def _action(draw: st.DrawFn, seminar: Seminar) -> dict[str, Any]:
    """One raw action a class might send now (it may still be refused: that is tested too)."""
    team = draw(st.sampled_from(TEAMS))
    kind = draw(st.sampled_from(["act", "offer", "offer", "answer", "answer", "instructor"]))
    if kind == "act":
        return {"kind": "act", "team": team, "move": draw(st.sampled_from(BY_ACTOR[team]))}
    if kind == "answer" and seminar.offers:
        offer = seminar.offers[draw(st.sampled_from(sorted(seminar.offers)))]
        waiting = [t for t in offer.waiting_for if t in TEAMS] or [team]
        answer = draw(st.sampled_from(ANSWERS))
        raw = {
            "kind": "answer",
            "team": draw(st.sampled_from(waiting)),
            "offer": offer.id,
            "answer": answer,
            "reason": draw(st.sampled_from(REASONS[answer])),
        }
        if answer == "counter":
            raw["moves"] = [draw(st.sampled_from(BY_ACTOR[offer.proposer]))]
        return raw
    if kind == "instructor":
        what = draw(st.sampled_from(["set-lens", "next-round", "void"]))
        raw = {"kind": what, "team": INSTRUCTOR}
        if what == "set-lens":
            raw["lens"] = draw(st.sampled_from(LENSES))
        if what == "void":
            voidable = [a.seq for a in seminar.voidable()] or [0]
            raw["target"] = draw(st.sampled_from(voidable))
        return raw
    others = [a for a in ACTORS if a != team]
    to = draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
    parties = [team, *to]
    moves = draw(
        st.lists(st.sampled_from([m for p in parties for m in BY_ACTOR[p]]), min_size=1, max_size=3)
    )
    raw = {"kind": "offer", "team": team, "to": to, "moves": moves}
    if draw(st.booleans()):
        raw["conditions"] = [draw(st.sampled_from(["if us_dprk_channel", "if freeze >= 1"]))]
    return raw


@st.composite
def played_sessions(draw: st.DrawFn) -> tuple[Seminar, list[dict[str, Any]]]:
    """A session played live by random actions, and its log records."""
    seminar = Seminar.from_config(CONFIG)
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    records = []
    for i in range(draw(st.integers(5, 60))):
        raw = {"kind": "start", "team": INSTRUCTOR} if i == 0 else _action(draw, seminar)
        raw["at"] = format_time(start + dt.timedelta(seconds=i))
        try:
            checked = seminar.check(raw).numbered(len(seminar.actions) + 1)
        except SeminarError:
            continue
        records.append(checked.to_record())
        seminar.apply(checked)
    return seminar, records


def state_of(seminar: Seminar) -> dict[str, Any]:
    """Everything a session shows: its outcome, and the scores under every lens."""
    seen = golden.outcome(seminar)
    seen["scores_by_lens"] = json.loads(json.dumps({lens: seminar.scores(lens) for lens in LENSES}))
    return seen


def from_scratch(config: dict[str, Any], records: list[dict[str, Any]]) -> Seminar:
    """The session replayed from its log by an engine that runs the model from the start."""
    with mock.patch.object(session_module, "ModelRuns", FromScratch):
        seminar = replay(config, records)
        assert isinstance(seminar.model_runs, FromScratch)
        return seminar


@settings(max_examples=40, deadline=None)
@given(played_sessions())
def test_the_live_session_equals_a_from_scratch_replay_of_its_log(
    played: tuple[Seminar, list[dict[str, Any]]],
) -> None:
    seminar, records = played
    live = state_of(seminar)
    assert live == state_of(from_scratch(CONFIG, records))
    assert live == state_of(replay(CONFIG, records))


def test_the_golden_log_replays_to_the_same_session_and_scores_as_from_scratch() -> None:
    records = read_log(golden.LOG)
    assert state_of(replay(golden.CONFIG, records)) == state_of(
        from_scratch(golden.CONFIG, records)
    )


def test_a_long_session_keeps_one_run_and_continues_it() -> None:
    """Hundreds of moves alone: each enters through a continuation of the kept run."""
    seminar = Seminar.from_config(CONFIG)
    seminar.submit({"kind": "start", "team": INSTRUCTOR})
    calls: list[int] = []
    real = model.advance

    def counted(progress: Progress | None, moves: Sequence[str], lens: str) -> Progress:
        calls.append(len(moves))
        return real(progress, moves, lens)

    with mock.patch.object(model, "advance", counted):
        for i in range(300):
            team = TEAMS[i % len(TEAMS)]
            move = BY_ACTOR[team][i % len(BY_ACTOR[team])]
            seminar.submit({"kind": "act", "team": team, "move": move})
            seminar.view("US")
    assert len(seminar.sequence) == 300
    assert max(calls) <= 1  # never the whole sequence again
    whole = model.run(seminar.moves(), seminar.lens)
    assert seminar.view()["verdict_text"] == whole.verdict_text
    assert [e.text for e in seminar.sequence] == [
        next(x.text for x in whole.explanation if x.step == e.step) for e in seminar.sequence
    ]


def test_a_void_replays_from_the_start_and_matches(seminar: Seminar) -> None:
    for move in ("us_direct_talks", "us_show_of_force", "us_strike"):
        seminar.submit({"kind": "act", "team": "US", "move": move})
    strike = seminar.actions[-1].seq
    seminar.submit({"kind": "void", "team": INSTRUCTOR, "target": strike})
    assert seminar.moves() == ["us_direct_talks", "us_show_of_force"]
    assert seminar.view()["verdict"] == model.run(seminar.moves()).verdict.value


def test_moves_that_do_not_continue_the_kept_run_are_run_anew() -> None:
    runs = ModelRuns()
    runs.run(["us_direct_talks", "us_show_of_force"], "author")
    other = ["us_strike", "us_direct_talks", "dprk_walk_out"]
    got = runs.run(other, "author")
    assert got.sequence == tuple(other)
    assert got.final_state == model.end_state(other, "author")


def test_the_shared_view_keeps_its_size_as_the_session_grows() -> None:
    """The view carries the latest moves (with their step numbers) and the open and latest
    offers, so a long session costs every read the same."""
    from korea_talks.seminar.engine.views import RECENT_OFFERS, RECENT_STEPS

    seminar = Seminar.from_config(CONFIG)
    seminar.submit({"kind": "start", "team": INSTRUCTOR})
    early = seminar.submit(
        {"kind": "offer", "team": "US", "to": ["DPRK"], "moves": [BY_ACTOR["US"][1]]}
    )["offer"]  # left open all along
    sizes = []
    for i in range(3 * RECENT_STEPS):
        seminar.submit({"kind": "act", "team": "ROK", "move": BY_ACTOR["ROK"][i % 3]})
        offer = seminar.submit(
            {"kind": "offer", "team": "US", "to": ["DPRK"], "moves": [BY_ACTOR["US"][0]]}
        )["offer"]
        seminar.submit(
            {
                "kind": "answer",
                "team": "DPRK",
                "offer": offer,
                "answer": "reject",
                "reason": REASONS["reject"][0],
            }
        )
        sizes.append(len(json.dumps(seminar.view("US"))))
    view = seminar.view("US")
    assert [e["step"] for e in view["sequence"]] == [
        e.step for e in seminar.sequence[-RECENT_STEPS:]
    ]
    assert view["sequence"][-1]["step"] == len(seminar.sequence) == 3 * RECENT_STEPS
    shown = [o["id"] for o in view["offers"]]
    assert shown == [early, *list(seminar.offers)[-RECENT_OFFERS:]]
    full = sizes[max(RECENT_STEPS, RECENT_OFFERS) :]  # both windows full: the same size
    assert max(full) - min(full) <= 0.05 * min(full)


def test_the_pages_number_the_latest_moves_from_their_own_step(tmp_path: Path) -> None:
    """With more moves than the view carries, the one-screen board and the projector
    number the moves they show from the step of the first one."""
    from korea_talks.seminar.engine.views import RECENT_STEPS
    from korea_talks.seminar.one_screen import SeminarTable
    from korea_talks.seminar.web import projector_data

    table = SeminarTable(tmp_path / "room.sqlite", teams=("US", "DPRK"))
    seminar = table.store.seminar
    seminar.submit({"kind": "start", "team": INSTRUCTOR})
    for i in range(RECENT_STEPS + 5):
        seminar.submit({"kind": "act", "team": "US", "move": BY_ACTOR["US"][i % 3]})
    table._refresh()
    first = len(seminar.sequence) - RECENT_STEPS + 1
    assert f"<ol start='{first}'>" in table.board.value
    shown = projector_data(seminar.view(None))["sequence"]
    assert [e["step"] for e in shown] == list(range(first, len(seminar.sequence) + 1))
