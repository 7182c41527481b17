"""A session kept in SQLite: every action is written and committed before it is acknowledged.

:class:`SeminarStore` wraps a :class:`~korea_talks.seminar.engine.Seminar` and a SQLite
file. :meth:`SeminarStore.act` checks an action, writes it (``synchronous=FULL``, one
transaction per action), applies it in memory and only then returns the acknowledgement.
Opening the same file again replays the actions, so a crash or a restart of the server
loses nothing that was acknowledged.

The store also holds the join codes: one per team and one for the instructor. A code acts
only for its own team; the team named in a request, if any, must match the code's team.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "class.sqlite"
>>> store = SeminarStore.create(path, teams=("US", "DPRK"))
>>> _ = store.act(store.codes["instructor"], {"kind": "start"})
>>> _ = store.act(store.codes["US"], {"kind": "act", "move": "us_direct_talks"})
>>> SeminarStore.open(path).seminar.moves()
['us_direct_talks']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

from korea_talks.seminar.engine import INSTRUCTOR, Seminar, SeminarError
from korea_talks.seminar.engine.actions import (
    ActionRecord,
    Downtime,
    format_time,
    now,
    parse_time,
)
from korea_talks.seminar.guard import CodeGuard

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters and digits of a join code (no 0/O or 1/I, which are easy to misread)."""
CODE_LENGTH = 10
"""32**10 (about 1.1e15) codes: with the guard's limits, guessing one is hopeless (the
arithmetic is in the instructors' role-play chapter). Sessions made with shorter codes keep them."""
KEY_FIELD = "key"
"""An action's idempotency key: the same key from the same team gets the first answer again."""
KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:")
MAX_KEY = 80
HEARTBEAT_SECONDS = 5.0
"""How often a running server writes that it is alive (:meth:`SeminarStore.beat`): after a
restart, the round's clock loses at most this much of the time the server was down."""
HEARTBEAT = dt.timedelta(seconds=HEARTBEAT_SECONDS)
LOG_FIELDS = ("seq", "at", "team", "kind")
"""The first fields of every log record; the rest are the action's own fields."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS session (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    config TEXT NOT NULL,
    codes TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS repeats (
    team TEXT NOT NULL,
    key TEXT NOT NULL,
    ack TEXT NOT NULL,
    PRIMARY KEY (team, key)
);
CREATE TABLE IF NOT EXISTS heartbeat (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS actions (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    team TEXT NOT NULL,
    kind TEXT NOT NULL,
    action TEXT NOT NULL
);
"""


class AccessError(SeminarError):
    """A request without a valid code, or for a team the code does not belong to."""


