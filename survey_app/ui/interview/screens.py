"""The interview's screens: the resident's language, the consent script, one question at a
time, the end, and the withdrawal code to hand over.

A screen never awaits a change of screens from its own handlers: its handler would then
wait for its own removal, which waits for the handler. The changes are asked for and left
to run, or handed to the app (`call_later`).

On every screen the words to read aloud sit in their own box, in the resident's language,
exactly as the questionnaire has them; everything else (instructions, keys, buttons) is in
the inspector's language. Keys are shown on the buttons, and every button works by mouse.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from survey_app.core.i18n import ENDONYMS, N_, _, app_translator, ngettext
from survey_app.core.questionnaire.flow import Answer, AnswerError, dont_know
from survey_app.core.questionnaire.model import CHOICE_TYPES, Question
from survey_app.core.storage.database import StoreError, SurveyClosed
from survey_app.core.text import display_safe
from survey_app.ui.screens.base import banners
from survey_app.ui.widgets.chrome import LetterKeys, key_label
from survey_app.ui.widgets.composer import Composer
from survey_app.ui.widgets.quick_replies import QuickReplies

if TYPE_CHECKING:
    from survey_app.core.collection.session import SurveySession
    from survey_app.ui.interview.app import InterviewApp

DEFAULT_CONSENT = N_(
    "I am an inspector from HM Inspectorate of Probation. We are independent of the "
    "probation service and of this Approved Premises. I would like to ask you the questions "
    "of our residents' survey. Taking part is up to you, and saying no will not affect your "
    "licence, your stay here or how staff treat you. Your answers are anonymous: I will not "
    "write down your name. If you tell me that you or someone else is at risk of serious "
    "harm, I have to act on it. You can skip any question. Are you happy to go ahead?"
)
"""Read when the questionnaire has no consent script of its own."""
THE_END = N_("That is the end of the questions. Thank you for your time.")
CODE_TO_READ = N_(
    "This is your code. If you change your mind about your answers, send it to the "
    "inspectorate at the address on the card and your answers will be deleted. No one can "
    "tell from the code who you are."
)


def said(language: str, message: str) -> str:
    """An app message in the resident's language (the screen's own may be another)."""
    return app_translator(language).gettext(message)


class InterviewScreen(LetterKeys, Screen[None]):
    """What every interview screen shares: the inspection's banners, the languages, and L
    for the inspector's own language."""

    LETTER_KEYS = {"language": "switch_language"}

    @property
    def interview(self) -> InterviewApp:
        return cast("InterviewApp", self.app)

    def read_aloud(self, *texts: str, label: str | None = None) -> ComposeResult:
        """The words to read, in their box, with what to do with them above."""
        with Vertical(classes="read-aloud"):
            yield Static(Content(label or _("Read aloud, as written:")), classes="read-label")
            for text in texts:
                yield Static(Content(display_safe(text)), classes="read-text")

    def interpreter_note(self, resident: str) -> ComposeResult:
        if resident != self.interview.inspector_language:
            yield Static(
                Content(
                    _(
                        "The words to read are in {language}; your own are in yours. If you "
                        "do not speak {language}, an interpreter reads them for you."
                    ).format(language=ENDONYMS[resident])  # type: ignore[index]
                ),
                classes="note",
            )

    async def action_switch_language(self) -> None:
        self.interview.switch_inspector_language()
        await self.recompose()
        self.focus_first()

    def focus_first(self) -> None:
        buttons = self.query(Button)
        if buttons:
            buttons.first().focus()

    async def on_mount(self) -> None:
        self.focus_first()

    def alert_button(self) -> Button:
        return Button(
            Content(_("F2  Alert")), id="alert", action="app.raise_alert", compact=True,
            classes="alert-key",
        )  # fmt: skip

    def language_button(self) -> Button:
        other = "cy" if self.interview.inspector_language == "en" else "en"
        return Button(
            Content(key_label("language", ENDONYMS[other])),  # type: ignore[index]
            id="language",
            compact=True,
        )


