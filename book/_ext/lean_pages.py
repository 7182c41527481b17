"""Sphinx extension that keeps the pages of the HTML book light.

A default Jupyter Book 1 page downloads about 0.8 MB (compressed) before a reader sees
anything, most of it code the page does not use. Four changes, each measured by
``benchmarks/bench_lighthouse.py`` and guarded by ``tests/browser/test_page_weight.py``:

1. **MathJax only where there is mathematics.** The book's table of contents makes
   Sphinx believe every page includes the pages with equations, so MathJax (1.2 MB) was
   sent everywhere. A page keeps it only when its body holds math markup or its widgets
   use ``HTMLMath``.
2. **The widget manager only when a widget comes into view.** Pages with widgets carry
   their saved state; the widget manager (the standalone ``embed.js`` build, which needs
   no ``require.js``) is fetched when a widget area comes near the screen, not before the
   text is readable. Each widget area first shows a note that it is a static view.
3. **An icon font with the icons in use.** The theme ships Font Awesome twice: as a
   1.5 MB script that swaps ``<i>`` tags for SVG, and as web fonts its stylesheet uses.
   The script is dropped and the fonts are cut down (fontTools) to the glyphs the written
   pages and the theme's scripts name; the stylesheet draws the icons from them.
4. **Nothing the page does not use.** The theme writes the search index and Sphinx's
   search scripts into every page for a search-as-you-type box that this book does not
   turn on (the search box opens the search page, which loads them); they are dropped
   elsewhere. Scripts that only act on the parsed page (copy buttons, toggles, tabs,
   highlighting) are deferred instead of blocking the first paint. The unused icon rules
   leave the theme's stylesheet. Figures in notebook outputs load lazily
   (``loading="lazy"``), so the text comes first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_MANAGER = "vendor/html-manager/embed.js"
"""The widget manager (``@jupyter-widgets/html-manager``, standalone build)."""

STATIC_NOTE = (
    '<p class="kt-static-note"><strong>Static view.</strong> This widget shows the state it '
    "was saved in; its controls do not compute on this page until you make it live, which "
    "runs the page on a Jupyter server (mybinder.org unless your course set its own). The "
    "rocket button at the top of the page opens the chapter in JupyterLab instead, and the "
    "download button gives the notebook.</p>"
)
"""The line above every widget of the web edition (the same text for every widget)."""

LAZY_WIDGETS_SCRIPT = """(function () {
  var source = "%(src)s";
  var started = false;
  function load() {
    if (started) { return; }
    started = true;
    // embed.js renders the saved widgets on the window's "load" event; when it arrives
    // after that event, its handler runs at once instead.
    var add = window.addEventListener;
    window.addEventListener = function (type, handler, options) {
      if (type === "load" && document.readyState === "complete") {
        setTimeout(handler, 0);
        return;
      }
      return add.call(window, type, handler, options);
    };
    var script = document.createElement("script");
    script.src = source;
    script.onload = script.onerror = function () { window.addEventListener = add; };
    document.head.appendChild(script);
  }
  function watch() {
    var areas = Array.prototype.map.call(
      document.querySelectorAll('script[type="%(view)s"]'),
      function (view) { return view.parentElement; });
    if (!areas.length) { return; }
    if (!("IntersectionObserver" in window)) { load(); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        load();
      }
    }, {rootMargin: "400px 0px"});
    areas.forEach(function (area) { observer.observe(area); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();"""

MATH_MARKUP = re.compile(r'class="math[ "]|\\\(|\\\[|\$\$')
DEFERRABLE = (
    "doctools.js",
    "sphinx_highlight.js",
    "clipboard.min.js",
    "copybutton.js",
    "sphinx-book-theme.js",
    "togglebutton.js",
    "design-tabs.js",
)
"""Scripts that only act once the page is parsed: they may run after it (``defer``)."""
SEARCH_SCRIPTS = re.compile(
    r'\s*<script (?:defer )?src="[^"]*'
    r'(?:_static/searchtools|_static/language_data|searchindex)\.js"></script>'
)
OUTPUT_IMAGE = re.compile(
    r'(<div class="cell_output docutils container">\s*(?:<(?:div|figure)[^>]*>\s*)*<img)'
)


def _filename(script: Any) -> str:
    return str(getattr(script, "filename", "") or "")


def _body(script: Any) -> str:
    return str(getattr(script, "attributes", {}).get("body", "") or "")


def page_needs_mathjax(body: str, scripts: list[Any]) -> bool:
    """True when the page shows mathematics: math markup, or widgets that typeset.

    >>> page_needs_mathjax('<span class="math notranslate">\\\\(x\\\\)</span>', [])
    True
    >>> page_needs_mathjax("<p>Prices rose by $5 and $6.</p>", [])
    False
    """
    if MATH_MARKUP.search(body):
        return True
    return any("HTMLMathModel" in _body(s) for s in scripts if "widget-state" in str(s))


def prune_page_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Drop MathJax where it is not used, load the widget manager lazily, defer scripts."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list) or "pathto" not in context:
        return
    has_state = any(getattr(s, "attributes", {}).get("type") == WIDGET_STATE for s in scripts)
    needs_math = page_needs_mathjax(str(context.get("body", "")), scripts) or (
        has_state and any("HTMLMathModel" in _body(s) for s in scripts)
    )
    kept = []
    for script in scripts:
        name = _filename(script).lower()
        body = _body(script)
        if not needs_math and ("mathjax" in name or body.startswith("window.MathJax")):
            continue
        if name.endswith(WIDGET_MANAGER):
            continue  # replaced by the lazy loader below
        # the search page's own scripts (not deferred) call Sphinx's helpers as they load
        if pagename != "search" and name.split("?")[0].endswith(DEFERRABLE):
            attributes = dict(getattr(script, "attributes", {}))
            if "async" not in attributes:
                attributes["defer"] = "defer"
                # a new object: the builder shares its script objects between pages
                script = type(script)(script.filename, priority=script.priority, **attributes)
        kept.append(script)
    scripts[:] = kept
    if has_state:
        source = context["pathto"](f"_static/{WIDGET_MANAGER}", 1)
        body = LAZY_WIDGETS_SCRIPT % {"src": source, "view": WIDGET_VIEW}
        app.add_js_file(None, body=body, priority=900)
    context["kt_needs_mathjax"] = needs_math


# ------------------------------------------------------------------------ icon font

FONT_AWESOME_SCRIPT = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)
ICON_CLASS = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
CSS_GLYPHS = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"\\([0-9a-f]+)"\}')
FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")


PRIVATE_USE = range(0xE000, 0xF900)
"""Unicode's private use area, where Font Awesome puts its icons."""
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,6})")


def css_icon_codepoints(css: str) -> set[int]:
    r"""Every icon code point a stylesheet asks for, written out or as a CSS escape.

    The theme names most icons in ``.fa-*:before`` rules, but draws the admonitions'
    icons ("Note", "Important", "See also") from custom properties holding the character
    itself (``--pst-icon-info-circle`` is U+F05A); both count.

    >>> sorted(hex(c) for c in css_icon_codepoints('a:after{content:"\\f107"}b{--x:"\uf05a"}'))
    ['0xf05a', '0xf107']
    """
    found = {ord(char) for char in css if ord(char) in PRIVATE_USE}
    found.update(int(code, 16) for code in CSS_ESCAPE.findall(css) if int(code, 16) in PRIVATE_USE)
    return found


def drop_unused_icon_rules(css: str, names: set[str]) -> str:
    r"""The stylesheet without the rules of icons no page uses.

    >>> css = '.fa-a:before{content:"\\f001"}.fa-b:before{content:"\\f002"}'
    >>> drop_unused_icon_rules(css, {"b"})
    '.fa-b:before{content:"\\f002"}'
    """

    def keep(match: re.Match[str]) -> str:
        selectors = match.group(1)
        classes = {s[len(".fa-") : -len(":before")] for s in selectors.split(",") if s}
        return match.group(0) if classes & names else ""

    return CSS_GLYPHS.sub(keep, css)


def subset_icon_fonts(outdir: Path) -> tuple[int, int]:
    """Cut the theme's icon fonts down to the icons used; drop the SVG icon script.

    Returns (number of icons kept, bytes of the fonts after subsetting).
    """
    import pydata_sphinx_theme
    from fontTools import subset

    static = outdir / "_static"
    css_path = static / "styles" / "pydata-sphinx-theme.css"
    webfonts = static / "vendor" / "fontawesome" / "webfonts"
    # always cut from the theme's own fonts, never from the output of an earlier build
    originals = (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts"
    )
    if not css_path.is_file() or not webfonts.is_dir() or not originals.is_dir():
        return 0, 0
    names: set[str] = set()
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf8")
        names.update(ICON_CLASS.findall(text))
        patched = FONT_AWESOME_SCRIPT.sub("", text)
        if page.name != "search.html":
            patched = SEARCH_SCRIPTS.sub("", patched)
        patched = OUTPUT_IMAGE.sub(r'\1 loading="lazy" decoding="async"', patched)
        if patched != text:
            page.write_text(patched, encoding="utf8")
    for script in (static / "scripts").glob("*.js"):
        if script.name != "fontawesome.js":
            names.update(ICON_CLASS.findall(script.read_text(encoding="utf8")))
    css = drop_unused_icon_rules(css_path.read_text(encoding="utf8"), names)
    css_path.write_text(css, encoding="utf8")
    # the icons of the kept rules, and those other rules (admonitions, toggles) draw
    codepoints: set[int] = set()
    for sheet in static.rglob("*.css"):
        codepoints |= css_icon_codepoints(sheet.read_text(encoding="utf8", errors="replace"))
    size = 0
    for font in FONTS:
        for suffix in ("woff2", "ttf"):
            path = webfonts / f"{font}.{suffix}"
            source = originals / f"{font}.{suffix}"
            if not source.is_file():
                continue
            options = subset.Options()
            options.flavor = "woff2" if suffix == "woff2" else None
            options.layout_features = []
            options.name_IDs = ["*"]
            options.notdef_outline = True
            face = subset.load_font(str(source), options)
            subsetter = subset.Subsetter(options)
            available = set(face.getBestCmap())
            subsetter.populate(unicodes=sorted(codepoints & available) or [0x20])
            subsetter.subset(face)
            subset.save_font(face, str(path), options)
            size += path.stat().st_size
    return len(codepoints), size


def finish(app: Sphinx, exception: Exception | None) -> None:
    """After a successful HTML build: trim icons and scripts the pages do not use."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    icons, size = subset_icon_fonts(Path(app.outdir))
    LOGGER.info(f"lean_pages: icon fonts cut to {icons} icons ({size / 1024:.0f} KiB)")


def add_static_notes(app: Sphinx, exception: Exception | None) -> None:
    """Write the static-view note before every widget view of the written pages."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    marker = f'<script type="{WIDGET_VIEW}">'
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf8")
        if marker in text and STATIC_NOTE not in text:
            page.write_text(text.replace(marker, STATIC_NOTE + marker), encoding="utf8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the page hook (after other extensions added their files) and the finish."""
    app.connect("html-page-context", prune_page_scripts, priority=850)
    app.connect("build-finished", add_static_notes)
    app.connect("build-finished", finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
