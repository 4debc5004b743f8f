"""The web link: the same self-completion survey, one session per browser tab.

Built on textual-serve (one app process per tab), with everything a visitor controls
bounded (`guard.Limits`):

- at most `max_sessions` sessions, each counted until its process has ended; beyond them a
  short "busy, try again in a minute" page in Welsh and English (HTTP 503, Retry-After);
- websockets only from the public URL's origin (any web page could otherwise open them
  from its visitors' browsers and hold every place), with messages of bounded size, keys
  at a bounded rate, terminal sizes brought within bounds, and a session that sends
  nothing for `idle` seconds closed (its answers kept as a partial response);
- a session's process is ended when its socket closes, after a short grace;
- slow or too many connections refused (`guard`), one log line per refusal and never a
  visitor's address;
- a page that loads nothing from third parties, under a Content-Security-Policy that
  allows no inline script and no framing, with no directory listings and a `Server`
  header that names no software versions.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import shlex
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from textual_serve.server import Server

from survey_app.core.i18n import N_, _, app_translator
from survey_app.web.guard import ConnectionGuard, Limits, RefusalLog, TokenBucket
from survey_app.web.session import SessionProcess, session_environment
from survey_app.web.warm import WarmParent

TEMPLATES = Path(__file__).parent / "templates"
LOCAL_STATIC = Path(__file__).parent / "static"
DEFAULT_CAP = 30
WARM_RETRY = 30.0
"""Seconds between attempts to start the warm parent again after it has stopped."""
BUSY = N_("Many people are answering right now. Please try again in a minute.")

log = logging.getLogger("survey_app.web")


def both(msgid: str) -> str:
    return " / ".join(app_translator(lang).gettext(msgid) for lang in ("cy", "en"))


def session_arguments(db: Path, inspection_id: int, questionnaire: Path) -> list[str]:
    """The arguments of `survey-app` that each tab's session runs with: this database."""
    return [
        "--db", str(db), "--inspection", str(inspection_id),
        "--questionnaire", str(questionnaire), "web-session",
    ]  # fmt: skip


def session_command(db: Path, inspection_id: int, questionnaire: Path) -> str:
    """The command each tab's process runs when started from nothing: this Python."""
    return shlex.join(
        [sys.executable, "-m", "survey_app", *session_arguments(db, inspection_id, questionnaire)]
    )


def busy_page() -> str:
    lines = [app_translator(lang).gettext(BUSY) for lang in ("cy", "en")]
    title = both("Residents' survey")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="cy"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="refresh" content="60"><title>{html.escape(title)}</title>'
        '<link rel="stylesheet" href="/local/busy.css"></head><body>'
        f"<h1>{html.escape(title)}</h1>"
        + "".join(
            f'<p lang="{lang}">{html.escape(line)}</p>'
            for lang, line in zip(("cy", "en"), lines, strict=True)
        )
        + "</body></html>\n"
    )


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, as a browser writes it in an Origin header."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme}://{(parts.hostname or '').lower()}{port}"


def content_security_policy(public_url: str) -> str:
    socket = "wss" if public_url.startswith("https") else "ws"
    host = urlsplit(public_url).netloc
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            # The terminal draws with a few style elements of its own.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self' {socket}://{host}",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


class Refusal(Exception):
    """A message from a browser that breaks the rules: the session is closed."""

    def __init__(self, code: int, why: str) -> None:
        super().__init__(why)
        self.code = code
        self.why = why


