"""The flow engine on its own: next question, routing, changes, progress, validation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey_app.core.questionnaire.flow import NOT_APPLICABLE, Answer, AnswerError, Flow, validate
from survey_app.core.questionnaire.model import Questionnaire


def ids(flow: Flow) -> list[str]:
    return [q.id for q, _ in flow.history()]


def test_asks_in_order_and_routes(mini: Questionnaire) -> None:
    flow = Flow(mini)
    assert flow.current.id == "safe"  # type: ignore[union-attr]
    flow.answer("safe", Answer.of("agree"))
    flow.answer("complained", Answer.of("no"))
    # complaint_fair and complaint_why do not apply without a complaint
    assert flow.current.id == "activities"  # type: ignore[union-attr]
    assert flow.state("complaint_fair") == "off"
    assert flow.state("complaint_why") == "off"


def test_chain_of_conditions(mini: Questionnaire) -> None:
    flow = Flow(mini)
    flow.answer("safe", Answer.of("agree"))
    flow.answer("complained", Answer.of("yes"))
    assert flow.current.id == "complaint_fair"  # type: ignore[union-attr]
    assert flow.state("complaint_why") == "maybe"
    flow.answer("complaint_fair", Answer.of("no"))
    assert flow.current.id == "complaint_why"  # type: ignore[union-attr]


def test_changing_an_answer_marks_unreached_answers_not_applicable(mini: Questionnaire) -> None:
    flow = Flow(mini)
    flow.answer("safe", Answer.of("agree"))
    flow.answer("complained", Answer.of("yes"))
    flow.answer("complaint_fair", Answer.of("no"))
    flow.answer("complaint_why", Answer.of("They ignored me."))
    change = flow.answer("complained", Answer.of("no"))
    assert set(change.not_applicable) == {"complaint_fair", "complaint_why"}
    assert flow.answers["complaint_fair"] == NOT_APPLICABLE
    assert flow.answers["complaint_why"] == NOT_APPLICABLE  # the text is dropped, not kept
    assert ids(flow) == ["safe", "complained"]
    # and back again: the questions are asked afresh
    change = flow.answer("complained", Answer.of("yes"))
    assert set(change.reopened) == {"complaint_fair", "complaint_why"}
    assert flow.current.id == "complaint_fair"  # type: ignore[union-attr]
    assert "complaint_fair" not in flow.answers


def test_skip_and_refuse_count_as_done_but_route_as_no_value(mini: Questionnaire) -> None:
    flow = Flow(mini)
    flow.answer("safe", Answer.skip())
    flow.answer("complained", Answer.refuse())
    assert flow.state("complaint_fair") == "off"
    assert ids(flow) == ["safe", "complained"]
    assert flow.answers["safe"].status == "skipped"
    assert flow.answers["complained"].status == "refused"


def test_numbers_route(mini: Questionnaire) -> None:
    flow = Flow(mini)
    for qid, value in (("safe", "agree"), ("complained", "no"), ("activities", ("work",))):
        flow.answer(qid, Answer.of(value))
    flow.answer("sessions", Answer.of("0"))
    assert flow.answers["sessions"].value == 0
    assert flow.current.id == "anything_else"  # type: ignore[union-attr]
    flow.answer("sessions", Answer.of(3))
    assert flow.current.id == "sessions_useful"  # type: ignore[union-attr]


def test_exclusive_multiple_choice_routes(mini: Questionnaire) -> None:
    flow = Flow(mini)
    for qid, value in (("safe", "agree"), ("complained", "no"), ("activities", ("none",))):
        flow.answer(qid, Answer.of(value))
    assert flow.state("sessions") == "off"
    assert flow.current.id == "anything_else"  # type: ignore[union-attr]


def test_progress_follows_routing(mini: Questionnaire) -> None:
    flow = Flow(mini)
    start = flow.progress()
    # nothing is known yet: every question routing may reach counts
    assert (start.done, start.remaining) == (0, 8)
    flow.answer("safe", Answer.of("agree"))
    flow.answer("complained", Answer.of("no"))
    after_no = flow.progress()
    assert after_no.done == 2
    # without a complaint, complaint_fair and complaint_why drop out of the estimate
    assert after_no.remaining == 4
    assert 0 < after_no.fraction < 1


def test_finished_when_every_reachable_question_is_done(mini: Questionnaire) -> None:
    flow = Flow(mini)
    for qid, value in (
        ("safe", "agree"),
        ("complained", "no"),
        ("activities", ("none",)),
        ("anything_else", "Nothing more."),
    ):
        flow.answer(qid, Answer.of(value))
    assert flow.finished
    assert flow.progress().remaining == 0
    assert flow.previous(None).id == "anything_else"  # type: ignore[union-attr]
    assert flow.previous("activities").id == "complained"  # type: ignore[union-attr]
    assert flow.previous("safe") is None


@pytest.mark.parametrize(
    ("qid", "value", "message"),
    [
        ("safe", "maybe", "choose one of the answers"),
        ("safe", ("agree",), "choose one of the answers"),
        ("activities", (), "one or more"),
        ("activities", "work", "one or more"),
        ("activities", ("work", "none"), "cannot go with"),
        ("sessions", "three", "whole number"),
        ("sessions", "51", "from 0 to 50"),
        ("sessions", -1, "from 0 to 50"),
        ("sessions", True, "whole number"),
        ("anything_else", "   ", "type your answer"),
        ("anything_else", "x" * 4001, "too long"),
    ],
)
def test_validation(mini: Questionnaire, qid: str, value: object, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        validate(mini.by_id[qid], value, mini)


def test_multiple_choice_is_stored_in_option_order(mini: Questionnaire) -> None:
    assert validate(mini.by_id["activities"], ("training", "work", "work"), mini) == (
        "work",
        "training",
    )


def test_cannot_answer_a_question_that_does_not_apply(mini: Questionnaire) -> None:
    flow = Flow(mini)
    flow.answer("safe", Answer.of("agree"))
    flow.answer("complained", Answer.of("no"))
    with pytest.raises(AnswerError):
        flow.answer("complaint_fair", Answer.of("yes"))


def test_rebuilt_from_stored_answers(mini: Questionnaire) -> None:
    flow = Flow(mini)
    flow.answer("safe", Answer.of("agree"))
    flow.answer("complained", Answer.of("yes"))
    again = Flow(mini, dict(flow.answers))
    assert again.current.id == "complaint_fair"  # type: ignore[union-attr]


# --- properties over any sequence of answers, changes included --------------------------
def any_answer(flow: Flow, data: st.DataObject) -> tuple[str, Answer]:
    q = flow.questionnaire
    reachable = [x for x in q.questions if flow.state(x.id) in ("done", "open")]
    question = data.draw(st.sampled_from(reachable))
    kind = data.draw(st.sampled_from(["value", "value", "value", "skip", "refuse"]))
    if kind == "skip":
        return question.id, Answer.skip()
    if kind == "refuse":
        return question.id, Answer.refuse()
    codes = q.codes(question)
    if question.type == "multiple_choice":
        chosen = data.draw(
            st.lists(st.sampled_from([c for c in codes if c != "none"]), min_size=1, unique=True)
        )
        return question.id, Answer.of(tuple(chosen))
    if question.type == "number":
        return question.id, Answer.of(data.draw(st.integers(0, 50)))
    if question.type == "free_text":
        return question.id, Answer.of(data.draw(st.text(min_size=1, max_size=20).filter(str.strip)))
    return question.id, Answer.of(data.draw(st.sampled_from(codes)))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_invariants_hold_after_any_answers(mini: Questionnaire, data: st.DataObject) -> None:
    flow = Flow(mini)
    for _ in range(data.draw(st.integers(1, 15))):
        if flow.finished and data.draw(st.booleans()):
            break
        qid, answer = any_answer(flow, data)
        flow.answer(qid, answer)
        # every value kept is on a question routing still reaches
        for other, given_answer in flow.answers.items():
            if given_answer.status != "not_applicable":
                assert flow.state(other) in ("done", "maybe"), other
            else:
                assert flow.state(other) == "off"
        # the current question is the first open one, and nothing before it is open
        current = flow.current
        if current is not None:
            before = mini.questions[: mini.index[current.id]]
            assert all(flow.state(q.id) in ("done", "off") for q in before)
        progress = flow.progress()
        assert progress.done == len(flow.history())
        # rebuilding from the stored answers gives the same state
        again = Flow(mini, dict(flow.answers))
        assert [again.state(q.id) for q in mini.questions] == [
            flow.state(q.id) for q in mini.questions
        ]
