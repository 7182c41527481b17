"""Grading a class of 30 submissions of one set, against the floor of executing them.

The floor is what any grader must at least spend: executing the same 30 merged
notebooks (each submission's answers in the key, as the grader builds them) with
nbclient, unconfined, two at a time. The grader merges, starts each kernel in its own
bubblewrap sandbox within the limits per submission (a cgroup for memory and processes
where the host offers one, size-limited tmpfs for /tmp and the scratch folder, file-size
and output limits), runs nbval outside it and checks every recorded answer against the
student's own graded variant of each templated item, computed from the model or data.
A third arm grades without the sandbox, to show what the sandbox itself costs. All run
on two workers; the repetitions rotate which goes first, so that load from other
programs meets each alike. Prints each repetition's times and ratio, then the
median ratio and its spread (the target is at most 1.2).

Run: ``python benchmarks/bench_grading.py [SUBMISSIONS [REPETITIONS]]``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "grading"))

from make_fixture_class import RIGHT, _answers  # noqa: E402

from korea_talks.grading import Options, grade_class, load_reference, read_submission  # noqa: E402
from korea_talks.grading import limits as host_limits  # noqa: E402
from korea_talks.grading.merge import merge  # noqa: E402
from korea_talks.grading.sandbox import probe  # noqa: E402
from korea_talks.grading.variants import Variant, student_variants  # noqa: E402

KEY = ROOT / "exercises" / "source" / "set1-crisis.ipynb"
WORKERS = 2
SECRET = b"benchmark course secret, not a real one"
"""Each student is marked against their own graded variants (chosen with this secret)."""


def _execute(path: str) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True)
    client.execute(cwd=str(Path(path).parent))


def _floor(paths: list[Path]) -> float:
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(_execute, map(str, paths)))
    return time.perf_counter() - start


def _grading(folder: Path, count: int, *, sandboxed: bool = True) -> float:
    reference = load_reference(KEY)
    if not sandboxed:
        os.environ["KOREA_TALKS_NO_SANDBOX"] = "1"
    try:
        start = time.perf_counter()
        options = Options(allow_unconfined=not sandboxed)
        spec = reference.spec

        def variants_of(student: str) -> dict[str, Variant]:
            return student_variants(spec, SECRET, student)

        graded = grade_class(folder, reference, options, workers=WORKERS, variants_of=variants_of)
        seconds = time.perf_counter() - start
    finally:
        os.environ.pop("KOREA_TALKS_NO_SANDBOX", None)
    assert len(graded.results) == count and not any(r.problem for r in graded.results)
    return seconds


def main(count: int = 30, repetitions: int = 5) -> None:
    """Time the floor and the grader on ``count`` submissions; print the figures."""
    status = probe()
    key = nbformat.read(KEY, as_version=4)
    reference = load_reference(KEY)
    with tempfile.TemporaryDirectory() as tmp:
        folder, merged = Path(tmp) / "class", Path(tmp) / "merged"
        folder.mkdir()
        merged.mkdir()
        for n in range(count):
            answers = dict(RIGHT)
            if n % 3 == 1:
                answers["q3"] = "answer_q3 = [10, 11]"
            path = folder / f"student{n:02d}.ipynb"
            nbformat.write(_answers(key, answers), path)
            nbformat.write(merge(reference, read_submission(path)).nb, merged / path.name)
        paths = sorted(merged.glob("*.ipynb"))
        rows = []
        arms = {
            "floor": lambda: _floor(paths),
            "grading": lambda: _grading(folder, count),
            "unconfined": lambda: _grading(folder, count, sandboxed=False),
        }
        for repetition in range(repetitions):
            order = list(arms)[repetition % 3 :] + list(arms)[: repetition % 3]
            times = {name: arms[name]() for name in order}
            rows.append((times["floor"], times["grading"], times["unconfined"]))
            print(
                f"repetition {repetition + 1} ({' then '.join(order)}): floor "
                f"{times['floor']:.1f} s, grading {times['grading']:.1f} s, grading without "
                f"sandbox {times['unconfined']:.1f} s, "
                f"ratio {times['grading'] / times['floor']:.2f}",
                flush=True,
            )
    ratios = [g / f for f, g, _ in rows]
    open_ratios = [u / f for f, _, u in rows]
    sandbox = "bubblewrap" if status.confined else f"NONE ({status.reason})"
    print(f"submissions: {count}, workers: {WORKERS}, sandbox: {sandbox}")
    enforced = host_limits.enforcement(host_limits.probe(), status.confined)
    print("limits: " + "; ".join(f"{name} by {how}" for name, how in enforced.items()))
    floors, gradings = [f for f, _, _ in rows], [g for _, g, _ in rows]
    print(f"floor (nbclient, merged notebooks): median {statistics.median(floors):.1f} s")
    print(f"grading (sandbox + nbval + checks): median {statistics.median(gradings):.1f} s")
    print(
        f"ratio grading / floor: median {statistics.median(ratios):.2f}, "
        f"spread {min(ratios):.2f}-{max(ratios):.2f} over {len(ratios)} repetitions "
        "(target <= 1.2)"
    )
    print(
        "the same grading without the sandbox / floor: "
        f"median {statistics.median(open_ratios):.2f}, "
        f"spread {min(open_ratios):.2f}-{max(open_ratios):.2f}"
    )


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    main(*arguments)
