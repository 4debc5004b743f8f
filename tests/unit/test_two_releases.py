"""An attacker who holds two releases: the one before three more residents answered (or
one withdrew and two answered), and the one after. Releases are made only after three
changes, so that the difference between two is never one person, and each is audited
against the one before; this checks, exhaustively over every set of residents, that
holding both pins no count either of them hides.

Every figure a release publishes is a sum over residents (a count of answers, of residents
asked, of partial responses, of residents mostly positive over the questions a standard's
share says it counts), so each possible set of residents gives its figures as a sum of one
vector per resident: every set is tried at once, as a matrix."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

import numpy as np
import pytest
from attack import paths, subset, table_figures, what_a_reader_knows

from survey_app.core.analysis.aggregates import (
    Tallies,
    aggregate,
    count_people,
    plan,
    positives,
    sides,
    tally,
)
from survey_app.core.evidence.gather import published
from survey_app.core.privacy.disclosure import Release
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire

Way = tuple[dict[str, Answer], bool]
Key = tuple[str, str]


def tallies_of(
    questionnaire: Questionnaire, residents: Sequence[Way], gone: int | None = None
) -> Tallies:
    """The counts a release keeps of these residents."""
    answers = [a for a, _finished in residents]
    tallies = tally(answers)
    tallies.gone = gone
    tallies.partial = sum(not finished for _a, finished in residents)
    tallies.people = count_people(questionnaire, answers, plan(questionnaire)(tallies))
    return tallies


def release_of(
    questionnaire: Questionnaire,
    residents: Sequence[Way],
    earlier: Sequence[Tallies] = (),
    gone: int | None = None,
) -> Release:
    """What the lead's view and the exports publish for these residents (the product's
    own path: counted, residents counted over the share's questions, audited, protected,
    against the releases before it)."""
    tallies = tallies_of(questionnaire, residents, gone)
    shown = published(questionnaire, tallies, residents=30, earlier=earlier)
    return Release(
        questionnaire,
        tuple(shown.questions),
        tallies.responses,
        tuple(shown.standards),
        partial=tallies.partial,
    )


def figures(questionnaire: Questionnaire, way: Way, release: Release) -> dict[Key, int]:
    """One resident's part in every figure the release publishes."""
    answers, finished = way
    counted = aggregate(questionnaire, tally([answers]), residents=30)
    out: dict[Key, int] = {("", "partial"): int(not finished), **table_figures(counted.questions)}
    for summary in release.standards:
        positive, total = positives(questionnaire, tally([answers]), summary.questions)
        out[f"standard {summary.standard}", "positive answers"] = positive
        out[f"standard {summary.standard}", "counted answers"] = total
        over = sides(questionnaire, {summary.standard: summary.questions})
        people = count_people(questionnaire, [answers], over).get(summary.standard, (0, 0))
        out[f"standard {summary.standard}", "residents"] = people[0]
        out[f"standard {summary.standard}", "residents positive"] = people[1]
    return out


def consistent(release: Release, keys: list[Key], matrix: np.ndarray) -> np.ndarray:
    """Which rows of candidate figures agree with everything the release publishes."""
    known = what_a_reader_knows(release)
    agree = np.ones(len(matrix), dtype=bool)
    for j, key in enumerate(keys):
        if key in known:
            low, high = known[key]
            agree &= (matrix[:, j] >= low) & (matrix[:, j] <= high)
    for summary in release.standards:
        name = f"standard {summary.standard}"
        if summary.shown:
            agree &= matrix[:, keys.index((name, "positive answers"))] == summary.positive
            agree &= matrix[:, keys.index((name, "counted answers"))] == summary.answers
        if summary.residents_shown:
            agree &= matrix[:, keys.index((name, "residents"))] == summary.residents
            positive = summary.residents_positive
            agree &= matrix[:, keys.index((name, "residents positive"))] == positive
    return agree


def multisets(ways: int, size: int) -> np.ndarray:
    """Every set of `size` residents as counts per way through the questionnaire."""
    rows = itertools.combinations_with_replacement(range(ways), size)
    return np.array([np.bincount(row, minlength=ways) for row in rows], dtype=np.int64)


def hidden_parts(release: Release) -> list[tuple[Key, bool]]:
    """Every answer count the release does not show: (key, shown as "fewer than 3").

    Not the split of "did not answer" into skipped and "prefer not to say": across two
    releases it can be worked out (one who declined before, and the three since all
    said "prefer not to say"), and it says nothing of anyone's views; "did not answer"
    itself is shown exactly."""
    out = []
    for table in release.tables:
        for cell in table.cells:
            if cell.shown != "shown":
                out.append(((table.question.id, cell.code), cell.shown == "small"))
    return out


