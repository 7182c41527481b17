"""Grade a class, or check one finished notebook: ``korea-talks grade`` and
``korea-talks self-check`` (``python -m korea_talks.grade ARGS`` is ``korea-talks grade ARGS``).

Grade a class (writes the gradebook and, beside it, ``<out>-results.csv`` long form,
``<out>-items.csv`` item analysis, ``<out>-variants.csv`` the difficulty of each
variant of a templated item, ``<out>-written.csv`` written answers for hand grading,
``<out>-not-graded.csv`` the folder's entries that are no submission, with the reason,
and ``<out>-feedback/<student>.md``). Each student's kernel runs in a bubblewrap
sandbox (:mod:`korea_talks.grading.sandbox`); where none can run, grading is refused
unless ``--allow-unconfined`` is given::

    korea-talks grade SUBMISSIONS/ --key exercises/source/set1-crisis.ipynb \\
        --out gradebook.csv [--rubric-scores scores.csv] [--allow-unconfined]

A class given per-student graded notebooks (``korea-talks students graded``) is graded
with the same roster and course secret: ``--roster roster.csv --secret-file course.secret``
marks each submission against the variants of the roster id its name gives (the reading
items against the instructor's codings kept beside the key, ``<key>.codings.toml``).

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
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from korea_talks.cli import bounded_int
from korea_talks.grading import limits as host_limits
from korea_talks.grading.codings import codings_path, load_codings
from korea_talks.grading.grade import Options, grade_submission
from korea_talks.grading.gradebook import (
    GradedClass,
    GradingInterruptedError,
    RubricScoresError,
    feedback,
    grade_class,
    gradebook,
    item_analysis,
    read_rubric_scores,
    sandbox_label,
    write_csv,
    written_answers,
)
from korea_talks.grading.intake import EmptyFolderError
from korea_talks.grading.items import item_statistics, variant_statistics
from korea_talks.grading.lms import (
    LAYOUTS,
    MOODLE_IDENTIFIERS,
    LmsLayoutError,
    lms_gradebook,
    read_roster,
)
from korea_talks.grading.merge import SubmissionError, read_submission
from korea_talks.grading.reference import (
    BadKeyError,
    Reference,
    canonical_key,
    load_reference,
    reference_from_notebook,
)
from korea_talks.grading.safe_text import printable
from korea_talks.grading.sandbox import (
    UNCONFINED_WARNING,
    SandboxStatus,
    SandboxUnavailableError,
    require,
)
from korea_talks.grading.variants import Variant, VariantError, read_secret, student_variants

MIN_MEMORY_MB = 1024
"""The smallest memory limit accepted: the kernel, with pandas and the models loaded, needs
about 1 GB of address space (it fails to start at 768 MB)."""


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
    parser.add_argument(
        "--workers",
        type=bounded_int(1, 64, "parallel runs"),
        default=None,
        help="parallel runs (default: the number of cores)",
    )
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
    parser.add_argument(
        "--secret-file",
        type=Path,
        help="the course secret that chose each student's variants (with --roster: each "
        "submission is marked against the variants of its name's roster id)",
    )


def add_self_check_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``korea-talks self-check``."""
    parser.add_argument(
        "notebook",
        type=Path,
        help="your finished notebook, e.g. exercises/practice/set1-crisis.ipynb",
    )
    add_run_limits(parser)


def add_run_limits(parser: argparse.ArgumentParser) -> None:
    """The limits of one notebook run and the sandbox flag, shared by ``grade`` and
    ``self-check``."""
    parser.add_argument(
        "--cell-timeout",
        type=bounded_int(1, 3600, "seconds"),
        default=60,
        help="seconds per cell (1 to 3600; default 60)",
    )
    parser.add_argument(
        "--memory-mb",
        type=bounded_int(MIN_MEMORY_MB, 1 << 20, "MB"),
        default=2048,
        help=f"memory limit per run ({MIN_MEMORY_MB} MB or more; default 2048)",
    )
    parser.add_argument(
        "--processes",
        type=bounded_int(16, 4096, "processes"),
        default=128,
        help="processes and threads one submission may run at once, nbval's and the "
        "kernel's included (16 to 4096; default 128; needs a pids cgroup)",
    )
    parser.add_argument(
        "--tmp-mb",
        type=bounded_int(1, 1 << 16, "MB"),
        default=256,
        help="size of a submission's private /tmp (default 256)",
    )
    parser.add_argument(
        "--scratch-mb",
        type=bounded_int(1, 1 << 16, "MB"),
        default=256,
        help="size of a submission's scratch folder, its working folder (default 256)",
    )
    parser.add_argument(
        "--file-mb",
        type=bounded_int(1, 1 << 16, "MB"),
        default=128,
        help="largest file a submission may write (default 128)",
    )
    parser.add_argument(
        "--strict-limits",
        action="store_true",
        help="refuse to grade where a limit can only be enforced per process or not at all "
        "(no writable cgroup: not root, or no memory and pids controllers)",
    )
    parser.add_argument(
        "--allow-unconfined",
        action="store_true",
        help="where bubblewrap cannot run, run student code WITHOUT a sandbox, with your "
        "own rights (every output says so); without this flag the grader refuses",
    )


