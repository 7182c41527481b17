"""The sequencing game tree: backward induction and bad input."""

from __future__ import annotations

import pytest

from korea_talks.games.sequencing_tree import (
    Choice,
    Leaf,
    SequencingTreeError,
    compare_orders,
    sequencing_tree,
    solve,
)


def test_cvid_first_ends_in_stalemate_because_disarming_first_is_exploited():
    outcomes = compare_orders()
    cvid = outcomes["CVID first"]
    assert cvid.path == ["refuse"]
    assert cvid.leaf.label == "stalemate"


def test_guarantee_first_reaches_the_settlement_track_and_is_chosen():
    outcomes = compare_orders()
    assert outcomes["guarantee first"].leaf.label == "settlement track"
    top = solve(sequencing_tree())
    assert top.path[0] == "guarantee first"
    assert len(top.explanation) == 3


def test_if_washington_could_commit_cvid_first_would_work():
    tree = sequencing_tree()
    cvid = tree.options["CVID first"]
    disarm = cvid.options["disarm first"]
    committed = Choice(
        "north_korea",
        {"disarm first": disarm.options["honour the deal"], "refuse": cvid.options["refuse"]},
    )
    assert solve(committed).path == ["disarm first"]


def test_bad_trees_are_refused():
    with pytest.raises(SequencingTreeError, match="not a number"):
        Leaf("x", {"united_states": "high", "north_korea": 1}, ("S9",), "r")
    with pytest.raises(SequencingTreeError, match="unknown player"):
        Choice("japan", {"a": Leaf("x", {"united_states": 1, "north_korea": 1}, (), "r")})
    with pytest.raises(SequencingTreeError, match="no option"):
        Choice("united_states", {})
