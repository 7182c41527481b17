"""Sphinx extension for the PDF book: HTML tables in notebook outputs become real tables.

The chapters show their tables as ``HTML(frame.to_html(...))``. The web edition shows that
HTML; a LaTeX build cannot, and would print the output's plain-text form instead
(``<IPython.core.display.HTML object>``). For the LaTeX builder only, this extension reads
each such output before myst-nb chooses what to show, and replaces it by a docutils table
with the same rows, which LaTeX typesets like any other table. Other builders (the HTML
book) are left untouched.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

HTML_MIME = "text/html"


class _TableReader(HTMLParser):
    """Read the tables of an HTML fragment as (header rows, body rows) of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[str]], list[list[str]]]] = []
        self.outside: list[str] = []
        self._depth = 0
        self._in_head = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append(([], []))
        elif self._depth == 1:
            if tag == "thead":
                self._in_head = True
            elif tag == "tr":
                self._row = []
            elif tag in ("td", "th") and self._row is not None:
                self._cell = []
            elif tag == "br" and self._cell is not None:
                self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth = max(self._depth - 1, 0)
        elif self._depth == 1:
            if tag == "thead":
                self._in_head = False
            elif tag in ("td", "th") and self._cell is not None and self._row is not None:
                self._row.append(" ".join("".join(self._cell).split()))
                self._cell = None
            elif tag == "tr" and self._row is not None:
                head, body = self.tables[-1]
                (head if self._in_head else body).append(self._row)
                self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._depth == 0 and data.strip():
            self.outside.append(data.strip())


def read_tables(fragment: str) -> tuple[list[tuple[list[list[str]], list[list[str]]]], str]:
    """The tables of an HTML fragment, and the text found outside any table.

    >>> tables, rest = read_tables(
    ...     "<table><thead><tr><th>a</th><th>b</th></tr></thead>"
    ...     "<tbody><tr><td>1</td><td>x &amp; y</td></tr></tbody></table>"
    ... )
    >>> tables, rest
    ([([['a', 'b']], [['1', 'x & y']])], '')
    """
    reader = _TableReader()
    reader.feed(fragment)
    reader.close()
    return reader.tables, " ".join(reader.outside)


def _row(cells: list[str], width: int) -> nodes.row:
    row = nodes.row()
    for text in cells + [""] * (width - len(cells)):
        entry = nodes.entry()
        entry += nodes.paragraph(text=text)
        row += entry
    return row


def table_node(head: list[list[str]], body: list[list[str]]) -> nodes.table:
    """A docutils table with the given header and body rows (short rows are padded).

    >>> [entry.astext() for entry in table_node([["a", "b"]], [["1"]]).findall(nodes.entry)]
    ['a', 'b', '1', '']
    """
    width = max(len(row) for row in head + body)
    table = nodes.table(classes=["pdf-table"])
    group = nodes.tgroup(cols=width)
    table += group
    for _ in range(width):
        group += nodes.colspec(colwidth=1)
    if head:
        thead = nodes.thead()
        for cells in head:
            thead += _row(cells, width)
        group += thead
    tbody = nodes.tbody()
    for cells in body or [[""] * width]:
        tbody += _row(cells, width)
    group += tbody
    return table


class HtmlTablesForLatex(SphinxPostTransform):
    """Replace notebook outputs that are HTML tables by docutils tables (LaTeX only).

    Runs before myst-nb's ``SelectMimeType`` (priority 4), which would otherwise pick the
    output's plain-text form for LaTeX.
    """

    default_priority = 3
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for bundle in list(self.document.findall(nodes.container)):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            for child in bundle.children:
                if child.get("mime_type") != HTML_MIME:
                    continue
                fragment = "".join(
                    raw.astext() for raw in child.findall(nodes.raw) if "html" in raw["format"]
                )
                tables, rest = read_tables(fragment)
                if not tables or rest:
                    continue
                tables = [(head, body) for head, body in tables if head or body]
                if tables:
                    bundle.replace_self([node for t in tables for node in _sized(*t)])
                break


def _sized(head: list[list[str]], body: list[list[str]]) -> list[nodes.Node]:
    """The table in a smaller type, the smallest for wide tables, so the columns fit."""
    width = max(len(row) for row in head + body)
    size = r"\footnotesize" if width >= 8 else r"\small"
    return [
        nodes.raw("", r"\begingroup" + size, format="latex"),
        table_node(head, body),
        nodes.raw("", r"\endgroup", format="latex"),
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the post-transform."""
    app.add_post_transform(HtmlTablesForLatex)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
