"""Counting answers safely: per question and per standard, with small numbers protected.

- Per question: a count per answer and the base ("12 of 15 residents"); skips, "don't
  know" (an interview's own key) and "prefer not to say" are counted apart and out of the
  base (shown together as "did not answer", apart only where none is a small number); a
  percentage only where the base is at least `PERCENT_BASE`.
- Small-number protection: a cell under the threshold (default 3) is shown as "fewer than
  3", and **complementary suppression** hides one more cell wherever the hidden one could
  otherwise be worked out from a total and the other cells.
- Per standard: the questions that inform it and the share of their answers that count as
  positive.

Nothing here knows about screens or files: the lead's view and the exports render these.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import CHOICE_TYPES, Question, Questionnaire

THRESHOLD = 3
MODES = ("self", "kiosk", "web", "paper", "interview")
"""How a response can be given ("self": on one's own terminal, `survey-app survey`)."""
PERCENT_BASE = 10
Shown = Literal["shown", "small", "hidden"]
"""A cell is shown, suppressed as under the threshold ("fewer than 3"), or hidden so that a
suppressed neighbour cannot be worked out."""


@dataclass(frozen=True)
class Cell:
    code: str
    count: int
    shown: Shown = "shown"
    between: tuple[int, int] | None = None
    """For a hidden count, the least and most it can be given everything the release
    shows, where that says more than "not shown" (a reader can work it out anyway)."""

    @property
    def visible(self) -> int | None:
        """The count a reader may see, or None."""
        return self.count if self.shown == "shown" else None


@dataclass(frozen=True)
class QuestionTable:
    question: Question
    cells: tuple[Cell, ...]
    """One per answer code, in the questionnaire's order."""
    base: int
    """Residents who gave an answer (not skipped, not "don't know", not refused)."""
    base_shown: bool
    skipped: Cell
    refused: Cell
    dont_know: Cell
    threshold: int
    base_hidden: bool = False
    """The base is not shown at all (the disclosure audit hid it, whatever its size); when
    False, a base not shown is a small number, from 1 to the threshold less one."""
    not_answered_shown: bool = True
    """Whether the number who were asked and did not answer (skipped, did not know or
    preferred not to say, together) is shown."""

    @property
    def apart(self) -> tuple[Cell, Cell, Cell]:
        """The ways of giving no answer, each counted apart from the others."""
        return self.skipped, self.dont_know, self.refused

    @property
    def reached(self) -> int:
        """Residents who were asked the question (routing took them there)."""
        return self.base + self.not_answered

    @property
    def not_answered(self) -> int:
        """Skipped, did not know or preferred not to say, together."""
        return sum(cell.count for cell in self.apart)

    def percent(self, cell: Cell) -> float | None:
        """A percentage of the base, only where the base is big enough and the cell shown."""
        if cell.shown != "shown" or not self.base_shown or self.base < PERCENT_BASE:
            return None
        return 100.0 * cell.count / self.base


def feasible(
    counts: Mapping[str, int], shown: Mapping[str, Shown], threshold: int, total: int
) -> dict[str, tuple[int, int]]:
    """What a reader can work out of each cell: its lowest and highest possible value.

    A shown cell is known; "fewer than k" means 1 to k-1; a hidden cell is 0 to the total.
    With the total known, a cell can also be no less than the total minus the most the
    others can hold, and no more than the total minus the least they can.
    """
    bounds = {
        code: (counts[code], counts[code])
        if state == "shown"
        else (1, threshold - 1)
        if state == "small"
        else (0, total)
        for code, state in shown.items()
    }
    low_sum = sum(lo for lo, _ in bounds.values())
    high_sum = sum(hi for _, hi in bounds.values())
    return {
        code: (max(lo, total - (high_sum - hi)), min(hi, total - (low_sum - lo)))
        for code, (lo, hi) in bounds.items()
    }


def suppress(counts: Mapping[str, int], threshold: int, total: int | None) -> dict[str, Shown]:
    """Decide which cells of one group to hide.

    `total`: the group's total when it is published or can be derived, so that hidden cells
    could be worked out by subtraction; None when the cells do not add up to anything known
    (multiple choice). Cells under the threshold are "small"; then, while any hidden cell
    could still be pinned to one value, one more cell is hidden: the smallest shown one (a
    zero last: it gives least cover), or else a "small" one loses even that label.
    """
    shown: dict[str, Shown] = {
        code: "small" if 0 < n < threshold else "shown" for code, n in counts.items()
    }
    if threshold <= 2:  # "fewer than 2" would say "exactly 1"
        shown = {code: "hidden" if state == "small" else state for code, state in shown.items()}
    if total is None:
        return shown
    while True:
        ranges = feasible(counts, shown, threshold, total)
        pinned = [
            code
            for code, state in shown.items()
            if state != "shown" and ranges[code][0] == ranges[code][1]
        ]
        if not pinned:
            return shown
        visible = [code for code, state in shown.items() if state == "shown"]
        if visible:
            partner = min(visible, key=lambda code: (counts[code] == 0, counts[code]))
            shown[partner] = "hidden"
            continue
        small = [code for code, state in shown.items() if state == "small"]
        if not small:
            return shown  # everything hidden already: nothing more to give
        shown[small[0]] = "hidden"


@dataclass
class QuestionTally:
    """One question's answers counted: what a store's GROUP BY gives."""

    answered: Counter[tuple[object, ...]] = field(default_factory=Counter)
    """By the values given (a tuple: several for multiple choice), how many residents."""
    skipped: int = 0
    refused: int = 0
    dont_know: int = 0


class Tallies(dict[str, QuestionTally]):
    """Every question's tally, by question id, and the number of responses counted."""

    responses: int = 0
    partial: int | None = None
    """How many of the responses counted were left part way (None: not known)."""
    gone: int | None = None
    """Responses the release before counted that this one does not count as they were
    (withdrawn since, or finished since: counted now as they are; None: not known)."""
    modes: dict[str, int] | None = None
    """Responses counted, by how they were given (kiosk, web, paper, interview; None: not
    counted)."""
    people: dict[int, tuple[int, int]] | None = None
    """Per standard, (residents who gave a counted answer to its questions, of them those
    positive on most of what they answered): counted per resident, which no table of
    answers gives (None: not counted)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.memo: dict[object, object] = {}
        """Figures worked out from these counts (the other inspections' positives, counted
        again at every recount otherwise); emptied whenever a count changes."""

    def of(self, question_id: str) -> QuestionTally:
        return self.get(question_id) or QuestionTally()

    def add(self, question_id: str, status: str, value: object, count: int = 1) -> None:
        self.memo.clear()
        tally = self.setdefault(question_id, QuestionTally())
        if status == "skipped":
            tally.skipped += count
        elif status == "refused":
            tally.refused += count
        elif status == "dont_know":
            tally.dont_know += count
        elif status == "answered":
            values = tuple(value) if isinstance(value, (tuple, list)) else (value,)
            tally.answered[values] += count


Sides = Callable[[str, object], list[tuple[int, bool]]]
"""For one answer (question id, value): each standard it counts towards, and whether it is
positive there. Empty for an answer that counts towards none (kept apart, or a question
that informs no standard)."""


Plan = Callable[["Tallies"], Sides]
"""Given the counts, how answers count towards the standards per resident."""


def sides(questionnaire: Questionnaire, only: Mapping[int, Collection[str]] | None = None) -> Sides:
    """How a questionnaire's answers count towards its standards, per resident: as in the
    share of answers, an answer kept apart ("I haven't needed it") or with no known code
    counts nowhere; a multiple choice counts once, positive if any option chosen is.
    `only`: per standard, the questions that count towards it (all that inform it if None).
    """
    informing = {
        q.id: (q, frozenset(questionnaire.codes(q)) - frozenset(q.apart))
        for q in questionnaire.questions
        if q.positive and q.standards
    }
    towards = {
        q.id: tuple(s for s in q.standards if only is None or q.id in only.get(s, ()))
        for q, _codes in informing.values()
    }

    def of(question_id: str, value: object) -> list[tuple[int, bool]]:
        found = informing.get(question_id)
        if found is None:
            return []
        question, codes = found
        values = value if isinstance(value, (tuple, list)) else (value,)
        if not codes.intersection(v for v in values if isinstance(v, str)):
            return []
        positive = any(v in question.positive for v in values)
        return [(standard, positive) for standard in towards[question_id]]

    return of


def plan(questionnaire: Questionnaire, threshold: int = THRESHOLD) -> Plan:
    """Residents are counted over the questions the standard's share of answers counts:
    a question left out of that share (its positive answers would give away a number its
    table hides) is left out of the residents' count for the same reason."""

    def over(tallies: Tallies) -> Sides:
        counted = {
            s: standard_summary(questionnaire, s, tallies, threshold).questions for s in range(1, 6)
        }
        return sides(questionnaire, counted)

    return over


def count_people(
    questionnaire: Questionnaire,
    responses: Iterable[Mapping[str, Answer]],
    side: Sides | None = None,
) -> dict[int, tuple[int, int]]:
    """Per standard, (residents with a counted answer, of them positive on most: more of
    their counted answers positive than not). In memory; the store counts the same in SQL."""
    side = sides(questionnaire) if side is None else side
    out: dict[int, list[int]] = {}
    for response in responses:
        mine: dict[int, list[int]] = {}
        for question_id, given in response.items():
            if given.status != "answered":
                continue
            for standard, positive in side(question_id, given.value):
                pair = mine.setdefault(standard, [0, 0])
                pair[0 if positive else 1] += 1
        for standard, (yes, no) in mine.items():
            total = out.setdefault(standard, [0, 0])
            total[0] += 1
            total[1] += yes > no
    return {standard: (n, p) for standard, (n, p) in sorted(out.items())}


def counted_questions(questionnaire: Questionnaire) -> list[str]:
    """The questions a release counts: every one but free text (words are not counts)."""
    return [q.id for q in questionnaire.questions if q.type != "free_text"]


def tallies_to_json(tallies: Tallies, counted: Collection[str]) -> str:
    """The counts as a release keeps them, for the `counted` questions only (no answer of
    any one response is in them, and no words)."""
    return json.dumps(
        {
            "responses": tallies.responses,
            "partial": tallies.partial,
            "gone": tallies.gone,
            "modes": None if tallies.modes is None else dict(sorted(tallies.modes.items())),
            "people": None
            if tallies.people is None
            else {str(s): list(pair) for s, pair in sorted(tallies.people.items())},
            "questions": {
                question_id: {
                    "skipped": t.skipped,
                    "refused": t.refused,
                    "dont_know": t.dont_know,
                    "answered": [[list(values), n] for values, n in t.answered.items()],
                }
                for question_id, t in sorted(tallies.items())
                if question_id in counted
            },
        },
        sort_keys=True,
    )


def tallies_from_json(text: str) -> Tallies:
    data = json.loads(text)
    out = Tallies()
    for question_id, t in data["questions"].items():
        out.add(question_id, "skipped", None, int(t["skipped"]))
        out.add(question_id, "refused", None, int(t["refused"]))
        # releases made before "don't know" was a status of its own have none
        out.add(question_id, "dont_know", None, int(t.get("dont_know", 0)))
        for values, n in t["answered"]:
            out.add(question_id, "answered", tuple(values), int(n))
    out.responses = int(data["responses"])
    out.partial = None if data["partial"] is None else int(data["partial"])
    gone = data.get("gone")
    out.gone = None if gone is None else int(gone)
    modes = data.get("modes")  # nor these, before modes were
    if modes is not None:
        out.modes = {str(mode): int(n) for mode, n in modes.items()}
    people = data.get("people")  # releases made before residents were counted have none
    if people is not None:
        out.people = {int(s): (int(n), int(p)) for s, (n, p) in people.items()}
    return out


def tally(answers: Iterable[Mapping[str, Answer]]) -> Tallies:
    """Count responses' answers in memory (the store counts in SQL to the same result)."""
    out = Tallies()
    for response in answers:
        out.responses += 1
        for question_id, given in response.items():
            out.add(question_id, given.status, given.value)
    return out


Source = Tallies | Iterable[Mapping[str, Answer]]


def _tallies(source: Source, questionnaire: Questionnaire | None = None) -> Tallies:
    if isinstance(source, Tallies):
        return source
    responses = list(source)
    out = tally(responses)
    if questionnaire is not None:
        out.people = count_people(questionnaire, responses, plan(questionnaire)(out))
    return out


def question_table(
    questionnaire: Questionnaire,
    question: Question,
    answers: Source,
    threshold: int = THRESHOLD,
) -> QuestionTable:
    """Count one question over the responses' answers (or their tallies); a question's
    table is worked out once per set of counts (a recount asks for each several times)."""
    tallies = _tallies(answers)
    key = ("table", id(questionnaire), question.id, threshold)
    known = tallies.memo.get(key)
    if isinstance(known, QuestionTable):
        return known
    table = _question_table(questionnaire, question, tallies, threshold)
    tallies.memo[key] = table
    return table


def _question_table(
    questionnaire: Questionnaire, question: Question, tallies: Tallies, threshold: int
) -> QuestionTable:
    counted = tallies.of(question.id)
    codes = questionnaire.codes(question) if question.type in CHOICE_TYPES else []
    counts: Counter[str] = Counter({code: 0 for code in codes})
    base = 0
    for values, n in counted.answered.items():
        known = [v for v in values if isinstance(v, str) and v in counts]
        if codes and not known:
            continue  # a code the questionnaire no longer has: in no cell, so not in the base
        base += n
        for value in known:
            counts[value] += n
    return _table(
        question,
        codes,
        counts,
        base,
        (counted.skipped, counted.dont_know, counted.refused),
        threshold,
    )


def _table(
    question: Question,
    codes: list[str],
    counts: Mapping[str, int],
    base: int,
    apart: tuple[int, int, int],
    threshold: int,
) -> QuestionTable:
    # A base of none is no small number: "nobody was asked" is shown as such (hidden, the
    # empty cells would only be hidden zeros that the routing gives away all the same).
    base_shown = base >= threshold or base == 0
    if not base_shown:
        states: dict[str, Shown] = {code: "hidden" for code in codes}
    else:
        # Single answers add up to the base, which is shown; multiple choices do not.
        total = None if question.type == "multiple_choice" else base
        states = suppress({code: counts[code] for code in codes}, threshold, total)
    # Those who were asked and gave no answer are shown as one number, exactly: it is what
    # the number asked less the base says (for a question everyone is asked, the number of
    # responses less the base), and it tells nothing of what anyone thinks. Split into
    # skipped, "don't know" and "prefer not to say" only where no part is a small number;
    # merged, the split is never pinned (the parts are only ever seen together). Under a
    # small base nothing of it is shown: with the number asked it would give the base back.
    skipped, dont_know, refused = apart
    split = not any(0 < n < threshold for n in apart)
    parts: Shown = "shown" if base_shown and split else "hidden"
    return QuestionTable(
        question=question,
        cells=tuple(Cell(code, counts[code], states[code]) for code in codes),
        base=base,
        base_shown=base_shown,
        skipped=Cell("skipped", skipped, parts),
        refused=Cell("refused", refused, parts),
        dont_know=Cell("dont_know", dont_know, parts),
        threshold=threshold,
        not_answered_shown=base_shown,
    )


@dataclass(frozen=True)
class StandardSummary:
    standard: int
    questions: tuple[str, ...]
    """Ids of the questions counted: they inform the standard and have positive codes."""
    positive: int
    answers: int
    shown: bool
    """False when there are too few answers to show the share."""
    withheld: tuple[str, ...] = ()
    """Questions left out of the count, because their positive answers could not be
    counted without giving away a number their own table hides."""
    residents: int = 0
    """Residents who gave a counted answer to any question informing the standard (all of
    them, withheld ones too: this count is of people, and no table's cell is in it)."""
    residents_positive: int = 0
    """Of them, those with more positive answers than not among the ones they gave."""
    residents_shown: bool = False
    """False when the residents were not counted, or either side is a small number."""

    @property
    def share(self) -> float | None:
        return self.positive / self.answers if self.shown and self.answers else None

    @property
    def resident_share(self) -> float | None:
        """The share of residents positive on most of what they answered: residents, not
        answers, are the unit (22 people giving 254 answers are still 22 views)."""
        if not self.residents_shown or not self.residents:
            return None
        return self.residents_positive / self.residents


def positives_publishable(table: QuestionTable, positive: int) -> bool:
    """Whether a question's count of positive answers (`positive`) may go into its
    standard's sum.

    Counting positives of a question into a standard publishes one more sum. For single
    answers that is safe only when the table's own cells imply it: every hidden cell on the
    same side (positive, not positive, or kept apart: the share's count of answers leaves
    those out, so it publishes their sum too), their total being the base less the shown
    cells.
    Multiple choice counts people ("chose at least one positive option"), which no cell
    gives: it counts only when nothing in its table is hidden and neither the positive
    people nor the others are a small number.
    """
    if not table.base_shown:
        return False
    hidden = [cell for cell in table.cells if cell.shown != "shown"]
    if table.question.type == "multiple_choice":
        k = table.threshold
        return not hidden and not 0 < positive < k and not 0 < table.base - positive < k
    question = table.question

    def side(code: str) -> str:
        if code in question.positive:
            return "positive"
        return "apart" if code in question.apart else "other"

    return len({side(cell.code) for cell in hidden}) <= 1


def positives(
    questionnaire: Questionnaire, tallies: Tallies, question_ids: Iterable[str]
) -> tuple[int, int]:
    """(positive, all) answers to these questions, with no suppression: for pooling many
    inspections into one figure that is never shown apart. Answers kept apart ("I haven't
    needed it") are in neither count."""
    question_ids = tuple(question_ids)
    key = ("positives", id(questionnaire), question_ids)
    known = tallies.memo.get(key)
    if known is not None:
        return known  # type: ignore[return-value]
    positive = total = 0
    for question_id in question_ids:
        question = questionnaire.by_id[question_id]
        codes = set(questionnaire.codes(question)) - set(question.apart)
        for values, n in tallies.of(question_id).answered.items():
            if not codes.intersection(v for v in values if isinstance(v, str)):
                continue  # as in the question's table: unknown codes count nowhere; and
                # an answer kept apart is neither positive nor negative
            total += n
            if any(value in question.positive for value in values):
                positive += n
    tallies.memo[key] = (positive, total)
    return positive, total


def standard_summary(
    questionnaire: Questionnaire,
    standard: int,
    answers: Source,
    threshold: int = THRESHOLD,
) -> StandardSummary:
    """The share of answers to the standard's questions that count as positive, and of
    residents positive on most of those they answered."""
    tallies = _tallies(answers, questionnaire)
    informing = [q for q in questionnaire.questions if standard in q.standards and q.positive]
    counted: list[str] = []
    withheld: list[str] = []
    positive = total = 0
    for question in informing:
        counted_question = tallies.of(question.id)
        if not counted_question.answered:
            counted.append(question.id)
            continue
        table = question_table(questionnaire, question, tallies, threshold)
        more, given = positives(questionnaire, tallies, [question.id])
        if not positives_publishable(table, more):
            withheld.append(question.id)
            continue
        counted.append(question.id)
        positive += more
        total += given
    # The share is shown only when neither the positive nor the other answers are few.
    shown = _not_few(positive, total, threshold)
    residents, residents_positive = (tallies.people or {}).get(standard, (0, 0))
    return StandardSummary(
        standard,
        tuple(counted),
        positive,
        total,
        shown,
        tuple(withheld),
        residents=residents,
        residents_positive=residents_positive,
        residents_shown=tallies.people is not None
        and _not_few(residents_positive, residents, threshold),
    )


def _not_few(part: int, whole: int, threshold: int) -> bool:
    """A share may be shown: enough in all, and neither side a small number."""
    return whole >= threshold and not 0 < part < threshold and not 0 < whole - part < threshold


@dataclass(frozen=True)
class ResponseRate:
    responses: int
    residents: int

    @property
    def rate(self) -> float | None:
        return self.responses / self.residents if self.residents else None


@dataclass
class InspectionAggregates:
    questions: list[QuestionTable] = field(default_factory=list)
    standards: list[StandardSummary] = field(default_factory=list)
    rate: ResponseRate | None = None
    modes: tuple[Cell, ...] = ()
    """Responses by how they were given, small numbers hidden (empty: not counted)."""


def mode_cells(tallies: Tallies, threshold: int = THRESHOLD) -> tuple[Cell, ...]:
    """Responses by how they were given, as one table whose total (the responses) is
    shown: a mode with one or two responses is "fewer than 3", and one more is hidden
    wherever it could be worked out by subtraction."""
    if tallies.modes is None:
        return ()
    # "self" only where used: the field has no such way, and a row of 0 would puzzle
    counts = {m: tallies.modes.get(m, 0) for m in MODES if m != "self" or tallies.modes.get(m)}
    shown = suppress(counts, threshold, tallies.responses)
    return tuple(Cell(mode, n, shown[mode]) for mode, n in counts.items())


def aggregate(
    questionnaire: Questionnaire,
    answers: Source,
    residents: int,
    threshold: int = THRESHOLD,
) -> InspectionAggregates:
    """Everything the lead's dashboard shows for one inspection."""
    tallies = _tallies(answers, questionnaire)
    return InspectionAggregates(
        questions=[
            question_table(questionnaire, q, tallies, threshold)
            for q in questionnaire.questions
            if q.type != "free_text"
        ],
        standards=[standard_summary(questionnaire, s, tallies, threshold) for s in range(1, 6)],
        rate=ResponseRate(tallies.responses, residents),
        modes=mode_cells(tallies, threshold),
    )
