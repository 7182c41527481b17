"""Run nbval on a merged notebook in its own process, with time, memory and other limits.

The child process joins the submission's cgroup where the host offers one (memory of
all its processes, number of processes: :mod:`korea_talks.grading.limits`), gets
per-process limits (address space, file size) and a CPU-time backstop
(``resource.setrlimit`` before it starts, inherited by the kernel it launches) and its
own process group, so a runaway submission can be stopped as a whole. nbval stops any
cell that runs longer than the per-cell timeout; the whole run has a wall-clock limit
too. The kernel itself runs in the submission's sandbox
(:mod:`korea_talks.grading.sandbox`), which dies with the nbval process.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypedDict

import nbformat

from korea_talks.grading import limits as host_limits
from korea_talks.grading.limits import Limits, SubmissionCgroup
from korea_talks.grading.sandbox import SandboxStatus, write_kernel_spec
from korea_talks.grading.zygote import die_with_parent

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
"""Optional modules a grading child never imports: jsonschema imports ``rfc3987_syntax``
(if installed) only to check URI formats, which nbformat never asks for; building its
grammar took about 0.8 s of the 1.8 s an nbval run of a short notebook needs here."""

HIDE_IMPORTS = f"import sys\nfor name in {SKIPPED_IMPORTS!r}:\n    sys.modules[name] = None\n"
"""Code that makes :data:`SKIPPED_IMPORTS` fail to import, run before anything else."""

NBVAL_MAIN = HIDE_IMPORTS + "import pytest\nsys.exit(pytest.main(sys.argv[1:]))"
"""What a grading child runs when there is no zygote to fork it from."""

ZYGOTE_MAIN = HIDE_IMPORTS + "from korea_talks.grading.zygote import serve\nserve()"
"""What a zygote runs."""


@dataclass
class CellResult:
    """One notebook cell of an nbval run (``Cell N``), as the grader's pytest plugin saw it."""

    index: int
    outcome: str  # "passed", "failed", "skipped"
    message: str = ""
    exception: str = ""
    stdout: str = ""
    error_name: str = ""
    error_value: str = ""
    timed_out: bool = False
    kernel_alive: bool = True
    output_limit: bool = False


@dataclass
class RunResult:
    """What one nbval run produced, and the limits it reached (``memory``, ``processes``)."""

    cells: dict[int, CellResult] = field(default_factory=dict)
    returncode: int | None = None
    problem: str = ""
    seconds: float = 0.0
    hits: tuple[str, ...] = ()
    peak_memory_mb: float = float("nan")


def _limits(limits: Limits, cpu_seconds: int, cgroup: list[str]) -> Callable[[], None]:
    def apply() -> None:
        die_with_parent()
        host_limits.join(cgroup)
        host_limits.apply_rlimits(limits)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))

    return apply


def _outcome(record: dict[str, Any]) -> str:
    """passed, failed or skipped; a cell pytest marked xfail (after a timeout) and that
    raised counts as failed."""
    if record["outcome"] == "skipped" and record.get("xfail"):
        return "failed"
    return str(record["outcome"])


def read_results(path: Path) -> dict[int, CellResult]:
    """Read the cell results the plugin wrote (one JSON object a line), by code-cell index."""
    results: dict[int, CellResult] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short when the run was stopped
        index = int(record["index"])
        if index in results and record.get("when") != "call":
            continue
        exception = record.get("exception") or {}
        error = record.get("error") or {}
        results[index] = CellResult(
            index,
            _outcome(record),
            message=str(exception.get("message", "")),
            exception=str(exception.get("type", "")),
            stdout=str(record.get("stdout", "")),
            error_name=str(error.get("ename", "")),
            error_value=str(error.get("evalue", "")),
            timed_out=bool(record.get("timed_out")),
            kernel_alive=bool(record.get("kernel_alive", True)),
            output_limit=bool(record.get("output_limit")),
        )
    return results


def child_env() -> dict[str, str]:
    """The environment of a grading child: no plugin autoload, no bytecode written."""
    return dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1")


class Reply(TypedDict):
    """How a grading child ended."""

    returncode: int | None
    timed_out: bool


