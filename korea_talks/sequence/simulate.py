"""Run a sequence of moves through the model and explain where it leads.

:func:`simulate` is deterministic by default: every hedged response takes the branch the
article expects, so the same sequence always gives the same result. Given a ``seed`` it
draws the hedged responses at random (documented probabilities); :func:`simulate_many`
repeats such runs and returns the distribution of verdicts.

>>> result = simulate(["us_direct_talks", "us_moratorium_for_moratorium"])
>>> result.verdict.value
'moratorium'
>>> result.explanation[0].rule_id
'direct-talks-open'
>>> simulate([]).explanation[0].text.startswith("Nothing happens")
True
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from korea_talks.sequence.catalogue import (
    Catalogue,
    CompiledMove,
    Move,
    Parameters,
    Precondition,
    Rule,
    load_catalogue,
)
from korea_talks.sequence.conditions import all_hold
from korea_talks.sequence.errors import SequenceModelError
from korea_talks.sequence.frames import frame, series
from korea_talks.sequence.state import INDEX, VARIABLES, State, state_as_dict

if TYPE_CHECKING:  # the tables are made by korea_talks.sequence.frames, on demand
    import pandas as pd


class Verdict(StrEnum):
    """The outcomes the model can reach, from worst to best."""

    WAR_RISK = "war-risk"
    BREAKDOWN = "breakdown"
    STALEMATE = "stalemate"
    MORATORIUM = "moratorium"
    VERIFIED_FREEZE = "verified-freeze"
    SETTLEMENT_TRACK = "settlement-track"

    @property
    def rank(self) -> int:
        """0 for the worst outcome (war risk) up to 4 for the best (settlement track)."""
        return _RANK[self]

    @property
    def title(self) -> str:  # type: ignore[override]  # a name in words, not str.title()
        """A short plain-words name, e.g. ``'settlement track'``."""
        return self.value.replace("-", " ")


VERDICTS: tuple[Verdict, ...] = tuple(Verdict)
_RANK = {v: i for i, v in enumerate(VERDICTS)}
BEST_VERDICT = Verdict.SETTLEMENT_TRACK
"""The best outcome the model allows."""

VERDICT_MEANINGS: dict[Verdict, str] = {
    Verdict.WAR_RISK: "a military strike has been made: the region is on the brink of war",
    Verdict.BREAKDOWN: "talks collapsed and no US–DPRK channel is open at the end",
    Verdict.STALEMATE: "nothing froze North Korea's programme; its capability keeps growing",
    Verdict.MORATORIUM: (
        "tests are paused (or a freeze is declared) but no one verifies that the programme "
        "has stopped"
    ),
    Verdict.VERIFIED_FREEZE: "the programme itself is frozen and inspectors verify it",
    Verdict.SETTLEMENT_TRACK: (
        "talks are open, the programme is frozen and verified, a security regime exists, "
        "denuclearization has begun and Seoul does not pursue absorption"
    ),
}

_CAP = INDEX["capability"]
_FREEZE = INDEX["freeze"]
_TENSION = INDEX["tension"]
_TRUST = INDEX["trust"]
_STRIKE = INDEX["strike"]
_COLLAPSED = INDEX["talks_collapsed"]
_CHANNEL = INDEX["us_dprk_channel"]
_REGIME = INDEX["security_regime"]
_DENUC = INDEX["denuclearization"]
_VERIFIED = INDEX["verified"]
_ABSORPTION = INDEX["absorption"]
_SCARE = INDEX["war_scare"]
_LOW = tuple(float(v.low) for v in VARIABLES)
_HIGH = tuple(float(v.high) for v in VARIABLES)
_CAP_MAX = _HIGH[_CAP]

GROWTH_RULE_ID = "capability-grows-unless-frozen"
"""The rule id of the explanation lines that say North Korea's capability grew between
moves (not a move's own rule): views and debriefs use it to tell the two apart."""


@dataclass(frozen=True)
class ExplanationLine:
    """One line of the explanation: which rule fired at which step, and why."""

    step: int
    move_id: str
    rule_id: str
    sections: tuple[str, ...]
    text: str
    applied: bool = True

    def __str__(self) -> str:
        where = ", ".join(self.sections)
        return f"Step {self.step}: {self.text} [rule {self.rule_id}; {where}]"


@dataclass
class SimulationResult:
    """What a sequence led to: trajectory, verdict and a step-by-step explanation."""

    sequence: tuple[str, ...]
    steps: tuple[dict[str, Any], ...]
    """The trajectory as plain records: one dict per step (0 = the start), with the
    columns of :attr:`trajectory`."""
    verdict: Verdict
    verdict_text: str
    verdict_rule: str
    verdict_cause: ExplanationLine | None
    explanation: list[ExplanationLine]
    seed: int | None = None
    distribution: OutcomeDistribution | None = None
    near_miss: ExplanationLine | None = None
    lens: str = "author"

    @cached_property
    def trajectory(self) -> pd.DataFrame:
        """:attr:`steps` as a DataFrame: columns ``step``, ``move_id``, ``actor``,
        ``rule_id``, ``applied`` and one per state variable (needs pandas)."""
        return frame(self.steps)

    @property
    def final_state(self) -> dict[str, float | bool | int]:
        """The state after the last step, as a readable dict."""
        row = self.steps[-1]
        return {v.name: row[v.name] for v in VARIABLES}

    @property
    def failed_steps(self) -> list[ExplanationLine]:
        """The lines of moves that went nowhere because a precondition failed."""
        return [line for line in self.explanation if not line.applied]

    def rules_fired(self) -> list[str]:
        """The ids of all rules (and failed preconditions) in the explanation, in order."""
        return [line.rule_id for line in self.explanation]

    def explain(self) -> str:
        """The explanation as plain text, one line per rule, ending with the verdict."""
        lines = [str(line) for line in self.explanation]
        lines.append(f"Verdict: {self.verdict_text} [rule {self.verdict_rule}]")
        if self.near_miss is not None and self.verdict is not Verdict.WAR_RISK:
            lines.append(
                f"Near miss: tension reached the crisis threshold at step {self.near_miss.step} "
                f"({self.near_miss.move_id}, rule {self.near_miss.rule_id})."
            )
        return "\n".join(lines)


@dataclass
class OutcomeDistribution:
    """The verdicts of many random runs of one sequence."""

    sequence: tuple[str, ...]
    runs: int
    seed: int | None
    verdict_counts: dict[str, int]
    """Runs ending in each verdict, by verdict value, worst verdict first."""
    verdicts: list[Verdict] = field(repr=False)

    @property
    def verdict_shares(self) -> dict[str, float]:
        """Share of runs ending in each verdict (sums to 1), by verdict value."""
        return {name: count / self.runs for name, count in self.verdict_counts.items()}

    @property
    def counts(self) -> pd.Series:
        """:attr:`verdict_counts` as a Series named ``runs`` (needs pandas)."""
        return series(self.verdict_counts, name="runs", index_name="verdict")

    @property
    def shares(self) -> pd.Series:
        """:attr:`verdict_shares` as a Series (needs pandas)."""
        return self.counts / self.runs

    @property
    def most_common(self) -> Verdict:
        """The verdict reached most often (the better one on a tie)."""
        best = max(VERDICTS, key=lambda v: (self.verdict_counts[v.value], v.rank))
        return best

    def describe(self) -> str:
        """One plain-words line per verdict, e.g. ``'settlement track: 61% of 200 runs'``."""
        return "\n".join(
            f"{Verdict(name).title}: {share:.0%} of {self.runs} runs"
            for name, share in self.verdict_shares.items()
        )


# --------------------------------------------------------------------------- compiled core


def _apply(
    move: CompiledMove,
    state: list[float],
    growth: tuple[float, float, float],
    rng: random.Random | None,
    war_tension: float,
    probs: dict[str, float] | None = None,
) -> tuple[Rule | Precondition, bool, float]:
    """Apply one compiled move to ``state`` in place; return (rule or precondition, applied,
    growth of capability).

    In deterministic mode (``rng`` None) a chance rule fires when its probability is at
    least 0.5; otherwise it fires with the probability in ``probs``.
    """
    outcome: Rule | Precondition | None = None
    applied = True
    for pre in move.preconditions:
        if not all_hold(pre.tests, state):
            outcome, applied = pre.precondition, False
            break
    if applied:
        for rule in move.rules:
            if rule.tests and not all_hold(rule.tests, state):
                continue
            chance = rule.chance
            if chance is not None:
                if rng is None or probs is None:
                    fires = chance.fires_by_default
                else:
                    fires = rng.random() < probs[chance.probability]
                if not fires:
                    continue
            for idx, kind, value in rule.effects:
                if kind == "add":
                    x = state[idx] + value
                elif kind == "set":
                    x = value
                else:
                    x = state[idx] if state[idx] > value else value
                lo = _LOW[idx]
                hi = _HIGH[idx]
                state[idx] = lo if x < lo else hi if x > hi else x
            outcome = rule.rule
            break
    if state[_TENSION] >= war_tension:
        state[_SCARE] = 1.0
    before = state[_CAP]
    cap = before + growth[int(state[_FREEZE])]
    state[_CAP] = cap if cap < _CAP_MAX else _CAP_MAX
    assert outcome is not None  # the catalogue guarantees that the last rule always fires
    return outcome, applied, state[_CAP] - before


def _verdict_of(state: Sequence[float], params: Parameters) -> Verdict:
    if state[_STRIKE]:
        return Verdict.WAR_RISK
    if state[_COLLAPSED] and not state[_CHANNEL]:
        return Verdict.BREAKDOWN
    verified = state[_FREEZE] >= 2 and state[_VERIFIED]
    if (
        verified
        and state[_CHANNEL]
        and state[_REGIME]
        and state[_DENUC] > 0
        and not state[_ABSORPTION]
        and state[_TRUST] >= params.settlement_trust
    ):
        return Verdict.SETTLEMENT_TRACK
    if verified:
        return Verdict.VERIFIED_FREEZE
    if state[_FREEZE] >= 1:
        return Verdict.MORATORIUM
    return Verdict.STALEMATE


# --------------------------------------------------------------------------- public API


def _resolve(catalogue: Catalogue | None, lens: str | None = None) -> Catalogue:
    """The catalogue to run: ``catalogue`` (default: the packaged one) read through ``lens``."""
    if lens is None or lens == "author":
        if catalogue is not None:
            return catalogue
        if lens is None:
            return load_catalogue()
    from korea_talks.sequence.lenses import lens_catalogue

    return lens_catalogue(lens or "author", catalogue)


def _row(
    step: int, move: Move | None, rule_id: str, applied: bool, state: Sequence[float]
) -> dict[str, object]:
    row: dict[str, object] = {
        "step": step,
        "move_id": move.id if move else "",
        "actor": move.actor if move else "",
        "rule_id": rule_id,
        "applied": applied,
    }
    row.update(state_as_dict(tuple(state)))
    return row


def _point_probabilities(params: Parameters) -> dict[str, float]:
    return {name: p.value for name, p in params.probabilities.items()}


def simulate(
    sequence: Iterable[str],
    *,
    lens: str | None = None,
    catalogue: Catalogue | None = None,
    seed: int | None = None,
    runs: int | None = None,
) -> SimulationResult:
    """Run ``sequence`` (move ids) from the mid-2017 state and explain the outcome.

    ``lens`` names a reading of how the actors respond (see :func:`lenses`); the default
    is the author's. Without ``seed`` the run is deterministic (every hedged response takes
    its more likely branch). With ``seed`` the hedged responses are drawn at random. With
    ``runs`` the result also carries ``.distribution``, the :class:`OutcomeDistribution`
    of that many runs in the uncertainty mode (see :func:`simulate_many`).
    Unknown ids raise :class:`~korea_talks.sequence.errors.UnknownMoveError`.

    The verdict reads the whole path: a strike at any step is a war risk, and a step at
    which tension reached the crisis threshold is kept as ``near_miss`` and reported.

    >>> history = ["us_show_of_force", "us_show_of_force", "us_show_of_force"]
    >>> result = simulate(history)
    >>> result.verdict.value, result.near_miss.step
    ('stalemate', 2)
    >>> simulate(["us_show_of_force", "us_strike"]).verdict.value
    'war-risk'
    >>> simulate(["us_direct_talks", "us_demand_cvid"], lens="washington").lens
    'washington'
    """
    catalogue = _resolve(catalogue, lens)
    moves = catalogue.check_sequence(sequence)
    params = catalogue.parameters
    if runs is not None:
        _check_runs(runs)
    rng = random.Random(seed) if seed is not None else None
    probs = _point_probabilities(params)
    war_tension = params.war_tension
    state = list(params.initial)
    rows = [_row(0, None, "start", True, state)]
    lines: list[ExplanationLine] = []
    cause_war: ExplanationLine | None = None
    cause_collapse: ExplanationLine | None = None
    near_miss: ExplanationLine | None = None
    if not moves:
        lines.append(
            ExplanationLine(
                0,
                "",
                "empty-sequence",
                params.growth_sections,
                "Nothing happens: no move was made, so the mid-2017 state stands; no talks "
                "are open and nothing freezes North Korea's programme.",
            )
        )
    for step, move in enumerate(moves, start=1):
        scared_before = state[_SCARE]
        outcome, applied, grown = _apply(
            catalogue.compiled(move.id), state, params.growth, rng, war_tension, probs
        )
        if isinstance(outcome, Rule):
            line = ExplanationLine(
                step, move.id, outcome.id, outcome.sections, f"{move.label}: {outcome.text}."
            )
        else:
            line = ExplanationLine(
                step,
                move.id,
                outcome.id,
                outcome.sections,
                f"{move.label}: proposal goes nowhere: {outcome.reason}.",
                applied=False,
            )
        lines.append(line)
        if state[_SCARE] and not scared_before:
            near_miss = line
            lines.append(
                ExplanationLine(
                    step,
                    move.id,
                    "war-scare",
                    ("S1", "S3"),
                    f"Tension reaches {state[_TENSION]:.1f} of {_HIGH[_TENSION]:g}, the crisis "
                    f"threshold ({war_tension:g}): a war scare, though only a strike would "
                    "start a war.",
                )
            )
        if grown > 0:
            kind = "no freeze holds" if state[_FREEZE] == 0 else "only a test moratorium holds"
            lines.append(
                ExplanationLine(
                    step,
                    move.id,
                    GROWTH_RULE_ID,
                    params.growth_sections,
                    f"Meanwhile North Korea's capability grows by {grown:g} ({kind}).",
                )
            )
        if applied and state[_STRIKE] and cause_war is None:
            cause_war = line
        if state[_CHANNEL]:
            cause_collapse = None
        elif applied and state[_COLLAPSED] and _sets_collapse(outcome):
            cause_collapse = line
        rows.append(_row(step, move, outcome.id, applied, state))
    verdict = _verdict_of(state, params)
    verdict_rule, verdict_text, cause = _verdict_words(
        verdict, rows, params, cause_war, cause_collapse
    )
    if near_miss is not None and verdict is not Verdict.WAR_RISK:
        verdict_text += (
            f" Near miss: tension reached the crisis threshold at step {near_miss.step} "
            f"({near_miss.move_id})."
        )
    distribution = None
    if runs is not None:
        distribution = _run_many(moves, runs, seed, catalogue, vary=True)
    return SimulationResult(
        sequence=tuple(m.id for m in moves),
        steps=tuple(rows),
        verdict=verdict,
        verdict_text=verdict_text,
        verdict_rule=verdict_rule,
        verdict_cause=cause,
        explanation=lines,
        seed=seed,
        distribution=distribution,
        near_miss=near_miss,
        lens=catalogue.lens,
    )


def _sets_collapse(rule: Rule | Precondition) -> bool:
    if isinstance(rule, Precondition):
        return False
    return any(e.variable == "talks_collapsed" and e.value for e in rule.effects)


def _verdict_words(
    verdict: Verdict,
    steps: Sequence[dict[str, object]],
    params: Parameters,
    cause_war: ExplanationLine | None,
    cause_collapse: ExplanationLine | None,
) -> tuple[str, str, ExplanationLine | None]:
    first: dict[str, Any] = steps[0]
    last: dict[str, Any] = steps[-1]
    sections = ", ".join(params.verdict_sections)
    if verdict is Verdict.WAR_RISK:
        if cause_war is None:  # pragma: no cover - a strike always has its step
            raise SequenceModelError("a war-risk verdict without the step that caused it")
        text = (
            "War risk: a military strike has been made "
            f"(step {cause_war.step}, rule {cause_war.rule_id}, "
            f"{', '.join(cause_war.sections)}); the region is on the brink of a "
            "full-scale war, whatever follows."
        )
        return "verdict-war-risk-strike", text, cause_war
    if verdict is Verdict.BREAKDOWN:
        held = " A test moratorium still holds." if last["freeze"] >= 1 else ""
        text = "Breakdown: the talks collapsed"
        if cause_collapse is not None:
            text += (
                f" at step {cause_collapse.step} (rule {cause_collapse.rule_id}, "
                f"{', '.join(cause_collapse.sections)})"
            )
        text += f" and no US–DPRK channel is open at the end.{held}"
        return "verdict-breakdown", text, cause_collapse
    if verdict is Verdict.SETTLEMENT_TRACK:
        text = (
            "Settlement track: talks are open, the programme is frozen under verification, a "
            "security regime is in place, denuclearization has begun and Seoul does not "
            f"pursue absorption. This is the best outcome the model allows ({sections})."
        )
        return "verdict-settlement-track", text, None
    if verdict in (Verdict.MORATORIUM, Verdict.VERIFIED_FREEZE):
        if verdict is Verdict.VERIFIED_FREEZE:
            head = "Verified freeze: the programme is frozen and inspectors verify it, but "
        elif last["freeze"] == 2:
            head = "Moratorium: a programme freeze is declared but nobody verifies it, and "
        elif last["denuclearization"] > 0 and last["verified"]:
            head = (
                "Moratorium: tests are paused and dismantling has been verified "
                f"(denuclearization {last['denuclearization']:g} of {_HIGH[_DENUC]:g}), but "
                "the rest of the programme was never frozen, and "
            )
        else:
            head = "Moratorium: tests are paused but the programme is not frozen, and "
        missing = []
        if verdict is Verdict.VERIFIED_FREEZE:
            if not last["us_dprk_channel"]:
                missing.append("no US–DPRK talks are open")
            if not last["security_regime"]:
                missing.append("no security regime exists")
            if last["denuclearization"] <= 0:
                missing.append("no denuclearization step has been taken")
            if last["absorption"]:
                missing.append("Seoul still pursues absorption")
            if last["trust"] < params.settlement_trust:
                missing.append(f"trust is below {params.settlement_trust:g}")
        else:
            missing.append("no settlement is possible until the programme is frozen and verified")
        text = head + "; ".join(missing or ["the settlement conditions are not all met"]) + "."
        rule = (
            "verdict-verified-freeze"
            if verdict is Verdict.VERIFIED_FREEZE
            else ("verdict-moratorium")
        )
        return rule, text, None
    text = (
        "Stalemate: nothing froze North Korea's programme; its capability grew from "
        f"{first['capability']:.1f} to {last['capability']:.1f} of {_CAP_MAX:g} while "
        + (
            "no talks were open."
            if not last["us_dprk_channel"]
            else "talks went on without a freeze."
        )
        + f" Waiting has a cost ({', '.join(params.growth_sections)})."
    )
    return "verdict-stalemate", text, None


def draw_probabilities(params: Parameters, rng: random.Random) -> dict[str, float]:
    """One draw of every probability of the model, uniform within its documented range."""
    return {name: rng.uniform(p.low, p.high) for name, p in params.probabilities.items()}


def simulate_many(
    sequence: Sequence[str],
    *,
    runs: int = 200,
    seed: int | None = 0,
    lens: str | None = None,
    catalogue: Catalogue | None = None,
    vary: bool = True,
) -> OutcomeDistribution:
    """Run ``sequence`` ``runs`` times with random hedged responses; count the verdicts.

    This is the uncertainty mode: with ``vary`` (the default) each run first draws every
    probability of the model from its documented range, then draws the hedged responses
    with those probabilities; with ``vary=False`` the probabilities stay at their values.
    The same ``seed`` gives the same distribution.

    >>> dist = simulate_many(["us_direct_talks"], runs=50, seed=1)
    >>> sum(dist.verdict_counts.values())
    50
    """
    _check_runs(runs)
    catalogue = _resolve(catalogue, lens)
    return _run_many(catalogue.check_sequence(sequence), runs, seed, catalogue, vary)


def _check_runs(runs: object) -> None:
    if not isinstance(runs, int) or isinstance(runs, bool) or runs < 1:
        raise SequenceModelError(f"runs must be a whole number of at least 1, not {runs!r}")


def _run_many(
    moves: Sequence[Move], runs: int, seed: int | None, catalogue: Catalogue, vary: bool
) -> OutcomeDistribution:
    """The distribution of ``runs`` random runs of moves already checked against ``catalogue``."""
    params = catalogue.parameters
    compiled = [catalogue.compiled(m.id) for m in moves]
    rng = random.Random(seed)
    fixed = _point_probabilities(params)
    war_tension = params.war_tension
    verdicts = []
    for _ in range(runs):
        probs = draw_probabilities(params, rng) if vary else fixed
        state = list(params.initial)
        for c in compiled:
            _apply(c, state, params.growth, rng, war_tension, probs)
        verdicts.append(_verdict_of(state, params))
    counts = {v.value: sum(1 for x in verdicts if x is v) for v in VERDICTS}
    return OutcomeDistribution(tuple(m.id for m in moves), runs, seed, counts, verdicts)


def final_state(
    sequence: Iterable[str], *, lens: str | None = None, catalogue: Catalogue | None = None
) -> State:
    """The deterministic end state of a sequence, as a tuple (fast; no explanation)."""
    catalogue = _resolve(catalogue, lens)
    moves = catalogue.check_sequence(sequence)
    params = catalogue.parameters
    state = list(params.initial)
    for move in moves:
        _apply(catalogue.compiled(move.id), state, params.growth, None, params.war_tension)
    return tuple(state)


def verdict_of(
    sequence: Iterable[str], *, lens: str | None = None, catalogue: Catalogue | None = None
) -> Verdict:
    """The deterministic verdict of a sequence, without the explanation (fast)."""
    catalogue = _resolve(catalogue, lens)
    return _verdict_of(final_state(sequence, catalogue=catalogue), catalogue.parameters)
