"""Search the models for a design that meets a design item's parameters.

A variant of a design item is fair only if some design meets it. These searches look
for one: a beam search over move sequences for ``sequence_meets`` (see
:func:`find_sequence`), and a scan of the table's values for
``bargaining_change_meets``.
"""

from __future__ import annotations

import itertools
from typing import Any

from korea_talks.checks.properties import run_property

BEAM = 10
"""How many partial sequences the sequence search keeps at each length."""


def _rank(moves: list[str], params: dict[str, Any]) -> tuple[int, float]:
    """How close ``moves`` comes to the goal under its worst lens: the verdict's index in
    VERDICTS, then (to break ties) trust, freeze, disarmament and open channels less
    tension and failed steps."""
    from korea_talks.sequence import VERDICTS, simulate

    order = [v.value for v in VERDICTS]
    ranks = []
    for lens in params.get("lenses") or [None]:
        result = simulate(moves, lens=lens) if lens else simulate(moves)
        state = result.final_state
        progress = sum(
            float(state[name]) for name in ("trust", "freeze", "denuclearization")
        ) - float(state["tension"])
        progress += sum(1 for value in state.values() if value is True)
        progress -= len(result.failed_steps)
        verdict = str(getattr(result.verdict, "value", result.verdict))
        ranks.append((order.index(verdict), progress))
    return min(ranks)


def find_sequence(params: dict[str, Any]) -> list[str] | None:
    """A move sequence that meets the ``sequence_meets`` parameters, or ``None``.

    Each partial sequence (a prefix) is completed with the required moves it lacks, in
    every order; prefixes are grown one move at a time and the :data:`BEAM` whose best
    completion has the best worst verdict are kept.
    """
    from korea_talks.sequence import load_catalogue

    excluded = set(params.get("must_exclude", ()))
    required = [m for m in params.get("must_include", ()) if m != params.get("first")]
    limit = int(params.get("max_moves") or 9)
    pool = [m for m in load_catalogue().moves if m not in excluded]
    beam: list[list[str]] = [[params["first"]] if params.get("first") else []]
    while beam:
        scored = []
        for prefix in beam:
            missing = [m for m in required if m not in prefix]
            best = (-1, 0.0)
            for tail in itertools.permutations(missing):
                moves = [*prefix, *tail]
                if len(moves) > limit:
                    break
                if not run_property("sequence_meets", moves, params):
                    return moves
                best = max(best, _rank(moves, params))
            scored.append((best, prefix))
        grown = []
        for _, prefix in sorted(scored, key=lambda item: item[0], reverse=True)[:BEAM]:
            missing = [m for m in required if m not in prefix]
            if len(prefix) + len(missing) >= limit:
                continue
            grown.extend([*prefix, m] for m in pool if m not in prefix)
        beam = grown
    return None


def find_table_change(params: dict[str, Any]) -> list[object] | None:
    """A ``[party, field, value]`` change that meets ``bargaining_change_meets``, or ``None``."""
    from korea_talks.bargaining import six_parties

    table = six_parties(int(params.get("year", 2024)))
    parties = params.get("parties") or table.names
    for party in parties:
        for field in params.get("fields", ("position", "capability", "salience")):
            for value in range(0, 101, 5):
                answer: list[object] = [party, field, value]
                if not run_property("bargaining_change_meets", answer, params):
                    return answer
    return None


def find_design(check: str, params: dict[str, Any]) -> object | None:
    """A design meeting ``params`` of the design check ``check``, or ``None``."""
    if check == "sequence_meets":
        return find_sequence(params)
    return find_table_change(params)
