"""Grade a class in parallel and turn the results into the instructor's files.

:func:`grade_class` grades every submission (one nbval process each, as many at a time
as the machine has cores). :func:`gradebook` makes the pandas gradebook: one row per
student, a column per question, the total, a status and the reason for every question
not earned. Written answers go out for hand grading (:func:`written_answers`) and come
back as a CSV of rubric scores (:func:`read_rubric_scores`); :func:`feedback` writes
one file per student and :func:`item_analysis` shows what to reteach.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from korea_talks.grading.grade import (
    Options,
    SubmissionResult,
    failed_result,
    grade_submission,
)
from korea_talks.grading.intake import Skipped, Submission, changed_since, copy_in, take_in
from korea_talks.grading.reference import Reference
from korea_talks.grading.runner import Zygote
from korea_talks.grading.safe_text import file_stem, markdown_text, printable
from korea_talks.grading.sandbox import NOBODY, UNCONFINED_WARNING, SandboxStatus, require
from korea_talks.grading.variants import Variant
from korea_talks.sections import get_section

AWAITING = "awaiting hand grading"
NOT_ON_ROSTER = (
    "not on the roster: its name is no roster id, so it has no variant to be marked against"
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a CSV field as a formula."""


class GradingInterruptedError(RuntimeError):
    """The run was stopped by a signal; every temporary file was removed, nothing written."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"grading stopped by {signal.Signals(signum).name}")
        self.signum = signum


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
"""Signals after which a run cleans up (sandboxes stopped, copies deleted) and stops."""


@contextlib.contextmanager
def _stop_on_signals() -> Any:
    """Turn :data:`STOP_SIGNALS` into :class:`GradingInterruptedError` in this thread
    (only the main thread can take signals; elsewhere this does nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise GradingInterruptedError(signum)

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class RubricScoresError(ValueError):
    """A rubric-scores CSV that cannot be merged (bad columns, unknown rows, bad scores)."""


@dataclass
class GradedClass:
    """The results of grading a folder, what was not graded, and how code was confined."""

    results: list[SubmissionResult]
    skipped: list[Skipped] = field(default_factory=list)
    sandbox: SandboxStatus = field(default_factory=lambda: SandboxStatus(True))


def sandbox_label(status: SandboxStatus) -> str:
    """How student code ran, for the gradebook's ``sandbox`` column."""
    if not status.confined:
        return "NONE (unconfined: student code ran with the grader's rights)"
    return "bubblewrap" + (f" (user {NOBODY})" if status.as_nobody else " (grader's user)")


def _processes_under(folder: Path) -> list[int]:
    """Processes whose command line names ``folder`` (a sandbox of this run)."""
    pids = []
    mark = str(folder).encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _stop_leftovers(folder: Path) -> None:
    """Kill any sandbox of this run still alive (none should be: they die with nbval)."""
    for pid in _processes_under(folder):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def grade_class(
    folder: Path,
    reference: Reference,
    options: Options | None = None,
    workers: int | None = None,
    variants_of: Callable[[str], Mapping[str, Variant] | None] | None = None,
) -> GradedClass:
    """Grade every submission in ``folder`` in parallel, each in its own sandbox.

    Raises :class:`~korea_talks.grading.intake.EmptyFolderError` when there is nothing to
    grade and :class:`~korea_talks.grading.sandbox.SandboxUnavailableError` when student
    code cannot be confined and ``options.allow_unconfined`` is not set. Every graded
    file is a private copy taken (and hashed) before grading; a change to an original
    during the run is noted on its row. ``variants_of`` gives a student's variants from
    their id (see :mod:`korea_talks.grading.variants`); a student it returns ``None``
    for is not on the roster and is not graded (no key to mark against).
    """
    options = options or Options()
    intake = take_in(folder)
    status = require(options.allow_unconfined)
    workers = max(1, min(workers or os.cpu_count() or 1, len(intake.submissions)))
    zygotes: queue.Queue[Zygote] = queue.Queue()
    started: list[Zygote] = []
    stopping = threading.Event()
    run_root = Path(tempfile.mkdtemp(prefix="kt-grading-"))

    def one(number: int, submission: Submission) -> SubmissionResult:
        if submission.problem or submission.copy is None:
            return failed_result(
                submission.path,
                reference,
                submission.student,
                submission.problem,
                submission.sha256,
            )
        variants = variants_of(submission.student) if variants_of else None
        if variants_of and variants is None:
            return failed_result(
                submission.path,
                reference,
                submission.student,
                NOT_ON_ROSTER,
                submission.sha256,
            )
        zygote = zygotes.get()
        try:
            return grade_submission(
                submission.copy,
                reference,
                submission.student,
                options,
                zygote,
                folder=run_root / f"{number:04d}",
                sandbox=status,
                variants=variants,
            )
        except Exception as exc:  # never let one submission stop the batch
            return failed_result(
                submission.path,
                reference,
                submission.student,
                f"grading failed ({exc})",
                submission.sha256,
            )
        finally:
            if zygote.proc.poll() is not None and not stopping.is_set():
                zygote = Zygote()  # killed by a submission: replace it
                started.append(zygote)
            zygotes.put(zygote)

    try:
        with _stop_on_signals():
            copy_in(intake, run_root / "copies")
            started.extend(Zygote() for _ in range(workers))  # they load in parallel
            for zygote in started:
                zygotes.put(zygote.wait_ready())
            pool = ThreadPoolExecutor(max_workers=workers)
            try:
                futures = [pool.submit(one, n, s) for n, s in enumerate(intake.submissions)]
                results = [future.result() for future in futures]
            except BaseException:  # a signal: stop every sandbox, then the workers
                stopping.set()
                for zygote in started:
                    zygote.kill()
                _stop_leftovers(run_root)
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            pool.shutdown()
    finally:
        for zygote in started:
            zygote.close()
        _stop_leftovers(run_root)
        shutil.rmtree(run_root, ignore_errors=True)
    for submission, result in zip(intake.submissions, results, strict=True):
        result.path, result.sha256 = submission.path, submission.sha256
        result.notes = [*submission.notes, *result.notes]
        if change := changed_since(submission):
            result.notes.append(change + "; the copy taken before grading was graded")
    if not status.confined:
        for result in results:
            result.notes.insert(0, UNCONFINED_WARNING)
    return GradedClass(sorted(results, key=lambda r: r.student), intake.skipped, status)


def spreadsheet_safe(value: object) -> object:
    """A text that a spreadsheet will not run as a formula (a leading ``'`` added).

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("alice"), spreadsheet_safe(-1.0)
    ("'=HYPERLINK(1)", 'alice', -1.0)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value: object) -> object:
    """A CSV field: texts printable (no control character, no undecodable byte, see
    :func:`~korea_talks.grading.safe_text.printable`) and spreadsheet-safe.

    >>> csv_cell("=1+1"), csv_cell("a\\x1b[2Jb"), csv_cell(2.0)
    ("'=1+1", 'a\\\\x1b[2Jb', 2.0)
    """
    if isinstance(value, str):
        return spreadsheet_safe(printable(value))
    return value


def write_csv(frame: pd.DataFrame, path: Path, *, index: bool = True) -> None:
    """Write ``frame`` as CSV atomically (a temporary file, then a rename), texts made
    printable and spreadsheet-safe, so that no reader ever sees a half-written file and
    no text from a submission can break the writer or a spreadsheet."""
    safe = frame.map(csv_cell)
    if index:
        safe.index = safe.index.map(csv_cell)
        safe.index.name = frame.index.name
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        safe.to_csv(temporary, index=index)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_rubric_scores(path: Path, reference: Reference) -> dict[tuple[str, str], float]:
    """Read hand-grading scores: columns ``student``, ``question`` (``q6``), ``score``."""
    try:
        frame = pd.read_csv(path, dtype={"student": str, "question": str})
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise RubricScoresError(f"{path}: cannot read the rubric scores ({exc})") from None
    missing = {"student", "question", "score"} - set(frame.columns)
    if missing:
        raise RubricScoresError(
            f"{path}: missing column(s) {', '.join(sorted(missing))}; "
            "expected student, question, score"
        )
    written = {q.label: q for q in reference.spec.questions if q.hand_graded}
    scores: dict[tuple[str, str], float] = {}
    for row_number, row in enumerate(frame.itertuples(index=False), start=2):
        label = str(row.question).split(".")[-1]
        if label not in written:
            raise RubricScoresError(
                f"{path}: row {row_number}: {row.question!r} is not a written question "
                f"(written: {', '.join(written) or 'none'})"
            )
        given: Any = row.score
        if pd.isna(given):
            continue
        score = pd.to_numeric(given, errors="coerce")
        if pd.isna(score) or not 0 <= score <= written[label].points:
            raise RubricScoresError(
                f"{path}: row {row_number}: score {row.score!r} must be a number from 0 to "
                f"{written[label].points}"
            )
        scores[(str(row.student), written[label].id)] = float(score)
    return scores


def gradebook(
    results: list[SubmissionResult],
    reference: Reference,
    rubric_scores: dict[tuple[str, str], float] | None = None,
    sandbox: str = "",
) -> pd.DataFrame:
    """One row per student: a column per question, total, status, reasons, sandbox."""
    rubric_scores = rubric_scores or {}
    specs = reference.spec.questions
    rows = []
    for result in results:
        row: dict[str, object] = {"student": result.student}
        reasons, pending = [], False
        earned: list[float] = []
        for spec in specs:
            outcome = result.questions[spec.id]
            points, reason = outcome.points, outcome.reason
            score = rubric_scores.get((result.student, spec.id))
            if spec.hand_graded and score is not None and not result.problem:
                points, reason = score, ""
            elif spec.hand_graded and not reason and points is None:
                pending = True
                reason = AWAITING
            row[spec.label] = points
            if points is not None:
                earned.append(float(points))
            if reason:
                reasons.append(f"{spec.label}: {reason}")
        row["total"] = float(sum(earned))
        row["max_total"] = float(sum(s.points for s in specs))
        if result.problem:
            row["status"] = "not graded"
            reasons = [result.problem]
        elif pending and all(r.endswith(AWAITING) for r in reasons):
            row["status"] = AWAITING
        elif reasons:
            row["status"] = "incomplete"
        else:
            row["status"] = "complete"
        row["reasons"] = "; ".join(reasons)
        row["notes"] = "; ".join(result.notes)
        row["sha256"] = result.sha256
        row["sandbox"] = sandbox
        rows.append(row)
    columns = ["student", *[s.label for s in specs], "total", "max_total", "status"]
    frame = pd.DataFrame(rows, columns=[*columns, "reasons", "notes", "sha256", "sandbox"])
    for spec in specs:
        frame[spec.label] = pd.to_numeric(frame[spec.label]).astype("Float64")
    return frame.set_index("student")


def written_answers(results: list[SubmissionResult], reference: Reference) -> pd.DataFrame:
    """The written answers for hand grading, with an empty ``score`` column to fill in."""
    rows = []
    for spec in (q for q in reference.spec.questions if q.hand_graded):
        rubric = " | ".join(f"{r['criterion']} ({r['points']})" for r in spec.rubric)
        for result in results:
            text = result.written.get(spec.id, "")
            outcome = result.questions[spec.id]
            rows.append(
                {
                    "student": result.student,
                    "question": spec.label,
                    "max_points": spec.points,
                    "words": len(text.split()),
                    "answer": text,
                    "check": outcome.reason or outcome.line,
                    "rubric": rubric,
                    "score": None,
                    "comment": "",
                }
            )
    columns = ["student", "question", "max_points", "words", "answer", "check", "rubric"]
    return pd.DataFrame(rows, columns=[*columns, "score", "comment"])


def _common_reason(results: list[SubmissionResult], question: str) -> str:
    """The most frequent reason a question was lost (submission-level problems left out)."""
    reasons = [
        r.questions[question].reason
        for r in results
        if not r.problem and r.questions[question].reason not in ("", AWAITING)
    ]
    if not reasons:
        return ""
    reason, count = Counter(reasons).most_common(1)[0]
    return f"{reason} ({count}x)"


def item_analysis(
    book: pd.DataFrame, reference: Reference, results: list[SubmissionResult] | None = None
) -> pd.DataFrame:
    """Per question: the share of the class that earned it, mean points, what to reteach.

    With ``results``, the column ``common_reason`` shows the most frequent reason the
    question was lost, and ``reread`` the sections to go over again in class.
    """
    rows = []
    for spec in reference.spec.questions:
        points = book[spec.label]
        graded = points.notna()
        full = (points == spec.points).fillna(False)
        rows.append(
            {
                "question": spec.label,
                "kind": spec.kind,
                "sections": " ".join(spec.sections),
                "max_points": spec.points,
                "students": len(book),
                "scored": int(graded.sum()),
                "share_earned": float(full.sum() / len(book)) if len(book) else float("nan"),
                "mean_points": float(points.fillna(0).mean()) if len(book) else float("nan"),
                "reread": ", ".join(f"{s} ({get_section(s).title})" for s in spec.sections),
            }
        )
        if results is not None:
            rows[-1]["common_reason"] = _common_reason(results, spec.id)
    frame = pd.DataFrame(rows).set_index("question")
    return frame


def feedback_text(
    result: SubmissionResult,
    book: pd.DataFrame,
    reference: Reference,
    sandbox: SandboxStatus | None = None,
) -> str:
    """The feedback file of one student (Markdown).

    Every text that comes from the submission (its id, reasons quoting what its code
    raised, verdict lines, notes) is one escaped line (:func:`.safe_text.markdown_text`):
    it cannot open a heading, a score line, a link or an HTML tag.
    """
    row = book.loc[result.student]
    lines = [f"# Feedback: {reference.spec.title}", ""]
    if sandbox is not None and not sandbox.confined:
        lines += [f"> {UNCONFINED_WARNING}", ""]
    lines += [
        f"Student: {markdown_text(result.student)}  ",
        f"Score: {row['total']:g} of {row['max_total']:g} ({row['status']})",
        "",
    ]
    if result.problem:
        lines += [f"Your notebook could not be graded: {markdown_text(result.problem)}.", ""]
    for spec in reference.spec.questions:
        outcome = result.questions[spec.id]
        points: Any = row[spec.label]
        shown = "pending" if pd.isna(points) else f"{points:g}"
        lines.append(f"## {spec.label}: {shown} of {spec.points}")
        if outcome.reason:
            lines.append(f"- Not earned: {markdown_text(outcome.reason)}")
            reread = ", ".join(f"{s} ({get_section(s).title})" for s in spec.sections)
            lines.append(f"- Reread: {reread}")
        elif spec.hand_graded and pd.isna(points):
            lines.append("- Your written answer is waiting to be graded by hand.")
        else:
            lines.append(f"- {markdown_text(outcome.line or 'earned')}")
        lines.append("")
    if result.notes:
        lines += ["## Notes", *[f"- {markdown_text(note)}" for note in result.notes], ""]
    return "\n".join(lines)


def feedback(
    results: list[SubmissionResult],
    book: pd.DataFrame,
    reference: Reference,
    folder: Path,
    sandbox: SandboxStatus | None = None,
) -> list[Path]:
    """Write ``<folder>/<student>.md`` for every student (a printable name, see
    :func:`.safe_text.file_stem`); return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for result in results:
        path = folder / f"{file_stem(result.student)}.md"
        path.write_text(feedback_text(result, book, reference, sandbox), encoding="utf-8")
        written.append(path)
    return written
