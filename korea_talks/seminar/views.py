"""The Solara pages of the seminar: the join page, a team's view and the instructor's view.

Views only: every action goes through :meth:`SeminarStore.act`, as the JSON API's do, and
every page reads the shared state from the same store. Each open page checks the store
for news twice a second (for at most :data:`POLL_HOURS` hours), so a team sees an offer
the moment another team sends it (:func:`watch_for_news`).

A device remembers its join code and its team's half-built offer in the browser's own
storage, never in an address (:func:`DeviceMemory`): after a server restart the page
rejoins by itself and the offer form is as it was. A team's code stays until the team
presses "Leave this device"; the instructor's is kept by the browser tab only.
"""

from __future__ import annotations

import html
import logging
import secrets
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

import solara
from solara.alias import rv
from solara.components.input import use_change

from korea_talks.seminar.briefs import ANSWERS, TEAMS, Brief
from korea_talks.seminar.engine import INSTRUCTOR, SeminarError
from korea_talks.seminar.engine.channels import (
    MAX_TEXT,
    PUBLIC_CHANNELS,
    basis,
    load_injects,
)
from korea_talks.seminar.model import available_lenses
from korea_talks.seminar.store import normal_code
from korea_talks.seminar.web import get_store
from korea_talks.sequence import ACTORS
from korea_talks.sequence.state import VARIABLES, StateVariable

POLL_SECONDS = 0.5
POLL_HOURS = 5
LOG = logging.getLogger(__name__)
NARROW_SCREEN_CSS = """
.kt-wrap { flex-wrap: wrap; }
.v-btn-toggle { flex-wrap: wrap; max-width: 100%; height: auto !important; }
.v-btn-toggle > .v-btn.v-btn { height: auto !important; min-height: 36px; }
.v-btn { max-width: 100%; height: auto !important; min-height: 36px; }
.v-btn__content { white-space: normal; flex-shrink: 1; overflow-wrap: anywhere; }
.v-input, .v-input__control, .v-label { max-width: 100%; }
.v-label { white-space: normal; overflow-wrap: anywhere; height: auto !important; }
table.offers { width: 100%; table-layout: fixed; overflow-wrap: anywhere; }
"""
"""Let every row of controls wrap and every long label break, so a team page fits a phone
(390 px wide) with no sideways scroll."""
SERVER_FAULT = (
    "The server could not handle this; the details are in the instructor's terminal. "
    "Check the shared sequence before you send anything again"
)


def component(render: Callable[..., None]) -> Callable[..., Any]:
    """``solara.component``, typed: calling the result gives a Solara element."""
    made: Callable[..., Any] = solara.component(render)
    return made


T = TypeVar("T")


@dataclass(frozen=True)
class Field(Generic[T]):
    """One value of a form: ``value`` as this drawing of the page shows it, ``latest()``
    as it was last set or typed, and ``version``, the number of times it was set.

    A button's handler must read ``latest()``. A setter asks for a redraw, and when another
    thread is drawing the page at that moment (a watcher showing another team's move), the
    redraw comes later: a click handled in between is the handler of the last drawing,
    and would send the values that drawing saw (an empty message, an offer without the
    conditions just typed).

    >>> ref = type("Ref", (), {"current": "old"})()
    >>> drawn = []
    >>> field = Field("old", 0, ref, drawn.append)
    >>> field.set("new"); field.set(lambda now: now + "er"); field.keep("newest")
    >>> field.value, field.latest(), [change(("old", 0)) for change in drawn]
    ('old', 'newest', [('new', 1), ('newer', 1)])
    """

    value: T
    version: int
    _latest: Any
    _redraw: Callable[[Callable[[tuple[T, int]], tuple[T, int]]], None]

    def set(self, new: T | Callable[[T], T]) -> None:
        """Keep ``new`` (or ``new(latest)``) at once and ask the page to redraw with it."""
        value = new(self._latest.current) if callable(new) else new
        self._latest.current = value
        self._redraw(lambda drawn: (value, drawn[1] + 1))

    def keep(self, new: T) -> None:
        """Keep ``new`` without a redraw: what a text field hands over at each keystroke."""
        self._latest.current = new

    def latest(self) -> T:
        return cast(T, self._latest.current)


def use_field(initial: T) -> Field[T]:
    """A form value kept both for drawing and for handlers (see :class:`Field`)."""
    (value, version), redraw = solara.use_state((initial, 0))
    latest = solara.use_ref(initial)
    return Field(value, version, latest, redraw)


