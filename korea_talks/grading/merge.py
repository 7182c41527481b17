"""Read a submission safely and merge its answer cells into the key.

Only answer cells are taken from a submission, found by cell id and, failing that, by
the ``answer`` tag with the question in ``korea_talks`` metadata (never by position).
Everything else (setup, check cells and their stored outputs) comes from the key, so an
edited check cell or a forged output changes nothing; both are reported as notes.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell

from korea_talks.authoring.cells import question_of, stream_text, tags
from korea_talks.grading.intake import read_bytes
from korea_talks.grading.record import recorder_source, recording_call
from korea_talks.grading.reference import Reference

HARNESS_TAG = "grading-harness"
OUTPUT_LIMIT = 1_000_000
"""Characters one cell may print while graded; more stops the cell with an error."""

OUTPUT_MARGIN = 64 * 1024
"""Characters past :data:`OUTPUT_LIMIT` that the grader's own count (outside the kernel,
every channel) allows before it stops the kernel: the cap in the kernel, which a student
can undo, stops a plain ``print`` first with a clearer message."""

OUTPUT_CAP = f"""# added by the grader: stop a cell printing more than {OUTPUT_LIMIT:,} characters
def _korea_talks_output_cap(limit={OUTPUT_LIMIT}):
    import sys
    import threading

    class OutputLimitExceeded(RuntimeError):
        pass

    state = {{"n": 0}}

    def capped(original):
        def write(text, *args, **kwargs):
            state["n"] += len(text) if isinstance(text, str) else 0
            # only in the cell's own thread: ipykernel's thread that forwards raw writes
            # to file descriptors 1 and 2 must keep draining them (the grader counts those)
            if state["n"] > limit and threading.current_thread() is threading.main_thread():
                raise OutputLimitExceeded(f"the cell printed more than {{limit:,}} characters")
            return original(text, *args, **kwargs)

        return write

    def before_cell(*args):
        state["n"] = 0
        for stream in (sys.stdout, sys.stderr):
            stream.write = capped(stream.write)

    get_ipython().events.register("pre_run_cell", before_cell)


_korea_talks_output_cap()
del _korea_talks_output_cap"""

HARNESS = OUTPUT_CAP + "\n\n\n" + recorder_source()
"""The grader's first cell: the output cap and the answer recorder of the check cells."""

TAMPERING = re.compile(
    r"(\bcheck\s*=|\bdef\s+check\b|korea_talks\.checks|\bbuiltins\b|sys\.stdout|"
    r"\bprint\s*=|sys\.modules|\bevaluate\b|"
    # names computed at run time: globals()["_korea_talks_rec" + "ord"] = ...
    r"\b(?:globals|vars|locals)\s*\(|\bsetattr\s*\(|__dict__)"
)
"""Code in an answer cell that reaches for the checker, the recorder or printing, by
name or by a name computed at run time; such a cell is held for review, not run."""


class SubmissionError(ValueError):
    """A submission that cannot be graded at all; the message is the reason."""


@dataclass
class Merged:
    """The key with a student's answers in it, and what was noticed while merging."""

    nb: nbformat.NotebookNode
    problems: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    claimed: set[str] = field(default_factory=set)
    edited: set[str] = field(default_factory=set)


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes (to prove grading never changes a submission);
    ``OSError`` for a special file, which is never opened."""
    return hashlib.sha256(read_bytes(Path(path))).hexdigest()


def read_submission(path: Path) -> nbformat.NotebookNode:
    """Read a submission without changing it; raise :class:`SubmissionError` with a reason."""
    try:
        raw = read_bytes(Path(path))
    except OSError as exc:
        raise SubmissionError(f"cannot read the file ({exc.strerror or exc})") from None
    return parse_submission(raw)


def parse_submission(raw: bytes) -> nbformat.NotebookNode:
    """A notebook from a submission's bytes; :class:`SubmissionError` with a reason."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SubmissionError("not a notebook: the file is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise SubmissionError(
            f"invalid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); the file is "
            "damaged or not a notebook"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("nbformat"), int):
        raise SubmissionError("not a notebook: no 'nbformat' number at the top level")
    if data["nbformat"] < 4:
        raise SubmissionError(
            f"old notebook format (nbformat {data['nbformat']}); open and save it in "
            "JupyterLab 4 or Jupyter Notebook 7 to upgrade it to nbformat 4"
        )
    if data["nbformat"] > 4:
        raise SubmissionError(f"unknown notebook format (nbformat {data['nbformat']})")
    if not isinstance(data.get("cells"), list):
        raise SubmissionError("not a notebook: no list of cells")
    try:
        notebook: nbformat.NotebookNode = nbformat.from_dict(data)
        return notebook
    except Exception as exc:  # nbformat raises several kinds on odd input
        raise SubmissionError(f"not a readable notebook ({exc})") from None


