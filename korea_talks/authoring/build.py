"""Instructor source notebook -> the key and two student editions (one source).

An instructor source lives in ``exercises/source/<name>.ipynb``, holds the model
solutions and imports the graded edition's ``check``. :func:`build_set` executes it, so
every check cell stores the recorded line of the model answer with an execution count:
the executed source is the instructor's **key**. It checks that each solution earns its
question (a fixed answer also against the practice key), writes the key back, and
derives two student editions:

``exercises/practice/<name>.ipynb``
    the practice edition (immediate right / not yet feedback, for self-study);
``exercises/graded/<name>.ipynb``
    the graded edition (checks record answers and never say right or wrong).

Both have solution code replaced by its stub, instructor notes left out and every code
output cleared, so a fresh notebook looks fresh; they differ only in the setup line that
imports ``check`` (:data:`korea_talks.checks.protocol.EDITION_IMPORTS`).

A templated item (:mod:`korea_talks.grading.variants`) names its parameters in its
question text and stub with placeholders (``{{q4.start}}``); both editions fill them with
the practice variant, and :func:`graded_for_student` writes a student's own graded
notebook with that student's graded variants.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from korea_talks.authoring.pages import exercise_page, page_path
from korea_talks.checks.checker import evaluate
from korea_talks.checks.marking import mark
from korea_talks.checks.protocol import (
    EDITION_IMPORTS,
    EDITIONS,
    RecordedLineError,
    parse_question_id,
    parse_recorded_line,
)
from korea_talks.checks.specs import SetSpec, load_set

if TYPE_CHECKING:
    from korea_talks.grading.variants import Variant

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


def student_path(source: Path, edition: str = "practice") -> Path:
    """``exercises/source/x.ipynb`` -> ``exercises/<edition>/x.ipynb``."""
    if edition not in EDITIONS:
        raise AuthoringError(f"unknown edition {edition!r}; the editions are {EDITIONS}")
    return source.parent.parent / edition / source.name


def _setup_cells(nb: nbformat.NotebookNode) -> list[Any]:
    return [c for c in nb.cells if role(c) == "setup"]


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
    imports = [c for c in _setup_cells(nb) if EDITION_IMPORTS["graded"] in c.source.splitlines()]
    if len(imports) != 1:
        raise AuthoringError(
            f"{where}: exactly one 'setup' cell must hold the line {EDITION_IMPORTS['graded']!r} "
            "(the key records answers; the practice edition swaps this line)"
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
    """Every check cell of an executed source must record a solution that earns it.

    A fixed answer must also be right by the practice key, so the two editions agree.
    """
    for cell in nb.cells:
        if role(cell) != "check":
            continue
        question = spec.question(parse_question_id(question_of(cell)).label)
        printed = stream_text(cell)
        problem = ""
        try:
            recorded = parse_recorded_line(printed)
        except RecordedLineError:
            problem = "it recorded nothing"
        else:
            outcome = mark(question.id, printed)
            if outcome.points not in (None, question.points):
                problem = outcome.reason
            elif question.fixed and not evaluate(question.id, recorded.value).earned:
                problem = "the practice key does not accept it"
        if problem or printed.count("\n") != 1 or cell.get("execution_count") is None:
            raise AuthoringError(
                f"{where}: the solution of {question.id} does not earn it ({problem or 'output'}):"
                f" its check printed {printed!r}"
            )


def to_student(
    source: nbformat.NotebookNode,
    edition: str = "practice",
    variants: Mapping[str, Variant] | None = None,
) -> nbformat.NotebookNode:
    """Derive a student edition (``practice`` or ``graded``) from an instructor source.

    Placeholders of templated items are filled with ``variants`` (by question id;
    by default the practice variants).
    """
    if edition not in EDITIONS:
        raise AuthoringError(f"unknown edition {edition!r}; the editions are {EDITIONS}")
    # imported here: the grading package imports this module
    from korea_talks.grading.variants import (
        VariantError,
        practice_variants,
        render,
        values_by_label,
    )

    if variants is None:
        variants = practice_variants(load_set(set_id_of(source)))
    values = values_by_label(variants)
    nb = copy.deepcopy(source)
    cells = []
    for cell in nb.cells:
        if role(cell) == "instructor":
            continue
        if is_solution(cell):
            meta = cell.metadata.korea_talks
            cell.source = meta.pop("stub")
            cell.metadata.tags = [t for t in tags(cell) if t != "solution"]
        if role(cell) == "setup":
            lines = cell.source.split("\n")
            swap = {EDITION_IMPORTS["graded"]: EDITION_IMPORTS[edition]}
            cell.source = "\n".join(swap.get(line, line) for line in lines)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        try:
            cell.source = render(cell.source, values)
        except VariantError as exc:
            raise AuthoringError(f"cell {cell.get('id')}: {exc}") from None
        cells.append(cell)
    nb.cells = cells
    nb.metadata.korea_talks["role"] = "student"
    nb.metadata.korea_talks["edition"] = edition
    nb.metadata.korea_talks["generated_from"] = f"{SOURCE_DIR}/{nb.metadata.korea_talks['name']}"
    return nb


def graded_for_student(
    source: nbformat.NotebookNode, course_secret: bytes, roster_id: str
) -> nbformat.NotebookNode:
    """The graded notebook of one student: their own variants in the question texts.

    The variants are also recorded in ``metadata.korea_talks.variants`` for the student's
    and the instructor's information; the grader never reads them from a submission (it
    derives them again from the course secret and the roster id).
    """
    from korea_talks.grading.variants import student_variants

    spec = load_set(set_id_of(source))
    variants = student_variants(spec, course_secret, roster_id)
    nb = to_student(source, "graded", variants)
    nb.metadata.korea_talks["student"] = roster_id
    nb.metadata.korea_talks["variants"] = {
        item: {"variant": v.name, "params": dict(v.params)} for item, v in variants.items()
    }
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


def build_set(source: Path, *, run: bool = True) -> list[Path]:
    """Build one set: execute the source (unless ``run`` is false), write the editions.

    Returns the paths of the student editions written.
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
    written = []
    for edition in EDITIONS:
        target = student_path(source, edition)
        target.parent.mkdir(exist_ok=True)
        write(to_student(nb, edition), target)
        written.append(target)
    root = book_root(source)
    if root is not None:
        page = page_path(root, source.name)
        page.parent.mkdir(exist_ok=True)
        page.write_text(_page(nb, spec, source.name), encoding="utf-8")
        written.append(page)
    return written


