"""The one TOML reader: every data file refuses the same mistakes in the same words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from korea_talks.datafiles import DATA_DIR, DataFileError, Entry, parse_toml, read_toml


def _entry(text: str) -> Entry:
    return parse_toml(text, "f.toml").entry("e", "entry 'x'")


@pytest.mark.parametrize(
    ("text", "take", "expected"),
    [
        ("[e]\nn = 'a'", lambda e: e.number("n"), "field 'n': 'a' is a text; allowed: a number"),
        ("[e]\nn = true", lambda e: e.number("n"), "field 'n': True is true or false"),
        ("[e]\nn = 11", lambda e: e.number("n", low=0, high=10), "a number from 0 to 10"),
        ("[e]\nn = 1.5", lambda e: e.integer("n"), "allowed: a whole number"),
        ("[e]", lambda e: e.text("t"), "field 't': missing; allowed: a text"),
        ("[e]\nt = ' '", lambda e: e.text("t"), "field 't': empty"),
        ("[e]\nt = 3", lambda e: e.text("t"), "field 't': 3 is a number; allowed: a text"),
        ("[e]\nf = 1", lambda e: e.flag("f"), "allowed: true or false"),
        ("[e]\nk = 'z'", lambda e: e.choice("k", ("a", "b")), "k 'z' is unknown; allowed: a, b"),
        ("[e]\nsections = ['S11']", lambda e: e.sections(), "unknown section id 'S11'"),
        ("[e]\nsections = []", lambda e: e.sections(), "field 'sections': missing or empty"),
        ("[e]\nsections = 'S1'", lambda e: e.sections(), "field 'sections': 'S1' is a text"),
        ("[e]\nd = '2017-13-01'", lambda e: e.date("d"), "allowed: a date YYYY-MM-DD"),
        ("[e]\nl = [1]", lambda e: e.texts("l"), "field 'l': it is a list"),
        ("[e]\ns = 1", lambda e: e.entry("s", "sub"), "field 's': 1 is a number; allowed: a table"),
        ("[e]\nz = 1", lambda e: e.keys(required=("a",)), "field 'z': unknown field; allowed: a"),
        ("[e]", lambda e: e.keys(required=("a",)), "field 'a': missing"),
    ],
)
def test_bad_values_are_refused_naming_file_entry_and_field(
    text: str, take: Callable[[Entry], object], expected: str
) -> None:
    with pytest.raises(DataFileError) as info:
        take(_entry(text))
    message = str(info.value)
    assert message.startswith("f.toml: entry 'x', field ")
    assert expected in message


def test_good_values_come_back_typed() -> None:
    entry = _entry(
        "[e]\nn = 3\nt = ' a '\nf = false\nd = 2017-07-04\ns = ['S9', 'S1']\nl = ['x']\n"
        "[[e.rows]]\nid = 'r1'\n[[e.rows]]\nv = 2\n"
    )
    assert entry.number("n") == 3.0 and isinstance(entry.number("n"), float)
    assert entry.integer("n") == 3
    assert entry.text("t") == "a"
    assert entry.flag("f") is False
    assert entry.date("d") == dt.date(2017, 7, 4)
    assert entry.sections("s") == ("S9", "S1")
    assert entry.texts("l") == ("x",)
    assert entry.text("missing", "") == ""
    assert entry.number("missing", default=1.5) == 1.5
    assert [row.name for row in entry.entries("rows", "row")] == [
        "entry 'x', row 'r1'",
        "entry 'x', row number 2",
    ]


def test_invalid_toml_and_missing_file_raise_the_given_error(tmp_path: Path) -> None:
    class OwnError(DataFileError):
        pass

    bad = tmp_path / "bad.toml"
    bad.write_text("[e\n", encoding="utf-8")
    with pytest.raises(OwnError, match=r"bad\.toml: not valid TOML"):
        read_toml(bad, error=OwnError)
    with pytest.raises(DataFileError, match="file not found"):
        read_toml(tmp_path / "none.toml")


def _load_catalogue(path: Path) -> object:
    from korea_talks.sequence.catalogue import load_catalogue

    return load_catalogue(path)


def _load_parameters(path: Path) -> object:
    from korea_talks.sequence.catalogue import load_parameters

    return load_parameters(path)


def _load_presets(path: Path) -> object:
    from korea_talks.sequence.presets import load_presets

    return load_presets(path)


def _load_payoffs(path: Path) -> object:
    from korea_talks.games.freeze_game import FreezeGame

    return FreezeGame.default(path)


def _load_answers(path: Path) -> object:
    from korea_talks.checks.specs import parse_set

    return parse_set(path.read_text(encoding="utf-8"), where=str(path))


def _load_actors(path: Path) -> object:
    from korea_talks.actors import load_actors

    return load_actors(path)


# One line of each data file, a key added to it that no loader knows, and the entry the
# message must name.
LOADERS = [
    (_load_catalogue, "moves.toml", 'id = "us_direct_talks"', "move 'us_direct_talks'"),
    (_load_parameters, "sequence_parameters.toml", "value = 9.0", "threshold 'war_tension'"),
    (_load_presets, "presets.toml", 'name = "author-roadmap"', "preset 'author-roadmap'"),
    (_load_payoffs, "freeze_game_payoffs.toml", "test_continue = 3.0", "player 'north_korea'"),
    (_load_answers, "answers_set1.toml", 'id = "q1"', "question 'q1'"),
    (_load_actors, "actors.toml", 'id = "DPRK"', "actor 'DPRK'"),
]


@pytest.mark.parametrize(("load", "name", "line", "entry"), LOADERS)
def test_every_data_file_refuses_an_unknown_key_the_same_way(
    tmp_path: Path, load: Callable[[Path], object], name: str, line: str, entry: str
) -> None:
    source = (DATA_DIR / name).read_text(encoding="utf-8")
    assert line in source
    path = tmp_path / name
    path.write_text(source.replace(line, line + "\nsurprise = 1", 1), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load(path)
    prefix = f"{path}: {entry}, field 'surprise': unknown field; allowed: "
    assert str(info.value).startswith(prefix)
