"""Gradebooks in the layouts that Canvas and Moodle import.

**Canvas** (Grades > Import): the columns ``Student``, ``ID``, ``SIS User ID``,
``SIS Login ID``, ``Section``, then one column per assignment named ``Name (id)`` (the
Canvas assignment id in brackets; a name without an id makes Canvas create a new
assignment), and as the first row under the header a ``Points Possible`` row that leaves
the five identity columns blank and gives the assignment's points.

**Moodle** (Grades > Import > CSV file): a header row, one column that identifies the
student, mapped on import to the user field of the same kind (``Email address``,
``Username`` or ``ID number``), and one column per grade, mapped on import to a grade item
(or to a new grade item).

Students are identified by a roster CSV with a ``student`` column (the name the grader
gives each submission: its file or folder name) and the LMS's identity columns
(``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section`` for Canvas; ``Email
address``, ``Username`` or ``ID number`` for Moodle). Without a roster, the submission's
name is used as the login (Canvas ``SIS Login ID``, Moodle ``Username``). A student of the
gradebook who is missing from the roster is an error, never a dropped row.

A grade still awaiting hand grading is left blank (an LMS would read a partial total as
the mark), and :func:`lms_gradebook` says which students those are.

>>> import pandas as pd
>>> book = pd.DataFrame({"total": [7.0, 5.5], "max_total": [8.0, 8.0],
...                      "status": ["complete", "incomplete"]},
...                     index=pd.Index(["ada", "ben"], name="student"))
>>> print(canvas_gradebook(book, "Set 1", assignment_id="1234").to_csv(index=False), end="")
Student,ID,SIS User ID,SIS Login ID,Section,Set 1 (1234)
    Points Possible,,,,,8
ada,,,ada,,7
ben,,,ben,,5.5
>>> print(moodle_gradebook(book, "Set 1").to_csv(index=False), end="")
Username,Set 1
ada,7
ben,5.5
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
"""Canvas's identity columns, in the order of its gradebook import."""

CANVAS_POINTS_POSSIBLE = "    Points Possible"
"""The first cell of the row under the header (Canvas writes it indented)."""

MOODLE_IDENTIFIERS = ("Email address", "Username", "ID number")
"""The user fields a Moodle CSV grade import can map a student column to."""

LAYOUTS = ("canvas", "moodle")
AWAITING = "awaiting hand grading"


class LmsLayoutError(ValueError):
    """A roster or request that cannot give a gradebook for the LMS (says what to fix)."""


def read_roster(path: Path) -> pd.DataFrame:
    """Read a roster CSV (all text), indexed by its ``student`` column."""
    try:
        roster = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise LmsLayoutError(f"{path}: cannot read the roster ({exc})") from None
    if "student" not in roster.columns:
        raise LmsLayoutError(
            f"{path}: the roster needs a 'student' column (the submission names), with "
            f"the LMS's identity columns beside it; found {', '.join(roster.columns)}"
        )
    if roster["student"].duplicated().any():
        repeated = sorted(set(roster.loc[roster["student"].duplicated(), "student"]))
        raise LmsLayoutError(f"{path}: students listed twice in the roster: {repeated}")
    return roster.set_index("student")


def _number(value: float) -> str:
    return "" if pd.isna(value) else f"{float(value):g}"


def _waiting(book: pd.DataFrame) -> pd.Series:
    """True for the students with any answer still awaiting hand grading (their total is
    partial, whatever their status says about the other questions)."""
    reasons = book["reasons"] if "reasons" in book else pd.Series("", index=book.index)
    return (book["status"] == AWAITING) | reasons.fillna("").astype(str).str.contains(AWAITING)


def _grades(book: pd.DataFrame) -> pd.Series:
    """The total to import per student; blank while a written answer awaits grading."""
    return book["total"].where(~_waiting(book)).map(_number)


def _identity(
    book: pd.DataFrame, roster: pd.DataFrame | None, columns: tuple[str, ...], login: str
) -> pd.DataFrame:
    students = list(book.index)
    if roster is None:
        frame = pd.DataFrame("", index=students, columns=list(columns))
        frame[login] = students
        if "Student" in columns:
            frame["Student"] = students
        return frame
    missing = [s for s in students if s not in roster.index]
    if missing:
        raise LmsLayoutError(f"students missing from the roster: {', '.join(missing)}")
    present = [c for c in columns if c in roster.columns]
    if not present:
        raise LmsLayoutError(
            f"the roster has none of the identity columns {', '.join(columns)}; "
            f"it has {', '.join(roster.columns)}"
        )
    return roster.loc[students].reindex(columns=list(columns), fill_value="").fillna("")


def canvas_gradebook(
    book: pd.DataFrame,
    assignment: str,
    *,
    assignment_id: str | None = None,
    roster: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The gradebook in Canvas's import layout (write it with ``index=False``)."""
    if not assignment.strip():
        raise LmsLayoutError("give the Canvas assignment a name")
    column = f"{assignment} ({assignment_id})" if assignment_id else assignment
    frame = _identity(book, roster, CANVAS_IDENTITY, "SIS Login ID")
    frame[column] = _grades(book).to_numpy()
    points = {c: "" for c in CANVAS_IDENTITY}
    points["Student"] = CANVAS_POINTS_POSSIBLE
    points[column] = _number(book["max_total"].max()) if len(book) else ""
    return pd.concat([pd.DataFrame([points]), frame], ignore_index=True)


def moodle_gradebook(
    book: pd.DataFrame,
    grade_item: str,
    *,
    identifier: str = "Username",
    roster: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The gradebook in Moodle's CSV grade import layout (write it with ``index=False``)."""
    if identifier not in MOODLE_IDENTIFIERS:
        raise LmsLayoutError(
            f"Moodle identifies students by {', '.join(MOODLE_IDENTIFIERS)}; got {identifier!r}"
        )
    if not grade_item.strip():
        raise LmsLayoutError("give the Moodle grade item a name")
    if roster is None and identifier != "Username":
        raise LmsLayoutError(f"a roster with an {identifier!r} column is needed")
    frame = _identity(book, roster, (identifier,), identifier)
    if roster is not None and (frame[identifier] == "").any():
        blank = [str(s) for s, v in frame[identifier].items() if v == ""]
        raise LmsLayoutError(f"the roster gives no {identifier!r} for: {', '.join(blank)}")
    frame[grade_item] = _grades(book).to_numpy()
    return frame.reset_index(drop=True)


def lms_gradebook(
    book: pd.DataFrame,
    layout: str,
    name: str,
    *,
    roster: pd.DataFrame | None = None,
    assignment_id: str | None = None,
    identifier: str = "Username",
) -> tuple[pd.DataFrame, list[str]]:
    """The gradebook for ``layout`` (``canvas`` or ``moodle``) and the students left blank."""
    if layout == "canvas":
        frame = canvas_gradebook(book, name, assignment_id=assignment_id, roster=roster)
    elif layout == "moodle":
        frame = moodle_gradebook(book, name, identifier=identifier, roster=roster)
    else:
        raise LmsLayoutError(f"unknown layout {layout!r}; the layouts are {', '.join(LAYOUTS)}")
    waiting = [str(s) for s in book.index[_waiting(book)]]
    return frame, waiting
