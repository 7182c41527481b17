"""Sphinx extension: bibliography keys in tables of notebook outputs become citations.

Chapters build their tables with pandas (``HTML(frame.to_html())``), so a "sources"
column holds the raw keys of ``references.bib`` (``ap2019hanoi, reuters2018talks``): the
``{cite}`` role cannot run inside a notebook output. For each page, a table cell whose
whole text is one or more keys of the bibliography (separated by commas or semicolons)
is rewritten into author-year links to their entries on the bibliography page, with the
entry as tooltip, like the ``{cite}`` links of the prose. Other cells are left alone.
"""

from __future__ import annotations

import html
import re
from typing import Any

from sphinx.application import Sphinx

CELL = re.compile(r"<td>([A-Za-z0-9_:\-]+(?:\s*[,;]\s*[A-Za-z0-9_:\-]+)*)</td>")


def author_year(entry: Any) -> str:
    """``Author, 2017``, ``A and B, 2017`` or ``A et al., 2017`` from a pybtex entry."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.last_names) or " ".join(p.first_names) for p in people]
    names = [n.replace("{", "").replace("}", "") for n in names]
    if not names:
        org = entry.fields.get("organization") or entry.fields.get("publisher") or ""
        names = [org.replace("{", "").replace("}", "")] if org else ["Anon."]
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


def link_citations_in_tables(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Rewrite table cells made only of bibliography keys into citation links."""
    body = context.get("body")
    if not body or "<td>" not in body or "pathto" not in context:
        return
    domain = app.env.get_domain("cite")
    targets: dict[str, tuple[str, str, str]] = {}
    for bib_key, bibliography in domain.bibliographies.items():
        for key, node in bibliography.citation_nodes.items():
            entry = domain.bibdata.data.entries.get(key)
            if entry is None or not node.get("ids"):
                continue
            href = context["pathto"](bib_key.docname) + "#" + node["ids"][0]
            title = str(entry.fields.get("title", "")).replace("{", "").replace("}", "")
            tooltip = f"{title} ({entry.fields.get('year', 'n.d.')})"
            targets[key] = (href, author_year(entry), tooltip)

    def cell(match: re.Match[str]) -> str:
        keys = [k.strip() for k in re.split(r"[,;]", match.group(1))]
        if not keys or not all(k in targets for k in keys):
            return match.group(0)
        links = [
            f'<a class="reference internal" href="{html.escape(targets[k][0])}" '
            f'title="{html.escape(targets[k][2])}">{html.escape(targets[k][1])}</a>'
            for k in keys
        ]
        return "<td>" + "; ".join(links) + "</td>"

    context["body"] = CELL.sub(cell, body)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the page hook."""
    app.connect("html-page-context", link_citations_in_tables)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
