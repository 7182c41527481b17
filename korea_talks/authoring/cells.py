"""Roles of notebook cells in exercise notebooks, read from tags and metadata.

Every exercise notebook marks its cells with tags (never by position):

``setup``
    imports the checker and the data; kept as it is.
``answer``
    the cell a student edits; its ``korea_talks.question`` metadata names the question.
``solution``
    (instructor source only, together with ``answer``) the cell's code is the model
    solution; the student notebook gets the cell's ``korea_talks.stub`` instead.
``check``
    a graded check cell: ``# NBVAL_CHECK_OUTPUT`` and one ``check(...)`` call; its stored
    output is the line a right answer prints.
``instructor``
    notes for instructors; left out of the student notebook.

>>> import nbformat
>>> cell = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["answer"],
...     "korea_talks": {"question": "set1.q1"}})
>>> role(cell), question_of(cell)
('answer', 'set1.q1')
"""

from __future__ import annotations

from typing import Any

ROLES = ("setup", "answer", "check", "instructor")
CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"


def tags(cell: Any) -> list[str]:
    """The tags of a cell (an empty list when it has none or they are malformed)."""
    found = cell.get("metadata", {}).get("tags", [])
    return [t for t in found if isinstance(t, str)] if isinstance(found, list) else []


def role(cell: Any) -> str | None:
    """The exercise role of a cell, or ``None`` for plain text and demo cells."""
    for name in ROLES:
        if name in tags(cell):
            return name
    return None


def is_solution(cell: Any) -> bool:
    """True for an answer cell of an instructor source that holds the model solution."""
    return "solution" in tags(cell)


def question_of(cell: Any) -> str | None:
    """The question id (``set1.q3``) a cell belongs to, from its ``korea_talks`` metadata."""
    meta = cell.get("metadata", {}).get("korea_talks", {})
    question = meta.get("question") if isinstance(meta, dict) else None
    return question if isinstance(question, str) else None


def stream_text(cell: Any) -> str:
    """All stdout text a code cell has stored, joined."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            text = output.get("text", "")
            parts.append("".join(text) if isinstance(text, list) else text)
    return "".join(parts)
