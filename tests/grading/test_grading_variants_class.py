"""Per-student graded notebooks: each student's own variants, marked against their own key."""

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


def _variant(name: str, question: str) -> tuple[int, str]:
    """The index of a student's variant of ``question`` and its computed answer."""
    spec = load_set("set1")
    variant = student_variants(spec, SECRET, name)[question]
    template = spec.question(question.split(".")[1]).template
    return variant.index, str(template.answer(variant.params))


def _names_with_other_variants() -> tuple[str, str, str]:
    """Three roster ids with other variants of every item of TEMPLATED, cara's answers
    all differing from ada's (so that ada's answers are wrong for her)."""
    names = [f"student{number:03d}" for number in range(60)]
    seen = {name: {q: _variant(name, q) for q in TEMPLATED} for name in names}

    def apart(one: str, other: str) -> bool:
        return all(seen[one][q][0] != seen[other][q][0] for q in TEMPLATED)

    for ada in names:
        for ben in (n for n in names if apart(ada, n)):
            for cara in (n for n in names if apart(ada, n) and apart(ben, n)):
                if all(seen[ada][q][1] != seen[cara][q][1] for q in TEMPLATED):
                    return ada, ben, cara
    raise AssertionError("no such roster ids")


def _answered(path: Path) -> nbformat.NotebookNode:
    """A student's own notebook with q1 and q2 solved from what its stubs and question
    texts give (the comparison year of q1 is in its text)."""
    nb = nbformat.read(path, as_version=4)
    variants = nb.metadata.korea_talks["variants"]
    for cell in nb.cells:
        question = question_of(cell) if role(cell) == "answer" else ""
        if question in SOLVE:
            stub = cell.source.rsplit("\n", 1)[0]  # all but the line "answer_qN = ..."
            solution = SOLVE[question].format(year=variants[question]["params"].get("year"))
            cell.source = stub + "\n" + solution
    return nb


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory):
    base = tmp_path_factory.mktemp("variants")
    ada, ben, cara = _names_with_other_variants()
    roster = base / "roster.csv"
    roster.write_text(f"student\n{ada}\n{ben}\n{cara}\n")
    secret = base / "course.secret"
    secret.write_bytes(SECRET + b"\n")
    notebooks = base / "notebooks"
    args = ["students", "graded", str(ROOT / "exercises"), "--roster", str(roster), "--set"]
    assert main([*args, "set1", "--secret-file", str(secret), "--out", str(notebooks)]) == 0
    return base, (ada, ben, cara), roster, secret, notebooks


def test_each_student_gets_a_notebook_with_their_own_variants(class_folder):
    _, names, _, _, notebooks = class_folder
    texts = {}
    for name in names:
        nb = nbformat.read(notebooks / name / "set1-crisis.ipynb", as_version=4)
        mine = student_variants(load_set("set1"), SECRET, name)
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
    assert len(set(texts.values())) == len(names)


def test_each_is_marked_against_their_own_key_and_a_copy_loses_marks(class_folder, sandbox):
    base, (ada, ben, cara), roster, secret, notebooks = class_folder
    subs = base / "submissions"
    for name in (ada, ben):
        (subs / name).mkdir(parents=True)
        nb = _answered(notebooks / name / "set1-crisis.ipynb")
        nbformat.write(nb, subs / name / "set1-crisis.ipynb")
    # cara hands in ada's notebook, metadata and all: the metadata is not trusted
    (subs / cara).mkdir()
    shutil.copy(subs / ada / "set1-crisis.ipynb", subs / cara / "set1-crisis.ipynb")
    (subs / "mallory").mkdir()  # not on the roster
    shutil.copy(subs / ada / "set1-crisis.ipynb", subs / "mallory" / "set1-crisis.ipynb")
    out = base / "out" / "gradebook.csv"
    status = main(
        [
            "grade",
            str(subs),
            "--key",
            str(KEY),
            "--out",
            str(out),
            "--roster",
            str(roster),
            "--secret-file",
            str(secret),
            "--cell-timeout",
            "60",
        ]
    )
    assert status == 0
    book = pd.read_csv(out, index_col="student", dtype={"student": str})
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


def test_a_secret_without_a_roster_is_refused(tmp_path, capsys, class_folder):
    _, _, _, secret, _ = class_folder
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
