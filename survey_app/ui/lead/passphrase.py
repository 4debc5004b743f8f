"""The door to the lead's view: set a passphrase the first time, then give it each time.

The passphrase is kept only as a slow salted hash; five wrong tries close the door for a
minute (the count survives leaving and reopening this screen, not a restart of the app,
which costs far more than a minute's wait)."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from survey_app.core.i18n import _
from survey_app.ui.lead.base import LeadScreen
from survey_app.ui.lead.role import ROLE


class PassphraseScreen(LeadScreen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.stored: str | None = None
        self.checked = False

    async def on_mount(self) -> None:
        assert self.lead.store is not None
        self.stored = await self.lead.store.secret(ROLE)
        self.checked = True
        await self.recompose()
        self.set_interval(1.0, self._tick)

    def compose(self) -> ComposeResult:
        yield from self.header(_("The lead inspector's view"))
        with Vertical(id="door", classes="body"):
            if not self.checked:
                return
            if self.stored is None:
                # Never chosen here: anyone at this screen (a resident at the home screen)
                # could choose it. The lead sets it on the command line, asked twice.
                yield Static(
                    Content(
                        _(
                            "No lead's passphrase is set for this database. The lead sets it "
                            "in a terminal on this machine: survey-app lead"
                        )
                    ),
                    id="unset",
                )
            else:
                yield Static(Content(_("Enter the lead's passphrase.")))
                yield Input(password=True, placeholder=_("Passphrase"), id="passphrase")
            yield Static(Content(""), id="message")
        # Nothing to open on a database with no passphrase: no "enter" to offer.
        yield self.keys([] if self.checked and self.stored is None else [("enter", _("open"))])

    def on_screen_resume(self) -> None:
        self._focus()

    def _focus(self) -> None:
        found = self.query("#passphrase")
        if found:
            found.first().focus()

    async def relabel(self) -> None:
        await super().relabel()
        self._focus()

    def say(self, text: str) -> None:
        self.query_one("#message", Static).update(Content(text))

    def _tick(self) -> None:
        if self.lead.lockout.remaining() > 0:
            self.say(self.lead.lockout.locked_text())

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "passphrase":
            await self._open(event.value)

    async def _open(self, passphrase: str) -> None:
        box = self.query_one("#passphrase", Input)
        box.value = ""
        lockout = self.lead.lockout
        if lockout.remaining() > 0:
            self.say(lockout.locked_text())
            return
        assert self.stored is not None
        if await asyncio.to_thread(lockout.attempt, passphrase, self.stored):
            await self._enter()
            return
        self.say(lockout.refusal_text())

    async def _enter(self) -> None:
        from survey_app.ui.lead.dashboard import DashboardScreen

        await self.lead.refresh_evidence()
        # Not awaited: this screen is the one being replaced, and a handler that waited for
        # its own screen's removal would wait for ever.
        self.app.switch_screen(DashboardScreen())
