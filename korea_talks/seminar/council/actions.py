"""The council's actions, one typed record per kind, and the session's own records.

The records are the seminar's :class:`~korea_talks.seminar.engine.actions.ActionRecord`,
so the seminar's store and log keep them; a record's fields beyond ``team``, ``at`` and
``seq`` are what a client may send for that kind.

>>> TableDraft(team="US", at=parse_time("2026-03-02T09:00:00Z"), title="T",
...            clauses=("export_bans",)).to_record()["clauses"]
['export_bans']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from korea_talks.seminar.council.votes import Outcome
from korea_talks.seminar.engine.actions import ActionRecord, parse_time

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


@dataclass(frozen=True, kw_only=True)
class Start(ActionRecord):
    """Open the session."""

    kind: ClassVar[str] = "start"
    by_instructor: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class OpenVote(ActionRecord):
    """Put a draft to the vote."""

    kind: ClassVar[str] = "open-vote"
    by_instructor: ClassVar[bool] = True
    draft: str


@dataclass(frozen=True, kw_only=True)
class End(ActionRecord):
    """End the session."""

    kind: ClassVar[str] = "end"
    by_instructor: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class Reopen(ActionRecord):
    """Reopen an ended session (a draft left unvoted at the end stays unvoted)."""

    kind: ClassVar[str] = "reopen"
    by_instructor: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class TableDraft(ActionRecord):
    """Table a new draft resolution."""

    kind: ClassVar[str] = "table"
    title: str
    clauses: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Amend(ActionRecord):
    """Add a clause to, or remove one from, a draft not yet under vote."""

    kind: ClassVar[str] = "amend"
    draft: str
    op: str
    clause: str


@dataclass(frozen=True, kw_only=True)
class RequestVote(ActionRecord):
    """Ask, as a Council member, that an invited state's proposal be put to the vote."""

    kind: ClassVar[str] = "request-vote"
    draft: str


@dataclass(frozen=True, kw_only=True)
class Statement(ActionRecord):
    """Circulate a statement to the Council."""

    kind: ClassVar[str] = "statement"
    text: str


@dataclass(frozen=True, kw_only=True)
class CastVote(ActionRecord):
    """Vote on the draft under vote."""

    kind: ClassVar[str] = "vote"
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
