"""Is the seminar's scoring balanced? Gains over the alternative, and a zone of agreement.

A team's *gain* from a sequence of moves is its score of the end state less the score of
its alternative to agreement (its brief's ``batna.moves`` run alone), both under the same
lens. A well-built multi-party exercise gives every team an agreement worth having and
leaves room for a deal that all can take: a *zone of agreement* is a sequence in which
every team's gain is positive.

:func:`search` looks for such sequences without hard-coding them: a bounded random search
over the moves the teams can offer (every move of the catalogue; an offer may name the
model-played UN and IAEA too), seeded with the model's preset sequences, followed by a
hill climb that swaps, inserts and drops moves. The seed is fixed, so a run is repeatable.

>>> result = search("author", tries=300)
>>> sorted(result.best_gain) == sorted(result.batna)
True
>>> result.zone_gains == gains(result.zone, "author")
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from korea_talks.seminar import model
from korea_talks.seminar.briefs import TEAMS, load_briefs, load_session_rules
from korea_talks.sequence import load_catalogue, load_presets

MAX_LENGTH = 10
"""The longest sequence the search tries: a class plays about six rounds of one or two moves."""


@dataclass(frozen=True)
class BalanceResult:
    """What the search found under one lens."""

    lens: str
    batna: dict[str, float]
    best_gain: dict[str, float]
    best_for: dict[str, tuple[str, ...]]
    zone: tuple[str, ...]
    zone_gains: dict[str, float]

    @property
    def zone_exists(self) -> bool:
        """True if every team beats its alternative in the sequence ``zone``."""
        return min(self.zone_gains.values()) > 0


def batna_scores(lens: str) -> dict[str, float]:
    """Each team's score of its alternative to agreement under ``lens``."""
    return dict(_batna_scores(lens))


@cache
def _batna_scores(lens: str) -> tuple[tuple[str, float], ...]:
    briefs, penalty = load_briefs(), load_session_rules().red_line_penalty
    return tuple(
        (team, briefs[team].score(model.end_state(briefs[team].batna_moves, lens), penalty))
        for team in TEAMS
    )


def gains(moves: Sequence[str], lens: str) -> dict[str, float]:
    """Each team's score of the end state of ``moves`` less its alternative's score."""
    briefs, penalty = load_briefs(), load_session_rules().red_line_penalty
    state = model.end_state(tuple(moves), lens)
    batna = batna_scores(lens)
    return {team: round(briefs[team].score(state, penalty) - batna[team], 1) for team in TEAMS}


def _neighbour(moves: tuple[str, ...], pool: list[str], rng: random.Random) -> tuple[str, ...]:
    seq = list(moves)
    kind = rng.randrange(3)
    if kind == 0 and len(seq) < MAX_LENGTH:
        seq.insert(rng.randrange(len(seq) + 1), rng.choice(pool))
    elif kind == 1 and len(seq) > 1:
        del seq[rng.randrange(len(seq))]
    elif seq:
        seq[rng.randrange(len(seq))] = rng.choice(pool)
    return tuple(seq)


def _climb(
    start: tuple[str, ...],
    value: Callable[[tuple[str, ...]], float],
    pool: list[str],
    rng: random.Random,
    steps: int,
) -> tuple[tuple[str, ...], float]:
    best, best_value = start, value(start)
    for _ in range(steps):
        candidate = _neighbour(best, pool, rng)
        if not candidate:
            continue
        candidate_value = value(candidate)
        if candidate_value >= best_value:
            best, best_value = candidate, candidate_value
    return best, best_value


def search(lens: str, *, tries: int = 1500, seed: int = 2017) -> BalanceResult:
    """Search sequences under ``lens`` for each team's best gain and for a zone of agreement."""
    lens = model.check_lens(lens)
    rng = random.Random(seed)
    pool = list(load_catalogue().moves)
    starts = [tuple(p.moves) for p in load_presets().values() if len(p.moves) <= MAX_LENGTH]
    starts += [
        tuple(rng.choice(pool) for _ in range(rng.randint(2, MAX_LENGTH))) for _ in range(tries)
    ]
    cache: dict[tuple[str, ...], dict[str, float]] = {}

    def gain_of(moves: tuple[str, ...]) -> dict[str, float]:
        if moves not in cache:
            cache[moves] = gains(moves, lens)
        return cache[moves]

    def least_gain(moves: tuple[str, ...]) -> float:
        return min(gain_of(moves).values())

    def team_gain(team: str) -> Callable[[tuple[str, ...]], float]:
        return lambda moves: gain_of(moves)[team]

    best_for = {team: max(starts, key=team_gain(team)) for team in TEAMS}
    zone, _ = _climb(max(starts, key=least_gain), least_gain, pool, rng, tries)
    for team in TEAMS:
        best_for[team], _ = _climb(best_for[team], team_gain(team), pool, rng, 200)
    return BalanceResult(
        lens,
        batna_scores(lens),
        {team: gain_of(best_for[team])[team] for team in TEAMS},
        best_for,
        zone,
        gain_of(zone),
    )
