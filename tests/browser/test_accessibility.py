"""Accessibility of every page of the built book, checked with axe-core in chromium.

axe-core is vendored (``vendor/axe.min.js``, MPL-2.0, see ``vendor/README.md``) and
injected into each page; nothing is fetched at test time. Serious and critical
violations fail the test; milder ones are listed in the test output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import TOC_PAGES, SiteVisitor

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return {
    version: axe.version,
    violations: result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      count: v.nodes.length,
    })),
  };
}"""


def run_axe(site: SiteVisitor, docname: str) -> dict:
    """Open ``docname`` in the visitor's tab (if needed), inject axe-core and run it."""
    page = site.page
    if page.url.split("#")[0] != site.url_of(docname):
        site.visit(docname)  # records the page once per test run
        if page.url.split("#")[0] != site.url_of(docname):
            page.goto(site.url_of(docname), wait_until="load")
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf8"))
    return page.evaluate(RUN_AXE)


def test_vendored_axe_is_the_pinned_version() -> None:
    """The vendored file is the version this test names (its licence header is intact)."""
    head = AXE_JS.read_text(encoding="utf8")[:400]
    assert f"axe v{AXE_VERSION}" in head
    assert "Mozilla Public" in head


@pytest.mark.parametrize("docname", TOC_PAGES)
def test_page_has_no_serious_accessibility_violations(site: SiteVisitor, docname: str) -> None:
    """axe-core finds no serious or critical violation on the page."""
    result = run_axe(site, docname)
    assert result["version"] == AXE_VERSION
    violations = result["violations"]
    for v in violations:
        print(f"axe {docname}: {v['impact']} {v['id']} x{v['count']}: {v['help']} {v['nodes']}")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(
        f"{v['impact']} {v['id']} ({v['count']} nodes): {v['help']}; e.g. {v['nodes']}"
        for v in blocking
    )
