"""Benchmark: "Make live" on the freeze game's page, both ways, against the static page.

Serves the built site compressed (as static hosts do, ``tests/browser/static_server.py``),
starts a local Jupyter server, opens the page in Debian's chromium and prints, side by
side: the static page's weight (bytes transferred until ``load``), and for each way of
"Make live" (in the browser with Pyodide; on the local server) the time from the click
until the widgets are live, the bytes fetched after the click, from the site and from
the server, and how long the live freeze game takes to answer a change of a strategy
(from the change until its line of totals is redrawn, measured in the page). Each run is
a fresh browser context (nothing cached). The mybinder.org way needs the internet and is
not measured here.

Run after ``make book``:  python benchmarks/bench_live.py [--runs 3] [--site DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from timing import free_port

REPO = Path(__file__).resolve().parents[1]
PAGE = "book/models/freeze-game"
TOKEN = "bench-live"


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return  # the server answers (a token-protected address says 403)
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer in {seconds:.0f} s")


ANSWER_JS = """async (option) => {
  const widget = [...document.querySelectorAll('.kt-live-widget')]
    .find((w) => w.innerText.includes("North Korea's strategy"));
  const totals = () => ([...widget.querySelectorAll('p')]
    .find((p) => p.textContent.startsWith('Totals:')) || {}).textContent;
  const before = totals();
  const select = widget.querySelector('.widget-dropdown select');
  return await new Promise((resolve, reject) => {
    const bound = setTimeout(() => reject(new Error('no answer within 60 s')), 60000);
    const start = performance.now();
    new MutationObserver((_, observer) => {
      if (totals() === before) { return; }
      observer.disconnect();
      clearTimeout(bound);
      resolve(performance.now() - start);
    }).observe(widget, {childList: true, subtree: true, characterData: true});
    select.value = option;
    select.dispatchEvent(new Event('change', {bubbles: true}));
  });
}"""
"""Change North Korea's strategy in the live freeze game; milliseconds until the totals
line differs (the line is looked up anew: the widget redraws its HTML)."""


def measure(browser: object, site: str, server: str | None) -> tuple[int, float, int, int, float]:
    """(static bytes, seconds click-to-live, bytes from the site, bytes from the server,
    milliseconds for the live widget to answer a change); with no server, the in-browser
    way."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sizes: dict[str, int] = {"static": 0, "site": 0, "server": 0}
    phase = {"now": "static"}
    server_host = urlsplit(server).netloc if server else None

    def finished(request: object) -> None:
        try:
            body = max(request.sizes().get("responseBodySize", 0), 0)
        except Exception:  # a request still finishing as the context closes
            return
        if phase["now"] == "static":
            sizes["static"] += body
        elif urlsplit(request.url).netloc == server_host:
            sizes["server"] += body
        else:
            sizes["site"] += body

    context.on("requestfinished", finished)
    if server:
        script = f"window.ktLiveServer = {{server_url: '{server}', token: '{TOKEN}'}};"
        context.add_init_script(script)
    page = context.new_page()
    page.goto(f"{site}{PAGE}.html", wait_until="load")
    page.wait_for_load_state("networkidle")
    phase["now"] = "live"
    start = time.perf_counter()
    button = "Make live on" if server else "Make live in this browser"
    page.get_by_role("button", name=button).first.click()
    page.wait_for_function(
        "() => ['ready', 'failed'].includes(document.documentElement.dataset.ktLive)",
        timeout=600_000,
    )
    seconds = time.perf_counter() - start
    state = page.evaluate("document.documentElement.dataset.ktLive")
    if state != "ready":
        context.close()
        raise SystemExit("the page did not go live")
    answer_ms = float(page.evaluate(ANSWER_JS, "always-test"))
    context.close()
    return sizes["static"], seconds, sizes["site"], sizes["server"], answer_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=REPO / "_build" / "html")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    site_port, server_port = free_port(), free_port()
    site = f"http://127.0.0.1:{site_port}/"
    server = f"http://127.0.0.1:{server_port}/"
    static = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "tests/browser/static_server.py"),
            str(site_port),
            str(args.site),
        ]
    )
    home = Path(tempfile.mkdtemp(prefix="bench-live-"))
    jupyter = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--allow-root",
            "--no-browser",
            "--ip",
            "127.0.0.1",
            "--port",
            str(server_port),
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.allow_origin={site.rstrip('/')}",
            f"--ServerApp.root_dir={home}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=home,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(home / "runtime")},
    )
    try:
        wait_for(site)
        wait_for(server + "api/status")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
                args=["--headless", "--no-sandbox", "--disable-gpu"],
            )
            runs = [measure(browser, site, server) for _ in range(args.runs)]
            lite = [measure(browser, site, None) for _ in range(args.runs)]
            browser.close()
    finally:
        for proc in (static, jupyter):
            proc.terminate()
            proc.wait(timeout=30)
    static_kb = statistics.median(r[0] for r in runs) / 1024
    print(
        f"{'way':<34} {'click to live':>14} {'bytes after click':>30} {'static page':>12} "
        f"{'answer':>9}"
    )
    for name, measured in (
        ("local Jupyter server (thebe)", runs),
        ("in the browser (thebe-lite, Pyodide)", lite),
    ):
        print(
            f"{name:<34} {statistics.median(r[1] for r in measured):12.1f} s "
            f"{statistics.median(r[2] for r in measured) / 1024:10.0f} KiB site "
            f"+{statistics.median(r[3] for r in measured) / 1024:5.0f} KiB server "
            f"{static_kb:8.0f} KiB {statistics.median(r[4] for r in measured):6.0f} ms"
        )
    print(f"{'mybinder.org (thebe)':<34} {'not measured: needs the internet':>40}")
    print(f"(median of {args.runs} runs; static page = bytes transferred before the click)")


if __name__ == "__main__":
    main()
