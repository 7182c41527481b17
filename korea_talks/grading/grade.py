"""Grade one submission: read it, merge it into the key, run nbval, explain every loss."""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from korea_talks.checks import QuestionSpec
from korea_talks.checks.marking import UNRECORDED, mark
from korea_talks.grading.intake import read_bytes
from korea_talks.grading.limits import Limits
from korea_talks.grading.merge import (
    OUTPUT_LIMIT,
    OUTPUT_MARGIN,
    Merged,
    SubmissionError,
    merge,
    parse_submission,
)
from korea_talks.grading.reference import Reference
from korea_talks.grading.runner import CellResult, RunResult, Zygote, run_nbval
from korea_talks.grading.sandbox import SandboxStatus, require
from korea_talks.grading.variants import Variant


@dataclass
class Options:
    """Limits for one grading run, and whether student code may run unconfined.

    The sizes are those of :class:`~korea_talks.grading.limits.Limits`: total memory of
    a submission's processes, how many it may run, its private ``/tmp``, its scratch
    folder, each file it writes, and the characters of output a cell may produce.
    """

    cell_timeout: int = 60
    memory_mb: int = 2048
    total_timeout: int | None = None
    allow_unconfined: bool = False
    processes: int = 128
    tmp_mb: int = 256
    scratch_mb: int = 256
    file_mb: int = 128

    def limits(self) -> Limits:
        """The per-submission limits these options set."""
        return Limits(
            memory_mb=self.memory_mb,
            processes=self.processes,
            tmp_mb=self.tmp_mb,
            scratch_mb=self.scratch_mb,
            file_mb=self.file_mb,
            output_chars=OUTPUT_LIMIT + OUTPUT_MARGIN,
        )


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
    peak_memory_mb: float = float("nan")
    """The most memory its processes held together (where a cgroup measured it)."""
    variants: dict[str, str] = field(default_factory=dict)
    """The variant each templated item was marked against (``graded-2``), by question id."""


DISK_ERRORS = ("No space left on device", "File too large", "Disk quota exceeded")
"""What ``OSError`` says when a size limit of :mod:`~korea_talks.grading.limits` is hit."""


def explain_answer_failure(
    cell: CellResult, options: Options, timed_out_before: bool, hits: tuple[str, ...] = ()
) -> str:
    """Why an answer cell failed, in words an instructor can act on; a limit the run
    reached (``hits``, see :mod:`~korea_talks.grading.limits`) is named as the reason."""
    reasons = options.limits().reasons()
    if cell.output_limit:
        return reasons["output"]
    if not cell.kernel_alive and "memory" in hits:
        return reasons["memory"]
    if any(text in cell.error_value for text in DISK_ERRORS):
        return f"{reasons['disk']} ({cell.error_name}: {cell.error_value})"
    if "processes" in hits and cell.error_name:
        return f"{reasons['processes']} ({cell.error_name}: {cell.error_value})"
    if cell.timed_out and not timed_out_before and cell.kernel_alive:
        return (
            f"the answer cell ran longer than {options.cell_timeout} s and was stopped "
            "(an endless loop?)"
        )
    if not cell.kernel_alive:
        return "the kernel died or stopped responding in the answer cell (a crash or os._exit)"
    name, detail = cell.error_name, cell.error_value
    if name == "MemoryError":
        return f"the answer cell ran out of memory (limit {options.memory_mb} MB)"
    if name == "SystemExit":
        return "the answer cell called sys.exit(), which stops a notebook"
    if name.endswith("OutputLimitExceeded"):
        return f"the answer cell printed more than {OUTPUT_LIMIT:,} characters"
    if name:
        return f"the answer cell raised {name}" + (f": {detail}" if detail else "")
    last = cell.message.strip().splitlines()[-1:] or [cell.exception or "no reason given"]
    return "the answer cell failed: " + last[0]


def _kernel_gone_before(run: RunResult, index: int) -> bool:
    """Whether the kernel had stopped in a cell before cell ``index``."""
    return any(not cell.kernel_alive for i, cell in run.cells.items() if i < index)


def _verdict(
    spec: QuestionSpec, check: CellResult, result: QuestionResult, variant: Variant | None
) -> str:
    """Mark what the check cell printed, here, outside the sandbox, against the student's
    own variant of a templated item; return the written text."""
    outcome = mark(spec.id, check.stdout, variant.params if variant else None)
    result.points, result.reason, result.line = outcome.points, outcome.reason, outcome.line
    return outcome.answer if isinstance(outcome.answer, str) else ""


