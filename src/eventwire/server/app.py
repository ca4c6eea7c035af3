"""The server: ``create_app(db)`` -> a FastAPI app serving the JSON API, its docs and the dashboard.

It reads snapshots of the database (``snapshot.py``), so ``eventwire ingest`` can keep writing
to the file. Every error, whatever raised it, leaves through :func:`error_response` as
``{"ok": false, "error": "...", "status": N}``: 413 for a query string or body over its bound, 422 for
a value the API cannot take (a bad filter, a page size over the bound), 404 for what does not exist. Third-party browser libraries are installed at build
time (``make dashboard-assets``) into ``server/vendor/node_modules`` and served from ``/vendor``.
"""
from __future__ import annotations

import json
import logging
import os
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, Response
from starlette.exceptions import HTTPException
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import StoreError
from .api import EnvelopeResponse, router
from .snapshot import SharedSnapshots, SnapshotHolder, Snapshots

log = logging.getLogger("eventwire.serve")

MAX_QUERY = 4096  # bytes of a query string
MAX_BODY = 16_384  # bytes of a request body (the API only reads)
TOO_LARGE = 413  # a query string or body over its bound (one status for both: the request is too large)
UNPROCESSABLE = 422  # a well-formed request whose values the API cannot take
# The browser files the dashboard loads from /vendor, and where npm puts them.
VENDOR_FILES = {
    "d3.min.js": "d3/dist/d3.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}
STATIC_FILES = {"index.html", "app.js", "views.js", "style.css"}
# The dashboard runs only its own files: an injected <script> or inline handler cannot run.
_DASHBOARD_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                     "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def vendor_dir() -> Path:
    return Path(str(files("eventwire.server"))) / "vendor" / "node_modules"


def error_response(status: int, message: str) -> EnvelopeResponse:
    return EnvelopeResponse({"ok": False, "error": message, "status": status}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such route: {request.url.path}"
        return error_response(exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(UNPROCESSABLE, _validation_message(exc))

    @app.exception_handler(ValueError)  # query.py's checks of filter values (dates, orders, search)
    async def bad_value(request: Request, exc: ValueError) -> Response:
        return error_response(UNPROCESSABLE, str(exc))

    @app.exception_handler(KeyError)
    async def missing(request: Request, exc: KeyError) -> Response:
        return error_response(404, str(exc.args[0]) if exc.args else "not found")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return error_response(503 if exc.code == "EW501" else 500, str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return error_response(500, f"internal error: {type(exc).__name__}")


class RequestLimits:
    """Refuse oversized query strings and bodies before any route sees them (ASGI middleware)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            too_big = None
            if len(scope.get("query_string", b"")) > MAX_QUERY:
                too_big = (TOO_LARGE, f"request too large: query string over {MAX_QUERY} bytes")
            length = dict(scope.get("headers", ())).get(b"content-length", b"0")
            if not length.isdigit() or int(length) > MAX_BODY:
                too_big = (TOO_LARGE, f"request too large: body over {MAX_BODY} bytes")
            if too_big is not None:
                await error_response(*too_big)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _install_pages(app: FastAPI) -> None:
    static = files("eventwire.server") / "static"

    def page(path: Any, media_type: str | None = None) -> Response:
        return FileResponse(str(path), media_type=media_type, headers={"Content-Security-Policy": _DASHBOARD_POLICY,
                                                                       "Cache-Control": "no-cache"})

    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        return page(static / "index.html", "text/html; charset=utf-8")

    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str) -> Response:
        if name not in STATIC_FILES:
            return error_response(404, f"no such file: {name}")
        return page(static / name)

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor_file(name: str) -> Response:
        path = vendor_dir() / VENDOR_FILES[name] if name in VENDOR_FILES else None
        if path is None or not path.is_file():
            return error_response(404, f"{name} is not installed: run `make dashboard-assets`")
        return page(path)

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="eventwire API",
                                   swagger_js_url="/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/vendor/swagger-ui.css", swagger_favicon_url="/favicon.ico")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)


MAX_CACHED = 262_144  # bytes of one remembered answer


class AnswerMemory:
    """Answer a repeated API request from memory: a snapshot never changes, so its answers do not either
    (a dashboard asks the same few questions over and over; a new snapshot starts with an empty memory).
    Plain ASGI, like every middleware here: Starlette's ``BaseHTTPMiddleware`` runs each request through an
    extra task and stream, which costs more than most answers under many concurrent clients."""

    def __init__(self, app: ASGIApp, snapshots: Snapshots, keep: int):
        self.app, self.snapshots, self.keep = app, snapshots, keep

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        snapshot = self.snapshots.current
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope["method"] != "GET" or snapshot is None or not path.startswith("/api/")
                or "/export." in path):
            await self.app(scope, receive, send)
            return
        key = (path, tuple(sorted(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))))
        body = snapshot.recall(key)
        if body is not None:
            await Response(body, media_type="application/json", headers={"X-Eventwire-Cache": "hit"})(scope, receive, send)
            return
        status, chunks = [0], []

        async def send_and_keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            elif message["type"] == "http.response.body" and status[0] == 200:
                chunks.append(message.get("body", b""))
                if sum(map(len, chunks)) > MAX_CACHED:
                    status[0] = -1  # too big to keep
                elif not message.get("more_body") and self.snapshots.current is snapshot:
                    snapshot.remember(key, b"".join(chunks), self.keep)
            await send(message)

        await self.app(scope, receive, send_and_keep)


class NoSniff:
    """Every answer says ``X-Content-Type-Options: nosniff`` (a JSON body is never run as a script)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        await self.app(scope, receive, send_marked if scope["type"] == "http" else send)


def create_app(db: str | Path | SnapshotHolder, refresh_seconds: float = 2.0, cache: int = 4096) -> FastAPI:
    """The app for database file ``db`` (or prepared snapshots, built here or shared); snapshots start with the app.
    ``cache``: how many JSON answers to keep per snapshot (0: none)."""
    snapshots = db if isinstance(db, SnapshotHolder) else Snapshots(db, interval=refresh_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        snapshots.start()
        try:
            yield
        finally:
            snapshots.stop()

    app = FastAPI(title="eventwire", summary="Political events coded from news: query, aggregate, export.",
                  version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  default_response_class=EnvelopeResponse)
    app.state.snapshots = snapshots
    app.add_middleware(RequestLimits)
    _install_error_handlers(app)
    app.include_router(router)
    _install_pages(app)

    if cache:
        app.add_middleware(AnswerMemory, snapshots=snapshots, keep=cache)
    app.add_middleware(NoSniff)  # the last added is the outermost: it marks remembered answers too
    return app


WORKER_SETTINGS = "EVENTWIRE_SERVE_WORKER"  # environment variable: JSON of worker_settings()


def worker_settings(workdir: Path, refresh_seconds: float, cache: int, threads: int) -> str:
    """What a worker process needs to know, passed through its environment (uvicorn starts workers from
    an import string, so ``worker_app`` takes no arguments)."""
    return json.dumps({"workdir": str(workdir), "refresh": refresh_seconds, "cache": cache, "threads": threads})


def worker_app() -> FastAPI:
    """The app of one ``eventwire serve --workers N`` process: it reads the snapshots the main process builds."""
    settings = json.loads(os.environ[WORKER_SETTINGS])
    shared = SharedSnapshots(settings["workdir"], interval=settings["refresh"], threads=settings["threads"])
    return create_app(shared, cache=settings["cache"])
