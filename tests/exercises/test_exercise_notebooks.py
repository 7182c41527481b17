"""nbval on the exercise notebooks: the keys pass, untouched student notebooks fail on checks.

nbval runs once per notebook, in subprocesses (``python -m pytest --nbval-lax ...``), so
that this test run does not itself collect the notebooks (``exercises/`` is not in
``testpaths``); every test reads the one shared set of results.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

from korea_talks.authoring import stale
from korea_talks.authoring.build import sources
from korea_talks.authoring.cells import CHECK_MARKER, role

ROOT = Path(__file__).parents[2]
EXERCISES = ROOT / "exercises"
SOURCES = sources(EXERCISES)
STUDENTS = sorted(EXERCISES.glob("*.ipynb"))


def _key(path: Path) -> str:
    """How nbval's report names a notebook: ``exercises.set1-crisis`` for its path."""
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


@pytest.fixture(scope="module")
def nbval_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[int, str]]:
    """nbval's outcome for every code cell of the sources and the student notebooks.

    Two nbval runs share the notebooks and run side by side: a kernel is busy with one
    notebook at a time, so two runs keep two cores at work.
    """
    paths = [*SOURCES, *STUDENTS]
    runs = [_start_nbval(paths[part::2], tmp_path_factory.mktemp("nbval")) for part in (0, 1)]
    results: dict[str, dict[int, str]] = {}
    try:
        for proc, junit in runs:
            proc.wait(timeout=600)
            results.update(_read_junit(junit))
    finally:
        for proc, _ in runs:
            if proc.poll() is None:
                proc.kill()
    return results


def _start_nbval(paths: list[Path], folder: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """Start nbval on notebooks; return the process and where its junit report goes."""
    junit = folder / "junit.xml"
    command = [
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
        *map(str, paths),
    ]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, junit


def _read_junit(junit: Path) -> dict[str, dict[int, str]]:
    """{notebook key: {code cell index: outcome}} from nbval's junit report."""
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


def test_there_are_six_sets_with_student_notebooks():
    assert len(SOURCES) == 6
    assert [p.name for p in STUDENTS] == [p.name for p in SOURCES]


def test_nbval_passes_on_every_instructor_notebook(nbval_results):
    for path in SOURCES:
        cells = nbval_results[_key(path)]
        failed = sorted(i for i, outcome in cells.items() if outcome == "failed")
        assert failed == [], f"{path.name}: cells {failed} fail"


def test_nbval_reports_on_every_notebook(nbval_results):
    assert sorted(nbval_results) == sorted(_key(p) for p in [*SOURCES, *STUDENTS])


def test_nbval_fails_on_untouched_student_notebooks_exactly_at_the_checks(nbval_results):
    for path in STUDENTS:
        failed = {i for i, outcome in nbval_results[_key(path)].items() if outcome == "failed"}
        assert failed == _check_indices(path), path.name


@pytest.mark.parametrize("path", [*SOURCES, *STUDENTS], ids=lambda p: str(p.relative_to(ROOT)))
def test_graded_check_cells_store_an_output_and_an_execution_count(path):
    """nbval silently skips a cell without stored outputs: guard against that."""
    checks = [c for c in nbformat.read(path, as_version=4).cells if role(c) == "check"]
    assert len(checks) >= 5
    for cell in checks:
        assert cell.source.startswith(CHECK_MARKER)
        assert cell.outputs, f"{path.name}: {cell.id} has no stored output"
        assert cell.execution_count is not None, f"{path.name}: {cell.id} has no count"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_student_notebooks_are_up_to_date_with_their_sources(source):
    assert stale(source) == [], "run: python -m korea_talks.authoring build exercises/"
