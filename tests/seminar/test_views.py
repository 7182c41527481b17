"""The Solara views, rendered without a browser: what each reader sees; pages follow news."""

from __future__ import annotations

import html
import threading
import time
from pathlib import Path

import pytest
import solara

from korea_talks.seminar import views, web
from korea_talks.seminar.briefs import TEAMS
from korea_talks.seminar.store import SeminarStore


def _shown(rc) -> dict[str, list[str]]:
    """What a rendered page shows: its HTML text, buttons, card titles, alerts, checkboxes."""
    import ipyvuetify as v

    def first_text(widget) -> str:
        return str(widget.children[0]) if widget.children else ""

    return {
        "html": [w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets],
        "buttons": [first_text(w) for w in rc.find(v.Btn).widgets],
        "cards": [first_text(w) for w in rc.find(v.CardTitle).widgets],
        "alerts": [first_text(w) for w in rc.find(v.Alert).widgets],
        "boxes": [w.label for w in rc.find(v.Checkbox).widgets],
    }


def _device_memories(rc) -> dict[str, object]:
    """The page's device memories (browser storage, see views.DeviceMemory) by name."""
    import ipyvue

    found = [w for w in rc.find(ipyvue.VueTemplate).widgets if hasattr(w, "vue_restore")]
    return {w.name: w for w in found}


def _browser_reports(rc, remembered: dict[str, dict] | None = None) -> None:
    """Do what a browser does when a page mounts: each memory reports what it holds."""
    for name, memory in _device_memories(rc).items():
        memory.vue_restore((remembered or {}).get(name, {}))


