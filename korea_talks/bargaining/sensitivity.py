"""How much the bargaining model's forecast depends on its inputs and on its scale.

Two questions a reader should ask of any run of :func:`~korea_talks.bargaining.run_model`:

* **Inputs.** Our positions, capabilities and saliences are estimates.
  :func:`outcome_range` reruns the model on many random variations of them, each number
  moved within a stated band, and reports the spread of the predicted outcome.
* **Direction.** Nothing in the world says which end of the scale is 0. The replication
  picks, among compromises, the one with the *lowest* meeting point, so the model is not
  symmetric: :func:`mirrored` flips the scale and :func:`direction_gap` shows, round by
  round, how far the mirrored run (mapped back) ends from the original.

>>> from korea_talks.bargaining import ec_emission_standards
>>> gap = direction_gap(ec_emission_standards(), rounds=10)
>>> bool(gap["gap"].abs().max() > 0.1)
True
>>> draws = outcome_range(ec_emission_standards(), draws=20, seed=1)
>>> list(draws.columns)
['draw', 'initial_median', 'predicted_outcome']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from korea_talks.bargaining.actors import SALIENCE_RANGE, Actor, ActorInputError, ActorTable
from korea_talks.bargaining.model import run_model

__all__ = ["direction_gap", "mirrored", "outcome_range", "summarise_range"]


def mirrored(table: ActorTable) -> ActorTable:
    """The same actors with the scale turned round: ``x -> low + high - x``."""
    low, high = min(table.positions), max(table.positions)
    return ActorTable(
        tuple(
            Actor(a.name, low + high - a.position, a.capability, a.salience) for a in table.actors
        )
    )


def direction_gap(table: ActorTable, rounds: int = 10) -> pd.DataFrame:
    """Weighted mean per round, on the original scale and on the mirrored one mapped back.

    Columns ``original``, ``mirrored`` and ``gap`` (mirrored minus original); a model
    that ignored the direction of the scale would have a gap of zero everywhere.
    """
    low, high = min(table.positions), max(table.positions)
    original = run_model(table, rounds=rounds).means
    flipped = low + high - run_model(mirrored(table), rounds=rounds).means
    frame = pd.DataFrame({"original": original, "mirrored": flipped.to_numpy()})
    frame["gap"] = frame["mirrored"] - frame["original"]
    frame.index.name = "round"
    return frame


def outcome_range(
    table: ActorTable,
    *,
    draws: int = 200,
    position_share: float = 0.1,
    capability_share: float = 0.25,
    salience_points: float = 15.0,
    rounds: int = 10,
    seed: int | None = 2017,
    with_mirror: bool = False,
) -> pd.DataFrame:
    """Rerun the model on ``draws`` random variations of the table.

    Each actor's position moves by up to ``position_share`` of the spread of positions
    (kept within the original range), its capability by up to ``capability_share`` of
    its value and its salience by up to ``salience_points`` (kept within 0-100), all drawn
    uniformly and independently. Returns one row per draw with the initial median and the
    predicted outcome; with ``with_mirror=True`` also the outcome of the same draw on the
    mirrored scale, mapped back (column ``mirrored_outcome``).
    """
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise ActorInputError(f"draws must be a whole number of at least 1; got {draws!r}")
    for name, value in (
        ("position_share", position_share),
        ("capability_share", capability_share),
        ("salience_points", salience_points),
    ):
        if not (isinstance(value, int | float) and value >= 0):
            raise ActorInputError(f"{name} must be a number >= 0; got {value!r}")
    rng = np.random.default_rng(seed)
    low, high = min(table.positions), max(table.positions)
    spread = high - low
    rows = []
    for draw in range(draws):
        actors = []
        for actor in table.actors:
            position = actor.position + rng.uniform(-1, 1) * position_share * spread
            capability = actor.capability * (1 + rng.uniform(-1, 1) * capability_share)
            salience = actor.salience + rng.uniform(-1, 1) * salience_points
            actors.append(
                Actor(
                    actor.name,
                    float(np.clip(position, low, high)),
                    max(0.0, capability),
                    float(np.clip(salience, *SALIENCE_RANGE)),
                )
            )
        varied = ActorTable(tuple(actors))
        result = run_model(varied, rounds=rounds)
        row = {
            "draw": draw,
            "initial_median": result.initial_median,
            "predicted_outcome": result.predicted_outcome,
        }
        if with_mirror:
            v_low, v_high = min(varied.positions), max(varied.positions)
            back = run_model(mirrored(varied), rounds=rounds).predicted_outcome
            row["mirrored_outcome"] = v_low + v_high - back
        rows.append(row)
    return pd.DataFrame(rows)


def summarise_range(draws: pd.DataFrame, column: str = "predicted_outcome") -> dict[str, float]:
    """The 10th, 50th and 90th percentiles of one column of :func:`outcome_range`.

    >>> summarise_range(pd.DataFrame({"predicted_outcome": [1.0, 2.0, 3.0]}))
    {'p10': 1.2, 'p50': 2.0, 'p90': 2.8}
    """
    values = draws[column].to_numpy(dtype=float)
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return {"p10": round(float(p10), 6), "p50": round(float(p50), 6), "p90": round(float(p90), 6)}
