"""Readings of the missile-test record and the models: the computed letters of choice items.

A choice item with variants (see :mod:`korea_talks.grading.variants`) asks which reading
of a passage the data or a model support; its right letter (or letters) is computed here
from the CNS record or the sequence model for the variant's parameters, never typed.
Each function returns the letter of a ``choice`` item or the sorted letters of a
``choices`` item, and its docstring says what each option means, so that the question
text and the function say the same thing.

Rates are launch days (distinct Korean dates) per day of the period, so that periods of
different length can be compared.

>>> number_quality_reading(2017, "2017-05-10")
'b'
>>> rate_reversals(2017, "2017-05-10")
['d', 'e']
>>> restraint_reading("04-30", 2015)
['d']
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from korea_talks.checks.codings import Coding, the_one

if TYPE_CHECKING:
    import pandas as pd

RESTRAINT_BASELINE = (2014, 2015, 2016)
"""The earlier years whose mean the restraint reading compares 2017 with (the three
years before 2017 in which the record has launches in the window)."""

SHIFT_DAYS = 30
"""How far option c and d of :func:`rate_reversals` move the split."""


@functools.cache
def _record_once() -> pd.DataFrame:
    from korea_talks.datasets import load_missile_tests

    return load_missile_tests()


def missile_record() -> pd.DataFrame:
    """The CNS record, corrections applied, as :func:`korea_talks.datasets.load_missile_tests`
    gives it: read from disk once per process, when an answer is first computed (so that
    the checker loads without pandas), and a fresh copy at each call (so that no caller
    can change what another reads). A class's marking computes many answers from it.

    >>> missile_record().equals(missile_record())
    True
    >>> missile_record() is missile_record()
    False
    """
    return _record_once().copy()


def _higher_rate_after(
    year: int, split: Any, *, column: str = "date_kst", rows: bool = False, counts: bool = False
) -> bool:
    """Whether launches are more frequent from ``split`` to the year's end than before.

    ``rows`` counts missiles instead of launch days; ``counts`` compares the raw numbers
    instead of the rates per day; ``column`` is the date used (Korean or UTC).
    """
    import pandas as pd

    tests = missile_record()
    dates = tests.loc[tests[column].dt.year == year, column]
    if not rows:
        dates = dates.drop_duplicates()
    cut = pd.Timestamp(split)
    start, end = pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year + 1}-01-01")
    before, after = int((dates < cut).sum()), int((dates >= cut).sum())
    if counts:
        return after > before
    return after / (end - cut).days > before / (cut - start).days


def number_quality_reading(year: int, split: str, event: str = "") -> str:
    """Which reading of "more and better tests after a turning point" the data support.

    ``split`` divides ``year``; ``event`` only names the turning point in the question.
    Options: a) launch days more frequent after the split and a higher flight (apogee)
    after it than before; b) less frequent after (or as frequent), but a higher flight
    after it; c) more frequent after, but no higher flight; d) neither.

    >>> number_quality_reading(2023, "2023-09-13")
    'd'
    """
    import pandas as pd

    tests = missile_record()
    in_year = tests[tests["date_kst"].dt.year == year]
    cut = pd.Timestamp(split)
    before = in_year.loc[in_year["date_kst"] < cut, "apogee_km"].max()
    after = in_year.loc[in_year["date_kst"] >= cut, "apogee_km"].max()
    higher = bool(pd.notna(after) and (pd.isna(before) or after > before))
    more = _higher_rate_after(year, split)
    return {(True, True): "a", (False, True): "b", (True, False): "c", (False, False): "d"}[
        (more, higher)
    ]


def rate_reversals(year: int, split: str, event: str = "") -> list[str]:
    """The changes to the test of launch-day rates around ``split`` that reverse its result.

    The result is whether launch days are more frequent (per day) after the split than
    before it; ``event`` only names the turning point in the question. Options: a) count
    missiles (rows) instead of launch days; b) use the UTC date instead of the Korean one;
    c) move the split :data:`SHIFT_DAYS` days later; d) move it :data:`SHIFT_DAYS` days
    earlier; e) compare the raw counts of launch days instead of the rates.

    >>> rate_reversals(2017, "2017-03-08")
    ['a', 'c']
    """
    import pandas as pd

    base = _higher_rate_after(year, split)
    cut, shift = pd.Timestamp(split), pd.Timedelta(days=SHIFT_DAYS)
    changed = {
        "a": _higher_rate_after(year, split, rows=True),
        "b": _higher_rate_after(year, split, column="date_utc"),
        "c": _higher_rate_after(year, cut + shift),
        "d": _higher_rate_after(year, cut - shift),
        "e": _higher_rate_after(year, split, counts=True),
    }
    return sorted(letter for letter, result in changed.items() if result != base)


def _window(year: int, start: str, end: str) -> tuple[int, int]:
    """Launch days and missiles from ``start`` to ``end`` (month-day) of ``year``."""
    tests = missile_record()
    dates = tests["date_kst"]
    window = tests[(dates >= f"{year}-{start}") & (dates <= f"{year}-{end}")]
    return int(window["date_kst"].nunique()), len(window)


def restraint_reading(end: str, year: int, start: str = "01-20") -> list[str]:
    """Which statements about restraint early in 2017 the record supports.

    The window runs from ``start`` (20 January, the US inauguration) to ``end`` (both
    month-day) in each year. Options: a) 2017 had fewer launch days than the mean of
    :data:`RESTRAINT_BASELINE`; b) fewer missiles than that mean; c) fewer launch days
    than ``year``; d) fewer missiles than ``year``.

    >>> restraint_reading("02-28", 2014)
    ['b', 'd']
    """
    days, missiles = _window(2017, start, end)
    baseline = [_window(y, start, end) for y in RESTRAINT_BASELINE]
    mean_days = sum(b[0] for b in baseline) / len(baseline)
    mean_missiles = sum(b[1] for b in baseline) / len(baseline)
    other_days, other_missiles = _window(year, start, end)
    supported = {
        "a": days < mean_days,
        "b": missiles < mean_missiles,
        "c": days < other_days,
        "d": missiles < other_missiles,
    }
    return sorted(letter for letter, holds in supported.items() if holds)


LENS_OPTIONS = ("author", "seoul", "beijing", "pyongyang", "washington")
"""The lenses of the sequence model in the order of the options a) to e)."""


def lenses_reaching(preset: str, target: str) -> list[str]:
    """The lenses under which a preset's verdict is at least ``target``.

    Options a) to e) are the lenses of :data:`LENS_OPTIONS`, each with the model's
    catalogue as that camp reads it; verdicts are ranked from ``war-risk`` to
    ``settlement-track`` as in :mod:`korea_talks.sequence`.

    >>> lenses_reaching("washington-big-deal", "moratorium")
    ['d', 'e']
    """
    from korea_talks.sequence import Verdict, get_preset, verdict_of
    from korea_talks.sequence.lenses import lens_catalogue

    goal = Verdict(target)
    moves = list(get_preset(preset).moves)
    return [
        "abcde"[i]
        for i, lens in enumerate(LENS_OPTIONS)
        if verdict_of(moves, catalogue=lens_catalogue(lens)).rank >= goal.rank
    ]


AGAINST_GAINING_TIME: Coding = {
    # the practice variant's observations; True: it counts against the S4 reading
    "China cut its supplies to the North so far that the regime stopped testing for good, "
    "accepting the risk of instability on its border": True,
    "China voted for the UN sanctions resolutions of 2017": False,
    'Xi Jinping promised to act "within 100 days"': False,
    "China proposed that North Korea's tests and the US-South Korean exercises be "
    "suspended together": False,
}
"""The practice coding of the evidence item of set 2. An observation counts against the
S4 reading (Beijing pressed "to gain time" and avert a crisis, since cutting vital
supplies would bring instability to a "buffer state" without changing Pyongyang's mind)
when China accepts the very risk of instability that reading says it avoids; pressure or
diplomacy that buys time and risks no instability fits it (the promise "within 100 days"
is the article's own example). The graded variants' observations, none of them here, are
coded in the instructor's key (:mod:`korea_talks.checks.codings`)."""


def evidence_against_gaining_time(
    a: str, b: str, c: str, d: str, coding: Coding | None = None
) -> str:
    """The letter of the observation that counts most against the S4 reading of Beijing.

    Options a) to d) are observations; ``coding`` (by default the practice coding
    :data:`AGAINST_GAINING_TIME`) flags the one that counts against the reading.

    >>> practice = list(AGAINST_GAINING_TIME)
    >>> evidence_against_gaining_time(practice[1], practice[0], practice[2], practice[3])
    'b'
    >>> evidence_against_gaining_time("x", "y", "z", "w")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: options not in the coding: ['x', 'y', 'z', 'w']
    """
    return the_one(AGAINST_GAINING_TIME if coding is None else coding, (a, b, c, d))


READINGS: dict[str, Callable[..., object]] = {
    "number_quality_reading": number_quality_reading,
    "rate_reversals": rate_reversals,
    "restraint_reading": restraint_reading,
    "lenses_reaching": lenses_reaching,
    "evidence_against_gaining_time": evidence_against_gaining_time,
}
"""The compute functions of this module, by the name an answer spec gives them."""

CODINGS: dict[str, Coding] = {"evidence_against_gaining_time": AGAINST_GAINING_TIME}
"""The computations of this module that read a coding, each with its practice coding."""