def test_each_view_shows_what_its_reader_needs(tmp_path: Path) -> None:
    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})
    store.act(store.codes["US"], {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"]})
    seminar = store.seminar
    offer_text = seminar.describe(seminar.offers["O1"])
    rounds = f"Round 1 of {seminar.rounds}"

    _box, rc = solara.render(views.Page(), handle_error=False)
    assert not any("Join the seminar" in h for h in _shown(rc)["html"]), "before the browser"
    _browser_reports(rc)
    page = _shown(rc)
    rc.close()
    assert any("Join the seminar" in h for h in page["html"]) and "Join" in page["buttons"]
    assert not any(offer_text in h for h in page["html"]), "the join page shows the session"

    _box, rc = solara.render(views.InstructorView(store.codes["instructor"]), handle_error=False)
    teacher = _shown(rc)
    rc.close()
    html = " ".join(teacher["html"])
    assert rounds in html and "(open)" in html
    assert {"Next round", "Pause", "End session"} <= set(teacher["buttons"])
    assert not {"Start round 1", "Resume", "Reopen the session"} & set(teacher["buttons"])
    assert store.codes["instructor"] not in html, "the instructor's code is on the page"
    assert f"/projector?view={store.projector_key}" in html
    assert "O1" in html and html.count(offer_text.split(" - ")[0]) >= 1
    assert "Teams in play: US, DPRK" in html
    assert not any(b.startswith("Send offer") for b in teacher["buttons"])

    _box, rc = solara.render(views.TeamView(store.codes["DPRK"], "DPRK"), handle_error=False)
    dprk = _shown(rc)
    rc.close()
    html = " ".join(dprk["html"])
    assert "Offers waiting for your answer (1)" in html
    assert "Offer O1 from US" in dprk["cards"] and "Send answer to O1" in dprk["buttons"]
    assert offer_text in html
    own = seminar.catalogue.by_actor()["DPRK"]
    assert {f"Play alone: {m.label}" for m in own} <= set(dprk["buttons"])
    assert "to US" in dprk["boxes"] and "to DPRK" not in dprk["boxes"]
    assert not any("Start round" in b for b in dprk["buttons"])

    _box, rc = solara.render(views.TeamView(store.codes["US"], "US"), handle_error=False)
    us = _shown(rc)
    rc.close()
    html = " ".join(us["html"])
    assert "Offers waiting for your answer (0)" in html and "Offer O1 from US" not in us["cards"]
    assert seminar.briefs["US"].batna.text in html
    assert seminar.briefs["DPRK"].batna.text not in html, "a team sees another's brief"
    assert not any("Wait for the instructor" in a for a in us["alerts"])


def _checked(rc, label: str) -> bool:
    import ipyvuetify as v

    boxes = rc.find(v.Checkbox, label=label).widgets
    assert len(boxes) == 1, f"{len(boxes)} checkboxes labelled {label!r}"
    return bool(boxes[0].v_model)


@pytest.mark.parametrize("started_before", [False, True], ids=["round-opens", "offer-arrives"])
def test_half_built_offer_survives_what_other_people_do(
    tmp_path: Path, started_before: bool
) -> None:
    # Solara matches unkeyed children by position: the waiting notice that disappears when
    # the round opens, or an answer form that appears above the offer form, must not
    # remount the form and wipe what the team had ticked.
    import ipyvuetify as v

    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    if started_before:
        store.act(store.codes["instructor"], {"kind": "start"})
    _box, rc = solara.render(views.TeamView(store.codes["DPRK"], "DPRK"), handle_error=False)
    try:
        rc.find(v.Checkbox, label="to US").widget.v_model = True
        move = store.seminar.catalogue.by_actor()["US"][0]
        _drawn(rc, v.Checkbox, label=f"{move.label} [{move.id}]")
        if started_before:
            us_offer = {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"]}
            store.act(store.codes["US"], us_offer)
            changed = lambda: bool(rc.find(v.CardTitle, children=["Offer O1 from US"]))  # noqa: E731
        else:
            store.act(store.codes["instructor"], {"kind": "start"})
            changed = lambda: not rc.find(v.Alert, type="warning")  # noqa: E731
        deadline = time.monotonic() + 20 * views.POLL_SECONDS
        while not changed():
            assert time.monotonic() < deadline, "the page did not show the change"
            time.sleep(views.POLL_SECONDS / 5)
        assert _checked(rc, "to US"), "the offer form lost its addressee"
        rc.find(v.Checkbox, label=f"{move.label} [{move.id}]").assert_single()
    finally:
        rc.close()


def test_an_action_between_a_pages_render_and_its_watcher_start_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under load a page's watcher thread starts well after the page is drawn. An action
    # landing in between must still reach the page (the watcher once took the count at
    # its own start as "seen", and such a page stayed stale until some later action).
    import ipyvuetify as v

    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})

    def late_watcher(callback, dependencies=(), intrusive_cancel=True):
        # a watcher thread that starts after the page is drawn and after one more action
        def start():
            cancel = threading.Event()

            def run() -> None:
                offer = {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"]}
                store.act(store.codes["US"], offer)
                callback(cancel)

            threading.Thread(target=run, daemon=True).start()
            return cancel.set

        solara.use_effect(start, [])

    monkeypatch.setattr(solara, "use_thread", late_watcher)
    _box, rc = solara.render(views.TeamView(store.codes["DPRK"], "DPRK"), handle_error=False)
    try:
        deadline = time.monotonic() + 20 * views.POLL_SECONDS
        while not rc.find(v.CardTitle, children=["Offer O1 from US"]):
            assert time.monotonic() < deadline, "the page never showed the offer"
            time.sleep(views.POLL_SECONDS / 5)
    finally:
        rc.close()


def _settled(rc) -> None:
    """Wait until the page has drawn every change asked of it. A change asked while the
    page's watcher draws is drawn by the watcher when it ends (reacton's render request
    flag), so a test reads the page only once no drawing runs and none is asked for."""
    deadline = time.monotonic() + 120
    while True:
        assert rc.thread_lock.acquire(timeout=120), "the page never finished drawing"
        try:
            if not rc._rerender_needed:
                return
        finally:
            rc.thread_lock.release()
        assert time.monotonic() < deadline, "the page never drew what was asked"
        time.sleep(views.POLL_SECONDS / 5)


def _drawn(rc, widget_type, **matching):
    """The one widget of ``widget_type`` matching ``matching``, once the page has drawn it."""
    deadline = time.monotonic() + 120
    while not rc.find(widget_type, **matching).widgets:
        assert time.monotonic() < deadline, f"the page never drew {widget_type.__name__} {matching}"
        time.sleep(views.POLL_SECONDS / 5)
    return rc.find(widget_type, **matching).widget


def test_a_server_fault_is_said_plainly_and_the_page_stays_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ipyvuetify as v

    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})
    _box, rc = solara.render(views.Page(), handle_error=False)
    try:
        _browser_reports(rc)
        rc.find(v.TextField, label="Join code").widget.v_model = store.codes["US"]
        rc.find(v.Btn, children=["Join"]).widget.click()

        def broken_act(code: str, action: dict) -> dict:
            raise OSError("disk full")

        monkeypatch.setattr(store, "act", broken_act)
        label = store.seminar.catalogue.by_actor()["US"][0].label
        # the page's watcher may be drawing when a click lands: the click's redraw then
        # comes at the end of the watcher's, so each step waits for what it drew
        _drawn(rc, v.Btn, children=["Play alone: " + label]).click()
        _drawn(rc, v.Btn, children=["Yes, play " + label]).click()
        alert = _drawn(rc, v.Alert, type="error")
        assert views.SERVER_FAULT in alert.children[0] and "disk full" in alert.children[0]

        def broken_view(team: str | None) -> dict:
            raise KeyError("round")

        monkeypatch.setattr(store.seminar, "view", broken_view)
        store.seminar.actions.append(store.seminar.actions[-1])  # news: pages render again
        deadline = time.monotonic() + 20 * views.POLL_SECONDS
        while not rc.find(v.Btn, children=["Show the page again"]):
            assert time.monotonic() < deadline, "the page did not notice the news"
            time.sleep(views.POLL_SECONDS / 5)
        text = rc.find(v.Alert, type="error").widget.children[0]
        assert views.SERVER_FAULT in text and "Traceback" not in text
    finally:
        rc.close()


