"""The session as plain data: what a team's page, the projector and ``/api/state`` show.

Built from the session's typed state; the shared part is built once per action and each
offer's part once per change of the offer (see :class:`ViewCache`).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Protocol

from korea_talks.seminar.briefs import TEAMS
from korea_talks.seminar.engine.actions import ActionRecord
from korea_talks.seminar.engine.channels import Message, visible
from korea_talks.seminar.engine.offers import Offer, OfferSession, describe
from korea_talks.seminar.engine.records import Event

RECENT_EVENTS = 40
"""How many of the latest events the shared view carries."""
RECENT_MESSAGES = 100
"""How many of the latest messages a reader's view carries (of those it may read)."""
RECENT_STEPS = 40
"""How many of the latest moves of the shared sequence the shared view carries: the view
(sent to every device on every read) stays the same size however long the session runs.
Each move carries its step number, so a page can say how many came before; the debrief
lists them all."""
RECENT_OFFERS = 40
"""How many of the latest closed offers the shared view carries, beside every open one."""


class ViewCache:
    """The shared view and scores of the last action, and each offer's view."""

    def __init__(self) -> None:
        self.shared: tuple[int, dict[str, Any], dict[str, dict[str, Any]]] | None = None
        self.offers: dict[str, tuple[tuple[str, int], dict[str, Any]]] = {}


class ViewedSession(OfferSession, Protocol):
    """What the views read of a session, beyond what its offers read (the session satisfies it)."""

    actions: list[ActionRecord]
    events: list[Event]
    messages: list[Message]
    teams: tuple[str, ...]
    title: str
    view_cache: ViewCache

    @property
    def status(self) -> str: ...

    @property
    def rounds(self) -> int: ...

    def seconds_left(self) -> float | None: ...

    def scores(self, lens: str | None = None) -> dict[str, dict[str, Any]]: ...


def view(seminar: ViewedSession, team: str | None = None) -> dict[str, Any]:
    """The shared state as ``team`` (or the instructor, ``None``) sees it; see
    :meth:`korea_talks.seminar.engine.Seminar.view`."""
    cache = seminar.view_cache
    if cache.shared is None or cache.shared[0] != len(seminar.actions):
        cache.shared = (len(seminar.actions), shared_view(seminar), seminar.scores())
    _, shared, scores = cache.shared
    data = {**shared, "seconds_left": seminar.seconds_left()}
    data["messages"] = messages_for(seminar, team)
    if team is None:
        data["scores"] = scores
    elif team in TEAMS:
        data["team"] = team
        data["score"] = scores[team]
        data["offers"] = [private_notes(o, team) for o in shared["offers"]]
    return data


def messages_for(seminar: ViewedSession, team: str | None) -> list[dict[str, Any]]:
    """The latest messages ``team`` (``None``: the instructor) may read, oldest first: its
    own bilateral messages both ways, its own notes, every broadcast and inject."""
    mine = [m for m in seminar.messages if visible(m, team)]
    return [m.as_dict() for m in mine[-RECENT_MESSAGES:]]


def private_notes(offer: dict[str, Any], team: str) -> dict[str, Any]:
    """An offer as ``team`` may see it: the offer's note only for its parties, and the notes
    of answers only for the proposer (each addressee sees its own).

    >>> o = {"from": "US", "to": ["DPRK"], "note": "n", "answer_notes": {"DPRK": "a"}}
    >>> private_notes(o, "ROK")["note"], private_notes(o, "ROK")["answer_notes"]
    ('', {})
    >>> private_notes(o, "US")["answer_notes"], private_notes(o, "DPRK")["note"]
    ({'DPRK': 'a'}, 'n')
    """
    if team == offer["from"]:
        return offer
    party = team in offer["to"]
    notes = {t: n for t, n in offer["answer_notes"].items() if t == team}
    return {**offer, "note": offer["note"] if party else "", "answer_notes": notes}


def offer_view(seminar: ViewedSession, o: Offer) -> dict[str, Any]:
    """One offer as plain data (rebuilt only when its status or answers change)."""
    key = (o.status, len(o.answers))
    cached = seminar.view_cache.offers.get(o.id)
    if cached is not None and cached[0] == key:
        return cached[1]
    data = {
        "id": o.id,
        "round": o.round,
        "from": o.proposer,
        "to": list(o.to),
        "moves": list(o.moves),
        "conditions": list(o.conditions),
        "note": o.note,
        "status": o.status,
        "status_text": o.status_text,
        "counter_to": o.counter_to,
        "text": describe(seminar, o),
        "answers": {
            k: {"answer": a.answer, "reason": a.reason, "by_model": a.by_model}
            for k, a in o.answers.items()
        },
        "answer_notes": {k: a.note for k, a in o.answers.items() if a.note},
        "waiting_for": o.waiting_for if o.status == "open" else [],
    }
    seminar.view_cache.offers[o.id] = (key, data)
    return data


def shared_view(seminar: ViewedSession) -> dict[str, Any]:
    """What every device shares: clock, lens, the latest moves of the sequence, verdict,
    state, the open and the latest offers, the latest events."""
    result = seminar.model_runs.run(seminar.moves(), seminar.lens)
    return {
        "title": seminar.title,
        "status": seminar.status,
        "round": seminar.round,
        "rounds": seminar.rounds,
        "lens": seminar.lens,
        "teams": list(seminar.teams),
        "model_actors": list(seminar.model_actors),
        "sequence": [asdict(e) for e in seminar.sequence[-RECENT_STEPS:]],
        "verdict": result.verdict.value,
        "verdict_text": result.verdict_text,
        "state": {
            k: (v if isinstance(v, bool) else float(v)) for k, v in result.final_state.items()
        },
        "offers": [offer_view(seminar, o) for o in shown_offers(seminar)],
        "events": [asdict(e) for e in seminar.events[-RECENT_EVENTS:]],
    }


def shown_offers(seminar: ViewedSession) -> list[Offer]:
    """Every open offer and the :data:`RECENT_OFFERS` latest ones, in the order made."""
    offers = list(seminar.offers.values())
    first_recent = len(offers) - RECENT_OFFERS
    return [o for i, o in enumerate(offers) if i >= first_recent or o.status == "open"]
