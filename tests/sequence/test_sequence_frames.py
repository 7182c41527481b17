"""The sequence engine's plain records and the pandas tables made from them say the same.

The engine returns records (it runs without pandas); the book and the notebooks read
DataFrames and Series made from them by :mod:`korea_talks.sequence.frames`. For random
sequences and sets of moves under every lens, each table holds exactly the records, row
by row, with the columns, names and order the book has always read."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.sequence import (
    VERDICTS,
    compare_lenses,
    explore,
    lens_ids,
    load_catalogue,
    robust_orderings,
    sensitivity,
    simulate,
    simulate_many,
)
from korea_talks.sequence.lenses import lens_rows, lens_rule_rows, lens_rule_table, lenses
from korea_talks.sequence.lensing import lens_comparison, sensitivity_rows

MOVE_IDS = sorted(load_catalogue().moves)
VERDICT_NAMES = [v.value for v in VERDICTS]
sequences = st.lists(st.sampled_from(MOVE_IDS), max_size=10)
move_sets = st.lists(st.sampled_from(MOVE_IDS), min_size=1, max_size=5, unique=True)
lenses_ = st.sampled_from(lens_ids())


def records(table: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of ``table`` as dicts of plain Python values."""
    return [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in table.to_dict("records")
    ]


def same(a: object, b: object) -> bool:
    """Equal, counting NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def same_rows(left: list[dict[str, object]], right: list[dict[str, object]]) -> bool:
    return len(left) == len(right) and all(
        a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        for a, b in zip(left, right, strict=True)
    )


@settings(max_examples=40, deadline=None)
@given(sequences, lenses_)
def test_the_trajectory_table_is_the_steps(sequence, lens):
    result = simulate(sequence, lens=lens)
    table = result.trajectory
    assert table is result.trajectory  # made once per result
    assert records(table) == list(result.steps)
    assert list(table.columns)[:5] == ["step", "move_id", "actor", "rule_id", "applied"]
    assert result.final_state == {k: table.iloc[-1][k] for k in result.final_state}


@settings(max_examples=25, deadline=None)
@given(sequences, lenses_, st.integers(0, 1000))
def test_the_outcome_counts_are_the_verdict_counts(sequence, lens, seed):
    dist = simulate_many(sequence, runs=20, seed=seed, lens=lens)
    assert list(dist.counts.index) == VERDICT_NAMES
    assert (dist.counts.name, dist.counts.index.name) == ("runs", "verdict")
    assert dist.counts.to_dict() == dist.verdict_counts
    assert dist.shares.to_dict() == dist.verdict_shares
    assert int(dist.counts.sum()) == dist.runs


@settings(max_examples=30, deadline=None)
@given(move_sets, lenses_)
def test_the_explorer_tables_are_its_records_row_by_row(moves, lens):
    found = explore(moves, lens=lens)
    assert found.counts.name == "feasible orderings" and found.counts.index.name == "verdict"
    assert found.counts.to_dict() == found.verdict_counts
    assert found.raw_counts is not None and found.raw_counts.to_dict() == found.raw_verdict_counts
    assert int(found.counts.sum()) == found.feasible
    assert int(found.raw_counts.sum()) == found.total == math.factorial(len(moves))
    assert found.shares.to_dict() == found.verdict_shares
    effect = found.position_effect
    assert list(effect.columns) == [
        "move",
        "best_position",
        "best_share",
        "worst_position",
        "worst_share",
        "spread",
    ]
    assert records(effect) == list(found.position_rows)
    # the order the book has always printed: the biggest spread first, ties by move id
    assert effect.equals(
        effect.sort_values(["spread", "move"], ascending=[False, True]).reset_index(drop=True)
    )
    blocking = found.blocking_rules
    assert list(blocking.columns) == ["rule", "move", "reason", "orderings"]
    assert records(blocking) == list(found.blocking_rows)
    assert bool(found.blocking_rows) == (found.feasible == 0)


@settings(max_examples=10, deadline=None)
@given(move_sets)
def test_the_robust_orderings_table_is_its_records(moves):
    robust = robust_orderings(moves)
    assert list(robust.blocked.columns) == [
        "ordering",
        "lenses_reaching",
        "blocking_lenses",
        "verdicts",
    ]
    assert records(robust.blocked) == list(robust.blocked_rows)


@settings(max_examples=15, deadline=None)
@given(sequences)
def test_compare_lenses_is_the_lens_comparison(sequence):
    assert records(compare_lenses(sequence)) == lens_comparison(sequence)


@settings(max_examples=8, deadline=None)
@given(st.lists(st.sampled_from(MOVE_IDS), max_size=6), lenses_)
def test_sensitivity_is_its_rows_with_the_parameters_left_out(sequence, lens):
    table = sensitivity(sequence, lens=lens)
    assert same_rows(records(table), sensitivity_rows(sequence, lens=lens))
    assert table.attrs["not_listed"]


def test_the_lens_and_rule_tables_are_their_rows():
    assert records(lenses()) == lens_rows()
    for name in lens_ids():
        assert records(lens_rule_table(name)) == lens_rule_rows(name)
    catalogue = load_catalogue()
    assert records(catalogue.rule_table()) == catalogue.rule_rows()
