"""The session's clock: times in the log, rounds, pauses and the instructor's clock actions.

Times are written in the log as ISO 8601 in UTC with microseconds and a ``Z``
(``2026-03-02T09:00:30.250000Z``), the format the log has always had.

>>> from korea_talks.seminar.engine.actions import format_time, parse_time
>>> moment = parse_time("2026-03-02T09:00:30.250000Z")
>>> moment.tzinfo is not None, format_time(moment)
(True, '2026-03-02T09:00:30.250000Z')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from korea_talks.seminar.engine.actions import (
    Downtime,
    End,
    NextRound,
    Pause,
    Reopen,
    Resume,
    SeminarError,
    SetLens,
    Start,
    now,
    parse_time,
)
from korea_talks.seminar.engine.offers import Offer

STATUS_WORDS = {"waiting": "not started yet", "paused": "paused", "ended": "over", "open": "open"}
"""How each status of the session reads in a message."""
ALLOWED_IN = {
    Start.kind: ("waiting",),
    NextRound.kind: ("open", "paused"),
    Pause.kind: ("open",),
    Resume.kind: ("paused",),
    End.kind: ("waiting", "open", "paused"),
    SetLens.kind: ("waiting", "open", "paused"),
    Reopen.kind: ("ended",),
}
"""The statuses of the session in which each instructor action may be taken."""


@dataclass
class Clock:
    """Where the session stands: its status, the round and the round's deadline.

    >>> from korea_talks.seminar.engine.actions import parse_time
    >>> c = Clock(rounds=3, round_minutes=10)
    >>> c.open_round(parse_time("2026-03-02T09:00:00Z"))
    >>> c.round, c.status, c.seconds_left(parse_time("2026-03-02T09:04:00Z"))
    (1, 'open', 360.0)
    """

    rounds: int
    round_minutes: float
    status: str = "waiting"
    round: int = 0
    deadline: dt.datetime | None = None
    remaining_seconds: float | None = None

    def words(self) -> str:
        """The status as a message says it (``'not started yet'``, ``'over'``...)."""
        return STATUS_WORDS[self.status]

    def open_round(self, at: dt.datetime) -> None:
        """Open the next round at ``at``, for the planned number of minutes."""
        self.status = "open"
        self.round += 1
        self.deadline = at + dt.timedelta(minutes=self.round_minutes)

    def pause(self, at: dt.datetime) -> None:
        """Stop the clock, keeping the seconds left."""
        self.status = "paused"
        if self.deadline is not None:
            self.remaining_seconds = max(0.0, (self.deadline - at).total_seconds())

    def resume(self, at: dt.datetime) -> None:
        """Start the clock again with the seconds that were left."""
        self.status = "open"
        self.deadline = at + dt.timedelta(seconds=self.remaining_seconds or 0)

    def skip(self, since: dt.datetime, until: dt.datetime) -> float:
        """Give the round back the time from ``since`` to ``until`` (a server that was down):
        an open round's deadline moves on by that much, unless it had passed by ``since``.
        Returns the seconds given back.

        >>> from korea_talks.seminar.engine.actions import parse_time
        >>> c = Clock(rounds=3, round_minutes=10)
        >>> c.open_round(parse_time("2026-03-02T09:00:00Z"))
        >>> c.skip(parse_time("2026-03-02T09:04:00Z"), parse_time("2026-03-02T10:04:00Z"))
        3600.0
        >>> c.seconds_left(parse_time("2026-03-02T10:04:00Z"))
        360.0
        """
        if self.status != "open" or self.deadline is None or self.deadline <= since:
            return 0.0
        gap = max(0.0, (until - since).total_seconds())
        self.deadline += dt.timedelta(seconds=gap)
        return gap

    def seconds_left(self, at: dt.datetime | None = None) -> float | None:
        """Seconds left in the round (``None`` outside a round)."""
        if self.status == "paused":
            return self.remaining_seconds
        if self.status != "open" or self.deadline is None:
            return None
        return max(0.0, (self.deadline - (at or now())).total_seconds())


# ---------------------------------------------------------------- the instructor's actions


class ClockedSession(Protocol):
    """What the clock's handlers read and change of a session (the session satisfies it)."""

    clock: Clock
    lens: str

    @property
    def offers(self) -> Mapping[str, Offer]: ...

    @property
    def round(self) -> int: ...

    @property
    def rounds(self) -> int: ...

    @property
    def round_minutes(self) -> float: ...


def check_allowed(seminar: ClockedSession, kind: str) -> None:
    """Refuse a clock action the session's status does not allow, and a round past the plan."""
    if seminar.clock.status not in ALLOWED_IN[kind]:
        raise SeminarError(f"{kind}: not possible while the session is {seminar.clock.words()}")
    if kind == NextRound.kind and seminar.round >= seminar.rounds:
        raise SeminarError(
            f"next-round: round {seminar.round} of {seminar.rounds} is the last the plan has; "
            "end the session (or start a new one with more rounds)"
        )


def check_round_open(seminar: ClockedSession, kind: str, at: dt.datetime) -> None:
    """Refuse a team's action that needs an open round when no round is open, or when the
    round's clock had reached 0:00 at ``at``."""
    if seminar.clock.status != "open":
        raise SeminarError(
            f"{kind}: the session is {seminar.clock.words()}; wait for the instructor "
            "to open the round"
        )
    if seminar.clock.seconds_left(at) == 0:
        raise SeminarError(
            f"{kind}: round {seminar.round} closed when its clock reached 0:00; nothing "
            "more is taken in it: wait for the instructor to open the next round"
        )


def apply_open_round(seminar: ClockedSession, action: Start | NextRound) -> str:
    """``start`` and ``next-round``: open a round."""
    seminar.clock.open_round(action.at)
    return f"Round {seminar.round} opens ({seminar.round_minutes:g} minutes)"


def apply_pause(seminar: ClockedSession, action: Pause) -> str:
    """``pause``: stop the clock."""
    seminar.clock.pause(action.at)
    return f"Round {seminar.round} paused"


def apply_resume(seminar: ClockedSession, action: Resume) -> str:
    """``resume``: start the clock again."""
    seminar.clock.resume(action.at)
    return f"Round {seminar.round} resumes"


def apply_end(seminar: ClockedSession, action: End) -> str:
    """``end``: the session ends; offers still open expire (the round's time left is kept
    for a reopening)."""
    seminar.clock.remaining_seconds = seminar.clock.seconds_left(action.at)
    seminar.clock.status = "ended"
    for offer in seminar.offers.values():
        if offer.status == "open":
            offer.status = "expired"
            offer.status_text = "the session ended before every addressee answered"
    return "The session ends"


def apply_set_lens(seminar: ClockedSession, action: SetLens) -> str:
    """``set-lens``: the model answers under another lens from now on."""
    seminar.lens = action.lens
    return f"The model now answers under the {seminar.lens!r} lens"


def apply_downtime(seminar: ClockedSession, action: Downtime) -> str:
    """``downtime``: the server was down; the round's clock did not run meanwhile."""
    since = parse_time(action.since)
    given = seminar.clock.skip(since, action.at)
    down = max(0, round((action.at - since).total_seconds()))
    text = f"The server was down for {down // 60}:{down % 60:02d}"
    if given:
        return text + f"; round {seminar.round}'s clock did not run meanwhile"
    return text


def apply_reopen(seminar: ClockedSession, action: Reopen) -> str:
    """``reopen``: an ended session comes back paused; offers that expired stay expired."""
    seminar.clock.status = "paused"
    return f"The instructor reopens the session in round {seminar.round} (paused; resume to go on)"
