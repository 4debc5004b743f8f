"""The disclosure audit: an attacker given everything one release publishes, and the
questionnaire, solves for every hidden cell. Its ranges are checked against brute force
on small systems, the routing attack the privacy review found is caught, and extra
suppression leaves nothing pinned."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from attack import paths, subset, table_figures, what_a_reader_knows
from hypothesis import given, settings
from hypothesis import strategies as st

from survey_app.core.analysis.aggregates import Tallies, aggregate, positives, tally
from survey_app.core.privacy.disclosure import INF, Release, System, audit, build, protect, ranges
from survey_app.core.questionnaire.flow import Answer, Flow
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.sample import random_answers


def tallies_of(answers: dict[str, dict[object, int]], responses: int) -> Tallies:
    out = Tallies()
    for question_id, counts in answers.items():
        for value, n in counts.items():
            status = value if value in ("skipped", "refused") else "answered"
            out.add(question_id, status, None if status != "answered" else value, n)
    out.responses = responses
    return out


def release_of(mini: Questionnaire, tallies: Tallies, partial: int | None = 0) -> Release:
    published = aggregate(mini, tallies, residents=30)
    return Release(
        mini,
        tuple(published.questions),
        tallies.responses,
        tuple(published.standards),
        partial=partial,
    )


def test_a_follow_up_asked_of_six_pins_the_one_who_said_no(mini: Questionnaire) -> None:
    # 7 residents: 6 made a complaint, 1 did not; the 6 were asked whether it was dealt
    # with fairly (the rest of the questionnaire is left out: how many left part way is not
    # published here). Each table alone hides the 1; together they give it away.
    tallies = tallies_of(
        {
            "safe": {"agree": 7},
            "complained": {"yes": 6, "no": 1},
            "complaint_fair": {"yes": 3, "no": 3},
        },
        responses=7,
    )
    release = release_of(mini, tallies, partial=None)
    complained = next(t for t in release.tables if t.question.id == "complained")
    assert [c.shown for c in complained.cells] == ["hidden", "small"]  # safe alone
    [finding] = [f for f in audit(release) if f.unknown.question == "complained"][:1]
    assert (finding.unknown.part, finding.low, finding.high) in (("no", 1, 1), ("yes", 6, 6))
    protected = protect(release)
    assert audit(protected) == []
    # and what was shown stays shown where it gives nothing away
    safe = next(t for t in protected.tables if t.question.id == "safe")
    assert safe.base_shown


def brute_force(system: System, target: int) -> tuple[int, int]:
    values = []
    for point in itertools.product(
        *(range(lo, hi + 1) for lo, hi in zip(system.lower, system.upper, strict=True))
    ):
        if all(
            lo <= sum(c * point[i] for i, c in row.items()) <= hi for row, lo, hi in system.rows
        ):
            values.append(point[target])
    assert values, "the system has a solution by construction"
    return min(values), max(values)


@st.composite
def systems(draw: st.DrawFn) -> System:
    """A few small integer unknowns, a true solution, and rows that it satisfies (as
    published figures are satisfied by the true counts)."""
    size = draw(st.integers(1, 4))
    truth = [draw(st.integers(0, 4)) for _ in range(size)]
    system = System()
    for i, value in enumerate(truth):
        lo = draw(st.integers(0, value))
        hi = draw(st.integers(value, 5))
        system.var(f"x{i}", lo, hi)
    for _ in range(draw(st.integers(0, 4))):
        chosen = draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=size, unique=True))
        coefficients = {i: draw(st.sampled_from([-1, 1, 2])) for i in chosen}
        total = sum(c * truth[i] for i, c in coefficients.items())
        kind = draw(st.sampled_from(["eq", "le", "ge", "band"]))
        lo, hi = {
            "eq": (total, total),
            "le": (-INF, total + draw(st.integers(0, 2))),
            "ge": (total - draw(st.integers(0, 2)), INF),
            "band": (total - 1, total + 1),
        }[kind]
        system.row(coefficients, lo, hi)
    return system


@settings(max_examples=150, deadline=None)
@given(systems())
def test_the_solver_finds_exactly_what_brute_force_finds(system: System) -> None:
    found = ranges(system, range(len(system.names)))
    for target in range(len(system.names)):
        assert found[target] == brute_force(system, target)


def raw(questionnaire: Questionnaire, residents: Sequence[tuple[dict[str, Answer], bool]]
        ) -> tuple[Release, dict[tuple[str, str], int]]:  # fmt: skip
    """The release as published (protected), and every true figure behind it."""
    tallies = tally(answers for answers, _finished in residents)
    partial = sum(not finished for _answers, finished in residents)
    unprotected = release_of(questionnaire, tallies, partial=partial)
    figures = {("", "partial"): partial, **table_figures(unprotected.tables)}
    for question in questionnaire.questions:
        # what each question would add to its standard's share, whatever is published
        positive, answers = positives(questionnaire, tallies, [question.id])
        figures[question.id, "positive answers"] = positive
        figures[question.id, "counted answers"] = answers
    return protect(unprotected), figures


def standards_agree(release: Release, keys: list[tuple[str, str]], matrix: Any) -> Any:
    """Which candidates give every shown standard's figures, over the questions that the
    release says it counted."""
    agree = True
    for summary in release.standards:
        if not summary.shown:
            continue
        for part, published in (("positive answers", summary.positive),
                                ("counted answers", summary.answers)):  # fmt: skip
            columns = [keys.index((q, part)) for q in summary.questions]
            agree = agree & (matrix[:, columns].sum(axis=1) == published)
    return agree


def test_an_attacker_who_tries_every_set_of_residents_pins_no_hidden_cell(
    mini: Questionnaire,
) -> None:
    """Exhaustively, for 3 and 4 residents: every set of residents whose true figures
    agree with everything the release publishes is a possibility for the reader; across
    them, every hidden cell must take more than one value, and a cell shown as "fewer
    than 3" both 1 and 2. (This attacker works from the residents' possible answers, not
    from the audit's equations, so it checks those too.)"""
    import numpy as np

    questionnaire = subset(mini, ("complained", "complaint_fair"))
    ways = paths(questionnaire)
    checked = 0
    for size in (3, 4):
        # Sets of residents that differ only in who gave which answer publish the same:
        # one release per set of counts.
        by_counts: dict[object, tuple[Release, dict[tuple[str, str], int]]] = {}
        results = []
        for chosen in itertools.combinations_with_replacement(range(len(ways)), size):
            residents = [ways[i] for i in chosen]
            counts = (
                sorted(Counter(str(sorted((q, a.status, str(a.value)) for q, a in answers.items()))
                               for answers, _ in residents).items()),
                sum(not finished for _, finished in residents),
            )  # fmt: skip
            key = repr(counts)
            if key not in by_counts:
                by_counts[key] = raw(questionnaire, residents)
            results.append(by_counts[key])
        keys = sorted(results[0][1])
        matrix = np.array([[figures[key] for key in keys] for _r, figures in results])
        for release, _figures in results:
            known = what_a_reader_knows(release)
            low = np.array([known.get(key, (0, size))[0] for key in keys])
            high = np.array([known.get(key, (0, size))[1] for key in keys])
            table_parts = np.array([key[1] not in ("positive answers", "counted answers")
                                    for key in keys])  # fmt: skip
            within = ((matrix >= low) & (matrix <= high)) | ~table_parts
            possible = matrix[within.all(axis=1) & standards_agree(release, keys, matrix)]
            for table in release.tables:
                parts = [(c, c.code) for c in table.cells]
                parts += [(c, "#" + c.code) for c in table.apart]
                for cell, part in parts:
                    if cell.shown == "shown":
                        continue
                    if table.not_answered_shown and table.not_answered == 0 and cell in (
                        table.apart):  # fmt: skip
                        continue  # nobody declined, and everyone is told so
                    values = set(possible[:, keys.index((table.question.id, part))])
                    checked += 1
                    assert len(values) > 1, (table.question.id, cell.code, values, known)
                    if cell.shown == "small":
                        assert values >= {1, 2}, (table.question.id, cell.code, values)
    assert checked > 100  # the attack had hidden cells to work on


