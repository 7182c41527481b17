"""The debrief of a seminar session, generated from its log.

:func:`debrief` turns a session into plain data: the timeline of offers and answers, who
conceded what and when, the teams' scores, the end state under every lens, the sequence
that emerged beside the author's roadmap and beside what happened in 2018-2019, and
discussion prompts on the negotiation concepts the session showed (ripeness, commitment,
two-level constraints). :func:`debrief_html` prints it as one page (HTML, ready to print
to PDF from the browser).

A **concession** here is a step after which the acting team's own score, by its
confidential brief and under the session's lens, is lower than before. The score also
falls while time passes without a freeze (the North's capability grows), so a concession
is a fall in the score at the team's own step, not a proof of intent: ask the team.

>>> from korea_talks.seminar.engine import Seminar
>>> s = Seminar(("US", "DPRK"))
>>> _ = s.submit({"kind": "start", "team": "instructor"})
>>> _ = s.submit({"kind": "act", "team": "US", "move": "us_direct_talks"})
>>> d = debrief(s)
>>> d.comparison[0]["name"], d.comparison[0]["moves"]
('this session', ['us_direct_talks'])
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from typing import Any

from korea_talks.seminar import model
from korea_talks.seminar.briefs import TEAMS, Concept
from korea_talks.seminar.engine import Seminar
from korea_talks.seminar.engine.actions import AnswerOffer, MakeOffer, TeamNote
from korea_talks.seminar.engine.channels import PUBLIC_CHANNELS, visible
from korea_talks.sequence import get_preset

COMPARED_PRESETS = ("author-roadmap", "what-happened-2017-2019")
"""The sequences the session is set beside: the author's roadmap (S9) and the record."""
KEY_VARIABLES = ("tension", "trust", "capability", "sanctions", "freeze")


@dataclass
class Debrief:
    """Everything the debrief page shows, as plain data."""

    title: str
    lens: str
    timeline: list[dict[str, Any]]
    concessions: list[dict[str, Any]]
    scores: dict[str, dict[str, Any]]
    lenses: list[dict[str, Any]]
    comparison: list[dict[str, Any]]
    reasons: dict[str, int]
    prompts: list[dict[str, str]]


def _concessions(seminar: Seminar) -> list[dict[str, Any]]:
    briefs = seminar.briefs
    penalty = seminar.rules.red_line_penalty
    out = []
    progress = model.advance(None, [], seminar.lens)  # one pass: each step continues the last
    for entry in seminar.sequence:
        before_state = progress.final_state
        progress = model.advance(progress, [entry.move], seminar.lens)
        if entry.actor not in TEAMS:
            continue
        brief = briefs[entry.actor]
        before = brief.score(before_state, penalty)
        after = brief.score(progress.final_state, penalty)
        if after < before:
            out.append(
                {
                    "round": entry.round,
                    "step": entry.step,
                    "team": entry.actor,
                    "played": entry.actor in seminar.teams,
                    "move": seminar.catalogue.moves[entry.move].label,
                    "offer": entry.offer or "alone",
                    "cost": round(before - after, 1),
                }
            )
    return out


def _lenses(seminar: Seminar) -> list[dict[str, Any]]:
    rows = []
    for lens in model.available_lenses():
        result = model.run(seminar.moves(), lens)
        state = result.final_state
        row: dict[str, Any] = {"lens": lens, "verdict": result.verdict.title}
        row.update({k: float(state[k]) for k in KEY_VARIABLES})
        scores = seminar.scores(lens)
        row.update({team: scores[team]["score"] for team in TEAMS})
        rows.append(row)
    return rows


def _comparison(seminar: Seminar) -> list[dict[str, Any]]:
    runs = [("this session", "The sequence the class agreed", seminar.moves())]
    for name in COMPARED_PRESETS:
        preset = get_preset(name)
        runs.append((name, preset.title, preset.moves))
    rows = []
    for name, title, moves in runs:
        result = model.run(moves, seminar.lens)
        rows.append(
            {
                "name": name,
                "title": title,
                "moves": list(moves),
                "labels": [seminar.catalogue.moves[m].label for m in moves],
                "verdict": result.verdict.title,
                "verdict_text": result.verdict_text,
            }
        )
    return rows


