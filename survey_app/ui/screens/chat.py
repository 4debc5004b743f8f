"""The survey as a chat: one question at a time, answers as bubbles, quick replies by number."""

from __future__ import annotations

import asyncio
import time

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, ProgressBar, Static
from textual.widgets._progress_bar import Bar

from survey_app.core.collection.risk import words_of_risk
from survey_app.core.collection.session import SurveySession
from survey_app.core.i18n import _, current_language, ngettext
from survey_app.core.questionnaire import words
from survey_app.core.questionnaire.flow import Answer, AnswerError
from survey_app.core.questionnaire.model import CHOICE_TYPES, Question
from survey_app.core.storage.database import SurveyClosed
from survey_app.ui.screens.base import OfferStop, banners, host
from survey_app.ui.widgets.chrome import HelpLine, LanguageButton, LetterKeys, key_label
from survey_app.ui.widgets.composer import Composer, FreeText, NumberField
from survey_app.ui.widgets.quick_replies import QuickReplies, Reply
from survey_app.ui.widgets.transcript import Bubble, Transcript


def answer_text(session: SurveySession, question: Question, answer: Answer) -> str:
    """An answer in words, in the screen's language (free text exactly as typed)."""
    return words.answer_text(session.questionnaire, question, answer, current_language())


def risk_help() -> str:
    """Where help is, after a resident wrote of harm, a threat or abuse."""
    return _(
        "What you wrote sounds serious. If you or someone else is in danger, please tell a "
        "member of staff or one of the inspectors here now. You can also call Samaritans "
        "free on 116 123, day or night, or in Welsh the Welsh Language Line free on "
        "0808 164 0123."
    )


SHOWS = (
    Horizontal,
    Vertical,
    Grid,
    Static,
    Button,
    LanguageButton,
    HelpLine,
    ProgressBar,
    Bar,
    Transcript,
    Bubble,
    QuickReplies,
    Reply,
    Composer,
    FreeText,
    NumberField,
)
"""The classes this screen shows, whose styles are read before it is (ui/styles.py)."""


