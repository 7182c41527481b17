"""Grading a class of 30 submissions of one set, against the floor of executing them.

The floor is what any grader must at least spend: executing the same 30 notebooks with
nbclient, as many at a time as the machine has cores. The grader also merges each
submission into the key and runs nbval in a child process with limits. Prints both
wall-clock times and their ratio (the target is below 1.3). The two methods take turns
on halves of the class, so that load from other programs affects both alike.

Run: ``python benchmarks/bench_grading.py [N]``.
"""

from __future__ import annotations

import os
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

from korea_talks.grading import Options, grade_class, load_reference  # noqa: E402

KEY = ROOT / "exercises" / "source" / "set1-crisis.ipynb"


def _execute(path: str) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True)
    client.execute(cwd=str(Path(path).parent))


def main(count: int = 30) -> None:
    """Time the floor and the grader on ``count`` submissions; print the figures."""
    cores = os.cpu_count() or 1
    key = nbformat.read(KEY, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        folder.mkdir()
        for n in range(count):
            answers = dict(RIGHT)
            if n % 3 == 1:
                answers["q3"] = "answer_q3 = [10, 11]"
            nbformat.write(_answers(key, answers), folder / f"student{n:02d}.ipynb")
        paths = sorted(folder.glob("*.ipynb"))
        reference = load_reference(KEY)
        # Alternate halves so that both methods meet the same background load.
        floor = grading = 0.0
        results = []
        for half in (paths[: count // 2], paths[count // 2 :]):
            start = time.perf_counter()
            with ProcessPoolExecutor(max_workers=cores) as pool:
                list(pool.map(_execute, map(str, half)))
            floor += time.perf_counter() - start

            batch = Path(tmp) / f"batch{len(results)}"
            batch.mkdir()
            for path in half:
                (batch / path.name).write_bytes(path.read_bytes())
            start = time.perf_counter()
            results += grade_class(batch, reference, Options(), workers=cores)
            grading += time.perf_counter() - start

    assert len(results) == count
    print(f"submissions: {count}, cores: {cores}")
    print(f"floor (nbclient, {cores} at a time): {floor:.1f} s ({floor / count:.2f} s each)")
    print(f"grading (merge + nbval + limits):   {grading:.1f} s ({grading / count:.2f} s each)")
    print(f"ratio grading / floor: {grading / floor:.2f} (target < 1.3)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
