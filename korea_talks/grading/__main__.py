"""Grade a class, or check one finished notebook: ``korea-talks grade`` and
``korea-talks self-check`` (``python -m korea_talks.grade ARGS`` is ``korea-talks grade ARGS``).

Grade a class (writes the gradebook and, beside it, ``<out>-results.csv`` long form,
``<out>-items.csv`` item analysis, ``<out>-written.csv`` written answers for hand grading
and ``<out>-feedback/<student>.md``)::

    korea-talks grade SUBMISSIONS/ --key exercises/source/set1-crisis.ipynb \\
        --out gradebook.csv [--rubric-scores scores.csv]

Add ``--lms canvas`` and/or ``--lms moodle`` to also write ``<out>-canvas.csv`` or
``<out>-moodle.csv`` in the layout that LMS imports (``--roster`` maps submissions to the
LMS's students; see :mod:`korea_talks.grading.lms`).

Check one's own finished notebook with nbval (stored outputs are ignored; each check is
compared with the line a right answer prints)::

    korea-talks self-check exercises/practice/set1-crisis.ipynb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from korea_talks.grading.grade import Options, SubmissionResult, grade_submission
from korea_talks.grading.gradebook import (
    RubricScoresError,
    feedback,
    grade_class,
    gradebook,
    item_analysis,
    read_rubric_scores,
    written_answers,
)
from korea_talks.grading.items import item_statistics
from korea_talks.grading.lms import (
    LAYOUTS,
    MOODLE_IDENTIFIERS,
    LmsLayoutError,
    lms_gradebook,
    read_roster,
)
from korea_talks.grading.merge import SubmissionError, read_submission, sha256_file
from korea_talks.grading.reference import (
    BadKeyError,
    Reference,
    canonical_key,
    load_reference,
    reference_from_notebook,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``korea-talks grade``."""
    parser.add_argument("submissions", type=Path, nargs="?", help="folder of submissions")
    parser.add_argument(
        "--key",
        type=Path,
        help="the set's key (executed instructor source), e.g. exercises/source/set1-crisis.ipynb",
    )
    parser.add_argument("--out", type=Path, default=Path("gradebook.csv"))
    parser.add_argument("--rubric-scores", type=Path, help="CSV: student, question, score")
    add_run_limits(parser)
    parser.add_argument("--workers", type=int, default=None, help="parallel runs (cores)")
    parser.add_argument(
        "--self-check", type=Path, metavar="NOTEBOOK", help="the same as: self-check NOTEBOOK"
    )
    lms = parser.add_argument_group("gradebooks an LMS imports")
    lms.add_argument("--lms", action="append", choices=LAYOUTS, default=[], help="layout")
    lms.add_argument("--lms-name", help="assignment / grade item name (default: set title)")
    lms.add_argument("--canvas-assignment-id", help="the Canvas assignment's id, if it exists")
    lms.add_argument(
        "--moodle-identifier", default="Username", choices=MOODLE_IDENTIFIERS, help="user field"
    )
    lms.add_argument("--roster", type=Path, help="CSV: student + the LMS's identity columns")


