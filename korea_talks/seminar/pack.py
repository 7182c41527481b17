"""The printable instructor pack: every team's public and confidential brief as HTML.

>>> from korea_talks.seminar.briefs import load_briefs, load_session_rules
>>> page = briefs_html(load_briefs(), load_session_rules())
>>> page.count("<section class='seminar-brief'")
6
>>> page.count("What your capital will accept")
6
"""

from __future__ import annotations

import html

from korea_talks.seminar import model
from korea_talks.seminar.briefs import Brief, Point, SessionRules

_STYLE = (
    "<style>.seminar-brief{margin-bottom:1.5rem}"
    ".seminar-brief table{border-collapse:collapse;font-size:.92rem}"
    ".seminar-brief th,.seminar-brief td{border:1px solid #bbb;padding:.2rem .45rem;"
    "vertical-align:top;text-align:left}"
    "@media print{.seminar-brief{break-before:page}}</style>"
)


def _basis(point: Point) -> str:
    if point.sourced:
        return "sources: " + ", ".join(html.escape(s) for s in point.sources)
    return "teaching assumption: " + html.escape(point.assumption)


def _points(points: tuple[Point, ...] | list[Point]) -> str:
    return (
        "<ul>"
        + "".join(f"<li>{html.escape(p.text)} <small>({_basis(p)})</small></li>" for p in points)
        + "</ul>"
    )


def brief_html(brief: Brief, rules: SessionRules) -> str:
    """One team's public and confidential brief."""
    interests = "".join(
        f"<tr><td>{html.escape(i.point.text)}</td><td>{i.variable} {i.want}</td>"
        f"<td>{i.weight:g}</td><td><small>{_basis(i.point)}</small></td></tr>"
        for i in brief.interests
    )
    red_lines = "".join(
        f"<tr><td>{html.escape(r.point.text)}</td>"
        f"<td>{html.escape(' and '.join(c.source for c in r.when))}</td>"
        f"<td><small>{_basis(r.point)}</small></td></tr>"
        for r in brief.red_lines
    )
    batna_state = model.end_state(brief.batna_moves)
    batna_score = brief.score(batna_state, rules.red_line_penalty)
    return (
        f"<section class='seminar-brief' id='brief-{brief.team.lower()}'>"
        f"<h2>{html.escape(brief.name)}</h2>"
        f"<h3>Public brief</h3>{_points(brief.public)}"
        "<h3>Confidential brief</h3>"
        f"<p><strong>The situation as you see it</strong></p>{_points(brief.situation)}"
        "<p><strong>Your interests</strong></p>"
        "<table><thead><tr><th>interest</th><th>scored on</th><th>weight</th>"
        f"<th>basis</th></tr></thead><tbody>{interests}</tbody></table>"
        "<p><strong>Red lines</strong> (each one crossed at the end costs "
        f"{rules.red_line_penalty:g} points)</p>"
        "<table><thead><tr><th>red line</th><th>crossed when</th><th>basis</th></tr>"
        f"</thead><tbody>{red_lines}</tbody></table>"
        f"<p><strong>Alternative to agreement</strong>: {html.escape(brief.batna.text)} "
        f"<small>({_basis(brief.batna)})</small>. In the model: "
        f"{html.escape(', '.join(brief.batna_moves))}, which scores {batna_score:g} of 100 "
        "for this team.</p>"
        f"<p><strong>At home</strong></p>{_points(brief.domestic)}"
        "<p><strong>What your capital will accept</strong></p>"
        f"<p>You may agree to:</p>{_points(brief.may_agree)}"
        f"<p>You must stop at:</p>{_points(brief.must_stop)}"
        "</section>"
    )


def briefs_html(briefs: dict[str, Brief], rules: SessionRules) -> str:
    """All teams' briefs, one section each, ready to print."""
    return _STYLE + "".join(brief_html(b, rules) for b in briefs.values())
