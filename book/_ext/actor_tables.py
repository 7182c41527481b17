"""Sphinx extension that folds the model pages' long tables by actor or by lens.

The negotiation model's page prints every precondition and rule of the move catalogue,
every rule a lens changes and every belief a lens's verdict rests on, each as one table:
long runs of long text. On a phone (390 CSS pixels) they made the page about 50,000
pixels long, with most columns scrolled off-screen. After the build, every table of the
written pages with more than :data:`LONG_TABLE_ROWS` rows is split into folded
``<details>``, one per group, its summary naming the group and its number of rows: a rule
table (``move`` and ``rule`` columns) by the actor each move belongs to (from the move
catalogue of :mod:`korea_talks.sequence`), a table with a ``lens`` column by lens.

Every cell of every plain table (folded or not) is labelled with its column's name
(``data-label``), and the stylesheet (``book/assets/korea-talks.css``, class
:data:`STACKED`) lays each row out as a card of "column: value" lines on narrow screens,
so that no column is off-screen.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

LONG_TABLE_ROWS = 8
"""Tables with more rows than this (and ``move`` and ``rule`` columns) are folded by actor."""
STACKED = "kt-stacked"
"""The class of a folded table: each row becomes a card on narrow screens."""

TABLE = re.compile(r'<table [^>]*class="dataframe[^"]*"[^>]*>.*?</table>', re.DOTALL)
HEAD_ROW = re.compile(r"<thead>\s*<tr[^>]*>(.*?)</tr>\s*</thead>", re.DOTALL)
BODY = re.compile(r"<tbody>(.*?)</tbody>", re.DOTALL)
ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.DOTALL)
CELL = re.compile(r"<(t[hd])([^>]*)>(.*?)</t[hd]>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def _text(cell_html: str) -> str:
    return html.unescape(TAG.sub("", cell_html)).strip()


def _parse(table_html: str) -> tuple[str, str, list[str], list[list[tuple[str, str, str]]]] | None:
    """(opening tag, head, column labels, rows of (tag, attributes, content) cells), or
    None for a table this module leaves alone (several header rows, ragged rows)."""
    head = HEAD_ROW.search(table_html)
    body = BODY.search(table_html)
    if head is None or body is None or head.group(0).count("<tr") != 1:
        return None
    labels = [_text(content) for _, _, content in CELL.findall(head.group(1))]
    rows = [CELL.findall(row) for row in ROW.findall(body.group(1))]
    if any(len(cells) != len(labels) for cells in rows):
        return None
    opening = table_html[: table_html.index(">") + 1]
    opening = opening.replace('class="dataframe', f'class="{STACKED} dataframe', 1)
    return opening, head.group(0), labels, rows


def _row(cells: list[tuple[str, str, str]], labels: list[str]) -> str:
    """One row whose cells carry their column's name (``data-label``) for the cards."""
    out = []
    for (tag, attributes, content), label in zip(cells, labels, strict=True):
        named = f' data-label="{html.escape(label)}"' if label else ""
        out.append(f"<{tag}{attributes}{named}>{content}</{tag}>")
    return f"<tr>{''.join(out)}</tr>"


def stack_table(table_html: str) -> str | None:
    """The table with every cell labelled by its column, so that narrow screens can show
    each row as a card; None when the table is not a plain one-header-row table.

    >>> stacked = stack_table('<table class="dataframe"><thead><tr><th>move</th></tr></thead>'
    ...                       '<tbody><tr><td>us_direct_talks</td></tr></tbody></table>')
    >>> '<td data-label="move">us_direct_talks</td>' in stacked
    True
    """
    parsed = _parse(table_html)
    if parsed is None:
        return None
    opening, head, labels, rows = parsed
    return f"{opening}{head}<tbody>{''.join(_row(cells, labels) for cells in rows)}</tbody></table>"


def lens_title(lens: str) -> str:
    """How a folded table names a lens: ``washington`` -> ``Lens: washington``."""
    return f"Lens: {lens}"


def fold_table(table_html: str, actor_of: Callable[[str], str | None]) -> str | None:
    """A long table split into one ``<details>`` per actor (a rule table: ``move`` and
    ``rule`` columns) or per lens (a ``lens`` column); None when it is not long, has
    neither, or its rows fall in fewer than two groups.

    >>> rows = "".join(f"<tr><td>{m}</td><td>r</td></tr>" for m in ["a1"] * 9 + ["b1"] * 9)
    >>> table = ('<table border="0" class="dataframe"><thead><tr><th>move</th><th>rule</th>'
    ...          f"</tr></thead><tbody>{rows}</tbody></table>")
    >>> folded = fold_table(table, lambda move: {"a": "Alpha", "b": "Beta"}[move[0]])
    >>> folded.count("<details"), "<summary>Alpha: 9 rows</summary>" in folded
    (2, True)
    >>> fold_table(table.replace("<th>move</th>", "<th>step</th>"), lambda m: "A") is None
    True
    """
    parsed = _parse(table_html)
    if parsed is None:
        return None
    opening, head, labels, rows = parsed
    if len(rows) <= LONG_TABLE_ROWS:
        return None
    if "move" in labels and "rule" in labels:
        column, group_of = labels.index("move"), actor_of
    elif "lens" in labels:
        column, group_of = labels.index("lens"), lens_title
    else:
        return None
    groups: dict[str, list[str]] = {}
    for cells in rows:
        group = group_of(_text(cells[column][2])) or "Other"
        groups.setdefault(group, []).append(_row(cells, labels))
    if len(groups) < 2:
        return None
    parts = ['<div class="kt-actor-tables">']
    for actor, actor_rows in groups.items():
        count = f"{len(actor_rows)} row{'s' if len(actor_rows) != 1 else ''}"
        parts.append(
            f'<details class="kt-actor-group"><summary>{html.escape(actor)}: {count}</summary>'
            f"{opening}{head}<tbody>{''.join(actor_rows)}</tbody></table></details>"
        )
    parts.append("</div>")
    return "".join(parts)


def fold_long_tables(page: str, actor_of: Callable[[str], str | None]) -> str:
    """Every long rule table of ``page`` folded by actor; every other plain table
    labelled for the narrow-screen cards."""

    def replace(match: re.Match[str]) -> str:
        table = match.group(0)
        return fold_table(table, actor_of) or stack_table(table) or table

    return TABLE.sub(replace, page)


def catalogue_actors() -> Mapping[str, str]:
    """Move id -> the name of the actor who makes it, from the move catalogue."""
    from korea_talks.sequence import ACTORS, load_catalogue

    return {move.id: ACTORS[move.actor] for move in load_catalogue().moves.values()}


def fold_written_pages(app: Sphinx, exception: Exception | None) -> None:
    """After a successful HTML build: fold the long move tables of every page."""
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    actors = catalogue_actors()
    folded = 0
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf8")
        if 'class="dataframe' not in text:
            continue
        patched = fold_long_tables(text, actors.get)
        if patched != text:
            path.write_text(patched, encoding="utf8")
            folded += 1
    LOGGER.info(f"actor_tables: tables folded or labelled for phones on {folded} page(s)")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the fold after the build."""
    app.connect("build-finished", fold_written_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
