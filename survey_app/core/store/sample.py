"""Sample responses: plausible, routed answers for the demo inspection and for measuring.

Answers are drawn at random but always follow the questionnaire's routing, so everything
downstream (aggregates, breakdowns, exports) sees data shaped like real responses.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from survey_app.core.collection.collector import Mode
from survey_app.core.questionnaire.flow import Answer, Flow
from survey_app.core.questionnaire.model import Question, Questionnaire
from survey_app.core.store.base import Store

COMMENTS = (
    "Staff are fair and they listen.",
    "The curfew is hard when my job finishes late.",
    "My key worker Dave helped me find a flat, ring him on 07700 900123.",
    "Room 14 is too noisy at night.",
    "Mae'r staff yn garedig iawn.",
    "I do not feel safe on the top floor.",
)


def random_answer(question: Question, questionnaire: Questionnaire, rng: random.Random) -> Answer:
    roll = rng.random()
    if roll < 0.04:
        return Answer.skip()
    if roll < 0.07:
        return Answer.refuse()
    if question.type == "free_text":
        return Answer.of(rng.choice(COMMENTS)) if rng.random() < 0.5 else Answer.skip()
    if question.type == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 20
        return Answer.of(rng.randint(low, min(high, low + 20)))
    codes = questionnaire.codes(question)
    # Lean towards the positive answers, as most residents' views do.
    weights = [3 if code in question.positive else 1 for code in codes]
    if question.type == "multiple_choice":
        ordinary = [c for c in codes if c not in question.exclusive]
        chosen = {rng.choices(ordinary, [3 if c in question.positive else 1 for c in ordinary])[0]}
        chosen |= {c for c in ordinary if rng.random() < 0.2}
        return Answer.of(tuple(c for c in codes if c in chosen))
    return Answer.of(rng.choices(codes, weights)[0])


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, Answer]:
    """One resident's answers, following routing; some stop early."""
    flow = Flow(questionnaire)
    stop_after = len(questionnaire.questions) if rng.random() > 0.1 else rng.randint(1, 10)
    given = 0
    while (question := flow.current) is not None and given < stop_after:
        flow.answer(question.id, random_answer(question, questionnaire, rng))
        given += 1
    return dict(flow.answers)


async def populate(
    store: Store,
    questionnaire: Questionnaire,
    inspection_id: int,
    count: int,
    seed: int = 0,
    modes: Sequence[Mode] = ("kiosk", "web", "paper", "interview"),
) -> None:
    """Add `count` sample responses to an inspection: most complete, some partial (they
    stop part way)."""
    rng = random.Random(seed)
    key = (questionnaire.id, questionnaire.version, questionnaire.content_hash)
    for _ in range(count):
        language = "cy" if rng.random() < 0.2 else "en"
        answers = random_answers(questionnaire, rng)
        finished = Flow(questionnaire, answers).current is None
        await store.add_response(
            inspection_id, rng.choice(modes), language, key, answers, finished=finished
        )
