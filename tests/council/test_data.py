"""The council's data files: complete, sourced, and refused with a clear message when wrong."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from korea_talks.datafiles import DataFileError
from korea_talks.seminar.council.catalogue import FOLDER, KINDS, load_council
from korea_talks.seminar.council.votes import PERMANENT
from korea_talks.sequence import load_catalogue

BIB = Path(__file__).resolve().parents[2] / "book" / "references.bib"
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M))


def test_every_clause_maps_to_a_move_of_the_catalogue_or_says_why_not() -> None:
    moves = load_catalogue().moves
    for clause in load_council().clauses.values():
        assert clause.move in moves or (clause.move == "" and "model" in clause.rationale)
        assert set(clause.sources) <= BIB_KEYS, clause.id


def test_the_clauses_cover_sanctions_monitoring_and_relief() -> None:
    kinds = {c.kind for c in load_council().clauses.values()}
    assert {"sanctions", "monitoring", "relief"} <= kinds


def test_ten_elected_seats_and_a_stance_for_every_voter_and_kind() -> None:
    data = load_council()
    assert len(data.elected) == 10
    for voter in (*PERMANENT, *set(data.elected.values())):
        for kind in KINDS:
            stance = data.stances[voter, kind]
            assert set(stance.sources) <= BIB_KEYS
            assert stance.basis in ("sourced", "teaching assumption")


def test_every_brief_cites_known_sources_and_marks_its_assumptions() -> None:
    for brief in load_council().briefs.values():
        assert brief.sources and set(brief.sources) <= BIB_KEYS, brief.delegation


def copy_data(tmp_path: Path) -> Path:
    folder = tmp_path / "council"
    shutil.copytree(FOLDER, folder)
    return folder


def test_an_unknown_stance_is_refused_with_what_is_allowed(tmp_path: Path) -> None:
    folder = copy_data(tmp_path)
    path = folder / "stances.csv"
    path.write_text(path.read_text().replace("enforcer,sanctions,for", "enforcer,sanctions,maybe"))
    with pytest.raises(DataFileError, match="allowed: a stance of for, abstain, against"):
        load_council.__wrapped__(folder)


def test_a_clause_with_an_unknown_move_is_refused(tmp_path: Path) -> None:
    folder = copy_data(tmp_path)
    path = folder / "clauses.toml"
    path.write_text(path.read_text().replace('move = "iaea_monitoring"', 'move = "iaea_bombing"'))
    with pytest.raises(DataFileError, match="not a move of the catalogue"):
        load_council.__wrapped__(folder)
