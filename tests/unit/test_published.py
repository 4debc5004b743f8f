"""What one release publishes, read as the lead's view and the exports read it (through
`evidence.gather` on a real database): the attacks the privacy review made across tables
must fail there, not only in the audit's own tests."""

from __future__ import annotations

import json
from pathlib import Path

from survey_app.core.analysis.aggregates import QuestionTable, aggregate
from survey_app.core.collection.collector import Mode
from survey_app.core.evidence.export import tables_json
from survey_app.core.evidence.gather import Evidence, gather
from survey_app.core.questionnaire.flow import Answer, Flow
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store


def routed(questionnaire: Questionnaire, chosen: dict[str, str]) -> dict[str, Answer]:
    """A resident who answers every question they are asked: `chosen` where given, else
    the first option (or a number, or a skip for free text)."""
    flow = Flow(questionnaire)
    while (question := flow.current) is not None:
        if question.id in chosen:
            answer = Answer.of(chosen[question.id])
        elif question.type == "free_text":
            answer = Answer.skip()
        elif question.type == "number":
            answer = Answer.of(question.min or 1)
        elif question.type == "multiple_choice":
            answer = Answer.of((questionnaire.codes(question)[0],))
        else:
            answer = Answer.of(questionnaire.codes(question)[0])
        flow.answer(question.id, answer)
    return dict(flow.answers)


async def evidence_for(
    db_path: Path,
    questionnaire: Questionnaire,
    residents: list[dict[str, Answer]],
    modes: list[Mode] | None = None,
) -> Evidence:
    """What the lead's view and the exports read, once these residents have answered (at
    the kiosk, unless `modes` says otherwise, one per resident)."""
    store = await Store.open(db_path)
    try:
        key = (questionnaire.id, questionnaire.version, questionnaire.content_hash)
        for n, answers in enumerate(residents):
            await store.add_response(1, modes[n] if modes else "kiosk", "en", key, answers)
        return await gather(store, questionnaire, 1)
    finally:
        await store.close()


def reached_shown(table: QuestionTable) -> int | None:
    """How many were asked, as a reader of the tables gets it: answered plus did not
    answer, where both are shown."""
    if table.base_shown and not table.base_hidden and table.not_answered_shown:
        return table.base + table.not_answered
    return None


async def test_a_follow_up_base_no_longer_gives_away_who_said_no(
    db_path: Path, bundled: Questionnaire
) -> None:
    # 7 residents; 6 have talked about moving on and are asked whether it helped, 1 has not.
    residents = [routed(bundled, {"moveon_talked": "yes"}) for _ in range(6)]
    residents.append(routed(bundled, {"moveon_talked": "no"}))
    evidence = await evidence_for(db_path, bundled, residents)
    tables = {t.question.id: t for t in evidence.aggregates.questions}
    parent, follow_up = tables["moveon_talked"], tables["moveon_help"]
    # Each table alone, as counted, hides the lone "no"...
    alone = aggregate(bundled, [dict(r) for r in residents], 7)
    counted = next(t for t in alone.questions if t.question.id == "moveon_talked")
    assert [c.shown for c in counted.cells] != ["shown", "shown"]
    assert reached_shown(next(t for t in alone.questions if t.question.id == "moveon_help")) == 6
    # ...and, published together, the follow-up's "asked" no longer pins it: either the
    # parent's base or the number asked the follow-up is not there to subtract.
    yes_no = {c.code: c for c in parent.cells}
    assert yes_no["no"].shown != "shown"
    asked = reached_shown(follow_up)
    assert asked is None or not parent.base_shown or parent.base_hidden, (
        "no = answered the parent less asked the follow-up",
        parent.base,
        asked,
    )


async def test_the_json_export_says_how_many_did_not_answer_and_no_split_that_is_small(
    db_path: Path, bundled: Questionnaire
) -> None:
    residents = [routed(bundled, {}) for _ in range(10)]
    residents[0] = {**residents[0], "safe_feel": Answer.skip()}
    residents[1] = {**residents[1], "food_good": Answer.refuse()}
    evidence = await evidence_for(db_path, bundled, residents)
    published = {q["question"]: q for q in tables_json(evidence)["questions"]}  # type: ignore[index]
    safe = published["safe_feel"]
    assert safe["not_answered"] == 1
    assert safe["skipped"]["count"] is None and safe["refused"]["count"] is None
    food = published["food_good"]
    assert food["not_answered"] == 1
    untouched = published["room_comfortable"]
    assert untouched["not_answered"] == 0
    assert untouched["skipped"]["count"] == 0 and untouched["refused"]["count"] == 0
    json.dumps(published)  # as written to the file


