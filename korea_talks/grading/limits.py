"""What one submission may take, enforced by the kernel outside the student's control.

Each limit of :class:`Limits` is enforced by the strongest mechanism the host offers:

============================  ==========================================================
limit                         mechanism
============================  ==========================================================
memory of all its processes   a memory cgroup per submission (v2 ``memory.max``, or v1
                              ``memory.limit_in_bytes``); without one, only each process's
                              address space (``RLIMIT_AS``), which several processes can
                              add up past
number of processes           a pids cgroup per submission (``pids.max``); without one,
                              not limited per submission (``RLIMIT_NPROC`` counts every
                              process of the user on the host and does not bind root)
private ``/tmp``              a size-limited tmpfs (bubblewrap ``--size`` ``--tmpfs``)
scratch folder                a size-limited tmpfs as well: nothing a submission writes
                              reaches the host's disk
each file                     ``RLIMIT_FSIZE`` (a write past it fails with ``EFBIG``)
output of a cell              counted outside the kernel, in the grader's nbval process,
                              on every message the kernel sends (``print``, raw writes to
                              file descriptors 1 and 2, displays, errors); past the limit
                              the kernel is stopped
============================  ==========================================================

A cgroup needs a writable cgroup file system: running as root (or with a delegated
subtree) on a host with cgroup v2 (``memory`` and ``pids`` controllers) or with the v1
``memory`` and ``pids`` hierarchies. :func:`probe` finds what this host offers;
:func:`enforcement` says, limit by limit, how each is enforced here, so the grader can
warn (or refuse, with ``--strict-limits``) where one is only per process.

A :class:`SubmissionCgroup` is made before a submission's run, the run's first process
joins it (:meth:`SubmissionCgroup.join`, in the child, before anything of the
submission starts), and after the run :meth:`SubmissionCgroup.hits` says which limit
was reached; :meth:`SubmissionCgroup.close` kills whatever is left and removes it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import resource
import signal
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PREFIX = "korea-talks-"


@dataclass(frozen=True)
class Limits:
    """The limits of one submission's run (sizes in MB, output in characters per cell)."""

    memory_mb: int = 2048
    processes: int = 64
    tmp_mb: int = 256
    scratch_mb: int = 256
    file_mb: int = 128
    output_chars: int = 1_000_000

    def reasons(self) -> dict[str, str]:
        """The reason a row gives when each limit is reached."""
        return {
            "memory": (
                f"the submission's processes together used more than {self.memory_mb} MB of "
                "memory (the limit); the kernel was stopped"
            ),
            "processes": (
                f"the submission tried to run more than {self.processes} processes at once "
                "(the limit); starting more failed"
            ),
            "disk": (
                f"the submission filled its private /tmp ({self.tmp_mb} MB) or its scratch "
                f"folder ({self.scratch_mb} MB), or wrote a file larger than "
                f"{self.file_mb} MB (the limits)"
            ),
            "output": (
                f"a cell wrote more than {self.output_chars:,} characters of output (any "
                "channel, raw writes to file descriptors included); the kernel was stopped"
            ),
        }


@dataclass(frozen=True)
class CgroupSupport:
    """Where per-submission cgroups can be made here (empty: nowhere)."""

    version: int = 0
    memory: Path | None = None
    pids: Path | None = None
    reason: str = ""

    @property
    def available(self) -> bool:
        """True when both memory and pids can be limited per submission."""
        return self.memory is not None and self.pids is not None


def _own_cgroups() -> dict[str, str]:
    """This process's cgroup path per controller (``""`` is the v2 unified one)."""
    own: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            for name in controllers.split(",") if controllers else [""]:
                own[name] = path
    return own


def _writable(folder: Path) -> bool:
    """Whether a child cgroup can be made in ``folder`` (tried, then removed)."""
    trial = folder / f"{PREFIX}probe-{os.getpid()}"
    try:
        trial.mkdir()
    except OSError:
        return False
    with contextlib.suppress(OSError):
        trial.rmdir()
    return True


def _probe_v2(own: dict[str, str]) -> CgroupSupport | None:
    if not (CGROUP_ROOT / "cgroup.controllers").is_file() or "" not in own:
        return None
    folder = CGROUP_ROOT / own[""].lstrip("/")
    try:
        available = set((folder / "cgroup.controllers").read_text().split())
        if not {"memory", "pids"} <= available:
            return CgroupSupport(reason="cgroup v2 without the memory and pids controllers")
        enabled = set((folder / "cgroup.subtree_control").read_text().split())
        if not {"memory", "pids"} <= enabled:
            (folder / "cgroup.subtree_control").write_text("+memory +pids")
    except OSError as exc:
        return CgroupSupport(reason=f"cgroup v2 not delegated here ({exc.strerror})")
    if not _writable(folder):
        return CgroupSupport(reason="cgroup v2 not writable (run as root or delegate)")
    return CgroupSupport(2, folder, folder)


def _probe_v1(own: dict[str, str]) -> CgroupSupport:
    folders = {}
    for controller in ("memory", "pids"):
        mount = CGROUP_ROOT / controller
        if controller not in own or not (mount / "cgroup.procs").exists():
            return CgroupSupport(reason=f"no cgroup v1 {controller} hierarchy")
        folder = mount / own[controller].lstrip("/")
        if not _writable(folder):
            return CgroupSupport(reason=f"the {controller} cgroup is not writable (not root?)")
        folders[controller] = folder
    return CgroupSupport(1, folders["memory"], folders["pids"])


