"""Benchmark: the negotiation model's lens tools, side by side.

compare_lenses on the author's roadmap, sensitivity on the roadmap (every parameter, every
lens), robust_orderings over the roadmap's 8 moves, and the explorer over 8 moves under
every lens (target: under one second in total on a 2-core machine), then per lens, with
the CPU time beside the wall time (on a shared machine the wall time mostly measures the
wait for a core). Prints figures; asserts nothing. Run: python benchmarks/bench_sequence_lenses.py
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from bench_sequence_explorer import MIXED
from timing import report, timed

from korea_talks.sequence import (
    compare_lenses,
    explore,
    get_preset,
    lens_ids,
    robust_orderings,
    sensitivity,
    simulate,
)


def main() -> None:
    roadmap = get_preset("author-roadmap").moves
    for name in lens_ids():
        simulate([], lens=name)  # load and compile every lens once, as a session would
    print(f"CPUs available: {os.cpu_count()}; lenses: {', '.join(lens_ids())}")
    report("compare_lenses(roadmap)", timed(lambda: compare_lenses(roadmap), 20))
    report("sensitivity(roadmap), author lens", timed(lambda: sensitivity(roadmap), 10))
    report(
        "sensitivity(roadmap) under every lens",
        timed(lambda: [sensitivity(roadmap, lens=name) for name in lens_ids()], 5),
    )
    report("robust_orderings(8 roadmap moves)", timed(lambda: robust_orderings(roadmap), 5))
    for label, moves in (("roadmap", roadmap), ("mixed", MIXED)):
        times = timed(lambda moves=moves: [explore(moves, lens=name) for name in lens_ids()], 5)
        report(f"explorer, 8 {label} moves, every lens", times)
        print(
            f"  target < 1 s for all lenses: {'met' if max(times) < 1 else 'NOT met'} "
            f"(worst {max(times):.3f} s)"
        )
        for name in lens_ids():
            one = timed(lambda moves=moves, name=name: explore(moves, lens=name), 5)
            cpu = _cpu_seconds(lambda moves=moves, name=name: explore(moves, lens=name))
            report(f"  explorer, 8 {label} moves, {name} lens (CPU {cpu * 1000:.0f} ms)", one)


def _cpu_seconds(func: Callable[[], object], repeat: int = 3) -> float:
    """The least CPU time of ``repeat`` calls: what a call costs when no one else runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


if __name__ == "__main__":
    main()
