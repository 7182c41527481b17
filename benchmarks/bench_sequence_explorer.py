"""Benchmark: the sequence explorer on 8 moves (40,320 orderings) and on 9 moves.

Target: 8 moves in under one second on a 2-core machine. Prints the best of five runs.
Run: python benchmarks/bench_sequence_explorer.py
"""

from __future__ import annotations

import math
import os
import time

from korea_talks.sequence import explore, get_preset, load_catalogue, simulate

MIXED = [
    "us_direct_talks",
    "us_demand_cvid",
    "dprk_missile_test",
    "us_show_of_force",
    "dprk_test_moratorium",
    "rok_inter_korean_dialogue",
    "us_sanctions",
    "russia_working_group",
]
"""Eight moves of every kind (talks, tests, pressure), shared by the explorer benchmarks."""


def best_of(runs: int, func) -> float:
    """The fastest of ``runs`` timings of ``func()`` in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    load_catalogue()
    simulate([])  # compile the catalogue once, as a session would
    eight = get_preset("author-roadmap").moves
    nine = [*eight, "us_demand_cvid"]
    t8 = best_of(5, lambda: explore(eight))
    t_mixed = best_of(5, lambda: explore(MIXED))
    t9 = best_of(3, lambda: explore(nine))
    print(f"CPUs available: {os.cpu_count()}")
    print(
        f"explore 8 moves ({math.factorial(8):,} orderings): {t8:.3f} s "
        f"(target < 1 s: {'met' if t8 < 1 else 'NOT met'})"
    )
    print(f"explore 8 mixed moves (talks, tests, pressure; 40,320 orderings): {t_mixed:.3f} s")
    print(f"explore 9 moves ({math.factorial(9):,} orderings): {t9:.3f} s")
    print(explore(eight).summary())


if __name__ == "__main__":
    main()
