"""The seminar engine: teams, offers, answers, the shared sequence and the scores.

Plain Python over the sequence model; no web code. A session is a list of **actions**
(dicts), each checked by :meth:`Seminar.check` and then applied by :meth:`Seminar.apply`.
The engine is deterministic: replaying the same actions gives the same session, which is
how :mod:`korea_talks.seminar.store` resumes after a restart.

Team actions
    ``offer``    propose a move or a package of moves, with conditions, to one or more
                 actors (teams, or actors the model plays);
    ``answer``   accept, reject or counter an open offer, with a typed reason;
    ``act``      make a move of one's own actor alone (a unilateral step);
    ``withdraw`` take back one's own open offer.
Instructor actions
    ``start``, ``next-round``, ``pause``, ``resume``, ``end`` (the clock) and ``set-lens``.

Actors no team plays (and always the UN and IAEA) are answered by the model under the
instructor's lens: a country accepts when the package does not lower its score by its
confidential brief and crosses none of its red lines; the UN and IAEA accept when their
moves would take effect (their preconditions hold). When every addressee has accepted and
the conditions hold, the package's moves enter the shared sequence and the model runs them.

>>> s = Seminar(teams=("US", "DPRK"))
>>> _ = s.submit({"kind": "start", "team": "instructor"})
>>> ack = s.submit({"kind": "offer", "team": "US", "to": ["DPRK"],
...                 "moves": ["us_direct_talks"]})
>>> ack["offer"]
'O1'
>>> _ = s.submit({"kind": "answer", "team": "DPRK", "offer": "O1", "answer": "accept",
...               "reason": "builds-trust"})
>>> s.offers["O1"].status, [e.move for e in s.sequence]
('agreed', ['us_direct_talks'])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from korea_talks.seminar import model
from korea_talks.seminar.briefs import (
    ANSWERS,
    MODEL_ONLY_ACTORS,
    TEAMS,
    Brief,
    SessionRules,
    load_briefs,
    load_session_rules,
)
from korea_talks.sequence import ACTORS, load_catalogue
from korea_talks.sequence.catalogue import Condition, parse_condition

INSTRUCTOR = "instructor"
TEAM_KINDS = ("offer", "answer", "act", "withdraw")
INSTRUCTOR_KINDS = ("start", "next-round", "pause", "resume", "end", "set-lens")
MAX_MOVES_PER_OFFER = 6
MAX_CONDITIONS = 3
MAX_NOTE = 500
_FIELDS: dict[str, set[str]] = {
    "offer": {"to", "moves", "conditions", "note"},
    "answer": {"offer", "answer", "reason", "note", "moves", "conditions", "to"},
    "act": {"move", "note"},
    "withdraw": {"offer"},
    "start": set(),
    "next-round": set(),
    "pause": set(),
    "resume": set(),
    "end": set(),
    "set-lens": {"lens"},
}
_COMMON = {"kind", "team", "at", "seq"}


class SeminarError(ValueError):
    """An action that cannot be taken; the message says what was wrong and what is allowed."""


@dataclass
class Answer:
    """One addressee's answer to an offer."""

    team: str
    answer: str
    reason: str
    note: str
    by_model: bool
    round: int
    at: str


@dataclass
class Offer:
    """A move or package of moves proposed to one or more actors."""

    id: str
    round: int
    at: str
    proposer: str
    to: tuple[str, ...]
    moves: tuple[str, ...]
    conditions: tuple[str, ...]
    note: str
    counter_to: str | None = None
    status: str = "open"
    status_text: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    countered_by: str | None = None

    @property
    def waiting_for(self) -> list[str]:
        """The addressees that have not answered yet."""
        return [actor for actor in self.to if actor not in self.answers]


@dataclass(frozen=True)
class SequenceEntry:
    """One move of the shared sequence: who made it, through which offer, and what it did."""

    step: int
    move: str
    actor: str
    round: int
    offer: str | None
    rule: str
    applied: bool
    text: str


