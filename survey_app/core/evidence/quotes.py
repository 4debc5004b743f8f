"""Quotes: residents' own words, scrubbed, reviewed by the lead before any use.

A quote holds the scrubbed text and the kinds of thing removed (never the words removed).
The lead can hide more by hand, then approves or rejects it; a changed quote needs approving
again. Only approved quotes may reach a report or an export.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from survey_app.core.i18n import N_, app_translator
from survey_app.core.privacy.anonymiser import anonymise, placeholder, text_language
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store
from survey_app.core.store.rows import QuoteRow

MANUAL = "manual"
"""The kind recorded when the lead hides words by hand."""


def kind_name(kind: str, language: str) -> str:
    """What a kind of removed thing is called, in the lead's language (never the words)."""
    if kind == MANUAL:
        return app_translator(language).pgettext("placeholder", "removed")
    return placeholder(kind, language).strip("[]")


def manual_placeholder(language: str) -> str:
    # Looked up outside the f-string, where the message extractor can see it.
    word = app_translator(language).pgettext("placeholder", "removed")
    return f"[{word}]"


async def gather(store: Store, questionnaire: Questionnaire, inspection_id: int) -> int:
    """Scrub every free-text answer not quoted yet into a pending quote; how many new."""
    free_text = [q.id for q in questionnaire.questions if q.type == "free_text"]
    added = 0
    for response_id, question_id, language, text in await store.free_text_without_quote(
        inspection_id, free_text
    ):
        if not isinstance(text, str) or not text.strip():
            continue
        # The quote's language is that of its own words, not of the survey's screens: a
        # Welsh placeholder in an English comment would say its writer chose Welsh.
        written_in = text_language(text, language)
        result = anonymise(text, written_in)
        await store.add_quote(
            response_id,
            question_id,
            written_in,
            result.text,
            result.kinds,
            first_standard(questionnaire, question_id),
        )
        added += 1
    return added


SPECIAL: dict[str, tuple[str, str]] = {
    # kind: (its name, the words that touch it, English and Welsh)
    "health": (
        N_("health"),
        r"mental health|depress\w*|anxiety|anxious|panic attacks?|medication|meds|methadone|"
        r"subutex|heroin|addict\w*|relaps\w*|overdos\w*|self[- ]?harm\w*|suicid\w*|"
        r"psychosis|psychotic|schizophreni\w*|bipolar|ptsd|adhd|hiv|cancer|diabete?s|"
        r"diabetic|epilep\w*|hepatitis|pregnan\w*|hospital|sectioned|"
        r"iechyd meddwl|iselder|gorbryder|meddyginiaeth|ysbyty|hunanladd\w*|"
        r"hunan[- ]niweid\w*|beichiog",
    ),
    "sexual_orientation": (
        N_("sexual orientation or gender identity"),
        r"gay|lesbian|bisexual|queer|homosexual|homophob\w*|trans|transgender|transphob\w*|"
        r"lgbt\w*|non[- ]?binary|hoyw|lesbiad|deurywiol|trawsryweddol|homoffob\w*",
    ),
    "religion": (
        N_("religion or belief"),
        r"muslim|islam\w*|mosque|christian|church|chapel|jewish|synagogue|sikh|gurdwara|"
        r"hindu|temple|pray\w*|ramadan|halal|kosher|religio\w*|faith|bible|qur'?an|koran|"
        r"imam|chaplain|vicar|mwslim|mosg|cristion\w*|eglwys|capel|iddew\w*|gweddi\w*|"
        r"gweddïo|crefydd\w*|ffydd|beibl",
    ),
    "ethnicity": (
        N_("race or ethnic origin"),
        r"racis[mt]\w*|racial\w*|ethnic\w*|traveller|gypsy|gipsy|roma|immigrant|asylum|"
        r"refugee|nationality|hiliol|hiliaeth|ethnig|ffoadur\w*|mewnfudwr\w*",
    ),
    "disability": (
        N_("disability"),
        r"disab\w*|wheelchair|deaf|blind|crutch\w*|dyslexi\w*|autis\w*|"
        r"learning difficult\w*|anabl\w*|cadair olwyn|byddar|dall",
    ),
    "sex_life": (
        N_("sex life"),
        r"sex|sexual\w*|sexually|prostitut\w*|escort|rhywiol|puteinia\w*",
    ),
}
"""Special-category data (UK GDPR article 9) a comment may touch, found by its words: the
lead is told before approving it, since a quote about someone's health or faith can name
them to anyone who knows the house."""
_SPECIAL = {
    kind: re.compile(rf"(?<![^\W\d_])(?:{words})(?![^\W\d_])", re.IGNORECASE)
    for kind, (_name, words) in SPECIAL.items()
}