class StartScreen(InterviewScreen):
    BINDINGS = [
        Binding("1", "choose('cy')", show=False),
        Binding("2", "choose('en')", show=False),
        Binding("3", "resume", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield from banners(self)
        # Scrolled: the list of paused interviews may be long on a small screen.
        with VerticalScroll(classes="body"):
            yield Static(Content(_("Facilitated interview")), classes="title")
            yield Static(
                Content(_("Ask the resident which language they want to answer in.")),
                classes="note",
            )
            yield Button(Content("1  Cymraeg"), id="cy", variant="primary")
            yield Button(Content("2  English"), id="en", variant="primary")
            # Filled from the store (see show_paused): a number, a day, how far; no more.
            yield Static(id="paused-note", classes="note")
            yield Static(id="paused-list", classes="instructions")
            resume = Button(
                Content(_("3  Go on with a paused interview")), id="resume", variant="default"
            )
            resume.display = False
            yield resume
        with Horizontal(classes="keys"):
            yield self.language_button()
            yield self.alert_button()

    async def on_mount(self) -> None:
        await self.show_paused()
        self.focus_first()

    async def on_screen_resume(self) -> None:
        await self.show_paused()

    async def show_paused(self) -> None:
        from survey_app.ui.interview.pause import paused_text

        store = self.interview.store
        paused = await store.paused_interviews() if store is not None else []
        number, self.interview.paused_number = self.interview.paused_number, None
        self.query_one("#paused-note", Static).update(
            Content(_("Interview {n} is paused.").format(n=number) if number else "")
        )
        self.query_one("#paused-list", Static).update(
            Content("\n".join(paused_text(p) for p in paused))
        )
        self.query_one("#paused-list").display = bool(paused)
        self.query_one("#resume").display = bool(paused)

    async def action_resume(self) -> None:
        from survey_app.ui.interview.pause import ResumeScreen

        store = self.interview.store
        if not isinstance(self.app.screen, StartScreen) or store is None:
            return
        paused = await store.paused_interviews()
        if paused and isinstance(self.app.screen, StartScreen):
            self.app.push_screen(ResumeScreen(paused))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id in ("cy", "en"):
            await self.action_choose(event.button.id)
        elif event.button.id == "resume":
            await self.action_resume()
        elif event.button.id == "language":
            await self.action_switch_language()

    async def action_choose(self, language: str) -> None:
        if isinstance(self.app.screen, StartScreen):
            self.app.push_screen(ConsentScreen(language))


class ConsentScreen(InterviewScreen):
    BINDINGS = [
        Binding("1", "agreed", show=False),
        Binding("2", "declined", show=False),
        Binding("escape", "declined", show=False),
    ]

    def __init__(self, resident: str) -> None:
        super().__init__()
        self.resident = resident
        self.answered = False

    def compose(self) -> ComposeResult:
        q = self.interview.questionnaire
        script = q.consent_script(self.resident) or said(self.resident, DEFAULT_CONSENT)
        yield from banners(self)
        with VerticalScroll(classes="body"):
            yield Static(Content(_("Consent")), classes="title")
            yield from self.interpreter_note(self.resident)
            yield from self.read_aloud(script)
            yield Static(
                Content(
                    _(
                        "Did the resident agree, aloud? No signature and no name are taken. "
                        "If they did not, nothing of this interview is kept."
                    )
                ),
                classes="instructions",
            )
        # Below the script, never scrolled with it: the script is read from its start.
        with Horizontal(classes="keys"):
            yield Button(
                Content(_("1  They agreed: start")), id="agreed", variant="success", compact=True
            )
            yield Button(Content(_("2  They did not agree: end here")), id="declined", compact=True)
            yield self.language_button()
            yield self.alert_button()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        handler = {
            "agreed": self.action_agreed,
            "declined": self.action_declined,
            "language": self.action_switch_language,
        }.get(event.button.id or "")
        if handler is not None:
            await handler()

    async def action_agreed(self) -> None:
        if self.answered or self.app.screen is not self:
            return
        self.answered = True
        session = await self.interview.begin_session(self.resident)
        self.app.switch_screen(QuestionScreen(session))

    async def action_declined(self) -> None:
        if self.answered or self.app.screen is not self:
            return
        self.answered = True  # nothing was started: nothing to keep
        self.app.pop_screen()


class QuestionScreen(InterviewScreen):
    BINDINGS = [
        *[Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)],
        Binding("0", "done", show=False),
    ]
    LETTER_KEYS = {
        "language": "switch_language",
        "skip": "skip",
        "dont_know": "dont_know",
        "refuse": "refuse",
        "note": "note",
        "back": "back",
        "stop": "end_early",
    }

    def __init__(self, session: SurveySession) -> None:
        super().__init__()
        self.session = session
        self.resident = session.language
        self.editing: str | None = None
        self._ready_at = 0.0
        self._busy = False
        self._drawing = asyncio.Lock()

    def target(self) -> Question | None:
        if self.editing:
            return self.session.questionnaire.by_id[self.editing]
        return self.session.flow.current

    def compose(self) -> ComposeResult:
        question = self.target()
        yield from banners(self)
        if question is None:
            return
        q = self.session.questionnaire
        mine = self.interview.inspector_language
        progress = self.session.flow.progress()
        where = _("Question {n}").format(n=q.index[question.id] + 1)
        if question.section:
            where += " · " + q.section_title(question.section, mine)
        left = ngettext(
            "about {n} question to go", "about {n} questions to go", progress.remaining
        ).format(n=progress.remaining)
        yield Static(Content(f"{where} · {left}"), id="where")
        with VerticalScroll(classes="body"):
            yield from self.interpreter_note(self.resident)
            yield from self.read_aloud(q.read_aloud(question, self.resident))
            if question.help:
                yield Static(
                    Content(
                        _("If they ask what it means: {help}").format(
                            help=display_safe(q.help(question, self.resident) or "")
                        )
                    ),
                    classes="help",
                )
            instructions = q.instructions(question, mine)
            if instructions:
                yield Static(Content(display_safe(instructions)), classes="instructions")
            # The inspector's own words, marked as theirs: never the resident's answer.
            own = Static(self.note_text(question), id="own-note", classes="own-note")
            own.display = question.id in self.session.notes
            yield own
            if self.editing:
                yield Static(Content(_("Changing an earlier answer.")), classes="note")
            yield Vertical(id="reply-area")
            yield Static(id="error", classes="error")
        # Two rows: the three ways of giving no answer, then moving about. In Welsh, the
        # longer language, the seven keys in one row do not fit 80 columns.
        with Horizontal(classes="keys", id="no-answer-keys"):
            yield Button(Content(key_label("skip", _("Skip"))), id="skip", compact=True)
            yield Button(
                Content(key_label("dont_know", _("Don't know"))), id="dont-know", compact=True
            )
            yield Button(Content(key_label("refuse", _("Refused"))), id="refuse", compact=True)
            yield Button(Content(key_label("note", _("Note"))), id="note", compact=True)
        with Horizontal(classes="keys"):
            yield Button(Content(key_label("back", _("Back"))), id="back", compact=True)
            yield Button(Content(key_label("stop", _("End"))), id="end", compact=True)
            yield self.language_button()
            yield self.alert_button()

    async def on_mount(self) -> None:
        # Under the drawing lock like every redraw: an L that comes with the first draw
        # would otherwise take the reply area away while it is being filled.
        async with self._drawing:
            await self.show_reply_area()
        if not self.query(QuickReplies):
            self.focus_first()

    async def show(self) -> None:
        """The question the flow is at (or the one being changed), read to be answered.
        One drawing at a time: keys that come together (L twice) wait their turn."""
        async with self._drawing:
            if self.target() is None:
                if self.app.screen is self:
                    self.app.push_screen(FinishScreen(self.session))
                return
            await self.recompose()
            await self.show_reply_area()

    async def show_reply_area(self) -> None:
        question = self.target()
        if question is None:
            return
        q = self.session.questionnaire
        given = self.session.flow.answers.get(question.id)
        current = given.value if given is not None and given.status == "answered" else None
        found = self.query("#reply-area").results(Vertical)
        area = next(iter(found), None)
        if area is None:
            # Under load a recompose can return with the screen not yet drawn again (it
            # was being suspended or pruned): nothing to fill, and the next draw fills it.
            return
        if question.type in CHOICE_TYPES:
            # The answers as they are read out: in the resident's language.
            quick = QuickReplies(
                question.id,
                q.options(question, self.resident),
                multiple=question.type == "multiple_choice",
                exclusive=tuple(question.exclusive),
                current=current,
            )
            await area.mount(quick)
            if quick.replies:
                quick.replies[0].focus()
        else:
            cap = min(question.max_length, self.interview.free_text_cap)
            composer = Composer(
                question.id,
                question.type,
                cap,
                str(current) if current is not None else "",
                q.unit(question, self.resident),
                low=question.min,
                high=question.max,
            )
            await area.mount(composer)
        self._ready_at = time.monotonic() + self.interview.INPUT_GUARD

    def say_error(self, content: Content) -> None:
        """A line under the answer; nothing while the screen is drawn again (see
        ResidentScreen.show_text: keys that come with a redraw find it gone a moment)."""
        for line in self.query("#error").results(Static):
            line.update(content)

    def ready(self) -> bool:
        return not self._busy and time.monotonic() >= self._ready_at and self.app.screen is self

    async def give(self, question_id: str, answer: Answer) -> None:
        question = self.target()
        if question is None or question.id != question_id or not self.ready():
            return
        self._busy = True
        try:
            try:
                await self.session.answer(question.id, answer)
            except AnswerError as exc:
                self.say_error(Content(str(exc)))
                for composer in self.query(Composer):
                    composer.rejected()
                return
            except SurveyClosed as closed:
                self.say_error(Content(str(closed)))
                return
            self.editing = None
            await self.show()
        finally:
            self._busy = False

    async def change(self, question_id: str) -> None:
        if self.session.flow.state(question_id) != "done":
            return
        self.editing = question_id
        await self.show()

    # --- keys and buttons ------------------------------------------------------------
    async def on_quick_replies_chosen(self, event: QuickReplies.Chosen) -> None:
        await self.give(event.question_id, Answer.of(event.value))

    async def on_composer_submitted(self, event: Composer.Submitted) -> None:
        await self.give(event.question_id, Answer.of(event.text))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        handler = {
            "skip": self.action_skip,
            "dont-know": self.action_dont_know,
            "refuse": self.action_refuse,
            "note": self.action_note,
            "back": self.action_back,
            "end": self.action_end_early,
            "language": self.action_switch_language,
        }.get(event.button.id or "")
        if handler is not None:
            event.stop()
            await handler()

    async def action_choose(self, number: int) -> None:
        replies = self.query(QuickReplies)
        if replies and self.ready():
            replies.first().press(number)

    async def action_done(self) -> None:
        replies = self.query(QuickReplies)
        if replies and replies.first().multiple and self.ready():
            replies.first().done()

    async def action_skip(self) -> None:
        if (question := self.target()) is not None:
            await self.give(question.id, Answer.skip())

    async def action_dont_know(self) -> None:
        if (question := self.target()) is not None:
            await self.give(question.id, dont_know(self.session.questionnaire, question))

    async def action_refuse(self) -> None:
        if (question := self.target()) is not None:
            await self.give(question.id, Answer.refuse())

    def note_text(self, question: Question) -> Content:
        note = self.session.notes.get(question.id, "")
        return Content(_("Your note: {note}").format(note=display_safe(note)))

    async def action_note(self) -> None:
        """The inspector's note on this question, over it; the question waits."""
        from survey_app.ui.interview.note import NoteScreen

        question = self.target()
        if question is None or self.app.screen is not self:
            return
        number = self.session.questionnaire.index[question.id] + 1

        async def keep(text: str | None) -> None:
            if text is None or text == self.session.notes.get(question.id, ""):
                return
            try:
                await self.session.note(question.id, text)
            except (SurveyClosed, StoreError) as exc:
                self.say_error(Content(str(exc)))
                return
            # Only the note's line changes: a half-typed answer stays as it was.
            for own in self.query("#own-note").results(Static):
                own.update(self.note_text(question))
                own.display = question.id in self.session.notes

        self.app.push_screen(NoteScreen(number, self.session.notes.get(question.id, "")), keep)

    async def action_back(self) -> None:
        if not self.ready():
            return
        target = self.target()
        previous = self.session.flow.previous(target.id if target else None)
        if previous is None:
            self.say_error(Content(_("This is the first question.")))
            return
        await self.change(previous.id)

    async def action_end_early(self) -> None:
        if self.app.screen is self:
            self.app.push_screen(EndEarlyScreen())

    async def action_switch_language(self) -> None:
        self.interview.switch_inspector_language()
        await self.show()


class FinishScreen(InterviewScreen):
    """Every question asked: the answers are sent when the inspector says so."""

    BINDINGS = [Binding("1", "send", show=False)]
    LETTER_KEYS = {"language": "switch_language", "send": "send", "back": "back"}

    def __init__(self, session: SurveySession) -> None:
        super().__init__()
        self.session = session
        self.sent = False

    def compose(self) -> ComposeResult:
        yield from banners(self)
        with VerticalScroll(classes="body"):
            yield Static(Content(_("All the questions are done.")), classes="title")
            yield from self.read_aloud(said(self.session.language, THE_END))
            yield Button(
                Content(key_label("send", _("Send the answers"))), id="send", variant="success"
            )
            yield Button(Content(key_label("back", _("Back to the last question"))), id="back")
        with Horizontal(classes="keys"):
            yield self.language_button()
            yield self.alert_button()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        handler = {
            "send": self.action_send,
            "back": self.action_back,
            "language": self.action_switch_language,
        }.get(event.button.id or "")
        if handler is not None:
            await handler()

    async def action_send(self) -> None:
        if self.sent or self.app.screen is not self:
            return
        self.sent = True
        code = await self.session.submit()
        self.interview.session = None
        contact = self.interview.inspection.withdrawal_contact if self.interview.inspection else ""
        self.app.pop_screen()  # the question screen beneath
        self.app.switch_screen(DoneScreen(code, self.session.language, contact))

    async def action_back(self) -> None:
        if self.sent or self.app.screen is not self:
            return
        self.sent = True
        self.app.pop_screen()
        below = self.app.screen
        if isinstance(below, QuestionScreen):
            last = self.session.flow.previous(None)
            if last is not None:
                self.app.call_later(below.change, last.id)


class DoneScreen(InterviewScreen):
    BINDINGS = [Binding("1", "next", show=False)]
    LETTER_KEYS = {"language": "switch_language", "quit": "close"}

    def __init__(self, code: str, resident: str, contact: str) -> None:
        super().__init__()
        self.code = code
        self.resident = resident
        self.contact = contact
        self.left = False

    def compose(self) -> ComposeResult:
        yield from banners(self)
        with VerticalScroll(classes="body"):
            yield Static(Content(_("The answers are sent.")), classes="title")
            yield Static(
                Content(_("Write this code on a card and give it to the resident:")),
                classes="instructions",
            )
            yield Static(Content(self.code), id="code")
            yield from self.read_aloud(said(self.resident, CODE_TO_READ))
            yield Static(Content(display_safe(self.contact)), classes="note")
            yield Button(Content(_("1  Next interview")), id="next", variant="primary")
            yield Button(Content(key_label("quit", _("Close"))), id="close")
        with Horizontal(classes="keys"):
            yield self.language_button()
            yield self.alert_button()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "next":
            await self.action_next()
        elif event.button.id == "close":
            self.action_close()
        elif event.button.id == "language":
            await self.action_switch_language()

    async def action_next(self) -> None:
        if self.left or self.app.screen is not self:
            return
        self.left = True
        self.app.pop_screen()  # back to the start: the code goes with this screen

    def action_close(self) -> None:
        self.app.exit()


class EndEarlyScreen(ModalScreen[None]):
    """Ending an interview part way: asked once, whatever keys arrive together."""

    BINDINGS = [
        Binding("1", "end", show=False),
        Binding("2", "go_on", show=False),
        Binding("3", "pause", show=False),
        Binding("escape", "go_on", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.decided = False

    def compose(self) -> ComposeResult:
        with Vertical(id="end-box"):
            yield Static(
                Content(
                    _(
                        "End this interview now? What the resident has answered so far is "
                        "kept, without their name."
                    )
                )
            )
            yield Button(Content(_("1  Yes, end it here")), id="end", variant="warning")
            yield Button(Content(_("2  No, go on")), id="go-on", variant="primary")
            pause = Button(Content(_("3  Pause, to go on later")), id="pause")
            # Only an interview under way can be paused (not one ended from the finish).
            pause.display = self._can_pause()
            yield pause

    def _can_pause(self) -> bool:
        session = getattr(self.app, "session", None)
        return session is not None and session.open

    def on_mount(self) -> None:
        self.query_one("#go-on", Button).focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "end":
            await self.action_end()
        elif event.button.id == "pause":
            self.action_pause()
        else:
            self.action_go_on()

    def action_pause(self) -> None:
        if self.decided or self.app.screen is not self or not self._can_pause():
            return
        from survey_app.ui.interview.pause import PauseScreen

        self.decided = True
        self.app.switch_screen(PauseScreen())

    def action_go_on(self) -> None:
        if not self.decided and self.app.screen is self:
            self.decided = True
            self.dismiss(None)

    async def action_end(self) -> None:
        if self.decided or self.app.screen is not self:
            return
        self.decided = True
        app = cast("InterviewApp", self.app)
        await app.end_session()
        app.call_later(app.back_to_start)
