"""The expected-utility bargaining model (Bueno de Mesquita, as reformulated by Scholz,
Calbert and Smith 2011), following their published replication where it differs from the
printed formulas.

One round:

1. **Risk.** Every actor's risk exponent is reset to 1; each actor's *danger* is the sum of
   the expected utilities the others would get by challenging it; danger is rescaled to a
   risk acceptance ``R_i = (2 D_i - D_max - D_min) / (D_max - D_min)`` in [-1, 1] and to a
   risk exponent ``r_i = (1 - R_i/3) / (1 + R_i/3)`` in [0.5, 2].
2. **Votes and probabilities.** Actor *k* casts ``v_k(a, b) = c_k s_k (d_kb^r_k - d_ka^r_k)``
   votes for position *a* over *b*, with ``d_ka = |x_k - a| / W`` and ``W`` the spread of the
   initial positions. The probability that *i* prevails against *j* is the sum of the
   positive votes for ``x_i`` over ``x_j`` divided by the sum of the absolute votes of every
   actor over every ordered pair of positions (the replication's denominator).
3. **Expected utility of a challenge**, seen by an actor with exponent *r*:
   ``EU(i->j) = s_j [P U_s + (1-P) U_f] + (1-s_j) U_s - Q U_sq`` with
   ``U_s = 2 - 4 (0.5 - 0.5 d_ij)^r``, ``U_f = 2 - 4 (0.5 + 0.5 d_ij)^r``,
   ``U_sq = 2 - 4 (0.5)^r`` and ``Q = 1``.
4. **Offers.** Each actor *i* looks at every *j* holding another position, with
   ``a = EU_i(i->j)`` and ``b = EU_i(j->i)`` (both from *i*'s own point of view):
   confrontation when ``b > a > 0`` (i gives in to x_j); compromise when ``b > 0 > a`` and
   ``b > |a|`` (i moves the share ``|a/b|`` of the way to x_j). Confrontations are preferred
   (the nearest one), then compromises (the one whose weighted meeting point
   ``(|a| x_i + |b| x_j)/(|a|+|b|)`` is lowest, the replication's rule); every actor moves
   at once.

The median is the Condorcet winner among the held positions (risk-neutral votes); the
reported mean is weighted by capability times salience.

The model computes with the standard library only (it runs in a browser's Pyodide core)
and keeps its history as plain tuples; :attr:`BargainingResult.positions`,
:attr:`~BargainingResult.medians`, :attr:`~BargainingResult.means` and
:meth:`~BargainingResult.table` give them as pandas objects for the book's pages.

>>> result = run_model(ec_emission_standards(), rounds=1)
>>> result.initial_median
7.0
>>> round(result.mean_history[1], 6)
7.461314
>>> for move in result.moves:
...     print(move.describe())
round 1: Belgium compromises with France: 7 -> 8.416
round 1: Luxembourg gives in to Belgium: 4 -> 7
round 1: Ireland gives in to Luxembourg: 7 -> 4
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from korea_talks.bargaining.actors import ActorInputError, ActorTable, ec_emission_standards
from korea_talks.sequence.frames import frame, series

if TYPE_CHECKING:  # the tables are made by korea_talks.sequence.frames, on demand
    import pandas as pd

__all__ = [
    "MOVE_KINDS",
    "BargainingResult",
    "Move",
    "challenge_utilities",
    "ec_emission_standards",
    "median_position",
    "run_model",
    "run_round",
    "same_position",
    "success_probabilities",
    "weighted_mean",
]

MOVE_KINDS = ("confrontation", "compromise", "capitulation")
"""The three offers. In the published replication a capitulation never moves anyone (its
test can never be true), so :func:`run_model` ignores capitulations unless asked."""

MAX_ROUNDS = 100
POSITION_TOLERANCE = 1e-9
"""Positions closer than this share of the scale (the spread of the starting positions)
count as one position. Compromises produce positions such as 8.416000000000002; without
the tolerance, rounding noise decides whether two actors "differ", and two
implementations of the same rules pick different partners."""
Q_STATUS_QUO = 1.0
"""Q, the probability that the status quo holds if no one challenges (Scholz et al.: 1)."""


@dataclass(frozen=True)
class Move:
    """One actor's move in one round: ``actor`` accepts ``partner``'s offer."""

    round: int
    actor: str
    partner: str
    kind: str
    old_position: float
    new_position: float
    eu_own: float
    """``EU_i(i->j)``: what the mover expects from challenging its partner."""
    eu_partner: float
    """``EU_i(j->i)``: what the mover thinks its partner expects from challenging it."""

    def describe(self) -> str:
        """One plain line, e.g. ``Belgium compromises with France: 7 -> 8.42``."""
        verb = {
            "confrontation": "gives in to",
            "compromise": "compromises with",
            "capitulation": "capitulates to",
        }[self.kind]
        return (
            f"round {self.round}: {self.actor} {verb} {self.partner}: "
            f"{self.old_position:.4g} -> {self.new_position:.4g}"
        )


Vector = Sequence[float]
"""One number per actor, in table order."""
Matrix = list[list[float]]
"""``m[i][j]``: one number per ordered pair of actors."""


@dataclass
class BargainingResult:
    """The whole run: positions per round, medians, means, moves and a convergence note."""

    names: list[str]
    position_history: tuple[tuple[float, ...], ...]
    """One tuple per round (0 = the input), one position per actor in table order."""
    median_history: tuple[float, ...]
    """The median (Condorcet winner) per round (0 = the input)."""
    mean_history: tuple[float, ...]
    """The capability-times-salience weighted mean position per round."""
    moves: list[Move] = field(default_factory=list)
    risk_history: tuple[tuple[float, ...], ...] = ()
    """Risk exponents used in each round (rounds 1..n)."""

    @property
    def positions(self) -> pd.DataFrame:
        """One row per round (index ``round``, 0 = the input), one column per actor."""
        rows = [dict(zip(self.names, row, strict=True)) for row in self.position_history]
        return frame(rows, self.names, index_name="round")

    @property
    def medians(self) -> pd.Series:
        """:attr:`median_history` as a Series indexed by round, named ``median``."""
        return series(dict(enumerate(self.median_history)), name="median", index_name="round")

    @property
    def means(self) -> pd.Series:
        """:attr:`mean_history` as a Series indexed by round, named ``weighted mean``."""
        return series(dict(enumerate(self.mean_history)), name="weighted mean", index_name="round")

    @property
    def risk(self) -> pd.DataFrame | None:
        """:attr:`risk_history` as a DataFrame indexed by round (1..n), or None."""
        if not self.risk_history:
            return None
        rows = [dict(zip(self.names, row, strict=True)) for row in self.risk_history]
        return frame(rows, self.names, index=range(1, len(rows) + 1))

    @property
    def initial_median(self) -> float:
        """The median before any move: the model's first forecast."""
        return self.median_history[0]

    @property
    def predicted_outcome(self) -> float:
        """The weighted mean after the last round."""
        return self.mean_history[-1]

    @property
    def converged(self) -> bool:
        """True when no actor moved more than 0.1 % of the scale in the last round."""
        history = self.position_history
        if len(history) < 2:
            return True
        last = [abs(new - old) for new, old in zip(history[-1], history[-2], strict=True)]
        spread = (max(history[0]) - min(history[0])) or 1.0
        return max(last) <= 1e-3 * spread

    @property
    def oscillates(self) -> bool:
        """True when the weighted mean turns back at least twice and has not converged."""
        means = self.mean_history
        steps = [b - a for a, b in pairwise(means)]
        steps = [step for step in steps if abs(step) > 1e-9]
        turns = sum((a > 0) != (b > 0) for a, b in pairwise(steps))
        return turns >= 2 and not self.converged

    def table(self) -> pd.DataFrame:
        """Positions per round with the median and the weighted mean as extra columns."""
        import pandas as pd

        return pd.concat([self.positions, self.medians, self.means], axis=1)

    def __repr__(self) -> str:
        return (
            f"BargainingResult({len(self.names)} actors, {len(self.mean_history) - 1} rounds, "
            f"initial median {self.initial_median:.4g}, final weighted mean "
            f"{self.predicted_outcome:.4g}, {len(self.moves)} moves)"
        )

    def _repr_html_(self) -> str | None:
        try:
            table = self.table()
        except ImportError:  # no pandas (a browser's Pyodide core): the plain repr shows
            return None
        return table.round(2).to_html(border=0) + f"<p>{self.note()}</p>"

    def note(self) -> str:
        """A plain sentence about convergence, for widgets and pages."""
        if self.converged:
            return f"The positions settle: predicted outcome {self.predicted_outcome:.2f}."
        if self.oscillates:
            return (
                "The model oscillates instead of converging: actors keep trading places, so "
                f"read the outcome as a range ({min(self.mean_history):.2f} to "
                f"{max(self.mean_history):.2f}), not a point."
            )
        return (
            f"Still moving after {len(self.mean_history) - 1} rounds: last weighted mean "
            f"{self.predicted_outcome:.2f}."
        )


