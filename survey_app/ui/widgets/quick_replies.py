"""Numbered quick replies: press the number, click, or tab to one and press Enter."""

from __future__ import annotations

from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button

from survey_app.core.i18n import _
from survey_app.core.text import display_safe


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
    QuickReplies { height: auto; max-height: 12; overflow-y: auto; }
    QuickReplies #done { margin-top: 1; width: auto; }
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
        super().__init__(id="quick-replies")
        self.question_id = question_id
        self.options = options
        self.multiple = multiple
        self.exclusive = exclusive
        self.current = current

    def compose(self):  # type: ignore[no-untyped-def]
        for number, (code, label) in enumerate(self.options, start=1):
            reply = Reply(number, code, label)
            chosen = self.current if isinstance(self.current, tuple) else (self.current,)
            if self.multiple and code in chosen:
                reply.chosen = True
            elif code in chosen:
                reply.add_class("-current")
            reply.show(self.multiple)
            yield reply
        if self.multiple:
            yield Button(Content("0  " + _("Done")), id="done", variant="primary", compact=True)

    @property
    def replies(self) -> list[Reply]:
        return list(self.query(Reply))

    def press(self, number: int) -> bool:
        """Choose (or, for multiple choice, toggle) the reply with this number."""
        for reply in self.replies:
            if reply.number == number:
                self._activate(reply)
                return True
        return False

    def _activate(self, reply: Reply) -> None:
        if not self.multiple:
            self.post_message(self.Chosen(self.question_id, reply.code))
            return
        reply.chosen = not reply.chosen
        if reply.chosen:
            # An exclusive answer ("none of these") cannot stand with the others.
            for other in self.replies:
                if other is not reply and (
                    reply.code in self.exclusive or other.code in self.exclusive
                ):
                    other.chosen = False
        for each in self.replies:
            each.show(multiple=True)

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
