"""Numbered quick replies: press the number, click, or tab to one and press Enter.

Every option can be reached: the options scroll within their area and the one pressed is
scrolled into view; for multiple choice, Done stays below the list where it cannot be
scrolled away, and a line under the options says what an exclusive answer cleared.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from survey_app.core.i18n import _
from survey_app.core.text import display_safe

MANY = 5
"""More options than this sit closer together, so that more of them are in view at once."""


class Reply(Button):
    DEFAULT_CSS = """
    Reply { width: 1fr; max-width: 60; height: auto; padding: 0 1; margin: 0 0 1 0;
            text-align: left; content-align: left middle; }
    Reply.-chosen { background: $accent; color: $text; text-style: bold; }
    Reply.-current { text-style: bold underline; }
    """

    def __init__(self, number: int, code: str, label: str) -> None:
        super().__init__(id=f"reply-{code}", compact=True)
        self.number = number
        self.code = code
        self.text = label
        self.chosen = False
        self.show()

    def show(self, multiple: bool = False) -> None:
        mark = ("☑ " if self.chosen else "☐ ") if multiple else ""
        self.label = Content(f"{self.number}  {mark}{display_safe(self.text)}")
        self.set_class(self.chosen, "-chosen")


class QuickReplies(Vertical):
    """The answers to a choice question, numbered from 1."""

    DEFAULT_CSS = """
    QuickReplies { height: auto; }
    QuickReplies #choices { height: auto; max-height: 45vh; }
    .-narrow QuickReplies #choices { max-height: 40vh; }
    QuickReplies.-many Reply { margin-bottom: 0; }
    QuickReplies #choice-note { height: auto; color: $warning; text-style: bold; }
    QuickReplies #choice-note.-empty { display: none; }
    QuickReplies #done-row { height: auto; }
    QuickReplies #chosen-count { width: 1fr; color: $text-muted; padding: 0 1; }
    QuickReplies #done { width: auto; }
    """

    class Chosen(Message):
        """An answer to `question_id`: the screen drops it if that question has gone."""

        def __init__(self, question_id: str, value: str | tuple[str, ...]) -> None:
            super().__init__()
            self.question_id = question_id
            self.value = value

    def __init__(
        self,
        question_id: str,
        options: list[tuple[str, str]],
        multiple: bool = False,
        exclusive: tuple[str, ...] = (),
        current: object = None,
    ) -> None:
        super().__init__(id="quick-replies", classes="-many" if len(options) > MANY else "")
        self.question_id = question_id
        self.options = options
        self.multiple = multiple
        self.exclusive = exclusive
        self.current = current

    def compose(self) -> ComposeResult:
        chosen = self.current if isinstance(self.current, tuple) else (self.current,)
        with VerticalScroll(id="choices", can_focus=False):
            for number, (code, label) in enumerate(self.options, start=1):
                reply = Reply(number, code, label)
                if self.multiple and code in chosen:
                    reply.chosen = True
                elif code in chosen:
                    reply.add_class("-current")
                reply.show(self.multiple)
                yield reply
        if self.multiple:
            yield Static(id="choice-note", classes="-empty")
            with Horizontal(id="done-row"):
                yield Static(id="chosen-count")
                yield Button(Content("0  " + _("Done")), id="done", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._count()

    @property
    def replies(self) -> list[Reply]:
        return list(self.query(Reply))

    def press(self, number: int) -> bool:
        """Choose (or, for multiple choice, toggle) the reply with this number."""
        for reply in self.replies:
            if reply.number == number:
                reply.focus()  # which also scrolls it into view
                self._activate(reply)
                return True
        return False

    def _activate(self, reply: Reply) -> None:
        if not self.multiple:
            self.post_message(self.Chosen(self.question_id, reply.code))
            return
        reply.chosen = not reply.chosen
        cleared: list[Reply] = []
        if reply.chosen:
            # An exclusive answer ("none of these") cannot stand with the others.
            for other in self.replies:
                if (
                    other is not reply
                    and other.chosen
                    and (reply.code in self.exclusive or other.code in self.exclusive)
                ):
                    other.chosen = False
                    cleared.append(other)
        for each in self.replies:
            each.show(multiple=True)
        self._note(reply, cleared)
        self._count()

    def _note(self, reply: Reply, cleared: list[Reply]) -> None:
        """Say what an exclusive answer took away: those ticks may be out of sight."""
        note = self.query_one("#choice-note", Static)
        if not cleared:
            note.update("")
            note.add_class("-empty")
            return
        # Numbers, not the options' words: one short line, whatever the words' length.
        numbers = ", ".join(str(other.number) for other in cleared)
        note.update(
            Content(
                _("Choosing {number} took away {numbers}.").format(
                    number=reply.number, numbers=numbers
                )
            )
        )
        note.remove_class("-empty")

    def _count(self) -> None:
        if not self.multiple:
            return
        chosen = [r.number for r in self.replies if r.chosen]
        text = (
            _("Chosen: {numbers}").format(numbers=", ".join(map(str, chosen)))
            if chosen
            else _("Nothing chosen yet")
        )
        self.query_one("#chosen-count", Static).update(Content(text))

    @property
    def chosen(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.replies if r.chosen)

    def done(self) -> None:
        # Even an empty choice is sent: the flow answers it with "choose one or more".
        self.post_message(self.Chosen(self.question_id, self.chosen))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, Reply):
            self._activate(event.button)
        elif event.button.id == "done":
            self.done()
