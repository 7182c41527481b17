"""The freeze-for-freeze game played over many rounds, with optional noise.

A small module of our own (no axelrod dependency): five strategies the literature names,
each a short rule on the history, a match loop with a seeded chance that a move is
misread, and the patience (discount factor) above which mutual freeze can be sustained.
In each round "C" means the cooperative move (North Korea freezes, the United States
suspends) and "D" the other (test, continue).

>>> result = play_match("tit-for-tat", "always-test", rounds=5)
>>> result.moves["north_korea"].tolist()
['C', 'D', 'D', 'D', 'D']
>>> patience_threshold(FreezeGame.default())
0.4
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from korea_talks.games.freeze_game import FreezeGame, FreezeGameError

if TYPE_CHECKING:
    import pandas as pd

C, D = "C", "D"
MAX_ROUNDS = 100_000


class RepeatedGameError(ValueError):
    """A bad strategy name, round count or noise level."""


History = Sequence[tuple[str, str]]
"""(own move, other's move) as each player saw them, oldest first."""


@dataclass(frozen=True)
class Strategy:
    """A named rule: ``decide(history, rng) -> "C" or "D"``, with its rationale."""

    name: str
    description: str
    sections: tuple[str, ...]
    decide: Callable[[History, random.Random], str]


def _always_test(history: History, rng: random.Random) -> str:
    return D


def _always_freeze(history: History, rng: random.Random) -> str:
    return C


def _tit_for_tat(history: History, rng: random.Random) -> str:
    return history[-1][1] if history else C


GENEROSITY = 1 / 3
"""Generous tit for tat forgives a defection with this probability (Nowak and Sigmund)."""


def _generous_tit_for_tat(history: History, rng: random.Random) -> str:
    if not history or history[-1][1] == C:
        return C
    return C if rng.random() < GENEROSITY else D


def _grim_trigger(history: History, rng: random.Random) -> str:
    # Once triggered it keeps defecting, so its own last move remembers the trigger.
    return D if history and D in history[-1] else C


GRIT_PERIOD = 3
"""GRIT repeats a unilateral conciliatory step every this many rounds of conflict."""


def _grit(history: History, rng: random.Random) -> str:
    if not history:
        return C
    if history[-1][1] == C:
        return C
    # Answer a defection in kind, but every GRIT_PERIOD rounds step back unilaterally.
    streak = 0
    for _, theirs in reversed(history):
        if theirs != D:
            break
        streak += 1
    return C if streak % GRIT_PERIOD == 0 else D


STRATEGIES: dict[str, Strategy] = {
    s.name: s
    for s in (
        Strategy(
            "always-test",
            "Never freezes / never suspends: pure pressure.",
            ("S2", "S6"),
            _always_test,
        ),
        Strategy(
            "always-freeze", "Always steps back, whatever the other does.", ("S9",), _always_freeze
        ),
        Strategy(
            "tit-for-tat",
            "Starts by stepping back, then copies the other's last move.",
            ("S7", "S9"),
            _tit_for_tat,
        ),
        Strategy(
            "generous-tit-for-tat",
            "Tit for tat that forgives a test or drill one time in three.",
            ("S9", "S10"),
            _generous_tit_for_tat,
        ),
        Strategy(
            "grim-trigger",
            "Steps back until the first defection, then never again.",
            ("S6",),
            _grim_trigger,
        ),
        Strategy(
            "grit",
            "Osgood's GRIT: answers a defection, but keeps making unilateral "
            "conciliatory steps every third round of conflict.",
            ("S7", "S9"),
            _grit,
        ),
    )
}
"""The strategies by name. Each applies to either player."""


@dataclass(frozen=True)
class Round:
    """One round of a match: the moves made, the payoffs and the running totals."""

    round: int
    north_korea: str
    united_states: str
    nk_payoff: float
    us_payoff: float
    misread: bool
    nk_cumulative: float
    us_cumulative: float


ROUND_COLUMNS = (
    "north_korea",
    "united_states",
    "nk_payoff",
    "us_payoff",
    "misread",
    "nk_cumulative",
    "us_cumulative",
)
"""The columns of :attr:`MatchResult.moves` (indexed by round)."""


@dataclass
class MatchResult:
    """A played match: one record per round with moves, payoffs and running totals.

    ``rounds`` holds plain records (no pandas); :attr:`moves` is the same as a DataFrame.
    """

    north_korea: str
    united_states: str
    rounds: list[Round]
    noise: float
    seed: int | None

    @property
    def moves(self) -> pd.DataFrame:
        """The rounds as a DataFrame indexed by round (imports pandas)."""
        import pandas as pd

        frame = pd.DataFrame(
            [[getattr(r, c) for c in ROUND_COLUMNS] for r in self.rounds],
            columns=list(ROUND_COLUMNS),
            index=pd.Index([r.round for r in self.rounds], name="round"),
        )
        return frame

    @property
    def totals(self) -> dict[str, float]:
        """Total payoff per player."""
        return {
            "north_korea": float(sum(r.nk_payoff for r in self.rounds)),
            "united_states": float(sum(r.us_payoff for r in self.rounds)),
        }

    @property
    def mutual_freeze_share(self) -> float:
        """Share of rounds in which both stepped back."""
        if not self.rounds:
            return 0.0
        both = sum(1 for r in self.rounds if r.north_korea == C and r.united_states == C)
        return both / len(self.rounds)


def _strategy(name: str) -> Strategy:
    if name not in STRATEGIES:
        raise RepeatedGameError(f"unknown strategy {name!r}; allowed: {', '.join(STRATEGIES)}")
    return STRATEGIES[name]


def play_match(
    north_korea: str,
    united_states: str,
    *,
    rounds: int = 50,
    noise: float = 0.0,
    seed: int | None = 0,
    game: FreezeGame | None = None,
) -> MatchResult:
    """Play ``rounds`` rounds of ``game`` (default payoffs) between two named strategies.

    ``noise`` is the chance that each player's move is misread by the other (and so
    enters the other's history flipped); payoffs follow the moves actually made.
    ``seed`` makes noise and generosity reproducible.
    """
    nk_strategy, us_strategy = _strategy(north_korea), _strategy(united_states)
    if isinstance(rounds, bool) or not isinstance(rounds, int) or not 1 <= rounds <= MAX_ROUNDS:
        raise RepeatedGameError(
            f"rounds must be a whole number from 1 to {MAX_ROUNDS}; got {rounds!r}"
        )
    if isinstance(noise, bool) or not isinstance(noise, int | float) or not 0 <= noise <= 0.5:
        raise RepeatedGameError(f"noise must be a probability from 0 to 0.5; got {noise!r}")
    game = game or FreezeGame.default()
    if not isinstance(game, FreezeGame):
        raise FreezeGameError(f"game must be a FreezeGame, got {type(game).__name__}")
    a, b = game.payoff_rows()
    rng = random.Random(seed)
    nk_seen: list[tuple[str, str]] = []  # (NK's move, US move as NK saw it)
    us_seen: list[tuple[str, str]] = []
    rounds_played: list[Round] = []
    flip = {C: D, D: C}
    nk_total = us_total = 0.0
    for number in range(1, rounds + 1):
        nk_move = nk_strategy.decide(nk_seen, rng)
        us_move = us_strategy.decide(us_seen, rng)
        us_as_seen = flip[us_move] if noise and rng.random() < noise else us_move
        nk_as_seen = flip[nk_move] if noise and rng.random() < noise else nk_move
        nk_seen.append((nk_move, us_as_seen))
        us_seen.append((us_move, nk_as_seen))
        i, j = (0 if nk_move == C else 1), (0 if us_move == C else 1)
        nk_total += a[i][j]
        us_total += b[i][j]
        rounds_played.append(
            Round(
                number,
                nk_move,
                us_move,
                a[i][j],
                b[i][j],
                nk_as_seen != nk_move or us_as_seen != us_move,
                nk_total,
                us_total,
            )
        )
    return MatchResult(north_korea, united_states, rounds_played, float(noise), seed)


def patience_threshold(game: FreezeGame, strategy: str = "grim-trigger") -> float | None:
    """The smallest discount factor at which mutual freeze is an equilibrium of the
    infinitely repeated game when both play ``strategy`` ("grim-trigger" or "tit-for-tat").

    For grim trigger each player needs ``delta >= (T - R) / (T - P)``; tit for tat also
    needs ``delta >= (T - R) / (R - S)``. Returns 0 when neither player is tempted, and
    None when no patience is enough (mutual freeze is worse than the punishment, or the
    sucker's payoff is not below the reward for tit for tat).
    """
    if strategy not in ("grim-trigger", "tit-for-tat"):
        raise RepeatedGameError("strategy must be 'grim-trigger' or 'tit-for-tat'")
    nk, us = game.north_korea, game.united_states
    players = (
        (nk["test_suspend"], nk["freeze_suspend"], nk["test_continue"], nk["freeze_continue"]),
        (us["freeze_continue"], us["freeze_suspend"], us["test_continue"], us["test_suspend"]),
    )
    needed = 0.0
    for t, r, p, s in players:
        if t <= r:
            continue
        if r <= p:
            return None
        needed = max(needed, (t - r) / (t - p))
        if strategy == "tit-for-tat":
            if r <= s:
                return None
            needed = max(needed, (t - r) / (r - s))
        if needed >= 1:
            return None
    return round(needed, 12)
