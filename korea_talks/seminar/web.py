"""The seminar server: a JSON API and the Solara pages over one :class:`SeminarStore`.

Routes
    ``/``                the Solara app: teams join with their code; the instructor's code
                         opens the projector view with the clock
    ``POST /api/act``    one action, ``{"code": ..., "kind": ..., ...}``; answers
                         ``{"ok": true, ...}`` once the action is on disk, or
                         ``{"ok": false, "error": ...}`` with status 400 (bad action),
                         403 (no or wrong code) or 413 (too large)
    ``GET /api/state``   the shared state as the code's team sees it (the ``X-Join-Code``
                         header; a team's code may also come as ``?code=``)
    ``GET /api/log``     the session log as JSON Lines (instructor's code, header only)
    ``GET /debrief``     the debrief page (instructor's code, header only; the instructor's
                         view shows the debrief in place)
    ``GET /projector``   the projector view (``?view=`` the projector key, which the
                         instructor's view links to): clock, sequence and the offers on the
                         table; no controls, no code, no scores, no notes

A running server writes a heartbeat to the session file every few seconds
(:func:`keep_beating`); when it starts again on the file while a round was running, it
logs how long it was down and the round's clock gets that time back
(:meth:`SeminarStore.resume_clock`).

The instructor's code never travels in an address: a projector shows addresses. Wrong
codes are counted per client (:mod:`korea_talks.seminar.guard`); request bodies are cut
off at :data:`MAX_BODY` while they are read; connections that stay idle are closed and
their number is capped (:func:`guarded_protocol`).

Solara was chosen over Panel because its widgets are ipywidgets (the module's widget layer),
it serves several users from one process that can share a Python object (the store), and it
sits on Starlette, so the JSON API and the pages share one server.
"""

from __future__ import annotations

import hmac
import html
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from korea_talks.seminar.engine import INSTRUCTOR, SeminarError
from korea_talks.seminar.engine.channels import PUBLIC_CHANNELS
from korea_talks.seminar.store import HEARTBEAT_SECONDS, AccessError, SeminarStore, normal_code

MAX_BODY = 16_384
"""The largest request body accepted, in bytes (checked while the body is read)."""
IDLE_SECONDS = 10
"""A connection that sends no request for this long is closed."""
MAX_CONNECTIONS = 600
"""Open connections at most (pages hold one each); beyond it the oldest idle one is closed
to make room. Below the usual limit of 1,024 open files, so a flood of idle sockets
cannot starve the session file, the pages already open or a team that connects now."""
JSON_EXAMPLE = '{"code": "YOURCODE", "kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"]}'
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765

_STORE: SeminarStore | None = None
log = logging.getLogger(__name__)


def set_store(store: SeminarStore) -> None:
    """Make ``store`` the session this server serves."""
    global _STORE
    _STORE = store


def get_store() -> SeminarStore:
    """The session this server serves."""
    if _STORE is None:
        raise RuntimeError("no seminar session is open; call set_store() first")
    return _STORE


def _error(message: str, status: int) -> Any:
    from starlette.responses import JSONResponse

    return JSONResponse({"ok": False, "error": message}, status_code=status)


def _client(request: Any) -> str:
    """Who sent ``request``, for counting wrong codes: its address."""
    return str(request.client.host) if request.client else "unknown"


def _code(request: Any) -> str | None:
    """The join code of a request: the ``X-Join-Code`` header, else ``?code=``."""
    code = request.headers.get("x-join-code") or request.query_params.get("code")
    return str(code) if code else None


def _refuse_instructor_in_address(code: str) -> None:
    if normal_code(code) == normal_code(get_store().codes[INSTRUCTOR]):
        raise AccessError(
            "the instructor's code never goes in an address (a projector shows it); send it "
            "in the X-Join-Code header, or open the projector view for the class"
        )


def _team(request: Any, code: Any) -> str:
    """The team ``code`` acts for; the instructor's code is refused in an address."""
    if isinstance(code, str) and code == request.query_params.get("code"):
        _refuse_instructor_in_address(code)
    return get_store().team_for(code, client=_client(request))


