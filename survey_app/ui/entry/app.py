"""Typing in paper forms (`survey-app entry`): by keys alone, as fast as the eye reads.

The keyer types the form's number (or scans its code: a USB scanner types it), then goes
through every question in the order printed: one key per tick (the option's number),
the next question at once; a code for what is not an answer. Nothing typed is refused
because of the routing (see core.collection.entry). With double entry, a second keyer
types the same form without seeing the first keying, and the differences are decided
with the form in hand before the response is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from survey_app.core.collection.collector import CollectingDb
from survey_app.core.collection.entry import (
    CODE_KEYS,
    DECIDED,
    FIRST,
    SECOND,
    SINGLE_VALUED,
    CopyState,
    EntryDesk,
    Field,
    Finished,
    Resolution,
    Transcription,
    copy_languages,
    describe,
    option_for_digit,
    read_value,
    settle_keyed,
)
from survey_app.core.collection.serials import PageMark, normalise, show, valid
from survey_app.core.i18n import _, current_language, use_language
from survey_app.core.questionnaire import printed
from survey_app.core.questionnaire.flow import AnswerError
from survey_app.core.questionnaire.model import Question, Questionnaire
from survey_app.core.storage.database import StoreError
from survey_app.core.store.base import Store
from survey_app.core.text import display_safe
from survey_app.ui.stored import StoredApp

Done = tuple[str, Finished] | None
"""What a form's screen ends with: the form number and what finishing led to, or None
when the keyer left it part way (what was typed is kept)."""

TYPED = ("number", "free_text")
"""Questions whose answer is typed into a box: their codes are typed alone, then Enter."""


def form_languages(language: str) -> tuple[str, ...]:
    """The languages a copy shows, in its order (Welsh first in a form in both)."""
    return ("cy", "en") if language == "both" else (language,)


class Desk(EntryDesk, Protocol):
    """What the entry screens ask of where keyings go (the lead's store, a device's desk)."""

    async def copy_state(self, inspection_id: int, serial: str) -> CopyState: ...

    async def paper_double_entry(self, inspection_id: int) -> bool: ...

    async def paper_copies_issued(self, inspection_id: int) -> int: ...

    async def paper_entered(self, inspection_id: int) -> int: ...


class EntryApp(StoredApp):
    TITLE = "survey-app"
    CSS_PATH = ["entry.tcss"]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", show=False, priority=True)]

    def __init__(
        self,
        questionnaire: Questionnaire,
        db: Path,
        inspection_id: int,
        store: CollectingDb,
        language: str | None = None,
        desk: Desk | None = None,
    ) -> None:
        super().__init__(store)
        if desk is None:
            assert isinstance(store, Store), "the lead's store, or a device's desk"
            desk = store
        self.desk: Desk = desk
        self.questionnaire = questionnaire
        self.db_path = db
        self.inspection_id = inspection_id
        use_language(language or current_language())

    async def on_mount(self) -> None:
        if not await self.open_store():
            return
        await self.push_screen(SerialScreen())

    # The store is the command line's: it opened it, and closes it once the app is gone.


class EntryScreen(Screen[Done]):
    @property
    def entry(self) -> EntryApp:
        app = self.app
        assert isinstance(app, EntryApp)
        return app

    def say(self, text: str, warning: bool = True) -> None:
        message = self.query_one("#message", Static)
        message.update(Content(text))
        message.set_class(warning, "warning")


class SerialScreen(EntryScreen):
    """Which form: its number typed, or its code scanned."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="body"):
            yield Static(Content(_("Type in paper forms")), classes="title")
            yield Static(id="where", classes="muted")
            yield Static(id="counts")
            yield Static(
                Content(_("Type the form number at the top of any page, or scan its code.")),
                classes="muted",
            )
            yield Input(placeholder=_("Form number, like ABC-DEFG"), id="serial", max_length=200)
            yield Static(id="message")
        yield Static(Content(_("Enter: open the form  ·  Ctrl+Q: stop")), classes="keys")

    async def on_mount(self) -> None:
        await self.settle_keyed()
        await self.show_counts()
        self.query_one("#serial", Input).focus()

    async def settle_keyed(self) -> None:
        """On the lead's machine: forms keyed on laptops whose keyings agree are made
        final now (see collection.entry.settle_keyed); the rest are told."""
        app = self.entry
        desk = app.desk
        if desk.SEALED or not isinstance(desk, Store):
            return
        inspection = app.inspection
        assert inspection is not None
        final, waiting = await settle_keyed(
            desk, app.questionnaire, app.inspection_id, inspection.language
        )
        said = []
        if final:
            said.append(
                _("Forms keyed on laptops and now typed in, their keyings alike: {n}.").format(
                    n=final
                )
            )
        if waiting:
            said.append(
                _(
                    "Forms whose two keyings differ: {n}. Type each one's number to decide, "
                    "with the form in hand."
                ).format(n=waiting)
            )
        if said:
            self.say(" ".join(said), warning=bool(waiting))

    async def on_screen_resume(self) -> None:
        await self.show_counts()
        serial = self.query_one("#serial", Input)
        serial.value = ""
        serial.focus()

    async def show_counts(self) -> None:
        app = self.entry
        inspection = app.inspection
        if inspection is not None:
            self.query_one("#where", Static).update(
                Content(
                    _("Inspection {id}: {premises}").format(
                        id=inspection.id, premises=display_safe(inspection.premises)
                    )
                )
            )
        entered = await app.desk.paper_entered(app.inspection_id)
        counts = self.query_one("#counts", Static)
        if app.desk.SEALED:
            counts.update(
                Content(
                    _("Forms keyed on this laptop: {n}").format(n=entered)
                    + "\n"
                    + _(
                        "Each keying is sealed for the lead, who compares the two keyings of "
                        "each form: nothing typed here can be read back here."
                    )
                )
            )
            return
        issued = await app.desk.paper_copies_issued(app.inspection_id)
        double = await app.desk.paper_double_entry(app.inspection_id)
        counts.update(
            Content(
                _("Forms printed: {issued}  ·  typed in: {entered}").format(
                    issued=issued, entered=entered
                )
                + "\n"
                + (_("Double entry: on") if double else _("Double entry: off"))
            )
        )

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self.is_current:
            return
        text = event.value.strip()
        event.input.value = ""
        if not text:
            return
        await self.open_form(text)

    async def open_form(self, text: str) -> None:
        app = self.entry
        q = app.questionnaire
        inspection = app.inspection
        assert inspection is not None
        mark = PageMark.decode(text)
        here = f"{q.id}@{q.version}"
        if mark is not None:
            if inspection.uuid and mark.inspection_uuid != inspection.uuid:
                self.say(_("This form belongs to another inspection: it cannot be typed in here."))
                return
            if mark.questionnaire != here:
                self.say(self._other_questionnaire(mark.serial, mark.questionnaire, here))
                return
            serial = mark.serial
        else:
            if len(normalise(text)) != 7:
                self.say(
                    _(
                        "A form number has 7 letters and figures, like ABC-DEFG: it is at the "
                        "top of every page."
                    )
                )
                return
            if not valid(text):
                self.say(
                    _(
                        "{serial} is not a form number: one character is wrong. Check each "
                        "one (there is no 0, O, 1, I or L)."
                    ).format(serial=display_safe(show(normalise(text))))
                )
                return
            serial = show(normalise(text))
        state = await app.desk.copy_state(app.inspection_id, serial)
        if state.stage == "unknown":
            self.say(
                _("No form numbered {serial} was printed for this inspection.").format(
                    serial=serial
                )
            )
            return
        if state.stage == "entered":
            self.say(
                _("Form {serial} has been typed in already: a form is typed in once.").format(
                    serial=serial
                )
            )
            return
        if state.questionnaire is not None and state.questionnaire != here:
            self.say(self._other_questionnaire(serial, state.questionnaire, here))
            return
        double = await app.desk.paper_double_entry(app.inspection_id)
        language, form_language = copy_languages(state.language, inspection.language)
        stage_pass = {"first": FIRST, "second": SECOND, "resolve": DECIDED}[state.stage]
        transcription = Transcription(
            app.desk,
            q,
            app.inspection_id,
            serial,
            stage_pass,
            double,
            language,
            form_language,
        )
        if state.stage == "second" and not double:
            # Keyed once while double entry was on, and it has been turned off since: the
            # first keying is the form's.
            transcription.pass_ = FIRST
            await transcription.load()
            self.finished((serial, await transcription.finish()))
            return
        if state.stage == "resolve":
            resolution = Resolution(transcription)
            await resolution.load()
            await app.push_screen(ResolveScreen(resolution), self.finished)
            return
        await transcription.load()
        await app.push_screen(KeyingScreen(transcription), self.finished)

    @staticmethod
    def _other_questionnaire(serial: str, printed_from: str, here: str) -> str:
        return _(
            "Form {serial} was printed from the questionnaire {printed}, and this machine has "
            "{here}: type it in with the questionnaire it was printed from."
        ).format(serial=serial, printed=display_safe(printed_from), here=display_safe(here))

    def finished(self, result: Done) -> None:
        if result is None:
            self.say(
                _("The form is not finished: what was typed is kept. Type its number to go on.")
            )
            return
        serial, outcome = result
        if outcome == "resolve":
            # Straight on to the decisions, with the form still in hand.
            self.call_later(self.open_form, serial)
            return
        messages = {
            "final": _("Form {serial} is typed in: its answers are saved."),
            "empty": _("Form {serial} came back empty: it counts as returned, with no answers."),
            "sealed": _(
                "Form {serial} is keyed and sealed for the lead. Its other keying is done on "
                "another laptop, or on the lead's."
            ),
            "second": _(
                "First keying of form {serial} saved. Now give the form to a second inspector: "
                "they type its number and key it again, without seeing this keying."
            ),
        }
        self.say(messages[outcome].format(serial=serial), warning=False)


