"""The moves the debate of 2017-2024 needed: sourced, sectioned, and read differently by the camps.

Each lens rule encodes a camp's reading from its own sources; these tests check that the
readings the lens files state show up in runs of the model (computed, not typed).
"""

from __future__ import annotations

import pytest

from korea_talks.sequence import lens_ids, load_catalogue, simulate

DEBATE_MOVES = (
    "rok_no_more_thaad",
    "un_humanitarian_exemptions",
    "un_full_sanctions_relief",
    "us_liaison_offices",
    "russia_china_veto_new_sanctions",
    "russia_vetoes_sanctions_monitoring",
    "russia_dprk_mutual_assistance_treaty",
)


@pytest.mark.parametrize("move_id", DEBATE_MOVES)
def test_every_debate_move_rule_has_sections_sources_and_a_rationale(move_id, bib_keys):
    move = load_catalogue().get(move_id)
    assert move.sections
    for rule in move.rules:
        assert rule.sections and rule.rationale.strip(), rule.id
        assert rule.sources, f"{rule.id}: a rule about a dated event names its source"
        assert set(rule.sources) <= bib_keys, rule.id


def _final(sequence, lens):
    return simulate(sequence, lens=lens).final_state


def test_full_relief_is_pocketed_in_washingtons_reading_and_answered_in_pyongyangs():
    sequence = ["us_direct_talks", "un_full_sanctions_relief"]
    trust = {lens: _final(sequence, lens)["trust"] for lens in lens_ids()}
    opened = _final(["us_direct_talks"], "author")["trust"]
    assert trust["washington"] < _final(["us_direct_talks"], "washington")["trust"]
    assert trust["author"] > opened
    answered = simulate(sequence, lens="pyongyang")
    assert answered.final_state["freeze"] >= 1
    assert "relief-answered-in-kind" in answered.rules_fired()


def test_full_relief_for_a_programme_freeze_differs_by_lens():
    freeze = ["us_direct_talks", "us_moratorium_for_moratorium", "russia_working_group"]
    freeze += ["un_ministers_meeting", "dprk_freeze_for_relief", "un_full_sanctions_relief"]
    runs = {lens: simulate(freeze, lens=lens) for lens in lens_ids()}
    assert runs["author"].rules_fired()[-1] == "full-relief-for-a-freeze"
    washington = runs["washington"].rules_fired()
    assert "full-relief-for-a-freeze" not in washington
    assert {"full-relief-pocketed", "full-relief-for-a-freeze-pocketed"} & set(washington)
    assert runs["washington"].final_state["trust"] < runs["author"].final_state["trust"]


def test_capping_thaad_restores_chinas_enforcement_only_in_beijings_reading():
    sequence = ["rok_no_more_thaad"]
    sanctions = {lens: _final(sequence, lens)["sanctions"] for lens in lens_ids()}
    start = _final([], "author")["sanctions"]
    assert sanctions["beijing"] > start
    assert sanctions["author"] == start


def test_the_2022_vetoes_raise_tension_most_in_washingtons_reading_and_least_in_beijings():
    tension = {
        lens: _final(["russia_china_veto_new_sanctions"], lens)["tension"] for lens in lens_ids()
    }
    assert tension["washington"] > tension["author"] > tension["beijing"]


def test_the_treaty_calms_pyongyang_and_alarms_the_others():
    tension = {
        lens: _final(["russia_dprk_mutual_assistance_treaty"], lens)["tension"]
        for lens in lens_ids()
    }
    start = _final([], "author")["tension"]
    assert tension["pyongyang"] < start < tension["author"]


def test_monitoring_veto_and_treaty_ease_the_pressure_under_every_lens():
    start = _final([], "author")["sanctions"]
    for lens in lens_ids():
        for move in ("russia_vetoes_sanctions_monitoring", "russia_dprk_mutual_assistance_treaty"):
            assert _final([move], lens)["sanctions"] < start, (lens, move)


def test_liaison_offices_and_full_relief_need_talks():
    for move in ("us_liaison_offices", "un_full_sanctions_relief"):
        result = simulate([move])
        assert result.failed_steps, move
        assert not simulate(["us_direct_talks", move]).failed_steps, move
