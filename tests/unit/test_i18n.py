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


SAMPLES = (0, 1, 2, 3, 6, 7)
"""One number of each Welsh plural category: zero, one, two, few, many, other (7)."""


@pytest.mark.parametrize(
    "path",
    [REPO / "translations" / "cy.po", REPO / "questions" / "ap-residents.cy.po"],
    ids=["app", "questionnaire"],
)
def test_every_welsh_plural_form_matches_cldr_for_sample_numbers(path: Path) -> None:
    """The catalogue's own Plural-Forms rule (what gettext tools use) and CLDR's categories
    (what the app uses) choose the same form for one number of each category, and that
    form exists, with the message's placeholders."""
    import gettext

    from babel import Locale

    catalogue = read_catalogue(path, "cy")
    rule = gettext.c2py(catalogue.plural_expr)
    categories = plural_categories("cy")
    cldr = Locale.parse("cy").plural_form
    assert [cldr(n) for n in SAMPLES] == ["zero", "one", "two", "few", "many", "other"]
    assert [rule(n) for n in SAMPLES] == [categories.index(cldr(n)) for n in SAMPLES]
    welsh = Translator.from_catalogues("cy", [catalogue])
    for message in catalogue:
        if not message.id or isinstance(message.id, str):
            continue
        singular, plural = message.id
        assert len(message.string) == 6, message.id
        for n in SAMPLES:
            index = categories.index(cldr(n))
            assert rule(n) == index, (message.id, n)
            form = message.string[index]
            assert form, (message.id, n)
            assert placeholders(form) == placeholders(plural), (message.id, n)
            assert welsh.ngettext(singular, plural, n) == form


@pytest.mark.parametrize(
    ("singular", "plural", "forms"),
    [
        # after "tri" and "chwe" an aspirate mutation (c > ch, p > ph, t > th); after
        # "dau"/"dwy" a soft one (c > g, p > b, t > d)
        (
            "That is not the passphrase. {n} try left.",
            "That is not the passphrase. {n} tries left.",
            {2: "gynnig", 3: "chynnig", 6: "chynnig", 7: "cynnig"},
        ),
        (
            "{n} point from the band above.",
            "{n} points from the band above.",
            {2: "bwynt", 3: "phwynt", 6: "phwynt", 7: "pwynt"},
        ),
        (
            "{n} resident answered.",
            "{n} residents answered.",
            {1: "preswylydd", 2: "breswylydd", 3: "phreswylydd", 6: "phreswylydd"},
        ),
        (
            "{file}: {n} Welsh text is marked fuzzy: a translator has not checked it yet",
            "{file}: {n} Welsh texts are marked fuzzy: a translator has not checked them yet",
            {1: "testun Cymraeg wedi'i farcio", 2: "destun", 3: "thestun", 7: "wedi'u marcio"},
        ),
        (
            "{id}: {premises}, {region}, fieldwork {start} to {end}, {language}, "
            "{residents} resident",
            "{id}: {premises}, {region}, fieldwork {start} to {end}, {language}, "
            "{residents} residents",
            {1: "{residents} preswylydd", 2: "breswylydd", 3: "phreswylydd", 7: "o breswylwyr"},
        ),
        (
            "{n} response from {m} residents ({percent}%).",
            "{n} responses from {m} residents ({percent}%).",
            {n: "o blith {m} o breswylwyr" for n in SAMPLES},
        ),
    ],
)
def test_welsh_counts_mutate_as_a_reviewer_asked(
    singular: str, plural: str, forms: dict[int, str]
) -> None:
    welsh = app_translator("cy")
    for n, words in forms.items():
        assert words in welsh.ngettext(singular, plural, n), (singular, n)


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


def test_keys_are_one_per_action_and_the_same_in_every_language() -> None:
    """A resident who switches language mid-way finds each key where it was: the letters
    are not translated, they do not clash, and no action takes a digit (digits answer)."""
    from survey_app.ui.widgets.chrome import KEYS

    letters = list(KEYS.values())
    assert len(set(letters)) == len(letters)
    assert all(len(k) == 1 and k.isalpha() and k.isupper() for k in letters)
    # no key letter is a translatable message any more: nothing to translate differently
    assert not [m for m in app_catalogue("cy") if m.context == "key"]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_compiled_catalogue_says_exactly_what_the_po_file_says(language: str) -> None:
    """At run time the app reads its catalogues compiled (standard library gettext); every
    message, every plural form for a number of each category, must match the .po file."""
    source = Translator.from_catalogues(language, [app_catalogue(language)])
    runtime = app_translator(language)
    assert runtime.singular == source.singular
    for (context, singular), forms in source.plurals.items():
        assert runtime.plurals[(context, singular)][: len(forms)] == forms
        for n in (0, 1, 2, 3, 6, 7):
            assert runtime.ngettext(singular, singular + "s", n) == source.ngettext(
                singular, singular + "s", n
            ), (singular, n)


def test_a_changed_catalogue_is_compiled_again(tmp_path: Path) -> None:
    from survey_app.core.i18n import compiled

    po = tmp_path / "cy.po"
    text = (REPO / "translations" / "cy.po").read_text(encoding="utf-8")
    po.write_text(text, encoding="utf-8")
    assert compiled(po, "cy").gettext("Skip") == "Hepgor"
    po.write_text(text.replace('msgstr "Hepgor"', 'msgstr "Neidio"'), encoding="utf-8")
    assert compiled(po, "cy").gettext("Skip") == "Neidio"


def test_fallback_is_the_english_source() -> None:
    empty = Translator("cy")
    assert empty.gettext("Skip") == "Skip"
    assert empty.ngettext("a {n}", "b {n}", 2) == "b {n}"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_catalogues_parse_strictly(language: str) -> None:
    read_catalogue(REPO / "translations" / f"{language}.po", language)
