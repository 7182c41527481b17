"""The channels: bilateral messages, team notes, broadcasts and injects reach only their
readers (in the engine, over HTTP, on the pages, on the projector and in the debrief)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import permutations
from pathlib import Path

import pytest
import solara
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.seminar import views, web
from korea_talks.seminar.debrief import debrief_html, timeline
from korea_talks.seminar.engine import INSTRUCTOR, Seminar, SeminarError
from korea_talks.seminar.engine.channels import MAX_PER_ROUND, MAX_TEXT, load_injects
from korea_talks.seminar.store import SeminarStore, read_log, replay, write_log
from korea_talks.seminar.web import ServerProcess, post_action
from tests.seminar.test_server import CODES, free_port, get, new_session
from tests.seminar.test_views import _shown

TEAMS = ("US", "DPRK", "ROK", "China", "Russia", "Japan")
REFERENCES = Path(__file__).resolve().parents[2] / "book" / "references.bib"


def secret(sender: str, to: str) -> str:
    """A text that names its channel, so that a leak says where it came from."""
    return f"secret-{sender}-to-{to}-Q7"


def every_private_text(s: Seminar) -> dict[str, tuple[str, ...]]:
    """Send a message along every ordered pair of teams and a note by every team; return
    each text with the teams that may read it."""
    readers: dict[str, tuple[str, ...]] = {}
    for sender, to in permutations(s.teams, 2):
        s.submit({"kind": "message", "team": sender, "to": to, "text": secret(sender, to)})
        readers[secret(sender, to)] = (sender, to)
    for team in s.teams:
        s.submit({"kind": "team-note", "team": team, "text": secret(team, "itself")})
        readers[secret(team, "itself")] = (team,)
    return readers


def test_each_text_reaches_only_its_readers_and_the_instructor(seminar: Seminar) -> None:
    readers = every_private_text(seminar)
    seminar.submit({"kind": "broadcast", "team": INSTRUCTOR, "text": "Two minutes left"})
    seminar.submit({"kind": "inject", "team": INSTRUCTOR, "inject": "sixth-nuclear-test"})
    for team in TEAMS:  # teams in play and teams the model plays
        state = json.dumps(seminar.view(team))
        for text, allowed in readers.items():
            assert (text in state) == (team in allowed), (team, text)
        assert "Two minutes left" in state and "sixth nuclear test" in state
    everything = json.dumps(seminar.view(None))
    assert all(text in everything for text in readers)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(("US", "DPRK", "ROK", "Russia")), st.integers(0, 3)),
        max_size=12,
    )
)
def test_no_view_ever_holds_a_message_its_team_may_not_read(
    sends: list[tuple[str, int]],
) -> None:
    s = Seminar(("US", "DPRK", "ROK", "Russia"))
    s.submit({"kind": "start", "team": INSTRUCTOR})
    for sender, pick in sends:
        others = [t for t in s.teams if t != sender]
        if pick == len(others):
            s.submit({"kind": "team-note", "team": sender, "text": "n"})
        else:
            s.submit({"kind": "message", "team": sender, "to": others[pick], "text": "m"})
    for team in TEAMS:
        for m in s.view(team)["messages"]:
            assert team == m["from"] or team in m["to"], (team, m)
    assert len(s.view(None)["messages"]) == len(sends)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"kind": "message", "team": "US", "to": "US", "text": "x"}, "one other team"),
        ({"kind": "message", "team": "US", "to": "China", "text": "x"}, "one other team"),
        ({"kind": "message", "team": "US", "to": ["DPRK"], "text": "x"}, "one other team"),
        ({"kind": "message", "team": "US", "to": "DPRK", "text": "x" * (MAX_TEXT + 1)}, "1 to"),
        ({"kind": "message", "team": "US", "to": "DPRK", "text": "   "}, "is empty"),
        ({"kind": "message", "team": "US", "to": "DPRK", "text": 5}, "must be a text"),
        ({"kind": "team-note", "team": "US", "text": "bell\x07"}, "U+0007"),
        ({"kind": "team-note", "team": "US", "text": "esc\x1b[31m"}, "U+001B"),
        ({"kind": "team-note", "team": "US", "text": "rtl\u202e"}, "U+202E"),
        ({"kind": "broadcast", "team": "US", "text": "I am the teacher"}, "only the instructor"),
        ({"kind": "inject", "team": INSTRUCTOR, "inject": "martians"}, "allowed: icbm-july"),
        ({"kind": "downtime", "team": INSTRUCTOR, "since": "2026-01-01T00:00:00Z"}, "unknown"),
    ],
)
def test_bad_texts_and_addressees_are_refused_with_what_is_allowed(
    seminar: Seminar, action: dict, message: str
) -> None:
    with pytest.raises(SeminarError, match=re.escape(message)):
        seminar.submit(action)
    assert seminar.messages == []


def test_texts_keep_line_breaks_and_lose_outer_spaces_and_tabs(seminar: Seminar) -> None:
    seminar.submit({"kind": "team-note", "team": "US", "text": "  a\tb\r\nc  "})
    assert seminar.messages[-1].text == "a b\nc"


def test_channels_stay_open_in_a_pause_and_close_at_the_end(seminar: Seminar) -> None:
    seminar.submit({"kind": "pause", "team": INSTRUCTOR})
    seminar.submit({"kind": "message", "team": "US", "to": "DPRK", "text": "in the corridor"})
    with pytest.raises(SeminarError, match="wait for the instructor"):
        seminar.submit({"kind": "act", "team": "US", "move": "us_direct_talks"})
    seminar.submit({"kind": "end", "team": INSTRUCTOR})
    with pytest.raises(SeminarError, match="session is over"):
        seminar.submit({"kind": "team-note", "team": "US", "text": "too late"})


def test_a_team_writes_at_most_its_allowance_in_a_round(seminar: Seminar) -> None:
    for n in range(MAX_PER_ROUND):
        seminar.submit({"kind": "team-note", "team": "US", "text": f"note {n}"})
    with pytest.raises(SeminarError, match="the most a round allows"):
        seminar.submit({"kind": "message", "team": "US", "to": "DPRK", "text": "one more"})
    seminar.submit({"kind": "message", "team": "DPRK", "to": "US", "text": "others may"})
    seminar.submit({"kind": "next-round", "team": INSTRUCTOR})
    seminar.submit({"kind": "message", "team": "US", "to": "DPRK", "text": "a new round"})


def test_the_instructors_page_shows_teams_messages_only_on_request(tmp_path: Path) -> None:
    import ipyvuetify as v

    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})
    store.act(store.codes["US"], {"kind": "message", "to": "DPRK", "text": secret("US", "DPRK")})
    store.act(store.codes["instructor"], {"kind": "broadcast", "text": "Coffee at eleven"})
    _box, rc = solara.render(views.InstructorView("x"), handle_error=False)
    try:
        shown = " ".join(_shown(rc)["html"])
        assert "Coffee at eleven" in shown and secret("US", "DPRK") not in shown
        label = "Show the teams' messages and notes (not on the projector)"
        rc.find(v.Checkbox, label=label).widget.v_model = True
        assert secret("US", "DPRK") in " ".join(_shown(rc)["html"])
    finally:
        rc.close()


def test_the_log_keeps_every_channel_and_replays_it(seminar: Seminar, tmp_path: Path) -> None:
    every_private_text(seminar)
    seminar.submit({"kind": "inject", "team": INSTRUCTOR, "inject": "icbm-july"})
    seminar.submit({"kind": "broadcast", "team": INSTRUCTOR, "text": "Back in <b>5</b>"})
    path = write_log([a.to_record() for a in seminar.actions], tmp_path / "log.jsonl")
    records = read_log(path)
    inject = next(r for r in records if r["kind"] == "inject")
    assert inject["title"] == load_injects()["icbm-july"].title  # the words travel with it
    again = replay(seminar.config(), records)
    assert again.messages == seminar.messages
    assert [e.text for e in again.events] == [e.text for e in seminar.events]


def test_every_inject_is_a_sourced_event_of_2017_or_a_marked_assumption() -> None:
    keys = set(re.findall(r"^@\w+\{([^,]+),", REFERENCES.read_text(encoding="utf-8"), re.M))
    injects = load_injects().values()
    assert any("missile" in i.title for i in injects)
    for inject in injects:
        if inject.source:
            assert inject.source in keys, inject.id
            assert inject.date.startswith("2017-"), inject.id
        else:
            assert len(inject.assumption) > 40, inject.id  # says why it is one


def test_the_debrief_shows_every_channel_to_the_instructor_and_a_teams_own_to_it(
    seminar: Seminar,
) -> None:
    readers = every_private_text(seminar)
    seminar.submit({"kind": "inject", "team": INSTRUCTOR, "inject": "resolution-2371"})
    seminar.submit({"kind": "broadcast", "team": INSTRUCTOR, "text": "Debrief at ten"})
    offer = {"kind": "offer", "team": "US", "to": ["DPRK"], "moves": ["us_direct_talks"]}
    seminar.submit({**offer, "note": "offer-note-K2"})
    answer = {"kind": "answer", "team": "DPRK", "offer": "O1", "answer": "reject"}
    seminar.submit({**answer, "reason": "not-ripe", "note": "answer-note-K3"})
    readers.update({"offer-note-K2": ("US", "DPRK"), "answer-note-K3": ("US", "DPRK")})
    page = debrief_html(seminar)
    for text in [*readers, "Debrief at ten", "coal, iron"]:
        assert text in page, text
    order = [row["kind"] for row in timeline(seminar)]
    assert order.index("message") < order.index("inject") < order.index("broadcast")
    for team in TEAMS:
        own = debrief_html(seminar, team=team)
        assert "Debrief at ten" in own and "coal, iron" in own
        for text, allowed in readers.items():
            assert (text in own) == (team in allowed), (team, text)


def test_a_message_is_escaped_wherever_a_page_shows_it(tmp_path: Path) -> None:
    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})
    hostile = "<img src=x onerror=alert(1)>"
    store.act(store.codes["US"], {"kind": "message", "to": "DPRK", "text": hostile})
    store.act(store.codes["instructor"], {"kind": "broadcast", "text": hostile})
    for element in (views.TeamView(store.codes["DPRK"], "DPRK"), views.InstructorView("x")):
        _box, rc = solara.render(element, handle_error=False)
        shown = " ".join(_shown(rc)["html"])
        rc.close()
        assert "&lt;img src=x onerror=alert(1)&gt;" in shown and "<img" not in shown
    assert "<img" not in debrief_html(store.seminar)


# ------------------------------------------------------------------ over HTTP and on the pages


@pytest.fixture(scope="module")
def talking(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A served session in which every pair has exchanged messages and every team noted."""
    db = new_session(tmp_path_factory.mktemp("channels") / "class.sqlite")
    with ServerProcess(db, free_port()) as server:
        assert post_action(server.url, {"code": CODES["instructor"], "kind": "start"})[0] == 200
        for sender, to in permutations(TEAMS, 2):
            action = {"code": CODES[sender], "kind": "message", "to": to}
            assert post_action(server.url, {**action, "text": secret(sender, to)})[0] == 200
        for team in TEAMS:
            note = {"code": CODES[team], "kind": "team-note", "text": secret(team, "itself")}
            assert post_action(server.url, note)[0] == 200
        for action in (
            {"kind": "broadcast", "text": "All teams: five minutes"},
            {"kind": "inject", "inject": "missile-over-japan"},
        ):
            assert post_action(server.url, {"code": CODES["instructor"], **action})[0] == 200
        yield server


