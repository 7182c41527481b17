"""The council's handler table: per kind of action, its record, its check and its apply.

A check turns a client's raw fields into a typed record or raises a
:class:`~korea_talks.seminar.engine.actions.SeminarError` that says what was wrong and what
is allowed; an apply makes the record's change to the session. Checks never change the
session. The rules of procedure they enforce are cited where they are applied.

>>> sorted(HANDLERS.team_kinds)
['amend', 'request-vote', 'statement', 'table', 'vote']
"""

from __future__ import annotations

import unicodedata
from typing import Any, Protocol

from korea_talks.seminar.council.actions import (
    Amend,
    CastVote,
    Draft,
    End,
    Line,
    OpenVote,
    Reopen,
    RequestVote,
    Start,
    Statement,
    TableDraft,
)
from korea_talks.seminar.council.catalogue import CouncilData
from korea_talks.seminar.council.votes import VOTES
from korea_talks.seminar.engine.actions import INSTRUCTOR, ActionRecord, SeminarError, format_time
from korea_talks.seminar.engine.handlers import Handler, HandlerTable
from korea_talks.seminar.engine.records import Header


class CouncilSession(Protocol):
    """What the handlers read and change of a council session
    (:class:`korea_talks.seminar.council.engine.Council` satisfies it)."""

    actions: list[ActionRecord]
    data: CouncilData
    drafts: dict[str, Draft]
    status: str
    voting: str | None
    statements: list[Line]

    @property
    def model_voters(self) -> tuple[str, ...]: ...

    def log(self, action: ActionRecord, team: str, text: str) -> None: ...

    def count_if_complete(self, draft: Draft, action: ActionRecord) -> None: ...


MAX_CLAUSES = 8
MAX_DRAFTS = 12
MAX_TITLE = 120
MAX_STATEMENT = 600
MAX_STATEMENTS = 40
"""Statements one delegation may circulate in a session."""


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


def _check_start(council: CouncilSession, raw: dict[str, Any], header: Header) -> Start:
    if council.status != "waiting":
        raise SeminarError(f"start: the session is {council.status} already")
    return Start(team=header.team, at=header.at)


def _apply_start(council: CouncilSession, action: Start, ack: dict[str, Any]) -> None:
    """``start``: the President opens the meeting."""
    council.status = "open"
    council.log(action, INSTRUCTOR, "The President opens the meeting")


def _check_end(council: CouncilSession, raw: dict[str, Any], header: Header) -> End:
    if council.status == "ended":
        raise SeminarError("end: the session has ended already")
    return End(team=header.team, at=header.at)


def _apply_end(council: CouncilSession, action: End, ack: dict[str, Any]) -> None:
    """``end``: the meeting closes; a draft under vote is left unvoted."""
    if council.voting:
        council.drafts[council.voting].status = "not voted"
        council.voting = None
    council.status = "ended"
    council.log(action, INSTRUCTOR, "The President closes the meeting")


def _draft(council: CouncilSession, raw: dict[str, Any], kind: str) -> Draft:
    name = raw.get("draft")
    if not isinstance(name, str) or name not in council.drafts:
        known = ", ".join(council.drafts) or "none yet"
        raise SeminarError(f"{kind}: 'draft' must name a draft of this session ({known})")
    return council.drafts[name]


def _check_reopen(council: CouncilSession, raw: dict[str, Any], header: Header) -> Reopen:
    if council.status != "ended":
        raise SeminarError(f"reopen: the session is {council.status}; only an ended one reopens")
    return Reopen(team=header.team, at=header.at)


def _apply_reopen(council: CouncilSession, action: Reopen, ack: dict[str, Any]) -> None:
    """``reopen``: the meeting opens again; a draft left unvoted at the end stays unvoted."""
    council.status = "open"
    council.log(action, INSTRUCTOR, "The President reopens the meeting")


def _check_open_vote(council: CouncilSession, raw: dict[str, Any], header: Header) -> OpenVote:
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


def _apply_open_vote(council: CouncilSession, action: OpenVote, ack: dict[str, Any]) -> None:
    draft = council.drafts[action.draft]
    draft.status = "voting"
    council.voting = draft.id
    kinds = [council.data.clauses[c].kind for c in draft.clauses]
    for voter in council.model_voters:
        draft.votes[voter] = council.data.stance(voter, kinds)
    council.log(action, INSTRUCTOR, f"The President puts {draft.id} ({draft.title}) to the vote")
    council.count_if_complete(draft, action)
    ack["draft"] = draft.id


