"""The student edition (``make book-student``): the book without answers or solutions.

The edition is built here into a temporary folder, reusing the execution cache of the
site under test, and compared with that (full) site: every answer the full site shows
must be absent from the student pages and from the notebook and markdown sources offered
for download; the instructors' pages are left out (also from the search index).
"""

from __future__ import annotations

import html
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import REPO, TOC_PAGES, page_path

pytestmark = pytest.mark.slow

SPEC = importlib.util.spec_from_file_location(
    "student_edition", REPO / "book" / "_ext" / "student_edition.py"
)
student_edition = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(student_edition)

DETAILS = re.compile(r"<details[^>]*\bsd-dropdown\b[^>]*>(.*?)</details>", re.DOTALL)
SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary>(.*)", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def answers_in(page: Path) -> list[tuple[str, str]]:
    """(title, body text) of every answer dropdown on a built page."""
    found = []
    for block in DETAILS.findall(page.read_text(encoding="utf8")):
        match = SUMMARY.search(block)
        if match:
            title, body = text_of(match.group(1)), text_of(match.group(2))
            if student_edition.ANSWER_TITLE.match(title):
                found.append((title, body))
    return found


# --------------------------------------------------------------------------------------
# The pieces, without a build
# --------------------------------------------------------------------------------------


def test_answer_blocks_are_stripped_from_sources_and_questions_kept() -> None:
    """Answer dropdowns and solutions go; other dropdowns and the questions stay."""
    source = (
        "1. Why a freeze first?\n\n"
        ":::{dropdown} Show the answer\nBecause trust comes first (S6).\n:::\n\n"
        "::::{dropdown} More context\nA note, not an answer.\n::::\n\n"
        "```{solution} ex-1\nThe solution text.\n```\n"
    )
    stripped = student_edition.strip_answer_blocks(source)
    assert "Why a freeze first?" in stripped
    assert "trust comes first" not in stripped
    assert "The solution text" not in stripped
    assert "A note, not an answer." in stripped


def test_student_toc_drops_only_the_instructors_pages() -> None:
    """The student table of contents keeps every page except the instructors' ones."""
    import yaml

    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf8"))
    student = student_edition.student_toc(toc)
    files = re.findall(r"'file': '([^']+)'", str(student))
    assert files, "the student table of contents lists no page"
    assert not [f for f in files if f.startswith(student_edition.INSTRUCTOR_PAGES)]
    expected = [d for d in TOC_PAGES[1:] if not d.startswith(student_edition.INSTRUCTOR_PAGES)]
    assert files == expected


def test_student_config_hides_solutions_and_keeps_the_rest() -> None:
    """hide_solutions is on, both local extensions load, the rest of the config is kept."""
    import yaml

    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf8"))
    student = student_edition.student_config(config, cache=Path("/cache"))
    assert student["sphinx"]["config"]["hide_solutions"] is True
    assert "student_edition" in student["sphinx"]["local_extensions"]
    assert all(Path(p).is_absolute() for p in student["sphinx"]["local_extensions"].values())
    assert student["execute"]["cache"] == str(Path("/cache"))
    assert student["launch_buttons"] == config["launch_buttons"]
    assert "student edition" in student["title"]


# --------------------------------------------------------------------------------------
# The built student edition against the full site
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def student_site(site_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the student edition (strict flags) and return its HTML folder."""
    out = tmp_path_factory.mktemp("student")
    cache = site_root.parent / ".jupyter_cache"
    config, toc = student_edition.write_student_files(out, cache=cache if cache.is_dir() else None)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(REPO), "-W", "-n", "--keep-going"]
    command += ["--config", str(config), "--toc", str(toc), "--path-output", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"


def test_full_site_has_answers_to_remove(site_root: Path) -> None:
    """The full site does show answers (otherwise the comparison below proves nothing)."""
    total = sum(len(answers_in(site_root / page_path(d))) for d in TOC_PAGES)
    assert total > 0


@pytest.mark.parametrize(
    "docname",
    [d for d in TOC_PAGES if not d.startswith(student_edition.INSTRUCTOR_PAGES)],
)
def test_student_page_has_no_answers(student_site: Path, site_root: Path, docname: str) -> None:
    """No answer dropdown or solution, and none of the full page's answer texts."""
    page = student_site / page_path(docname)
    assert page.is_file(), f"{docname} is missing from the student edition"
    assert not answers_in(page)
    text = text_of(page.read_text(encoding="utf8"))
    assert 'class="solution' not in page.read_text(encoding="utf8")
    for title, body in answers_in(site_root / page_path(docname)):
        snippet = body[:80]
        assert snippet not in text, f"{docname}: the answer {title!r} is still there: {snippet}"


def test_student_edition_leaves_out_the_instructors_pages(
    student_site: Path, site_root: Path
) -> None:
    """The instructors' pages (with their answer notes) are not published."""
    assert (site_root / "book" / "instructors").is_dir()
    assert not (student_site / "book" / "instructors").exists()


def test_search_index_and_sources_hold_no_answers(student_site: Path) -> None:
    """The search index lists no instructors' page; downloadable sources carry no answer."""
    index = student_site.joinpath("searchindex.js").read_text(encoding="utf8")
    assert student_edition.INSTRUCTOR_PAGES not in index
    sources = [p for p in (student_site / "_sources").rglob("*") if p.is_file()]
    assert any(p.suffix == ".ipynb" for p in sources)
    for path in sources:
        body = path.read_text(encoding="utf8")
        assert not re.search(r"\{dropdown\}\s*(Show the )?Answer", body, re.IGNORECASE), path
        assert "{solution}" not in body, path
