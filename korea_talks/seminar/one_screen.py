"""The seminar on one screen: the same engine and log, for a class without devices.

:class:`SeminarTable` is an ipywidgets view over a :class:`SeminarStore`: the instructor (or
whoever sits at the projector) chooses which team speaks, and that team makes an offer,
answers one, or moves alone. The session is kept in a SQLite file like the served one, so
a restarted kernel resumes it, and the log is saved in the same JSON Lines format.

>>> import tempfile, pathlib
>>> table = SeminarTable(pathlib.Path(tempfile.mkdtemp()) / "room.sqlite", teams=("US", "DPRK"))
>>> table.clock("start")
>>> table.team.value = "US"
>>> table.to.value, table.moves.value = ("DPRK",), ("us_direct_talks",)
>>> table.send_offer()
>>> table.team.value = "DPRK"
>>> table.answer_offer.value, table.answer.value = "O1", "accept"
>>> table.reason.value = "builds-trust"
>>> table.send_answer()
>>> table.store.seminar.moves()
['us_direct_talks']
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from korea_talks.seminar.briefs import ANSWERS
from korea_talks.seminar.debrief import debrief_html
from korea_talks.seminar.engine import INSTRUCTOR, SeminarError
from korea_talks.seminar.store import SeminarStore, write_log
from korea_talks.sequence import ACTORS

_WIDE = {"description_width": "9em"}
_FULL = widgets.Layout(width="98%")


class SeminarTable:
    """Play a seminar session on one screen (see the module's docstring).

    Parameters
    ----------
    path:
        The session's SQLite file; an existing file is resumed.
    teams:
        The teams in play for a new session (default: all six).
    """

    def __init__(self, path: str | Path = "seminar.sqlite", teams: tuple[str, ...] | None = None):
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            self.store = SeminarStore.open(path)
        else:
            self.store = SeminarStore.create(path, teams=teams)
        seminar = self.store.seminar
        self.team = widgets.Dropdown(
            options=[(ACTORS[t], t) for t in seminar.teams],
            description="Team speaking",
            style=_WIDE,
        )
        self.to = widgets.SelectMultiple(description="Offer to", rows=4, style=_WIDE)
        self.moves = widgets.SelectMultiple(description="Moves", rows=8, style=_WIDE, layout=_FULL)
        self.conditions = widgets.Text(
            description="Conditions",
            placeholder="optional: if freeze >= 1; after us_direct_talks",
            style=_WIDE,
            layout=_FULL,
        )
        self.answer_offer = widgets.Dropdown(description="Offer", style=_WIDE)
        self.answer = widgets.Dropdown(options=list(ANSWERS), description="Answer", style=_WIDE)
        self.reason = widgets.Dropdown(description="Reason", style=_WIDE)
        self.alone = widgets.Dropdown(description="Move alone", style=_WIDE, layout=_FULL)
        self.message = widgets.HTML()
        self.board = widgets.HTML()
        self.log_path = widgets.Text(value="seminar-log.jsonl", description="Log file", style=_WIDE)
        buttons = {
            "offer": widgets.Button(description="Send offer", button_style="primary"),
            "answer": widgets.Button(description="Send answer", button_style="primary"),
            "alone": widgets.Button(description="Play alone"),
            "log": widgets.Button(description="Save log"),
            "debrief": widgets.Button(description="Show debrief"),
        }
        buttons["offer"].on_click(lambda _: self.send_offer())
        buttons["answer"].on_click(lambda _: self.send_answer())
        buttons["alone"].on_click(lambda _: self.play_alone())
        buttons["log"].on_click(lambda _: self.save_log(self.log_path.value))
        buttons["debrief"].on_click(lambda _: self.show_debrief())
        clock = []
        for kind, label in (
            ("start", "Start"),
            ("next-round", "Next round"),
            ("pause", "Pause"),
            ("resume", "Resume"),
            ("end", "End"),
        ):
            button = widgets.Button(description=label, tooltip=f"Instructor: {kind}")
            button.on_click(lambda _, k=kind: self.clock(k))
            clock.append(button)
        for control in (self.team, self.to, self.answer, self.answer_offer):
            control.observe(lambda _: self._refresh_choices(), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox(clock),
                self.board,
                self.team,
                widgets.HTML("<strong>Make an offer</strong>"),
                self.to,
                self.moves,
                self.conditions,
                buttons["offer"],
                widgets.HTML("<strong>Answer an offer</strong>"),
                widgets.HBox([self.answer_offer, self.answer]),
                self.reason,
                buttons["answer"],
                widgets.HTML("<strong>Move alone</strong>"),
                widgets.HBox([self.alone, buttons["alone"]]),
                self.message,
                widgets.HBox([self.log_path, buttons["log"], buttons["debrief"]]),
            ]
        )
        self._refresh()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)  # type: ignore[no-untyped-call]

    # ------------------------------------------------------------------ actions

    def _act(self, team: str, action: dict[str, Any]) -> bool:
        try:
            ack = self.store.act(self.store.codes[team], action)
        except SeminarError as exc:
            self.message.value = (
                f"<div role='alert' style='color:#a04000'>{html.escape(str(exc))}</div>"
            )
            return False
        extra = f": offer {ack['offer']} is {ack['status']}" if "offer" in ack else ""
        self.message.value = f"<div role='status'>Recorded #{ack['seq']}{extra}.</div>"
        self._refresh()
        return True

    def clock(self, kind: str) -> None:
        """The instructor's clock: ``start``, ``next-round``, ``pause``, ``resume``, ``end``."""
        self._act(INSTRUCTOR, {"kind": kind})

    def send_offer(self) -> None:
        """Send the offer built in the form, for the team speaking."""
        conditions = [c.strip() for c in self.conditions.value.split(";") if c.strip()]
        action = {
            "kind": "offer",
            "to": list(self.to.value),
            "moves": list(self.moves.value),
            "conditions": conditions,
        }
        if self._act(self.team.value, action):
            self.conditions.value = ""

    def send_answer(self) -> None:
        """Answer the chosen offer for the team speaking (a counter uses the moves chosen)."""
        action: dict[str, Any] = {
            "kind": "answer",
            "offer": self.answer_offer.value,
            "answer": self.answer.value,
            "reason": self.reason.value,
        }
        if self.answer.value == "counter":
            action["moves"] = list(self.moves.value)
        self._act(self.team.value, action)

    def play_alone(self) -> None:
        """Play the chosen move of the team speaking, alone."""
        self._act(self.team.value, {"kind": "act", "move": self.alone.value})

    def save_log(self, path: str | Path) -> Path:
        """Write the session log (JSON Lines, as the server writes it) to ``path``."""
        written = write_log(self.store.log(), path)
        self.message.value = (
            f"<div role='status'>Saved the log to <code>{html.escape(str(written))}</code>.</div>"
        )
        return written

    def show_debrief(self) -> None:
        """Show the debrief of the session so far below the board."""
        self.board.value = debrief_html(self.store.seminar, standalone=False)

    # ------------------------------------------------------------------ display

    def _refresh_choices(self) -> None:
        seminar = self.store.seminar
        team = self.team.value
        catalogue = seminar.catalogue.by_actor()
        self.to.options = [(ACTORS[a], a) for a in ACTORS if a != team]
        open_offers = [
            o.id for o in seminar.offers.values() if o.status == "open" and team in o.waiting_for
        ]
        self.answer_offer.options = open_offers
        parties = {team, *self.to.value}
        if self.answer_offer.value:
            offer = seminar.offers[self.answer_offer.value]
            parties |= {offer.proposer, *offer.to}
        self.moves.options = [
            (f"{m.label} [{m.id}]", m.id) for a in ACTORS if a in parties for m in catalogue[a]
        ]
        self.alone.options = [(m.label, m.id) for m in catalogue[team]]
        self.reason.options = [
            (r.label, r.id)
            for r in seminar.rules.reasons.values()
            if self.answer.value in r.answers
        ]

    def _refresh(self) -> None:
        self._refresh_choices()
        view = self.store.seminar.view(None)
        steps = "".join(f"<li>{html.escape(e['text'])}</li>" for e in view["sequence"])
        first = view["sequence"][0]["step"] if view["sequence"] else 1  # the latest moves only
        offers = "".join(
            f"<li>{o['id']} ({html.escape(o['status'])}): {html.escape(o['text'])}</li>"
            for o in view["offers"][-8:]
        )
        self.board.value = (
            f"<p><strong>Round {view['round']} of {view['rounds']}</strong> ({view['status']})"
            f" - {html.escape(view['verdict_text'])}</p>"
            f"<p>Sequence:</p><ol start='{first}'>{steps or '<li>(none yet)</li>'}</ol>"
            f"<p>Latest offers:</p><ul>{offers or '<li>(none yet)</li>'}</ul>"
        )
