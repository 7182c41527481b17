"""Sets 5 to 8: reasoning rather than recall, and an own variant of every item with one
right answer, shown to the student in the question text."""

from __future__ import annotations

from pathlib import Path

import pytest

from korea_talks.authoring.build import read, to_student
from korea_talks.authoring.cells import question_of, role
from korea_talks.checks import load_set
from korea_talks.checks.specs import load_practice_key
from korea_talks.grading.variants import Variant

ROOT = Path(__file__).parents[2]
NOTEBOOKS = {
    "set5": "set5-roadmap",
    "set6": "set6-settlement",
    "set7": "set7-lenses",
    "set8": "set8-after-2019",
}
DESIGN_CHECKS = ("sequence_meets", "bargaining_change_meets")
"""Property checks that rerun the model on the student's own design (many right answers)."""

TEMPLATED = [
    question
    for set_id in NOTEBOOKS
    for question in load_set(set_id).questions
    if question.template is not None
]


@pytest.mark.parametrize("set_id", NOTEBOOKS)
def test_at_most_one_recall_item_per_set(set_id):
    types = [q.item_type for q in load_set(set_id).questions]
    assert types.count("recall") <= 1


@pytest.mark.parametrize("set_id", NOTEBOOKS)
def test_every_automatic_item_is_templated_or_a_design(set_id):
    automatic = [q for q in load_set(set_id).questions if not q.hand_graded]
    untemplated = [
        q.id for q in automatic if q.template is None and q.property_name not in DESIGN_CHECKS
    ]
    assert untemplated == []


@pytest.mark.parametrize("set_id", NOTEBOOKS)
def test_no_practice_digest_for_a_computed_answer(set_id):
    """Only a fixed answer has a digest; a model answer is recomputed for its variant."""
    computed = {q.label for q in load_set(set_id).questions if not q.fixed}
    assert not set(load_practice_key(set_id)) & computed


def _question_texts(set_id: str, variants: dict[str, Variant]) -> dict[str, str]:
    """The text of each question (its markdown and its answer stub) in a student edition."""
    nb = to_student(
        read(ROOT / "exercises" / "source" / f"{NOTEBOOKS[set_id]}.ipynb"), "graded", variants
    )
    texts: dict[str, str] = {}
    label = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## q"):
            label = cell.source.split()[1]
        if label:
            texts[label] = texts.get(label, "") + cell.source
        if role(cell) == "answer":
            assert question_of(cell) == f"{set_id}.{label}"
    return texts


@pytest.mark.parametrize("question", TEMPLATED, ids=lambda q: q.id)
def test_each_graded_variant_shows_its_own_parameters(question):
    """A student sees their own variant: its question text differs from the practice one
    and from every other graded variant's."""
    spec = load_set(question.set_id)
    practice = {q.id: q.template.practice_variant() for q in spec.questions if q.template}
    seen = {_question_texts(question.set_id, practice)[question.label]}
    template = question.template
    assert template is not None
    for index, params in enumerate(template.graded):
        variants = dict(practice)
        variants[question.id] = Variant(question.id, "graded", index, params)
        text = _question_texts(question.set_id, variants)[question.label]
        assert "{{" not in text
        assert text not in seen, (question.id, params)
        seen.add(text)
