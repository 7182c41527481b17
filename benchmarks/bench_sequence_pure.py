"""Benchmark: the sequence engine before and after it became pure Python, side by side.

The explorer, the lens comparison and the robust orderings as a reader's session uses
them (8 moves, every lens, the explorer's summary the widget prints), two callbacks of the
sequence builder, and the bargaining model's runs the bargaining widget makes, timed for:

- ``before``: the package as it was at commit 309e085 (numpy and pandas as containers),
  unpacked from git into a temporary folder with ``git archive`` and imported from there;
- ``after``: the package in this tree, with numpy and pandas available;
- ``after, no numpy/pandas``: the same, in an interpreter that refuses to import them, as
  in a browser's Pyodide core.

Each runs in its own interpreter (the two versions share a package name). Prints the
median and the worst of several runs, wall and CPU time (on a shared machine the wall
time also measures the wait for a core); asserts nothing.
Run from the repository root: python benchmarks/bench_sequence_pure.py [commit]
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "309e085"
"""The last commit before the pure-Python core."""

REPEAT = 5

WORKER = """
import json, sys, time
if BLOCK:
    import importlib.abc

    class Refuse(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("numpy", "pandas"):
                raise ImportError(name + " refused")
            return None

    sys.meta_path.insert(0, Refuse())
else:
    import pandas  # loaded before the clock starts, as the old package did at import
sys.path.insert(0, SOURCE)
import korea_talks
assert korea_talks.__file__.startswith(SOURCE), korea_talks.__file__
from korea_talks.bargaining import ec_emission_standards, run_model, six_parties_2017
from korea_talks.sequence import (
    compare_lenses, explore, get_preset, lens_ids, robust_orderings, simulate,
)
if PURE:  # the records the widgets read, not the tables
    from korea_talks.sequence.lensing import lens_comparison as compare_lenses

MIXED = ["us_direct_talks", "us_demand_cvid", "dprk_missile_test", "us_show_of_force",
         "dprk_test_moratorium", "rok_inter_korean_dialogue", "us_sanctions",
         "russia_working_group"]
roadmap = get_preset("author-roadmap").moves
six, ec = six_parties_2017(), ec_emission_standards()
from korea_talks.widgets.sequence_builder import SequenceBuilder

builder = SequenceBuilder()
lens = builder.lens_views.selector


def switch_lens():
    lens.value = "washington"
    lens.value = "author"
for name in lens_ids():
    simulate([], lens=name)  # load and compile every lens once, as a session does


def every_lens(moves):
    return [explore(moves, lens=name).summary() for name in lens_ids()]


work = {
    "explorer + summary, 8 roadmap moves, every lens": lambda: every_lens(roadmap),
    "explorer + summary, 8 mixed moves, every lens": lambda: every_lens(MIXED),
    "robust orderings, 8 roadmap moves (every lens)": lambda: robust_orderings(roadmap),
    "compare lenses, roadmap": lambda: compare_lenses(roadmap),
    "sequence builder: run the roadmap": builder.run,
    "sequence builder: switch lens there and back": switch_lens,
    "bargaining, six parties 2017, 10 rounds": lambda: run_model(six, rounds=10),
    "bargaining, EC emission standards, 10 rounds": lambda: run_model(ec, rounds=10),
}
out = {}
for label, func in work.items():
    wall, cpu = [], []
    for _ in range(REPEAT):
        w, c = time.perf_counter(), time.process_time()
        func()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    out[label] = {"wall": wall, "cpu": cpu}
out["_imported"] = sorted(m for m in ("numpy", "pandas") if m in sys.modules)
print(json.dumps(out))
"""


def unpack(commit: str, into: Path) -> Path:
    """The package ``korea_talks`` as it was at ``commit``, written under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit, "korea_talks"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def run(source: Path, *, block: bool, pure: bool) -> dict[str, object]:
    """Run the workload with the package in ``source``; the timings it printed."""
    head = f"SOURCE = {str(source)!r}\nBLOCK = {block}\nPURE = {pure}\nREPEAT = {REPEAT}\n"
    done = subprocess.run(
        [sys.executable, "-c", head + WORKER],
        check=True,
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main() -> None:
    commit = sys.argv[1] if len(sys.argv) > 1 else BEFORE
    with tempfile.TemporaryDirectory() as folder:
        before = run(unpack(commit, Path(folder)), block=False, pure=False)
    after = run(ROOT, block=False, pure=False)
    pure = run(ROOT, block=True, pure=True)
    columns = [(f"before ({commit})", before), ("after", after), ("after, no numpy/pandas", pure)]
    print(f"CPUs available: {os.cpu_count()}; {REPEAT} runs each; median (worst) in ms")
    print(f"{'':<50}" + "".join(f"{name:>26}" for name, _ in columns))
    for label in before:
        if label.startswith("_"):
            continue
        for kind in ("wall", "cpu"):
            cells = []
            for _, figures in columns:
                times = figures[label][kind]  # type: ignore[index]
                cells.append(f"{statistics.median(times) * 1000:9.1f} ({max(times) * 1000:7.1f})")
            print(f"{label + ', ' + kind:<50}" + "".join(f"{c:>26}" for c in cells))
    for name, figures in columns:
        print(f"{name}: compiled libraries imported: {figures['_imported'] or 'none'}")


if __name__ == "__main__":
    main()