def add_self_check_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``korea-talks self-check``."""
    parser.add_argument(
        "notebook",
        type=Path,
        help="your finished notebook, e.g. exercises/practice/set1-crisis.ipynb",
    )
    add_run_limits(parser)


def add_run_limits(parser: argparse.ArgumentParser) -> None:
    """The limits of one notebook run, shared by ``grade`` and ``self-check``."""
    parser.add_argument("--cell-timeout", type=int, default=60, help="seconds per cell")
    parser.add_argument("--memory-mb", type=int, default=2048, help="memory limit per run")


def self_check(path: Path, options: Options) -> int:
    """Check one finished notebook; print a line per question and the total."""
    try:
        nb = read_submission(path)
        reference = reference_from_notebook(canonical_key(nb), path)
    except (SubmissionError, BadKeyError, ValueError) as exc:
        print(f"error: {path}: {exc}", file=sys.stderr)
        return 2
    result = grade_submission(path, reference, path.stem, options)
    for spec in reference.spec.questions:
        outcome = result.questions[spec.id]
        print(outcome.line or f"{spec.label}: {outcome.reason}")
    earned = sum(q.points or 0 for q in result.questions.values())
    auto = sum(s.points for s in reference.spec.questions if not s.hand_graded)
    print(f"automatic checks: {earned:g} of {auto} points (written answers are graded by hand)")
    return 0 if all(not q.reason for q in result.questions.values()) else 1


def write_reports(
    results: list[SubmissionResult],
    reference: Reference,
    scores: dict[tuple[str, str], float],
    out: Path,
) -> pd.DataFrame:
    """Write the gradebook and, beside it, results, items, written answers and feedback."""
    book = gradebook(results, reference, scores)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.to_csv(out)
    stem = out.with_suffix("")
    long = pd.DataFrame(
        [
            {
                "student": r.student,
                "question": q.question.split(".")[1],
                "points": book.loc[r.student, q.question.split(".")[1]],
                "max_points": q.max_points,
                "reason": q.reason,
                "line": q.line,
            }
            for r in results
            for q in r.questions.values()
        ]
    )
    long.to_csv(f"{stem}-results.csv", index=False)
    items = item_analysis(book, reference, results)
    points = {q.label: q.points for q in reference.spec.questions}
    items.join(item_statistics(book, points)).to_csv(f"{stem}-items.csv")
    written_answers(results, reference).to_csv(f"{stem}-written.csv", index=False)
    feedback(results, book, reference, Path(f"{stem}-feedback"))
    return book


def run_self_check(args: argparse.Namespace) -> int:
    """``korea-talks self-check NOTEBOOK``."""
    options = Options(cell_timeout=args.cell_timeout, memory_mb=args.memory_mb)
    return self_check(args.notebook, options)


def run(args: argparse.Namespace) -> int:
    """``korea-talks grade``: grade a class; return the exit status."""
    options = Options(cell_timeout=args.cell_timeout, memory_mb=args.memory_mb)
    if args.self_check:
        return self_check(args.self_check, options)
    if not args.submissions or not args.key:
        args.parser.error("give a SUBMISSIONS folder and --key (or --self-check NOTEBOOK)")
    if not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder of submissions", file=sys.stderr)
        return 2
    try:
        reference = load_reference(args.key)
        scores = read_rubric_scores(args.rubric_scores, reference) if args.rubric_scores else {}
    except (BadKeyError, RubricScoresError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    before = {p: sha256_file(p) for p in sorted(args.submissions.rglob("*.ipynb"))}
    results = grade_class(args.submissions, reference, options, args.workers)
    book = write_reports(results, reference, scores, args.out)
    try:
        roster = read_roster(args.roster) if args.roster else None
        for layout in dict.fromkeys(args.lms):
            frame, waiting = lms_gradebook(
                book,
                layout,
                args.lms_name or reference.spec.title,
                roster=roster,
                assignment_id=args.canvas_assignment_id,
                identifier=args.moodle_identifier,
            )
            path = args.out.with_name(f"{args.out.stem}-{layout}.csv")
            frame.to_csv(path, index=False)
            print(f"{layout} gradebook -> {path}")
            if waiting:
                print(f"  left blank, awaiting hand grading: {', '.join(waiting)}")
    except LmsLayoutError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    changed = [str(p) for p, digest in before.items() if sha256_file(p) != digest]
    if changed:  # cannot happen: nothing here writes to a submission
        print(f"warning: submissions changed during grading: {changed}", file=sys.stderr)
    counts = book["status"].value_counts()
    print(f"graded {len(book)} submission(s) of {reference.spec.id} -> {args.out}")
    print(", ".join(f"{status}: {n}" for status, n in counts.items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m korea_talks.grade ARGS``: the same as ``korea-talks grade ARGS``."""
    from korea_talks.cli import main as cli_main

    return cli_main(["grade", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
