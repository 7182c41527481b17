"""Compare a gradebook the grader wrote with a reviewed (golden) one, cell by cell."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read_text_table(path: Path) -> pd.DataFrame:
    """A CSV with its first column as index, every cell as the text written."""
    return pd.read_csv(path, index_col=0, keep_default_na=False, dtype=str)


def assert_same_gradebook(
    expected_path: Path, actual_path: Path, leave_out: frozenset[str] = frozenset()
) -> None:
    """Same students, same columns, and every differing cell named (the rows of the
    students in ``leave_out`` are not compared)."""
    expected, actual = read_text_table(expected_path), read_text_table(actual_path)
    expected = expected.loc[[s for s in expected.index if s not in leave_out]]
    actual = actual.loc[[s for s in actual.index if s not in leave_out]]
    assert list(actual.index) == list(expected.index)
    assert list(actual.columns) == list(expected.columns)
    differences = [
        f"{student}/{column}: expected {expected.loc[student, column]!r}, "
        f"got {actual.loc[student, column]!r}"
        for student in expected.index
        for column in expected.columns
        if expected.loc[student, column] != actual.loc[student, column]
    ]
    assert differences == []
