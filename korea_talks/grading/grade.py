"""Grade one submission: read it, merge it into the key, run nbval, explain every loss."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from korea_talks.authoring.cells import role
from korea_talks.checks.marking import mark
from korea_talks.grading.merge import (
    OUTPUT_LIMIT,
    SubmissionError,
    merge,
    read_submission,
    sha256_file,
)
from korea_talks.grading.reference import Reference
from korea_talks.grading.runner import CellResult, RunResult, Zygote, run_nbval

ANSI = re.compile(r"(?:\x1b|#x1B)\[[0-9;]*m")
ERROR_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Exceeded))\b:?(.*)$")


@dataclass
class Options:
    """Limits for one grading run."""

    cell_timeout: int = 60
    memory_mb: int = 2048
    total_timeout: int | None = None


@dataclass
class QuestionResult:
    """What one question earned and why not."""

    question: str
    points: float | None
    max_points: int
    reason: str = ""
    line: str = ""


@dataclass
class SubmissionResult:
    """Everything the gradebook and the feedback file need about one submission."""

    student: str
    path: Path
    sha256: str
    questions: dict[str, QuestionResult] = field(default_factory=dict)
    problem: str = ""
    notes: list[str] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def _clean(text: str) -> str:
    return ANSI.sub("", text or "")


def _error_of(cell: CellResult) -> tuple[str, str]:
    """The exception name and message nbval reported for a failed cell."""
    name, message = "", ""
    for line in _clean(cell.text).splitlines():
        match = ERROR_LINE.match(line.strip())
        if match:
            name, message = match.group(1), match.group(2).strip()
    return name, message


def _fresh_line(cell: CellResult) -> str:
    """The line a check cell printed in the fresh run (from nbval's output diff)."""
    lines = _clean(cell.text).splitlines()
    printed = [ln[4:] for ln in lines if ln.startswith("  - ")]
    return " ".join(printed).strip()


def explain_answer_failure(cell: CellResult, options: Options) -> str:
    """Why an answer cell failed, in words an instructor can act on."""
    message = _clean(cell.message)
    if "Failed to interrupt kernel" in message or "waiting for output" in message:
        return "the kernel died or stopped responding in the answer cell (a crash or os._exit)"
    if "Timeout" in message:
        return (
            f"the answer cell ran longer than {options.cell_timeout} s and was stopped "
            "(an endless loop?)"
        )
    if "Kernel dead" in _clean(cell.text) or "Kernel dead" in message:
        return "the kernel had died in an earlier cell"
    name, detail = _error_of(cell)
    if name == "MemoryError":
        return f"the answer cell ran out of memory (limit {options.memory_mb} MB)"
    if name == "SystemExit":
        return "the answer cell called sys.exit(), which stops a notebook"
    if name.endswith("OutputLimitExceeded"):
        return f"the answer cell printed more than {OUTPUT_LIMIT:,} characters"
    if name:
        return f"the answer cell raised {name}" + (f": {detail}" if detail else "")
    return "the answer cell failed: " + message.splitlines()[-1] if message else "failed"


def _kernel_lost(run: RunResult, before: int) -> bool:
    """True when a cell before ``before`` killed or lost the kernel."""
    return any(
        "Failed to interrupt kernel" in _clean(c.message) or "Kernel dead" in _clean(c.text)
        for index, c in run.cells.items()
        if index < before
    )


def _decide(result: QuestionResult, reference: Reference, qid: str, line: str) -> None:
    """Mark a recorded line outside the kernel, against the graded key's line."""
    decided = mark(qid, line, key_line=reference.key_lines[qid])
    result.line = line
    result.points, result.reason = decided.points, decided.reason


def _question_results(
    reference: Reference,
    merged_nb: nbformat.NotebookNode,
    run: RunResult,
    problems: dict[str, str],
    claimed: set[str],
    options: Options,
    written: dict[str, str] | None = None,
) -> dict[str, QuestionResult]:
    code = [c for c in merged_nb.cells if c.cell_type == "code"]
    answer_at = {
        reference.answer_ids[q]: i
        for q in reference.questions
        for i, c in enumerate(code)
        if c.id == reference.answer_ids[q]
    }
    check_at = {c.id: i for i, c in enumerate(code) if role(c) == "check"}
    broken_before: list[tuple[int, str]] = []
    results: dict[str, QuestionResult] = {}
    for spec in reference.spec.questions:
        qid = spec.id
        a_index = answer_at[reference.answer_ids[qid]]
        c_index = check_at[reference.check_ids[qid]]
        answer, check = run.cells.get(a_index), run.cells.get(c_index)
        result = QuestionResult(qid, 0, spec.points)
        if answer and answer.outcome == "failed":
            why = explain_answer_failure(answer, options)
            broken_before.append((a_index, f"{spec.label}: {why}"))
        if qid in problems:
            result.reason = problems[qid]
        elif check is None:
            result.reason = run.problem or "not run: the grading process stopped early"
        elif check.outcome == "passed" and reference.records(qid):
            _decide(result, reference, qid, reference.key_lines[qid])
        elif check.outcome == "passed":
            result.points = None if spec.hand_graded else spec.points
            result.line = spec.pass_line
        elif answer and answer.outcome == "failed":
            result.reason = explain_answer_failure(answer, options)
        elif (
            spec.hand_graded
            and reference.records(qid)
            and (written or {}).get(qid)
            and "Previous cell timed out" in check.message
            and not _kernel_lost(run, c_index)
        ):  # nbval expects every cell after a timeout to fail; the text itself is data
            result.points = None
        elif check.outcome == "skipped" or "Kernel dead" in _clean(check.text + check.message):
            earlier = [why for index, why in broken_before if index < c_index]
            result.reason = "not run: an earlier cell stopped the kernel" + (
                f" ({earlier[-1]})" if earlier else ""
            )
        else:
            line = _fresh_line(check)
            if line and reference.records(qid):
                _decide(result, reference, qid, line)
            elif line:
                result.line = line
                result.reason = line.split(": ", 1)[-1]
            else:
                name, detail = _error_of(check)
                result.reason = f"the check raised {name}: {detail}" if name else "check failed"
        if result.reason and qid in claimed:
            result.reason += " [the submitted notebook stored a pass: forged or stale output]"
        results[qid] = result
    return results


def failed_result(path: Path, reference: Reference, student: str, reason: str) -> SubmissionResult:
    """The row of a submission that could not be graded: every question lost, one reason."""
    try:
        digest = sha256_file(path)
    except OSError:
        digest = ""
    outcome = SubmissionResult(student, Path(path), digest, problem=reason)
    for spec in reference.spec.questions:
        outcome.questions[spec.id] = QuestionResult(spec.id, 0, spec.points, reason)
    return outcome


def grade_submission(
    path: Path,
    reference: Reference,
    student: str,
    options: Options | None = None,
    zygote: Zygote | None = None,
) -> SubmissionResult:
    """Grade one submission file; never raises for a bad submission, never writes to it.

    With a :class:`~korea_talks.grading.runner.Zygote` the nbval process is forked from
    it instead of started afresh (same isolation, less start-up time).
    """
    options = options or Options()
    path = Path(path)
    try:
        submission = read_submission(path)
    except SubmissionError as exc:
        return failed_result(path, reference, student, str(exc))
    outcome = SubmissionResult(student, path, sha256_file(path))
    merged = merge(reference, submission)
    outcome.notes = merged.notes
    outcome.written = merged.written
    if len(merged.problems) == len(reference.questions):
        outcome.problem = "no answer cells found (is this a notebook of this set?)"
    run = run_nbval(
        merged.nb,
        cell_timeout=options.cell_timeout,
        memory_mb=options.memory_mb,
        total_timeout=options.total_timeout,
        zygote=zygote,
    )
    outcome.seconds = run.seconds
    if run.problem:
        outcome.notes.append(run.problem)
    outcome.questions = _question_results(
        reference, merged.nb, run, merged.problems, merged.claimed, options, merged.written
    )
    return outcome
