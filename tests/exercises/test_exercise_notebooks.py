"""nbval on the exercise notebooks: the keys pass, and the self-check of a practice notebook
passes with the model answers and fails, at the checks, without them.

nbval runs in one subprocess (``python -m pytest --nbval-lax ...``) so that this test run
does not itself collect the notebooks (``exercises/`` is not in ``testpaths``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

from korea_talks.authoring import stale
from korea_talks.authoring.build import read, sources, student_path
from korea_talks.authoring.cells import CHECK_MARKER, is_solution, role
from korea_talks.checks.protocol import EDITIONS
from korea_talks.grading.reference import canonical_key

ROOT = Path(__file__).parents[2]
EXERCISES = ROOT / "exercises"
SOURCES = sources(EXERCISES)
PRACTICE = [student_path(s, "practice") for s in SOURCES]


def _nbval(paths: list[Path], tmp_path: Path) -> dict[str, dict[int, str]]:
    """Run nbval on notebooks in ``tmp_path``; return {name: {code cell index: outcome}}."""
    junit = tmp_path / "junit.xml"
    for path in paths:
        if path.parent != tmp_path:
            shutil.copy(path, tmp_path / path.name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "--nbval-current-env",
            "--nbval-cell-timeout=120",
            "--color=no",
            "-p",
            "no:cacheprovider",
            "-q",
            f"--junitxml={junit}",
            *(path.name for path in paths),
        ],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=600,
    )
    results: dict[str, dict[int, str]] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        notebook = case.get("classname", "").rsplit(".ipynb", 1)[0]
        outcome = "failed" if any(c.tag in ("failure", "error") for c in case) else "passed"
        index = int(case.get("name").split()[1])
        results.setdefault(notebook, {})[index] = outcome
    return results


def _check_indices(path: Path) -> set[int]:
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    return {i for i, cell in enumerate(code) if role(cell) == "check"}


def _self_check_keys(tmp_path: Path) -> tuple[list[Path], list[Path]]:
    """Self-check keys of each practice notebook: with the model answers, and untouched."""
    solved, untouched = [], []
    for source, practice in zip(SOURCES, PRACTICE, strict=True):
        answers = {c.id: c.source for c in read(source).cells if is_solution(c)}
        nb = read(practice)
        untouched_path = tmp_path / f"untouched-{practice.name}"
        nbformat.write(canonical_key(nb), untouched_path)
        for cell in nb.cells:
            cell.source = answers.get(cell.id, cell.source)
        solved_path = tmp_path / f"solved-{practice.name}"
        nbformat.write(canonical_key(nb), solved_path)
        solved.append(solved_path)
        untouched.append(untouched_path)
    return solved, untouched


def test_there_are_eight_sets_with_both_student_editions():
    assert len(SOURCES) == 8
    for edition in EDITIONS:
        found = sorted((EXERCISES / edition).glob("*.ipynb"))
        assert [p.name for p in found] == [p.name for p in SOURCES]


@pytest.mark.slow
def test_nbval_on_keys_and_on_practice_self_checks(tmp_path):
    """One nbval run: every key passes; a practice notebook passes its self-check with the
    model answers and fails it exactly at the check cells when left untouched."""
    solved, untouched = _self_check_keys(tmp_path)
    results = _nbval([*SOURCES, *solved, *untouched], tmp_path)
    for path in [*SOURCES, *solved]:
        failed = sorted(i for i, outcome in results[path.stem].items() if outcome == "failed")
        assert failed == [], f"{path.name}: cells {failed} fail"
    for path in untouched:
        failed = {i for i, outcome in results[path.stem].items() if outcome == "failed"}
        assert failed == _check_indices(path), path.name


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_key_check_cells_store_an_output_and_an_execution_count(path):
    """nbval silently skips a cell without stored outputs: guard against that."""
    checks = [c for c in nbformat.read(path, as_version=4).cells if role(c) == "check"]
    assert len(checks) >= 5
    for cell in checks:
        assert cell.source.startswith(CHECK_MARKER)
        assert cell.outputs, f"{path.name}: {cell.id} has no stored output"
        assert cell.execution_count is not None, f"{path.name}: {cell.id} has no count"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_student_notebooks_are_up_to_date_with_their_sources(source):
    assert stale(source) == [], "run: make students"
