"""The lead's view, driven through Pilot on a real database: the passphrase door, the
dashboard and its drill-down, quote review, the triangulation matrix and the ratings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from driver import english_sentences, on_screen, rows, screen_text, visible_text, wait_for
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static, TextArea
from textual.widgets.text_area import Selection

from survey_app.core.keys.passphrase import Lockout, check_passphrase, hash_passphrase
from survey_app.core.questionnaire.flow import Answer, Flow
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store
from survey_app.core.store.sample import populate
from survey_app.settings import Settings
from survey_app.ui.factory import make_app
from survey_app.ui.lead.app import ROLE, LeadApp

PASSPHRASE = "hedgehog lantern 42"
HOSTILE = "[@click=app.quit]x[/] a [/red] b [0] \x1b[2J"


def screen_name(pilot: Pilot[None]) -> str:
    return type(pilot.app.screen).__name__


def text_of(pilot: Pilot[None]) -> str:
    return "\n".join(str(w.render()) for w in pilot.app.screen.query(Static))


async def setup(db_path: Path, questionnaire: Questionnaire, with_passphrase: bool = True) -> None:
    store = await Store.open(db_path)
    try:
        await populate(store, questionnaire, 1, 30, seed=11)
        if with_passphrase:
            await store.set_secret(ROLE, hash_passphrase(PASSPHRASE))
    finally:
        await store.close()


@asynccontextmanager
async def lead(db_path: Path, questionnaire: Questionnaire) -> AsyncIterator[Pilot[None]]:
    app = make_app("lead", Settings(db=db_path, inspection=1), questionnaire)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.query("#passphrase"), what="the door")
        yield pilot


async def enter(pilot: Pilot[None], passphrase: str = PASSPHRASE) -> None:
    pilot.app.screen.query_one("#passphrase").focus()
    for char in passphrase:
        await pilot.press(char if char != " " else "space")
    await pilot.press("enter")


async def open_dashboard(pilot: Pilot[None]) -> None:
    await open_dashboard_with(pilot, PASSPHRASE)


async def open_dashboard_with(pilot: Pilot[None], passphrase: str) -> None:
    await enter(pilot, passphrase)
    await wait_for(pilot, lambda: screen_name(pilot) == "DashboardScreen", what="the dashboard")


async def comments(db_path: Path, bundled: Questionnaire, texts: list[str | None]) -> None:
    """The lead's passphrase set, and a typed-in paper response per text (None: no
    comment), every other question skipped."""
    store = await Store.open(db_path)
    try:
        await store.set_secret(ROLE, hash_passphrase(PASSPHRASE))
        last = [q for q in bundled.questions if q.type == "free_text"][-1]
        answers = {q.id: Answer.skip() for q in bundled.questions if q.type != "free_text"}
        key = (bundled.id, bundled.version, bundled.content_hash)
        for text in texts:
            given = answers if text is None else {**answers, last.id: Answer.of(text)}
            await store.add_response(1, "paper", "en", key, given)
    finally:
        await store.close()


async def open_quote_review(pilot: Pilot[None]) -> None:
    await open_dashboard(pilot)
    await pilot.press("q")
    await wait_for(pilot, lambda: pilot.app.screen.query("#quote"), what="a quote")


async def test_the_lead_app_never_sets_a_passphrase(db_path: Path, bundled: Questionnaire) -> None:
    """Anyone at the home screen can open the lead's door: on a database with no lead's
    passphrase it says where the lead sets one, and takes nothing typed."""
    await setup(db_path, bundled, with_passphrase=False)
    app = make_app("lead", Settings(db=db_path, inspection=1), bundled)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.query("#unset"), what="the message")
        assert "survey-app lead" in text_of(pilot)
        assert "enter open" not in text_of(pilot)  # nothing to open: no key offered for it
        assert not pilot.app.screen.query("Input")
        await pilot.press(*"longenough1", "enter", *"longenough1", "enter")
        await pilot.pause()
        assert screen_name(pilot) == "PassphraseScreen"
    store = await Store.open(db_path)
    try:
        assert await store.secret(ROLE) is None
    finally:
        await store.close()


async def test_the_command_line_sets_the_passphrase_typed_twice_kept_only_as_a_hash(
    db_path: Path, bundled: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    from survey_app.cli.lead import lead_passphrase_set

    await setup(db_path, bundled, with_passphrase=False)
    typed = iter(["short", "longenough1", "longenough2", "longenough1", "longenough1"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    settings = Settings(db=db_path, inspection=1)
    assert await lead_passphrase_set(settings)
    assert next(typed, None) is None  # too short, then a mismatch, then twice the same
    store = await Store.open(db_path)
    try:
        stored = await store.secret(ROLE)
    finally:
        await store.close()
    assert stored and "longenough1" not in stored
    assert b"longenough1" not in db_path.read_bytes()
    assert check_passphrase("longenough1", stored)
    # Set once: the next start asks nothing.
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": pytest.fail("asked again"))
    assert await lead_passphrase_set(settings)


async def test_five_wrong_tries_lock_the_door(db_path: Path, bundled: Questionnaire) -> None:
    await setup(db_path, bundled)
    async with lead(db_path, bundled) as pilot:
        for n in range(4):
            await enter(pilot, f"wrong {n}")
            await wait_for(
                pilot, lambda n=n: f"{4 - n} tr" in text_of(pilot), what=f"try {n + 1} refused"
            )
        await enter(pilot, "wrong again")
        await wait_for(pilot, lambda: "wait" in text_of(pilot), what="the lock")
        await enter(pilot)  # even the right one is refused while locked
        await pilot.pause(0.3)
        assert screen_name(pilot) == "PassphraseScreen"
        assert "wait" in text_of(pilot)


async def test_dashboard_drills_down_to_a_question_and_its_breakdown(
    db_path: Path, bundled: Questionnaire
) -> None:
    await setup(db_path, bundled)
    # An inspector's note on each question of standard 3, in one settled response.
    store = await Store.open(db_path)
    try:
        (settled,) = rows(db_path, "SELECT id FROM response WHERE status = 'complete' LIMIT 1")
        for question in bundled.questions:
            if 3 in question.standards:
                await store.save_note(str(settled[0]), question.id, "Asked twice; Darren helped")
    finally:
        await store.close()
    async with lead(db_path, bundled) as pilot:
        await open_dashboard(pilot)
        app = pilot.app
        assert isinstance(app, LeadApp) and app.evidence is not None
        assert "30 responses from 20 residents" in text_of(pilot)
        # Every question a share leaves out is named on the dashboard.
        left_out = [(s.standard, q) for s in app.evidence.aggregates.standards for q in s.withheld]
        assert left_out, "the data leave something out: the check has something to check"
        for _standard, question_id in left_out:
            assert bundled.by_id[question_id].text in text_of(pilot), question_id
        assert "Safety" in str(app.screen.query_one("#shares", Static).render())
        await pilot.press("down", "down", "enter")  # standard 3
        await wait_for(pilot, lambda: screen_name(pilot) == "StandardScreen", what="standard")
        assert "3. Safety" in text_of(pilot)
        for question_id in app.evidence.standard(3).withheld:
            assert bundled.by_id[question_id].text in text_of(pilot), question_id
        await pilot.press("enter")  # its first question
        await wait_for(pilot, lambda: screen_name(pilot) == "QuestionScreen", what="question")
        grid = app.screen.query_one("#breakdown", DataTable)
        await wait_for(pilot, lambda: grid.row_count == 5, what="rows by mode")
        # the note, marked as an inspector's and scrubbed; never among the quotes
        await wait_for(pilot, lambda: "Inspector's note: Asked twice;" in text_of(pilot),
                       what="the inspector's note")  # fmt: skip
        assert "Inspectors' notes from interviews" in text_of(pilot)
        assert "Darren" not in text_of(pilot)
        select = app.screen.query_one("#by", Select)
        select.value = "language"
        await wait_for(pilot, lambda: grid.row_count == 2, what="rows by language")
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "DashboardScreen", what="back")


async def test_quote_review_hides_words_then_approves(
    db_path: Path, bundled: Questionnaire
) -> None:
    await setup(db_path, bundled)
    async with lead(db_path, bundled) as pilot:
        await open_quote_review(pilot)
        area = pilot.app.screen.query_one("#quote", TextArea)
        original = area.text
        area.selection = Selection((0, 0), (0, 5))
        await pilot.press("h")
        await wait_for(pilot, lambda: "Hidden." in text_of(pilot), what="hidden")
        changed = pilot.app.screen.query_one("#quote", TextArea).text
        # The placeholder is in the quote's language ("[removed]", "[wedi'i guddio]"); the
        # order of the queue (random ids) decides which quote comes first.
        assert changed.endswith(original[5:]), (original, changed)
        placeholder = changed[: len(changed) - len(original[5:])]
        assert placeholder in ("[removed]", "[wedi'i guddio]"), (original, changed)
        await pilot.press("a")
        await wait_for(pilot, lambda: "was approved" in text_of(pilot), what="approved")
        # The message beside the next quote speaks of the one before it.
        assert "The quote before this one was approved" in text_of(pilot)
        shown = pilot.app.screen.query_one("#quote", TextArea).text
        assert shown != changed  # the next quote is on screen
        await pilot.press("x")
        await wait_for(pilot, lambda: "was rejected" in text_of(pilot), what="rejected")
        assert "The quote before this one was rejected" in text_of(pilot)
        assert "This is the next one waiting" in text_of(pilot)
    store = await Store.open(db_path)
    try:
        approved = await store.quotes(1, "approved")
        rejected = await store.quotes(1, "rejected")
    finally:
        await store.close()
    assert [q.text for q in approved] == [changed]
    assert approved[0].kinds[-1] == "manual"
    assert [q.text for q in rejected] == [shown]


async def test_words_the_anonymiser_was_unsure_of_are_marked_first_and_one_key_hides_them(
    db_path: Path, bundled: Questionnaire
) -> None:
    await comments(
        db_path,
        bundled,
        [
            "The garden is nice and the food is fine most days",
            "staff never stop Tank shouting at night, he knows the code xk9 for the door",
            "The laundry room needs more machines",
        ],
    )
    async with lead(db_path, bundled) as pilot:
        await open_quote_review(pilot)
        # the quote with the most marked words comes first
        area = pilot.app.screen.query_one("#quote", TextArea)
        assert "Tank" in area.text, area.text
        line = str(pilot.app.screen.query_one("#unsure").render())
        assert "2 words to look at again" in line and "\u2018Tank\u2019" in line
        await pilot.press("u")
        await wait_for(pilot, lambda: "Hidden." in text_of(pilot), what="hidden")
        area = pilot.app.screen.query_one("#quote", TextArea)
        assert "Tank" not in area.text and "xk9" in area.text
        await pilot.press("u")
        await wait_for(
            pilot,
            lambda: "xk9" not in pilot.app.screen.query_one("#quote", TextArea).text,
            what="hidden again",
        )
        assert not pilot.app.screen.query("#unsure")
        await pilot.press("u")
        await wait_for(pilot, lambda: "No word is marked" in text_of(pilot), what="nothing marked")


async def test_matrix_records_evidence_and_flags_divergence(
    db_path: Path, bundled: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        # Residents who answer every question positively: their views support every standard.
        key = (bundled.id, bundled.version, bundled.content_hash)
        flow = Flow(bundled)
        while (question := flow.current) is not None:
            if question.type in ("number", "free_text"):
                flow.answer(question.id, Answer.skip())
                continue
            code = (question.positive or bundled.codes(question))[0]
            value = (code,) if question.type == "multiple_choice" else code
            flow.answer(question.id, Answer.of(value))
        happy = dict(flow.answers)
        for _ in range(12):
            await store.add_response(1, "kiosk", "en", key, happy)
        await store.set_secret(ROLE, hash_passphrase(PASSPHRASE))
    finally:
        await store.close()
    async with lead(db_path, bundled) as pilot:
        await open_dashboard(pilot)
        app = pilot.app
        assert isinstance(app, LeadApp) and app.evidence is not None
        assert app.evidence.matrix[0].judgements["resident_survey"] == "supports"
        assert not app.evidence.matrix[0].diverges
        against = "c"
        await pilot.press("t")
        await wait_for(pilot, lambda: screen_name(pilot) == "MatrixScreen", what="matrix")
        # the cursor starts on the first other source (staff focus groups) of standard 1
        await pilot.press(against, "right", against)
        await wait_for(
            pilot,
            lambda: len(app.evidence.notes) == 0 and app.evidence.matrix[0].diverges,  # type: ignore[union-attr]
            what="the divergence flag",
        )
        grid = app.screen.query_one("#matrix", DataTable)
        assert "differ" in str(grid.get_cell_at(Coordinate(0, len(grid.columns) - 1)))
        # At 120 columns every column is in view, the flag too: nothing to scroll to.
        await pilot.pause()
        assert grid.virtual_size.width <= grid.scrollable_content_region.width
        drawn = screen_text(pilot)
        assert "and data" in drawn and "point the other way" in drawn, drawn
        await pilot.press("n")
        await wait_for(pilot, lambda: screen_name(pilot) == "Prompt", what="note prompt")
        for char in "Two of three":
            await pilot.press(char if char != " " else "space")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.evidence.notes != {}, what="the note")  # type: ignore[union-attr]
    store = await Store.open(db_path)
    try:
        recorded = await store.evidence(1)
    finally:
        await store.close()
    expected = "contradicts" if against == "c" else "supports"
    assert recorded == {
        (1, "staff_focus_groups"): (expected, ""),
        (1, "manager_meetings"): (expected, "Two of three"),
    }


async def test_ratings_band_the_overall(db_path: Path, bundled: Questionnaire) -> None:
    await setup(db_path, bundled)
    async with lead(db_path, bundled) as pilot:
        await open_dashboard(pilot)
        app = pilot.app
        await pilot.press("r")
        await wait_for(pilot, lambda: screen_name(pilot) == "RatingsScreen", what="ratings")
        for points in ("2", "2", "3", "2", "1"):
            await pilot.press(points, "down")
        await wait_for(
            pilot,
            lambda: "Total 10 of 15: Good. 3 points from the band above." in text_of(pilot),
            what="the overall band",
        )
        await pilot.press("w")  # the cursor stays on standard 5
        await wait_for(pilot, lambda: screen_name(pilot) == "Prompt", what="rationale prompt")
        await pilot.press(*"Few", "enter")
        await wait_for(pilot, lambda: "Rationale: Few" in text_of(pilot), what="rationale")
        assert isinstance(app, LeadApp)
    store = await Store.open(db_path)
    try:
        ratings = await store.ratings(1)
    finally:
        await store.close()
    assert {s: p for s, (p, _) in ratings.items()} == {1: 2, 2: 2, 3: 3, 4: 2, 5: 1}
    assert ratings[5][1] == "Few"


async def test_hostile_text_is_shown_not_run(db_path: Path, bundled: Questionnaire) -> None:
    store = await Store.open(db_path)
    try:
        await store._write([("UPDATE inspection SET premises = ? WHERE id = 1", (HOSTILE,))])
        key = (bundled.id, bundled.version, bundled.content_hash)
        for _ in range(3):
            await store.add_response(1, "kiosk", "en", key, {"final_comments": Answer.of(HOSTILE)})
        await store.set_secret(ROLE, hash_passphrase(PASSPHRASE))
    finally:
        await store.close()
    async with lead(db_path, bundled) as pilot:
        await open_dashboard(pilot)
        assert "[@click=app.quit]x[/]" in text_of(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: pilot.app.screen.query("#quote"), what="a quote")
        # "@click" reads as a social media name and is hidden; the markup around it shows
        quote = pilot.app.screen.query_one("#quote", TextArea).text
        assert "=app.quit]x[/] a [/red]" in quote
        assert "\x1b" not in pilot.app.screen.query_one("#quote", TextArea).text
        await pilot.press("a")
        await wait_for(pilot, lambda: "approved" in text_of(pilot), what="approved")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(pilot) == "DashboardScreen", what="dashboard")
        assert pilot.app.is_running


async def test_nothing_english_shows_on_the_lead_screens_in_welsh(
    db_path: Path, bundled: Questionnaire
) -> None:
    await setup(db_path, bundled)
    english = english_sentences()
    app = make_app("lead", Settings(db=db_path, inspection=1), bundled, language="cy")
    seen = []
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.query("#passphrase"), what="the door")
        seen.append(visible_text(pilot))
        await open_dashboard(pilot)
        seen.append(visible_text(pilot))
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "StandardScreen", what="standard")
        seen.append(visible_text(pilot))
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "QuestionScreen", what="question")
        grid = app.screen.query_one("#breakdown", DataTable)
        await wait_for(pilot, lambda: grid.row_count > 0, what="a breakdown")
        seen.append(visible_text(pilot))
        for key, name in (
            ("q", "QuoteReviewScreen"),
            ("t", "MatrixScreen"),
            ("r", "RatingsScreen"),
            ("k", "FindingsScreen"),
        ):
            await pilot.press("escape", "escape")
            await wait_for(pilot, lambda: screen_name(pilot) == "DashboardScreen", what="back")
            await pilot.press(key)
            await wait_for(pilot, lambda name=name: screen_name(pilot) == name, what=name)
            await pilot.pause(0.2)
            seen.append(visible_text(pilot))
        await pilot.press("l")  # and back to English, everywhere at once
        await wait_for(pilot, lambda: "Key findings" in visible_text(pilot), what="English again")
    # The inspection's own name is data, not an app sentence ("Demo Approved Premises").
    shown = "\n".join(seen).replace("Demo Approved Premises", "")
    leaks = sorted(s for s in english if s in shown)
    assert not leaks, leaks


async def test_export_from_the_dashboard_follows_the_file_name(
    db_path: Path, bundled: Questionnaire, tmp_path: Path
) -> None:
    from survey_app.ui.lead.export import ExportScreen

    await setup(db_path, bundled)
    async with lead(db_path, bundled) as pilot:
        await open_dashboard(pilot)
        await pilot.app.push_screen(ExportScreen(folder=tmp_path))
        await wait_for(pilot, lambda: screen_name(pilot) == "ExportScreen", what="export")
        box = pilot.app.screen.query_one("#path")
        box.value = ""  # type: ignore[attr-defined]
        await pilot.press("down", "enter")  # Markdown, with the name field emptied first
        await wait_for(pilot, lambda: str(box.value).endswith(".md"), what="a default name")  # type: ignore[attr-defined]
        box.value = str(tmp_path / "data.csv")  # type: ignore[attr-defined]
        box.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Written" in text_of(pilot), what="written")
    assert (tmp_path / "data.csv").read_text(encoding="utf-8").startswith("inspection,question")
    assert (tmp_path / "data.codebook.csv").exists()


async def test_the_home_screen_leads_to_the_lead_view_and_back(
    db_path: Path, bundled: Questionnaire
) -> None:
    """The home screen's "lead" closes the resident app (which carries none of the lead's
    code) for the lead's app; leaving the lead's door, or its dashboard, closes that one
    with nothing of the evidence kept, for the home screen again (survey_app.cli)."""
    await setup(db_path, bundled)
    settings = Settings(db=db_path, inspection=1)
    home = make_app("home", settings, bundled)
    async with home.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(pilot) == "HomeScreen", what="home")
        await pilot.press("2")
        await wait_for(pilot, lambda: not home.is_running, what="the resident app closed")
    assert home.next_role == "lead"
    lockout = Lockout()
    door = make_app("lead", settings, bundled, lockout=lockout, from_home=True)
    async with door.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.query("#passphrase"), what="the door")
        await enter(pilot, "wrong one")
        await wait_for(pilot, lambda: "4 tr" in text_of(pilot), what="a wrong try")
        await pilot.press("escape")  # changed their mind
        await wait_for(pilot, lambda: not door.is_running, what="back to home")
    lead_app = make_app("lead", settings, bundled, lockout=lockout, from_home=True)
    async with lead_app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.query("#passphrase"), what="the door")
        await enter(pilot, "wrong two")  # the count goes on: coming back resets nothing
        await wait_for(pilot, lambda: "3 tr" in text_of(pilot), what="the second wrong try")
        await open_dashboard(pilot)
        assert "30 responses from 20 residents" in text_of(pilot)
        # Every question a share leaves out is named on the dashboard.
        evidence = lead_app.evidence
        assert evidence is not None
        left_out = [(s.standard, q) for s in evidence.aggregates.standards for q in s.withheld]
        assert left_out, "the data leave something out: the check has something to check"
        for _standard, question_id in left_out:
            assert bundled.by_id[question_id].text in text_of(pilot), question_id
        await pilot.press("escape")
        await wait_for(pilot, lambda: not lead_app.is_running, what="home, locked")
    assert lead_app.evidence is None  # nothing of the evidence kept behind the door


async def test_a_quote_touching_special_category_data_is_flagged_before_approval(
    db_path: Path, bundled: Questionnaire
) -> None:
    await comments(
        db_path, bundled, [None, None, None, "My depression got worse and nobody helped"]
    )
    async with lead(db_path, bundled) as pilot:
        await open_quote_review(pilot)
        assert "Take care: it may touch health" in text_of(pilot)
        assert on_screen(pilot, "#special")
        # The one standard it is printed under: none for an open question, then s, s
        assert "no standard in particular" in text_of(pilot)
        await pilot.press("s", "s")
        await wait_for(pilot, lambda: "Under standard 2" in text_of(pilot), what="standard 2")
    store = await Store.open(db_path)
    try:
        [quote] = await store.quotes(1, "pending")
    finally:
        await store.close()
    assert quote.standard == 2


async def test_key_findings_name_the_most_negative_questions_with_counts_shown(
    db_path: Path, bundled: Questionnaire
) -> None:
    await setup(db_path, bundled)
    async with lead(db_path, bundled) as pilot:
        await open_dashboard(pilot)
        await pilot.press("k")
        await wait_for(pilot, lambda: screen_name(pilot) == "FindingsScreen", what="findings")
        text = visible_text(pilot)
        assert "Key findings" in text and "Complete: " in text
        assert "not positive, " in text and " residents (" in text
        lines = screen_text(pilot)
        assert "Key findings" in lines  # drawn, not only in the widget tree


async def test_quotes_saying_much_the_same_are_approved_together(
    db_path: Path, bundled: Questionnaire
) -> None:
    await comments(
        db_path, bundled, ["The food is cold.", "the food is cold!", "The food is cold", "Curfew!"]
    )
    async with lead(db_path, bundled) as pilot:
        await open_quote_review(pilot)
        area = pilot.app.screen.query_one("#quote", TextArea)
        if "Curfew" in area.text:  # the queue's order is the quotes' random ids
            await pilot.press("n")
        await wait_for(pilot, lambda: "2 other quotes waiting say much the same" in text_of(pilot),
                       what="the alike line")  # fmt: skip
        await pilot.press("g")
        await wait_for(pilot, lambda: "3 quotes approved" in text_of(pilot), what="approved")
    store = await Store.open(db_path)
    try:
        approved = [q.text for q in await store.quotes(1, "approved")]
        pending = [q.text for q in await store.quotes(1, "pending")]
    finally:
        await store.close()
    assert sorted(t.lower().rstrip(".!") for t in approved) == ["the food is cold"] * 3
    assert pending == ["Curfew!"]


async def test_quotes_that_only_say_much_the_same_are_each_reviewed(
    db_path: Path, bundled: Questionnaire
) -> None:
    """One quote's words may hold what another's do not (a name the scrubber missed):
    `g` approves only those worded exactly as the one the lead has read."""
    texts = [
        "The food is cold on Mondays",
        "the food is cold on mondays!",
        "The food is cold on Monday",
    ]
    await comments(db_path, bundled, [*texts, None])
    async with lead(db_path, bundled) as pilot:
        await open_quote_review(pilot)
        for _ in range(3):  # to one of the two worded alike (the queue's order is random)
            if "mondays" in pilot.app.screen.query_one("#quote", TextArea).text.lower():
                break
            await pilot.press("n")
            await pilot.pause(0.2)
        await wait_for(pilot, lambda: "2 other quotes waiting say much the same" in text_of(pilot),
                       what="the alike line")  # fmt: skip
        assert "with the 1 other worded exactly" in text_of(pilot)
        await pilot.press("g")
        await wait_for(pilot, lambda: "2 quotes approved" in text_of(pilot), what="approved")
    store = await Store.open(db_path)
    try:
        pending = [q.text for q in await store.quotes(1, "pending")]
    finally:
        await store.close()
    assert pending == ["The food is cold on Monday"]


async def test_the_dashboard_lists_bundles_imported_and_responses_in_conflict(
    tmp_path: Path, mini: Questionnaire
) -> None:
    """A copied kiosk sent the same response twice with different endings: the lead's
    dashboard says so (counts and the day only), in words and as a warning."""
    import datetime as dt

    from tests.unit.test_devices import bring, cloned_device, lead_store

    db = tmp_path / "lead.sqlite3"
    store, inspection, setup = await lead_store(db, mini)
    try:
        await store.set_secret(ROLE, hash_passphrase(PASSPHRASE))
        _response, bundles = await cloned_device(tmp_path, mini, setup)
        for bundle in bundles:
            await bring(store, inspection, bundle)
        from survey_app.core.safeguarding.alerts import Alert

        await store.raise_alert(inspection.id, Alert("harm_to_others", "Threatened Darren"))
    finally:
        await store.close()
    app = make_app("lead", Settings(db=db, inspection=inspection.id), mini)
    async with app.run_test(size=(80, 30)) as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.query("#passphrase"), what="the door")
        await open_dashboard(pilot)
        said = pilot.app.screen.query_one("#imported", Static)
        assert said.has_class("warning")
        shown = " ".join(screen_text(pilot).split())
    today = dt.date.today().isoformat()
    assert f"2 bundles from collecting devices imported, the last on {today}." in shown
    assert "1 response came again with other answers (from a copied device?)" in shown
    assert "the other was not merged" in shown
    # alerts: counted only, their words sealed
    assert "Alerts from interviews: open 1, closed 0." in shown and "Darren" not in shown


async def test_a_bundle_imported_by_another_program_while_the_lead_looks_on(
    tmp_path: Path, mini: Questionnaire
) -> None:
    """The lead's view open at the dashboard; `survey-app bundle import` runs in its own
    process on the same file: it lands whole (no "database is locked"), and the lead's
    recount shows it, while the screens go on working."""
    import asyncio
    import os
    import sys

    from tests.unit.test_devices import LEAD, answered, carry, device, lead_store

    db = tmp_path / "lead.sqlite3"
    store, inspection, setup = await lead_store(db, mini)
    try:
        await store.set_secret(ROLE, hash_passphrase(LEAD))
    finally:
        await store.close()
    kiosk = await device(tmp_path / "kiosk.sqlite3", setup)
    try:
        for n in range(4):
            await answered(kiosk, mini, f"resident {n}")
        bundle = await carry(kiosk, setup, tmp_path / "kiosk.bundle")
    finally:
        await kiosk.close()
    app = make_app("lead", Settings(db=db, inspection=inspection.id), mini)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.query("#passphrase"), what="the door")
        await open_dashboard_with(pilot, LEAD)
        assert "No release yet" in text_of(pilot)
        importing = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "survey_app", "--db", str(db), "bundle", "import",
            str(bundle), "--passphrase-stdin",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env={**os.environ, "SURVEY_APP_LANGUAGE": "en"},
        )  # fmt: skip
        # The lead keeps recounting meanwhile.
        out_task = asyncio.ensure_future(importing.communicate(f"{LEAD}\n".encode()))
        while not out_task.done():
            await pilot.press("ctrl+r")
            await pilot.pause(0.05)
        out, err = out_task.result()
        assert importing.returncode == 0, err.decode()
        assert "locked" not in (out + err).decode()
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "Release 1" in text_of(pilot), what="the recount")
        shown = " ".join(text_of(pilot).split())
        assert "1 bundle from collecting devices imported" in shown
        assert "4 of 4 residents" in shown, shown


async def test_a_comment_with_words_of_risk_is_reviewed_first_with_a_warning(
    db_path: Path, bundled: Questionnaire
) -> None:
    """Whatever the order of the queue (random ids), the comment that tells of a danger
    comes first, marked, so the lead can act on it; the others carry no mark."""
    await comments(
        db_path,
        bundled,
        ["The garden is nice in summer.", "Another resident said he would stab me.",
         "The food is fine most days.", "More activities at the weekend please."],
    )  # fmt: skip
    async with lead(db_path, bundled) as pilot:
        await open_quote_review(pilot)
        assert "stab me" in pilot.app.screen.query_one("#quote", TextArea).text
        warning = pilot.app.screen.query_one("#risk", Static)
        assert warning.has_class("warning") and "Words of risk" in str(warning.render())
        for _ in range(3):
            await pilot.press("n")
            await pilot.pause(0.1)
            assert "stab" not in pilot.app.screen.query_one("#quote", TextArea).text
            assert not pilot.app.screen.query("#risk")
