"""The questionnaire loader: the bundled instrument loads, and every broken file is refused
with the file, the line (or question id) and what to fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from survey_app.cli import main
from survey_app.core.questionnaire.model import Questionnaire, QuestionnaireError, json_schema, load

DATA = Path(__file__).parent.parent / "data"
REPO = Path(__file__).parent.parent.parent


def copy_mini(tmp_path: Path, edit=None, po_edit=None) -> Path:  # type: ignore[no-untyped-def]
    toml = tmp_path / "mini.toml"
    po = tmp_path / "mini.cy.po"
    text = (DATA / "mini.toml").read_text(encoding="utf-8")
    po_text = (DATA / "mini.cy.po").read_text(encoding="utf-8")
    toml.write_text(edit(text) if edit else text, encoding="utf-8")
    po.write_text(po_edit(po_text) if po_edit else po_text, encoding="utf-8")
    return toml


def problems(path: Path) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        load(path)
    return [str(p) for p in caught.value.problems]


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_bundled_questionnaire_loads(bundled: Questionnaire) -> None:
    assert 30 <= len(bundled.questions) <= 60
    assert bundled.questions[-1].type == "free_text"
    types = {q.type for q in bundled.questions}
    assert types == {
        "single_choice",
        "multiple_choice",
        "agreement",
        "yes_no",
        "number",
        "free_text",
    }
    covered = {s for q in bundled.questions for s in q.standards}
    assert covered == {1, 2, 3, 4, 5}
    assert len(bundled.conditions) >= 4
    assert len(bundled.content_hash) == 64


def test_bundled_questionnaire_is_balanced_and_keeps_not_needed_apart(
    bundled: Questionnaire,
) -> None:
    """Some statements are worded the other way (disagreeing is positive); "I haven't
    needed this" is offered where help may not have been needed and kept out of the
    roll-ups; the questions that matter most for safety and fairness ask for more after a
    negative answer; each search is asked about on its own."""
    agreement = [q for q in bundled.questions if q.type == "agreement" and q.positive]
    reversed_ = [q for q in agreement if set(q.positive) == {"disagree", "strongly_disagree"}]
    assert len(reversed_) >= 4 and len(reversed_) <= len(agreement) // 2
    for question in bundled.questions:
        if "not_needed" in bundled.codes(question):
            assert question.apart == ("not_needed",), question.id
    needed = {"health_physical_help", "health_mental_help", "substance_help"}
    assert needed <= {q.id for q in bundled.questions if q.apart}
    labels = dict(bundled.options(bundled.by_id["health_physical_help"], "en"))
    assert labels["unsure"] != labels["not_needed"]
    follow_ups = {q.id: q.when for q in bundled.questions if q.type == "free_text" and q.when}
    assert {"safe_feel_more", "staff_respect_more", "fair_treated_more"} <= set(follow_ups)
    assert all("disagree" in (when or "") for when in follow_ups.values())
    assert "searched" not in bundled.by_id
    assert {"searched_person", "searched_room"} <= set(bundled.by_id)
    told = bundled.text(bundled.by_id["safe_told_staff"], "en")
    assert "bullied or threatened" in told


def test_bundled_questionnaire_stays_short(bundled: Questionnaire) -> None:
    """About ten minutes: a resident with nothing bad to report is asked under 50
    questions, and no way through asks more than there are."""
    from survey_app.core.questionnaire.flow import Answer, Flow

    none_happened = dict.fromkeys(
        ("safe_bullied", "safe_threatened", "searched_person", "searched_room",
         "health_medication", "complaint_made"),
        "no",
    )  # fmt: skip
    flow = Flow(bundled)
    asked = 0
    while (question := flow.current) is not None:
        asked += 1
        if question.type == "number":
            answer = Answer.of(2)
        elif question.type == "free_text":
            answer = Answer.skip()
        elif question.type == "multiple_choice":
            answer = Answer.of((bundled.codes(question)[0],))
        else:
            answer = Answer.of(none_happened.get(question.id, bundled.codes(question)[0]))
        flow.answer(question.id, answer)
    assert 40 <= asked < 50, asked


def test_bundled_questionnaire_asks_nothing_identifying(bundled: Questionnaire) -> None:
    for question in bundled.questions:
        text = question.text.lower()
        for word in ("your name", "case number", "date of birth", "room number", "crn"):
            assert word not in text, question.id


def test_every_text_has_welsh(bundled: Questionnaire) -> None:
    welsh = bundled.translators["cy"]
    for context, english in bundled.texts():
        assert welsh.has(english, context), context
        assert welsh.pgettext(context, english) != english or english.isdigit(), context


def test_content_hash_changes_with_any_text(tmp_path: Path, mini: Questionnaire) -> None:
    same = load(copy_mini(tmp_path))
    assert same.content_hash == mini.content_hash
    reworded = load(
        copy_mini(
            tmp_path / "a" if (tmp_path / "a").mkdir() is None else tmp_path,
            po_edit=lambda t: t.replace("Cytuno'n gryf", "Cytuno yn gryf"),
        )
    )
    assert reworded.content_hash != mini.content_hash


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = copy_mini(tmp_path, lambda t: t.replace('type = "agreement"', "type = agreement"))
    [message] = problems(path)
    assert message.startswith(f"{path}:{line_of(path, 'type = agreement')}: TOML syntax error")
    assert "Fix the syntax" in message


def test_unknown_type(tmp_path: Path) -> None:
    path = copy_mini(tmp_path, lambda t: t.replace('type = "number"', 'type = "slider"'))
    [message] = problems(path)
    assert f"{path}:{line_of(path, 'slider')}" in message
    assert "(question sessions)" in message
    assert "unknown type 'slider': use one of single_choice" in message


def test_duplicate_id(tmp_path: Path) -> None:
    path = copy_mini(tmp_path, lambda t: t.replace('id = "complaint_why"', 'id = "complained"'))
    messages = problems(path)
    assert any(
        "duplicate id 'complained'" in m and "give each question its own id" in m for m in messages
    ), messages


def test_routing_to_unknown_question(tmp_path: Path) -> None:
    path = copy_mini(
        tmp_path, lambda t: t.replace('when = "complained == yes"', 'when = "complaned == yes"')
    )
    [message] = problems(path)
    assert f"{path}:{line_of(path, 'complaned')}" in message
    assert "unknown question 'complaned'" in message


def test_routing_to_unknown_code(tmp_path: Path) -> None:
    path = copy_mini(
        tmp_path, lambda t: t.replace('when = "complained == yes"', 'when = "complained == maybe"')
    )
    [message] = problems(path)
    assert "code 'maybe', which 'complained' does not have (it has yes, no)" in message
    assert "(question complaint_fair)" in message


def test_routing_syntax_error_names_the_column(tmp_path: Path) -> None:
    path = copy_mini(
        tmp_path, lambda t: t.replace('when = "complained == yes"', 'when = "complained = yes"')
    )
    [message] = problems(path)
    assert "at column 12" in message and f":{line_of(path, 'complained = yes')}" in message


def test_cycle_in_routing(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        text = text.replace(
            'type = "yes_no"\ntext = "Have you made a complaint here?"',
            'type = "yes_no"\ntext = "Have you made a complaint here?"\n'
            'when = "complaint_fair == yes"',
        )
        return text

    path = copy_mini(tmp_path, edit)
    messages = problems(path)
    assert any("cycle: complained -> complaint_fair -> complained" in m for m in messages), messages


def test_condition_on_a_later_question(tmp_path: Path) -> None:
    path = copy_mini(
        tmp_path, lambda t: t.replace('when = "complained == yes"', 'when = "activities == work"')
    )
    [message] = problems(path)
    assert "asked later" in message and "move 'activities' earlier" in message


def test_code_without_welsh_label(tmp_path: Path) -> None:
    path = copy_mini(tmp_path, po_edit=lambda t: t.replace('msgstr "Naddo"', 'msgstr ""'))
    [message] = problems(path)
    assert "no cy text for question.complaint_fair.option.no" in message
    assert "mini.cy.po" in message
    assert f":{line_of(path, 'No, it wasn')}" in message


def test_missing_welsh_catalogue(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    path.with_name("mini.cy.po").unlink()
    [message] = problems(path)
    assert "the cy catalogue is missing" in message


def test_broken_welsh_catalogue_names_its_line(tmp_path: Path) -> None:
    path = copy_mini(tmp_path, po_edit=lambda t: t.replace('msgstr "Naddo"', 'msgstr "Naddo'))
    [message] = problems(path)
    assert message.startswith(f"{path.with_name('mini.cy.po')}:")
    assert "check its quotes" in message


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (
            lambda t: t.replace('  { code = "training", label = "Training" },\n', "").replace(
                '  { code = "none", label = "None of these" },\n', ""
            ),
            "a multiple_choice question needs 2 to 9 options",
        ),
        (
            lambda t: t.replace('positive = ["yes"]', 'positive = ["yes", "maybe"]'),
            "positive lists 'maybe'",
        ),
        (lambda t: t.replace("min = 0\nmax = 50", "min = 50\nmax = 0"), "min is greater than max"),
        (
            lambda t: t.replace('{ code = "no", label = "No, I haven\'t" },', ""),
            "needs options with the codes yes and no",
        ),
        (lambda t: t.replace('id = "safe"', 'id = "Safe Here"'), "ids and codes use lower-case"),
        (lambda t: t.replace('text = "I feel safe here."\n', ""), "questions.0.text is missing"),
        (
            lambda t: t.replace(
                'section = "main"\ntype = "agreement"', 'section = "mian"\ntype = "agreement"'
            ),
            "unknown section 'mian'",
        ),
        (
            lambda t: t.replace('when = "sessions > 0"', 'when = "sessions == lots"'),
            "is a number question: compare it with a whole number",
        ),
        (
            lambda t: t.replace(
                'text = "I feel safe here."', 'text = "I feel safe here."\ncolour = 1'
            ),
            "is not a known key",
        ),
        (
            lambda t: t.replace('code = "very"', 'code = "1"').replace(
                '"very", "quite"', '"quite"'
            ),
            "ids and codes use lower-case letters",
        ),
        (
            lambda t: t.replace('id = "sessions_useful"', 'id = "sessions-useful"'),
            "ids and codes use lower-case letters",
        ),
        (
            lambda t: t.replace("I feel safe here.", "I feel safe\\u001b[2J here."),
            "control character",
        ),
        (lambda t: t.replace("I feel safe here.", "I feel \\u202esafe here."), "control character"),
        (lambda t: t.replace('text = "I feel safe here."', 'text = "   "'), "is empty"),
        (
            lambda t: t.replace(
                'when = "complained == yes"',
                'when = "' + "(" * 30 + "complained == yes" + ")" * 30 + '"',
            ),
            "nested more than 20 deep",
        ),
        (
            lambda t: t.replace(
                'when = "complained == yes"', 'when = "' + "not " * 30 + 'complained == yes"'
            ),
            "nested more than 20 deep",
        ),
        (
            lambda t: t.replace(
                'when = "complained == yes"',
                'when = "' + " or ".join(["complained == yes"] * 30) + '"',
            ),
            "longer than 400 characters",
        ),
        (
            lambda t: t.replace(
                '[[sections]]\nid = "main"\ntitle = "Main"',
                '[[sections]]\nid = "main"\ntitle = "Main"\n\n'
                '[[sections]]\nid = "main"\ntitle = "Again"',
            ),
            "duplicate section id 'main'",
        ),
        (
            lambda t: t.replace(
                'text = "Were they useful?"', 'text = "Were they useful?"\nunit = "x"'
            ),
            "only a number question can have a unit",
        ),
        (
            lambda t: t.replace(
                'text = "I feel safe here."', 'text = "I feel safe here."\nmax_length = 10'
            ),
            "only a free_text question can have max_length",
        ),
        (
            lambda t: t.replace('positive = ["yes"]', 'positive = ["yes"]\napart = ["maybe"]'),
            "apart lists 'maybe'",
        ),
        (
            lambda t: t.replace('positive = ["yes"]', 'positive = ["yes"]\napart = ["yes"]'),
            "'yes' is both positive and apart",
        ),
        (
            lambda t: t.replace('exclusive = ["none"]', 'exclusive = ["none"]\napart = ["none"]'),
            "only a question with one answer (not multiple_choice) can keep codes apart",
        ),
        (
            lambda t: t.replace(
                'text = "I feel safe here."',
                'text = "I feel safe here."\noptions = [{ code = "agree", label = "Yes" }]',
            ),
            "or list only dont_know or not_needed to add them after the scale",
        ),
    ],
)
def test_other_mistakes(tmp_path: Path, edit, words) -> None:  # type: ignore[no-untyped-def]
    path = copy_mini(tmp_path, edit)
    messages = problems(path)
    assert any(words in m and m.startswith(str(path)) for m in messages), messages


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "nothing.toml"
    [message] = problems(path)
    assert str(path) in message and "cannot read the file" in message


def test_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = REPO / "questions" / "ap-residents.toml"
    assert main(["questions", "check", str(good)]) == 0
    out = capsys.readouterr().out
    assert "OK, " in out and "fuzzy" in out
    bad = copy_mini(tmp_path, lambda t: t.replace('type = "number"', 'type = "slider"'))
    assert main(["questions", "check", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert "unknown type 'slider'" in captured.err


def test_app_refuses_to_start_on_a_broken_questionnaire(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = copy_mini(tmp_path, lambda t: t.replace('type = "number"', 'type = "slider"'))
    code = main(["--db", str(tmp_path / "x.db"), "--questionnaire", str(bad), "survey"])
    assert code == 2
    assert "will not start" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_committed_schema_is_current() -> None:
    committed = json.loads((REPO / "questions" / "questionnaire.schema.json").read_text())
    assert committed == json_schema(), (
        "run: survey-app questions schema --out questions/questionnaire.schema.json"
    )


def test_dropping_in_another_instrument(tmp_path: Path) -> None:
    """The inspectorate's own questionnaire needs no code: two files are enough."""
    target = tmp_path / "other.toml"
    shutil.copy(DATA / "mini.toml", target)
    shutil.copy(DATA / "mini.cy.po", tmp_path / "other.cy.po")
    loaded = load(target)
    assert loaded.id == "mini" and loaded.text(loaded.questions[0], "cy").startswith("Rwy'n")


