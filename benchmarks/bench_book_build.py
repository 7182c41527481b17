"""Benchmark: a cold build of the whole book, then a rebuild with no change.

The cold build goes into a fresh temporary output folder, so there is no execution cache
and every notebook runs. The rebuild uses the same folder: it must reuse the execution
cache (``execute_notebooks: cache``) and Sphinx's environment, and so be much faster.
Both use the strict flags of ``make book``. Prints both times and the number of pages.
Run: python benchmarks/bench_book_build.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
FLAGS = ["-W", "-n", "--keep-going"]


def build(output: Path) -> float:
    """Build the book into ``output``; return the wall time in seconds, or exit on failure."""
    command = [str(JUPYTER_BOOK), "build", str(REPO), *FLAGS, "--path-output", str(output)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        sys.exit(f"the book build failed (exit code {result.returncode})")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
        output = Path(tmp)
        cold = build(output)
        cache = output / "_build" / ".jupyter_cache"
        executed = len(list((cache / "executed").glob("*"))) if cache.is_dir() else 0
        warm = build(output)
        pages = len(list((output / "_build" / "html").rglob("*.html")))
    print(f"cold build (empty cache, all notebooks executed): {cold:6.1f} s")
    print(f"no-change rebuild (execution cache reused):       {warm:6.1f} s")
    print(f"pages written: {pages}; notebooks in the execution cache: {executed}")


if __name__ == "__main__":
    main()
