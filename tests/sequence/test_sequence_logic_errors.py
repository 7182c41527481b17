"""Logic errors found by reproduction; each test was written to fail on the model before
its fix (see the commit that adds it)."""

from __future__ import annotations

import math

import pytest

from korea_talks.sequence import (
    SequenceModelError,
    UnknownMoveError,
    explore,
    get_preset,
    load_catalogue,
    sensitivity,
    simulate,
)

REOPEN = ["us_direct_talks", "dprk_walk_out", "us_direct_talks"]


@pytest.mark.parametrize("seed", range(60))
def test_a_failed_reopen_never_leaves_more_trust_than_a_successful_one(seed: int) -> None:
    reopened = simulate(REOPEN).final_state
    result = simulate(REOPEN, seed=seed)
    walked_out = "walk-out" in result.rules_fired()
    if walked_out and not result.final_state["us_dprk_channel"]:
        assert result.final_state["trust"] <= reopened["trust"]
        assert "direct-talks-open" not in result.rules_fired()[2:]


def test_guarantees_are_pocketed_only_when_they_were_given() -> None:
    moves = ["us_sanctions"] * 3 + ["us_direct_talks", "dprk_denuclearization_step"]
    for lens in ("author", "washington", "beijing"):
        for seed in range(40):
            result = simulate(moves, lens=lens, seed=seed)
            if "guarantees-pocketed" in result.rules_fired():
                assert result.final_state["security_regime"]


VERIFIED_DISMANTLING = [
    "us_direct_talks",
    "us_moratorium_for_moratorium",
    "russia_working_group",
    "us_security_guarantees",
    "dprk_denuclearization_step",
    "dprk_denuclearization_step",
]


def test_verified_dismantling_is_not_reported_as_a_mere_test_pause() -> None:
    result = simulate(VERIFIED_DISMANTLING)
    assert result.final_state["denuclearization"] > 0 and result.final_state["verified"]
    assert "programme is not frozen" not in result.verdict_text
    assert "dismantling has been verified" in result.verdict_text
    assert f"denuclearization {result.final_state['denuclearization']:g}" in result.verdict_text


def test_a_nuclear_test_after_relief_brings_the_sanctions_back() -> None:
    deal = get_preset("author-roadmap").moves[:6]
    assert deal[-1] == "dprk_freeze_for_relief"
    before_relief = simulate(deal[:-1]).final_state["sanctions"]
    after_test = simulate([*deal, "dprk_nuclear_test"]).final_state["sanctions"]
    assert after_test >= before_relief


def test_guarantees_need_the_settlement_trust_parameter_not_a_fixed_number() -> None:
    catalogue = load_catalogue()
    pre = next(
        p
        for p in catalogue.get("us_security_guarantees").preconditions
        if p.id == "guarantees-need-trust"
    )
    assert [c.threshold for c in pre.require] == ["settlement_trust"]


def test_no_rule_compares_a_scale_with_a_bare_number_where_a_threshold_exists() -> None:
    catalogue = load_catalogue()
    for move in catalogue.moves.values():
        for item in (*move.preconditions, *move.rules):
            conditions = item.require if hasattr(item, "require") else item.when
            for condition in conditions:
                if condition.variable in ("trust", "tension", "capability", "sanctions"):
                    assert condition.threshold, f"{item.id}: {condition.source}"


def test_sensitivity_lists_only_parameters_that_can_move_a_verdict() -> None:
    table = sensitivity(get_preset("author-roadmap").moves)
    assert "war_tension" not in set(table["parameter"])
    from korea_talks.sequence.lensing import inert_parameters

    inert = inert_parameters()
    assert "war_tension" in inert and "scare" in inert["war_tension"]
    assert set(table.attrs["not_listed"]) == set(inert)


@pytest.mark.parametrize("bad", [5, None, 3.5, b"us_direct_talks"])
def test_a_non_sequence_is_a_clear_error(bad: object) -> None:
    with pytest.raises(SequenceModelError, match="list of move ids"):
        simulate(bad)  # type: ignore[arg-type]


def test_a_preset_name_passed_as_a_move_points_to_the_presets() -> None:
    with pytest.raises(UnknownMoveError, match=r"is a preset.*get_preset\('author-roadmap'\)"):
        simulate(["author-roadmap"])


def test_the_explorer_says_plainly_when_nothing_is_feasible() -> None:
    moves = ["dprk_denuclearization_step", "iaea_monitoring", "dprk_walk_out"]
    result = explore(moves)
    assert result.feasible == 0
    text = result.summary()
    assert "Verdicts of the feasible orderings" not in text
    assert "No ordering is feasible" in text
    assert result.blocking_rules["orderings"].sum() == math.factorial(3) == result.total
    assert result.blocking_rules.iloc[0]["rule"] in text
    assert result.position_effect.empty
    assert result.by_verdict() == {}
