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
    assert len(top.explanation) == 4


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


def test_guarantee_first_is_a_result_with_conditions_not_an_assumption():
    from korea_talks.games.sequencing_tree import guarantee_first_conditions, load_leaves

    assert all(holds for _, holds in guarantee_first_conditions())
    critics = load_leaves(reading="washington")
    conditions = guarantee_first_conditions(critics)
    assert not conditions[0][1] and "reneging (7)" in conditions[0][0]
    outcome = solve(sequencing_tree(critics))
    assert outcome.path[0] == "CVID first" and outcome.leaf.label == "stalemate"
    guarantee = compare_orders(sequencing_tree(critics))["guarantee first"]
    assert guarantee.leaf.label == "exploited guarantee"


def test_the_shared_outcome_has_the_freeze_games_payoffs(tmp_path):
    from korea_talks.games.freeze_game import FreezeGame
    from korea_talks.games.sequencing_tree import PAYOFFS_FILE, load_leaves

    game = FreezeGame.default()
    stalemate = load_leaves()["stalemate"].payoffs
    assert stalemate["north_korea"] == game.north_korea["test_continue"]
    assert stalemate["united_states"] == game.united_states["test_continue"]
    edited = tmp_path / "tree.toml"
    edited.write_text(
        PAYOFFS_FILE.read_text(encoding="utf-8").replace(
            'label = "stalemate"\nunited_states = 3.0', 'label = "stalemate"\nunited_states = 4.0'
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        SequencingTreeError, match="differ from the freeze game's cell test_continue"
    ):
        load_leaves(edited)


def test_tree_payoff_sources_are_bibliography_keys():
    import re
    from pathlib import Path

    from korea_talks.games.sequencing_tree import load_leaves

    bib = (Path(__file__).resolve().parents[2] / "book" / "references.bib").read_text("utf-8")
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, re.M))
    for reading in (None, "washington"):
        for leaf in load_leaves(reading=reading).values():
            assert set(leaf.sources) <= keys