def test_no_team_reads_another_pairs_messages_or_another_teams_notes(
    talking: ServerProcess,
) -> None:
    store = SeminarStore.open(talking.db)  # the same session, for rendering its pages
    web.set_store(store)
    try:
        for team in TEAMS:
            status, state = get(talking.url + "/api/state", CODES[team])
            assert status == 200
            _box, rc = solara.render(views.TeamView(CODES[team], team), handle_error=False)
            page = json.dumps(_shown(rc))
            rc.close()
            for sender, to in [*permutations(TEAMS, 2), *((t, "itself") for t in TEAMS)]:
                mine = team in (sender, to)
                for where, text in (("state", state), ("page", page)):
                    assert (secret(sender, to) in text) == mine, (team, where, sender, to)
            for public in ("All teams: five minutes", "flies over Japan"):
                assert public in state and public in page
    finally:
        store.close()


def test_the_projector_shows_broadcasts_and_injects_never_messages_or_notes(
    talking: ServerProcess,
) -> None:
    store = SeminarStore.open(talking.db)
    key = store.projector_key
    store.close()
    status, body = get(talking.url + "/api/projector?view=" + key)
    assert status == 200
    news = json.loads(body)["news"]
    assert [m["channel"] for m in news] == ["broadcast", "inject"]
    assert "All teams: five minutes" in body and "flies over Japan" in body
    assert "secret-" not in body
    status, page = get(talking.url + "/projector?view=" + key)
    assert status == 200 and 'id="news"' in page and "secret-" not in page
