"""Timing helpers shared by the benchmark scripts (run from this folder's scripts)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    """Call ``func`` ``repeat`` times; return each call's wall time in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float], width: int = 62) -> None:
    """Print the median and the worst of ``times`` in milliseconds."""
    print(
        f"{label:<{width}} median {statistics.median(times) * 1000:8.2f} ms   "
        f"max {max(times) * 1000:8.2f} ms   (n={len(times)})"
    )
