"""English and Welsh are equal: every message the app can show exists in Welsh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from survey_app.core.i18n import (
    Translator,
    app_catalogue,
    app_translator,
    iter_untranslated,
    plural_categories,
    plural_index,
    read_catalogue,
)

REPO = Path(__file__).parent.parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "both": None}


def extracted() -> set[tuple[str | tuple[str, ...], str | None]]:
    """Every message the source code can show, found the way translators' tools find them."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        REPO / "survey_app", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add((message if isinstance(message, str) else tuple(message), context))
    return found


def test_every_message_in_the_code_has_welsh() -> None:
    messages = extracted()
    assert len(messages) > 100
    welsh = app_translator("cy")
    missing = [
        (msgid, context)
        for msgid, context in messages
        if not welsh.has(msgid if isinstance(msgid, str) else tuple(msgid), context)  # type: ignore[arg-type]
    ]
    assert not missing, f"no Welsh for: {missing}"


def test_catalogues_hold_no_untranslated_welsh_and_match_the_template() -> None:
    welsh = app_catalogue("cy")
    assert list(iter_untranslated(welsh)) == []
    template = read_catalogue(REPO / "translations" / "survey_app.pot", "en")
    template_ids = {
        (m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in template if m.id
    }
    assert template_ids == extracted(), "regenerate the template: see translations/README.md"


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{[^{}]*\}", text))


def test_welsh_keeps_every_placeholder() -> None:
    for message in app_catalogue("cy"):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert placeholders(string) == placeholders(source), message.id


def test_welsh_plurals_have_six_forms() -> None:
    assert plural_categories("cy") == ("zero", "one", "two", "few", "many", "other")
    assert plural_categories("en") == ("one", "other")
    assert [plural_index("cy", n) for n in (0, 1, 2, 3, 4, 6, 11)] == [0, 1, 2, 3, 5, 4, 5]
    plurals = [m for m in app_catalogue("cy") if m.id and not isinstance(m.id, str)]
    assert plurals
    for message in plurals:
        assert len(message.string) == 6 and all(message.string), message.id


def test_welsh_count_words_follow_cldr() -> None:
    welsh = app_translator("cy")
    forms = [
        welsh.ngettext("About {n} question to go", "About {n} questions to go", n).format(n=n)
        for n in (1, 2, 3, 6, 7)
    ]
    assert len(set(forms[:4])) >= 3  # one, two, few and many differ in Welsh (mutations)
    english = app_translator("en")
    assert (
        english.ngettext("About {n} question to go", "About {n} questions to go", 1)
        == "About {n} question to go"
    )


def test_key_letters_do_not_clash() -> None:
    """Skip, refuse, back and language share the chat screen; quit and language the home."""
    for language in ("en", "cy"):
        t = app_translator(language)
        chat = [t.pgettext("key", k) for k in ("S", "P", "B", "X", "L")]
        home = [t.pgettext("key", k) for k in ("Q", "L")]
        assert len({c.lower() for c in chat}) == 5, (language, chat)
        assert len({c.lower() for c in home}) == 2, (language, home)
        for letter in chat + home:
            assert len(letter) == 1 and letter.isalpha()
        # a shortcut letter must not be a digit the quick replies use
    cy = app_translator("cy")
    for key, label in (
        ("S", "Skip"),
        ("P", "Prefer not to say"),
        ("B", "Back"),
        ("Q", "Quit"),
        ("X", "Stop"),
    ):
        assert cy.gettext(label).upper().startswith(cy.pgettext("key", key)), label


def test_fallback_is_the_english_source() -> None:
    empty = Translator("cy")
    assert empty.gettext("Skip") == "Skip"
    assert empty.ngettext("a {n}", "b {n}", 2) == "b {n}"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_catalogues_parse_strictly(language: str) -> None:
    read_catalogue(REPO / "translations" / f"{language}.po", language)
