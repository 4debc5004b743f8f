"""The alert form (the manual's 4.7), opened with one key (F2) from any interview screen.

The interview waits underneath, exactly where it was: nothing of it is read or written
here, and the alert saved goes to its own table, sealed to the lead, with nothing that
ties it to the interview (no response id, no time, no order). It is the one record that
may say who someone is, and the form says so. Saving it says what to do next: the alert
process starts at once, by telling the lead inspector, not when a bundle arrives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, RadioButton, RadioSet, Static, TextArea

from survey_app.core.i18n import _
from survey_app.core.safeguarding.alerts import FIELD_LIMIT, KINDS, QUESTIONS, REQUIRED, Alert
from survey_app.core.storage.database import StoreError

if TYPE_CHECKING:
    from survey_app.ui.interview.app import InterviewApp


class AlertScreen(Screen[bool]):
    """Dismissed with True once the alert is saved, False if the inspector went back."""

    BINDINGS = [Binding("ctrl+s", "save", _("Save the alert"), priority=True)]

    def __init__(self) -> None:
        super().__init__()
        self.saved = False
        self.left = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="body"):
            yield Static(Content(_("Alert")), classes="title")
            yield Static(
                Content(
                    _(
                        "The interview is paused and waits where it was. This alert is kept "
                        "apart from the survey: sealed to the lead inspector, never linked to "
                        "the resident's answers. It is the one place where a name or a room "
                        "may be written, where the alert needs it."
                    )
                ),
                classes="instructions",
            )
            yield Static(Content(_("What is it about?")), classes="read-label")
            with RadioSet(id="kind"):
                for code, label in KINDS.items():
                    yield RadioButton(Content(_(label)), id=f"kind-{code}")
            for name, question in QUESTIONS.items():
                needed = " " + _("(needed)") if name in REQUIRED else ""
                yield Static(Content(_(question) + needed), classes="read-label")
                yield TextArea(id=name, classes="alert-part", soft_wrap=True)
        # Below the form, never scrolled away: what keeps it from being saved is seen.
        yield Static(id="alert-error", classes="error")
        with Horizontal(classes="keys"):
            yield Button(
                Content(_("Ctrl+S  Save the alert")), id="save", variant="error", compact=True
            )
            yield Button(
                Content(_("Back to the interview without saving")), id="cancel", compact=True
            )

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        # Bounded as it is typed: the sealed alert has a limit, and the inspector is told.
        area = event.text_area
        if len(area.text) > FIELD_LIMIT:
            area.load_text(area.text[:FIELD_LIMIT])
            self.say(_("Each part holds up to {n} characters.").format(n=FIELD_LIMIT))

    def say(self, text: str) -> None:
        for line in self.query("#alert-error").results(Static):
            line.update(Content(text))

    def alert(self) -> Alert:
        chosen = self.query_one(RadioSet).pressed_button
        kind = (chosen.id or "").removeprefix("kind-") if chosen is not None else ""
        parts = {name: self.query_one(f"#{name}", TextArea).text for name in QUESTIONS}
        return Alert(kind=kind, **parts)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            await self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    async def action_save(self) -> None:
        if self.saved or self.left or self.app.screen is not self:
            return
        alert = self.alert()
        problems = alert.problems()
        if "kind" in problems:
            self.say(_("Choose what the alert is about."))
            self.query_one(RadioSet).focus()
            return
        if problems:
            self.say(_("Write what was said or seen."))
            self.query_one("#said_or_seen", TextArea).focus()
            return
        app = cast("InterviewApp", self.app)
        assert app.store is not None
        self.saved = True
        try:
            await app.store.raise_alert(app.inspection_id, alert)
        except StoreError as exc:
            self.saved = False
            self.say(str(exc))
            return
        self.app.switch_screen(AlertSavedScreen())

    def action_cancel(self) -> None:
        if self.saved or self.left or self.app.screen is not self:
            return
        self.left = True
        self.dismiss(False)


class AlertSavedScreen(Screen[bool]):
    BINDINGS = [Binding("1", "back", show=False), Binding("escape", "back", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.left = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="body"):
            yield Static(Content(_("The alert is saved, sealed to the lead inspector.")),
                         classes="title")  # fmt: skip
            yield Static(
                Content(
                    _(
                        "Tell the lead inspector now, in person or by phone: the alert "
                        "process starts at once, not when the answers are sent. Where there "
                        "is danger to life and limb, call 999 first."
                    )
                ),
                classes="instructions",
                id="next-steps",
            )
            yield Button(Content(_("1  Back to the interview")), id="back", variant="primary")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    def action_back(self) -> None:
        if not self.left and self.app.screen is self:
            self.left = True
            self.dismiss(True)
