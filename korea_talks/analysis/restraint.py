"""The record behind the article's claim of restraint early in 2017 (S2).

S2 says that in the first months of 2017 "nothing extraordinary happened", and sets
routine missile tests aside as no threat to world peace. The fair test therefore
counts what the author would call extraordinary: nuclear tests, long-range launches
(intermediate-range and intercontinental missiles and space launchers) and other
provocations, in the same months of several years. Routine launches are shown beside
them, for comparison only.

>>> import pandas as pd
>>> tests = pd.DataFrame({
...     "date_kst": pd.to_datetime(["2016-02-07", "2016-03-10", "2017-03-06"]),
...     "missile": ["unha-3", "scud-c", "er-scud"],
...     "missile_name": ["Unha-3", "Scud-C", "ER Scud"],
...     "missile_type": ["SLV", "SRBM", "MRBM"],
...     "outcome": ["success", "success", "success"],
... })
>>> events = pd.DataFrame({
...     "date": pd.to_datetime(["2016-01-06"]), "event": ["Fourth nuclear test."],
...     "kind": ["nuclear-test"], "source": ["x"],
... })
>>> table = early_year_record(tests, events, [2016, 2017])
>>> table[["nuclear_tests", "long_range_launch_days", "routine_launch_days"]]
... # doctest: +NORMALIZE_WHITESPACE
      nuclear_tests  long_range_launch_days  routine_launch_days
year
2016              1                       1                    1
2017              0                       0                    1
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from korea_talks.analysis.missile_tests import AnalysisInputError, _check

EXTRAORDINARY_TYPES: tuple[str, ...] = ("IRBM", "ICBM", "SLV")
"""CNS missile types counted as long-range launches: what S2 does not call routine."""


def early_year_record(
    tests: pd.DataFrame,
    provocations: pd.DataFrame,
    years: Iterable[int],
    *,
    last_month: int = 4,
) -> pd.DataFrame:
    """For each year, what happened from 1 January to the end of ``last_month``.

    Columns: ``nuclear_tests``, ``long_range_launch_days`` (days with an IRBM, ICBM or
    space launch), ``long_range_launches`` (their dates and names), ``other_provocations``
    (listed events), ``routine_launch_days`` (days with only shorter-range launches).
    """
    _check(tests)
    if not 1 <= last_month <= 12:
        raise AnalysisInputError(f"last_month must be 1 to 12, not {last_month!r}")
    for column in ("date", "event", "kind"):
        if column not in provocations.columns:
            raise AnalysisInputError(
                f"the provocations table lacks column {column!r}; expected the output of "
                "korea_talks.datasets.load_provocations()"
            )
    name_column = "missile_name" if "missile_name" in tests.columns else "missile"
    rows = {}
    for year in years:
        start = pd.Timestamp(year=year, month=1, day=1)
        end = pd.Timestamp(year=year, month=last_month, day=1) + pd.offsets.MonthEnd(0)
        window = tests[(tests["date_kst"] >= start) & (tests["date_kst"] <= end)]
        extraordinary = window[window["missile_type"].astype(str).isin(EXTRAORDINARY_TYPES)]
        long_days = sorted(extraordinary["date_kst"].unique())
        routine_days = set(window["date_kst"]) - set(long_days)
        events = provocations[(provocations["date"] >= start) & (provocations["date"] <= end)]
        launches = [
            f"{pd.Timestamp(day):%d %b} "
            + "/".join(
                sorted(set(extraordinary.loc[extraordinary["date_kst"] == day, name_column]))
            )
            for day in long_days
        ]
        rows[year] = {
            "nuclear_tests": int((events["kind"] == "nuclear-test").sum()),
            "long_range_launch_days": len(long_days),
            "long_range_launches": "; ".join(launches),
            "other_provocations": "; ".join(
                f"{day:%d %b}: {text}"
                for day, text in zip(
                    events.loc[events["kind"] == "other-provocation", "date"],
                    events.loc[events["kind"] == "other-provocation", "event"],
                    strict=True,
                )
            ),
            "routine_launch_days": len(routine_days),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "year"
    return table
