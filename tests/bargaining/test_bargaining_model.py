"""The bargaining model: bad input, invariants, the six-party table."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.bargaining import (
    Actor,
    ActorInputError,
    ActorTable,
    ec_emission_standards,
    load_six_parties_2017,
    run_model,
    six_parties_2017,
)
from korea_talks.bargaining.model import (
    _distance,
    challenge_utilities,
    median_position,
    success_probabilities,
)
from korea_talks.sections import validate_section_ids


def test_negative_capability_is_refused_by_name():
    with pytest.raises(ActorInputError, match=r"'Japan'.*capability -0.1 is negative"):
        Actor("Japan", position=5, capability=-0.1, salience=50)


@pytest.mark.parametrize("salience", [-1, 100.5, 250])
def test_salience_outside_its_range_is_refused(salience):
    with pytest.raises(ActorInputError, match=r"salience .* outside its range; allowed: 0 to 100"):
        Actor("China", position=75, capability=0.8, salience=salience)


@pytest.mark.parametrize("actors", [[], [("A", 1, 10, 50)]])
def test_fewer_than_two_actors_is_refused(actors):
    with pytest.raises(ActorInputError, match="at least two actors"):
        ActorTable.from_records(actors)


def test_non_numeric_and_duplicate_input_is_refused():
    with pytest.raises(ActorInputError, match="position must be a number"):
        ActorTable.from_records([("A", 1, "far", 50), ("B", 1, 10, 50)])
    with pytest.raises(ActorInputError, match="appears twice"):
        ActorTable.from_records([("A", 1, 0, 50), ("A", 1, 10, 50)])
    with pytest.raises(ActorInputError, match="rounds"):
        run_model(ec_emission_standards(), rounds=-1)


def test_replace_changes_one_actor():
    table = ec_emission_standards().replace("Ireland", salience=90)
    assert table.actors[7].salience == 90
    with pytest.raises(ActorInputError, match="no actor named"):
        table.replace("Narnia", position=3)


def test_six_party_table_is_sourced_and_runs():
    frame = load_six_parties_2017()
    assert set(frame["actor"]) == {
        "United States",
        "Japan",
        "South Korea",
        "China",
        "Russia",
        "North Korea",
    }
    for cell in frame["sections"]:
        validate_section_ids(cell.split(";"))
    assert frame["position_basis"].str.startswith("Our estimate").all()
    result = run_model(six_parties_2017(), rounds=10)
    assert result.initial_median == 55.0  # South Korea: the "driver's seat" (S8)
    assert min(result.means) >= 0 and max(result.means) <= 100


def test_all_actors_at_one_position_do_not_move():
    table = ActorTable.from_records([("A", 1, 50, 50), ("B", 2, 50, 90)])
    result = run_model(table, rounds=3)
    assert result.moves == []
    assert result.converged
    assert result.means.tolist() == pytest.approx([50.0] * 4)


actor_rows = st.lists(
    st.tuples(
        st.floats(min_value=0.01, max_value=1.0),
        st.integers(min_value=0, max_value=100).map(float),
        st.floats(min_value=0, max_value=100),
    ),
    min_size=2,
    max_size=8,
)


def _table(rows):
    return ActorTable.from_records([(f"actor{i}", c, x, s) for i, (c, x, s) in enumerate(rows)])


@settings(max_examples=50, deadline=None)
@given(actor_rows)
def test_positions_stay_within_the_initial_range_and_runs_are_deterministic(rows):
    table = _table(rows)
    one = run_model(table, rounds=4)
    two = run_model(table, rounds=4)
    assert one.positions.equals(two.positions)
    assert one.means.equals(two.means)
    low, high = min(table.positions), max(table.positions)
    values = one.positions.to_numpy()
    assert (values >= low - 1e-9).all() and (values <= high + 1e-9).all()
    assert low - 1e-9 <= one.initial_median <= high + 1e-9


@settings(max_examples=50, deadline=None)
@given(actor_rows, st.lists(st.floats(min_value=0.5, max_value=2.0), min_size=8, max_size=8))
def test_probabilities_are_in_the_unit_interval(rows, risks):
    table = _table(rows)
    x = np.array(table.positions)
    c = np.array([a.capability for a in table.actors])
    s = np.array([a.salience for a in table.actors]) / 100
    width = float(np.ptp(x))
    # the model returns plain nested lists (it runs without numpy); read them as arrays
    prob = np.array(success_probabilities(x, c * s, np.array(risks[: len(x)]), width))
    assert ((prob >= 0) & (prob <= 1)).all()
    eu = np.array(challenge_utilities(prob.tolist(), _distance(x, width), s, 1.0))
    assert np.isfinite(eu).all()
    assert median_position(x, c * s, width) in set(x.tolist())