def _check_member(council: CouncilSession, team: str, kind: str) -> None:
    delegation = council.data.delegation(team)
    if not delegation.votes:
        raise SeminarError(
            f"{kind}: {delegation.name} takes part without vote (invited under rule 37 of the "
            "provisional rules of procedure); it may circulate statements (kind 'statement')"
        )


def _clause_id(council: CouncilSession, value: Any, kind: str) -> str:
    if not isinstance(value, str) or value not in council.data.clauses:
        raise SeminarError(
            f"{kind}: unknown clause {value!r}; allowed: {', '.join(council.data.clauses)}"
        )
    return value


def _check_table(council: CouncilSession, raw: dict[str, Any], header: Header) -> TableDraft:
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


def _apply_table(council: CouncilSession, action: TableDraft, ack: dict[str, Any]) -> None:
    draft = Draft(f"D{len(council.drafts) + 1}", action.team, action.title, list(action.clauses))
    council.drafts[draft.id] = draft
    council.log(action, action.team, f"{action.team} tables {draft.id}: {draft.title}")
    ack["draft"] = draft.id


def _check_amend(council: CouncilSession, raw: dict[str, Any], header: Header) -> Amend:
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


def _apply_amend(council: CouncilSession, action: Amend, ack: dict[str, Any]) -> None:
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


def _check_request_vote(
    council: CouncilSession, raw: dict[str, Any], header: Header
) -> RequestVote:
    _check_member(council, header.team, "request-vote")
    draft = _draft(council, raw, "request-vote")
    if council.data.delegation(draft.sponsor).votes:
        raise SeminarError(
            f"request-vote: {draft.id} is a member's draft; the President puts it to the vote"
        )
    if draft.status != "drafting" or draft.requested_by is not None:
        raise SeminarError(f"request-vote: {draft.id} is {draft.status} or asked for already")
    return RequestVote(team=header.team, at=header.at, draft=draft.id)


def _apply_request_vote(council: CouncilSession, action: RequestVote, ack: dict[str, Any]) -> None:
    draft = council.drafts[action.draft]
    draft.requested_by = action.team
    council.log(action, action.team, f"{action.team} asks for a vote on {draft.id} (rule 38)")
    ack["draft"] = draft.id


def _check_statement(council: CouncilSession, raw: dict[str, Any], header: Header) -> Statement:
    text = clean_text(raw.get("text"), "statement: 'text'", MAX_STATEMENT)
    if sum(s.team == header.team for s in council.statements) >= MAX_STATEMENTS:
        raise SeminarError(f"statement: at most {MAX_STATEMENTS} statements per delegation")
    return Statement(team=header.team, at=header.at, text=text)


def _apply_statement(council: CouncilSession, action: Statement, ack: dict[str, Any]) -> None:
    line = Line(action.seq, format_time(action.at), action.team, action.text)
    council.statements.append(line)
    council.log(action, action.team, f"{action.team} circulates a statement")


def _check_vote(council: CouncilSession, raw: dict[str, Any], header: Header) -> CastVote:
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


def _apply_vote(council: CouncilSession, action: CastVote, ack: dict[str, Any]) -> None:
    draft = council.drafts[action.draft]
    draft.votes[action.team] = action.vote
    council.log(action, action.team, f"{action.team} votes on {draft.id}")
    council.count_if_complete(draft, action)
    if draft.outcome is not None:
        ack["outcome"] = draft.outcome.words


HANDLERS: HandlerTable[CouncilSession] = HandlerTable(
    Handler(TableDraft, _check_table, _apply_table),
    Handler(Amend, _check_amend, _apply_amend),
    Handler(RequestVote, _check_request_vote, _apply_request_vote),
    Handler(Statement, _check_statement, _apply_statement),
    Handler(CastVote, _check_vote, _apply_vote),
    Handler(Start, _check_start, _apply_start),
    Handler(OpenVote, _check_open_vote, _apply_open_vote),
    Handler(End, _check_end, _apply_end),
    Handler(Reopen, _check_reopen, _apply_reopen),
    instructor="the instructor (the President)",
)
"""Every kind of action: its typed record, check and apply, side by side."""
