"""The paper form made for real and read back for real: its text (pypdf and poppler's
pdftotext), its pages rendered (pdftoppm) and every page's QR code decoded (zbar), its
words' positions on the page (pdftotext -bbox), and the boxes' positions file."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import require  # type: ignore[import-not-found]
from pypdf import PdfReader

from survey_app.cli import main
from survey_app.core.collection.serials import PageMark, normalise, valid
from survey_app.core.questionnaire import printed
from survey_app.core.questionnaire.model import Questionnaire, load
from survey_app.core.store.base import Store

pytestmark = pytest.mark.e2e

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGIN_X, MARGIN_BOTTOM = 15 * MM, 16 * MM
LANGS = {"en": ("en",), "cy": ("cy",), "both": ("cy", "en")}


def flat(text: str) -> str:
    # Line ends inside a sentence become spaces; a long word the form broke with a soft
    # hyphen is joined again.
    text = text.replace("\u00ad\n", "").replace("-\n", "").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text)


def make(
    db: Path, out: Path, lang: str, copies: int, questionnaire: Path | None = None
) -> list[str]:
    argv = ["--db", str(db)]
    if questionnaire is not None:
        argv += ["--questionnaire", str(questionnaire)]
    argv += ["paper", "--inspection", "1", "--copies", str(copies), "--lang", lang]
    assert main([*argv, "--out", str(out)]) == 0
    return [out.name]


def stored_serials(db: Path) -> set[str]:
    async def read() -> set[str]:
        store = await Store.open(db)
        try:
            return await store.paper_serials(1)
        finally:
            await store.close()

    return asyncio.run(read())


def expected_texts(q: Questionnaire, lang: str) -> list[str]:
    out = [q.title(lang)]
    for question in q.questions:
        out.append(q.text(question, lang))
        out += [label for _code, label in q.options(question, lang)]
        if question.section:
            out.append(q.section_title(question.section, lang))
    return out


@pytest.mark.parametrize("lang", ["en", "cy", "both"])
def test_every_question_and_option_is_on_the_form_in_its_languages(
    lang: str, db_path: Path, tmp_path: Path, bundled: Questionnaire
) -> None:
    pdftotext = require("pdftotext")
    out = tmp_path / "form.pdf"
    make(db_path, out, lang, 1)
    reader = PdfReader(out)
    by_pypdf = flat(" ".join(page.extract_text() for page in reader.pages))
    by_poppler = flat(
        subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True).stdout
    )
    for text in (by_pypdf, by_poppler):
        for language in LANGS[lang]:
            expected = expected_texts(bundled, language)
            if lang == "both" and text is by_poppler:
                # poppler reads the two titles' lines across, one from each column.
                expected = expected[1:]
            for each in expected:
                assert flat(each) in text, (language, each)
        # The other language is not there at all.
        for absent in {"en", "cy"} - set(LANGS[lang]):
            assert flat(bundled.text(bundled.questions[0], absent)) not in text
        # Welsh letters survive the round trip (the font has them and the PDF maps them).
        if "cy" in LANGS[lang]:
            assert "ŵ" in text and "â" in text
        # Every question's number, and the cover's help lines.
        assert "116 123" in text and "0808 164 0123" in text
    assert reader.metadata is not None and reader.metadata.title
    # Tagged for screen readers, the font embedded (no system font assumed).
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    fonts = subprocess.run([require("pdffonts"), str(out)], capture_output=True, text=True)
    lines = fonts.stdout.splitlines()[2:]
    assert lines and all("AtkinsonHyperlegibleNext" in line for line in lines)
    assert all(" yes yes " in line for line in lines)  # embedded, subset


def test_routing_is_written_out_for_every_routed_question(
    db_path: Path, tmp_path: Path, bundled: Questionnaire
) -> None:
    out = tmp_path / "form.pdf"
    make(db_path, out, "both", 1)
    text = flat(" ".join(page.extract_text() for page in PdfReader(out).pages))
    routed = 0
    for question in bundled.questions:
        for lang in ("cy", "en"):
            if question.when is not None:
                words = printed.only_if(bundled, question, lang)
                assert words is not None and flat(words) in text
                routed += 1
            jumps = printed.jumps(bundled, question)
            for code, target in jumps.by_code.items():
                label = flat(bundled.option_label(question, code, lang))
                # The drawn arrow, then where to go, right after the option's words.
                assert f"{label} {printed.go_to(target, lang)}" in text, (question.id, code)
            if jumps.blank is not None:
                assert flat(printed.blank_go_to(jumps.blank, lang)) in text
    assert routed >= 20


def test_every_page_s_code_gives_its_copy_and_page(db_path: Path, tmp_path: Path) -> None:
    pdftoppm, zbarimg = require("pdftoppm"), require("zbarimg")
    out = tmp_path / "forms.pdf"
    make(db_path, out, "en", 3)
    pages = len(PdfReader(out).pages)
    subprocess.run(
        [pdftoppm, "-r", "110", "-gray", "-png", str(out), str(tmp_path / "p")], check=True
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == pages
    marks = []
    for image in images:
        found = subprocess.run(
            [zbarimg, "--quiet", "--raw", str(image)], capture_output=True, text=True
        ).stdout.strip()
        mark = PageMark.decode(found)
        assert mark is not None, (image.name, found)
        marks.append(mark)
    per_copy = marks[0].pages
    assert per_copy % 2 == 0  # printed on both sides, no copy starts on another's back
    assert pages == 3 * per_copy
    copies = [marks[i * per_copy : (i + 1) * per_copy] for i in range(3)]
    serials = [copy[0].serial for copy in copies]
    assert len(set(serials)) == 3 and all(valid(s) for s in serials)
    for copy in copies:
        assert [m.page for m in copy] == list(range(1, per_copy + 1))
        assert {m.serial for m in copy} == {copy[0].serial}
        assert {m.questionnaire for m in copy} == {"ap-residents@2.1.0"}
    # The serial printed on each page is its code's, and the store knows every one.
    reader = PdfReader(out)
    for index, mark in enumerate(marks):
        assert mark.serial in reader.pages[index].extract_text()
    assert stored_serials(db_path) == {normalise(s) for s in serials}


def test_the_boxes_file_places_every_answer_box_on_its_page(
    db_path: Path, tmp_path: Path, mini: Questionnaire
) -> None:
    out = tmp_path / "mini.pdf"
    make(db_path, out, "both", 2, Path(mini.path))
    layout = json.loads((tmp_path / "mini.boxes.json").read_text())
    assert layout["questionnaire"] == "mini" and layout["language"] == "both"
    assert layout["pages_per_copy"] * 2 == len(PdfReader(out).pages)
    boxes = layout["boxes"]
    kinds = Counter((b["question"], b["kind"]) for b in boxes)
    for question in mini.questions:
        if question.type in ("free_text",):
            assert kinds[(question.id, "text")] == 1
        elif question.type == "number":
            assert kinds[(question.id, "digit")] == len(str(question.max))
        else:
            assert kinds[(question.id, "option")] == len(mini.codes(question))
        assert kinds[(question.id, "refuse")] == 1
        assert {b["number"] for b in boxes if b["question"] == question.id} == {
            printed.number(mini, question.id)
        }
    for box in boxes:
        assert box["x_mm"] >= 15 - 0.01 and box["x_mm"] + box["w_mm"] <= 195 + 0.01
        assert box["y_mm"] >= 40 - 0.01 and box["y_mm"] + box["h_mm"] <= 297 - 16 + 0.01
        assert 1 <= box["page"] <= layout["pages_per_copy"]
    # No serial in the layout: it describes the form, not a copy.
    text = (tmp_path / "mini.boxes.json").read_text()
    assert not any(normalise(s) in normalise(text) for s in stored_serials(db_path))


# --- a long questionnaire with long Welsh --------------------------------------------------
WELSH = (
    "Rydyn ni eisiau gwybod a ydych chi'n teimlo bod y gwasanaethau a'r cyfrifoldebau "
    "sydd gan y staff yn yr Eiddo Cymeradwy hwn yn ddigonol ar gyfer eich anghenion chi, "
    "gan gynnwys cefnogaeth gyda'ch iechyd meddwl, eich llety ar ôl gadael, eich perthynas "
    "â'ch teulu ac â'ch ymarferydd prawf, a'r ŵyl a'r tŷ yn "
    "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
)


def long_questionnaire(folder: Path) -> Path:
    """80 questions of every type and routing, then a Welsh catalogue whose every text is
    longer than its English (as Welsh usually is), with a 58-letter place name in it."""
    lines = [
        '[questionnaire]\nid = "long"\nversion = "1.0"\ntitle = "A long survey"\n',
        '[[sections]]\nid = "one"\ntitle = "The first part of a long survey"\n',
        '[[sections]]\nid = "two"\ntitle = "The second part"\n',
    ]
    english = (
        "Thinking about the last four weeks that you have lived here, how far would you say "
        "that the help you have had from staff with the things that matter to you"
    )
    for i in range(80):
        kind = ["agreement", "yes_no", "single_choice", "multiple_choice", "number", "free_text"][
            i % 6
        ]
        lines.append("[[questions]]")
        lines.append(f'id = "q{i}"\nsection = "{"one" if i < 40 else "two"}"\ntype = "{kind}"')
        lines.append(f'text = "Question {i}: {english}?"')
        if i % 7 == 3:
            lines.append('help = "Help that explains a word of the question at some length."')
        if kind == "yes_no":
            lines.append(
                'options = [{ code = "yes", label = "Yes" }, { code = "no", label = "No" }]'
            )
        if kind == "single_choice":
            options = ", ".join(
                f'{{ code = "o{j}", label = "A choice of answer number {j} with a few words" }}'
                for j in range(9)
            )
            lines.append(f"options = [{options}]")
        if kind == "multiple_choice":
            options = ", ".join(
                f'{{ code = "m{j}", label = "Something they might have done, {j}" }}'
                for j in range(6)
            )
            lines.append(f'options = [{options}, {{ code = "none", label = "None" }}]')
            lines.append('exclusive = ["none"]')
        if kind == "number":
            lines.append("min = 0\nmax = 999")
        if i % 6 == 2 and i >= 6:
            lines.append(f'when = "q{i - 1} == yes"')
        lines.append("")
    path = folder / "long.toml"
    path.write_text("\n".join(lines))
    pot = folder / "long.pot"
    assert main(["questions", "pot", str(path), "--out", str(pot)]) == 0
    with pot.open("rb") as file:
        catalogue = read_po(file, locale="cy")
    words = WELSH.split()
    for message in catalogue:
        if not message.id:
            continue
        # Half as long again as the English, a question's text with the place name in it.
        wanted = len(str(message.id)) * 3 // 2
        welsh: list[str] = []
        while len(" ".join(welsh)) < wanted:
            welsh.append(words[len(welsh) % (len(words) - 1)])
        if re.fullmatch(r"question\.q\d+", message.context or ""):
            welsh.append(words[-1])
        message.string = " ".join(welsh)
    with (folder / "long.cy.po").open("wb") as file:
        write_po(file, catalogue)
    return path


def words_of(pdftotext: str, pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    xhtml = subprocess.run(
        [pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ET.fromstring(xhtml)
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        pages.append(
            [
                (
                    float(w.get("xMin", 0)),
                    float(w.get("yMin", 0)),
                    float(w.get("xMax", 0)),
                    float(w.get("yMax", 0)),
                    w.text or "",
                )
                for w in page.iter("{http://www.w3.org/1999/xhtml}word")
            ]
        )
    return pages


@pytest.mark.parametrize("lang", ["both", "cy"])
def test_eighty_questions_of_long_welsh_lay_out_without_overflow(
    lang: str, db_path: Path, tmp_path: Path
) -> None:
    pdftotext = require("pdftotext")
    path = long_questionnaire(tmp_path)
    questionnaire = load(path)
    assert len(questionnaire.questions) == 80
    out = tmp_path / "long.pdf"
    make(db_path, out, lang, 1, path)
    pages = words_of(pdftotext, out)
    assert len(pages) > 20
    slack = 0.6
    for number, words in enumerate(pages, start=1):
        for x0, y0, x1, y1, word in words:
            assert x0 >= MARGIN_X - slack and x1 <= PAGE_W - MARGIN_X + slack, (number, word)
            assert y0 >= 0 and y1 <= PAGE_H - MARGIN_BOTTOM + slack, (number, word)
        # No word runs into another: text that overflowed its column would.
        ordered = sorted(words)
        for i, (_x0, y0, x1, y1, word) in enumerate(ordered):
            for a0, b0, _a1, b1, other in ordered[i + 1 :]:
                if a0 >= x1 - slack:
                    break
                # Lines set close share a little height; text that ran into its
                # neighbour's column shares most of it.
                overlap_y = min(y1, b1) - max(y0, b0)
                assert overlap_y <= 0.5 * min(y1 - y0, b1 - b0), (number, word, other)
    text = flat(" ".join(page.extract_text() for page in PdfReader(out).pages))
    for question in questionnaire.questions:
        assert flat(questionnaire.text(question, "cy")) in text, question.id
    layout = json.loads((tmp_path / "long.boxes.json").read_text())
    for box in layout["boxes"]:
        assert box["y_mm"] + box["h_mm"] <= 297 - 16 + 0.01


def test_refusals_change_nothing(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    base = ["--db", str(db_path), "paper", "--copies", "2"]
    assert main([*base, "--out", str(tmp_path / "form.txt")]) == 2
    assert main([*base, "--out", str(tmp_path / "missing" / "form.pdf")]) == 2
    with pytest.raises(SystemExit):
        main([*base[:-1], "0", "--out", str(out)])
    with pytest.raises(SystemExit):
        main([*base, "--lang", "fr", "--out", str(out)])
    # The files cannot be put in place (a folder has the PDF's name): nothing recorded.
    (tmp_path / "taken.pdf").mkdir()
    assert main([*base, "--out", str(tmp_path / "taken.pdf")]) == 2
    assert stored_serials(db_path) == set()
    assert not list(tmp_path.glob("*.boxes.json"))
    assert main(["--db", str(db_path), "inspection", "close", "1"]) == 0
    assert main([*base, "--out", str(out)]) == 2
    assert not out.exists() and stored_serials(db_path) == set()
