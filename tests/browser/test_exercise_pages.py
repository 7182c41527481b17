"""The exercise pages of the built book in a real browser: each set is a page with its
questions, the downloads of both notebook editions and the launch button, and no answers;
the chapters a set practises and the introduction link to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import REPO, TOC_PAGES, SiteVisitor

from korea_talks.authoring.build import read, sources, student_path
from korea_talks.authoring.cells import is_solution, role, stream_text
from korea_talks.checks import load_sets

pytestmark = pytest.mark.browser

SETS = {spec.notebook: spec for spec in load_sets().values()}
EXERCISE_PAGES = [d for d in TOC_PAGES if d.startswith("book/exercises/set")]


def test_every_set_is_a_page_of_the_table_of_contents() -> None:
    assert sorted(d.rsplit("/", 1)[1] for d in EXERCISE_PAGES) == sorted(SETS)
    assert "book/exercises/index" in TOC_PAGES


@pytest.mark.parametrize("docname", EXERCISE_PAGES)
def test_exercise_page_shows_every_question_and_the_downloads(
    site: SiteVisitor, fresh_page, docname: str
) -> None:
    spec = SETS[docname.rsplit("/", 1)[1]]
    visit = site.visit(docname)
    assert visit.status == 200
    fresh_page.goto(visit.url, wait_until="load")
    text = fresh_page.locator("main").inner_text()
    headings = fresh_page.locator("main h2").all_inner_texts()
    for question in spec.questions:
        assert any(h.startswith(f"{question.label} (") for h in headings), question.id
    hrefs = [link["href"] for link in visit.info["links"]]
    found = [h for h in hrefs if h.endswith(f"/{spec.notebook}.ipynb") and "_downloads" in h]
    served = [fresh_page.request.get(h) for h in found]
    assert all(r.status == 200 and b'"cells"' in r.body() for r in served), found
    editions = {r.json()["metadata"]["korea_talks"]["edition"] for r in served}
    assert editions == {"practice", "graded"}
    assert any("/v2/gh/" in h and f"{docname}.md" in h for h in hrefs), "no Binder button"
    assert "practises" in text


@pytest.mark.parametrize("source", sources(REPO / "exercises"), ids=lambda p: p.stem)
def test_exercise_page_holds_no_answers(site: SiteVisitor, fresh_page, source) -> None:
    """No model solution and no recorded line of the key appears on the page."""
    key = read(source)
    handed_out = "\n".join(c.source for c in read(student_path(source, "practice")).cells)
    docname = f"book/exercises/{source.stem}"
    fresh_page.goto(site.visit(docname).url, wait_until="load")
    text = fresh_page.locator("main").inner_text()
    for cell in key.cells:
        if is_solution(cell):
            lines = [
                ln
                for ln in cell.source.splitlines()
                if len(ln.strip()) > 25 and ln.strip() not in handed_out
            ]
            assert not any(ln.strip() in text for ln in lines), cell.id
        if role(cell) == "check":
            assert stream_text(cell).strip() not in text, cell.id
        if role(cell) == "instructor" and cell.cell_type == "markdown":
            assert cell.source[:60] not in text, cell.id


@pytest.mark.parametrize("notebook", sorted(SETS))
def test_chapters_it_practises_link_to_the_set(site: SiteVisitor, notebook: str) -> None:
    for chapter in SETS[notebook].chapters:
        hrefs = [link["href"] for link in site.visit(f"book/chapters/{chapter}").info["links"]]
        assert any(h.split("#")[0].endswith(f"book/exercises/{notebook}.html") for h in hrefs), (
            f"{chapter} does not link to {notebook}"
        )


def test_the_introduction_links_to_the_exercises(site: SiteVisitor) -> None:
    hrefs = [link["href"] for link in site.visit(TOC_PAGES[0]).info["links"]]
    assert any(h.split("#")[0].endswith("book/exercises/index.html") for h in hrefs)


MARKED_PAGES = [
    d for d in EXERCISE_PAGES if "# NBVAL_" in (REPO / f"{d}.md").read_text(encoding="utf8")
]


def test_some_exercise_sources_carry_test_markers() -> None:
    """The check below has something to find: graded cells carry nbval's markers."""
    assert MARKED_PAGES


@pytest.mark.parametrize("docname", MARKED_PAGES)
def test_exercise_page_hides_the_test_runners_markers(site_root: Path, docname: str) -> None:
    """``# NBVAL_CHECK_OUTPUT`` tells nbval what to compare; students do not see it."""
    html = (site_root / f"{docname}.html").read_text(encoding="utf8")
    assert "NBVAL_" not in html
    assert ">check<" in html  # the graded cell itself is still shown
