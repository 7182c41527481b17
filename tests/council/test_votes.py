"""The voting rule of Article 27(3): nine votes in favour and no veto; abstention is no veto."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from korea_talks.seminar.council.votes import NINE, PERMANENT, SEATS, VOTES, tally

MEMBERS = (*PERMANENT, *(f"E{i}" for i in range(1, 11)))
ballots = st.fixed_dictionaries({}, optional={m: st.sampled_from(VOTES) for m in MEMBERS})


@given(ballots)
def test_adopted_exactly_when_nine_in_favour_and_no_permanent_member_against(votes) -> None:
    outcome = tally(votes)
    permanent_no = [m for m in PERMANENT if votes.get(m) == "no"]
    assert outcome.adopted == (list(votes.values()).count("yes") >= NINE and not permanent_no)
    assert list(outcome.vetoed_by) == permanent_no
    assert outcome.yes + outcome.no + outcome.abstain + outcome.absent == SEATS


@given(ballots, st.sampled_from(PERMANENT))
def test_a_permanent_members_abstention_never_blocks_what_its_yes_would_pass(votes, member):
    with_yes = tally({**votes, member: "yes"})
    with_abstention = tally({**votes, member: "abstain"})
    # abstaining costs one vote in favour and nothing else: it is not a veto
    assert with_abstention.vetoed_by == with_yes.vetoed_by
    assert with_abstention.adopted == (with_yes.adopted and with_yes.yes - 1 >= NINE)


@given(ballots, st.sampled_from(PERMANENT))
def test_any_permanent_members_no_defeats_the_draft(votes, member) -> None:
    assert not tally({**votes, member: "no"}).adopted


@given(ballots, st.sampled_from(MEMBERS[5:]))
def test_an_elected_members_no_is_not_a_veto(votes, member) -> None:
    outcome = tally({**votes, member: "no"})
    assert member not in outcome.vetoed_by


def test_fourteen_for_and_one_permanent_against_fails_and_names_the_veto() -> None:
    votes = {m: "yes" for m in MEMBERS} | {"Russia": "no"}
    outcome = tally(votes)
    assert (outcome.yes, outcome.adopted, outcome.vetoed_by) == (14, False, ("Russia",))
    assert "vetoed by Russia" in outcome.words


def test_eight_for_fails_for_want_of_a_ninth_vote() -> None:
    votes = {m: "yes" for m in MEMBERS[:8]} | {m: "abstain" for m in MEMBERS[8:]}
    outcome = tally(votes)
    assert not outcome.adopted and not outcome.vetoed_by
    assert f"fewer than {NINE}" in outcome.words


def test_a_vote_that_is_not_yes_no_or_abstain_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="allowed: yes, no, abstain"):
        tally({"US": "veto"})
