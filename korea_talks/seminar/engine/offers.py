"""Offers, answers and moves: what the teams do, checked and applied.

Each team action has a check (raw client fields to a typed record, or a
:class:`SeminarError` saying what is allowed) and an apply (the record's effect on the
session); :data:`korea_talks.seminar.engine.session.HANDLERS` pairs them per kind.
Actors no team plays are answered here by the model (:func:`model_answer`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from korea_talks.seminar import model
from korea_talks.seminar.briefs import ANSWERS, MODEL_ONLY_ACTORS, Brief, SessionRules
from korea_talks.seminar.engine.actions import (
    ActAlone,
    ActionRecord,
    AnswerOffer,
    MakeOffer,
    SeminarError,
    Withdraw,
)
from korea_talks.seminar.engine.records import Header, ModelRuns, SequenceEntry
from korea_talks.sequence import ACTORS
from korea_talks.sequence.catalogue import Catalogue, Condition, Move, parse_condition

MAX_MOVES_PER_OFFER = 6
MAX_CONDITIONS = 3
MAX_NOTE = 500


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
class Package:
    """Addressees, moves and conditions of an offer or a counter, checked."""

    to: tuple[str, ...]
    moves: tuple[str, ...]
    conditions: tuple[str, ...]


# ---------------------------------------------------------------- checking pieces


def note_of(kind: str, raw: dict[str, Any]) -> str:
    """The action's note, stripped; refuse anything but a short text."""
    note = raw.get("note", "")
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        raise SeminarError(f"{kind}: 'note' must be a text of at most {MAX_NOTE} characters")
    return note.strip()


class OfferSession(Protocol):
    """What the offer handlers read and change of a session (the session satisfies it)."""

    briefs: dict[str, Brief]
    catalogue: Catalogue
    lens: str
    model_runs: ModelRuns
    offers: dict[str, Offer]
    rules: SessionRules
    sequence: list[SequenceEntry]

    @property
    def model_actors(self) -> tuple[str, ...]: ...

    @property
    def round(self) -> int: ...

    def moves(self) -> list[str]: ...

    def stamp(self, action: ActionRecord) -> str: ...

    def log(self, action: ActionRecord, team: str, kind: str, text: str) -> None: ...


def catalogue_move(seminar: OfferSession, kind: str, move_id: Any) -> Move:
    """The catalogue's move ``move_id``; refuse an unknown id with the catalogue's hint."""
    moves = seminar.catalogue.moves
    if not isinstance(move_id, str) or move_id not in moves:
        try:
            seminar.catalogue.get(str(move_id))
        except ValueError as exc:
            raise SeminarError(f"{kind}: {exc}") from None
    return moves[move_id]


def known_offer(seminar: OfferSession, kind: str, offer_id: Any) -> Offer:
    """The offer ``offer_id``; refuse an unknown id, listing the offers so far."""
    if not isinstance(offer_id, str) or offer_id not in seminar.offers:
        known = ", ".join(seminar.offers) or "none yet"
        raise SeminarError(f"{kind}: no offer {offer_id!r}; offers so far: {known}")
    return seminar.offers[offer_id]


def check_package(
    seminar: OfferSession, kind: str, team: str, to: Any, moves: Any, conditions: Any
) -> Package:
    """Addressees (actors other than ``team``), 1-6 moves of the parties, up to 3 conditions."""
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
        move = catalogue_move(seminar, kind, move_id)
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
    parsed = [check_condition(seminar, kind, c) for c in conditions]
    return Package(
        tuple(a for a in ACTORS if a in to), tuple(checked), tuple(text for text, _ in parsed)
    )


def check_condition(seminar: OfferSession, kind: str, text: Any) -> tuple[str, Condition | str]:
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
        move = catalogue_move(seminar, kind, words[1].strip())
        return f"after {move.id}", move.id
    raise SeminarError(f"{kind}: condition {text!r}; {hint}")


# ---------------------------------------------------------------- the four team actions


def check_offer(seminar: OfferSession, raw: dict[str, Any], header: Header) -> MakeOffer:
    """``offer``: a package to one or more actors."""
    note = note_of("offer", raw)
    package = check_package(
        seminar, "offer", header.team, raw.get("to"), raw.get("moves"), raw.get("conditions")
    )
    return MakeOffer(
        team=header.team,
        at=header.at,
        note=note,
        to=package.to,
        moves=package.moves,
        conditions=package.conditions,
    )


def apply_offer(seminar: OfferSession, action: MakeOffer, ack: dict[str, Any]) -> None:
    """Open the offer; the model answers for the actors it plays; resolve it."""
    offer = new_offer(seminar, action, Package(action.to, action.moves, action.conditions))
    ack["offer"] = offer.id
    answer_for_model(seminar, offer, action)
    resolve(seminar, offer, action)
    ack["status"] = offer.status


