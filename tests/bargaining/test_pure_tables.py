"""The bargaining model reads its data files and keeps its history without pandas; the
tables the book prints are the same as when pandas read the files and held the history."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.bargaining import ActorTable, load_six_parties, run_model, six_parties
from korea_talks.bargaining.actors import SIX_PARTIES_COLUMNS, SIX_PARTIES_FILES
from korea_talks.datasets import load_table


@pytest.mark.parametrize("year", sorted(SIX_PARTIES_FILES))
def test_the_six_party_table_is_the_one_pandas_reads(year):
    reference = load_table(SIX_PARTIES_FILES[year], required=SIX_PARTIES_COLUMNS)
    for column in ("position", "capability", "salience"):
        reference[column] = pd.to_numeric(reference[column]).astype(float)
    pd.testing.assert_frame_equal(load_six_parties(year), reference)
    assert six_parties(year) == ActorTable.from_frame(reference)


actor_rows = st.lists(
    st.tuples(
        st.floats(min_value=0.01, max_value=1.0),
        st.integers(min_value=0, max_value=100).map(float),
        st.floats(min_value=0, max_value=100),
    ),
    min_size=2,
    max_size=7,
)


@settings(max_examples=30, deadline=None)
@given(actor_rows, st.integers(min_value=0, max_value=6))
def test_the_result_tables_hold_the_plain_history(rows, rounds):
    table = ActorTable.from_records([(f"actor{i}", c, x, s) for i, (c, x, s) in enumerate(rows)])
    result = run_model(table, rounds=rounds)
    positions = result.positions
    assert positions.index.name == "round" and list(positions.columns) == table.names
    assert [tuple(row) for row in positions.itertuples(index=False)] == list(
        result.position_history
    )
    assert result.means.tolist() == list(result.mean_history)
    assert result.medians.tolist() == list(result.median_history)
    assert result.means.name == "weighted mean" and result.medians.name == "median"
    whole = result.table()
    assert len(whole) == rounds + 1 and list(whole.columns)[-2:] == ["median", "weighted mean"]
    if rounds:
        assert list(result.risk.index) == list(range(1, rounds + 1))
        assert [tuple(r) for r in result.risk.itertuples(index=False)] == list(result.risk_history)
    else:
        assert result.risk is None
