"""Typing in paper forms: keystrokes per closed question, and the keying errors double
entry catches. Prints figures; asserts nothing.

Keystrokes: filled-in forms of the bundled questionnaire (sample residents, routing
followed, what it skips left blank) are keyed into the real entry screen through Pilot,
one key at a time, and each stored response is checked against the form; the keys are
counted per closed question (a choice, yes/no, agreement or multiple choice: the target
is at most 1.1 on average) and per field, against one key and Enter for every question
(the floor: a keyer who confirms each field).

Errors caught: simulated second keyings of many forms with keying errors injected at the
published single-entry rate (3.7 per 10,000 fields, Paulsen et al., PLoS ONE 2012,
e35087), into both keyings independently; double entry's comparison finds every field
that differs, and the figure is how many of the injected errors it finds. A share of the
errors can be made "shared" (`--shared`): the same misreading by both keyers (an ambiguous
tick, a 7 read as 1), which no comparison of two keyings can catch.

    .venv/bin/python benchmarks/entry.py [--forms 10] [--fields 2000000] [--shared 0.0]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

from survey_app.core.collection import serials
from survey_app.core.collection.entry import Field, differences, outcome
from survey_app.core.paths import default_questionnaire
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Question, Questionnaire, load
from survey_app.core.store.base import Store
from survey_app.core.store.sample import random_answers

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, figure

CLOSED = ("single_choice", "yes_no", "agreement", "multiple_choice")
SINGLE_RATE = 3.7 / 10_000


def fields_of(questionnaire: Questionnaire, answers: dict[str, Answer]) -> dict[str, Field]:
    """A filled-in form: what a resident wrote, question by question."""
    out: dict[str, Field] = {}
    for question in questionnaire.questions:
        answer = answers.get(question.id)
        if answer is None or answer.status in ("not_applicable", "skipped", "dont_know"):
            out[question.id] = Field("blank")
        elif answer.status == "refused":
            out[question.id] = Field("refused")
        else:
            assert answer.value is not None
            out[question.id] = Field.of(answer.value)
    return out


def keys_of(questionnaire: Questionnaire, question: Question, field: Field) -> list[str]:
    """The keys a keyer presses for one field (see ui/entry: one key per tick)."""
    if field.code == "blank":
        return ["enter"]
    if field.code == "refused":
        return ["slash"] if question.type not in ("number", "free_text") else ["slash", "enter"]
    value = field.value
    codes = questionnaire.codes(question)
    if question.type == "multiple_choice":
        assert isinstance(value, tuple)
        return [str(codes.index(c) + 1) for c in value] + ["enter"]
    if question.type in ("number", "free_text"):
        return [k if k != " " else "space" for k in str(value)] + ["enter"]
    return [str(codes.index(str(value)) + 1)]


async def key_forms(
    questionnaire: Questionnaire, forms: list[dict[str, Field]]
) -> dict[str, float]:
    from survey_app.ui.entry.app import EntryApp

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite3"
        store = await Store.open(db)
        await store.ensure_demo()
        await store.set_paper_double_entry(1, False)
        made = serials.new_serials(len(forms))
        await store.add_paper_copies(1, made, "en", f"{questionnaire.id}@{questionnaire.version}")
        closed_keys = closed = all_keys = 0
        start = time.perf_counter()
        app = EntryApp(questionnaire, db, 1, store, language="en")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.3)
            for serial, fields in zip(made, forms, strict=True):
                await pilot.press(*serial, "enter")
                await pilot.pause(0.05)
                for question in questionnaire.questions:
                    keys = keys_of(questionnaire, question, fields[question.id])
                    await pilot.press(*keys)
                    all_keys += len(keys)
                    if question.type in CLOSED:
                        closed_keys += len(keys)
                        closed += 1
                await pilot.press("enter")  # the end of the form
                await pilot.pause(0.05)
        elapsed = time.perf_counter() - start
        stored = [await store.answers(r.id) for r in await store.responses(1) if r.mode == "paper"]
        expected = [outcome(questionnaire, f).answers for f in forms]
        key = lambda answers: sorted((q, repr(a)) for q, a in answers.items())  # noqa: E731
        if sorted(map(key, stored)) != sorted(map(key, expected)):
            raise SystemExit("the keyed forms were not stored as written")
        await store.close()
    fields = len(forms) * len(questionnaire.questions)
    return {
        "closed": closed_keys / closed,
        "per_field": all_keys / fields,
        "seconds_per_form": elapsed / len(forms),
    }


def wrong(
    questionnaire: Questionnaire, question: Question, field: Field, rng: random.Random
) -> Field:
    """A keying error: another box's key, a digit off, a code instead of a value."""
    choices: list[Field] = [Field("blank"), Field("refused"), Field("unreadable")]
    if question.type in ("single_choice", "yes_no", "agreement"):
        choices += [Field.of(c) for c in questionnaire.codes(question)]
    elif question.type == "number":
        value = field.value if isinstance(field.value, int) else 0
        choices += [Field.of(value + 1), Field.of(max(0, value - 1)), Field.of(value * 10 + 1)]
    elif question.type == "free_text":
        choices += [Field.of(str(field.value or "") + "x")]
    elif question.type == "multiple_choice":
        choices += [Field.of((c,)) for c in questionnaire.codes(question)]
    options = [c for c in choices if c != field]
    return rng.choice(options)


