"""``korea-talks students build|check exercises/ [--no-run]`` (also
``python -m korea_talks.authoring``).

``build`` executes the instructor sources and writes the student notebooks; ``check``
exits with status 1 and lists the differences when a student notebook is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from korea_talks.authoring.build import AuthoringError, build_all, sources, stale


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``korea-talks students``."""
    parser.add_argument(
        "command",
        choices=("build", "check"),
        help="build: write the student notebooks; check: exit 1 if one is out of date",
    )
    parser.add_argument("exercises", type=Path, help="the exercises folder")
    parser.add_argument(
        "--no-run", action="store_true", help="derive student notebooks without executing"
    )


def run(args: argparse.Namespace) -> int:
    """Run ``korea-talks students``; return the exit status."""
    try:
        if args.command == "build":
            for path in build_all(args.exercises, run=not args.no_run):
                print(f"wrote {path}")
            return 0
        problems = [p for source in sources(args.exercises) for p in stale(source)]
    except AuthoringError as exc:
        print(f"error: {exc}", file=sys.stderr)
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
