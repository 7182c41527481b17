"""The ``korea-talks seminar`` subcommand: ``serve``, ``debrief`` and ``log``.

Also runs as ``python -m korea_talks.seminar``. Every format of the seminar (this
negotiation, the Security Council session of :mod:`korea_talks.seminar.council.cli`)
has the same three commands over a session file: a :class:`SessionCommand` says what
differs (the name, the default file, the teams, the store, the server and the debrief)
and runs the rest the same way.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="korea-talks seminar")
>>> add_arguments(parser)
>>> parser.parse_args(["log", "--out", "log.jsonl"]).db
'seminar.sqlite'
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from korea_talks.cli import bounded_int
from korea_talks.seminar.briefs import TEAMS
from korea_talks.seminar.engine import SeminarError

if TYPE_CHECKING:
    from korea_talks.seminar.store import SeminarStore


class SessionParts(NamedTuple):
    """What a format's commands run: imported only when a command runs (the server's
    libraries are heavy), not when the parser is built."""

    store: type[SeminarStore]
    """The store of the format's session files."""
    serve: Callable[[Any, str, int], None]
    """Serves a store at a host and port until the process is stopped."""
    debrief_html: Callable[[Any], str]
    """The debrief page of a session."""


def _seminar_parts() -> SessionParts:
    from korea_talks.seminar.debrief import debrief_html
    from korea_talks.seminar.store import SeminarStore
    from korea_talks.seminar.web import serve

    return SessionParts(SeminarStore, serve, debrief_html)


@dataclass(frozen=True)
class SessionCommand:
    """The ``serve``, ``debrief`` and ``log`` commands of one format of the seminar.

    The defaults are the negotiation seminar's; another format names what differs.
    """

    name: str = "seminar"
    """The subcommand (``korea-talks NAME``), which also begins every message and names
    the default session file (``NAME.sqlite``)."""
    description: str = "The seminar negotiation simulation."
    teams: Callable[[], Sequence[str]] = lambda: TEAMS
    """The teams ``--teams`` may name (read when the parser is built)."""
    teams_help: str = "teams in play (default all six)"
    lens_help: str = "the lens the model answers under (default: the author's)"
    file_label: str = "Session file"
    """How ``serve`` names the session file when it starts."""
    open_where: str = "(teams and instructor)"
    """Who opens the served address, as ``serve`` says it."""
    parts: Callable[[], SessionParts] = _seminar_parts
    """The format's store, server and debrief."""

    @property
    def default_db(self) -> str:
        """The session file when ``--db`` is not given."""
        return f"{self.name}.sqlite"

    @property
    def prog(self) -> str:
        """The command as a user types it."""
        return f"korea-talks {self.name}"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add the format's subcommands to ``parser`` (also used by ``korea-talks``)."""
        from korea_talks.seminar.web import DEFAULT_HOST, DEFAULT_PORT

        sub = parser.add_subparsers(dest="session_command", required=True)
        serve = sub.add_parser("serve", help="serve the session (creates it if the file is new)")
        serve.add_argument(
            "--db", default=self.default_db, help=f"session file (default {self.default_db})"
        )
        serve.add_argument("--teams", nargs="+", choices=list(self.teams()), help=self.teams_help)
        serve.add_argument("--lens", help=self.lens_help)
        serve.add_argument(
            "--host",
            default=DEFAULT_HOST,
            help=f"address to listen on (default {DEFAULT_HOST}; "
            "0.0.0.0 for the classroom network)",
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
            cmd.add_argument("--db", default=self.default_db)
            cmd.add_argument("--out", required=True)

    def run(self, args: argparse.Namespace) -> int:
        """Run a parsed command; print a clear message and return 2 on bad input."""
        from korea_talks.seminar.store import write_log

        try:
            parts = self.parts()
            path = Path(args.db)
            if args.session_command == "serve":
                store = open_or_create(parts.store, path, args.teams, args.lens)
                print(f"{self.file_label}: {path} ({len(store.seminar.actions)} actions so far)")
                for team, code in store.codes.items():
                    print(f"  join code {team:>10}: {code}")
                print(f"Open http://{args.host}:{args.port}/ {self.open_where}; Ctrl+C stops.")
                parts.serve(store, args.host, args.port)
                return 0
            store = parts.store.open(path)
            if args.session_command == "debrief":
                Path(args.out).write_text(parts.debrief_html(store.seminar), encoding="utf-8")
            else:
                write_log(store.log(), args.out)
            print(f"Wrote {args.out}")
            return 0
        except (SeminarError, ValueError, OSError) as exc:
            print(f"{self.prog}: {exc}")
            return 2

    def main(self, argv: list[str] | None = None) -> int:
        """Entry point of the format's ``python -m`` module."""
        parser = argparse.ArgumentParser(prog=self.prog, description=self.description)
        self.add_arguments(parser)
        return self.run(parser.parse_args(argv))


def open_or_create(
    store: type[SeminarStore], path: Path, teams: list[str] | None, lens: str | None
) -> SeminarStore:
    """Resume the session in ``path`` if the file holds one, else start one with ``teams``
    (and ``lens``, if given) in a ``store`` of the format's."""
    if path.exists() and path.stat().st_size > 0:
        return store.open(path)
    settings: dict[str, Any] = {"lens": lens} if lens else {}
    return store.create(path, teams=teams, **settings)


SEMINAR = SessionCommand()
"""The negotiation seminar's commands."""
add_arguments = SEMINAR.add_arguments
run = SEMINAR.run
main = SEMINAR.main
