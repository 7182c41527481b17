"""The council server and command line: codes stay out of addresses, text stays data."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from korea_talks.cli import main as korea_talks_main
from korea_talks.seminar.council.cli import main
from korea_talks.seminar.council.store import CouncilStore
from korea_talks.seminar.engine import INSTRUCTOR
from korea_talks.seminar.web import MAX_BODY, ServerProcess, post_action
from tests.council.conftest import CODES, new_council


def get(server: ServerProcess, path: str, code: str | None = None) -> tuple[int, str]:
    headers = {"X-Join-Code": code} if code else {}
    request = urllib.request.Request(server.url + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def act(server: ServerProcess, team: str, **fields: object) -> tuple[int, dict]:
    return post_action(server.url, {"code": CODES[team], **fields}, timeout=30)


def test_a_session_over_http_with_a_veto_and_an_adoption(council_server) -> None:
    assert act(council_server, INSTRUCTOR, kind="start")[0] == 200
    status, ack = act(council_server, "US", kind="table", title="T", clauses=["export_bans"])
    assert (status, ack["draft"]) == (200, "D1")
    status, ack = act(council_server, "DPRK", kind="vote", draft="D1", vote="no")
    assert status == 400 and "rule 37" in ack["error"]
    act(council_server, INSTRUCTOR, kind="open-vote", draft="D1")
    for team in ("US", "China", "UK", "France"):
        act(council_server, team, kind="vote", draft="D1", vote="yes")
    status, ack = act(council_server, "Russia", kind="vote", draft="D1", vote="no")
    assert "vetoed by Russia" in ack["outcome"]
    status, page = get(council_server, "/debrief", CODES[INSTRUCTOR])
    assert status == 200 and "vetoed by Russia" in page


def test_codes_never_in_an_address_and_only_the_president_reads_the_log(council_server) -> None:
    status, body = get(council_server, f"/api/state?code={CODES['US']}")
    assert status == 403 and "never goes in an address" in body
    assert get(council_server, "/api/log", CODES["US"])[0] == 403
    assert get(council_server, "/debrief", CODES["Russia"])[0] == 403
    assert get(council_server, "/api/log", CODES[INSTRUCTOR])[0] == 200
    assert get(council_server, "/api/state", "WRONGCODE00")[0] == 403


def test_hostile_text_is_bounded_and_comes_back_as_data(council_server) -> None:
    act(council_server, INSTRUCTOR, kind="start")
    hostile = "<script>alert(1)</script>\x00 statement"
    assert act(council_server, "DPRK", kind="statement", text=hostile)[0] == 200
    status, body = get(council_server, "/api/state", CODES["US"])
    assert json.loads(body)["statements"][0]["text"] == "<script>alert(1)</script> statement"
    _, page = get(council_server, "/debrief", CODES[INSTRUCTOR])
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    status, ack = post_action(council_server.url, b"x" * (MAX_BODY + 1), timeout=30)
    assert status == 413
    status, ack = post_action(council_server.url, b"[" * 5000 + b"]" * 5000, timeout=30)
    assert status == 400 and "nested too deeply" in ack["error"]


def test_the_command_line_writes_the_debrief_and_log(tmp_path: Path, capsys) -> None:
    db = new_council(tmp_path / "c.sqlite", teams=("US", "Russia"))
    store = CouncilStore.open(db)
    store.act(CODES[INSTRUCTOR], {"kind": "start"})
    store.close()
    assert main(["debrief", "--db", str(db), "--out", str(tmp_path / "d.html")]) == 0
    assert "Debrief" in (tmp_path / "d.html").read_text(encoding="utf-8")
    out = tmp_path / "log.jsonl"
    assert korea_talks_main(["council", "log", "--db", str(db), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["seq"], r["kind"], r["team"]) for r in records] == [(1, "start", INSTRUCTOR)]


def test_the_command_line_says_what_is_wrong_with_a_file(tmp_path: Path, capsys) -> None:
    assert main(["debrief", "--db", str(tmp_path / "none.sqlite"), "--out", "x.html"]) == 2
    assert "no session file" in capsys.readouterr().out
    seminar_file = tmp_path / "seminar.sqlite"
    from korea_talks.seminar.store import SeminarStore

    SeminarStore.create(seminar_file, teams=("US",)).close()
    assert main(["log", "--db", str(seminar_file), "--out", str(tmp_path / "l")]) == 2
    assert "not a council session" in capsys.readouterr().out


def test_the_projector_key_opens_the_shared_state_and_nothing_else(council_server) -> None:
    status, body = get(council_server, "/api/state", CODES[INSTRUCTOR])
    key = json.loads(body)["projector_key"]
    assert "projector_key" not in get(council_server, "/api/state", CODES["US"])[1]
    assert get(council_server, "/api/projector?view=wrong")[0] == 403
    status, body = get(council_server, f"/api/projector?view={key}")
    assert status == 200 and json.loads(body)["you"] == {"team": "projector"}
    assert not any(code in body for code in CODES.values()) and "brief" not in body
    status, body = get(council_server, f"/api/state?view={key}")
    assert status == 403
