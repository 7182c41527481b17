"""The explorer's search over every ordering of a few moves, in plain Python.

:func:`search_orderings` walks the tree of prefixes depth first. Two prefixes that reach
the same state with the same moves left share the whole subtree below them (the outcome
depends only on the state and the moves still to come), so each distinct (state, moves
left) pair is searched once. It uses the standard library only and returns plain data
(:class:`OrderingSearch`); :func:`korea_talks.sequence.explore.explore` turns it into
tables.

Verdict codes are one byte per ordering, in lexicographic order of positions: the
verdict's index in :data:`~korea_talks.sequence.simulate.VERDICTS`, plus
:data:`INFEASIBLE` when some move of the ordering went nowhere.

>>> from korea_talks.sequence.catalogue import load_catalogue
>>> found = search_orderings(load_catalogue(), ["us_direct_talks", "us_moratorium_for_moratorium"])
>>> len(found.codes), found.distinct_outcomes
(2, 2)
>>> found.codes[0] < INFEASIBLE, found.codes[1] >= INFEASIBLE
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from korea_talks.sequence.catalogue import Catalogue
from korea_talks.sequence.simulate import VERDICTS, Verdict, _apply, _verdict_of

INFEASIBLE = 0x80
"""Added to an ordering's verdict code when some move in it could not be made."""

_MARK_INFEASIBLE = bytes(i | INFEASIBLE if i < INFEASIBLE else i for i in range(256))
_LEAF_CODES = tuple(bytes((i,)) for i in range(len(VERDICTS)))


@dataclass(frozen=True)
class OrderingSearch:
    """What the search found, as plain data.

    ``codes`` holds one verdict code per ordering; ``position_successes[i][p]`` counts the
    feasible orderings reaching the target with move ``i`` at position ``p`` (0-based);
    ``shortest`` lists up to ``max_shortest`` shortest feasible prefixes that reach the
    target (as move indices; empty if none does); ``distinct_outcomes`` counts distinct end
    states over all orderings.
    """

    codes: bytes
    position_successes: list[list[int]]
    shortest: list[tuple[int, ...]]
    distinct_outcomes: int


# Below one (state, moves left) pair: its verdict codes, its feasible successes, successes
# by (move * n + position) (None when there are none), the length of its shortest
# successful suffix and up to max_shortest such suffixes.
_Summary = tuple[bytes, int, dict[int, int] | None, int, list[tuple[int, ...]]]


def search_orderings(
    catalogue: Catalogue,
    move_ids: Sequence[str],
    target: Verdict = Verdict.SETTLEMENT_TRACK,
    max_shortest: int = 10,
) -> OrderingSearch:
    """Evaluate every ordering of ``move_ids`` (checked, distinct) under ``catalogue``."""
    params = catalogue.parameters
    growth = params.growth
    war_tension = params.war_tension
    target_code = VERDICTS.index(target)
    code_of = {v: i for i, v in enumerate(VERDICTS)}
    compiled = [catalogue.compiled(m) for m in move_ids]
    n = len(compiled)
    bits = [(i, 1 << i) for i in range(n)]
    memo: dict[tuple[tuple[float, ...], int], _Summary] = {}
    finals: set[tuple[float, ...]] = set()
    no_success = n + 1

    def summarise(state: tuple[float, ...], mask: int, depth: int) -> _Summary:
        parts = []
        successes = 0
        positions: dict[int, int] | None = None
        best = no_success
        suffixes: list[tuple[int, ...]] = []
        for i, bit in bits:
            if not mask & bit:
                continue
            after = list(state)
            applied = _apply(compiled[i], after, growth, None, war_tension)[1]
            child = tuple(after)
            code = code_of[_verdict_of(child, params)]
            rest = mask ^ bit
            child_positions: dict[int, int] | None
            if rest:
                key = (child, rest)
                below = memo.get(key)
                if below is None:
                    below = summarise(child, rest, depth + 1)
                    memo[key] = below
                codes, won, child_positions, child_best, child_suffixes = below
            else:
                finals.add(child)
                codes = _LEAF_CODES[code]
                won = 1 if code == target_code else 0
                child_positions, child_best, child_suffixes = None, no_success, []
            if not applied:
                parts.append(codes.translate(_MARK_INFEASIBLE))
                continue
            parts.append(codes)
            if won:
                successes += won
                if positions is None:
                    positions = {}
                slot = i * n + depth
                positions[slot] = positions.get(slot, 0) + won
                if child_positions:
                    for slot, count in child_positions.items():
                        positions[slot] = positions.get(slot, 0) + count
            found: list[tuple[int, ...]]
            if code == target_code:
                length, found = 1, [(i,)]
            elif child_best < best - 1:
                length, found = child_best + 1, [(i, *s) for s in child_suffixes[:max_shortest]]
            elif child_best == best - 1 and len(suffixes) < max_shortest:
                length = best
                found = [(i, *s) for s in child_suffixes[: max_shortest - len(suffixes)]]
            else:
                continue
            if length < best:
                best, suffixes = length, found[:max_shortest]
            else:
                suffixes.extend(found[: max_shortest - len(suffixes)])
        return b"".join(parts), successes, positions, best, suffixes

    codes, _, positions, best, suffixes = summarise(tuple(params.initial), (1 << n) - 1, 0)
    table = [[0] * n for _ in range(n)]
    for slot, count in (positions or {}).items():
        table[slot // n][slot % n] = count
    return OrderingSearch(codes, table, suffixes if best <= n else [], len(finals))
