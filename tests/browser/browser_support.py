"""What the browser tests share: the table of contents, a local server, and a
visitor that opens every page once and records what happened while it loaded.

Locally the tests skip when chromium or the built site is missing; with ``CI=true`` they
fail instead (:func:`skip_or_fail`).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
STATE_TIMEOUT_MS = 120_000
"""How long a wait on state (a page drawn, a URL reached, search results listed) may take
before the test fails. It is a bound, never a pause: the wait ends as soon as the state is
there, and a busy machine (CI, `make stress`) can take far longer than an idle one."""
WIDGET_VIEW_SELECTOR = 'script[type="application/vnd.jupyter.widget-view+json"]'


def in_ci() -> bool:
    """True when the environment variable ``CI`` is ``true`` (case-insensitive)."""
    return os.environ.get("CI", "").strip().lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Skip the test with ``reason`` locally; fail it in CI, where nothing may be skipped."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


def toc_docnames(toc_path: Path = REPO / "_toc.yml") -> list[str]:
    """Return the document names of ``_toc.yml`` in reading order (root first)."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf8"))
    names = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries or []:
            if "file" in entry:
                names.append(str(Path(entry["file"]).with_suffix("")))
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))
            for part in entry.get("parts", []):
                walk(part.get("chapters", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return names


TOC_PAGES = toc_docnames()
"""Every page of the book, in the order of the table of contents."""
CHAPTER_PAGES = [name for name in TOC_PAGES if name.startswith("book/chapters/")]
"""The chapter pages (MyST notebooks): these must offer downloads and launch buttons."""


def page_path(docname: str) -> str:
    """The site-relative path of a document's HTML page."""
    return f"{docname}.html"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, timeout: float = 120.0, proc: subprocess.Popen | None = None) -> None:
    """Poll ``url`` until it answers (any HTTP status); raise if the server exits first or
    after ``timeout`` seconds (a bound for a machine under load, not an expected wait)."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError as err:
            last_error = err
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s: {last_error}")


def stop_process(proc: subprocess.Popen) -> None:
    """Stop one process we started, by its PID: terminate, then kill after 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@dataclass
class PageVisit:
    """What happened while one page of the site loaded in the browser."""

    docname: str
    url: str
    status: int | None = None
    html_bytes: int = 0
    transfer_bytes: int = 0
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    layout: dict = field(default_factory=dict)


COLLECT_JS = (
    (Path(__file__).parent / "collect_page.js")
    .read_text(encoding="utf8")
    .replace("WIDGET_VIEW_SELECTOR", json.dumps(WIDGET_VIEW_SELECTOR))
)
"""JavaScript that gathers, in one pass, what the tests check on a page."""


SCREENSHOTS = REPO / "_build" / "screenshots"
"""Where the visitors save a screenshot of every page they open (for reviewers)."""

LAYOUT_JS = (Path(__file__).parent / "collect_layout.js").read_text(encoding="utf8")
"""JavaScript that measures the layout: cut controls, stacking, sideways overflow."""


class SiteVisitor:
    """Open pages of the served site once each and remember what happened (a cache).

    Each page is opened at ``width`` CSS pixels; a full-page screenshot goes to
    :data:`SCREENSHOTS` as ``<page>-<width>.jpg``, and the layout is measured.
    """

    def __init__(self, browser: object, base_url: str, width: int = 1280) -> None:
        self.base_url = base_url
        self.width = width
        self.host = urlsplit(base_url).netloc
        height = 900 if width >= 800 else 844
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.visits: dict[str, PageVisit] = {}
        self._current: PageVisit | None = None
        self.context.route("**/*", self._route)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda err: self._record("page_errors", str(err)))
        self.page.on("requestfailed", self._on_failed)
        self.page.on("requestfinished", self._on_finished)

    # -- event handlers ----------------------------------------------------------------
    def _record(self, kind: str, text: str) -> None:
        if self._current is not None:
            getattr(self._current, kind).append(text)

    def _route(self, route: object) -> None:
        url = route.request.url
        self._record("requests", url)
        if urlsplit(url).netloc == self.host or url.startswith(("data:", "blob:")):
            route.continue_()
        else:  # never let the test reach the network; the test reports the request
            self._record("blocked", url)
            route.abort("blockedbyclient")

    def _on_console(self, msg: object) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            self._record("console_errors", f"{msg.text} ({loc.get('url', '')})")

    def _on_failed(self, request: object) -> None:
        if urlsplit(request.url).netloc == self.host:
            self._record("failed", f"{request.url}: {request.failure}")

    def _on_finished(self, request: object) -> None:
        if self._current is None:
            return
        response = request.response()
        if response is None:
            return
        if response.status >= 400:
            self._record("bad_status", f"{request.url}: HTTP {response.status}")
        sizes = request.sizes()
        body = max(sizes.get("responseBodySize", 0), 0)
        self._current.transfer_bytes += body + max(sizes.get("responseHeadersSize", 0), 0)
        if request.resource_type == "document" and request.frame == self.page.main_frame:
            self._current.html_bytes = body

    # -- public ------------------------------------------------------------------------
    def url_of(self, docname: str) -> str:
        """The absolute URL of a document's page."""
        return urljoin(self.base_url, page_path(docname))

    def visit(self, docname: str) -> PageVisit:
        """Open ``docname`` (once per test run) and return what was recorded."""
        if docname in self.visits:
            return self.visits[docname]
        visit = PageVisit(docname=docname, url=self.url_of(docname))
        self._current = visit
        try:
            response = self.page.goto(visit.url, wait_until="load")
            visit.status = response.status if response else None
            if self.page.locator(WIDGET_VIEW_SELECTOR).count():
                show_widgets(self.page)
            visit.info = self.page.evaluate(COLLECT_JS)
            visit.layout = self.page.evaluate(LAYOUT_JS)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = docname.replace("/", "--") + f"-{self.width}.jpg"
            self.page.screenshot(path=SCREENSHOTS / name, full_page=True, quality=70)
        finally:
            self._current = None
        self.visits[docname] = visit
        return visit

    def close(self) -> None:
        """Close the browser context."""
        self.context.close()


def show_widgets(page: object) -> None:
    """Bring every widget area into view, so the page loads its widget manager (it does
    so only when a widget comes near the screen), and wait until each is drawn."""
    page.evaluate(
        """(selector) => document.querySelectorAll(selector)
             .forEach((view) => view.parentElement.scrollIntoView())""",
        WIDGET_VIEW_SELECTOR,
    )
    page.wait_for_function(
        """(selector) => Array.from(document.querySelectorAll(selector))
             .every((view) => view.parentElement.querySelector('.widget-subarea *'))""",
        arg=WIDGET_VIEW_SELECTOR,
        timeout=STATE_TIMEOUT_MS,
    )
    page.wait_for_load_state("networkidle")
    page.evaluate("() => window.scrollTo(0, 0)")


def strip_fragment(url: str) -> tuple[str, str]:
    """Split a URL into (page URL without query or fragment, fragment)."""
    page, frag = urldefrag(url)
    return page.split("?", 1)[0], frag


def require_tool(name: str) -> str:
    """Path of an executable on PATH, or skip (locally) / fail (CI) when it is missing."""
    found = shutil.which(name)
    if not found:
        skip_or_fail(f"{name} is not on PATH")
    return str(found)
