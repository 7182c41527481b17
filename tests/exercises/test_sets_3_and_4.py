"""Sets 3 and 4: reasoning rather than recall, and an own variant of every automatically
marked item, with its answer computed by the model or the coded reading and differing
from the practice answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from korea_talks.authoring.build import read, to_student
from korea_talks.checks import load_set
from korea_talks.checks.early_sets import S5_S6_STATEMENTS, S6_POLICIES, _forecast, _past
from korea_talks.grading.codings import key_codings
from korea_talks.grading.variants import Variant

ROOT = Path(__file__).parents[2]
NOTEBOOKS = {"set3": "set3-russia", "set4": "set4-freeze-game"}
LOOKUP_TYPES = ("recall", "data", "lookup")

TEMPLATED = [
    question
    for set_id in NOTEBOOKS
    for question in load_set(set_id).questions
    if question.template is not None
]


@pytest.mark.parametrize("set_id", NOTEBOOKS)
def test_every_automatic_item_is_templated_and_at_most_one_is_a_lookup(set_id):
    questions = load_set(set_id).questions
    assert [q.id for q in questions if not q.hand_graded and q.template is None] == []
    assert sum(q.item_type in LOOKUP_TYPES for q in questions) <= 1


@pytest.mark.parametrize("question", TEMPLATED, ids=lambda q: q.id)
def test_no_graded_variant_has_the_practice_answer(question):
    template = question.template
    practice = template.answer(template.practice[0])
    spec = load_set(question.set_id)
    codings = key_codings(ROOT / "exercises" / "source" / f"{spec.notebook}.ipynb", spec)
    for params in template.graded:
        answer = template.answer(template.with_coding(params, codings))
        if template.tolerance is not None:
            # the accepted ranges of the two answers do not meet
            assert abs(answer - practice) > 2 * template.tolerance, params
        else:
            assert answer != practice, params


def _question_text(question, params) -> str:
    spec = load_set(question.set_id)
    variants = {q.id: q.template.practice_variant() for q in spec.questions if q.template}
    variants[question.id] = Variant(question.id, "graded", 0, params)
    nb = to_student(
        read(ROOT / "exercises" / "source" / f"{NOTEBOOKS[question.set_id]}.ipynb"),
        "graded",
        variants,
    )
    texts = [
        c.source
        for c in nb.cells
        if c.cell_type == "markdown" and c.source.startswith(f"## {question.label} ")
    ]
    assert len(texts) == 1
    return texts[0]


@pytest.mark.parametrize("question", TEMPLATED, ids=lambda q: q.id)
def test_each_graded_variant_shows_its_own_question(question):
    template = question.template
    texts = [_question_text(question, p) for p in (*template.practice, *template.graded)]
    assert not any("{{" in text for text in texts)
    assert len(set(texts)) == len(texts)


def test_the_coded_readings_have_both_kinds_of_option():
    # each table must offer statements the author makes and statements he does not
    for table in (S5_S6_STATEMENTS, S6_POLICIES):
        assert any(table.values()) and not all(table.values())


@pytest.mark.parametrize("params", load_set("set3").question("q4").template.graded)
def test_the_least_salience_is_the_first_crossing(params):
    """At the answer the forecast is past the threshold; at every smaller salience it is not."""
    answer = load_set("set3").question("q4").template.answer(params)
    party, threshold, side = params["party"], params["threshold"], params["side"]
    assert _past(_forecast(2017, party, salience=float(answer)), threshold, side)
    for salience in range(answer):
        assert not _past(_forecast(2017, party, salience=float(salience)), threshold, side)


@pytest.mark.parametrize("params", load_set("set4").question("q3").template.graded)
def test_a_type_change_keeps_both_sides_on_the_same_ordering(params):
    """Each change the answer names gives both sides the target's ordering of T, R, P, S
    (the two sides hold the roles in different cells)."""
    from korea_talks.checks.early_sets import ROLES, _both, _game
    from korea_talks.games.freeze_game import _ordering

    answer = load_set("set4").question("q3").template.answer(params)
    values = (params["t"], params["r"], params["p"], params["s"])
    for letter in answer:
        role = "abcd".index(letter)
        game = _game(_both(role, values[role]))
        for player, cells in ROLES.items():
            payoffs = getattr(game, player)
            assert _ordering(*(payoffs[c] for c in cells)) == params["target"]
