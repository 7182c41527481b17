"""The built book in a real browser: every page of the table of contents loads cleanly and
only from its own host; widgets show their static view from vendored JavaScript; the
navigation, search, glossary and citation links work; solutions start collapsed; images
have alt text; chapter pages offer the notebook download and the launch buttons."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from browser_support import (
    CHAPTER_PAGES,
    REPO,
    STATE_TIMEOUT_MS,
    TOC_PAGES,
    SiteVisitor,
    strip_fragment,
)

pytestmark = pytest.mark.browser

VENDORED_WIDGET_JS = ("_static/vendor/html-manager/embed.js",)
CDN_HINTS = ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com")


def glossary_terms(path: Path = REPO / "book" / "glossary.md") -> list[str]:
    """The terms of the ``{glossary}`` block: unindented lines inside the block."""
    text = path.read_text(encoding="utf8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line and not line[0].isspace()]


# --------------------------------------------------------------------------------------
# Every page loads cleanly and only from the serving host
# --------------------------------------------------------------------------------------


def test_landing_page_opens_the_introduction(fresh_page, site_url: str) -> None:
    """The site root leads to the introduction page, which names the module."""
    fresh_page.goto(site_url, wait_until="load")
    fresh_page.wait_for_url(re.compile(r"book/intro\.html"), timeout=STATE_TIMEOUT_MS)
    assert fresh_page.locator("main h1").first.inner_text().strip()
    assert "Sequencing Peace" in fresh_page.title()


@pytest.mark.parametrize("docname", TOC_PAGES)
def test_page_loads_without_errors(site: SiteVisitor, docname: str) -> None:
    """HTTP 200, no console error, no uncaught exception, no failed or 4xx/5xx request."""
    visit = site.visit(docname)
    assert visit.status == 200, f"{visit.url} answered {visit.status}"
    assert not visit.console_errors, f"console errors on {docname}: {visit.console_errors}"
    assert not visit.page_errors, f"uncaught errors on {docname}: {visit.page_errors}"
    assert not visit.failed, f"failed requests on {docname}: {visit.failed}"
    assert not visit.bad_status, f"error responses on {docname}: {visit.bad_status}"


@pytest.mark.parametrize("docname", TOC_PAGES)
def test_page_requests_only_its_own_host(site: SiteVisitor, docname: str) -> None:
    """Every request the page makes goes to the host that serves the site."""
    visit = site.visit(docname)
    assert visit.requests, f"no request recorded for {docname}"
    others = sorted({u for u in visit.requests if urlsplit(u).netloc != site.host} - {""})
    others = [u for u in others if not u.startswith(("data:", "blob:"))]
    assert not others, f"{docname} requested other hosts: {others}"


# --------------------------------------------------------------------------------------
# Widgets: vendored JavaScript and a static view in every widget area
# --------------------------------------------------------------------------------------


def test_vendored_widget_javascript_is_served(fresh_page, site_url: str) -> None:
    """The widget manager is part of the site itself."""
    for path in VENDORED_WIDGET_JS:
        response = fresh_page.request.get(urljoin(site_url, path))
        assert response.status == 200, f"{path}: HTTP {response.status}"
        assert len(response.body()) > 10_000, f"{path} is suspiciously small"


def test_widget_pages_load_vendored_javascript(site: SiteVisitor) -> None:
    """Pages with saved widget state load the widget manager from the site, none from a
    CDN (once a widget is in view: the visitor scrolls to each)."""
    with_widgets = [d for d in TOC_PAGES if site.visit(d).info["hasState"]]
    assert with_widgets, "no page of the book embeds widget state: the widget chapters are missing"
    for docname in with_widgets:
        requests = site.visit(docname).requests
        for path in VENDORED_WIDGET_JS:
            expected = urljoin(site.base_url, path)
            assert any(u.split("?")[0] == expected for u in requests), (
                f"{docname} did not load {path} from the site"
            )
        cdn = [u for u in requests if any(h in u for h in CDN_HINTS)]
        assert not cdn, f"{docname} asked a CDN: {cdn}"


@pytest.mark.parametrize("docname", TOC_PAGES)
def test_every_widget_area_shows_a_static_view(site: SiteVisitor, docname: str) -> None:
    """Each widget output is rendered (not an empty box): visible, with text or controls."""
    views = site.visit(docname).info["views"]
    for number, view in enumerate(views, start=1):
        assert view["rendered"], f"widget {number} on {docname} was not rendered"
        assert view["height"] > 0, f"widget {number} on {docname} has no height"
        assert view["text"] or view["controls"], f"widget {number} on {docname} is empty"


# --------------------------------------------------------------------------------------
# Navigation, search, glossary and citations
# --------------------------------------------------------------------------------------


def test_previous_and_next_links_follow_the_table_of_contents(site: SiteVisitor) -> None:
    """Page i links forward to page i+1, and page i+1 back to page i."""
    for here, there in itertools.pairwise(TOC_PAGES):
        nxt = site.visit(here).info["next"]
        prev = site.visit(there).info["prev"]
        assert nxt and strip_fragment(nxt)[0] == site.url_of(there), f"{here}: next is {nxt}"
        assert prev and strip_fragment(prev)[0] == site.url_of(here), f"{there}: prev is {prev}"
    assert site.visit(TOC_PAGES[-1]).info["next"] is None


def test_clicking_next_opens_the_next_page(fresh_page, site_url: str) -> None:
    """A real click on the "next" link navigates to the next page of the table of contents."""
    fresh_page.goto(urljoin(site_url, f"{TOC_PAGES[0]}.html"), wait_until="load")
    fresh_page.locator("a.right-next").first.click()
    fresh_page.wait_for_url(re.compile(re.escape(f"{TOC_PAGES[1]}.html")), timeout=STATE_TIMEOUT_MS)


@pytest.mark.parametrize("term", glossary_terms()[:3])
def test_search_finds_the_glossary_page(fresh_page, site_url: str, term: str) -> None:
    """The site search, run in the browser, lists the glossary page for a glossary term."""
    fresh_page.goto(urljoin(site_url, f"search.html?q={term}"), wait_until="load")
    results = fresh_page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=STATE_TIMEOUT_MS)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("book/glossary.html" in h for h in hrefs), f"search for {term!r} gave {hrefs}"


def _links(site: SiteVisitor, predicate) -> list[tuple[str, str]]:
    found = []
    for docname in TOC_PAGES:
        for link in site.visit(docname).info["links"]:
            if predicate(link):
                found.append((docname, link["href"]))
    return found


def _ids_of(site: SiteVisitor, page_url: str) -> set[str]:
    rel = page_url[len(site.base_url) :]
    docname = rel[: -len(".html")]
    return set(site.visit(docname).info["ids"])


def _assert_targets_exist(site: SiteVisitor, links: list[tuple[str, str]]) -> None:
    broken = []
    for docname, href in links:
        page, frag = strip_fragment(href)
        if not page.startswith(site.base_url) or not page.endswith(".html"):
            broken.append((docname, href, "not a page of the site"))
        elif frag and frag not in _ids_of(site, page):
            broken.append((docname, href, "no such anchor"))
    assert not broken, f"links that do not resolve: {broken}"


def test_glossary_links_resolve(site: SiteVisitor) -> None:
    """Every {term} link lands on an existing entry of the glossary page."""
    links = _links(site, lambda link: "#term-" in link["href"])
    assert links, "no page links to a glossary term"
    glossary = site.url_of("book/glossary")
    assert all(strip_fragment(h)[0] == glossary for _, h in links), links
    _assert_targets_exist(site, links)


def test_citation_links_resolve(site: SiteVisitor) -> None:
    """Every {cite} link lands on an existing entry of the bibliography."""
    bibliography = site.url_of("book/bibliography")
    links = _links(
        site, lambda link: strip_fragment(link["href"])[0] == bibliography and "#" in link["href"]
    )
    assert links, "no page cites a reference"
    _assert_targets_exist(site, links)


BIB_KEYS = set(
    re.findall(
        r"^@\w+\{([^,\s]+),",
        (REPO / "book" / "references.bib").read_text(encoding="utf8"),
        flags=re.M,
    )
)


def test_tables_show_citations_not_bibliography_keys(site_root: Path) -> None:
    """No table cell of the built book is a bare key of references.bib: tables made by
    the chapters' code show author-year links, like the prose's citations."""
    assert BIB_KEYS, "no key read from references.bib"
    raw = []
    for page in site_root.rglob("*.html"):
        for cell in re.findall(r"<td>([^<]*)</td>", page.read_text(encoding="utf8")):
            keys = [k.strip() for k in re.split(r"[,;]", cell)]
            if keys and all(k in BIB_KEYS for k in keys):
                raw.append((page.name, cell))
    assert not raw, f"bibliography keys shown raw in tables: {raw[:5]}"


@pytest.mark.parametrize("docname", TOC_PAGES)
def test_internal_links_resolve(site: SiteVisitor, docname: str) -> None:
    """Every link from this page to another page of the book lands on an existing anchor."""
    links = [
        (docname, link["href"])
        for link in site.visit(docname).info["links"]
        if link["href"].startswith(site.base_url)
        and strip_fragment(link["href"])[0].endswith(".html")
        and "/_static/" not in link["href"]
        and "genindex" not in link["href"]
        and "search.html" not in link["href"]
    ]
    _assert_targets_exist(site, links)


# --------------------------------------------------------------------------------------
# Solutions, images, downloads and launch buttons
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("docname", TOC_PAGES)
def test_solutions_start_collapsed(site: SiteVisitor, docname: str) -> None:
    """Dropdowns (answers) are closed and solution boxes hide their body until opened."""
    info = site.visit(docname).info
    opened = [d["title"] for d in info["dropdowns"] if d["open"]]
    assert not opened, f"dropdowns open by default on {docname}: {opened}"
    shown = [s["title"] for s in info["solutions"] if s["visibleBody"]]
    assert not shown, f"solutions shown by default on {docname}: {shown}"


@pytest.mark.parametrize("docname", TOC_PAGES)
def test_every_image_has_alt_text(site: SiteVisitor, docname: str) -> None:
    """Every <img> has a non-empty alt attribute and actually loaded."""
    imgs = site.visit(docname).info["imgs"]
    missing = [i["src"] for i in imgs if not (i["alt"] or "").strip()]
    assert not missing, f"images without alt text on {docname}: {missing}"
    broken = [i["src"] for i in imgs if i["broken"]]
    assert not broken, f"images that did not load on {docname}: {broken}"


LAUNCH = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))["launch_buttons"]


@pytest.mark.parametrize("docname", CHAPTER_PAGES)
def test_chapter_offers_download_and_launch_buttons(
    site: SiteVisitor, fresh_page, docname: str
) -> None:
    """The .ipynb download (served by the site), and exactly the launch buttons that
    _config.yml configures: Binder always, JupyterHub and Colab when their URL is set."""
    hrefs = [link["href"] for link in site.visit(docname).info["links"]]
    source = f"{docname}.md"
    ipynb = [h for h in hrefs if h.endswith(f"_sources/{docname}.ipynb")]
    assert ipynb, f"{docname} has no .ipynb download link"
    response = fresh_page.request.get(ipynb[0])
    assert response.status == 200 and b'"cells"' in response.body(), ipynb[0]
    binder = [h for h in hrefs if "/v2/gh/" in h and source in h]
    hub = [h for h in hrefs if "/hub/user-redirect/git-pull" in h]
    colab = [h for h in hrefs if h.startswith("https://colab.research.google.com/")]
    assert LAUNCH["binderhub_url"], "the Binder button is the one every reader can use"
    assert binder, f"{docname} has no Binder button"
    if LAUNCH.get("jupyterhub_url"):
        assert any(source.replace("/", "%2F") in h or source in h for h in hub), (
            f"{docname} has no JupyterHub button for its notebook: {hub}"
        )
    else:
        assert not hub, f"{docname} shows a JupyterHub button that no hub was configured for"
    if LAUNCH.get("colab_url"):
        assert colab, f"{docname} has no Colab button"
    else:
        assert not colab, f"{docname} shows a Colab button that was switched off"
