"""What a sandboxed kernel sees: the sandbox's command run once with a probing script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from korea_talks.grading.sandbox import NOBODY, bwrap_argv, package_folder, probe

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, os, socket
def exists(path):
    return os.path.exists(path)
def writable(path):
    try:
        with open(os.path.join(path, ".probe"), "w"):
            return True
    except OSError:
        return False
def connects():
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=1)
        return True
    except OSError:
        return False
import korea_talks.datasets as datasets
print(json.dumps({
    "uid": os.getuid(),
    "pid": os.getpid(),
    "repository": sorted(os.listdir(REPO)) if exists(REPO) else [],
    "answers": sorted(p for p in os.listdir(datasets.DATA_DIR) if p.startswith("answers_")),
    "data": len(os.listdir(datasets.DATA_DIR)),
    "shadow": exists("/etc/shadow"),
    "home": exists(os.path.expanduser("~root/.bashrc")),
    "writable": {p: writable(p) for p in (PACKAGE, "/", "/usr", SCRATCH, "/tmp")},
    "network": connects(),
    "host_processes": len([p for p in os.listdir("/proc") if p.isdigit()]),
}))
"""


@pytest.fixture(scope="module")
def seen(tmp_path_factory, sandbox):
    scratch, sockets = tmp_path_factory.mktemp("scratch"), tmp_path_factory.mktemp("sockets")
    code = PROBE.replace("REPO", repr(str(ROOT))).replace("PACKAGE", repr(str(package_folder())))
    code = code.replace("SCRATCH", repr(str(scratch)))
    argv = bwrap_argv(scratch, sockets, as_nobody=probe().as_nobody)
    done = subprocess.run([*argv, sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return {**json.loads(done.stdout), "scratch": str(scratch)}


def test_the_kernel_sees_the_package_but_not_the_repository_or_the_answers(seen):
    assert set(seen["repository"]) <= {"korea_talks", ".venv"}
    assert seen["answers"] == []
    assert seen["data"] > 5  # the data the exercises load is there
    assert not seen["shadow"] and not seen["home"]


def test_the_kernel_writes_only_to_its_scratch_folder_and_private_tmp(seen):
    package = str(package_folder())
    expected = {package: False, "/": False, "/usr": False, seen["scratch"]: True, "/tmp": True}
    assert seen["writable"] == expected


def test_the_kernel_has_no_network_its_own_processes_and_no_rights(seen):
    assert not seen["network"]
    assert seen["pid"] < 10 and seen["host_processes"] < 5
    if probe().as_nobody:
        assert seen["uid"] == NOBODY


def test_a_checkout_under_tmp_is_bound_back_over_the_private_tmp(monkeypatch, tmp_path):
    """bwrap applies its mounts in order: the private /tmp must come before the venv and the
    package, or a checkout that lies under /tmp (as a CI clone may) vanishes behind it."""
    import korea_talks.grading.sandbox as sandbox

    venv = Path("/tmp/checkout/.venv")
    monkeypatch.setattr(sandbox, "_environment_folders", lambda: [venv])
    monkeypatch.setattr(sandbox, "_package_binds", lambda: ["--ro-bind", "/tmp/checkout/pkg"])
    argv = bwrap_argv(tmp_path / "scratch", tmp_path / "sockets", as_nobody=False)
    tmpfs = argv.index("--tmpfs")
    assert argv[tmpfs + 1] == "/tmp"
    assert argv.index(str(venv)) > tmpfs
    assert argv.index("/tmp/checkout/pkg") > tmpfs