def _options(args: argparse.Namespace) -> Options:
    return Options(
        cell_timeout=args.cell_timeout,
        memory_mb=args.memory_mb,
        allow_unconfined=args.allow_unconfined,
        processes=args.processes,
        tmp_mb=args.tmp_mb,
        scratch_mb=args.scratch_mb,
        file_mb=args.file_mb,
    )


def check_limits(options: Options, strict: bool) -> bool:
    """Say how each limit is enforced here; warn (or, when ``strict``, refuse: False)
    where one is only per process or not enforced at all."""
    support = host_limits.probe()
    confined = require(allow_unconfined=True).confined
    missing = host_limits.unenforced(support, confined)
    if not missing:
        print(f"limits per submission enforced by cgroup v{support.version}, tmpfs sizes, rlimits")
        return True
    word = "error" if strict else "warning"
    print(
        f"{word}: some limits cannot be fully enforced on this host ({support.reason}):",
        file=sys.stderr,
    )
    for line in missing:
        print(f"  {line}", file=sys.stderr)
    if strict:
        print(
            "  (run as root on a host with writable cgroups, or grade without --strict-limits)",
            file=sys.stderr,
        )
    return not strict


def run_self_check(args: argparse.Namespace) -> int:
    """``korea-talks self-check NOTEBOOK``."""
    return self_check(args.notebook, _options(args))


def _warn_unconfined(status: SandboxStatus) -> None:
    if not status.confined:
        print(f"warning: {UNCONFINED_WARNING}: {status.reason}", file=sys.stderr)


def self_check(path: Path, options: Options) -> int:
    """Check one finished notebook; print a line per question and the total.

    The notebook is the student's own: it runs in the sandbox where bubblewrap can run,
    and without one (with a note) where it cannot.
    """
    if not path.is_file():
        print(
            f"error: {path}: no such notebook file (give the path of your .ipynb)", file=sys.stderr
        )
        return 2
    try:
        nb = read_submission(path)
        reference = reference_from_notebook(canonical_key(nb), path)
    except (SubmissionError, BadKeyError, ValueError, OSError) as exc:
        print(f"error: {path}: {exc}", file=sys.stderr)
        return 2
    status = require(allow_unconfined=True)  # one's own code: a sandbox only if there is one
    if not status.confined:
        print(
            f"note: no sandbox here ({status.reason}); your notebook runs with your own "
            "rights, as it does in JupyterLab",
            file=sys.stderr,
        )
    result = grade_submission(path, reference, path.stem, options, sandbox=status)
    for spec in reference.spec.questions:
        outcome = result.questions[spec.id]
        print(printable(outcome.line or f"{spec.label}: {outcome.reason}"))
    earned = sum(q.points or 0 for q in result.questions.values())
    auto = sum(s.points for s in reference.spec.questions if not s.hand_graded)
    print(f"automatic checks: {earned:g} of {auto} points (written answers are graded by hand)")
    return 0 if all(not q.reason for q in result.questions.values()) else 1


def report_paths(out: Path) -> dict[str, Path]:
    """The files written beside the gradebook ``out``."""
    stem = str(out.with_suffix(""))
    names = ("results", "items", "variants", "written", "not-graded", "feedback")
    return {name: Path(f"{stem}-{name}" + ("" if name == "feedback" else ".csv")) for name in names}


def write_reports(
    graded: GradedClass,
    reference: Reference,
    scores: dict[tuple[str, str], float],
    out: Path,
) -> pd.DataFrame:
    """Write the gradebook and, beside it, results, items, written answers, the entries
    not graded and feedback; each CSV atomically, the gradebook last."""
    results = graded.results
    label = sandbox_label(graded.sandbox)
    book = gradebook(results, reference, scores, label)
    paths = report_paths(out)
    long = pd.DataFrame(
        [
            {
                "student": r.student,
                "question": q.question.split(".")[1],
                "points": book.loc[r.student, q.question.split(".")[1]],
                "max_points": q.max_points,
                "reason": q.reason,
                "line": q.line,
                "variant": r.variants.get(q.question, ""),
            }
            for r in results
            for q in r.questions.values()
        ]
    )
    long["sandbox"] = label
    write_csv(long, paths["results"], index=False)
    points = {q.label: q.points for q in reference.spec.questions}
    items = item_analysis(book, reference, results).join(item_statistics(book, points))
    write_csv(items, paths["items"])
    write_csv(variant_statistics(long), paths["variants"])
    written = written_answers(results, reference)
    written["sandbox"] = label
    write_csv(written, paths["written"], index=False)
    skipped = pd.DataFrame(
        [{"entry": s.entry, "reason": s.reason} for s in graded.skipped],
        columns=["entry", "reason"],
    )
    write_csv(skipped, paths["not-graded"], index=False)
    feedback(results, book, reference, paths["feedback"], graded.sandbox)
    write_csv(book, out)
    return book


