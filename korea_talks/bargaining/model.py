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

>>> result = run_model(ec_emission_standards(), rounds=1)
>>> result.initial_median
7.0
>>> round(float(result.means[1]), 6)
7.461314
>>> for move in result.moves:
...     print(move.describe())
round 1: Belgium compromises with France: 7 -> 8.416
round 1: Luxembourg gives in to Belgium: 4 -> 7
round 1: Ireland gives in to Luxembourg: 7 -> 4
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from korea_talks.bargaining.actors import ActorInputError, ActorTable, ec_emission_standards

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


@dataclass(frozen=True)
class RoundState:
    """Positions and risk exponents used in one round (before its moves)."""

    positions: np.ndarray
    risk: np.ndarray


@dataclass
class BargainingResult:
    """The whole run: positions per round, medians, means, moves and a convergence note."""

    names: list[str]
    positions: pd.DataFrame
    """One row per round (0 = the input), one column per actor."""
    medians: pd.Series
    """The median (Condorcet winner) per round, indexed by round (0 = the input)."""
    means: pd.Series
    """The capability-times-salience weighted mean position per round."""
    moves: list[Move] = field(default_factory=list)
    risk: pd.DataFrame | None = None
    """Risk exponents used in each round (rows 1..n)."""

    @property
    def initial_median(self) -> float:
        """The median before any move: the model's first forecast."""
        return float(self.medians.iloc[0])

    @property
    def predicted_outcome(self) -> float:
        """The weighted mean after the last round."""
        return float(self.means.iloc[-1])

    @property
    def converged(self) -> bool:
        """True when no actor moved more than 0.1 % of the scale in the last round."""
        if len(self.positions) < 2:
            return True
        last = self.positions.iloc[-1].to_numpy() - self.positions.iloc[-2].to_numpy()
        spread = float(np.ptp(self.positions.iloc[0].to_numpy())) or 1.0
        return bool(np.max(np.abs(last)) <= 1e-3 * spread)

    @property
    def oscillates(self) -> bool:
        """True when the weighted mean turns back at least twice and has not converged."""
        steps = np.diff(np.asarray(self.means))
        steps = steps[np.abs(steps) > 1e-9]
        turns = int(np.sum(np.sign(steps[1:]) != np.sign(steps[:-1]))) if len(steps) > 1 else 0
        return turns >= 2 and not self.converged

    def table(self) -> pd.DataFrame:
        """Positions per round with the median and the weighted mean as extra columns."""
        return pd.concat([self.positions, self.medians, self.means], axis=1)

    def __repr__(self) -> str:
        return (
            f"BargainingResult({len(self.names)} actors, {len(self.means) - 1} rounds, "
            f"initial median {self.initial_median:.4g}, final weighted mean "
            f"{self.predicted_outcome:.4g}, {len(self.moves)} moves)"
        )

    def _repr_html_(self) -> str:
        return self.table().round(2).to_html(border=0) + f"<p>{self.note()}</p>"

    def note(self) -> str:
        """A plain sentence about convergence, for widgets and pages."""
        if self.converged:
            return f"The positions settle: predicted outcome {self.predicted_outcome:.2f}."
        if self.oscillates:
            return (
                "The model oscillates instead of converging: actors keep trading places, so "
                f"read the outcome as a range ({min(self.means):.2f} to "
                f"{max(self.means):.2f}), not a point."
            )
        return (
            f"Still moving after {len(self.means) - 1} rounds: last weighted mean "
            f"{self.predicted_outcome:.2f}."
        )


def _arrays(table: ActorTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    positions = np.array([a.position for a in table.actors], dtype=float)
    capability = np.array([a.capability for a in table.actors], dtype=float)
    salience = np.array([a.salience for a in table.actors], dtype=float) / 100.0
    return positions, capability, salience


def _tolerance(width: float) -> float:
    """The absolute tolerance for a scale of this width."""
    return POSITION_TOLERANCE * (width if width > 0 else 1.0)


def same_position(a: np.ndarray | float, b: np.ndarray | float, width: float) -> np.ndarray:
    """True where two positions differ only by rounding (within :data:`POSITION_TOLERANCE`).

    >>> bool(same_position(8.416, 8.416 + 1e-12, 10.0)), bool(same_position(8.4, 8.5, 10.0))
    (True, False)
    """
    gap: np.ndarray = np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))
    return gap <= _tolerance(width)


def _distance(x: np.ndarray, width: float) -> np.ndarray:
    """``d[a, b] = |x_a - x_b| / width`` (0 everywhere when all positions coincide)."""
    if width <= 0:
        return np.zeros((len(x), len(x)))
    distance: np.ndarray = np.abs(x[:, None] - x[None, :]) / width
    return distance


