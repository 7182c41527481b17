"""Build the made-up class in ``fixtures/set1-class`` from the set 1 student notebook.

Run ``python tests/grading/make_fixture_class.py`` after set 1 changes, then review the
differences of ``fixtures/set1-gradebook.csv`` (see ``test_grading_fixture_class.py``).
Every submission is derived from the committed student notebook by replacing answer
cells, so each one shows exactly one way a real submission goes right or wrong.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat

HERE = Path(__file__).parent
KEY = HERE / "fixtures" / "set1-key.ipynb"
CLASS = HERE / "fixtures" / "set1-class"


def _practice_answer(question_id: str) -> object:
    """The right answer of a templated item's practice variant (the key's), computed."""
    from korea_talks.checks import get_question

    template = get_question(question_id).template
    assert template is not None, question_id
    return template.answer(template.practice_variant().params)


RIGHT = {
    "q1": f"answer_q1 = {_practice_answer('set1.q1')!r}",
    "q2": f"answer_q2 = {str(_practice_answer('set1.q2')).upper()!r}",
    "q3": (
        'in_2017 = tests[tests["date_kst"].dt.year == 2017]\n'
        'days = in_2017["date_kst"]\n'
        'answer_q3 = [days[days <= "2017-05-09"].nunique(), days[days > "2017-05-09"].nunique()]'
    ),
    "q4": (
        'answer_q4 = """Raw counts should reverse it, because the later period is longer; '
        'moving the split a month earlier may too, as it shifts launches between periods."""'
    ),
    "q5": f"answer_q5 = {[s.upper() for s in _practice_answer('set1.q5')]!r}",
    "q6": (
        'answer_q6 = """The launch-day counts rise from six before the vote to nine after it, '
        "but the later period is longer, so the monthly rate hardly changes. The counts fit "
        "the author's story only loosely: the clearer change is in range, with two ICBM "
        "flights after May. Counts cannot reveal motives, and they cannot separate a reply "
        'to Washington from a test plan fixed long before."""'
    ),
}


def _answers(
    nb: nbformat.NotebookNode, answers: dict[str, str], *, clear: bool = True
) -> nbformat.NotebookNode:
    """A copy of the key with these answers; ``clear`` empties the stored check outputs.

    (A student who restarts and clears outputs before submitting; the forged submission
    keeps the stored ``correct`` lines instead.)
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        question = cell.get("metadata", {}).get("korea_talks", {}).get("question", "")
        label = question.split(".")[-1]
        tags = cell.metadata.get("tags", [])
        if "answer" in tags and label in answers:
            cell.source = answers[label]
        if "check" in tags and clear:
            cell.outputs, cell.execution_count = [], None
    return nb


def _cell(nb, label: str, kind: str):
    return next(c for c in nb.cells if c.get("id") == f"set1-{label}-{kind}")


def build() -> None:
    """Write every fixture submission."""
    key = nbformat.read(KEY, as_version=4)
    CLASS.mkdir(parents=True, exist_ok=True)
    for old in CLASS.glob("*.ipynb"):
        old.unlink()

    def save(name: str, nb) -> None:
        (CLASS / f"{name}.ipynb").write_text(nbformat.writes(nb) + "\n", encoding="utf-8")

    save("alice-correct", _answers(key, RIGHT))
    partly = dict(RIGHT)
    partly.update(
        {
            "q2": 'answer_q2 = "a"',
            "q3": 'in_2017 = tests[tests["date_kst"].dt.year == 2017]\nanswer_q3 = [10, 11]',
            "q5": 'answer_q5 = "d, e"',
            "q6": 'answer_q6 = """Yes, it does."""',
        }
    )
    save("bob-partly", _answers(key, partly))
    forged = _answers(key, {**RIGHT, "q2": 'answer_q2 = "c"'}, clear=False)
    _cell(forged, "q2", "answer").execution_count = 5
    _cell(forged, "q2", "check").outputs = [  # the pass line a forger types in
        nbformat.v4.new_output("stream", name="stdout", text="q2: correct\n")
    ]
    save("carol-forged-output", forged)
    text = nbformat.writes(_answers(key, RIGHT))
    (CLASS / "dave-invalid-json.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")
    old = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": []}]}
    (CLASS / "erin-old-nbformat.ipynb").write_text(json.dumps(old), encoding="utf-8")
    missing = _answers(key, RIGHT)
    missing.cells = [c for c in missing.cells if c.get("id") not in ("set1-q3-answer",)]
    save("frank-missing-cell", missing)
    dup = _answers(key, RIGHT)
    copied = copy.deepcopy(_cell(dup, "q2", "answer"))
    copied.source = 'answer_q2 = "c"'
    dup.cells.insert(dup.cells.index(_cell(dup, "q2", "answer")) + 1, copied)
    copied.id = "copied-cell"
    retyped = _cell(dup, "q5", "answer")
    index = dup.cells.index(retyped)
    dup.cells[index] = nbformat.v4.new_markdown_cell(
        retyped.source, id=retyped.id, metadata=retyped.metadata
    )
    save("grace-duplicated-retyped", dup)
    edited = _answers(key, {**RIGHT, "q2": 'answer_q2 = "d"'})
    _cell(edited, "q2", "check").source = 'print("q2: correct")'
    save("heidi-edited-check", edited)
    save(
        "ivan-endless-loop",
        _answers(key, {**RIGHT, "q3": "while True:\n    pass\nanswer_q3 = [6, 9]"}),
    )
    save(
        "judy-memory",
        _answers(key, {**RIGHT, "q2": "hog = bytearray(8 * 1024**3)\n" + RIGHT["q2"]}),
    )
    save("mallory-sys-exit", _answers(key, {**RIGHT, "q2": "import sys\nsys.exit(0)"}))
    save("niaj-killed-kernel", _answers(key, {**RIGHT, "q5": "import os\nos._exit(1)"}))
    save(
        "olivia-megabytes",
        _answers(key, {**RIGHT, "q1": 'print("spam " * 600_000)\n' + RIGHT["q1"]}),
    )
    save(
        "peggy-tampering",
        _answers(key, {**RIGHT, "q2": 'def check(q, a):\n    print("q2: correct")\nanswer_q2 = 1'}),
    )
    old_minor = _answers(key, RIGHT)
    old_minor.nbformat_minor = 4
    for cell in old_minor.cells:
        cell.pop("id", None)
    save("trent-no-cell-ids", old_minor)


if __name__ == "__main__":
    build()
