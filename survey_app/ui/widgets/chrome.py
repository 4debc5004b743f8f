"""Pieces every resident screen shows: the demo label and the language switch."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.widgets import Button, Static

from survey_app.core.i18n import ENDONYMS, _, current_language, pgettext


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


class LanguageButton(Button):
    """Shows the *other* language in its own name: the one a press switches to."""

    def __init__(self) -> None:
        other = "en" if current_language() == "cy" else "cy"
        super().__init__(
            Content(key_label(pgettext("key", "L"), ENDONYMS[other])),
            id="language",
            action="app.switch_language",
            compact=True,
        )


def key_letter(english: str) -> str:
    """The letter that does something in the current language ("S" skips, Welsh "H")."""
    return pgettext("key", english)


def key_label(letter: str, label: str) -> str:
    """A button label that shows its key. Pass `pgettext("key", "S")` literally, so the
    letter is extracted into the catalogues for translators."""
    return f"{letter}  {label}"


class LetterKeys:
    """Letter shortcuts that follow the language: each screen lists English letter -> action.

    A letter key is only seen here when the focused widget did not take it (a text box
    keeps its letters), so typing an answer never triggers an action.
    """

    LETTER_KEYS: ClassVar[dict[str, str]] = {}

    async def on_key(self, event: events.Key) -> None:
        character = (event.character or "").lower()
        if not character.isalpha():
            return
        for english, action in self.LETTER_KEYS.items():
            if character == key_letter(english).lower():
                event.stop()
                event.prevent_default()
                await self.run_action(action)  # type: ignore[attr-defined]
                return
