"""Helpers shared by the benchmark scripts (run from this folder's scripts): timing,
percentiles, and a free port on loopback for the servers they start."""

from __future__ import annotations

import socket
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


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
