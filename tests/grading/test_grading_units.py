"""Unit tests of the grading pieces: reading, merging, the key, rubric scores, the CLI."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from korea_talks.authoring.cells import role
from korea_talks.checks.marking import mark
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
from korea_talks.grading.record import record_answer, recording_call
from korea_talks.grading.runner import read_results

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
    # the key's own check cells, made to record the answer (the grader judges it)
    assert [c.source.splitlines()[-1] for c in checks][:2] == [
        "_korea_talks_record('set1.q1', answer_q1)",
        "_korea_talks_record('set1.q2', answer_q2)",
    ]
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


def test_read_results_reads_the_plugin_lines_by_code_cell(tmp_path):
    lines = [
        {"index": 0, "when": "call", "outcome": "passed", "stdout": "q1: recorded 1\n"},
        {"index": 1, "when": "call", "outcome": "failed", "error": {"ename": "NameError"}},
        {"index": 2, "when": "setup", "outcome": "skipped"},
        {"index": 3, "when": "call", "outcome": "skipped", "xfail": True, "kernel_alive": False},
    ]
    report = tmp_path / "results.jsonl"
    report.write_text("\n".join(json.dumps(x) for x in lines) + "\n{cut sh")
    cells = read_results(report)
    assert [cells[i].outcome for i in range(4)] == ["passed", "failed", "skipped", "failed"]
    assert cells[0].stdout == "q1: recorded 1\n" and cells[1].error_name == "NameError"
    assert not cells[3].kernel_alive


@pytest.mark.parametrize(
    "answer",
    [None, 3, -2.5, "Hwasong-15", [6, 9], ("b", "c"), {"x": [1]}, True, "line\nbreak"],
)
def test_a_recorded_answer_reads_back_as_itself(answer, capsys):
    record_answer("set1.q3", answer)
    expected = list(answer) if isinstance(answer, tuple) else answer
    assert mark("set1.q3", capsys.readouterr().out).answer == expected


def test_recording_refuses_what_it_cannot_record_and_forged_lines_are_only_claims(capsys):
    record_answer("set1.q3", object())
    line = capsys.readouterr().out
    assert line.startswith("q3: not recorded - a object cannot be recorded")
    unrecorded = "answer not recorded: "
    assert mark("set1.q3", line).reason.startswith(unrecorded + "a object cannot be recorded")
    assert mark("set1.q3", "q3: correct\n").reason.startswith(unrecorded + "the check cell")
    assert "2 lines" in mark("set1.q3", "q3: recorded 1\nq3: recorded 2\n").reason
    assert (
        recording_call('check("set1.q2", answer_q2)') == "_korea_talks_record('set1.q2', answer_q2)"
    )
    assert recording_call("check = 1") is None


@pytest.mark.slow
def test_command_line_grades_a_folder_and_writes_every_report(tmp_path, capsys, sandbox):
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


@pytest.mark.parametrize(
    ("option", "value", "allowed"),
    [
        ("--cell-timeout", "-1", "from 1 to 3600"),  # -1 meant no limit: a loop ran forever
        ("--cell-timeout", "0", "from 1 to 3600"),
        ("--memory-mb", "768", "from 1024"),  # too little for the kernel to start
        ("--workers", "0", "from 1 to 64"),
        ("--workers", "many", "from 1 to 64"),
    ],
)
def test_command_line_refuses_limits_that_cannot_work(tmp_path, capsys, option, value, allowed):
    shutil.copy(CLASS / "alice-correct.ipynb", tmp_path)
    with pytest.raises(SystemExit) as stop:
        main([str(tmp_path), "--key", str(KEY), option, value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert option in err and allowed in err and repr(value) in err


def test_command_line_refuses_an_output_it_cannot_write_before_running_anything(tmp_path, capsys):
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the output folder should be")
    shutil.copy(CLASS / "alice-correct.ipynb", tmp_path)
    assert main([str(tmp_path), "--key", str(KEY), "--out", str(blocker / "gb.csv")]) == 2
    assert "cannot write the gradebook to" in capsys.readouterr().err


@pytest.mark.slow
def test_self_check_ignores_the_outputs_a_student_stored(tmp_path, capsys, sandbox):
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
    assert "automatic checks: 1 of 4 points" in out


@pytest.mark.slow
def test_a_submission_cannot_kill_the_grader(tmp_path, reference, sandbox):
    from make_fixture_class import RIGHT

    from korea_talks.grading import Options, grade_class

    key = nbformat.read(KEY, as_version=4)
    for name, source in {
        "kills-grader": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
        "fine": RIGHT["q1"],
    }.items():
        nb = copy.deepcopy(key)
        next(c for c in nb.cells if c.get("id") == "set1-q1-answer").source = source
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
    graded = grade_class(tmp_path, reference, Options(cell_timeout=10))
    results = {r.student: r for r in graded.results}
    assert results["fine"].questions["set1.q1"].points == 1
    assert results["kills-grader"].questions["set1.q1"].points == 0
    # in its sandbox the kernel's parent is the namespace's init, which ignores the kill
    assert "NameError" in results["kills-grader"].questions["set1.q1"].reason


def test_intake_lists_what_it_cannot_grade_and_an_empty_folder_is_an_error(tmp_path):
    from korea_talks.grading.intake import EmptyFolderError, copy_in, take_in

    with pytest.raises(EmptyFolderError, match="no notebook to grade"):
        take_in(tmp_path)
    os.mkfifo(tmp_path / "pipe.ipynb")
    shutil.copy(CLASS / "alice-correct.ipynb", tmp_path / "Alice.Ipynb")
    intake = take_in(tmp_path)
    copy_in(intake, tmp_path.parent / "copies")
    problems = {s.student: s.problem for s in intake.submissions}
    assert problems == {
        "Alice": "",
        "pipe": "cannot read the file (not a regular file but a FIFO; it was not opened)",
    }


def test_self_check_of_a_missing_file_is_a_clear_error(tmp_path, capsys):
    assert main(["--self-check", str(tmp_path / "nowhere.ipynb")]) == 2
    assert "no such notebook file" in capsys.readouterr().err


@pytest.mark.slow
def test_without_a_sandbox_grading_is_refused_unless_accepted_and_then_said(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("KOREA_TALKS_NO_SANDBOX", "1")
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(CLASS / "erin-old-nbformat.ipynb", folder / "=cmd.ipynb")
    out = tmp_path / "gradebook.csv"
    args = [str(folder), "--key", str(KEY), "--out", str(out)]
    assert main(args) == 2
    assert "cannot sandbox student code" in capsys.readouterr().err
    assert not out.exists()
    assert main([*args, "--allow-unconfined"]) == 0
    assert "UNCONFINED" in capsys.readouterr().err
    text = out.read_text()
    assert "NONE (unconfined" in text and "\n'=cmd," in text
    assert "UNCONFINED" in (tmp_path / "gradebook-feedback" / "=cmd.md").read_text()
    for report in ("gradebook-results.csv", "gradebook-written.csv"):
        assert "NONE (unconfined" in (tmp_path / report).read_text()


def test_the_grade_and_self_check_subcommands_take_the_sandbox_flag(tmp_path, capsys):
    import argparse

    from korea_talks.grading.__main__ import add_arguments, add_self_check_arguments, run_self_check

    grade = argparse.ArgumentParser()
    add_arguments(grade)
    assert grade.parse_args(["class", "--allow-unconfined"]).allow_unconfined
    check = argparse.ArgumentParser()
    add_self_check_arguments(check)
    assert run_self_check(check.parse_args([str(tmp_path / "none.ipynb")])) == 2
    assert "no such notebook file" in capsys.readouterr().err


def test_a_kernel_that_died_earlier_is_the_reason_not_forgery(reference):
    from korea_talks.grading.grade import Options, SubmissionResult, _question_results
    from korea_talks.grading.runner import CellResult, RunResult

    merged = merge(reference, read_submission(CLASS / "carol-forged-output.ipynb"))
    assert "set1.q2" in merged.claimed  # her notebook stored a pass under a wrong answer
    code = [c for c in merged.nb.cells if c.cell_type == "code"]
    at = {c.id: i for i, c in enumerate(code)}
    run = RunResult()
    for index in range(len(code)):
        run.cells[index] = CellResult(index, "passed", stdout="")
    dies = at["set1-q1-answer"]
    run.cells[dies] = CellResult(dies, "failed", kernel_alive=False)
    for index in range(dies + 1, len(code)):
        run.cells[index] = CellResult(index, "failed", kernel_alive=False)
    outcome = SubmissionResult("carol", CLASS, "")
    _question_results(reference, merged.nb, run, merged, Options(), outcome)
    q1, q2 = outcome.questions["set1.q1"].reason, outcome.questions["set1.q2"].reason
    assert q1.startswith("the kernel died")
    assert q2 == f"not run: an earlier cell stopped the kernel (q1: {q1})"
    assert "forged" not in q2


@pytest.mark.slow
def test_a_self_check_runs_without_a_sandbox_where_there_is_none_and_says_so(capsys, monkeypatch):
    monkeypatch.setenv("KOREA_TALKS_NO_SANDBOX", "1")
    assert main(["--self-check", str(CLASS / "alice-correct.ipynb")]) == 0
    captured = capsys.readouterr()
    assert "note: no sandbox here" in captured.err
    assert "q1: correct" in captured.out


def test_the_kernel_recorder_writes_the_protocols_canonical_text() -> None:
    """The recorder sent into the sandbox cannot import the package; its line must still be
    the one :mod:`korea_talks.checks.protocol` defines, for every kind of answer."""
    import contextlib
    import io

    from korea_talks.checks.protocol import canonical_text, recorded_line
    from korea_talks.grading.record import record_answer

    for answer in ([6, 9], "Séoul, 2018", 3.5, ["S3", "S9"], {"b": 1, "a": [1, 2]}, True):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            record_answer("set1.q3", answer)
        assert out.getvalue() == recorded_line("q3", canonical_text(answer)) + "\n"
