"""The made-up class of ``fixtures/set1-class`` graded end to end, checked cell by cell.

The class holds a correct and a partly correct submission and one of every broken kind
(invalid JSON, old nbformat, a missing, a duplicated and a retyped answer cell, an edited
check cell, a forged output, an endless loop, memory exhaustion, ``sys.exit``, a killed
kernel, megabytes of output, tampering with the checker, a notebook without cell ids).
The expected gradebook ``fixtures/set1-gradebook.csv`` was reviewed by hand; regenerate
the class with ``make_fixture_class.py`` when set 1 changes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from golden import assert_same_gradebook, read_text_table

from korea_talks.grading import (
    Options,
    grade_class,
    load_reference,
    read_rubric_scores,
)
from korea_talks.grading.__main__ import write_reports

pytestmark = pytest.mark.slow  # grades a whole class: a kernel per notebook

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
CLASS = FIXTURES / "set1-class"
KEY = HERE / "fixtures" / "set1-key.ipynb"
OPTIONS = Options(cell_timeout=15, memory_mb=1536)
"""15 s per cell: long enough for a kernel's first imports on a busy CI machine, short
enough to stop the endless loop of ivan-endless-loop quickly."""


def _hashes() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(CLASS.iterdir())}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, sandbox):
    """Grade the class once; return the output folder, the hashes before and the book."""
    before = _hashes()
    reference = load_reference(KEY)
    graded = grade_class(CLASS, reference, OPTIONS)
    scores = read_rubric_scores(FIXTURES / "set1-rubric-scores.csv", reference)
    out = tmp_path_factory.mktemp("grades") / "gradebook.csv"
    book = write_reports(graded, reference, scores, out)
    return out, before, book, graded.results


def test_gradebook_matches_the_reviewed_one_cell_by_cell(graded):
    out, _, _, _ = graded
    assert_same_gradebook(FIXTURES / "set1-gradebook.csv", out)


def test_item_analysis_matches_the_reviewed_one(graded):
    out, _, _, _ = graded
    expected = read_text_table(FIXTURES / "set1-items.csv")
    actual = read_text_table(out.with_name("gradebook-items.csv"))
    pd.testing.assert_frame_equal(actual, expected)


def test_every_broken_kind_has_its_reason(graded):
    _, _, book, _ = graded
    reasons = book["reasons"]
    assert "invalid JSON" in reasons["dave-invalid-json"]
    assert "old notebook format" in reasons["erin-old-nbformat"]
    assert "q3: answer cell missing" in reasons["frank-missing-cell"]
    assert "retyped as 'markdown'" in reasons["grace-duplicated-retyped"]
    assert "duplicated" in book.loc["grace-duplicated-retyped", "notes"]
    assert "check cell edited" in book.loc["heidi-edited-check", "notes"]
    assert "forged or stale" in reasons["carol-forged-output"]
    assert "longer than 15 s" in reasons["ivan-endless-loop"]
    assert "out of memory" in reasons["judy-memory"]
    assert "sys.exit()" in reasons["mallory-sys-exit"]
    assert "kernel died" in reasons["niaj-killed-kernel"]
    assert "more than 1,000,000 characters" in reasons["olivia-megabytes"]
    assert "held for review" in reasons["peggy-tampering"]
    assert book.loc["trent-no-cell-ids", "status"] == "complete"
    assert book.loc["alice-correct", "total"] == book.loc["alice-correct", "max_total"]


def test_no_submission_is_modified(graded):
    _, before, book, _ = graded
    after = _hashes()
    assert after == before
    for student, digest in book["sha256"].items():
        assert after[f"{student}.ipynb"] == digest


def test_one_feedback_file_per_student_with_each_lost_question(graded):
    out, _, book, _ = graded
    folder = out.with_name("gradebook-feedback")
    assert sorted(p.stem for p in folder.iterdir()) == sorted(book.index)
    text = (folder / "bob-partly.md").read_text()
    assert "Score: 1 of 8 (incomplete)" in text
    assert "you counted missiles" in text
    assert "Reread: S2" in text


def test_written_answers_are_exported_for_hand_grading(graded):
    out, _, _, _ = graded
    written = pd.read_csv(out.with_name("gradebook-written.csv"))
    assert set(written["question"]) == {"q4", "q6"}
    alice = written[written["question"] == "q6"].set_index("student").loc["alice-correct"]
    assert alice["answer"].startswith("The launch-day counts")
    assert "uses the launch-day counts" in alice["rubric"]
    assert written["score"].isna().all()
