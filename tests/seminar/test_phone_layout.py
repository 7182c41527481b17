"""A team's page on a phone (390 px wide) and on a laptop (1,200 px): every control within
the page, and conditions built from lists.

Uses Debian's chromium; skips locally without it, fails in CI. Every wait is on the
page's state (a text it shows, a control that appears), never on time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from korea_talks.seminar.web import ServerProcess, post_action
from tests.seminar.browser_session import ARGS, SAFETY_NET_MS, chromium, in_own_thread
from tests.seminar.test_seminar_browser import card, join
from tests.seminar.test_server import CODES, free_port, new_session

__all__ = ["chromium"]  # the fixture, used by name below
pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}

OVERFLOW_JS = """() => {
  const controls = document.querySelectorAll(
    'button, input, select, textarea, a, label, [role=button], [role=checkbox], .v-btn'
  );
  let right = 0;
  const outside = [];
  for (const c of controls) {
    const box = c.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // not visible
    right = Math.max(right, box.right);
    if (box.left < 0 || box.right > window.innerWidth) {
      const text = (c.innerText || c.value || '').slice(0, 40);
      outside.push(`${c.tagName} "${text}" ${box.left}-${box.right}`);
    }
  }
  return {right, outside, scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth};
}"""


def choose(page: Any, form: Any, label: str, option: str) -> None:
    """Pick ``option`` in the list labelled ``label``; wait until the list shows it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    field = form.locator(".v-select").filter(has=page.get_by_label(label))
    menu = page.locator(".menuable__content__active")
    item = menu.get_by_role("option", name=option, exact=True)
    for _ in range(10):  # a click that lands while the list is still being drawn opens nothing
        field.locator(".v-select__slot").click()
        try:
            item.wait_for(state="visible", timeout=30_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    item.click()
    field.locator(".v-select__selection").filter(has_text=option).wait_for()
    menu.wait_for(state="detached")


def started_server(tmp_path: Path) -> ServerProcess:
    server = ServerProcess(
        new_session(tmp_path / "class.sqlite"), free_port(), timeout=SAFETY_NET_MS / 1000
    ).start()
    status, _ = post_action(server.url, {"code": CODES["instructor"], "kind": "start"})
    assert status == 200
    return server


@pytest.mark.parametrize("width", [PHONE["width"], 1200])
def test_the_team_page_fits_a_phone(chromium: Path, tmp_path: Path, width: int) -> None:
    def play() -> None:
        from playwright.sync_api import sync_playwright

        server = started_server(tmp_path)
        # an offer waiting for the US, so its answer form (with the reason buttons) shows
        status, _ = post_action(
            server.url,
            {
                "code": CODES["DPRK"],
                "kind": "offer",
                "to": ["US"],
                "moves": ["dprk_test_moratorium"],
            },
        )
        try:
            assert status == 200
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGS)
                page = browser.new_page(viewport={**PHONE, "width": width})
                page.set_default_timeout(SAFETY_NET_MS)
                join(page, server, "US")
                form = card(page, "Make an offer")
                for actor in ("DPRK", "China", "UN/IAEA"):
                    form.get_by_text(f"to {actor}", exact=True).click()
                answer = card(page, "Offer O1 from")
                answer.get_by_role("button", name="reject", exact=True).click()
                answer.get_by_role("button", name="Crosses one of our red lines").wait_for()
                measured = page.evaluate(OVERFLOW_JS)
                print(f"team page at {width} px:", measured)
                page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
                assert measured["outside"] == [], measured["outside"]
                assert measured["scroll"] <= measured["inner"], measured
        finally:
            server.stop()

    in_own_thread(play, "the page session")


def test_a_condition_is_built_from_lists(chromium: Path, tmp_path: Path) -> None:
    def play() -> None:
        from playwright.sync_api import sync_playwright

        server = started_server(tmp_path)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGS)
                page = browser.new_page(viewport=PHONE)
                page.set_default_timeout(SAFETY_NET_MS)
                join(page, server, "US")
                form = card(page, "Make an offer")
                choose(page, form, "State variable", "freeze level (freeze)")
                choose(page, form, "Value", "1")
                form.get_by_role("button", name="Add condition").click()
                field = form.get_by_label("Conditions (optional)", exact=False)
                page.wait_for_function(
                    "el => el.value === 'if freeze >= 1'", arg=field.element_handle()
                )
        finally:
            server.stop()

    in_own_thread(play, "the page session")
