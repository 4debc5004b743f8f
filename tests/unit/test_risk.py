"""Words of risk in residents' comments, in English and Welsh: found in comments written
independently of the detector (the sets it was developed against; the held-out half of the
second set is measured in benchmarks/risk_words.py), and a knife in the kitchen is not a
danger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from survey_app.core.collection.risk import words_of_risk

DEVELOPMENT = Path(__file__).parents[1] / "data" / "risk"


@pytest.mark.parametrize("name", ["development", "development-2", "development-3"])
def test_on_comments_written_apart_from_it_it_finds_nearly_all_and_alarms_few(name: str) -> None:
    comments = json.loads((DEVELOPMENT / f"{name}.json").read_text(encoding="utf-8"))["comments"]
    risky = [c for c in comments if c["risk"]]
    harmless = [c for c in comments if not c["risk"]]
    missed = [c["text"] for c in risky if not words_of_risk(c["text"])]
    alarms = [c["text"] for c in harmless if words_of_risk(c["text"])]
    assert len(risky) >= 30 and len(harmless) >= 20
    # Leaning towards too much: a false alarm costs one line about where help is.
    assert len(missed) <= len(risky) // 10, missed
    assert len(alarms) <= len(harmless) // 4, alarms
    for language in ("en", "cy"):
        assert any(c["language"] == language and words_of_risk(c["text"]) for c in risky)


@pytest.mark.parametrize(
    "text",
    [
        "Someone threatened to STAB me last night",
        "mae o wedi fy nghuro i",  # a mutated Welsh verb
        "Dw i eisiau lladd fy hun",
        "i think about ending it all",
        "im scared to go in the kitchen cos they said theyll glass me",  # a threat, kitchen or not
        # kinds that tell of danger only together, in one sentence
        "that man keeps taking photos of the children at the bus stop",
        "been hoarding my tablets in a sock",
        "im going to find out where his brother lives",
        "dwi'n mynd i dalu'n ôl iddo fo",
        # a Welsh verb joined to what follows by an apostrophe
        "mae o am stabio'i gefnder",
        # harm that was over, and then is back
        "he used to hit me and now he has started again",
        # a word of leaving life is never let off as past
        "i used to be fine but i want to die",
    ],
)
def test_kinds_of_risk_in_either_language_and_any_case(text: str) -> None:
    assert words_of_risk(text)


@pytest.mark.parametrize(
    "text",
    [
        "The bread knife in the kitchen is blunt.",
        "Mae'r gyllell fara yn y gegin yn ddi-fin.",
        "My key worker helped me find a flat.",
        "Dw i'n hoffi'r staff yma.",
        "The self-harm awareness poster in reception is useful.",
        # idioms, and harm told as past and over
        "the sofa in the lounge is dead old",
        "dwi jyst â marw isio paned",
        "i used to self harm when i was younger but not for years",
        "staff took the knife off him and dealt with it, all fine",
    ],
)
def test_a_knife_in_the_kitchen_or_a_poster_is_not_a_danger(text: str) -> None:
    assert not words_of_risk(text)
