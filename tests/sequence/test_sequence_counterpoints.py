"""Chapter 10's counter-arguments point to the lens that encodes each; the model decides there."""

from __future__ import annotations

import csv

import pytest

from korea_talks.sequence import SequenceModelError
from korea_talks.sequence.counterpoints import OBJECTIONS, POINTERS, counter_argument_lenses

ROWS = counter_argument_lenses()


@pytest.mark.parametrize("row", [r for r in ROWS if r["lens"]], ids=lambda r: r["id"])
def test_the_named_rule_is_what_decides_the_probe_under_the_lens(row):
    assert row["deciding_rule"] == row["expected_rule"]
    assert row["rule_text"] and row["verdict"] and row["author_verdict"]


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["lens"] and r["lens"] != "author"], ids=lambda r: r["id"]
)
def test_a_camps_lens_decides_the_probe_otherwise_than_the_authors(row):
    assert row["author_rule"] != row["deciding_rule"]


def test_every_objection_has_a_pointer_and_the_unencoded_ones_say_why():
    with OBJECTIONS.open(encoding="utf-8") as handle:
        ids = [r["id"] for r in csv.DictReader(handle)]
    assert [r["id"] for r in ROWS] == ids
    for row in ROWS:
        assert row["note"].strip(), row["id"]
        if not row["lens"]:
            assert row["note"].startswith("No lens encodes it"), row["id"]


def test_a_missing_pointer_is_a_clear_error(tmp_path):
    lines = POINTERS.read_text(encoding="utf-8").splitlines()
    short = tmp_path / "pointers.csv"
    short.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(SequenceModelError, match="missing: moscow-interests-shape-view"):
        counter_argument_lenses(short)
