"""Command line for authors of answer specifications (``korea-talks answers``).

``korea-talks answers key set1.q7 integers "[3, 4]"`` prints the ``salt`` and
``digest`` lines to paste into ``korea_talks/data/answers_set1.toml`` (the value is read
as a Python literal). ``korea-talks answers try set1.q3 "[1, 2]"`` prints what
the check cell would print for that answer.
"""

from __future__ import annotations

import argparse
import ast
import secrets
import sys

from korea_talks.checks.checker import evaluate
from korea_talks.checks.normalize import AnswerTypeError, digest, normalize
from korea_talks.checks.specs import UnknownQuestionError, get_question


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The subcommands of ``korea-talks answers``."""
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    key = sub.add_parser(
        "key",
        help="salt and digest for a fixed answer",
        description="Print the salt and digest lines of a fixed answer for an answer spec.",
    )
    key.add_argument("question_id", help="e.g. set1.q7")
    key.add_argument("kind", help="the question's kind, e.g. integers")
    key.add_argument("value", help="the right answer, read as a Python literal")
    key.add_argument("--options", default="a,b,c,d")
    key.add_argument("--decimals", type=int, default=0)
    key.add_argument("--salt", default=None)
    trial = sub.add_parser(
        "try",
        help="what a check cell prints for an answer",
        description="Print what the check cell of a question prints for an answer.",
    )
    trial.add_argument("question_id", help="e.g. set1.q3")
    trial.add_argument("value", help="the answer, read as a Python literal")


def run(args: argparse.Namespace) -> int:
    """Run ``korea-talks answers``; return the exit status."""
    try:
        value = ast.literal_eval(args.value)
    except (ValueError, SyntaxError):
        value = args.value
    if args.command == "try":
        try:
            get_question(args.question_id)
        except UnknownQuestionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
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


def main(argv: list[str] | None = None) -> int:
    """``python -m korea_talks.checks ARGS``: the same as ``korea-talks answers ARGS``."""
    from korea_talks.cli import main as cli_main

    return cli_main(["answers", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
