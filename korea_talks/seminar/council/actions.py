"""The council's actions, one typed record per kind, and the session's own records.

The records are the seminar's :class:`~korea_talks.seminar.engine.actions.ActionRecord`,
so the seminar's store and log keep them; a record's fields beyond ``team``, ``at`` and
``seq`` are what a client may send for that kind. The instructor's ``start``, ``end`` and
``reopen`` are the seminar's own records (what they do in a council is the council's
handlers' business); the kinds below are the council's alone.

>>> TableDraft(team="US", at=parse_time("2026-03-02T09:00:00Z"), title="T",
...            clauses=("export_bans",)).to_record()["clauses"]
['export_bans']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from korea_talks.seminar.council.votes import Outcome
from korea_talks.seminar.engine.actions import ActionRecord, End, Reopen, Start, parse_time

__all__ = [
    "Amend",
    "CastVote",
    "Draft",
    "End",
    "Line",
    "OpenVote",
    "Reopen",
    "RequestVote",
    "Start",
    "Statement",
    "TableDraft",
    "parse_time",
]

# ---------------------------------------------------------------- the records


class OpenVote(ActionRecord, kind="open-vote", by_instructor=True):
    """Put a draft to the vote."""

    draft: str


class TableDraft(ActionRecord, kind="table"):
    """Table a new draft resolution."""

    title: str
    clauses: tuple[str, ...]


class Amend(ActionRecord, kind="amend"):
    """Add a clause to, or remove one from, a draft not yet under vote."""

    draft: str
    op: str
    clause: str


class RequestVote(ActionRecord, kind="request-vote"):
    """Ask, as a Council member, that an invited state's proposal be put to the vote."""

    draft: str


class Statement(ActionRecord, kind="statement"):
    """Circulate a statement to the Council."""

    text: str


class CastVote(ActionRecord, kind="vote"):
    """Vote on the draft under vote."""

    draft: str
    vote: str


# ---------------------------------------------------------------- the session's records


@dataclass
class Draft:
    """A draft resolution and what became of it."""

    id: str
    sponsor: str
    title: str
    clauses: list[str]
    status: str = "drafting"
    requested_by: str | None = None
    """For an invited state's proposal: the member that asked for the vote (rule 38)."""
    amendments: list[str] = field(default_factory=list)
    votes: dict[str, str] = field(default_factory=dict)
    outcome: Outcome | None = None
    resolution: int | None = None


@dataclass(frozen=True)
class Line:
    """One line of the session's timeline."""

    seq: int
    at: str
    team: str
    text: str
