"""Seminar server under abuse without a code: how fast a team's actions stay, side by side.

The real server (``python -m korea_talks.seminar serve``) runs on 127.0.0.1 with a new
session. One team plays from 127.0.0.2, as a team's device would: it offers one of its
moves to another team (every third action it plays one alone instead), then reads its
``/api/state``, and again, as fast as it is answered. The same number of its actions is
timed under each condition, all in one run:

1. **quiet**: nothing else;
2. **idle sockets**: ``MAX_CONNECTIONS + 100`` connections opened and kept silent, each
   one opened again as soon as the server closes it;
3. **huge bodies**: chunked POST bodies of 50 MB sent one after another (each is cut off
   at ``MAX_BODY`` while it is read);
4. **nested JSON**: bodies of 100,000 nested arrays posted in a loop;
5. **guessed codes**: 20 guessers, each from its own loopback address, sending wrong
   codes as fast as they are answered (each is locked out after its tenth);
6. **all four at once**.

Prints p50, p95 and max of the team's actions and state reads per condition, with the
attackers' request count and the load average. The target is an action p95 of at most
200 ms under every condition on 2 cores. The machine may be shared: the load average is
printed beside every figure.

Run: ``python benchmarks/bench_seminar_abuse.py [ACTIONS]`` (default 80 timed actions per
condition). Everything stops by itself; no traffic leaves 127.0.0.0/8.
"""

from __future__ import annotations

import http.client
import json
import os
import select
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from timing import free_port, percentile

from korea_talks.seminar.store import SeminarStore
from korea_talks.seminar.web import MAX_CONNECTIONS, ServerProcess, post_action
from korea_talks.sequence import load_catalogue

TEAM, OTHER = "ROK", "US"
TEAM_ADDRESS = "127.0.0.2"
CODES = {
    "US": "USABUSEAAA",
    "DPRK": "DPRKABUSEB",
    "ROK": "ROKABUSECC",
    "China": "CHNABUSEDD",
    "Russia": "RUSABUSEEE",
    "Japan": "JPNABUSEFF",
    "instructor": "TEACHABUSE",
}
ROUND_MINUTES = 600.0
GUESSERS = 20
NESTED = b'{"code": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
WARM_UP = 10
"""Actions played first and not timed (the server's first requests load the model)."""


def request(
    port: int, method: str, path: str, body: bytes | None = None, source: str = "127.0.0.1"
) -> tuple[int, bytes]:
    """One HTTP request from ``source`` on a fresh connection; its status and body."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(source, 0)
    )
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Team:
    """The team's device: offers and plays its own moves from its own address."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.moves = [m.id for m in load_catalogue().by_actor()[TEAM]]
        self.turn = 0
        self.refused: list[str] = []

    def play(self, actions: list[float], reads: list[float]) -> None:
        move = self.moves[self.turn % len(self.moves)]
        if self.turn % 3 == 2:
            action = {"code": CODES[TEAM], "kind": "act", "move": move}
        else:
            action = {"code": CODES[TEAM], "kind": "offer", "to": [OTHER], "moves": [move]}
        action["key"] = f"abuse-{self.turn}"
        self.turn += 1
        start = time.perf_counter()
        status, answer = request(
            self.port, "POST", "/api/act", json.dumps(action).encode(), TEAM_ADDRESS
        )
        actions.append(time.perf_counter() - start)
        if status != 200:
            self.refused.append(f"{status}: {json.loads(answer).get('error', '')[:80]}")
        start = time.perf_counter()
        request(self.port, "GET", f"/api/state?code={CODES[TEAM]}", source=TEAM_ADDRESS)
        reads.append(time.perf_counter() - start)


class Attack:
    """An attacker's loop in threads; ``step`` returns how many connections it opened."""

    def __init__(self, name: str, step: Callable[[threading.Event], int], threads: int = 1):
        self.name = name
        self.step = step
        self.stop = threading.Event()
        self.sent = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                opened = self.step(self.stop)
            except OSError:
                opened = 1  # the server closed the connection on the attacker: it tries again
            with self.lock:
                self.sent += opened

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def end(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)


