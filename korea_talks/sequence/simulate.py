"""Run a sequence of moves through the model and explain where it leads.

:func:`simulate` is deterministic by default: every hedged response takes the branch the
article expects, so the same sequence always gives the same result. Given a ``seed`` it
draws the hedged responses at random (documented probabilities); :func:`simulate_many`
repeats such runs and returns the distribution of verdicts.

>>> result = simulate(["us_direct_talks", "us_moratorium_for_moratorium"])
>>> result.verdict.value
'freeze'
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

import pandas as pd

from korea_talks.sequence.catalogue import Catalogue, Move, Parameters, load_catalogue
from korea_talks.sequence.state import INDEX, VARIABLES, State, state_as_dict


class Verdict(StrEnum):
    """The outcomes the model can reach, from worst to best."""

    WAR_RISK = "war-risk"
    BREAKDOWN = "breakdown"
    STALEMATE = "stalemate"
    FREEZE = "freeze"
    SETTLEMENT_TRACK = "settlement-track"

    @property
    def rank(self) -> int:
        """0 for the worst outcome (war risk) up to 4 for the best (settlement track)."""
        return _RANK[self]

    @property
    def title(self) -> str:
        """A short plain-words name, e.g. ``'settlement track'``."""
        return self.value.replace("-", " ")


VERDICTS: tuple[Verdict, ...] = tuple(Verdict)
_RANK = {v: i for i, v in enumerate(VERDICTS)}
BEST_VERDICT = Verdict.SETTLEMENT_TRACK
"""The best outcome the model allows."""

VERDICT_MEANINGS: dict[Verdict, str] = {
    Verdict.WAR_RISK: "a strike has been made or tension has reached the war threshold",
    Verdict.BREAKDOWN: "talks were opened and then collapsed, and no US–DPRK channel is open",
    Verdict.STALEMATE: "nothing froze North Korea's programme; its capability keeps growing",
    Verdict.FREEZE: "a test moratorium or programme freeze holds, but no settlement yet",
    Verdict.SETTLEMENT_TRACK: (
        "talks are open, the programme is frozen, a security regime exists and "
        "denuclearization has begun"
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
_LOW = tuple(float(v.low) for v in VARIABLES)
_HIGH = tuple(float(v.high) for v in VARIABLES)

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
    trajectory: pd.DataFrame
    verdict: Verdict
    verdict_text: str
    verdict_rule: str
    verdict_cause: ExplanationLine | None
    explanation: list[ExplanationLine]
    seed: int | None = None
    distribution: OutcomeDistribution | None = None

    @property
    def final_state(self) -> dict[str, float | bool | int]:
        """The state after the last step, as a readable dict."""
        row = self.trajectory.iloc[-1]
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
        return "\n".join(lines)


@dataclass
class OutcomeDistribution:
    """The verdicts of many random runs of one sequence."""

    sequence: tuple[str, ...]
    runs: int
    seed: int | None
    counts: pd.Series
    verdicts: list[Verdict] = field(repr=False)

    @property
    def shares(self) -> pd.Series:
        """Share of runs ending in each verdict (sums to 1)."""
        return self.counts / self.runs

    @property
    def most_common(self) -> Verdict:
        """The verdict reached most often (the better one on a tie)."""
        best = max(VERDICTS, key=lambda v: (self.counts[v.value], v.rank))
        return best

    def describe(self) -> str:
        """One plain-words line per verdict, e.g. ``'settlement track: 61% of 200 runs'``."""
        return "\n".join(
            f"{Verdict(name).title}: {share:.0%} of {self.runs} runs"
            for name, share in self.shares.items()
        )


# --------------------------------------------------------------------------- compiled core

_Compiled = tuple  # (preconditions, rules) with plain tuples for speed
_COMPILED: dict[int, tuple[Catalogue, dict[str, _Compiled]]] = {}


def _compile(catalogue: Catalogue) -> dict[str, _Compiled]:
    cached = _COMPILED.get(id(catalogue))
    if cached is not None and cached[0] is catalogue:
        return cached[1]
    probs = catalogue.parameters.probabilities
    compiled: dict[str, _Compiled] = {}
    for move in catalogue.moves.values():
        pres = tuple(
            (tuple((INDEX[c.variable], c.op, c.value) for c in pre.require), pre)
            for pre in move.preconditions
        )
        rules = []
        for rule in move.rules:
            conds = tuple((INDEX[c.variable], c.op, c.value) for c in rule.when)
            effects = tuple((INDEX[e.variable], e.kind, e.value) for e in rule.effects)
            chance = None
            if rule.chance:
                p = probs[rule.chance]
                chance = (p.value, p.deterministic)
            rules.append((conds, chance, effects, rule))
        compiled[move.id] = (pres, tuple(rules))
    _COMPILED[id(catalogue)] = (catalogue, compiled)
    return compiled


def _holds(conds, state) -> bool:
    for idx, op, value in conds:
        x = state[idx]
        if op == ">=":
            if not x >= value:
                return False
        elif op == "==":
            if x != value:
                return False
        elif op == "<":
            if not x < value:
                return False
        elif op == ">":
            if not x > value:
                return False
        elif op == "<=":
            if not x <= value:
                return False
        elif x == value:  # "!="
            return False
    return True


def _apply(compiled_move, state: list[float], growth, rng: random.Random | None):
    """Apply one move to ``state`` in place; return (rule or precondition, applied)."""
    pres, rules = compiled_move
    outcome = None
    applied = True
    for conds, pre in pres:
        if not _holds(conds, state):
            outcome, applied = pre, False
            break
    if applied:
        for conds, chance, effects, rule in rules:
            if conds and not _holds(conds, state):
                continue
            if chance is not None:
                fires = chance[1] if rng is None else rng.random() < chance[0]
                if not fires:
                    continue
            for idx, kind, value in effects:
                if kind == "add":
                    x = state[idx] + value
                elif kind == "set":
                    x = value
                else:
                    x = state[idx] if state[idx] > value else value
                lo = _LOW[idx]
                hi = _HIGH[idx]
                state[idx] = lo if x < lo else hi if x > hi else x
            outcome = rule
            break
    before = state[_CAP]
    cap = before + growth[int(state[_FREEZE])]
    state[_CAP] = cap if cap < 10.0 else 10.0
    return outcome, applied, state[_CAP] - before


def _verdict_of(state, params: Parameters) -> Verdict:
    if state[_STRIKE] or state[_TENSION] >= params.war_tension:
        return Verdict.WAR_RISK
    if state[_COLLAPSED] and not state[_CHANNEL]:
        return Verdict.BREAKDOWN
    if (
        state[_CHANNEL]
        and state[_FREEZE] >= 1
        and state[_REGIME]
        and state[_DENUC] > 0
        and state[_TRUST] >= params.settlement_trust
    ):
        return Verdict.SETTLEMENT_TRACK
    if state[_FREEZE] >= 1:
        return Verdict.FREEZE
    return Verdict.STALEMATE


# --------------------------------------------------------------------------- public API


def _resolve(catalogue: Catalogue | None) -> Catalogue:
    return catalogue if catalogue is not None else load_catalogue()


def _row(step: int, move: Move | None, rule_id: str, applied: bool, state) -> dict:
    row: dict = {
        "step": step,
        "move_id": move.id if move else "",
        "actor": move.actor if move else "",
        "rule_id": rule_id,
        "applied": applied,
    }
    row.update(state_as_dict(tuple(state)))
    return row


def simulate(
    sequence: Iterable[str],
    *,
    catalogue: Catalogue | None = None,
    seed: int | None = None,
    runs: int | None = None,
) -> SimulationResult:
    """Run ``sequence`` (move ids) from the mid-2017 state and explain the outcome.

    Without ``seed`` the run is deterministic. With ``seed`` the hedged responses are
    drawn at random. With ``runs`` the result also carries ``.distribution``, the
    :class:`OutcomeDistribution` of that many random runs (seeded by ``seed``).
    Unknown ids raise :class:`~korea_talks.sequence.errors.UnknownMoveError`.
    """
    catalogue = _resolve(catalogue)
    moves = catalogue.check_sequence(sequence)
    params = catalogue.parameters
    compiled = _compile(catalogue)
    rng = random.Random(seed) if seed is not None else None
    state = list(params.initial)
    rows = [_row(0, None, "start", True, state)]
    lines: list[ExplanationLine] = []
    cause_war: ExplanationLine | None = None
    cause_collapse: ExplanationLine | None = None
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
        before_tension = state[_TENSION]
        outcome, applied, grown = _apply(compiled[move.id], state, params.growth, rng)
        if applied:
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
        if state[_TENSION] >= params.war_tension > before_tension and cause_war is None:
            cause_war = line
        if state[_CHANNEL]:
            cause_collapse = None
        elif applied and state[_COLLAPSED] and _sets_collapse(outcome):
            cause_collapse = line
        rows.append(_row(step, move, outcome.id, applied, state))
    verdict = _verdict_of(state, params)
    trajectory = pd.DataFrame(rows)
    verdict_rule, verdict_text, cause = _verdict_words(
        verdict, trajectory, params, cause_war, cause_collapse
    )
    distribution = None
    if runs is not None:
        distribution = simulate_many(
            [m.id for m in moves], runs=runs, seed=seed, catalogue=catalogue
        )
    return SimulationResult(
        sequence=tuple(m.id for m in moves),
        trajectory=trajectory,
        verdict=verdict,
        verdict_text=verdict_text,
        verdict_rule=verdict_rule,
        verdict_cause=cause,
        explanation=lines,
        seed=seed,
        distribution=distribution,
    )


def _sets_collapse(rule) -> bool:
    return any(e.variable == "talks_collapsed" and e.value for e in rule.effects)


def _verdict_words(verdict, trajectory, params, cause_war, cause_collapse):
    first = trajectory.iloc[0]
    last = trajectory.iloc[-1]
    sections = ", ".join(params.verdict_sections)
    if verdict is Verdict.WAR_RISK:
        if last["strike"]:
            text = (
                "War risk: a military strike has been made "
                f"(step {cause_war.step}, rule {cause_war.rule_id}, "
                f"{', '.join(cause_war.sections)}); the region is on the brink of a "
                "full-scale war."
            )
            return "verdict-war-risk-strike", text, cause_war
        where = ""
        if cause_war is not None:
            where = (
                f" It crossed the threshold at step {cause_war.step} "
                f"(rule {cause_war.rule_id}, {', '.join(cause_war.sections)})."
            )
        text = (
            f"War risk: tension has reached {last['tension']:.1f} of 10 (threshold "
            f"{params.war_tension:g}).{where}"
        )
        return "verdict-war-risk-tension", text, cause_war
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
            "Settlement track: talks are open, the programme is frozen, a security regime "
            "is in place and denuclearization has begun. This is the best outcome the "
            f"model allows ({sections})."
        )
        return "verdict-settlement-track", text, None
    if verdict is Verdict.FREEZE:
        kind = "a programme freeze" if last["freeze"] == 2 else "a test moratorium"
        missing = []
        if not last["us_dprk_channel"]:
            missing.append("no US–DPRK talks are open")
        if not last["security_regime"]:
            missing.append("no security regime exists")
        if last["denuclearization"] <= 0:
            missing.append("no denuclearization step has been taken")
        if last["trust"] < params.settlement_trust:
            missing.append(f"trust is below {params.settlement_trust:g}")
        text = (
            f"Freeze: {kind} holds and capability has stopped racing ahead, but "
            + "; ".join(missing or ["the settlement conditions are not all met"])
            + "."
        )
        return "verdict-freeze", text, None
    text = (
        "Stalemate: nothing froze North Korea's programme; its capability grew from "
        f"{first['capability']:.1f} to {last['capability']:.1f} of 10 while "
        + (
            "no talks were open."
            if not last["us_dprk_channel"]
            else "talks went on without a freeze."
        )
        + f" Waiting has a cost ({', '.join(params.growth_sections)})."
    )
    return "verdict-stalemate", text, None


def simulate_many(
    sequence: Sequence[str],
    *,
    runs: int = 200,
    seed: int | None = 0,
    catalogue: Catalogue | None = None,
) -> OutcomeDistribution:
    """Run ``sequence`` ``runs`` times with random hedged responses; count the verdicts.

    The same ``seed`` gives the same distribution.

    >>> dist = simulate_many(["us_direct_talks"], runs=50, seed=1)
    >>> int(dist.counts.sum())
    50
    """
    if not isinstance(runs, int) or isinstance(runs, bool) or runs < 1:
        from korea_talks.sequence.errors import SequenceModelError

        raise SequenceModelError(f"runs must be a whole number of at least 1, not {runs!r}")
    catalogue = _resolve(catalogue)
    moves = catalogue.check_sequence(sequence)
    params = catalogue.parameters
    compiled = [_compile(catalogue)[m.id] for m in moves]
    rng = random.Random(seed)
    verdicts = []
    for _ in range(runs):
        state = list(params.initial)
        for c in compiled:
            _apply(c, state, params.growth, rng)
        verdicts.append(_verdict_of(state, params))
    counts = pd.Series({v.value: sum(1 for x in verdicts if x is v) for v in VERDICTS}, name="runs")
    counts.index.name = "verdict"
    return OutcomeDistribution(tuple(m.id for m in moves), runs, seed, counts, verdicts)


def final_state(sequence: Iterable[str], *, catalogue: Catalogue | None = None) -> State:
    """The deterministic end state of a sequence, as a tuple (fast; no explanation)."""
    catalogue = _resolve(catalogue)
    moves = catalogue.check_sequence(sequence)
    compiled = _compile(catalogue)
    state = list(catalogue.parameters.initial)
    for move in moves:
        _apply(compiled[move.id], state, catalogue.parameters.growth, None)
    return tuple(state)
