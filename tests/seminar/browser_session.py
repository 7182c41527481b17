"""What the classroom browser tests share (the seminar's and the Security Council's): the
browser, the thread a Playwright session runs in, waits on the server's state, and the
screenshots a failed session leaves.

Every wait here is on state (a text a page shows, a state the server reports). The bound
:data:`SAFETY_NET_MS` only stops a test that would otherwise hang; a loaded 2-core machine
needs far less.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from korea_talks.seminar.web import ServerProcess
from tests.browser.browser_support import CHROMIUM, skip_or_fail

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SAFETY_NET_MS = 300_000
"""How long one wait on a page's or the server's state may take before the test gives up."""


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's chromium: skipped locally without it, a failure in CI."""
    if not CHROMIUM.exists():
        skip_or_fail("Debian's chromium is not installed")
    return CHROMIUM


def in_own_thread(play: Callable[[], None], what: str, limit_s: float = 1800) -> None:
    """Run ``play`` (a sync Playwright session) in a thread of its own: another browser
    test of the same run may hold a sync session open in the main thread. An exception in
    ``play`` is raised here; ``what`` names the session if it never ends."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            play()
        except BaseException as exc:  # handed to the test's thread below
            errors.append(exc)

    worker = threading.Thread(target=target)
    worker.start()
    worker.join(timeout=limit_s)
    assert not worker.is_alive(), f"{what} did not end within {limit_s / 60:.0f} minutes"
    if errors:
        raise errors[0]


def server_state(server: ServerProcess, code: str) -> dict[str, Any]:
    """The session's state as the reader with join code ``code`` gets it."""
    request = urllib.request.Request(f"{server.url}/api/state", headers={"X-Join-Code": code})
    with urllib.request.urlopen(request, timeout=SAFETY_NET_MS / 1000) as response:
        state: dict[str, Any] = json.loads(response.read())
    return state


def wait_for_state(
    read: Callable[[], dict[str, Any]],
    what: str,
    holds: Callable[[dict[str, Any]], bool],
    describe: Callable[[dict[str, Any]], str] = lambda state: "",
) -> dict[str, Any]:
    """Read the state until ``holds`` is true of it and return it; if it never is, fail
    saying ``what`` was awaited and ``describe`` of the last state read."""
    deadline = time.monotonic() + SAFETY_NET_MS / 1000
    while True:
        state = read()
        if holds(state):
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"the session never reached: {what}; {describe(state)}")
        time.sleep(0.2)  # the interval between reads of the state, not a wait for it


@contextlib.contextmanager
def stopped_after(server: ServerProcess, pages: Mapping[str, Any], folder: Path) -> Iterator[None]:
    """Stop ``server`` when the block ends. If the block fails, first save a full-page
    screenshot of each of ``pages`` (which the block may still be filling) as
    ``folder/<name>.png``; a page that cannot be shot any more does not hide the failure."""
    try:
        yield
    except Exception:
        for name, page in pages.items():
            with contextlib.suppress(Exception):
                page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        print("screenshots in", folder)
        raise
    finally:
        server.stop()
