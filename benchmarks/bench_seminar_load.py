"""Seminar server under load: 30 clients acting at once on loopback, a fixed number of rounds.

Starts the server on 127.0.0.1 in a child process with a new session of six teams, then
runs 30 simulated clients (five per team, each with its team's join code) in threads. In
each round every client waits at a barrier, then sends one action (an offer of one of its
own moves to another team; every fifth client instead makes a move alone) and reads the
shared state. Prints p50, p95 and max latency of the actions and of the state reads. The
target is an action p95 of at most 200 ms on 2 cores. Everything stops by itself after the
last round; no traffic leaves 127.0.0.1.

Run: ``python benchmarks/bench_seminar_load.py [ROUNDS]`` (default 10).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from timing import free_port, percentile

from korea_talks.seminar.briefs import TEAMS
from korea_talks.seminar.store import SeminarStore
from korea_talks.seminar.web import ServerProcess, post_action
from korea_talks.sequence import load_catalogue

CLIENTS = 30
WARM_UP = 1
"""Rounds played first and not timed (the server's first requests load the model)."""
CODES = {team: f"T{i}LOAD" for i, team in enumerate(TEAMS)} | {"instructor": "TCHLOAD"}


def client(number: int, url: str, rounds: int, barrier: threading.Barrier, out: dict) -> None:
    team = TEAMS[number % len(TEAMS)]
    other = TEAMS[(number + 1) % len(TEAMS)]
    own = [m.id for m in load_catalogue().by_actor()[team]]
    for r in range(rounds + WARM_UP):
        barrier.wait(timeout=120)
        timed = r >= WARM_UP
        move = own[(number + r) % len(own)]
        if number % 5 == 0:
            action = {"code": CODES[team], "kind": "act", "move": move}
        else:
            action = {"code": CODES[team], "kind": "offer", "to": [other], "moves": [move]}
        start = time.perf_counter()
        status, answer = post_action(
            url, action, timeout=30, timings=out["server"] if timed else None
        )
        if timed:
            out["act"].append(time.perf_counter() - start)
        if status != 200:
            out["errors"].append(answer.get("error", status))
        start = time.perf_counter()
        with urllib.request.urlopen(f"{url}/api/state?code={CODES[team]}", timeout=30) as resp:
            resp.read()
        if timed:
            out["state"].append(time.perf_counter() - start)


def main(rounds: int = 10) -> None:
    folder = Path(tempfile.mkdtemp())
    SeminarStore.create(folder / "load.sqlite", codes=CODES).close()
    out: dict[str, list] = {"act": [], "state": [], "server": [], "errors": []}
    with ServerProcess(folder / "load.sqlite", free_port()) as server:
        post_action(server.url, {"code": CODES["instructor"], "kind": "start"})
        barrier = threading.Barrier(CLIENTS)
        threads = [
            threading.Thread(target=client, args=(n, server.url, rounds, barrier, out))
            for n in range(CLIENTS)
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        wall = time.perf_counter() - start
    print(
        f"{CLIENTS} clients x {rounds} timed rounds (+{WARM_UP} warm-up) on 127.0.0.1, "
        f"{wall:.1f} s wall"
    )
    for kind in ("act", "state"):
        times = out[kind]
        print(
            f"  {kind:<6} p50 {statistics.median(times) * 1000:7.1f} ms   "
            f"p95 {percentile(times, 0.95) * 1000:7.1f} ms   "
            f"max {max(times) * 1000:7.1f} ms   (n={len(times)})"
        )
    server_ms = out["server"]
    print(
        f"  act, server side: p50 {statistics.median(server_ms):7.1f} ms   "
        f"p95 {percentile(server_ms, 0.95):7.1f} ms"
    )
    print(
        f"  refused actions: {len(out['errors'])}"
        + (f" (first: {out['errors'][0]})" if out["errors"] else "")
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
