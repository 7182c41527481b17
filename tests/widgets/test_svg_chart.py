"""The widgets' SVG chart helper: round ticks, axis labels, a legend entry for every line
and every kind of shading, and the charts of the three widgets built with it."""

from __future__ import annotations

import itertools
import math
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from korea_talks.widgets.svg_chart import Band, Series, legend_names, line_chart, nice_ticks

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


def is_round_step(step: float) -> bool:
    mantissa = step / 10 ** math.floor(math.log10(step))
    return any(math.isclose(mantissa, m, rel_tol=1e-9) for m in (1, 2, 2.5, 5, 10))


@given(finite, finite)
@example(0.0, 1e-9)  # a range far narrower than a chart shows
def test_ticks_cover_the_range_with_one_round_step(low: float, high: float) -> None:
    ticks = nice_ticks(low, high)
    lo, hi = min(low, high), max(low, high)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1, ticks
    step = steps.pop()
    assert is_round_step(step), ticks
    slack = 1e-6 * step  # floating-point slack, far below a pixel
    assert ticks[0] <= lo + slack and ticks[-1] >= hi - slack, (lo, hi, ticks)
    assert 2 <= len(ticks) <= 12


def test_ticks_refuse_non_numbers() -> None:
    with pytest.raises(ValueError, match="finite"):
        nice_ticks(0, math.nan)


def tick_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end">([^<]+)</text>', svg)


def test_flat_series_draws_without_nan() -> None:
    svg = line_chart([Series("flat", [1, 1, 1])], title="flat", x_label="round", y_label="v")
    assert "nan" not in svg.lower()


def test_chart_has_axis_labels_and_a_legend_entry_for_each_line_and_shading() -> None:
    svg = line_chart(
        [Series("a", [0, 5, 10]), Series("b", [10, 5, 0])],
        title="Two lines",
        x_label="step",
        y_label="level",
        bands=[
            Band(1, 1, "light shade", "#56B4E9", 0.2),
            Band(2, 2, "light shade", "#56B4E9", 0.2),
        ],
    )
    texts = re.findall(r">([^<>]+)</text>", svg)
    assert "step" in texts and "level" in texts
    # one legend entry per line and per kind of shading
    assert legend_names(svg) == ["a", "b", "light shade"]
    assert svg.count("<polyline") == 2


def test_freeze_game_chart_ticks_are_round_numbers() -> None:
    from korea_talks.widgets.freeze_game import FreezeGameWidget

    values = [float(x) for x in tick_labels(FreezeGameWidget().chart.value)]
    steps = {round(b - a, 9) for a, b in itertools.pairwise(values)}
    assert len(steps) == 1, values
    step = steps.pop()
    assert is_round_step(step), values
    assert all(math.isclose(v / step, round(v / step)) for v in values), values


def test_sequence_chart_names_its_y_axis_and_its_shading() -> None:
    from korea_talks.sequence import get_preset, simulate
    from korea_talks.widgets.sequence_builder import FREEZE_LABELS, trajectory_svg

    result = simulate(get_preset("author-roadmap").moves)
    svg = trajectory_svg(result)
    assert "level (0-10)" in svg
    for level in sorted(set(result.trajectory["freeze"].iloc[1:]) - {0}):
        assert FREEZE_LABELS[int(level)] in legend_names(svg)


def test_bargaining_chart_has_a_line_per_actor_and_the_mean() -> None:
    from korea_talks.widgets.bargaining import BargainingWidget

    widget = BargainingWidget()
    svg = widget.chart.value
    assert svg.count("<polyline") == len(widget.table.names) + 1
    assert "weighted mean" in legend_names(svg) and "position on the issue" in svg
