"""The left-behind check finds what a block left, even a double-forked daemon, and
ignores processes that other work on the machine starts meanwhile."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from leftovers import watched_descendants

# Forks, lets the parent exit at once, and runs on as an orphan: the daemon's pid is
# written to the file named by the first argument, then it waits for the second file
# to appear (if given) and starts a child of its own in a new PID namespace, as a
# sandboxed kernel is, whose pid it writes too.
DAEMON = """
import os, subprocess, sys, time
out, go = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
if os.fork():
    os._exit(0)
os.setsid()
with open(out + ".tmp", "w") as f:
    f.write(str(os.getpid()))
os.rename(out + ".tmp", out)
if go:
    while not os.path.exists(go):
        time.sleep(0.05)
    child = subprocess.Popen(["unshare", "--pid", "--fork", "--kill-child", "sleep", "300"])
    with open(out + ".child.tmp", "w") as f:
        f.write(str(child.pid))
    os.rename(out + ".child.tmp", out + ".child")
time.sleep(300)
"""


def _await_pid(path: Path) -> int:
    """The pid written to ``path``, once the writer has renamed it into place."""
    give_up = time.monotonic() + 120  # a bound on a hang, far above any machine's start-up
    while not path.exists():
        assert time.monotonic() < give_up, f"{path.name} was never written"
        time.sleep(0.02)
    return int(path.read_text())


@pytest.fixture
def started() -> Iterator[list[int]]:
    """Pids to kill after the test, whatever it asserted."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
        with contextlib.suppress(ChildProcessError):  # an adopted orphan is the test's child
            os.waitpid(pid, 0)


def _sleeper(started: list[int]) -> int:
    """Start a child that sleeps (killed and collected after the test); its pid."""
    child = subprocess.Popen(["sleep", "300"])
    started.append(child.pid)
    return child.pid


def _pids(left: list[str]) -> list[int]:
    return [int(line.split(":")[0]) for line in left]


def test_a_child_left_running_is_found(started):
    with watched_descendants() as watch:
        child = _sleeper(started)
        left = watch.left()
    assert _pids(left) == [child]


def test_a_double_forked_daemon_is_found(tmp_path, started):
    with watched_descendants() as watch:
        subprocess.run([sys.executable, "-c", DAEMON, str(tmp_path / "pid")], check=True)
        daemon = _await_pid(tmp_path / "pid")
        started.append(daemon)
        left = watch.left()
    assert _pids(left) == [daemon]


def test_a_process_another_worker_starts_meanwhile_is_not_counted(tmp_path, started):
    # the daemon is orphaned before the watch begins, so the machine's init adopts it:
    # it stands for another pytest worker, whose kernel starts during the block
    subprocess.run(
        [sys.executable, "-c", DAEMON, str(tmp_path / "pid"), str(tmp_path / "go")],
        check=True,
    )
    started.append(_await_pid(tmp_path / "pid"))
    with watched_descendants() as watch:
        (tmp_path / "go").touch()
        started.append(_await_pid(tmp_path / "pid.child"))
        mine = _sleeper(started)
        left = watch.left()
    assert _pids(left) == [mine]


def test_the_test_process_stops_adopting_after_the_block(tmp_path, started):
    with watched_descendants():
        pass
    subprocess.run([sys.executable, "-c", DAEMON, str(tmp_path / "pid")], check=True)
    daemon = _await_pid(tmp_path / "pid")
    started.append(daemon)
    parent = int(Path(f"/proc/{daemon}/stat").read_text().rsplit(")", 1)[1].split()[1])
    assert parent != os.getpid()
