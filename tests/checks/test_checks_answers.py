"""Tests of the checker: answer specs, normalisation, digests, hints and property checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.checks import (
    AnswerSpecError,
    UnknownQuestionError,
    check,
    evaluate,
    get_question,
    load_sets,
)
from korea_talks.checks.normalize import AnswerTypeError, candidates, digest, normalize
from korea_talks.checks.specs import parse_set, spec_path
from korea_talks.sections import SECTION_IDS


def test_every_set_tests_reasoning_more_than_recall():
    """At least 6 graded items, at most one pure recall item, at least 2 written
    questions with a rubric, and at least three kinds of item besides recall."""
    sets = load_sets()
    assert sorted(sets)[:8] == [f"set{n}" for n in range(1, 9)]
    for spec in sets.values():
        assert len(spec.questions) >= 6, spec.id
        assert sum(q.item_type == "recall" for q in spec.questions) <= 1, spec.id
        written = [q for q in spec.questions if q.hand_graded]
        assert len(written) >= 2 and all(q.rubric for q in written), spec.id
        assert len({q.item_type for q in spec.questions} - {"recall"}) >= 3, spec.id


def test_spec_files_keep_no_answer_in_clear():
    for set_id in load_sets():
        text = spec_path(set_id).read_text(encoding="utf-8")
        assert "answer =" not in text
        assert "Hwasong-15" not in text


def _practice_answer(question_id: str):
    """The right answer of a templated item's practice variant, computed from the data."""
    template = get_question(question_id).template
    return template.answer(template.practice_variant().params)


def test_right_answer_prints_the_fixed_line(capsys):
    check("set1.q2", _practice_answer("set1.q2"))
    assert capsys.readouterr().out == "q2: correct\n"


@pytest.mark.parametrize(
    ("question", "answer", "fragment"),
    [
        ("set1.q3", [10, 11], "you counted missiles"),
        ("set1.q3", [1, 2], "a launch day is a date"),
        ("set1.q2", "a", "compare launch days per day of each period"),
        ("set1.q1", ["c", "d"], "a launch day is a distinct date_kst"),
        ("set1.q1", "d", "expected a list of letters, got a str"),
        ("set1.q2", "z", "expected one of a, b, c, d"),
        ("set1.q1", ..., "no answer yet"),
        ("set6.q4", [11], "a verdict names the state the sequence ends in"),
        ("set6.q2", ["S1"], "expected a whole number"),
    ],
)
def test_wrong_answers_get_a_hint_and_a_section_to_reread(question, answer, fragment):
    result = evaluate(question, answer)
    assert not result.earned
    assert fragment in result.line
    assert "Reread S" in result.line or "no answer yet" in result.line
    assert result.line.startswith(question.split(".")[1] + ": ")


def test_forgiving_forms_are_accepted():
    assert evaluate("set1.q2", f" {_practice_answer('set1.q2').upper()} ").earned
    assert evaluate("set1.q3", tuple(np.int64(n) for n in _practice_answer("set1.q3"))).earned
    assert evaluate(
        "set1.q5", [letter.upper() for letter in reversed(_practice_answer("set1.q5"))]
    ).earned
    assert evaluate("set6.q2", tuple(np.int64(n) for n in _practice_answer("set6.q2"))).earned
    assert evaluate(
        "set4.q1", tuple(letter.upper() for letter in reversed(_practice_answer("set4.q1")))
    ).earned


def test_written_answers_are_recorded_within_word_limits():
    spec = get_question("set1.q6")
    assert evaluate("set1.q6", "word " * spec.min_words).line == spec.pass_line
    assert "at least" in evaluate("set1.q6", "too short").line
    assert "keep to" in evaluate("set1.q6", "word " * (spec.max_words + 1)).line


def test_unknown_question_ids_name_the_expected_form():
    with pytest.raises(UnknownQuestionError, match=r"set1\.q3"):
        evaluate("q3", 1)
    with pytest.raises(UnknownQuestionError, match="no question 'q99'"):
        evaluate("set1.q99", 1)


def test_malformed_spec_is_rejected_with_its_location():
    with pytest.raises(AnswerSpecError, match="kind 'guess'"):
        parse_set(
            '[set]\nid="x"\ntitle="t"\nnotebook="n"\nsections=["S1"]\n'
            '[[question]]\nid="q1"\nkind="guess"\nitem_type="data"\nsections=["S1"]\nhint="h"\n'
        )
    with pytest.raises(AnswerSpecError, match="unknown section id 'S11'"):
        parse_set(
            '[set]\nid="x"\ntitle="t"\nnotebook="n"\nsections=["S1"]\n'
            '[[question]]\nid="q1"\nkind="integer"\nitem_type="data"\nsections=["S11"]\nhint="h"\n'
        )


