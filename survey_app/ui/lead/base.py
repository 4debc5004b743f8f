"""What every lead screen shares: a title line, the demo label, key hints in the lead's
language, and composing again when the language or the evidence changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from survey_app.core.i18n import _
from survey_app.core.text import display_safe
from survey_app.ui.widgets.chrome import DemoBanner

if TYPE_CHECKING:
    from survey_app.core.evidence.gather import Evidence
    from survey_app.ui.lead.role import LeadRole

Result = TypeVar("Result")


class LeadScreen(Screen[Result]):
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("l", "app.switch_language", show=False),
        Binding("escape", "back", show=False),
    ]

    @property
    def lead(self) -> LeadRole:
        return cast("LeadRole", self.app)

    @property
    def evidence(self) -> Evidence:
        assert self.lead.evidence is not None
        return self.lead.evidence

    def header(self, title: str) -> ComposeResult:
        if self.lead.demo:
            yield DemoBanner()
        inspection = self.lead.inspection
        where = ""
        if inspection is not None:
            where = _("Inspection {id}: {premises}, fieldwork {start} to {end}").format(
                id=inspection.id,
                premises=display_safe(inspection.premises),
                start=inspection.fieldwork_start.isoformat(),
                end=inspection.fieldwork_end.isoformat(),
            )
        yield Static(Content(title), classes="title")
        yield Static(Content(where), classes="where")

    def keys(self, hints: list[tuple[str, str]]) -> Static:
        """A line of key hints; Escape and the language switch are always there."""
        everything = [*hints, ("esc", _("back")), ("l", _("Cymraeg / English"))]
        return Static(
            Content("  ·  ".join(f"{key} {what}" for key, what in everything)), classes="keys"
        )

    async def relabel(self) -> None:
        await self.recompose()

    async def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.leave()

    def leave(self) -> None:
        """Back from the door or the dashboard: to the home screen, if the lead's view was
        opened from there, with nothing of the evidence kept."""
        if self.lead.from_home:
            self.lead.forget_evidence()
            self.app.exit()
