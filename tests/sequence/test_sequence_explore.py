"""The explorer: every ordering, grouped by verdict, shortest successes, position effects."""

from __future__ import annotations

import itertools
import math

import pytest

from korea_talks.sequence import ExplorerError, UnknownMoveError, Verdict, explore, simulate


def test_small_explorer_matches_simulating_every_ordering():
    moves = ["us_direct_talks", "us_moratorium_for_moratorium", "us_demand_cvid", "dprk_walk_out"]
    result = explore(moves)
    assert result.total == math.factorial(4)
    expected = {v.value: 0 for v in Verdict}
    feasible = {v.value: 0 for v in Verdict}
    outcomes = set()
    for order in itertools.permutations(moves):
        run = simulate(order)
        expected[run.verdict.value] += 1
        outcomes.add(tuple(run.final_state.values()))
        if not run.failed_steps:
            feasible[run.verdict.value] += 1
    assert result.raw_counts.to_dict() == expected
    assert result.counts.to_dict() == feasible
    assert result.feasible < result.total
    assert result.distinct_outcomes == len(outcomes)
    for order in result.orderings("breakdown", limit=None):
        run = simulate(order)
        assert run.verdict is Verdict.BREAKDOWN and not run.failed_steps
    for order in result.orderings(limit=None, feasible_only=False):
        assert len(order) == 4


def test_shortest_successful_orderings_are_minimal_prefixes():
    moves = [
        "us_direct_talks",
        "us_moratorium_for_moratorium",
        "russia_working_group",
        "un_ministers_meeting",
        "dprk_freeze_for_relief",
        "us_security_guarantees",
        "dprk_denuclearization_step",
    ]
    result = explore(moves)
    assert result.shortest_successes
    length = len(result.shortest_successes[0])
    assert length == 6  # the mutual moratorium is not needed once the freeze is bought
    for prefix in result.shortest_successes:
        assert len(prefix) == length
        assert simulate(prefix).verdict is Verdict.SETTLEMENT_TRACK
        assert simulate(prefix[:-1]).verdict is not Verdict.SETTLEMENT_TRACK


def test_position_effect_ranks_moves_whose_place_matters():
    moves = [
        "us_direct_talks",
        "russia_working_group",
        "un_ministers_meeting",
        "dprk_freeze_for_relief",
        "us_security_guarantees",
        "dprk_denuclearization_step",
    ]
    result = explore(moves)
    effect = result.position_effect.set_index("move")
    # talks must come first and dismantling last; the working group may come anywhere early
    assert result.counts["settlement-track"] == 2
    assert effect.loc["us_direct_talks", "best_position"] == 1
    assert effect.loc["dprk_denuclearization_step", "best_position"] == 6
    assert (effect["spread"] > 0).all()
    assert result.position_effect.iloc[0]["move"] in {
        "us_direct_talks",
        "dprk_denuclearization_step",
    }
    assert "Position matters" in result.summary()


def test_explorer_limits_and_errors():
    with pytest.raises(ExplorerError, match="1 to 9 moves"):
        explore([])
    with pytest.raises(ExplorerError, match="1 to 9 moves"):
        explore(["us_sanctions"] * 10)
    with pytest.raises(ExplorerError, match="only once"):
        explore(["us_sanctions", "us_sanctions"])
    with pytest.raises(UnknownMoveError, match="us_sanctions"):
        explore(["us_sanction"])


def test_no_success_is_said_plainly():
    result = explore(["us_sanctions", "dprk_missile_test"])
    assert result.shortest_successes == []
    assert "No ordering reaches" in result.summary()


# Two small sets do the work of the seven moves of both (5,040 orderings; 840 here): the
# six moves a settlement needs (settlement-track wins give the position shares) and five
# with a missile test (three verdicts among feasible orderings, infeasible ones between).
@pytest.mark.parametrize(
    "moves",
    [
        [
            "us_direct_talks",
            "russia_working_group",
            "un_ministers_meeting",
            "dprk_freeze_for_relief",
            "us_security_guarantees",
            "dprk_denuclearization_step",
        ],
        [
            "us_direct_talks",
            "russia_working_group",
            "dprk_missile_test",
            "us_moratorium_for_moratorium",
            "us_demand_cvid",
        ],
    ],
    ids=["settlement", "missile-test"],
)
def test_shared_subtrees_give_the_same_answer_as_brute_force(moves):
    result = explore(moves)
    wins = {(m, p): 0 for m in moves for p in range(len(moves))}
    counts = {v.value: 0 for v in Verdict}
    for index, order in enumerate(itertools.permutations(moves)):
        run = simulate(order)
        verdict = run.verdict
        feasible = not run.failed_steps
        counts[verdict.value] += feasible
        assert result.ordering(index) == order
        if verdict is Verdict.SETTLEMENT_TRACK and feasible:
            for position, move in enumerate(order):
                wins[move, position] += 1
    assert result.counts.to_dict() == counts
    per_position = math.factorial(len(moves) - 1)
    for row in result.position_effect.itertuples():
        shares = [wins[row.move, p] / per_position for p in range(len(moves))]
        assert row.best_share == pytest.approx(max(shares))
        assert row.worst_share == pytest.approx(min(shares))
