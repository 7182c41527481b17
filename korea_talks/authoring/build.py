"""Instructor source notebook -> student notebook (one source, two products).

An instructor source lives in ``exercises/source/<name>.ipynb`` and holds the model
solutions; :func:`build_set` executes it (so every graded check cell stores the line a
right answer prints, with an execution count), checks that each solution earns its
question, writes the executed source back, and derives ``exercises/<name>.ipynb`` for
students: solution code replaced by its stub, instructor notes left out, check cells and
their stored outputs kept. nbval on the student notebook therefore fails on every graded
check cell until the student's answers are right, and the student notebook is the key
the class grader merges submissions into.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from korea_talks.authoring.cells import (
    CHECK_MARKER,
    is_solution,
    question_of,
    role,
    stream_text,
    tags,
)
from korea_talks.checks.specs import SetSpec, load_set

SOURCE_DIR = "source"
NBFORMAT_MINOR = 5


class AuthoringError(ValueError):
    """An instructor source notebook does not follow the exercise conventions."""


def set_id_of(nb: nbformat.NotebookNode, where: str = "notebook") -> str:
    """The exercise set a notebook belongs to (``metadata.korea_talks.set``)."""
    meta = nb.get("metadata", {}).get("korea_talks", {})
    set_id = meta.get("set") if isinstance(meta, dict) else None
    if not isinstance(set_id, str):
        raise AuthoringError(f"{where}: metadata.korea_talks.set is missing (e.g. 'set1')")
    return set_id


def student_path(source: Path) -> Path:
    """``exercises/source/x.ipynb`` -> ``exercises/x.ipynb``."""
    return source.parent.parent / source.name


def validate_source(nb: nbformat.NotebookNode, spec: SetSpec, where: str) -> None:
    """Check that every question of ``spec`` has one solution cell and one check cell."""
    for question in spec.questions:
        answers = [c for c in nb.cells if role(c) == "answer" and question_of(c) == question.id]
        checks = [c for c in nb.cells if role(c) == "check" and question_of(c) == question.id]
        if len(answers) != 1 or len(checks) != 1:
            raise AuthoringError(
                f"{where}: {question.id} needs exactly one 'answer' cell and one 'check' "
                f"cell (found {len(answers)} and {len(checks)})"
            )
        answer, check = answers[0], checks[0]
        if not is_solution(answer) or not answer.metadata.korea_talks.get("stub"):
            raise AuthoringError(
                f"{where}: the answer cell of {question.id} needs the 'solution' tag and a "
                "korea_talks.stub"
            )
        call = re.compile(rf"^check\(\s*[\"']{re.escape(question.id)}[\"']", re.M)
        if CHECK_MARKER not in check.source or not call.search(check.source):
            raise AuthoringError(
                f"{where}: the check cell of {question.id} must hold {CHECK_MARKER} and "
                f"check('{question.id}', ...)"
            )
    known = {q.id for q in spec.questions}
    stray = {question_of(c) for c in nb.cells if role(c) in ("answer", "check")} - known
    if stray:
        raise AuthoringError(
            f"{where}: cells for questions not in the spec: {sorted(stray, key=str)}"
        )


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """Execute a notebook in a fresh kernel of this environment, in folder ``cwd``."""
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        raise AuthoringError(f"a cell of the source raised an error:\n{exc}") from None
    return nb


def verify_checks(nb: nbformat.NotebookNode, spec: SetSpec, where: str) -> None:
    """Every check cell of an executed source must print its question's pass line."""
    for cell in nb.cells:
        if role(cell) != "check":
            continue
        question = spec.question((question_of(cell) or "").partition(".")[2])
        printed = stream_text(cell)
        if printed != question.pass_line + "\n" or cell.get("execution_count") is None:
            raise AuthoringError(
                f"{where}: the solution of {question.id} does not earn it: its check printed "
                f"{printed!r}, expected {question.pass_line!r}"
            )


def to_student(source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Derive the student notebook from an (executed) instructor source."""
    nb = copy.deepcopy(source)
    cells = []
    for cell in nb.cells:
        if role(cell) == "instructor":
            continue
        if is_solution(cell):
            meta = cell.metadata.korea_talks
            cell.source = meta.pop("stub")
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.tags = [t for t in tags(cell) if t != "solution"]
        cells.append(cell)
    nb.cells = cells
    nb.metadata.korea_talks["role"] = "student"
    nb.metadata.korea_talks["generated_from"] = f"{SOURCE_DIR}/{nb.metadata.korea_talks['name']}"
    return nb


def _tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb.nbformat, nb.nbformat_minor = 4, NBFORMAT_MINOR
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


def read(path: Path) -> nbformat.NotebookNode:
    """Read a notebook as nbformat 4."""
    nb: nbformat.NotebookNode = nbformat.read(path, as_version=4)
    return nb


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write a notebook in the stable form committed to the repository."""
    nbformat.validate(nb)
    path.write_text(nbformat.writes(_tidy(nb)) + "\n", encoding="utf-8")


def build_set(source: Path, *, run: bool = True) -> Path:
    """Build one set: execute the source (unless ``run`` is false), write both notebooks.

    Returns the path of the student notebook.
    """
    source = Path(source)
    nb = read(source)
    set_id = set_id_of(nb, str(source))
    spec = load_set(set_id)
    nb.metadata.korea_talks["name"] = source.name
    validate_source(nb, spec, source.name)
    if run:
        execute(nb, source.parent.parent)
        verify_checks(nb, spec, source.name)
        write(nb, source)
    target = student_path(source)
    write(to_student(nb), target)
    return target


def sources(exercises: Path) -> list[Path]:
    """The instructor sources under ``exercises/source``."""
    return sorted((Path(exercises) / SOURCE_DIR).glob("*.ipynb"))


def build_all(exercises: Path, *, run: bool = True) -> list[Path]:
    """Build every set under ``exercises``; return the student notebooks written."""
    found = sources(exercises)
    if not found:
        raise AuthoringError(f"{exercises}: no instructor sources in {SOURCE_DIR}/")
    return [build_set(path, run=run) for path in found]


def stale(source: Path) -> list[str]:
    """Differences between the committed student notebook and what ``source`` yields.

    An empty list means the student notebook is up to date.
    """
    source = Path(source)
    nb = read(source)
    nb.metadata.korea_talks["name"] = source.name
    expected = _tidy(to_student(nb))
    target = student_path(source)
    if not target.is_file():
        return [f"{target.name} is missing"]
    actual = read(target)
    problems = []
    if len(actual.cells) != len(expected.cells):
        problems.append(f"{target.name}: {len(actual.cells)} cells, expected {len(expected.cells)}")
    for want, have in zip(expected.cells, actual.cells, strict=False):
        for key in ("id", "cell_type", "source", "outputs", "execution_count", "metadata"):
            if want.get(key) != have.get(key):
                problems.append(f"{target.name}: cell {want.get('id')} differs in {key}")
    return problems