class SurveyServer(Server):
    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        public_url: str | None,
        cap: int = DEFAULT_CAP,
        announce: bool = True,
        limits: Limits | None = None,
        session_argv: Sequence[str] | None = None,
    ) -> None:
        super().__init__(
            command,
            host=host,
            port=port,
            title=both("Residents' survey"),
            public_url=public_url,
            templates_path=TEMPLATES,
        )
        self.limits = limits or Limits(max_sessions=cap)
        self.cap = self.limits.max_sessions
        self.active = 0
        """Sessions whose process may still be running: a place is free only once the
        process has ended, whatever its socket did."""
        self.announce = announce
        self.origin = origin_of(self.public_url)
        self.refused = RefusalLog(log)
        self.session_argv = list(session_argv) if session_argv else None
        """`survey-app` arguments of a session, for the warm parent; None: every session
        is started from nothing with `command`."""
        self.warm: WarmParent | None = None
        self._warm_tried = -1e9

    # --- the application ---------------------------------------------------------------
    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.headers_middleware])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        aiohttp_jinja2.get_env(app).globals.update(
            ended=both("The survey has closed. Thank you."),
            restart=both("Start again"),
        )
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                # No listings of these folders, and no file downloads: the survey has none.
                web.static("/static", self.statics_path, show_index=False, name="static"),
                web.static("/local", LOCAL_STATIC, show_index=False, name="local"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_response_prepare.append(self._server_header)
        return app

    @web.middleware
    async def headers_middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            response = exc
        except Exception:
            self.refused("error: a request failed")
            response = web.HTTPInternalServerError(text="500")
        if isinstance(response, web.StreamResponse) and not response.prepared:
            headers = response.headers
            headers["X-Content-Type-Options"] = "nosniff"
            headers["X-Frame-Options"] = "DENY"
            headers["Referrer-Policy"] = "no-referrer"
            headers["Cross-Origin-Opener-Policy"] = "same-origin"
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
            headers["Content-Security-Policy"] = content_security_policy(self.public_url)
        return response

    async def _server_header(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers["Server"] = "survey-app"

    def busy(self) -> web.Response:
        return web.Response(
            status=503,
            text=busy_page(),
            content_type="text/html",
            headers={"Retry-After": "60", "Cache-Control": "no-store"},
        )

    async def handle_index(self, request: web.Request) -> Any:
        if self.active >= self.cap:
            return self.busy()
        context = {
            "font_size": max(8, min(32, _int(request.query.get("fontsize"), 16))),
            "app_websocket_url": self._websocket_url(),
            "config": {"static": {"url": f"{self.public_url.rstrip('/')}/static/"}},
            "local_url": f"{self.public_url.rstrip('/')}/local/",
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        return response

    def _websocket_url(self) -> str:
        base = self.public_url.rstrip("/") + "/ws"
        return ("wss:" if base.startswith("https") else "ws:") + base.split(":", 1)[1]

    # --- sessions ----------------------------------------------------------------------
    async def handle_websocket(  # type: ignore[override]
        self, request: web.Request
    ) -> web.StreamResponse:
        if request.headers.get("Upgrade", "").lower() != "websocket":
            self.refused("refused: /ws without a websocket")
            return web.Response(status=400, text="400")
        if request.headers.get("Origin", "") != self.origin:
            self.refused("refused: a websocket from another origin")
            return web.Response(status=403, text="403")
        if self.active >= self.cap:
            # A page served just under the cap can still lose the race for the last place.
            socket = web.WebSocketResponse()
            await socket.prepare(request)
            await socket.close(code=1013, message=b"busy")
            return socket
        self.active += 1
        try:
            return await self._session(request)
        finally:
            self.active -= 1

    async def _session(self, request: web.Request) -> web.WebSocketResponse:
        limits = self.limits
        socket = web.WebSocketResponse(heartbeat=limits.heartbeat, max_msg_size=limits.max_message)
        width, height = self._size(request.query.get("width"), request.query.get("height"))
        service: SessionProcess | None = None
        try:
            await socket.prepare(request)
            service = SessionProcess(
                self.command,
                write_bytes=socket.send_bytes,
                write_str=socket.send_str,
                close=socket.close,
                download_manager=self.download_manager,
                memory=limits.memory,
                grace=limits.stop_grace,
                warm=await self._warm_parent(),
            )
            await service.start(width, height)
            self._note_lost(service.warm)
            await self._relay(socket, service)
        except Refusal as refusal:
            self.refused(f"closed: {refusal.why}")
            with contextlib.suppress(Exception):
                await socket.close(code=refusal.code, message=refusal.why.encode())
        except (asyncio.CancelledError, ConnectionResetError):
            pass
        except Exception:
            self.refused("error: a session failed")
        finally:
            if service is not None:
                await service.stop()  # returns once the process has ended
                if service.failed:
                    self.refused("error: a session's process reported an error")
            with contextlib.suppress(Exception):
                await socket.close()
        return socket

    async def _warm_parent(self) -> WarmParent | None:
        """The warm parent, started again (at most twice a minute) if it has stopped."""
        if self.session_argv is None:
            return None
        if self.warm is not None and self.warm.alive:
            return self.warm
        loop = asyncio.get_running_loop()
        if loop.time() - self._warm_tried < WARM_RETRY:
            return None
        self._warm_tried = loop.time()
        if self.warm is not None:
            await self.warm.close()
        self.warm = WarmParent(self.session_argv, session_environment())
        if await self.warm.start():
            return self.warm
        self.refused("note: no warm parent; sessions start from nothing")
        return None

    def _note_lost(self, warm: WarmParent | None) -> None:
        if warm is not None and not warm.alive:
            self.refused("note: the warm parent stopped; sessions start from nothing")

    def _size(self, width: object, height: object) -> tuple[int, int]:
        limits = self.limits
        return (
            max(limits.min_width, min(limits.max_width, _int(width, 80))),
            max(limits.min_height, min(limits.max_height, _int(height, 24))),
        )

    async def _relay(self, socket: web.WebSocketResponse, service: SessionProcess) -> None:
        """Pass the browser's keys and sizes on to the process, within the limits."""
        limits = self.limits
        keys = TokenBucket(limits.input_rate, limits.input_burst)
        resizes = TokenBucket(limits.resizes_per_second, limits.resizes_per_second)
        loop = asyncio.get_running_loop()
        quiet_since = loop.time()
        while True:
            left = limits.idle - (loop.time() - quiet_since)
            if left <= 0:
                raise Refusal(1000, "idle session")
            try:
                message = await asyncio.wait_for(socket.receive(), timeout=left)
            except TimeoutError:
                raise Refusal(1000, "idle session") from None
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                return
            if message.type == WSMsgType.ERROR:
                raise Refusal(1009, "a message too large or malformed")
            if message.type != WSMsgType.TEXT:
                raise Refusal(1003, "a message that is not text")
            kind, data = _envelope(message.data)
            if kind == "stdin":
                if not isinstance(data, str):
                    raise Refusal(1003, "a malformed message")
                encoded = data.encode("utf-8", "surrogatepass")
                if not keys.take(len(encoded)):
                    raise Refusal(1008, "keys faster than anyone types or pastes")
                quiet_since = loop.time()
                await service.send_bytes(encoded)
            elif kind == "resize":
                if not isinstance(data, dict):
                    raise Refusal(1003, "a malformed message")
                quiet_since = loop.time()
                if resizes.take(1):
                    width, height = self._size(data.get("width"), data.get("height"))
                    await service.set_terminal_size(width, height)
            elif kind == "ping":
                if not isinstance(data, str | int | float) or len(str(data)) > 64:
                    raise Refusal(1003, "a malformed message")
                await socket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()
            else:
                raise Refusal(1003, "a message of an unknown kind")

    # --- running -------------------------------------------------------------------------
    def initialize_logging(self) -> None:
        """One line per refusal, never a visitor's address: aiohttp's own request and error
        logs (which name the address and print tracebacks) are silenced."""
        logging.basicConfig(level=logging.WARNING, format="%(message)s")
        for name in ("aiohttp", "aiohttp.access", "aiohttp.server", "aiohttp.web", "asyncio"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        log.setLevel(logging.INFO)

    def serve(self, debug: bool = False) -> None:
        self.initialize_logging()
        _raise_file_limit()
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        app = await self._make_app()
        runner = web.AppRunner(app, access_log=None, handle_signals=False, keepalive_timeout=15)
        await runner.setup()
        assert runner.server is not None
        loop = asyncio.get_running_loop()
        guard = ConnectionGuard(runner.server, self.limits, self.refused)
        await self._warm_parent()  # before the first tab, so that it need not wait
        listening = await loop.create_server(guard, self.host, self.port, reuse_address=True)
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            listening.close()
            await runner.shutdown()
            await runner.cleanup()
            if self.warm is not None:
                await self.warm.close()

    async def on_startup(self, app: web.Application) -> None:
        if not self.announce:
            return
        from survey_app.web.qr import to_terminal

        print(both("Residents' survey"))
        print(self.public_url)
        print(to_terminal(self.public_url))
        print(
            _("At most {cap} people can answer at once. Press ctrl+c to stop.").format(
                cap=self.cap
            ),
            flush=True,
        )


def _envelope(text: str) -> tuple[str, object]:
    """["kind", data] from a browser, or a refusal."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        raise Refusal(1003, "a message that is not JSON") from None
    if (
        not isinstance(envelope, list)
        or not 1 <= len(envelope) <= 2
        or not isinstance(envelope[0], str)
    ):
        raise Refusal(1003, "a malformed message")
    return envelope[0], envelope[1] if len(envelope) == 2 else None


def _int(value: object, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 12:
        return int(value)
    return default


def _raise_file_limit() -> None:
    """Up to the hard limit: every session takes a socket and three pipes."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, OSError, ValueError):
        pass