def _variants_of(
    args: argparse.Namespace, reference: Reference, roster: pd.DataFrame | None
) -> Callable[[str], Mapping[str, Variant] | None] | None:
    """How a student's variants are found: from the course secret and the roster id that
    the submission's name gives (``None`` for a name not on the roster), with the
    instructor's codings of the reading items read from beside the key
    (:mod:`korea_talks.grading.codings`); never from the submitted notebook's metadata."""
    if args.secret_file is None:
        return None
    if roster is None:
        raise VariantError("--secret-file needs --roster (the roster ids choose the variants)")
    secret = read_secret(args.secret_file)
    codings = load_codings(codings_path(args.key), reference.spec)
    ids = {str(student) for student in roster.index}

    def variants_of(student: str) -> Mapping[str, Variant] | None:
        if student not in ids:
            return None
        return student_variants(reference.spec, secret, student, codings)

    return variants_of


def run(args: argparse.Namespace) -> int:
    """``korea-talks grade``: grade a class; return the exit status."""
    options = _options(args)
    if args.self_check:
        return self_check(args.self_check, options)
    if not args.submissions or not args.key:
        args.parser.error("give a SUBMISSIONS folder and --key (or --self-check NOTEBOOK)")
    if not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder of submissions", file=sys.stderr)
        return 2
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)  # before any student code runs
    except OSError as exc:
        print(f"error: cannot write the gradebook to {args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    if not check_limits(options, args.strict_limits):
        return 2
    try:
        reference = load_reference(args.key)
        scores = read_rubric_scores(args.rubric_scores, reference) if args.rubric_scores else {}
        roster = read_roster(args.roster) if args.roster else None  # refused before grading
        variants_of = _variants_of(args, reference, roster)
        graded = grade_class(args.submissions, reference, options, args.workers, variants_of)
    except (
        BadKeyError,
        RubricScoresError,
        LmsLayoutError,
        EmptyFolderError,
        SandboxUnavailableError,
        VariantError,
    ) as exc:
        print(f"error: {printable(exc)}", file=sys.stderr)
        return 2
    except GradingInterruptedError as exc:
        print(f"error: {exc}; every sandbox was stopped and no file was written", file=sys.stderr)
        return 128 + exc.signum
    _warn_unconfined(graded.sandbox)
    book = write_reports(graded, reference, scores, args.out)
    for layout in dict.fromkeys(args.lms):
        try:
            frame, waiting = lms_gradebook(
                book,
                layout,
                args.lms_name or reference.spec.title,
                roster=roster,
                assignment_id=args.canvas_assignment_id,
                identifier=args.moodle_identifier,
            )
        except LmsLayoutError as exc:  # the class's gradebook is written; only this export fails
            print(f"error: {layout} gradebook not written: {exc}", file=sys.stderr)
            return 2
        path = args.out.with_name(f"{args.out.stem}-{layout}.csv")
        write_csv(frame, path, index=False)
        print(f"{layout} gradebook -> {path}")
        if waiting:
            print(f"  left blank, awaiting hand grading: {', '.join(waiting)}")
    counts = book["status"].value_counts()
    print(f"graded {len(book)} submission(s) of {reference.spec.id} -> {args.out}")
    print(f"student code ran in: {sandbox_label(graded.sandbox)}")
    print(", ".join(f"{status}: {n}" for status, n in counts.items()))
    if graded.skipped:
        where = report_paths(args.out)["not-graded"]
        print(f"not graded: {len(graded.skipped)} entr(y/ies), with reasons in {where}:")
        for entry in graded.skipped:
            print(f"  {printable(entry.entry)}: {printable(entry.reason)}")
    changed = [r.student for r in graded.results if any("during grading" in n for n in r.notes)]
    if changed:
        names = printable(", ".join(changed))
        print(f"warning: submissions changed during grading: {names}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m korea_talks.grade ARGS``: the same as ``korea-talks grade ARGS``."""
    from korea_talks.cli import main as cli_main

    return cli_main(["grade", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
