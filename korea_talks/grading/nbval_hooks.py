"""A pytest plugin for the grader's nbval runs: sandboxed kernel, results as data.

Loaded with ``-p korea_talks.grading.nbval_hooks`` in the nbval process, which runs
outside the sandbox. It

- starts nbval's kernel from the kernel spec of :mod:`korea_talks.grading.sandbox`
  (``--korea-talks-kernel-dir``), over jupyter_client's IPC transport with the
  connection file and sockets in the submission's socket folder
  (``--korea-talks-sockets``), since the sandbox has no network;
- writes one JSON line per notebook cell to ``--korea-talks-results`` as soon as the
  cell is done: its outcome, the outputs the fresh run produced (streams and errors),
  the exception nbval raised, whether a cell had timed out and whether the kernel was
  still alive. The grader reads these lines as data; nothing the kernel prints is
  parsed out of a report text;
- counts the characters of every output message the kernel sends for a cell (streams,
  whatever was written to file descriptors 1 and 2, displays, results, errors): past
  ``--korea-talks-output-limit`` the kernel is stopped and the cell's line says so. The
  count is kept here, outside the sandbox, where the student's code cannot undo it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Generator
from pathlib import Path
from queue import Empty
from typing import Any

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbval import plugin as nbval_plugin
from nbval.kernel import RunningKernel

from korea_talks.grading.sandbox import KERNEL_NAME

TEXT_LIMIT = 200_000
"""Characters of one cell's stream output kept in the results (a recorded answer fits)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """The grader's options."""
    group = parser.getgroup("korea_talks")
    group.addoption("--korea-talks-kernel-dir", help="kernel spec folder of the sandbox")
    group.addoption("--korea-talks-sockets", help="folder of the kernel's IPC sockets")
    group.addoption("--korea-talks-results", help="JSON lines file of cell results")
    group.addoption(
        "--korea-talks-output-limit", type=int, default=0, help="characters of output per cell"
    )


OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error", "update_display_data")


def output_size(msg: dict[str, Any]) -> int:
    """Characters of output one iopub message carries (0 for status and the like).

    >>> output_size({"msg_type": "stream", "content": {"name": "stdout", "text": "abc"}})
    3
    >>> output_size({"msg_type": "status", "content": {"execution_state": "idle"}})
    0
    """
    if msg.get("msg_type") not in OUTPUT_TYPES:
        return 0
    content = msg.get("content") or {}
    if msg["msg_type"] == "stream":
        return len(str(content.get("text", "")))
    size = 0
    for value in content.values():
        if isinstance(value, str):
            size += len(value)
        elif isinstance(value, dict):
            size += sum(len(v) if isinstance(v, str) else len(str(v)) for v in value.values())
        elif isinstance(value, list):
            size += sum(len(str(v)) for v in value)
    return size


class SandboxedKernel(RunningKernel):  # type: ignore[misc]
    """nbval's kernel, started from the sandbox's kernel spec over IPC."""

    kernel_dir = ""
    sockets = ""
    output_limit = 0

    def __init__(self, kernel_name: str, cwd: str | None = None, startup_timeout: int = 60):
        sockets = Path(self.sockets)
        manager = KernelManager(
            kernel_name=KERNEL_NAME,
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[self.kernel_dir]),
            transport="ipc",
            ip=str(sockets / "k"),
            connection_file=str(sockets / "connection.json"),
        )
        with open(os.devnull, "w") as devnull:
            manager.start_kernel(stderr=devnull, stdout=devnull)
        client = manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=startup_timeout)
        except RuntimeError:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
            raise
        self.km, self.kc = manager, client
        self.output_chars: dict[str, int] = {}
        self.output_exceeded: set[str] = set()
        self._ensure_iopub_up()

    def get_message(self, stream: str, timeout: float | None = None) -> dict[str, Any]:
        """nbval's message reader, counting each cell's output; past the limit no message
        is taken any more: nbval, seeing none, stops the kernel and fails the cell."""
        msg: dict[str, Any] = super().get_message(stream, timeout=timeout)
        if stream != "iopub" or not self.output_limit:
            return msg
        parent = str((msg.get("parent_header") or {}).get("msg_id", ""))
        self.output_chars[parent] = self.output_chars.get(parent, 0) + output_size(msg)
        if self.output_chars[parent] > self.output_limit:
            self.output_exceeded.add(parent)
            raise Empty
        return msg


def pytest_configure(config: pytest.Config) -> None:
    """Make nbval start the sandboxed kernel."""
    kernel_dir = config.getoption("korea_talks_kernel_dir")
    if kernel_dir:
        SandboxedKernel.kernel_dir = kernel_dir
        SandboxedKernel.sockets = config.getoption("korea_talks_sockets")
        SandboxedKernel.output_limit = config.getoption("korea_talks_output_limit")
        nbval_plugin.RunningKernel = SandboxedKernel


def _outputs(item: Any) -> tuple[str, dict[str, str]]:
    """The stdout text and the error (name, value) of a cell's fresh run."""
    stdout, error = [], {}
    for output in getattr(item, "test_outputs", None) or []:
        kind = output.get("output_type")
        if kind == "stream" and output.get("name") == "stdout":
            stdout.append(str(output.get("text", "")))
        elif kind == "error":
            error = {"ename": str(output.get("ename", "")), "evalue": str(output.get("evalue"))}
    return "".join(stdout)[:TEXT_LIMIT], error


def _write(config: pytest.Config, record: dict[str, Any]) -> None:
    path = config.getoption("korea_talks_results")
    if path:
        with open(path, "a", encoding="utf-8") as results:
            results.write(json.dumps(record) + "\n")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Write one cell's result as soon as nbval reports it."""
    report = yield
    cell = isinstance(item, nbval_plugin.IPyNbCell)
    if cell and (report.when == "call" or (report.when == "setup" and not report.passed)):
        _record(item, call, report)
    return report


def _record(item: Any, call: pytest.CallInfo[None], report: pytest.TestReport) -> None:
    stdout, error = _outputs(item)
    exception = {}
    if call.excinfo is not None:
        exception = {"type": call.excinfo.typename, "message": str(call.excinfo.value)[:4000]}
    kernel = getattr(item.parent, "kernel", None)
    exceeded = bool(getattr(kernel, "output_exceeded", None))
    if kernel is not None and exceeded:
        kernel.output_exceeded.clear()  # reported once, for the cell where it happened
    _write(
        item.config,
        {
            "index": item.cell_num,
            "when": report.when,
            "outcome": report.outcome,
            "xfail": hasattr(report, "wasxfail"),
            "stdout": stdout,
            "error": error,
            "exception": exception,
            "timed_out": bool(getattr(item.parent, "timed_out", False)),
            "kernel_alive": bool(kernel is not None and kernel.is_alive()),
            "output_limit": exceeded,
        },
    )
