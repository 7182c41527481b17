""" "Make live" on the built site, both ways: in the browser (Pyodide, no server) the
freeze game and chapter 7's sequence builder go live and compute; on a server, the freeze
game's page connects to a local Jupyter server started by the test, runs its cells, and
the widget computes.

Before the click the page loads none of the live runtimes; before and after, no request
leaves 127.0.0.1 and none is answered with an error status (every request is recorded).
The vendored runtimes name no CDN and match their checksums; the built settings point the
server way at mybinder.org with the repository and branch of ``_config.yml``.

Every wait is on the page's state and has a bound; a long wait (going live) prints what it
waits for and the page's status line while it waits, and a wait that runs out says what
it waited for, so no test spends minutes without saying why.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import REPO, STATE_TIMEOUT_MS, free_port, stop_process, wait_for_http
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGE = "book/models/freeze-game"
ROADMAP = "book/chapters/07-the-roadmap"
TOKEN = "live-test-token"
LIVE_TIMEOUT_MS = 300_000
"""Bound on going live: Pyodide's start (about 17 MB) or a kernel's, then the page's cells.
Measured 11-20 s on a quiet machine and under a minute with two busy loops on two cores;
the wait prints its progress every :data:`PROGRESS_MS`, so it never runs silently."""
PROGRESS_MS = 20_000
ANSWER_TIMEOUT_MS = STATE_TIMEOUT_MS
"""Bound on a live widget's answer to a change (about 0.1 s; a busy kernel may lag)."""
LIVE_STATE = "() => ['ready', 'failed'].includes(document.documentElement.dataset.ktLive)"
VENDOR = REPO / "book" / "assets" / "vendor" / "live"


