"""The freeze-game widget shows what the model and nashpy give, and every control has a
label."""

from __future__ import annotations

import warnings

import nashpy as nash

from korea_talks.games import FreezeGame
from korea_talks.widgets import interactive_controls
from korea_talks.widgets.freeze_game import FreezeGameWidget


def test_default_view_is_rendered_at_construction():
    explorer = FreezeGameWidget()
    assert "prisoner&#x27;s dilemma" in explorer.summary.value
    assert "(test, continue)" in explorer.summary.value
    assert "<svg" in explorer.chart.value and "aria-label" in explorer.chart.value
    assert "Totals" in explorer.match_line.value


def test_every_control_is_labelled():
    explorer = FreezeGameWidget()
    controls = list(interactive_controls(explorer))
    assert len(controls) >= 13
    for control in controls:
        assert control.description.strip(), control


def test_moving_sliders_to_a_stag_hunt_updates_name_and_nashpy_equilibria():
    explorer = FreezeGameWidget()
    # Make mutual freeze the best outcome for both, above the temptation.
    explorer.payoff_sliders[("north_korea", "freeze_suspend")].value = 9
    explorer.payoff_sliders[("united_states", "freeze_suspend")].value = 9
    assert explorer.game.classify().name == "stag hunt"
    assert "stag hunt" in explorer.summary.value
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = list(nash.Game(*explorer.game.matrices()).support_enumeration())
    assert len(explorer.game.equilibria()) == len(expected)
    assert "(freeze, suspend)" in explorer.summary.value


def test_match_panel_reacts_to_strategy_choice():
    explorer = FreezeGameWidget()
    before = explorer.chart.value
    explorer.nk_strategy.value = "always-test"
    assert explorer.chart.value != before
    assert "always-test" in explorer.chart.value


def test_explorer_accepts_a_custom_game():
    game = FreezeGame.from_matrices([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    explorer = FreezeGameWidget(game)
    assert "stag hunt" in explorer.summary.value
