"""Names and texts from a submission are data: escaped, printable, never breaking a writer.

Each test here was written against a defect: an exception text that forged a score line
and a script tag in a feedback file, a file name that is not UTF-8 that made the CSV
writer raise after the whole class was graded, a FIFO that hung the grader, a run killed
by a signal that left every copy in TMPDIR, a duplicated check cell without a note, and a
recorder replaced through a computed global name.
"""

from __future__ import annotations

import copy
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from korea_talks.authoring.cells import role
from korea_talks.grading import load_reference, read_submission
from korea_talks.grading.grade import QuestionResult, SubmissionResult, grade_submission
from korea_talks.grading.gradebook import feedback, feedback_text, gradebook, write_csv
from korea_talks.grading.intake import copy_in, take_in
from korea_talks.grading.merge import merge
from korea_talks.grading.safe_text import markdown_text, printable

HERE = Path(__file__).parent
KEY = HERE / "fixtures" / "set1-key.ipynb"
CLASS = HERE / "fixtures" / "set1-class"
ROOT = HERE.parents[1]

FORGED = (
    "<script>alert(1)</script>\n\n## q3: 1 of 1\n- correct\n\nScore: 13 of 13 (complete)\n"
    "[click](javascript:alert(1)) ![x](http://example.org/x.png)"
)
HOSTILE_NAME = "<img src=x onerror=alert(1)>\x1b[2J\x1b]0;owned\x07"


@pytest.fixture(scope="module")
def reference():
    return load_reference(KEY)


def _result(reference, student: str, reason: str) -> SubmissionResult:
    result = SubmissionResult(student, Path("x.ipynb"), "")
    for spec in reference.spec.questions:
        result.questions[spec.id] = QuestionResult(spec.id, 0, spec.points, reason)
    result.notes = [f"a note: {reason}"]
    return result


def test_a_forged_exception_text_and_a_hostile_name_stay_inert_in_feedback(reference):
    result = _result(reference, HOSTILE_NAME, f"the answer cell raised ValueError: {FORGED}")
    book = gradebook([result], reference)
    text = feedback_text(result, book, reference)
    lines = text.splitlines()
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        f"# Feedback: {reference.spec.title}",
        *[f"## {q.label}: 0 of {q.points}" for q in reference.spec.questions],
        "## Notes",
    ]
    assert [line for line in lines if line.startswith("Score:")] == ["Score: 0 of 8 (incomplete)"]
    assert "<script" not in text and "<img" not in text
    assert "](" not in text.replace("\\](", "")  # every link bracket escaped
    assert "\x1b" not in text and "\x07" not in text


@given(st.text(max_size=60))
def test_any_text_becomes_one_inert_markdown_line(text):
    shown = markdown_text(text)
    assert "\n" not in shown and "\r" not in shown
    assert "<" not in shown and ">" not in shown
    assert all(c.isprintable() or c == " " for c in shown)


def test_csv_and_feedback_files_take_names_that_are_not_utf8_or_carry_escapes(tmp_path, reference):
    names = ["b\udcffb", "red\x1b[31m", "=cmd|calc", "line\nbreak"]
    results = [_result(reference, name, f"raised: {name}") for name in names]
    book = gradebook(results, reference)
    out = tmp_path / "gradebook.csv"
    write_csv(book, out)  # raised UnicodeEncodeError
    raw = out.read_bytes()
    assert raw.decode("utf-8").isprintable() or b"\x1b" not in raw
    assert b"\x1b" not in raw and b"\r" not in raw
    read = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(read["student"]) == ["b\\xffb", "red\\x1b[31m", "'=cmd|calc", "line\\nbreak"]
    paths = feedback(results, book, reference, tmp_path / "feedback")
    assert all(p.name.isprintable() for p in paths)
    assert len({p.name for p in paths}) == len(names)


