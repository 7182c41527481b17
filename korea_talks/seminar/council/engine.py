"""The Security Council session: drafts built clause by clause, amended, put to the vote.

A session is a list of actions, one typed record per kind (the seminar's
:class:`~korea_talks.seminar.engine.actions.ActionRecord`, so the seminar's store and log
keep them), each checked by :meth:`Council.check` and applied by :meth:`Council.apply`
through one table, :data:`HANDLERS`. Replaying the actions rebuilds the session.

Team actions
    ``table``      a delegation tables a draft: a title and clauses of the catalogue (an
                   invited state's draft is a proposal, which goes to a vote only when a
                   member asks: rule 38);
    ``amend``      a permanent member, or the draft's sponsor, adds a clause to or removes
                   one from a draft not yet under vote (the session's simplification of
                   informal consultations: the change is made at once, with its author);
    ``request-vote`` a permanent member asks that an invited state's proposal be voted on;
    ``statement``  any delegation circulates a statement (invited states included: rule 37);
    ``vote``       a permanent member votes ``yes``, ``no`` or ``abstain`` on the draft under vote.
Instructor actions
    ``start``, ``open-vote`` (put a draft to the vote), ``end`` and ``reopen`` (an ended
    session, if it was ended by mistake).

When a vote opens the model casts the votes of the permanent members no team plays and of
the ten elected seats (``stances.csv``); when every team that votes has voted, the draft is
counted under Article 27(3) (:mod:`~korea_talks.seminar.council.votes`). An adopted draft
becomes a resolution and its clauses' moves join the shared sequence, which the sequence
model runs under the session's lens.

>>> c = Council(("US", "Russia", "DPRK"))
>>> _ = c.submit({"kind": "start", "team": "instructor"})
>>> c.submit({"kind": "table", "team": "US", "title": "Launches",
...           "clauses": ["export_bans"]})["draft"]
'D1'
>>> _ = c.submit({"kind": "open-vote", "team": "instructor", "draft": "D1"})
>>> _ = c.submit({"kind": "vote", "team": "US", "draft": "D1", "vote": "yes"})
>>> c.submit({"kind": "vote", "team": "Russia", "draft": "D1", "vote": "no"})["outcome"]
'not adopted: 14 in favour, 1 against, 0 abstaining (vetoed by Russia)'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from korea_talks.seminar import model
from korea_talks.seminar.council.catalogue import CouncilData, load_council
from korea_talks.seminar.council.votes import PERMANENT, VOTES, Outcome, tally
from korea_talks.seminar.engine.actions import (
    COMMON_FIELDS,
    INSTRUCTOR,
    ActionRecord,
    SeminarError,
    format_time,
    from_record,
    now,
    own_fields,
    parse_time,
)
from korea_talks.seminar.engine.records import Header, run

FORMAT = "council"
"""The ``format`` of a council session's settings (a seminar's have none)."""
MAX_CLAUSES = 8
MAX_DRAFTS = 12
MAX_TITLE = 120
MAX_STATEMENT = 600
MAX_STATEMENTS = 40
"""Statements one delegation may circulate in a session."""
STATE_SHOWN = ("sanctions", "trust", "tension", "freeze", "verified", "us_dprk_channel")
"""The model's state variables the pages show."""


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


# ---------------------------------------------------------------- checks of client text