class TypedBox(Static):
    """What the keyer has typed for a number or a comment, drawn by the screen: every key
    goes to the screen, in the order it came (a box with the focus would take the keys
    that reach it first, ahead of those the screen has still to handle)."""

    DEFAULT_CSS = """
    TypedBox { border: tall $accent; height: auto; min-height: 3; padding: 0 1; }
    """


class QuestionView(EntryScreen):
    """Questions one at a time, as printed, keyed by the keys alone. Subclasses say what
    is kept and what happens at the end."""

    def __init__(
        self, questions: list[Question], fields: dict[str, Field], languages: tuple[str, ...]
    ) -> None:
        super().__init__()
        self.questions = questions
        self.fields = fields
        self.languages = languages
        self.position = 0
        self.ticks: list[str] = []
        """The boxes ticked so far on a multiple choice question, before Enter."""
        self.typed = ""
        """What is typed so far for a number or a comment, before Enter."""
        self.leaving = False
        """Set once the screen is going: keys still arriving are not for it."""
        self.closed = False
        """Set when the copy takes no more fields from here: only Esc still works."""

    @property
    def questionnaire(self) -> Questionnaire:
        return self.entry.questionnaire

    @property
    def question(self) -> Question | None:
        return self.questions[self.position] if self.position < len(self.questions) else None

    def heading(self) -> str:
        raise NotImplementedError

    async def save(self, question_id: str, field: Field) -> None:
        raise NotImplementedError

    async def at_end(self) -> None:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Static(Content(self.heading()), id="heading")
        body = VerticalScroll(classes="body", id="body")
        body.can_focus = False
        with body:
            yield Static(id="number", classes="number")
            yield Static(id="text", classes="question")
            yield Static(id="only-if", classes="muted")
            yield Static(id="options")
            yield TypedBox(id="typed")
        yield Static(id="message")
        yield Static(id="legend", classes="keys")

    async def on_mount(self) -> None:
        self.set_focus(None)
        self.show()

    def show(self) -> None:
        q = self.questionnaire
        question = self.question
        typed = self.query_one("#typed", TypedBox)
        self.say("", warning=False)
        if question is None:
            self.query_one("#number", Static).update(Content(_("End of the form")))
            self.query_one("#text", Static).update(
                Content(_("Every question has been keyed. Press Enter to finish."))
            )
            self.query_one("#only-if").display = False
            self.query_one("#options", Static).update("")
            typed.display = False
            self.query_one("#legend", Static).update(
                Content(_("Enter: finish  ·  Up: back  ·  Esc: leave"))
            )
            return
        where = _("Question {n} of {total}").format(
            n=printed.number(q, question.id), total=len(q.questions)
        )
        if question.section:
            sections = " / ".join(
                q.section_title(question.section, lang) for lang in self.languages
            )
            where += "  ·  " + display_safe(sections)
        self.query_one("#number", Static).update(Content(where))
        self.query_one("#text", Static).update(
            Content("\n".join(display_safe(q.text(question, lang)) for lang in self.languages))
        )
        condition = printed.only_if(q, question, self.languages[-1])
        self.query_one("#only-if", Static).update(Content(condition or ""))
        self.query_one("#only-if").display = condition is not None
        given = self.fields.get(question.id)
        if question.type == "multiple_choice":
            self.ticks = list(given.value) if given and isinstance(given.value, tuple) else []
        self.query_one("#options", Static).update(Content(self.options_text(question, given)))
        typed.display = question.type in TYPED
        if question.type in TYPED:
            self.typed = "" if given is None or given.value is None else str(given.value)
            self.show_typed()
        if given is not None and (question.type not in TYPED or given.code != "value"):
            self.say(
                _("Keyed before: {what}").format(
                    what=display_safe(describe(q, question, given, current_language()))
                ),
                warning=False,
            )
        self.query_one("#legend", Static).update(Content(self.legend(question)))
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def show_typed(self) -> None:
        question = self.question
        hint = ""
        if not self.typed and question is not None:
            hint = (
                _("The number as written")
                if question.type == "number"
                else _("The words as written")
            )
        text = Content(display_safe(self.typed) + "\u258f") if self.typed else Content(hint)
        self.query_one("#typed", TypedBox).update(text)
        self.query_one("#typed").set_class(not self.typed, "empty")

    def options_text(self, question: Question, given: Field | None) -> str:
        if question.type in TYPED:
            if question.type == "number":
                low = question.min if question.min is not None else 0
                high = question.max if question.max is not None else 999
                return _("A number from {low} to {high}").format(low=low, high=high)
            return ""
        q = self.questionnaire
        chosen: set[str] = set()
        if question.type == "multiple_choice":
            chosen = set(self.ticks)
        elif given is not None and given.code == "value":
            chosen = {str(given.value)}
        lines = []
        labels = [q.options(question, lang) for lang in self.languages]
        for position, code in enumerate(q.codes(question)):
            mark = "[x]" if code in chosen else "[ ]"
            words = " / ".join(display_safe(options[position][1]) for options in labels)
            lines.append(f"{position + 1} {mark} {words}")
        return "\n".join(lines)

    def legend(self, question: Question) -> str:
        if question.type in TYPED:
            return _(
                "Type it, then Enter  ·  Enter alone: blank  ·  / then Enter: prefer not to "
                "say  ·  ? then Enter: can't read  ·  Up: back"
            )
        count = len(self.questionnaire.codes(question))
        if question.type == "multiple_choice":
            return _(
                "1-{n}: tick or untick, then Enter  ·  Enter alone: blank  ·  /: prefer not to "
                "say  ·  ?: can't read  ·  Up: back"
            ).format(n=count)
        return _(
            "1-{n}: the box ticked  ·  Enter: blank  ·  /: prefer not to say  ·  ?: can't "
            "read  ·  *: more than one ticked  ·  Up: back"
        ).format(n=count)

    async def keep(self, field: Field) -> None:
        question = self.question
        assert question is not None
        try:
            await self.save(question.id, field)
        except StoreError:
            # The copy was finished meanwhile (typed in, or a laptop's keying merged into
            # this place): nothing more is written to it from here.
            self.closed = True
            self.say(
                _(
                    "This keying was finished elsewhere meanwhile (typed in, or a laptop's "
                    "keying merged): press Esc, then type the form's number again."
                )
            )
            return
        self.fields[question.id] = field
        await self.advance()

    async def advance(self) -> None:
        self.position += 1
        self.ticks = []
        self.typed = ""
        if self.position >= len(self.questions) and self.finish_at_last():
            await self.at_end()
            return
        self.show()

    def finish_at_last(self) -> bool:
        """Whether the last field kept ends the screen at once (a single decision), rather
        than showing the end of the form."""
        return False

    async def on_key(self, event: events.Key) -> None:
        # Every key is handled here, one after another, never by bindings: a binding with
        # priority runs as the key arrives, ahead of keys that came before it.
        event.stop()
        event.prevent_default()
        if self.leaving or not self.is_current:
            return
        if event.key == "escape":
            self.leaving = True
            self.dismiss(None)
            return
        if self.closed:
            return
        if event.key == "up":
            if self.position > 0:
                self.position -= 1
                self.show()
            return
        question = self.question
        if question is None:
            if event.key == "enter":
                self.leaving = True
                await self.at_end()
            return
        if question.type in TYPED:
            await self.type_key(question, event)
            return
        key = event.character if event.character and event.is_printable else event.key
        if key and key.isdigit():
            code = option_for_digit(self.questionnaire, question, key)
            if code is None:
                self.say(_("There is no box {n} on this question.").format(n=key))
                return
            if question.type == "multiple_choice":
                if code in self.ticks:
                    self.ticks.remove(code)
                else:
                    self.ticks.append(code)
                self.query_one("#options", Static).update(
                    Content(self.options_text(question, None))
                )
                return
            await self.keep(Field.of(code))
            return
        if key == "enter":
            if question.type == "multiple_choice" and self.ticks:
                await self.keep(read_value(self.questionnaire, question, tuple(self.ticks)))
                return
            await self.keep(Field("blank"))
            return
        code_of_key = CODE_KEYS.get(key or "")
        if code_of_key is None:
            return
        if code_of_key == "multiple" and question.type not in SINGLE_VALUED:
            self.say(
                _("Several boxes may be ticked here: type the number of each one, then Enter.")
            )
            return
        await self.keep(Field(code_of_key))

    def limit(self, question: Question) -> int:
        return question.max_length if question.type == "free_text" else 12

    async def type_key(self, question: Question, event: events.Key) -> None:
        if event.key == "enter":
            await self.submit_typed(question)
            return
        if event.key == "backspace":
            self.typed = self.typed[:-1]
        elif event.key == "ctrl+u":
            self.typed = ""
        elif event.is_printable and event.character:
            if len(self.typed) >= self.limit(question):
                self.say(_("That is as much as this box holds."))
                return
            self.typed += event.character
        else:
            return
        self.show_typed()

    def on_paste(self, event: events.Paste) -> None:
        question = self.question
        event.stop()
        if self.leaving or question is None or question.type not in TYPED:
            return
        # Lines run together: a field is one line of what was written.
        text = " ".join(event.text.split())
        self.typed = (self.typed + text)[: self.limit(question)]
        self.show_typed()

    async def submit_typed(self, question: Question) -> None:
        text = self.typed.strip()
        if not text:
            await self.keep(Field("blank"))
            return
        if text in CODE_KEYS and CODE_KEYS[text] != "multiple":
            await self.keep(Field(CODE_KEYS[text]))
            return
        try:
            field = read_value(self.questionnaire, question, text)
        except AnswerError as error:
            self.say(
                str(error) + " " + _("If that is what is written, type ? then Enter: can't read.")
            )
            return
        await self.keep(field)


