"""Exports read back: the tidy CSV and JSON recount to the published tables and no further;
the evidence pack parses, escapes what residents wrote and holds only approved quotes."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from survey_app.cli import main
from survey_app.core.evidence.export import safe_cell
from survey_app.core.evidence.gather import Evidence, gather
from survey_app.core.evidence.quotes import decide
from survey_app.core.evidence.quotes import gather as gather_quotes
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire, load
from survey_app.core.store.base import Store

APPROVED = 'Good staff <script>alert(1)</script> [click](http://evil.example) | =cmd "q"'
PENDING = "Night staff are rude to me, nobody listens"


def of(value: object) -> Answer:
    return Answer.of(value)  # type: ignore[arg-type]


async def build(db_path: Path, mini: Questionnaire) -> None:
    """14 residents: `safe` has 9 agree, 4 disagree, 1 strongly agree (a small cell);
    one complained, one skipped the question; activities has 2 'training' (small, no
    total: multiple choice); sessions: 9 gave 4, 3 gave 17, 2 gave 5."""
    store = await Store.open(db_path)
    key = (mini.id, mini.version, mini.content_hash)
    try:
        rows: list[dict[str, Answer]] = []
        for i in range(14):
            safe = "agree" if i < 9 else "disagree" if i < 13 else "strongly_agree"
            answers = {
                "safe": of(safe),
                "complained": Answer.skip() if i == 13 else of("yes" if i == 0 else "no"),
                "activities": of(("work", "training") if i < 2 else ("work",)),
                "sessions": of(4 if i < 9 else 17 if i < 12 else 5),
            }
            if i == 0:
                answers["complaint_fair"] = of("no")
                answers["complaint_why"] = of(PENDING)
            if i == 1:
                answers["anything_else"] = of(APPROVED)
            rows.append(answers)
        for i, answers in enumerate(rows):
            await store.add_response(1, "kiosk", "cy" if i % 5 == 0 else "en", key, answers)
        await gather_quotes(store, mini, 1)
        for quote in await store.quotes(1):
            if quote.question_id == "anything_else":
                await decide(store, quote.id, approve=True)
    finally:
        await store.close()


async def evidence_of(db_path: Path, mini: Questionnaire) -> Evidence:
    store = await Store.open(db_path)
    try:
        return await gather(store, mini, 1)
    finally:
        await store.close()


def export(db_path: Path, mini_path: Path, fmt: str, out: Path, *extra: str) -> None:
    code = main(
        [
            "--db", str(db_path), "--questionnaire", str(mini_path), "export",
            "--inspection", "1", "--format", fmt, "--out", str(out), *extra,
        ]
    )  # fmt: skip
    assert code == 0


MINI = Path(__file__).parent.parent / "data" / "mini.toml"


def test_csv_recounts_to_the_published_tables_and_no_further(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    asyncio.run(build(db_path, mini))
    out = tmp_path / "data.csv"
    export(db_path, MINI, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert set(rows[0]) == {"inspection", "question", "section", "standards", "status", "answer"}
    counted = Counter((r["question"], r["answer"]) for r in rows if r["status"] == "answered")
    safe = asyncio.run(evidence_of(db_path, mini)).table("safe")
    assert safe is not None
    for cell in safe.cells:
        if cell.shown == "shown":
            assert counted["safe", cell.code] == cell.count
        else:
            assert counted["safe", cell.code] == 0
    assert counted["safe", "strongly_agree"] == 0  # the one resident cannot be counted
    hidden_total = sum(c.count for c in safe.cells if c.shown != "shown")
    assert counted["safe", "suppressed"] == hidden_total >= 2
    # multiple choice: a small choice is left out, not recoded (no total to subtract from)
    assert counted["activities", "work"] == 14
    assert counted["activities", "training"] == 0
    assert counted["activities", "suppressed"] == 0
    # A rare number is withheld, a common one kept; and since 2 withheld rows would show a
    # small number, the next least given value (17, three times) is withheld with them.
    assert counted["sessions", "4"] == 9
    assert counted["sessions", "17"] == counted["sessions", "5"] == 0
    assert counted["sessions", "suppressed"] == 5
    # Skips and refusals: as many rows as the table's "did not answer" (which it shows),
    # split only where the table splits them, none where it hides that number.
    evidence = asyncio.run(evidence_of(db_path, mini))
    statuses = Counter((r["question"], r["status"]) for r in rows)
    for table in evidence.aggregates.questions:
        q = table.question.id
        declined = sum(statuses[q, s] for s in ("skipped", "refused", "not_given"))
        if not table.base_shown:
            continue
        assert declined == (table.not_answered if table.not_answered_shown else 0), q
        if table.skipped.shown != "shown":
            assert statuses[q, "skipped"] == statuses[q, "refused"] == 0, q
    complained = evidence.table("complained")
    assert complained is not None and complained.skipped.count == 1
    assert statuses["complained", "skipped"] == 0  # one skip is never a row of its own
    # a question one resident answered has no answer rows
    assert not any(r["question"] == "complaint_fair" for r in rows)
    # free text: only the approved quote, scrubbed and defused for spreadsheets
    texts = [r["answer"] for r in rows if r["question"] in ("anything_else", "complaint_why")]
    assert texts == [APPROVED]
    assert PENDING not in out.read_text(encoding="utf-8")
    # nothing to link answers to a person or to time
    assert all(set(r) == set(rows[0]) for r in rows)
    book = list(csv.DictReader((tmp_path / "data.codebook.csv").open(encoding="utf-8")))
    safe_entry = next(b for b in book if b["question"] == "safe" and b["kind"] == "question")
    assert safe_entry["label_en"] and safe_entry["label_cy"]
    assert safe_entry["label_en"] != safe_entry["label_cy"]
    assert {b["code"] for b in book if b["kind"] == "status"} >= {"answered", "not_given"}


def test_rows_are_shuffled(db_path: Path, mini: Questionnaire, tmp_path: Path) -> None:
    asyncio.run(build(db_path, mini))
    orders = set()
    for n in range(3):
        out = tmp_path / f"d{n}.csv"
        export(db_path, MINI, "csv", out)
        orders.add(out.read_text(encoding="utf-8"))
    assert len(orders) > 1


def test_json_holds_tables_with_nulls_for_hidden_counts(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    asyncio.run(build(db_path, mini))
    out = tmp_path / "data.json"
    export(db_path, MINI, "json", out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert set(document) == {"metadata", "codebook", "rows", "tables", "quotes"}
    safe = next(t for t in document["tables"]["questions"] if t["question"] == "safe")
    cells = {c["code"]: c for c in safe["cells"]}
    assert cells["agree"]["count"] == 9
    assert cells["strongly_agree"] == {"code": "strongly_agree", "count": None, "shown": "small"}
    fair = next(t for t in document["tables"]["questions"] if t["question"] == "complaint_fair")
    assert fair["base"] is None and fair["cells"] == []
    # nor its skips and refusals: with the number of responses they would give the base
    assert fair["skipped"]["count"] is None and fair["refused"]["count"] is None
    assert [q["text"] for q in document["quotes"]] == [APPROVED]
    text = out.read_text(encoding="utf-8")
    assert PENDING not in text and "response_id" not in text and "T00:" not in text


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_pack_parses_escapes_and_quotes_only_approved(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    asyncio.run(build(db_path, mini))
    out = tmp_path / "pack.html"
    export(db_path, MINI, "html", out, "--language", "en")
    page = Collector()
    page.feed(out.read_text(encoding="utf-8"))
    text = " ".join(page.text)
    assert page.tags["script"] == 0 and page.tags["a"] == 0
    assert APPROVED in text  # shown as text, never as markup
    # once: a comment to a question that informs no standard was printed under all five
    assert text.count(APPROVED) == 1
    assert PENDING not in text
    assert "1 quote awaits review and is not included." in text
    assert "fewer than 3" in text
    assert page.tags["svg"] >= 2 and page.tags["table"] >= 2
    assert "Evidence pack" in text or "evidence pack" in text
    # A share names what it leaves out: "I feel safe here" would give its hidden cells away.
    assert (
        "Left out of this share, because counting it would give away a number its own table "
        "hides: I feel safe here." in text
    )


def test_markdown_pack_in_welsh_escapes_markup(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    asyncio.run(build(db_path, mini))
    out = tmp_path / "pack.md"
    export(db_path, MINI, "md", out, "--language", "cy")
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text and "[click](http" not in text
    assert r"\<script\>" in text and r"\[click\]" in text
    assert PENDING not in text
    assert "evidence pack" not in text.lower()  # the Welsh title, not the English
    assert "llai na 3" in text  # "fewer than 3"
    welsh_safe = load(MINI).text(load(MINI).by_id["safe"], "cy")
    assert welsh_safe != "I feel safe here." and welsh_safe in text  # named, in Welsh


def test_formula_cells_are_defused() -> None:
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("-3") == "-3" and safe_cell("@me") == "'@me" and safe_cell(None) == ""


def test_export_to_a_missing_folder_writes_nothing(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "data.csv"
    code = main(["--db", str(db_path), "export", "--format", "csv", "--out", str(target)])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err
    assert not target.parent.exists()
