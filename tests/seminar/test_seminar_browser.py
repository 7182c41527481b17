"""A scripted seminar in seven browsers: six teams and the instructor, on 127.0.0.1.

It plays, through the pages, the script of :mod:`korea_talks.seminar.script` and checks
that the served session ends with the same sequence. It covers a rejected offer, a
counter-offer, a package deal addressed to several teams and to an actor the model plays,
a move made alone, the instructor's clock, a server killed and restarted mid-session (the
pages re-join and find every acknowledged action), and the debrief page. Uses Debian's
chromium; skips locally without it, fails in CI.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest

from korea_talks.seminar.engine import Seminar
from korea_talks.seminar.script import play_scripted_session
from korea_talks.seminar.store import SeminarStore
from korea_talks.seminar.web import ServerProcess, post_action
from korea_talks.sequence import load_catalogue
from tests.seminar.browser_session import (
    ARGS,
    SAFETY_NET_MS,
    chromium,
    in_own_thread,
    stopped_after,
    wait_for_state,
)
from tests.seminar.browser_session import server_state as read_state
from tests.seminar.test_server import CODES, free_port, new_session

__all__ = ["chromium"]  # the fixture, used by name below
pytestmark = pytest.mark.browser
BY_ACTOR = load_catalogue().by_actor()


def join(page, server: ServerProcess, team: str):
    """Open the page and join as ``team``, unless the device remembers its code: then the
    page rejoins by itself (the join form and the team's view are never shown together)."""
    page.goto(server.url + "/")
    field = page.get_by_label("Join code")
    leave = page.get_by_role("button", name="Leave this device")
    field.or_(leave).first.wait_for()
    if field.is_visible():
        field.fill(CODES[team])
        page.get_by_role("button", name="Join").click()
    leave.wait_for()
    heading = "instructor" if team == "instructor" else f"({team})"
    page.get_by_text(heading).first.wait_for()
    return page


def card(page, title: str):
    return page.locator(".v-card").filter(has_text=title).last


def offer(page, to: list[str], moves: list[str], conditions: str = "") -> None:
    form = card(page, "Make an offer")
    for actor in to:  # in actor order: each team's moves appear below those shown
        form.get_by_text(f"to {actor}", exact=True).click()
        form.get_by_text(f"[{BY_ACTOR[actor][0].id}]").wait_for()
    for move in moves:
        form.get_by_text(f"[{move}]").click()
    if conditions:
        form.get_by_label("Conditions (optional)", exact=False).fill(conditions)
    form.get_by_role("button", name="Send offer").click()


def answer(page, offer_id: str, verdict: str, reason: str, toggle: list[str] = ()) -> None:
    form = card(page, f"Offer {offer_id} from")
    form.wait_for()
    form.get_by_role("button", name=verdict, exact=True).click()
    form.get_by_role("button", name=reason).click()
    for move in toggle:
        form.get_by_text(f"[{move}]").click()
    form.get_by_role("button", name=f"Send answer to {offer_id}").click()


def expect_text(page, text: str) -> None:
    page.get_by_text(text).first.wait_for(timeout=SAFETY_NET_MS)


def server_state(server: ServerProcess) -> dict:
    return read_state(server, CODES["instructor"])


def expect_state(server: ServerProcess, what: str, holds) -> dict:
    """Wait until the server's state satisfies ``holds``; say what was awaited if it never does."""
    return wait_for_state(
        lambda: server_state(server),
        what,
        holds,
        lambda state: "last events: " + "; ".join(e["text"] for e in state["events"][-6:]),
    )


def offer_moves(state: dict, offer_id: str) -> list[str] | None:
    return next((o["moves"] for o in state["offers"] if o["id"] == offer_id), None)


def offer_status(state: dict, offer_id: str) -> str | None:
    return next((o["status"] for o in state["offers"] if o["id"] == offer_id), None)


def _note_missing(status: int, url: str, missing: list[str]) -> None:
    local = url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:"))
    if status >= 400 or not local:
        missing.append(f"{status} {url}")


def log_seqs(server: ServerProcess) -> list[int]:
    url = urllib.request.Request(
        f"{server.url}/api/log", headers={"X-Join-Code": CODES["instructor"]}
    )
    with urllib.request.urlopen(url, timeout=SAFETY_NET_MS / 1000) as response:
        return [json.loads(line)["seq"] for line in response.read().decode().splitlines()]


def test_scripted_session_in_seven_browsers(chromium: Path, tmp_path: Path) -> None:
    in_own_thread(
        lambda: play_scripted_session_in_browsers(chromium, tmp_path),
        "the scripted session",
        limit_s=3600,
    )


def play_scripted_session_in_browsers(chromium: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGS)
        db = new_session(tmp_path / "class.sqlite")
        server = ServerProcess(db, free_port(), timeout=SAFETY_NET_MS / 1000).start()
        contexts = {team: browser.new_context() for team in CODES}
        pages = {team: ctx.new_page() for team, ctx in contexts.items()}
        # what a classroom without Internet would miss: an asset the server does not have
        # (an error status) or a request to another host (requests cut by the deliberate
        # restart below are expected and not counted)
        missing: list[str] = []
        with stopped_after(server, pages, tmp_path):
            for page in pages.values():
                page.set_default_timeout(SAFETY_NET_MS)
                page.on("response", lambda r: _note_missing(r.status, r.url, missing))
                page.on("request", lambda r: _note_missing(200, r.url, missing))
            for team, page in pages.items():
                join(page, server, team)
            teacher, us, dprk = pages["instructor"], pages["US"], pages["DPRK"]

            teacher.get_by_role("button", name="Start round 1").click()
            expect_text(us, "Round 1 of 6 (open)")

            # a rejected offer
            offer(us, ["DPRK"], ["us_demand_cvid"])
            expect_text(us, "offer O1 is open")
            answer(dprk, "O1", "reject", "Crosses one of our red lines")
            expect_text(dprk, "Recorded (answer")
            expect_state(server, "O1 rejected", lambda s: offer_status(s, "O1") == "rejected")
            # a counter-offer, then accepted; each step checked on the server before the next
            offer(us, ["DPRK"], ["us_direct_talks", "us_demand_cvid"])
            expect_text(us, "offer O2 is open")
            answer(
                dprk,
                "O2",
                "counter",
                "Right steps, wrong order",
                toggle=["us_demand_cvid", "us_moratorium_for_moratorium"],
            )
            expect_text(dprk, "offer O3 is open")
            state = expect_state(server, "O3 open", lambda s: offer_status(s, "O3") == "open")
            assert offer_moves(state, "O3") == ["us_direct_talks", "us_moratorium_for_moratorium"]
            answer(us, "O3", "accept", "Better than our alternative to agreement")
            expect_text(us, "Recorded (answer")
            expect_state(server, "O3 agreed", lambda s: offer_status(s, "O3") == "agreed")
            expect_text(teacher, "Moratorium for moratorium: both sides pause")
            acknowledged = log_seqs(server)

            # the server dies mid-session and comes back: nothing acknowledged is lost
            server.kill()
            server.start()
            assert set(acknowledged) <= set(log_seqs(server))
            for team in ("US", "DPRK"):  # done for this session: their pages close
                contexts[team].close()
                del pages[team]
            for team, page in pages.items():
                join(page, server, team)
            expect_text(teacher, "Moratorium for moratorium: both sides pause")

            teacher.get_by_role("button", name="Next round").click()
            expect_text(pages["Russia"], "Round 2 of 6 (open)")
            # a package deal to two teams and to the UN and IAEA (answered by the model)
            offer(
                pages["Russia"],
                ["ROK", "China", "UN/IAEA"],
                ["russia_working_group", "rok_inter_korean_dialogue", "un_ministers_meeting"],
                conditions="if us_dprk_channel",
            )
            expect_text(pages["Russia"], "offer O4 is open")
            answer(pages["ROK"], "O4", "accept", "Serves our interests")
            expect_text(pages["ROK"], "Recorded (answer")
            answer(pages["China"], "O4", "accept", "A first step that builds trust")
            expect_text(pages["China"], "Recorded (answer")
            expect_state(server, "O4 agreed", lambda s: offer_status(s, "O4") == "agreed")
            expect_text(teacher, "O4 is agreed")
            # Japan acts alone, confirms, and its double click plays the move once
            pages["Japan"].get_by_role(
                "button", name="Play alone: Japan links talks to the abductions"
            ).click()
            pages["Japan"].get_by_role(
                "button", name="Yes, play Japan links talks to the abductions"
            ).dblclick()
            expect_text(teacher, "Japan links talks to the abductions")

            # the projector: a live clock, the sequence, no code anywhere
            link = teacher.get_by_role("link", name="Open the projector view")
            projector = contexts["instructor"].new_page()
            projector.goto(server.url + link.get_attribute("href"))
            expect_text(projector, "Japan links talks to the abductions")
            first = projector.inner_text("#clock")
            projector.wait_for_function(
                "t => document.getElementById('clock').textContent !== t", arg=first
            )
            for page in (projector, teacher):
                assert CODES["instructor"] not in page.url + page.content()
            assert not projector.query_selector_all("button, input, select")

            teacher.get_by_role("button", name="End session").click()
            teacher.get_by_role("button", name="Yes, end the session").click()
            expect_text(teacher, "(ended)")
            teacher.get_by_text("Show the debrief here").click()
            expect_text(teacher, "What happened, 2017-2019")
            text = teacher.inner_text("body")
            played = [step["move"] for step in server_state(server)["sequence"]]
            assert played == play_scripted_session(Seminar()).moves()
            assert not missing, missing
            for expected in (
                "DPRK rejects O1",
                "DPRK counters O2 with O3",
                "O4 is agreed by ROK, China, UN/IAEA",
                "the model, for UN/IAEA, accepts O4",
                "Ripeness",
                "Putnam",
                "The author's roadmap",
                "What happened, 2017-2019",
            ):
                assert expected in text, expected


NOTE = "Note to the other side (optional)"
CONDITIONS = "Conditions (optional)"
DRAFT_KEY = "korea-talks-seminar:draft:US"


def test_a_device_rejoins_after_a_restart_with_its_half_built_offer(
    chromium: Path, tmp_path: Path
) -> None:
    in_own_thread(lambda: rejoin_after_a_restart(chromium, tmp_path), "the rejoin test")


def rejoin_after_a_restart(chromium: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGS)
        db = new_session(tmp_path / "class.sqlite")
        server = ServerProcess(db, free_port(), timeout=SAFETY_NET_MS / 1000).start()
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(SAFETY_NET_MS)
        with stopped_after(server, {"rejoin": page}, tmp_path):
            start = {"code": CODES["instructor"], "kind": "start"}
            assert post_action(server.url, start)[0] == 200
            join(page, server, "US")
            # half an offer: an addressee, a move, a condition and a note; not sent
            form = card(page, "Make an offer")
            form.get_by_text("to DPRK", exact=True).click()
            form.get_by_text("[us_direct_talks]").click()
            form.get_by_label(CONDITIONS, exact=False).fill("if freeze >= 1")
            form.get_by_label(NOTE).fill("half-built-7")
            form.get_by_label(NOTE).press("Tab")  # a text is kept once its field is left
            page.wait_for_function(  # the browser holds the whole draft
                "k => (localStorage.getItem(k) || '').includes('half-built-7')"
                " && localStorage.getItem(k).includes('us_direct_talks')",
                arg=DRAFT_KEY,
            )
            assert CODES["US"] not in page.url
            assert CODES["US"] in page.evaluate("localStorage.getItem('korea-talks-seminar:code')")
            page.evaluate(  # marks what the page showed before the restart
                "document.querySelectorAll('.v-card').forEach(c => c.dataset.beforeRestart = 1)"
            )

            server.kill()
            server.start()
            # the open page starts again on the new server, by itself, with the draft
            page.wait_for_function(
                "() => !document.querySelector('[data-before-restart]') && [...document"
                ".querySelectorAll('input')].some(i => i.value === 'half-built-7')"
            )
            expect_draft(page)
            # a page opened afresh on the device rejoins too, without the code being typed
            again = context.new_page()
            again.set_default_timeout(SAFETY_NET_MS)
            join(again, server, "US")
            assert again.get_by_label("Join code").count() == 0
            expect_draft(again)
            assert CODES["US"] not in again.url
            # the draft is sent as it was, and the form is then empty on every reload
            card(again, "Make an offer").get_by_role("button", name="Send offer").click()
            expect_text(again, "offer O1 is open")
            state = expect_state(server, "O1 open", lambda s: offer_status(s, "O1") == "open")
            sent = state["offers"][0]
            assert (sent["to"], sent["moves"]) == (["DPRK"], ["us_direct_talks"])
            assert sent["conditions"] == ["if freeze >= 1"] and sent["note"] == "half-built-7"
            again.wait_for_function("k => localStorage.getItem(k) === null", arg=DRAFT_KEY)
            # leaving forgets the code: the next page asks for it
            again.get_by_role("button", name="Leave this device").click()
            again.get_by_label("Join code").wait_for()
            again.wait_for_function("() => !localStorage.getItem('korea-talks-seminar:code')")


def expect_draft(page) -> None:
    """Wait until the offer form holds the draft typed before the restart (the browser hands
    it over once the form is drawn)."""
    from playwright.sync_api import expect

    form = card(page, "Make an offer")
    expect(form.get_by_label(NOTE)).to_have_value("half-built-7", timeout=SAFETY_NET_MS)
    conditions = form.get_by_label(CONDITIONS, exact=False)
    expect(conditions).to_have_value("if freeze >= 1", timeout=SAFETY_NET_MS)
    to_dprk = form.get_by_role("checkbox", name="to DPRK", exact=True)
    expect(to_dprk).to_be_checked(timeout=SAFETY_NET_MS)
    move = form.get_by_role("checkbox", name="us_direct_talks")
    expect(move).to_be_checked(timeout=SAFETY_NET_MS)


def test_a_private_message_reaches_only_its_addressee_in_the_browser(
    chromium: Path, tmp_path: Path
) -> None:
    in_own_thread(lambda: message_between_two_of_three(chromium, tmp_path), "the message test")


def message_between_two_of_three(chromium: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    secret = "meet-at-the-break-5X"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGS)
        db = new_session(tmp_path / "class.sqlite")
        server = ServerProcess(db, free_port(), timeout=SAFETY_NET_MS / 1000).start()
        pages = {}
        with stopped_after(server, pages, tmp_path):
            for team in ("US", "DPRK", "ROK", "instructor"):
                pages[team] = browser.new_context().new_page()
                pages[team].set_default_timeout(SAFETY_NET_MS)
                join(pages[team], server, team)
            us = card(pages["US"], "Messages and news")
            # "Write to" lists the other teams in play and a note; the first is chosen
            us.locator(".v-select__selection").filter(has_text="DPRK").wait_for()
            us.get_by_label("Message (at most", exact=False).fill(secret)
            us.get_by_role("button", name="Send message").click()
            # the sender's page first: it shows the message once the server has it
            expect_text(pages["US"], f"US to DPRK: {secret}")
            expect_text(pages["DPRK"], f"US to DPRK: {secret}")
            # news sent after the message: once ROK's page shows it, it has every earlier one
            teacher = card(pages["instructor"], "Broadcasts and news")
            teacher.get_by_label("Broadcast to all teams", exact=False).fill("Back in five")
            teacher.get_by_role("button", name="Send to all").click()
            for team in ("ROK", "US", "DPRK"):
                expect_text(pages[team], "the instructor to all: Back in five")
            assert secret not in pages["ROK"].content()
            assert secret in pages["US"].content()


ROUND_SECONDS = 20
"""A short round for the closing test: its clock runs out while the pages watch."""


def test_a_round_closes_at_zero_on_the_pages_and_a_late_move_is_refused(
    chromium: Path, tmp_path: Path
) -> None:
    in_own_thread(lambda: round_runs_out(chromium, tmp_path), "the closing-round test")


def round_runs_out(chromium: Path, tmp_path: Path) -> None:
    """The round is paused as soon as it opens, so that the team's page is seen with time
    left however slowly the pages load; once it is resumed nobody acts until the clock has
    run out on the team's page and on the projector."""
    from playwright.sync_api import expect, sync_playwright

    db = tmp_path / "class.sqlite"
    SeminarStore.create(db, codes=CODES, round_minutes=ROUND_SECONDS / 60).close()
    teacher_code = {"code": CODES["instructor"]}
    move = BY_ACTOR["US"][0]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGS)
        server = ServerProcess(db, free_port(), timeout=SAFETY_NET_MS / 1000).start()
        pages = {}
        with stopped_after(server, pages, tmp_path):
            for team in ("US", "instructor"):
                pages[team] = browser.new_context().new_page()
                pages[team].set_default_timeout(SAFETY_NET_MS)
                join(pages[team], server, team)
            assert post_action(server.url, {**teacher_code, "kind": "start"})[0] == 200
            assert post_action(server.url, {**teacher_code, "kind": "pause"})[0] == 200
            us = pages["US"]
            time_left = re.compile(r"\b\d+:\d\d left\b")  # the clock, not any word "left"
            expect(us.get_by_text(time_left).first).to_be_visible(timeout=SAFETY_NET_MS)
            link = pages["instructor"].get_by_role("link", name="Open the projector view")
            projector = pages["instructor"].context.new_page()
            projector.goto(server.url + link.get_attribute("href"))
            expect(projector.locator("#clock")).to_contain_text("(paused)", timeout=SAFETY_NET_MS)

            assert post_action(server.url, {**teacher_code, "kind": "resume"})[0] == 200
            expect(us.get_by_text("0:00 - the round is closed")).to_be_visible(
                timeout=SAFETY_NET_MS
            )
            expect(projector.locator("#clock")).to_have_text("0:00", timeout=SAFETY_NET_MS)

            us.get_by_role("button", name=f"Play alone: {move.label}").click()
            us.get_by_role("button", name=f"Yes, play {move.label}").click()
            expect(us.get_by_text("closed when its clock reached 0:00").first).to_be_visible(
                timeout=SAFETY_NET_MS
            )
            assert server_state(server)["sequence"] == []
