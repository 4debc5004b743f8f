"""The paper form: an A4 PDF made from the questionnaire that the screens use, in English,
in Welsh, or in both side by side (Welsh on the left) sharing one set of boxes.

Typeset by Typst (its Python package: one wheel, no system libraries, tagged PDF by default,
so a screen reader can read the form), in Atkinson Hyperlegible Next (bundled in `fonts/`
under the SIL Open Font License: made for readers with low vision, and it has every Welsh
letter, ŵ and ŷ among them). The layout is `paper.typ`; every word comes from the
questionnaire and the catalogues as data, never as markup.

Each copy has its serial and a QR code on every page (`PageMark`); a copy with an odd number
of pages gets a blank one, so that printed on both sides no copy starts on the back of
another. Beside the PDF goes the position of every box on its page (`Layout`), for a later
scanner.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from survey_app.core.collection.inspection import Inspection
from survey_app.core.collection.serials import PageMark, show
from survey_app.core.i18n import N_, app_translator
from survey_app.core.questionnaire import printed
from survey_app.core.questionnaire.model import Question, Questionnaire
from survey_app.core.text import display_safe

FONTS = Path(str(files("survey_app.reports") / "fonts"))
TEMPLATE = Path(str(files("survey_app.reports") / "paper.typ"))
QR_MM = 26
"""The QR code's side: about 0.7 mm a module, which a phone, zbar at 150 dpi or a USB
scanner reads off a photocopy."""
TEXT_MM = 180
"""The width inside the margins (A4's 210 mm less 15 mm each side)."""
LINES = 6
"""Ruled lines in a free-text box."""
SPLIT_CHARACTERS = 700
"""A question with more words than this (all its languages) may break across pages;
shorter ones stay whole on one page."""
LONGEST_WORD = 20
"""Letters a word may have before the form may break it (Welsh's long words, such as
"anghydffurfiaeth", have 16; a 76 mm column holds about 28 at 14 pt)."""
LANGUAGES = {"en": ("en",), "cy": ("cy",), "both": ("cy", "en")}
"""`--lang`: the languages on the form, in reading order (Welsh first, on the left)."""

# What the form says besides the questionnaire's own words.
COVER = (
    N_(
        "We are inspectors from HM Inspectorate of Probation. We are independent: we do "
        "not work for the probation service or for this Approved Premises."
    ),
    N_(
        "We want to hear what it is like to live here. What you tell us helps us judge "
        "how well this place is run."
    ),
    N_(
        "Taking part is up to you. Saying no, or stopping part way, will not affect your "
        "licence, your stay here or how staff treat you."
    ),
    N_(
        "Your answers are anonymous. Do not write your name, or anyone else's, on this form. "
        "Staff here will not see your answers."
    ),
    N_(
        "The number at the top of each page belongs to this form, not to you: it lets us "
        "check that each form is typed in only once. We do not record who was given which "
        "form."
    ),
    N_(
        "Answer as many questions as you like. You can leave any question blank, or tick "
        "\u201cPrefer not to say\u201d."
    ),
    N_(
        "There is one limit: if you tell us that you or someone else is at serious risk of "
        "harm, we may have to pass that on to keep people safe."
    ),
    N_(
        "When you have finished, put the form in the envelope, seal it, and give it to an "
        "inspector or put it in the inspectors' box. Staff will not open it."
    ),
    N_(
        "This survey is not for emergencies. If you need help now, speak to staff or to the "
        "inspectors here, or call Samaritans free on 116 123, day or night. In Welsh, call "
        "the Samaritans' Welsh Language Line free on 0808 164 0123."
    ),
)
HOW = N_("Tick one box for each question, like this:")
PREMISES = N_("Approved Premises: {premises}")
AUTHOR = "Arolygiaeth Prawf EF / HM Inspectorate of Probation"
"""The PDF's author, in both languages whatever the form's (its properties, not its page)."""
INSTRUCTIONS = {
    "single_choice": N_("Tick one box."),
    "yes_no": N_("Tick one box."),
    "agreement": N_("Tick one box."),
    "multiple_choice": N_("Tick all the boxes that apply."),
    "number": N_("Write a number in the boxes, one figure in each."),
    "free_text": N_("Write in the box, in your own words. Please do not write anyone's name."),
}
NUMBER_RANGE = N_("Write a number from {low} to {high}, one figure in each box.")
REFUSE = N_("Prefer not to say")
SERIAL_LABEL = N_("Form number")
PAGE = N_("Page {page} of {pages}")
QR_ALT = N_("Code for this page: form {serial}, page {page} of {pages}")
END_TITLE = N_("Thank you")
END_TEXT = N_(
    "You have reached the end of the form. Please put it in the envelope, seal it and give "
    "it to an inspector or put it in the inspectors' box."
)
BLANK = N_("This page is left blank on purpose.")


def _both(languages: tuple[str, ...], msgid: str, **values: object) -> dict[str, str]:
    return {lang: app_translator(lang).gettext(msgid).format(**values) for lang in languages}


def _joined(words: dict[str, str], languages: tuple[str, ...]) -> str:
    return " / ".join(words[lang] for lang in languages)


LONG_WORD = re.compile(r"[^\s\-\u00ad]{" + str(LONGEST_WORD + 1) + ",}")


def _breakable(word: re.Match[str]) -> str:
    text = word.group()
    return "\u00ad".join(text[i : i + 10] for i in range(0, len(text), 10))


def _safe(text: str) -> str:
    """A questionnaire's text as the form shows it. It is data, never markup (the template
    only shows it); control characters are shown as signs rather than passed to the PDF;
    and a word too long for a column (a place name, a run of letters) gets soft hyphens,
    where Typst may break it, rather than run into the next column."""
    return LONG_WORD.sub(_breakable, display_safe(text))


def _question(
    questionnaire: Questionnaire, question: Question, languages: tuple[str, ...]
) -> dict[str, Any]:
    jumps = printed.jumps(questionnaire, question)
    options: list[dict[str, Any]] = []
    if question.type in ("single_choice", "multiple_choice", "agreement", "yes_no"):
        labels = {lang: questionnaire.options(question, lang) for lang in languages}
        for position, code in enumerate(questionnaire.codes(question)):
            target = jumps.by_code.get(code)
            options.append(
                {
                    "code": code,
                    "number": position + 1,
                    "label": {lang: _safe(labels[lang][position][1]) for lang in languages},
                    "goto": None
                    if target is None
                    else {lang: printed.go_to(target, lang) for lang in languages},
                }
            )
    instruction = _both(languages, INSTRUCTIONS[question.type])
    digits = 0
    if question.type == "number":
        high = question.max if question.max is not None else 999
        low = question.min if question.min is not None else 0
        digits = max(len(str(abs(high))), len(str(abs(low))), 1)
        instruction = _both(languages, NUMBER_RANGE, low=low, high=high)
    help_text = {lang: questionnaire.help(question, lang) for lang in languages}
    only_if = {lang: printed.only_if(questionnaire, question, lang) for lang in languages}
    unit = {lang: questionnaire.unit(question, lang) for lang in languages}
    item: dict[str, Any] = {
        "kind": "question",
        "id": question.id,
        "number": printed.number(questionnaire, question.id),
        "text": {lang: _safe(questionnaire.text(question, lang)) for lang in languages},
        "help": None
        if help_text[languages[0]] is None
        else {lang: _safe(help_text[lang] or "") for lang in languages},
        "only_if": None if only_if[languages[0]] is None else only_if,
        "instruction": instruction,
        "options": options,
        "digits": digits,
        "unit": None
        if unit[languages[0]] is None
        else {lang: _safe(unit[lang] or "") for lang in languages},
        "lines": LINES if question.type == "free_text" else 0,
        "refuse": _both(languages, REFUSE),
        "blank_goto": None
        if jumps.blank is None
        else {lang: printed.blank_go_to(jumps.blank, lang) for lang in languages},
    }
    words = sum(
        len(json.dumps(item[key], ensure_ascii=False)) for key in ("text", "help", "options")
    )
    item["breakable"] = words > SPLIT_CHARACTERS
    return item


def _items(questionnaire: Questionnaire, languages: tuple[str, ...]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    section: str | None = None
    for question in questionnaire.questions:
        if question.section is not None and question.section != section:
            section = question.section
            title = {lang: _safe(questionnaire.section_title(section, lang)) for lang in languages}
            items.append({"kind": "section", "title": title})
        items.append(_question(questionnaire, question, languages))
    return items


@functools.cache
def _qr_version(length: int) -> int:
    """The smallest QR version for a mark of this many characters (every page's mark has
    the same length, so the search runs once a form, not once a page)."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=0)
    code.add_data("x" * length)
    code.make(fit=True)
    return int(code.version)


def qr_svg(text: str) -> str:
    """The QR code of `text` as an SVG of one path, one square per dark module. The mask
    is fixed rather than searched for (the search is most of qrcode's time, and a form has
    a code on every page of every copy); every mask is a valid code, read alike."""
    import qrcode

    code = qrcode.QRCode(
        version=_qr_version(len(text)),
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
        mask_pattern=0,
    )
    code.add_data(text)
    code.make(fit=False)
    matrix = code.get_matrix()
    size = len(matrix)
    squares = "".join(
        f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}mm" height="{size}mm" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{squares}" fill="#000"/></svg>'
    )


@dataclass(frozen=True)
class Form:
    """What goes on paper for one inspection in one language setting."""

    questionnaire: Questionnaire
    inspection: Inspection
    language: str
    """`en`, `cy` or `both`."""

    @property
    def languages(self) -> tuple[str, ...]:
        return LANGUAGES[self.language]

    def _page_entry(self, serial: str, page: int, pages: int) -> dict[str, str]:
        mark = PageMark(
            serial,
            self.inspection.uuid,
            f"{self.questionnaire.id}@{self.questionnaire.version}",
            page,
            pages,
        )
        langs = self.languages
        return {
            "serial": show(serial),
            "label": _joined(_both(langs, SERIAL_LABEL), langs),
            "page_text": _joined(_both(langs, PAGE, page=page, pages=pages), langs),
            "alt": _joined(
                _both(langs, QR_ALT, serial=show(serial), page=page, pages=pages), langs
            ),
            "qr": qr_svg(mark.encode()),
        }

    def _data(self, serials: list[str], pages: int, pad: bool) -> dict[str, Any]:
        langs = self.languages
        q = self.questionnaire
        premises = _safe(self.inspection.premises)
        # Laying out (pages=0), every page gets the placeholder: a code of the same size.
        marks = [
            self._page_entry(serial, page, pages)
            for serial in serials
            for page in range(1, pages + 1)
        ]
        return {
            "langs": list(langs),
            "title": _joined({lang: _safe(q.title(lang)) for lang in langs}, langs),
            "author": AUTHOR,
            "qr_mm": QR_MM,
            "text_mm": TEXT_MM,
            "pages": marks,
            "placeholder": self._page_entry(serials[0], 99, 99),
            "copies": len(serials),
            "pad": pad,
            "cover": {
                "title": {lang: _safe(q.title(lang)) for lang in langs},
                "premises": _both(langs, PREMISES, premises=premises),
                "paragraphs": [_both(langs, text) for text in COVER],
                "how": _both(langs, HOW),
            },
            "items": _items(q, langs),
            "end": {"title": _both(langs, END_TITLE), "text": _both(langs, END_TEXT)},
            "blank": _both(langs, BLANK),
        }

    def _compile(self, data: dict[str, Any], when: dt.datetime) -> bytes:
        import typst

        pdf = typst.compile(
            TEMPLATE,
            format="pdf",
            font_paths=_fonts(),
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            # The day only: a PDF's creation time must not say when a copy was printed
            # to the minute (nothing finer than a day anywhere).
            timestamp=when,
        )
        assert isinstance(pdf, bytes)
        return pdf

    def _query(self, data: dict[str, Any], selector: str) -> Any:
        import typst

        return json.loads(
            typst.query(
                TEMPLATE,
                selector,
                field="value",
                font_paths=_fonts(),
                sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            )
        )

    def layout(self, serial: str) -> tuple[int, list[dict[str, Any]]]:
        """The pages of one copy and the boxes on them (positions in mm from the page's
        top left corner), laid out once with a code of the final size."""
        data = self._data([serial], 0, pad=False)
        boxes = self._query(data, "<box>")
        (pages,) = self._query(data, "<last-page>")
        return int(pages), list(boxes)

    def render(self, serials: list[str]) -> Printed:
        """Every copy, one after another, each `pages_per_copy` pages long."""
        pages, boxes = self.layout(serials[0])
        pad = pages % 2 == 1
        per_copy = pages + 1 if pad else pages
        pdf = self._compile(self._data(serials, per_copy, pad), _day())
        return Printed(pdf, per_copy, self.layout_document(per_copy, boxes))

    def layout_document(self, per_copy: int, boxes: list[dict[str, Any]]) -> dict[str, Any]:
        numbers = self.questionnaire.index
        return {
            "format": 1,
            "what": "survey-app paper form: where every box is",
            "questionnaire": self.questionnaire.id,
            "version": self.questionnaire.version,
            "inspection": self.inspection.uuid,
            "language": self.language,
            "page_mm": [210, 297],
            "pages_per_copy": per_copy,
            "qr": {
                "every_page": True,
                "x_mm": round(210 - 15 - QR_MM, 2),
                "size_mm": QR_MM,
                "says": "HMIP-PAPER|1|serial|inspection uuid|questionnaire@version|page/pages",
            },
            "boxes": [
                {
                    "page": box["page"],
                    "question": box["question"],
                    "number": numbers[box["question"]] + 1,
                    "kind": box["kind"],
                    "code": box["code"],
                    "x_mm": round(box["x"], 2),
                    "y_mm": round(box["y"], 2),
                    "w_mm": round(box["w"], 2),
                    "h_mm": round(box["h"], 2),
                }
                for box in boxes
            ],
        }


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    pages_per_copy: int
    layout: dict[str, Any]

    @property
    def layout_json(self) -> str:
        return json.dumps(self.layout, ensure_ascii=False, indent=1) + "\n"


def _fonts() -> Any:
    """The bundled font and nothing else: neither the machine's fonts nor Typst's own, so
    the form looks the same everywhere and no other font is ever embedded in it."""
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[FONTS])


def _day() -> dt.datetime:
    today = dt.date.today()
    return dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)


def layout_path(out: Path) -> Path:
    """Where the box positions go: beside the PDF, `FORM.boxes.json`."""
    return out.with_name(f"{out.stem}.boxes.json")
