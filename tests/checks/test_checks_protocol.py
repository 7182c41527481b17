"""The exercise-check protocol: question ids, the recorded line and its inverse, the
graded check that never says right or wrong, and marks decided outside the kernel."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.checks import evaluate, get_question, load_sets
from korea_talks.checks.marking import mark
from korea_talks.checks.protocol import (
    QuestionIdError,
    RecordedLineError,
    canonical_text,
    parse_question_id,
    parse_recorded_line,
    recorded_line,
)
from korea_talks.checks.specs import PRACTICE_DIR, load_practice_key, practice_path, spec_path

QUESTION_IDS = sorted(q.id for spec in load_sets().values() for q in spec.questions)
JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(),
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=10,
)
ANY_ANSWER = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.lists(st.one_of(st.integers(), st.text(max_size=10)), max_size=5),
)


@settings(max_examples=100, deadline=None)
@given(JSON_VALUES)
def test_a_recorded_line_reads_back_to_the_same_answer(value):
    line = recorded_line("q3", canonical_text(value))
    assert "\n" not in line
    parsed = parse_recorded_line(line)
    assert parsed.label == "q3" and parsed.value == value
    assert recorded_line("q3", parsed.canonical) == line


@pytest.mark.parametrize("text", ["set1.q3", "set12.q10"])
def test_question_ids_parse(text):
    assert str(parse_question_id(text)) == text


@pytest.mark.parametrize("text", ["q3", "set1", "set1.3", "set1.q3.x", " set1.q3", 3, None])
def test_malformed_question_ids_say_what_is_allowed(text):
    with pytest.raises(QuestionIdError, match=r"look like 'set1\.q3'"):
        parse_question_id(text)


def test_lines_that_are_not_recorded_lines_are_refused():
    for line in ("q1: correct", "q1: recorded", "q1: recorded {oops", "recorded 1"):
        with pytest.raises(RecordedLineError):
            parse_recorded_line(line)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(QUESTION_IDS), ANY_ANSWER)
def test_a_graded_check_never_says_right_or_wrong(question, answer):
    line = evaluate(question, answer, edition="graded").line
    label = parse_question_id(question).label
    assert line.startswith((f"{label}: recorded ", f"{label}: not recorded - "))
    assert "\n" not in line
    assert "correct" not in line and "not yet" not in line


def test_right_and_wrong_fixed_answers_look_alike_in_the_graded_edition():
    right = evaluate("set1.q3", [6, 9], edition="graded")
    wrong = evaluate("set1.q3", [10, 11], edition="graded")
    assert (right.line, wrong.line) == ("q3: recorded [6, 9]", "q3: recorded [10, 11]")
    assert not right.earned and not wrong.earned
    assert evaluate("set1.q3", "6, 9", edition="graded").line.startswith("q3: not recorded - ")


def test_marks_are_decided_from_the_recorded_line_and_the_answer_data():
    right = mark("set1.q3", "q3: recorded [6, 9]")
    assert (right.points, right.reason, right.line) == (1, "", "q3: correct")
    lost = mark("set1.q3", "q3: recorded [10, 11]")
    assert lost.points == 0 and lost.recorded and "you counted missiles" in lost.reason
    assert not mark("set1.q3", "q1: recorded [6, 9]").recorded  # another question's line
    assert not mark("set1.q3", "anything").recorded
    assert not mark("set1.q3", "q3: recorded [6, 9\n").recorded  # not JSON
    assert not mark("set1.q3", "").recorded
    essay = " ".join(["sequencing"] * get_question("set1.q6").min_words)
    written = mark("set1.q6", recorded_line("q6", canonical_text(essay)))
    assert written.points is None and written.answer == essay  # a person marks it
    short = mark("set1.q6", recorded_line("q6", canonical_text("some words")))
    assert short.points == 0 and short.recorded and "write at least" in short.reason


def test_property_answers_are_re_checked_with_the_models():
    good = [
        "us_direct_talks",
        "rok_inter_korean_dialogue",
        "russia_working_group",
        "us_moratorium_for_moratorium",
    ]
    line = evaluate("set5.q4", good, edition="graded").line
    assert mark("set5.q4", line).points == get_question("set5.q4").points
    bad = evaluate("set5.q4", list(reversed(good)), edition="graded").line
    assert mark("set5.q4", bad).points == 0


def test_public_specs_hold_no_answer_data_and_practice_keys_cover_fixed_answers():
    for set_id, spec in load_sets().items():
        text = spec_path(set_id).read_text(encoding="utf-8")
        assert "salt =" not in text and "digest =" not in text
        assert practice_path(set_id).parent.name == PRACTICE_DIR
        assert set(load_practice_key(set_id)) == {q.label for q in spec.questions if q.fixed}


def test_a_public_spec_that_carries_answer_data_is_refused():
    from korea_talks.checks import AnswerSpecError
    from korea_talks.checks.specs import parse_set

    text = (
        '[set]\nid="x"\ntitle="t"\nnotebook="n"\nsections=["S1"]\n'
        '[[question]]\nid="q1"\nkind="integer"\nitem_type="data"\nsections=["S1"]\n'
        'hint="h"\nsalt="s"\ndigest="d"\n'
    )
    with pytest.raises(AnswerSpecError, match="holds no answer data"):
        parse_set(text)
