"""Calibration: the "what happened, 2017-2019" preset reproduces the broad course of events.

Tension peaks in 2017 without war, a de facto freeze (a test moratorium, not a verified
freeze) holds from April 2018, and there is no settlement after the Hanoi summit. These
hold under every lens: the lenses disagree about sequences that never happened, not about
the record.
"""

from __future__ import annotations

import datetime as dt

import pytest

from korea_talks.sequence import Verdict, get_preset, lens_ids, simulate

HISTORY = get_preset("what-happened-to-stockholm")
DATES = [None, *(step.date for step in HISTORY.steps)]  # row 0 is the mid-2017 start


@pytest.fixture(scope="module", params=lens_ids())
def run(request):
    return simulate(HISTORY.moves, lens=request.param)


def test_every_step_of_history_is_dated_and_sourced():
    assert HISTORY.dated
    assert [s.date for s in HISTORY.steps] == sorted(s.date for s in HISTORY.steps)


def test_no_war_at_any_step(run):
    assert not run.trajectory["strike"].any()
    assert run.verdict is not Verdict.WAR_RISK


def test_tension_peaks_in_2017_with_a_war_scare(run):
    tension = run.trajectory["tension"]
    peak = int(tension.idxmax())
    assert DATES[peak].year == 2017
    assert run.near_miss is not None and DATES[run.near_miss.step].year == 2017
    assert tension.iloc[-1] < tension.max() - 4


def test_a_de_facto_freeze_holds_from_april_2018_and_is_not_verified(run):
    frame = run.trajectory
    for row, date in enumerate(DATES):
        if date is None:
            continue
        if dt.date(2018, 4, 21) <= date <= dt.date(2018, 12, 31):
            assert frame["freeze"][row] == 1, date
            assert not frame["verified"][row], date
        if date < dt.date(2018, 4, 21):
            assert frame["freeze"][row] == 0, date
    end_2018 = max(i for i, d in enumerate(DATES) if d and d.year == 2018)
    assert frame["us_dprk_channel"][end_2018] and frame["inter_korean_channel"][end_2018]


def test_no_settlement_after_hanoi(run):
    hanoi = next(i for i, d in enumerate(DATES) if d == dt.date(2019, 2, 28))
    after = run.trajectory.iloc[hanoi:]
    assert len(after) > 1, "the preset follows the record past Hanoi"
    assert after["denuclearization"].max() == 0
    assert not after["security_regime"].any() and not after["verified"].any()
    assert run.verdict.rank < Verdict.VERIFIED_FREEZE.rank
    assert run.trajectory["freeze"].iloc[-1] == 1, "no tests resumed in 2019 (S9 moratorium)"


def test_the_stockholm_preset_carries_the_hanoi_preset_on():
    base = get_preset("what-happened-2017-2019")
    assert HISTORY.steps[: len(base.steps)] == base.steps
    assert base.steps[-1].date == dt.date(2019, 2, 28)
    assert simulate(base.moves).verdict is Verdict.BREAKDOWN
