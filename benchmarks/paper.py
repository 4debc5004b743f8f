"""Making the paper form: 30 copies of the bundled questionnaire in Welsh and English side
by side, against Typst's minimal document and against Typst typesetting the same 30 copies
from data already prepared (what survey_app adds: the catalogues, the routing written out,
a QR code per page, the first pass that counts the pages and finds the boxes). Prints
figures; asserts nothing.

    .venv/bin/python benchmarks/paper.py [--copies 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import typst

from survey_app.core.collection.inspection import Inspection
from survey_app.core.collection.serials import new_serials
from survey_app.core.paths import default_questionnaire
from survey_app.core.questionnaire.model import load
from survey_app.reports import paper

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, figure

MINIMAL = b'#set document(title: "x")\nHello'


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", default="both", choices=("en", "cy", "both"))
    parser.add_argument("--json", type=Path, help="write the figures here for benchmarks/run")
    args = parser.parse_args()
    questionnaire = load(default_questionnaire())
    inspection = Inspection(
        1, "Bench House", "Wales", dt.date(2026, 12, 2), dt.date(2026, 12, 3), "cy", 30,
        False, uuid="3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    )  # fmt: skip
    form = paper.Form(questionnaire, inspection, args.lang)
    serials = new_serials(args.copies)
    form.render(serials[:1])  # fonts and catalogues read once, as in any long-lived run
    ours, bare, minimal = [], [], []
    pages = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        printed = form.render(serials)
        ours.append(time.perf_counter() - start)
        pages = len(printed.pdf.split(b"/Type /Page\n")) - 1 or printed.pages_per_copy
        data = form._data(serials, printed.pages_per_copy, printed.pages_per_copy % 2 == 1)
        bare.append(timed(lambda data=data: form._compile(data, paper._day())))
        minimal.append(
            timed(lambda: typst.compile(MINIMAL, format="pdf", font_paths=paper._fonts()))
        )
    median, floor_bare, floor_min = (statistics.median(v) for v in (ours, bare, minimal))
    per_copy = printed.pages_per_copy
    print(f"{args.copies} copies of {per_copy} pages ({args.lang}), {args.runs} runs, median:")
    print(f"  survey-app paper (all of it):            {median:8.3f} s")
    print(f"  Typst on the same data, prepared:        {floor_bare:8.3f} s")
    print(f"  Typst's minimal document:                {floor_min * 1000:8.3f} ms")
    print(
        f"  per copy: {median / args.copies * 1000:.0f} ms; ours/Typst: {median / floor_bare:.2f}x"
    )
    del pages
    emit(args.json, [
        figure(f"{args.copies} copies of the form ({args.lang}, {per_copy} pages each)", median,
               "s", ("Typst setting the same copies from prepared data", floor_bare)),
        figure(f"{args.copies} copies of the form ({args.lang}, {per_copy} pages each)", median,
               "s", ("Typst's minimal document", floor_min)),
    ])  # fmt: skip


if __name__ == "__main__":
    main()
