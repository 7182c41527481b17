"""Set 8 items follow the bargaining model and its 2024 data: the keys are recomputed, and
the design check accepts right designs and refuses wrong ones with a reason."""

from __future__ import annotations

import pytest

from korea_talks.bargaining import run_model, six_parties
from korea_talks.checks.checker import evaluate
from korea_talks.checks.normalize import AnswerTypeError
from korea_talks.checks.properties import run_property

DESIGN = {"year": 2024, "fields": ["salience"], "min_moves": 1, "min_outcome": 55}


def test_the_median_and_outcome_items_follow_the_data():
    back = run_model(six_parties(2024).replace("South Korea", position=55)).initial_median
    assert evaluate("set8.q1", back).earned
    assert not evaluate("set8.q1", run_model(six_parties(2024)).initial_median).earned
    after = run_model(six_parties(2024).replace("China", salience=50)).predicted_outcome
    assert evaluate("set8.q2", after).earned
    assert after < run_model(six_parties(2024)).predicted_outcome  # caring less: pulled down


def test_the_restoration_item_keeps_the_sign():
    now = run_model(six_parties(2024)).predicted_outcome
    russia = next(a for a in six_parties(2017).actors if a.name == "Russia")
    table = six_parties(2024).replace(
        "Russia", position=russia.position, capability=russia.capability, salience=russia.salience
    )
    shift = run_model(table).predicted_outcome - now
    assert evaluate("set8.q3", shift).earned
    assert not evaluate("set8.q3", -shift).earned


def test_a_design_is_rerun_not_looked_up():
    for party, value in (("Japan", 30), ("United States", 40)):
        trial = run_model(six_parties(2024).replace(party, salience=value), rounds=10)
        expected = bool(trial.moves) and trial.predicted_outcome >= 55
        problems = run_property("bargaining_change_meets", [party, "salience", value], DESIGN)
        assert (problems == []) is expected, (party, value, problems)


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (["China", "salience", 30], "weighted mean after the rounds"),
        (["China", "position", 100], "change one of salience"),
        (["Mongolia", "salience", 30], "unknown party"),
        (["Japan", "salience", 130], "salience 130.0 is outside its range"),
        (["Japan", "salience", 90], "accepted offers"),
    ],
)
def test_a_wrong_design_gets_its_reason(answer, problem):
    problems = run_property("bargaining_change_meets", answer, DESIGN)
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize("answer", ["Japan", ["Japan", "salience"], ["Japan", "salience", "low"]])
def test_a_malformed_design_is_a_type_error(answer):
    with pytest.raises(AnswerTypeError, match=r"\[party, field, value\]"):
        run_property("bargaining_change_meets", answer, DESIGN)
