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


def _release_workflow() -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_the_release_workflow_runs_on_version_tags_only():
    trigger = _release_workflow()["on"]
    assert set(trigger) == {"push"}
    assert trigger["push"] == {"tags": ["v*"]}


def test_the_release_checks_the_tag_builds_checks_and_attaches_dists_and_site():
    (job,) = _release_workflow()["jobs"].values()
    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert '"$GITHUB_REF_NAME" != "v$version"' in script  # the tag names this version
    assert "python -m build" in script and "twine check --strict dist/*" in script
    assert "make book" in script and "-C _build html" in script  # the site, archived
    assert "gh release create" in script and "dist/*" in script
    assert "CHANGELOG.md" in script  # the notes are the version's section


def test_the_version_section_of_the_changelog_is_not_empty():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    section = changelog.split(f"## [{VERSION}]", 1)[1].split("\n## [", 1)[0]
    assert re.search(r"^- \S", section, re.M), f"no entries under {VERSION}"
