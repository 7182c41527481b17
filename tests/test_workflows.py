"""The GitHub workflows: tests on every push and pull request; publishing only after them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

WORKFLOWS = Path(__file__).resolve().parents[1] / ".github" / "workflows"


def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_tests_run_on_every_push_and_pull_request_as_ci_does():
    tests = _load("tests.yml")
    assert {"push", "pull_request"} <= set(tests["on"])
    assert tests["on"]["push"] is None  # every branch
    job = tests["jobs"]["test"]
    assert job["container"]["image"].startswith("python:3.11-")
    runs = [step.get("run", "") for step in job["steps"]]
    assert "bash .ci/run" in runs
    assert job["steps"][runs.index("bash .ci/run")]["env"]["REQUIRE_ACTIONLINT"] == "true"


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
