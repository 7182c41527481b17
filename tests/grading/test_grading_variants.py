"""Variants of templated items: chosen by HMAC from a course secret, computed, never typed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.checks import load_sets
from korea_talks.checks.marking import mark
from korea_talks.checks.normalize import normalize
from korea_talks.checks.protocol import canonical_text, recorded_line
from korea_talks.checks.specs import AnswerSpecError, parse_set
from korea_talks.grading.codings import key_codings
from korea_talks.grading.variants import (
    MIN_SECRET_BYTES,
    PRACTICE_SEED,
    VariantError,
    read_secret,
    student_variants,
    variant_for,
)

ROOT = Path(__file__).parents[2]
secrets = st.binary(min_size=MIN_SECRET_BYTES, max_size=64)
ids = st.text(alphabet=st.characters(blacklist_characters="\x1f"), min_size=1, max_size=30)

TEMPLATES = [
    q for s in load_sets().values() for q in s.questions if q.template and not q.template.design
]
"""Items whose variants have one computed answer each (design items, with many right
answers per variant, are tested in tests/checks/test_design_variants.py)."""


def test_some_items_are_templated():
    assert {q.id for q in TEMPLATES} >= {"set1.q1", "set1.q2", "set1.q5"}


@given(secrets, ids, ids, st.integers(1, 40))
def test_the_choice_is_deterministic_and_in_range(secret, roster_id, item_id, n):
    first = variant_for(secret, roster_id, item_id, n)
    assert first == variant_for(secret, roster_id, item_id, n)
    assert 0 <= first < n


@settings(max_examples=20)
@given(secrets, st.integers(2, 6))
def test_a_class_spreads_over_every_variant(secret, n):
    counts = Counter(variant_for(secret, f"student{i:03d}", "set1.q4", n) for i in range(600))
    assert set(counts) == set(range(n))
    assert max(counts.values()) < 2 * 600 / n  # no variant takes twice its share


@settings(max_examples=20)
@given(secrets, secrets)
def test_different_secrets_give_different_assignments(one, other):
    if one == other:
        return
    class_ids = [f"student{i:03d}" for i in range(64)]
    assert [variant_for(one, s, "set1.q5", 6) for s in class_ids] != [
        variant_for(other, s, "set1.q5", 6) for s in class_ids
    ]


@settings(max_examples=20)
@given(ids, st.integers(2, 6))
def test_without_the_secret_the_ids_do_not_tell_the_variant(roster_id, n):
    """Over unknown secrets, one student's variant takes every value: the public ids (and
    the public practice seed) do not determine it."""
    seen = {variant_for(bytes([k]) * MIN_SECRET_BYTES, roster_id, "set1.q4", n) for k in range(80)}
    assert seen == set(range(n))


CODINGS = {
    set_id: key_codings(ROOT / "exercises" / "source" / f"{spec.notebook}.ipynb", spec)
    for set_id, spec in load_sets().items()
}
"""The instructor's codings of the reading items, from the repository's keys."""


def _graded(template, params) -> dict:
    """A graded variant's parameters as the grader marks them (with the instructor's
    coding for a reading item)."""
    return template.with_coding(params, CODINGS[template.item_id.split(".")[0]])


def _normalized(template, answer) -> str:
    return normalize(template.kind, answer, options=template.options, decimals=template.decimals)


def _canonical(template, params) -> str:
    return _normalized(
        template,
        template.answer(params if params in template.practice else _graded(template, params)),
    )


@pytest.mark.parametrize("question", TEMPLATES, ids=lambda q: q.id)
def test_practice_answers_say_nothing_about_graded_ones(question):
    """No graded variant shares the practice answer; graded variants do not share answers,
    except that a choice item (a few letters) needs only two different ones."""
    template = question.template
    practice = {_canonical(template, p) for p in template.practice}
    graded = [_canonical(template, p) for p in template.graded]
    assert not practice & set(graded)
    if template.options:
        assert len(set(graded)) >= 2, "every graded variant has the same letters"
    else:
        assert len(set(graded)) == len(graded), "two graded variants share an answer"


@pytest.mark.parametrize("question", TEMPLATES, ids=lambda q: q.id)
def test_each_variant_is_marked_against_its_own_answer(question):
    """A variant's right answer earns the points against that variant, none against the
    next variant whose answer differs, and the practice answer earns none against it.
    (One other variant per variant: marking compares with each variant's answer the same
    way, and some answers take a second to compute.)"""
    template = question.template
    graded = [_graded(template, params) for params in template.graded]
    answers = [template.answer(params) for params in graded]
    canonical = [_normalized(template, answer) for answer in answers]
    practice = template.answer(template.practice_variant().params)
    wrong = recorded_line(question.label, canonical_text(practice))
    for at, mine in enumerate(graded):
        right = recorded_line(question.label, canonical_text(answers[at]))
        assert mark(question.id, right, mine).points == question.points
        others = [*range(at + 1, len(graded)), *range(at)]
        other = next(j for j in others if canonical[j] != canonical[at])
        assert mark(question.id, right, graded[other]).points == 0
        assert mark(question.id, wrong, mine).reason.startswith("not the right answer")


def test_student_variants_cover_the_templated_items():
    spec = load_sets()["set1"]
    chosen = student_variants(spec, b"x" * 32, "ada")
    assert set(chosen) == {q.id for q in spec.questions if q.template}
    assert all(v.pool == "graded" for v in chosen.values())


def _one_item_set(variants: str) -> str:
    """The answer spec of a set with one templated data item, its variants table given."""
    head = """