@component
def TypedText(label: str, field: Field[str]) -> Any:
    """A text field that hands every keystroke to ``field`` without any redraw, and
    redraws the form once when it is left (so a draft the browser keeps is saved).

    The typed text is never a property the page draws: a redraw of the page (another
    team's action, halfway through a sentence) leaves the words typed so far alone. The
    field shows a new value only when the form sets one (emptied after sending, a draft
    restored). Redrawing at every keystroke instead would cost the server a redraw per
    key for each student typing (about 25 ms each with 300 messages in the session).
    """

    def keep(typed: Any) -> None:
        field.keep(str(typed or ""))

    text_field = rv.TextField(on_v_model=keep, label=label, hide_details="auto")

    def show_what_was_set() -> None:
        widget = solara.get_widget(text_field)
        if widget.v_model != field.latest():
            widget.v_model = field.latest()

    solara.use_effect(show_what_was_set, [field.version])
    use_change(text_field, lambda typed: field.set(str(typed or "")))
    return text_field


@solara.component_vue("static/device_memory.vue")  # type: ignore[untyped-decorator]
def _device_memory(
    name: str,
    scope: str,
    value: dict[str, Any],
    event_restore: Callable[[Any], None],
) -> None:
    """The browser-side part of :func:`DeviceMemory` (a Vue component)."""


def DeviceMemory(
    name: str, scope: str, value: dict[str, Any], on_restore: Callable[[Any], None]
) -> Any:
    """What this browser remembers under ``name``: once mounted it hands the stored object
    to ``on_restore`` (``{}`` if none), then stores every ``value`` it is given (an empty
    one forgets). ``scope`` is ``"local"`` (until forgotten) or ``"session"`` (this tab)."""
    return _device_memory(name=name, scope=scope, value=value, event_restore=on_restore)


def watch_for_news(
    count_now: Callable[[], int],
    shown: Callable[[], int],
    notify: Callable[[], None],
    cancel: threading.Event,
    hours: float = POLL_HOURS,
) -> None:
    """Call ``notify`` whenever the session holds other actions than the page last showed.

    ``shown`` is read on every check, so an action that lands between a page's render and
    the start of its watcher is still seen; a failing ``notify`` (a page that could not
    redraw once) is logged and the watch goes on.

    >>> calls = []
    >>> cancel = threading.Event()
    >>> def notify():
    ...     calls.append(1)
    ...     cancel.set()
    >>> watch_for_news(lambda: 4, lambda: 3, notify, cancel)
    >>> calls
    [1]
    """
    deadline = time.monotonic() + hours * 3600
    while not cancel.is_set() and time.monotonic() < deadline:
        if count_now() != shown():
            try:
                notify()
            except Exception:  # the page stays watched; the next check tries again
                LOG.exception("a seminar page could not redraw")
        cancel.wait(POLL_SECONDS)


def _use_news() -> Any:
    """Re-render when the shared session changes; returns the ref holding the number of
    actions the page shows (set by :func:`_use_view` under the store's lock)."""
    store = get_store()
    _tick, set_tick = solara.use_state(0)
    shown = solara.use_ref(-1)

    def poll(cancel: threading.Event) -> None:
        watch_for_news(
            lambda: len(store.seminar.actions),
            lambda: int(shown.current),
            lambda: set_tick(lambda n: n + 1),
            cancel,
        )

    solara.use_thread(poll, dependencies=[], intrusive_cancel=False)
    return shown


def _page_client() -> str:
    """This page, for counting wrong codes typed in it."""
    try:
        return f"page:{solara.get_session_id()}"
    except Exception:  # outside a served page (a test's render): one shared client
        return "page"


def _do(code: str, action: dict[str, Any], set_message: Any) -> bool:
    try:
        ack = get_store().act(code, action)
    except SeminarError as exc:
        set_message(("error", str(exc)))
        return False
    except Exception as exc:  # a fault of the server, not of the team: log it, say it plainly
        LOG.exception("action %r failed", action.get("kind"))
        set_message(("error", f"{SERVER_FAULT} ({type(exc).__name__}: {exc})"))
        return False
    text = f"Recorded ({action['kind']}, #{ack['seq']})"
    if ack.get("repeat"):
        text += ", already"
    if "offer" in ack:
        text += f": offer {ack['offer']} is {ack.get('status', 'open')}"
    set_message(("ok", text))
    return True


@component
def Confirm(question: str, yes: str, on_yes: Callable[[], None], on_no: Callable[[], None]) -> None:
    """A question before an act that cannot be taken back: a yes button and a cancel."""
    with solara.Card("Please confirm"):
        _text("p", question)
        with solara.Row():
            solara.Button(yes, on_click=on_yes, color="error")
            solara.Button("Cancel", on_click=on_no)


@component
def Message(message: tuple[str, str] | None) -> None:
    if message is None:
        return
    kind, text = message
    if kind == "error":
        solara.Error(text)
    else:
        solara.Success(text)


