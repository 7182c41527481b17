"""The ``korea-talks council`` subcommand: ``serve``, ``debrief`` and ``log``.

Also runs as ``python -m korea_talks.seminar.council``. The commands are the seminar's
(:class:`~korea_talks.seminar.cli.SessionCommand`) over the council's store, server and
debrief.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="korea-talks council")
>>> add_arguments(parser)
>>> parser.parse_args(["serve", "--teams", "US", "DPRK"]).db
'council.sqlite'
"""

from __future__ import annotations

from korea_talks.seminar.cli import SessionCommand, SessionParts
from korea_talks.seminar.council.catalogue import load_council


def _delegations() -> list[str]:
    return [d.id for d in load_council().delegations]


def _council_parts() -> SessionParts:
    from korea_talks.seminar.council.debrief import debrief_html
    from korea_talks.seminar.council.store import CouncilStore
    from korea_talks.seminar.council.web import serve

    return SessionParts(CouncilStore, serve, debrief_html)


COUNCIL = SessionCommand(
    name="council",
    description="The Security Council session of the seminar.",
    teams=_delegations,
    teams_help="delegations played by teams (default all)",
    lens_help="the lens the adopted text is run under (default: author)",
    file_label="Council session file",
    open_where="on every device",
    parts=_council_parts,
)
"""The Security Council session's commands."""
add_arguments = COUNCIL.add_arguments
run = COUNCIL.run
main = COUNCIL.main
