"""Counting North Korea's missile tests by month, type and range class.

Chapter 1 tests a claim of the article (S2): that North Korean missile tests grew in
number and quality after the US show of force of April 2017 and South Korea's election
of 9 May 2017. These helpers turn the CNS table (one row per missile, see
:func:`korea_talks.datasets.load_missile_tests`) into the counts that claim is about.

Two units are counted, because they answer different questions:

* **missiles**: every missile fired (a salvo of five is five);
* **launch days**: distinct Korean dates with at least one launch (a salvo is one).

All dates are Korean dates (``date_kst``), the dates news reports use.

>>> import pandas as pd
>>> toy = pd.DataFrame({
...     "date_kst": pd.to_datetime(["2017-03-06"] * 3 + ["2017-05-14"]),
...     "missile": ["er-scud"] * 3 + ["hwasong-12"],
...     "missile_type": ["MRBM"] * 3 + ["IRBM"],
...     "outcome": ["success", "success", "failure", "success"],
... })
>>> monthly_counts(toy, "2017-03-01", "2017-05-31")[["missiles", "launch_days"]]
... # doctest: +NORMALIZE_WHITESPACE
         missiles  launch_days
month
2017-03         3            1
2017-04         0            0
2017-05         1            1
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

RANGE_CLASS_OF_TYPE: dict[str, str] = {
    "SRBM": "short-range",
    "MRBM": "medium-range",
    "IRBM": "intermediate-range",
    "ICBM": "intercontinental",
    "SLBM": "submarine-launched",
    "SLV": "space launcher",
    "HGV": "hypersonic glide",
    "Unknown": "unknown",
}
"""CNS missile type -> the range class used in the chapters' tables and figures."""

RANGE_CLASSES: tuple[str, ...] = tuple(RANGE_CLASS_OF_TYPE.values())
"""Range classes in display order (shortest land-based range first)."""

LONG_RANGE_CLASSES: tuple[str, ...] = ("intermediate-range", "intercontinental")
"""The classes that can reach Guam or beyond: one proxy for the 'quality' of a test."""

REQUIRED_COLUMNS = ("date_kst", "missile", "missile_type", "outcome")


class AnalysisInputError(ValueError):
    """The table or the arguments given to an analysis helper are not usable."""


def _check(tests: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in tests.columns]
    if missing:
        raise AnalysisInputError(
            f"the missile-test table lacks column(s) {', '.join(missing)}; expected the "
            "output of korea_talks.datasets.load_missile_tests()"
        )