def _text(tag: str, text: str, markup: str = "") -> Any:
    """An element holding ``text``, escaped (a team's words never become markup), after
    ``markup``, which is the page's own.

    Plain HTML rather than ``solara.Markdown``: the Markdown component fetches KaTeX from
    a CDN on every page, which a classroom network without Internet answers with 404s.
    """
    return solara.HTML(tag=tag, unsafe_innerHTML=markup + html.escape(text))


def clock_text(left: float | None) -> str:
    """The round's clock as a page shows it.

    >>> clock_text(125.4), clock_text(0.0), clock_text(None)
    ('2:05 left', '0:00 - the round is closed', '')
    """
    if left is None:
        return ""
    if left <= 0:
        return "0:00 - the round is closed"
    return f"{int(left) // 60}:{int(left) % 60:02d} left"


@component
def LiveClock() -> None:
    """The round's clock, redrawn every second on its own (not only when someone acts)."""
    store = get_store()
    _tick, set_tick = solara.use_state(0)

    def tick(cancel: threading.Event) -> None:
        deadline = time.monotonic() + POLL_HOURS * 3600
        while not cancel.wait(1.0) and time.monotonic() < deadline:
            try:
                set_tick(lambda n: n + 1)
            except Exception:  # the page stays; the next second tries again
                LOG.exception("a seminar clock could not redraw")

    solara.use_thread(tick, dependencies=[], intrusive_cancel=False)
    _text("p", clock_text(store.seminar.seconds_left()), "&nbsp;- ")


@component
def SharedState(view: dict[str, Any]) -> None:
    """The state every team shares: clock, verdict, sequence and recent events."""
    with solara.Row():
        _text(
            "p",
            f" ({view['status']}) - lens: {view['lens']}",
            f"<strong>Round {view['round']} of {view['rounds']}</strong>",
        )
        LiveClock()
    solara.Info(f"Model verdict: {view['verdict_text']}")
    steps = (
        "".join(f"<li>{html.escape(e['text'])}</li>" for e in view["sequence"])
        or "<li>(no move yet)</li>"
    )
    first = view["sequence"][0]["step"] if view["sequence"] else 1  # the latest moves only
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f"<strong>Shared sequence</strong><ol start='{first}'>{steps}</ol>",
    )
    recent = "".join(
        f"<li>Round {e['round']}: {html.escape(e['text'])}</li>" for e in view["events"][-8:]
    )
    solara.HTML(tag="div", unsafe_innerHTML=f"<strong>Latest events</strong><ul>{recent}</ul>")


@component
def MoveChoice(team: str, others: list[str], chosen: list[str], set_chosen: Any) -> None:
    """Checkboxes for the team's own moves first, then the other parties' in actor order.

    Choosing another addressee adds its moves below the ones already shown, so nothing a
    student is about to click moves away under the pointer.
    """
    by_actor = get_store().seminar.catalogue.by_actor()
    for actor in [team] + [a for a in ACTORS if a in others and a != team]:
        _text("p", "", f"<em>{html.escape(ACTORS[actor])}</em>")
        for move in by_actor[actor]:

            def toggle(on: bool, move_id: str = move.id) -> None:
                # from the state as it is when the click is handled, not as it was drawn:
                # two quick clicks both count
                set_chosen(lambda now: [m for m in now if m != move_id] + ([move_id] if on else []))

            solara.Checkbox(
                label=f"{move.label} [{move.id}]",
                value=move.id in chosen,
                on_value=toggle,
            )


CONDITION_TESTS = {"at least": ">=", "at most": "<="}
"""How a scale or level is compared in a condition built from the lists."""
FLAG_VALUES = {"yes": "", "no": "not "}


def condition_values(variable: StateVariable) -> list[str]:
    """The values a team can pick for ``variable``: yes/no for a flag, else every whole
    number in its range.

    >>> from korea_talks.sequence.state import get_variable
    >>> condition_values(get_variable("freeze"))
    ['0', '1', '2']
    >>> condition_values(get_variable("us_dprk_channel"))
    ['yes', 'no']
    """
    if variable.kind == "flag":
        return list(FLAG_VALUES)
    return [str(n) for n in range(int(variable.low), int(variable.high) + 1)]


def build_condition(variable: StateVariable, test: str, value: str) -> str:
    """The offer condition a team picked from the lists, in the words the engine parses.

    >>> from korea_talks.sequence.state import get_variable
    >>> build_condition(get_variable("trust"), "at least", "4")
    'if trust >= 4'
    >>> build_condition(get_variable("us_dprk_channel"), "at least", "no")
    'if not us_dprk_channel'
    """
    if variable.kind == "flag":
        return f"if {FLAG_VALUES[value]}{variable.name}"
    return f"if {variable.name} {CONDITION_TESTS[test]} {value}"