@pytest.mark.parametrize(
    ("seed", "size", "withdrawn", "added"),
    [(0, 3, 0, 3), (1, 3, 0, 3), (2, 4, 0, 3), (3, 4, 1, 2), (4, 3, 1, 2)],
)
def test_two_releases_three_changes_apart_pin_no_hidden_cell(
    mini: Questionnaire, seed: int, size: int, withdrawn: int, added: int
) -> None:
    """Three changes apart: three residents more, or one withdrawn and two more. The
    reader is taken to know how many withdrew (none, say, is easily guessed)."""
    questionnaire = subset(mini, ("complained", "complaint_fair"))
    ways = paths(questionnaire)
    later = size - withdrawn + added
    before_sets, after_sets = multisets(len(ways), size), multisets(len(ways), later)
    rng = random.Random(seed)
    checked = 0
    for _trial in range(8):
        first = [rng.randrange(len(ways)) for _ in range(size)]
        kept = first[withdrawn:]
        more = [rng.randrange(len(ways)) for _ in range(added)]
        before = release_of(questionnaire, [ways[i] for i in first])
        after = release_of(
            questionnaire,
            [ways[i] for i in kept + more],
            [tallies_of(questionnaire, [ways[i] for i in first])],
            gone=withdrawn,
        )
        attacked = []
        for release, sets in ((before, before_sets), (after, after_sets)):
            parts = [figures(questionnaire, way, release) for way in ways]
            keys = sorted({key for part in parts for key in part})
            vectors = np.array([[part.get(key, 0) for key in keys] for part in parts])
            matrix = sets @ vectors
            agree = consistent(release, keys, matrix)
            attacked.append((release, sets[agree], matrix[agree], keys))
        (_, sets1, matrix1, keys1), (_, sets2, matrix2, keys2) = attacked
        # A pair is possible when the later set is the earlier one less `withdrawn` of its
        # residents, plus `added` more: what it lacks of the earlier is at most `withdrawn`.
        lacking = np.clip(sets1[:, None, :] - sets2[None, :, :], 0, None).sum(axis=2)
        pairs = lacking <= withdrawn
        assert pairs.any(), "the truth itself is a possible pair"
        for release, matrix, keys, used in (
            (before, matrix1, keys1, pairs.any(axis=1)),
            (after, matrix2, keys2, pairs.any(axis=0)),
        ):
            for key, small in hidden_parts(release):
                values = set(matrix[used][:, keys.index(key)].tolist())
                checked += 1
                assert len(values) > 1, (key, values)
                if small:
                    assert values >= {1, 2}, (key, values)
    assert checked > 20  # the attack had hidden cells to work on


def routed_pairs(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """(question, follow-up) pairs of the questionnaire: each a small questionnaire of its
    own, with its routing."""
    from survey_app.core.questionnaire import conditions

    # Only follow-ups routed from that one question: cut out of the questionnaire, a
    # condition on a question left behind would read as never met.
    return [
        (refs[0], follow_up)
        for follow_up, node in questionnaire.conditions.items()
        if len(refs := list(dict.fromkeys(r.question for r in conditions.references(node)))) == 1
        and refs[0] in questionnaire.by_id
    ]


@pytest.mark.parametrize("seed", range(4))
def test_random_small_questionnaires_one_release_pins_no_hidden_cell(
    bundled: Questionnaire, seed: int
) -> None:
    """Questionnaires drawn from the bundled one (a question with one answer and its
    follow-up, routing and standards as they are), residents drawn at random: an attacker
    who tries every set of residents of that size pins no count the release hides."""
    rng = random.Random(seed)
    # One answer each: every way through is then one option per question (a multiple
    # choice would need every set of options, too many ways to try them all).
    pairs = [
        pair
        for pair in routed_pairs(bundled)
        if all(bundled.by_id[q].type in ("single_choice", "yes_no", "agreement") for q in pair)
    ]
    checked = 0
    for _trial in range(3):
        questionnaire = subset(bundled, rng.choice(pairs))
        ways = paths(questionnaire)
        size = 4 if len(ways) <= 30 else 3
        sets = multisets(len(ways), size)
        truth = [ways[rng.randrange(len(ways))] for _ in range(size)]
        release = release_of(questionnaire, truth)
        parts = [figures(questionnaire, way, release) for way in ways]
        keys = sorted({key for part in parts for key in part})
        matrix = sets @ np.array([[part.get(key, 0) for key in keys] for part in parts])
        possible = matrix[consistent(release, keys, matrix)]
        assert len(possible), "the truth itself is possible"
        for key, small in hidden_parts(release):
            values = set(possible[:, keys.index(key)].tolist())
            checked += 1
            assert len(values) > 1, (key, values)
            if small:
                assert values >= {1, 2}, (key, values)
    assert checked