class KeyingScreen(QuestionView):
    """One keyer's pass over a copy."""

    def __init__(self, transcription: Transcription) -> None:
        self.transcription = transcription
        q = transcription.questionnaire
        super().__init__(
            list(q.questions),
            dict(transcription.fields),
            form_languages(transcription.form_language),
        )
        # A pass part done goes on where it stopped.
        self.position = next(
            (i for i, question in enumerate(self.questions) if question.id not in self.fields),
            len(self.questions),
        )

    def heading(self) -> str:
        t = self.transcription
        if t.desk.SEALED:
            role = _("keying on this laptop, sealed for the lead")
        elif not t.double:
            role = _("single keying")
        elif t.pass_ == FIRST:
            role = _("first keying of two")
        else:
            role = _("second keying: type what the form says, not what you remember")
        return _("Form {serial}  ·  {role}").format(serial=t.serial, role=role)

    async def save(self, question_id: str, field: Field) -> None:
        await self.transcription.put(question_id, field)

    async def at_end(self) -> None:
        self.leaving = True
        outcome = await self.transcription.finish()
        self.dismiss((self.transcription.serial, outcome))


class DecideScreen(QuestionView):
    """One difference typed again from the form: what it says, neither keying's."""

    def __init__(self, resolution: Resolution, question: Question) -> None:
        self.resolution = resolution
        super().__init__([question], {}, form_languages(resolution.transcription.form_language))

    def heading(self) -> str:
        return _("Form {serial}  ·  type what the form says").format(
            serial=self.resolution.transcription.serial
        )

    async def save(self, question_id: str, field: Field) -> None:
        await self.resolution.decide(question_id, field)

    def finish_at_last(self) -> bool:
        return True

    async def at_end(self) -> None:
        self.leaving = True
        self.dismiss(None)


