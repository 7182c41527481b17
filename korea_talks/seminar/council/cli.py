"""The ``korea-talks council`` subcommand: ``serve``, ``debrief`` and ``log``.

Also runs as ``python -m korea_talks.seminar.council``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from korea_talks.cli import bounded_int
from korea_talks.seminar.council.catalogue import load_council
from korea_talks.seminar.engine import SeminarError

DEFAULT_DB = "council.sqlite"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the council's subcommands to ``parser``."""
    from korea_talks.seminar.web import DEFAULT_HOST, DEFAULT_PORT

    delegations = [d.id for d in load_council().delegations]
    sub = parser.add_subparsers(dest="council_command", required=True)
    serve = sub.add_parser("serve", help="serve the session (creates it if the file is new)")
    serve.add_argument("--db", default=DEFAULT_DB, help=f"session file (default {DEFAULT_DB})")
    serve.add_argument(
        "--teams", nargs="+", choices=delegations, help="delegations played by teams (default all)"
    )
    serve.add_argument("--lens", help="the lens the adopted text is run under (default: author)")
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
    """Run a parsed council command; print a clear message and return 2 on bad input."""
    from korea_talks.seminar.council.store import CouncilStore
    from korea_talks.seminar.store import write_log

    try:
        path = Path(args.db)
        if args.council_command == "serve":
            from korea_talks.seminar.council.web import serve

            if path.exists() and path.stat().st_size > 0:
                store = CouncilStore.open(path)
            else:
                settings = {"lens": args.lens} if args.lens else {}
                store = CouncilStore.create(path, teams=args.teams, **settings)
            print(f"Council session file: {path} ({len(store.council.actions)} actions so far)")
            for team, code in store.codes.items():
                print(f"  join code {team:>10}: {code}")
            print(f"Open http://{args.host}:{args.port}/ on every device; Ctrl+C stops.")
            serve(store, args.host, args.port)
            return 0
        store = CouncilStore.open(path)
        if args.council_command == "debrief":
            from korea_talks.seminar.council.debrief import debrief_html

            Path(args.out).write_text(debrief_html(store.council), encoding="utf-8")
        else:
            write_log(store.log(), args.out)
        print(f"Wrote {args.out}")
        return 0
    except (SeminarError, ValueError, OSError) as exc:
        print(f"korea-talks council: {exc}")
        return 2


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m korea_talks.seminar.council``."""
    parser = argparse.ArgumentParser(
        prog="korea-talks council", description="The Security Council session of the seminar."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