@component
def ConditionPicker(on_condition: Callable[[str], None]) -> None:
    """Lists of the model's state variables and their values; "Add condition" hands the
    condition they make to ``on_condition``."""
    by_label = {f"{v.label} ({v.name})": v for v in VARIABLES}
    label = use_field(cast(str | None, None))
    test = use_field("at least")
    value = use_field(cast(str | None, None))
    variable = by_label.get(label.value or "")
    values = condition_values(variable) if variable else []

    def pick_variable(new: str | None) -> None:
        label.set(new)
        value.set(None)

    with solara.Row(classes=["kt-wrap"]):
        solara.Select(
            "State variable",
            values=list(by_label),
            value=label.value,
            on_value=pick_variable,
        )
        if variable is not None and variable.kind != "flag":
            solara.Select("Test", values=list(CONDITION_TESTS), value=test.value, on_value=test.set)
        solara.Select(
            "Value",
            values=values,
            value=value.value if value.value in values else None,
            on_value=value.set,
        )

        def add() -> None:
            chosen = by_label.get(label.latest() or "")
            picked = value.latest()
            if chosen is not None and picked is not None and picked in condition_values(chosen):
                on_condition(build_condition(chosen, test.latest(), picked))

        ready = variable is not None and value.value in values
        solara.Button("Add condition", on_click=add, disabled=not ready)


def draft_of(saved: Any, team: str, moves: Collection[str]) -> dict[str, Any]:
    """A remembered offer draft, checked: what a browser hands back is untrusted, so keep
    only known addressees and ``moves`` (the catalogue's move ids), and texts of bounded
    length.

    >>> draft_of({"to": ["DPRK", "Mars", "US"], "moves": ["us_direct_talks", 7],
    ...           "conditions": "if freeze >= 1", "note": 5}, "US", {"us_direct_talks"})
    {'to': ['DPRK'], 'moves': ['us_direct_talks'], 'conditions': 'if freeze >= 1', 'note': ''}
    """
    saved = saved if isinstance(saved, dict) else {}

    def listed(name: str, allowed: Any) -> list[str]:
        value = saved.get(name)
        items = value if isinstance(value, list) else []
        return [x for x in items if isinstance(x, str) and x in allowed and x != team]

    def text(name: str) -> str:
        value = saved.get(name)
        return value[:MAX_TEXT] if isinstance(value, str) else ""

    return {
        "to": listed("to", ACTORS),
        "moves": listed("moves", moves),
        "conditions": text("conditions"),
        "note": text("note"),
    }


@component
def OfferForm(code: str, team: str, set_message: Any) -> None:
    to = use_field(cast(list[str], []))
    moves = use_field(cast(list[str], []))
    conditions = use_field("")
    note = use_field("")
    key = use_field(secrets.token_hex(8))

    def restore(saved: Any) -> None:
        draft = draft_of(saved, team, get_store().seminar.catalogue.moves)
        to.set(draft["to"])
        moves.set(draft["moves"])
        conditions.set(draft["conditions"])
        note.set(draft["note"])

    draft = {
        "to": to.value,
        "moves": moves.value,
        "conditions": conditions.value,
        "note": note.value,
    }
    DeviceMemory(f"draft:{team}", "local", draft if any(draft.values()) else {}, restore)
    with solara.Card("Make an offer"):
        _text("p", "To:")
        with solara.Row(classes=["kt-wrap"]):
            for actor in ACTORS:
                if actor == team:
                    continue

                def pick(on: bool, actor: str = actor) -> None:
                    to.set(lambda now: [a for a in now if a != actor] + ([actor] if on else []))

                solara.Checkbox(label=f"to {actor}", value=actor in to.value, on_value=pick)
        MoveChoice(team, to.value, moves.value, moves.set)
        _text("p", "Conditions: pick a state of the model, or type them below.")
        ConditionPicker(
            lambda picked: conditions.set(
                lambda now: "; ".join([c.strip() for c in now.split(";") if c.strip()] + [picked])
            )
        )
        TypedText("Conditions (optional): e.g. if freeze >= 1; after us_direct_talks", conditions)
        TypedText("Note to the other side (optional)", note)

        def send() -> None:
            if not to.latest() and not moves.latest():  # a second click on a sent form
                return
            action = {
                "key": key.latest(),
                "kind": "offer",
                "to": to.latest(),
                "moves": moves.latest(),
                "conditions": [c.strip() for c in conditions.latest().split(";") if c.strip()],
                "note": note.latest(),
            }
            if _do(code, action, set_message):
                to.set([])
                moves.set([])
                conditions.set("")
                note.set("")
                key.set(secrets.token_hex(8))

        ready = bool(to.value and moves.value)
        solara.Button("Send offer", on_click=send, color="primary", disabled=not ready)


