"""The key a class is graded against: a notebook whose checks store right answers.

The executed instructor source of a set (``exercises/source/<name>.ipynb``) is the key:
its check cells store, with an execution count, the recorded line of the model answer
(``qM: recorded <answer>``, see :mod:`korea_talks.checks.protocol`), so nbval compares
each fresh result with that line, and the grader re-checks property and written answers
from their recorded lines (:func:`korea_talks.checks.marking.mark`). A practice
notebook whose checks store the practice pass lines (``qM: correct``) is also a key, for
a student's self-check. :func:`load_reference` refuses a key whose check cells store
neither (for instance a student's saved copy).
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_output

from korea_talks.authoring.build import set_id_of
from korea_talks.authoring.cells import is_solution, question_of, role, stream_text
from korea_talks.checks.marking import mark
from korea_talks.checks.protocol import EDITION_IMPORTS, parse_question_id
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
    key_lines: dict[str, str]

    def records(self, question: str) -> bool:
        """True when the key stores a recorded line for ``question`` (a graded key)."""
        line = self.key_lines[question]
        return not line.startswith(self.spec.question(parse_question_id(question).label).pass_line)

    @property
    def questions(self) -> list[str]:
        """Question ids in the order of the set."""
        return [q.id for q in self.spec.questions]


def load_reference(path: Path) -> Reference:
    """Load and validate a key notebook (raises :class:`BadKeyError`)."""
    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:
        raise BadKeyError(f"{path}: cannot read the key notebook ({exc})") from None
    return reference_from_notebook(nb, path)


def canonical_key(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A practice copy of an exercise notebook whose check cells store their pass lines.

    This turns a student's own saved notebook (of either edition) into a key for a
    self-check: its checks become the practice edition's, and whatever the student's run
    stored under them, nbval then compares with the lines right answers print.
    """
    key = copy.deepcopy(nb)
    spec = load_set(set_id_of(key))
    swap = {EDITION_IMPORTS["graded"]: EDITION_IMPORTS["practice"]}
    for number, cell in enumerate(key.cells, start=1):
        if role(cell) == "setup" and cell.cell_type == "code":
            text = "".join(cell.source) if isinstance(cell.source, list) else cell.source
            cell.source = "\n".join(swap.get(line, line) for line in text.split("\n"))
        if role(cell) == "check" and cell.cell_type == "code":
            line = spec.question(parse_question_id(question_of(cell)).label).pass_line
            cell.outputs = [new_output("stream", name="stdout", text=line + "\n")]
            cell.execution_count = number
    return key


def _without_solutions(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the key whose answer cells hold their stubs, not the model solutions.

    A submission's missing answer then runs as the stub, so no later cell can lean on
    the model solution's variables.
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("korea_talks", {})
        if is_solution(cell) and isinstance(meta, dict) and meta.get("stub"):
            cell.source = meta["stub"]
    return nb


def reference_from_notebook(nb: nbformat.NotebookNode, path: Path) -> Reference:
    """Validate an exercise notebook as a key (raises :class:`BadKeyError`)."""
    try:
        spec = load_set(set_id_of(nb, str(path)))
    except ValueError as exc:
        raise BadKeyError(str(exc)) from None
    nb = _without_solutions(nb)
    answer_ids: dict[str, str] = {}
    check_ids: dict[str, str] = {}
    check_sources: dict[str, str] = {}
    key_lines: dict[str, str] = {}
    for cell in nb.cells:
        question = question_of(cell) or ""
        if role(cell) == "answer":
            answer_ids[question] = cell.id
        elif role(cell) == "check":
            check_ids[question] = cell.id
            check_sources[question] = cell.source
            spec_q = spec.question(parse_question_id(question).label)
            stored = stream_text(cell)
            key_lines[question] = stored.strip()
            earns = stored == spec_q.pass_line + "\n" or (
                stored.count("\n") == 1 and mark(question, stored).points in (None, spec_q.points)
            )
            if not earns or cell.get("execution_count") is None:
                raise BadKeyError(
                    f"{path}: the check cell of {question} does not store the line of a right "
                    "answer with an execution count; use the executed instructor source "
                    "(python -m korea_talks.authoring build exercises/)"
                )
    held = [q for q in spec.questions if q.id in answer_ids or q.id in check_ids]
    for spec_question in held:
        if spec_question.id not in answer_ids or spec_question.id not in check_ids:
            raise BadKeyError(f"{path}: no answer or check cell for {spec_question.id}")
    if not held:
        raise BadKeyError(f"{path}: the key holds no question of {spec.id}")
    # a key grades the questions it holds (an instructor may drop one from the total)
    spec = dataclasses.replace(spec, questions=tuple(held))
    return Reference(path, nb, spec, answer_ids, check_ids, check_sources, key_lines)