def test_sequence_design_is_checked_by_running_the_model():
    assert evaluate("set5.q5", ["us_direct_talks", "us_demand_cvid"]).earned is False
    good = [
        "us_direct_talks",
        "rok_inter_korean_dialogue",
        "russia_working_group",
        "us_moratorium_for_moratorium",
    ]
    assert evaluate("set5.q4", good).earned
    line = evaluate("set5.q4", ["rok_inter_korean_dialogue", *good[1:]]).line
    assert "must open with 'us_direct_talks'" in line
    assert "unknown move id" in evaluate("set5.q4", ["no_such_move"]).line
    assert "expected a list of move ids" in evaluate("set5.q4", "us_direct_talks").line


def test_model_answers_are_recomputed_from_the_models():
    from korea_talks.bargaining import run_model, six_parties_2017

    table = six_parties_2017()
    salience = next(
        s
        for s in range(101)
        if run_model(table.replace("Russia", salience=float(s))).predicted_outcome > 50.0
    )
    assert evaluate("set3.q4", salience).earned
    assert not evaluate("set3.q4", salience + 5).earned
    assert evaluate("set4.q2", "freeze_suspend,test_continue").earned


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SECTION_IDS), min_size=1, max_size=6))
def test_section_answers_ignore_order_and_repeats(ids):
    assert normalize("sections", ids) == normalize("sections", list(reversed(ids)) + ids)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 3))
def test_a_number_always_matches_its_own_rounding(value, decimals):
    key = normalize("number", round(value, decimals), decimals=decimals)
    assert key in candidates("number", value, decimals=decimals)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_digests_depend_on_salt_and_question(text):
    assert digest("set1.q1", "a", text) != digest("set1.q1", "b", text)
    assert digest("set1.q1", "a", text) != digest("set1.q2", "a", text)


def test_huge_and_infinite_numbers_get_a_hint():
    assert "too large" in evaluate("set1.q8", 10**400).line
    assert not evaluate("set3.q4", float("inf")).earned


def test_booleans_are_not_numbers():
    with pytest.raises(AnswerTypeError, match="whole number"):
        normalize("integer", True)


ANY_ANSWER = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.lists(st.one_of(st.integers(), st.text(max_size=10)), max_size=5),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
QUESTION_IDS = sorted(q.id for spec in load_sets().values() for q in spec.questions)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(QUESTION_IDS), ANY_ANSWER)
def test_a_check_never_raises_and_always_prints_one_labelled_line(question, answer):
    result = evaluate(question, answer)
    label = question.split(".")[1]
    assert result.line.startswith(f"{label}: ")
    assert "\n" not in result.line


def test_timing_items_are_recomputed_from_the_model():
    # set 5 q3: where a CVID demand inserted into the roadmap ends the talks (S6, S9)
    assert evaluate("set5.q3", [1, 2, 3, 4, 5, 6]).earned
    assert not evaluate("set5.q3", [0, 1, 2, 3, 4, 5, 6, 7, 8]).earned  # "always" is wrong
    # set 6 q4: the single deletions that change the 2017-2019 record's verdict
    assert evaluate("set6.q4", [8, 11]).earned
    assert not evaluate("set6.q4", [11]).earned  # the direct talks matter too
    assert "expected a list of whole numbers" in evaluate("set6.q4", "us_demand_cvid").line


def test_instructor_notes_state_the_positions_the_model_computes():
    # the notes of set 5 q3 and set 6 q4 give the answer in words; keep them true
    import nbformat

    from korea_talks.checks.properties import COMPUTE

    root = Path(__file__).resolve().parents[2] / "exercises" / "source"
    cases = [
        ("set5-roadmap", "set5.q3", "insertion_positions", "positions 1 to 6", [1, 2, 3, 4, 5, 6]),
        ("set6-settlement", "set6.q4", "deletion_positions", "positions 8 and 11", [8, 11]),
    ]
    for name, spec, compute, words, positions in cases:
        args = get_question(spec).params["args"]
        assert COMPUTE[compute](**args) == positions, spec
        notes = [
            c.source
            for c in nbformat.read(root / f"{name}.ipynb", as_version=4).cells
            if "instructor" in c.metadata.get("tags", []) and words in c.source
        ]
        assert len(notes) == 1, (spec, words)


LOOKUP_TYPES = ("recall", "data", "lookup")
"""Item types that ask a student to find something rather than reason about it."""


@pytest.mark.parametrize("set_id", sorted(load_sets()))
def test_a_set_has_at_most_one_recall_or_lookup_item(set_id):
    lookups = [q.label for q in load_sets()[set_id].questions if q.item_type in LOOKUP_TYPES]
    assert len(lookups) <= 1, f"{set_id}: {lookups} are recall or lookup items"
