"""``korea-talks students build|check --set``: only the sets asked for, and a clear error
for a set that is not there."""

from __future__ import annotations

import shutil
from pathlib import Path

from korea_talks.checks.protocol import EDITIONS
from korea_talks.cli import main

EXERCISES = Path(__file__).parents[2] / "exercises"
NAMES = ("set1-crisis.ipynb", "set2-force-china.ipynb")


def _workspace(root: Path) -> Path:
    """A copy of the exercises folder with sets 1 and 2, student editions removed."""
    exercises = root / "exercises"
    for folder in ("source", *EDITIONS):
        (exercises / folder).mkdir(parents=True)
    for name in NAMES:
        shutil.copy(EXERCISES / "source" / name, exercises / "source" / name)
    return exercises


def test_build_writes_only_the_set_asked_for(tmp_path, capsys):
    exercises = _workspace(tmp_path)
    status = main(["students", "build", str(exercises), "--no-run", "--set", "set2"])
    assert status == 0
    written = sorted(p.relative_to(exercises).as_posix() for p in exercises.rglob("*.ipynb"))
    assert written == sorted(
        [*(f"source/{n}" for n in NAMES), *(f"{e}/set2-force-china.ipynb" for e in EDITIONS)]
    )
    assert "set1" not in capsys.readouterr().out


def test_check_looks_only_at_the_set_asked_for(tmp_path, capsys):
    exercises = _workspace(tmp_path)
    assert main(["students", "build", str(exercises), "--no-run", "--set", "set2"]) == 0
    capsys.readouterr()
    # set 1 has no student editions here; checking set 2 alone finds nothing stale
    assert main(["students", "check", str(exercises), "--set", "set2"]) == 0
    assert main(["students", "check", str(exercises), "--set", "set1"]) == 1
    assert "set1-crisis.ipynb is missing" in capsys.readouterr().out


def test_an_unknown_set_is_refused_with_the_sets_there(tmp_path, capsys):
    exercises = _workspace(tmp_path)
    for command in ("build", "check"):
        assert main(["students", command, str(exercises), "--no-run", "--set", "set9"]) == 2
        err = capsys.readouterr().err
        assert "no set set9" in err and "set1, set2" in err
        assert "Traceback" not in err
    assert not list((exercises / "practice").iterdir())
