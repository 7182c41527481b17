"""Page weight of the built book: each page's own HTML and everything it transfers.

Embedded widget state can make a page huge, so every chapter page's HTML must stay under
2 MB. What a reader downloads on a first visit (every request, headers included, with
the browser's cache off: routing requests turns it off) stays at most 1 MB for a page
without widgets and 2 MB for a page with widgets, counted after every widget has been
brought into view and drawn. The test server compresses text as static hosts do
(``static_server.py``), so these are the bytes a reader of the published site receives.
These are sizes, not times. The figures for every page go to ``page-weight.csv`` beside
the site (for the default site: ``_build/page-weight.csv``), largest first, and are
printed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from browser_support import CHAPTER_PAGES, TOC_PAGES, SiteVisitor, page_path

pytestmark = pytest.mark.browser

CHAPTER_HTML_LIMIT = 2 * 1024 * 1024
TRANSFER_LIMIT = 1_000_000
"""Bytes a reader downloads for a page without widgets (first visit)."""
TRANSFER_LIMIT_WITH_WIDGETS = 2_000_000
"""Bytes for a page with widgets, the widget manager included."""
REPORT_NAME = "page-weight.csv"


@pytest.mark.parametrize("docname", CHAPTER_PAGES)
def test_chapter_html_is_under_two_megabytes(site_root: Path, docname: str) -> None:
    """A chapter's own HTML file (with its embedded widget state) is below 2 MB."""
    size = (site_root / page_path(docname)).stat().st_size
    assert size < CHAPTER_HTML_LIMIT, f"{docname}: {size / 1e6:.2f} MB of HTML"


@pytest.mark.parametrize("docname", TOC_PAGES)
def test_page_transfers_at_most_its_budget(site: SiteVisitor, docname: str) -> None:
    """First visit, served compressed: at most 1 MB, or 2 MB for a page with widgets."""
    visit = site.visit(docname)
    with_widgets = bool(visit.info["views"])
    limit = TRANSFER_LIMIT_WITH_WIDGETS if with_widgets else TRANSFER_LIMIT
    assert visit.html_bytes < visit.transfer_bytes, "nothing but the HTML was counted"
    assert visit.transfer_bytes <= limit, (
        f"{docname} transfers {visit.transfer_bytes / 1e6:.2f} MB "
        f"({'with' if with_widgets else 'without'} widgets; limit {limit / 1e6:.0f} MB)"
    )


def test_test_server_compresses_like_a_static_host(site: SiteVisitor, site_root: Path) -> None:
    """The introduction's HTML arrives gzip-compressed: fewer bytes than on disk."""
    visit = site.visit(TOC_PAGES[0])
    on_disk = (site_root / page_path(TOC_PAGES[0])).stat().st_size
    assert visit.html_bytes < on_disk / 2, (visit.html_bytes, on_disk)


def test_page_weight_report(site: SiteVisitor, site_root: Path) -> None:
    """Measure every page in the browser, write the CSV report and print the largest."""
    rows = []
    for docname in TOC_PAGES:
        visit = site.visit(docname)
        on_disk = (site_root / page_path(docname)).stat().st_size
        assert visit.html_bytes > 0, f"no HTML size measured for {docname}"
        assert visit.transfer_bytes >= visit.html_bytes, docname
        rows.append(
            {
                "page": page_path(docname),
                "html_bytes": on_disk,
                "html_transferred_bytes": visit.html_bytes,
                "total_transfer_bytes": visit.transfer_bytes,
                "requests": len(visit.requests),
                "widgets": len(visit.info["views"]),
            }
        )
    rows.sort(key=lambda row: row["html_bytes"], reverse=True)
    report = site_root.parent / REPORT_NAME
    with report.open("w", newline="", encoding="utf8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"\npage weight ({len(rows)} pages, largest HTML first; full table: {report})")
    print(f"{'page':<55} {'HTML kB':>9} {'total kB':>9} {'requests':>8}")
    for row in rows[:8]:
        print(
            f"{row['page']:<55} {row['html_bytes'] / 1024:9.0f} "
            f"{row['total_transfer_bytes'] / 1024:9.0f} {row['requests']:8d}"
        )
    assert len(rows) == len(TOC_PAGES)
