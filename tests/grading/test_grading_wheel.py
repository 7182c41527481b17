"""The package as a student installs it: no key, no secret, nothing that marks a graded
answer.

The wheel is built from a copy of the package and installed with ``pip install
--no-deps`` into a fresh virtual environment, as a student's environment gets it; the
tests then read the installed files, not the repository. For each set, every
automatically marked item must be a template (otherwise its graded answer is the practice
answer, which the shipped practice key or the shipped parameters mark), and no digest
under any salt the installed practice key holds may match a graded variant's answer.

The items whose right letter is a reading of the article (which statement a section
makes, which observation counts against it) are marked against codings that only the
instructor's key holds: the installed package names none of their graded options
outside the set's public answer spec, and its own code cannot compute their letters.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from korea_talks.checks import load_sets
from korea_talks.checks.normalize import candidates, digest
from korea_talks.grading.codings import key_codings
from korea_talks.grading.variants import PRACTICE_SEED

ROOT = Path(__file__).parents[2]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")
SETS = load_sets()
CODINGS = {
    set_id: key_codings(ROOT / "exercises" / "source" / f"{spec.notebook}.ipynb", spec)
    for set_id, spec in SETS.items()
}
"""The instructor's codings of each set's reading items, from the repository's keys."""


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
    files = {
        str(path.relative_to(package)): path.read_bytes()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    files[SITE] = str(package.parent).encode()
    return files


SITE = "<site-packages>"
"""Not a file: the key under which :func:`installed` gives the folder it installed into."""


def _option_texts(question) -> list[tuple[dict[str, str], str]]:
    """The graded variants of a choice item whose parameters are its options' texts
    (``a`` to ``e``), each with the text of one of its options."""
    template = question.template
    if template is None or template.design:
        return []
    options = set(question.options or template.options)
    return [
        (params, text)
        for params in template.graded
        if options and set(params) <= options
        for text in params.values()
    ]


READING_ITEMS = [q for spec in SETS.values() for q in spec.questions if _option_texts(q)]
"""The choice items whose variants offer texts (statements of the article or not)."""


def test_reading_items_are_found():
    assert {q.id for q in READING_ITEMS} >= {"set2.q2", "set3.q1", "set4.q1"}


@pytest.mark.parametrize("question", READING_ITEMS, ids=lambda q: q.id)
def test_no_installed_file_but_the_spec_codes_a_graded_option(installed, question):
    """A graded option's text appears in the installed package only in its set's answer
    spec (which asks the question): no table beside it says whether the article says so."""
    spec_file = f"data/answers_{question.set_id}.toml"
    for _params, text in _option_texts(question):
        holders = [
            name
            for name, data in installed.items()
            if name not in (spec_file, SITE) and text.encode() in data
        ]
        assert holders == [], f"{question.id}: {text!r} is coded in {holders}"


COMPUTE_INSTALLED = """
import json, sys
import korea_talks
from korea_talks.checks import load_set
assert korea_talks.__file__.startswith(sys.argv[1]), korea_talks.__file__
spec = load_set(sys.argv[2])
template = spec.question(sys.argv[3]).template
found = []
for params in template.graded:
    try:
        found.append(template.answer(params))
    except ValueError:
        pass
print(json.dumps(found))
"""
"""Run by the installed package: the graded answers its own code computes."""


@pytest.mark.parametrize("question", READING_ITEMS, ids=lambda q: q.id)
def test_the_installed_code_computes_no_graded_reading(installed, question):
    """A student who calls the installed package's functions on their own variant gets no
    letter: the graded codings are not in it."""
    site = installed[SITE].decode()
    env = {**os.environ, "PYTHONPATH": site}
    done = subprocess.run(
        [sys.executable, "-c", COMPUTE_INSTALLED, site, question.set_id, question.label],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=site,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == [], f"{question.id}: the installed code computes them"


def test_the_installed_package_holds_no_key_and_no_secret(installed):
    installed = {n: data for n, data in installed.items() if n != SITE}
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
    blob = b"\n".join(data for name, data in installed.items() if name != SITE)
    salts = _installed_salts(installed, set_id)
    for question in (q for q in automatic if q.fixed):
        template = question.template
        for params in template.graded:
            texts = candidates(
                question.kind,
                template.answer(template.with_coding(params, CODINGS[set_id])),
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
            answer = question.template.answer(
                question.template.with_coding(params, CODINGS[set_id])
            )
            for text in candidates(
                question.kind, answer, options=question.options, decimals=question.decimals
            ):
                for salt in salts:
                    assert digest(question.id, salt, text).encode() not in blob, question.id
