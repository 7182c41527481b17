"""``korea-talks students build|check exercises/ [--no-run] [--set SET ...]`` and
``korea-talks students graded --roster roster.csv --secret-file course.secret --out DIR``
(also ``python -m korea_talks.authoring``).

``build`` executes the instructor sources and writes the student notebooks; ``check``
exits with status 1 and lists the differences when a student notebook is out of date;
``graded`` writes, for every student of the roster (its ``student`` column), a folder
``DIR/<student>/`` holding that student's own graded notebook of each set, with the
student's variants of the templated items (:mod:`korea_talks.grading.variants`).
Students hand the folder back as it is: the grader takes the folder's name as the
student's roster id.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from korea_talks.authoring.build import (
    AuthoringError,
    build_set,
    graded_for_student,
    read,
    sources,
    stale,
    write,
)

_UNSAFE_ID = re.compile(r"[\x00-\x1f\x7f/\\]|^\.|^$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``korea-talks students``."""
    parser.add_argument(
        "command",
        choices=("build", "check", "graded"),
        help="build: write the student notebooks; check: exit 1 if one is out of date; "
        "graded: write each student's own graded notebooks (each only for the sets of --set)",
    )
    parser.add_argument(
        "exercises",
        type=Path,
        nargs="?",
        default=Path("exercises"),
        help="the exercises folder (default: exercises)",
    )
    parser.add_argument(
        "--no-run", action="store_true", help="derive student notebooks without executing"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        dest="sets",
        help="only this set, e.g. set1 (repeat for more; default: every set)",
    )
    graded = parser.add_argument_group("graded: one notebook per student")
    graded.add_argument("--roster", type=Path, help="CSV with a 'student' column (roster ids)")
    graded.add_argument("--secret-file", type=Path, help="the course secret (instructor only)")
    graded.add_argument("--out", type=Path, help="folder for the students' folders")


def chosen_sources(exercises: Path, sets: list[str]) -> list[Path]:
    """The instructor sources of the sets asked for (every set when ``sets`` is empty);
    raises :class:`AuthoringError` naming a set that is not there and those that are."""
    from korea_talks.authoring.build import set_id_of

    found = {set_id_of(read(path), str(path)): path for path in sources(exercises)}
    unknown = [s for s in dict.fromkeys(sets) if s not in found]
    if unknown:
        raise AuthoringError(
            f"no set {', '.join(unknown)} in {exercises}; --set takes one of "
            f"{', '.join(sorted(found))}"
        )
    return [path for set_id, path in found.items() if not sets or set_id in sets]


def write_graded(args: argparse.Namespace) -> int:
    """``korea-talks students graded``: one folder of graded notebooks per roster id."""
    from korea_talks.grading.lms import LmsLayoutError, read_roster
    from korea_talks.grading.safe_text import printable
    from korea_talks.grading.variants import VariantError, read_secret

    if not (args.roster and args.secret_file and args.out):
        args.parser.error("graded needs --roster, --secret-file and --out")
    try:
        secret = read_secret(args.secret_file)
        roster = read_roster(args.roster)
        chosen = [(path, read(path)) for path in chosen_sources(args.exercises, args.sets)]
    except (VariantError, LmsLayoutError, AuthoringError) as exc:
        print(f"error: {printable(exc)}", file=sys.stderr)
        return 2
    unsafe = [printable(s) for s in roster.index if _UNSAFE_ID.search(str(s))]
    if unsafe:
        print(
            f"error: {args.roster}: roster ids that cannot name a folder: {', '.join(unsafe)} "
            "(no '/', '\\', control characters or leading '.')",
            file=sys.stderr,
        )
        return 2
    for student in roster.index:
        folder = args.out / str(student)
        folder.mkdir(parents=True, exist_ok=True)
        for path, nb in chosen:
            nb.metadata.korea_talks["name"] = path.name
            write(graded_for_student(nb, secret, str(student)), folder / path.name)
    print(
        f"wrote graded notebooks of {len(chosen)} set(s) for {len(roster)} student(s) -> {args.out}"
    )
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``korea-talks students``; return the exit status."""
    from korea_talks.grading.safe_text import printable

    if args.command == "graded":
        return write_graded(args)
    try:
        chosen = chosen_sources(args.exercises, args.sets)
        if args.command == "build":
            for source in chosen:
                for path in build_set(source, run=not args.no_run):
                    print(f"wrote {path}")
            return 0
        problems = [p for source in chosen for p in stale(source)]
    except AuthoringError as exc:
        print(f"error: {printable(exc)}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    print("student notebooks are up to date" if not problems else "run: build")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m korea_talks.authoring ARGS``: the same as ``korea-talks students ARGS``."""
    from korea_talks.cli import main as cli_main

    return cli_main(["students", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
