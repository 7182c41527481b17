"""The presets behave as the article argues, each for the article's reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from korea_talks.sequence import (
    BEST_VERDICT,
    PRESETS,
    UnknownPresetError,
    Verdict,
    explore,
    get_preset,
    load_catalogue,
    simulate,
)

BIB = Path(__file__).resolve().parents[2] / "book" / "references.bib"
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M))
REQUIRED = [
    "author-roadmap",
    "maximum-pressure",
    "cvid-first",
    "strategic-patience",
    "strike",
    "what-happened-2017-2019",
]


def test_required_presets_exist():
    assert set(REQUIRED) <= set(PRESETS)


def test_author_roadmap_reaches_the_best_verdict_the_model_allows():
    result = simulate(get_preset("author-roadmap").moves)
    assert BEST_VERDICT is max(Verdict, key=lambda v: v.rank)
    assert result.verdict is BEST_VERDICT
    assert result.verdict_rule == "verdict-settlement-track"
    fired = result.rules_fired()
    assert "security-regime-established" in fired  # guarantees (S6, S10)
    assert fired.index("mutual-moratorium-agreed") < fired.index("security-regime-established")
    assert not result.failed_steps


def test_no_ordering_of_the_roadmap_beats_the_roadmap():
    moves = get_preset("author-roadmap").moves
    result = explore(moves)
    assert result.best_verdict is simulate(moves).verdict
    assert result.counts[BEST_VERDICT.value] > 0


def test_cvid_first_breaks_down_because_cvid_ruins_the_talks():
    result = simulate(get_preset("cvid-first").moves)
    assert result.verdict is Verdict.BREAKDOWN
    assert result.verdict_cause.rule_id == "cvid-before-guarantees-ruins-talks"
    assert "S9" in result.verdict_cause.sections and "S6" in result.verdict_cause.sections


def test_maximum_pressure_freezes_nothing_because_pressure_alone_fails():
    result = simulate(get_preset("maximum-pressure").moves)
    assert result.verdict.rank < Verdict.MORATORIUM.rank
    fired = result.rules_fired()
    assert "sanctions-alone-no-freeze" in fired  # S6
    assert "oil-cutoff-destabilises" in fired  # S4
    catalogue = load_catalogue()
    assert "S6" in next(
        r.sections
        for r in catalogue.get("us_sanctions").rules
        if r.id == "sanctions-alone-no-freeze"
    )
    final = result.final_state
    assert final["freeze"] == 0 and not final["us_dprk_channel"]
    assert final["sanctions"] > result.trajectory.iloc[0]["sanctions"]


def test_strategic_patience_stalls_while_capability_grows():
    result = simulate(get_preset("strategic-patience").moves)
    assert result.verdict is Verdict.STALEMATE
    assert result.verdict_rule == "verdict-stalemate"
    assert "patience-no-compromise" in result.rules_fired()  # S3
    assert result.trajectory["capability"].is_monotonic_increasing
    assert result.trajectory["capability"].iloc[-1] > result.trajectory["capability"].iloc[0]
    assert not result.trajectory["us_dprk_channel"].any()


def test_strike_preset_is_war_risk():
    assert simulate(get_preset("strike").moves).verdict is Verdict.WAR_RISK


def test_history_preset_is_dated_and_sourced_in_order():
    preset = get_preset("what-happened-2017-2019")
    assert preset.dated
    dates = [step.date for step in preset.steps]
    assert dates == sorted(dates)
    for step in preset.steps:
        assert set(step.sources) <= BIB_KEYS, step
    by_date = {str(s.date): s.move for s in preset.steps}
    assert by_date["2018-04-27"] == "rok_inter_korean_dialogue"  # Panmunjom
    assert by_date["2018-02-09"] == "rok_driver_seat"  # PyeongChang opening
    assert by_date["2019-02-28"] == "us_demand_cvid"  # Hanoi (our reading)
    assert any(s.move == "us_direct_talks" and str(s.date) == "2018-06-12" for s in preset.steps)


def test_history_preset_runs():
    result = simulate(get_preset("what-happened-2017-2019").moves)
    assert result.trajectory["freeze"].iloc[-1] == 1  # the 2018 test moratorium still holds
    assert not result.failed_steps


def test_unknown_preset_names_the_closest():
    with pytest.raises(UnknownPresetError, match="cvid-first"):
        get_preset("cvid_first")


def test_model_page_cites_every_source_of_the_history_preset():
    page = BIB.parent / "models" / "negotiation-model.md"
    cited = set()
    for block in re.findall(r"\{cite\}`([^`]+)`", page.read_text(encoding="utf-8")):
        cited.update(key.strip() for key in block.split(","))
    keys = {k for step in get_preset("what-happened-2017-2019").steps for k in step.sources}
    assert keys <= cited, sorted(keys - cited)


def test_model_page_words_match_the_roadmap_run():
    """The page's alt text and prose describe this run; change them if this test fails."""
    frame = simulate(get_preset("author-roadmap").moves).trajectory
    assert (frame["tension"].iloc[0], frame["tension"].iloc[-1]) == (6, 0)
    assert (frame["trust"].iloc[0], frame["trust"].iloc[-1]) == (1, 10)
    assert frame["capability"].max() == 6.5 and frame["capability"].iloc[-1] == 5.5
    assert frame["sanctions"].iloc[-1] == 3 and frame["denuclearization"].iloc[-1] == 3
    assert list(frame["freeze"]).index(1) == 2 and list(frame["freeze"]).index(2) == 6
    exploration = explore(get_preset("author-roadmap").moves)
    assert exploration.shares["settlement-track"] == 1  # every feasible ordering
    assert exploration.feasible / exploration.total < 0.01
