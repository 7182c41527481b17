"""The council server: the page and a JSON API over one :class:`CouncilStore`.

Routes
    ``/``                the page (:mod:`~korea_talks.seminar.council.page`)
    ``POST /api/act``    one action, ``{"code": ..., "kind": ..., ...}`` (or the code in the
                         ``X-Join-Code`` header); ``{"ok": true, ...}`` once it is on disk, else
                         ``{"ok": false, "error": ...}`` with 400, 403 or 413
    ``GET /api/state``   the session as the code's delegation sees it (header only)
    ``GET /api/log``     the log as JSON Lines (the President's code, header only)
    ``GET /debrief``     the debrief page (the President's code, header only)
    ``GET /projector``   the projector view (``?view=`` the projector key, which the
                         President's page links to): the shared state, no controls or codes
    ``GET /api/projector`` its data (the projector key)

A join code never travels in an address: a request with ``?code=`` is refused. The
seminar's limits apply: bodies are cut off at ``MAX_BODY`` while they are read, wrong codes
are counted per client, idle connections are closed and their number capped.
"""

from __future__ import annotations

import hmac
import html
import json
import logging
from typing import Any

from korea_talks.seminar.council.store import CouncilStore
from korea_talks.seminar.engine import INSTRUCTOR, SeminarError
from korea_talks.seminar.store import AccessError
from korea_talks.seminar.web import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    IDLE_SECONDS,
    MAX_BODY,
    _client,
    _error,
    _read_body,
    guarded_protocol,
    parse_action_body,
)

NO_CODE_IN_ADDRESS = (
    "a join code never goes in an address (a projector or a browser's history shows it); "
    "type it on the page, which sends it in the X-Join-Code header"
)
log = logging.getLogger(__name__)


def build_app(store: CouncilStore) -> Any:
    """The Starlette application serving ``store``."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse
    from starlette.routing import Route

    from korea_talks.seminar.council.debrief import debrief_html
    from korea_talks.seminar.council.page import COUNCIL_HTML

    def team_of(request: Any) -> str:
        if "code" in request.query_params:
            raise AccessError(NO_CODE_IN_ADDRESS)
        return store.team_for(request.headers.get("x-join-code"), client=_client(request))

    def president(request: Any) -> str | None:
        try:
            team = team_of(request)
        except AccessError as exc:
            return str(exc)
        return None if team == INSTRUCTOR else "only the President's (instructor's) code opens this"

    async def page(request: Any) -> Any:
        return HTMLResponse(COUNCIL_HTML)

    async def api_act(request: Any) -> Any:
        body = await _read_body(request)
        if body is None:
            return _error(f"the request is too large (at most {MAX_BODY} bytes)", 413)
        try:
            data = parse_action_body(body)
        except SeminarError as exc:
            return _error(str(exc), 400)
        if "code" in request.query_params:
            return _error(NO_CODE_IN_ADDRESS, 403)
        code = data.pop("code", None) or request.headers.get("x-join-code")
        try:
            ack = await run_in_threadpool(store.act, code, data, _client(request))
        except AccessError as exc:
            return _error(str(exc), 403)
        except SeminarError as exc:
            return _error(str(exc), 400)
        except Exception:  # never a traceback to the client; nothing was acknowledged
            log.exception("council action failed")
            return _error("the server could not record this action; nothing was changed", 500)
        return JSONResponse(ack)

    async def api_state(request: Any) -> Any:
        try:
            team = team_of(request)
        except AccessError as exc:
            return _error(str(exc), 403)
        with store.lock:
            view = store.council.view(None if team == INSTRUCTOR else team)
        if team == INSTRUCTOR:
            view["projector_key"] = store.projector_key
        return JSONResponse(view)

    async def api_projector(request: Any) -> Any:
        key = str(request.query_params.get("view", ""))
        if not hmac.compare_digest(key, store.projector_key):
            return _error(
                "this is not the projector key; open the projector view from the President's page",
                403,
            )
        with store.lock:
            view = store.council.view(None)
        view["you"] = {"team": "projector"}
        return JSONResponse(view)

    async def api_log(request: Any) -> Any:
        refused = president(request)
        if refused:
            return _error(refused, 403)
        with store.lock:
            lines = [json.dumps(record, ensure_ascii=False) for record in store.log()]
        return PlainTextResponse("\n".join(lines) + "\n", media_type="application/x-ndjson")

    async def debrief(request: Any) -> Any:
        refused = president(request)
        if refused:
            return HTMLResponse(f"<p>{html.escape(refused)}</p>", status_code=403)
        with store.lock:
            text = debrief_html(store.council)
        return HTMLResponse(text)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/api/act", api_act, methods=["POST"]),
            Route("/api/state", api_state),
            Route("/api/log", api_log),
            Route("/debrief", debrief),
            Route("/projector", page),
            Route("/api/projector", api_projector),
        ]
    )


def serve(store: CouncilStore, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve ``store`` until the process is stopped."""
    import uvicorn

    uvicorn.run(
        build_app(store),
        host=host,
        port=port,
        log_level="warning",
        http=guarded_protocol(),
        timeout_keep_alive=IDLE_SECONDS,
    )
