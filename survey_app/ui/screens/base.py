"""What every resident screen shares: the demo label, a title bar with the language switch,
letter keys that are the same in every language, re-rendering when the language changes,
and arrow and page keys that scroll the screen's text whatever has focus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from survey_app.core.i18n import _
from survey_app.ui.widgets.chrome import (
    DemoBanner,
    HelpLine,
    JoinedBanner,
    LanguageButton,
    LetterKeys,
)
from survey_app.ui.widgets.reading import Reading

if TYPE_CHECKING:
    from survey_app.core.collection.inspection import Inspection
    from survey_app.core.collection.session import SurveySession

Result = TypeVar("Result")


class SurveyHost(Protocol):
    """What the resident screens read from the app that shows them. What they ask of it
    goes up as the messages below, never as calls into the app."""

    session: SurveySession | None
    inspection: Inspection | None
    free_text_cap: int
    INPUT_GUARD: float

    @property
    def demo(self) -> bool: ...

    async def begin_session(self) -> SurveySession: ...


def host(screen: Screen[Any]) -> SurveyHost:
    """The app showing `screen`, as the resident screens may read it."""
    return cast("SurveyHost", screen.app)


class ShowThanks(Message):
    """The response is submitted: thank the resident, with the code that takes it back."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


class ShowWelcome(Message):
    """This resident is done (declined, or read the thanks): welcome the next one."""


class OfferStop(Message):
    """The resident asked to stop: ask them first (the stop screen)."""


class StopSurvey(Message):
    """The resident chose to stop: keep what they gave, and show their code."""


class ToggleContrast(Message):
    """The high-contrast theme on, or off."""


def help_now() -> str:
    """Where help is, wherever a resident screen offers it."""
    return _(
        "This survey is not for emergencies. If you need help now, speak to staff or to the "
        "inspectors here, or call Samaritans free on 116 123, day or night. In Welsh, call "
        "the Samaritans' Welsh Language Line free on 0808 164 0123."
    )


def banners(screen: Screen[Any], bilingual: bool = False) -> ComposeResult:
    """What sits above every resident screen: the demo label on a demo inspection, and on a
    collecting device the inspection it joined."""
    if host(screen).demo:
        yield DemoBanner(bilingual)
    inspection = host(screen).inspection
    if inspection is not None and inspection.joined:
        yield JoinedBanner(inspection.premises, bilingual)


class ResidentScreen(LetterKeys, Screen[Result]):
    LETTER_KEYS: ClassVar[dict[str, str]] = {"language": "app.switch_language"}
    FIRST_FOCUS: ClassVar[str | None] = None
    """The widget (by CSS selector) that has focus when the screen opens or re-renders."""
    BINDINGS = [
        Binding("down", "read('down')", show=False, id="read.down"),
        Binding("up", "read('up')", show=False, id="read.up"),
        Binding("pagedown", "read('page_down')", show=False, id="read.page-down"),
        Binding("pageup", "read('page_up')", show=False, id="read.page-up"),
        Binding("home", "read('home')", show=False, id="read.home"),
        Binding("end", "read('end')", show=False, id="read.end"),
    ]

    def show_text(self, selector: str, content: Content | str) -> None:
        """Say something on a line of this screen; nothing while the screen is being drawn
        again (a change of language recomposes it, and keys that came with it find its
        lines gone for a moment: what they said is said afresh by the new ones)."""
        for line in self.query(selector).results(Static):
            line.update(content)

    def chrome(self, title: str) -> ComposeResult:
        yield from banners(self)
        yield HelpLine()  # docked at the foot
        with Horizontal(id="topbar"):
            yield Static(Content(title), classes="title")
            yield LanguageButton()

    def on_mount(self) -> None:
        self.focus_first()

    def focus_first(self) -> None:
        if self.FIRST_FOCUS:
            self.query_one(self.FIRST_FOCUS).focus()

    def action_read(self, how: str) -> None:
        """Scroll the screen's text (if it has one) by a line, a page, or to an end."""
        for reading in self.query(Reading):
            {
                "down": reading.scroll_down,
                "up": reading.scroll_up,
                "page_down": reading.scroll_page_down,
                "page_up": reading.scroll_page_up,
                "home": reading.scroll_home,
                "end": reading.scroll_end,
            }[how](animate=False)
            return

    async def relabel(self) -> None:
        """The language changed: compose again in the new one."""
        await self.recompose()
        self.focus_first()
