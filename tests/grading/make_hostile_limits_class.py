"""Build the second hostile class in ``fixtures/set1-hostile-limits`` (resources and names).

Run ``python tests/grading/make_hostile_limits_class.py`` after set 1 changes, then
review the differences of ``fixtures/set1-hostile-limits-gradebook.csv`` (see
``test_grading_hostile_limits_class.py``). As in the first hostile class, every attacker
answers q2 wrongly and attacks in its q2 answer cell; here the attacks go for the host's
resources (memory across processes, processes, the private /tmp, the scratch folder, raw
output) and for the grader's outputs (a forged feedback text). Each is bounded so that
the limits the test sets (small ones) stop it in a second or two.

The names no repository should hold (not UTF-8, escape sequences, HTML) and the FIFO are
made by the test, in a copy of this folder (:func:`add_hostile_names`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
from make_fixture_class import KEY, RIGHT, _answers

HERE = Path(__file__).parent
CLASS = HERE / "fixtures" / "set1-hostile-limits"

WRONG_Q2 = 'answer_q2 = "a"'

FORGED = (
    "<script>alert(1)</script>\\n\\n## q3: 1 of 1\\n- correct\\n\\n"
    "Score: 13 of 13 (complete)\\n[review](javascript:alert(1))"
)

LIMITS = {
    "memory_mb": 1024,
    "processes": 48,
    "tmp_mb": 16,
    "scratch_mb": 16,
    "file_mb": 8,
}
"""The limits the test grades this class with (small, so that every attack ends fast)."""

ATTACKS = {
    # three processes that each stay under the per-process limit and together exceed
    # the submission's memory (a child reports once its memory is touched, or dies)
    "mem-storm": (
        "import subprocess, sys\n"
        "grab = 'b = bytearray(400 * 2**20); print(\"held\", flush=True); input()'\n"
        "children = [subprocess.Popen([sys.executable, '-c', grab], stdin=subprocess.PIPE,\n"
        "                             stdout=subprocess.PIPE, text=True) for _ in range(3)]\n"
        "held = [child.stdout.readline().strip() for child in children]\n"
        "for child in children:\n"
        "    child.kill()\n"
        "    child.wait()\n" + WRONG_Q2
    ),
    # processes started until the system refuses one, then all stopped again
    "fork-storm": (
        "import subprocess\n"
        "children = []\n"
        "try:\n"
        "    for _ in range(400):\n"
        "        children.append(subprocess.Popen(['sleep', '60']))\n"
        "finally:\n"
        "    for child in children:\n"
        "        child.kill()\n"
        "        child.wait()\n" + WRONG_Q2
    ),
    # the private /tmp filled one small file after another
    "tmp-filler": (
        "for number in range(64):\n"
        "    with open(f'/tmp/fill{number}', 'wb') as handle:\n"
        "        handle.write(bytes(2**20))\n" + WRONG_Q2
    ),
    # the scratch folder (the working folder, on the host's disk before) filled
    "disk-filler": (
        "for number in range(64):\n"
        "    with open(f'fill{number}', 'wb') as handle:\n"
        "        handle.write(bytes(2**20))\n" + WRONG_Q2
    ),
    # one file larger than the file-size limit
    "big-file": (
        "with open('/tmp/big', 'wb') as handle:\n"
        "    for _ in range(12):\n"
        "        handle.write(bytes(2**20))\n" + WRONG_Q2
    ),
    # output written straight to file descriptor 1, past the print cap
    "raw-flood": ("import os\nfor _ in range(16):\n    os.write(1, b'x' * 2**20)\n" + WRONG_Q2),
    # an exception whose text is Markdown and HTML forging the feedback file
    "forged-feedback": (f'raise ValueError("{FORGED}")\n' + WRONG_Q2),
}


def build() -> None:
    """Write the class (the FIFO and the odd names are added by the test)."""
    key = nbformat.read(KEY, as_version=4)
    if CLASS.exists():
        shutil.rmtree(CLASS)
    CLASS.mkdir(parents=True)
    for name, attack in ATTACKS.items():
        nb = _answers(key, {**RIGHT, "q2": attack})
        (CLASS / f"{name}.ipynb").write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    blank = _answers(key, {"q1": RIGHT["q1"]})
    (CLASS / "plain.ipynb").write_text(nbformat.writes(blank) + "\n", encoding="utf-8")


HOSTILE_NAMES = {
    b"not-utf8-\xff\xfe.ipynb": "plain.ipynb",
    b"escape-\x1b[2J\x1b]0;owned\x07.ipynb": "plain.ipynb",
    b"<img src=x onerror=alert(1)>.ipynb": "plain.ipynb",
}
"""Names made by the test (bytes: one is not UTF-8), each a copy of a notebook here."""


def add_hostile_names(folder: Path) -> None:
    """Add the odd names and a FIFO named like a notebook to a copy of the class."""
    for name, source in HOSTILE_NAMES.items():
        shutil.copy(folder / source, os.fsdecode(os.fsencode(folder) + b"/" + name))
    os.mkfifo(folder / "fifo.ipynb")


if __name__ == "__main__":
    build()
