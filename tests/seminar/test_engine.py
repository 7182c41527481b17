"""The seminar engine: offers, answers, model answers, the clock, scores and replay."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.seminar.briefs import TEAMS, load_briefs, load_session_rules
from korea_talks.seminar.engine import INSTRUCTOR, Seminar, SeminarError
from korea_talks.sequence import load_catalogue


def offer(s: Seminar, team: str, to: list[str], moves: list[str], **extra: object) -> str:
    return s.submit({"kind": "offer", "team": team, "to": to, "moves": moves, **extra})["offer"]


def answer(s: Seminar, team: str, offer_id: str, verdict: str, reason: str, **extra: object):
    return s.submit(
        {
            "kind": "answer",
            "team": team,
            "offer": offer_id,
            "answer": verdict,
            "reason": reason,
            **extra,
        }
    )


def test_accepted_package_enters_the_sequence_in_order(seminar: Seminar) -> None:
    o = offer(seminar, "US", ["DPRK"], ["us_direct_talks", "us_moratorium_for_moratorium"])
    answer(seminar, "DPRK", o, "accept", "builds-trust")
    assert seminar.offers[o].status == "agreed"
    assert seminar.moves() == ["us_direct_talks", "us_moratorium_for_moratorium"]
    assert [e.rule for e in seminar.sequence] == ["direct-talks-open", "mutual-moratorium-agreed"]
    assert all(e.offer == o for e in seminar.sequence)


def test_rejected_offer_changes_nothing(seminar: Seminar) -> None:
    o = offer(seminar, "US", ["DPRK"], ["us_demand_cvid"])
    answer(seminar, "DPRK", o, "reject", "crosses-red-line")
    assert seminar.offers[o].status == "rejected"
    assert seminar.moves() == []


def test_counter_closes_the_offer_and_opens_a_new_one(seminar: Seminar) -> None:
    o = offer(seminar, "US", ["DPRK"], ["us_direct_talks", "us_demand_cvid"])
    ack = answer(
        seminar,
        "DPRK",
        o,
        "counter",
        "wrong-sequence",
        moves=["us_direct_talks", "us_moratorium_for_moratorium"],
    )
    counter = seminar.offers[ack["offer"]]
    assert seminar.offers[o].status == "countered"
    assert counter.counter_to == o and counter.proposer == "DPRK" and counter.to == ("US",)
    answer(seminar, "US", counter.id, "accept", "better-than-batna")
    assert seminar.moves() == ["us_direct_talks", "us_moratorium_for_moratorium"]


def test_package_to_several_teams_waits_for_all(seminar: Seminar) -> None:
    o = offer(seminar, "Russia", ["US", "DPRK"], ["russia_working_group", "us_direct_talks"])
    answer(seminar, "US", o, "accept", "meets-interests")
    assert seminar.offers[o].status == "open" and seminar.offers[o].waiting_for == ["DPRK"]
    answer(seminar, "DPRK", o, "accept", "meets-interests")
    assert seminar.offers[o].status == "agreed"


def test_model_answers_for_actors_no_team_plays(seminar: Seminar) -> None:
    # China is not played: the model answers at once, by China's confidential brief.
    o = offer(seminar, "Russia", ["China"], ["russia_china_joint_initiative"])
    assert seminar.offers[o].answers["China"].by_model
    expected = seminar.model_answer("China", (), ("russia_china_joint_initiative",))
    assert seminar.offers[o].answers["China"].answer == expected[0]
    # A strike crosses China's red line: the model refuses it.
    assert seminar.model_answer("China", (), ("us_strike",)) == ("reject", "crosses-red-line")


def test_un_accepts_only_moves_that_take_effect(seminar: Seminar) -> None:
    assert seminar.model_answer("UN/IAEA", (), ("iaea_monitoring",))[0] == "reject"
    assert seminar.model_answer("UN/IAEA", (), ("un_sanctions_resolution",))[0] == "accept"


def test_conditions_are_checked_when_all_accept(seminar: Seminar) -> None:
    o = offer(seminar, "US", ["DPRK"], ["us_suspend_exercises"], conditions=["if freeze >= 1"])
    answer(seminar, "DPRK", o, "accept", "meets-interests")
    assert seminar.offers[o].status == "failed"
    assert "freeze >= 1" in seminar.offers[o].status_text
    assert seminar.moves() == []


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            {"kind": "offer", "team": "US", "to": ["DPRK"], "moves": ["dprk_nuclear_tst"]},
            "unknown move id",
        ),
        ({"kind": "offer", "team": "US", "to": ["US"], "moves": ["us_sanctions"]}, "to itself"),
        (
            {"kind": "offer", "team": "US", "to": ["ROK"], "moves": ["dprk_missile_test"]},
            "not party",
        ),
        (
            {"kind": "offer", "team": "US", "to": ["Mars"], "moves": ["us_sanctions"]},
            "unknown actor",
        ),
        ({"kind": "offer", "team": "US", "to": ["DPRK"], "moves": []}, "1 to 6"),
        (
            {
                "kind": "offer",
                "team": "US",
                "to": ["DPRK"],
                "moves": ["us_sanctions"],
                "conditions": ["when x"],
            },
            "allowed: 'if",
        ),
        ({"kind": "act", "team": "US", "move": "dprk_missile_test"}, "own moves"),
        ({"kind": "act", "team": "China", "move": "china_oil_cutoff"}, "not in play"),
        ({"kind": "launch", "team": "US"}, "unknown action kind"),
        ({"kind": "act", "team": "US", "move": "us_sanctions", "bogus": 1}, "unknown field"),
        ({"kind": "start", "team": "US"}, "only the instructor"),
        (
            {"kind": "answer", "team": "US", "offer": "O9", "answer": "accept", "reason": "x"},
            "no offer",
        ),
        (["not", "a", "dict"], "JSON object"),
    ],
)
def test_bad_actions_are_refused_with_a_clear_message(
    seminar: Seminar, action: object, message: str
) -> None:
    before = len(seminar.actions)
    with pytest.raises(SeminarError, match=message):
        seminar.submit(action)
    assert len(seminar.actions) == before


def test_answers_need_a_reason_of_the_right_type(seminar: Seminar) -> None:
    o = offer(seminar, "US", ["DPRK"], ["us_direct_talks"])
    with pytest.raises(SeminarError, match="does not go with 'accept'"):
        answer(seminar, "DPRK", o, "accept", "crosses-red-line")
    with pytest.raises(SeminarError, match="not to ROK"):
        answer(seminar, "ROK", o, "accept", "meets-interests")
    answer(seminar, "DPRK", o, "accept", "meets-interests")
    with pytest.raises(SeminarError, match="already agreed"):
        answer(seminar, "DPRK", o, "reject", "not-ripe")


def test_the_clock_gates_team_actions() -> None:
    s = Seminar(("US", "DPRK"))
    with pytest.raises(SeminarError, match="not started"):
        s.submit({"kind": "act", "team": "US", "move": "us_sanctions"})
    s.submit({"kind": "start", "team": INSTRUCTOR})
    s.submit({"kind": "pause", "team": INSTRUCTOR})
    assert s.seconds_left() is not None and s.seconds_left() > 0
    with pytest.raises(SeminarError, match="paused"):
        s.submit({"kind": "act", "team": "US", "move": "us_sanctions"})
    s.submit({"kind": "resume", "team": INSTRUCTOR})
    s.submit({"kind": "next-round", "team": INSTRUCTOR})
    assert s.round == 2
    s.submit({"kind": "end", "team": INSTRUCTOR})
    with pytest.raises(SeminarError, match="over"):
        s.submit({"kind": "act", "team": "US", "move": "us_sanctions"})


def test_scores_follow_the_briefs(seminar: Seminar) -> None:
    before = seminar.scores()
    seminar.submit({"kind": "act", "team": "US", "move": "us_strike"})
    after = seminar.scores()
    struck = {team for team in TEAMS if "strike" in after[team]["red_lines"]}
    assert struck == {"DPRK", "ROK", "China", "Russia"}
    for team in struck:
        assert after[team]["score"] < before[team]["score"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(sorted(load_catalogue().moves)), max_size=8))
def test_scores_stay_on_the_scale(moves: list[str]) -> None:
    from korea_talks.seminar import model

    state = model.end_state(moves)
    penalty = load_session_rules().red_line_penalty
    for brief in load_briefs().values():
        score = brief.score(state, penalty)
        assert -penalty * len(brief.red_lines) <= score <= 100


def test_replaying_the_actions_rebuilds_the_session(seminar: Seminar) -> None:
    o = offer(seminar, "US", ["DPRK", "China"], ["us_direct_talks"])
    answer(seminar, "DPRK", o, "accept", "builds-trust")
    seminar.submit({"kind": "act", "team": "ROK", "move": "rok_inter_korean_dialogue"})
    copy = Seminar.from_config(seminar.config())
    for action in seminar.actions:
        copy.apply(action)
    a, b = copy.view(), seminar.view()
    a.pop("seconds_left"), b.pop("seconds_left")
    assert a == b


def test_the_instructor_chooses_the_lens_the_model_answers_under(seminar: Seminar) -> None:
    with pytest.raises(SeminarError, match="unknown lens"):
        seminar.submit({"kind": "set-lens", "team": INSTRUCTOR, "lens": "moscow"})
    seminar.submit({"kind": "set-lens", "team": INSTRUCTOR, "lens": "washington"})
    assert seminar.lens == "washington" and seminar.view()["lens"] == "washington"
    from korea_talks.seminar import model

    after = ("us_direct_talks", "us_moratorium_for_moratorium")
    penalty = seminar.rules.red_line_penalty
    brief = seminar.briefs["China"]
    expected = brief.score(model.end_state(after, "washington"), penalty) >= brief.score(
        model.end_state((), "washington"), penalty
    )
    answer, _ = seminar.model_answer("China", (), after)
    assert (answer == "accept") == expected


def test_the_instructor_voids_a_mistaken_move_and_the_log_keeps_both(seminar: Seminar) -> None:
    seminar.submit({"kind": "act", "team": "US", "move": "us_strike"})
    strike = seminar.actions[-1].seq
    o = offer(seminar, "US", ["DPRK"], ["us_direct_talks"])
    answer(seminar, "DPRK", o, "accept", "builds-trust")
    assert seminar.moves() == ["us_strike", "us_direct_talks"]
    ack = seminar.submit(
        {"kind": "void", "team": INSTRUCTOR, "target": strike, "note": "clicked by mistake"}
    )
    assert ack["voided"] == strike
    assert seminar.moves() == ["us_direct_talks"]
    assert seminar.offers[o].status == "agreed"
    texts = [e.text for e in seminar.events]
    assert any(f"#{strike} (act by US) is void" in t for t in texts)
    assert any("voids" in t and "clicked by mistake" in t for t in texts)
    # the log holds the strike and the void; a replay rebuilds the same session
    copy = Seminar.from_config(seminar.config())
    for action in seminar.actions:
        copy.apply(action.to_record())
    assert copy.moves() == seminar.moves() and copy.voided == {strike}


def test_voiding_an_accept_reopens_the_offer_and_unmakes_the_agreement(seminar: Seminar) -> None:
    o = offer(seminar, "Russia", ["US", "DPRK"], ["russia_working_group"])
    answer(seminar, "US", o, "accept", "meets-interests")
    answer(seminar, "DPRK", o, "accept", "meets-interests")
    assert seminar.moves() == ["russia_working_group"]
    seminar.submit({"kind": "void", "team": INSTRUCTOR, "target": seminar.actions[-1].seq})
    assert seminar.moves() == [] and seminar.offers[o].waiting_for == ["DPRK"]


def test_only_moves_alone_and_plain_answers_can_be_voided(seminar: Seminar) -> None:
    o = offer(seminar, "US", ["DPRK"], ["us_direct_talks"])
    with pytest.raises(SeminarError, match="cannot be voided"):
        seminar.submit({"kind": "void", "team": INSTRUCTOR, "target": 2})  # an offer
    with pytest.raises(SeminarError, match="number of an action"):
        seminar.submit({"kind": "void", "team": INSTRUCTOR, "target": "2"})
    with pytest.raises(SeminarError, match="only the instructor"):
        seminar.submit({"kind": "void", "team": "DPRK", "target": 2})
    answer(seminar, "DPRK", o, "reject", "not-ripe")
    target = seminar.actions[-1].seq
    seminar.submit({"kind": "void", "team": INSTRUCTOR, "target": target})
    with pytest.raises(SeminarError, match="cannot be voided"):
        seminar.submit({"kind": "void", "team": INSTRUCTOR, "target": target})


def test_an_ended_session_can_be_reopened_paused_with_its_time(seminar: Seminar) -> None:
    o = offer(seminar, "US", ["DPRK"], ["us_direct_talks"])
    with pytest.raises(SeminarError, match="not possible while the session is open"):
        seminar.submit({"kind": "reopen", "team": INSTRUCTOR})
    seminar.submit({"kind": "end", "team": INSTRUCTOR})
    left = seminar.clock.remaining_seconds
    seminar.submit({"kind": "reopen", "team": INSTRUCTOR})
    assert seminar.status == "paused" and seminar.offers[o].status == "expired"
    assert left is not None and seminar.seconds_left() == left
    seminar.submit({"kind": "resume", "team": INSTRUCTOR})
    seminar.submit({"kind": "act", "team": "US", "move": "us_direct_talks"})
    assert seminar.moves() == ["us_direct_talks"]


def test_a_round_closes_when_its_clock_reaches_zero() -> None:
    s = Seminar(("US", "DPRK"), round_minutes=1)
    s.submit({"kind": "start", "team": INSTRUCTOR, "at": "2026-03-02T09:00:00Z"})
    act = {"kind": "act", "team": "US", "move": "us_direct_talks"}
    s.submit({**act, "at": "2026-03-02T09:00:59Z"})
    with pytest.raises(SeminarError, match="closed when its clock reached 0:00"):
        s.submit({**act, "move": "us_sanctions", "at": "2026-03-02T09:01:00Z"})
    s.submit({"kind": "next-round", "team": INSTRUCTOR, "at": "2026-03-02T09:02:00Z"})
    s.submit({**act, "move": "us_sanctions", "at": "2026-03-02T09:02:30Z"})
    assert s.moves() == ["us_direct_talks", "us_sanctions"]


def test_next_round_stops_at_the_plans_last_round() -> None:
    s = Seminar(("US", "DPRK"), rounds=2)
    s.submit({"kind": "start", "team": INSTRUCTOR})
    s.submit({"kind": "next-round", "team": INSTRUCTOR})
    with pytest.raises(SeminarError, match="round 2 of 2 is the last"):
        s.submit({"kind": "next-round", "team": INSTRUCTOR})
    assert s.round == 2
