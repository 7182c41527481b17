"""Lenses: sourced data, validated on load, and readings that actually differ."""

from __future__ import annotations

import pytest

from korea_talks.sequence import get_preset, simulate
from korea_talks.sequence.errors import LensError
from korea_talks.sequence.lenses import (
    LENS_DIR,
    get_lens,
    lens_catalogue,
    lens_rule_table,
    lenses,
    load_lens,
)


def test_there_are_five_lenses_the_author_first():
    table = lenses()
    assert list(table["lens"]) == ["author", "washington", "beijing", "pyongyang", "seoul"]
    assert table["summary"].str.len().gt(40).all()


@pytest.mark.parametrize("name", ["author", "washington", "beijing", "pyongyang", "seoul"])
def test_every_lens_source_is_a_bibliography_key(name, bib_keys):
    lens = get_lens(name)
    cited = set(lens.sources)
    for change in lens.changes:
        assert change.item.sources, change.item.id
        assert change.item.rationale
        cited.update(change.item.sources)
    for tunable in lens.parameters.tunables():
        cited.update(tunable.sources)
    assert cited <= bib_keys, cited - bib_keys


def test_catalogue_rule_sources_are_bibliography_keys(bib_keys):
    catalogue = lens_catalogue("author")
    for move in catalogue.moves.values():
        for item in (*move.rules, *move.preconditions):
            assert set(item.sources) <= bib_keys, (item.id, item.sources)


def test_rival_lenses_change_rules_and_parameters():
    for name in ("washington", "beijing"):
        lens = get_lens(name)
        assert lens.changes and lens.overridden
        assert len(lens_rule_table(name)) == len(lens.changes)


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("author-roadmap", {"author": "settlement-track", "washington": "moratorium"}),
        ("cvid-first", {"author": "breakdown", "washington": "stalemate"}),
        ("maximum-pressure", {"author": "stalemate", "washington": "moratorium"}),
    ],
)
def test_lenses_disagree_where_their_sources_do(preset, expected):
    moves = get_preset(preset).moves
    for name, verdict in expected.items():
        assert simulate(moves, lens=name).verdict.value == verdict, (preset, name)


def test_beijing_lets_dismantling_start_before_guarantees():
    sequence = [
        "us_direct_talks",
        "russia_working_group",
        "un_ministers_meeting",
        "dprk_freeze_for_relief",
        "dprk_denuclearization_step",
    ]
    assert simulate(sequence).failed_steps
    beijing = simulate(sequence, lens="beijing")
    assert not beijing.failed_steps
    assert beijing.final_state["denuclearization"] > 0


def test_beijing_keeps_the_oil_lifeline():
    result = simulate(["china_oil_cutoff"], lens="beijing")
    assert result.explanation[0].rule_id == "oil-lifeline-kept"


def test_unknown_lens_is_a_clear_error():
    with pytest.raises(LensError, match=r"unknown lens 'washingtn'.*allowed: author"):
        simulate(["us_sanctions"], lens="washingtn")


def _write(tmp_path, text):
    path = tmp_path / "lens.toml"
    path.write_text(text, encoding="utf-8")
    return path


HEAD = 'id = "test"\ntitle = "A test"\nsummary = "A lens for tests."\nsources = ["toloraya2017"]\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('colour = "red"\n', "field 'colour': unknown field"),
        (
            '[[rules]]\nmove = "us_strik"\nid = "x"\ntext = "t"\nrationale = "r"\n'
            'sources = ["a"]\n',
            "unknown move id 'us_strik'; allowed: a move of the catalogue; closest: us_strike",
        ),
        (
            '[[rules]]\nmove = "us_strike"\nreplace = "nope"\nid = "x"\ntext = "t"\n'
            'rationale = "r"\nsources = ["a"]\n',
            "'nope' is not a rule of move 'us_strike'",
        ),
        (
            '[[rules]]\nmove = "us_strike"\nid = "x"\ntext = "t"\nrationale = "r"\n',
            "field 'sources'",
        ),
        (
            '[probabilities.p_unknown]\nvalue = 0.5\nrange = [0, 1]\nsections = ["S9"]\n'
            'rationale = "r"\nsources = ["a"]\n',
            "probability 'p_unknown': unknown",
        ),
        (
            "[probabilities.p_talks_accepted]\nvalue = 0.5\nrange = [0.6, 1]\n"
            'sections = ["S9"]\nrationale = "r"\nsources = ["a"]\n',
            "field 'range'",
        ),
        (
            '[[rules]]\nmove = "us_strike"\nid = "x"\nwhen = ["trust >= courage"]\n'
            'text = "t"\nrationale = "r"\nsources = ["a"]\n',
            "unknown threshold 'courage'",
        ),
    ],
)
def test_bad_lens_files_name_what_is_wrong(tmp_path, body, message):
    with pytest.raises(LensError, match=message):
        load_lens(_write(tmp_path, HEAD + body))


def test_packaged_lens_files_all_load():
    assert len(list(LENS_DIR.glob("*.toml"))) == len(lenses())
