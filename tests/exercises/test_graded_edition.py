"""The graded edition gives nothing away: no answer can be recovered from its files.

Every file the graded edition ships is searched for the recorded line of each fixed answer
and of each model answer with variants, its canonical text (when it is long enough to mean
something), and for a fixed answer its practice salt and digest, and the digests and hints
of its common mistakes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest

from korea_talks.authoring.build import read, sources, student_path
from korea_talks.authoring.cells import question_of, role, stream_text
from korea_talks.checks.protocol import parse_question_id, parse_recorded_line
from korea_talks.checks.specs import load_practice_key, load_set

ROOT = Path(__file__).parents[2]
SOURCES = sources(ROOT / "exercises")


def graded_files() -> list[Path]:
    """Every file of the graded edition (the notebooks handed to a graded class)."""
    return sorted(p for p in (ROOT / "exercises" / "graded").rglob("*") if p.is_file())


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    return [str(value)]


def readable_text(path: Path) -> str:
    """A file's raw text and, for JSON (notebooks), every string in it unescaped."""
    raw = path.read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except ValueError:
        return raw.casefold()
    strings = _strings(data)
    return "\n".join([raw, *strings, "".join(strings)]).casefold()


def leaks(texts: dict[str, str], secrets: dict[str, list[str]]) -> list[str]:
    """Each secret found in a text, as ``question: secret in file``."""
    return [
        f"{question}: {secret[:40]!r} in {name}"
        for question, items in secrets.items()
        for secret in items
        for name, text in texts.items()
        if secret.casefold() in text
    ]


def secrets_of(source: Path) -> dict[str, list[str]]:
    """What would give each fixed answer of a set away, by question id."""
    key = read(source)
    spec = load_set(key.metadata.korea_talks["set"])
    practice = load_practice_key(spec.id)
    found: dict[str, list[str]] = {}
    for cell in key.cells:
        if role(cell) != "check":
            continue
        question = spec.question(parse_question_id(question_of(cell)).label)
        if not question.fixed and question.template is None:
            continue
        line = stream_text(cell).strip()
        recorded = parse_recorded_line(line)
        found[question.id] = [line]
        if question.fixed:  # a computed model answer has no practice key
            entry = practice[question.label]
            found[question.id] += [
                entry.salt,
                entry.digest,
                *(m.digest for m in entry.mistakes),
                *(m.hint for m in entry.mistakes),
            ]
        if len(recorded.canonical.strip('"')) > 6:  # a short word or number is everywhere
            found[question.id].append(recorded.canonical)
            found[question.id].append(recorded.canonical.strip('"'))
    return found


def test_the_graded_edition_ships_one_notebook_per_set():
    assert [p.name for p in graded_files()] == [p.name for p in SOURCES]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_no_answer_can_be_recovered_from_the_graded_edition(source):
    texts = {p.name: readable_text(p) for p in graded_files()}
    secrets = secrets_of(source)
    assert secrets, "a set without fixed answers proves nothing"
    assert leaks(texts, secrets) == []


def test_the_search_finds_a_key_line_stored_in_a_graded_notebook(tmp_path):
    """The search can fail: a graded notebook that stores the key's outputs is caught."""
    source = SOURCES[0]
    graded = read(student_path(source, "graded"))
    key = read(source)
    outputs = {c.id: c.outputs for c in key.cells if role(c) == "check"}
    for cell in graded.cells:
        if cell.id in outputs:
            cell.outputs = outputs[cell.id]
    path = tmp_path / "leaky.ipynb"
    nbformat.write(graded, path)
    found = leaks({path.name: readable_text(path)}, secrets_of(source))
    assert len(found) >= len(secrets_of(source))