def _source(cell: Any) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def _find(cells: list[Any], cell_id: str, question: str, wanted_role: str) -> tuple[list[Any], int]:
    """Cells matching by id (else by tag and question), and how many carry the tag."""
    tagged = [c for c in cells if wanted_role in tags(c) and question_of(c) == question]
    by_id = [c for c in cells if c.get("id") == cell_id]
    return (by_id or tagged), len(tagged)


def written_text(source: str, label: str) -> str:
    """The text assigned to ``answer_<label>`` in an answer cell, for hand grading."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == f"answer_{label}" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value.strip()
    return source


def _record_checks(reference: Reference, nb: nbformat.NotebookNode) -> None:
    """Make every check cell record its answer instead of judging it in the kernel.

    nbval compares a check cell's output with the key's only where the key stores a
    recorded right answer (``qM: recorded ...``); the mark is decided by the grader.
    """
    for cell in nb.cells:
        if cell.get("id") not in reference.check_ids.values():
            continue
        call = recording_call(_source(cell))
        if call is None:
            continue
        label = (question_of(cell) or "").split(".")[-1]
        compare = stream_text(cell).startswith(f"{label}: recorded ")
        cell.source = ("# NBVAL_CHECK_OUTPUT\n" if compare else "") + call


def merge(reference: Reference, submission: nbformat.NotebookNode) -> Merged:
    """Put the submission's answer cells into a copy of the key."""
    nb = copy.deepcopy(reference.nb)
    merged = Merged(nb)
    cells = list(submission.get("cells", []))
    sub_set = submission.get("metadata", {}).get("korea_talks", {})
    if isinstance(sub_set, dict) and sub_set.get("set") not in (None, reference.spec.id):
        merged.notes.append(
            f"the notebook is marked as {sub_set.get('set')!r}, not {reference.spec.id!r}"
        )
    slots = {c.id: i for i, c in enumerate(nb.cells)}
    for spec in reference.spec.questions:
        qid = spec.id
        found, copies = _find(cells, reference.answer_ids[qid], qid, "answer")
        if len(found) == 1 and copies > 1:
            merged.notes.append(
                f"{spec.label}: answer cell duplicated ({copies} copies); the cell with the "
                "original id was graded"
            )
        if not found:
            merged.problems[qid] = "answer cell missing (deleted, or its id and tags were lost)"
            continue
        if len(found) > 1:
            merged.problems[qid] = f"answer cell duplicated ({len(found)} copies); cannot tell "
            merged.problems[qid] += "which one to grade"
            continue
        cell = found[0]
        if cell.get("cell_type") != "code":
            merged.problems[qid] = f"answer cell retyped as {cell.get('cell_type')!r}; it must "
            merged.problems[qid] += "stay a code cell"
            continue
        source = _source(cell)
        if tampering := TAMPERING.search(source):
            merged.problems[qid] = (
                "held for review: the answer cell touches the checker or printing "
                f"({tampering.group(0)!r})"
            )
            continue
        target = nb.cells[slots[reference.answer_ids[qid]]]
        if source != target.source:
            merged.edited.add(qid)
        target.source = source
        if spec.hand_graded:
            merged.written[qid] = written_text(source, spec.label)
    for qid, check_id in reference.check_ids.items():
        label = qid.split(".")[1]
        found, copies = _find(cells, check_id, qid, "check")
        if not found:
            merged.notes.append(f"{label}: check cell deleted (the original was run)")
            continue
        if max(copies, len(found)) > 1:
            merged.notes.append(
                f"{label}: check cell duplicated ({max(copies, len(found))} copies); the "
                "original was run once"
            )
        if any(_source(c) != reference.check_sources[qid] for c in found) or len(found) > 1:
            merged.notes.append(f"{label}: check cell edited (the original was run)")
        stored = [stream_text(c) for c in found if c.get("cell_type") == "code"]
        if qid in merged.edited and any(s.startswith(f"{label}: correct") for s in stored):
            merged.claimed.add(qid)
    _record_checks(reference, nb)
    harness = new_code_cell(HARNESS, id=HARNESS_TAG, metadata={"tags": [HARNESS_TAG]})
    nb.cells.insert(0, harness)
    return merged