def test_a_teams_words_are_shown_as_text_never_as_markup(tmp_path: Path) -> None:
    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})
    note = "<img src=x onerror=alert(1)> [click](http://example.org) *bold*"
    offer = {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"], "note": note}
    store.act(store.codes["US"], offer)
    _box, rc = solara.render(views.TeamView(store.codes["DPRK"], "DPRK"), handle_error=False)
    try:
        shown = " ".join(w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets)
        assert "&lt;img src=x onerror=alert(1)&gt;" in shown and "<img" not in shown
        assert "[click](http://example.org)" in shown and "<a " not in shown
    finally:
        rc.close()


def test_playing_alone_asks_first_and_plays_the_move_chosen(tmp_path: Path) -> None:
    import ipyvuetify as v

    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})
    first = store.seminar.catalogue.by_actor()["US"][0]
    _box, rc = solara.render(views.TeamView(store.codes["US"], "US"), handle_error=False)
    try:
        _drawn(rc, v.Btn, children=[f"Play alone: {first.label}"]).click()
        assert store.seminar.moves() == [], "played before the confirmation"
        _drawn(rc, v.Btn, children=[f"Yes, play {first.label}"]).click()
        assert store.seminar.moves() == [first.id]  # the move chosen, not the list's last
    finally:
        rc.close()


def test_a_teams_clock_ticks_without_anyone_acting(tmp_path: Path) -> None:
    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})
    _box, rc = solara.render(views.TeamView(store.codes["US"], "US"), handle_error=False)

    def clock() -> str:
        return next(h for h in _shown(rc)["html"] if h.endswith(" left"))

    try:
        first = clock()
        deadline = time.monotonic() + 60
        while clock() == first:  # waits on the page's state: the clock text changes
            assert time.monotonic() < deadline, "the clock did not tick"
            time.sleep(0.2)
        assert len(store.seminar.actions) == 1
    finally:
        rc.close()


