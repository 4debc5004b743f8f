"""Quotes: residents' own words, scrubbed, reviewed by the lead before any use.

A quote holds the scrubbed text and the kinds of thing removed (never the words removed).
The lead can hide more by hand, then approves or rejects it; a changed quote needs approving
again. Only approved quotes may reach a report or an export.
"""

from __future__ import annotations

from survey_app.core.anonymiser import anonymise, placeholder
from survey_app.core.i18n import app_translator
from survey_app.core.questionnaire import Questionnaire
from survey_app.core.store import QuoteRow, Store

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
        result = anonymise(text, language)
        await store.add_quote(response_id, question_id, language, result.text, result.kinds)
        added += 1
    return added


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
