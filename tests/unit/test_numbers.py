"""The number models: learnt from the sets read and never from the sets kept unread, and
taking the rooms and ages that no rule looks for, not the counts and times beside them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from survey_app.core.privacy import numbers, training
from survey_app.core.privacy.anonymiser import anonymise


def test_the_shipped_models_are_what_training_on_the_sets_read_gives() -> None:
    shipped = json.loads(numbers.MODEL.read_text("utf-8"))
    fresh = training.model()
    assert shipped["trained_on"] == fresh["trained_on"] == list(training.TRAINING_SETS)
    assert shipped["examples"] == fresh["examples"]
    for kind in numbers.KINDS:
        assert shipped[kind]["bias"] == pytest.approx(fresh[kind]["bias"], abs=1e-5)  # type: ignore[index]
        ours, theirs = shipped[kind]["weights"], fresh[kind]["weights"]  # type: ignore[index]
        assert ours.keys() == theirs.keys()
        assert all(ours[f] == pytest.approx(theirs[f], abs=1e-5) for f in ours)


def test_no_set_kept_unread_is_learnt_from() -> None:
    assert all(name.startswith("dev") for name in training.TRAINING_SETS)
    assert "test" not in training.TRAINING_SETS  # the first set held out
    shipped = json.loads(numbers.MODEL.read_text("utf-8"))
    assert not [name for name in shipped["trained_on"] if name.startswith("held")]
    held = sorted(p.stem for p in training.DATA.glob("held*.jsonl"))
    assert held and not set(held) & set(shipped["trained_on"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tank from 2 is nearly forty", "Tank from [room] is nearly [age]"),
        (
            "she always leaves 13 till last cos thats mine",
            "she always leaves [room] till last cos thats mine",
        ),
        (
            "the lad from 12 keeps borrowing my charger",
            "the lad from [room] keeps borrowing my charger",
        ),
        # counts, times, measures and scores stay
        ("I waited 45 minutes for the duty officer", "I waited 45 minutes for the duty officer"),
        (
            "There are 22 beds here and only 2 washing machines",
            "There are 22 beds here and only 2 washing machines",
        ),
        ("the food is 6 out of 10 at best", "the food is 6 out of 10 at best"),
        ("curfew is 11 on weekdays", "curfew is 11 on weekdays"),
    ],
)
def test_numbers_by_the_words_about_them(text: str, expected: str) -> None:
    assert anonymise(text).text == expected


def test_a_decision_can_be_read_back() -> None:
    text = "If you are in 17 you get the noise"
    start = text.index("17")
    why = numbers.explain(text, start, start + 2, "room")
    assert why and all(isinstance(weight, float) for _feature, weight in why)
    assert any(feature == "p1=in" and weight > 0 for feature, weight in why), why


def test_without_the_model_file_the_rules_stand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "If you are in 17 you get the noise from the road"
    for broken in ("missing", "{not json", '{"room": {}}'):
        target = tmp_path / "numbers.json"
        if broken == "missing":
            target.unlink(missing_ok=True)
        else:
            target.write_text(broken)
        monkeypatch.setattr(numbers, "MODEL", target)
        numbers.models.cache_clear()
        try:
            assert numbers.find(text, []) == []
            assert anonymise(text).text == text  # no rule takes these two
        finally:
            monkeypatch.undo()
            numbers.models.cache_clear()
    assert numbers.find(text, [])  # and back with the shipped file