def _votes(x: np.ndarray, weight: np.ndarray, risk: np.ndarray, width: float) -> np.ndarray:
    """``v[k, a, b]``: votes of actor k for actor a's position over actor b's."""
    dist = _distance(x, width) ** risk[:, None]  # dist[k, a] with exponent r_k
    votes: np.ndarray = weight[:, None, None] * (dist[:, None, :] - dist[:, :, None])
    return votes


def success_probabilities(
    x: np.ndarray, weight: np.ndarray, risk: np.ndarray, width: float
) -> np.ndarray:
    """``P[i, j]``: probability that i prevails over j (replication denominator).

    The denominator counts every ordered pair, so for two actors P[i, j] + P[j, i] is 1/2,
    not 1: the replication's probabilities are small by construction.

    >>> p = success_probabilities(np.array([0.0, 1.0]), np.array([1.0, 1.0]),
    ...                           np.ones(2), 1.0)
    >>> p.tolist()
    [[0.0, 0.25], [0.25, 0.0]]
    """
    votes = _votes(x, weight, risk, width)
    total = float(np.abs(votes).sum())
    if total == 0.0:
        return np.zeros((len(x), len(x)))
    prob: np.ndarray = np.clip(votes, 0.0, None).sum(axis=0) / total
    prob[same_position(x[:, None], x[None, :], width)] = 0.0
    return prob


def challenge_utilities(
    prob: np.ndarray, dist: np.ndarray, salience: np.ndarray, r: np.ndarray | float
) -> np.ndarray:
    """``EU[i, j]``: expected utility of i challenging j, seen with exponent ``r``.

    ``r`` is a scalar or an array broadcast against ``[i, j]`` (one observer per row).
    """
    return expected_utility(prob, dist, salience[None, :], r)


def expected_utility(
    prob: np.ndarray, dist: np.ndarray, salience: np.ndarray, r: np.ndarray | float
) -> np.ndarray:
    """The utility of a challenge: the one formula of the model, broadcast element-wise.

    With success probability ``prob``, policy distance ``dist`` (0-1), the salience of the
    side that resists and risk exponent ``r``: ``s (P U_s + (1 - P) U_f) + (1 - s) U_s -
    Q U_sq``, where ``U_s = 2 - 4 (0.5 - 0.5 d)^r``, ``U_f = 2 - 4 (0.5 + 0.5 d)^r`` and
    ``U_sq = 2 - 4 * 0.5^r``. :func:`challenge_utilities` and the challenged side's view
    both call it, with the salience of a different side.

    >>> float(expected_utility(np.array(1.0), np.array(0.0), np.array(1.0), 1.0))
    0.0
    """
    u_success = 2.0 - 4.0 * (0.5 - 0.5 * dist) ** r
    u_failure = 2.0 - 4.0 * (0.5 + 0.5 * dist) ** r
    u_status_quo = 2.0 - 4.0 * 0.5**r
    utilities: np.ndarray = (
        salience * (prob * u_success + (1.0 - prob) * u_failure)
        + (1.0 - salience) * u_success
        - Q_STATUS_QUO * u_status_quo
    )
    return utilities


def _risk_exponents(
    x: np.ndarray, weight: np.ndarray, salience: np.ndarray, width: float
) -> np.ndarray:
    ones = np.ones(len(x))
    prob = success_probabilities(x, weight, ones, width)
    eu = challenge_utilities(prob, _distance(x, width), salience, 1.0)
    np.fill_diagonal(eu, 0.0)
    danger = eu.sum(axis=0)  # column i: what the others expect from challenging i
    span = float(danger.max() - danger.min())
    if span <= 0.0:
        return ones
    acceptance = (2.0 * danger - danger.max() - danger.min()) / span
    exponents: np.ndarray = (1.0 - acceptance / 3.0) / (1.0 + acceptance / 3.0)
    return exponents


def median_position(x: np.ndarray, weight: np.ndarray, width: float) -> float:
    """The held position that wins every pairwise, risk-neutral vote.

    Without a Condorcet winner (ties), the held position with the largest total margin;
    ties go to the lower position.

    >>> median_position(np.array([4.0, 7.0, 10.0]), np.array([0.2, 0.1, 0.3]), 6.0)
    7.0
    """
    candidates = _distinct(x, width)
    if len(candidates) == 1:
        return float(candidates[0])
    w = width if width > 0 else 1.0
    dist = np.abs(x[:, None] - candidates[None, :]) / w  # [k, candidate]
    margin = (weight[:, None, None] * (dist[:, None, :] - dist[:, :, None])).sum(axis=0)
    wins = (margin > 1e-12).sum(axis=1)
    winner = np.nonzero(wins == len(candidates) - 1)[0]
    if len(winner):
        return float(candidates[winner[0]])
    return float(candidates[int(np.argmax(margin.sum(axis=1)))])


