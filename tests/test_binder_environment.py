"""The Binder environment (binder/): slim, pinned like the full one, and wired to the
same JupyterLab settings; the book's launch buttons point at mybinder.org with the
repository and branch of _config.yml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BINDER = REPO / "binder"
TEST_ONLY = {
    "pytest",
    "nbval",
    "hypothesis",
    "pytest-benchmark",
    "playwright",
    "ruff",
    "mypy",
    "pandas-stubs",
    "jupyter-book",
    "sphinx",
}
"""Packages for building, testing and checking the module, which Binder users never run."""
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s#]+)")


def pins(path: Path) -> dict[str, str]:
    """Name -> pinned version of every ``name==version`` line of a requirements file."""
    found = {}
    for line in path.read_text(encoding="utf8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def test_binder_pins_are_those_of_the_full_environment() -> None:
    slim, full = pins(BINDER / "requirements.txt"), pins(REPO / "requirements.txt")
    assert slim, "binder/requirements.txt pins nothing"
    different = {n: (v, full.get(n)) for n, v in slim.items() if full.get(n) != v}
    assert not different, f"pinned differently from requirements.txt: {different}"


def test_binder_installs_no_test_or_build_tool() -> None:
    slim = set(pins(BINDER / "requirements.txt"))
    assert not slim & TEST_ONLY, sorted(slim & TEST_ONLY)
    assert slim < set(pins(REPO / "requirements.txt"))


def test_binder_installs_the_package_and_the_notebook_tools() -> None:
    text = (BINDER / "requirements.txt").read_text(encoding="utf8")
    assert re.search(r"^-e \.$", text, re.MULTILINE)
    assert {"ipywidgets", "jupyterlab", "jupytext", "jupyterlab-myst"} <= set(
        pins(BINDER / "requirements.txt")
    )


def test_binder_runs_the_repository_postbuild_and_python_version() -> None:
    assert "postBuild" in (BINDER / "postBuild").read_text(encoding="utf8")
    assert (BINDER / "runtime.txt").read_text() == (REPO / "runtime.txt").read_text()


def test_launch_buttons_point_at_mybinder_with_repository_and_branch() -> None:
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf8"))
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    url = config["repository"]["url"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url), url
    assert config["repository"]["branch"] == "main"


def test_built_chapter_launches_binder_with_repository_and_branch() -> None:
    """On the built site (when there is one), a chapter's launch button opens
    mybinder.org/v2/gh/<owner>/<name>/<branch> at that chapter."""
    page = REPO / "_build" / "html" / "book" / "chapters" / "07-the-roadmap.html"
    if not page.is_file():
        pytest.skip("no built book (run `make book`)")
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf8"))
    owner_name = config["repository"]["url"].removeprefix("https://github.com/")
    branch = config["repository"]["branch"]
    links = re.findall(r'href="(https://mybinder\.org/[^"]+)"', page.read_text(encoding="utf8"))
    assert links, "no Binder launch button on the chapter"
    expected = f"https://mybinder.org/v2/gh/{owner_name}/{branch}?"
    assert all(link.startswith(expected) for link in links), links
    assert all("07-the-roadmap" in link for link in links), links
