"""Run nbval on a merged notebook in its own process, with time and memory limits.

The child process gets an address-space limit (``resource.setrlimit`` before it starts,
inherited by the kernel it launches) and its own process group, so a runaway
submission can be stopped as a whole. nbval stops any cell that runs longer than the
per-cell timeout; the whole run has a wall-clock limit too.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

PYTEST_INI = "[pytest]\naddopts =\n"


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


def _limits(memory_bytes: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

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


def run_nbval(
    nb: nbformat.NotebookNode,
    *,
    cell_timeout: int = 60,
    memory_mb: int = 2048,
    total_timeout: int | None = None,
    workdir: Path | None = None,
) -> RunResult:
    """Write ``nb`` to a temporary folder and run nbval on it in a child process."""
    import time

    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    if total_timeout is None:
        total_timeout = 60 + code_cells * (cell_timeout + 10)
    with tempfile.TemporaryDirectory(prefix="korea-talks-grade-", dir=workdir) as tmp:
        folder = Path(tmp)
        (folder / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
        notebook = folder / "submission.ipynb"
        nbformat.write(nb, notebook)
        junit = folder / "junit.xml"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "nbval",
            "-p",
            "no:cacheprovider",
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
        env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1")
        result = RunResult()
        start = time.perf_counter()
        proc = subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_limits(memory_mb * 1024 * 1024),
            start_new_session=True,
        )
        try:
            result.returncode = proc.wait(timeout=total_timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            result.problem = f"grading stopped after {total_timeout} s (wall-clock limit)"
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)  # a kernel left behind by a crash
        result.seconds = time.perf_counter() - start
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