def test_control_characters_in_the_welsh_are_refused(tmp_path: Path) -> None:
    path = copy_mini(
        tmp_path, po_edit=lambda t: t.replace('msgstr "Naddo"', 'msgstr "Nadd\x1b[2Jo"')
    )
    messages = problems(path)
    assert any("control character" in m and "mini.cy.po" in m for m in messages), messages


def test_translation_template_lists_every_text(
    tmp_path: Path, mini: Questionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from babel.messages.pofile import read_po

    path = copy_mini(tmp_path)
    path.with_name("mini.cy.po").unlink()  # a new instrument has no Welsh yet
    assert main(["questions", "pot", str(path)]) == 0
    template = read_po(io.StringIO(capsys.readouterr().out))
    assert {(m.context, m.id) for m in template if m.id} == set(mini.texts())
    assert all(not m.string for m in template if m.id)


def test_a_checked_questionnaire_starts_from_the_cache_and_a_change_is_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second load reads what the first one cached (seen by marking the cached copy);
    any change to the file is a new key and is checked again, so a new mistake is found."""
    monkeypatch.setenv("SURVEY_APP_CACHE", str(tmp_path / "cache"))  # this test's own
    path = copy_mini(tmp_path)
    first = load(path)
    [cached] = (tmp_path / "cache" / "questionnaires").glob("*.json")
    record = json.loads(cached.read_text(encoding="utf-8"))
    record["model"]["questions"][0]["text"] = "MARKED in the cache"
    cached.write_text(json.dumps(record), encoding="utf-8")
    again = load(path)
    assert again.questions[0].text == "MARKED in the cache"  # read from the cache
    assert again.questions[1:] == first.questions[1:]
    path.write_text(path.read_text(encoding="utf-8").replace('id = "safe"', 'id = "Safe"'))
    assert problems(path)  # the changed file is checked, and refused


def test_a_questionnaire_from_the_cache_carries_the_hash_of_its_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each response records the hash; read from the cache it must be the one the full
    check works out, not a stale or empty one."""
    monkeypatch.setenv("SURVEY_APP_CACHE", str(tmp_path / "cache"))
    path = copy_mini(tmp_path)
    checked = load(path).content_hash
    cached = load(path)
    assert cached.__dict__["content_hash"] == checked  # kept, not worked out again
    del cached.__dict__["content_hash"]
    assert cached.content_hash == checked


INTERVIEW = """
[interview]
consent = "Are you happy to go ahead?"

[interview.instructions]
agreement = "Read the statement, then the answers."
"""
INTERVIEW_CY = """
msgctxt "interview.consent"
msgid "Are you happy to go ahead?"
msgstr "Ydych chi'n hapus i fwrw ymlaen?"

msgctxt "interview.agreement"
msgid "Read the statement, then the answers."
msgstr "Darllenwch y datganiad, yna'r atebion."

msgctxt "question.safe.interviewer"
msgid "Probe gently."
msgstr "Holwch yn dyner."

msgctxt "question.activities.read_aloud"
msgid "I will read a list."
msgstr "Byddaf yn darllen rhestr."
"""


def with_interview(text: str) -> str:
    head, rest = text.split("[[questions]]", 1)
    rest = rest.replace('text = "I feel safe here."',
                        'text = "I feel safe here."\ninterviewer = "Probe gently."', 1)  # fmt: skip
    rest = rest.replace(
        'text = "Which of these have you done here?"',
        'text = "Which of these have you done here?"\nread_aloud = "I will read a list."',
        1,
    )
    return head + INTERVIEW + "\n[[questions]]" + rest


def test_an_interview_reads_aloud_and_instructs_in_each_language(tmp_path: Path) -> None:
    """The words to read and the inspector's instructions are data, in both languages:
    a question's own instruction before its type's; its text when it has nothing else to
    read aloud; a questionnaire without them keeps its hash."""
    plain = load(copy_mini(tmp_path))
    (tmp_path / "interview").mkdir()
    path = copy_mini(
        tmp_path / "interview", edit=with_interview, po_edit=lambda t: t + INTERVIEW_CY
    )
    q = load(path)
    safe, activities = q.by_id["safe"], q.by_id["activities"]
    complaint = next(x for x in q.questions if x.type == "yes_no")
    assert q.consent_script("en") == "Are you happy to go ahead?"
    assert q.consent_script("cy") == "Ydych chi'n hapus i fwrw ymlaen?"
    assert q.instructions(safe, "en") == "Probe gently."  # its own, before its type's
    assert q.instructions(safe, "cy") == "Holwch yn dyner."
    assert q.read_aloud(safe, "cy") == q.text(safe, "cy")  # nothing of its own: its text
    assert q.instructions(complaint, "en") is None  # no instruction for yes/no questions
    assert q.read_aloud(activities, "en") == "I will read a list."
    assert q.content_hash != plain.content_hash
    assert plain.consent_script("en") is None
    assert plain.instructions(plain.by_id["safe"], "en") is None
    assert ("interview.consent", "Are you happy to go ahead?") in q.texts()


def test_interview_texts_without_welsh_are_named_with_the_fix(tmp_path: Path) -> None:
    path = copy_mini(tmp_path, edit=with_interview)
    found = problems(path)
    assert any("no cy text for interview.consent" in m for m in found), found
    assert any(
        "no cy text for question.activities.read_aloud" in m and "mini.cy.po" in m for m in found
    ), found
    # an [interview] without its consent script is refused, naming the key
    path = copy_mini(
        tmp_path,
        edit=lambda t: with_interview(t).replace('consent = "Are you happy to go ahead?"\n', ""),
        po_edit=lambda t: t + INTERVIEW_CY,
    )
    assert any("consent" in m for m in problems(path))


def test_the_bundled_questionnaire_has_a_consent_script_and_instructions_for_every_type(
    bundled: Questionnaire,
) -> None:
    assert bundled.model.interview is not None
    for language in ("en", "cy"):
        script = bundled.consent_script(language)
        assert script and len(script) > 200
        for question in bundled.questions:
            assert bundled.instructions(question, language), (question.id, language)
    assert bundled.consent_script("cy") != bundled.consent_script("en")
