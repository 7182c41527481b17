"""Shared fixtures of the sequence-model tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BIB = Path(__file__).resolve().parents[2] / "book" / "references.bib"


@pytest.fixture(scope="session")
def bib_keys() -> set[str]:
    """The keys of the book's bibliography."""
    return set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M))
