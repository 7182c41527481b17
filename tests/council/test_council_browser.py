"""A Security Council session played in five browsers: a draft vetoed, a second adopted.

The President (instructor), the United States, China, Russia and North Korea (invited,
without vote) join with their codes; the model votes for the United Kingdom, France and
the ten elected seats. The first draft is amended, put to the vote and vetoed by Russia;
the second passes with two permanent members abstaining. Between the two, the projector
view is opened (no controls, no code) and the server is killed and restarted. Then North
Korea's proposal goes to a vote once China asks for one (rule 38), and the US vetoes it. Every
expected result (the count, the veto, the model's verdict on the adopted text) is computed
from the rule and the model, not written into the test. Every wait is on state. Uses
Debian's chromium; skips locally without it, fails in CI.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from korea_talks.seminar.council.catalogue import load_council
from korea_talks.seminar.council.votes import tally
from korea_talks.seminar.engine import INSTRUCTOR
from korea_talks.seminar.model import run
from korea_talks.seminar.web import ServerProcess
from tests.council.conftest import CODES, COUNCIL_MODULE, new_council
from tests.seminar.browser_session import (
    ARGS,
    SAFETY_NET_MS,
    chromium,
    in_own_thread,
    server_state,
    wait_for_state,
)
from tests.seminar.test_server import free_port

__all__ = ["chromium"]  # the fixture, used by name below
pytestmark = pytest.mark.browser
TEAMS = ("US", "China", "Russia", "DPRK")
DATA = load_council()


def council_state(server: ServerProcess) -> dict:
    return server_state(server, CODES[INSTRUCTOR])


def expect_state(server: ServerProcess, what: str, holds) -> dict:
    """Wait until the server's state satisfies ``holds``; say what was awaited if never."""
    return wait_for_state(lambda: council_state(server), what, holds)


def draft_of(state: dict, draft: str) -> dict:
    return next((d for d in state["drafts"] if d["id"] == draft), {})


def join(page, server: ServerProcess, team: str) -> None:
    page.goto(server.url + "/")
    page.get_by_label("Join code").fill(CODES[team])
    page.get_by_role("button", name="Join").click()
    page.locator("#who").filter(
        has_text="instructor" if team == INSTRUCTOR else f"({team})"
    ).wait_for()


def table(page, title: str, clauses: list[str]) -> None:
    page.get_by_label("Draft title").fill(title)
    for clause in clauses:
        page.get_by_label(DATA.clauses[clause].label).check()
    page.get_by_role("button", name="Table draft").click()


def put_to_vote(teacher, draft: str) -> None:
    teacher.get_by_label("Draft to put to the vote").select_option(draft)
    teacher.get_by_role("button", name="Put to the vote").click()
    teacher.get_by_role("button", name=f"Confirm: put {draft} to the vote").click()


def vote(page, draft: str, choice: str) -> None:
    name = {"yes": "Vote yes", "no": "Vote no", "abstain": "Abstain"}[choice]
    page.get_by_role("button", name=f"{name} on {draft}").click()


def outcome_on(page, draft: str):
    locator = page.locator(f"#outcome-{draft}")
    locator.wait_for()
    return locator.inner_text()


def note_foreign(url: str, found: list[str]) -> None:
    if not url.startswith(("http://127.0.0.1:", "blob:", "data:", "about:")):
        found.append(url)


def test_a_vetoed_draft_then_an_adopted_one(chromium: Path, tmp_path: Path) -> None:
    in_own_thread(lambda: play(chromium, tmp_path), "the session", limit_s=3600)


