"""The handler table each session format runs its actions through.

A session (the negotiation seminar's :class:`~korea_talks.seminar.engine.session.Seminar`,
the Security Council's :class:`~korea_talks.seminar.council.engine.Council`) keeps one
:class:`HandlerTable`: per kind of action its typed record, its check and its apply
(:class:`Handler`), side by side. The table does what every kind of every format shares:

- :meth:`HandlerTable.read` checks the front of a client's action: a JSON object, a kind a
  client may send, no unknown field, a readable time, an instructor's kind sent by the
  instructor and a team's kind by a team in play. The session then applies its own gate
  (an open round, an open meeting) and hands the action to the kind's check.
- :meth:`HandlerTable.apply` numbers a checked action (or reads a log record back), adds it
  to the session's actions and hands it to the kind's apply.

Each format's session is an :class:`ActionSession`, which runs ``check``, ``submit`` and
``apply`` through its table and asks the format only for its gate (:meth:`ActionSession.admit`).

>>> from korea_talks.seminar.engine.actions import Start
>>> class Session:
...     actions = []
>>> def check(session, raw, header):
...     return Start(team=header.team, at=header.at)
>>> table = HandlerTable(Handler(Start, check, lambda session, action, ack: None))
>>> table.read({"kind": "start", "team": "US"}, teams=("US",))
Traceback (most recent call last):
...
korea_talks.seminar.engine.actions.SeminarError: start: only the instructor may do this
>>> handler, header = table.read({"kind": "start", "team": "instructor"}, teams=("US",))
>>> table.apply(Session(), handler.check(Session(), {}, header))
{'ok': True, 'seq': 1, 'kind': 'start'}
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from korea_talks.seminar.engine.actions import (
    COMMON_FIELDS,
    INSTRUCTOR,
    ActionRecord,
    SeminarError,
    from_record,
    instructor_kinds,
    now,
    own_fields,
    parse_time,
    team_kinds,
)
from korea_talks.seminar.engine.records import Header


class ActionLog(Protocol):
    """A session as the table sees it: the actions taken so far, in order."""

    actions: list[ActionRecord]


S = TypeVar("S", bound=ActionLog)
A = TypeVar("A", bound=ActionRecord)


@dataclass(frozen=True)
class Handler(Generic[S, A]):
    """One kind of action: its record, its check (a client's raw fields and the checked
    header to the record, or a :class:`SeminarError`; never a change to the session) and
    its apply (the record's change to the session, and what the acknowledgement adds)."""

    record: type[A]
    check: Callable[[S, dict[str, Any], Header], A]
    apply: Callable[[S, A, dict[str, Any]], None]


class HandlerTable(Generic[S]):
    """Every kind of action of one session format, by kind.

    ``instructor`` names who takes the instructor's actions, as the refusals say it
    (the Security Council's instructor chairs as its President).
    """

    def __init__(self, *handlers: Handler[S, Any], instructor: str = "the instructor") -> None:
        self.handlers: dict[str, Handler[S, Any]] = {h.record.kind: h for h in handlers}
        self.records: dict[str, type[ActionRecord]] = {h.record.kind: h.record for h in handlers}
        """The record of each kind (what reads the format's log back)."""
        self.team_kinds = team_kinds(self.records.values())
        self.instructor_kinds = instructor_kinds(self.records.values())
        self.instructor = instructor

    def __getitem__(self, kind: str) -> Handler[S, Any]:
        """The handler of ``kind``."""
        return self.handlers[kind]

    def read(self, action: Any, teams: tuple[str, ...]) -> tuple[Handler[S, Any], Header]:
        """The handler of ``action`` (a client's JSON object) and its checked header, or a
        :class:`SeminarError` saying what was wrong and what is allowed.

        ``teams`` are the teams in play, who alone may take the teams' kinds.
        """
        if not isinstance(action, dict):
            raise SeminarError("an action must be a JSON object with at least 'kind' and 'team'")
        kind = action.get("kind")
        handler = self.handlers.get(kind) if isinstance(kind, str) else None
        if handler is None or handler.record.by_server:
            raise SeminarError(
                f"unknown action kind {kind!r}; allowed: "
                + ", ".join(self.team_kinds + self.instructor_kinds)
            )
        allowed = set(own_fields(handler.record))
        extra = sorted(set(action) - allowed - set(COMMON_FIELDS))
        if extra:
            raise SeminarError(
                f"{kind}: unknown field {extra[0]!r}; allowed: "
                + ", ".join(sorted(allowed | {"kind", "team"}))
            )
        team = action.get("team")
        at = action.get("at")
        header = Header(str(team), parse_time(at) if at else now())
        if handler.record.by_instructor:
            if team != INSTRUCTOR:
                raise SeminarError(f"{kind}: only {self.instructor} may do this")
        elif team not in teams:
            raise SeminarError(
                f"{kind}: team {team!r} is not in play; teams in play: {', '.join(teams)}"
            )
        return handler, header

    def apply(self, session: S, action: ActionRecord | dict[str, Any]) -> dict[str, Any]:
        """Apply a checked action (or a log record) to ``session``: number it, add it to
        the session's actions, make its change; return the acknowledgement."""
        record = from_record(action, self.records) if isinstance(action, dict) else action
        record = record.numbered(record.seq or len(session.actions) + 1)
        session.actions.append(record)
        ack: dict[str, Any] = {"ok": True, "seq": record.seq, "kind": record.kind}
        self.handlers[record.kind].apply(session, record, ack)
        return ack


class ActionSession(ABC):
    """A session whose actions run through its format's :class:`HandlerTable`.

    A format (the seminar, the Security Council) names its table in ``handlers`` and
    says in :meth:`admit` when a team's action may be taken; checking, submitting and
    applying are the same for every format.
    """

    handlers: ClassVar[HandlerTable[Any]]
    teams: tuple[str, ...]
    actions: list[ActionRecord]

    def check(self, action: Any) -> ActionRecord:
        """Return ``action`` (a client's JSON object) as a checked, typed record, or raise
        :class:`SeminarError` saying what was wrong. Checking never changes the session.
        """
        handler, header = self.handlers.read(action, self.teams)
        if not handler.record.by_instructor:
            self.admit(handler.record, header)
        checked: ActionRecord = handler.check(self, action, header)
        return checked

    @abstractmethod
    def admit(self, record: type[ActionRecord], header: Header) -> None:
        """Refuse (with a :class:`SeminarError`) a team's action of kind ``record`` that the
        session does not take now, before the kind's own check."""

    def submit(self, action: Any) -> dict[str, Any]:
        """Check and apply ``action`` in memory (no store); return the acknowledgement."""
        return self.apply(self.check(action))

    def apply(self, action: ActionRecord | dict[str, Any]) -> dict[str, Any]:
        """Apply a checked action (or a log record); return the acknowledgement."""
        return self.handlers.apply(self, action)
