"""A small class graded per student, shared by the tests of per-student variants.

:func:`build_class` picks roster ids whose variants differ, writes each student's own
graded notebooks with ``korea-talks students graded``, and returns a
:class:`VariantClass`; :meth:`VariantClass.grade` hands in the students' notebooks (and
copies of a classmate's) and grades them with ``korea-talks grade`` against the set's
key, the roster and the course secret, as an instructor does.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd

from korea_talks.authoring.cells import question_of, role
from korea_talks.checks import SetSpec, load_set
from korea_talks.cli import main
from korea_talks.grading.codings import key_codings
from korea_talks.grading.variants import Variant, student_variants
from tests.checks.design_search import find_design

ROOT = Path(__file__).parents[2]
SOURCE = ROOT / "exercises" / "source"


def templated(spec: SetSpec) -> tuple[str, ...]:
    """The ids of the set's templated items."""
    return tuple(q.id for q in spec.questions if q.template)


def names_with_other_variants(
    spec: SetSpec,
    secret: bytes,
    count: int,
    items: Sequence[str] = (),
    accept: Callable[[list[str]], bool] | None = None,
) -> list[str]:
    """``count`` roster ids whose variants of ``items`` (default: every templated item)
    differ pairwise wherever an item has at least ``count`` graded variants, and which
    ``accept`` (if given) takes as a whole."""
    items = tuple(items) or templated(spec)
    enough = [
        q
        for q in items
        if len(spec.question(q.split(".")[1]).template.graded) >= count  # type: ignore[union-attr]
    ]
    names = [f"student{number:03d}" for number in range(2000)]
    seen: dict[str, dict[str, int]] = {}

    def index(name: str) -> dict[str, int]:
        if name not in seen:
            seen[name] = {q: v.index for q, v in student_variants(spec, secret, name).items()}
        return seen[name]

    def search(chosen: list[str], start: int) -> list[str] | None:
        if len(chosen) == count:
            return chosen if accept is None or accept(chosen) else None
        for at in range(start, min(len(names), start + 300)):
            name = names[at]
            if all(index(name)[q] != index(other)[q] for other in chosen for q in enough):
                found = search([*chosen, name], at + 1)
                if found:
                    return found
        return None

    found = search([], 0)
    if found is None:
        raise AssertionError("no such roster ids")
    return found


def right_answer(item: str, variant: Variant, stub: str) -> str:
    """An answer cell with the right answer for ``variant`` of ``item`` (for a design
    item, a design the search finds for it)."""
    template = load_set(item.split(".")[0]).question(item.split(".")[1]).template
    assert template is not None
    if template.design:  # many right designs: search the model for one
        answer = find_design(template.check, template.property_params(variant.params))
    else:
        answer = template.answer(variant.params)
    return f"answer_{item.split('.')[1]} = {answer!r}"


@dataclass(frozen=True)
class VariantClass:
    """A roster, a course secret and each student's own graded notebooks of one set."""

    spec: SetSpec
    secret: bytes
    names: tuple[str, ...]
    base: Path
    key_notebook: Path | None = None
    """The key graded against (default: the set's instructor source)."""

    @property
    def roster(self) -> Path:
        return self.base / "roster.csv"

    @property
    def secret_file(self) -> Path:
        return self.base / "course.secret"

    @property
    def notebook_name(self) -> str:
        return f"{self.spec.notebook}.ipynb"

    @property
    def key(self) -> Path:
        return self.key_notebook or SOURCE / self.notebook_name

    def notebook(self, name: str) -> nbformat.NotebookNode:
        """The graded notebook written for student ``name``."""
        path = self.base / "notebooks" / name / self.notebook_name
        return nbformat.read(path, as_version=4)

    def variants(self, name: str, *, marked: bool = False) -> dict[str, Variant]:
        """Student ``name``'s variants (``marked``: as the grader marks them, with the
        instructor's codings of the reading items)."""
        codings = key_codings(SOURCE / self.notebook_name, self.spec) if marked else None
        return student_variants(self.spec, self.secret, name, codings)

    def answered(
        self, name: str, answer: Callable[[str, Variant, str], str | None]
    ) -> nbformat.NotebookNode:
        """Student ``name``'s notebook with each templated item's answer cell replaced by
        ``answer(item, variant, stub)`` (the variant as the grader marks it; ``None``
        leaves the stub)."""
        nb = self.notebook(name)
        mine = self.variants(name, marked=True)
        for cell in nb.cells:
            item = question_of(cell) if role(cell) == "answer" else ""
            source = answer(item, mine[item], cell.source) if item in mine else None
            if source is not None:
                cell.source = source
        return nb

    def grade(
        self,
        handed_in: Mapping[str, nbformat.NotebookNode],
        copies: Mapping[str, str] = {},
        cell_timeout: int = 60,
    ) -> tuple[pd.DataFrame, Path]:
        """Grade the notebooks ``handed_in`` (by roster id or other folder name) and, for
        each ``copier: author`` of ``copies``, a copy of the author's notebook handed in
        by the copier; return the gradebook (by student) and its path."""
        subs = self.base / "submissions"
        shutil.rmtree(subs, ignore_errors=True)
        for name, nb in handed_in.items():
            (subs / name).mkdir(parents=True)
            nbformat.write(nb, subs / name / self.notebook_name)
        for copier, author in copies.items():
            (subs / copier).mkdir(parents=True)
            shutil.copy(subs / author / self.notebook_name, subs / copier / self.notebook_name)
        out = self.base / "out" / "gradebook.csv"
        args = ["grade", str(subs), "--key", str(self.key), "--out", str(out)]
        args += ["--roster", str(self.roster), "--secret-file", str(self.secret_file)]
        assert main([*args, "--cell-timeout", str(cell_timeout)]) == 0
        return pd.read_csv(out, index_col="student", dtype={"student": str}), out


def build_class(
    base: Path, set_id: str, secret: bytes, names: Sequence[str], key: Path | None = None
) -> VariantClass:
    """Write each student's own graded notebook of ``set_id`` under ``base``; ``key`` is
    the key to grade against (default: the set's instructor source)."""
    group = VariantClass(load_set(set_id), secret, tuple(names), base, key)
    group.roster.write_text("student\n" + "".join(f"{name}\n" for name in names))
    group.secret_file.write_bytes(secret + b"\n")
    args = ["students", "graded", str(ROOT / "exercises"), "--roster", str(group.roster)]
    args += ["--set", set_id, "--secret-file", str(group.secret_file)]
    assert main([*args, "--out", str(base / "notebooks")]) == 0
    return group