@component
def AnswerForm(code: str, team: str, offer: dict[str, Any], set_message: Any) -> None:
    rules = get_store().seminar.rules
    answer = use_field("accept")
    reason = use_field("")
    moves = use_field(list(offer["moves"]))
    note = use_field("")
    with solara.Card(f"Offer {offer['id']} from {offer['from']}"):
        _text("p", offer["text"])
        if offer["note"]:
            _text("p", offer["note"], "<em>Note:</em> ")
        solara.ToggleButtonsSingle(value=answer.value, values=list(ANSWERS), on_value=answer.set)
        labels = {r.label: r.id for r in rules.reasons.values() if answer.value in r.answers}
        current = next((k for k, v in labels.items() if v == reason.value), None)
        solara.ToggleButtonsSingle(
            value=current, values=list(labels), on_value=lambda label: reason.set(labels[label])
        )
        if answer.value == "counter":
            MoveChoice(team, [*offer["to"], offer["from"]], moves.value, moves.set).key("counter")
        TypedText("Note (optional)", note).key("note")

        def send() -> None:
            verdict = answer.latest()
            action: dict[str, Any] = {
                "kind": "answer",
                "offer": offer["id"],
                "answer": verdict,
                "reason": reason.latest() or None,
                "note": note.latest(),
            }
            if verdict == "counter":
                action["moves"] = moves.latest()
            # one answer per team and offer: a double click gets the first answer's receipt
            action["key"] = f"answer-{offer['id']}"
            _do(code, action, set_message)

        solara.Button(f"Send answer to {offer['id']}", on_click=send, color="primary")


def _brief_list(heading: str, texts: list[str]) -> str:
    """One part of a brief as a heading and a list (empty parts are left out)."""
    if not texts:
        return ""
    items = "".join(f"<li>{html.escape(text)}</li>" for text in texts)
    return f"<p><strong>{heading}</strong></p><ul>{items}</ul>"


def brief_html(brief: Brief) -> str:
    """A team's confidential brief as its device shows it, in the order of the printed pack:
    the situation, interests with weights, red lines, the alternative to agreement, home,
    and what the capital will accept (every text escaped).

    >>> from korea_talks.seminar.briefs import load_briefs
    >>> page = brief_html(load_briefs()["Russia"])
    >>> page.index("Situation") < page.index("Interests") < page.index("Your capital accepts")
    True
    """
    interests = [f"{i.point.text} (weight {i.weight:g})" for i in brief.interests]
    return (
        _brief_list("Situation", [p.text for p in brief.situation])
        + _brief_list("Interests", interests)
        + _brief_list("Red lines", [r.point.text for r in brief.red_lines])
        + f"<p><strong>Alternative to agreement</strong>: {html.escape(brief.batna.text)}</p>"
        + _brief_list("At home", [d.text for d in brief.domestic])
        + _brief_list("Your capital accepts", [p.text for p in brief.may_agree])
        + _brief_list("Where you must stop", [p.text for p in brief.must_stop])
    )


@component
def BriefView(team: str) -> None:
    brief = get_store().seminar.briefs[team]
    with solara.Details("Your confidential brief"):
        solara.HTML(tag="div", unsafe_innerHTML=brief_html(brief))


NOTE_TO_SELF = "our team only (a note)"
"""The addressee that makes a message a team note."""
SHOWN_MESSAGES = 30
"""How many of the latest messages a page lists (newest first)."""


def message_line(message: dict[str, Any], reader: str | None) -> str:
    """One message as a page lists it, for ``reader`` (a team, or ``None``: the instructor).

    >>> m = {"round": 2, "at": "2026-03-02T09:01:05.000000Z", "channel": "message",
    ...      "from": "US", "to": ["DPRK"], "title": "", "text": "Talk at the break?"}
    >>> message_line(m, "DPRK")
    'Round 2, 09:01 - US to DPRK: Talk at the break?'
    >>> message_line({**m, "channel": "team-note", "to": ["US"]}, "US")
    'Round 2, 09:01 - our note: Talk at the break?'
    >>> message_line({**m, "channel": "inject", "title": "A test", "text": "Launch."}, None)
    'Round 2, 09:01 - News: A test. Launch.'
    """
    when = f"Round {message['round']}, {message['at'][11:16]}"
    if message["channel"] == "inject":
        return f"{when} - News: {message['title']}. {message['text']}"
    if message["channel"] == "broadcast":
        return f"{when} - the instructor to all: {message['text']}"
    if message["channel"] == "team-note":
        whose = "our note" if reader == message["from"] else f"{message['from']}'s own note"
        return f"{when} - {whose}: {message['text']}"
    return f"{when} - {message['from']} to {', '.join(message['to'])}: {message['text']}"


