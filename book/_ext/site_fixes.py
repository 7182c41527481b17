"""Small Sphinx extension with six fixes for the published HTML of the book.

1. Inline scripts registered twice are written once. sphinx-thebe registers its inline
   configuration script (``const THEBE_JS_URL = ...``) a second time under Sphinx 7.4, and
   the repeated ``const`` is a JavaScript SyntaxError on every page.
2. The theme starts in light mode. Without a default, pydata-sphinx-theme logs
   "Got invalid theme mode" as a console error on a reader's first visit.
3. On pages with widgets and mathematics, the widget manager (html-manager 1.x) typesets
   through the MathJax 2 call ``MathJax.Hub.Queue``, which MathJax 3 does not have: every
   widget then throws "Cannot read properties of undefined (reading 'Queue')". A small
   shim maps that call to MathJax 3's ``typesetPromise``.
4. Five accessibility defects of the theme's, myst-nb's and docutils' markup, found by
   axe-core, are patched in the written pages (:data:`HTML_PATCHES`): the sidebar's expand
   toggles get an accessible name, the search and colour-mode buttons' names and the
   folded-code toggles' names include their visible text, and the bibliography's entries
   use a role that a list may contain.
5. Widget sliders get an accessible name: ipywidgets draws the slider handle as a
   ``role="slider"`` element with no name; on pages with widgets a small script names
   each handle after its slider's description (a slider without one stays unnamed, so
   axe-core still reports it).
6. The test runner's markers (``# NBVAL_CHECK_OUTPUT`` and the other ``# NBVAL_*``
   comments on a line of their own) are taken out of the code shown on the pages: they
   tell nbval which outputs to compare and mean nothing to a student. The notebooks and
   their downloads keep them.

The browser tests check them: no console error on any page (fixes 1-3, 5) and no
accessibility violation that axe-core reports on the fixed markup (4, 5).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def set_default_theme_mode(app: Sphinx, config: Config) -> None:
    """Give the theme an explicit default colour mode unless the book sets one.

    pydata-sphinx-theme (under sphinx-book-theme) reads it from ``html_context``.
    """
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "light")
    config.html_context = context


def drop_repeated_inline_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Keep the first of several identical scripts (same file, same inline body) on a page."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen: set[tuple[str, str]] = set()
    kept = []
    for script in scripts:
        filename = str(getattr(script, "filename", script) or "")
        body = str(getattr(script, "attributes", {}).get("body", ""))
        key = (filename, body)
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    scripts[:] = kept  # in place: the builder restores its own list after each page


SLIDER_NAME_SCRIPT = """(function () {
  function name(root) {
    var handles = root.querySelectorAll(
      '[role="slider"]:not([aria-label]):not([aria-labelledby])');
    handles.forEach(function (handle) {
      var box = handle.closest(".widget-slider");
      var label = box && box.querySelector(".widget-label");
      var text = label && (label.textContent || label.title || "").trim();
      if (text) { handle.setAttribute("aria-label", text); }
    });
  }
  new MutationObserver(function () { name(document); })
    .observe(document.documentElement, {childList: true, subtree: true});
})();"""

MATHJAX_HUB_SHIM = """(function () {
  var hub = {Queue: function () {
    var mj = window.MathJax;
    if (mj && typeof mj.typesetPromise === "function") { mj.typesetPromise(); }
  }};
  var config = window.MathJax = window.MathJax || {};
  config.Hub = hub;
  config.startup = config.startup || {};
  var ready = config.startup.ready;
  config.startup.ready = function () {
    if (ready) { ready(); } else { window.MathJax.startup.defaultReady(); }
    window.MathJax.Hub = hub;
  };
})();"""


def name_sliders_and_shim_mathjax(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """On pages with saved widgets: name the slider handles; map MathJax 2's call to 3."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    attributes = [getattr(script, "attributes", {}) for script in scripts]
    if not any(a.get("type") == WIDGET_STATE for a in attributes):
        return
    app.add_js_file(None, body=SLIDER_NAME_SCRIPT, priority=401)
    if any("mathjax" in str(getattr(js, "filename", "") or "").lower() for js in scripts):
        app.add_js_file(None, body=MATHJAX_HUB_SHIM, priority=501)


HTML_PATCHES = (
    # <summary> of a sidebar section holds only an icon: give it a name (axe: summary-name)
    (
        '<summary><span class="toctree-toggle" role="presentation">',
        '<summary aria-label="Show or hide the pages of this part">'
        '<span class="toctree-toggle" role="presentation">',
    ),
    # the search button shows "Search Ctrl+K" but is named "Search" (axe:
    # label-content-name-mismatch); without aria-label its name is its visible text
    ('title="Search" aria-label="Search" data-bs-placement', 'title="Search" data-bs-placement'),
    # the colour-mode button is named "Color mode" but its icons carry titles that count as
    # its visible text (axe: label-content-name-mismatch); the icons are decorative
    ('data-mode="light" title="Light"></i>', 'data-mode="light" aria-hidden="true"></i>'),
    ('data-mode="dark"  title="Dark"></i>', 'data-mode="dark" aria-hidden="true"></i>'),
    (
        'data-mode="auto"  title="System Settings"></i>',
        'data-mode="auto" aria-hidden="true"></i>',
    ),
    # myst-nb's toggle for folded code shows "Show code cell source" but is named "Toggle
    # hidden content" (axe: label-content-name-mismatch); without aria-label a <summary>
    # is named by its visible text
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
    # a role="list" may only contain list items (axe: aria-required-children, critical);
    # doc-biblioentry is deprecated in DPUB-ARIA 1.1 anyway
    ('role="doc-biblioentry"', 'role="listitem"'),
)
"""(old, new) text replacements applied to every written HTML page."""


def patch_written_pages(app: Sphinx, exception: Exception | None) -> None:
    """Apply :data:`HTML_PATCHES` to the HTML files of a successful HTML build."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf8")
        patched = text
        for old, new in HTML_PATCHES:
            patched = patched.replace(old, new)
        if patched != text:
            path.write_text(patched, encoding="utf8")


NBVAL_MARKER_LINE = re.compile(r"^[ \t]*# NBVAL_[A-Z_]+[ \t]*(?:\n|$)", re.MULTILINE)
"""A line that holds only an nbval marker comment, with its line break."""


def without_test_markers(code: str) -> str:
    """``code`` without the lines that hold only an nbval marker.

    >>> without_test_markers('# NBVAL_CHECK_OUTPUT\\ncheck("set1.q1", answer_q1)\\n')
    'check("set1.q1", answer_q1)\\n'
    >>> without_test_markers('x = 1  # NBVAL_SKIP is mentioned, not a marker line')
    'x = 1  # NBVAL_SKIP is mentioned, not a marker line'
    """
    return NBVAL_MARKER_LINE.sub("", code)


def hide_test_markers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Take the nbval marker lines out of every code block shown on the page."""
    for block in doctree.findall(nodes.literal_block):
        code = block.astext()
        if "NBVAL_" not in code:
            continue
        shown = without_test_markers(code)
        if shown != code:
            block.children = []
            block += nodes.Text(shown)
            block.rawsource = shown


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the fixes; the page hook runs after the other extensions added their files."""
    app.connect("config-inited", set_default_theme_mode)
    app.connect("doctree-resolved", hide_test_markers)
    app.connect("html-page-context", name_sliders_and_shim_mathjax, priority=870)
    app.connect("html-page-context", drop_repeated_inline_scripts, priority=900)
    app.connect("build-finished", patch_written_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