[set]
id = "set1"
title = "t"
notebook = "n"
sections = ["S1"]
[[question]]
id = "q1"
kind = "number"
item_type = "data"
sections = ["S1"]
hint = "h"
[question.variants]
compute = "success_percentage"
"""
    return head + variants


def test_overlapping_pools_are_refused():
    text = _one_item_set("""
practice = [{ start = "2017-01-01", end = "2017-12-31" }]
graded = [{ start = "2017-01-01", end = "2017-12-31" }]
""")
    with pytest.raises(AnswerSpecError, match="pools must be disjoint"):
        parse_set(text)


def test_a_short_or_public_secret_is_refused(tmp_path):
    short = tmp_path / "short.secret"
    short.write_text("abc\n")
    with pytest.raises(VariantError, match="at least 16 bytes"):
        read_secret(short)
    public = tmp_path / "public.secret"
    public.write_bytes(PRACTICE_SEED)
    with pytest.raises(VariantError, match="practice seed"):
        read_secret(public)
    with pytest.raises(VariantError, match="cannot read"):
        read_secret(tmp_path / "missing.secret")


@pytest.mark.parametrize("question", [q for q in TEMPLATES if q.fixed], ids=lambda q: q.id)
def test_no_practice_digest_marks_a_graded_answer(question):
    """The practice key (salted digests, shipped) accepts no graded variant's answer, nor
    names one as a common mistake."""
    from korea_talks.checks.normalize import candidates, digest
    from korea_talks.checks.specs import load_practice_key

    key = load_practice_key(question.set_id)[question.label]
    shipped = {key.digest, *(m.digest for m in key.mistakes)}
    for params in question.template.graded:
        answer = question.template.answer(_graded(question.template, params))
        texts = candidates(
            question.kind, answer, options=question.options, decimals=question.decimals
        )
        assert not {digest(question.id, key.salt, text) for text in texts} & shipped


def test_a_students_graded_notebook_holds_no_answer_of_any_variant():
    from korea_talks.authoring.build import graded_for_student, read

    source = read(ROOT / "exercises" / "source" / "set1-crisis.ipynb")
    nb = graded_for_student(source, b"y" * 32, "ada")
    text = json.dumps(nb)
    for question in (q for q in TEMPLATES if q.set_id == "set1"):
        for params in question.template.graded:
            if question.template.options:
                continue  # a letter is in every text; its digest is tested above
            answer = question.template.answer(_graded(question.template, params))
            shown = normalize(question.template.kind, answer, decimals=question.template.decimals)
            assert shown.casefold() not in text.casefold(), (question.id, shown)


@settings(max_examples=30)
@given(secrets, ids)
def test_an_item_that_builds_on_another_shares_its_variant(secret, roster_id):
    spec = load_sets()["set1"]
    chosen = student_variants(spec, secret, roster_id)
    assert chosen["set1.q8"].index == chosen["set1.q3"].index
    assert chosen["set1.q8"].params == chosen["set1.q3"].params


def test_following_an_item_without_variants_is_refused():
    text = _one_item_set("""
follows = "q2"
practice = [{ start = "2017-01-01", end = "2017-12-31" }]
graded = [{ start = "2016-01-01", end = "2016-12-31" }]
""")
    with pytest.raises(AnswerSpecError, match="no own variants"):
        parse_set(text)
