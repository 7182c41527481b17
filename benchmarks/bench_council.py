"""Report: how long a Security Council session takes to answer, as it grows.

For sessions of 1, 6 and 12 drafts (each of four clauses, half of them counted, with 10
statements a draft), times side by side: a delegation's view (what ``/api/state`` sends,
the model's run of the adopted text and of every open draft included), the President's
view, and one action stored durably in SQLite (a statement: check, write, commit, apply).
Prints figures; asserts nothing. Run: python benchmarks/bench_council.py
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from timing import report, timed

from korea_talks.seminar.council.catalogue import load_council
from korea_talks.seminar.council.store import CouncilStore
from korea_talks.seminar.council.votes import PERMANENT
from korea_talks.seminar.engine import INSTRUCTOR

SPEAKERS = tuple(d.id for d in load_council().delegations)


def grown(store: CouncilStore, drafts: int) -> None:
    """Fill ``store`` with ``drafts`` drafts of four clauses; count every other one."""
    codes = store.codes
    clauses = list(load_council().clauses)
    store.act(codes[INSTRUCTOR], {"kind": "start"})
    for n in range(drafts):
        chosen = list(itertools.islice(itertools.cycle(clauses), n, n + 4))
        ack = store.act(codes["US"], {"kind": "table", "title": f"Draft {n}", "clauses": chosen})
        for k in range(10):
            speaker = SPEAKERS[(n * 10 + k) % len(SPEAKERS)]
            store.act(codes[speaker], {"kind": "statement", "text": f"Statement {n}.{k}"})
        if n % 2 == 0:
            store.act(codes[INSTRUCTOR], {"kind": "open-vote", "draft": ack["draft"]})
            for member in PERMANENT:
                vote = "no" if member == "Russia" and n % 4 == 0 else "yes"
                store.act(codes[member], {"kind": "vote", "draft": ack["draft"], "vote": vote})


def measure(drafts: int, folder: Path) -> None:
    """Print the three timings for a session grown to ``drafts`` drafts."""
    store = CouncilStore.create(folder / "council.sqlite")
    grown(store, drafts)
    council = store.council
    size = f"{drafts:>2} drafts, {len(council.actions):>3} actions"
    report(f"{size}: a delegation's view", timed(lambda: council.view("Russia"), 50))
    report(f"{size}: the President's view", timed(lambda: council.view(None), 50))
    code = store.codes["China"]
    act = timed(lambda: store.act(code, {"kind": "statement", "text": "Noted."}), 20)
    report(f"{size}: one stored action", act)
    store.close()


def main() -> None:
    for drafts in (1, 6, 12):
        with tempfile.TemporaryDirectory() as folder:
            measure(drafts, Path(folder))


if __name__ == "__main__":
    main()
