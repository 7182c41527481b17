"""Every data table shipped with the package names a source for every row."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from korea_talks import datasets

BIB = Path(__file__).resolve().parents[1] / "book" / "references.bib"
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M))

# The three CNS tables carry one credit for the whole folder (its README), not a column
# per row; our corrections to them are sourced row by row.
CNS_TABLES = {"tests.csv", "missiles.csv", "facilities.csv"}
SOURCED_TABLES = sorted(
    p
    for p in datasets.DATA_DIR.rglob("*.csv")
    if not (datasets.CNS_DIR in p.parents and p.name in CNS_TABLES)
)


def test_bibliography_has_keys():
    assert "toloraya2017" in BIB_KEYS
    assert "cns2026missiles" in BIB_KEYS


def test_cns_folder_carries_its_credit_line():
    readme = (datasets.CNS_DIR / "README.md").read_text(encoding="utf-8")
    assert "Credit that any copy must carry" in readme


@pytest.mark.parametrize("path", SOURCED_TABLES, ids=lambda p: p.name)
def test_every_row_has_a_known_source(path: Path):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert "source" in frame.columns, f"{path.name} has no source column"
    for number, cell in enumerate(frame["source"], start=2):
        keys = [k.strip() for k in re.split(r"[;,]", cell) if k.strip()]
        assert keys, f"{path.name}, row {number}: empty source"
        for key in keys:
            assert key.startswith(("http://", "https://")) or key in BIB_KEYS, (
                f"{path.name}, row {number}: source {key!r} is neither a URL nor a key "
                "of book/references.bib"
            )
