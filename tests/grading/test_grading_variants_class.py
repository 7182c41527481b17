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
TEMPLATED = ("set1.q4", "set1.q5")
SOLVE = {
    "set1.q4": 'answer_q4 = window.loc[window["apogee_km"].idxmax(), "missile_name"]',
    "set1.q5": 'answer_q5 = 100 * (window["outcome"] == "success").mean()',
}


def _names_with_other_variants(count: int) -> list[str]:
    """Roster ids whose variants of every templated item differ from each other's."""
    spec = load_set("set1")
    chosen: list[str] = []
    for number in range(1000):
        name = f"student{number:03d}"
        mine = student_variants(spec, SECRET, name)
        if all(
            all(mine[q].index != student_variants(spec, SECRET, other)[q].index for q in TEMPLATED)
            for other in chosen
        ):
            chosen.append(name)
        if len(chosen) == count:
            return chosen
    raise AssertionError("no such roster ids")


def _answered(path: Path) -> nbformat.NotebookNode:
    """A student's own notebook with q4 and q5 solved from the window its stubs give."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if role(cell) == "answer" and question_of(cell) in SOLVE:
            window = cell.source.splitlines()[0]
            assert window.startswith("window = tests[")
            cell.source = window + "\n" + SOLVE[question_of(cell)]
    return nb


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory):
    base = tmp_path_factory.mktemp("variants")
    ada, ben, cara = _names_with_other_variants(3)
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
        assert nb.metadata.korea_talks["variants"]["set1.q4"]["params"] == dict(
            mine["set1.q4"].params
        )
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert f"from {mine['set1.q4'].params['start']} to {mine['set1.q4'].params['end']}" in text
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
        assert book.loc[name, "q4"] == 1 and book.loc[name, "q5"] == 1, book.loc[name]
    assert book.loc[cara, "q4"] == 0 and book.loc[cara, "q5"] == 0
    assert book.loc["mallory", "total"] == 0
    results = pd.read_csv(out.with_name("gradebook-results.csv"), dtype={"student": str})
    lost = results[(results.student == cara) & (results.question.isin(["q4", "q5"]))]
    assert set(lost.reason) == {"not the right answer for the variant of this notebook"}
    mallory = results[results.student == "mallory"]
    assert mallory.reason.str.startswith("not on the roster").all()
    variants = pd.read_csv(out.with_name("gradebook-variants.csv"))
    solved = variants[variants.question.isin(["q4", "q5"])]
    assert sorted(solved.question) == ["q4", "q4", "q4", "q5", "q5", "q5"]
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
