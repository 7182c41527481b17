"""Set 3, graded per student: the reading items (q1, q2) offer each student their own
statements, and each is marked against the instructor's coding of that student's variant
(kept beside the key, never in the package)."""

from __future__ import annotations

import pytest
from variant_class import VariantClass, build_class, names_with_other_variants, right_answer

from korea_talks.checks import load_set
from korea_talks.grading.variants import Variant

SECRET = b"test course secret of set 3: 0123456789"
SPEC = load_set("set3")
READING = tuple(q.id for q in SPEC.questions if q.template and q.template.coded)


def _reading_only(item: str, variant: Variant, stub: str) -> str | None:
    """The right answer of a reading item; every other item left unanswered."""
    return right_answer(item, variant, stub) if item in READING else None


@pytest.fixture(scope="module")
def group(tmp_path_factory) -> VariantClass:
    names = names_with_other_variants(SPEC, SECRET, 3, READING)
    return build_class(tmp_path_factory.mktemp("set3-variants"), "set3", SECRET, names)


def test_the_reading_items_are_coded():
    assert READING == ("set3.q1", "set3.q2")


def test_each_student_reads_their_own_statements(group):
    for name in group.names:
        text = "\n".join(c.source for c in group.notebook(name).cells)
        for item, variant in group.variants(name).items():
            if item in READING:
                assert "coding" not in variant.params
                assert all(f") {option}" in text for option in variant.params.values())
        assert "coding" not in str(group.notebook(name).metadata)


def test_readings_are_marked_against_the_instructors_coding(group, sandbox):
    ada, ben, cara = group.names
    handed_in = {name: group.answered(name, _reading_only) for name in (ada, ben)}
    book, _ = group.grade(handed_in, {cara: ada})
    labels = [item.split(".")[1] for item in READING]
    for name in (ada, ben):
        assert all(book.loc[name, label] == 1 for label in labels), book.loc[name]
    letters = {
        name: {
            item: SPEC.question(item.split(".")[1]).template.answer(variant.params)
            for item, variant in group.variants(name, marked=True).items()
            if item in READING
        }
        for name in (ada, cara)
    }
    differing = [i.split(".")[1] for i in READING if letters[ada][i] != letters[cara][i]]
    assert differing
    assert all(book.loc[cara, label] == 0 for label in differing), book.loc[cara]