class Zygote:
    """A running :mod:`korea_talks.grading.zygote`: forks one child per nbval run."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE_MAIN],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=child_env(),
            text=True,
        )
        self.ready = False

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self.proc.stdin is not None and self.proc.stdout is not None  # both PIPE
        return self.proc.stdin, self.proc.stdout

    def wait_ready(self) -> Zygote:
        """Wait until the zygote has loaded its modules (start several, then wait)."""
        if not self.ready:
            if not self._pipes()[1].readline():
                raise RuntimeError("the grading zygote did not start")
            self.ready = True
        return self

    def run(
        self, args: list[str], cwd: Path, limits: Limits, timeout: float, cgroup: list[str]
    ) -> Reply:
        """Run ``pytest args`` in a forked child; return its exit code and timeout flag."""
        request = {
            "args": args,
            "cwd": str(cwd),
            "memory_bytes": limits.memory_mb * 1024 * 1024,
            "file_bytes": limits.file_mb * 1024 * 1024,
            "cgroup": cgroup,
            "timeout": timeout,
        }
        self.wait_ready()
        stdin, stdout = self._pipes()
        stdin.write(json.dumps(request) + "\n")
        stdin.flush()
        reply = stdout.readline()
        if not reply:
            raise RuntimeError("the grading zygote stopped")
        answer = json.loads(reply)
        return Reply(returncode=answer["returncode"], timed_out=bool(answer["timed_out"]))

    def kill(self) -> None:
        """Kill the zygote at once (a run being stopped); :meth:`close` still collects it."""
        with contextlib.suppress(OSError):
            self.proc.kill()

    def close(self) -> None:
        """Stop the zygote."""
        with contextlib.suppress(OSError):
            self._pipes()[0].close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()  # collect it: no zombie is left behind


def _popen(args: list[str], cwd: Path, limits: Limits, timeout: float, cgroup: list[str]) -> Reply:
    proc = subprocess.Popen(
        [sys.executable, "-c", NBVAL_MAIN, *args],
        cwd=cwd,
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_limits(limits, int(timeout), cgroup),
        start_new_session=True,
    )
    reply = Reply(returncode=None, timed_out=False)
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
    folder: Path,
    sandbox: SandboxStatus,
    *,
    cell_timeout: int = 60,
    limits: Limits | None = None,
    total_timeout: int | None = None,
    zygote: Zygote | None = None,
) -> RunResult:
    """Run nbval on ``nb`` in a child process; its kernel in the submission's sandbox.

    ``folder`` is the submission's private work folder: ``outside/`` (the merged
    notebook, the kernel spec and the results; never visible to the kernel),
    ``scratch/`` (the kernel's working folder) and ``sockets/``. With a :class:`Zygote`
    the child is forked from it (fast); otherwise a new Python process is started.
    Where the host offers cgroups, the run gets one of its own (see
    :mod:`korea_talks.grading.limits`), removed with every process in it afterwards.
    """
    limits = limits or Limits()
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    if total_timeout is None:
        total_timeout = 60 + code_cells * (cell_timeout + 10)
    outside, scratch, sockets = (folder / name for name in ("outside", "scratch", "sockets"))
    for sub in (outside, scratch, sockets):
        sub.mkdir(parents=True, exist_ok=True)
    kernels = write_kernel_spec(outside / "kernels", scratch, sockets, sandbox, limits)
    (outside / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    notebook = outside / "submission.ipynb"
    notebook.write_text(json.dumps(nb), encoding="utf-8")  # built from the valid key
    results = outside / "results.jsonl"
    args = [
        "-p",
        "nbval",
        "-p",
        "korea_talks.grading.nbval_hooks",
        *[f"-pno:{name}" for name in UNUSED_PLUGINS],
        "--nbval-lax",
        f"--nbval-cell-timeout={cell_timeout}",
        "--color=no",
        "-q",
        "-c",
        str(outside / "pytest.ini"),
        "--rootdir",
        str(outside),
        "--korea-talks-kernel-dir",
        str(kernels),
        "--korea-talks-sockets",
        str(sockets),
        "--korea-talks-results",
        str(results),
        f"--korea-talks-output-limit={limits.output_chars}",
        str(notebook),
    ]
    result = RunResult()
    cgroup = SubmissionCgroup.make(host_limits.probe(), limits)
    joins = cgroup.procs_files if cgroup else []
    start = time.perf_counter()
    try:
        if zygote is not None:
            reply = zygote.run(args, outside, limits, total_timeout, joins)
        else:
            reply = _popen(args, outside, limits, total_timeout, joins)
    finally:
        if cgroup is not None:
            result.hits = tuple(cgroup.hits())
            result.peak_memory_mb = cgroup.peak_memory_mb()
            cgroup.close()
    result.seconds = time.perf_counter() - start
    result.returncode = reply["returncode"]
    if reply["timed_out"]:
        result.problem = f"grading stopped after {total_timeout} s (wall-clock limit)"
    if results.is_file():
        result.cells = read_results(results)
    if not result.cells and not result.problem:
        result.problem = (
            f"the grading process failed (exit status {result.returncode}) before "
            "running a cell, e.g. the kernel could not start or ran out of memory"
        )
    return result
