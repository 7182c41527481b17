"""The version is written once (pyproject.toml); the package, CITATION.cff and the
changelog agree with it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

import korea_talks

ROOT = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_the_package_reads_the_version_of_pyproject():
    assert korea_talks.__version__ == VERSION


def test_citation_names_the_version_and_its_release_date():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["version"]) == VERSION
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.search(
        rf"^## \[{re.escape(VERSION)}\] - (\d{{4}}-\d{{2}}-\d{{2}})$", changelog, re.M
    )
    assert released, f"CHANGELOG.md has no section '## [{VERSION}] - YYYY-MM-DD'"
    assert str(citation["date-released"]) == released.group(1)


def test_the_changelog_keeps_an_unreleased_section_on_top():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## \[([^\]]+)\]", changelog, re.M)
    assert sections[0] == "Unreleased"
    for name in sections:
        assert re.search(rf"^\[{re.escape(name)}\]: https://", changelog, re.M), name