def test_notes_reach_only_their_addressees(tmp_path: Path) -> None:
    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK", "ROK", "Japan"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})
    offer_note, answer_note = "offer-note-7Q", "answer-note-3Z"
    offer = {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"], "note": offer_note}
    store.act(store.codes["US"], offer)
    answer = {"kind": "answer", "offer": "O1", "answer": "reject", "reason": "not-ripe"}
    store.act(store.codes["DPRK"], {**answer, "note": answer_note})
    import json

    for team in ("ROK", "Japan"):  # neither state nor page of a third team shows a note
        state = json.dumps(store.seminar.view(team))
        _box, rc = solara.render(views.TeamView(store.codes[team], team), handle_error=False)
        page = json.dumps(_shown(rc))
        rc.close()
        for note in (offer_note, answer_note):
            assert note not in state and note not in page, (team, note)
    _box, rc = solara.render(views.TeamView(store.codes["US"], "US"), handle_error=False)
    assert any(answer_note in h for h in _shown(rc)["html"]), "the offerer never gets the answer"
    rc.close()
    assert offer_note in json.dumps(store.seminar.view("DPRK"))


def test_a_page_rejoins_with_the_code_its_browser_remembers_and_forgets_it_on_leaving(
    tmp_path: Path,
) -> None:
    import ipyvuetify as v

    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    _box, rc = solara.render(views.Page(), handle_error=False)
    try:
        _browser_reports(rc, {"code": {"code": store.codes["US"].lower()}})
        assert any("Offers waiting for your answer" in h for h in _shown(rc)["html"])
        assert not rc.find(v.TextField, label="Join code"), "the join form is still shown"
        memories = _device_memories(rc)
        assert memories["code"].value == {"code": store.codes["US"]}
        assert memories["instructor-seat"].value == {}, "a team's code is not the seat's"
        assert "draft:US" in memories  # the offer form keeps its own draft
        rc.find(v.Btn, children=["Leave this device (it forgets the code)"]).widget.click()
        _drawn(rc, v.TextField, label="Join code")
        _settled(rc)
        assert _device_memories(rc)["code"].value == {}
    finally:
        rc.close()


def test_the_instructors_code_is_remembered_by_the_tab_only(tmp_path: Path) -> None:
    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    _box, rc = solara.render(views.Page(), handle_error=False)
    try:
        _browser_reports(rc, {"instructor-seat": {"code": store.codes["instructor"]}})
        memories = _device_memories(rc)
        assert memories["instructor-seat"].scope == "session"
        assert memories["instructor-seat"].value == {"code": store.codes["instructor"]}
        assert memories["code"].value == {}
    finally:
        rc.close()


def test_a_code_the_browser_remembers_from_another_session_asks_for_the_card(
    tmp_path: Path,
) -> None:
    import ipyvuetify as v

    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    _box, rc = solara.render(views.Page(), handle_error=False)
    try:
        _browser_reports(rc, {"code": {"code": "OLDSESSION"}, "draft:US": {"note": "x"}})
        rc.find(v.TextField, label="Join code").assert_single()
        assert views.FORGOTTEN_CODE in rc.find(v.Alert, type="error").widget.children[0]
    finally:
        rc.close()


@pytest.mark.parametrize("team", TEAMS)
def test_the_device_shows_every_part_of_the_brief(team: str) -> None:
    """Each team's device shows its whole confidential brief, including the situation and
    what its capital will accept, every text escaped."""
    from dataclasses import replace

    from korea_talks.seminar.briefs import load_briefs

    brief = load_briefs()[team]
    page = views.brief_html(brief)
    for heading in (
        "Situation",
        "Interests",
        "Red lines",
        "Alternative to agreement",
        "Your capital accepts",
        "Where you must stop",
    ):
        assert f"<strong>{heading}</strong>" in page, heading
    for point in [*brief.situation, *brief.may_agree, *brief.must_stop]:
        assert html.escape(point.text) in page
    hostile = replace(brief, situation=(replace(brief.situation[0], text="<b>x</b>"),))
    assert "&lt;b&gt;x&lt;/b&gt;" in views.brief_html(hostile)


def _while_another_thread_draws(rc):
    """Hold the page's render lock, as a page's news watcher does while it redraws: a setter
    called meanwhile leaves its redraw to that thread, and event handlers still run."""
    import contextlib

    @contextlib.contextmanager
    def held():
        assert rc.thread_lock.acquire(timeout=60), "the page never finished drawing"
        try:
            yield
        finally:
            rc.thread_lock.release()

    return held()


def _prepare_form(rc, store: SeminarStore, kind: str) -> None:
    """Fill what a form needs besides the text field, drawn as usual."""
    import ipyvuetify as v

    if kind == "offer":
        rc.find(v.Checkbox, label="to DPRK").widget.v_model = True
        move = store.seminar.catalogue.by_actor()["US"][0]
        _drawn(rc, v.Checkbox, label=f"{move.label} [{move.id}]").v_model = True
    if kind == "answer":
        verdicts = rc.find(v.BtnToggle).widgets[0]
        verdicts.v_model = list(views.ANSWERS).index("reject")
        _settled(rc)  # the reasons that go with the verdict are drawn
        rc.find(v.BtnToggle).widgets[1].v_model = 0  # the first reason that goes with it
    _settled(rc)


@pytest.mark.parametrize(
    ("team", "field", "button", "kind", "sent_in"),
    [
        ("US", "Message (at most", "Send message", "message", "text"),
        ("US", "Conditions (optional)", "Send offer", "offer", "conditions"),
        ("DPRK", "Note (optional)", "Send answer to O1", "answer", "note"),
    ],
    ids=["message", "offer-conditions", "answer-note"],
)
def test_a_click_sends_what_was_typed_even_before_the_page_redraws(
    tmp_path: Path, team: str, field: str, button: str, kind: str, sent_in: str
) -> None:
    # A field hands its text to the page as it is typed (or when it is left), and the
    # click comes right after. If another thread is redrawing the page at that moment (a
    # watcher showing someone else's move), the redraw that carries the new text comes
    # later: the click must still send what was typed, never the text of the last drawing.
    import ipyvuetify as v

    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})
    if kind == "answer":
        store.act(
            store.codes["US"], {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"]}
        )
    _box, rc = solara.render(views.TeamView(store.codes[team], team), handle_error=False)
    try:
        _prepare_form(rc, store, kind)
        typed = "if freeze >= 1" if kind == "offer" else "meet at the break"
        text_field = next(w for w in rc.find(v.TextField).widgets if str(w.label).startswith(field))
        send = rc.find(v.Btn, children=[button]).widget
        with _while_another_thread_draws(rc):
            text_field.v_model = typed
            if "focusout" in text_field._events:  # a field that hands its text over when left
                text_field.fire_event("focusout", {})
            send.fire_event("click", {})
        sent = [a.to_record() for a in store.seminar.actions if a.kind == kind and a.team == team]
        assert len(sent) == 1, f"the click sent {len(sent)} {kind} actions"
        got = sent[0][sent_in]
        assert typed in (got if isinstance(got, str) else "; ".join(got))
        if kind == "answer":
            assert sent[0]["answer"] == "reject"
        else:  # the drawing thread ends and draws what was left to it: the form, emptied
            rc.force_update()
            assert text_field.v_model == ""
    finally:
        rc.close()


@pytest.mark.parametrize(
    ("team", "field"),
    [
        ("US", "Message (at most"),
        ("US", "Conditions (optional)"),
        ("US", "Note to the other side"),
        ("DPRK", "Note (optional)"),
        ("instructor", "Broadcast to all teams"),
    ],
)
def test_text_being_typed_survives_another_teams_action(
    tmp_path: Path, team: str, field: str
) -> None:
    # A student is halfway through a sentence when another team acts and every page
    # redraws: the words typed so far stay in the field.
    import ipyvuetify as v

    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK", "ROK"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})
    store.act(store.codes["US"], {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"]})
    page = (
        views.InstructorView(store.codes["instructor"])
        if team == "instructor"
        else views.TeamView(store.codes[team], team)
    )
    _box, rc = solara.render(page, handle_error=False)

    def text_field():
        return next(w for w in rc.find(v.TextField).widgets if str(w.label).startswith(field))

    try:
        text_field().v_model = "halfway through a sente"  # typed, the field not yet left
        drawn = rc.render_count
        store.act(store.codes["ROK"], {"kind": "message", "to": "US", "text": "hello", "key": "k"})
        deadline = time.monotonic() + 40 * views.POLL_SECONDS
        while rc.render_count == drawn:  # the page's watcher redraws it
            assert time.monotonic() < deadline, "the page was never redrawn"
            time.sleep(views.POLL_SECONDS / 5)
        with _while_another_thread_draws(rc):  # the redraw has ended
            assert text_field().v_model == "halfway through a sente"
    finally:
        rc.close()