def new_code() -> str:
    """A random join code, e.g. ``'K7QMZPW3XA'``."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str:
    """A typed code as stored: upper case, without spaces or dashes (``'k7qmz-pw3xa'`` works).

    >>> normal_code(" k7qmz-pw3xa ")
    'K7QMZPW3XA'
    """
    return "".join(ch for ch in code.upper() if ch not in " -")


def _connect(path: Path) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
    except sqlite3.Error as exc:
        raise SeminarError(
            f"{path}: cannot use this file for a session ({exc}); give the path of a "
            "session file, or of a new file in a folder you can write to"
        ) from exc
    return db


class SeminarStore:
    """A seminar session backed by a SQLite file (see the module's docstring)."""

    engine: Any = Seminar
    """The session class: it is built from ``teams`` and settings, or ``from_config``, and
    provides ``check``, ``apply``, ``actions``, ``config`` and ``teams`` (another format of
    the seminar, such as the Security Council session, names its own)."""

    def __init__(self, path: Path, db: sqlite3.Connection, seminar: Seminar, codes: dict[str, str]):
        self.path = path
        self._db = db
        self.seminar = seminar
        self.codes = codes
        self._teams_by_code = {normal_code(code): team for team, code in codes.items()}
        self.guard = CodeGuard()
        db.executescript(_SCHEMA)  # a session file from before idempotency keys gains its table
        self._acks: dict[tuple[str, str], dict[str, Any]] = {
            (team, key): json.loads(ack)
            for team, key, ack in db.execute("SELECT team, key, ack FROM repeats")
        }
        self.lock = threading.Lock()
        self._commit_lock = threading.Lock()
        self._in_transaction = False
        self._written = len(seminar.actions)
        self._durable = len(seminar.actions)
        self._broken: str | None = None

    @classmethod
    def create(
        cls,
        path: Path | str,
        teams: tuple[str, ...] | list[str] | None = None,
        codes: dict[str, str] | None = None,
        **settings: Any,
    ) -> Self:
        """Start a new session in a new file (refuses to overwrite an existing session)."""
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise SeminarError(f"{path}: a session file exists already; open it to resume")
        seminar = cls.engine(teams, **settings) if teams is not None else cls.engine(**settings)
        wanted = [*list(seminar.teams), INSTRUCTOR]
        codes = dict(codes) if codes else {team: new_code() for team in wanted}
        if sorted(codes) != sorted(wanted) or len(set(codes.values())) != len(codes):
            raise SeminarError(f"codes: give one distinct code for each of {', '.join(wanted)}")
        db = _connect(path)
        db.executescript(_SCHEMA)
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "INSERT INTO session (id, config, codes) VALUES (1, ?, ?)",
            (json.dumps(seminar.config()), json.dumps(codes)),
        )
        db.execute("COMMIT")
        return cls(path, db, seminar, codes)

    @classmethod
    def open(cls, path: Path | str) -> Self:
        """Resume the session in ``path``: replay every stored action. (Only reading: a
        server that starts on it then calls :meth:`resume_clock`.)"""
        path = Path(path)
        if not path.is_file():
            raise SeminarError(f"{path}: no session file here; create one first")
        db = _connect(path)
        try:
            row = db.execute("SELECT config, codes FROM session WHERE id = 1").fetchone()
            if row is None:
                raise SeminarError("it holds no session")
            seminar = cls.engine.from_config(json.loads(row[0]))
            for (text,) in db.execute("SELECT action FROM actions ORDER BY seq"):
                seminar.apply(json.loads(text))
            codes = json.loads(row[1])
        except (SeminarError, sqlite3.Error, ValueError, TypeError, KeyError) as exc:
            db.close()
            raise SeminarError(
                f"{path}: not a seminar session file, or a damaged one ({exc})"
            ) from exc
        return cls(path, db, seminar, codes)

    def last_alive(self) -> dt.datetime | None:
        """The last moment the session's server is known to have run: its last heartbeat or
        its last action, whichever is later (``None`` for a new session)."""
        times = [self.seminar.actions[-1].at] if self.seminar.actions else []
        row = self._db.execute("SELECT at FROM heartbeat WHERE id = 1").fetchone()
        if row is not None:
            times.append(parse_time(row[0]))
        return max(times) if times else None

    def beat(self, at: dt.datetime | None = None) -> None:
        """Write that the server is alive at ``at`` (now); a running server calls this every
        :data:`HEARTBEAT_SECONDS`. Skipped while actions come in: the last one's time says
        as much, and a busy class is spared a disk flush."""
        at = at or now()
        with self.lock:
            last = self.seminar.actions[-1].at if self.seminar.actions else None
            if self._broken or (last is not None and at - last < HEARTBEAT):
                return
            self._db.execute(
                "INSERT OR REPLACE INTO heartbeat (id, at) VALUES (1, ?)",
                (format_time(at),),
            )

    def resume_clock(self, at: dt.datetime | None = None) -> dict[str, Any] | None:
        """When a server starts on the session at ``at`` (now): if a round was running when
        the server stopped, log a ``downtime`` record from the last sign of life to ``at``,
        so that the round has the time it had then (give or take one heartbeat). Returns
        its acknowledgement (``None`` if nothing was logged)."""
        at = at or now()
        since = self.last_alive()
        if since is None or self.seminar.status != "open" or at <= since:
            return None
        record = Downtime(team=INSTRUCTOR, at=at, since=format_time(since))
        ack = self._write(record)
        self.beat(at)
        return ack

    @property
    def projector_key(self) -> str:
        """The key of the projector view: it shows what every team sees and acts for nobody.

        Derived one way from the instructor's code, so it reveals nothing of it and stays
        the same after a restart.
        """
        digest = hashlib.sha256(b"korea-talks projector\0" + self.codes[INSTRUCTOR].encode())
        return digest.hexdigest()[:20]

    def team_for(self, code: Any, team: Any = None, client: str | None = None) -> str:
        """The team (or ``'instructor'``) a code acts for; refuse a missing or foreign code.

        ``client`` (an address, or a page) is counted by :attr:`guard`: a client that sends
        too many wrong codes is refused for a while without its code being looked at.
        """
        if not isinstance(code, str) or not code.strip():
            raise AccessError("no join code given; every request needs the team's join code")
        if client is not None:
            refusal = self.guard.refusal(client)
            if refusal:
                raise AccessError(refusal)
        owner = self._teams_by_code.get(normal_code(code))
        if owner is None:
            if client is not None:
                self.guard.failed(client)
            raise AccessError("unknown join code; check the code on your team's card")
        if client is not None:
            self.guard.succeeded(client)
        if team not in (None, "", owner):
            raise AccessError(f"this code belongs to {owner}; it cannot act for {team!r}")
        return owner

    def act(self, code: Any, action: Any, client: str | None = None) -> dict[str, Any]:
        """Check, write, apply and, once the write is committed to disk, acknowledge an action.

        Actions are checked and applied one at a time, in order. Their rows are committed
        in groups: a request that arrives while another commit is being flushed to disk
        joins the next commit, so that thirty teams acting at once share a few disk flushes
        instead of queueing for thirty. No action is acknowledged before its row is durable.
        """
        if not isinstance(action, dict):
            raise SeminarError("an action must be a JSON object with a 'kind'")
        team = self.team_for(code, action.get("team"), client)
        action = dict(action)
        key = action.pop(KEY_FIELD, None)
        if key is not None and (
            not isinstance(key, str) or not 1 <= len(key) <= MAX_KEY or set(key) - KEY_CHARS
        ):
            raise SeminarError(
                f"'{KEY_FIELD}' must be a text of 1 to {MAX_KEY} letters, digits or - _ . : "
                "(one per action: a retry with the same key gets the first answer again)"
            )
        with self.lock:
            if self._broken:
                raise SeminarError(self._broken)
            if key is not None and (team, key) in self._acks:
                ack = {**self._acks[team, key], "repeat": True}
                seq = int(ack["seq"])
            else:
                checked = self.seminar.check({**action, "team": team, "at": None})
                seq, ack = self._insert(checked)
                if key is not None:
                    self._db.execute(
                        "INSERT INTO repeats (team, key, ack) VALUES (?, ?, ?)",
                        (team, key, json.dumps(ack)),
                    )
                    self._acks[team, key] = ack
        self._commit_through(seq)
        return ack

    def _insert(self, checked: ActionRecord) -> tuple[int, dict[str, Any]]:
        """Write ``checked`` as the next action (in the open transaction) and apply it; the
        caller holds :attr:`lock` and then commits."""
        seq = len(self.seminar.actions) + 1
        numbered = checked.numbered(seq)
        record = numbered.to_record()
        if not self._in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
            self._in_transaction = True
        self._db.execute(
            "INSERT INTO actions (seq, at, team, kind, action) VALUES (?, ?, ?, ?, ?)",
            (seq, record["at"], numbered.team, numbered.kind, json.dumps(record)),
        )
        self._written = seq
        return seq, self.seminar.apply(numbered)

    def _write(self, record: ActionRecord) -> dict[str, Any]:
        """Write, apply and commit a record the server itself makes (not a client's)."""
        with self.lock:
            if self._broken:
                raise SeminarError(self._broken)
            seq, ack = self._insert(record)
        self._commit_through(seq)
        return ack

    def _commit_through(self, seq: int) -> None:
        """Return once the row of action ``seq`` is committed (commit it if nobody has)."""
        with self._commit_lock:
            if self._durable >= seq:
                return
            with self.lock:
                try:
                    self._db.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._broken = (
                        f"the session file could not be written ({exc}); restart the server, "
                        "which resumes from the last committed action"
                    )
                    raise SeminarError(self._broken) from None
                self._in_transaction = False
                self._durable = self._written

    def log(self) -> Iterator[dict[str, Any]]:
        """Every stored action, in order, as a log record."""
        for (text,) in self._db.execute("SELECT action FROM actions ORDER BY seq"):
            yield json.loads(text)

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()


def write_log(records: Iterator[dict[str, Any]] | list[dict[str, Any]], path: Path | str) -> Path:
    """Write log records as JSON Lines (the seminar's one log format) to ``path``."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            ordered = {k: record.get(k) for k in LOG_FIELDS}
            ordered.update({k: v for k, v in record.items() if k not in LOG_FIELDS})
            handle.write(json.dumps(ordered, ensure_ascii=False) + "\n")
    return path


def read_log(path: Path | str) -> list[dict[str, Any]]:
    """Read a JSON Lines log written by :func:`write_log`; a bad line raises with its number."""
    records = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SeminarError(f"{path}, line {number}: not a JSON record ({exc.msg})") from None
        if not isinstance(record, dict) or "kind" not in record:
            raise SeminarError(f"{path}, line {number}: a record needs at least 'kind'")
        records.append(record)
    return records


def replay(config: dict[str, Any], records: list[dict[str, Any]]) -> Seminar:
    """Rebuild a session from its settings and its log records."""
    seminar = Seminar.from_config(config)
    for record in records:
        seminar.apply(record)
    return seminar
