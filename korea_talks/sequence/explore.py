"""Evaluate every ordering of a set of moves and see which orders work.

For up to 9 moves, :func:`explore` evaluates all orderings (9! = 362,880) in
deterministic mode. Orderings that share a prefix share its work: the tree of prefixes is
walked depth first, and two prefixes that reach the same state with the same moves left
share the whole subtree below them (the outcome depends only on the state and the moves
still to come), so each distinct (state, remaining moves) pair is simulated once.

An ordering is *feasible* when every move in it could actually be made (no move "goes
nowhere" because a precondition fails). The result counts verdicts over the feasible
orderings (``counts``, ``shares``) and, separately, over all raw orderings (``raw_counts``);
it also counts the *distinct outcomes* (different end states), since many orderings end
in the same place. It lists the shortest feasible prefixes that already reach the target
verdict (the settlement track by default), and ranks moves by how much their position
changes the number of successful feasible orderings.

>>> result = explore(["us_direct_talks", "us_moratorium_for_moratorium", "dprk_walk_out"])
>>> result.total, result.feasible
(6, 1)
>>> sum(result.verdict_counts.values()), sum(result.raw_verdict_counts.values())
(1, 6)
>>> result.distinct_outcomes
4
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from korea_talks.sequence.catalogue import Catalogue
from korea_talks.sequence.errors import ExplorerError
from korea_talks.sequence.frames import frame, series
from korea_talks.sequence.orderings import INFEASIBLE, search_orderings
from korea_talks.sequence.simulate import VERDICTS, Verdict, _apply, _resolve

if TYPE_CHECKING:  # numpy and pandas are needed only by the array and table views
    import numpy as np
    import pandas as pd

_BLOCKING = ["rule", "move", "reason", "orderings"]
_POSITION = ["move", "best_position", "best_share", "worst_position", "worst_share", "spread"]

MAX_MOVES = 9
"""The explorer's limit: 9 moves give 362,880 orderings."""


