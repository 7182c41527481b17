"""The bargaining widget renders the model's run and reacts to its controls."""

from __future__ import annotations

import pytest

from korea_talks.bargaining import ActorInputError, ec_emission_standards, run_model
from korea_talks.widgets import interactive_controls
from korea_talks.widgets.bargaining import BargainingWidget


def test_default_view_is_rendered_at_construction():
    explorer = BargainingWidget()
    assert "<svg" in explorer.chart.value
    for name in ("United States", "North Korea", "weighted mean"):
        assert name in explorer.chart.value
    assert "Initial median" in explorer.text.value


def test_every_control_is_labelled():
    for control in interactive_controls(BargainingWidget()):
        assert control.description.strip(), control


def test_ec_case_shows_the_model_figures_and_the_oscillation_note():
    explorer = BargainingWidget("ec-emission-standards")
    expected = run_model(ec_emission_standards(), rounds=10)
    assert explorer.result.means.equals(expected.means)
    assert "oscillates" in explorer.text.value
    assert "Belgium compromises with France" in explorer.text.value


def test_moving_a_slider_reruns_the_model_for_that_actor():
    explorer = BargainingWidget()
    explorer.actor.value = "Russia"
    assert explorer.position.value == 85
    explorer.position.value = 20
    assert explorer.table.actors[explorer.table.names.index("Russia")].position == 20
    assert explorer.result.positions["Russia"].iloc[0] == 20


def test_switching_data_set_and_reset():
    explorer = BargainingWidget()
    explorer.dataset.value = "ec-emission-standards"
    assert explorer.actor.options[0] == "Netherlands"
    explorer.salience.value = 5
    explorer.reset.click()
    assert explorer.table == ec_emission_standards()


def test_unknown_data_set_is_refused():
    with pytest.raises(ActorInputError, match="unknown data set"):
        BargainingWidget("atlantis")
