"""The package as a student installs it: no key, no secret, nothing that marks a graded
variant's answer."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from korea_talks.checks import load_sets
from korea_talks.checks.normalize import candidates, digest
from korea_talks.checks.specs import load_practice_key
from korea_talks.grading.variants import PRACTICE_SEED

ROOT = Path(__file__).parents[2]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")
TEMPLATED = [q for s in load_sets().values() for q in s.questions if q.template]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("wheel")
    tree = out / "tree"  # a copy, so that the build leaves nothing in the repository
    shutil.copytree(ROOT / "korea_talks", tree / "korea_talks", ignore=IGNORED)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, tree / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps"]
    done = subprocess.run(
        [*command, "-q", str(tree), "-w", str(out)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.fail(f"pip wheel failed: {done.stderr[-2000:]}")
    (path,) = out.glob("korea_talks-*.whl")
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_wheel_holds_no_key_and_no_secret(wheel):
    assert not [n for n in wheel if n.endswith((".ipynb", ".secret"))]
    assert any(n.endswith("data/answers_set1.toml") for n in wheel)


def test_no_file_of_the_wheel_marks_a_graded_variant(wheel):
    """No graded variant's answer is shipped as a digest under any salt the package holds
    (the data it is computed from ship, by design: students compute it); the practice seed
    is the only seed it holds."""
    blob = b"\n".join(wheel.values())
    for question in (q for q in TEMPLATED if q.fixed):  # a model answer has no digest
        salts = [load_practice_key(question.set_id)[question.label].salt]
        for params in question.template.graded:
            answer = question.template.answer(params)
            texts = candidates(
                question.kind, answer, options=question.options, decimals=question.decimals
            )
            for text in texts:
                for salt in salts:
                    assert digest(question.id, salt, text).encode() not in blob, question.id
    assert PRACTICE_SEED in blob
