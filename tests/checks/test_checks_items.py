"""The reworked items: answers computed with the models and data, never hard-coded."""

from __future__ import annotations

import re

import numpy as np
import pytest

from korea_talks.checks import AnswerSpecError, evaluate
from korea_talks.checks.properties import (
    _closest_actor,
    _closest_actor_stability,
    _launch_days,
    _random_timing_share,
)
from korea_talks.checks.specs import parse_set

SET = '[set]\nid="x"\ntitle="t"\nnotebook="n"\nsections=["S1"]\n'


def test_the_exact_share_of_set1_q8_matches_a_simulation_of_the_data():
    launch, after, year_days, after_days = _launch_days(2017, "2017-05-10")
    rng = np.random.default_rng(0)
    draws = np.array(
        [
            (rng.choice(year_days, size=launch, replace=False) >= year_days - after_days).sum()
            for _ in range(20_000)
        ]
    )
    simulated = float((draws >= after).mean())
    exact = _random_timing_share(2017, "2017-05-10")
    assert abs(simulated - exact) < 0.015
    assert evaluate("set1.q8", simulated).earned
    assert not evaluate("set1.q8", exact + 0.05).earned
    assert not evaluate("set1.q8", 1 - exact).earned


def test_set3_q5_asks_whether_the_coded_nearest_actor_survives_noise():
    share = _closest_actor_stability("Russia", 10)
    assert 0 < share < 1
    assert _closest_actor_stability("Russia", 0.001) == 1.0
    assert evaluate("set3.q5", share + 0.01).earned
    assert not evaluate("set3.q5", 1.0).earned
    assert isinstance(_closest_actor("Russia"), str)


def test_set6_q5_cannot_be_met_by_deleting_moves_from_history():
    from korea_talks.sequence import get_preset

    history = list(get_preset("what-happened-2017-2019").moves)
    without_demand = [m for m in history if m != "us_demand_cvid"]
    candidates = [without_demand] + [
        without_demand[:i] + without_demand[i + 1 :] for i in range(len(without_demand))
    ]
    for moves in candidates:
        result = evaluate("set6.q5", moves)
        assert not result.earned
        assert "deleting moves is not enough" in result.line


def test_set7_q4_needs_both_lenses_and_no_deleted_roadmap_meets_it():
    from korea_talks.sequence import compare_lenses, get_preset

    roadmap = list(get_preset("author-roadmap").moves)
    for moves in [roadmap] + [roadmap[:i] + roadmap[i + 1 :] for i in range(len(roadmap))]:
        assert not evaluate("set7.q4", moves).earned
    # a sequence the author's lens accepts but the critics' reading does not
    author_only = ["us_direct_talks", "china_dual_suspension", "rok_inter_korean_dialogue"]
    verdicts = dict(compare_lenses(author_only)[["lens", "verdict"]].values.tolist())
    result = evaluate("set7.q4", author_only)
    assert not result.earned
    assert verdicts["washington"] not in ("moratorium", "verified-freeze", "settlement-track")


def test_set7_items_follow_the_lens_data():
    from korea_talks.checks.later_sets import LENS_ORDER
    from korea_talks.checks.properties import _robust_count
    from korea_talks.sequence import get_preset, simulate
    from korea_talks.sequence.lenses import lens_ids

    assert tuple(lens_ids()) == LENS_ORDER
    roadmap = list(get_preset("author-roadmap").moves)
    ranks = [simulate(roadmap, lens=lens).verdict.rank for lens in lens_ids()]
    assert evaluate("set7.q2", ranks).earned
    window = [
        i
        for i in range(len(roadmap) + 1)
        if simulate([*roadmap[:i], "us_demand_cvid", *roadmap[i:]], lens="beijing").verdict
        == "breakdown"
    ]
    assert evaluate("set7.q3", window).earned
    assert not evaluate("set7.q3", [i for i in range(1, 7)]).earned  # the author's window
    moves = ["us_direct_talks", "us_moratorium_for_moratorium", "russia_working_group"]
    assert _robust_count(moves, "moratorium") <= 6
    assert _robust_count(moves, "settlement-track") == 0


@pytest.mark.parametrize("item_type", [None, "trivia"])
def test_every_question_declares_a_known_item_type(item_type):
    line = f'item_type="{item_type}"\n' if item_type else ""
    with pytest.raises(AnswerSpecError, match="item_type"):
        parse_set(
            SET + f'[[question]]\nid="q1"\nkind="property"\n{line}property="model_answer"\n'
            'sections=["S1"]\nhint="h"\n'
        )


CODE_IN_HINT = re.compile(r"[A-Za-z_]\(|\)\.|\.[a-z_]+\b\(|\bread \.[a-z_]")
"""What a line of code looks like in a hint: a call, an attribute read after a call."""


def test_no_hint_gives_away_the_line_of_code():
    """Hints point to the section or the concept, never to the call that answers."""
    from korea_talks.checks.specs import load_practice_key, load_sets

    hints = [(q.id, q.hint) for spec in load_sets().values() for q in spec.questions]
    for set_id in load_sets():
        for label, key in load_practice_key(set_id).items():
            hints += [(f"{set_id}.{label}", m.hint) for m in key.mistakes]
    assert hints
    offending = [(qid, hint) for qid, hint in hints if CODE_IN_HINT.search(hint)]
    assert offending == []


def test_the_code_pattern_catches_a_call():
    assert CODE_IN_HINT.search("run simulate(get_preset('strike').moves) and read .verdict.value")
    assert not CODE_IN_HINT.search("this question counts missiles (rows), not launch days")
