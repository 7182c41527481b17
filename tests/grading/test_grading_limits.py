"""The limits per submission: what the host offers, and what the grader says where a
limit can only be enforced per process (the grading runs are in the hostile classes)."""

from __future__ import annotations

import argparse

import pytest

from korea_talks.grading import limits as host_limits
from korea_talks.grading.__main__ import add_arguments, check_limits, run
from korea_talks.grading.grade import Options
from korea_talks.grading.limits import CgroupSupport, Limits, SubmissionCgroup


@pytest.fixture
def no_cgroup(monkeypatch):
    monkeypatch.setenv("KOREA_TALKS_NO_CGROUP", "1")
    host_limits.probe.cache_clear()
    yield
    host_limits.probe.cache_clear()


def test_without_a_cgroup_memory_and_processes_are_named_as_not_fully_enforced(no_cgroup):
    support = host_limits.probe()
    assert not support.available and "KOREA_TALKS_NO_CGROUP" in support.reason
    missing = host_limits.unenforced(support, confined=True)
    assert [line.split(":")[0] for line in missing] == ["memory", "processes"]
    assert SubmissionCgroup.make(support, Limits()) is None


def test_the_grader_warns_or_with_strict_limits_refuses(no_cgroup, capsys):
    assert check_limits(Options(), strict=False)
    assert "warning: some limits cannot be fully enforced" in capsys.readouterr().err
    assert not check_limits(Options(), strict=True)
    err = capsys.readouterr().err
    assert err.startswith("error: some limits") and "processes: NOT limited" in err


def test_strict_limits_refuses_before_any_notebook_runs(no_cgroup, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args([str(tmp_path), "--key", "none.ipynb", "--strict-limits"])
    args.parser = parser
    assert run(args) == 2
    assert "processes: NOT limited per submission" in capsys.readouterr().err


def test_a_submission_cgroup_holds_its_limits_and_is_removed():
    support = host_limits.probe()
    if not support.available:
        pytest.skip(f"no per-submission cgroup here: {support.reason}")
    group = SubmissionCgroup.make(support, Limits(memory_mb=1100, processes=33))
    assert group is not None
    folders = list(group.folders)
    try:
        limit = "memory.max" if support.version == 2 else "memory.limit_in_bytes"
        assert any(
            (f / limit).exists() and int((f / limit).read_text()) == 1100 << 20 for f in folders
        )
        assert any(
            (f / "pids.max").exists() and (f / "pids.max").read_text().strip() == "33"
            for f in folders
        )
        assert group.hits() == [] and group.pids() == set()
    finally:
        group.close()
    assert not any(f.exists() for f in folders)


def test_the_reason_of_each_limit_names_its_size():
    reasons = Limits(memory_mb=1500, processes=40, tmp_mb=7, scratch_mb=9, file_mb=3).reasons()
    assert "1500 MB" in reasons["memory"] and "40 processes" in reasons["processes"]
    assert all(size in reasons["disk"] for size in ("7 MB", "9 MB", "3 MB"))
    assert CgroupSupport().available is False
