"""Before sending: every answer on one page, each one a number away from being changed.

Typing an answer's number opens it (as soon as no longer number could be meant, or after a
pause, or with Enter). Sending takes its own key, D, which no question uses: a key pressed
twice at the last question, or a burst of keys, never sends everything unreviewed. Nothing
has focus at first but the list itself, so Enter alone does nothing here.
"""

from __future__ import annotations

import time

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Button, Static

from survey_app.core.collection.session import SurveySession
from survey_app.core.i18n import _, current_language
from survey_app.core.storage.database import SurveyClosed
from survey_app.core.text import display_safe
from survey_app.ui.screens.base import ResidentScreen, ShowThanks
from survey_app.ui.widgets.chrome import key_label

NUMBER_PAUSE = 1.2
"""Seconds after a digit before the number typed so far is taken (if a longer one could
still be meant)."""


class ReviewItem(Button):
    """One question and its answer; pressing it goes back to change that answer."""

    DEFAULT_CSS = """
    ReviewItem { width: 1fr; height: auto; padding: 0 1; margin-bottom: 1;
                 text-align: left; content-align: left top; }
    """

    def __init__(self, number: int, question_id: str, text: str) -> None:
        super().__init__(Content(display_safe(text)), id=f"review-{question_id}", compact=True)
        self.number = number
        self.question_id = question_id


class ReviewScreen(ResidentScreen[str | None]):
    """Dismisses with the id of a question to change, or None to go back."""

    FIRST_FOCUS = "#review-list"
    LETTER_KEYS = {"language": "app.switch_language", "send": "send", "back": "back"}
    BINDINGS = [
        Binding("escape", "back", show=False, id="review.back"),
        *[Binding(str(n), f"digit({n})", show=False, id=f"review.digit{n}") for n in range(10)],
        Binding("backspace", "undigit", show=False, id="review.undigit"),
        Binding("enter", "open_typed", show=False, id="review.open-typed"),
    ]
    GUARD = 0.3
    """Seconds after the screen appears before D sends (a burst of keys is not a choice)."""

    def __init__(self, session: SurveySession) -> None:
        super().__init__()
        self.session = session
        self.typed = ""
        """Digits of an answer's number typed so far."""
        self._timer: Timer | None = None
        self._shown_at = time.monotonic()
        self._sending = False

    def compose(self) -> ComposeResult:
        from survey_app.core.collection.risk import words_of_risk
        from survey_app.ui.screens.chat import answer_text, risk_help

        yield from self.chrome(_("Check your answers"))
        if any(
            question.type == "free_text"
            and answer.status == "answered"
            and words_of_risk(str(answer.value))
            for question, answer in self.session.flow.history()
        ):
            # Said again here, at the top: the last answer leads straight to this screen.
            yield Static(Content(risk_help()), id="risk-help", classes="body")
        yield Static(
            Content(
                _(
                    "To change an answer, type its number or choose it. When you are happy, "
                    "press D to send your answers."
                )
            ),
            classes="body",
        )
        q = self.session.questionnaire
        language = current_language()
        with VerticalScroll(id="review-list"):
            for number, (question, answer) in enumerate(self.session.flow.history(), start=1):
                yield ReviewItem(
                    number,
                    question.id,
                    f"{number}. {q.text(question, language)}\n   → "
                    f"{answer_text(self.session, question, answer)}",
                )
        yield Static(id="typed-number", classes="body")
        yield Static(id="review-error", classes="error")
        with Horizontal(classes="buttons"):
            yield Button(
                Content(key_label("send", _("Send my answers"))), id="submit", variant="success"
            )
            yield Button(Content(key_label("back", _("Back"))), id="back")

    @property
    def items(self) -> list[ReviewItem]:
        return list(self.query(ReviewItem))

    # --- numbers ---------------------------------------------------------------------
    def action_digit(self, digit: int) -> None:
        if self._sending:
            return
        typed = (self.typed + str(digit)).lstrip("0")
        count = len(self.items)
        if not typed or int(typed) > count:
            self._set_typed("")
            self.show_text(
                "#review-error",
                Content(_("There is no answer with that number.")) if typed else "",
            )
            return
        self.show_text("#review-error", "")
        self._set_typed(typed)
        if int(typed) * 10 > count:
            self.action_open_typed()  # no longer number can be meant
        else:
            self._timer = self.set_timer(NUMBER_PAUSE, self.action_open_typed)

    def action_undigit(self) -> None:
        self._set_typed(self.typed[:-1])
        if self.typed:  # what is left still opens after the pause
            self._timer = self.set_timer(NUMBER_PAUSE, self.action_open_typed)

    def _set_typed(self, typed: str) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.typed = typed
        self.show_text(
            "#typed-number",
            Content(_("Answer number: {number}").format(number=typed)) if typed else "",
        )

    def action_open_typed(self) -> None:
        typed, self.typed = self.typed, ""
        self._set_typed("")
        if not typed or self._sending:
            return
        for item in self.items:
            if item.number == int(typed):
                self.open(item.question_id)
                return

    def open(self, question_id: str) -> None:
        if not self._sending and self.is_current:
            self._sending = True  # one choice per visit to this screen
            self.dismiss(question_id)

    # --- leaving ---------------------------------------------------------------------
    def action_back(self) -> None:
        if not self._sending and self.is_current:
            self._sending = True
            self.dismiss(None)

    async def action_send(self) -> None:
        if self._sending or time.monotonic() - self._shown_at < self.GUARD:
            return
        self._sending = True
        for button in self.query("#submit").results(Button):
            button.disabled = True
        try:
            code = await self.session.submit()
        except SurveyClosed as closed:
            self.show_text("#review-error", Content(str(closed)))
            return
        except Exception:
            self.log.error("submitting failed")
            self.show_text(
                "#review-error",
                Content(
                    _(
                        "Sorry, your answers could not be sent. They are saved: please try "
                        "again, or tell an inspector."
                    )
                ),
            )
            for button in self.query("#submit").results(Button):
                button.disabled = False
            self._sending = False
            return
        self.app.post_message(ShowThanks(code))

    async def on_key(self, event: events.Key) -> None:
        # Once leaving, nothing more: later keys of a burst must not act on the next screen.
        if self._sending:
            event.stop()
            event.prevent_default()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, ReviewItem):
            self.open(event.button.question_id)
        elif event.button.id == "back":
            self.action_back()
        elif event.button.id == "submit":
            await self.action_send()
