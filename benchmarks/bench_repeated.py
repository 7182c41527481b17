"""Time the repeated freeze-for-freeze game: a 1,000-round match for several strategy
pairs, with and without noise, and the nashpy equilibria of the one-shot game.
Prints figures; asserts nothing.

Run: python benchmarks/bench_repeated.py
"""

from __future__ import annotations

import statistics
import time

from korea_talks.games import FreezeGame, play_match


def _timed(func, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def _report(label: str, times: list[float]) -> None:
    print(
        f"{label:<58} median {statistics.median(times) * 1000:8.2f} ms   "
        f"max {max(times) * 1000:8.2f} ms   (n={len(times)})"
    )


def main() -> None:
    game = FreezeGame.default()
    pairs = [
        ("tit-for-tat", "tit-for-tat"),
        ("generous-tit-for-tat", "grim-trigger"),
        ("grit", "always-test"),
    ]
    for nk, us in pairs:
        for noise in (0.0, 0.05):
            _report(
                f"1,000 rounds: {nk} vs {us}, noise {noise}",
                _timed(
                    lambda nk=nk, us=us, noise=noise: play_match(
                        nk, us, rounds=1000, noise=noise, seed=1, game=game
                    ),
                    20,
                ),
            )
    _report("one-shot equilibria (nashpy support enumeration)", _timed(game.equilibria, 50))


if __name__ == "__main__":
    main()
