"""The simulator: trajectory, verdicts, explanations, preconditions, determinism, errors."""

from __future__ import annotations

import pandas as pd
import pytest

from korea_talks.sequence import (
    VARIABLES,
    VERDICTS,
    UnknownMoveError,
    Verdict,
    load_catalogue,
    simulate,
    simulate_many,
)
from korea_talks.sequence.catalogue import PARAMETERS_PATH


def test_trajectory_has_one_row_per_step_including_step_zero():
    result = simulate(["us_direct_talks", "dprk_missile_test"])
    assert isinstance(result.trajectory, pd.DataFrame)
    assert list(result.trajectory["step"]) == [0, 1, 2]
    for var in VARIABLES:
        assert var.name in result.trajectory.columns


def test_empty_sequence_is_a_valid_nothing_happens():
    result = simulate([])
    assert len(result.trajectory) == 1
    assert result.verdict is Verdict.STALEMATE
    assert result.explanation[0].rule_id == "empty-sequence"
    assert "Nothing happens" in result.explain()


def test_failed_precondition_is_reported_in_words_and_not_applied():
    result = simulate(["us_moratorium_for_moratorium"])
    line = result.explanation[0]
    assert not line.applied
    assert line.rule_id == "moratorium-needs-channel"
    assert "proposal goes nowhere: no US–DPRK channel is open" in line.text
    assert result.final_state["freeze"] == 0
    assert result.failed_steps == [line]


def test_explanation_lines_name_rule_and_sections():
    result = simulate(["us_direct_talks", "us_demand_cvid"])
    text = result.explain()
    assert "[rule direct-talks-open; S7, S9]" in text
    assert "[rule cvid-before-guarantees-ruins-talks; S6, S9]" in text
    for line in result.explanation:
        assert line.sections and line.rule_id


def test_capability_grows_unless_frozen():
    catalogue = load_catalogue()
    growth = catalogue.parameters.growth
    waiting = simulate(["us_strategic_patience"] * 3)
    assert list(waiting.trajectory["capability"].diff().dropna()) == [growth[0]] * 3
    frozen = simulate(["dprk_test_moratorium", "us_strategic_patience"])
    assert frozen.trajectory["capability"].diff().iloc[-1] == growth[1]


def test_deterministic_by_default():
    sequence = ["us_direct_talks", "rok_inter_korean_dialogue", "us_show_of_force"]
    first, second = simulate(sequence), simulate(sequence)
    pd.testing.assert_frame_equal(first.trajectory, second.trajectory)
    assert first.explain() == second.explain()


def test_a_seed_draws_hedged_responses():
    verdicts = {
        simulate(["us_direct_talks"], seed=s).trajectory.iloc[-1]["us_dprk_channel"]
        for s in range(30)
    }
    assert verdicts == {True, False}


def test_same_seed_same_distribution():
    sequence = ["us_direct_talks", "us_moratorium_for_moratorium"]
    a = simulate_many(sequence, runs=100, seed=7)
    b = simulate_many(sequence, runs=100, seed=7)
    pd.testing.assert_series_equal(a.counts, b.counts)
    assert list(a.counts.index) == [v.value for v in VERDICTS]
    assert a.shares.sum() == pytest.approx(1.0)


def test_distribution_follows_documented_probability():
    catalogue = load_catalogue()
    p = catalogue.parameters.probabilities["p_talks_accepted"].value
    dist = simulate_many(
        ["us_direct_talks", "us_moratorium_for_moratorium"], runs=2000, seed=3, vary=False
    )
    # freeze needs talks accepted (p) and the moratorium accepted (q)
    q = catalogue.parameters.probabilities["p_moratorium_accepted"].value
    assert dist.shares["moratorium"] == pytest.approx(p * q, abs=0.04)


def test_simulate_with_runs_attaches_distribution():
    result = simulate(["us_direct_talks"], runs=20, seed=1)
    assert result.distribution is not None and result.distribution.runs == 20


def test_unknown_move_names_closest_valid_ids():
    with pytest.raises(UnknownMoveError) as info:
        simulate(["us_direct_talks", "us_strke"])
    assert "us_strike" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_bad_runs_value_is_a_clear_error():
    with pytest.raises(ValueError, match="runs must be a whole number"):
        simulate_many(["us_direct_talks"], runs=0)


def test_strike_is_war_risk_for_the_articles_reason():
    result = simulate(["us_strike"])
    assert result.verdict is Verdict.WAR_RISK
    assert result.verdict_cause.rule_id == "strike-fails"
    assert "S3" in result.verdict_cause.sections


def test_tension_threshold_gives_a_war_scare_with_its_step(tmp_path):
    params = tmp_path / "params.toml"
    params.write_text(
        PARAMETERS_PATH.read_text(encoding="utf-8").replace(
            "value = 9.0\nrange = [8.0, 10.0]", "value = 7.5\nrange = [7.0, 10.0]"
        ),
        encoding="utf-8",
    )
    from korea_talks.sequence.catalogue import MOVES_PATH

    catalogue = load_catalogue(MOVES_PATH, params)
    result = simulate(["dprk_missile_test", "dprk_nuclear_test"], catalogue=catalogue)
    assert result.verdict is Verdict.STALEMATE  # tension alone is a scare, not a war
    assert result.near_miss.move_id == "dprk_nuclear_test"
    assert "step 2" in result.verdict_text


def test_denuclearization_before_regime_goes_nowhere():
    result = simulate(["dprk_denuclearization_step"])
    assert result.explanation[0].rule_id == "no-disarmament-without-regime"
    assert "S10" in result.explanation[0].sections


def test_cvid_after_a_security_regime_is_the_end_goal():
    from korea_talks.sequence import get_preset

    result = simulate([*get_preset("author-roadmap").moves, "us_demand_cvid"])
    assert "cvid-as-end-goal" in result.rules_fired()
    assert result.verdict is Verdict.SETTLEMENT_TRACK