def _prompts(seminar: Seminar, reasons: Counter[str]) -> list[dict[str, str]]:
    concepts = seminar.rules.concepts
    by_concept: Counter[str] = Counter()
    for reason, n in reasons.items():
        by_concept[seminar.rules.reasons[reason].concept] += n
    agreed = [o for o in seminar.offers.values() if o.status == "agreed"]
    rejected = [o for o in seminar.offers.values() if o.status in ("rejected", "countered")]
    conditional = [o for o in seminar.offers.values() if o.conditions]
    prompts = []
    if agreed:
        first = agreed[0]
        state = model.end_state(
            [e.move for e in seminar.sequence if e.step <= _first_step(seminar, first.id)],
            seminar.lens,
        )
        when = (
            f"The first package ({first.id}) was agreed in round {first.round}; the model "
            f"then had tension at {float(state['tension']):.1f} and the North's capability "
            f"at {float(state['capability']):.1f} of 10."
        )
    else:
        when = "No package was agreed in this session."
    prompts.append(
        _prompt(
            concepts,
            "ripeness",
            f"{when} Answers citing timing ('not yet', 'a way out'): "
            f"{by_concept['ripeness']}. Was the conflict ripe when the class moved? Who "
            "felt the stalemate hurt, and who thought waiting would pay?",
        )
    )
    prompts.append(
        _prompt(
            concepts,
            "commitment",
            f"Offers with conditions attached: {len(conditional)}; answers about "
            f"trust in promises: {by_concept['commitment']}. Which promise in this session "
            "could not be made credible, and what would have made it so: an order of steps, "
            "a monitor, a third party?",
        )
    )
    vetoes = [
        f"{a.team} on {o.id}"
        for o in seminar.offers.values()
        for a in o.answers.values()
        if a.reason == "domestic-veto"
    ]
    prompts.append(
        _prompt(
            concepts,
            "two-level",
            "Answers citing a home audience: "
            + (", ".join(vetoes) if vetoes else "none")
            + ". Read each team's domestic constraints aloud. Did a narrow win-set at home "
            "strengthen a team's hand abroad, or only block a deal?",
        )
    )
    below = [t for t, s in seminar.scores().items() if s["played"] and s["gain"] < 0]
    prompts.append(
        _prompt(
            concepts,
            "batna",
            f"Offers rejected or countered: {len(rejected)}. Teams that ended "
            "below their alternative to agreement: "
            + (", ".join(below) if below else "none")
            + ". Should they have walked away, and when?",
        )
    )
    return prompts


def _prompt(concepts: dict[str, Concept], concept: str, prompt: str) -> dict[str, str]:
    """One discussion prompt: the concept, its gloss, the question and the reference."""
    return {
        "concept": concept,
        "text": concepts[concept].text,
        "reference": concepts[concept].reference,
        "prompt": prompt,
    }


def _first_step(seminar: Seminar, offer_id: str) -> int:
    return max(e.step for e in seminar.sequence if e.offer == offer_id)


def _private_rows(seminar: Seminar, team: str | None) -> list[tuple[int, dict[str, Any]]]:
    """The timeline rows of the private channels ``team`` (``None``: the instructor, every
    one) may read: bilateral messages, team notes, and the notes sent with offers and
    answers (an offer's to its parties, an answer's to the offer's proposer)."""
    rounds = {e.seq: e.round for e in seminar.events}
    rows: list[tuple[int, dict[str, Any]]] = []
    for m in seminar.messages:
        if m.channel in PUBLIC_CHANNELS or not visible(m, team):
            continue  # broadcasts and injects are in the shared timeline already
        own = m.channel == TeamNote.kind
        who = f"{m.sender} (to itself)" if own else f"{m.sender} to {m.to[0]}"
        rows.append((m.seq, _row(m.round, m.at, who, m.channel, m.text)))
    made = {(o.proposer, o.at) for o in seminar.offers.values()}
    for a in seminar.actions:
        if not isinstance(a, (MakeOffer, AnswerOffer)) or not a.note:
            continue
        at = seminar.stamp(a)
        if isinstance(a, AnswerOffer):
            offer = seminar.offers.get(a.offer)
            answer = offer.answers.get(a.team) if offer else None
            if offer is None or answer is None or answer.at != at:
                continue  # voided, or dropped when the session was rebuilt
            readers: tuple[str, ...] = (a.team, offer.proposer)
            who, what = f"{a.team} to {offer.proposer}", f"note with its answer to {a.offer}"
        else:
            if (a.team, at) not in made:
                continue
            readers = (a.team, *a.to)
            who, what = f"{a.team} to {', '.join(a.to)}", "note with its offer"
        if team is None or team in readers:
            rows.append((a.seq, _row(rounds.get(a.seq, 0), at, who, "note", f"{what}: {a.note}")))
    return rows


