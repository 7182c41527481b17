"""Which processes a block of grading left behind, and only those.

A grading run starts kernels, sandboxes and whatever a hostile submission forks. Some of
them may outlive the run on purpose: a daemon that double-forks is no longer a child of
anything the grader knows. To find such a process without counting another test's
kernels (another pytest worker may be grading beside this one), the watched block makes
the test process a *child subreaper* (Linux ``PR_SET_CHILD_SUBREAPER``): an orphan from
any descendant is adopted by the test process instead of by the machine's init, so it
stays in the test's process tree. A process is left behind when it started during the
block, is still alive (not a zombie), and descends from the test process.

>>> import subprocess
>>> with watched_descendants() as watch:
...     _ = subprocess.run(["true"], check=True)
...     print(watch.left())
[]
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36
PR_GET_CHILD_SUBREAPER = 37


def _prctl(option: int, value: int | ctypes.c_int | ctypes._Pointer[ctypes.c_int]) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(option, value, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl failed")


def _pids() -> set[int]:
    return {int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()}


def _stat(pid: int) -> tuple[str, int] | None:
    """A process's state letter and parent, or None once it is gone."""
    try:
        state, parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:2]
    except (OSError, ValueError, IndexError):
        return None
    return state, int(parent)


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        return raw.replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "(gone)"


class Watch:
    """The processes alive before a block, and the test process that owns the block."""

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.before = _pids()

    def descends_from_owner(self, pid: int) -> bool:
        """Whether ``pid``'s chain of parents reaches the test process."""
        seen: set[int] = set()
        while pid > 1 and pid not in seen:
            seen.add(pid)
            stat = _stat(pid)
            if stat is None:
                return False
            pid = stat[1]
            if pid == self.owner:
                return True
        return False

    def left(self) -> list[str]:
        """Live processes started in the block that descend from the test process."""
        found = []
        for pid in sorted(_pids() - self.before - {self.owner}):
            stat = _stat(pid)
            # a zombie has exited already: it runs nothing and holds nothing but its
            # entry in the process table until its parent (here the test) collects it
            if stat is None or stat[0] == "Z":
                continue
            if self.descends_from_owner(pid):
                found.append(f"{pid}: {_cmdline(pid)[:120]}")
        return found


@contextmanager
def watched_descendants() -> Iterator[Watch]:
    """Adopt every orphan of the block's descendants while the block runs.

    Call ``left()`` inside the block, after the work, for what is still running: once
    the block ends the test process stops adopting, and an orphan made later would go
    to the machine's init, out of sight.
    """
    previous = ctypes.c_int(0)
    _prctl(PR_GET_CHILD_SUBREAPER, ctypes.pointer(previous))
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    try:
        yield Watch()
    finally:
        _prctl(PR_SET_CHILD_SUBREAPER, previous.value)