@dataclass
class ExplorationResult:
    """All orderings of a set of moves, evaluated and summarised."""

    moves: tuple[str, ...]
    target: Verdict
    verdict_counts: dict[str, int]
    """Feasible orderings ending in each verdict, by verdict value, worst verdict first."""
    shortest_successes: list[tuple[str, ...]]
    position_rows: tuple[dict[str, Any], ...]
    """How much each move's position matters, most first (the rows of
    :attr:`position_effect`); empty when no ordering is feasible."""
    _codes: bytes
    raw_verdict_counts: dict[str, int] | None = None
    """All raw orderings ending in each verdict, feasible or not."""
    distinct_outcomes: int = 0
    lens: str = "author"
    blocking_rows: tuple[dict[str, Any], ...] = field(default=())
    """When no ordering is feasible: the precondition that first blocks each ordering,
    counted (keys ``rule``, ``move``, ``reason``, ``orderings``), most blocking first."""

    @property
    def counts(self) -> pd.Series:
        """:attr:`verdict_counts` as a Series named ``feasible orderings`` (needs pandas)."""
        return series(self.verdict_counts, name="feasible orderings", index_name="verdict")

    @property
    def raw_counts(self) -> pd.Series | None:
        """:attr:`raw_verdict_counts` as a Series named ``raw orderings`` (needs pandas)."""
        if self.raw_verdict_counts is None:
            return None
        return series(self.raw_verdict_counts, name="raw orderings", index_name="verdict")

    @property
    def position_effect(self) -> pd.DataFrame:
        """:attr:`position_rows` as a DataFrame (needs pandas)."""
        return frame(self.position_rows, _POSITION)

    @property
    def blocking_rules(self) -> pd.DataFrame:
        """:attr:`blocking_rows` as a DataFrame (needs pandas)."""
        return frame(self.blocking_rows, _BLOCKING)

    @property
    def total(self) -> int:
        """The number of raw orderings evaluated (n!), feasible or not."""
        return len(self._codes)

    @property
    def feasible(self) -> int:
        """The number of orderings in which every move could actually be made."""
        return sum(self.verdict_counts.values())

    @property
    def verdict_shares(self) -> dict[str, float]:
        """Share of the feasible orderings ending in each verdict (zeros if none is)."""
        feasible = self.feasible
        return {v: (c / feasible if feasible else 0.0) for v, c in self.verdict_counts.items()}

    @property
    def shares(self) -> pd.Series:
        """:attr:`verdict_shares` as a Series (needs pandas)."""
        return self.counts / self.feasible if self.feasible else self.counts * 0.0

    @property
    def codes(self) -> bytes:
        """One code per raw ordering: the verdict's index, plus 128 if it is not feasible."""
        return self._codes

    @property
    def verdict_codes(self) -> np.ndarray:
        """:attr:`codes` as a numpy array of unsigned bytes."""
        import numpy as np

        return np.frombuffer(self._codes, dtype=np.uint8)

    @property
    def best_verdict(self) -> Verdict:
        """The best verdict a feasible ordering reaches (stalemate if none is feasible)."""
        reached = [Verdict(v) for v, c in self.verdict_counts.items() if c]
        return max(reached, key=lambda v: v.rank) if reached else Verdict.STALEMATE

    def orderings(
        self,
        verdict: Verdict | str | None = None,
        limit: int | None = 10,
        feasible_only: bool = True,
    ) -> list[tuple[str, ...]]:
        """Orderings (tuples of move ids), optionally only those ending in ``verdict``.

        By default only feasible orderings are listed.
        """
        wanted = VERDICTS.index(Verdict(verdict)) if verdict is not None else None
        out = []
        for index, code in enumerate(self._codes):
            if feasible_only and code >= INFEASIBLE:
                continue
            if wanted is not None and code & 0x7F != wanted:
                continue
            out.append(self.ordering(index))
            if limit is not None and len(out) >= limit:
                break
        return out

    def ordering(self, index: int) -> tuple[str, ...]:
        """The ordering number ``index`` (0-based, in lexicographic order of positions)."""
        pool = list(self.moves)
        out = []
        for k in range(len(pool), 0, -1):
            block = math.factorial(k - 1)
            out.append(pool.pop(index // block))
            index %= block
        return tuple(out)

    def by_verdict(self, limit: int = 3) -> dict[str, list[tuple[str, ...]]]:
        """Up to ``limit`` example orderings for every verdict that occurs."""
        return {v: self.orderings(v, limit) for v, c in self.verdict_counts.items() if c}

    def summary(self) -> str:
        """A few plain-words lines: counts by verdict, shortest success, key moves.

        When no ordering is feasible it says so, and names the precondition that blocks
        most orderings first, instead of empty sections.
        """
        if not self.feasible:
            lines = [
                f"No ordering is feasible: in each of the {self.total:,} orderings of "
                f"{len(self.moves)} moves at least one move goes nowhere."
            ]
            if self.blocking_rows:
                most = self.blocking_rows[0]
                lines.append(
                    f"The first blocking precondition in most orderings: {most['rule']} "
                    f"({most['move']}: {most['reason']}), in {int(most['orderings']):,} of "
                    f"{self.total:,}."
                )
            return "\n".join(lines)
        lines = [
            f"{self.total:,} raw orderings of {len(self.moves)} moves; in {self.feasible:,} of "
            f"them every move can be made; {self.distinct_outcomes:,} distinct outcomes. "
            "Verdicts of the feasible orderings:"
        ]
        for verdict, count in self.verdict_counts.items():
            if count:
                title = Verdict(verdict).title
                lines.append(f"  {title}: {count:,} ({count / self.feasible:.0%})")
        if self.shortest_successes:
            first = self.shortest_successes[0]
            lines.append(
                f"Shortest way to {self.target.title}: {len(first)} moves, e.g. "
                + " -> ".join(first)
            )
        else:
            lines.append(f"No ordering reaches the {self.target.title}.")
        for row in self.position_rows[:3]:
            if row["spread"] > 0:
                lines.append(
                    f"Position matters for {row['move']}: {row['best_share']:.0%} success at "
                    f"position {row['best_position']}, {row['worst_share']:.0%} at position "
                    f"{row['worst_position']}"
                )
        return "\n".join(lines)


def explore(
    move_ids: Sequence[str],
    *,
    catalogue: Catalogue | None = None,
    target: Verdict | str = Verdict.SETTLEMENT_TRACK,
    max_shortest: int = 10,
    lens: str | None = None,
) -> ExplorationResult:
    """Evaluate every ordering of ``move_ids`` (1 to 9 distinct moves) under ``lens``."""
    catalogue = _resolve(catalogue, lens)
    ids = list(move_ids) if not isinstance(move_ids, str) else [move_ids]
    if not 1 <= len(ids) <= MAX_MOVES:
        raise ExplorerError(
            f"the explorer takes 1 to {MAX_MOVES} moves, not {len(ids)} "
            f"({MAX_MOVES} moves already give {math.factorial(MAX_MOVES):,} orderings)"
        )
    repeated = sorted({m for m in ids if ids.count(m) > 1})
    if repeated:
        raise ExplorerError(
            "each move may appear only once in the explorer; repeated: " + ", ".join(repeated)
        )
    catalogue.check_sequence(ids)
    target = Verdict(target)
    n = len(ids)
    found = search_orderings(catalogue, ids, target, max_shortest)
    codes = found.codes
    position_success = found.position_successes
    tally = [0] * 256
    for code, count in Counter(codes).items():
        tally[code] = count
    counts = {v.value: tally[i] for i, v in enumerate(VERDICTS)}
    raw_counts = {v.value: tally[i] + tally[i | INFEASIBLE] for i, v in enumerate(VERDICTS)}
    seen = []
    for suffix in found.shortest:
        key = tuple(ids[i] for i in suffix)
        if key not in seen:
            seen.append(key)
    per_position = math.factorial(n - 1)
    rows: list[dict[str, Any]] = []
    for i, move_id in enumerate(ids):
        shares = [s / per_position for s in position_success[i]]
        best = max(range(n), key=lambda p: shares[p])
        worst = min(range(n), key=lambda p: shares[p])
        rows.append(
            {
                "move": move_id,
                "best_position": best + 1,
                "best_share": shares[best],
                "worst_position": worst + 1,
                "worst_share": shares[worst],
                "spread": shares[best] - shares[worst],
            }
        )
    effect = tuple(sorted(rows, key=lambda row: (-row["spread"], row["move"])))
    blocking: tuple[dict[str, Any], ...] = ()
    if not sum(counts.values()):
        effect = ()
        blocking = _first_blocks(catalogue, ids)
    return ExplorationResult(
        tuple(ids),
        target,
        counts,
        seen,
        effect,
        codes,
        raw_counts,
        found.distinct_outcomes,
        catalogue.lens,
        blocking,
    )


def _first_blocks(catalogue: Catalogue, ids: list[str]) -> tuple[dict[str, Any], ...]:
    """Count, over all orderings, the precondition that first makes a move go nowhere."""
    params = catalogue.parameters
    compiled = [catalogue.compiled(m) for m in ids]
    memo: dict[tuple[tuple[float, ...], int], Counter[tuple[str, str, str]]] = {}

    def below(state: list[float], mask: int, left: int) -> Counter[tuple[str, str, str]]:
        found: Counter[tuple[str, str, str]] = Counter()
        for i in range(len(ids)):
            if not mask & (1 << i):
                continue
            child = state.copy()
            outcome, applied, _ = _apply(
                compiled[i], child, params.growth, None, params.war_tension
            )
            if not applied:
                reason = getattr(outcome, "reason", "")
                found[(outcome.id, ids[i], reason)] += math.factorial(left - 1)
                continue
            rest = mask & ~(1 << i)
            if rest:
                key = (tuple(child), rest)
                if key not in memo:
                    memo[key] = below(child, rest, left - 1)
                found.update(memo[key])
        return found

    counted = below(list(params.initial), (1 << len(ids)) - 1, len(ids))
    return tuple(
        {"rule": rule, "move": move, "reason": reason, "orderings": n}
        for (rule, move, reason), n in counted.most_common()
    )