async def _read_body(request: Any) -> bytes | None:
    """The request's body, or ``None`` as soon as it proves longer than :data:`MAX_BODY`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def parse_action_body(body: bytes) -> dict[str, Any]:
    """The JSON object of a request body, or a :class:`SeminarError` saying what is allowed.

    >>> parse_action_body(b'{"kind": "start"}')
    {'kind': 'start'}
    >>> parse_action_body(b"[" * 5000 + b"]" * 5000)
    Traceback (most recent call last):
    ...
    korea_talks.seminar.engine.actions.SeminarError: the request body is nested too deeply ...
    """
    try:
        data = json.loads(body or b"null")
    except RecursionError:
        raise SeminarError(
            "the request body is nested too deeply (an action is a flat JSON object whose "
            f"values are texts, numbers or lists of texts), for example {JSON_EXAMPLE}"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise SeminarError(
            f"the request body is not JSON; send an object such as {JSON_EXAMPLE}"
        ) from None
    if not isinstance(data, dict):
        raise SeminarError("the request body must be a JSON object with 'code' and 'kind'")
    return data


async def api_act(request: Any) -> Any:
    """``POST /api/act``: check, store and apply one action."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse

    started = time.perf_counter()
    body = await _read_body(request)
    if body is None:
        return _error(f"the request is too large (at most {MAX_BODY} bytes)", 413)
    try:
        data = parse_action_body(body)
    except SeminarError as exc:
        return _error(str(exc), 400)
    code = data.pop("code", None) or _code(request)
    store = get_store()
    try:
        if code is not None and code == request.query_params.get("code"):
            _refuse_instructor_in_address(code)
        ack = await run_in_threadpool(store.act, code, data, _client(request))
    except AccessError as exc:
        return _error(str(exc), 403)
    except SeminarError as exc:
        return _error(str(exc), 400)
    except Exception:  # never a traceback to the client; the action was not acknowledged
        log.exception("seminar action failed")
        return _error("the server could not record this action; nothing was changed", 500)
    spent = (time.perf_counter() - started) * 1000
    return JSONResponse(ack, headers={"Server-Timing": f"act;dur={spent:.1f}"})


def api_state(request: Any) -> Any:
    """``GET /api/state``: the shared state as the code's team sees it (its ``messages``
    are those the team may read: its own bilateral messages and notes, every broadcast and
    inject; the instructor's code reads every channel)."""
    from starlette.responses import JSONResponse

    store = get_store()
    try:
        team = _team(request, _code(request))
    except AccessError as exc:
        return _error(str(exc), 403)
    with store.lock:
        view = store.seminar.view(None if team == INSTRUCTOR else team)
    return JSONResponse(view)


def _instructor(request: Any) -> str | None:
    try:
        team = _team(request, _code(request))
    except AccessError as exc:
        return str(exc)
    return None if team == INSTRUCTOR else "only the instructor's code opens this page"


def api_log(request: Any) -> Any:
    """``GET /api/log``: the session log as JSON Lines (instructor only)."""
    from starlette.responses import PlainTextResponse

    refused = _instructor(request)
    if refused:
        return _error(refused, 403)
    store = get_store()
    with store.lock:
        lines = [json.dumps(record, ensure_ascii=False) for record in store.log()]
    return PlainTextResponse("\n".join(lines) + "\n", media_type="application/x-ndjson")


def debrief_page(request: Any) -> Any:
    """``GET /debrief``: the debrief page (instructor only)."""
    from starlette.responses import HTMLResponse

    from korea_talks.seminar.debrief import debrief_html

    refused = _instructor(request)
    if refused:
        return HTMLResponse(f"<p>{html.escape(refused)}</p>", status_code=403)
    store = get_store()
    with store.lock:
        page = debrief_html(store.seminar)
    return HTMLResponse(page)


def _projector_refusal(request: Any) -> str | None:
    key = request.query_params.get("view", "")
    if not hmac.compare_digest(str(key), get_store().projector_key):
        return "this is not the projector key; open the projector view from the instructor's view"
    return None


def api_projector(request: Any) -> Any:
    """``GET /api/projector``: what the projector shows, as data (projector key)."""
    from starlette.responses import JSONResponse

    refused = _projector_refusal(request)
    if refused:
        return _error(refused, 403)
    store = get_store()
    with store.lock:
        data = projector_data(store.seminar.view(None))
    return JSONResponse(data)


def projector_page(request: Any) -> Any:
    """``GET /projector``: the projector view (projector key)."""
    from starlette.responses import HTMLResponse

    from korea_talks.seminar.projector import PROJECTOR_HTML

    refused = _projector_refusal(request)
    if refused:
        return HTMLResponse(f"<p>{html.escape(refused)}</p>", status_code=403)
    return HTMLResponse(PROJECTOR_HTML)


def projector_data(view: dict[str, Any]) -> dict[str, Any]:
    """The public part of the instructor's view: no scores, no notes, no events' details,
    and of the channels only broadcasts and injects (never a team's messages or notes).

    >>> data = projector_data({"title": "T", "status": "open", "round": 1, "rounds": 3,
    ...     "seconds_left": 60.0, "verdict_text": "v", "sequence": [], "offers": [
    ...     {"id": "O1", "from": "US", "to": ["DPRK"], "text": "t", "status": "open",
    ...      "waiting_for": ["DPRK"], "note": "secret"}], "scores": {}, "messages": [
    ...     {"channel": "message", "title": "", "text": "private", "round": 1},
    ...     {"channel": "broadcast", "title": "", "text": "Two minutes", "round": 1}]})
    >>> data["offers"][0]
    {'id': 'O1', 'from': 'US', 'to': ['DPRK'], 'text': 't', 'waiting_for': ['DPRK']}
    >>> data["news"]
    [{'channel': 'broadcast', 'round': 1, 'title': '', 'text': 'Two minutes'}]
    """
    return {
        "title": view["title"],
        "status": view["status"],
        "round": view["round"],
        "rounds": view["rounds"],
        "seconds_left": view["seconds_left"],
        "verdict_text": view["verdict_text"],
        "sequence": [{"step": e["step"], "text": e["text"]} for e in view["sequence"]],
        "offers": [
            {k: o[k] for k in ("id", "from", "to", "text", "waiting_for")}
            for o in view["offers"]
            if o["status"] == "open"
        ],
        "news": [
            {k: m[k] for k in ("channel", "round", "title", "text")}
            for m in view["messages"]
            if m["channel"] in PUBLIC_CHANNELS
        ],
    }


