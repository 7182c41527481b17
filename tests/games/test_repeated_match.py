"""The repeated freeze-for-freeze game: strategies, noise, patience threshold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.games import (
    STRATEGIES,
    FreezeGame,
    RepeatedGameError,
    patience_threshold,
    play_match,
    symmetric_game,
)


def test_tit_for_tat_against_itself_freezes_every_round_without_noise():
    result = play_match("tit-for-tat", "tit-for-tat", rounds=20)
    assert result.mutual_freeze_share == 1.0
    assert result.totals == {"north_korea": 120.0, "united_states": 120.0}


def test_grim_trigger_never_forgives():
    result = play_match("grim-trigger", "always-test", rounds=4)
    assert result.moves["north_korea"].tolist() == ["C", "D", "D", "D"]


def test_grit_steps_back_every_third_round_of_conflict():
    result = play_match("grit", "always-test", rounds=8)
    assert result.moves["north_korea"].tolist() == ["C", "D", "D", "C", "D", "D", "C", "D"]


def test_noise_breaks_tit_for_tat_but_same_seed_same_match():
    first = play_match("tit-for-tat", "tit-for-tat", rounds=200, noise=0.05, seed=7)
    again = play_match("tit-for-tat", "tit-for-tat", rounds=200, noise=0.05, seed=7)
    assert first.moves.equals(again.moves)
    assert first.moves["misread"].any()
    assert first.mutual_freeze_share < 1.0


def test_generosity_recovers_more_cooperation_than_tit_for_tat_under_noise():
    tft = play_match("tit-for-tat", "tit-for-tat", rounds=1000, noise=0.05, seed=1)
    gtft = play_match(
        "generous-tit-for-tat", "generous-tit-for-tat", rounds=1000, noise=0.05, seed=1
    )
    assert gtft.mutual_freeze_share > tft.mutual_freeze_share


def test_cumulative_payoffs_add_up():
    result = play_match("grit", "generous-tit-for-tat", rounds=30, noise=0.1, seed=3)
    assert result.moves["nk_cumulative"].iloc[-1] == result.totals["north_korea"]


def test_patience_thresholds():
    assert patience_threshold(symmetric_game(t=5, r=3, p=1, s=0)) == pytest.approx(0.5)
    assert patience_threshold(symmetric_game(t=5, r=3, p=1, s=0), "tit-for-tat") == (
        pytest.approx(2 / 3)
    )
    assert patience_threshold(symmetric_game(t=2, r=4, p=1, s=3)) == 0.0
    assert patience_threshold(symmetric_game(t=5, r=1, p=3, s=0)) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"north_korea": "nice"}, "unknown strategy"),
        ({"rounds": 0}, "rounds"),
        ({"noise": 0.9}, "noise"),
        ({"noise": "a"}, "noise"),
    ],
)
def test_bad_match_input_is_refused(kwargs, message):
    args = {"north_korea": "tit-for-tat", "united_states": "grit", **kwargs}
    with pytest.raises(RepeatedGameError, match=message):
        play_match(args.pop("north_korea"), args.pop("united_states"), **args)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(STRATEGIES)),
    st.sampled_from(sorted(STRATEGIES)),
    st.floats(min_value=0, max_value=0.5),
    st.integers(min_value=0, max_value=2**16),
)
def test_any_match_is_deterministic_and_payoffs_come_from_the_game(nk, us, noise, seed):
    game = FreezeGame.default()
    one = play_match(nk, us, rounds=25, noise=noise, seed=seed, game=game)
    two = play_match(nk, us, rounds=25, noise=noise, seed=seed, game=game)
    assert one.moves.equals(two.moves)
    a, _ = game.matrices()
    assert set(one.moves["nk_payoff"]) <= set(a.ravel())
    assert 0.0 <= one.mutual_freeze_share <= 1.0
