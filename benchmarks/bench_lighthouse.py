"""Benchmark: Lighthouse scores and page weight of the built book, first visit, mobile.

Lighthouse 12.2.3 (mobile defaults: simulated slow 4G and a 4x slower CPU) measures the
four pages that a reader meets first or that carry the heaviest content: the
introduction, chapter 1, chapter 7 (the roadmap and its sequence widget) and the
negotiation-model page. The site is served by ``serve`` (npm), which compresses text as
static hosts such as GitHub Pages do, so the bytes match what a reader downloads.

Needs Node.js with npm (Lighthouse 12 runs on Node 18 and newer) and Debian's chromium at
``/usr/bin/chromium`` (or ``$CHROME_PATH``). On first use the script installs its two npm
tools, pinned in ``benchmarks/lighthouse/package.json``, into
``benchmarks/lighthouse/node_modules`` (git-ignored). Without npm it says so and stops.

Run after ``make book``:  python benchmarks/bench_lighthouse.py [--runs 3] [--site DIR]
The table gives the median of the runs for each page; the targets are performance 90 or
more, accessibility 100, and at most 1 MB (pages without widgets) or 2 MB (with widgets)
transferred.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).resolve().parent / "lighthouse"
PAGES = (
    "book/intro",
    "book/chapters/01-crisis-of-spring-2017",
    "book/chapters/07-the-roadmap",
    "book/models/negotiation-model",
)
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"


def install_tools() -> Path:
    """Install the pinned npm tools once; return their ``node_modules/.bin`` folder."""
    bin_dir = TOOLS / "node_modules" / ".bin"
    if (bin_dir / "lighthouse").exists() and (bin_dir / "serve").exists():
        return bin_dir
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("bench_lighthouse: npm is not installed; install Node.js 18+ with npm to run it")
    print("installing lighthouse and serve (npm, once) ...", flush=True)
    subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOLS, check=True
    )
    return bin_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(bin_dir: Path, site: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``serve`` on the site (compressed, clean URLs); return it and its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [str(bin_dir / "serve"), "-L", "-l", f"tcp://127.0.0.1:{port}", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=1).close()
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    sys.exit("bench_lighthouse: the static server did not start")


def lighthouse(bin_dir: Path, url: str, out: Path) -> dict[str, float]:
    """One Lighthouse run (mobile defaults); the figures this benchmark reports."""
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    command = [
        str(bin_dir / "lighthouse"),
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=performance,accessibility",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
    ]
    subprocess.run(command, check=True, env=dict(os.environ, CHROME_PATH=chrome))
    report = json.loads(out.read_text(encoding="utf8"))
    audits = report["audits"]
    return {
        "performance": report["categories"]["performance"]["score"] * 100,
        "accessibility": report["categories"]["accessibility"]["score"] * 100,
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median shown)")
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"bench_lighthouse: no built book in {args.site} (run `make book` first)")
    bin_dir = install_tools()
    proc, base = serve(bin_dir, args.site)
    header = f"{'page':<42} {'perf':>5} {'a11y':>5} {'FCP s':>6} {'LCP s':>6} {'TBT ms':>7}"
    print(f"Lighthouse 12.2.3, mobile, served compressed; median of {args.runs} run(s)")
    print(header + f" {'CLS':>5} {'KiB':>7}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for page in args.pages:
                runs = [
                    lighthouse(bin_dir, base + page, Path(tmp) / f"run{i}.json")
                    for i in range(args.runs)
                ]
                m = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
                print(
                    f"{page:<42} {m['performance']:5.0f} {m['accessibility']:5.0f} "
                    f"{m['fcp_s']:6.2f} {m['lcp_s']:6.2f} {m['tbt_ms']:7.0f} "
                    f"{m['cls']:5.2f} {m['kib']:7.0f}",
                    flush=True,
                )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
