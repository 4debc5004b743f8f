"""Paper forms' serials, their QR codes' words, routing as a form prints it, and the store's
record of the copies printed."""

from __future__ import annotations

import asyncio
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from survey_app.core.collection import serials
from survey_app.core.collection.serials import PageMark
from survey_app.core.questionnaire import printed
from survey_app.core.questionnaire.conditions import references
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store


def test_every_single_wrong_character_and_every_swap_is_caught() -> None:
    for _ in range(300):
        serial = serials.normalise(serials.new_serial())
        assert serials.valid(serial)
        for i in range(len(serial)):
            for other in serials.ALPHABET:
                if other != serial[i]:
                    assert not serials.valid(serial[:i] + other + serial[i + 1 :])
        for i in range(len(serial) - 1):
            if serial[i] != serial[i + 1]:
                swapped = serial[:i] + serial[i + 1] + serial[i] + serial[i + 2 :]
                assert not serials.valid(swapped)


def test_a_serial_is_typed_back_in_any_case_with_or_without_its_dash() -> None:
    serial = serials.new_serial()
    assert serial[3] == "-" and len(serial) == 8
    assert serials.valid(serial.lower().replace("-", " "))
    assert serials.show(serial.replace("-", "").lower()) == serial
    assert not serials.valid("")
    assert not serials.valid("ABC-DEF0")  # 0 is not in the alphabet: read as O


def test_new_serials_are_distinct_new_and_not_in_the_order_they_were_made() -> None:
    taken = set(serials.new_serials(50))
    run = serials.new_serials(200, taken)
    assert len(set(run)) == 200
    assert not set(run) & taken
    # Random, so never sorted, never a count: nothing ties the order copies were handed
    # out to their serials (200 in order by chance: about 1 in 200!).
    assert run != sorted(run)
    bodies = [serials.ALPHABET.index(s[0]) for s in run]
    assert len(set(bodies)) > 10


@given(st.text(max_size=200))
def test_only_a_form_s_own_mark_decodes(text: str) -> None:
    mark = PageMark.decode(text)
    if mark is not None:
        assert PageMark.decode(mark.encode()) == mark


def test_a_mark_says_serial_inspection_questionnaire_and_page() -> None:
    serial = serials.new_serial()
    mark = PageMark(serial, "0b5e7c4e-1111-4222-8333-444455556666", "mini@0.1", 3, 12)
    text = mark.encode()
    assert text.startswith("HMIP-PAPER|1|")
    assert PageMark.decode(text) == mark
    assert PageMark.decode(text.replace("3/12", "13/12")) is None
    wrong = serial[:-1] + ("A" if serial[-1] != "A" else "B")
    assert PageMark.decode(text.replace(serial, wrong)) is None
    assert PageMark.decode(serial) is None


def test_jumps_follow_the_routing(mini: Questionnaire) -> None:
    by_id = mini.by_id
    complained = printed.jumps(mini, by_id["complained"])
    # "No": the two questions about the complaint are skipped, to question 5.
    assert complained.by_code == {"no": 5}
    assert complained.blank == 5
    fair = printed.jumps(mini, by_id["complaint_fair"])
    assert fair.by_code == {"yes": 5, "dont_know": 5}
    assert fair.blank == 5
    assert printed.jumps(mini, by_id["safe"]).by_code == {}
    # Multiple choice: no option can say where to go; the routed question says when.
    assert printed.jumps(mini, by_id["activities"]).by_code == {}


def test_a_routed_question_says_when_to_answer_it_in_both_languages(
    mini: Questionnaire,
) -> None:
    fair = mini.by_id["complaint_fair"]
    english = printed.only_if(mini, fair, "en")
    welsh = printed.only_if(mini, fair, "cy")
    label_en = mini.option_label(mini.by_id["complained"], "yes", "en")
    label_cy = mini.option_label(mini.by_id["complained"], "yes", "cy")
    assert (
        english == f"Answer this question only if you chose \u2018{label_en}\u2019 at question 2."
    )
    assert welsh is not None and label_cy in welsh and "yng nghwestiwn 2" in welsh
    assert welsh != english
    sessions = printed.only_if(mini, mini.by_id["sessions"], "en")
    assert sessions is not None and "did not choose" in sessions and "question 5" in sessions
    assert printed.only_if(mini, mini.by_id["safe"], "en") is None


def test_every_routed_question_of_the_bundled_survey_is_explained(
    bundled: Questionnaire,
) -> None:
    for question in bundled.questions:
        if question.when is None:
            continue
        for language in ("en", "cy"):
            words = printed.only_if(bundled, question, language)
            assert words is not None
            for ref in references(bundled.conditions[question.id]):
                assert str(printed.number(bundled, ref.question)) in words


def test_copies_are_recorded_taken_back_and_counted(db_path: Path) -> None:
    async def go() -> None:
        store = await Store.open(db_path)
        try:
            run = serials.new_serials(5)
            await store.add_paper_copies(1, run, "both")
            assert await store.paper_copies_issued(1) == 5
            assert await store.paper_serials(1) == {serials.normalise(s) for s in run}
            assert await store.paper_copy_language(1, run[0].lower()) == "both"
            assert await store.paper_copy_language(1, serials.new_serial()) is None
            await store.remove_paper_copies(1, run[:2])
            assert await store.paper_copies_issued(1) == 3
        finally:
            await store.close()

    asyncio.run(go())
