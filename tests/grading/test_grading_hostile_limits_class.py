"""The second hostile class (``fixtures/set1-hostile-limits``) graded once, with small limits.

Its attackers go for the host's resources and the grader's outputs (see
``make_hostile_limits_class.py``); the test adds names that are not UTF-8, carry terminal
escapes or HTML, and a FIFO named like a notebook. One grading run, then:

- the gradebook matches the reviewed one cell by cell, every limit reached named on its
  row, the rest of the class graded as usual;
- where the host gives each submission a cgroup, none held more memory than the limit;
- nothing is left in TMPDIR and no process is left behind;
- no feedback file, CSV or terminal line carries a control character, a raw tag or a
  forged heading or score line.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from pathlib import Path

import pytest
from golden import assert_same_gradebook
from leftovers import watched_descendants
from make_hostile_limits_class import CLASS, LIMITS, add_hostile_names

from korea_talks.grading import limits as host_limits
from korea_talks.grading import load_reference
from korea_talks.grading.__main__ import write_reports
from korea_talks.grading.grade import Options
from korea_talks.grading.gradebook import grade_class
from korea_talks.grading.safe_text import is_utf8

pytestmark = pytest.mark.slow  # grades a whole class under tight limits: a kernel per notebook

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
KEY = FIXTURES / "set1-key.ipynb"
GOLDEN = FIXTURES / "set1-hostile-limits-gradebook.csv"


@pytest.fixture(scope="module")
def graded(tmp_path_factory, sandbox):
    """Grade a copy of the class (with the odd names and the FIFO added) once."""
    base = tmp_path_factory.mktemp("hostile-limits")
    folder, tmpdir, out = base / "class", base / "tmp", base / "out" / "gradebook.csv"
    shutil.copytree(CLASS, folder)
    add_hostile_names(folder)
    tmpdir.mkdir()
    reference = load_reference(KEY)
    options = Options(cell_timeout=20, **LIMITS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(tmpdir))
        patch.setattr(tempfile, "tempdir", None)
        with watched_descendants() as watch:
            result = grade_class(folder, reference, options)
            write_reports(result, reference, {}, out)
            left = watch.left()
        in_tmpdir = sorted(p.name for p in tmpdir.iterdir())
    return {"result": result, "out": out, "left": left, "tmpdir": in_tmpdir}


CGROUP_ROWS = frozenset({"fork-storm", "mem-storm"})
"""Rows whose limit only a per-submission cgroup enforces: on a host without one (a
normal user's desktop, most CI runners) the attack is not stopped and the row differs."""


def test_gradebook_matches_the_reviewed_one_cell_by_cell(graded):
    leave_out = frozenset() if host_limits.probe().available else CGROUP_ROWS
    assert_same_gradebook(GOLDEN, graded["out"], leave_out)


def test_every_limit_reached_is_named_on_the_attackers_row(graded):
    rows = {r.student: r for r in graded["result"].results}
    reasons = Options(**LIMITS).limits().reasons()
    q2 = {name: rows[name].questions["set1.q2"].reason for name in rows}
    assert q2["raw-flood"] == reasons["output"]
    assert q2["tmp-filler"].startswith(reasons["disk"])
    assert q2["disk-filler"].startswith(reasons["disk"])
    assert q2["big-file"].startswith(reasons["disk"])
    if host_limits.probe().available:
        assert q2["fork-storm"].startswith(reasons["processes"])
        assert f"limit reached: {reasons['memory']}" in rows["mem-storm"].notes
    for name in ("plain", "<img src=x onerror=alert(1)>", "not-utf8-\\xff\\xfe"):
        assert rows[name].questions["set1.q2"].points == 1  # the rest of the class


def test_no_submission_held_more_memory_than_its_limit(graded):
    if not host_limits.probe().available:
        pytest.skip(f"no per-submission cgroup here: {host_limits.probe().reason}")
    peaks = [r.peak_memory_mb for r in graded["result"].results if not r.problem]
    assert peaks and all(not math.isnan(p) for p in peaks)
    assert max(peaks) <= LIMITS["memory_mb"]


def test_nothing_is_left_in_tmpdir_or_running(graded):
    assert graded["tmpdir"] == []
    assert graded["left"] == []


def test_no_text_from_a_submission_reaches_an_output_unescaped(graded):
    out = graded["out"]
    for path in out.parent.rglob("*"):
        if path.is_file():
            assert path.name.isprintable() and is_utf8(path.name), path.name
            text = path.read_bytes().decode("utf-8")  # every file is valid UTF-8
            assert "\x1b" not in text and "\x07" not in text and "\r" not in text
            if path.suffix == ".md":  # Markdown and HTML: no tag, no link
                assert "<script" not in text and "<img" not in text and "](" not in text
    feedback = (out.parent / "gradebook-feedback" / "forged-feedback.md").read_text()
    assert [line for line in feedback.splitlines() if line.startswith("Score:")] == [
        "Score: 3 of 8 (incomplete)"  # q2 lost to the attack, q4 awaits a person
    ]
    assert sum(line.startswith("## q3") for line in feedback.splitlines()) == 1
