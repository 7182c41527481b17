"""The seminar server over HTTP on 127.0.0.1: codes, malformed requests, crash and restart."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from korea_talks.seminar.store import SeminarStore
from korea_talks.seminar.web import ServerProcess, post_action

CODES = {
    "US": "USAAAA",
    "DPRK": "DPRKBB",
    "ROK": "ROKCCC",
    "China": "CHNDDD",
    "Russia": "RUSEEE",
    "Japan": "JPNFFF",
    "instructor": "TEACH2",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_session(path: Path) -> Path:
    SeminarStore.create(path, codes=CODES).close()
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    db = new_session(tmp_path_factory.mktemp("server") / "class.sqlite")
    with ServerProcess(db, free_port()) as running:
        status, _ = post_action(running.url, {"code": CODES["instructor"], "kind": "start"})
        assert status == 200
        yield running


def get(url: str, code: str | None = None) -> tuple[int, str]:
    """GET ``url``; ``code`` goes in the X-Join-Code header (never in the address)."""
    request = urllib.request.Request(url, headers={"X-Join-Code": code} if code else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_a_team_acts_with_its_own_code(server: ServerProcess) -> None:
    status, ack = post_action(
        server.url, {"code": CODES["ROK"], "kind": "act", "move": "rok_inter_korean_dialogue"}
    )
    assert status == 200 and ack["ok"] and ack["seq"] >= 2


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"kind": "act", "move": "us_sanctions"}, 403, "no join code"),
        ({"code": "", "kind": "act", "move": "us_sanctions"}, 403, "no join code"),
        ({"code": "WRONG1", "kind": "act", "move": "us_sanctions"}, 403, "unknown join code"),
        (
            {"code": CODES["DPRK"], "team": "US", "kind": "act", "move": "us_sanctions"},
            403,
            "belongs to DPRK",
        ),
        ({"code": CODES["DPRK"], "kind": "act", "move": "us_sanctions"}, 400, "own moves"),
        ({"code": CODES["US"], "kind": "next-round"}, 400, "only the instructor"),
        (b"{not json", 400, "not JSON"),
        (b"[1, 2]", 400, "JSON object"),
        (b"\xff\xfe", 400, "not JSON"),
        ({"code": CODES["US"], "kind": "nuke"}, 400, "unknown action kind"),
        (
            {"code": CODES["US"], "kind": "offer", "to": "DPRK", "moves": "x" * 40},
            400,
            "unknown move id",
        ),
        (
            {
                "code": CODES["US"],
                "kind": "offer",
                "to": ["DPRK"],
                "moves": ["us_sanctions"],
                "note": "x" * 20_000,
            },
            413,
            "too large",
        ),
    ],
)
def test_bad_requests_are_refused_with_a_clear_message(
    server: ServerProcess, body: object, status: int, message: str
) -> None:
    got, answer = post_action(server.url, body)
    assert got == status
    assert answer["ok"] is False and message in answer["error"]
    assert "Traceback" not in answer["error"]


def test_state_log_and_debrief_need_the_right_code(server: ServerProcess) -> None:
    assert get(server.url + "/api/state")[0] == 403
    status, body = get(server.url + f"/api/state?code={CODES['Japan']}")
    assert status == 200 and json.loads(body)["team"] == "Japan"
    assert get(server.url + f"/api/log?code={CODES['Japan']}")[0] == 403
    assert get(server.url + "/debrief", CODES["US"])[0] == 403
    status, page = get(server.url + "/debrief", CODES["instructor"])
    assert status == 200 and "Debrief" in page


@pytest.mark.parametrize("path", ["/debrief", "/api/log", "/api/state"])
def test_the_instructors_code_is_refused_in_an_address(server: ServerProcess, path: str) -> None:
    status, body = get(server.url + f"{path}?code={CODES['instructor']}")
    assert status == 403 and "never goes in an address" in body
    request = urllib.request.Request(
        server.url + f"/api/act?code={CODES['instructor']}", data=b'{"kind": "pause"}'
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 403


def test_the_projector_shows_the_session_without_code_scores_or_notes(
    server: ServerProcess,
) -> None:
    from korea_talks.seminar.store import SeminarStore

    note = "our secret fallback"
    offer = {"code": CODES["US"], "kind": "offer", "to": ["DPRK"], "moves": ["us_sanctions"]}
    assert post_action(server.url, {**offer, "note": note})[0] == 200
    assert get(server.url + "/projector")[0] == 403
    assert get(server.url + "/api/projector?view=" + CODES["instructor"])[0] == 403
    key = SeminarStore.open(server.db).projector_key
    status, page = get(server.url + "/projector?view=" + key)
    assert status == 200 and "clock" in page and "<button" not in page
    status, body = get(server.url + "/api/projector?view=" + key)
    data = json.loads(body)
    assert status == 200 and data["offers"] and data["seconds_left"] is not None
    for secret in (CODES["instructor"], note, "score", "batna"):
        assert secret not in body and secret not in page


def test_a_killed_server_resumes_with_every_acknowledged_action(tmp_path: Path) -> None:
    db = new_session(tmp_path / "crash.sqlite")
    server = ServerProcess(db, free_port()).start()
    acked: list[int] = []
    try:
        post_action(server.url, {"code": CODES["instructor"], "kind": "start"})
        script = [
            (CODES["US"], {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"]}),
            (
                CODES["DPRK"],
                {"kind": "answer", "offer": "O1", "answer": "accept", "reason": "builds-trust"},
            ),
            (CODES["Russia"], {"kind": "act", "move": "russia_working_group"}),
            (CODES["Japan"], {"kind": "act", "move": "japan_links_abductions"}),
        ]
        for code, action in script:
            status, ack = post_action(server.url, {"code": code, **action})
            assert status == 200
            acked.append(ack["seq"])
        server.kill()  # SIGKILL: no shutdown handler runs
        server.start()
        status, log = get(server.url + "/api/log", CODES["instructor"])
        records = [json.loads(line) for line in log.splitlines() if line]
        seqs = [r["seq"] for r in records]
        assert set(acked) <= set(seqs) and seqs == sorted(seqs)
        # the round was running: the restart logged the time the server was down
        assert [r["kind"] for r in records[len(acked) + 1 :]] == ["downtime"]
        status, body = get(server.url + "/api/state", CODES["instructor"])
        moves = [step["move"] for step in json.loads(body)["sequence"]]
        assert moves == ["us_direct_talks", "russia_working_group", "japan_links_abductions"]
        # the session goes on after the restart
        status, ack = post_action(
            server.url, {"code": CODES["ROK"], "kind": "act", "move": "rok_inter_korean_dialogue"}
        )
        assert status == 200 and ack["seq"] == max(acked) + 2
    finally:
        server.stop()