def test_a_name_that_is_not_utf8_is_graded_under_a_printable_id_with_its_bytes(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(CLASS / "alice-correct.ipynb", os.fsdecode(bytes(folder) + b"/b\xffb.ipynb"))
    shutil.copy(CLASS / "alice-correct.ipynb", folder / "esc\x1b[31m.ipynb")
    intake = take_in(folder)
    by_id = {s.student: s for s in intake.submissions}
    assert set(by_id) == {"b\\xffb", "esc\\x1b[31m"}
    assert "original name bytes (hex): 62ff622e6970796e62" in by_id["b\\xffb"].notes[0]
    copy_in(intake, tmp_path / "copies")
    assert all(s.sha256 and not s.problem for s in intake.submissions)


def test_special_files_are_never_opened(tmp_path, reference):
    folder = tmp_path / "class"
    folder.mkdir()
    fifo = folder / "pipe.ipynb"
    os.mkfifo(fifo)
    intake = take_in(folder)
    copy_in(intake, tmp_path / "copies")
    assert intake.submissions[0].problem == (
        "cannot read the file (not a regular file but a FIFO; it was not opened)"
    )
    with pytest.raises(Exception, match="not a regular file but a FIFO"):
        read_submission(fifo)
    done: list[SubmissionResult] = []
    worker = threading.Thread(
        target=lambda: done.append(grade_submission(fifo, reference, "pipe", sandbox=None)),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=120)  # hung for ever before: the FIFO was opened for its hash
    assert done and "not a regular file but a FIFO" in done[0].problem


def test_a_computed_global_name_is_held_for_review(reference):
    submission = read_submission(CLASS / "alice-correct.ipynb")
    cell = next(c for c in submission.cells if c.get("id") == "set1-q2-answer")
    cell.source = (
        'globals()["_korea_talks_rec" + "ord"] = lambda q, a: print("q2: correct")\nanswer_q2 = "a"'
    )
    merged = merge(reference, submission)
    assert merged.problems["set1.q2"].startswith("held for review")
    assert "globals(" in merged.problems["set1.q2"]


def test_a_duplicated_check_cell_gets_a_note(reference):
    submission = read_submission(CLASS / "alice-correct.ipynb")
    index, check = next(
        (i, c) for i, c in enumerate(submission.cells) if role(c) == "check" and "q3" in c.id
    )
    twin = copy.deepcopy(check)
    twin.id = "a-copy-made-in-jupyterlab"
    submission.cells.insert(index + 1, twin)
    notes = merge(reference, submission).notes
    assert "q3: check cell duplicated (2 copies); the original was run once" in notes
    assert not any(n.startswith("q3: check cell edited") for n in notes)


def test_printable_keeps_ordinary_text_and_shows_every_control():
    assert printable("Séoul, 2018 — ok") == "Séoul, 2018 — ok"
    assert printable("a\u202eb\x00c\x9bd") == "a\\u202eb\\x00c\\x9bd"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_run_stopped_by_a_signal_leaves_nothing_in_tmpdir(tmp_path, sandbox, signum):
    folder, tmpdir = tmp_path / "class", tmp_path / "tmp"
    folder.mkdir()
    tmpdir.mkdir()
    for name in ("one", "two", "three"):
        shutil.copy(CLASS / "ivan-endless-loop.ipynb", folder / f"{name}.ipynb")
    out = tmp_path / "out" / "gradebook.csv"
    command = [sys.executable, "-m", "korea_talks.grade", str(folder), "--key", str(KEY)]
    env = dict(os.environ, TMPDIR=str(tmpdir), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [*command, "--out", str(out), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # wait on state: a sandbox's scratch folder exists, so a kernel is starting or running
    while not list(tmpdir.glob("kt-grading-*/*/scratch")):
        assert proc.poll() is None, proc.communicate()
        threading.Event().wait(0.05)
    proc.send_signal(signum)
    _, err = proc.communicate()
    assert proc.returncode == 128 + signum, err
    assert "no file was written" in err
    assert list(tmpdir.iterdir()) == []
    assert not out.exists()
    ours = [p for p in Path("/proc").iterdir() if p.name.isdigit()]
    for entry in ours:
        try:
            assert str(tmpdir).encode() not in (entry / "cmdline").read_bytes()
        except OSError:
            continue
    nbformat.read(folder / "one.ipynb", as_version=4)  # the submissions are untouched
