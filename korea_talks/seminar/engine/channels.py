"""The session's channels: bilateral messages, team notes, broadcasts and scenario injects.

Four kinds of action carry words rather than moves:

``message``    a team writes to one other team in play; only the two of them read it;
``team-note``  a team writes a note to itself; only that team reads it;
``broadcast``  the instructor writes to every team (the projector shows it too);
``inject``     the instructor announces a scenario event from :data:`INJECTS_FILE`
               (a North Korean missile test mid-round, say); every team reads it.

Every one is kept in the log, like any action. :func:`readers` says who may read a
message; the views deliver each team only what :func:`visible` allows, and the public
ones (broadcasts and injects) also enter the shared timeline. A message's text is data:
at most :data:`MAX_TEXT` characters, control characters other than line breaks refused,
and escaped wherever a page shows it.

>>> clean_text("message", {"text": "  Meet at the break?  "})
'Meet at the break?'
>>> clean_text("message", {"text": "bell\\a"})
Traceback (most recent call last):
...
korea_talks.seminar.engine.actions.SeminarError: message: 'text' holds a control character ...
>>> m = Message(5, "2026-03-02T09:00:00.000000Z", 1, "message", "US", ("DPRK",), "hi")
>>> visible(m, "DPRK"), visible(m, "ROK"), visible(m, None)
(True, False, True)
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from korea_talks.seminar.engine.actions import (
    INSTRUCTOR,
    ActionRecord,
    Broadcast,
    Inject,
    SeminarError,
    SendMessage,
    TeamNote,
)
from korea_talks.seminar.engine.records import Header

MAX_TEXT = 600
"""The longest message, note, broadcast or inject text, in characters."""
MAX_PER_ROUND = 60
"""The most messages and notes one team may write in one round (so that the log of a
session stays bounded whatever a client sends)."""
EVERYONE = "*"
"""The addressee of a broadcast or an inject: every team (and the projector)."""
PUBLIC_CHANNELS = (Broadcast.kind, Inject.kind)
"""The channels every team reads; only these may reach the projector."""
INJECTS_FILE = Path(__file__).resolve().parents[2] / "data" / "seminar" / "injects.toml"
"""Scenario injects: each an event of 2017 with its source, or a marked teaching assumption."""


@dataclass(frozen=True)
class Message:
    """One text of a channel, as delivered: who wrote it, to whom, in which round."""

    seq: int
    at: str
    round: int
    channel: str
    sender: str
    to: tuple[str, ...]
    text: str
    title: str = ""
    source: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The message as plain data for a page or ``/api/state``."""
        return {
            "seq": self.seq,
            "at": self.at,
            "round": self.round,
            "channel": self.channel,
            "from": self.sender,
            "to": list(self.to),
            "title": self.title,
            "text": self.text,
            "source": self.source,
        }


def readers(message: Message) -> tuple[str, ...]:
    """Who may read ``message`` besides the instructor (``*``: every team)."""
    if message.channel in PUBLIC_CHANNELS:
        return (EVERYONE,)
    if message.channel == TeamNote.kind:
        return (message.sender,)
    return (message.sender, *message.to)


def visible(message: Message, team: str | None) -> bool:
    """Whether ``team`` (``None``: the instructor) may read ``message``."""
    if team is None:
        return True
    allowed = readers(message)
    return EVERYONE in allowed or team in allowed


# ---------------------------------------------------------------- the injects


@dataclass(frozen=True)
class InjectText:
    """One scenario inject of the data file: what the instructor announces, and its basis."""

    id: str
    title: str
    text: str
    date: str
    source: str
    assumption: str