class ChatScreen(LetterKeys, Screen[None]):
    # Keys are printed on the buttons, beside the resident's language's word; no footer.
    BINDINGS = [
        *[Binding(str(n), f"choose({n})", show=False, id=f"chat.choose{n}") for n in range(1, 10)],
        Binding("question_mark", "help", show=False, id="chat.help"),
        Binding("0", "done", show=False, id="chat.done"),
        Binding("escape", "toggle_keys", show=False, id="chat.toggle-keys"),
    ]

    LETTER_KEYS = {
        "skip": "skip",
        "refuse": "refuse",
        "back": "back",
        "help": "help",
        "stop": "stop",
        "language": "app.switch_language",
    }

    def __init__(self, session: SurveySession) -> None:
        super().__init__()
        self.session = session
        """The resident's session this chat belongs to (one chat per resident)."""
        self.editing: str | None = None
        """The earlier question the resident is changing, if any."""
        self.drafts: dict[str, str] = {}
        """Typed but not sent, per question: kept across a language switch or a trip back."""
        self.choices: dict[str, tuple[str, ...]] = {}
        """Multiple-choice answers ticked but not sent yet, per question, kept likewise."""
        self._lock = asyncio.Lock()
        """Held while an answer is saved or the conversation re-renders: one change at a time."""
        self._ready_at = 0.0
        """Answers that arrive before this (monotonic) moment are dropped: see `ready()`."""

    @property
    def ended(self) -> bool:
        """Whether this chat's session is no longer the app's (the resident stopped, or the
        kiosk reset): then nothing here may act, whatever keys are still arriving."""
        return host(self).session is not self.session

    @property
    def live(self) -> bool:
        """Whether keys may act here: the session goes on and the chat is on top. Keys that
        arrive after the session ended (several keys in one read, the first of which
        stopped it) do nothing."""
        return not self.ended and self.is_current

    def ready(self) -> bool:
        """Whether the current question has been on screen long enough to be answered.

        Two keys can arrive in one read from the terminal (a double tap, a key held down);
        the second must not answer a question the resident has not seen yet.
        """
        return self.live and not self._lock.locked() and time.monotonic() >= self._ready_at

    def target(self) -> Question | None:
        flow = self.session.flow
        if self.editing:
            return flow.questionnaire.by_id[self.editing]
        return flow.current

    # --- layout --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield from banners(self)
        with Horizontal(id="topbar"):
            yield Static(id="section-label")
            yield Button(Content(key_label("stop", _("Stop"))), id="stop", compact=True)
            yield LanguageButton()
        with Horizontal(id="progress-row"):
            yield ProgressBar(id="progress", show_eta=False, show_percentage=False, total=1)
            yield Static(id="progress-label")
        # The conversation so far and the reply area are composed with the screen: the
        # first question then costs one layout, not one for the screen and one for each
        # part mounted after it (a resident waits for each).
        with Transcript(id="transcript"):
            yield from self.conversation()
        yield Static(id="error")
        with Vertical(id="reply-area"):
            yield self.reply_widget()
        with Grid(id="actions"):
            yield Button(Content(key_label("skip", _("Skip"))), id="skip", compact=True)
            yield Button(Content(key_label("back", _("Back"))), id="back", compact=True)
            yield Button(Content(key_label("help", _("Help"))), id="help", compact=True)
            yield Button(
                Content(key_label("refuse", _("Prefer not to say"))), id="refuse", compact=True
            )
        yield HelpLine()

    async def on_mount(self) -> None:
        self.shown()

    def shown(self) -> None:
        """What follows drawing the conversation: the progress, the newest question from
        its first line, the first reply focused, and the guard against early keys."""
        self.update_progress()
        self.query_one(Transcript).showing_question()
        for button in self.query("#reply-area Button"):
            button.focus()
            break
        self._ready_at = time.monotonic() + host(self).INPUT_GUARD

    async def relabel(self) -> None:
        """Re-render the whole conversation in the new language, keeping work in progress."""
        async with self._lock:
            self.keep_draft()
            await self.recompose()
            self.shown()

    def keep_draft(self) -> None:
        """Remember what is typed or ticked for the question on screen."""
        question = self.target()
        if question is None:
            return
        for composer in self.query(Composer):
            self.drafts[question.id] = composer.text
        for replies in self.query(QuickReplies):
            if replies.multiple:
                self.choices[question.id] = replies.chosen

    # --- rendering -----------------------------------------------------------------
    def question_bubbles(self, question: Question, section: str | None) -> list[Bubble]:
        q = self.session.questionnaire
        language = current_language()
        bubbles = []
        if question.section and question.section != section:
            bubbles.append(Bubble(q.section_title(question.section, language), "note section"))
        text = q.text(question, language)
        hints = []
        if question.type == "multiple_choice":
            hints.append(_("Choose all that apply, then press 0 for Done."))
        if question.help:
            hints.append(_("Press H for help with this question."))
        bubbles.append(Bubble(text, "question", question.id, hint=" ".join(hints)))
        return bubbles

    def answer_bubbles(self, question: Question, answer: Answer) -> list[Bubble]:
        """The answer as given; after words of risk in a resident's own words, where help
        is, at once (they cannot raise an alert themselves, and may need help now)."""
        bubbles = [Bubble(answer_text(self.session, question, answer), "answer", question.id)]
        if (
            question.type == "free_text"
            and answer.status == "answered"
            and words_of_risk(str(answer.value))
        ):
            bubbles.append(Bubble(risk_help(), "help risk"))
        return bubbles

    async def _render_all(self) -> None:
        transcript = self.query_one(Transcript)
        await transcript.clear()
        await transcript.say(*self.conversation())
        await self.show_reply_area()

    def conversation(self) -> list[Bubble]:
        """Every question asked so far with its answer, then the one being asked."""
        bubbles: list[Bubble] = []
        section: str | None = None
        for question, answer in self.session.flow.history():
            bubbles += self.question_bubbles(question, section)
            section = question.section
            bubbles += self.answer_bubbles(question, answer)
        target = self.target()
        if self.editing and target is not None:
            bubbles.append(Bubble(_("Change your answer to this question:"), "note"))
            bubbles += self.question_bubbles(target, None)
        elif target is not None:
            bubbles += self.question_bubbles(target, section)
        return bubbles

    async def show_reply_area(self) -> None:
        area = self.query_one("#reply-area", Vertical)
        await area.remove_children()
        self.query_one("#error", Static).update("")
        self.update_progress()
        widget = self.reply_widget()
        await area.mount(widget)
        if isinstance(widget, Button):
            widget.focus()
        elif isinstance(widget, QuickReplies) and (replies := widget.replies):
            replies[0].focus()
        self._ready_at = time.monotonic() + host(self).INPUT_GUARD

    def reply_widget(self) -> Button | QuickReplies | Composer:
        """How the question on screen is answered: its quick replies, a box to type in, or
        (every question answered) the way to the review."""
        question = self.target()
        if question is None:
            return Button(
                Content(_("1  Check my answers and send them")),
                id="to-review",
                variant="success",
            )
        q = self.session.questionnaire
        given = self.session.flow.answers.get(question.id)
        current = given.value if self.editing and given else None
        if question.type in CHOICE_TYPES:
            return QuickReplies(
                question.id,
                q.options(question, current_language()),
                multiple=question.type == "multiple_choice",
                exclusive=tuple(question.exclusive),
                current=self.choices.get(question.id, current),
            )
        cap = min(question.max_length, host(self).free_text_cap)
        draft = self.drafts.get(question.id, str(current) if current is not None else "")
        return Composer(
            question.id,
            question.type,
            cap,
            draft,
            q.unit(question, current_language()),
            low=question.min,
            high=question.max,
        )

    def update_progress(self) -> None:
        progress = self.session.flow.progress()
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(progress.total, 1), progress=progress.done)
        if progress.remaining:
            label = ngettext(
                "About {n} question to go", "About {n} questions to go", progress.remaining
            ).format(n=progress.remaining)
        else:
            label = _("All questions answered")
        self.query_one("#progress-label", Static).update(Content(label))
        # Where the resident is, even when the section's heading has scrolled away.
        question = self.target()
        section = question.section if question is not None else None
        self.query_one("#section-label", Static).update(
            Content(
                self.session.questionnaire.section_title(section, current_language())
                if section
                else ""
            )
        )

    async def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(Content(message))

    # --- answering -----------------------------------------------------------------
    async def give(self, question_id: str, answer: Answer) -> None:
        """Save an answer to `question_id`, if that is still the question on screen."""
        question = self.target()
        if question is None or question.id != question_id or not self.ready():
            return
        async with self._lock:
            try:
                await self.session.answer(question.id, answer)
                if self.ended:
                    return  # stopped (or reset) while the answer was being saved
            except AnswerError as exc:
                await self.show_error(str(exc))
                for composer in self.query(Composer):
                    composer.rejected()
                return
            except SurveyClosed as closed:
                await self.show_error(str(closed))
                return
            except Exception:
                self.log.error("saving an answer failed")
                await self.show_error(
                    _(
                        "Sorry, your answer could not be saved. Please try again or tell an "
                        "inspector."
                    )
                )
                return
            self.drafts.pop(question.id, None)
            self.choices.pop(question.id, None)
            was_editing = self.editing is not None
            self.editing = None
            if was_editing:
                await self._render_all()
            else:
                given = self.session.flow.answers[question.id]
                bubbles = self.answer_bubbles(question, given)
                following = self.target()
                if following is not None:
                    bubbles += self.question_bubbles(following, question.section)
                await self.query_one(Transcript).say(*bubbles)
                await self.show_reply_area()
        if self.target() is None and self.is_current:
            await self.open_review()

    async def open_review(self) -> None:
        from survey_app.ui.screens.review import ReviewScreen

        if self.live:
            await self.app.push_screen(ReviewScreen(self.session), callback=self.after_review)

    async def after_review(self, question_id: str | None) -> None:
        # Run by the chat itself, not inside the review's closing (the review may have been
        # dismissed from its own timer, whose work ends with it).
        if question_id:
            self.call_later(self.change, question_id)

    async def change(self, question_id: str) -> None:
        if self.session.flow.state(question_id) != "done" or self._lock.locked():
            return
        async with self._lock:
            self.keep_draft()
            self.editing = question_id
            await self._render_all()

    # --- events and keys -----------------------------------------------------------
    async def on_quick_replies_chosen(self, event: QuickReplies.Chosen) -> None:
        await self.give(event.question_id, Answer.of(event.value))

    async def on_composer_submitted(self, event: Composer.Submitted) -> None:
        await self.give(event.question_id, Answer.of(event.text))

    async def on_bubble_change_requested(self, event: Bubble.ChangeRequested) -> None:
        await self.change(event.question_id)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "skip": self.action_skip,
            "refuse": self.action_refuse,
            "back": self.action_back,
            "help": self.action_help,
            "stop": self.action_stop,
            "to-review": self.open_review,
        }
        handler = actions.get(event.button.id or "")
        if handler is not None:
            event.stop()
            await handler()

    async def action_choose(self, number: int) -> None:
        if not self.live:
            return
        replies = self.query(QuickReplies)
        if replies:
            if self.ready():
                replies.first().press(number)
        elif number == 1 and self.target() is None:
            await self.open_review()

    async def action_done(self) -> None:
        if not self.live:
            return
        replies = self.query(QuickReplies)
        if replies and replies.first().multiple:
            replies.first().done()
        elif self.target() is None:
            await self.open_review()

    async def action_skip(self) -> None:
        question = self.target()
        if question is not None:
            await self.give(question.id, Answer.skip())

    async def action_refuse(self) -> None:
        question = self.target()
        if question is not None:
            await self.give(question.id, Answer.refuse())

    async def action_stop(self) -> None:
        if self.live:
            self.app.post_message(OfferStop())

    async def action_back(self) -> None:
        if not self.live:
            return
        flow = self.session.flow
        target = self.target()
        previous = flow.previous(target.id if target else None)
        if previous is None:
            await self.show_error(_("This is the first question."))
            return
        await self.change(previous.id)

    async def action_help(self) -> None:
        question = self.target()
        if question is None:
            return
        help_text = self.session.questionnaire.help(question, current_language())
        text = help_text or _(
            "There is no extra help for this question. You can skip it if you want."
        )
        if not self._lock.locked():
            async with self._lock:
                await self.query_one(Transcript).say(Bubble(text, "help"))

    def action_toggle_keys(self) -> None:
        """Esc: from a text or number box to the keys below (letters there are keys, not
        text), and back again. The box says which, so a resident is never stuck."""
        composers = self.query(Composer)
        if not composers:
            return
        composer = composers.first()
        focused = self.focused
        if focused is not None and composer in focused.ancestors_with_self:
            self.query_one("#skip", Button).focus()
            composer.show_hint(typing=False)
        else:
            composer.focus_input()
            composer.show_hint(typing=True)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        for composer in self.query(Composer):
            composer.show_hint(typing=composer in event.widget.ancestors_with_self)