def play(chromium: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    db = new_council(tmp_path / "council.sqlite", teams=TEAMS)
    server = ServerProcess(db, free_port(), timeout=SAFETY_NET_MS / 1000, module=COUNCIL_MODULE)
    server.start()
    foreign: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGS)
            pages = {}
            for team in (INSTRUCTOR, *TEAMS):
                # North Korea's delegation plays on a phone-sized screen
                size = {"width": 390, "height": 844} if team == "DPRK" else None
                page = browser.new_context(viewport=size).new_page()
                page.set_default_timeout(SAFETY_NET_MS)
                page.on("request", lambda r: note_foreign(r.url, foreign))
                join(page, server, team)
                pages[team] = page
            teacher, us, china, russia, dprk = (pages[t] for t in (INSTRUCTOR, *TEAMS))

            teacher.get_by_role("button", name="Open the meeting").click()
            us.locator("#status").filter(has_text="Session open").wait_for()

            # the first draft, amended by Russia
            table(us, "Answer to the July launches", ["export_bans", "petroleum_cap"])
            expect_state(
                server, "D1 tabled", lambda s: draft_of(s, "D1").get("status") == "drafting"
            )
            russia.get_by_label("Clause to add to D1").select_option("resume_talks")
            russia.get_by_role("button", name="Add clause to D1").click()
            expect_state(
                server,
                "D1 amended",
                lambda s: [c["id"] for c in draft_of(s, "D1")["clauses"]][-1] == "resume_talks",
            )

            # an invited state speaks (its words arrive as text) and may only propose (rule 38)
            hostile = "<b>We reject</b> the sanctions"
            dprk.get_by_label("Statement").fill(hostile)
            dprk.get_by_role("button", name="Circulate statement").click()
            us.locator("#statements li").filter(has_text=f"DPRK: {hostile}").wait_for()
            assert us.locator("#statements b").count() == 0
            assert "rule 38" in dprk.locator("#table-heading").inner_text()

            # the first vote: Russia vetoes
            put_to_vote(teacher, "D1")
            dprk.locator("#draft-D1").filter(has_text="Under vote").wait_for()
            assert dprk.get_by_role("button", name="Vote no on D1").count() == 0
            vote(us, "D1", "yes")
            vote(china, "D1", "yes")
            vote(russia, "D1", "no")
            state = expect_state(server, "D1 counted", lambda s: "outcome" in draft_of(s, "D1"))
            first = draft_of(state, "D1")
            assert first["outcome"] == tally(first["votes"]).words
            assert first["vetoed_by"] == ["Russia"] and first["status"] == "not adopted"
            for page in pages.values():
                assert outcome_on(page, "D1") == f"D1 {first['outcome']}"

            # the projector view: the shared state, no controls, no code, no brief
            link = teacher.locator("#projector-link").get_attribute("href")
            assert link == "/projector?view=" + council_state(server)["projector_key"]
            wall = browser.new_context().new_page()
            wall.set_default_timeout(SAFETY_NET_MS)
            wall.on("request", lambda r: note_foreign(r.url, foreign))
            wall.goto(server.url + link)
            assert outcome_on(wall, "D1") == f"D1 {first['outcome']}"
            assert wall.locator("button:visible").count() == 0
            assert not any(code in wall.content() for code in CODES.values())
            assert DATA.briefs["Russia"].situation not in wall.content()

            # the server dies and comes back: every page carries on with nothing lost
            server.kill()
            server.start()
            assert draft_of(council_state(server), "D1")["outcome"] == first["outcome"]

            # the second: two permanent members abstain, which is no veto
            table(us, "Textiles, and a door to talks", ["textile_ban", "resume_talks"])
            expect_state(
                server, "D2 tabled", lambda s: draft_of(s, "D2").get("status") == "drafting"
            )
            put_to_vote(teacher, "D2")
            vote(us, "D2", "yes")
            vote(china, "D2", "abstain")
            vote(russia, "D2", "abstain")
            state = expect_state(server, "D2 counted", lambda s: "outcome" in draft_of(s, "D2"))
            second = draft_of(state, "D2")
            assert second["outcome"] == tally(second["votes"]).words
            assert second["status"] == "adopted" and not second["vetoed_by"]
            assert outcome_on(russia, "D2") == f"D2 {second['outcome']}"

            # the adopted text through the model, under the session's lens
            moves = list(
                dict.fromkeys(
                    DATA.clauses[c].move
                    for c in ("textile_ban", "resume_talks")
                    if DATA.clauses[c].move
                )
            )
            assert state["sequence"] == moves
            verdict = run(moves, state["model"]["lens"]).verdict_text
            us.locator("#verdict").filter(has_text=verdict).wait_for()

            # an invited state's proposal waits for a member to ask for a vote (rule 38)
            table(dprk, "Relief for a verified freeze", ["relief_for_freeze", "iaea_verification"])
            expect_state(server, "D3 proposed", lambda s: draft_of(s, "D3").get("proposal"))
            put_to_vote(teacher, "D3")
            teacher.locator("#message").filter(has_text="rule 38").wait_for()
            china.get_by_role("button", name="Ask for a vote on D3 (rule 38)").click()
            expect_state(server, "D3 asked for", lambda s: draft_of(s, "D3")["requested_by"])
            put_to_vote(teacher, "D3")
            vote(us, "D3", "no")
            vote(china, "D3", "yes")
            vote(russia, "D3", "yes")
            state = expect_state(server, "D3 counted", lambda s: "outcome" in draft_of(s, "D3"))
            third = draft_of(state, "D3")
            assert third["vetoed_by"] == ["US"] and third["outcome"] == tally(third["votes"]).words
            assert outcome_on(dprk, "D3") == f"D3 {third['outcome']}"
            assert state["sequence"] == moves

            # the President ends the session, with a second click
            teacher.get_by_role("button", name="End the session").click()
            assert council_state(server)["status"] == "open"
            teacher.get_by_role("button", name="Yes, end the session (votes stop)").click()
            china.locator("#status").filter(has_text="Session ended").wait_for()
            for page in pages.values():
                assert "code" not in page.url.lower() and CODES[INSTRUCTOR] not in page.url
            wide = dprk.evaluate("document.documentElement.scrollWidth")
            assert wide <= 390, f"the phone page scrolls sideways ({wide} px wide)"
            browser.close()
        request = urllib.request.Request(
            server.url + "/debrief", headers={"X-Join-Code": CODES[INSTRUCTOR]}
        )
        with urllib.request.urlopen(request, timeout=SAFETY_NET_MS / 1000) as response:
            debrief = response.read().decode()
        assert first["outcome"] in debrief and second["outcome"] in debrief
        assert "&lt;b&gt;We reject&lt;/b&gt;" in debrief
        assert foreign == [], f"requests to another host: {foreign}"
    finally:
        server.stop()
