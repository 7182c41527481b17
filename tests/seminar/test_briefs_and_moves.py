"""Seminar data: briefs sourced or marked as assumptions, and the moves added for the seminar."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from korea_talks.seminar.briefs import (
    SEMINAR_DIR,
    TEAMS,
    BriefError,
    _load_brief,
    load_briefs,
    load_session_rules,
)
from korea_talks.sequence import load_catalogue, simulate

REPO = Path(__file__).resolve().parents[2]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", (REPO / "book/references.bib").read_text(), re.M))
MOVE_SOURCES = tomllib.loads((SEMINAR_DIR / "move_sources.toml").read_text())["sources"]


def test_every_brief_point_names_real_sources_or_an_assumption() -> None:
    for brief in load_briefs().values():
        points = [*brief.public, brief.batna, *brief.domestic]
        points += [i.point for i in brief.interests] + [r.point for r in brief.red_lines]
        for point in points:
            assert point.sourced != bool(point.assumption)
            assert set(point.sources) <= BIB_KEYS, (brief.team, point.sources)


def test_each_team_has_interests_red_lines_batna_and_constraints() -> None:
    briefs = load_briefs()
    assert sorted(briefs) == sorted(TEAMS)
    for brief in briefs.values():
        assert len(brief.interests) >= 3 and brief.red_lines and brief.domestic
        assert abs(sum(i.weight for i in brief.interests) - 1) < 1e-9


def test_a_point_with_neither_source_nor_assumption_is_refused(tmp_path: Path) -> None:
    text = (SEMINAR_DIR / "briefs/US.toml").read_text()
    text = text.replace('sources = ["chang2017maximum"]\n', "", 1)
    (tmp_path / "US.toml").write_text(text)
    with pytest.raises(BriefError, match="exactly one of the two"):
        _load_brief(tmp_path / "US.toml", "US")


def test_reasons_point_to_known_concepts() -> None:
    rules = load_session_rules()
    assert {"ripeness", "commitment", "two-level"} <= set(rules.concepts)
    for answer in ("accept", "reject", "counter"):
        assert any(answer in r.answers for r in rules.reasons.values())


def test_seminar_moves_are_sourced_and_give_every_team_choices() -> None:
    catalogue = load_catalogue()
    assert set(MOVE_SOURCES) <= set(catalogue.moves)
    for keys in MOVE_SOURCES.values():
        assert keys and set(keys) <= BIB_KEYS
    by_actor = catalogue.by_actor()
    for team in ("China", "Russia", "Japan"):
        assert len(by_actor[team]) >= 4


def test_seminar_moves_sit_in_one_block_at_the_end_of_the_catalogue() -> None:
    ids = list(load_catalogue().moves)
    assert ids[-len(MOVE_SOURCES) :] == list(MOVE_SOURCES)


@pytest.mark.parametrize(
    ("moves", "rule"),
    [
        (["russia_china_joint_initiative"], "joint-initiative-tabled"),
        (
            ["us_direct_talks", "us_moratorium_for_moratorium", "russia_china_joint_initiative"],
            "joint-initiative-after-freeze",
        ),
        (["china_hosts_talks"], "beijing-talks-need-contact"),
        (["us_direct_talks", "china_hosts_talks"], "beijing-forum-opens"),
        (
            ["us_direct_talks", "russia_working_group", "china_hosts_talks"],
            "beijing-forum-when-group-exists",
        ),
        (
            ["rok_inter_korean_dialogue", "russia_economic_projects"],
            "projects-with-inter-korean-channel",
        ),
        (["us_strike", "russia_economic_projects"], "projects-need-calm"),
        (["russia_blocks_sanctions"], "russia-blocks-without-freeze"),
        (["russia_votes_for_sanctions"], "russia-sanctions-after-test"),
        (["dprk_test_moratorium", "china_loose_enforcement"], "loose-enforcement-during-freeze"),
        (["japan_links_abductions"], "abductions-outside-talks"),
    ],
)
def test_the_seminar_moves_fire_the_rule_their_state_calls_for(moves: list[str], rule: str) -> None:
    fired = [line.rule_id for line in simulate(moves).explanation if line.step == len(moves)]
    assert fired[0] == rule


def test_voting_for_sanctions_during_a_freeze_costs_more_trust() -> None:
    freeze = ["us_direct_talks", "us_moratorium_for_moratorium"]
    during = simulate([*freeze, "russia_votes_for_sanctions"]).final_state["trust"]
    without = simulate([*freeze, "russia_blocks_sanctions"]).final_state["trust"]
    assert during < without


def test_concepts_cite_the_bibliography() -> None:
    concepts = load_session_rules().concepts
    cited = {c.cite for c in concepts.values() if c.cite}
    assert {"zartman2000ripeness", "fearon1995rationalist", "putnam1988diplomacy"} <= cited
    assert cited <= BIB_KEYS


def test_the_student_edition_leaves_the_confidential_briefs_out() -> None:
    import importlib.util

    import yaml

    spec = importlib.util.spec_from_file_location(
        "student_edition", REPO / "book/_ext/student_edition.py"
    )
    assert spec is not None and spec.loader is not None
    student_edition = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(student_edition)
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    assert "book/instructors/seminar-briefs" in str(toc)
    assert "seminar-briefs" not in str(student_edition.student_toc(toc))


def test_an_interest_without_a_weight_rationale_is_refused(tmp_path: Path) -> None:
    text = (SEMINAR_DIR / "briefs/US.toml").read_text()
    text = re.sub(r'^rationale = ".*"\n', "", text, count=1, flags=re.M)
    (tmp_path / "US.toml").write_text(text)
    with pytest.raises(BriefError, match="rationale"):
        _load_brief(tmp_path / "US.toml", "US")


def test_every_weight_has_a_rationale_and_nothing_is_dated_after_2017() -> None:
    for brief in load_briefs().values():
        assert all(i.rationale for i in brief.interests)
        points = [*brief.public, brief.batna, *brief.domestic]
        points += [i.point for i in brief.interests] + [r.point for r in brief.red_lines]
        for point in points:
            assert not re.search(r"\b20(1[89]|2\d)\b", point.text), (brief.team, point.text)


def test_russia_and_china_weigh_denuclearization_as_the_article_says() -> None:
    briefs = load_briefs()
    for team in ("Russia", "China"):
        assert any(i.variable == "denuclearization" for i in briefs[team].interests)
    assert any(i.variable == "us_dprk_channel" for i in briefs["DPRK"].interests)