def _arrays(table: ActorTable) -> tuple[list[float], list[float], list[float]]:
    positions = [float(a.position) for a in table.actors]
    capability = [float(a.capability) for a in table.actors]
    salience = [float(a.salience) / 100.0 for a in table.actors]
    return positions, capability, salience


def _tolerance(width: float) -> float:
    """The absolute tolerance for a scale of this width."""
    return POSITION_TOLERANCE * (width if width > 0 else 1.0)


def same_position(a: float, b: float, width: float) -> bool:
    """True when two positions differ only by rounding (within :data:`POSITION_TOLERANCE`).

    >>> same_position(8.416, 8.416 + 1e-12, 10.0), same_position(8.4, 8.5, 10.0)
    (True, False)
    """
    return abs(float(a) - float(b)) <= _tolerance(width)


def _distance(x: Vector, width: float) -> Matrix:
    """``d[a][b] = |x_a - x_b| / width`` (0 everywhere when all positions coincide)."""
    if width <= 0:
        return [[0.0] * len(x) for _ in x]
    return [[abs(float(xa) - float(xb)) / width for xb in x] for xa in x]


def success_probabilities(x: Vector, weight: Vector, risk: Vector, width: float) -> Matrix:
    """``P[i][j]``: probability that i prevails over j (replication denominator).

    Actor k casts ``v_k(a, b) = w_k (d_kb^r_k - d_ka^r_k)`` votes for a's position over
    b's. The denominator counts every ordered pair, so for two actors P[i][j] + P[j][i]
    is 1/2, not 1: the replication's probabilities are small by construction.

    >>> success_probabilities([0.0, 1.0], [1.0, 1.0], [1.0, 1.0], 1.0)
    [[0.0, 0.25], [0.25, 0.0]]
    """
    n = len(x)
    dist = _distance(x, width)
    powered = [[d ** float(risk[k]) for d in dist[k]] for k in range(n)]  # d_ka^r_k
    favour = [[0.0] * n for _ in range(n)]
    total = 0.0
    for k in range(n):
        w, row = float(weight[k]), powered[k]
        for a in range(n):
            for b in range(n):
                vote = w * (row[b] - row[a])
                total += abs(vote)
                if vote > 0.0:
                    favour[a][b] += vote
    if total == 0.0:
        return [[0.0] * n for _ in range(n)]
    return [
        [0.0 if same_position(x[a], x[b], width) else favour[a][b] / total for b in range(n)]
        for a in range(n)
    ]