def _distinct(x: np.ndarray, width: float) -> np.ndarray:
    """The held positions, sorted, with near-equal ones merged into the first of them."""
    kept: list[float] = []
    for value in np.sort(x):
        if not kept or not same_position(value, kept[-1], width):
            kept.append(float(value))
    return np.array(kept)


def weighted_mean(x: np.ndarray, weight: np.ndarray) -> float:
    """Mean position weighted by capability times salience (plain mean if all weights 0)."""
    total = float(weight.sum())
    if total == 0.0:
        return float(np.mean(x))
    return float((weight * x).sum() / total)


def run_round(
    table: ActorTable,
    x: np.ndarray,
    width: float,
    round_number: int = 1,
    *,
    capitulation: bool = False,
) -> tuple[np.ndarray, list[Move], np.ndarray]:
    """One round from positions ``x``: returns new positions, the moves and the exponents.

    With ``capitulation=True`` an actor that has neither a confrontation nor a compromise
    gives in to the nearest partner when ``b > 0 > a`` and ``b < |a|`` (the printed rule).
    """
    _, capability, salience = _arrays(table)
    weight = capability * salience
    risk = _risk_exponents(x, weight, salience, width)
    prob = success_probabilities(x, weight, risk, width)
    dist = _distance(x, width)
    eu_own = challenge_utilities(prob, dist, salience, risk[:, None])  # a[i, j] = EU_i(i->j)
    # b[i, j] = EU_i(j->i): the partner's gain from challenging i, seen with i's exponent.
    eu_rev = _with_row_salience(prob.T, dist, salience, risk)
    names = table.names
    new_x = x.copy()
    moves: list[Move] = []
    tolerance = _tolerance(width)
    kind_rank = {"confrontation": 0, "compromise": 1, "capitulation": 2}
    for i in range(len(x)):
        best: tuple[tuple[int, float], int, str, float] | None = None
        for j in range(len(x)):
            if j == i or same_position(x[j], x[i], width):
                continue
            a, b = eu_own[i, j], eu_rev[i, j]
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
            candidate = (kind_rank[kind], float(key))
            # Keys that differ only by rounding are a tie, which goes to the partner
            # listed first: the choice must not depend on the last bits of a float.
            if best is None or _better(candidate, best[0], tolerance):
                best = (candidate, j, kind, target)
        if best is not None:
            _, j, kind, target = best
            new_x[i] = target
            moves.append(
                Move(
                    round_number,
                    names[i],
                    names[j],
                    kind,
                    float(x[i]),
                    float(target),
                    float(eu_own[i, j]),
                    float(eu_rev[i, j]),
                )
            )
    return new_x, moves, risk


def _better(candidate: tuple[int, float], incumbent: tuple[int, float], tolerance: float) -> bool:
    """True when ``candidate`` (kind rank, key) beats ``incumbent`` by more than rounding."""
    if candidate[0] != incumbent[0]:
        return candidate[0] < incumbent[0]
    return candidate[1] < incumbent[1] - tolerance


def _with_row_salience(
    prob_t: np.ndarray, dist: np.ndarray, salience: np.ndarray, risk: np.ndarray
) -> np.ndarray:
    """``EU_i(j->i)`` for every row i: the challenged actor i resists with salience s_i."""
    return expected_utility(prob_t, dist, salience[:, None], risk[:, None])


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
    weight = capability * salience
    width = float(np.ptp(x))
    if width <= POSITION_TOLERANCE * max(1.0, float(np.max(np.abs(x)))):
        width = 0.0  # every spread is rounding noise: one position, nobody moves
    history = [x.copy()]
    risks = []
    moves: list[Move] = []
    for number in range(1, rounds + 1):
        x, round_moves, risk = run_round(table, x, width, number, capitulation=capitulation)
        history.append(x.copy())
        risks.append(risk)
        moves.extend(round_moves)
    names = table.names
    positions = pd.DataFrame(history, columns=names)
    positions.index.name = "round"
    risk_frame = pd.DataFrame(risks, columns=names, index=range(1, rounds + 1)) if risks else None
    return BargainingResult(
        names=names,
        positions=positions,
        medians=pd.Series(
            [median_position(row, weight, width) for row in history],
            index=positions.index,
            name="median",
        ),
        means=pd.Series(
            [weighted_mean(row, weight) for row in history],
            index=positions.index,
            name="weighted mean",
        ),
        moves=moves,
        risk=risk_frame,
    )
