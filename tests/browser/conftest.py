"""Fixtures for the real-browser tests of the built book and of JupyterLab.

One local web server and one headless chromium serve the whole test run. Every page of the
table of contents is opened once (:class:`browser_support.SiteVisitor`) and what happened
while it loaded is recorded; the tests then check those records, so the suite stays fast.
Every module that drives chromium sets ``pytestmark = pytest.mark.browser``; the
student-edition test (a second book build, no browser) is marked ``slow``.

The site root is ``$KOREA_TALKS_SITE`` (default ``_build/html``). Locally the tests skip
when chromium or the built site is missing; with ``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    SiteVisitor,
    free_port,
    skip_or_fail,
    stop_process,
    wait_for_http,
)


@pytest.fixture(scope="session")
def site_root() -> Path:
    """The built HTML site: ``$KOREA_TALKS_SITE`` or ``_build/html``; must hold index.html."""
    root = Path(os.environ.get("KOREA_TALKS_SITE", REPO / "_build" / "html")).resolve()
    if not (root / "index.html").is_file():
        skip_or_fail(f"no built book at {root} (run `make book` first)")
    return root


@pytest.fixture(scope="session")
def site_url(site_root: Path) -> Iterator[str]:
    """Serve the site on 127.0.0.1 and a free port, compressed as static hosts serve it
    (:mod:`static_server`: gzip for text), so the page-weight test counts what readers
    download."""
    port = free_port()
    server = Path(__file__).with_name("static_server.py")
    proc = subprocess.Popen(
        [sys.executable, str(server), str(port), str(site_root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(base, proc=proc)
        yield base
    finally:
        stop_process(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian chromium for the whole test run, driven by Playwright."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (install it: apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is pinned in requirements.txt
        skip_or_fail("the Python package playwright is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def site(browser: object, site_url: str) -> Iterator[SiteVisitor]:
    """A visitor that opens each page of the book once per test run."""
    visitor = SiteVisitor(browser, site_url)
    try:
        yield visitor
    finally:
        visitor.close()


@pytest.fixture(scope="session")
def phone_site(browser: object, site_url: str) -> Iterator[SiteVisitor]:
    """A visitor with a phone's width (390 CSS pixels), for the layout tests."""
    visitor = SiteVisitor(browser, site_url, width=390)
    try:
        yield visitor
    finally:
        visitor.close()


@pytest.fixture
def fresh_page(browser: object, site_url: str) -> Iterator[object]:
    """A new page in its own context that may only talk to the local server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    host = urlsplit(site_url).netloc
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).netloc == host
            else route.abort("blockedbyclient")
        ),
    )
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
