"""Command line for authors of answer specifications.

``python -m korea_talks.checks key set1.q7 integers "[3, 4]"`` prints the ``salt`` and
``digest`` lines to paste into ``korea_talks/data/answers_set1.toml`` (the value is read
as a Python literal). ``python -m korea_talks.checks try set1.q3 "[1, 2]"`` prints what
the check cell would print for that answer.
"""

from __future__ import annotations

import argparse
import ast
import secrets
import sys

from korea_talks.checks.checker import evaluate
from korea_talks.checks.normalize import AnswerTypeError, digest, normalize


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m korea_talks.checks")
    sub = parser.add_subparsers(dest="command", required=True)
    key = sub.add_parser("key", help="salt and digest for a fixed answer")
    key.add_argument("question_id")
    key.add_argument("kind")
    key.add_argument("value")
    key.add_argument("--options", default="a,b,c,d")
    key.add_argument("--decimals", type=int, default=0)
    key.add_argument("--salt", default=None)
    trial = sub.add_parser("try", help="what a check cell prints for an answer")
    trial.add_argument("question_id")
    trial.add_argument("value")
    args = parser.parse_args(argv)
    try:
        value = ast.literal_eval(args.value)
    except (ValueError, SyntaxError):
        value = args.value
    if args.command == "try":
        print(evaluate(args.question_id, value).line)
        return 0
    salt = args.salt or secrets.token_hex(8)
    try:
        text = normalize(
            args.kind, value, options=tuple(args.options.split(",")), decimals=args.decimals
        )
    except AnswerTypeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f'salt = "{salt}"\ndigest = "{digest(args.question_id, salt, text)}"')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
