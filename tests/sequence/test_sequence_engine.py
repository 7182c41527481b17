"""The engine's structure: one condition evaluator, typed compiled moves, one validation."""

from __future__ import annotations

import pytest

from korea_talks.seminar import model as seminar_model
from korea_talks.sequence import catalogue as catalogue_module
from korea_talks.sequence.catalogue import CompiledMove, load_catalogue, parse_condition
from korea_talks.sequence.conditions import OPERATORS, compare
from korea_talks.sequence.simulate import final_state, simulate
from korea_talks.sequence.state import INDEX, get_variable


@pytest.mark.parametrize("op", sorted(OPERATORS))
@pytest.mark.parametrize(("left", "right"), [(3.0, 4.0), (4.0, 4.0), (5.0, 4.0)])
def test_the_seminar_and_the_simulator_evaluate_a_condition_alike(
    op: str, left: float, right: float
) -> None:
    condition = parse_condition(f"trust {op} {right:g}")
    state = dict.fromkeys(("trust",), left)
    test = catalogue_module.compile_condition(condition, load_catalogue().parameters)
    trust_slot = [0.0] * 20
    trust_slot[test.slot] = left
    assert (
        seminar_model.holds(condition, state) == test.holds(trust_slot) == compare(left, op, right)
    )


def test_the_seminar_has_no_operator_table_of_its_own() -> None:
    assert not hasattr(seminar_model, "_OPS")


def test_compiled_moves_are_typed_and_cached_by_the_catalogue() -> None:
    catalogue = load_catalogue()
    move = catalogue.compiled("us_security_guarantees")
    assert isinstance(move, CompiledMove)
    assert catalogue.compiled("us_security_guarantees") is move
    rule = move.rules[-1]
    assert rule.rule.id == "security-regime-established"
    assert rule.chance is None and rule.tests == ()


def test_simulate_with_runs_checks_the_sequence_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = catalogue_module.Catalogue.check_sequence

    def counting(self: catalogue_module.Catalogue, ids: object) -> object:
        calls.append(ids)
        return original(self, ids)  # type: ignore[arg-type]

    monkeypatch.setattr(catalogue_module.Catalogue, "check_sequence", counting)
    simulate(["us_direct_talks"], runs=5, seed=1)
    assert len(calls) == 1


def test_capability_is_capped_at_the_variables_own_bound() -> None:
    tests = ["dprk_nuclear_test"] * 12
    cap = final_state(tests)[INDEX["capability"]]
    assert cap == get_variable("capability").high
