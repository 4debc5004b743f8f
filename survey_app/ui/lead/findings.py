"""Key findings: the responses, and per standard the questions answered least positively,
each with its count of residents; only what the release shows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from survey_app.core.i18n import _
from survey_app.core.text import display_safe
from survey_app.reports.pack import findings_lines
from survey_app.ui.lead.base import LeadScreen


class FindingsScreen(LeadScreen[None]):
    def compose(self) -> ComposeResult:
        yield from self.header(_("Key findings"))
        with VerticalScroll(classes="body", id="findings"):
            for heading, lines in findings_lines(self.evidence):
                yield Static(Content(display_safe(heading)), classes="heading")
                for line in lines:
                    yield Static(Content(display_safe(line)))
        yield self.keys([])

    def on_mount(self) -> None:
        self.query_one("#findings").focus()
