"""The hostile class of ``fixtures/set1-hostile`` graded once, end to end, in sandboxes.

Each attacker (see ``make_hostile_class.py``) answers q2 wrongly and attacks in that
cell; its row must show q2 lost with the checker's own reason, whatever the attack.
The folder oddities must each get a row or a line in the not-graded list. Around the
one grading run the test hashes the repository, the submissions, HOME and TMPDIR,
listens on the loopback port the network attacker tries, waits for the detached
daemon's moment, and looks for any process the grading left behind.
"""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from golden import assert_same_gradebook, read_text_table
from leftovers import watched_descendants
from make_hostile_class import LISTENER_PORT

from korea_talks.grading.__main__ import main

pytestmark = pytest.mark.slow  # grades a whole class: a kernel per notebook

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
FIXTURES = HERE / "fixtures"
CLASS = FIXTURES / "set1-hostile"
KEY = FIXTURES / "set1-key.ipynb"
NOT_HASHED = {".git", ".venv", "_build", "__pycache__", ".pytest_cache", ".hypothesis"}


def _tree_hashes(top: Path) -> dict[str, str]:
    """Every file below ``top`` (links as their target text), by relative path."""
    hashes = {}
    for folder, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if d not in NOT_HASHED]
        for name in [*files, *[d for d in dirs if Path(folder, d).is_symlink()]]:
            path = Path(folder, name)
            if path.is_symlink():
                digest = "link:" + os.readlink(path)
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            hashes[str(path.relative_to(top))] = digest
    return hashes


class Listener:
    """Accepts connections on the loopback port the network attacker tries."""

    def __init__(self) -> None:
        self.connections = 0
        self.server = socket.create_server(("127.0.0.1", LISTENER_PORT))
        self.server.settimeout(0.2)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.server.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory, sandbox):
    """Grade the hostile class once through the command line; snapshot around it."""
    base = tmp_path_factory.mktemp("hostile")
    home, tmpdir, out = base / "home", base / "tmp", base / "out" / "gradebook.csv"
    home.mkdir()
    tmpdir.mkdir()
    (home / "notes.ipynb").write_text("{}")  # something a sabotage could reach
    listener = Listener()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("TMPDIR", str(tmpdir))
        patch.setattr(tempfile, "tempdir", None)
        before = {
            "repository": _tree_hashes(ROOT),
            "home": _tree_hashes(home),
            "tmpdir": _tree_hashes(tmpdir),
        }
        with watched_descendants() as watch:
            arguments = [str(CLASS), "--key", str(KEY), "--out", str(out), "--cell-timeout", "20"]
            status = main(arguments)
            written = hashlib.sha256(out.read_bytes()).hexdigest()
            time.sleep(2.5)  # the daemon would strike one second after its start
            after = {
                "repository": _tree_hashes(ROOT),
                "home": _tree_hashes(home),
                "tmpdir": _tree_hashes(tmpdir),
            }
            left = watch.left()
    listener.close()
    return {
        "status": status,
        "out": out,
        "written": written,
        "before": before,
        "after": after,
        "left": left,
        "connections": listener.connections,
    }


def test_gradebook_matches_the_reviewed_one_cell_by_cell(graded):
    assert graded["status"] == 0
    assert_same_gradebook(FIXTURES / "set1-hostile-gradebook.csv", graded["out"])


def test_every_entry_not_graded_is_listed_with_its_reason(graded):
    expected = pd.read_csv(FIXTURES / "set1-hostile-not-graded.csv", dtype=str)
    actual = pd.read_csv(graded["out"].with_name("gradebook-not-graded.csv"), dtype=str)
    pd.testing.assert_frame_equal(actual, expected)


def test_no_attacker_earns_the_question_it_attacked(graded):
    book = read_text_table(graded["out"])
    attackers = [s for s in book.index if s.split("-")[0] in {"mallet", "oscar", "rupert"}]
    attackers += [s for s in book.index if s.split("-")[0] in {"sybil", "trudy", "victor"}]
    attackers += ["walter-network"]
    assert len(attackers) == 7
    assert all(book.loc[s, "q2"] == "0.0" for s in attackers)
    assert set(book["sandbox"]) == {"bubblewrap (user 65534)"}


def test_nothing_outside_the_sandboxes_changed(graded):
    for place in ("repository", "home", "tmpdir"):
        assert graded["after"][place] == graded["before"][place], place
    assert hashlib.sha256(graded["out"].read_bytes()).hexdigest() == graded["written"]


def test_no_process_is_left_and_nothing_reached_the_host_network(graded):
    assert graded["left"] == []
    assert graded["connections"] == 0
