"""Run nbval on a merged notebook in its own process, with time and memory limits.

The child process gets an address-space limit and a CPU-time backstop
(``resource.setrlimit`` before it starts, inherited by the kernel it launches) and its
own process group, so a runaway submission can be stopped as a whole. nbval stops any
cell that runs longer than the per-cell timeout; the whole run has a wall-clock limit
too. (nbval starts the kernel in a session of its own; an orphaned kernel exits when it
sees its parent gone, or at the CPU limit.)
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import nbformat

PYTEST_INI = "[pytest]\naddopts =\n"

UNUSED_PLUGINS = (
    "cacheprovider",
    "doctest",
    "pastebin",
    "unittest",
    "tmpdir",
    "monkeypatch",
    "recwarn",
    "setuponly",
    "setupplan",
    "stepwise",
    "logging",
    "faulthandler",
    "subtests",
)
"""Built-in pytest plugins an nbval run does not need (each costs start-up time)."""

SKIPPED_IMPORTS = ("rfc3987_syntax",)
"""Optional modules hidden from the child process: jsonschema imports ``rfc3987_syntax``
(if installed) only to check URI formats, which nbformat never asks for; building its
grammar took about 0.8 s of the 1.8 s an nbval run of a short notebook needs here."""


@dataclass
class CellResult:
    """One nbval test (``Cell N``): passed, or why not."""

    index: int
    outcome: str  # "passed", "failed", "skipped"
    message: str = ""
    text: str = ""


@dataclass
class RunResult:
    """What one nbval run produced."""

    cells: dict[int, CellResult] = field(default_factory=dict)
    returncode: int | None = None
    problem: str = ""
    seconds: float = 0.0


def _limits(memory_bytes: int, cpu_seconds: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))

    return apply


def parse_junit(path: Path) -> dict[int, CellResult]:
    """Read nbval's junit XML into results by code-cell index."""
    results: dict[int, CellResult] = {}
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        name = case.get("name", "")
        if not name.startswith("Cell "):
            continue
        index = int(name.split()[1])
        outcome, message, text = "passed", "", ""
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
            elif child.tag == "skipped":
                outcome = "skipped"
            else:
                continue
            message = child.get("message", "")
            text = (child.text or "")[:20_000]
            break
        results[index] = CellResult(index, outcome, message, text)
    return results


@functools.cache
def _shim_folder() -> Path:
    shims = Path(tempfile.mkdtemp(prefix="korea-talks-skipped-imports-"))
    for name in SKIPPED_IMPORTS:
        (shims / f"{name}.py").write_text(
            f"raise ImportError('{name} is not needed for grading')\n", encoding="utf-8"
        )
    atexit.register(shutil.rmtree, shims, ignore_errors=True)
    return shims


def child_env() -> dict[str, str]:
    """The environment of a grading child: no plugin autoload, optional imports hidden."""
    shims = _shim_folder()
    path = os.pathsep.join(p for p in (str(shims), os.environ.get("PYTHONPATH", "")) if p)
    return dict(
        os.environ,
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=path,
    )


class Zygote:
    """A running :mod:`korea_talks.grading.zygote`: forks one child per nbval run."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "korea_talks.grading.zygote"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=child_env(),
            text=True,
        )
        self.ready = False

    def wait_ready(self) -> Zygote:
        """Wait until the zygote has loaded its modules (start several, then wait)."""
        if not self.ready:
            if not self._pipe(self.proc.stdout).readline():
                raise RuntimeError("the grading zygote did not start")
            self.ready = True
        return self

    @staticmethod
    def _pipe(stream: IO[str] | None) -> IO[str]:
        assert stream is not None  # the zygote is started with stdin and stdout as pipes
        return stream

    def run(self, args: list[str], cwd: Path, memory_bytes: int, timeout: float) -> dict[str, Any]:
        """Run ``pytest args`` in a forked child; return its exit code and timeout flag."""
        request: dict[str, object] = {"args": args, "cwd": str(cwd), "memory_bytes": memory_bytes}
        request["timeout"] = timeout
        self.wait_ready()
        self._pipe(self.proc.stdin).write(json.dumps(request) + "\n")
        self._pipe(self.proc.stdin).flush()
        reply = self._pipe(self.proc.stdout).readline()
        if not reply:
            raise RuntimeError("the grading zygote stopped")
        answer: dict[str, Any] = json.loads(reply)
        return answer

    def close(self) -> None:
        """Stop the zygote."""
        with contextlib.suppress(OSError):
            self._pipe(self.proc.stdin).close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _popen(args: list[str], cwd: Path, memory_bytes: int, timeout: float) -> dict[str, Any]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", *args],
        cwd=cwd,
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_limits(memory_bytes, int(timeout)),
        start_new_session=True,
    )
    reply: dict[str, Any] = {"returncode": None, "timed_out": False}
    try:
        reply["returncode"] = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        reply["timed_out"] = True
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # a kernel left behind by a crash
    return reply


def run_nbval(
    nb: nbformat.NotebookNode,
    *,
    cell_timeout: int = 60,
    memory_mb: int = 2048,
    total_timeout: int | None = None,
    zygote: Zygote | None = None,
) -> RunResult:
    """Write ``nb`` to a temporary folder and run nbval on it in a child process.

    With a :class:`Zygote` the child is forked from it (fast); otherwise a new Python
    process is started.
    """
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    if total_timeout is None:
        total_timeout = 60 + code_cells * (cell_timeout + 10)
    with tempfile.TemporaryDirectory(prefix="korea-talks-grade-") as tmp:
        folder = Path(tmp)
        (folder / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
        notebook = folder / "submission.ipynb"
        notebook.write_text(json.dumps(nb), encoding="utf-8")  # built from the valid key
        junit = folder / "junit.xml"
        args = [
            "-p",
            "nbval",
            *[f"-pno:{name}" for name in UNUSED_PLUGINS],
            "--nbval-lax",
            "--nbval-current-env",
            f"--nbval-cell-timeout={cell_timeout}",
            "--color=no",
            "-q",
            "-c",
            str(folder / "pytest.ini"),
            "--rootdir",
            str(folder),
            f"--junitxml={junit}",
            str(notebook),
        ]
        memory = memory_mb * 1024 * 1024
        result = RunResult()
        start = time.perf_counter()
        if zygote is not None:
            reply = zygote.run(args, folder, memory, total_timeout)
        else:
            reply = _popen(args, folder, memory, total_timeout)
        result.seconds = time.perf_counter() - start
        result.returncode = reply["returncode"]
        if reply["timed_out"]:
            result.problem = f"grading stopped after {total_timeout} s (wall-clock limit)"
        if junit.is_file():
            try:
                result.cells = parse_junit(junit)
            except ET.ParseError as exc:
                result.problem = result.problem or f"unreadable test report ({exc})"
        elif not result.problem:
            result.problem = (
                f"the grading process failed (exit status {result.returncode}) before "
                "writing its report, e.g. it ran out of memory"
            )
    return result
