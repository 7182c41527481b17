"""The seminar server: a JSON API and the Solara pages over one :class:`SeminarStore`.

Routes
    ``/``                the Solara app: teams join with their code; the instructor's code
                         opens the projector view with the clock
    ``POST /api/act``    one action, ``{"code": ..., "kind": ..., ...}``; answers
                         ``{"ok": true, ...}`` once the action is on disk, or
                         ``{"ok": false, "error": ...}`` with status 400 (bad action),
                         403 (no or wrong code) or 413 (too large)
    ``GET /api/state``   the shared state as the code's team sees it (``?code=`` or the
                         ``X-Join-Code`` header)
    ``GET /api/log``     the session log as JSON Lines (instructor's code)
    ``GET /debrief``     the debrief page (instructor's code)

Solara was chosen over Panel because its widgets are ipywidgets (the module's widget layer),
it serves several users from one process that can share a Python object (the store), and it
sits on Starlette, so the JSON API and the pages share one server.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from korea_talks.seminar.engine import INSTRUCTOR, SeminarError
from korea_talks.seminar.store import AccessError, SeminarStore

MAX_BODY = 16_384
"""The largest request body accepted, in bytes."""
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


def _code(request: Any) -> str | None:
    code = request.query_params.get("code") or request.headers.get("x-join-code")
    return str(code) if code else None


async def api_act(request: Any) -> Any:
    """``POST /api/act``: check, store and apply one action."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse

    started = time.perf_counter()
    body = await request.body()
    if len(body) > MAX_BODY:
        return _error(f"the request is too large ({len(body)} bytes; at most {MAX_BODY})", 413)
    try:
        data = json.loads(body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error(
            "the request body is not JSON; send an object such as "
            '{"code": "YOURCODE", "kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks"]}',
            400,
        )
    if not isinstance(data, dict):
        return _error("the request body must be a JSON object with 'code' and 'kind'", 400)
    code = data.pop("code", None) or _code(request)
    store = get_store()
    try:
        ack = await run_in_threadpool(store.act, code, data)
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
    """``GET /api/state``: the shared state as the code's team sees it."""
    from starlette.responses import JSONResponse

    store = get_store()
    try:
        team = store.team_for(_code(request))
    except AccessError as exc:
        return _error(str(exc), 403)
    with store.lock:
        view = store.seminar.view(None if team == INSTRUCTOR else team)
    return JSONResponse(view)


def _instructor(request: Any) -> str | None:
    try:
        team = get_store().team_for(_code(request))
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
        return HTMLResponse(f"<p>{refused}</p>", status_code=403)
    store = get_store()
    with store.lock:
        page = debrief_html(store.seminar)
    return HTMLResponse(page)


def build_app() -> Any:
    """The Starlette application: the API routes, then Solara's routes."""
    os.environ.setdefault("SOLARA_APP", "korea_talks.seminar.views:Page")
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    from solara.server import starlette as solara_server
    from starlette.applications import Starlette
    from starlette.routing import Route

    routes = [
        Route("/api/act", api_act, methods=["POST"]),
        Route("/api/state", api_state),
        Route("/api/log", api_log),
        Route("/debrief", debrief_page),
        *solara_server.routes,
    ]
    return Starlette(
        routes=routes, lifespan=solara_server.lifespan, middleware=solara_server.middleware
    )


def open_or_create(path: Path, teams: list[str] | None, lens: str | None) -> SeminarStore:
    """Resume the session in ``path`` if it exists, else start one with ``teams``."""
    if path.exists() and path.stat().st_size > 0:
        return SeminarStore.open(path)
    settings: dict[str, Any] = {}
    if lens:
        settings["lens"] = lens
    return SeminarStore.create(path, teams=teams, **settings)


def serve(store: SeminarStore, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve ``store`` until the process is stopped."""
    import uvicorn

    set_store(store)
    uvicorn.run(build_app(), host=host, port=port, log_level="warning")


class ServerProcess:
    """A seminar server in a child process on 127.0.0.1, for tests and benchmarks.

    ``with ServerProcess(db, port) as server:`` starts ``python -m korea_talks.seminar serve``
    and waits until it answers; :meth:`kill` ends it at once (as a crash would) and
    :meth:`start` starts it again on the same file and port.
    """

    def __init__(self, db: Path, port: int, timeout: float = 60.0) -> None:
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

        command = [sys.executable, "-m", "korea_talks.seminar", "serve", "--db", str(self.db)]
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
