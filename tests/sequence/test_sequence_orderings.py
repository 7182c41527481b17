"""The explorer's shared-subtree search gives exactly what a plain walk of every ordering gives.

The reference below runs each ordering on its own, move by move, with no sharing of work:
the fast search must agree with it byte for byte (verdict codes and feasibility), in its
success counts by move and position, its distinct end states and its shortest successful
prefixes, under every lens.
"""

from __future__ import annotations

import itertools

import pytest

from korea_talks.sequence import Verdict, explore, lens_ids
from korea_talks.sequence.orderings import INFEASIBLE, search_orderings
from korea_talks.sequence.simulate import VERDICTS, _apply, _resolve, _verdict_of

MOVE_SETS = {
    "roadmap-six": [
        "us_direct_talks",
        "russia_working_group",
        "un_ministers_meeting",
        "dprk_freeze_for_relief",
        "us_security_guarantees",
        "dprk_denuclearization_step",
    ],
    "pressure-and-talks": [
        "us_direct_talks",
        "us_demand_cvid",
        "dprk_walk_out",
        "us_sanctions",
        "dprk_missile_test",
        "us_moratorium_for_moratorium",
    ],
    "freeze-and-monitoring": [
        "us_direct_talks",
        "dprk_test_moratorium",
        "iaea_monitoring",
        "dprk_freeze_for_relief",
        "dprk_nuclear_test",
        "russia_working_group",
    ],
}


def _run(catalogue, order):
    """The end state of ``order`` and whether every move was made, one move at a time."""
    params = catalogue.parameters
    state = list(params.initial)
    feasible = True
    for move in order:
        compiled = catalogue.compiled(move)
        applied = _apply(compiled, state, params.growth, None, params.war_tension)[1]
        feasible = feasible and applied
    return state, feasible


def _reference(catalogue, moves, target, max_shortest=10):
    codes = bytearray()
    finals = set()
    wins = [[0] * len(moves) for _ in moves]
    for order in itertools.permutations(range(len(moves))):
        state, feasible = _run(catalogue, [moves[i] for i in order])
        code = VERDICTS.index(_verdict_of(state, catalogue.parameters))
        codes.append(code if feasible else code | INFEASIBLE)
        finals.add(tuple(state))
        if feasible and VERDICTS[code] is target:
            for position, i in enumerate(order):
                wins[i][position] += 1
    shortest: list[tuple[int, ...]] = []
    for length in range(1, len(moves) + 1):
        for prefix in itertools.permutations(range(len(moves)), length):
            state, feasible = _run(catalogue, [moves[i] for i in prefix])
            if feasible and _verdict_of(state, catalogue.parameters) is target:
                shortest.append(prefix)
        if shortest:
            break
    return bytes(codes), wins, shortest[:max_shortest], len(finals)


@pytest.mark.parametrize("lens", lens_ids())
@pytest.mark.parametrize("label", sorted(MOVE_SETS))
@pytest.mark.parametrize("target", [Verdict.SETTLEMENT_TRACK, Verdict.MORATORIUM])
def test_search_matches_a_plain_walk_of_every_ordering(lens, label, target):
    catalogue = _resolve(None, lens)
    moves = MOVE_SETS[label]
    found = search_orderings(catalogue, moves, target, max_shortest=4)
    codes, wins, shortest, distinct = _reference(catalogue, moves, target, max_shortest=4)
    assert found.codes == codes
    assert found.position_successes == wins
    assert found.shortest == shortest
    assert found.distinct_outcomes == distinct


def test_explorer_tables_come_from_the_search():
    moves = MOVE_SETS["roadmap-six"]
    result = explore(moves, lens="washington")
    found = search_orderings(_resolve(None, "washington"), moves)
    assert result.codes == found.codes
    assert bytes(result.verdict_codes) == found.codes
    feasible = sum(1 for code in found.codes if code < INFEASIBLE)
    assert result.feasible == feasible
    assert result.shortest_successes == [tuple(moves[i] for i in s) for s in found.shortest]