def _day(text: str | pd.Timestamp, name: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(text).normalize()
    except (ValueError, TypeError):
        raise AnalysisInputError(f"{name}={text!r} is not a date; write YYYY-MM-DD") from None


def range_class(missile_type: str) -> str:
    """The range class of a CNS missile type.

    >>> range_class("IRBM")
    'intermediate-range'
    >>> range_class("XYZ")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    korea_talks.analysis.missile_tests.AnalysisInputError: unknown missile type 'XYZ'; ...
    """
    try:
        return RANGE_CLASS_OF_TYPE[str(missile_type)]
    except KeyError:
        raise AnalysisInputError(
            f"unknown missile type {missile_type!r}; known types: " + ", ".join(RANGE_CLASS_OF_TYPE)
        ) from None


def with_range_class(tests: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``tests`` with an ordered categorical column ``range_class``."""
    _check(tests)
    frame = tests.copy()
    classes = frame["missile_type"].astype(str).map(range_class)
    frame["range_class"] = pd.Categorical(classes, categories=list(RANGE_CLASSES), ordered=True)
    return frame


def _shared_date(dates: pd.Series) -> pd.Timestamp:
    """The date all ``dates`` share, or NaT (missing) when they differ."""
    return pd.Timestamp(dates.iloc[0]) if dates.nunique() == 1 else pd.Timestamp("NaT")


def in_window(
    tests: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp
) -> pd.DataFrame:
    """The tests whose Korean date lies between ``start`` and ``end`` (both included)."""
    _check(tests)
    first, last = _day(start, "start"), _day(end, "end")
    if last < first:
        raise AnalysisInputError(f"end {end!r} is before start {start!r}")
    return tests[(tests["date_kst"] >= first) & (tests["date_kst"] <= last)]


def _months(start: str, end: str) -> pd.PeriodIndex:
    return pd.period_range(_day(start, "start"), _day(end, "end"), freq="M", name="month")


def monthly_counts(tests: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Missiles, launch days and successful missiles per calendar month (zeros included)."""
    window = in_window(tests, start, end)
    month = window["date_kst"].dt.to_period("M")
    marked = window.assign(month=month, ok=window["outcome"].astype(str).eq("success"))
    grouped = marked.groupby("month", observed=True)
    counts = pd.DataFrame(
        {
            "missiles": grouped.size(),
            "launch_days": grouped["date_kst"].nunique(),
            "successes": grouped["ok"].sum(),
        }
    )
    counts = counts.reindex(_months(start, end), fill_value=0).astype(int)
    counts.index.name = "month"
    return counts


def monthly_by(tests: pd.DataFrame, start: str, end: str, column: str) -> pd.DataFrame:
    """Missiles per month (rows) and value of ``column`` (columns), zeros included.

    ``column`` may be ``"range_class"`` (added on the fly), ``"missile_name"``,
    ``"outcome"`` or any other column of the table.
    """
    window = in_window(tests, start, end)
    if column == "range_class" and column not in window.columns:
        window = with_range_class(window)
    if column not in window.columns:
        raise AnalysisInputError(
            f"no column {column!r}; choose one of {', '.join(map(str, window.columns))}"
        )
    table = pd.crosstab(window["date_kst"].dt.to_period("M"), window[column])
    if isinstance(window[column].dtype, pd.CategoricalDtype):
        used = [c for c in window[column].cat.categories if c in table.columns]
        table = table[used]
    table = table.reindex(_months(start, end), fill_value=0)
    table.index.name = "month"
    table.columns.name = column
    return table


def first_flights(tests: pd.DataFrame, *, successful_only: bool = False) -> pd.Series:
    """The Korean date of the first flight of each named missile type in the whole table.

    With ``successful_only``, the date of the first flight recorded as a success.
    """
    _check(tests)
    known = tests[tests["missile"].astype(str) != "unknown"]
    if successful_only:
        known = known[known["outcome"].astype(str) == "success"]
    name = "missile_name" if "missile_name" in known.columns else "missile"
    return known.groupby(known[name].astype(str))["date_kst"].min().sort_values()


def period_summary(tests: pd.DataFrame, periods: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """One row per named period ``{label: (start, end)}`` with counts and quality proxies.

    Columns: ``months``, ``launch_days``, ``missiles``, ``launch_days_per_month``,
    ``missiles_per_month``, ``success_share`` (share of missiles that succeeded),
    ``long_range_missiles`` (IRBM or ICBM), ``long_range_successes``, ``max_apogee_km``,
    ``new_types`` (types first flown in the period, over the whole record) and
    ``first_successes`` (types whose first successful flight falls in the period).
    """
    _check(tests)
    if not periods:
        raise AnalysisInputError("give at least one period as {label: (start, end)}")
    firsts = first_flights(tests)
    first_ok = first_flights(tests, successful_only=True)
    rows = {}
    for label, (start, end) in periods.items():
        window = with_range_class(in_window(tests, start, end))
        months = len(_months(start, end))
        long_range = window["range_class"].isin(LONG_RANGE_CLASSES)
        success = window["outcome"].astype(str).eq("success")
        first, last = _day(start, "start"), _day(end, "end")
        new = firsts[(firsts >= first) & (firsts <= last)]
        new_ok = first_ok[(first_ok >= first) & (first_ok <= last)]
        apogee = window["apogee_km"].max() if "apogee_km" in window.columns else pd.NA
        rows[label] = {
            "months": months,
            "launch_days": window["date_kst"].nunique(),
            "missiles": len(window),
            "launch_days_per_month": round(window["date_kst"].nunique() / months, 2),
            "missiles_per_month": round(len(window) / months, 2),
            "success_share": round(float(success.mean()), 2) if len(window) else float("nan"),
            "long_range_missiles": int(long_range.sum()),
            "long_range_successes": int((long_range & success).sum()),
            "max_apogee_km": apogee,
            "new_types": ", ".join(new.index),
            "first_successes": ", ".join(new_ok.index),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


@dataclass(frozen=True)
class RateComparison:
    """Two event counts over two exposure times, compared as Poisson rates."""

    count_a: int
    months_a: float
    count_b: int
    months_b: float
    p_value: float

    @property
    def rate_a(self) -> float:
        """Events per month in the first period."""
        return self.count_a / self.months_a

    @property
    def rate_b(self) -> float:
        """Events per month in the second period."""
        return self.count_b / self.months_b


def compare_rates(count_a: int, months_a: float, count_b: int, months_b: float) -> RateComparison:
    """Exact two-sided test that two periods share one Poisson rate of events.

    Given the total, the first period's count is binomial with probability
    ``months_a / (months_a + months_b)`` if the rates are equal; the p-value sums the
    probabilities of all splits no more likely than the one observed.

    >>> result = compare_rates(6, 4, 7, 4)
    >>> round(result.rate_a, 2), round(result.rate_b, 2), round(result.p_value, 2)
    (1.5, 1.75, 1.0)
    >>> round(compare_rates(2, 6, 12, 6).p_value, 3)
    0.013
    """
    for name, value in (("count_a", count_a), ("count_b", count_b)):
        if int(value) != value or value < 0:
            raise AnalysisInputError(f"{name} must be a whole number >= 0, not {value!r}")
    for name, length in (("months_a", months_a), ("months_b", months_b)):
        if not length > 0:
            raise AnalysisInputError(f"{name} must be a positive length of time, not {length!r}")
    total = int(count_a) + int(count_b)
    share = months_a / (months_a + months_b)
    probs = [math.comb(total, k) * share**k * (1 - share) ** (total - k) for k in range(total + 1)]
    observed = probs[int(count_a)]
    p_value = min(1.0, sum(p for p in probs if p <= observed * (1 + 1e-9)))
    return RateComparison(int(count_a), months_a, int(count_b), months_b, p_value)


def split_sensitivity(
    tests: pd.DataFrame, start: str, end: str, splits: Iterable[str]
) -> pd.DataFrame:
    """How the before/after comparison of launch days moves with the chosen split date.

    For each split date, 'before' runs from ``start`` to the day before the split and
    'after' from the split to ``end``; lengths are in months of 30.44 days.
    """
    rows = []
    first, last = _day(start, "start"), _day(end, "end")
    for split in splits:
        cut = _day(split, "split")
        if not first < cut <= last:
            raise AnalysisInputError(f"split {split!r} must fall after {start} and by {end}")
        before = in_window(tests, first, cut - pd.Timedelta(days=1))
        after = in_window(tests, cut, last)
        months_before = (cut - first).days / 30.44
        months_after = ((last - cut).days + 1) / 30.44
        result = compare_rates(
            before["date_kst"].nunique(), months_before, after["date_kst"].nunique(), months_after
        )
        rows.append(
            {
                "split": cut.date().isoformat(),
                "launch_days_before": result.count_a,
                "per_month_before": round(result.rate_a, 2),
                "launch_days_after": result.count_b,
                "per_month_after": round(result.rate_b, 2),
                "p_value": round(result.p_value, 2),
            }
        )
    return pd.DataFrame(rows).set_index("split")


def counts_around(
    tests: pd.DataFrame, dates: Mapping[str, str | pd.Timestamp], days: int = 90
) -> pd.DataFrame:
    """Launch days and missiles in the ``days`` before and after each dated event.

    ``dates`` maps a label (for example a resolution number) to a date. 'Before' covers
    the ``days`` days up to the day before the event, 'after' the event day and the
    ``days - 1`` days that follow it, so a launch on the event day counts as after.

    >>> import pandas as pd
    >>> toy = pd.DataFrame({
    ...     "date_kst": pd.to_datetime(["2017-01-10", "2017-02-01", "2017-02-01"]),
    ...     "missile": ["a", "b", "b"], "missile_type": ["SRBM"] * 3,
    ...     "outcome": ["success"] * 3,
    ... })
    >>> counts_around(toy, {"event": "2017-01-20"}, days=30)
           launch_days_before  missiles_before  launch_days_after  missiles_after
    event                   1                1                  1               2
    """
    _check(tests)
    if int(days) != days or days < 1:
        raise AnalysisInputError(f"days must be a whole number >= 1, not {days!r}")
    span = pd.Timedelta(days=int(days))
    rows = {}
    for label, when in dates.items():
        day = _day(when, str(label))
        before = in_window(tests, day - span, day - pd.Timedelta(days=1))
        after = in_window(tests, day, day + span - pd.Timedelta(days=1))
        rows[label] = {
            "launch_days_before": before["date_kst"].nunique(),
            "missiles_before": len(before),
            "launch_days_after": after["date_kst"].nunique(),
            "missiles_after": len(after),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def harmonise_salvo_dates(tests: pd.DataFrame) -> pd.DataFrame:
    """Give untimed missiles of a salvo the Korean date of their timed salvo partners.

    The loader can only guess the Korean date of a row without a launch time (it keeps
    the UTC date). When another missile of the same salvo (same UTC date, facility and
    missile, with a ``series`` number) has a known time, its Korean date is the better
    guess. Without this, one morning salvo can count as two launch days.

    >>> import pandas as pd
    >>> toy = pd.DataFrame({
    ...     "date_utc": pd.to_datetime(["2019-09-09"] * 2),
    ...     "date_kst": pd.to_datetime(["2019-09-10", "2019-09-09"]),
    ...     "date_kst_exact": [True, False], "series": [1, 2],
    ...     "facility": ["kaechon"] * 2, "missile": ["kn-25"] * 2,
    ...     "missile_type": ["SRBM"] * 2, "outcome": ["success", "failure"],
    ... })
    >>> harmonise_salvo_dates(toy)["date_kst"].dt.strftime("%m-%d").tolist()
    ['09-10', '09-10']
    """
    _check(tests)
    needed = ("date_utc", "date_kst_exact", "series", "facility")
    missing = [c for c in needed if c not in tests.columns]
    if missing:
        raise AnalysisInputError(f"the table lacks column(s) {', '.join(missing)}")
    frame = tests.copy()
    keys = ["date_utc", "facility", "missile"]
    exact = frame[frame["date_kst_exact"].astype(bool)]
    known = exact.groupby(keys)["date_kst"].agg(_shared_date)
    guess = ~frame["date_kst_exact"].astype(bool) & frame["series"].notna()
    for index in frame.index[guess]:
        key = tuple(frame.loc[index, k] for k in keys)
        if key in known.index and pd.notna(known[key]):
            frame.loc[index, "date_kst"] = known[key]
    return frame