async def test_key_findings_count_only_what_the_release_shows(
    db_path: Path, bundled: Questionnaire
) -> None:
    from survey_app.core.evidence.findings import findings, negative_count

    # 12 residents: 5 do not feel safe (3 disagree, 2 strongly); everyone else agrees.
    residents = [routed(bundled, {"safe_feel": "disagree"}) for _ in range(3)]
    residents += [routed(bundled, {"safe_feel": "strongly_disagree"}) for _ in range(2)]
    residents += [routed(bundled, {"safe_feel": "agree"}) for _ in range(7)]
    evidence = await evidence_for(db_path, bundled, residents)
    found = findings(evidence)
    assert (found.responses, found.partial, found.complete, found.few) == (12, 0, 12, False)
    safe = evidence.table("safe_feel")
    assert safe is not None
    # "strongly disagree" is fewer than 3: the negative count is shown only as the base
    # less the shown cells, or not at all; never from a hidden cell.
    count = negative_count(safe)
    shown = {c.code: c.shown for c in safe.cells}
    if count is not None:
        assert count == 5
        negative = {"unsure", "disagree", "strongly_disagree"} - set(safe.question.positive)
        assert all(shown[c] == "shown" for c in negative) or all(
            shown[c] == "shown" for c in shown if c not in negative
        )
    listed = found.negatives[3]
    assert [n.share for n in listed] == sorted((n.share for n in listed), reverse=True)
    for n in listed:  # each count is the one its table gives
        table = evidence.table(n.question.id)
        assert table is not None and negative_count(table) == n.negative


async def test_key_findings_give_responses_by_way_of_answering_small_numbers_hidden(
    db_path: Path, bundled: Questionnaire
) -> None:
    from survey_app.core.evidence.findings import findings
    from survey_app.core.i18n import use_language
    from survey_app.reports.pack import findings_lines

    modes: list[Mode] = ["kiosk"] * 7 + ["web"] * 4 + ["paper"]
    residents = [routed(bundled, {}) for _ in modes]
    evidence = await evidence_for(db_path, bundled, residents, modes)
    found = {cell.code: cell for cell in findings(evidence).modes}
    assert set(found) == {"kiosk", "web", "paper", "interview"}
    assert (found["kiosk"].shown, found["kiosk"].count) == ("shown", 7)
    assert found["paper"].shown == "small"
    # with the total shown, "web" (or "interview") shown too would give paper = 1
    assert found["web"].shown == "hidden"
    assert (found["interview"].shown, found["interview"].count) == ("shown", 0)
    exported = {m["code"]: m["count"] for m in tables_json(evidence)["modes"]}  # type: ignore[index]
    assert exported == {"kiosk": 7, "web": None, "paper": None, "interview": 0}
    lines = [line for _heading, group in findings_lines(evidence) for line in group]
    residents_known = evidence.inspection.residents
    assert any(line.startswith("Kiosk: 7 responses") for line in lines), lines
    assert residents_known  # the demo inspection says how many live there
    percent = round(700 / residents_known)
    assert any(f"({percent}% of the {residents_known} residents)" in x for x in lines)
    assert "Paper form: fewer than 3 responses." in lines
    assert any(line.startswith("Web link: not shown") for line in lines)
    assert not any("4" in line and line.startswith("Web") for line in lines)
    use_language("cy")
    try:
        welsh = [line for _heading, group in findings_lines(evidence) for line in group]
    finally:
        use_language("en")
    assert not set(welsh) & set(lines)