@lru_cache(maxsize=4)
def load_injects(path: Path = INJECTS_FILE) -> dict[str, InjectText]:
    """The injects of ``path`` by id; each names a source or says why it is an assumption.

    >>> injects = load_injects()
    >>> all(i.source or i.assumption for i in injects.values())
    True
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    injects = {}
    for row in data["injects"]:
        inject = InjectText(
            id=str(row["id"]),
            title=str(row["title"]),
            text=" ".join(str(row["text"]).split()),
            date=str(row.get("date", "")),
            source=str(row.get("source", "")),
            assumption=str(row.get("assumption", "")),
        )
        if not (inject.source or inject.assumption):
            raise ValueError(f"{path}: inject {inject.id!r} needs a source or an assumption")
        injects[inject.id] = inject
    return injects


def basis(inject: InjectText) -> str:
    """Where an inject comes from, in a few words for the pages and the debrief.

    >>> basis(InjectText("x", "t", "t", "2017-07-04", "stratfor2017icbm", ""))
    'event of 2017-07-04 (stratfor2017icbm)'
    >>> basis(InjectText("x", "t", "t", "", "", "why"))
    'teaching assumption: why'
    """
    if inject.source:
        return f"event of {inject.date} ({inject.source})"
    return f"teaching assumption: {inject.assumption}"


# ---------------------------------------------------------------- checking and applying


def clean_text(kind: str, raw: dict[str, Any], name: str = "text") -> str:
    """The action's text, stripped; refuse anything but 1 to :data:`MAX_TEXT` characters of
    plain text (line breaks and tabs allowed, other control characters not)."""
    text = raw.get(name)
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise SeminarError(f"{kind}: {name!r} must be a text of 1 to {MAX_TEXT} characters")
    text = text.replace("\r\n", "\n").replace("\t", " ").strip()
    bad = next((ch for ch in text if _refused(ch)), None)
    if bad is not None:
        raise SeminarError(
            f"{kind}: {name!r} holds a control character (U+{ord(bad):04X}); allowed: "
            "plain text and line breaks"
        )
    if not text:
        raise SeminarError(f"{kind}: {name!r} is empty; write 1 to {MAX_TEXT} characters")
    return text


JOINERS = frozenset("\u200c\u200d")
"""Format characters that text needs (the zero-width non-joiner and joiner of Persian or
Indic words and of emoji sequences); every other one (direction overrides among them,
which can make a message read as another) is refused."""


def _refused(ch: str) -> bool:
    r"""A control, format or surrogate character other than a line break or a joiner.

    >>> [_refused(c) for c in ("\n", "\u200d", "\u202e", "\x00", "한")]
    [False, False, True, True, False]
    """
    if ch == "\n" or ch in JOINERS:
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs")


class ChannelSession(Protocol):
    """What the channel handlers read and change of a session (the session satisfies it)."""

    messages: list[Message]
    teams: tuple[str, ...]

    @property
    def round(self) -> int: ...

    @property
    def status(self) -> str: ...

    def stamp(self, action: ActionRecord) -> str: ...

    def log(self, action: ActionRecord, team: str, kind: str, text: str) -> None: ...


def _check_open(seminar: ChannelSession, kind: str) -> None:
    if seminar.status == "ended":
        raise SeminarError(f"{kind}: the session is over; the instructor may reopen it")


def _check_quota(seminar: ChannelSession, kind: str, team: str) -> None:
    written = sum(1 for m in seminar.messages if m.sender == team and m.round == seminar.round)
    if written >= MAX_PER_ROUND:
        raise SeminarError(
            f"{kind}: {team} has written {MAX_PER_ROUND} messages and notes this round, the "
            "most a round allows; the next round opens a new allowance"
        )


def check_message(seminar: ChannelSession, raw: dict[str, Any], header: Header) -> SendMessage:
    """``message``: a text to one other team in play."""
    _check_open(seminar, SendMessage.kind)
    _check_quota(seminar, SendMessage.kind, header.team)
    to = raw.get("to")
    others = [t for t in seminar.teams if t != header.team]
    if to not in others:
        raise SeminarError(
            f"message: 'to' must name one other team in play; allowed: {', '.join(others)}"
        )
    text = clean_text(SendMessage.kind, raw)
    return SendMessage(team=header.team, at=header.at, to=str(to), text=text)


def check_team_note(seminar: ChannelSession, raw: dict[str, Any], header: Header) -> TeamNote:
    """``team-note``: a note only the team itself reads."""
    _check_open(seminar, TeamNote.kind)
    _check_quota(seminar, TeamNote.kind, header.team)
    return TeamNote(team=header.team, at=header.at, text=clean_text(TeamNote.kind, raw))


def check_broadcast(seminar: ChannelSession, raw: dict[str, Any], header: Header) -> Broadcast:
    """``broadcast``: the instructor's words to every team."""
    _check_open(seminar, Broadcast.kind)
    return Broadcast(team=header.team, at=header.at, text=clean_text(Broadcast.kind, raw))


def check_inject(seminar: ChannelSession, raw: dict[str, Any], header: Header) -> Inject:
    """``inject``: a scenario event of the data file, by id (its words are logged with it)."""
    _check_open(seminar, Inject.kind)
    injects = load_injects()
    chosen = injects.get(str(raw.get("inject")))
    if chosen is None:
        raise SeminarError(f"inject: {raw.get('inject')!r}; allowed: {', '.join(injects)}")
    return Inject(
        team=header.team,
        at=header.at,
        inject=chosen.id,
        title=chosen.title,
        text=chosen.text,
        source=basis(chosen),
    )


def apply_message(seminar: ChannelSession, action: SendMessage, ack: dict[str, Any]) -> None:
    """Deliver the message to its two parties (not to the shared timeline)."""
    seminar.messages.append(_message(seminar, action, (action.to,), action.text))


def apply_team_note(seminar: ChannelSession, action: TeamNote, ack: dict[str, Any]) -> None:
    """Keep the note for its team alone (not in the shared timeline)."""
    seminar.messages.append(_message(seminar, action, (action.team,), action.text))


def apply_broadcast(seminar: ChannelSession, action: Broadcast, ack: dict[str, Any]) -> None:
    """Deliver the words to every team, and put them in the shared timeline."""
    seminar.messages.append(_message(seminar, action, (EVERYONE,), action.text))
    seminar.log(action, INSTRUCTOR, Broadcast.kind, f"The instructor to all: {action.text}")


def apply_inject(seminar: ChannelSession, action: Inject, ack: dict[str, Any]) -> None:
    """Announce the scenario event to every team, and put it in the shared timeline."""
    message = _message(seminar, action, (EVERYONE,), action.text)
    seminar.messages.append(replace(message, title=action.title, source=action.source))
    seminar.log(action, INSTRUCTOR, Inject.kind, f"News: {action.title}. {action.text}")


def _message(
    seminar: ChannelSession, action: ActionRecord, to: tuple[str, ...], text: str
) -> Message:
    at = seminar.stamp(action)
    return Message(action.seq, at, seminar.round, action.kind, action.team, to, text)
