"""The move catalogue: coverage of the article, validation and clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from korea_talks.sequence import ACTORS, CatalogueError, load_catalogue, load_parameters
from korea_talks.sequence.catalogue import MOVES_PATH, PARAMETERS_PATH, parse_condition

ROADMAP_STEPS = [  # S9, in the author's order, then S6/S10
    "us_direct_talks",
    "us_moratorium_for_moratorium",
    "rok_inter_korean_dialogue",
    "russia_working_group",
    "un_ministers_meeting",
    "dprk_freeze_for_relief",
    "us_security_guarantees",
    "dprk_denuclearization_step",
]
WARNED_AGAINST = [
    "us_demand_cvid",
    "us_sanctions",
    "us_show_of_force",
    "china_oil_cutoff",
    "us_strike",
    "rok_absorption",
    "rok_raise_nuclear_issue",
    "us_strategic_patience",
]
NORTH_KOREAN = ["dprk_missile_test", "dprk_nuclear_test", "dprk_walk_out", "dprk_test_moratorium"]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_at_least_24_moves_and_every_actor_has_moves(catalogue):
    assert len(catalogue.moves) >= 24
    groups = catalogue.by_actor()
    assert list(groups) == list(ACTORS)
    assert all(groups[actor] for actor in ACTORS), {a: len(m) for a, m in groups.items()}


@pytest.mark.parametrize("move_id", ROADMAP_STEPS + WARNED_AGAINST + NORTH_KOREAN)
def test_required_moves_are_in_the_catalogue(catalogue, move_id):
    move = catalogue.get(move_id)
    assert move.description and move.label


def test_chances_only_on_documented_probabilities(catalogue):
    probabilities = catalogue.parameters.probabilities
    used = {r.chance for m in catalogue.moves.values() for r in m.rules if r.chance}
    assert used == set(probabilities)
    for p in probabilities.values():
        assert 0 < p.value < 1 and p.rationale and p.sections


def test_rule_table_names_the_precondition_reason(catalogue):
    table = catalogue.rule_table().set_index("rule")
    assert table.loc["moratorium-needs-channel", "effect"] == (
        "goes nowhere: no US–DPRK channel is open"
    )


def test_parse_condition_rejects_unknown_variables():
    with pytest.raises(CatalogueError, match="unknown state variable 'mood'"):
        parse_condition("mood >= 3")
    with pytest.raises(CatalogueError, match="0-10 scale"):
        parse_condition("trust")


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "moves.toml"
    text = MOVES_PATH.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('actor = "US"', 'actor = "USA"', "move 'us_direct_talks', field 'actor'"),
        ('sections = ["S7", "S9"]', 'sections = ["S7", "S99"]', "field 'sections'"),
        ("effects = { trust = 0.5 }", "effects = { trust = true }", "field 'effects'"),
        ('chance = "p_talks_accepted"', 'chance = "p_nope"', "field 'chance'"),
        ('require = ["not strike"]', 'require = ["not strik"]', "field 'require'"),
        ('label = "Moratorium for moratorium"', 'lable = "x"', "field 'lable'"),
        # every precondition and rule carries a rationale and sections
        (
            'rationale = "A strike risks a full-scale war; '
            'talks are off the table once it happens."',
            "",
            "precondition 'talks-impossible-after-strike', field 'rationale': missing",
        ),
        ('sections = ["S3"]', "sections = []", "field 'sections': missing or empty"),
        # the last rule of a move always fires; rule ids are unique across the file
        (
            'id = "direct-talks-declined"',
            'id = "direct-talks-declined"\n  when = ["trust >= 4"]',
            "field 'rules': the last rule ('direct-talks-declined')",
        ),
        ('id = "direct-talks-declined"', 'id = "direct-talks-open"', "is used twice"),
    ],
)
def test_invalid_catalogue_names_file_move_and_field(tmp_path, old, new, expected):
    path = _broken_copy(tmp_path, old, new)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    message = str(info.value)
    assert str(path) in message
    assert expected in message


def test_invalid_toml_and_missing_file(tmp_path):
    bad = tmp_path / "moves.toml"
    bad.write_text("[[moves]\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="not valid TOML"):
        load_catalogue(bad)
    with pytest.raises(CatalogueError, match="file not found"):
        load_catalogue(tmp_path / "none.toml")


def test_invalid_parameter_names_the_field(tmp_path):
    path = tmp_path / "params.toml"
    text = PARAMETERS_PATH.read_text(encoding="utf-8").replace("value = 0.65", "value = 1.5")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"probability 'p_talks_accepted', field 'value'"):
        load_parameters(path)


def test_an_edited_catalogue_changes_the_outcome(tmp_path):
    """What an instructor does: copy the file, change one assumption, rerun."""
    from korea_talks.sequence import get_preset, simulate

    path = tmp_path / "moves.toml"
    shutil.copy(MOVES_PATH, path)
    text = path.read_text(encoding="utf-8").replace(
        'require = ["trust >= settlement_trust"]', 'require = ["trust >= 9.5"]'
    )
    path.write_text(text, encoding="utf-8")
    edited = load_catalogue(path)
    result = simulate(get_preset("author-roadmap").moves, catalogue=edited)
    assert result.verdict.value != "settlement-track"
    assert "guarantees-need-trust" in result.rules_fired()
