"""A pre-loaded parent that forks one child process per nbval run.

Starting Python and importing pytest, nbval and nbformat costs more than executing a
short exercise notebook. The grader therefore starts one zygote per worker
(:data:`korea_talks.grading.runner.ZYGOTE_MAIN`); the zygote imports those once, then for each
request (a JSON line on stdin) forks a child that sets its memory limit, starts its own
process group and runs ``pytest.main``. The zygote waits with a wall-clock limit, kills
the child's process group (kernel included) when it is exceeded or when the child is
done, and answers with a JSON line. Every submission still runs in its own process.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import signal
import sys
import time
from typing import Any, TextIO


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (``PR_SET_PDEATHSIG``), so a
    run stopped by a signal leaves no nbval process behind; a no-op elsewhere."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


PR_SET_PDEATHSIG = 1


def _child(request: dict[str, Any]) -> int:
    die_with_parent()
    for procs in request.get("cgroup", []):  # the submission's cgroup, before anything runs
        with open(procs, "w") as handle:
            handle.write(str(os.getpid()))
    os.setsid()
    limit = int(request["memory_bytes"])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    size = int(request["file_bytes"])
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = int(request["timeout"])  # a backstop for a kernel orphaned by a kill
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    os.chdir(request["cwd"])
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    import pytest

    return int(pytest.main(request["args"]))


def serve(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    """Answer run requests until stdin closes."""
    import nbformat  # noqa: F401  (loaded once, inherited by every child)
    import nbval.plugin  # noqa: F401
    import pytest  # noqa: F401

    print(json.dumps({"ready": True}), file=stdout, flush=True)
    for line in stdin:
        request = json.loads(line)
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            code = 98
            try:
                code = _child(request)
            finally:
                os._exit(code)
        deadline = start + float(request["timeout"])
        returncode, timed_out = None, False
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                returncode = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                timed_out = True
                break
            time.sleep(0.01)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)  # a kernel left behind
        reply = {"returncode": returncode, "timed_out": timed_out}
        print(json.dumps(reply), file=stdout, flush=True)


if __name__ == "__main__":
    serve()