def check_answer(seminar: OfferSession, raw: dict[str, Any], header: Header) -> AnswerOffer:
    """``answer``: accept, reject or counter an open offer addressed to the team."""
    team = header.team
    note = note_of("answer", raw)
    offer = known_offer(seminar, "answer", raw.get("offer"))
    if team not in offer.to:
        raise SeminarError(
            f"answer: {offer.id} is addressed to {', '.join(offer.to)}, not to {team}"
        )
    if offer.status != "open":
        raise SeminarError(f"answer: {offer.id} is already {offer.status}")
    if team in offer.answers:
        raise SeminarError(f"answer: {team} has already answered {offer.id}")
    answer = raw.get("answer")
    if answer not in ANSWERS:
        raise SeminarError(f"answer: {answer!r}; allowed: {', '.join(ANSWERS)}")
    reason = raw.get("reason")
    allowed = [r.id for r in seminar.rules.reasons.values() if answer in r.answers]
    if reason not in allowed:
        raise SeminarError(
            f"answer: reason {reason!r} does not go with {answer!r}; allowed: " + ", ".join(allowed)
        )
    counter = None
    if answer == "counter":
        to = raw.get("to") or [offer.proposer] + [a for a in offer.to if a != team]
        counter = check_package(
            seminar, "answer", team, to, raw.get("moves"), raw.get("conditions")
        )
    elif any(k in raw for k in ("moves", "conditions", "to")):
        raise SeminarError(
            f"answer: 'moves', 'conditions' and 'to' go only with a counter, not {answer!r}"
        )
    return AnswerOffer(
        team=team,
        at=header.at,
        note=note,
        offer=offer.id,
        answer=str(answer),
        reason=str(reason),
        to=counter.to if counter else None,
        moves=counter.moves if counter else None,
        conditions=counter.conditions if counter else None,
    )


def apply_answer(seminar: OfferSession, action: AnswerOffer, ack: dict[str, Any]) -> None:
    """Record the answer; a counter opens a new offer; resolve what can be resolved."""
    team = action.team
    offer = seminar.offers[action.offer]
    offer.answers[team] = Answer(
        team, action.answer, action.reason, action.note, False, seminar.round, seminar.stamp(action)
    )
    label = seminar.rules.reasons[action.reason].label
    seminar.log(action, team, "answer", f"{team} {action.answer}s {offer.id}: {label}")
    if action.answer == "counter":
        package = Package(action.to or (), action.moves or (), action.conditions or ())
        counter = new_offer(seminar, action, package, counter_to=offer.id)
        offer.countered_by = counter.id
        ack["offer"] = counter.id
        answer_for_model(seminar, counter, action)
        resolve(seminar, offer, action)
        resolve(seminar, counter, action)
        ack["status"] = counter.status
    else:
        resolve(seminar, offer, action)
        ack["status"] = offer.status
    ack["answered"] = offer.id
    ack["answered_status"] = offer.status


def check_act(seminar: OfferSession, raw: dict[str, Any], header: Header) -> ActAlone:
    """``act``: one of the team's own moves, made alone."""
    note = note_of("act", raw)
    move = catalogue_move(seminar, "act", raw.get("move"))
    if move.actor != header.team:
        raise SeminarError(
            f"act: {move.id!r} is a move of {move.actor}; a team acts alone only "
            f"with its own moves ({header.team})"
        )
    return ActAlone(team=header.team, at=header.at, note=note, move=move.id)


def apply_act(seminar: OfferSession, action: ActAlone, ack: dict[str, Any]) -> None:
    """The move enters the sequence."""
    move = seminar.catalogue.moves[action.move]
    seminar.log(action, action.team, "act", f"{action.team} acts alone: {move.label}")
    enter(seminar, [move.id], None, action)


def check_withdraw(seminar: OfferSession, raw: dict[str, Any], header: Header) -> Withdraw:
    """``withdraw``: the team's own offer, still open."""
    offer = known_offer(seminar, "withdraw", raw.get("offer"))
    if offer.proposer != header.team:
        raise SeminarError(f"withdraw: {offer.id} was proposed by {offer.proposer}")
    if offer.status != "open":
        raise SeminarError(f"withdraw: {offer.id} is already {offer.status}")
    return Withdraw(team=header.team, at=header.at, offer=offer.id)


def apply_withdraw(seminar: OfferSession, action: Withdraw, ack: dict[str, Any]) -> None:
    """The offer is withdrawn."""
    offer = seminar.offers[action.offer]
    offer.status = "withdrawn"
    seminar.log(action, action.team, "withdraw", f"{action.team} withdraws {offer.id}")


# ---------------------------------------------------------------- what follows from them