def _message_list(view: dict[str, Any], reader: str | None) -> None:
    shown = list(reversed(view["messages"][-SHOWN_MESSAGES:]))
    items = "".join(f"<li>{html.escape(message_line(m, reader))}</li>" for m in shown)
    solara.HTML(
        tag="ul", unsafe_innerHTML=items or "<li>(nothing yet)</li>", classes=["kt-messages"]
    )


@component
def TeamChannels(code: str, team: str, view: dict[str, Any], set_message: Any) -> None:
    """A team's messages and news: what it may read, and a line to write to one other team
    or to itself."""
    others = [t for t in view["teams"] if t != team]
    to = use_field(others[0] if others else NOTE_TO_SELF)
    text = use_field("")
    key = use_field(secrets.token_hex(8))
    with solara.Card("Messages and news"):
        _text(
            "p",
            "A message reaches only the team you write to; a note, only your own team; the "
            "instructor reads everything, and news from the instructor reaches every team.",
        )
        with solara.Row(classes=["kt-wrap"]):
            solara.Select(
                "Write to", values=[*others, NOTE_TO_SELF], value=to.value, on_value=to.set
            )
            TypedText(f"Message (at most {MAX_TEXT} characters)", text)

            def send() -> None:
                written, reader = text.latest(), to.latest()
                if not written.strip():  # also a second click on a message just sent
                    return
                action: dict[str, Any] = {"key": key.latest(), "text": written}
                if reader == NOTE_TO_SELF:
                    action["kind"] = "team-note"
                else:
                    action.update(kind="message", to=reader)
                if _do(code, action, set_message):
                    text.set("")
                    key.set(secrets.token_hex(8))

            solara.Button("Send message", on_click=send)
        _message_list(view, team)


@component
def InstructorChannels(code: str, view: dict[str, Any], set_message: Any) -> None:
    """The instructor's broadcasts and scenario injects; every channel's messages, the teams'
    behind a checkbox (the instructor's screen may be on the projector)."""
    text = use_field("")
    key = use_field(secrets.token_hex(8))
    chosen = use_field(cast(str | None, None))
    private, set_private = solara.use_state(False)
    injects = {f"{i.title} ({basis(i)})": i.id for i in load_injects().values()}
    with solara.Card("Broadcasts and news"):
        with solara.Row(classes=["kt-wrap"]):
            TypedText(f"Broadcast to all teams (at most {MAX_TEXT} characters)", text)

            def broadcast() -> None:
                written = text.latest()
                if not written.strip():  # also a second click on news just sent
                    return
                action = {"kind": "broadcast", "text": written, "key": key.latest()}
                if _do(code, action, set_message):
                    text.set("")
                    key.set(secrets.token_hex(8))

            solara.Button("Send to all", on_click=broadcast)
        with solara.Row(classes=["kt-wrap"]):
            solara.Select(
                "Scenario inject", values=list(injects), value=chosen.value, on_value=chosen.set
            )

            def announce() -> None:
                picked = chosen.latest()
                if picked in injects:
                    inject = injects[str(picked)]
                    action = {"kind": "inject", "inject": inject, "key": f"{key.latest()}-{inject}"}
                    if _do(code, action, set_message):
                        chosen.set(None)
                        key.set(secrets.token_hex(8))

            solara.Button("Announce", on_click=announce, disabled=chosen.value not in injects)
        solara.Checkbox(
            label="Show the teams' messages and notes (not on the projector)",
            value=private,
            on_value=set_private,
        )
        shown = (
            view["messages"]
            if private
            else [m for m in view["messages"] if m["channel"] in PUBLIC_CHANNELS]
        )
        _message_list({"messages": shown}, None)


def _use_view(team: str | None, title: str) -> tuple[dict[str, Any], Any]:
    """A page's heading, shared state and message line; returns the view and the setter."""
    shown = _use_news()
    message, set_message = solara.use_state(None)
    store = get_store()
    with store.lock:
        view = store.seminar.view(team)
        shown.current = len(store.seminar.actions)
    _text("h2", title)
    SharedState(view)
    Message(message)
    return view, set_message


