"""A fair contest: every camp's own theory can win under its own lens, no lens rules out
every ordering of the contested moves, and the lenses split often enough to argue about."""

from __future__ import annotations

import pytest

from korea_talks.sequence import (
    BEST_VERDICT,
    PRESETS,
    explore,
    get_lens,
    get_preset,
    lens_ids,
    load_catalogue,
    simulate,
)
from korea_talks.sequence.contest import (
    CONTESTED_MOVES,
    camp_verdicts,
    disagreement,
    where_lenses_split,
)
from korea_talks.sequence.presets import camp_presets

ROADMAP = get_preset("author-roadmap").moves


def test_every_lens_has_a_preset_of_its_own_theory() -> None:
    assert set(camp_presets()) == set(lens_ids())


@pytest.mark.parametrize("lens", lens_ids())
def test_each_camps_own_preset_reaches_the_best_verdict_under_its_lens(lens: str) -> None:
    result = simulate(camp_presets()[lens].moves, lens=lens)
    assert not result.failed_steps
    assert result.verdict is BEST_VERDICT


@pytest.mark.parametrize("lens", lens_ids())
def test_every_step_of_a_camp_preset_names_bibliography_sources(
    lens: str, bib_keys: set[str]
) -> None:
    preset = camp_presets()[lens]
    if lens == "author":
        assert preset.sections  # the author's roadmap rests on the article's sections
        return
    for step in preset.steps:
        assert step.sources, step.move
        assert set(step.sources) <= bib_keys


def test_no_lens_is_the_same_model_as_the_author_on_the_camp_presets() -> None:
    rows = camp_verdicts()
    for lens in lens_ids():
        if lens == "author":
            continue
        mine = [r["verdict"] for r in rows if r["lens"] == lens]
        authors = [r["verdict"] for r in rows if r["lens"] == "author"]
        assert mine != authors, lens


@pytest.mark.parametrize("lens", lens_ids())
@pytest.mark.parametrize(
    "moves",
    [ROADMAP, [*ROADMAP, "us_sanctions"], [*ROADMAP[:-1], "iaea_monitoring", "us_sanctions"]],
    ids=["roadmap", "roadmap+sanctions", "roadmap+monitoring"],
)
def test_no_lens_makes_every_ordering_of_the_contested_moves_infeasible(
    lens: str, moves: list[str]
) -> None:
    assert explore(moves, lens=lens).feasible > 0


def test_washington_still_doubts_freeze_for_freeze() -> None:
    result = simulate(ROADMAP, lens="washington")
    assert "freeze-for-freeze-rewards-testing" in result.rules_fired()
    assert result.verdict.rank < BEST_VERDICT.rank


def test_the_lenses_disagree_on_at_least_thirty_percent_of_contested_sequences() -> None:
    result = disagreement(1500, seed=3)
    assert result.share >= 0.30
    assert sum(result.by_pattern.values()) <= result.disagreeing


def test_disagreement_counts_what_it_says() -> None:
    same = disagreement(50, lenses=("author", "author"), seed=1)
    assert same.disagreeing == 0 and same.share == 0.0


def test_every_contested_move_is_in_the_catalogue() -> None:
    assert set(CONTESTED_MOVES) <= set(load_catalogue().moves)


def test_the_split_report_returns_plain_records_that_match_the_explorer() -> None:
    moves = ["us_direct_talks", "us_moratorium_for_moratorium", "dprk_freeze_for_relief"]
    report = where_lenses_split(moves, target="moratorium")
    assert [row["lens"] for row in report["lenses"]] == lens_ids()
    for row in report["lenses"]:
        result = explore(moves, lens=str(row["lens"]))
        assert row["feasible"] == result.feasible
        assert row["title"] == get_lens(str(row["lens"])).title
        if row["example"]:
            verdict = simulate(list(row["example"]), lens=str(row["lens"])).verdict
            assert verdict.rank >= 3  # at least a moratorium
    for split in report["splits"]:
        accepted = split["accepted_by"]
        assert accepted and len(accepted) < len(lens_ids())


def test_a_camp_preset_names_a_known_lens() -> None:
    for preset in PRESETS.values():
        assert preset.camp is None or preset.camp in lens_ids()