@functools.cache
def probe() -> CgroupSupport:
    """What this host offers for per-submission cgroups (tried once per process)."""
    if os.environ.get("KOREA_TALKS_NO_CGROUP") == "1":  # lets tests exercise the fallback
        return CgroupSupport(reason="disabled by KOREA_TALKS_NO_CGROUP=1")
    own = _own_cgroups()
    v2 = _probe_v2(own)
    if v2 is not None and v2.available:
        return v2
    v1 = _probe_v1(own)
    if v1.available:
        return v1
    return CgroupSupport(reason="; ".join(r for r in (v2.reason if v2 else "", v1.reason) if r))


def enforcement(support: CgroupSupport, confined: bool) -> dict[str, str]:
    """How each limit is enforced on this host, in words for the instructor."""
    group = f"cgroup v{support.version}" if support.available else ""
    return {
        "memory": group or "per process only (RLIMIT_AS); processes can add up past it",
        "processes": group or "NOT limited per submission (no writable pids cgroup)",
        "tmp": "tmpfs size (bubblewrap)" if confined else "NOT limited (no sandbox)",
        "scratch": "tmpfs size (bubblewrap)" if confined else "NOT limited (no sandbox)",
        "file": "RLIMIT_FSIZE",
        "output": "counted outside the kernel (every message)",
    }


def unenforced(support: CgroupSupport, confined: bool) -> list[str]:
    """The limits that cannot be fully enforced here, each with how far they are."""
    return [
        f"{name}: {how}"
        for name, how in enforcement(support, confined).items()
        if how.startswith(("NOT", "per process"))
    ]


def apply_rlimits(limits: Limits) -> None:
    """Set the per-process limits in this process (inherited by everything it starts)."""
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    size = limits.file_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


@dataclass
class SubmissionCgroup:
    """The cgroup(s) of one submission's run: made, joined, read, killed, removed."""

    support: CgroupSupport
    limits: Limits
    folders: list[Path] = field(default_factory=list)

    @classmethod
    def make(cls, support: CgroupSupport, limits: Limits) -> SubmissionCgroup | None:
        """A new cgroup with the limits written, or ``None`` where cgroups are unavailable."""
        if not support.available or support.memory is None or support.pids is None:
            return None
        name = f"{PREFIX}{uuid.uuid4().hex[:12]}"
        group = cls(support, limits)
        memory = limits.memory_mb * 1024 * 1024
        try:
            if support.version == 2:
                folder = support.memory / name
                folder.mkdir()
                group.folders = [folder]
                (folder / "memory.max").write_text(str(memory))
                (folder / "memory.swap.max").write_text("0")
                (folder / "pids.max").write_text(str(limits.processes))
            else:
                memory_folder, pids_folder = support.memory / name, support.pids / name
                memory_folder.mkdir()
                group.folders.append(memory_folder)
                pids_folder.mkdir()
                group.folders.append(pids_folder)
                (memory_folder / "memory.limit_in_bytes").write_text(str(memory))
                with contextlib.suppress(OSError):  # absent without swap accounting
                    (memory_folder / "memory.memsw.limit_in_bytes").write_text(str(memory))
                (pids_folder / "pids.max").write_text(str(limits.processes))
        except OSError:
            group.close()
            raise
        return group

    @property
    def procs_files(self) -> list[str]:
        """The ``cgroup.procs`` files a process writes its pid to, to join."""
        return [str(folder / "cgroup.procs") for folder in self.folders]

    def _read(self, name: str) -> str:
        for folder in self.folders:
            with contextlib.suppress(OSError):
                return (folder / name).read_text()
        return ""

    @staticmethod
    def _field(text: str, key: str) -> int:
        for line in text.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == key:
                return int(parts[1])
        return 0

    def hits(self) -> list[str]:
        """The limits reached during the run (``memory``, ``processes``)."""
        found = []
        if self.support.version == 2:
            if self._field(self._read("memory.events"), "oom_kill"):
                found.append("memory")
            if self._field(self._read("pids.events"), "max"):
                found.append("processes")
        else:
            if self._field(self._read("memory.oom_control"), "oom_kill"):
                found.append("memory")
            if self._field(self._read("pids.events"), "max"):
                found.append("processes")
        return found

    def peak_memory_mb(self) -> float:
        """The most memory the submission's processes held together (MB)."""
        name = "memory.peak" if self.support.version == 2 else "memory.max_usage_in_bytes"
        text = self._read(name).strip()
        return int(text) / (1024 * 1024) if text.isdigit() else float("nan")

    def pids(self) -> set[int]:
        """The processes in the cgroup now."""
        found: set[int] = set()
        for procs in self.procs_files:
            with contextlib.suppress(OSError, ValueError):
                found |= {int(p) for p in Path(procs).read_text().split()}
        return found

    def close(self) -> None:
        """Kill every process left in the cgroup, then remove it."""
        for folder in self.folders:
            kill = folder / "cgroup.kill"
            if self.support.version == 2 and kill.exists():
                with contextlib.suppress(OSError):
                    kill.write_text("1")
        for _ in range(200):  # a fork storm may still be forking: kill until empty
            left = self.pids()
            if not left:
                break
            for pid in left:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.01)
        for folder in reversed(self.folders):
            for _ in range(100):  # removal waits for the last exit to be accounted
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.01)


def join(procs_files: list[str]) -> None:
    """Move this process into a submission's cgroup (called in the run's first child)."""
    for procs in procs_files:
        with open(procs, "w") as handle:
            handle.write(str(os.getpid()))
