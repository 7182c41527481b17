"""The EC emission-standards case against the published replication of Scholz et al.

Reference figures: the run log ``Example.log`` printed by the public Python replication of
Scholz, Calbert and Smith (2011), repository dmasad/bdm-scholz-expected-utility-model
(a Python 3 fork of jmckib/bdm-scholz-expected-utility-model), file ``Example.log``,
commit d7c7bbab2b714f8bd196e71db38b0f30a3c15bfd (bibliography: ``masadndbdm``,
``jmckibndbdm``). The log was produced with ``ExampleActors.csv`` and 10 rounds.

Only the figures are taken from the log; the model is our own implementation. After
round 0 the log prints the weighted mean on both its "Median position" and its "Mean
position" lines (a labelling slip in that fork), so we compare the initial median and the
means only.
"""

from __future__ import annotations

import pytest

from korea_talks.bargaining import ec_emission_standards, run_model

# "Median position" printed before round 1.
REFERENCE_INITIAL_MEDIAN = 7.0

# "Mean position" printed before round 1 and after each of rounds 1-10.
REFERENCE_MEANS = (
    7.389955686853767,
    7.461314378277189,
    7.552500865855845,
    7.590144997451547,
    7.358130531334201,
    7.3491739896752115,
    7.414877545372958,
    7.510457183677219,
    7.5724470975503,
    7.324989065683666,
    7.242130958473938,
)

# Round 1 moves as printed: (mover, kind, partner, EU_i(i->j), EU_i(j->i), new position).
REFERENCE_ROUND_1 = (
    (
        "Belgium",
        "compromise",
        "France",
        -0.11483050347300794,
        0.2432965945234421,
        8.415932315426764,
    ),
    ("Luxembourg", "confrontation", "Belgium", 0.24550922248250817, 0.542246100211495, 7.0),
    ("Ireland", "confrontation", "Luxembourg", 0.5382377664333493, 0.6824778252511178, 4.0),
)


@pytest.fixture(scope="module")
def result():
    return run_model(ec_emission_standards(), rounds=10)


def test_initial_median_matches_the_replication(result):
    assert result.initial_median == pytest.approx(REFERENCE_INITIAL_MEDIAN, abs=1e-6)


@pytest.mark.parametrize("round_number", range(11))
def test_weighted_mean_matches_the_replication(result, round_number):
    assert result.means[round_number] == pytest.approx(REFERENCE_MEANS[round_number], abs=1e-6)


def test_first_round_moves_match_the_replication(result):
    first = [m for m in result.moves if m.round == 1]
    assert len(first) == len(REFERENCE_ROUND_1)
    for move, (actor, kind, partner, eu_own, eu_partner, new) in zip(
        first, REFERENCE_ROUND_1, strict=True
    ):
        assert (move.actor, move.kind, move.partner) == (actor, kind, partner)
        assert move.eu_own == pytest.approx(eu_own, abs=1e-6)
        assert move.eu_partner == pytest.approx(eu_partner, abs=1e-6)
        assert move.new_position == pytest.approx(new, abs=1e-6)


def test_the_ec_case_oscillates(result):
    assert result.oscillates
    assert "oscillates" in result.note()


def test_acting_on_capitulation_leaves_the_ec_case_unchanged(result):
    other = run_model(ec_emission_standards(), rounds=10, capitulation=True)
    assert other.means.tolist() == pytest.approx(result.means.tolist(), abs=1e-12)
