"""Time the callbacks of the freeze-game and bargaining widgets (target: under 100 ms
each). Prints figures; asserts nothing.

Run: python benchmarks/bench_game_widgets.py
"""

from __future__ import annotations

import time

from timing import report

from korea_talks.widgets.bargaining import BargainingWidget
from korea_talks.widgets.freeze_game import FreezeGameWidget


def _time_values(control, values) -> list[float]:
    times = []
    for value in values:
        start = time.perf_counter()
        control.value = value
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    start = time.perf_counter()
    game = FreezeGameWidget()
    report("freeze game: construct (renders default view)", [time.perf_counter() - start])
    slider = game.payoff_sliders[("north_korea", "test_suspend")]
    report("freeze game: payoff slider", _time_values(slider, [7, 5, 9, 8] * 5))
    report(
        "freeze game: strategy picker",
        _time_values(game.nk_strategy, ["grit", "always-test", "tit-for-tat"] * 5),
    )
    report(
        "freeze game: rounds slider (up to 200)", _time_values(game.rounds, [200, 100, 150, 50] * 5)
    )
    report("freeze game: noise slider", _time_values(game.noise, [0.1, 0.2, 0.0] * 5))

    start = time.perf_counter()
    bargain = BargainingWidget()
    report("bargaining: construct (renders default view)", [time.perf_counter() - start])
    bargain.actor.value = "China"
    report("bargaining: position slider", _time_values(bargain.position, [40, 60, 75] * 5))
    report("bargaining: salience slider", _time_values(bargain.salience, [20, 90, 70] * 5))
    report("bargaining: rounds slider (up to 30)", _time_values(bargain.rounds, [30, 10, 20] * 5))
    report(
        "bargaining: data set switch",
        _time_values(bargain.dataset, ["ec-emission-standards", "six-parties-2017"] * 5),
    )


if __name__ == "__main__":
    main()
