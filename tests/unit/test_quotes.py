"""Quotes on a real database: scrubbed on the way in, reviewed, gone with a withdrawal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from survey_app.core.collection.session import SurveySession
from survey_app.core.evidence.quotes import decide, gather, hide, redact, special_categories
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store

COMMENT = "Dafydd on nights is brilliant, ring him on 07700 900123. The food is cold though."


async def respond(store: Store, mini: Questionnaire, language: str, text: str) -> str:
    session = SurveySession(store, mini, 1, "self", language)
    await session.start()
    for qid, value in (("safe", "agree"), ("complained", "no"), ("activities", ("none",))):
        await session.answer(qid, Answer.of(value))
    await session.answer("anything_else", Answer.of(text))
    return await session.submit()


async def test_quotes_are_scrubbed_and_reviewed(db_path: Path, mini: Questionnaire) -> None:
    store = await Store.open(db_path)
    try:
        code = await respond(store, mini, "en", COMMENT)
        await respond(store, mini, "cy", "Mae Siân yn ystafell 12 yn garedig iawn.")
        assert await gather(store, mini, 1) == 2
        assert await gather(store, mini, 1) == 0  # once each
        quotes = {q.language: q for q in await store.quotes(1)}
        english = quotes["en"]
        assert (
            english.text
            == "[name] on nights is brilliant, ring him on [phone]. The food is cold though."
        )
        assert english.kinds == ("name", "phone") and english.status == "pending"
        assert quotes["cy"].text == "Mae [enw] yn [ystafell] yn garedig iawn."
        # the quote table never holds what was removed
        with sqlite3.connect(db_path) as connection:
            stored = " ".join(str(row) for row in connection.execute("SELECT * FROM quote"))
        assert "Dafydd" not in stored and "900123" not in stored and "Siân" not in stored

        start = english.text.index("The food")
        hidden = await redact(store, english.id, start, start + len("The food"))
        assert hidden.text.endswith("[removed] is cold though.")
        assert hidden.kinds == ("name", "phone", "manual") and hidden.status == "pending"
        approved = await decide(store, english.id, approve=True)
        assert approved.status == "approved"
        # changing an approved quote sends it back for approval
        again = await redact(store, english.id, 0, len("[name]"))
        assert again.status == "pending" and again.kinds.count("manual") == 1
        assert [q.id for q in await store.quotes(1, "pending")] == sorted(
            [english.id, quotes["cy"].id]
        )

        # withdrawal takes the quote with the answers
        assert await store.withdraw(code) == "withdrawn"
        assert [q.language for q in await store.quotes(1)] == ["cy"]
        with sqlite3.connect(db_path) as connection:
            assert connection.execute("SELECT count(*) FROM quote").fetchone() == (1,)
    finally:
        await store.close()


@pytest.mark.parametrize(("start", "end"), [(5, 5), (-1, 3), (0, 99), (3, 4)])
def test_hiding_needs_some_words(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        hide("abc def", start, end, "en")


def test_hiding_in_welsh() -> None:
    assert hide("Mae Guto yn iawn", 4, 8, "cy") == "Mae [wedi'i guddio] yn iawn"


async def test_a_quote_is_in_the_language_of_its_own_words(
    db_path: Path, mini: Questionnaire
) -> None:
    """Placeholders followed the survey's language: "[enw]" inside an English comment told
    everyone its writer had chosen Welsh (in an AP with one Welsh speaker, who they are)."""
    store = await Store.open(db_path)
    try:
        await respond(store, mini, "cy", "Dafydd on nights is brilliant, the food is cold though.")
        await respond(store, mini, "en", "Mae Siân yn garedig iawn ond mae'r bwyd yn oer.")
        await gather(store, mini, 1)
        by_text = {q.text: q.language for q in await store.quotes(1)}
    finally:
        await store.close()
    assert by_text == {
        "[name] on nights is brilliant, the food is cold though.": "en",
        "Mae [enw] yn garedig iawn ond mae'r bwyd yn oer.": "cy",
    }


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("My depression got worse here and nobody noticed", ["health"]),
        ("Dw i'n hoyw a does neb yn poeni am hynny", ["sexual_orientation"]),
        ("They let me go to the mosque on a Friday", ["religion"]),
        ("The other lads are racist to me", ["ethnicity"]),
        ("No lift for my wheelchair", ["disability"]),
        ("The transport to work is rubbish and the blinds are broken", []),
        ("Mae'r staff yn garedig iawn", []),
    ],
)
def test_special_category_data_is_flagged_in_both_languages(text: str, kinds: list[str]) -> None:
    assert special_categories(text) == kinds


async def test_each_quote_is_under_one_standard_the_lead_can_change(
    db_path: Path, mini: Questionnaire
) -> None:
    from survey_app.core.evidence.quotes import first_standard, next_standard

    assert first_standard(mini, "anything_else") is None  # it informs no standard
    assert [next_standard(s) for s in (None, 1, 4, 5)] == [1, 2, 5, None]
    store = await Store.open(db_path)
    try:
        await respond(store, mini, "en", "The food is cold though.")
        await gather(store, mini, 1)
        [quote] = await store.quotes(1)
        assert quote.standard is None
        await store.set_quote_standard(quote.id, 4)
        [moved] = await store.quotes(1)
        assert moved.standard == 4
        with pytest.raises(ValueError):
            await store.set_quote_standard(quote.id, 6)
    finally:
        await store.close()


def test_much_the_same_words_are_one_view_and_a_view_is_never_its_opposite() -> None:
    from survey_app.core.evidence.quotes import alike
    from survey_app.core.store.rows import QuoteRow

    texts = [
        "The food is cold.",
        "the food is cold!!",
        "The food is always cold",
        "Staff are good",
        "Staff are not good",
        "Mae'r bwyd yn oer",
        "Dydy'r bwyd ddim yn oer",
        "[name] is great",
    ]
    quotes = [QuoteRow(str(i), "q", "en", t, (), "approved") for i, t in enumerate(texts)]
    assert [[q.text for q in group] for group in alike(quotes)] == [
        texts[:3], [texts[3]], [texts[4]], [texts[5]], [texts[6]], [texts[7]],
    ]  # fmt: skip


async def test_the_pack_prints_a_view_once_with_how_many_held_it(
    db_path: Path, mini: Questionnaire
) -> None:
    from survey_app.core.evidence.gather import gather as gather_evidence
    from survey_app.reports.pack import to_markdown

    store = await Store.open(db_path)
    try:
        for text in ("The food is cold.", "the food is cold!", "The food is cold"):
            await respond(store, mini, "en", text)
        for text in ("Curfew is too early.", "Curfew is too early"):
            await respond(store, mini, "en", text)
        await gather(store, mini, 1)
        for quote in await store.quotes(1):
            await decide(store, quote.id, approve=True)
        pack = to_markdown(await gather_evidence(store, mini, 1))
    finally:
        await store.close()
    assert pack.lower().count("food is cold") == 1
    assert "3 residents said much the same." in pack
    assert pack.lower().count("curfew is too early") == 1
    assert "More than one resident said much the same." in pack  # 2 is a small number


def test_only_quotes_worded_alike_count_as_read_together() -> None:
    from survey_app.core.evidence.quotes import worded_alike

    assert worded_alike("The food is cold.", "the food is COLD!")
    assert not worded_alike("[name] helped me find a flat", "Dave helped me find a flat")
    assert not worded_alike("The food is cold on Mondays", "The food is cold on Monday")