def new_offer(
    seminar: OfferSession,
    action: MakeOffer | AnswerOffer,
    package: Package,
    counter_to: str | None = None,
) -> Offer:
    """Open an offer of ``package`` by ``action``'s team and log it."""
    offer = Offer(
        f"O{len(seminar.offers) + 1}",
        seminar.round,
        seminar.stamp(action),
        action.team,
        package.to,
        package.moves,
        package.conditions,
        action.note,
        counter_to=counter_to,
    )
    seminar.offers[offer.id] = offer
    what = describe(seminar, offer)
    verb = f"counters {counter_to} with" if counter_to else "offers"
    seminar.log(action, action.team, "offer", f"{action.team} {verb} {offer.id}: {what}")
    return offer


def describe(seminar: OfferSession, offer: Offer) -> str:
    """The offer in words: moves, addressees and conditions."""
    labels = "; ".join(f"{seminar.catalogue.moves[m].label} ({m})" for m in offer.moves)
    text = f"{labels} - to {', '.join(offer.to)}"
    if offer.conditions:
        text += f" - {', '.join(offer.conditions)}"
    return text


def answer_for_model(seminar: OfferSession, offer: Offer, action: MakeOffer | AnswerOffer) -> None:
    """The model answers ``offer`` for every addressee it plays."""
    current = tuple(seminar.moves())
    after = current + offer.moves
    for actor in offer.to:
        if actor not in seminar.model_actors:
            continue
        answer, reason = model_answer(seminar, actor, current, after)
        offer.answers[actor] = Answer(
            actor, answer, reason, "", True, seminar.round, seminar.stamp(action)
        )
        label = seminar.rules.reasons[reason].label
        seminar.log(
            action, actor, "answer", f"the model, for {actor}, {answer}s {offer.id}: {label}"
        )


def model_answer(
    seminar: OfferSession, actor: str, current: tuple[str, ...], after: tuple[str, ...]
) -> tuple[str, str]:
    """How the model answers for ``actor`` an offer taking ``current`` to ``after``.

    A country accepts when the package does not lower its score by its confidential brief
    and crosses none of its red lines; the UN and IAEA accept when their moves would take
    effect.
    """
    runs = seminar.model_runs
    if after[: len(current)] == current:
        then = runs.after(current, after[len(current) :], seminar.lens)
    else:  # not a continuation of ``current``: run both from the start
        then = model.advance(None, after, seminar.lens)
    if actor in MODEL_ONLY_ACTORS:
        own = {
            line.step
            for line in then.lines
            if line.move_id
            and seminar.catalogue.moves[line.move_id].actor == actor
            and line.step > len(current)
            and not line.applied
        }
        return ("reject", "wrong-sequence") if own else ("accept", "meets-interests")
    brief = seminar.briefs[actor]
    before_state = runs.run(current, seminar.lens).final_state
    after_state = then.final_state
    if len(brief.crossed(after_state)) > len(brief.crossed(before_state)):
        return "reject", "crosses-red-line"
    penalty = seminar.rules.red_line_penalty
    if brief.score(after_state, penalty) >= brief.score(before_state, penalty):
        return "accept", "meets-interests"
    return "reject", "no-reciprocity"


def resolve(seminar: OfferSession, offer: Offer, action: MakeOffer | AnswerOffer) -> None:
    """Close an offer every addressee has answered: rejected, countered, failed or agreed."""
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
    current = seminar.moves()
    state = seminar.model_runs.run(current, seminar.lens).final_state
    for condition in offer.conditions:
        kind, rest = condition.split(None, 1)
        met = model.holds(parse_condition(rest), state) if kind == "if" else rest in current
        if not met:
            offer.status = "failed"
            offer.status_text = f"condition not met: {condition}"
            seminar.log(
                action, offer.proposer, "failed", f"{offer.id} fails: {condition} does not hold"
            )
            return
    offer.status = "agreed"
    seminar.log(action, offer.proposer, "agreed", f"{offer.id} is agreed by {', '.join(offer.to)}")
    enter(seminar, list(offer.moves), offer.id, action)


def enter(
    seminar: OfferSession,
    moves: list[str],
    offer_id: str | None,
    action: MakeOffer | AnswerOffer | ActAlone,
) -> None:
    """Add ``moves`` to the shared sequence and log what the model says each did (the
    model continues its run of the sequence with them, rather than running it all again)."""
    result = seminar.model_runs.after(seminar.moves(), moves, seminar.lens, keep=True)
    start = len(seminar.sequence)
    for i, move_id in enumerate(moves, start=start + 1):
        line = next(x for x in result.lines if x.step == i and x.move_id == move_id)
        entry = SequenceEntry(
            i,
            move_id,
            seminar.catalogue.moves[move_id].actor,
            seminar.round,
            offer_id,
            line.rule_id,
            line.applied,
            line.text,
        )
        seminar.sequence.append(entry)
        seminar.log(action, entry.actor, "move", f"Step {i}: {line.text}")
