"""Pieces every resident screen shows: the demo label and the language switch."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Button, Static

from survey_app.core.i18n import ENDONYMS, _, current_language


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

    DEFAULT_CSS = """
    LanguageButton { width: auto; min-width: 10; height: 1; border: none; margin: 0 0 0 1; }
    """

    def __init__(self) -> None:
        other = "en" if current_language() == "cy" else "cy"
        super().__init__(
            Content(ENDONYMS[other]), id="language", action="app.switch_language", tooltip=None
        )
        self.can_focus = True
