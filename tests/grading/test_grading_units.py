"""Unit tests of the grading pieces: reading, merging, the key, rubric scores, the CLI."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from korea_talks.authoring.cells import role
from korea_talks.grading import (
    BadKeyError,
    RubricScoresError,
    SubmissionError,
    load_reference,
    read_rubric_scores,
    read_submission,
)
from korea_talks.grading.__main__ import main
from korea_talks.grading.merge import HARNESS_TAG, merge, written_text
from korea_talks.grading.runner import parse_junit

HERE = Path(__file__).parent
KEY = HERE / "fixtures" / "set1-key.ipynb"
CLASS = HERE / "fixtures" / "set1-class"


@pytest.fixture(scope="module")
def reference():
    return load_reference(KEY)


def test_unreadable_files_raise_with_a_reason(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(SubmissionError, match="not UTF-8"):
        read_submission(bad)
    bad.write_text("[1, 2]")
    with pytest.raises(SubmissionError, match="no 'nbformat'"):
        read_submission(bad)
    bad.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}}))
    with pytest.raises(SubmissionError, match="no list of cells"):
        read_submission(bad)


def test_merge_takes_only_answer_cells_and_adds_the_harness(reference):
    submission = read_submission(CLASS / "heidi-edited-check.ipynb")
    merged = merge(reference, submission)
    assert HARNESS_TAG in merged.nb.cells[0].metadata.tags
    checks = [c for c in merged.nb.cells if role(c) == "check"]
    assert all(c.source.startswith("# NBVAL_CHECK_OUTPUT") for c in checks)
    answer = next(c for c in merged.nb.cells if c.get("id") == "set1-q2-answer")
    assert answer.source == 'answer_q2 = "d"'


def test_answer_cells_are_found_by_tag_when_ids_are_gone(reference):
    submission = read_submission(CLASS / "trent-no-cell-ids.ipynb")
    merged = merge(reference, submission)
    assert merged.problems == {}
    assert set(merged.edited) == {q.id for q in reference.spec.questions}


def test_answer_cells_are_not_found_by_position(reference):
    submission = read_submission(CLASS / "alice-correct.ipynb")
    shuffled = copy.deepcopy(submission)
    shuffled.cells.reverse()
    assert merge(reference, shuffled).nb.cells == merge(reference, submission).nb.cells


def test_written_text_is_read_without_running_code():
    assert written_text('answer_q6 = """ some words """', "q6") == "some words"
    assert written_text("answer_q6 = make_text()", "q6") == "answer_q6 = make_text()"


def test_a_students_saved_notebook_is_refused_as_a_key(tmp_path):
    nb = nbformat.read(KEY, as_version=4)
    for cell in nb.cells:
        if role(cell) == "check":
            cell.outputs = []
    path = tmp_path / "saved.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(BadKeyError, match="does not store the line of a right answer"):
        load_reference(path)


def test_rubric_scores_are_validated(tmp_path, reference):
    path = tmp_path / "scores.csv"
    path.write_text("student,question,score\nalice,q6,4\n")
    with pytest.raises(RubricScoresError, match="from 0 to 3"):
        read_rubric_scores(path, reference)
    path.write_text("student,question,score\nalice,q2,1\n")
    with pytest.raises(RubricScoresError, match="not a written question"):
        read_rubric_scores(path, reference)
    path.write_text("student,points\nalice,1\n")
    with pytest.raises(RubricScoresError, match="missing column"):
        read_rubric_scores(path, reference)
    path.write_text("student,question,score\nalice,set1.q6,2.5\n")
    assert read_rubric_scores(path, reference) == {("alice", "set1.q6"): 2.5}


def test_parse_junit_reads_outcomes_by_code_cell(tmp_path):
    report = tmp_path / "junit.xml"
    report.write_text(
        '<testsuites><testsuite><testcase classname="s.ipynb" name="Cell 0"/>'
        '<testcase classname="s.ipynb" name="Cell 1"><failure message="m">t</failure>'
        '</testcase><testcase classname="s.ipynb" name="Cell 2"><skipped message="x"/>'
        "</testcase></testsuite></testsuites>"
    )
    cells = parse_junit(report)
    assert [cells[i].outcome for i in range(3)] == ["passed", "failed", "skipped"]


def test_command_line_grades_a_folder_and_writes_every_report(tmp_path, capsys):
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(CLASS / "alice-correct.ipynb", folder)
    shutil.copy(CLASS / "dave-invalid-json.ipynb", folder)
    out = tmp_path / "out" / "gradebook.csv"
    assert main([str(folder), "--key", str(KEY), "--out", str(out), "--cell-timeout", "30"]) == 0
    assert "graded 2 submission(s) of set1" in capsys.readouterr().out
    for name in ("gradebook.csv", "gradebook-items.csv", "gradebook-written.csv"):
        assert (out.parent / name).is_file()
    assert len(list((out.parent / "gradebook-feedback").glob("*.md"))) == 2


def test_command_line_refuses_a_bad_key(tmp_path, capsys):
    assert main([str(tmp_path), "--key", str(tmp_path / "none.ipynb")]) == 2
    assert "cannot read the key notebook" in capsys.readouterr().err


def test_self_check_ignores_the_outputs_a_student_stored(tmp_path, capsys):
    nb = nbformat.read(CLASS / "bob-partly.ipynb", as_version=4)
    for cell in nb.cells:
        if role(cell) == "check":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="anything\n")]
            cell.execution_count = 1
    path = tmp_path / "mine.ipynb"
    nbformat.write(nb, path)
    assert main(["--self-check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "q1: correct" in out and "q3: not yet" in out
    assert "automatic checks: 2 of 5 points" in out


def test_a_submission_that_kills_the_grader_still_gets_a_row(tmp_path, reference):
    from korea_talks.grading import Options, grade_class

    key = nbformat.read(KEY, as_version=4)
    for name, source in {
        "kills-grader": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
        "fine": 'answer_q1 = "b"',
    }.items():
        nb = copy.deepcopy(key)
        next(c for c in nb.cells if c.get("id") == "set1-q1-answer").source = source
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
    results = {r.student: r for r in grade_class(tmp_path, reference, Options(cell_timeout=10))}
    assert results["fine"].questions["set1.q1"].points == 1
    assert results["kills-grader"].questions["set1.q1"].points == 0
    assert "grading process failed" in results["kills-grader"].questions["set1.q1"].reason
