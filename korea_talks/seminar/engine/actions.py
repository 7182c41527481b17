"""The seminar's actions: one typed record per kind, and their log records.

Every action is a frozen dataclass, declared as a subclass of :class:`ActionRecord` with its
kind's name and flags; its fields (beyond ``team``, ``at`` and ``seq``) are the fields a
client may send for that kind, so the schema is written once, here. The Security Council's
records (:mod:`korea_talks.seminar.council.actions`) are declared the same way and share
``start``, ``end`` and ``reopen``.
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
from typing import Any, ClassVar, TypeVar, dataclass_transform

INSTRUCTOR = "instructor"
COMMON_FIELDS = ("kind", "team", "at", "seq")
"""Fields every record has; a client may send ``kind`` and ``team`` (the rest are set)."""


class SeminarError(ValueError):
    """An action that cannot be taken; the message says what was wrong and what is allowed."""


A = TypeVar("A", bound="ActionRecord")


@dataclass_transform(frozen_default=True, kw_only_default=True)
@dataclass(frozen=True, kw_only=True)
class ActionRecord:
    """What every action has: who took it, when, and its place in the log (``seq``).

    A kind of action subclasses it with its name and flags as class keywords and its own
    fields as annotations; the subclass is made a frozen, keyword-only dataclass:

    >>> class Wave(ActionRecord, kind="wave", needs_open_round=False):
    ...     hand: str
    >>> Wave(team="US", at=parse_time("2026-03-02T09:00:00Z"), hand="left").to_record()
    {'kind': 'wave', 'team': 'US', 'at': '2026-03-02T09:00:00.000000Z', 'hand': 'left', 'seq': 0}
    """

    kind: ClassVar[str] = ""
    by_instructor: ClassVar[bool] = False
    """Taken by the instructor alone (otherwise by a team in play)."""
    needs_open_round: ClassVar[bool] = True
    """A team action taken only while a round is open and its clock runs."""
    by_server: ClassVar[bool] = False
    """Written by the server itself; no client may send it."""
    team: str
    at: dt.datetime
    seq: int = 0

    def __init_subclass__(
        cls,
        *,
        kind: str,
        by_instructor: bool = False,
        needs_open_round: bool = True,
        by_server: bool = False,
        **rest: Any,
    ) -> None:
        super().__init_subclass__(**rest)
        cls.kind = kind
        cls.by_instructor = by_instructor
        cls.needs_open_round = needs_open_round
        cls.by_server = by_server
        dataclass(frozen=True, kw_only=True)(cls)

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
# (``start``, ``end`` and ``reopen`` serve every format of the seminar; each format's
# handler table says what they do in it)


class Start(ActionRecord, kind="start", by_instructor=True):
    """Open the session."""


class NextRound(ActionRecord, kind="next-round", by_instructor=True):
    """Open the next round."""


class Pause(ActionRecord, kind="pause", by_instructor=True):
    """Stop the clock."""


class Resume(ActionRecord, kind="resume", by_instructor=True):
    """Start the clock again."""


class End(ActionRecord, kind="end", by_instructor=True):
    """End the session."""


class SetLens(ActionRecord, kind="set-lens", by_instructor=True):
    """Choose the lens the model answers under."""

    lens: str


class Reopen(ActionRecord, kind="reopen", by_instructor=True):
    """Reopen an ended session (one ended by mistake)."""


class Void(ActionRecord, kind="void", by_instructor=True):
    """Undo a mistaken move made alone, or a mistaken accept or reject (action ``target``).

    The session is rebuilt as if the target had not happened; the target stays in the log,
    marked void, and so does this action.
    """

    target: int
    note: str


# ---------------------------------------------------------------- the teams' actions


class MakeOffer(ActionRecord, kind="offer"):
    """Propose ``moves`` to the actors ``to``, if ``conditions`` hold when all accept."""

    note: str
    to: tuple[str, ...]
    moves: tuple[str, ...]
    conditions: tuple[str, ...]


class AnswerOffer(ActionRecord, kind="answer"):
    """Accept, reject or counter an open offer; a counter carries its own package."""

    note: str
    offer: str
    answer: str
    reason: str
    to: tuple[str, ...] | None = None
    moves: tuple[str, ...] | None = None
    conditions: tuple[str, ...] | None = None


class ActAlone(ActionRecord, kind="act"):
    """Make one of one's own moves alone."""

    note: str
    move: str


class Withdraw(ActionRecord, kind="withdraw"):
    """Take back one's own open offer."""

    offer: str


# ---------------------------------------------------------------- the channels


class SendMessage(ActionRecord, kind="message", needs_open_round=False):
    """A private text to one other team in play (only the two of them read it)."""

    to: str
    text: str


class TeamNote(ActionRecord, kind="team-note", needs_open_round=False):
    """A note a team keeps for itself (only that team reads it)."""

    text: str


class Broadcast(ActionRecord, kind="broadcast", by_instructor=True):
    """The instructor's words to every team."""

    text: str


class Inject(ActionRecord, kind="inject", by_instructor=True):
    """A scenario event announced by the instructor: an inject of the data file, by id.

    Its title, text and source are logged with it (a client sends only ``inject``), so
    the log reads the same after the data file changes.
    """

    inject: str
    title: str = ""
    text: str = ""
    source: str = ""


class Downtime(ActionRecord, kind="downtime", by_instructor=True, by_server=True):
    """Written by the store when a server starts again: the server was down from ``since``
    (its last heartbeat) until this record's time, and the round's clock did not run."""

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
