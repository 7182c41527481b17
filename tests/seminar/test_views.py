"""The Solara views render for the instructor and for a team with offers waiting (no browser)."""

from __future__ import annotations

from pathlib import Path

import solara

from korea_talks.seminar import views, web
from korea_talks.seminar.store import SeminarStore


def test_views_render_with_offers_waiting(tmp_path: Path) -> None:
    store = SeminarStore.create(tmp_path / "s.sqlite", teams=("US", "DPRK"))
    web.set_store(store)
    store.act(store.codes["instructor"], {"kind": "start"})
    store.act(store.codes["US"], {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"]})
    for element in (
        views.Page(),
        views.InstructorView(store.codes["instructor"]),
        views.TeamView(store.codes["DPRK"], "DPRK"),
        views.TeamView(store.codes["US"], "US"),
    ):
        _box, rc = solara.render(element, handle_error=False)
        rc.close()
