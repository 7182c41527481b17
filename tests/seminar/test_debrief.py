"""The debrief: timeline, concessions, lenses, comparison with the roadmap and the record."""

from __future__ import annotations

from korea_talks.seminar import model
from korea_talks.seminar.debrief import debrief, debrief_html
from korea_talks.seminar.engine import Seminar
from korea_talks.sequence import get_preset, simulate


def played(seminar: Seminar) -> Seminar:
    s = seminar
    o = s.submit({"kind": "offer", "team": "US", "to": ["DPRK"], "moves": ["us_demand_cvid"]})
    s.submit(
        {
            "kind": "answer",
            "team": "DPRK",
            "offer": o["offer"],
            "answer": "reject",
            "reason": "domestic-veto",
        }
    )
    o = s.submit(
        {
            "kind": "offer",
            "team": "DPRK",
            "to": ["US"],
            "moves": ["us_direct_talks", "us_moratorium_for_moratorium"],
            "conditions": ["if not strike"],
        }
    )
    s.submit(
        {
            "kind": "answer",
            "team": "US",
            "offer": o["offer"],
            "answer": "accept",
            "reason": "way-out",
        }
    )
    s.submit({"kind": "next-round", "team": "instructor"})
    s.submit({"kind": "act", "team": "Russia", "move": "russia_working_group"})
    return s


def test_debrief_lists_every_offer_and_answer(seminar: Seminar) -> None:
    d = debrief(played(seminar))
    texts = [row["text"] for row in d.timeline]
    assert any("rejects O1" in t for t in texts) and any("accepts O2" in t for t in texts)
    assert d.reasons == {"domestic-veto": 1, "way-out": 1}


def test_comparison_runs_the_roadmap_and_the_record(seminar: Seminar) -> None:
    d = debrief(played(seminar))
    names = [row["name"] for row in d.comparison]
    assert names == ["this session", "author-roadmap", "what-happened-2017-2019"]
    roadmap = d.comparison[1]
    assert roadmap["verdict"] == simulate(get_preset("author-roadmap").moves).verdict.title
    assert d.comparison[0]["moves"] == seminar.moves()


def test_every_lens_has_a_row(seminar: Seminar) -> None:
    d = debrief(played(seminar))
    assert [row["lens"] for row in d.lenses] == model.available_lenses()


def test_concessions_are_steps_that_lower_the_actors_own_score(seminar: Seminar) -> None:
    seminar.submit({"kind": "act", "team": "US", "move": "us_suspend_exercises"})
    d = debrief(played(seminar))
    for row in d.concessions:
        assert row["cost"] > 0
    # a pause of exercises with no freeze in return costs the US its 'keep-exercises'
    # interest and crosses its red line; the later mutual moratorium buys the freeze it wants
    assert any(r["team"] == "US" and r["step"] == 1 for r in d.concessions)


def test_prompts_name_the_concepts_and_the_session(seminar: Seminar) -> None:
    d = debrief(played(seminar))
    concepts = [p["concept"] for p in d.prompts]
    assert concepts[:3] == ["ripeness", "commitment", "two-level"]
    assert "round 1" in d.prompts[0]["prompt"]
    assert "DPRK on O1" in d.prompts[2]["prompt"]
    assert "Putnam" in d.prompts[2]["reference"]


def test_debrief_page_escapes_notes_and_prints(seminar: Seminar) -> None:
    seminar.title = "<script>x</script>"
    page = debrief_html(played(seminar))
    assert "<script>x" not in page and "@media print" in page