@component
def TeamView(code: str, team: str) -> None:
    view, set_message = _use_view(
        team, ACTORS[team] if f"({team})" in ACTORS[team] else f"{ACTORS[team]} ({team})"
    )
    store = get_store()
    pending, set_pending = solara.use_state(cast(tuple[str, str] | None, None))
    BriefView(team)
    # Solara tells unkeyed siblings apart by position: the keys below keep a team's
    # half-built offer (and each answer form) when the waiting notice goes or offers arrive.
    if view["status"] != "open":
        solara.Warning("Wait for the instructor to open the round.").key("waiting")
    mine = [o for o in view["offers"] if o["status"] == "open" and team in o["waiting_for"]]
    _text("h3", f"Offers waiting for your answer ({len(mine)})").key("waiting-count")
    for offer in mine:
        AnswerForm(code, team, offer, set_message).key(f"answer-{offer['id']}")
    answered = [
        (o["id"], t, n)
        for o in view["offers"]
        if o["from"] == team
        for t, n in o["answer_notes"].items()
    ]
    if answered:
        with solara.Card("Notes on the answers to your offers").key("answer-notes"):
            for offer_id, author, note in answered:
                _text("p", note, f"<em>{html.escape(author)} on {html.escape(offer_id)}:</em> ")
    TeamChannels(code, team, view, set_message).key("channels")
    OfferForm(code, team, set_message).key("offer-form")
    with solara.Card("Act alone").key("act-alone"):
        catalogue = store.seminar.catalogue
        if pending is not None:
            chosen = catalogue.moves[pending[0]]
            action = {"kind": "act", "move": chosen.id, "key": pending[1]}

            def play() -> None:
                set_pending(None)
                _do(code, action, set_message)

            Confirm(
                f"Play alone: {chosen.label}? A move made alone enters the shared sequence at "
                "once and cannot be taken back.",
                f"Yes, play {chosen.label}",
                play,
                lambda: set_pending(None),
            )
        for move in catalogue.by_actor()[team]:
            solara.Button(
                f"Play alone: {move.label}",
                on_click=lambda m=move.id: set_pending((m, secrets.token_hex(8))),
                text=True,
            )
    OfferTable(view).key("offer-table")


@component
def OfferTable(view: dict[str, Any]) -> None:
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(x))}</td>"
            for x in (o["id"], o["round"], o["from"], ", ".join(o["to"]), o["text"], o["status"])
        )
        + "</tr>"
        for o in view["offers"]
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            "<table class='offers'><thead><tr><th>offer</th><th>round</th><th>from</th>"
            "<th>to</th><th>what</th><th>status</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        ),
    )


@component
def InstructorView(code: str) -> None:
    store = get_store()
    view, set_message = _use_view(None, f"{store.seminar.title}: instructor")
    show_scores, set_show_scores = solara.use_state(False)
    show_debrief, set_show_debrief = solara.use_state(False)
    confirm, set_confirm = solara.use_state(cast(str | None, None))
    void_target, set_void_target = solara.use_state(cast(str | None, None))
    status = view["status"]
    more_rounds = view["round"] < view["rounds"]
    with solara.Row():
        for kind, label, shown in (
            ("start", "Start round 1", status == "waiting"),
            ("next-round", "Next round", status in ("open", "paused") and more_rounds),
            ("pause", "Pause", status == "open"),
            ("resume", "Resume", status == "paused"),
            ("end", "End session", status != "ended"),
            ("reopen", "Reopen the session", status == "ended"),
        ):
            if not shown:
                continue
            if kind == "end":
                solara.Button(label, on_click=lambda: set_confirm("end"))
            else:
                solara.Button(label, on_click=lambda k=kind: _do(code, {"kind": k}, set_message))
    if confirm == "end":

        def end() -> None:
            set_confirm(None)
            _do(code, {"kind": "end", "key": f"end-{len(store.seminar.actions)}"}, set_message)

        Confirm(
            "End the session? Offers still open expire. (You can reopen it afterwards.)",
            "Yes, end the session",
            end,
            lambda: set_confirm(None),
        )
    lenses = available_lenses()
    if len(lenses) > 1:
        solara.Select(
            "Lens the model answers under",
            values=lenses,
            value=view["lens"],
            on_value=lambda lens: _do(code, {"kind": "set-lens", "lens": lens}, set_message),
        )
    _text(
        "p",
        "Teams in play: "
        + ", ".join(view["teams"])
        + "; the model answers for "
        + ", ".join(view["model_actors"])
        + ".",
    )
    OfferTable(view)
    InstructorChannels(code, view, set_message).key("channels")
    with store.lock:
        voidable = {
            f"#{a.seq}: {a.team} {_action_words(a)}": a.seq for a in store.seminar.voidable()
        }
    if voidable:
        solara.Select(
            "Void a mistaken action",
            values=list(voidable),
            value=void_target,
            on_value=set_void_target,
        )
        if void_target in voidable:

            def void() -> None:
                target = voidable[str(void_target)]
                set_void_target(None)
                action = {"kind": "void", "target": target, "key": f"void-{target}"}
                _do(code, action, set_message)

            Confirm(
                f"Void {void_target}? The session is rebuilt without it; the log keeps both.",
                "Yes, void it",
                void,
                lambda: set_void_target(None),
            )
    solara.Checkbox(
        label="Show scores (not on the projector)", value=show_scores, on_value=set_show_scores
    )
    if show_scores:
        rows = "".join(
            f"<tr><td>{t}</td><td>{s['score']}</td><td>{s['batna']}</td><td>{s['gain']}</td>"
            f"<td>{', '.join(s['red_lines'])}</td></tr>"
            for t, s in view["scores"].items()
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=(
                "<table><tr><th>team</th><th>score</th><th>alternative</th><th>gain</th>"
                f"<th>red lines crossed</th></tr>{rows}</table>"
            ),
        )
    solara.HTML(
        tag="p",
        unsafe_innerHTML=(
            f"<a href='/projector?view={html.escape(store.projector_key)}' target='_blank'>"
            "Open the projector view</a> (clock, sequence and offers; no code, no scores)"
        ),
    )
    solara.Checkbox(
        label="Show the debrief here (not on the projector)",
        value=show_debrief,
        on_value=set_show_debrief,
    )
    if show_debrief:
        from korea_talks.seminar.debrief import debrief_html

        with store.lock:
            page = debrief_html(store.seminar, standalone=False)
        solara.HTML(tag="div", unsafe_innerHTML=page)


