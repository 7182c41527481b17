"""The ``korea-talks seminar`` subcommand: ``serve``, ``debrief`` and ``log``.

Also runs as ``python -m korea_talks.seminar``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from korea_talks.cli import bounded_int
from korea_talks.seminar.briefs import TEAMS
from korea_talks.seminar.engine import SeminarError

DEFAULT_DB = "seminar.sqlite"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the seminar's subcommands to ``parser`` (also used by ``korea-talks seminar``)."""
    from korea_talks.seminar.web import DEFAULT_HOST, DEFAULT_PORT

    sub = parser.add_subparsers(dest="seminar_command", required=True)
    serve = sub.add_parser("serve", help="serve the session (creates it if the file is new)")
    serve.add_argument("--db", default=DEFAULT_DB, help=f"session file (default {DEFAULT_DB})")
    serve.add_argument("--teams", nargs="+", choices=TEAMS, help="teams in play (default all six)")
    serve.add_argument("--lens", help="the lens the model answers under (default: the author's)")
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}; 0.0.0.0 for the classroom network)",
    )
    serve.add_argument(
        "--port",
        type=bounded_int(1, 65535, "a TCP port"),
        default=DEFAULT_PORT,
        help=f"port to listen on (1 to 65535; default {DEFAULT_PORT})",
    )
    for name, text in (
        ("debrief", "write the debrief page"),
        ("log", "write the log (JSON Lines)"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--db", default=DEFAULT_DB)
        cmd.add_argument("--out", required=True)


def run(args: argparse.Namespace) -> int:
    """Run a parsed seminar command; print a clear message and return 2 on bad input."""
    from korea_talks.seminar.store import SeminarStore, write_log

    try:
        if args.seminar_command == "serve":
            from korea_talks.seminar.web import open_or_create, serve

            store = open_or_create(Path(args.db), args.teams, args.lens)
            print(f"Session file: {args.db} ({len(store.seminar.actions)} actions so far)")
            for team, code in store.codes.items():
                print(f"  join code {team:>10}: {code}")
            print(f"Open http://{args.host}:{args.port}/ (teams and instructor); Ctrl+C stops.")
            serve(store, args.host, args.port)
            return 0
        store = SeminarStore.open(Path(args.db))
        if args.seminar_command == "debrief":
            from korea_talks.seminar.debrief import debrief_html

            Path(args.out).write_text(debrief_html(store.seminar), encoding="utf-8")
        else:
            write_log(store.log(), args.out)
        print(f"Wrote {args.out}")
        return 0
    except (SeminarError, ValueError, OSError) as exc:
        print(f"korea-talks seminar: {exc}")
        return 2


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m korea_talks.seminar``."""
    parser = argparse.ArgumentParser(
        prog="korea-talks seminar", description="The seminar negotiation simulation."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
