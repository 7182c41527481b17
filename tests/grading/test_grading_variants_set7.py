"""Set 7, graded per student: each student's notebook asks their own variants of every
automatically marked item, and each is marked against their own key."""

from __future__ import annotations

import pytest
from variant_class import VariantClass, build_class, names_with_other_variants, right_answer

from korea_talks.checks import load_set

SECRET = b"test course secret of set 7: 0123456789"
SPEC = load_set("set7")
TEMPLATED = tuple(q.id for q in SPEC.questions if q.template)


def test_set7_has_no_fixed_item_left():
    """Every automatically marked item of set 7 is computed by the model for its variant,
    so no digest of a graded answer ships."""
    automatic = [q for q in SPEC.questions if not q.hand_graded]
    assert not [q.id for q in automatic if q.fixed]
    templated_or_design = {q.id for q in automatic if q.template} | {
        q.id for q in automatic if q.property_name == "sequence_meets"
    }
    assert templated_or_design == {q.id for q in automatic}


@pytest.fixture(scope="module")
def group(tmp_path_factory) -> VariantClass:
    names = names_with_other_variants(SPEC, SECRET, 3)
    return build_class(tmp_path_factory.mktemp("set7-variants"), "set7", SECRET, names)


def test_two_students_get_different_variants_in_their_texts(group):
    texts = {}
    for name in group.names:
        nb = group.notebook(name)
        mine = group.variants(name)
        recorded = nb.metadata.korea_talks["variants"]
        assert {item: v["params"] for item, v in recorded.items()} == {
            item: dict(v.params) for item, v in mine.items()
        }
        text = "\n".join(c.source for c in nb.cells)
        assert "{{" not in text
        assert f"`{mine['set7.q1'].params['preset']}`" in text
        texts[name] = text
    assert len(set(texts.values())) == len(group.names)


def test_each_is_marked_against_their_own_key_and_a_copy_loses_marks(group, sandbox):
    ada, ben, cara = group.names
    handed_in = {name: group.answered(name, right_answer) for name in (ada, ben)}
    book, _ = group.grade(handed_in, {cara: ada}, cell_timeout=120)
    labels = [item.split(".")[1] for item in TEMPLATED]
    for name in (ada, ben):
        assert all(book.loc[name, label] == 1 for label in labels), book.loc[name]
    differing = [
        label
        for label, item in zip(labels, TEMPLATED, strict=True)
        if group.variants(ada)[item].params != group.variants(cara)[item].params
    ]
    assert differing
    assert all(book.loc[cara, label] == 0 for label in differing), book.loc[cara]