def _action_words(action: Any) -> str:
    """A voidable action in a few words."""
    if action.kind == "act":
        return f"plays alone {action.move}"
    return f"{action.answer}s {action.offer}"


REMEMBERED = {"local": "code", "session": "instructor-seat"}
"""Where a device keeps a join code (storage scope: key): a team's in the browser's local
storage, until the team leaves; the instructor's in the tab's session storage only, so a
shared classroom computer does not keep the instructor's seat once the tab is closed."""
FORGOTTEN_CODE = (
    "The code this device remembered does not open this session; type the code on your team's card."
)


@component
def Page() -> None:
    code, set_code = solara.use_state("")
    typed, set_typed = solara.use_state("")
    error, set_error = solara.use_state("")
    reported, set_reported = solara.use_state(cast(frozenset[str], frozenset()))
    exception, clear = solara.use_exception()  # a page that breaks says so in plain words
    if exception is not None:
        LOG.error("a seminar page stopped", exc_info=exception)
        solara.Error(
            f"{SERVER_FAULT}. Every action acknowledged so far is kept. "
            f"({type(exception).__name__}: {exception})"
        )
        solara.Button("Show the page again", on_click=clear, color="primary")
        return
    solara.Title("Seminar: the six parties")
    solara.Style(NARROW_SCREEN_CSS)
    team = get_store().team_for(code) if code else None

    def restore(scope: str) -> Callable[[Any], None]:
        def from_device(saved: Any) -> None:
            remembered = saved.get("code") if isinstance(saved, dict) else None
            if isinstance(remembered, str) and remembered:
                try:
                    get_store().team_for(remembered, client=_page_client())
                except SeminarError:
                    set_error(FORGOTTEN_CODE)
                else:
                    set_code(normal_code(remembered))
            set_reported(lambda now: now | {scope})

        return from_device

    for scope, name in REMEMBERED.items():
        kept = code if code and (team == INSTRUCTOR) == (scope == "session") else ""
        DeviceMemory(name, scope, {"code": kept} if kept else {}, restore(scope)).key(name)
    if code:
        if team == INSTRUCTOR:
            InstructorView(code).key("instructor")
        else:
            TeamView(code, str(team)).key(f"team-{team}")
        solara.Button(
            "Leave this device (it forgets the code)",
            on_click=lambda: (set_code(""), set_typed(""), set_error("")),
            text=True,
        ).key("leave")
        return
    if len(reported) < len(REMEMBERED):
        # the browser has not yet said whether it remembers a code: no join form meanwhile,
        # so that nobody types into a form about to be replaced by the team's view
        _text("p", "Looking for the code this device remembers...").key("looking")
        return
    _text("h1", "Join the seminar")
    _text("p", "Type the join code on your team's card.")

    def join() -> None:
        try:
            get_store().team_for(typed.strip().upper(), client=_page_client())
        except SeminarError as exc:
            set_error(str(exc))
            return
        set_error("")
        set_code(normal_code(typed))

    solara.InputText("Join code", value=typed, on_value=set_typed, continuous_update=True)
    solara.Button("Join", on_click=join, color="primary")
    if error:
        solara.Error(error)
    _text("p", "Teams: " + ", ".join(ACTORS[t] for t in TEAMS))
