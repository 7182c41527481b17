"""Item statistics instructors know from classical test theory.

For every question of a set, over the students who were graded:

``difficulty``
    the share of the available marks the class earned (mean points / max points), so
    1.0 is an item everyone earned in full and 0.0 one nobody earned anything on;
``point_biserial``
    the correlation between a student's points on the item and their total on the
    *other* items (the corrected item-total correlation, so an item is not correlated
    with itself);
``upper_lower``
    the mean share of the item earned by the top 27 % of the class (by total on the other
    items) minus that of the bottom 27 % (Kelley's upper and lower groups);
``flag``
    why the item deserves a look: ``poor discrimination`` when either index is below
    :data:`POOR_DISCRIMINATION` (0.20, the usual cut-off after Ebel and Frisbie),
    ``negative discrimination`` when stronger students do worse on it, ``no variance``
    when everyone scored the same, ``too few students`` below :data:`MIN_STUDENTS`.

>>> import pandas as pd
>>> book = pd.DataFrame({"q1": [1, 1, 0, 0], "q2": [1, 0, 0, 1], "q3": [2, 2, 0, 0],
...                      "status": ["complete"] * 4})
>>> stats = item_statistics(book, {"q1": 1, "q2": 1, "q3": 2}, min_students=4)
>>> stats.loc["q1", ["difficulty", "upper_lower"]].tolist()
[0.5, 1.0]
>>> stats.loc["q2", "flag"]
'poor discrimination'

For templated items (:mod:`korea_talks.grading.variants`), :func:`variant_statistics`
groups the students by the variant they were marked against and gives each variant's
difficulty beside that of the item as a whole, so a variant harder than its siblings
shows.
"""

from __future__ import annotations

import math

import pandas as pd

POOR_DISCRIMINATION = 0.20
"""Below this, an item separates stronger from weaker students too little (Ebel and Frisbie)."""

GROUP_SHARE = 0.27
"""The share of the class in each of the upper and lower groups (Kelley, 1939)."""

MIN_STUDENTS = 10
"""Fewer graded students than this and the discrimination indices are not computed."""

NOT_GRADED = "not graded"


def _correlation(x: pd.Series, y: pd.Series) -> float:
    if x.std(ddof=0) == 0 or y.std(ddof=0) == 0:
        return math.nan
    return float(x.corr(y))


def item_statistics(
    book: pd.DataFrame, max_points: dict[str, int], *, min_students: int = MIN_STUDENTS
) -> pd.DataFrame:
    """Difficulty, point-biserial and upper-lower discrimination and a flag per item.

    ``book`` has a column per question (points; missing for answers still awaiting hand
    grading, which count as not yet scored) and a ``status``; rows whose status is
    ``not graded`` (a notebook that could not be read) are left out, as they say nothing
    about the items.
    """
    graded = book[book["status"] != NOT_GRADED] if "status" in book else book
    labels = list(max_points)
    shares = pd.DataFrame(
        {q: pd.to_numeric(graded[q], errors="coerce") / max_points[q] for q in labels}
    ).astype(float)
    rows = []
    for q in labels:
        scored = shares[q].notna()
        item = shares.loc[scored, q]
        rest = shares.loc[scored, [o for o in labels if o != q]].fillna(0).sum(axis=1)
        row: dict[str, object] = {
            "question": q,
            "students_scored": int(scored.sum()),
            "difficulty": float(item.mean()) if len(item) else math.nan,
            "point_biserial": math.nan,
            "upper_lower": math.nan,
        }
        if len(item) < min_students:
            row["flag"] = "too few students"
        elif item.std(ddof=0) == 0:
            row["flag"] = "no variance"
        else:
            size = max(1, round(GROUP_SHARE * len(item)))
            order = rest.sort_values(kind="mergesort").index
            lower, upper = item[order[:size]], item[order[-size:]]
            point_biserial = _correlation(item, rest)
            upper_lower = float(upper.mean() - lower.mean())
            row["point_biserial"], row["upper_lower"] = point_biserial, upper_lower
            indices = [v for v in (point_biserial, upper_lower) if not math.isnan(v)]
            if any(v < 0 for v in indices):
                row["flag"] = "negative discrimination"
            elif any(v < POOR_DISCRIMINATION for v in indices):
                row["flag"] = "poor discrimination"
            else:
                row["flag"] = ""
        rows.append(row)
    frame = pd.DataFrame(rows).set_index("question")
    columns = ["difficulty", "point_biserial", "upper_lower"]
    frame[columns] = frame[columns].astype(float).round(3)
    return frame


HARDER_BY = 0.25
"""A variant whose difficulty is this much below its item's is flagged ``harder``."""


def variant_statistics(results: pd.DataFrame) -> pd.DataFrame:
    """Difficulty of each variant of each templated item, beside the item's.

    ``results`` is the long form of a class's results: one row per student and question
    with ``question``, ``variant`` (empty for an item without variants), ``points`` and
    ``max_points``. Rows still awaiting hand grading (no points) are left out.

    >>> long = pd.DataFrame({"question": ["q4"] * 4, "variant": ["graded-0", "graded-0",
    ...     "graded-1", "graded-1"], "points": [1, 1, 0, 1], "max_points": [1] * 4})
    >>> stats = variant_statistics(long)
    >>> stats["difficulty"].tolist(), stats["item_difficulty"].tolist()
    ([1.0, 0.5], [0.75, 0.75])
    >>> stats.loc[("q4", "graded-1"), "flag"]
    'harder'
    """
    columns = ["students", "difficulty", "item_difficulty", "flag"]
    scored = results[(results["variant"].fillna("") != "") & results["points"].notna()].copy()
    if scored.empty:
        index = pd.MultiIndex.from_arrays([[], []], names=["question", "variant"])
        return pd.DataFrame(columns=columns, index=index)
    scored["share"] = pd.to_numeric(scored["points"]) / pd.to_numeric(scored["max_points"])
    item = scored.groupby("question")["share"].mean()
    frame = scored.groupby(["question", "variant"])["share"].agg(["count", "mean"])
    frame.columns = ["students", "difficulty"]
    frame["item_difficulty"] = [item[q] for q, _ in frame.index]
    harder = frame["difficulty"] <= frame["item_difficulty"] - HARDER_BY
    frame["flag"] = ["harder" if h else "" for h in harder]
    frame[["difficulty", "item_difficulty"]] = frame[["difficulty", "item_difficulty"]].round(3)
    return frame[columns]