def challenge_utilities(prob: Matrix, dist: Matrix, salience: Vector, r: Vector | float) -> Matrix:
    """``EU[i][j]``: expected utility of i challenging j, seen with exponent ``r`` (one
    number, or one per observer i)."""
    n = len(prob)
    exponents = [float(r)] * n if isinstance(r, int | float) else [float(v) for v in r]
    return [
        [
            expected_utility(prob[i][j], dist[i][j], float(salience[j]), exponents[i])
            for j in range(n)
        ]
        for i in range(n)
    ]


def expected_utility(prob: float, dist: float, salience: float, r: float) -> float:
    """The utility of a challenge: the one formula of the model.

    With success probability ``prob``, policy distance ``dist`` (0-1), the salience of the
    side that resists and risk exponent ``r``: ``s (P U_s + (1 - P) U_f) + (1 - s) U_s -
    Q U_sq``, where ``U_s = 2 - 4 (0.5 - 0.5 d)^r``, ``U_f = 2 - 4 (0.5 + 0.5 d)^r`` and
    ``U_sq = 2 - 4 * 0.5^r``. :func:`challenge_utilities` and the challenged side's view
    both call it, with the salience of a different side.

    >>> expected_utility(1.0, 0.0, 1.0, 1.0)
    0.0
    """
    u_success: float = 2.0 - 4.0 * (0.5 - 0.5 * dist) ** r
    u_failure: float = 2.0 - 4.0 * (0.5 + 0.5 * dist) ** r
    u_status_quo: float = 2.0 - 4.0 * 0.5**r
    return (
        salience * (prob * u_success + (1.0 - prob) * u_failure)
        + (1.0 - salience) * u_success
        - Q_STATUS_QUO * u_status_quo
    )