class ResolveScreen(EntryScreen):
    """Each difference between the two keyings, with the printed question, for a decision
    made with the form in hand."""

    BINDINGS = [
        Binding("1", "keep(1)", show=False),
        Binding("2", "keep(2)", show=False),
        Binding("3", "retype", show=False),
        Binding("escape", "leave", show=False),
    ]

    def __init__(self, resolution: Resolution) -> None:
        super().__init__()
        self.resolution = resolution
        self.leaving = False

    def compose(self) -> ComposeResult:
        yield Static(id="heading")
        with VerticalScroll(classes="body", id="body"):
            yield Static(id="number", classes="number")
            yield Static(id="text", classes="question")
            yield Static(id="first", classes="choice")
            yield Static(id="second", classes="choice")
            yield Static(Content(_("3  Neither: type what the form says")), classes="choice")
        yield Static(id="message")
        yield Static(
            Content(_("1: the first keying  ·  2: the second  ·  3: neither  ·  Esc: leave")),
            classes="keys",
        )

    async def on_mount(self) -> None:
        await self.show()

    async def on_screen_resume(self) -> None:
        await self.show()

    @property
    def current(self) -> Question | None:
        open_ids = self.resolution.open
        return self.entry.questionnaire.by_id[open_ids[0]] if open_ids else None

    async def show(self) -> None:
        r = self.resolution
        q = self.entry.questionnaire
        serial = r.transcription.serial
        question = self.current
        if question is None:
            self.leaving = True
            outcome = await r.finish()
            self.dismiss((serial, outcome))
            return
        left = len(r.open)
        self.query_one("#heading", Static).update(
            Content(
                _("Form {serial}  ·  the keyings differ: {left} of {all} to decide").format(
                    serial=serial, left=left, all=len(r.differing)
                )
            )
        )
        languages = form_languages(r.transcription.form_language)
        self.query_one("#number", Static).update(
            Content(
                _("Question {n} of {total}").format(
                    n=printed.number(q, question.id), total=len(q.questions)
                )
            )
        )
        self.query_one("#text", Static).update(
            Content("\n".join(display_safe(q.text(question, lang)) for lang in languages))
        )
        language = current_language()
        self.query_one("#first", Static).update(
            Content(
                "1  "
                + _("First keying: {what}").format(
                    what=display_safe(describe(q, question, r.field(FIRST, question.id), language))
                )
            )
        )
        self.query_one("#second", Static).update(
            Content(
                "2  "
                + _("Second keying: {what}").format(
                    what=display_safe(describe(q, question, r.field(SECOND, question.id), language))
                )
            )
        )

    async def action_keep(self, which: int) -> None:
        question = self.current
        if self.leaving or question is None or not self.is_current:
            return
        await self.resolution.decide(question.id, self.resolution.field(which, question.id))
        await self.show()

    async def action_retype(self) -> None:
        question = self.current
        if self.leaving or question is None or not self.is_current:
            return
        await self.app.push_screen(DecideScreen(self.resolution, question))

    def action_leave(self) -> None:
        if self.leaving:
            return
        self.leaving = True
        self.dismiss(None)
