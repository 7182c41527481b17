"""Abuse without a code: idle sockets, a huge chunked body, nested JSON, guessed codes.

A server on 127.0.0.1 is attacked from 127.0.0.1 while a team acts from 127.0.0.2 (another
loopback address, so that the lockout of the guessing address does not hit it). Every
legitimate action must still be acknowledged; the server's memory must not take the body.
Speed under this load is measured in ``benchmarks/bench_seminar_load.py``, not here.
"""

from __future__ import annotations

import http.client
import json
import socket
from pathlib import Path

from korea_talks.seminar.guard import FAILURES_PER_CLIENT
from korea_talks.seminar.web import MAX_BODY, MAX_CONNECTIONS, ServerProcess, post_action
from tests.seminar.test_server import CODES, free_port, new_session


def act_from(address: str, port: int, body: dict) -> tuple[int, dict]:
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(address, 0)
    )
    try:
        connection.request("POST", "/api/act", json.dumps(body), {"Content-Type": "text/json"})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_abuse_leaves_legitimate_actions_working(tmp_path: Path) -> None:
    db = new_session(tmp_path / "abuse.sqlite")
    with ServerProcess(db, free_port()) as server:
        port = server.port
        assert post_action(server.url, {"code": CODES["instructor"], "kind": "start"})[0] == 200
        idle = []
        try:
            # more idle sockets than the server keeps: the excess is closed at once
            for _ in range(MAX_CONNECTIONS + 100):
                idle.append(socket.create_connection(("127.0.0.1", port), timeout=60))
            move = {"code": CODES["ROK"], "kind": "act", "move": "rok_inter_korean_dialogue"}
            assert act_from("127.0.0.2", port, move)[0] == 200
        finally:
            for sock in idle:
                sock.close()

        # a chunked body far over the limit is cut off while it is read
        before = rss_kb(server.proc.pid)
        big = socket.create_connection(("127.0.0.1", port), timeout=60)
        big.sendall(
            b"POST /api/act HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"x" * 65536
        sent = 0
        try:
            while sent < 50_000_000:
                big.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        except OSError:
            pass  # the server answered 413 and closed the connection
        reply = big.recv(4096)
        big.close()
        assert b"413" in reply.split(b"\r\n")[0]
        assert sent < 50_000_000 or rss_kb(server.proc.pid) - before < 20_000
        assert rss_kb(server.proc.pid) - before < 20_000, "the server kept the body"
        assert MAX_BODY < 20_000_000

        # deeply nested JSON: the explanatory message, not a 500
        status, answer = post_action(server.url, b'{"code": ' + b"[" * 100_000 + b"]" * 100_000)
        assert status in (400, 413) and "Traceback" not in answer["error"]
        status, answer = post_action(server.url, b"[" * 5000 + b"]" * 5000)
        assert status == 400 and "nested too deeply" in answer["error"]

        # guessing codes: the guessing address is locked out, even with a right code then
        for n in range(FAILURES_PER_CLIENT):
            status, answer = post_action(server.url, {"code": f"GUESS{n:05d}", "kind": "start"})
            assert status == 403
        status, answer = post_action(
            server.url, {"code": CODES["US"], "kind": "act", "move": "us_direct_talks"}
        )
        assert status == 403 and "too many wrong join codes" in answer["error"]
        # ... while a team elsewhere acts as before, once per retried key
        move = {
            "code": CODES["ROK"],
            "kind": "act",
            "move": "rok_inter_korean_dialogue",
            "key": "rok-1",
        }
        first = act_from("127.0.0.2", port, move)
        again = act_from("127.0.0.2", port, move)
        assert first[0] == again[0] == 200
        assert again[1]["seq"] == first[1]["seq"] and again[1]["repeat"] is True


def test_the_role_play_page_states_the_servers_limits_as_they_are() -> None:
    """The instructors' page gives the limits in words; they must be the server's own."""
    from korea_talks.seminar import guard
    from korea_talks.seminar.store import CODE_ALPHABET, CODE_LENGTH
    from korea_talks.seminar.web import IDLE_SECONDS

    page = " ".join(
        (Path(__file__).parents[2] / "book" / "instructors" / "role-play.md").read_text().split()
    )
    for stated in (
        f"A code has {CODE_LENGTH} characters from an alphabet of {len(CODE_ALPHABET)}",
        f"{guard.FAILURES_PER_CLIENT} wrong codes within a minute",
        f"locked out for {guard.LOCKOUT_SECONDS / 60:g} minutes",
        f"at most {guard.FAILURES_PER_SECOND:g} wrong codes a second",
        f"a burst of {guard.BURST:g}",
        f"silent for {IDLE_SECONDS} seconds and keeps at most {MAX_CONNECTIONS} open",
        f"stops reading a request at {MAX_BODY // 1024} KB",
    ):
        assert stated in page, stated
    assert guard.WINDOW_SECONDS == 60