def _risk_exponents(x: Vector, weight: Vector, salience: Vector, width: float) -> list[float]:
    n = len(x)
    ones = [1.0] * n
    prob = success_probabilities(x, weight, ones, width)
    eu = challenge_utilities(prob, _distance(x, width), salience, 1.0)
    # danger of i: what the others expect from challenging i
    danger = [sum(eu[k][i] for k in range(n) if k != i) for i in range(n)]
    high, low = max(danger), min(danger)
    span = high - low
    if span <= 0.0:
        return ones
    acceptance = [(2.0 * d - high - low) / span for d in danger]
    return [(1.0 - a / 3.0) / (1.0 + a / 3.0) for a in acceptance]


def median_position(x: Vector, weight: Vector, width: float) -> float:
    """The held position that wins every pairwise, risk-neutral vote.

    Without a Condorcet winner (ties), the held position with the largest total margin;
    ties go to the lower position.

    >>> median_position([4.0, 7.0, 10.0], [0.2, 0.1, 0.3], 6.0)
    7.0
    """
    candidates = _distinct(x, width)
    if len(candidates) == 1:
        return candidates[0]
    w = width if width > 0 else 1.0
    dist = [[abs(float(xk) - c) / w for c in candidates] for xk in x]  # [k][candidate]
    m = len(candidates)
    margin = [
        [sum(float(weight[k]) * (dist[k][b] - dist[k][a]) for k in range(len(x))) for b in range(m)]
        for a in range(m)
    ]
    for a in range(m):
        if sum(value > 1e-12 for value in margin[a]) == m - 1:
            return candidates[a]
    totals = [sum(row) for row in margin]
    return candidates[totals.index(max(totals))]


def _distinct(x: Vector, width: float) -> list[float]:
    """The held positions, sorted, with near-equal ones merged into the first of them."""
    kept: list[float] = []
    for value in sorted(float(v) for v in x):
        if not kept or not same_position(value, kept[-1], width):
            kept.append(value)
    return kept


def weighted_mean(x: Vector, weight: Vector) -> float:
    """Mean position weighted by capability times salience (plain mean if all weights 0)."""
    total = sum(float(w) for w in weight)
    if total == 0.0:
        return sum(float(v) for v in x) / len(x)
    return sum(float(w) * float(v) for w, v in zip(weight, x, strict=True)) / total