def test_vendored_runtimes_match_their_checksums_and_name_no_cdn() -> None:
    result = subprocess.run(
        [sys.executable, str(VENDOR / "update.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_built_site_carries_the_runtimes_without_cdn_addresses(site_root: Path) -> None:
    sys.path.insert(0, str(VENDOR))
    from update import CDN_HOSTS

    dist = site_root / "_static" / "vendor" / "live" / "dist"
    files = [p for p in dist.rglob("*") if p.is_file()]
    names = {p.relative_to(dist).as_posix() for p in files}
    for needed in ("thebe/index.js", "require.js", "lite/thebe-lite.min.js", "pyodide/pyodide.js"):
        assert needed in names, f"{needed} is not in the built site"
    assert any(n.startswith("pyodide/korea_talks-") for n in names), "no package wheel"
    bundles = [p for p in files if p.suffix not in (".whl", ".zip", ".wasm")]
    assert not [p.name for p in bundles if CDN_HOSTS.search(p.read_bytes())]


def test_built_live_settings_point_at_mybinder_with_repository_and_branch(
    site_root: Path,
) -> None:
    import json
    import re

    import yaml

    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf8"))
    text = (site_root / f"{PAGE}.html").read_text(encoding="utf8")
    found = re.search(r"window\.KT_LIVE = (\{.*?\});\n", text)
    assert found, "the page has no live settings"
    live = json.loads(found.group(1).replace("<\\/", "</"))
    settings = live["settings"]
    cells = json.loads((site_root / PAGE).parent.joinpath(live["cells"]).read_text("utf8"))
    assert any("FreezeGameWidget" in cell["source"] for cell in cells)
    assert settings["binder_url"] == "https://mybinder.org"
    assert settings["binder_repo"] == config["repository"]["url"].removeprefix(
        "https://github.com/"
    )
    assert settings["binder_ref"] == config["repository"]["branch"]
    assert settings["ways"] == config["sphinx"]["config"]["live_cells"]["ways"]


def local_context(browser: object) -> tuple[object, list[str]]:
    """A browser context that records every request and lets only 127.0.0.1 answer; a
    response with an error status is recorded as ``"HTTP <status> <url>"``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on(
        "response",
        lambda response: (
            requests.append(f"HTTP {response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname == "127.0.0.1"
            or route.request.url.startswith(("data:", "blob:"))
            else route.abort("blockedbyclient")
        ),
    )
    return context, requests


def foreign(requests: list[str]) -> list[str]:
    """The requests that were addressed to a host other than 127.0.0.1."""
    return [
        url
        for url in requests
        if urlsplit(url).hostname not in (None, "127.0.0.1")
        and not url.startswith(("data:", "blob:", "HTTP "))
    ]


def error_statuses(requests: list[str]) -> list[str]:
    """The responses recorded with an error status (404 and the like)."""
    return [entry for entry in requests if entry.startswith("HTTP ")]


def status_line(page: object) -> str:
    """What the page's first live status line says now."""
    line = page.locator(".kt-live-status").first
    return str(line.inner_text()) if line.count() else "(no status line)"


def wait_for_state(page: object, script: str, what: str, timeout_ms: int) -> None:
    """Wait until ``script`` is true in the page, at most ``timeout_ms``. Every
    :data:`PROGRESS_MS` print what is awaited and the page's status line; when the bound
    runs out, fail saying what was awaited and what the page said last."""
    waited = 0
    while True:
        step = min(PROGRESS_MS, timeout_ms - waited)
        try:
            page.wait_for_function(script, timeout=step)
            return
        except PlaywrightTimeout:
            waited += step
            said = status_line(page)
            if waited >= timeout_ms:
                pytest.fail(
                    f"waited {waited // 1000} s for {what}; the page's status line says {said!r}",
                    pytrace=False,
                )
            print(f"still waiting for {what} after {waited // 1000} s: {said!r}", flush=True)


def go_live(page: object, button: str, expect_state: str = "ready") -> str:
    """Click the first button named ``button``, wait until the page is live or has
    failed, check it is ``expect_state``; return the status line."""
    page.get_by_role("button", name=button).first.click()
    wait_for_state(page, LIVE_STATE, f"the page to go live after {button!r}", LIVE_TIMEOUT_MS)
    status = status_line(page)
    assert page.evaluate("document.documentElement.dataset.ktLive") == expect_state, status
    return status


def match_line(**choices: object) -> str:
    """The freeze game's line of totals as the model computes it for a default widget with
    ``choices`` (control name: value) made, as the reader reads it."""
    from korea_talks.widgets.freeze_game import FreezeGameWidget

    model = FreezeGameWidget()
    for name, value in choices.items():
        getattr(model, name).value = value
    return html.unescape(re.sub(r"<[^>]+>", "", model.match_line.value))


def freeze_game_computes(page: object) -> None:
    """The live freeze game shows the model's totals, and after a change of North Korea's
    strategy the totals the model computes for the new choice. The line is found anew at
    each check: the widget redraws its HTML, so an element kept from before the change is
    detached and would never change."""
    live = page.locator(".kt-live-widget").filter(has_text="North Korea's strategy").first
    line = live.locator("p", has_text="Totals:").first
    expect(line).to_have_text(match_line(), timeout=ANSWER_TIMEOUT_MS)
    after = match_line(nk_strategy="always-test")
    assert after != match_line(), "the change would not show: pick another strategy"
    live.locator(".widget-dropdown select").first.select_option("always-test")
    expect(line).to_have_text(after, timeout=ANSWER_TIMEOUT_MS)


def test_make_live_in_the_browser_and_the_freeze_game_computes(
    browser: object, site_url: str
) -> None:
    """No server: Pyodide in the page runs the widget, which replaces its snapshot."""
    context, requests = local_context(browser)
    page = context.new_page()
    try:
        page.goto(f"{site_url}{PAGE}.html", wait_until="load")
        assert not [u for u in requests if "/vendor/live/" in u], "runtimes loaded before the click"
        status = go_live(page, "Make live in this browser")
        assert "in this browser" in status, status
        assert any("/pyodide/korea_talks-" in u for u in requests), "the package was not loaded"
        snapshot = page.locator(".cell_output").filter(has_text="North Korea's strategy").first
        assert not snapshot.is_visible(), "the static snapshot is still shown"
        freeze_game_computes(page)
        assert not foreign(requests), f"requests that left 127.0.0.1: {foreign(requests)[:5]}"
        assert not error_statuses(requests), f"answered with an error: {error_statuses(requests)}"
    finally:
        context.close()


def test_a_widget_that_cannot_run_in_the_browser_tells_the_reader_why_in_plain_words(
    browser: object, site_url: str
) -> None:
    """When the page's widget needs a module that Python in the browser lacks (here the
    widget's cell is made to import pandas, as a widget built on pandas would), the reader
    reads which module, that it is this browser that lacks it, and where it runs instead,
    with no Python exception name; the static snapshot stays and the failed cell is hidden."""
    context, _ = local_context(browser)

    def cells_needing_pandas(route: object) -> None:
        response = route.fetch()
        cells = response.json()
        for cell in cells:
            if "FreezeGameWidget()" in cell["source"]:
                cell["source"] = "import pandas\n" + cell["source"]
        route.fulfill(response=response, json=cells)

    context.route(f"**/_live/{PAGE}.json", cells_needing_pandas)
    page = context.new_page()
    try:
        page.goto(f"{site_url}{PAGE}.html", wait_until="load")
        message = go_live(page, "Make live in this browser", expect_state="failed")
        assert "pandas" in message and "in this browser" in message, message
        assert "launch buttons" in message, message
        assert not re.search(r"\w(Error|Exception)\b|<class ", message), message
        assert "((" not in message and message.count("in this browser") == 1, message
        snapshot = page.locator(".cell_output").filter(has_text="North Korea's strategy").first
        expect(snapshot).to_be_visible()
        assert not page.locator(".kt-live-widget").first.is_visible()
    finally:
        context.close()


def test_make_live_in_the_browser_and_the_sequence_builder_computes(
    browser: object, site_url: str
) -> None:
    """Chapter 7's sequence builder in the browser: adding a move shows the model's verdict."""
    from korea_talks.sequence import get_preset, load_catalogue, simulate

    context, requests = local_context(browser)
    page = context.new_page()
    try:
        page.goto(f"{site_url}{ROADMAP}.html", wait_until="load")
        go_live(page, "Make live in this browser")
        live = (
            page.locator(".kt-live-widget")
            .filter(has=page.get_by_role("button", name="Add step"))
            .first
        )
        moves = list(get_preset("author-roadmap").moves)
        verdict = live.locator('[role="status"]').first
        expect(verdict).to_contain_text(simulate(moves).verdict.title, timeout=ANSWER_TIMEOUT_MS)
        # a US move whose addition changes the verdict (the model says which)
        catalogue = load_catalogue()
        base = simulate(moves).verdict
        move = next(
            m for m in catalogue.by_actor()["US"] if simulate([*moves, m.id]).verdict != base
        )
        actor = live.locator(".widget-dropdown", has_text="Actor").locator("select").first
        option = actor.locator("option", has_text="(US)").first
        actor.select_option(label=option.inner_text())
        live.locator(".widget-select", has_text="Move").locator("select").first.select_option(
            label=move.label
        )
        live.get_by_role("button", name="Add step").click()
        after = simulate([*moves, move.id]).verdict.title
        expect(verdict).to_contain_text(after, timeout=ANSWER_TIMEOUT_MS)
        assert not foreign(requests), f"requests that left 127.0.0.1: {foreign(requests)[:5]}"
    finally:
        context.close()


@pytest.fixture(scope="module")
def jupyter_server(site_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Jupyter server on 127.0.0.1 that accepts the site's origin; stopped by its PID."""
    home = tmp_path_factory.mktemp("live-server")
    port = free_port()
    origin = site_url.rstrip("/")
    command = [sys.executable, "-m", "jupyter_server", "--allow-root", "--no-browser"]
    command += ["--ip", "127.0.0.1", "--port", str(port), f"--IdentityProvider.token={TOKEN}"]
    command += [f"--ServerApp.allow_origin={origin}", f"--ServerApp.root_dir={home}"]
    log = (home / "server.log").open("w")
    env = {"JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    import os

    proc = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env}, cwd=home
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(base + "api/status", timeout=120, proc=proc)
        yield base
    finally:
        stop_process(proc)
        log.close()


def test_make_live_on_a_local_server_and_the_widget_computes(
    browser: object, site_url: str, jupyter_server: str
) -> None:
    context, requests = local_context(browser)
    context.add_init_script(
        f"window.ktLiveServer = {{server_url: '{jupyter_server}', token: '{TOKEN}'}};"
    )
    page = context.new_page()
    try:
        page.goto(f"{site_url}{PAGE}.html", wait_until="load")
        assert not [u for u in requests if "/vendor/live/" in u], "runtimes loaded before the click"
        go_live(page, "Make live on")
        freeze_game_computes(page)
        assert not foreign(requests), f"requests that left 127.0.0.1: {foreign(requests)[:5]}"
    finally:
        context.close()


def test_an_unreachable_server_gives_a_clear_message_and_keeps_the_snapshot(
    browser: object, site_url: str
) -> None:
    """When no server answers, the reader reads why and where to go instead (the launch
    buttons), and the static snapshot stays."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname == "127.0.0.1"
            else route.abort("blockedbyclient")
        ),
    )
    closed = f"http://127.0.0.1:{free_port()}/"
    context.add_init_script(f"window.ktLiveServer = {{server_url: '{closed}', token: 'x'}};")
    page = context.new_page()
    try:
        page.goto(f"{site_url}{PAGE}.html", wait_until="load")
        message = go_live(page, "Make live on", expect_state="failed")
        assert "could not be made live" in message and "launch buttons" in message, message
        # a page runs one way per visit: its buttons say so rather than do nothing
        buttons = page.locator(".kt-live-button")
        assert buttons.count() >= 1
        assert all(buttons.nth(i).is_disabled() for i in range(buttons.count()))
        # the snapshot is drawn by the page's widget renderer, which on a busy machine may
        # finish after the failure message: wait for it, do not count at once
        snapshot = page.locator(".cell_output .widget-subarea, .cell_output .jupyter-widgets")
        snapshot.first.wait_for(state="attached", timeout=ANSWER_TIMEOUT_MS)
    finally:
        context.close()
