"""The seminar's actions: one typed record per kind, and their log records.

Every action is a frozen dataclass; its fields (beyond ``team``, ``at`` and ``seq``)
are the fields a client may send for that kind, so the schema is written once, here.
:meth:`ActionRecord.to_record` gives the action as the log stores it (a JSON object with
``kind``, ``team``, ``at``, the kind's own fields in order, then ``seq``) and
:func:`from_record` reads such a record back.

>>> action = from_record({"kind": "act", "team": "US", "at": "2026-03-02T09:00:00.000000Z",
...                       "note": "", "move": "us_direct_talks", "seq": 3})
>>> type(action).__name__, action.move, action.seq
('ActAlone', 'us_direct_talks', 3)
>>> action.to_record()["at"]
'2026-03-02T09:00:00.000000Z'
>>> sorted(own_fields(MakeOffer))
['conditions', 'moves', 'note', 'to']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar, TypeVar

INSTRUCTOR = "instructor"
COMMON_FIELDS = ("kind", "team", "at", "seq")
"""Fields every record has; a client may send ``kind`` and ``team`` (the rest are set)."""


class SeminarError(ValueError):
    """An action that cannot be taken; the message says what was wrong and what is allowed."""


A = TypeVar("A", bound="ActionRecord")


@dataclass(frozen=True, kw_only=True)
class ActionRecord:
    """What every action has: who took it, when, and its place in the log (``seq``)."""

    kind: ClassVar[str] = ""
    by_instructor: ClassVar[bool] = False
    needs_open_round: ClassVar[bool] = True
    """A team action taken only while a round is open and its clock runs."""
    by_server: ClassVar[bool] = False
    """Written by the server itself; no client may send it."""
    team: str
    at: dt.datetime
    seq: int = 0

    def numbered(self: A, seq: int) -> A:
        """This action with its place in the log."""
        return replace(self, seq=seq)

    def to_record(self) -> dict[str, Any]:
        """The action as the log stores it (lists for tuples; absent optional fields left out)."""
        record: dict[str, Any] = {"kind": self.kind, "team": self.team, "at": format_time(self.at)}
        for name in own_fields(type(self)):
            value = getattr(self, name)
            if value is not None:
                record[name] = list(value) if isinstance(value, tuple) else value
        record["seq"] = self.seq
        return record


# ---------------------------------------------------------------- the instructor's actions


@dataclass(frozen=True, kw_only=True)
class Start(ActionRecord):
    """Open round 1."""

    kind: ClassVar[str] = "start"
    by_instructor: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class NextRound(ActionRecord):
    """Open the next round."""

    kind: ClassVar[str] = "next-round"
    by_instructor: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class Pause(ActionRecord):
    """Stop the clock."""

    kind: ClassVar[str] = "pause"
    by_instructor: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class Resume(ActionRecord):
    """Start the clock again."""

    kind: ClassVar[str] = "resume"
    by_instructor: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class End(ActionRecord):
    """End the session."""

    kind: ClassVar[str] = "end"
    by_instructor: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class SetLens(ActionRecord):
    """Choose the lens the model answers under."""

    kind: ClassVar[str] = "set-lens"
    by_instructor: ClassVar[bool] = True
    lens: str


@dataclass(frozen=True, kw_only=True)
class Reopen(ActionRecord):
    """Reopen an ended session, paused, with the time that was left in its round."""

    kind: ClassVar[str] = "reopen"
    by_instructor: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class Void(ActionRecord):
    """Undo a mistaken move made alone, or a mistaken accept or reject (action ``target``).

    The session is rebuilt as if the target had not happened; the target stays in the log,
    marked void, and so does this action.
    """

    kind: ClassVar[str] = "void"
    by_instructor: ClassVar[bool] = True
    target: int
    note: str


# ---------------------------------------------------------------- the teams' actions


@dataclass(frozen=True, kw_only=True)
class MakeOffer(ActionRecord):
    """Propose ``moves`` to the actors ``to``, if ``conditions`` hold when all accept."""

    kind: ClassVar[str] = "offer"
    note: str
    to: tuple[str, ...]
    moves: tuple[str, ...]
    conditions: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class AnswerOffer(ActionRecord):
    """Accept, reject or counter an open offer; a counter carries its own package."""

    kind: ClassVar[str] = "answer"
    note: str
    offer: str
    answer: str
    reason: str
    to: tuple[str, ...] | None = None
    moves: tuple[str, ...] | None = None
    conditions: tuple[str, ...] | None = None


@dataclass(frozen=True, kw_only=True)
class ActAlone(ActionRecord):
    """Make one of one's own moves alone."""

    kind: ClassVar[str] = "act"
    note: str
    move: str