def special_categories(text: str) -> list[str]:
    """The special categories a quote's words touch, in the order of SPECIAL."""
    return [kind for kind, pattern in _SPECIAL.items() if pattern.search(text)]


def special_name(kind: str, language: str) -> str:
    return app_translator(language).gettext(SPECIAL[kind][0])


ALIKE = 0.8
"""How close two comments' words must be (difflib's ratio over their words, 0 to 1) to
count as much the same view."""
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
_NOT_WORDS = re.compile(r"[^\w]+")


def _gist(text: str) -> tuple[str, ...]:
    """A comment's words alone: placeholders, case and punctuation set aside (at most the
    first GIST_WORDS: enough to tell one view from another, and a bound on the work)."""
    words = _NOT_WORDS.sub(" ", _PLACEHOLDER.sub(" ", text).casefold()).split()
    return tuple(words[:GIST_WORDS])


GIST_WORDS = 80
_NEGATIONS = frozenset(
    "not no never nothing nobody dont don't didnt didn't isnt isn't cant can't wont won't "
    "ddim dim byth neb nid na".split()
)


def _negated(gist: tuple[str, ...]) -> bool:
    return any(word in _NEGATIONS for word in gist)


def _same(first: tuple[str, ...], gist: tuple[str, ...]) -> bool:
    # "Staff are good" and "Staff are not good" share most of their words: a view and
    # its opposite are never one view.
    if first == gist:
        return True
    if not first or not gist or _negated(first) != _negated(gist):
        return False
    matcher = SequenceMatcher(None, first, gist, autojunk=False)
    # The cheap upper bounds first: most pairs of comments are nowhere near each other.
    return (
        matcher.real_quick_ratio() >= ALIKE
        and matcher.quick_ratio() >= ALIKE
        and matcher.ratio() >= ALIKE
    )


def alike(quotes: Sequence[QuoteRow]) -> list[list[QuoteRow]]:
    """Quotes grouped by much the same words (a view "widely felt", as the manual puts
    it), each group in the order of `quotes`, the groups by their first member."""
    groups: list[tuple[tuple[str, ...], list[QuoteRow]]] = []
    for quote in quotes:
        gist = _gist(quote.text)
        for first, members in groups:
            if _same(first, gist):
                members.append(quote)
                break
        else:
            groups.append((gist, [quote]))
    return [members for _gist_, members in groups]


def worded_alike(a: str, b: str) -> bool:
    """The same words in the same order, case and punctuation aside, placeholders kept:
    what a lead who has read one has read of the other. (Much the same is not enough to
    approve unread: "[name] helped me" and "Dave helped me" say much the same.)"""
    return _NOT_WORDS.sub(" ", a.casefold()).split() == _NOT_WORDS.sub(" ", b.casefold()).split()


def first_standard(questionnaire: Questionnaire, question_id: str) -> int | None:
    """The standard a new quote is put under until the lead chooses: its question's, where
    the question informs exactly one; else none."""
    question = questionnaire.by_id.get(question_id)
    if question is None or len(question.standards) != 1:
        return None
    return question.standards[0]


def next_standard(standard: int | None) -> int | None:
    """The lead's `s` on a quote: 1, 2, ... 5, then none, then 1 again."""
    if standard is None:
        return 1
    return None if standard >= 5 else standard + 1


def hide(text: str, start: int, end: int, language: str) -> str:
    """`text` with the characters from start to end replaced by a placeholder."""
    if not 0 <= start < end <= len(text) or not text[start:end].strip():
        raise ValueError("choose some words of the quote to hide")
    return text[:start] + manual_placeholder(language) + text[end:]


async def redact(store: Store, quote_id: str, start: int, end: int) -> QuoteRow:
    quote = await _get(store, quote_id)
    kinds = list(quote.kinds) if MANUAL in quote.kinds else [*quote.kinds, MANUAL]
    await store.update_quote(
        quote_id, hide(quote.text, start, end, quote.language), kinds, "pending"
    )
    return await _get(store, quote_id)


async def decide(store: Store, quote_id: str, approve: bool) -> QuoteRow:
    quote = await _get(store, quote_id)
    await store.update_quote(
        quote_id, quote.text, list(quote.kinds), "approved" if approve else "rejected"
    )
    return await _get(store, quote_id)


async def _get(store: Store, quote_id: str) -> QuoteRow:
    quote = await store.quote(quote_id)
    if quote is None:
        raise KeyError(quote_id)
    return quote
