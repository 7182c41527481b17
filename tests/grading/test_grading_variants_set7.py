"""Set 7, graded per student: each student's notebook asks their own variants of every
automatically marked item, and each is marked against their own key."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from korea_talks.authoring.cells import question_of, role
from korea_talks.checks import load_set
from korea_talks.cli import main
from korea_talks.grading.variants import student_variants
from tests.checks.design_search import find_design

ROOT = Path(__file__).parents[2]
KEY = ROOT / "exercises" / "source" / "set7-lenses.ipynb"
NOTEBOOK = "set7-lenses.ipynb"
SECRET = b"test course secret of set 7: 0123456789"
SPEC = load_set("set7")
TEMPLATED = tuple(q.id for q in SPEC.questions if q.template)


def _names_with_other_variants(count: int) -> list[str]:
    """Roster ids whose variants of every templated item differ from each other's (where
    an item has enough graded variants for that)."""
    chosen: list[str] = []
    for number in range(2000):
        name = f"student{number:03d}"
        mine = student_variants(SPEC, SECRET, name)
        if all(
            all(
                mine[q].index != student_variants(SPEC, SECRET, other)[q].index
                for q in TEMPLATED
                if len(SPEC.question(q.split(".")[1]).template.graded) >= count  # type: ignore[union-attr]
            )
            for other in chosen
        ):
            chosen.append(name)
        if len(chosen) == count:
            return chosen
    raise AssertionError("no such roster ids")


def _answered(path: Path, name: str) -> nbformat.NotebookNode:
    """A student's notebook with every templated item answered right for their variant
    (a design item with a design the search finds for their variant)."""
    nb = nbformat.read(path, as_version=4)
    mine = student_variants(SPEC, SECRET, name)
    for cell in nb.cells:
        item = question_of(cell)
        if role(cell) == "answer" and item in mine:
            template = SPEC.question(item.split(".")[1]).template
            assert template is not None
            params = mine[item].params
            if template.design:  # many right designs: search the model for one
                answer = find_design(template.check, template.property_params(params))
            else:
                answer = template.answer(params)
            cell.source = f"answer_{item.split('.')[1]} = {answer!r}"
    return nb


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
def class_folder(tmp_path_factory):
    base = tmp_path_factory.mktemp("set7-variants")
    ada, ben, cara = _names_with_other_variants(3)
    roster = base / "roster.csv"
    roster.write_text(f"student\n{ada}\n{ben}\n{cara}\n")
    secret = base / "course.secret"
    secret.write_bytes(SECRET + b"\n")
    notebooks = base / "notebooks"
    args = ["students", "graded", str(ROOT / "exercises"), "--roster", str(roster), "--set"]
    assert main([*args, "set7", "--secret-file", str(secret), "--out", str(notebooks)]) == 0
    return base, (ada, ben, cara), roster, secret, notebooks


def test_two_students_get_different_variants_in_their_texts(class_folder):
    _, names, _, _, notebooks = class_folder
    texts = {}
    for name in names:
        nb = nbformat.read(notebooks / name / NOTEBOOK, as_version=4)
        mine = student_variants(SPEC, SECRET, name)
        recorded = nb.metadata.korea_talks["variants"]
        assert {item: v["params"] for item, v in recorded.items()} == {
            item: dict(v.params) for item, v in mine.items()
        }
        text = "\n".join(c.source for c in nb.cells)
        assert "{{" not in text
        assert f"`{mine['set7.q1'].params['preset']}`" in text
        texts[name] = text
    assert len(set(texts.values())) == len(names)


def test_each_is_marked_against_their_own_key_and_a_copy_loses_marks(class_folder, sandbox):
    base, (ada, ben, cara), roster, secret, notebooks = class_folder
    subs = base / "submissions"
    for name in (ada, ben):
        (subs / name).mkdir(parents=True)
        nbformat.write(_answered(notebooks / name / NOTEBOOK, name), subs / name / NOTEBOOK)
    (subs / cara).mkdir()  # cara hands in ada's notebook
    shutil.copy(subs / ada / NOTEBOOK, subs / cara / NOTEBOOK)
    out = base / "out" / "gradebook.csv"
    args = ["grade", str(subs), "--key", str(KEY), "--out", str(out), "--roster", str(roster)]
    assert main([*args, "--secret-file", str(secret), "--cell-timeout", "120"]) == 0
    book = pd.read_csv(out, index_col="student", dtype={"student": str})
    labels = [item.split(".")[1] for item in TEMPLATED]
    for name in (ada, ben):
        assert all(book.loc[name, label] == 1 for label in labels), book.loc[name]
    differing = [
        label
        for label, item in zip(labels, TEMPLATED, strict=True)
        if student_variants(SPEC, SECRET, ada)[item].params
        != student_variants(SPEC, SECRET, cara)[item].params
    ]
    assert differing
    assert all(book.loc[cara, label] == 0 for label in differing), book.loc[cara]