def clean_text(value: Any, what: str, limit: int) -> str:
    """``value`` as a bounded one-paragraph text: control characters dropped, spaces
    collapsed; empty or longer than ``limit`` raises :class:`SeminarError`.

    >>> clean_text("  Hello\\x00  world ", "text", 20)
    'Hello world'
    """
    if not isinstance(value, str):
        raise SeminarError(f"{what}: give a text of 1 to {limit} characters")
    kept = "".join(ch for ch in value if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    text = " ".join(kept.split())
    if not text or len(text) > limit:
        raise SeminarError(f"{what}: give a text of 1 to {limit} characters (got {len(text)})")
    return text


A = TypeVar("A", bound=ActionRecord)


@dataclass(frozen=True)
class Handler(Generic[A]):
    """One kind of action: its record, its check and its apply."""

    record: type[A]
    check: Callable[[Council, dict[str, Any], Header], A]
    apply: Callable[[Council, A, dict[str, Any]], None]


def _check_start(council: Council, raw: dict[str, Any], header: Header) -> Start:
    if council.status != "waiting":
        raise SeminarError(f"start: the session is {council.status} already")
    return Start(team=header.team, at=header.at)


def _apply_start(council: Council, action: Start, ack: dict[str, Any]) -> None:
    council.status = "open"
    council.log(action, INSTRUCTOR, "The President opens the meeting")


def _check_end(council: Council, raw: dict[str, Any], header: Header) -> End:
    if council.status == "ended":
        raise SeminarError("end: the session has ended already")
    return End(team=header.team, at=header.at)


def _apply_end(council: Council, action: End, ack: dict[str, Any]) -> None:
    if council.voting:
        council.drafts[council.voting].status = "not voted"
        council.voting = None
    council.status = "ended"
    council.log(action, INSTRUCTOR, "The President closes the meeting")


def _draft(council: Council, raw: dict[str, Any], kind: str) -> Draft:
    name = raw.get("draft")
    if not isinstance(name, str) or name not in council.drafts:
        known = ", ".join(council.drafts) or "none yet"
        raise SeminarError(f"{kind}: 'draft' must name a draft of this session ({known})")
    return council.drafts[name]


def _check_reopen(council: Council, raw: dict[str, Any], header: Header) -> Reopen:
    if council.status != "ended":
        raise SeminarError(f"reopen: the session is {council.status}; only an ended one reopens")
    return Reopen(team=header.team, at=header.at)


def _apply_reopen(council: Council, action: Reopen, ack: dict[str, Any]) -> None:
    council.status = "open"
    council.log(action, INSTRUCTOR, "The President reopens the meeting")


def _check_open_vote(council: Council, raw: dict[str, Any], header: Header) -> OpenVote:
    if council.status != "open":
        raise SeminarError(f"open-vote: the session is {council.status}; start it first")
    draft = _draft(council, raw, "open-vote")
    if council.voting:
        raise SeminarError(f"open-vote: {council.voting} is under vote; wait for its result")
    if draft.status != "drafting":
        raise SeminarError(f"open-vote: {draft.id} is {draft.status}; only a draft can go to vote")
    if not council.data.delegation(draft.sponsor).votes and draft.requested_by is None:
        raise SeminarError(
            f"open-vote: {draft.id} is a proposal of {draft.sponsor}, an invited state; under "
            "rule 38 it goes to a vote only when a Council member asks (kind 'request-vote')"
        )
    return OpenVote(team=header.team, at=header.at, draft=draft.id)


def _apply_open_vote(council: Council, action: OpenVote, ack: dict[str, Any]) -> None:
    draft = council.drafts[action.draft]
    draft.status = "voting"
    council.voting = draft.id
    kinds = [council.data.clauses[c].kind for c in draft.clauses]
    for voter in council.model_voters:
        draft.votes[voter] = council.data.stance(voter, kinds)
    council.log(action, INSTRUCTOR, f"The President puts {draft.id} ({draft.title}) to the vote")
    council.count_if_complete(draft, action)
    ack["draft"] = draft.id


def _check_member(council: Council, team: str, kind: str) -> None:
    delegation = council.data.delegation(team)
    if not delegation.votes:
        raise SeminarError(
            f"{kind}: {delegation.name} takes part without vote (invited under rule 37 of the "
            "provisional rules of procedure); it may circulate statements (kind 'statement')"
        )


def _clause_id(council: Council, value: Any, kind: str) -> str:
    if not isinstance(value, str) or value not in council.data.clauses:
        raise SeminarError(
            f"{kind}: unknown clause {value!r}; allowed: {', '.join(council.data.clauses)}"
        )
    return value


def _check_table(council: Council, raw: dict[str, Any], header: Header) -> TableDraft:
    # any delegation may table: an invited state's draft is a proposal under rule 38
    if len(council.drafts) >= MAX_DRAFTS:
        raise SeminarError(f"table: a session holds at most {MAX_DRAFTS} drafts")
    title = clean_text(raw.get("title"), "table: 'title'", MAX_TITLE)
    clauses = raw.get("clauses")
    if not isinstance(clauses, list | tuple) or not 1 <= len(clauses) <= MAX_CLAUSES:
        raise SeminarError(f"table: 'clauses' must be a list of 1 to {MAX_CLAUSES} clause ids")
    ids = tuple(_clause_id(council, c, "table") for c in clauses)
    if len(set(ids)) != len(ids):
        raise SeminarError("table: each clause may appear once in a draft")
    return TableDraft(team=header.team, at=header.at, title=title, clauses=ids)


def _apply_table(council: Council, action: TableDraft, ack: dict[str, Any]) -> None:
    draft = Draft(f"D{len(council.drafts) + 1}", action.team, action.title, list(action.clauses))
    council.drafts[draft.id] = draft
    council.log(action, action.team, f"{action.team} tables {draft.id}: {draft.title}")
    ack["draft"] = draft.id


def _check_amend(council: Council, raw: dict[str, Any], header: Header) -> Amend:
    draft = _draft(council, raw, "amend")
    if header.team != draft.sponsor:
        _check_member(council, header.team, "amend")
    if draft.status != "drafting":
        raise SeminarError(f"amend: {draft.id} is {draft.status}; only a draft can be amended")
    op = raw.get("op")
    clause = _clause_id(council, raw.get("clause"), "amend")
    if op == "add":
        if clause in draft.clauses:
            raise SeminarError(f"amend: {draft.id} has clause {clause!r} already")
        if len(draft.clauses) >= MAX_CLAUSES:
            raise SeminarError(f"amend: a draft holds at most {MAX_CLAUSES} clauses")
    elif op == "remove":
        if clause not in draft.clauses:
            raise SeminarError(f"amend: {draft.id} has no clause {clause!r}")
        if len(draft.clauses) == 1:
            raise SeminarError("amend: a draft keeps at least one clause")
    else:
        raise SeminarError(f"amend: 'op' {op!r}; allowed: add, remove")
    return Amend(team=header.team, at=header.at, draft=draft.id, op=str(op), clause=clause)


def _apply_amend(council: Council, action: Amend, ack: dict[str, Any]) -> None:
    draft = council.drafts[action.draft]
    label = council.data.clauses[action.clause].label
    if action.op == "add":
        draft.clauses.append(action.clause)
    else:
        draft.clauses.remove(action.clause)
    text = f"{action.team}: {action.op} '{label}'"
    draft.amendments.append(text)
    council.log(action, action.team, f"{draft.id} amended by {text}")
    ack["draft"] = draft.id


def _check_request_vote(council: Council, raw: dict[str, Any], header: Header) -> RequestVote:
    _check_member(council, header.team, "request-vote")
    draft = _draft(council, raw, "request-vote")
    if council.data.delegation(draft.sponsor).votes:
        raise SeminarError(
            f"request-vote: {draft.id} is a member's draft; the President puts it to the vote"
        )
    if draft.status != "drafting" or draft.requested_by is not None:
        raise SeminarError(f"request-vote: {draft.id} is {draft.status} or asked for already")
    return RequestVote(team=header.team, at=header.at, draft=draft.id)


def _apply_request_vote(council: Council, action: RequestVote, ack: dict[str, Any]) -> None:
    draft = council.drafts[action.draft]
    draft.requested_by = action.team
    council.log(action, action.team, f"{action.team} asks for a vote on {draft.id} (rule 38)")
    ack["draft"] = draft.id


def _check_statement(council: Council, raw: dict[str, Any], header: Header) -> Statement:
    text = clean_text(raw.get("text"), "statement: 'text'", MAX_STATEMENT)
    if sum(s.team == header.team for s in council.statements) >= MAX_STATEMENTS:
        raise SeminarError(f"statement: at most {MAX_STATEMENTS} statements per delegation")
    return Statement(team=header.team, at=header.at, text=text)


def _apply_statement(council: Council, action: Statement, ack: dict[str, Any]) -> None:
    line = Line(action.seq, format_time(action.at), action.team, action.text)
    council.statements.append(line)
    council.log(action, action.team, f"{action.team} circulates a statement")


def _check_vote(council: Council, raw: dict[str, Any], header: Header) -> CastVote:
    _check_member(council, header.team, "vote")
    draft = _draft(council, raw, "vote")
    if council.voting != draft.id:
        raise SeminarError(f"vote: {draft.id} is not under vote (the President opens votes)")
    if header.team in draft.votes:
        raise SeminarError(f"vote: {header.team} has voted on {draft.id} already")
    vote = raw.get("vote")
    if vote not in VOTES:
        raise SeminarError(f"vote: {vote!r}; allowed: {', '.join(VOTES)}")
    return CastVote(team=header.team, at=header.at, draft=draft.id, vote=str(vote))


def _apply_vote(council: Council, action: CastVote, ack: dict[str, Any]) -> None:
    draft = council.drafts[action.draft]
    draft.votes[action.team] = action.vote
    council.log(action, action.team, f"{action.team} votes on {draft.id}")
    council.count_if_complete(draft, action)
    if draft.outcome is not None:
        ack["outcome"] = draft.outcome.words


HANDLERS: dict[str, Handler[Any]] = {
    h.record.kind: h
    for h in (
        Handler(TableDraft, _check_table, _apply_table),
        Handler(Amend, _check_amend, _apply_amend),
        Handler(RequestVote, _check_request_vote, _apply_request_vote),
        Handler(Statement, _check_statement, _apply_statement),
        Handler(CastVote, _check_vote, _apply_vote),
        Handler(Start, _check_start, _apply_start),
        Handler(OpenVote, _check_open_vote, _apply_open_vote),
        Handler(End, _check_end, _apply_end),
        Handler(Reopen, _check_reopen, _apply_reopen),
    )
}
"""Every kind of action: its typed record, check and apply, side by side."""
BY_KIND: dict[str, type[ActionRecord]] = {kind: h.record for kind, h in HANDLERS.items()}
TEAM_KINDS = tuple(k for k, r in BY_KIND.items() if not r.by_instructor)
INSTRUCTOR_KINDS = tuple(k for k, r in BY_KIND.items() if r.by_instructor)


# ---------------------------------------------------------------- the session


class Council:
    """One Security Council session (see the module's docstring).

    Parameters
    ----------
    teams:
        The delegations teams play (ids of ``members.toml``); the model votes for the
        permanent members not among them and for the ten elected seats.
    lens:
        The reading of the sequence model the adopted text is run under.
    """

    def __init__(
        self,
        teams: tuple[str, ...] | list[str] | None = None,
        *,
        lens: str = model.AUTHOR_LENS,
        title: str = "Security Council",
    ) -> None:
        self.data: CouncilData = load_council()
        everyone = tuple(d.id for d in self.data.delegations)
        teams = everyone if teams is None else tuple(teams)
        if not teams or len(set(teams)) != len(teams) or set(teams) - set(everyone):
            raise SeminarError(
                f"teams {list(teams)!r}: allowed: one or more of {', '.join(everyone)}, each once"
            )
        self.teams: tuple[str, ...] = tuple(t for t in everyone if t in teams)
        try:
            self.lens = model.check_lens(lens)
        except model.UnknownLensError as exc:
            raise SeminarError(str(exc)) from None
        self.title = title
        self.actions: list[ActionRecord] = []
        self.status = "waiting"
        self.drafts: dict[str, Draft] = {}
        self.voting: str | None = None
        self.statements: list[Line] = []
        self.events: list[Line] = []

    # ------------------------------------------------------------------ settings

    def config(self) -> dict[str, Any]:
        """The settings that, with the actions, rebuild this session."""
        return {"format": FORMAT, "teams": list(self.teams), "lens": self.lens, "title": self.title}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Council:
        """A new session with the settings of :meth:`config`."""
        if config.get("format") != FORMAT:
            raise SeminarError("this file holds a negotiation seminar, not a council session")
        return cls(tuple(config["teams"]), lens=str(config["lens"]), title=str(config["title"]))

    @property
    def member_teams(self) -> tuple[str, ...]:
        """The teams that vote: permanent members played by a team."""
        return tuple(t for t in self.teams if t in PERMANENT)

    @property
    def model_voters(self) -> tuple[str, ...]:
        """The voters the model plays: permanent members no team plays, and the elected seats."""
        return tuple(m for m in PERMANENT if m not in self.teams) + tuple(self.data.elected)

    # ------------------------------------------------------------------ checking, applying

    def check(self, action: Any) -> ActionRecord:
        """Return ``action`` (a client's JSON object) as a checked record, or raise
        :class:`SeminarError` saying what was wrong. Checking never changes the session."""
        if not isinstance(action, dict):
            raise SeminarError("an action must be a JSON object with at least 'kind' and 'team'")
        kind = action.get("kind")
        if not isinstance(kind, str) or kind not in HANDLERS:
            raise SeminarError(
                f"unknown action kind {kind!r}; allowed: {', '.join(TEAM_KINDS + INSTRUCTOR_KINDS)}"
            )
        handler = HANDLERS[kind]
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
                raise SeminarError(f"{kind}: only the instructor (the President) may do this")
        else:
            if team not in self.teams:
                raise SeminarError(
                    f"{kind}: team {team!r} is not in play; teams in play: {', '.join(self.teams)}"
                )
            if self.status != "open":
                raise SeminarError(f"{kind}: the session is {self.status}; wait for the President")
        checked: ActionRecord = handler.check(self, action, header)
        return checked

    def submit(self, action: Any) -> dict[str, Any]:
        """Check and apply ``action`` in memory; return the acknowledgement."""
        return self.apply(self.check(action))

    def apply(self, action: ActionRecord | dict[str, Any]) -> dict[str, Any]:
        """Apply a checked action (or a log record); return the acknowledgement."""
        record = from_record(action, BY_KIND) if isinstance(action, dict) else action
        record = record.numbered(record.seq or len(self.actions) + 1)
        self.actions.append(record)
        ack: dict[str, Any] = {"ok": True, "seq": record.seq, "kind": record.kind}
        HANDLERS[record.kind].apply(self, record, ack)
        return ack

    def log(self, action: ActionRecord, team: str, text: str) -> None:
        """Add a line to the timeline under ``action``'s number and time."""
        self.events.append(Line(action.seq, format_time(action.at), team, text))

    def count_if_complete(self, draft: Draft, action: ActionRecord) -> None:
        """Count the vote on ``draft`` once every voting team has voted."""
        if any(t not in draft.votes for t in self.member_teams):
            return
        draft.outcome = tally(draft.votes)
        self.voting = None
        if draft.outcome.adopted:
            draft.status = "adopted"
            draft.resolution = sum(d.resolution is not None for d in self.drafts.values()) + 1
        else:
            draft.status = "not adopted"
        self.log(action, INSTRUCTOR, f"{draft.id} {draft.outcome.words}")

    # ------------------------------------------------------------------ the model

    def moves_of(self, draft: Draft) -> tuple[str, ...]:
        """The model's moves for ``draft``: its clauses' moves, each once, in text order."""
        moves = [self.data.clauses[c].move for c in draft.clauses]
        return tuple(dict.fromkeys(m for m in moves if m))

    def sequence(self) -> tuple[str, ...]:
        """The moves of every adopted resolution, in the order of adoption."""
        adopted = sorted(
            (d for d in self.drafts.values() if d.resolution is not None),
            key=lambda d: d.resolution or 0,
        )
        return tuple(m for d in adopted for m in self.moves_of(d))

    def model_result(self, extra: tuple[str, ...] = ()) -> dict[str, Any]:
        """What the model says of the adopted text (plus ``extra`` moves) under the lens."""
        result = run(self.sequence() + extra, self.lens)
        state = result.final_state
        return {
            "lens": self.lens,
            "verdict": result.verdict.value,
            "verdict_text": result.verdict_text,
            "state": {name: _plain(state[name]) for name in STATE_SHOWN},
            "explanation": [str(line) for line in result.explanation],
        }

    # ------------------------------------------------------------------ reading

    def view(self, team: str | None = None) -> dict[str, Any]:
        """The session as plain data, as ``team`` (or the instructor, ``None``) sees it.

        Votes stay hidden until a vote is counted (members vote at once, as by a show of
        hands); a delegation sees its own confidential brief and no one else's.
        """
        clauses = self.data.clauses
        drafts = []
        for d in self.drafts.values():
            item: dict[str, Any] = {
                "id": d.id,
                "sponsor": d.sponsor,
                "title": d.title,
                "status": d.status,
                "proposal": not self.data.delegation(d.sponsor).votes,
                "requested_by": d.requested_by,
                "resolution": d.resolution,
                "clauses": [{"id": c, "label": clauses[c].label} for c in d.clauses],
                "amendments": list(d.amendments),
                "moves": list(self.moves_of(d)),
                "voted": sorted(t for t in d.votes if t in self.teams),
                "waiting_for": [t for t in self.member_teams if t not in d.votes],
            }
            if d.outcome is not None:
                item["votes"] = dict(d.votes)
                item["outcome"] = d.outcome.words
                item["vetoed_by"] = list(d.outcome.vetoed_by)
                item["yes"], item["no"], item["abstain"] = (
                    d.outcome.yes,
                    d.outcome.no,
                    d.outcome.abstain,
                )
            if d.status == "drafting":
                item["if_adopted"] = self.model_result(self.moves_of(d))["verdict_text"]
            drafts.append(item)
        you: dict[str, Any] = {"team": INSTRUCTOR}
        if team is not None and team != INSTRUCTOR:
            delegation = self.data.delegation(team)
            brief = self.data.briefs[team]
            you = {
                "team": team,
                "name": delegation.name,
                "role": delegation.role,
                "votes": delegation.votes,
                "brief": {
                    "situation": brief.situation,
                    "interests": list(brief.interests),
                    "red_lines": list(brief.red_lines),
                    "fallback": brief.fallback,
                    "sources": list(brief.sources),
                },
            }
        return {
            "format": FORMAT,
            "title": self.title,
            "status": self.status,
            "voting": self.voting,
            "you": you,
            "delegations": [
                {"id": d.id, "name": d.name, "role": d.role, "played": d.id in self.teams}
                for d in self.data.delegations
            ],
            "elected": list(self.data.elected),
            "clauses": [
                {
                    "id": c.id,
                    "label": c.label,
                    "text": c.text,
                    "kind": c.kind,
                    "move": c.move,
                    "precedent": c.precedent,
                }
                for c in clauses.values()
            ],
            "drafts": drafts,
            "statements": [{"seq": s.seq, "team": s.team, "text": s.text} for s in self.statements],
            "events": [{"seq": e.seq, "team": e.team, "text": e.text} for e in self.events],
            "sequence": list(self.sequence()),
            "model": self.model_result(),
        }


def _plain(value: Any) -> float | bool | int:
    """A state value as JSON takes it (numpy scalars to Python)."""
    if isinstance(value, bool | int | float):
        return value
    return value.item()  # type: ignore[no-any-return]
