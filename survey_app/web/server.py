"""The web link: the same self-completion survey, one session per browser tab.

textual-serve starts one app process per tab and has no cap of its own, so this server
counts sessions and, beyond the cap, answers with a short "busy, try again in a minute"
page in Welsh and English (HTTP 503 with Retry-After) instead of starting another process.
Its page loads nothing from third parties (the stock page fetches a web font from Google:
a resident's browser must not tell anyone else that it opened the survey).
"""

from __future__ import annotations

import html
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from survey_app.core.i18n import N_, _, app_translator

TEMPLATES = Path(__file__).parent / "templates"
DEFAULT_CAP = 30
BUSY = N_("Many people are answering right now. Please try again in a minute.")


def both(msgid: str) -> str:
    return " / ".join(app_translator(lang).gettext(msgid) for lang in ("cy", "en"))


def session_command(db: Path, inspection_id: int, questionnaire: Path) -> str:
    """The command textual-serve runs for each tab: this Python, this database."""
    return shlex.join(
        [
            sys.executable, "-m", "survey_app", "--db", str(db),
            "--inspection", str(inspection_id), "--questionnaire", str(questionnaire),
            "web-session",
        ]
    )  # fmt: skip


def busy_page() -> str:
    lines = [app_translator(lang).gettext(BUSY) for lang in ("cy", "en")]
    title = both("Residents' survey")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="cy"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="refresh" content="60"><title>{html.escape(title)}</title>'
        "<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;"
        "line-height:1.5;font-size:1.2rem}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        + "".join(
            f'<p lang="{lang}">{html.escape(line)}</p>'
            for lang, line in zip(("cy", "en"), lines, strict=True)
        )
        + "</body></html>\n"
    )


class SurveyServer(Server):
    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        public_url: str | None,
        cap: int = DEFAULT_CAP,
        announce: bool = True,
    ) -> None:
        super().__init__(
            command,
            host=host,
            port=port,
            title=both("Residents' survey"),
            public_url=public_url,
            templates_path=TEMPLATES,
        )
        self.cap = cap
        self.active = 0
        self.announce = announce

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        # Words of the page around the terminal, in both languages.
        aiohttp_jinja2.get_env(app).globals.update(
            ended=both("The survey has closed. Thank you."),
            restart=both("Start again"),
        )
        return app

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
        response = await super().handle_index(request)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.active >= self.cap:
            # A page served just under the cap can still lose the race for the last place.
            socket = web.WebSocketResponse()
            await socket.prepare(request)
            await socket.close(code=1013, message=b"busy")
            return socket
        self.active += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.active -= 1

    def initialize_logging(self) -> None:
        """textual-serve logs every request with its address: not here."""
        import logging

        logging.basicConfig(level=logging.WARNING)

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
