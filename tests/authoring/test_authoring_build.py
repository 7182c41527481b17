"""Tests of the instructor -> student build."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from korea_talks.authoring import AuthoringError, build_set, stale, to_student
from korea_talks.authoring.build import read, sources, validate_source
from korea_talks.authoring.cells import is_solution, question_of, role, stream_text
from korea_talks.checks import load_set

EXERCISES = Path(__file__).parents[2] / "exercises"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the exercises folder with set 1 only."""
    (tmp_path / "source").mkdir()
    shutil.copy(EXERCISES / "source" / "set1-crisis.ipynb", tmp_path / "source")
    shutil.copy(EXERCISES / "set1-crisis.ipynb", tmp_path)
    return tmp_path


def test_student_notebook_drops_solutions_and_instructor_notes():
    source = read(EXERCISES / "source" / "set1-crisis.ipynb")
    source.metadata.korea_talks["name"] = "set1-crisis.ipynb"
    student = to_student(source)
    solutions = {c.id: c.source for c in source.cells if is_solution(c)}
    assert solutions
    for cell in student.cells:
        assert not is_solution(cell)
        assert role(cell) != "instructor"
        if cell.id in solutions:
            assert cell.source != solutions[cell.id]
            assert "..." in cell.source
            assert cell.outputs == [] and cell.execution_count is None
    assert "idxmax" not in nbformat.writes(student)


def test_student_notebook_keeps_checks_with_their_right_lines():
    student = read(EXERCISES / "set1-crisis.ipynb")
    spec = load_set("set1")
    checks = [c for c in student.cells if role(c) == "check"]
    assert len(checks) == len(spec.questions)
    for cell in checks:
        label = question_of(cell).split(".")[1]
        assert stream_text(cell) == spec.question(label).pass_line + "\n"


def test_build_without_running_reproduces_the_committed_student_notebook(workspace):
    target = build_set(workspace / "source" / "set1-crisis.ipynb", run=False)
    assert target.read_text() == (EXERCISES / "set1-crisis.ipynb").read_text()


def test_stale_reports_an_edited_student_notebook(workspace):
    assert stale(workspace / "source" / "set1-crisis.ipynb") == []
    nb = read(workspace / "set1-crisis.ipynb")
    nb.cells[1].source += "\n# edited"
    nbformat.write(nb, workspace / "set1-crisis.ipynb")
    problems = stale(workspace / "source" / "set1-crisis.ipynb")
    assert problems and "differs in source" in problems[0]


def test_a_source_without_a_check_cell_is_refused():
    nb = read(EXERCISES / "source" / "set1-crisis.ipynb")
    nb.cells = [c for c in nb.cells if c.get("id") != "set1-q2-check"]
    with pytest.raises(AuthoringError, match=r"set1.q2 needs exactly one 'answer' cell"):
        validate_source(nb, load_set("set1"), "x.ipynb")


def test_a_wrong_model_solution_is_refused_by_the_build(workspace):
    path = workspace / "source" / "set1-crisis.ipynb"
    nb = read(path)
    answer = next(c for c in nb.cells if c.get("id") == "set1-q1-answer")
    answer.source = 'answer_q1 = "d"'
    nbformat.write(nb, path)
    with pytest.raises(AuthoringError, match=r"set1.q1 does not earn it"):
        build_set(path)


def test_every_set_has_a_source():
    assert [p.stem.split("-")[0] for p in sources(EXERCISES)] == [f"set{n}" for n in range(1, 7)]
