"""The Security Council session: drafts built clause by clause, amended, put to the vote.

A session is a list of actions, one typed record per kind
(:mod:`~korea_talks.seminar.council.actions`, the seminar's records, so the seminar's store
and log keep them), each checked by :meth:`Council.check` and applied by
:meth:`Council.apply` (an :class:`~korea_talks.seminar.engine.handlers.ActionSession`'s)
through one table
(:data:`~korea_talks.seminar.council.handlers.HANDLERS`). Replaying the actions rebuilds
the session.

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

from functools import lru_cache
from typing import Any

from korea_talks.seminar import model
from korea_talks.seminar.council.actions import Draft, Line
from korea_talks.seminar.council.catalogue import CouncilData, load_council
from korea_talks.seminar.council.handlers import (
    HANDLERS,
    MAX_CLAUSES,
    MAX_DRAFTS,
    MAX_STATEMENT,
    MAX_STATEMENTS,
    MAX_TITLE,
    clean_text,
)
from korea_talks.seminar.council.votes import PERMANENT, tally
from korea_talks.seminar.engine.actions import INSTRUCTOR, ActionRecord, SeminarError, format_time
from korea_talks.seminar.engine.handlers import ActionSession
from korea_talks.seminar.engine.records import Header
from korea_talks.sequence.simulate import SimulationResult

__all__ = [
    "FORMAT",
    "MAX_CLAUSES",
    "MAX_DRAFTS",
    "MAX_STATEMENT",
    "MAX_STATEMENTS",
    "MAX_TITLE",
    "Council",
    "Draft",
    "clean_text",
]

FORMAT = "council"
"""The ``format`` of a council session's settings (a seminar's have none)."""
STATE_SHOWN = ("sanctions", "trust", "tension", "freeze", "verified", "us_dprk_channel")
"""The model's state variables the pages show."""


# ---------------------------------------------------------------- the session


@lru_cache(maxsize=256)
def _model_run(moves: tuple[str, ...], lens: str) -> SimulationResult:
    """The model's run of the adopted moves under ``lens`` (cached: every view asks)."""
    return model.run(moves, lens)


class Council(ActionSession):
    """One Security Council session (see the module's docstring).

    Parameters
    ----------
    teams:
        The delegations teams play (ids of ``members.toml``); the model votes for the
        permanent members not among them and for the ten elected seats.
    lens:
        The reading of the sequence model the adopted text is run under.
    """

    handlers = HANDLERS

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

    # ------------------------------------------------------------------ checking, logging

    def admit(self, record: type[ActionRecord], header: Header) -> None:
        """A delegation's action waits for the President to open the meeting."""
        if self.status != "open":
            raise SeminarError(
                f"{record.kind}: the session is {self.status}; wait for the President"
            )

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
        result = _model_run(self.sequence() + extra, self.lens)
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
