"""The freeze-for-freeze game: nashpy cross-checks, orderings and bad input."""

from __future__ import annotations

import warnings

import nashpy as nash
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.games import FreezeGame, FreezeGameError, symmetric_game


def test_matching_pennies_gives_one_half_for_both_players():
    game = FreezeGame.from_matrices(np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]]))
    (eq,) = game.equilibria()
    assert eq.north_korea == pytest.approx((0.5, 0.5))
    assert eq.united_states == pytest.approx((0.5, 0.5))
    assert not eq.pure


def test_prisoners_dilemma_has_the_single_equilibrium_test_continue():
    game = symmetric_game(t=5, r=3, p=1, s=0)
    assert game.classify().name == "prisoner's dilemma"
    (eq,) = game.equilibria()
    assert eq.label() == "(test, continue)"


def test_default_payoffs_are_a_prisoners_dilemma():
    game = FreezeGame.default()
    assert game.classify().name == "prisoner's dilemma"
    assert [e.label() for e in game.equilibria()] == ["(test, continue)"]


def test_stag_hunt_has_mutual_freeze_among_its_equilibria():
    game = symmetric_game(t=3, r=4, p=2, s=0)
    assert game.classify().name == "stag hunt"
    labels = [e.label() for e in game.equilibria()]
    assert "(freeze, suspend)" in labels
    assert "(test, continue)" in labels
    assert len(labels) == 3  # plus one mixed equilibrium


def test_when_freezing_dominates_mutual_freeze_is_the_only_equilibrium():
    game = symmetric_game(t=2, r=4, p=1, s=3)
    assert game.classify().name == "freezing dominates"
    assert [e.label() for e in game.equilibria()] == ["(freeze, suspend)"]


def test_chicken_and_mixed_orderings():
    assert symmetric_game(t=4, r=3, p=0, s=1).classify().name == "chicken"
    nk_pd = symmetric_game(t=5, r=3, p=1, s=0)
    us_sh = symmetric_game(t=3, r=4, p=2, s=0)
    mixed = FreezeGame(nk_pd.north_korea, us_sh.united_states)
    kind = mixed.classify()
    assert kind.name == "mixed orderings"
    assert (kind.north_korea, kind.united_states) == ("prisoner's dilemma", "stag hunt")


@pytest.mark.parametrize("bad", ["high", None, float("nan"), True, [1]])
def test_a_non_numeric_payoff_is_refused_with_its_cell(bad):
    payoffs = dict(FreezeGame.default().north_korea)
    payoffs["test_suspend"] = bad
    with pytest.raises(FreezeGameError, match="test_suspend"):
        FreezeGame(payoffs, FreezeGame.default().united_states)


def test_a_missing_cell_is_refused():
    with pytest.raises(FreezeGameError, match="missing cell"):
        FreezeGame({"freeze_suspend": 1}, FreezeGame.default().united_states)


def test_payoff_table_has_both_payoffs():
    table = FreezeGame.default().payoff_table()
    assert table.shape == (2, 2)
    assert table.iloc[0, 0] == "6, 6"


payoff = st.integers(min_value=-10, max_value=10)


@settings(max_examples=60, deadline=None)
@given(st.lists(payoff, min_size=8, max_size=8))
def test_equilibria_are_those_nashpy_gives_and_are_probabilities(values):
    a = np.array(values[:4], dtype=float).reshape(2, 2)
    b = np.array(values[4:], dtype=float).reshape(2, 2)
    ours = FreezeGame.from_matrices(a, b).equilibria()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = list(nash.Game(a, b).support_enumeration())
    assert len(ours) <= len(theirs)
    for eq in ours:
        for probs in (eq.north_korea, eq.united_states):
            assert all(-1e-9 <= p <= 1 + 1e-9 for p in probs)
            assert sum(probs) == pytest.approx(1.0)
        assert any(
            np.allclose(eq.north_korea, s1, atol=1e-8)
            and np.allclose(eq.united_states, s2, atol=1e-8)
            for s1, s2 in theirs
        )


def _nashpy_equilibria(a, b):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [
            (tuple(float(v) for v in s1), tuple(float(v) for v in s2))
            for s1, s2 in nash.Game(np.array(a, float), np.array(b, float)).support_enumeration()
        ]


def _same(one, other):
    return np.allclose(one[0], other[0], atol=1e-8) and np.allclose(one[1], other[1], atol=1e-8)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.floats(min_value=-10, max_value=10, allow_nan=False), min_size=8, max_size=8
    ).filter(
        lambda v: len({round(x, 6) for x in v[:4]}) == 4 and len({round(x, 6) for x in v[4:]}) == 4
    )
)
def test_pure_solver_finds_exactly_nashpys_equilibria_of_generic_games(values):
    """Without ties every 2x2 game has finitely many equilibria: both lists agree."""
    a = [values[0:2], values[2:4]]
    b = [values[4:6], values[6:8]]
    ours = [(e.north_korea, e.united_states) for e in FreezeGame.from_matrices(a, b).equilibria()]
    theirs = _nashpy_equilibria(a, b)
    assert len(ours) == len(theirs)
    for eq in theirs:
        assert any(_same(eq, mine) for mine in ours)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=-2, max_value=2), min_size=8, max_size=8))
def test_pure_solver_finds_an_equilibrium_of_every_game_even_with_ties(values):
    """Small integers make ties common; every equilibrium found is one nashpy finds."""
    a = [values[0:2], values[2:4]]
    b = [values[4:6], values[6:8]]
    ours = [(e.north_korea, e.united_states) for e in FreezeGame.from_matrices(a, b).equilibria()]
    theirs = _nashpy_equilibria(a, b)
    assert ours
    for eq in ours:
        assert any(_same(eq, other) for other in theirs)


def test_payoff_rows_and_matrices_hold_the_same_payoffs():
    game = FreezeGame.default()
    a, b = game.matrices()
    assert a.tolist() == [list(row) for row in game.payoff_rows()[0]]
    assert b.tolist() == [list(row) for row in game.payoff_rows()[1]]


@pytest.mark.parametrize("bad", [[[1, 2]], [[1, 2], [3]], 5, [[1, 2], [3, 4], [5, 6]]])
def test_from_matrices_refuses_a_table_that_is_not_2x2(bad):
    with pytest.raises(FreezeGameError, match="2x2"):
        FreezeGame.from_matrices(bad, [[1, 2], [3, 4]])