def run_round(
    table: ActorTable,
    x: Vector,
    width: float,
    round_number: int = 1,
    *,
    capitulation: bool = False,
) -> tuple[list[float], list[Move], list[float]]:
    """One round from positions ``x``: returns new positions, the moves and the exponents.

    With ``capitulation=True`` an actor that has neither a confrontation nor a compromise
    gives in to the nearest partner when ``b > 0 > a`` and ``b < |a|`` (the printed rule).
    """
    x = [float(v) for v in x]
    _, capability, salience = _arrays(table)
    weight = [c * s for c, s in zip(capability, salience, strict=True)]
    risk = _risk_exponents(x, weight, salience, width)
    prob = success_probabilities(x, weight, risk, width)
    dist = _distance(x, width)
    n = len(x)
    # a[i][j] = EU_i(i->j); b[i][j] = EU_i(j->i): the partner's gain from challenging i,
    # seen with i's exponent, against i's salience.
    eu_own = challenge_utilities(prob, dist, salience, risk)
    eu_rev = [
        [expected_utility(prob[j][i], dist[i][j], salience[i], risk[i]) for j in range(n)]
        for i in range(n)
    ]
    names = table.names
    new_x = list(x)
    moves: list[Move] = []
    tolerance = _tolerance(width)
    kind_rank = {"confrontation": 0, "compromise": 1, "capitulation": 2}
    for i in range(n):
        best: tuple[tuple[int, float], int, str, float] | None = None
        for j in range(n):
            if j == i or same_position(x[j], x[i], width):
                continue
            a, b = eu_own[i][j], eu_rev[i][j]
            if b > a > 0:
                kind, target = "confrontation", x[j]
                key = abs(x[i] - target)
            elif b > 0 > a and b > abs(a):
                kind = "compromise"
                target = x[i] + (x[j] - x[i]) * abs(a / b)
                key = (abs(a) * x[i] + abs(b) * x[j]) / (abs(a) + abs(b))
            elif capitulation and b > 0 > a and b < abs(a):
                kind, target = "capitulation", x[j]
                key = abs(x[i] - target)
            else:
                continue
            candidate = (kind_rank[kind], key)
            # Keys that differ only by rounding are a tie, which goes to the partner
            # listed first: the choice must not depend on the last bits of a float.
            if best is None or _better(candidate, best[0], tolerance):
                best = (candidate, j, kind, target)
        if best is not None:
            _, j, kind, target = best
            new_x[i] = target
            moves.append(
                Move(
                    round_number, names[i], names[j], kind, x[i], target, eu_own[i][j], eu_rev[i][j]
                )
            )
    return new_x, moves, risk


def _better(candidate: tuple[int, float], incumbent: tuple[int, float], tolerance: float) -> bool:
    """True when ``candidate`` (kind rank, key) beats ``incumbent`` by more than rounding."""
    if candidate[0] != incumbent[0]:
        return candidate[0] < incumbent[0]
    return candidate[1] < incumbent[1] - tolerance


def run_model(
    table: ActorTable, rounds: int = 10, *, capitulation: bool = False
) -> BargainingResult:
    """Run ``rounds`` rounds from the table's positions and record everything.

    ``capitulation=False`` (the default) reproduces the published replication; see
    :func:`run_round`.

    Raises :class:`ActorInputError` for a bad table or a round count outside 0-100.
    """
    if not isinstance(table, ActorTable):
        raise ActorInputError(f"expected an ActorTable, got {type(table).__name__}")
    if isinstance(rounds, bool) or not isinstance(rounds, int) or not 0 <= rounds <= MAX_ROUNDS:
        raise ActorInputError(
            f"rounds must be a whole number from 0 to {MAX_ROUNDS}; got {rounds!r}"
        )
    x, capability, salience = _arrays(table)
    weight = [c * s for c, s in zip(capability, salience, strict=True)]
    width = max(x) - min(x)
    if width <= POSITION_TOLERANCE * max(1.0, max(abs(v) for v in x)):
        width = 0.0  # every spread is rounding noise: one position, nobody moves
    history = [tuple(x)]
    risks = []
    moves: list[Move] = []
    for number in range(1, rounds + 1):
        x, round_moves, risk = run_round(table, x, width, number, capitulation=capitulation)
        history.append(tuple(x))
        risks.append(tuple(risk))
        moves.extend(round_moves)
    return BargainingResult(
        names=table.names,
        position_history=tuple(history),
        median_history=tuple(median_position(row, weight, width) for row in history),
        mean_history=tuple(weighted_mean(row, weight) for row in history),
        moves=moves,
        risk_history=tuple(risks),
    )
