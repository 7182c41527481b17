"""Shared helpers of the council tests: a session file with known codes, and a server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from korea_talks.seminar.council.catalogue import load_council
from korea_talks.seminar.council.store import CouncilStore
from korea_talks.seminar.engine import INSTRUCTOR
from korea_talks.seminar.web import ServerProcess
from tests.seminar.test_server import free_port

TEAMS = tuple(d.id for d in load_council().delegations)
CODES = {team: f"C{n}TESTCODE{n}" for n, team in enumerate((*TEAMS, INSTRUCTOR))}
COUNCIL_MODULE = "korea_talks.seminar.council"


def new_council(path: Path, teams: tuple[str, ...] = TEAMS) -> Path:
    """A new council session file whose codes are :data:`CODES`."""
    codes = {t: CODES[t] for t in (*teams, INSTRUCTOR)}
    CouncilStore.create(path, teams=teams, codes=codes).close()
    return path


@pytest.fixture
def council_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A council server on a fresh session with every delegation played by a team."""
    db = new_council(tmp_path / "council.sqlite")
    with ServerProcess(db, free_port(), module=COUNCIL_MODULE) as running:
        yield running