def book_root(source: Path) -> Path | None:
    """The repository root whose ``book/`` gets the exercise pages (None: no book here)."""
    root = Path(source).parent.parent.parent
    return root if (root / "book").is_dir() else None


def _page(nb: nbformat.NotebookNode, spec: SetSpec, name: str) -> str:
    return exercise_page(_tidy(to_student(nb, "practice")), name, spec.chapters)


def sources(exercises: Path) -> list[Path]:
    """The instructor sources under ``exercises/source`` (raises :class:`AuthoringError`
    when there are none: a wrong folder must not pass as "up to date")."""
    found = sorted((Path(exercises) / SOURCE_DIR).glob("*.ipynb"))
    if not found:
        raise AuthoringError(
            f"{exercises}: no instructor sources in {SOURCE_DIR}/; give the exercises folder "
            "of the repository (the one that holds source/, practice/ and graded/)"
        )
    return found


def build_all(exercises: Path, *, run: bool = True) -> list[Path]:
    """Build every set under ``exercises``; return the student notebooks written."""
    return [target for path in sources(exercises) for target in build_set(path, run=run)]


def stale(source: Path) -> list[str]:
    """Differences between the committed student notebook and what ``source`` yields.

    An empty list means the student notebook is up to date.
    """
    source = Path(source)
    nb = read(source)
    nb.metadata.korea_talks["name"] = source.name
    problems = []
    for edition in EDITIONS:
        expected = _tidy(to_student(nb, edition))
        target = student_path(source, edition)
        name = f"{edition}/{target.name}"
        if not target.is_file():
            problems.append(f"{name} is missing")
            continue
        actual = read(target)
        if len(actual.cells) != len(expected.cells):
            problems.append(f"{name}: {len(actual.cells)} cells, expected {len(expected.cells)}")
        for want, have in zip(expected.cells, actual.cells, strict=False):
            for key in ("id", "cell_type", "source", "outputs", "execution_count", "metadata"):
                if want.get(key) != have.get(key):
                    problems.append(f"{name}: cell {want.get('id')} differs in {key}")
        if actual.metadata.get("korea_talks") != expected.metadata.get("korea_talks"):
            problems.append(f"{name}: notebook metadata differs")
    root = book_root(source)
    if root is not None:
        page = page_path(root, source.name)
        spec = load_set(set_id_of(nb, str(source)))
        if not page.is_file() or page.read_text(encoding="utf-8") != _page(nb, spec, source.name):
            problems.append(f"{page.relative_to(root)} is missing or out of date")
    return problems
