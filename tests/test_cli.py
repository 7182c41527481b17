"""The korea-talks command: every job is a subcommand, with --help at every level."""

from __future__ import annotations

import runpy
import sys
import tomllib
from pathlib import Path

import pytest

from korea_talks.authoring.__main__ import main as authoring_main
from korea_talks.checks.__main__ import main as checks_main
from korea_talks.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        main([*argv, "--help"])
    assert info.value.code == 0
    return capsys.readouterr().out


def test_help_lists_every_subcommand(capsys):
    text = _help(capsys)
    assert text.startswith("usage: korea-talks")
    for command in ("grade", "self-check", "students", "answers"):
        assert command in text
    assert [c.name for c in COMMANDS][:4] == ["grade", "self-check", "students", "answers"]


@pytest.mark.parametrize("argv", [(c.name,) for c in COMMANDS] + [("answers", "key")])
def test_every_subcommand_has_its_own_help(capsys, argv):
    text = _help(capsys, *argv)
    assert text.startswith(f"usage: korea-talks {' '.join(argv)}")


def test_bad_use_exits_2_with_a_message(capsys):
    with pytest.raises(SystemExit) as info:
        main(["regrade"])
    assert info.value.code == 2
    assert "invalid choice: 'regrade'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["grade"])
    assert info.value.code == 2
    assert "give a SUBMISSIONS folder and --key" in capsys.readouterr().err


def test_answers_try_prints_the_check_line(capsys):
    assert main(["answers", "try", "set1.q1", "'z'"]) == 0
    assert capsys.readouterr().out.startswith("q1: not yet")


def test_an_unknown_question_is_a_message_not_a_traceback(capsys):
    assert main(["answers", "try", "set9.q1", "'a'"]) == 2
    assert "no exercise set 'set9'" in capsys.readouterr().err
    assert main(["answers", "try", "set1.q99", "'a'"]) == 2
    assert "it has q1" in capsys.readouterr().err


def test_checking_a_folder_without_instructor_sources_is_an_error(tmp_path, capsys):
    # a wrong folder must not pass as "up to date"
    assert main(["students", "check", str(tmp_path)]) == 2
    assert "no instructor sources in source/" in capsys.readouterr().err


def test_the_console_script_and_python_dash_m_reach_the_same_command(capsys, monkeypatch):
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    assert scripts == {"korea-talks": "korea_talks.cli:main"}
    monkeypatch.setattr(sys, "argv", ["python -m korea_talks.grade", "--help"])
    monkeypatch.delitem(sys.modules, "korea_talks.grade", raising=False)  # as a fresh start
    with pytest.raises(SystemExit) as info:
        runpy.run_module("korea_talks.grade", run_name="__main__")
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: korea-talks grade")
    for main_of, command in [(authoring_main, "students"), (checks_main, "answers")]:
        with pytest.raises(SystemExit) as info:
            main_of(["--help"])
        assert info.value.code == 0
        assert capsys.readouterr().out.startswith(f"usage: korea-talks {command}")
