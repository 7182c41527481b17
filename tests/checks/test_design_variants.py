"""Every variant of every design item can be met, and the variants ask different things.

A design item (a property check that re-runs a model on the student's own design) has
variants of its constraints. A variant no design can meet would cost a student the item
through no fault of theirs; variants one design meets together would let one student's
design serve the class. These tests search the models for a design per variant.
"""

from __future__ import annotations

import pytest

from korea_talks.checks import load_sets
from korea_talks.checks.properties import run_property
from korea_talks.checks.specs import AnswerSpecError, parse_set
from tests.checks.design_search import find_design

DESIGNS = [
    question
    for spec in load_sets().values()
    for question in spec.questions
    if question.template is not None and question.template.design
]


SPEC_TEXT = """
[set]
id = "set9"
title = "t"
notebook = "set9-t"
sections = ["S9"]

[[question]]
id = "q1"
kind = "property"
item_type = "design"
property = "sequence_meets"
sections = ["S9"]
hint = "h"
params = { verdicts = ["moratorium"], max_moves = 5 }
[question.variants]
practice = [{ lenses = ["beijing"] }]
graded = [{ lenses = ["seoul"], max_moves = 3 }, { lenses = ["pyongyang"] }]
"""


def test_a_design_item_checks_its_practice_variant_and_keeps_its_pools():
    """The practice edition's params are the shared ones with the practice variant merged
    in; a graded variant's params merge the same way, and a variant may only set the
    check's own parameters."""
    question = parse_set(SPEC_TEXT).question("q1")
    template = question.template
    assert template is not None and template.design and template.check == "sequence_meets"
    assert question.params == {"verdicts": ["moratorium"], "max_moves": 5, "lenses": ["beijing"]}
    assert template.property_params(template.graded[0]) == {
        "verdicts": ["moratorium"],
        "max_moves": 3,
        "lenses": ["seoul"],
    }
    variant = template.graded_variant(b"a course secret of sixteen bytes", "ada")
    assert variant.params["verdicts"] == ["moratorium"]  # the question text can name it
    with pytest.raises(AnswerSpecError, match="it may set"):
        parse_set(SPEC_TEXT.replace('lenses = ["pyongyang"]', 'colour = "red"'))
    with pytest.raises(AnswerSpecError, match="repeats a practice one"):
        parse_set(SPEC_TEXT.replace('lenses = ["pyongyang"]', 'lenses = ["beijing"]'))


def test_the_design_items_of_sets_2_and_5_to_8_have_variants():
    """Every design item of these sets has practice and graded variants."""
    design_checks = {"sequence_meets", "bargaining_change_meets"}
    expected = {
        q.id
        for set_id, spec in load_sets().items()
        if set_id in {"set2", "set5", "set6", "set7", "set8"}
        for q in spec.questions
        if q.property_name in design_checks
    }
    assert expected == {q.id for q in DESIGNS} & expected
    assert {"set2.q5", "set5.q4", "set5.q5", "set6.q5", "set7.q4", "set8.q4"} <= expected


@pytest.mark.parametrize("question", DESIGNS, ids=lambda q: q.id)
def test_every_variant_of_a_design_item_can_be_met(question):
    """The search finds a design for the practice variant and for every graded one, and
    the design found for one graded variant fails every other graded variant."""
    template = question.template
    variants = [*template.practice, *template.graded]
    full = [template.property_params(v) for v in variants]
    assert len({repr(sorted(p.items())) for p in full}) == len(full), "variants repeat"
    graded = [template.property_params(v) for v in template.graded]
    for params in full:
        design = find_design(template.check, params)
        assert design is not None, f"{question.id}: no design meets {params}"
        assert run_property(template.check, design, params) == []
        if params in graded:
            others = [p for p in graded if p != params]
            met = [p for p in others if not run_property(template.check, design, p)]
            assert met == [], f"{question.id}: {design} also meets {met}"


def _excludes(one: dict, other: dict) -> bool:
    """Whether no design can meet both variants (full parameters): ``one`` requires a move
    that ``other`` rules out (``sequence_meets``), or they name disjoint parties
    (``bargaining_change_meets``)."""
    if "parties" in one and "parties" in other:
        return not set(one["parties"]) & set(other["parties"])
    required = set(one.get("must_include", ())) | {one.get("first")} - {None}
    return bool(required & set(other.get("must_exclude", ())))


@pytest.mark.parametrize("question", DESIGNS, ids=lambda q: q.id)
def test_no_design_meets_two_graded_variants(question):
    """For every two graded variants, one rules out what the other requires, so that no
    design (not only the one the search finds) serves two students with different
    variants."""
    template = question.template
    graded = [template.property_params(v) for v in template.graded]
    open_pairs = [
        (i, j)
        for i, one in enumerate(graded)
        for j, other in enumerate(graded)
        if i < j and not (_excludes(one, other) or _excludes(other, one))
    ]
    assert open_pairs == [], f"{question.id}: graded variants one design may meet: {open_pairs}"