def test_the_system_holds_the_true_counts(mini: Questionnaire) -> None:
    rng = random.Random(4)
    for _ in range(20):
        residents = [random_path(mini, rng) for _ in range(rng.randint(3, 30))]
        tallies = tally(answers for answers, _ in residents)
        partial = sum(not finished for _, finished in residents)
        system, _meaning, truth = build(release_of(mini, tallies, partial=partial))
        for row, lo, hi in system.rows:
            if all(i in truth for i in row):
                assert lo <= sum(c * truth[i] for i, c in row.items()) <= hi, (
                    [system.names[i] for i in row], lo, hi)  # fmt: skip


def random_path(questionnaire: Questionnaire, rng: random.Random) -> tuple[dict[str, Answer], bool]:
    answers = random_answers(questionnaire, rng)
    return answers, Flow(questionnaire, answers).current is None


def test_the_solver_writes_nothing_on_standard_output() -> None:
    """HiGHS prints a banner the first time it is used; standard output is the terminal of
    the lead's view, so nothing may reach it."""
    import subprocess
    import sys

    script = (
        "from survey_app.core.privacy.disclosure import System, ranges\n"
        "s = System(); s.var('x', 0, 1); s.row({0: 1}, 0, 1)\n"
        "print(ranges(s, [0]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "{0: (0, 1)}\n"
