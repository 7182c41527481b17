"""The council's instructor pack: the eight briefs and the model's vote table, as HTML.

Printed by the instructors' chapter from the data, so the page and the server agree.
Every text is escaped.

>>> from korea_talks.seminar.council.catalogue import load_council
>>> "<h3>Russia (permanent member)</h3>" in briefs_html(load_council())
True
>>> "teaching assumption" in stances_html(load_council())
True
"""

from __future__ import annotations

from html import escape

from korea_talks.seminar.council.catalogue import KINDS, CouncilData


def briefs_html(data: CouncilData) -> str:
    """Every delegation's confidential brief, one section each."""
    parts = []
    for delegation in data.delegations:
        brief = data.briefs[delegation.id]
        role = "permanent member" if delegation.votes else "invited, without vote"
        parts.append(f"<section><h3>{escape(delegation.id)} ({role})</h3>")
        parts.append(f"<p>{escape(brief.situation)}</p><p><strong>Interests</strong></p><ul>")
        parts += [f"<li>{escape(i)}</li>" for i in brief.interests]
        parts.append("</ul><p><strong>Red lines</strong></p><ul>")
        parts += [f"<li>{escape(r)}</li>" for r in brief.red_lines]
        parts.append(f"</ul><p><strong>If nothing passes:</strong> {escape(brief.fallback)}</p>")
        parts.append(f"<p><em>Sources: {escape(', '.join(brief.sources))}</em></p></section>")
    return "\n".join(parts)


def stances_html(data: CouncilData) -> str:
    """The model's stances: one row per voter, one column per kind of clause."""
    voters = [d.id for d in data.delegations if d.votes] + sorted(set(data.elected.values()))
    head = "".join(f"<th>{escape(k)}</th>" for k in KINDS)
    rows = []
    for voter in voters:
        cells = []
        for kind in KINDS:
            stance = data.stances[voter, kind]
            extra = f" (for with {stance.for_if_with})" if stance.for_if_with else ""
            title = f"{stance.basis}: {stance.rationale}"
            cells.append(
                f"<td title='{escape(title, quote=True)}'>{escape(stance.stance + extra)}"
                f"<br><small>{escape(stance.basis)}</small></td>"
            )
        rows.append(f"<tr><th>{escape(voter)}</th>{''.join(cells)}</tr>")
    return f"<table><tr><th>voter</th>{head}</tr>{''.join(rows)}</table>"
