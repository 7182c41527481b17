"""Sphinx extension: "Make live" on pages with widgets, in the reader's browser (Pyodide)
or on a Jupyter server, via thebe.

A page with widgets first shows their saved state (the static snapshot) and loads
nothing more. Each widget's note gets a **Make live** button for each way the site
offers. On the click, and only then, the page loads the vendored runtimes
(``book/assets/vendor/live``: pinned by package-lock.json and pyodide-wheels.txt,
checked against SHA256SUMS, every CDN address rewritten) and runs code:

- ``browser``: thebe with thebe-lite (JupyterLite's Pyodide kernel) runs the page's
  widget cells in the page itself, with the Pyodide core and pure-Python wheels served by
  this site (the book's own package built as a wheel at build time). Nothing needs a
  server; code that needs what the core lacks (pandas, numpy) fails with a clear message.
- ``server``: thebe connects to a Jupyter server and runs all the page's cells in order.

Each widget's output replaces its snapshot in place. A status line says what is loading
and for how long; when the runtime cannot start or the server cannot be reached it says
so and points to the launch buttons at the top of the page.

The settings come from ``_config.yml`` (``sphinx.config.live_cells``):

- ``ways``: the ways offered, in the order of their buttons (``[browser, server]``);
- ``server_url`` (and ``token``): a Jupyter server or a course JupyterHub user server;
- otherwise the server way uses mybinder.org (``binder_url``) with the repository and
  branch of ``repository.url`` / ``repository.branch``.

The code cells come from the page's source (jupytext), including the hidden set-up
cells, and are written to ``_live/<page>.json`` (fetched after the click, so the page
before it carries only the loader, about 2 KB compressed); a page's ``k``-th shown code
cell is its ``k``-th ``div.cell``.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
VENDOR = Path(__file__).resolve().parents[1] / "assets" / "vendor" / "live"
STATIC_DIST = "_static/vendor/live/dist"
DEFAULTS: dict[str, Any] = {
    "ways": ["browser", "server"],
    "binder_url": "https://mybinder.org",
    "server_url": "",
    "token": "",
}
WAYS = ("browser", "server")

LOADER = (Path(__file__).with_name("live_cells.js")).read_text(encoding="utf8")


REPO = Path(__file__).resolve().parents[2]
FETCHED = ("thebe/index.js", "lite/thebe-lite.min.js", "pyodide/pyodide.asm.wasm")
"""One file of each fetched runtime: when one is absent, the runtimes are fetched."""


def ensure_vendored(app: Sphinx) -> None:
    """Fetch the runtimes from npm and PyPI when absent, build the package's wheel when
    its sources changed, and verify every checksum."""
    update = [sys.executable, str(VENDOR / "update.py")]
    if not all((VENDOR / "dist" / name).is_file() for name in FETCHED):
        LOGGER.info("live_cells: fetching thebe, thebe-lite, Pyodide and wheels")
        subprocess.run(update, check=True)
    checked = subprocess.run(
        [*update, "--package-wheel", str(REPO)], capture_output=True, text=True
    )
    if checked.returncode:
        raise ExtensionError(f"live_cells: vendored runtimes do not check: {checked.stderr}")


def live_settings(app: Sphinx) -> dict[str, Any]:
    """The settings the page's loader gets: the ways offered, the server or the Binder
    repository and ref."""
    settings = {**DEFAULTS, **(app.config.live_cells or {})}
    unknown = set(settings) - set(DEFAULTS)
    if unknown:
        raise ExtensionError(
            f"live_cells: unknown setting(s) {sorted(unknown)}; allowed: {sorted(DEFAULTS)}"
        )
    ways = settings["ways"]
    if not (isinstance(ways, list) and ways and set(ways) <= set(WAYS)) or len(set(ways)) < len(
        ways
    ):
        raise ExtensionError(
            f"live_cells: ways must be a non-empty list of distinct ways from {list(WAYS)}; "
            f"got {ways!r}"
        )
    theme = app.config.html_theme_options or {}
    repository = str(theme.get("repository_url", "")).removeprefix("https://github.com/")
    settings["binder_repo"] = repository.strip("/")
    settings["binder_ref"] = str(theme.get("repository_branch", "") or "main")
    return {k: (v if k == "ways" else str(v)) for k, v in settings.items()}


def page_cells(app: Sphinx, docname: str) -> list[dict[str, Any]]:
    """The page's code cells in order: source, and whether the page shows the cell."""
    import jupytext

    path = Path(app.env.doc2path(docname))
    if path.suffix not in (".md", ".ipynb"):
        return []
    notebook = jupytext.read(path)
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        cells.append({"source": cell.source, "shown": "remove-cell" not in tags})
    return cells


def add_live_loader(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """On pages with saved widgets: the settings and the (small) loader inline; the
    page's cells in ``_live/<page>.json``, fetched only after the click."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list) or "pathto" not in context:
        return
    if not any(getattr(s, "attributes", {}).get("type") == WIDGET_STATE for s in scripts):
        return
    cells_file = Path(app.outdir) / "_live" / f"{pagename}.json"
    cells_file.parent.mkdir(parents=True, exist_ok=True)
    cells_file.write_text(json.dumps(page_cells(app, pagename)), encoding="utf8")
    data = {
        "cells": context["pathto"](f"_live/{pagename}.json", 1),
        "settings": live_settings(app),
        "thebe": context["pathto"](f"{STATIC_DIST}/thebe/index.js", 1),
        "require": context["pathto"](f"{STATIC_DIST}/require.js", 1),
        "lite": context["pathto"](f"{STATIC_DIST}/lite/thebe-lite.min.js", 1),
        "pyodide": context["pathto"](f"{STATIC_DIST}/pyodide/pyodide.js", 1),
    }
    body = "window.KT_LIVE = " + json.dumps(data).replace("</", "<\\/") + ";\n" + LOADER
    app.add_js_file(None, body=body, priority=950)


def pages_to_rewrite(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Every page, when the loader changed since the last build: each page with widgets
    carries it inline, and an incremental build would otherwise keep the old one in the
    pages that did not change."""
    digest = hashlib.sha256(LOADER.encode("utf8")).hexdigest()
    previous = getattr(env, "kt_live_loader", None)
    env.kt_live_loader = digest
    if previous is None or previous == digest:
        return []
    return sorted(env.found_docs)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the settings, the vendoring check and the page hook."""
    app.add_config_value("live_cells", {}, "html", types=[dict])
    app.connect("builder-inited", ensure_vendored)
    app.connect("html-page-context", add_live_loader, priority=860)
    app.connect("env-get-outdated", pages_to_rewrite)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