def simulate(
    questionnaire: Questionnaire,
    forms: list[dict[str, Field]],
    fields: int,
    shared: float,
    rng: random.Random,
) -> dict[str, float]:
    injected = caught = left = 0
    done = 0
    while done < fields:
        truth = forms[rng.randrange(len(forms))]
        first, second = dict(truth), dict(truth)
        errors: list[str] = []
        for question in questionnaire.questions:
            done += 1
            for keying in (first, second):
                if rng.random() < SINGLE_RATE:
                    keying[question.id] = wrong(questionnaire, question, truth[question.id], rng)
                    injected += 1
                    errors.append(question.id)
                    if rng.random() < shared:
                        # the same misreading by the other keyer too: both agree, both wrong
                        other = second if keying is first else first
                        other[question.id] = keying[question.id]
        found = set(differences(questionnaire, first, second))
        for qid in errors:
            if qid in found:
                caught += 1
            else:
                left += 1
    return {"injected": injected, "caught": caught, "left": left, "fields": done}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=10, help="forms keyed through the screen")
    parser.add_argument("--fields", type=int, default=2_000_000, help="fields simulated")
    parser.add_argument("--shared", type=float, default=0.0, help="share of shared misreadings")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write the figures here for benchmarks/run")
    args = parser.parse_args()
    questionnaire = load(default_questionnaire())
    rng = random.Random(args.seed)
    forms = [fields_of(questionnaire, random_answers(questionnaire, rng)) for _ in range(200)]
    keyed = asyncio.run(key_forms(questionnaire, forms[: args.forms]))
    print(f"{args.forms} forms of {len(questionnaire.questions)} questions keyed on the screen:")
    print(f"  keys per closed question:  {keyed['closed']:.3f} (target: at most 1.1)")
    print(f"  keys per field, all kinds: {keyed['per_field']:.3f} (floor: key and Enter, 2.0)")
    print(f"  Pilot's time per form:     {keyed['seconds_per_form']:.2f} s")
    share = 1.0
    for shared in dict.fromkeys((args.shared, 0.1)):
        found = simulate(questionnaire, forms, args.fields, shared, rng)
        injected, caught = found["injected"], found["caught"]
        per_10k = found["left"] / found["fields"] * 10_000
        caught_share = caught / injected if injected else 1.0
        if shared == args.shared:
            share = caught_share
        print(
            f"{found['fields']:,} fields keyed twice, errors at 3.7 per 10,000 each keying, "
            f"{shared:.0%} of them the same misreading by both keyers:"
        )
        print(f"  injected {injected}, caught by the comparison {caught} ({caught_share:.1%})")
        print(f"  left after double entry: {per_10k:.3f} per 10,000 fields (published: 0.46)")
    emit(args.json, [
        figure("keys per closed question, a whole form keyed", keyed["closed"], "keys",
               at_most=1.1),
        figure("keys per field, a whole form keyed", keyed["per_field"], "keys",
               ("one key and Enter for every field", 2.0)),
        figure("keying errors double entry catches", share * 100, "%", at_least=99.0),
    ])  # fmt: skip


if __name__ == "__main__":
    main()
