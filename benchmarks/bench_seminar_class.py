"""Seminar server under a class-shaped load: the engine that reruns the model from the start
beside the one that continues its run, in one run of this script.

Two parts, each run for both engines: the engine as it was at commit ``a6422b6`` (every
action runs the whole shared sequence again) is extracted with ``git archive`` into a
temporary folder and imported from there; the engine of this tree continues the model's
run. Nothing of the old code is kept in the repository.

1. **Engine figures** at 100, 300 and 700 moves of the shared sequence (in a child process
   per engine): the model's work for one more move as the engine does it (a full run of
   the sequence, or a continuation of the kept run), an act alone and an offer to a
   model-played actor (each with the shared view rebuilt, as the server does), and the
   size of a team's ``/api/state`` answer.
2. **A class on loopback**: the real server (``python -m korea_talks.seminar serve``) on
   127.0.0.1 with five teams in play (China and the UN/IAEA played by the model) and 30
   clients, six per team. Each client reads the shared state about once a second, as an
   open page does, and in about 60% of its turns also acts: answers an offer waiting for
   its team (accept, reject or counter), offers to a model-played actor or to another
   team, or plays a move alone. One more client polls the projector's data. The session
   grows until the sequence reaches ``MOVES`` moves (or ``LIMIT`` seconds pass). Prints
   p50, p95 and max per kind and overall, and the action p95 by the length the sequence
   had then. The clients act faster than a class would (about ten actions a second), so
   the figures are an upper bound for a class. The target is an action p95 of at most
   200 ms for 30 clients on 2 cores.

The machine may be shared: the load average is printed beside every figure.

Run: ``python benchmarks/bench_seminar_class.py [MOVES] [LIMIT]`` (default 400 moves,
240 s). Everything stops by itself; no traffic leaves 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from timing import free_port, percentile

OLD_COMMIT = "a6422b6"
"""The last commit whose engine runs the whole sequence for every action."""
ROOT = Path(__file__).resolve().parents[1]
TEAMS_IN_PLAY = ("US", "DPRK", "ROK", "Russia", "Japan")
MODEL_PLAYED = ("China", "UN/IAEA")
CLIENTS_PER_TEAM = 6
MARKS = (100, 300, 700)
ROUND_MINUTES = 600.0
CODES = {team: f"C{i}CLASSLOAD" for i, team in enumerate(TEAMS_IN_PLAY)}
INSTRUCTOR_CODE = "TEACHCLASSLOAD"


def load() -> str:
    """The load average of the last minute (the machine may be shared)."""
    return f"{os.getloadavg()[0]:.1f}"


def old_tree(folder: Path) -> Path:
    """The package as it was at :data:`OLD_COMMIT`, extracted into ``folder``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", OLD_COMMIT, "korea_talks"],
        check=True,
        capture_output=True,
    ).stdout
    tree = folder / "old"
    tree.mkdir()
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    return tree