def _question_results(
    reference: Reference,
    merged_nb: nbformat.NotebookNode,
    run: RunResult,
    merged: Merged,
    options: Options,
    outcome: SubmissionResult,
    variants: Mapping[str, Variant] | None = None,
) -> None:
    variants = variants or {}
    code = [c for c in merged_nb.cells if c.cell_type == "code"]
    at = {c.id: i for i, c in enumerate(code)}
    timeouts = sorted(i for i, cell in run.cells.items() if cell.timed_out)
    broken: list[tuple[int, str]] = []
    for spec in reference.spec.questions:
        qid = spec.id
        a_index, c_index = at[reference.answer_ids[qid]], at[reference.check_ids[qid]]
        answer, check = run.cells.get(a_index), run.cells.get(c_index)
        result = QuestionResult(qid, 0, spec.points)
        judged = False
        if qid in merged.problems:
            result.reason = merged.problems[qid]
        elif _kernel_gone_before(run, a_index if answer else c_index):
            earlier = [why for index, why in broken if index < c_index]
            result.reason = "not run: an earlier cell stopped the kernel" + (
                f" ({earlier[-1]})" if earlier else ""
            )
        elif answer and answer.outcome == "failed":
            earlier_timeout = bool(timeouts) and timeouts[0] < a_index
            result.reason = explain_answer_failure(answer, options, earlier_timeout, run.hits)
            broken.append((a_index, f"{spec.label}: {result.reason}"))
        elif check is None:
            result.reason = run.problem or "not run: the grading process stopped early"
        elif not check.kernel_alive and check.outcome == "failed":
            result.reason = "the kernel died or stopped responding in the check cell"
        elif check.error_name:
            result.reason = f"the check raised {check.error_name}: {check.error_value}"
        elif check.outcome == "skipped":
            result.reason = "not run: the check cell was skipped"
        else:
            text = _verdict(spec, check, result, variants.get(qid))
            judged = not result.reason.startswith(UNRECORDED)
            if spec.hand_graded and text:
                outcome.written[qid] = text.strip()
        if result.reason and judged and qid in merged.claimed:
            result.reason += " [the submitted notebook stored a pass: forged or stale output]"
        outcome.questions[qid] = result


def failed_result(
    path: Path, reference: Reference, student: str, reason: str, digest: str = ""
) -> SubmissionResult:
    """The row of a submission that could not be graded: every question lost, one reason.

    Nothing is read here: ``digest`` is the hash taken when the file was read, if it was
    (a FIFO or device is never opened).
    """
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
    *,
    folder: Path | None = None,
    sandbox: SandboxStatus | None = None,
    variants: Mapping[str, Variant] | None = None,
) -> SubmissionResult:
    """Grade one submission file; never raises for a bad submission, never writes to it.

    The kernel runs in a sandbox (:mod:`korea_talks.grading.sandbox`) whose only
    writable folders are under ``folder`` (a fresh temporary folder when not given);
    each mark is decided here from the answer the check cell recorded. With a
    :class:`~korea_talks.grading.runner.Zygote` the nbval process is forked from it
    instead of started afresh (same isolation, less start-up time). ``variants`` are the
    student's own variants of the templated items (by question id), derived by the caller
    from the course secret and the roster id, never read from the submission; without
    them, templated items are marked against their practice variants.
    """
    options = options or Options()
    sandbox = sandbox or require(options.allow_unconfined)
    path = Path(path)
    try:
        raw = read_bytes(path)
    except OSError as exc:
        return failed_result(path, reference, student, f"cannot read the file ({exc})")
    digest = hashlib.sha256(raw).hexdigest()
    try:
        submission = parse_submission(raw)
    except SubmissionError as exc:
        return failed_result(path, reference, student, str(exc), digest)
    outcome = SubmissionResult(student, path, digest)
    variants = variants or {}
    outcome.variants = {qid: v.name for qid, v in variants.items()}
    merged = merge(reference, submission)
    outcome.notes = merged.notes
    if len(merged.problems) == len(reference.questions):
        outcome.problem = "no answer cells found (is this a notebook of this set?)"
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kt-grade-")))
        scratch = folder / "scratch"
        scratch.mkdir(parents=True, exist_ok=True)
        (scratch / "submission.ipynb").write_bytes(raw)  # the student's own file
        run = run_nbval(
            merged.nb,
            folder,
            sandbox,
            cell_timeout=options.cell_timeout,
            limits=options.limits(),
            total_timeout=options.total_timeout,
            zygote=zygote,
        )
    outcome.seconds, outcome.peak_memory_mb = run.seconds, run.peak_memory_mb
    if run.problem:
        outcome.notes.append(run.problem)
    reasons = options.limits().reasons()
    outcome.notes += [f"limit reached: {reasons[hit]}" for hit in run.hits]
    _question_results(reference, merged.nb, run, merged, options, outcome, variants)
    return outcome
