"""The graded edition's ``check``: recorded or not recorded, never right or wrong.

A graded notebook's setup cell (and the instructor's key) imports it (``from
korea_talks.checks.graded import check``). It prints ``qM: recorded <canonical answer>``
for a well-formed answer and ``qM: not recorded - <what is wrong>`` otherwise, and reads
no answer data.

>>> check("set1.q3", (1, 2))
q3: recorded [1, 2]
"""

from __future__ import annotations

from typing import Any

from korea_talks.checks.checker import evaluate


def check(question_id: str, answer: Any) -> None:
    """Print one line: ``qM: recorded <answer>`` or ``qM: not recorded - <why>``."""
    print(evaluate(question_id, answer, edition="graded").line)
