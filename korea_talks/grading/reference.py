"""The key a class is graded against: a student notebook whose checks store right answers.

The committed student notebook of a set (``exercises/<name>.ipynb``) is the key: its
graded check cells store the line a right answer prints, with an execution count, so
nbval compares each fresh result with that line. :func:`load_reference` refuses a key
whose check cells do not store those lines (for instance a student's saved copy).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_output

from korea_talks.authoring.build import set_id_of
from korea_talks.authoring.cells import question_of, role, stream_text
from korea_talks.checks.specs import SetSpec, load_set


class BadKeyError(ValueError):
    """The key notebook cannot be used to grade (wrong outputs, missing cells)."""


@dataclass
class Reference:
    """A parsed key: the notebook, its set, and where each question's cells are."""

    path: Path
    nb: nbformat.NotebookNode
    spec: SetSpec
    answer_ids: dict[str, str]
    check_ids: dict[str, str]
    check_sources: dict[str, str]

    @property
    def questions(self) -> list[str]:
        """Question ids in the order of the set."""
        return [q.id for q in self.spec.questions]


def load_reference(path: Path) -> Reference:
    """Load and validate a key notebook (raises :class:`BadKeyError`)."""
    path = Path(path)
    try:
        nb: nbformat.NotebookNode = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:
        raise BadKeyError(f"{path}: cannot read the key notebook ({exc})") from None
    return reference_from_notebook(nb, path)


def canonical_key(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of an exercise notebook whose check cells store their pass lines.

    This turns a student's own saved notebook into a key for a self-check: whatever the
    student's run stored under the checks, nbval then compares with the right lines.
    """
    key = copy.deepcopy(nb)
    spec = load_set(set_id_of(key))
    for number, cell in enumerate(key.cells, start=1):
        if role(cell) == "check" and cell.cell_type == "code":
            line = spec.question((question_of(cell) or "").split(".")[-1]).pass_line
            output = new_output("stream", name="stdout", text=line + "\n")
            cell.outputs = [output]
            cell.execution_count = number
    return key


def reference_from_notebook(nb: nbformat.NotebookNode, path: Path) -> Reference:
    """Validate an exercise notebook as a key (raises :class:`BadKeyError`)."""
    try:
        spec = load_set(set_id_of(nb, str(path)))
    except ValueError as exc:
        raise BadKeyError(str(exc)) from None
    answer_ids: dict[str, str] = {}
    check_ids: dict[str, str] = {}
    check_sources: dict[str, str] = {}
    for cell in nb.cells:
        question = question_of(cell)
        if question is None:
            continue
        if role(cell) == "answer":
            answer_ids[question] = cell.id
        elif role(cell) == "check":
            check_ids[question] = cell.id
            check_sources[question] = cell.source
            label = question.split(".")[-1]
            want = spec.question(label).pass_line + "\n"
            stored = stream_text(cell)
            recorded = stored.startswith(f"{label}: recorded ")  # a graded edition's key
            if (stored != want and not recorded) or cell.get("execution_count") is None:
                raise BadKeyError(
                    f"{path}: the check cell of {question} does not store {want.strip()!r} "
                    "with an execution count; use the committed student notebook "
                    "(python -m korea_talks.authoring build exercises/)"
                )
    for item in spec.questions:
        if item.id not in answer_ids or item.id not in check_ids:
            raise BadKeyError(f"{path}: no answer or check cell for {item.id}")
    return Reference(path, nb, spec, answer_ids, check_ids, check_sources)
