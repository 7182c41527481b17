"""Page weight of the built book: each page's own HTML and everything it transfers.

Embedded widget state can make a page huge, so every chapter page's HTML must stay under
2 MB. The figures for every page go to ``page-weight.csv`` beside the site (for the
default site: ``_build/page-weight.csv``), largest first, and are printed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from browser_support import CHAPTER_PAGES, TOC_PAGES, SiteVisitor, page_path

pytestmark = pytest.mark.browser

CHAPTER_HTML_LIMIT = 2 * 1024 * 1024
REPORT_NAME = "page-weight.csv"


@pytest.mark.parametrize("docname", CHAPTER_PAGES)
def test_chapter_html_is_under_two_megabytes(site_root: Path, docname: str) -> None:
    """A chapter's own HTML file (with its embedded widget state) is below 2 MB."""
    size = (site_root / page_path(docname)).stat().st_size
    assert size < CHAPTER_HTML_LIMIT, f"{docname}: {size / 1e6:.2f} MB of HTML"


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
