"""The ``korea-talks`` command: one subcommand per job.

>>> print(build_parser().format_usage().strip())
usage: korea-talks [-h] [--version] COMMAND ...

``korea-talks --help`` lists the subcommands; ``korea-talks COMMAND --help`` says what
one of them does and takes. Each subcommand is declared in :data:`COMMANDS` by a
:class:`Command`: its name, one line of help, a longer description, the function that adds
its arguments and the function that runs it. To add one, write those two functions in the
module that does the work and append a :class:`Command` to :data:`COMMANDS` (in a block of
your own).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass

import korea_talks

PROG = "korea-talks"


def bounded_int(low: int, high: int, unit: str) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, or a message saying so.

    >>> bounded_int(1, 10, "seconds")("3")
    3
    >>> bounded_int(1, 10, "seconds")("0")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: give a whole number from 1 to 10 (seconds), not '0'
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"give a whole number from {low} to {high} ({unit}), not {text!r}"
            )
        return value

    return parse


@dataclass(frozen=True)
class Command:
    """One subcommand: ``module`` holds its ``add_arguments(parser)`` and ``run(args)``
    (or the functions named by ``add`` and ``run``)."""

    name: str
    help: str
    description: str
    module: str
    add: str = "add_arguments"
    run: str = "run"

    def functions(
        self,
    ) -> tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]:
        """Import the module and return its (add_arguments, run) pair."""
        module = importlib.import_module(self.module)
        return getattr(module, self.add), getattr(module, self.run)


COMMANDS: list[Command] = [
    Command(
        "grade",
        "grade a class of submitted notebooks into a gradebook",
        "Grade every submission in SUBMISSIONS against the set's key, its executed "
        "instructor source (--key), "
        "and write the gradebook with, beside it, per-question results, item analysis, "
        "written answers to grade by hand and one feedback file per student.",
        "korea_talks.grading.__main__",
    ),
    Command(
        "self-check",
        "check your own finished exercise notebook",
        "Put your answer cells into a clean copy of the set, run it and print one line "
        "per question: the way the grader checks it.",
        "korea_talks.grading.__main__",
        add="add_self_check_arguments",
        run="run_self_check",
    ),
    Command(
        "students",
        "build the keys, both student editions and the exercise pages from the sources",
        "build: execute the instructor sources in the exercises folder (the keys) and "
        "write the practice and graded editions and the book's exercise pages; check: exit "
        "with status 1 and list the differences when one of them is out of date; graded: "
        "write one folder of graded notebooks per student of a roster, each with the "
        "student's own variants chosen by the course secret.",
        "korea_talks.authoring.__main__",
    ),
    Command(
        "answers",
        "write or try the answer data of a question (for authors)",
        "key: print the salt and digest lines of a fixed answer for an answer spec; "
        "try: print what a check cell prints for an answer.",
        "korea_talks.checks.__main__",
    ),
    # ---- seminar simulation
    Command(
        "seminar",
        "serve the negotiation simulation, or write its debrief or log",
        "serve: start (or resume) a session in a SQLite file and serve it to the teams' "
        "browsers and the instructor's projector (--host 0.0.0.0 for the classroom "
        "network); debrief: write the debrief page; log: write the session log as JSON Lines.",
        "korea_talks.seminar.cli",
    ),
    Command(
        "council",
        "serve the Security Council session, or write its debrief or log",
        "serve: start (or resume) a Security Council session in a SQLite file: permanent "
        "members table, amend and vote on draft resolutions, invited states speak without "
        "vote; debrief: write the debrief page; log: write the session log as JSON Lines.",
        "korea_talks.seminar.council.cli",
    ),
]
"""The subcommands, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The parser of the whole command, with every subcommand's arguments."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Sequencing Peace: grading, self-checks, exercise authoring and the seminar simulation."
        ),
        epilog=f"Run '{PROG} COMMAND --help' for what a command takes.",
    )
    parser.add_argument("--version", action="version", version=korea_talks.__version__)
    sub = parser.add_subparsers(dest="subcommand", metavar="COMMAND", required=True)
    for command in COMMANDS:
        add, run = command.functions()
        child = sub.add_parser(command.name, help=command.help, description=command.description)
        add(child)
        child.set_defaults(run=run, parser=child)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
