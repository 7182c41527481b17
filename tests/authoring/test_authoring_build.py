"""Tests of the instructor -> student build."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from korea_talks.authoring import AuthoringError, build_set, stale, to_student
from korea_talks.authoring.build import read, sources, student_path, validate_source
from korea_talks.authoring.cells import is_solution, question_of, role, stream_text
from korea_talks.checks import load_set
from korea_talks.checks.marking import mark
from korea_talks.checks.protocol import EDITION_IMPORTS, EDITIONS, parse_question_id

EXERCISES = Path(__file__).parents[2] / "exercises"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the exercises folder with set 1 only."""
    for folder in ("source", *EDITIONS):
        (tmp_path / folder).mkdir()
        shutil.copy(EXERCISES / folder / "set1-crisis.ipynb", tmp_path / folder)
    return tmp_path


@pytest.mark.parametrize("edition", EDITIONS)
def test_student_notebook_drops_solutions_and_instructor_notes(edition):
    source = read(EXERCISES / "source" / "set1-crisis.ipynb")
    source.metadata.korea_talks["name"] = "set1-crisis.ipynb"
    student = to_student(source, edition)
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


@pytest.mark.parametrize("source", sources(EXERCISES), ids=lambda p: p.name)
def test_the_key_stores_a_recorded_line_that_earns_each_question(source):
    key = read(source)
    spec = load_set(key.metadata.korea_talks["set"])
    checks = [c for c in key.cells if role(c) == "check"]
    assert len(checks) == len(spec.questions)
    for cell in checks:
        question = spec.question(parse_question_id(question_of(cell)).label)
        line = stream_text(cell)
        assert line.startswith(f"{question.label}: recorded ")
        assert mark(question.id, line).points in (None, question.points)


@pytest.mark.parametrize("source", sources(EXERCISES), ids=lambda p: p.name)
def test_a_fresh_student_notebook_looks_fresh_in_both_editions(source):
    """No stored line under any check: nothing says correct before the student answers."""
    for edition in EDITIONS:
        student = read(student_path(source, edition))
        assert student.metadata.korea_talks["edition"] == edition
        setup = "\n".join(c.source for c in student.cells if role(c) == "setup")
        assert EDITION_IMPORTS[edition] in setup.splitlines()
        for cell in student.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, cell.id


def test_build_without_running_reproduces_the_committed_editions(workspace):
    targets = build_set(workspace / "source" / "set1-crisis.ipynb", run=False)
    assert [t.parent.name for t in targets] == list(EDITIONS)
    for target in targets:
        assert target.read_text() == (EXERCISES / target.parent.name / target.name).read_text()


@pytest.mark.parametrize("edition", EDITIONS)
def test_stale_reports_an_edited_student_notebook(workspace, edition):
    assert stale(workspace / "source" / "set1-crisis.ipynb") == []
    nb = read(workspace / edition / "set1-crisis.ipynb")
    nb.cells[1].source += "\n# edited"
    nbformat.write(nb, workspace / edition / "set1-crisis.ipynb")
    problems = stale(workspace / "source" / "set1-crisis.ipynb")
    assert problems and f"{edition}/set1-crisis.ipynb: cell" in problems[0]


def test_a_source_without_a_check_cell_is_refused():
    nb = read(EXERCISES / "source" / "set1-crisis.ipynb")
    nb.cells = [c for c in nb.cells if c.get("id") != "set1-q2-check"]
    with pytest.raises(AuthoringError, match=r"set1.q2 needs exactly one 'answer' cell"):
        validate_source(nb, load_set("set1"), "x.ipynb")


@pytest.mark.slow
def test_a_wrong_model_solution_is_refused_by_the_build(workspace):
    path = workspace / "source" / "set1-crisis.ipynb"
    nb = read(path)
    answer = next(c for c in nb.cells if c.get("id") == "set1-q2-answer")
    answer.source = 'answer_q2 = "d"'  # the practice variant's reading is computed as "b"
    nbformat.write(nb, path)
    with pytest.raises(AuthoringError, match=r"set1.q2 does not earn it"):
        build_set(path)


def test_every_set_has_a_source():
    assert [p.stem.split("-")[0] for p in sources(EXERCISES)] == [f"set{n}" for n in range(1, 9)]
