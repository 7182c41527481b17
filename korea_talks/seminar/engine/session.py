"""The session: teams, clock, offers, sequence, and one table of action handlers.

:data:`HANDLERS` holds, per action kind, the typed record, its check (raw client
fields to the record, or a :class:`SeminarError`) and its apply (the record's effect),
side by side. :meth:`Seminar.check` (an
:class:`~korea_talks.seminar.engine.handlers.ActionSession`'s) has the table check what
every kind shares (a known kind, known fields, the right team), applies the seminar's gate
(:meth:`Seminar.admit`: a team's action waits for an open round) and hands the rest to
the kind's check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from korea_talks.seminar import model
from korea_talks.seminar.briefs import TEAMS, Brief, SessionRules, load_briefs, load_session_rules
from korea_talks.seminar.engine import channels, clock, offers
from korea_talks.seminar.engine.actions import (
    BY_KIND,
    INSTRUCTOR,
    ActAlone,
    ActionRecord,
    AnswerOffer,
    Broadcast,
    Downtime,
    End,
    Inject,
    MakeOffer,
    NextRound,
    Pause,
    Reopen,
    Resume,
    SeminarError,
    SendMessage,
    SetLens,
    Start,
    TeamNote,
    Void,
    Withdraw,
    format_time,
)
from korea_talks.seminar.engine.channels import Message
from korea_talks.seminar.engine.handlers import ActionSession, Handler, HandlerTable
from korea_talks.seminar.engine.offers import Offer
from korea_talks.seminar.engine.records import Event, Header, ModelRuns, SequenceEntry, end_state
from korea_talks.seminar.engine.views import ViewCache, view
from korea_talks.sequence import ACTORS, load_catalogue

A = TypeVar("A", bound=ActionRecord)


def _instructor_check(record: type[A]) -> Callable[[Seminar, dict[str, Any], Header], A]:
    def check(seminar: Seminar, raw: dict[str, Any], header: Header) -> A:
        clock.check_allowed(seminar, record.kind)
        return record(team=header.team, at=header.at)

    return check


def _check_set_lens(seminar: Seminar, raw: dict[str, Any], header: Header) -> SetLens:
    clock.check_allowed(seminar, SetLens.kind)
    try:
        lens = model.check_lens(str(raw.get("lens")))
    except model.UnknownLensError as exc:
        raise SeminarError(f"set-lens: {exc}") from None
    return SetLens(team=header.team, at=header.at, lens=lens)


def _instructor_apply(
    change: Callable[[Seminar, A], str],
) -> Callable[[Seminar, A, dict[str, Any]], None]:
    def apply(seminar: Seminar, action: A, ack: dict[str, Any]) -> None:
        text = change(seminar, action)
        seminar.log(action, INSTRUCTOR, action.kind, text)
        ack["status"] = seminar.status
        ack["round"] = seminar.round

    return apply


VOIDABLE = {"act": "a move made alone", "answer": "an accept or a reject"}
"""What the instructor may void: neither creates an offer, so no offer changes its number."""


def _check_void(seminar: Seminar, raw: dict[str, Any], header: Header) -> Void:
    if seminar.status == "waiting":
        raise SeminarError("void: nothing to void before the session starts")
    target = raw.get("target")
    allowed = ", ".join(f"#{a.seq}" for a in seminar.voidable()) or "none now"
    if isinstance(target, bool) or not isinstance(target, int):
        raise SeminarError(f"void: 'target' must be the number of an action; allowed: {allowed}")
    if target not in {a.seq for a in seminar.voidable()}:
        raise SeminarError(
            f"void: #{target} cannot be voided; allowed: {' or '.join(VOIDABLE.values())} not "
            f"voided yet: {allowed}"
        )
    note = offers.note_of("void", raw)
    return Void(team=header.team, at=header.at, target=target, note=note)


def _apply_void(seminar: Seminar, action: Void, ack: dict[str, Any]) -> None:
    seminar.voided.add(action.target)
    seminar.rebuild()
    ack["status"] = seminar.status
    ack["round"] = seminar.round
    ack["voided"] = action.target


def _check_server_only(seminar: Seminar, raw: dict[str, Any], header: Header) -> Downtime:
    raise SeminarError(f"{raw.get('kind')}: only the server writes this record")


def _apply_downtime(seminar: Seminar, action: Downtime, ack: dict[str, Any]) -> None:
    seminar.log(action, INSTRUCTOR, action.kind, clock.apply_downtime(seminar, action))
    ack["seconds_left"] = seminar.seconds_left(action.at)


HANDLERS: HandlerTable[Seminar] = HandlerTable(
    Handler(MakeOffer, offers.check_offer, offers.apply_offer),
    Handler(AnswerOffer, offers.check_answer, offers.apply_answer),
    Handler(ActAlone, offers.check_act, offers.apply_act),
    Handler(Withdraw, offers.check_withdraw, offers.apply_withdraw),
    Handler(Start, _instructor_check(Start), _instructor_apply(clock.apply_open_round)),
    Handler(NextRound, _instructor_check(NextRound), _instructor_apply(clock.apply_open_round)),
    Handler(Pause, _instructor_check(Pause), _instructor_apply(clock.apply_pause)),
    Handler(Resume, _instructor_check(Resume), _instructor_apply(clock.apply_resume)),
    Handler(End, _instructor_check(End), _instructor_apply(clock.apply_end)),
    Handler(SetLens, _check_set_lens, _instructor_apply(clock.apply_set_lens)),
    Handler(Reopen, _instructor_check(Reopen), _instructor_apply(clock.apply_reopen)),
    Handler(Void, _check_void, _apply_void),
    Handler(SendMessage, channels.check_message, channels.apply_message),
    Handler(TeamNote, channels.check_team_note, channels.apply_team_note),
    Handler(Broadcast, channels.check_broadcast, channels.apply_broadcast),
    Handler(Inject, channels.check_inject, channels.apply_inject),
    Handler(Downtime, _check_server_only, _apply_downtime),
)
"""Every kind of action: its typed record, check and apply, side by side."""
assert HANDLERS.records == BY_KIND


class Seminar(ActionSession):
    """One negotiation session: the teams in play, the lens, the clock, offers and sequence.

    Parameters
    ----------
    teams:
        The teams in play (a subset of ``US, DPRK, ROK, China, Russia, Japan``); the model
        answers for every other actor.
    lens:
        The reading of the sequence model the model-played actors answer under.
    rounds, round_minutes:
        The planned length of the session (defaults from ``session.toml``).
    """

    handlers = HANDLERS

    def __init__(
        self,
        teams: tuple[str, ...] | list[str] = TEAMS,
        *,
        lens: str = model.AUTHOR_LENS,
        rounds: int | None = None,
        round_minutes: float | None = None,
        title: str = "Seminar",
    ) -> None:
        self.rules: SessionRules = load_session_rules()
        self.briefs: dict[str, Brief] = load_briefs()
        self.catalogue = load_catalogue()
        teams = tuple(teams)
        unknown = [t for t in teams if t not in TEAMS]
        if unknown or not teams or len(set(teams)) != len(teams):
            raise SeminarError(
                f"teams {list(teams)!r}: allowed: one or more of {', '.join(TEAMS)}, each once"
            )
        self.teams: tuple[str, ...] = tuple(t for t in TEAMS if t in teams)
        self.lens = model.check_lens(lens)
        self.first_lens = self.lens
        self.clock = clock.Clock(
            rounds=rounds if rounds is not None else self.rules.rounds,
            round_minutes=(
                round_minutes if round_minutes is not None else self.rules.round_minutes
            ),
        )
        self.title = title
        self.actions: list[ActionRecord] = []
        self.voided: set[int] = set()
        self._reset()

    def _reset(self) -> None:
        """Everything the actions build, back to the start (the settings stay)."""
        self.lens = self.first_lens
        self.clock = clock.Clock(rounds=self.clock.rounds, round_minutes=self.clock.round_minutes)
        self.offers: dict[str, Offer] = {}
        self.sequence: list[SequenceEntry] = []
        self.events: list[Event] = []
        self.messages: list[Message] = []
        self.view_cache = ViewCache()
        self.model_runs = ModelRuns()

    # ------------------------------------------------------------------ the clock, read

    @property
    def status(self) -> str:
        """``waiting``, ``open``, ``paused`` or ``ended``."""
        return self.clock.status

    @property
    def round(self) -> int:
        """The round now (0 before the start)."""
        return self.clock.round

    @property
    def rounds(self) -> int:
        """The planned number of rounds."""
        return self.clock.rounds

    @property
    def round_minutes(self) -> float:
        """The planned length of a round."""
        return self.clock.round_minutes

    def seconds_left(self, now: dt.datetime | None = None) -> float | None:
        """Seconds left in the round on the instructor's clock (None outside a round)."""
        return self.clock.seconds_left(now)

    # ------------------------------------------------------------------ who plays whom

    @property
    def model_actors(self) -> tuple[str, ...]:
        """The actors the model answers for: teams not in play, and the UN and IAEA."""
        return tuple(a for a in ACTORS if a not in self.teams)

    def config(self) -> dict[str, Any]:
        """The settings that, with the actions, rebuild this session."""
        return {
            "teams": list(self.teams),
            "lens": self.first_lens,
            "rounds": self.rounds,
            "round_minutes": self.round_minutes,
            "title": self.title,
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Seminar:
        """A new session with the settings of :meth:`config`."""
        return cls(
            tuple(config["teams"]),
            lens=str(config["lens"]),
            rounds=int(config["rounds"]),
            round_minutes=float(config["round_minutes"]),
            title=str(config.get("title", "Seminar")),
        )

    # ------------------------------------------------------------------ checking

    def admit(self, record: type[ActionRecord], header: Header) -> None:
        """A team's action waits for an open round whose clock runs (a message or a team's
        note does not: :attr:`~ActionRecord.needs_open_round`)."""
        if record.needs_open_round:
            clock.check_round_open(self, record.kind, header.at)

    # ------------------------------------------------------------------ applying

    def voidable(self) -> list[ActionRecord]:
        """The actions the instructor may void now (see :data:`VOIDABLE`)."""
        return [
            a
            for a in self.actions
            if a.seq not in self.voided
            and (
                isinstance(a, ActAlone)
                or (isinstance(a, AnswerOffer) and a.answer in ("accept", "reject"))
            )
        ]

    def rebuild(self) -> None:
        """Replay every action but the voided ones; a team action that no longer checks
        (it answered what a voided action opened, say) is skipped and the timeline says so.
        """
        records = list(self.actions)
        self._reset()
        self.actions = []
        for record in records:
            self.actions.append(record)
            if record.seq in self.voided:
                self.log(
                    record,
                    INSTRUCTOR,
                    "void",
                    f"#{record.seq} ({record.kind} by {record.team}) is void",
                )
                continue
            if isinstance(record, Void):
                note = f": {record.note}" if record.note else ""
                self.log(record, INSTRUCTOR, "void", f"The instructor voids #{record.target}{note}")
                continue
            if not record.by_instructor:
                try:
                    raw = {**record.to_record(), "seq": record.seq}
                    record = self.check(raw).numbered(record.seq)
                except SeminarError as exc:
                    self.log(record, INSTRUCTOR, "dropped", f"#{record.seq} no longer holds: {exc}")
                    continue
            HANDLERS[record.kind].apply(self, record, {})

    def stamp(self, action: ActionRecord) -> str:
        """``action``'s time as the log and the pages write it."""
        return format_time(action.at)

    def log(self, action: ActionRecord, team: str, kind: str, text: str) -> None:
        """Add a line to the timeline, under ``action``'s number and time."""
        self.events.append(Event(action.seq, self.stamp(action), self.round, team, kind, text))

    # ------------------------------------------------------------------ reading

    def moves(self) -> list[str]:
        """The shared sequence so far, as move ids."""
        return [e.move for e in self.sequence]

    def describe(self, offer: Offer) -> str:
        """The offer in words: moves, addressees and conditions."""
        return offers.describe(self, offer)

    def model_answer(
        self, actor: str, current: tuple[str, ...], after: tuple[str, ...]
    ) -> tuple[str, str]:
        """How the model answers for ``actor`` an offer taking ``current`` to ``after``."""
        return offers.model_answer(self, actor, current, after)

    def scores(self, lens: str | None = None) -> dict[str, dict[str, Any]]:
        """Each team's score now, its BATNA's score and the red lines crossed."""
        lens = lens or self.lens
        state = self.model_runs.run(self.moves(), lens).final_state
        penalty = self.rules.red_line_penalty
        out = {}
        for team in TEAMS:
            brief = self.briefs[team]
            batna = brief.score(end_state(brief.batna_moves, lens), penalty)
            score = brief.score(state, penalty)
            out[team] = {
                "score": score,
                "batna": batna,
                "gain": round(score - batna, 1),
                "red_lines": [line.id for line in brief.crossed(state)],
                "played": team in self.teams,
            }
        return out

    def view(self, team: str | None = None) -> dict[str, Any]:
        """The shared state as plain data, as a team (or the instructor, ``None``) sees it.

        The shared part is built once per action; a team adds only its own score, and the
        clock is brought up to date on every call.
        """
        return view(self, team)
