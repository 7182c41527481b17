"""Item statistics: difficulty, point-biserial and upper-lower discrimination, flags."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.grading.items import POOR_DISCRIMINATION, item_statistics


def _book(columns: dict[str, list[float]], status: list[str] | None = None) -> pd.DataFrame:
    size = len(next(iter(columns.values())))
    frame = pd.DataFrame(columns)
    frame["status"] = status or ["complete"] * size
    return frame


def test_an_item_that_separates_strong_from_weak_students_is_not_flagged():
    ability = list(range(20))
    book = _book(
        {
            "q1": [1 if a >= 10 else 0 for a in ability],
            "q2": [1 if a >= 5 else 0 for a in ability],
            "q3": [2 if a >= 12 else 0 for a in ability],
            "q4": [a % 2 for a in ability],  # unrelated to ability
        }
    )
    stats = item_statistics(book, {"q1": 1, "q2": 1, "q3": 2, "q4": 1})
    assert stats.loc["q1", "flag"] == ""
    assert stats.loc["q1", "upper_lower"] == 1.0
    assert stats.loc["q1", "point_biserial"] > 0.5
    assert stats.loc["q1", "difficulty"] == 0.5
    assert stats.loc["q3", "difficulty"] == 0.4
    assert stats.loc["q4", "flag"] == "poor discrimination"
    assert abs(stats.loc["q4", "point_biserial"]) < POOR_DISCRIMINATION


def test_ungraded_rows_are_left_out_and_pending_scores_are_not_zeros():
    book = _book(
        {"q1": [1, 1, 0, 0, 0], "q2": [3, None, 1, 0, None]},
        ["complete", "awaiting hand grading", "incomplete", "incomplete", "not graded"],
    )
    stats = item_statistics(book, {"q1": 1, "q2": 3}, min_students=3)
    assert stats.loc["q1", "students_scored"] == 4
    assert stats.loc["q2", "students_scored"] == 3
    assert math.isclose(stats.loc["q2", "difficulty"], round(4 / 9, 3))


def test_small_classes_and_constant_items_get_no_index():
    book = _book({"q1": [1, 1, 1], "q2": [1, 0, 1]})
    stats = item_statistics(book, {"q1": 1, "q2": 1})
    assert set(stats["flag"]) == {"too few students"}
    stats = item_statistics(book, {"q1": 1, "q2": 1}, min_students=3)
    assert stats.loc["q1", "flag"] == "no variance"
    assert math.isnan(stats.loc["q1", "upper_lower"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 1), st.integers(0, 2), st.integers(0, 3)),
        min_size=10,
        max_size=40,
    )
)
def test_indices_stay_in_their_ranges(scores):
    book = _book({f"q{i + 1}": [row[i] for row in scores] for i in range(3)})
    stats = item_statistics(book, {"q1": 1, "q2": 2, "q3": 3})
    assert stats["difficulty"].between(0, 1).all()
    for column in ("point_biserial", "upper_lower"):
        values = stats[column].dropna()
        assert values.between(-1, 1).all()