def _row(round_: int, at: str, who: str, kind: str, text: str) -> dict[str, Any]:
    return {"round": round_, "at": at[11:19], "who": who, "kind": kind, "text": text}


def timeline(seminar: Seminar, team: str | None = None) -> list[dict[str, Any]]:
    """The session's timeline as ``team`` (``None``: the instructor) may read it, in the
    order of the log: every shared event (offers, answers, moves, the clock, broadcasts and
    injects), and of the private channels only what ``team`` wrote or received."""
    rows = [(e.seq, _row(e.round, e.at, e.team, e.kind, e.text)) for e in seminar.events]
    rows += _private_rows(seminar, team)
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def debrief(seminar: Seminar, team: str | None = None) -> Debrief:
    """The debrief of ``seminar`` as plain data (see the module's docstring).

    The instructor's (``team=None``) timeline holds every channel; a team's holds the
    shared events with the broadcasts and injects, its own bilateral messages both ways,
    its own notes, and the notes of offers and answers it was party to; never another
    pair's messages or another team's notes.
    """
    reasons: Counter[str] = Counter(
        a.reason for o in seminar.offers.values() for a in o.answers.values()
    )
    return Debrief(
        seminar.title,
        seminar.lens,
        timeline(seminar, team),
        _concessions(seminar),
        seminar.scores(),
        _lenses(seminar),
        _comparison(seminar),
        dict(reasons),
        _prompts(seminar, reasons),
    )


# --------------------------------------------------------------------------- HTML

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.45}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f5}h1{font-size:1.6rem}h2{margin-top:1.6rem;font-size:1.25rem}
.note{color:#444;font-size:.9rem}
@media print{body{max-width:none;margin:0}h2{break-after:avoid}table{break-inside:auto}}
"""


def _table(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    if not rows:
        return "<p class='note'>(none)</p>"
    columns = columns or list(rows[0])
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(r.get(c, '')))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def debrief_html(seminar: Seminar, *, standalone: bool = True, team: str | None = None) -> str:
    """The debrief as one HTML page (``standalone=False``: the body only); ``team``: that
    team's own debrief (see :func:`debrief`)."""
    d = debrief(seminar, team)
    parts = [
        f"<h1>Debrief: {html.escape(d.title)}</h1>",
        f"<p class='note'>Generated from the session log. The model answered for the actors no "
        f"team played under the {html.escape(d.lens)!s} lens. Scores measure each team's end "
        "state against its confidential brief (0-100, less a penalty per red line crossed); "
        "they are a reading of the model, not a verdict on the negotiators.</p>",
        "<h2>Scores against the confidential briefs</h2>",
        _table(
            [
                {
                    "team": t,
                    "played by": "a team" if s["played"] else "the model",
                    "score": s["score"],
                    "alternative to agreement": s["batna"],
                    "gain over it": s["gain"],
                    "red lines crossed": s["red_lines"],
                }
                for t, s in d.scores.items()
            ]
        ),
        "<h2>The sequence beside the author's roadmap and the record</h2>",
        _table(
            [
                {"sequence": r["title"], "moves": r["labels"], "verdict": r["verdict"]}
                for r in d.comparison
            ]
        ),
        "<h2>The end state under every lens</h2>",
        _table(d.lenses),
        "<h2>Who conceded what, and when</h2>",
        "<p class='note'>A step after which the acting team's own score fell.</p>",
        _table(d.concessions),
        "<h2>Discussion prompts</h2>",
    ]
    for p in d.prompts:
        parts.append(
            f"<h3>{html.escape(p['concept'].replace('-', ' ').capitalize())}</h3>"
            f"<p>{html.escape(p['text'])}</p><p><strong>{html.escape(p['prompt'])}</strong></p>"
            + (f"<p class='note'>{html.escape(p['reference'])}</p>" if p["reference"] else "")
        )
    parts += [
        "<h2>Timeline of offers, answers, messages and news</h2>",
        _table(d.timeline, ["round", "at", "who", "kind", "text"]),
    ]
    body = "\n".join(parts)
    if not standalone:
        return body
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Debrief: {html.escape(d.title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


__all__ = ["COMPARED_PRESETS", "Debrief", "debrief", "debrief_html", "timeline"]
