"""Pieces every resident screen shows: the demo label, the language switch, and the keys.

Each action has one key, the same in English and in Welsh, shown on its button beside the
word in the resident's language: a resident who switches language mid-way finds every key
where it was. Letters are the English initials (the Welsh word beside them says what the
key does); the number keys answer, so no action uses a digit.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.widgets import Button, Static

from survey_app.core.i18n import ENDONYMS, N_, Language, _, current_language

KEYS: dict[str, str] = {
    "skip": "S",
    "dont_know": "K",
    "refuse": "P",
    "note": "N",
    "back": "B",
    "help": "H",
    "stop": "X",
    "language": "L",
    "quit": "Q",
    "send": "D",
}
"""Action -> its key, in every language."""


class DemoBanner(Static):
    """Says plainly that this inspection is a demonstration, so no one mistakes it."""

    DEFAULT_CSS = """
    DemoBanner { width: 1fr; background: $warning; color: $background; text-style: bold;
                 text-align: center; height: auto; }
    """

    def __init__(self, bilingual: bool = False) -> None:
        from survey_app.core.i18n import app_translator

        text = _("DEMO: practice only. These answers are not used.")
        if bilingual:
            text = " / ".join(
                app_translator(lang).gettext("DEMO: practice only. These answers are not used.")
                for lang in ("cy", "en")
            )
        super().__init__(Content(text), id="demo-banner")


class JoinedBanner(Static):
    """On a collecting device: which inspection this screen collects for, on every screen,
    so that whoever sets up a kiosk or a laptop sees it joined the right one and a resident
    sees whose survey it is. The premises' name comes from the setup file: shown as text,
    never as markup, and cut to one line."""

    DEFAULT_CSS = """
    JoinedBanner { width: 1fr; height: 1; background: $panel; color: $text;
                   text-align: center; text-wrap: nowrap; text-overflow: ellipsis; }
    /* Both languages, on the welcome screen, which has the room: a line each (more for a
       long name at a phone's width), rather than the second being cut. */
    JoinedBanner.-both { height: auto; text-wrap: wrap; }
    """

    def __init__(self, premises: str, bilingual: bool = False) -> None:
        from survey_app.core.i18n import app_translator
        from survey_app.core.text import display_safe

        message = N_("Inspection of {premises}")
        languages = ("cy", "en") if bilingual else (current_language(),)
        text = "\n".join(
            app_translator(lang).gettext(message).format(premises=display_safe(premises))
            for lang in languages
        )
        super().__init__(Content(text), id="joined-banner", classes="-both" if bilingual else "")


EMERGENCY = N_("Emergency? Tell staff, or call 116 123")
"""The line on every resident screen: the survey is watched by nobody while it is answered.
Short enough for one line at 40 columns in either language; the help screen (H) and the
thanks screen say it in full."""


class HelpLine(Static):
    """Not for emergencies, and where help is: one line at the foot of a resident screen,
    docked there so that a screen that scrolls never takes it out of sight."""

    DEFAULT_CSS = """
    HelpLine { dock: bottom; width: 1fr; height: 1; color: $text-muted; padding: 0 0 0 1;
               text-wrap: nowrap; text-overflow: ellipsis; }
    HelpLine.-both { height: 2; }
    """

    def __init__(self, bilingual: bool = False) -> None:
        from survey_app.core.i18n import app_translator

        languages = ("cy", "en") if bilingual else (current_language(),)
        text = "\n".join(app_translator(lang).gettext(EMERGENCY) for lang in languages)
        # A fixed height (one line per language, which fits 40 columns): a line measured
        # as it is drawn would move what is above it after the first frame, under a finger.
        super().__init__(Content(text), id="help-line", classes="-both" if bilingual else "")


class LanguageButton(Button):
    """Shows the *other* language in its own name: the one a press switches to."""

    def __init__(self) -> None:
        other: Language = "en" if current_language() == "cy" else "cy"
        super().__init__(
            Content(key_label("language", ENDONYMS[other])),
            id="language",
            action="app.switch_language",
            compact=True,
        )


def key_label(action: str, label: str) -> str:
    """A button label that shows its key: "S  Skip", "S  Neidio"."""
    return f"{KEYS[action]}  {label}"


class LetterKeys:
    """Letter shortcuts: each screen lists action name -> what to run.

    A letter key is only seen here when the focused widget did not take it (a text box
    keeps its letters), so typing an answer never triggers an action.
    """

    LETTER_KEYS: ClassVar[dict[str, str]] = {}

    async def on_key(self, event: events.Key) -> None:
        character = (event.character or "").upper()
        if len(character) != 1 or not character.isalpha():
            return
        for name, action in self.LETTER_KEYS.items():
            if character == KEYS[name]:
                event.stop()
                event.prevent_default()
                await self.run_action(action)  # type: ignore[attr-defined]
                return
