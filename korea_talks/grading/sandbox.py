"""The only place that starts a kernel for a student's code: under bubblewrap.

A submission's kernel runs in a sandbox built by ``bwrap`` (Debian package
``bubblewrap``): a read-only view of the system, the Python environment and this
package's code; the package's data folder without the answer specifications
(``answers_*.toml``); a private ``/tmp``, ``/proc`` and ``/dev``; no network (every
namespace unshared, so only an empty loopback); its own PID namespace, so every process
the student starts dies with the sandbox (``--die-with-parent``); the unprivileged user
65534 where the host allows it, with every capability dropped; and exactly three writable
places, all private to that submission: ``/tmp`` and its scratch folder (working
directory and home), both size-limited tmpfs (:mod:`korea_talks.grading.limits`), and the
folder of the kernel's sockets (jupyter_client's IPC transport, since the sandbox has no
network).

Nothing else of the machine is visible: not the repository's instructor sources, not
the answer data, not the other submissions, not the grader's output folder.

pytest and nbval run outside the sandbox; only the kernel runs inside
(:mod:`korea_talks.grading.nbval_hooks` starts it from the kernel spec written here).

Where bubblewrap cannot run, :func:`probe` says why, and the grader refuses to grade
unless the instructor accepts running student code unconfined.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import korea_talks
from korea_talks.grading.limits import Limits

KERNEL_NAME = "korea-talks-sandbox"
NOBODY = 65534
ANSWER_FILES = ("answers_*", "practice")
"""Entries of the package's data folder that never enter the sandbox: the answer data
(``practice/`` holds the salted digests and hints of the practice edition)."""

SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC_ENTRIES = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "alternatives",
    "localtime",
    "nsswitch.conf",
    "passwd",
    "group",
    "hosts",
    "mime.types",
    "fonts",
    "ssl",
)
"""What the sandbox sees of /etc: what programs need to start. Not the rest: as root,
bwrap maps the sandbox's user to root's files, so ``/etc/shadow`` would be readable."""
UNCONFINED_WARNING = (
    "UNCONFINED: student code ran without a sandbox, with the grader's rights "
    "(bubblewrap could not run; --allow-unconfined was given)"
)


class SandboxUnavailableError(RuntimeError):
    """bubblewrap cannot confine a kernel on this machine; the message says why."""


@dataclass(frozen=True)
class SandboxStatus:
    """Whether kernels can be confined here, and how."""

    confined: bool
    as_nobody: bool = False
    reason: str = ""


def package_folder() -> Path:
    """The folder of the ``korea_talks`` package the kernel imports."""
    return Path(korea_talks.__file__).resolve().parent


def _environment_folders() -> list[Path]:
    """The Python installation and environment, bound read-only."""
    folders = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    executable = Path(sys.executable).resolve()
    folders.add(executable.parent.parent)
    system = [Path(s) for s in (*SYSTEM_FOLDERS, "/etc")]
    return sorted(f for f in folders if not any(f == s or s in f.parents for s in system))


def _system_binds() -> list[str]:
    args: list[str] = []
    for folder in SYSTEM_FOLDERS:
        path = Path(folder)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), folder]
        elif path.is_dir():
            args += ["--ro-bind", folder, folder]
    for name in ETC_ENTRIES:
        if Path("/etc", name).exists():
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    return args


def _package_binds() -> list[str]:
    """The package read-only, its data folder replaced by a copy without answers."""
    package = package_folder()
    data = package / "data"
    args = ["--ro-bind", str(package), str(package)]
    if data.is_dir():
        args += ["--tmpfs", str(data)]
        answers = {entry for pattern in ANSWER_FILES for entry in data.glob(pattern)}
        for entry in sorted(data.iterdir()):
            if entry not in answers:
                args += ["--ro-bind", str(entry), str(entry)]
        args += ["--remount-ro", str(data)]
    return args


def kernel_environment(scratch: Path) -> dict[str, str]:
    """The whole environment of a sandboxed kernel (nothing inherited from the grader)."""
    return {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(scratch),
        "IPYTHONDIR": str(scratch / ".ipython"),
        "MPLCONFIGDIR": str(scratch / ".matplotlib"),
        "JUPYTER_RUNTIME_DIR": str(scratch / ".jupyter"),
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


def bwrap_argv(
    scratch: Path, sockets: Path, *, as_nobody: bool, limits: Limits | None = None
) -> list[str]:
    """The bwrap command that runs what follows it in a submission's sandbox.

    ``/tmp`` and the scratch folder are tmpfs of the sizes in ``limits``: what the
    submission writes stays in memory the size allows (and its cgroup counts), never on
    the host's disk. The scratch folder holds the student's own notebook, read-only,
    bound from ``scratch/submission.ipynb`` on the host when it is there.
    """
    limits = limits or Limits()
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailableError("bubblewrap (bwrap) is not installed")
    args = [bwrap, "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session"]
    if as_nobody:
        args += ["--uid", str(NOBODY), "--gid", str(NOBODY)]
    args += ["--cap-drop", "ALL", "--hostname", "sandbox", "--clearenv"]
    for name, value in kernel_environment(scratch).items():
        args += ["--setenv", name, value]
    args += _system_binds()
    # the private /tmp first: a checkout or venv that lies under /tmp is bound back on top
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += ["--size", str(limits.tmp_mb * 1024 * 1024), "--tmpfs", "/tmp"]
    for folder in _environment_folders():
        args += ["--ro-bind", str(folder), str(folder)]
    args += _package_binds()
    args += ["--size", str(limits.scratch_mb * 1024 * 1024), "--tmpfs", str(scratch)]
    own = scratch / "submission.ipynb"
    if own.is_file():
        args += ["--ro-bind", str(own), str(own)]
    args += ["--bind", str(sockets), str(sockets)]
    args += ["--remount-ro", "/", "--chdir", str(scratch), "--"]
    return args


def kernel_argv(
    scratch: Path, sockets: Path, status: SandboxStatus, limits: Limits | None = None
) -> list[str]:
    """The kernel spec's argv: ipykernel, under bwrap when the sandbox can run."""
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    if not status.confined:
        return kernel
    sandbox = bwrap_argv(scratch, sockets, as_nobody=status.as_nobody, limits=limits)
    return [*sandbox, *kernel]


