"""Gradebooks in Canvas's and Moodle's import layouts, checked against their documented
columns; and the command line writes them on request."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from korea_talks.grading.__main__ import main
from korea_talks.grading.lms import (
    CANVAS_IDENTITY,
    MOODLE_IDENTIFIERS,
    LmsLayoutError,
    canvas_gradebook,
    lms_gradebook,
    moodle_gradebook,
    read_roster,
)

HERE = Path(__file__).parent
CLASS = HERE / "fixtures" / "set1-class"
KEY = HERE / "fixtures" / "set1-key.ipynb"

# Canvas, Grades > Import: the identity columns, then "Name (id)" per assignment, and a
# "Points Possible" row under the header.
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


@pytest.fixture
def book() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "total": [7.0, 5.5, 3.0],
            "max_total": [8.0, 8.0, 8.0],
            "status": ["complete", "incomplete", "awaiting hand grading"],
        },
        index=pd.Index(["ada", "ben", "cy"], name="student"),
    )


def _rows(frame: pd.DataFrame) -> list[list[str]]:
    return list(csv.reader(io.StringIO(frame.to_csv(index=False))))


def test_canvas_layout_has_the_documented_columns_and_points_row(book):
    rows = _rows(canvas_gradebook(book, "Exercise set 1", assignment_id="4711"))
    assert rows[0] == [*CANVAS_HEADER, "Exercise set 1 (4711)"]
    assert list(CANVAS_IDENTITY) == CANVAS_HEADER
    assert rows[1][0].strip() == "Points Possible"
    assert rows[1][1:5] == ["", "", "", ""] and rows[1][5] == "8"
    assert rows[2] == ["ada", "", "", "ada", "", "7"]
    assert rows[4][-1] == "", "a grade awaiting hand grading is left blank"


def test_canvas_layout_takes_identities_from_a_roster(book, tmp_path):
    roster_csv = tmp_path / "roster.csv"
    roster_csv.write_text(
        "student,Student,ID,SIS User ID,SIS Login ID,Section\n"
        'ada,"Lovelace, Ada",101,S1,alovelace,Sec 1\n'
        'ben,"Ng, Ben",102,S2,bng,Sec 1\n'
        'cy,"Young, Cy",103,S3,cyoung,Sec 2\n'
    )
    rows = _rows(canvas_gradebook(book, "Set 1", roster=read_roster(roster_csv)))
    assert rows[0][-1] == "Set 1"
    assert rows[2] == ["Lovelace, Ada", "101", "S1", "alovelace", "Sec 1", "7"]


def test_moodle_layout_has_one_identifier_and_one_grade_column(book, tmp_path):
    rows = _rows(moodle_gradebook(book, "Exercise set 1"))
    assert rows[0] == ["Username", "Exercise set 1"]
    assert rows[1:] == [["ada", "7"], ["ben", "5.5"], ["cy", ""]]
    roster_csv = tmp_path / "roster.csv"
    roster_csv.write_text("student,Email address\nada,a@x.org\nben,b@x.org\ncy,c@x.org\n")
    rows = _rows(
        moodle_gradebook(book, "Set 1", identifier="Email address", roster=read_roster(roster_csv))
    )
    assert rows[0] == ["Email address", "Set 1"] and rows[1] == ["a@x.org", "7"]


def test_bad_requests_say_what_is_allowed(book, tmp_path):
    with pytest.raises(LmsLayoutError, match="Email address, Username, ID number"):
        moodle_gradebook(book, "Set 1", identifier="Student number")
    roster_csv = tmp_path / "roster.csv"
    roster_csv.write_text("student,Username\nada,ada1\n")
    with pytest.raises(LmsLayoutError, match="missing from the roster: ben, cy"):
        moodle_gradebook(book, "Set 1", roster=read_roster(roster_csv))
    roster_csv.write_text("name,Username\nada,ada1\n")
    with pytest.raises(LmsLayoutError, match="needs a 'student' column"):
        read_roster(roster_csv)
    with pytest.raises(LmsLayoutError, match="the layouts are canvas, moodle"):
        lms_gradebook(book, "blackboard", "Set 1")


@pytest.mark.slow
def test_command_line_writes_both_layouts_on_request(tmp_path, capsys):
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(CLASS / "alice-correct.ipynb", folder)
    shutil.copy(CLASS / "dave-invalid-json.ipynb", folder)
    out = tmp_path / "out" / "gradebook.csv"
    args = [str(folder), "--key", str(KEY), "--out", str(out), "--cell-timeout", "30"]
    assert main([*args, "--lms", "canvas", "--lms", "moodle"]) == 0
    printed = capsys.readouterr().out
    assert "left blank, awaiting hand grading: alice-correct" in printed
    canvas = list(csv.reader((out.parent / "gradebook-canvas.csv").open()))
    assert canvas[0] == [*CANVAS_HEADER, "The crisis of 2017"]
    assert [r[0] for r in canvas[2:]] == ["alice-correct", "dave-invalid-json"]
    assert canvas[3][-1] == "0"
    moodle = list(csv.reader((out.parent / "gradebook-moodle.csv").open()))
    assert moodle[0] == ["Username", "The crisis of 2017"]


def test_the_grading_guide_documents_the_columns_the_code_writes():
    guide = (HERE.parents[1] / "book" / "instructors" / "grading.md").read_text()
    section = guide.split("## 5. Gradebooks for Canvas and Moodle")[1].split("\n## ")[0]
    canvas = section.split("**Canvas**")[1].split("**Moodle**")[0]
    quoted = canvas.split("`")[1::2]
    start = quoted.index("Student")
    assert quoted[start : start + 5] == list(CANVAS_IDENTITY)
    assert "Points Possible" in canvas
    moodle = section.split("**Moodle**")[1]
    for identifier in MOODLE_IDENTIFIERS:
        assert f"`{identifier}`" in moodle


def test_a_partial_total_is_left_blank_whatever_the_status_says(book):
    """A student with a wrong answer and a written answer still to grade is 'incomplete',
    but the total is partial all the same: the LMS must not import it as final."""
    book = book.assign(
        reasons=[
            "",
            "q2: not yet - reread S2.; q6: awaiting hand grading",
            "q6: awaiting hand grading",
        ]
    )
    frame, waiting = lms_gradebook(book, "canvas", "Exercise set 1")
    rows = _rows(frame)
    assert [row[-1] for row in rows[2:]] == ["7", "", ""]
    assert waiting == ["ben", "cy"]
