"""``python -m korea_talks.authoring build|check exercises/ [--no-run]``.

``build`` executes the instructor sources and writes the student notebooks; ``check``
exits with status 1 and lists the differences when a student notebook is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from korea_talks.authoring.build import AuthoringError, build_all, sources, stale


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m korea_talks.authoring")
    parser.add_argument("command", choices=("build", "check"))
    parser.add_argument("exercises", type=Path, help="the exercises folder")
    parser.add_argument(
        "--no-run", action="store_true", help="derive student notebooks without executing"
    )
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    raise SystemExit(main())
