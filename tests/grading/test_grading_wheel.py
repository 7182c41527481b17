"""The package as a student installs it: no key, no secret, nothing that marks a graded
answer.

The wheel is built from a copy of the package and installed with ``pip install
--no-deps`` into a fresh virtual environment, as a student's environment gets it; the
tests then read the installed files, not the repository. For each set, every
automatically marked item must be a template (otherwise its graded answer is the practice
answer, which the shipped practice key or the shipped parameters mark), and no digest
under any salt the installed practice key holds may match a graded variant's answer.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from korea_talks.checks import load_sets
from korea_talks.checks.normalize import candidates, digest
from korea_talks.grading.variants import PRACTICE_SEED

ROOT = Path(__file__).parents[2]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")
SETS = load_sets()


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, bytes]:
    """Every file of the package installed from its wheel into a fresh venv, by path."""
    out = tmp_path_factory.mktemp("wheel")
    tree = out / "tree"  # a copy, so that the build leaves nothing in the repository
    shutil.copytree(ROOT / "korea_talks", tree / "korea_talks", ignore=IGNORED)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, tree / name)
    pip = [sys.executable, "-m", "pip", "-q"]
    done = subprocess.run(
        [*pip, "wheel", "--no-deps", str(tree), "-w", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"pip wheel failed: {done.stderr[-2000:]}")
    (wheel,) = out.glob("korea_talks-*.whl")
    venv = out / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    done = subprocess.run(
        [*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"pip install failed: {done.stderr[-2000:]}")
    (package,) = venv.glob("lib/python*/site-packages/korea_talks")
    return {
        str(path.relative_to(package)): path.read_bytes()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_installed_package_holds_no_key_and_no_secret(installed):
    assert not [n for n in installed if n.endswith((".ipynb", ".secret"))]
    assert "data/answers_set1.toml" in installed
    assert PRACTICE_SEED in b"\n".join(installed.values())


def _installed_salts(installed: dict[str, bytes], set_id: str) -> list[str]:
    """Every salt of the installed practice key of a set (none when it is not installed)."""
    text = installed.get(f"data/practice/answers_{set_id}.toml")
    if text is None:
        return []
    return [q["salt"] for q in tomllib.loads(text.decode("utf-8")).get("question", [])]


@pytest.mark.parametrize("set_id", sorted(SETS))
def test_nothing_installed_marks_a_graded_answer(installed, set_id):
    """Every automatically marked item has graded variants, and no digest the installed
    package holds (under any salt of its practice key) marks a graded variant's answer,
    whether as the key or as a common mistake."""
    spec = SETS[set_id]
    automatic = [q for q in spec.questions if not q.hand_graded]
    fixed_answers = [q.label for q in automatic if q.template is None]
    assert fixed_answers == [], f"{set_id}: {fixed_answers} have no graded variants"
    blob = b"\n".join(installed.values())
    salts = _installed_salts(installed, set_id)
    for question in (q for q in automatic if q.fixed):
        template = question.template
        for params in template.graded:
            texts = candidates(
                question.kind,
                template.answer(params),
                options=question.options,
                decimals=question.decimals,
            )
            for text in texts:
                for salt in salts:
                    found = digest(question.id, salt, text).encode() in blob
                    assert not found, f"{question.id}: a digest marks {params}"


@pytest.mark.parametrize("set_id", sorted(SETS))
def test_no_practice_file_marks_a_graded_answer(set_id):
    """The practice editions and the practice key of the repository (what a student sees
    in the practice notebooks) hold no digest of a graded answer either."""
    spec = SETS[set_id]
    practice = ROOT / "korea_talks" / "data" / "practice" / f"answers_{set_id}.toml"
    key = tomllib.loads(practice.read_text(encoding="utf-8"))
    notebook = ROOT / "exercises" / "practice" / f"{spec.notebook}.ipynb"
    blob = practice.read_bytes() + b"\n" + notebook.read_bytes()
    untemplated = [
        q["id"] for q in key.get("question", []) if spec.question(q["id"]).template is None
    ]
    assert untemplated == [], f"{set_id}: practice digests of {untemplated}, without variants"
    salts = [q["salt"] for q in key.get("question", [])]
    for question in (q for q in spec.questions if q.fixed and q.template):
        for params in question.template.graded:
            answer = question.template.answer(params)
            for text in candidates(
                question.kind, answer, options=question.options, decimals=question.decimals
            ):
                for salt in salts:
                    assert digest(question.id, salt, text).encode() not in blob, question.id
