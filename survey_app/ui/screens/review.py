"""Before sending: every answer on one page, each one a press away from being changed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from survey_app.core.i18n import _, current_language
from survey_app.core.session import SurveySession
from survey_app.core.text import display_safe
from survey_app.ui.screens.base import ResidentScreen


class ReviewItem(Button):
    """One question and its answer; pressing it goes back to change that answer."""

    DEFAULT_CSS = """
    ReviewItem { width: 1fr; height: auto; padding: 0 1; margin-bottom: 1;
                 text-align: left; content-align: left top; }
    """

    def __init__(self, question_id: str, text: str) -> None:
        super().__init__(Content(display_safe(text)), id=f"review-{question_id}", compact=True)
        self.question_id = question_id


class ReviewScreen(ResidentScreen[str | None]):
    FIRST_FOCUS = "#submit"
    """Dismisses with the id of a question to change, or None to go back."""

    BINDINGS = [
        Binding("escape", "back", show=False, id="review.back"),
    ]

    @property
    def session(self) -> SurveySession:
        session = self.app.session  # type: ignore[attr-defined]
        assert session is not None
        return session

    def compose(self) -> ComposeResult:
        from survey_app.ui.screens.chat import answer_text

        yield from self.chrome(_("Check your answers"))
        yield Static(
            Content(_("Choose an answer to change it. When you are happy, send your answers.")),
            classes="body",
        )
        q = self.session.questionnaire
        language = current_language()
        with VerticalScroll(id="review-list"):
            for number, (question, answer) in enumerate(self.session.flow.history(), start=1):
                yield ReviewItem(
                    question.id,
                    f"{number}. {q.text(question, language)}\n   → "
                    f"{answer_text(self.session, question, answer)}",
                )
        yield Static(id="review-error", classes="error")
        with Horizontal(classes="buttons"):
            yield Button(Content(_("Send my answers")), id="submit", variant="success")
            yield Button(Content(_("Back")), id="back")

    def action_back(self) -> None:
        self.dismiss(None)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, ReviewItem):
            self.dismiss(event.button.question_id)
        elif event.button.id == "back":
            self.dismiss(None)
        elif event.button.id == "submit":
            event.button.disabled = True
            try:
                code = await self.session.submit()
            except Exception:
                self.log.error("submitting failed")
                self.query_one("#review-error", Static).update(
                    Content(
                        _(
                            "Sorry, your answers could not be sent. They are saved: please try "
                            "again, or tell an inspector."
                        )
                    )
                )
                event.button.disabled = False
                return
            self.app.request_thanks(code)  # type: ignore[attr-defined]
