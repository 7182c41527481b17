"""Per-student graded notebooks: each student's own variants, marked against their own key."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from variant_class import VariantClass, build_class, names_with_other_variants

from korea_talks.checks import load_set
from korea_talks.cli import main
from korea_talks.grading.variants import Variant, student_variants

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
KEY = HERE / "fixtures" / "set1-key.ipynb"
SECRET = b"test course secret: 0123456789abcdef"
TEMPLATED = ("set1.q1", "set1.q2")
"""A choice item with several letters (q1) and one with one letter (q2)."""
SOLVE = {
    "set1.q1": """
base = [in_window(y) for y in (2014, 2015, 2016)]
now, other = in_window(2017), in_window({year})
holds = {{
    "a": now["date_kst"].nunique() < sum(b["date_kst"].nunique() for b in base) / 3,
    "b": len(now) < sum(len(b) for b in base) / 3,
    "c": now["date_kst"].nunique() < other["date_kst"].nunique(),
    "d": len(now) < len(other),
}}
answer_q1 = [letter for letter, true in holds.items() if true]
""",
    "set1.q2": """
first, last = pd.Timestamp(f"{{year}}-01-01"), pd.Timestamp(f"{{year + 1}}-01-01")
days = in_year["date_kst"].drop_duplicates()
more = (days >= split).sum() / (last - split).days > (days < split).sum() / (split - first).days
high_before = in_year.loc[in_year["date_kst"] < split, "apogee_km"].max()
high_after = in_year.loc[in_year["date_kst"] >= split, "apogee_km"].max()
higher = pd.notna(high_after) and (pd.isna(high_before) or high_after > high_before)
answer_q2 = "abcd"[2 * (not higher) + (not more)]
""",
}


def _answer(name: str, question: str) -> str:
    """The computed answer of a student's variant of ``question``."""
    spec = load_set("set1")
    variant = student_variants(spec, SECRET, name)[question]
    return str(spec.question(question.split(".")[1]).template.answer(variant.params))


def _answers_differ(names: list[str]) -> bool:
    """cara's answers (the third name) all differ from ada's (the first), so that a copy
    of ada's notebook is wrong for her."""
    ada, _, cara = names
    return all(_answer(ada, q) != _answer(cara, q) for q in TEMPLATED)


def _solve(item: str, variant: Variant, stub: str) -> str | None:
    """An answer cell that solves q1 or q2 from what its stub and the question text give
    (the comparison year of q1 is in its text); the other items are left unanswered."""
    if item not in SOLVE:
        return None
    head = stub.rsplit("\n", 1)[0]  # all but the line "answer_qN = ..."
    return head + "\n" + SOLVE[item].format(year=variant.params.get("year"))


@pytest.fixture(scope="module")
def group(tmp_path_factory) -> VariantClass:
    spec = load_set("set1")
    names = names_with_other_variants(spec, SECRET, 3, TEMPLATED, _answers_differ)
    return build_class(tmp_path_factory.mktemp("variants"), "set1", SECRET, names, KEY)


def test_each_student_gets_a_notebook_with_their_own_variants(group):
    texts = {}
    for name in group.names:
        nb = group.notebook(name)
        mine = group.variants(name)
        assert nb.metadata.korea_talks["student"] == name
        assert nb.metadata.korea_talks["variants"]["set1.q2"]["params"] == dict(
            mine["set1.q2"].params
        )
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert (
            f"split {mine['set1.q2'].params['year']} at {mine['set1.q2'].params['split']}" in text
        )
        assert "{{" not in text
        texts[name] = text
    assert len(set(texts.values())) == len(group.names)


def test_each_is_marked_against_their_own_key_and_a_copy_loses_marks(group, sandbox):
    ada, ben, cara = group.names
    handed_in = {name: group.answered(name, _solve) for name in (ada, ben)}
    # cara hands in ada's notebook, metadata and all: the metadata is not trusted;
    # mallory is not on the roster
    book, out = group.grade(handed_in, {cara: ada, "mallory": ada})
    for name in (ada, ben):
        assert book.loc[name, "q1"] == 1 and book.loc[name, "q2"] == 1, book.loc[name]
    assert book.loc[cara, "q1"] == 0 and book.loc[cara, "q2"] == 0
    assert book.loc["mallory", "total"] == 0
    results = pd.read_csv(out.with_name("gradebook-results.csv"), dtype={"student": str})
    lost = results[(results.student == cara) & (results.question.isin(["q1", "q2"]))]
    assert set(lost.reason) == {"not the right answer for the variant of this notebook"}
    mallory = results[results.student == "mallory"]
    assert mallory.reason.str.startswith("not on the roster").all()
    variants = pd.read_csv(out.with_name("gradebook-variants.csv"))
    solved = variants[variants.question.isin(["q1", "q2"])]
    assert sorted(solved.question) == ["q1", "q1", "q1", "q2", "q2", "q2"]
    assert set(solved.students) == {1}
    assert sorted(solved.difficulty) == [0, 0, 1, 1, 1, 1]


def test_a_secret_without_a_roster_is_refused(tmp_path, capsys, group):
    secret = group.secret_file
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "x.ipynb").write_text("{}")
    args = ["grade", str(tmp_path / "subs"), "--key", str(KEY), "--secret-file", str(secret)]
    assert main([*args, "--out", str(tmp_path / "g.csv"), "--allow-unconfined"]) == 2
    assert "--secret-file needs --roster" in capsys.readouterr().err


def test_a_roster_id_that_cannot_name_a_folder_is_refused(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("student\nada\n../escape\n")
    secret = tmp_path / "course.secret"
    secret.write_bytes(SECRET)
    args = ["students", "graded", str(ROOT / "exercises"), "--roster", str(roster)]
    out = tmp_path / "out"
    assert main([*args, "--secret-file", str(secret), "--out", str(out)]) == 2
    assert "cannot name a folder: ../escape" in capsys.readouterr().err
    assert not out.exists()