def idle_sockets(port: int) -> Attack:
    """Keeps ``MAX_CONNECTIONS + 100`` silent connections open, reopening closed ones."""
    pool: list[socket.socket] = []

    def step(stop: threading.Event) -> int:
        opened = 0
        while len(pool) < MAX_CONNECTIONS + 100 and not stop.is_set():
            pool.append(socket.create_connection(("127.0.0.1", port), timeout=60))
            opened += 1
        readable, _, _ = select.select(pool, [], [], 0.5)
        for sock in readable:  # readable and silent means closed by the server
            if not sock.recv(1):
                pool.remove(sock)
                sock.close()
        if stop.is_set():
            for sock in pool:
                sock.close()
        return opened

    return Attack("idle sockets", step)


def huge_bodies(port: int) -> Attack:
    """Sends a 50 MB chunked body, again and again."""
    chunk = b"x" * 65536

    def step(stop: threading.Event) -> int:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            sock.sendall(
                b"POST /api/act HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
            )
            for _ in range(50_000_000 // len(chunk)):
                if stop.is_set():
                    break
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        return 1

    return Attack("huge bodies", step)


def nested_json(port: int) -> Attack:
    def step(stop: threading.Event) -> int:
        request(port, "POST", "/api/act", NESTED)
        return 1

    return Attack("nested JSON", step)


def guessed_codes(port: int) -> Attack:
    """Guessers on 127.0.1.1-127.0.1.20, each sending wrong codes as fast as answered."""
    counter = iter(range(10**9))
    lock = threading.Lock()
    addresses: dict[int, str] = {}

    def step(stop: threading.Event) -> int:
        me = threading.get_ident()
        with lock:
            if me not in addresses:
                addresses[me] = f"127.0.1.{len(addresses) + 1}"
            guess = next(counter)
        body = json.dumps({"code": f"G{guess:09d}", "kind": "start"}).encode()
        request(port, "POST", "/api/act", body, addresses[me])
        return 1

    return Attack("guessed codes", step, threads=GUESSERS)


ATTACKS = (idle_sockets, huge_bodies, nested_json, guessed_codes)


def measure(team: Team, count: int, attacks: list[Attack]) -> dict[str, Any]:
    actions: list[float] = []
    reads: list[float] = []
    for attack in attacks:
        attack.start()
    time.sleep(2)  # let the attack reach its full force before the team's first timed action
    load = os.getloadavg()[0]
    for _ in range(count):
        team.play(actions, reads)
    load = max(load, os.getloadavg()[0])
    for attack in attacks:
        attack.end()
    return {"actions": actions, "reads": reads, "load": load, "sent": sum(a.sent for a in attacks)}


def line(label: str, times: list[float]) -> str:
    return (
        f"{label} p50 {statistics.median(times) * 1000:6.1f}  "
        f"p95 {percentile(times, 0.95) * 1000:6.1f}  max {max(times) * 1000:6.1f} ms"
    )


def main(count: int = 80) -> None:
    folder = Path(tempfile.mkdtemp())
    db = folder / "abuse.sqlite"
    SeminarStore.create(db, codes=CODES, round_minutes=ROUND_MINUTES).close()
    with ServerProcess(db, free_port()) as server:
        port = server.port
        assert post_action(server.url, {"code": CODES["instructor"], "kind": "start"})[0] == 200
        team = Team(port)
        for _ in range(WARM_UP):
            team.play([], [])
        conditions: list[tuple[str, Callable[[], list[Attack]]]] = [
            ("quiet", list),
            ("idle sockets", lambda: [idle_sockets(port)]),
            ("huge bodies", lambda: [huge_bodies(port)]),
            ("nested JSON", lambda: [nested_json(port)]),
            ("guessed codes", lambda: [guessed_codes(port)]),
            ("all four at once", lambda: [attack(port) for attack in ATTACKS]),
        ]
        print(
            f"{count} timed actions of one team (from {TEAM_ADDRESS}) per condition, "
            f"on 127.0.0.1, {os.cpu_count()} cores"
        )
        for name, attacks in conditions:
            seen = measure(team, count, attacks())
            print(
                f"  {name:<17} {line('action', seen['actions'])}   {line('state', seen['reads'])}"
                f"   attackers' connections {seen['sent']:>5}   load {seen['load']:.1f}"
            )
    print(
        f"  refused team actions: {len(team.refused)}"
        + (f" (first: {team.refused[0]})" if team.refused else "")
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 80)
