"""The book's own Sphinx extensions (book/_ext) as units: their doctests and the rules
that decide what a page loads and how table cells are read."""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

import pytest
from pybtex.database import Entry, Person

EXT = Path(__file__).resolve().parents[1] / "book" / "_ext"
sys.path.insert(0, str(EXT))

import lean_pages  # noqa: E402
import table_citations  # noqa: E402


@pytest.mark.parametrize("module", [lean_pages, table_citations])
def test_doctests_pass(module: object) -> None:
    result = doctest.testmod(module)
    assert result.failed == 0


@pytest.mark.parametrize(
    ("body", "needed"),
    [
        ('<span class="math notranslate nohighlight">\\(x^2\\)</span>', True),
        ('<div class="math notranslate nohighlight">\\[\\sum x\\]</div>', True),
        ("<p>Sanctions cost $5 billion; aid was $2 billion.</p>", False),
        ("<table><tr><td>0.5</td></tr></table>", False),
    ],
)
def test_mathjax_is_kept_only_for_mathematics(body: str, needed: bool) -> None:
    assert lean_pages.page_needs_mathjax(body, []) is needed


def test_icon_rules_keep_only_used_icons_and_their_aliases() -> None:
    css = (
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
        '.fa-rocket:before{content:"\\f135"}.fa-sun:before{content:"\\f185"}'
    )
    kept = lean_pages.drop_unused_icon_rules(css, {"navicon", "sun"})
    assert "fa-bars" in kept and "fa-sun" in kept and "fa-rocket" not in kept
    assert lean_pages.icon_codepoints(css, {"rocket"}) == {0xF135}


@pytest.mark.parametrize(
    ("people", "year", "text"),
    [
        (["Toloraya, Georgy"], "2017", "Toloraya, 2017"),
        (["Cha, Victor", "Kang, David"], "2003", "Cha and Kang, 2003"),
        (["A, B", "C, D", "E, F"], "2020", "A et al., 2020"),
    ],
)
def test_citation_labels_read_author_and_year(people: list[str], year: str, text: str) -> None:
    entry = Entry("article", fields={"year": year, "title": "T"})
    entry.persons["author"] = [Person(p) for p in people]
    assert table_citations.author_year(entry) == text