@dataclass(frozen=True, kw_only=True)
class Withdraw(ActionRecord):
    """Take back one's own open offer."""

    kind: ClassVar[str] = "withdraw"
    offer: str


# ---------------------------------------------------------------- the channels


@dataclass(frozen=True, kw_only=True)
class SendMessage(ActionRecord):
    """A private text to one other team in play (only the two of them read it)."""

    kind: ClassVar[str] = "message"
    needs_open_round: ClassVar[bool] = False
    to: str
    text: str


@dataclass(frozen=True, kw_only=True)
class TeamNote(ActionRecord):
    """A note a team keeps for itself (only that team reads it)."""

    kind: ClassVar[str] = "team-note"
    needs_open_round: ClassVar[bool] = False
    text: str


@dataclass(frozen=True, kw_only=True)
class Broadcast(ActionRecord):
    """The instructor's words to every team."""

    kind: ClassVar[str] = "broadcast"
    by_instructor: ClassVar[bool] = True
    text: str


@dataclass(frozen=True, kw_only=True)
class Inject(ActionRecord):
    """A scenario event announced by the instructor: an inject of the data file, by id.

    Its title, text and source are logged with it (a client sends only ``inject``), so
    the log reads the same after the data file changes.
    """

    kind: ClassVar[str] = "inject"
    by_instructor: ClassVar[bool] = True
    inject: str
    title: str = ""
    text: str = ""
    source: str = ""


@dataclass(frozen=True, kw_only=True)
class Downtime(ActionRecord):
    """Written by the store when a server starts again: the server was down from ``since``
    (its last heartbeat) until this record's time, and the round's clock did not run."""

    kind: ClassVar[str] = "downtime"
    by_instructor: ClassVar[bool] = True
    by_server: ClassVar[bool] = True
    since: str


RECORDS: tuple[type[ActionRecord], ...] = (
    MakeOffer,
    AnswerOffer,
    ActAlone,
    Withdraw,
    Start,
    NextRound,
    Pause,
    Resume,
    End,
    SetLens,
    Reopen,
    Void,
    SendMessage,
    TeamNote,
    Broadcast,
    Inject,
    Downtime,
)
"""Every kind of action, the teams' first (the kinds added later, after)."""


def team_kinds(records: Iterable[type[ActionRecord]]) -> tuple[str, ...]:
    """The kinds of ``records`` a team takes, in order."""
    return tuple(r.kind for r in records if not r.by_instructor)


def instructor_kinds(records: Iterable[type[ActionRecord]]) -> tuple[str, ...]:
    """The kinds of ``records`` the instructor sends, in order (not those the server writes)."""
    return tuple(r.kind for r in records if r.by_instructor and not r.by_server)


BY_KIND: dict[str, type[ActionRecord]] = {r.kind: r for r in RECORDS}
TEAM_KINDS = team_kinds(RECORDS)
INSTRUCTOR_KINDS = instructor_kinds(RECORDS)


def own_fields(record: type[ActionRecord]) -> tuple[str, ...]:
    """The fields a client sends for this kind (beyond ``kind`` and ``team``), in log order."""
    return tuple(f.name for f in fields(record) if f.name not in COMMON_FIELDS)


def from_record(
    record: dict[str, Any], kinds: Mapping[str, type[ActionRecord]] | None = None
) -> ActionRecord:
    """Read a log record (written by :meth:`ActionRecord.to_record`) back into its action.

    ``kinds`` maps kind names to records (default: the seminar's, :data:`BY_KIND`); another
    format over the same log passes its own.
    """
    try:
        kind = (BY_KIND if kinds is None else kinds)[record["kind"]]
        values = {
            name: tuple(record[name]) if isinstance(record[name], list) else record[name]
            for name in own_fields(kind)
            if name in record
        }
        return kind(
            team=str(record["team"]),
            at=parse_time(str(record["at"])),
            seq=int(record.get("seq") or 0),
            **values,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SeminarError(f"a log record that is not an action ({exc}): {record!r}") from None


# --------------------------------------------------------------------------- times


def now() -> dt.datetime:
    """The current time, in UTC."""
    return dt.datetime.now(dt.UTC)


def format_time(moment: dt.datetime) -> str:
    """``moment`` as the log writes it: UTC, microseconds, ``Z``."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_time(text: str) -> dt.datetime:
    """A time of the log (or any ISO 8601 time; a time without zone is taken as UTC).

    >>> parse_time("2026-03-02T09:00:00Z") == parse_time("2026-03-02T10:00:00+01:00")
    True
    """
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise SeminarError(
            f"time {text!r}: allowed: an ISO 8601 time such as '2026-03-02T09:00:00Z'"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