def write_kernel_spec(
    folder: Path,
    scratch: Path,
    sockets: Path,
    status: SandboxStatus,
    limits: Limits | None = None,
) -> Path:
    """Write ``folder/<KERNEL_NAME>/kernel.json``; return ``folder`` (a kernel dir)."""
    spec = folder / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    env = {} if status.confined else kernel_environment(scratch)
    body = {
        "argv": kernel_argv(scratch, sockets, status, limits),
        "display_name": "Python (grading sandbox)",
        "language": "python",
        "env": env,
        "interrupt_mode": "message",  # a signal would reach bwrap, not the kernel
        "metadata": {"debugger": False},
    }
    (spec / "kernel.json").write_text(json.dumps(body, indent=1), encoding="utf-8")
    return folder


def _try(as_nobody: bool) -> tuple[bool, str]:
    with tempfile.TemporaryDirectory(prefix="korea-talks-probe-") as tmp:
        scratch, sockets = Path(tmp) / "scratch", Path(tmp) / "sockets"
        scratch.mkdir()
        sockets.mkdir()
        try:
            argv = bwrap_argv(scratch, sockets, as_nobody=as_nobody)
        except SandboxUnavailableError as exc:
            return False, str(exc)
        code = "import korea_talks.datasets, os; print(os.getuid())"
        try:
            done = subprocess.run(
                [*argv, sys.executable, "-c", code],
                capture_output=True,
                text=True,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return False, f"bwrap did not start ({exc})"
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            return False, f"bwrap failed: {last}"
        return True, ""


@functools.cache
def probe() -> SandboxStatus:
    """Can bwrap confine a kernel here? Tried once per process (as user 65534 first)."""
    ok, reason = _try(as_nobody=True)
    if ok:
        return SandboxStatus(True, as_nobody=True)
    ok, second = _try(as_nobody=False)
    if ok:
        return SandboxStatus(True, as_nobody=False, reason=f"not as user {NOBODY}: {reason}")
    return SandboxStatus(False, reason=second or reason)


def require(allow_unconfined: bool) -> SandboxStatus:
    """The sandbox status to grade with; raise when it cannot confine and that is refused."""
    if os.environ.get("KOREA_TALKS_NO_SANDBOX") == "1":  # lets tests exercise refusal
        status = SandboxStatus(False, reason="disabled by KOREA_TALKS_NO_SANDBOX=1")
    else:
        status = probe()
    if not status.confined and not allow_unconfined:
        raise SandboxUnavailableError(
            f"cannot sandbox student code: {status.reason}. Install bubblewrap "
            "(apt-get install bubblewrap) on a host that allows user namespaces, or pass "
            "--allow-unconfined to run student code with your own rights (not safe for "
            "code you do not trust)"
        )
    return status
