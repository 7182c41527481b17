"""Benchmark: time of each sequence-builder callback (target: under 100 ms each).

Drives the widget from Python as a click would (no browser) and prints the median and
worst of 20 repetitions per interaction. Run: python benchmarks/bench_sequence_widget.py
"""

from __future__ import annotations

import statistics
import time

from korea_talks.widgets.sequence_builder import SequenceBuilder


def timed(func, repeats: int = 20) -> tuple[float, float]:
    """Median and maximum time of ``func()`` in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    start = time.perf_counter()
    builder = SequenceBuilder()
    print(f"build the widget (runs the roadmap): {(time.perf_counter() - start) * 1000:.1f} ms")

    def add_then_remove():
        builder.move_select.value = "us_sanctions"
        builder.add_button.click()
        builder.steps_select.value = len(builder.sequence) - 1
        builder.remove_button.click()

    def reorder():
        builder.steps_select.value = 3
        builder.up_button.click()

    def select_actor():
        builder.actor_dropdown.value = "China" if builder.actor_dropdown.value != "China" else "US"

    def load_preset():
        builder.preset_dropdown.value = "what-happened-2017-2019"
        builder.load_button.click()
        builder.preset_dropdown.value = "author-roadmap"
        builder.load_button.click()

    interactions = {
        "select an actor (palette refresh)": select_actor,
        "add a step + remove it (two runs)": add_then_remove,
        "reorder a step": reorder,
        "run": builder.run_button.click,
        "load two presets (two runs)": load_preset,
        "compare: choose preset B": lambda: setattr(
            builder.compare_dropdown,
            "value",
            "strike" if builder.compare_dropdown.value != "strike" else "cvid-first",
        ),
        "uncertainty, 200 runs": builder.uncertainty_button.click,
        "lens: switch (rerun + all-lenses view)": lambda: setattr(
            builder.lens_views.selector,
            "value",
            "washington" if builder.lens_views.lens != "washington" else "author",
        ),
        "lens: sensitivity chart": builder.lens_views.sensitivity_button.click,
    }
    worst_overall = 0.0
    for name, func in interactions.items():
        median, worst = timed(func)
        worst_overall = max(worst_overall, worst)
        print(f"{name:38s} median {median:6.1f} ms, worst {worst:6.1f} ms")
    builder.load_preset("author-roadmap")
    median, worst = timed(builder.explore_button.click, repeats=5)
    print(
        f"{'explorer, 8 roadmap moves (40,320)':38s} median {median:6.1f} ms, worst {worst:6.1f} ms"
    )
    # "Where the lenses split": every ordering under every lens, on a button press
    median, worst = timed(builder.split_button.click, repeats=5)
    label = "lenses split, 8 roadmap moves (x5)"
    print(f"{label:38s} median {median:6.1f} ms, worst {worst:6.1f} ms")
    builder.set_sequence([*builder.sequence, "us_sanctions"])
    median, worst = timed(builder.split_button.click, repeats=3)
    label = "lenses split, 9 moves (362,880 x5)"
    print(f"{label:38s} median {median:6.1f} ms, worst {worst:6.1f} ms")
    print(
        f"worst interactive callback: {worst_overall:.1f} ms "
        f"(target < 100 ms: {'met' if worst_overall < 100 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
