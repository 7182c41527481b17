"""Grade a class in parallel and turn the results into the instructor's files.

:func:`grade_class` grades every submission (one nbval process each, as many at a time
as the machine has cores). :func:`gradebook` makes the pandas gradebook: one row per
student, a column per question, the total, a status and the reason for every question
not earned. Written answers go out for hand grading (:func:`written_answers`) and come
back as a CSV of rubric scores (:func:`read_rubric_scores`); :func:`feedback` writes
one file per student and :func:`item_analysis` shows what to reteach.
"""

from __future__ import annotations

import os
import queue
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from korea_talks.grading.grade import (
    Options,
    SubmissionResult,
    failed_result,
    grade_submission,
)
from korea_talks.grading.reference import Reference
from korea_talks.grading.runner import Zygote
from korea_talks.sections import get_section

AWAITING = "awaiting hand grading"


class RubricScoresError(ValueError):
    """A rubric-scores CSV that cannot be merged (bad columns, unknown rows, bad scores)."""


def find_submissions(folder: Path) -> dict[str, Path]:
    """Submissions by student: ``folder/<student>.ipynb`` or ``folder/<student>/*.ipynb``."""
    folder = Path(folder)
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.ipynb")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        student = relative.parts[0] if len(relative.parts) > 1 else path.stem
        if student in found:
            student = str(relative.with_suffix(""))
        found[student] = path
    return found


def grade_class(
    folder: Path,
    reference: Reference,
    options: Options | None = None,
    workers: int | None = None,
) -> list[SubmissionResult]:
    """Grade every submission in ``folder``, in parallel; results sorted by student."""
    submissions = find_submissions(folder)
    workers = max(1, min(workers or os.cpu_count() or 1, len(submissions)))
    zygotes: queue.Queue[Zygote] = queue.Queue()
    started = []

    def one(student: str, path: Path) -> SubmissionResult:
        zygote = zygotes.get()
        try:
            return grade_submission(path, reference, student, options, zygote)
        except Exception as exc:  # never let one submission stop the batch
            return failed_result(path, reference, student, f"grading failed ({exc})")
        finally:
            if zygote.proc.poll() is not None:  # killed by a submission: replace it
                zygote = Zygote()
                started.append(zygote)
            zygotes.put(zygote)

    try:
        started.extend(Zygote() for _ in range(workers))  # they load in parallel
        for zygote in started:
            zygotes.put(zygote.wait_ready())
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {
                student: pool.submit(one, student, path) for student, path in submissions.items()
            }
            return [futures[student].result() for student in sorted(futures)]
    finally:
        for zygote in started:
            zygote.close()


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
        cell: Any = row.score
        if pd.isna(cell):
            continue
        score = pd.to_numeric(cell, errors="coerce")
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
) -> pd.DataFrame:
    """One row per student: a column per question, total, status and reasons."""
    rubric_scores = rubric_scores or {}
    specs = reference.spec.questions
    rows = []
    for result in results:
        row: dict[str, object] = {"student": result.student}
        marks: dict[str, float | None] = {}
        reasons, pending = [], False
        for spec in specs:
            outcome = result.questions[spec.id]
            points, reason = outcome.points, outcome.reason
            score = rubric_scores.get((result.student, spec.id))
            if spec.hand_graded and score is not None and not result.problem:
                points, reason = score, ""
            elif spec.hand_graded and not reason and points is None:
                pending = True
                reason = AWAITING
            row[spec.label] = marks[spec.label] = points
            if reason:
                reasons.append(f"{spec.label}: {reason}")
        earned = [mark for mark in marks.values() if mark is not None]
        row["total"] = float(sum(earned))
        row["max_total"] = float(sum(s.points for s in specs))
        if result.problem:
            row["status"] = "not graded"
            reasons = [result.problem]
        elif pending and len(reasons) == 1:
            row["status"] = AWAITING
        elif reasons:
            row["status"] = "incomplete"
        else:
            row["status"] = "complete"
        row["reasons"] = "; ".join(reasons)
        row["notes"] = "; ".join(result.notes)
        row["sha256"] = result.sha256
        rows.append(row)
    columns = ["student", *[s.label for s in specs], "total", "max_total", "status"]
    frame = pd.DataFrame(rows, columns=[*columns, "reasons", "notes", "sha256"])
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


def feedback_text(result: SubmissionResult, book: pd.DataFrame, reference: Reference) -> str:
    """The feedback file of one student (Markdown)."""
    row = book.loc[result.student]
    lines = [
        f"# Feedback: {reference.spec.title}",
        "",
        f"Student: {result.student}  ",
        f"Score: {row['total']:g} of {row['max_total']:g} ({row['status']})",
        "",
    ]
    if result.problem:
        lines += [f"Your notebook could not be graded: {result.problem}.", ""]
    for spec in reference.spec.questions:
        outcome = result.questions[spec.id]
        points: Any = row[spec.label]
        shown = "pending" if pd.isna(points) else f"{points:g}"
        lines.append(f"## {spec.label}: {shown} of {spec.points}")
        if outcome.reason:
            lines.append(f"- Not earned: {outcome.reason}")
            reread = ", ".join(f"{s} ({get_section(s).title})" for s in spec.sections)
            lines.append(f"- Reread: {reread}")
        elif spec.hand_graded and pd.isna(points):
            lines.append("- Your written answer is waiting to be graded by hand.")
        else:
            lines.append(f"- {outcome.line or 'earned'}")
        lines.append("")
    if result.notes:
        lines += ["## Notes", *[f"- {note}" for note in result.notes], ""]
    return "\n".join(lines)


def feedback(
    results: list[SubmissionResult], book: pd.DataFrame, reference: Reference, folder: Path
) -> list[Path]:
    """Write ``<folder>/<student>.md`` for every student; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for result in results:
        safe = result.student.replace("/", "__")
        path = folder / f"{safe}.md"
        path.write_text(feedback_text(result, book, reference), encoding="utf-8")
        written.append(path)
    return written