@dataclass(frozen=True)
class Event:
    """One line of the session's timeline."""

    seq: int
    at: str
    round: int
    team: str
    kind: str
    text: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_time(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


@lru_cache(maxsize=256)
def _run(moves: tuple[str, ...], lens: str) -> Any:
    return model.run(moves, lens)


@lru_cache(maxsize=4096)
def _end_state(moves: tuple[str, ...], lens: str) -> dict[str, float | bool | int]:
    return model.end_state(moves, lens)


class Seminar:
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
        self.rounds = rounds if rounds is not None else self.rules.rounds
        self.round_minutes = (
            round_minutes if round_minutes is not None else self.rules.round_minutes
        )
        self.title = title
        self.status = "waiting"
        self.round = 0
        self.deadline: str | None = None
        self.remaining_seconds: float | None = None
        self.offers: dict[str, Offer] = {}
        self.sequence: list[SequenceEntry] = []
        self.events: list[Event] = []
        self.actions: list[dict[str, Any]] = []
        self._shared: tuple[int, dict[str, Any], dict[str, dict[str, Any]]] | None = None
        self._offer_views: dict[str, tuple[tuple[str, int], dict[str, Any]]] = {}

    # ------------------------------------------------------------------ who plays whom

    @property
    def model_actors(self) -> tuple[str, ...]:
        """The actors the model answers for: teams not in play, and the UN and IAEA."""
        return tuple(a for a in ACTORS if a not in self.teams)

    def config(self) -> dict[str, Any]:
        """The settings that, with the actions, rebuild this session."""
        return {
            "teams": list(self.teams),
            "lens": self.lens,
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

    def check(self, action: Any) -> dict[str, Any]:
        """Return ``action`` checked and normalised, or raise :class:`SeminarError`.

        Checking never changes the session: a refused action leaves no trace.
        """
        if not isinstance(action, dict):
            raise SeminarError("an action must be a JSON object with at least 'kind' and 'team'")
        kind = action.get("kind")
        if kind not in _FIELDS:
            raise SeminarError(
                f"unknown action kind {kind!r}; allowed: {', '.join(TEAM_KINDS + INSTRUCTOR_KINDS)}"
            )
        extra = sorted(set(action) - _FIELDS[kind] - _COMMON)
        if extra:
            raise SeminarError(
                f"{kind}: unknown field {extra[0]!r}; allowed: "
                + ", ".join(sorted(_FIELDS[kind] | {"kind", "team"}))
            )
        team = action.get("team")
        out: dict[str, Any] = {"kind": kind, "team": team, "at": action.get("at") or _now()}
        if kind in INSTRUCTOR_KINDS:
            if team != INSTRUCTOR:
                raise SeminarError(f"{kind}: only the instructor may do this")
            self._check_clock(kind, action, out)
            return out
        if team not in self.teams:
            raise SeminarError(
                f"{kind}: team {team!r} is not in play; teams in play: {', '.join(self.teams)}"
            )
        if self.status != "open":
            raise SeminarError(
                f"{kind}: the session is {self._status_words()}; wait for the instructor "
                "to open the round"
            )
        note = action.get("note", "")
        if not isinstance(note, str) or len(note) > MAX_NOTE:
            raise SeminarError(f"{kind}: 'note' must be a text of at most {MAX_NOTE} characters")
        if kind in ("offer", "answer", "act"):
            out["note"] = note.strip()
        if kind == "offer":
            self._check_offer(team, action, out)
        elif kind == "answer":
            self._check_answer(team, action, out)
        elif kind == "act":
            move = self._move(kind, action.get("move"))
            if move.actor != team:
                raise SeminarError(
                    f"act: {move.id!r} is a move of {move.actor}; a team acts alone only "
                    f"with its own moves ({team})"
                )
            out["move"] = move.id
        else:
            offer = self._offer(kind, action.get("offer"))
            if offer.proposer != team:
                raise SeminarError(f"withdraw: {offer.id} was proposed by {offer.proposer}")
            if offer.status != "open":
                raise SeminarError(f"withdraw: {offer.id} is already {offer.status}")
            out["offer"] = offer.id
        return out

    def _status_words(self) -> str:
        return {
            "waiting": "not started yet",
            "paused": "paused",
            "ended": "over",
            "open": "open",
        }[self.status]

    def _check_clock(self, kind: str, action: dict[str, Any], out: dict[str, Any]) -> None:
        allowed = {
            "start": ("waiting",),
            "next-round": ("open", "paused"),
            "pause": ("open",),
            "resume": ("paused",),
            "end": ("waiting", "open", "paused"),
            "set-lens": ("waiting", "open", "paused"),
        }[kind]
        if self.status not in allowed:
            raise SeminarError(f"{kind}: not possible while the session is {self._status_words()}")
        if kind == "set-lens":
            try:
                out["lens"] = model.check_lens(str(action.get("lens")))
            except model.UnknownLensError as exc:
                raise SeminarError(f"set-lens: {exc}") from None

    def _move(self, kind: str, move_id: Any) -> Any:
        if not isinstance(move_id, str) or move_id not in self.catalogue.moves:
            try:
                self.catalogue.get(str(move_id))
            except ValueError as exc:
                raise SeminarError(f"{kind}: {exc}") from None
        return self.catalogue.moves[move_id]

    def _offer(self, kind: str, offer_id: Any) -> Offer:
        if not isinstance(offer_id, str) or offer_id not in self.offers:
            known = ", ".join(self.offers) or "none yet"
            raise SeminarError(f"{kind}: no offer {offer_id!r}; offers so far: {known}")
        return self.offers[offer_id]

    def _check_package(
        self, kind: str, team: str, to: Any, moves: Any, conditions: Any, out: dict[str, Any]
    ) -> None:
        if isinstance(to, str):
            to = [to]
        if not isinstance(to, list) or not to:
            raise SeminarError(f"{kind}: 'to' must name one or more actors: {', '.join(ACTORS)}")
        for actor in to:
            if actor not in ACTORS:
                raise SeminarError(
                    f"{kind}: unknown actor {actor!r} in 'to'; allowed: {', '.join(ACTORS)}"
                )
            if actor == team:
                raise SeminarError(f"{kind}: a team cannot address an offer to itself")
        if len(set(to)) != len(to):
            raise SeminarError(f"{kind}: an actor is named twice in 'to'")
        if isinstance(moves, str):
            moves = [moves]
        if not isinstance(moves, list) or not 1 <= len(moves) <= MAX_MOVES_PER_OFFER:
            raise SeminarError(
                f"{kind}: 'moves' must list 1 to {MAX_MOVES_PER_OFFER} move ids of the catalogue"
            )
        parties = {team, *to}
        checked = []
        for move_id in moves:
            move = self._move(kind, move_id)
            if move.actor not in parties:
                raise SeminarError(
                    f"{kind}: {move.id!r} is a move of {move.actor}, who is not party to the "
                    f"offer; allowed: moves of {', '.join(a for a in ACTORS if a in parties)}"
                )
            checked.append(move.id)
        if conditions is None:
            conditions = []
        if isinstance(conditions, str):
            conditions = [conditions]
        if not isinstance(conditions, list) or len(conditions) > MAX_CONDITIONS:
            raise SeminarError(f"{kind}: 'conditions' must be a list of at most {MAX_CONDITIONS}")
        parsed = [self._condition(kind, c) for c in conditions]
        out["to"] = [a for a in ACTORS if a in to]
        out["moves"] = checked
        out["conditions"] = [text for text, _ in parsed]

    def _condition(self, kind: str, text: Any) -> tuple[str, Condition | str]:
        """Parse ``'if <state condition>'`` or ``'after <move id>'``."""
        hint = (
            "allowed: 'if <condition>' on the model's state (e.g. 'if freeze >= 1', "
            "'if us_dprk_channel') or 'after <move id>' (a move already in the sequence)"
        )
        if not isinstance(text, str):
            raise SeminarError(f"{kind}: condition {text!r}; {hint}")
        words = text.strip().split(None, 1)
        if len(words) == 2 and words[0] == "if":
            try:
                return f"if {words[1]}", parse_condition(words[1], "condition")
            except ValueError as exc:
                raise SeminarError(f"{kind}: {exc}") from None
        if len(words) == 2 and words[0] == "after":
            move = self._move(kind, words[1].strip())
            return f"after {move.id}", move.id
        raise SeminarError(f"{kind}: condition {text!r}; {hint}")

    def _check_offer(self, team: str, action: dict[str, Any], out: dict[str, Any]) -> None:
        self._check_package(
            "offer", team, action.get("to"), action.get("moves"), action.get("conditions"), out
        )

    def _check_answer(self, team: str, action: dict[str, Any], out: dict[str, Any]) -> None:
        offer = self._offer("answer", action.get("offer"))
        if team not in offer.to:
            raise SeminarError(
                f"answer: {offer.id} is addressed to {', '.join(offer.to)}, not to {team}"
            )
        if offer.status != "open":
            raise SeminarError(f"answer: {offer.id} is already {offer.status}")
        if team in offer.answers:
            raise SeminarError(f"answer: {team} has already answered {offer.id}")
        answer = action.get("answer")
        if answer not in ANSWERS:
            raise SeminarError(f"answer: {answer!r}; allowed: {', '.join(ANSWERS)}")
        reason = action.get("reason")
        allowed = [r.id for r in self.rules.reasons.values() if answer in r.answers]
        if reason not in allowed:
            raise SeminarError(
                f"answer: reason {reason!r} does not go with {answer!r}; allowed: "
                + ", ".join(allowed)
            )
        out.update(offer=offer.id, answer=answer, reason=reason)
        if answer == "counter":
            to = action.get("to") or [offer.proposer] + [a for a in offer.to if a != team]
            self._check_package(
                "answer", team, to, action.get("moves"), action.get("conditions"), out
            )
        elif any(k in action for k in ("moves", "conditions", "to")):
            raise SeminarError(
                f"answer: 'moves', 'conditions' and 'to' go only with a counter, not {answer!r}"
            )

    # ------------------------------------------------------------------ applying

    def submit(self, action: Any) -> dict[str, Any]:
        """Check and apply ``action`` in memory (no store); return the acknowledgement."""
        return self.apply(self.check(action))

    def apply(self, action: dict[str, Any]) -> dict[str, Any]:
        """Apply a checked action; return what happened (the acknowledgement)."""
        seq = int(action.get("seq") or len(self.actions) + 1)
        action = {**action, "seq": seq}
        self.actions.append(action)
        kind = action["kind"]
        team = action["team"]
        at = action["at"]
        ack: dict[str, Any] = {"ok": True, "seq": seq, "kind": kind}
        if kind in INSTRUCTOR_KINDS:
            self._apply_clock(kind, action, at)
            ack["status"] = self.status
            ack["round"] = self.round
            return ack
        if kind == "offer":
            offer = self._new_offer(action, team, at)
            ack["offer"] = offer.id
            self._answer_for_model(offer, seq, at)
            self._resolve(offer, seq, at)
            ack["status"] = offer.status
        elif kind == "answer":
            offer = self.offers[action["offer"]]
            offer.answers[team] = Answer(
                team, action["answer"], action["reason"], action["note"], False, self.round, at
            )
            label = self.rules.reasons[action["reason"]].label
            self._log(seq, at, team, "answer", f"{team} {action['answer']}s {offer.id}: {label}")
            if action["answer"] == "counter":
                counter = self._new_offer(action, team, at, counter_to=offer.id)
                offer.countered_by = counter.id
                ack["offer"] = counter.id
                self._answer_for_model(counter, seq, at)
                self._resolve(offer, seq, at)
                self._resolve(counter, seq, at)
                ack["status"] = counter.status
            else:
                self._resolve(offer, seq, at)
                ack["status"] = offer.status
            ack["answered"] = offer.id
            ack["answered_status"] = offer.status
        elif kind == "act":
            move = self.catalogue.moves[action["move"]]
            self._log(seq, at, team, "act", f"{team} acts alone: {move.label}")
            self._enter([move.id], None, seq, at)
        else:
            offer = self.offers[action["offer"]]
            offer.status = "withdrawn"
            self._log(seq, at, team, "withdraw", f"{team} withdraws {offer.id}")
        return ack

    def _apply_clock(self, kind: str, action: dict[str, Any], at: str) -> None:
        now = _parse_time(at)
        if kind in ("start", "next-round"):
            self.status = "open"
            self.round += 1
            self.deadline = (now + dt.timedelta(minutes=self.round_minutes)).strftime(
                "%Y-%m-%dT%H:%M:%S.%fZ"
            )
            text = f"Round {self.round} opens ({self.round_minutes:g} minutes)"
        elif kind == "pause":
            self.status = "paused"
            if self.deadline is not None:
                self.remaining_seconds = max(
                    0.0, (_parse_time(self.deadline) - now).total_seconds()
                )
            text = f"Round {self.round} paused"
        elif kind == "resume":
            self.status = "open"
            self.deadline = (now + dt.timedelta(seconds=self.remaining_seconds or 0)).strftime(
                "%Y-%m-%dT%H:%M:%S.%fZ"
            )
            text = f"Round {self.round} resumes"
        elif kind == "end":
            self.status = "ended"
            for offer in self.offers.values():
                if offer.status == "open":
                    offer.status = "expired"
                    offer.status_text = "the session ended before every addressee answered"
            text = "The session ends"
        else:
            self.lens = action["lens"]
            text = f"The model now answers under the {self.lens!r} lens"
        self._log(int(action["seq"]), at, INSTRUCTOR, kind, text)

    def _new_offer(
        self, action: dict[str, Any], team: str, at: str, counter_to: str | None = None
    ) -> Offer:
        offer = Offer(
            f"O{len(self.offers) + 1}",
            self.round,
            at,
            team,
            tuple(action["to"]),
            tuple(action["moves"]),
            tuple(action["conditions"]),
            action.get("note", ""),
            counter_to=counter_to,
        )
        self.offers[offer.id] = offer
        what = self.describe(offer)
        verb = f"counters {counter_to} with" if counter_to else "offers"
        self._log(int(action["seq"]), at, team, "offer", f"{team} {verb} {offer.id}: {what}")
        return offer

    def describe(self, offer: Offer) -> str:
        """The offer in words: moves, addressees and conditions."""
        labels = "; ".join(f"{self.catalogue.moves[m].label} ({m})" for m in offer.moves)
        text = f"{labels} - to {', '.join(offer.to)}"
        if offer.conditions:
            text += f" - {', '.join(offer.conditions)}"
        return text

    def _answer_for_model(self, offer: Offer, seq: int, at: str) -> None:
        current = tuple(e.move for e in self.sequence)
        after = current + offer.moves
        for actor in offer.to:
            if actor not in self.model_actors:
                continue
            answer, reason = self.model_answer(actor, current, after)
            offer.answers[actor] = Answer(actor, answer, reason, "", True, self.round, at)
            label = self.rules.reasons[reason].label
            self._log(
                seq, at, actor, "answer", f"the model, for {actor}, {answer}s {offer.id}: {label}"
            )

    def model_answer(
        self, actor: str, current: tuple[str, ...], after: tuple[str, ...]
    ) -> tuple[str, str]:
        """How the model answers for ``actor`` an offer taking ``current`` to ``after``."""
        if actor in MODEL_ONLY_ACTORS:
            result = _run(after, self.lens)
            own = {
                line.step
                for line in result.explanation
                if line.move_id
                and self.catalogue.moves[line.move_id].actor == actor
                and line.step > len(current)
                and not line.applied
            }
            return ("reject", "wrong-sequence") if own else ("accept", "meets-interests")
        brief = self.briefs[actor]
        before_state = _end_state(current, self.lens)
        after_state = _end_state(after, self.lens)
        if len(brief.crossed(after_state)) > len(brief.crossed(before_state)):
            return "reject", "crosses-red-line"
        penalty = self.rules.red_line_penalty
        if brief.score(after_state, penalty) >= brief.score(before_state, penalty):
            return "accept", "meets-interests"
        return "reject", "no-reciprocity"

    def _resolve(self, offer: Offer, seq: int, at: str) -> None:
        if offer.status != "open":
            return
        answers = [a.answer for a in offer.answers.values()]
        if "reject" in answers:
            offer.status = "rejected"
            return
        if "counter" in answers:
            offer.status = "countered"
            return
        if offer.waiting_for:
            return
        current = [e.move for e in self.sequence]
        state = _end_state(tuple(current), self.lens)
        for condition in offer.conditions:
            kind, rest = condition.split(None, 1)
            met = model.holds(parse_condition(rest), state) if kind == "if" else rest in current
            if not met:
                offer.status = "failed"
                offer.status_text = f"condition not met: {condition}"
                self._log(
                    seq,
                    at,
                    offer.proposer,
                    "failed",
                    f"{offer.id} fails: {condition} does not hold",
                )
                return
        offer.status = "agreed"
        self._log(
            seq, at, offer.proposer, "agreed", f"{offer.id} is agreed by {', '.join(offer.to)}"
        )
        self._enter(list(offer.moves), offer.id, seq, at)

    def _enter(self, moves: list[str], offer_id: str | None, seq: int, at: str) -> None:
        result = _run(tuple(e.move for e in self.sequence) + tuple(moves), self.lens)
        start = len(self.sequence)
        for i, move_id in enumerate(moves, start=start + 1):
            line = next(x for x in result.explanation if x.step == i and x.move_id == move_id)
            entry = SequenceEntry(
                i,
                move_id,
                self.catalogue.moves[move_id].actor,
                self.round,
                offer_id,
                line.rule_id,
                line.applied,
                line.text,
            )
            self.sequence.append(entry)
            self._log(seq, at, entry.actor, "move", f"Step {i}: {line.text}")

    def _log(self, seq: int, at: str, team: str, kind: str, text: str) -> None:
        self.events.append(Event(seq, at, self.round, team, kind, text))

    # ------------------------------------------------------------------ reading

    def moves(self) -> list[str]:
        """The shared sequence so far, as move ids."""
        return [e.move for e in self.sequence]

    def scores(self, lens: str | None = None) -> dict[str, dict[str, Any]]:
        """Each team's score now, its BATNA's score and the red lines crossed."""
        lens = lens or self.lens
        state = _end_state(tuple(self.moves()), lens)
        penalty = self.rules.red_line_penalty
        out = {}
        for team in TEAMS:
            brief = self.briefs[team]
            batna = brief.score(_end_state(brief.batna_moves, lens), penalty)
            score = brief.score(state, penalty)
            out[team] = {
                "score": score,
                "batna": batna,
                "gain": round(score - batna, 1),
                "red_lines": [line.id for line in brief.crossed(state)],
                "played": team in self.teams,
            }
        return out

    def seconds_left(self, now: dt.datetime | None = None) -> float | None:
        """Seconds left in the round on the instructor's clock (None outside a round)."""
        if self.status == "paused":
            return self.remaining_seconds
        if self.status != "open" or self.deadline is None:
            return None
        now = now or dt.datetime.now(dt.UTC)
        return max(0.0, (_parse_time(self.deadline) - now).total_seconds())

    def view(self, team: str | None = None) -> dict[str, Any]:
        """The shared state as plain data, as a team (or the instructor, ``None``) sees it.

        The shared part is built once per action; a team adds only its own score, and the
        clock is brought up to date on every call.
        """
        if self._shared is None or self._shared[0] != len(self.actions):
            self._shared = (len(self.actions), self._shared_view(), self.scores())
        _, shared, scores = self._shared
        data = {**shared, "seconds_left": self.seconds_left()}
        if team is None:
            data["scores"] = scores
        elif team in TEAMS:
            data["team"] = team
            data["score"] = scores[team]
        return data

    def _offer_view(self, o: Offer) -> dict[str, Any]:
        key = (o.status, len(o.answers))
        cached = self._offer_views.get(o.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        data = {
            "id": o.id,
            "round": o.round,
            "from": o.proposer,
            "to": list(o.to),
            "moves": list(o.moves),
            "conditions": list(o.conditions),
            "note": o.note,
            "status": o.status,
            "status_text": o.status_text,
            "counter_to": o.counter_to,
            "text": self.describe(o),
            "answers": {
                k: {"answer": a.answer, "reason": a.reason, "by_model": a.by_model}
                for k, a in o.answers.items()
            },
            "waiting_for": o.waiting_for if o.status == "open" else [],
        }
        self._offer_views[o.id] = (key, data)
        return data

    def _shared_view(self) -> dict[str, Any]:
        result = _run(tuple(self.moves()), self.lens)
        return {
            "title": self.title,
            "status": self.status,
            "round": self.round,
            "rounds": self.rounds,
            "lens": self.lens,
            "teams": list(self.teams),
            "model_actors": list(self.model_actors),
            "sequence": [e.__dict__ for e in self.sequence],
            "verdict": result.verdict.value,
            "verdict_text": result.verdict_text,
            "state": {
                k: (v if isinstance(v, bool) else float(v)) for k, v in result.final_state.items()
            },
            "offers": [self._offer_view(o) for o in self.offers.values()],
            "events": [e.__dict__ for e in self.events[-40:]],
        }
