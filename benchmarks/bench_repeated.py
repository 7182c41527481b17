"""Time the repeated freeze-for-freeze game: a 1,000-round match for several strategy
pairs, with and without noise, and the nashpy equilibria of the one-shot game.
Prints figures; asserts nothing.

Run: python benchmarks/bench_repeated.py
"""

from __future__ import annotations

from timing import report, timed

from korea_talks.games import FreezeGame, play_match


def main() -> None:
    game = FreezeGame.default()
    pairs = [
        ("tit-for-tat", "tit-for-tat"),
        ("generous-tit-for-tat", "grim-trigger"),
        ("grit", "always-test"),
    ]
    for nk, us in pairs:
        for noise in (0.0, 0.05):
            report(
                f"1,000 rounds: {nk} vs {us}, noise {noise}",
                timed(
                    lambda nk=nk, us=us, noise=noise: play_match(
                        nk, us, rounds=1000, noise=noise, seed=1, game=game
                    ),
                    20,
                ),
            )
    report("one-shot equilibria (nashpy support enumeration)", timed(game.equilibria, 50))


if __name__ == "__main__":
    main()
