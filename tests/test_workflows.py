"""The GitHub workflows: tests in parallel jobs on every push and pull request, together
running every test once; publishing only after them; a weekly stress run; releases on tags."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
TEST_PARTS = {"unit": "test-unit", "notebooks": "test-notebooks", "browser": "test-browser"}


def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _runs(job: dict[str, Any]) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def _make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))


def test_tests_run_on_every_push_and_pull_request_in_parallel_jobs():
    tests = _load("tests.yml")
    assert {"push", "pull_request"} <= set(tests["on"])
    assert tests["on"]["push"] is None  # every branch
    assert tests["env"]["CI"] == "true"  # a browser or sandbox test may not skip there
    jobs = tests["jobs"]
    assert {"lint", "unit", "notebooks", "browser", "coverage"} <= set(jobs)
    for name, target in TEST_PARTS.items():
        job = jobs[name]
        assert "needs" not in job  # the test jobs run side by side
        assert job["container"]["image"].startswith("python:3.11-")
        assert "--privileged" in job["container"]["options"]  # bubblewrap's namespaces
        (command,) = [run for run in _runs(job) if run.startswith("bash .ci/run")]
        assert target in command.split(), (name, command)
    assert "bash .ci/run book test-browser" in _runs(jobs["browser"])
    assert set(TEST_PARTS.values()) <= _make_targets()


def test_lint_job_requires_actionlint():
    lint = _load("tests.yml")["jobs"]["lint"]
    (step,) = [step for step in lint["steps"] if step.get("run") == "make lint"]
    assert step["env"]["REQUIRE_ACTIONLINT"] == "true"
    assert any(".github/actionlint-requirements.txt" in run for run in _runs(lint))


def test_every_job_keeps_its_own_pip_cache():
    jobs = _load("tests.yml")["jobs"]
    keys = {}
    for name in ["lint", *TEST_PARTS]:
        (cache,) = [step for step in jobs[name]["steps"] if "actions/cache" in step.get("uses", "")]
        assert cache["with"]["path"] == "~/.cache/pip"
        assert "hashFiles('requirements.txt'" in cache["with"]["key"]
        keys[name] = cache["with"]["key"]
    assert len(set(keys.values())) == len(keys)


def test_coverage_job_adds_up_every_part_and_applies_the_floor():
    jobs = _load("tests.yml")["jobs"]
    coverage = jobs["coverage"]
    assert set(coverage["needs"]) == set(TEST_PARTS)
    for name in TEST_PARTS:
        steps = jobs[name]["steps"]
        (upload,) = [step for step in steps if "upload-artifact" in step.get("uses", "")]
        assert upload["with"]["path"] == f".coverage.{name}"
    script = "\n".join(_runs(coverage))
    assert all(f".coverage.{name}" in script for name in TEST_PARTS)
    assert "coverage report" in script
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r"^fail_under = [1-9]\d", pyproject, re.M)


def test_publishing_waits_for_the_tests_to_pass_on_main():
    publish = _load("publish.yml")
    tests = _load("tests.yml")
    trigger = publish["on"]
    assert "push" not in trigger
    assert trigger["workflow_run"]["workflows"] == [tests["name"]]
    assert trigger["workflow_run"]["branches"] == ["main"]
    build = publish["jobs"]["build"]
    assert "github.event.workflow_run.conclusion == 'success'" in build["if"]
    assert publish["jobs"]["deploy"]["needs"] == "build"


def test_stress_runs_weekly_and_on_demand_with_a_fresh_machine_run():
    stress = _load("stress.yml")
    assert stress["on"]["schedule"] and "workflow_dispatch" in stress["on"]
    jobs = stress["jobs"]
    assert "bash .ci/run book stress" in _runs(jobs["stress"])
    fresh = jobs["fresh-machine"]
    assert "bash .ci/run" in _runs(fresh)  # the README's make test, as on a new machine
    assert fresh["timeout-minutes"] <= 30
    assert "stress" in _make_targets()


def _pytest_arguments(target: str) -> list[list[str]]:
    """The pytest arguments of each pytest command of a make target (``make -n``)."""
    dry_run = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed-stamp", target, "WORKERS=0"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    commands = []
    for line in dry_run.replace("\\\n", " ").splitlines():
        words = shlex.split(line)
        if "pytest" in words:
            commands.append(words[words.index("pytest") + 1 :])
    return commands


_COLLECT = """
import sys, pytest
class Marks:
    def pytest_collection_finish(self, session):
        for item in session.items:
            print("TEST", "browser" if item.get_closest_marker("browser") else "-", item.nodeid)
sys.exit(pytest.main(["--collect-only", "-q", "-p", "no:randomly"], plugins=[Marks()]))
"""


def _collect() -> tuple[set[str], set[str]]:
    """Every test ``make test`` collects, and those of them marked ``browser`` (one
    collection, in a child process)."""
    done = subprocess.run(
        [sys.executable, "-c", _COLLECT],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTEST_ADDOPTS": ""},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    every, browser = set(), set()
    for line in done.stdout.splitlines():
        if line.startswith("TEST "):
            _, mark, test = line.split(" ", 2)
            every.add(test)
            if mark == "browser":
                browser.add(test)
    return every, browser


def _selected(arguments: list[str], every: set[str], browser: set[str]) -> set[str]:
    """The tests one pytest command of the Makefile selects: its paths (or all), less its
    --ignore paths, filtered by its -m expression (which may name only the browser mark)."""
    paths, ignored, expression = [], [], None
    words = iter(arguments)
    for word in words:
        if word == "-m":
            expression = next(words)
        elif word.startswith("--ignore="):
            ignored.append(word.removeprefix("--ignore="))
        elif not word.startswith("-"):
            paths.append(word)
    assert expression in (None, "browser", "not browser"), expression

    def inside(test: str, folders: list[str]) -> bool:
        return any(test == f or test.startswith((f + "/", f + "::")) for f in folders)

    chosen = {t for t in every if (not paths or inside(t, paths)) and not inside(t, ignored)}
    if expression == "browser":
        chosen &= browser
    elif expression == "not browser":
        chosen -= browser
    return chosen


@pytest.mark.slow
def test_the_ci_parts_run_every_test_exactly_once():
    """The three test jobs of the workflow hold every test of `make test`, none twice."""
    (everything,) = _pytest_arguments("test")
    assert not [word for word in everything if not word.startswith("-")]  # testpaths: all
    every, browser = _collect()
    assert len(every) > 1000 and browser
    held = [
        _selected(arguments, every, browser)
        for target in TEST_PARTS.values()
        for arguments in _pytest_arguments(target)
    ]
    assert set().union(*held) == every
    assert sum(map(len, held)) == len(every), "a test is in two parts"