@contextlib.contextmanager
def importing_from(tree: Path, cwd: Path) -> Iterator[dict[str, str]]:
    """Child processes started inside import ``korea_talks`` from ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(tree)
    try:
        with contextlib.chdir(cwd):  # ``python -m`` puts the working folder first
            yield env
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


# ----------------------------------------------------------------- part 1: the engine


def engine_figures() -> dict[str, Any]:
    """Grow a session to each of :data:`MARKS` moves and time the engine there (this runs
    in a child process that imports the engine under test)."""
    import korea_talks
    from korea_talks.seminar import model
    from korea_talks.seminar.engine import INSTRUCTOR, Seminar
    from korea_talks.sequence import load_catalogue

    by_actor = {a: [m.id for m in ms] for a, ms in load_catalogue().by_actor().items()}
    seminar = Seminar(TEAMS_IN_PLAY, round_minutes=ROUND_MINUTES)
    seminar.submit({"kind": "start", "team": INSTRUCTOR})
    figures: dict[str, Any] = {"package": str(Path(korea_talks.__file__).parent)}
    turn = 0

    def grow(to: int) -> None:
        nonlocal turn
        while len(seminar.sequence) < to:
            turn += 1
            us, dprk = by_actor["US"], by_actor["DPRK"]
            moves = [us[turn % len(us)], dprk[turn % len(dprk)]] * 3
            ack = seminar.submit({"kind": "offer", "team": "US", "to": ["DPRK"], "moves": moves})
            seminar.submit(
                {
                    "kind": "answer",
                    "team": "DPRK",
                    "offer": ack["offer"],
                    "answer": "accept",
                    "reason": "meets-interests",
                }
            )

    def timed(action: dict[str, Any]) -> float:
        start = time.perf_counter()
        seminar.submit(action)
        seminar.view("US")
        return (time.perf_counter() - start) * 1000

    for mark in MARKS:
        grow(mark)
        moves = seminar.moves()
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            model.run(moves, seminar.lens)
            runs.append((time.perf_counter() - start) * 1000)
        # the model's work for one more move, as the engine under test does it
        kept = model.advance(None, moves, seminar.lens) if hasattr(model, "advance") else None
        per_move = []
        for move in by_actor["ROK"][:5]:
            start = time.perf_counter()
            if kept is not None:
                model.advance(kept, [move], seminar.lens)
            else:
                model.run([*moves, move], seminar.lens)
            per_move.append((time.perf_counter() - start) * 1000)
        acts = [timed({"kind": "act", "team": "ROK", "move": by_actor["ROK"][i]}) for i in range(5)]
        offers = [
            timed(
                {
                    "kind": "offer",
                    "team": "Russia",
                    "to": ["China"],
                    "moves": [by_actor["China"][i], by_actor["Russia"][i]],
                }
            )
            for i in range(5)
        ]
        figures[str(mark)] = {
            "full_run_ms": statistics.median(runs),
            "per_move_ms": statistics.median(per_move),
            "act_ms": statistics.median(acts),
            "offer_model_ms": statistics.median(offers),
            "state_kb": len(json.dumps(seminar.view("US"))) / 1024,
            "load": load(),
        }
    return figures


def engine_part(engines: dict[str, Path], folder: Path) -> None:
    results = {}
    for name, tree in engines.items():
        with importing_from(tree, folder) as env:
            done = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--engine"],
                check=True,
                capture_output=True,
                text=True,
                env=env,
            )
        results[name] = json.loads(done.stdout)
    print("Engine, in process (median of 5; an action includes rebuilding the shared view)")
    for name, figures in results.items():
        print(f"  {name}  [package {figures['package']}]")
        for mark in MARKS:
            f = figures[str(mark)]
            print(
                f"    {mark:>4} moves: model for one more move {f['per_move_ms']:6.2f} ms "
                f"(full run {f['full_run_ms']:5.1f})   act alone {f['act_ms']:6.1f} ms   "
                f"offer to China {f['offer_model_ms']:6.1f} ms   team state "
                f"{f['state_kb']:5.1f} KB   (load {f['load']})"
            )


# ----------------------------------------------------------------- part 2: the class


class Class:
    """30 clients and a projector acting on one server until the sequence is long enough."""

    def __init__(self, url: str, moves: int, limit: float) -> None:
        from korea_talks.sequence import load_catalogue

        self.url = url
        self.target = moves
        self.deadline = time.monotonic() + limit
        self.by_actor = {a: [m.id for m in ms] for a, ms in load_catalogue().by_actor().items()}
        self.length = 0
        self.stop = threading.Event()
        self.samples: list[tuple[str, float, int]] = []  # kind, ms, sequence length
        self.refused: dict[str, int] = {}
        self.failures: list[str] = []
        self.lock = threading.Lock()

    def get(self, path: str) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            data: dict[str, Any] = json.loads(response.read())
            return data

    def note(self, kind: str, start: float) -> None:
        with self.lock:
            self.samples.append((kind, (time.perf_counter() - start) * 1000, self.length))

    def act(self, kind: str, action: dict[str, Any]) -> None:
        from korea_talks.seminar.web import post_action

        start = time.perf_counter()
        status, _ = post_action(self.url, action, timeout=60)
        self.note(kind, start)
        if status != 200:
            with self.lock:
                self.refused[kind] = self.refused.get(kind, 0) + 1

    def client(self, number: int) -> None:
        rng = random.Random(number)
        team = TEAMS_IN_PLAY[number % len(TEAMS_IN_PLAY)]
        code = CODES[team]
        own = self.by_actor[team]
        others = [t for t in TEAMS_IN_PLAY if t != team]
        view: dict[str, Any] = {"offers": []}
        while not self.stop.is_set():
            time.sleep(rng.uniform(0.4, 1.6))
            start = time.perf_counter()
            view = self.get(f"/api/state?code={code}")
            self.note("state read", start)
            if rng.random() > 0.6:
                continue
            waiting = [
                o for o in view["offers"] if o["status"] == "open" and team in o["waiting_for"]
            ]
            roll = rng.random()
            if waiting and roll < 0.35:
                offer = rng.choice(waiting)
                answer = rng.choice(["accept", "accept", "reject", "counter"])
                reason = {
                    "accept": "meets-interests",
                    "reject": "no-reciprocity",
                    "counter": "wrong-sequence",
                }
                action = {
                    "code": code,
                    "kind": "answer",
                    "offer": offer["id"],
                    "answer": answer,
                    "reason": reason[answer],
                }
                if answer == "counter":
                    action["moves"] = [rng.choice(own)]
                self.act("counter" if answer == "counter" else "answer", action)
            elif roll < 0.6:
                actor = rng.choice(MODEL_PLAYED)
                moves = [rng.choice(own), rng.choice(self.by_actor[actor])]
                self.act(
                    "offer to model",
                    {"code": code, "kind": "offer", "to": [actor], "moves": moves},
                )
            elif roll < 0.8:
                other = rng.choice(others)
                moves = [rng.choice(own), rng.choice(self.by_actor[other])]
                self.act(
                    "offer to team",
                    {"code": code, "kind": "offer", "to": [other], "moves": moves},
                )
            else:
                self.act("act alone", {"code": code, "kind": "act", "move": rng.choice(own)})

    def projector(self, key: str) -> None:
        while not self.stop.is_set():
            time.sleep(1.0)
            start = time.perf_counter()
            self.get(f"/api/projector?view={key}")
            self.note("projector", start)

    def watch(self) -> None:
        """Follow the sequence's length (the step of its last move); stop the class at the
        target or the time limit."""
        try:
            while not self.stop.is_set():
                sequence = self.get(f"/api/state?code={CODES['US']}")["sequence"]
                self.length = int(sequence[-1]["step"]) if sequence else 0
                if self.length >= self.target or time.monotonic() > self.deadline:
                    break
                time.sleep(0.5)
        finally:
            self.stop.set()

    def guarded(self, work: Any, *args: Any) -> None:
        """Run a client; a failure is counted and stops the class rather than hiding."""
        try:
            work(*args)
        except Exception as exc:
            with self.lock:
                self.failures.append(repr(exc))
            self.stop.set()


def play_class(tree: Path, folder: Path, moves: int, limit: float) -> dict[str, Any]:
    from korea_talks.seminar.store import SeminarStore
    from korea_talks.seminar.web import ServerProcess, post_action

    db = folder / f"class-{len(list(folder.glob('class-*')))}.sqlite"
    store = SeminarStore.create(
        db,
        teams=list(TEAMS_IN_PLAY),
        codes=CODES | {"instructor": INSTRUCTOR_CODE},
        round_minutes=ROUND_MINUTES,
    )
    key = store.projector_key
    store.close()
    with importing_from(tree, folder), ServerProcess(db, free_port()) as server:
        post_action(server.url, {"code": INSTRUCTOR_CODE, "kind": "start"})
        run = Class(server.url, moves, limit)
        threads = [
            threading.Thread(target=run.guarded, args=(run.client, n))
            for n in range(CLIENTS_PER_TEAM * len(TEAMS_IN_PLAY))
        ]
        threads += [threading.Thread(target=run.guarded, args=(run.projector, key))]
        threads += [threading.Thread(target=run.guarded, args=(run.watch,))]
        loads = [load()]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=limit + 120)
        loads.append(load())
        return {
            "samples": run.samples,
            "refused": run.refused,
            "failures": run.failures,
            "wall": time.perf_counter() - start,
            "length": run.length,
            "loads": loads,
        }


def line(label: str, times: list[float]) -> str:
    if not times:
        return f"    {label:<22} (none)"
    return (
        f"    {label:<22} p50 {statistics.median(times):7.1f} ms   "
        f"p95 {percentile(times, 0.95):7.1f} ms   max {max(times):7.1f} ms   (n={len(times)})"
    )


def class_part(engines: dict[str, Path], folder: Path, moves: int, limit: float) -> None:
    clients = CLIENTS_PER_TEAM * len(TEAMS_IN_PLAY)
    print(
        f"\nA class on 127.0.0.1: {clients} clients and a projector, "
        f"until {moves} moves or {limit:.0f} s"
    )
    for name, tree in engines.items():
        result = play_class(tree, folder, moves, limit)
        samples = result["samples"]
        print(
            f"  {name}: {result['length']} moves in {result['wall']:.0f} s; load average "
            f"{result['loads'][0]} at the start, {result['loads'][1]} at the end"
        )
        kinds = sorted({k for k, _, _ in samples})
        actions = [ms for k, ms, _ in samples if k not in ("state read", "projector")]
        for kind in kinds:
            print(line(kind, [ms for k, ms, _ in samples if k == kind]))
        print(line("all actions", actions))
        print(line("all requests", [ms for _, ms, _ in samples]))
        for low, high in ((0, 100), (100, 300), (300, 10**9)):
            span = [
                ms
                for k, ms, n in samples
                if k not in ("state read", "projector") and low <= n < high
            ]
            if span:
                label = f"{low}-{high} moves" if high < 10**9 else f"{low}+ moves"
                print(line(f"actions {label}", span))
        refused = ", ".join(f"{k} {n}" for k, n in sorted(result["refused"].items()))
        print(f"    refused (answers to offers already closed, and the like): {refused or 0}")
        if result["failures"]:
            print(f"    CLIENT FAILURES: {len(result['failures'])}, first: {result['failures'][0]}")


def main(moves: int = 400, limit: float = 240.0) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        engines = {
            f"full rerun ({OLD_COMMIT})": old_tree(folder),
            "incremental (this tree)": ROOT,
        }
        print(f"load average at the start: {load()} (2 cores; the machine may be shared)")
        engine_part(engines, folder)
        class_part(engines, folder, moves, limit)


if __name__ == "__main__":
    if sys.argv[1:] == ["--engine"]:
        print(json.dumps(engine_figures()))
    else:
        main(*(f(a) for f, a in zip((int, float), sys.argv[1:], strict=False)))
