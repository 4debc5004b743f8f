"""One standard: residents' positive share, how it compares, the questions that inform it
(open one for its answers) and the approved quotes that speak to it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from survey_app.core.analysis.ratings import standard_name
from survey_app.core.i18n import _, current_language
from survey_app.core.text import display_safe
from survey_app.reports.pack import (
    comparison_text,
    left_out_text,
    mostly_text,
    rating_text,
    residents_text,
    share_text,
)
from survey_app.ui.lead.base import LeadScreen


class StandardScreen(LeadScreen[None]):
    def __init__(self, standard: int) -> None:
        super().__init__()
        self.standard = standard

    def compose(self) -> ComposeResult:
        evidence = self.evidence
        language = current_language()
        summary = evidence.standard(self.standard)
        yield from self.header(f"{self.standard}. {standard_name(self.standard)}")
        with VerticalScroll(classes="body"):
            yield Static(Content(residents_text(summary)), id="residents")
            yield Static(
                Content(_("Answers: {share}").format(share=share_text(summary))), id="answers"
            )
            yield Static(Content(mostly_text()), classes="note")
            if comparison := comparison_text(evidence, self.standard):
                yield Static(Content(comparison))
            yield Static(
                Content(
                    _("Proposed rating: {rating}").format(
                        rating=rating_text(evidence, self.standard)
                    )
                )
            )
            if left_out := left_out_text(evidence, self.standard):
                yield Static(Content(display_safe(left_out)), id="left-out")
            yield Static(Content(_("Questions")), classes="heading")
            tables = evidence.tables_for(self.standard)
            yield OptionList(
                *(
                    Option(
                        Content(display_safe(evidence.questionnaire.text(t.question, language))),
                        id=f"question-{t.question.id}",
                    )
                    for t in tables
                ),
                id="questions",
            )
            yield Static(Content(_("What residents said")), classes="heading")
            quotes = evidence.quotes_for(self.standard)
            if not quotes:
                yield Static(Content(_("No approved quotes yet.")))
            for quote in quotes:
                yield Static(Content("“" + display_safe(quote.text) + "”"), classes="quote")
        yield self.keys([("enter", _("open"))])

    def on_mount(self) -> None:
        self.query_one("#questions", OptionList).focus()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from survey_app.ui.lead.question import QuestionScreen

        if event.option.id:
            await self.app.push_screen(QuestionScreen(event.option.id.removeprefix("question-")))
