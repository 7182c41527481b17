"""The council session's debrief: every vote, every veto, what passed and what the model says.

One self-contained HTML page (every text escaped), with the historical votes it can be set
against, read from the project's data: the resolutions of 2017 in
``unsc_resolutions_2016_2017.csv`` and the vetoes of 2022 and 2024 in
``events_2020_2025.csv``, each with its source key.

>>> from korea_talks.seminar.council.engine import Council
>>> c = Council(("US", "China"))
>>> _ = c.submit({"kind": "start", "team": "instructor"})
>>> _ = c.submit({"kind": "statement", "team": "China", "text": "<b>calm</b>"})
>>> "&lt;b&gt;calm&lt;/b&gt;" in debrief_html(c)
True
>>> [a["what"][:4] for a in anchors()][:3]
['2371', '2375', '2397']
"""

from __future__ import annotations

import csv
from html import escape

from korea_talks.datafiles import DATA_DIR
from korea_talks.seminar import model
from korea_talks.seminar.council.engine import Council

QUESTIONS = (
    "Which clause cost a draft its ninth vote, and which drew a veto? Were they the same?",
    "Where did a permanent member abstain rather than vote against, and what did that buy?",
    "What did the model make of the adopted text, and which clause mattered to it? Which "
    "clauses changed votes but not the model (a call for talks, the panel's renewal)?",
    "How did the invited delegations, who could not vote, change the text?",
    "Set your votes beside those of 2017 and of 2022 and 2024: which change of stance "
    "would the article's author have expected, and which would he not (S5, S6)?",
)
"""Debrief questions for the instructor."""


def anchors() -> list[dict[str, str]]:
    """The historical votes of the data the session can be set against, with sources."""
    found = []
    with (DATA_DIR / "unsc_resolutions_2016_2017.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["number"] in ("2371", "2375", "2397"):
                found.append(
                    {
                        "date": row["date_adopted"],
                        "what": f"{row['number']}: {row['main_measures']} Vote: {row['vote']}.",
                        "source": row["source"],
                    }
                )
    with (DATA_DIR / "events_2020_2025.csv").open(encoding="utf-8") as handle:
        seen = set()
        for row in csv.DictReader(handle):
            if row["category"] == "veto" and row["date"] not in seen:
                seen.add(row["date"])
                found.append({"date": row["date"], "what": row["event"], "source": row["source"]})
    return found


def under_every_lens(council: Council) -> dict[str, str]:
    """The model's verdict on the adopted text under each camp's lens.

    >>> sorted(under_every_lens(Council(("US",))))[:2]
    ['author', 'beijing']
    """
    moves = council.sequence()
    return {lens: model.run(moves, lens).verdict_text for lens in model.available_lenses()}


def debrief_html(council: Council) -> str:
    """The debrief page of ``council``."""
    view = council.view(None)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Debrief: {escape(view['title'])}</title></head><body>",
        f"<h1>Debrief: {escape(view['title'])}</h1>",
        f"<p>Session {escape(view['status'])}; delegations played by teams: "
        f"{escape(', '.join(council.teams))}.</p>",
        "<h2>Drafts and votes</h2>",
    ]
    for d in view["drafts"]:
        clauses = ", ".join(c["label"] for c in d["clauses"])
        parts.append(f"<h3>{escape(d['id'])}: {escape(d['title'])} ({escape(d['sponsor'])})</h3>")
        parts.append(f"<p>Clauses: {escape(clauses)}. Status: {escape(d['status'])}.</p>")
        for amendment in d["amendments"]:
            parts.append(f"<p>Amended by {escape(amendment)}</p>")
        if "outcome" in d:
            votes = "; ".join(f"{m}: {v}" for m, v in d["votes"].items())
            parts.append(f"<p><strong>{escape(d['outcome'])}</strong></p>")
            parts.append(f"<p>Votes: {escape(votes)}</p>")
    vetoes = [(d["id"], v) for d in view["drafts"] for v in d.get("vetoed_by", [])]
    parts.append("<h2>Vetoes</h2><ul>")
    parts += [f"<li>{escape(v)} on {escape(i)}</li>" for i, v in vetoes] or ["<li>none</li>"]
    parts.append("</ul>")
    model = view["model"]
    parts.append("<h2>What the model says of the adopted text</h2>")
    parts.append(f"<p>Moves: {escape(', '.join(view['sequence']) or 'none')}.</p>")
    parts.append(f"<p>Under the {escape(model['lens'])} lens: {escape(model['verdict_text'])}</p>")
    parts.append("<ol>" + "".join(f"<li>{escape(x)}</li>" for x in model["explanation"]) + "</ol>")
    parts.append("<h3>The same text under every lens</h3><ul>")
    for lens, verdict in under_every_lens(council).items():
        parts.append(f"<li>{escape(lens)}: {escape(verdict)}</li>")
    parts.append("</ul>")
    parts.append("<h2>Statements</h2><ul>")
    for s in view["statements"]:
        parts.append(f"<li>{escape(s['team'])}: {escape(s['text'])}</li>")
    parts.append("</ul><h2>The record to set it against</h2><ul>")
    for a in anchors():
        parts.append(
            f"<li>{escape(a['date'])}: {escape(a['what'])} (source: {escape(a['source'])})</li>"
        )
    parts.append("</ul><h2>Questions</h2><ol>")
    parts += [f"<li>{escape(q)}</li>" for q in QUESTIONS]
    parts.append("</ol><h2>Timeline</h2><ol>")
    parts += [f"<li>#{e['seq']} {escape(e['text'])}</li>" for e in view["events"]]
    parts.append("</ol></body></html>")
    return "\n".join(parts)