def build_app() -> Any:
    """The Starlette application: the API routes, then Solara's routes."""
    os.environ.setdefault("SOLARA_APP", "korea_talks.seminar.views:Page")
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    import solara.server.settings
    from solara.server import starlette as solara_server
    from starlette.applications import Starlette

    # after a restart, the pages start again on the new server without a "refresh" dialog;
    # each finds its join code and draft in the browser (views.DeviceMemory), none here
    solara.server.settings.state.auto_remount = True
    from starlette.routing import Route

    routes = [
        Route("/api/act", api_act, methods=["POST"]),
        Route("/api/state", api_state),
        Route("/api/log", api_log),
        Route("/debrief", debrief_page),
        Route("/projector", projector_page),
        Route("/api/projector", api_projector),
        *solara_server.routes,
    ]
    return Starlette(
        routes=routes, lifespan=solara_server.lifespan, middleware=solara_server.middleware
    )


def serve(store: SeminarStore, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve ``store`` until the process is stopped."""
    import uvicorn

    store.resume_clock()
    set_store(store)
    beating = threading.Event()
    threading.Thread(target=keep_beating, args=(store, beating), daemon=True).start()
    uvicorn.run(
        build_app(),
        host=host,
        port=port,
        log_level="warning",
        http=guarded_protocol(),
        timeout_keep_alive=IDLE_SECONDS,
    )
    beating.set()


def keep_beating(store: SeminarStore, stop: threading.Event) -> None:
    """Write the store's heartbeat every :data:`HEARTBEAT_SECONDS` until ``stop`` is set, so
    that a restart knows how long the server was down (a failed write is logged, and the
    next beat tries again)."""
    while not stop.is_set():
        try:
            store.beat()
        except Exception:
            log.exception("the seminar's heartbeat could not be written")
        stop.wait(HEARTBEAT_SECONDS)


def guarded_protocol() -> Any:
    """uvicorn's HTTP protocol, closing idle connections from the start and capping their
    number at :data:`MAX_CONNECTIONS`."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class Guarded(H11Protocol):
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self.opened_at = time.monotonic()
            if len(self.connections) > MAX_CONNECTIONS:
                # make room by closing the oldest connection with no request under way
                # (an idle socket holds no one's work); if every one is busy, refuse this one
                idle = [
                    c
                    for c in self.connections
                    if isinstance(c, Guarded)
                    and c is not self
                    and (c.cycle is None or c.cycle.response_complete)
                ]
                victim = min(idle, key=lambda c: c.opened_at) if idle else self
                victim.transport.close()
                if victim is self:
                    return
            # uvicorn times out idle connections only after a first request: start the
            # idle clock at once, so sockets that never speak are closed too
            self.timeout_keep_alive_task = self.loop.call_later(
                IDLE_SECONDS, self.timeout_keep_alive_handler
            )

    return Guarded


class ServerProcess:
    """A seminar server in a child process on 127.0.0.1, for tests and benchmarks.

    ``with ServerProcess(db, port) as server:`` starts ``python -m korea_talks.seminar serve``
    and waits until it answers; :meth:`kill` ends it at once (as a crash would) and
    :meth:`start` starts it again on the same file and port.
    """

    def __init__(
        self, db: Path, port: int, timeout: float = 60.0, module: str = "korea_talks.seminar"
    ) -> None:
        self.module = module
        """The module run with ``-m`` (``korea_talks.seminar.council`` for a council)."""
        self.db = db
        self.port = port
        self.timeout = timeout
        self.url = f"http://127.0.0.1:{port}"
        self.proc: Any = None

    def start(self) -> ServerProcess:
        """Start the server and wait (at most ``timeout`` seconds) until it answers."""
        import subprocess
        import sys
        import time
        import urllib.request

        command = [sys.executable, "-m", self.module, "serve", "--db", str(self.db)]
        self.proc = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the seminar server exited with code {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/api/state", timeout=2):
                    return self
            except urllib.error.HTTPError:
                return self  # it answers (403 without a code): it is up
            except OSError:
                time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"the seminar server did not answer within {self.timeout} s")

    def kill(self) -> None:
        """End the server at once (SIGKILL), as a crash would."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        """Stop the server politely, then by force after 10 s."""
        import subprocess

        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def post_action(
    url: str, body: Any, timeout: float = 10.0, timings: list[float] | None = None
) -> tuple[int, dict[str, Any]]:
    """POST ``body`` (an object, or raw bytes) to ``url + '/api/act'``; return status and JSON.

    ``timings``, if given, receives the server's own time for the action (milliseconds).
    """
    import urllib.request

    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(
        url + "/api/act", data=data, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            server = response.headers.get("Server-Timing", "")
            if timings is not None and "dur=" in server:
                timings.append(float(server.split("dur=")[1]))
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())
