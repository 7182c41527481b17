"""compare_lenses, robust_orderings and sensitivity, checked against direct runs."""

from __future__ import annotations

import itertools
import math

import pytest

from korea_talks.sequence import (
    compare_lenses,
    get_preset,
    lens_ids,
    load_catalogue,
    robust_orderings,
    sensitivity,
    simulate,
)
from korea_talks.sequence.lenses import lens_catalogue
from korea_talks.sequence.simulate import verdict_of

ROADMAP = get_preset("author-roadmap").moves


def test_compare_lenses_has_one_row_per_lens_matching_simulate():
    table = compare_lenses(ROADMAP)
    assert list(table["lens"]) == lens_ids()
    for row in table.itertuples():
        result = simulate(ROADMAP, lens=row.lens)
        assert row.verdict == result.verdict.value
        assert len(row.tension_path) == len(ROADMAP) + 1
    washington = simulate(ROADMAP, lens="washington")
    assert "freeze-for-freeze-rewards-testing" in washington.rules_fired()
    assert washington.verdict.value == "moratorium"  # it still doubts freeze-for-freeze


def test_robust_orderings_match_brute_force_over_every_lens():
    moves = [
        "us_direct_talks",
        "russia_working_group",
        "un_ministers_meeting",
        "dprk_freeze_for_relief",
        "iaea_monitoring",
    ]
    result = robust_orderings(moves, limit=math.factorial(5))
    expected = []
    for order in itertools.permutations(moves):
        runs = [simulate(order, lens=name) for name in lens_ids()]
        if all(r.verdict.rank >= 4 and not r.failed_steps for r in runs):
            expected.append(order)
    assert result.count == len(expected)
    assert sorted(result.orderings) == sorted(expected)


def test_robust_orderings_say_which_lens_blocks_when_none_exists():
    result = robust_orderings(ROADMAP)
    assert result.count == 0
    assert not result.blocked.empty
    assert set(result.blocked["blocking_lenses"]) == {"washington"}
    assert "No ordering reaches" in result.summary()


def test_sensitivity_flip_points_are_real_flips_within_range():
    for lens in ("author", "washington"):
        table = sensitivity(ROADMAP, lens=lens)
        base = lens_catalogue(lens)
        listed, inert = set(table["parameter"]), set(table.attrs["not_listed"])
        assert listed | inert == {t.name for t in base.parameters.tunables()}
        assert not listed & inert
        for row in table.itertuples():
            if row.flip_at == row.flip_at:  # not NaN
                assert row.low <= row.flip_at <= row.high
                value = row.flip_at
                if row.kind == "probability" and value == 0.5 and row.direction == "below":
                    value = 0.4999  # the boundary: below 0.5 the response does not happen
                trial = base.with_parameters(base.parameters.with_value(row.parameter, value))
                assert verdict_of(ROADMAP, catalogue=trial).value == row.flips_to


def test_sensitivity_names_the_renege_belief_the_roadmap_rests_on():
    table = sensitivity(ROADMAP).set_index("parameter")
    assert table.loc["p_renege_after_relief", "flip_at"] == pytest.approx(0.5)
    assert table.loc["p_renege_after_relief", "direction"] == "above"
    assert "p_strike_disarms" not in table.index  # its range stays below 0.5
    assert "0.5" in sensitivity(ROADMAP).attrs["not_listed"]["p_strike_disarms"]


def test_simulate_default_lens_is_the_catalogue():
    assert lens_catalogue("author").moves is load_catalogue().moves
