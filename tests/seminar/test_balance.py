"""The seminar's scoring is balanced: every team has a deal worth having, and all can agree.

Under every lens of the sequence model, a seeded search over the moves the teams can offer
(:func:`korea_talks.seminar.balance.search`) must find for each team an agreement worth at
least 15 points over its alternative, and one sequence (a zone of agreement) in which every
team beats its alternative. The sequences are found by the search and rechecked with the
model; nothing here is hard-coded.
"""

from __future__ import annotations

from functools import cache

import pytest

from korea_talks.seminar.balance import BalanceResult, gains, search
from korea_talks.seminar.briefs import TEAMS
from korea_talks.sequence import lens_ids

MIN_GAIN = 15.0
"""The least a team's best agreement must beat its alternative by, on the 0-100 scale."""


@cache
def _result(lens: str) -> BalanceResult:
    return search(lens)


def test_the_model_offers_five_lenses() -> None:
    assert len(lens_ids()) == 5


@pytest.mark.parametrize("lens", lens_ids())
def test_every_team_has_an_agreement_worth_15_points_over_its_alternative(lens: str) -> None:
    result = _result(lens)
    for team in TEAMS:
        rechecked = gains(result.best_for[team], lens)[team]
        assert rechecked == result.best_gain[team]
        assert rechecked >= MIN_GAIN, (lens, team, rechecked, result.best_for[team])


@pytest.mark.parametrize("lens", lens_ids())
def test_a_zone_of_agreement_exists(lens: str) -> None:
    result = _result(lens)
    rechecked = gains(result.zone, lens)
    assert rechecked == result.zone_gains
    assert min(rechecked.values()) > 0, (lens, result.zone, rechecked)


def test_the_alternative_alone_gains_nothing() -> None:
    from korea_talks.seminar.briefs import load_briefs

    for team, brief in load_briefs().items():
        assert gains(brief.batna_moves, "author")[team] == 0


def test_a_strike_is_no_zone_of_agreement() -> None:
    assert min(gains(["us_show_of_force", "us_strike"], "author").values()) < 0


def test_search_is_repeatable() -> None:
    assert search("seoul", tries=100).zone == search("seoul", tries=100).zone