async def test_a_hidden_count_is_given_as_what_the_release_implies_of_it(
    db_path: Path, bundled: Questionnaire
) -> None:
    """Where everything shown pins a hidden count between two values narrower than 0 to
    the base, that range is shown instead of "not shown": a reader can work it out anyway,
    and "4 to 5 of 12" tells the lead more. It always holds the true count and is never
    one value."""
    from survey_app.core.privacy import disclosure
    from survey_app.reports.pack import cell_text

    residents = [routed(bundled, {"safe_feel": "disagree"}) for _ in range(3)]
    residents += [routed(bundled, {"safe_feel": "strongly_disagree"}) for _ in range(2)]
    residents += [routed(bundled, {"safe_feel": "agree"}) for _ in range(7)]
    evidence = await evidence_for(db_path, bundled, residents)
    given = [
        (table, cell)
        for table in evidence.aggregates.questions
        for cell in table.cells
        if cell.between is not None
    ]
    assert given, "some hidden count is narrowed by what is shown"
    release = disclosure.Release(
        bundled,
        tuple(evidence.aggregates.questions),
        evidence.aggregates.rate.responses if evidence.aggregates.rate else 0,
        tuple(evidence.aggregates.standards),
        partial=0,
    )
    system, meaning, _truth = disclosure.build(release)
    where = {(u.question, u.part): i for i, u in meaning.items()}
    exported = {q["question"]: q for q in tables_json(evidence)["questions"]}  # type: ignore[index]
    for table, cell in given:
        low, high = cell.between  # type: ignore[misc]
        assert cell.shown == "hidden" and low <= cell.count <= high and low < high
        assert (low, high) != (0, table.base)
        index = where[table.question.id, cell.code]
        # exactly what a reader of the release can work out
        assert disclosure.ranges(system, [index])[index] == (low, high)
        assert cell_text(table, cell) == f"{low} to {high}"
        cells = {c["code"]: c for c in exported[table.question.id]["cells"]}
        assert cells[cell.code]["count"] is None and cells[cell.code]["between"] == [low, high]


async def test_key_findings_give_a_range_where_the_count_itself_is_hidden(
    db_path: Path, bundled: Questionnaire
) -> None:
    from survey_app.core.evidence.findings import findings, negative_count, negative_range
    from survey_app.core.store.sample import populate
    from survey_app.reports.pack import findings_lines

    store = await Store.open(db_path)
    try:
        await populate(store, bundled, 1, 12, seed=0)
        evidence = await gather(store, bundled, 1)
    finally:
        await store.close()
    ranged = [n for s in findings(evidence).negatives.values() for n in s if n.most is not None]
    assert ranged, "a count not shown is given as its range"
    lines = [line for _heading, group in findings_lines(evidence) for line in group]
    for n in ranged:
        table = evidence.table(n.question.id)
        assert table is not None and negative_count(table) is None
        assert negative_range(table) == (n.negative, n.most)
        assert n.negative < n.most  # type: ignore[operator]
        assert any(f"{n.negative} to {n.most} of {n.base} residents" in x for x in lines)


async def test_a_breakdown_by_mode_keeps_what_the_responses_by_mode_hide(
    db_path: Path, bundled: Questionnaire
) -> None:
    """Key findings publish responses by way of answering: kiosk 7, web hidden, paper
    "fewer than 3" of 12. A breakdown by mode of a question the paper resident skipped
    would show web 4, and with it paper = 12 - 7 - 4 = 1. The mode counts are ceilings on
    its groups, and a mode they hide stays hidden there."""
    from survey_app.core.evidence.breakdown import Record, breakdown

    modes: list[Mode] = ["kiosk"] * 7 + ["web"] * 4 + ["paper"]
    residents = [routed(bundled, {}) for _ in modes]
    residents[-1]["safe_feel"] = Answer.skip()
    evidence = await evidence_for(db_path, bundled, residents, modes)
    shown = {c.code: c.shown for c in evidence.aggregates.modes}
    assert (shown["web"], shown["paper"]) == ("hidden", "small")
    store = await Store.open(db_path)
    try:
        records = [Record(m, lang, a) for m, lang, a in await store.records(1, released=True)]
    finally:
        await store.close()
    published = {t.question.id: t for t in evidence.aggregates.questions}
    question = bundled.by_id["safe_feel"]
    alone = breakdown(bundled, question, "mode", records, published=published)
    together = breakdown(
        bundled, question, "mode", records, published=published, modes=evidence.aggregates.modes
    )
    assert alone is not None and together is not None
    web = {r.group: r for r in alone.rows}["web"]
    assert web.shown and web.base == 4  # on its own, the breakdown gives paper = 1
    rows = {r.group: r for r in together.rows}
    assert not rows["web"].shown and not rows["paper"].shown
