"""Reading one sequence through every lens: comparison, robust orderings, sensitivity.

- :func:`compare_lenses` - one row per lens: verdict, deciding rule, near miss, key figures;
- :func:`robust_orderings` - the orderings of a set of moves that reach at least a target
  verdict (a verified freeze by default) under every lens, or which lens blocks each
  candidate when none does;
- :func:`sensitivity` - for every parameter, the value within its documented range at
  which the verdict of a sequence flips: what one must believe for it to fail or succeed.

>>> roadmap = ["us_direct_talks", "us_moratorium_for_moratorium", "rok_inter_korean_dialogue",
...            "russia_working_group", "un_ministers_meeting", "dprk_freeze_for_relief",
...            "us_security_guarantees", "dprk_denuclearization_step"]
>>> {row["lens"]: row["verdict"] for row in lens_comparison(roadmap)}["washington"]
'moratorium'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from korea_talks.sequence.catalogue import Catalogue
from korea_talks.sequence.explore import explore
from korea_talks.sequence.frames import frame
from korea_talks.sequence.lenses import get_lens, lens_catalogue, lens_ids
from korea_talks.sequence.orderings import INFEASIBLE
from korea_talks.sequence.simulate import (
    VERDICTS,
    SimulationResult,
    Verdict,
    simulate,
    verdict_of,
)

if TYPE_CHECKING:  # the tables are made by korea_talks.sequence.frames, on demand
    import pandas as pd

KEY_FIGURES = ("tension", "trust", "capability", "sanctions", "freeze")
_BLOCKED = ["ordering", "lenses_reaching", "blocking_lenses", "verdicts"]


def compare_lenses(sequence: Sequence[str]) -> pd.DataFrame:
    """Run ``sequence`` under every lens; one row per lens (:func:`lens_comparison` as a
    DataFrame; needs pandas)."""
    return frame(lens_comparison(sequence))


def lens_comparison(sequence: Sequence[str]) -> list[dict[str, Any]]:
    """Run ``sequence`` under every lens; one record per lens (standard library only).

    Keys: ``lens``, ``title``, ``verdict``, ``rank`` (0 war risk … 5 settlement track),
    ``deciding_rule`` (the rule that caused the verdict, or the verdict rule), ``near_miss``
    (the step of a war scare, or 0), ``failed_steps`` (moves that went nowhere), the final
    value of each key figure and ``tension_path`` (tension at every step, for a small
    trajectory).

    >>> [row["verdict"] for row in lens_comparison(["us_direct_talks"])][:2]
    ['stalemate', 'stalemate']
    """
    rows = []
    for name in lens_ids():
        result = simulate(sequence, lens=name)
        last: dict[str, Any] = result.steps[-1]
        cause = result.verdict_cause
        failed = [line.rule_id for line in result.failed_steps]
        row: dict[str, Any] = {
            "lens": name,
            "title": get_lens(name).title,
            "verdict": result.verdict.value,
            "rank": result.verdict.rank,
            "deciding_rule": cause.rule_id if cause else _deciding_rule(result),
            "near_miss": result.near_miss.step if result.near_miss else 0,
            "failed_steps": ", ".join(failed),
            "verdict_text": result.verdict_text,
        }
        for name_ in KEY_FIGURES:
            row[name_] = float(last[name_])
        row["tension_path"] = [float(step["tension"]) for step in result.steps]
        rows.append(row)
    return rows


def _deciding_rule(result: SimulationResult) -> str:
    """The last rule or failed precondition that changed what the verdict could be."""
    skip = ("capability-grows-unless-frozen", "war-scare")
    for line in reversed(result.explanation):
        if line.rule_id not in skip and not line.applied:
            return line.rule_id
    for line in reversed(result.explanation):
        if line.rule_id not in skip:
            return line.rule_id
    return result.verdict_rule


@dataclass
class RobustOrderings:
    """The orderings that reach ``target`` under every lens, or why none does."""

    moves: tuple[str, ...]
    target: Verdict
    orderings: list[tuple[str, ...]]
    count: int
    feasible_everywhere: int
    total: int
    blocked_rows: tuple[dict[str, Any], ...]
    """When no ordering qualifies: the best candidates, each with the lenses that block it
    (keys ``ordering``, ``lenses_reaching``, ``blocking_lenses``, ``verdicts``)."""

    @property
    def blocked(self) -> pd.DataFrame:
        """:attr:`blocked_rows` as a DataFrame (needs pandas)."""
        return frame(self.blocked_rows, _BLOCKED)

    def summary(self) -> str:
        """A plain-words statement of the result."""
        if self.count:
            first = " -> ".join(self.orderings[0])
            return (
                f"{self.count:,} of {self.total:,} orderings reach at least a "
                f"{self.target.title} under every lens (e.g. {first})."
            )
        if not self.blocked_rows or not self.blocked_rows[0]["ordering"]:
            return f"No ordering of these moves reaches a {self.target.title} under any lens."
        lines = [f"No ordering reaches at least a {self.target.title} under every lens."]
        for record in self.blocked_rows[:3]:
            ordering = " -> ".join(record["ordering"])
            lines.append(
                f"  {ordering}: blocked by {record['blocking_lenses']} ({record['verdicts']})"
            )
        return "\n".join(lines)


def robust_orderings(
    moves: Sequence[str],
    *,
    target: Verdict | str = Verdict.VERIFIED_FREEZE,
    limit: int = 20,
) -> RobustOrderings:
    """The orderings of ``moves`` that reach at least ``target`` under every lens.

    An ordering counts only where every move can be made under every lens. When none
    qualifies, ``blocked`` lists the best candidates (those that reach the target under the
    most lenses) and, for each, the lens or lenses that block it and their verdicts.

    >>> result = robust_orderings(["us_direct_talks", "us_moratorium_for_moratorium"])
    >>> result.count
    0
    >>> result.blocked_rows[0]["blocking_lenses"]
    'author, washington, beijing, pyongyang, seoul'
    """
    target = Verdict(target)
    names = lens_ids()
    explorations = [explore(moves, lens=name) for name in names]
    codes = [e.codes for e in explorations]
    # one byte per ordering and lens: 1 where the ordering is feasible (and reaches the
    # target); bytes.translate does the per-ordering test at C speed
    feasible_code = bytes(int(c < INFEASIBLE) for c in range(256))
    reaching_code = bytes(
        int(c < INFEASIBLE and c < len(VERDICTS) and VERDICTS[c].rank >= target.rank)
        for c in range(256)
    )
    reaches = [lens_codes.translate(reaching_code) for lens_codes in codes]
    score = [sum(column) for column in zip(*reaches, strict=True)]
    everywhere = len(names)
    robust = [i for i, s in enumerate(score) if s == everywhere]
    feasible = sum(
        all(column) for column in zip(*(c.translate(feasible_code) for c in codes), strict=True)
    )
    first = explorations[0]
    found = [first.ordering(i) for i in robust[:limit]]
    rows: list[dict[str, Any]] = []
    if not robust:
        best = max(score, default=0)
        if best > 0:
            candidates = [i for i, s in enumerate(score) if s == best][:limit]
            for i in candidates:
                blocking = [names[k] for k in range(len(names)) if not reaches[k][i]]
                rows.append(
                    {
                        "ordering": first.ordering(i),
                        "lenses_reaching": best,
                        "blocking_lenses": ", ".join(blocking),
                        "verdicts": ", ".join(
                            f"{names[k]}: {VERDICTS[codes[k][i] & 0x7F].value}"
                            + ("" if codes[k][i] < INFEASIBLE else ", a move goes nowhere")
                            for k in range(len(names))
                            if not reaches[k][i]
                        ),
                    }
                )
        else:
            rows = [
                {
                    "ordering": (),
                    "lenses_reaching": 0,
                    "blocking_lenses": ", ".join(names),
                    "verdicts": "no ordering reaches the target under any lens",
                }
            ]
    return RobustOrderings(
        tuple(moves),
        target,
        found,
        len(robust),
        feasible,
        first.total,
        tuple(rows),
    )


def _grid(low: float, high: float, points: int) -> list[float]:
    return [low + (high - low) * k / (points - 1) for k in range(points)] if high > low else [low]


def inert_parameters(lens: str = "author", catalogue: Catalogue | None = None) -> dict[str, str]:
    """The parameters that cannot flip any deterministic verdict under ``lens``, and why.

    A threshold no rule or verdict compares the state with, a probability no rule draws or
    whose documented range stays on one side of 0.5 (deterministic runs read only that
    side), and growth rates when no rule reads capability cannot change a verdict, so
    :func:`sensitivity` does not list them.

    >>> inert_parameters()["war_tension"]
    'it only marks a war scare on the path; no rule and no verdict reads it'
    """
    base = catalogue if catalogue is not None else lens_catalogue(lens)
    conditions = [c for move in base.moves.values() for p in move.preconditions for c in p.require]
    conditions += [c for move in base.moves.values() for r in move.rules for c in r.when]
    thresholds = {c.threshold for c in conditions if c.threshold}
    thresholds.add("settlement_trust")  # the verdict of a settlement track reads it
    drawn = {r.chance for move in base.moves.values() for r in move.rules if r.chance}
    reads_capability = any(c.variable == "capability" for c in conditions)
    inert = {}
    for tunable in base.parameters.tunables():
        reason = ""
        if tunable.kind == "threshold" and tunable.name not in thresholds:
            reason = (
                "it only marks a war scare on the path; no rule and no verdict reads it"
                if tunable.name == "war_tension"
                else "no rule and no verdict compares the state with it"
            )
        elif tunable.kind == "probability" and tunable.name not in drawn:
            reason = "no rule of this lens draws it"
        elif tunable.kind == "probability" and not tunable.low < 0.5 <= tunable.high:
            reason = (
                f"its range ({tunable.low:g}-{tunable.high:g}) stays on one side of 0.5, "
                "and a deterministic run reads only which side a probability is on"
            )
        elif tunable.kind == "growth" and not reads_capability:
            reason = "no rule of this lens compares capability with a threshold"
        if reason:
            inert[tunable.name] = reason
    return inert


def sensitivity(
    sequence: Sequence[str],
    *,
    lens: str = "author",
    points: int = 21,
    catalogue: Catalogue | None = None,
) -> pd.DataFrame:
    """For every parameter, the value within its documented range at which the verdict flips.

    :func:`sensitivity_rows` as a DataFrame (needs pandas), with the parameters left out
    and why in ``table.attrs["not_listed"]``.

    >>> table = sensitivity(["us_direct_talks", "us_moratorium_for_moratorium"])
    >>> row = table.set_index("parameter").loc["p_moratorium_accepted"]
    >>> float(row["flip_at"]), row["flips_to"], row["direction"]
    (0.5, 'stalemate', 'below')
    """
    base = catalogue if catalogue is not None else lens_catalogue(lens)
    rows = sensitivity_rows(sequence, points=points, catalogue=base)
    return frame(rows, attrs={"not_listed": inert_parameters(catalogue=base)})


def sensitivity_rows(
    sequence: Sequence[str],
    *,
    lens: str = "author",
    points: int = 21,
    catalogue: Catalogue | None = None,
) -> list[dict[str, Any]]:
    """For every parameter, the value within its documented range at which the verdict flips
    (standard library only; :func:`sensitivity` gives the same rows as a DataFrame).

    Each parameter is moved alone across its range (``points`` values; a probability is
    tried at its ends and on both sides of 0.5, the only place where the deterministic
    mode can change);
    the flip point is the value nearest to the parameter's own at which the verdict of
    ``sequence`` differs. For a probability the flip point 0.5 is a boundary: in
    deterministic mode a response happens when its probability is at least 0.5.
    Only parameters that could flip some verdict are listed; the others, with the reason,
    are given by :func:`inert_parameters`.
    Keys: ``parameter``, ``kind``, ``value``, ``low``, ``high``,
    ``verdict`` (at the parameter's value), ``flip_at`` (NaN if the verdict holds over the
    whole range), ``flips_to`` and ``direction`` ("above" or "below" the value).

    >>> rows = sensitivity_rows(["us_direct_talks", "us_moratorium_for_moratorium"])
    >>> row = next(r for r in rows if r["parameter"] == "p_moratorium_accepted")
    >>> row["flip_at"], row["flips_to"], row["direction"]
    (0.5, 'stalemate', 'below')
    """
    base = catalogue if catalogue is not None else lens_catalogue(lens)
    params = base.parameters
    baseline = verdict_of(sequence, catalogue=base)
    inert = inert_parameters(catalogue=base)
    rows = []
    for tunable in params.tunables():
        if tunable.name in inert:
            continue
        if tunable.kind == "probability":
            # deterministic runs depend only on which side of 0.5 a probability lies
            values = [tunable.low, tunable.high]
            if tunable.low < 0.5 <= tunable.high:
                values += [0.4999, 0.5]
        else:
            values = _grid(tunable.low, tunable.high, points)
        flip_at, flips_to, direction = float("nan"), "", ""
        best_distance = float("inf")
        for value in sorted(set(values)):
            trial = base.with_parameters(params.with_value(tunable.name, value))
            verdict = verdict_of(sequence, catalogue=trial)
            if verdict is not baseline:
                distance = abs(value - tunable.value)
                if distance < best_distance:
                    best_distance = distance
                    flip_at, flips_to = round(value, 2), verdict.value
                    direction = "above" if value > tunable.value else "below"
        rows.append(
            {
                "parameter": tunable.name,
                "kind": tunable.kind,
                "value": tunable.value,
                "low": tunable.low,
                "high": tunable.high,
                "verdict": baseline.value,
                "flip_at": flip_at,
                "flips_to": flips_to,
                "direction": direction,
                "sources": ", ".join(tunable.sections + tunable.sources),
            }
        )
    return rows
