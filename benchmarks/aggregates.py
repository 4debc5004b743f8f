"""Counting: one inspection's dashboard, and a national store of a million answers.

1. Dashboard: everything the lead's dashboard shows for one inspection (counts, small
   numbers suppressed, standards, triangulation, ratings, approved quotes, the comparison
   with every other inspection in the store), recomputed from the database after an edit.
   Target: under 50 ms. Floor: the plain SQL count of that inspection's answers. The first
   open, which also reads every other inspection's counts, is timed apart.
2. National: every question's answers counted across a store of about a million answers,
   then tabled with small numbers suppressed. Target: within 1.5x of the floor, a plain
   `SELECT question_id, status, value, COUNT(*) FROM answer GROUP BY ...` in sqlite3 on the
   same file in the same run.

    .venv/bin/python benchmarks/aggregates.py [--answers 1000000] [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from survey_app.core.analysis.aggregates import aggregate
from survey_app.core.audit.chain import hashing
from survey_app.core.evidence import gather as evidence
from survey_app.core.evidence.gather import gather
from survey_app.core.paths import default_questionnaire
from survey_app.core.questionnaire.model import Questionnaire, load
from survey_app.core.store.base import Store
from survey_app.core.store.rows import encode_value
from survey_app.core.store.sample import populate, random_answer

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, figure

PLAIN = (
    "SELECT question_id, status, value, COUNT(*) FROM answer GROUP BY question_id, status, value"
)
ONE = (
    "SELECT a.question_id, a.status, a.value, COUNT(*) FROM answer a "
    "JOIN response r ON r.id = a.response_id WHERE r.inspection_id = ? "
    "GROUP BY a.question_id, a.status, a.value"
)


def build(path: Path, questionnaire: Questionnaire, answers: int, per_inspection: int) -> int:
    """Fill a store quickly through plain inserts (the store's own schema): answers drawn per
    question, routing ignored, which changes nothing in what counting costs."""

    async def schema() -> None:
        store = await Store.open(path)
        await store.close()

    asyncio.run(schema())
    rng = random.Random(1)
    asked = [q for q in questionnaire.questions if q.type != "free_text"]
    responses = answers // len(asked) + 1
    inspections = max(1, responses // per_inspection)
    # The app's audit function: inserting inspections is audited, as the app's own are.
    db = hashing(sqlite3.connect(path))
    db.execute("PRAGMA journal_mode=WAL")
    day = dt.date(2026, 1, 7)
    db.executemany(
        "INSERT INTO inspection (id, premises, region, fieldwork_start, fieldwork_end, language, "
        "residents, uuid) VALUES (?, ?, 'Region', ?, ?, 'en', ?, ?)",
        [
            (
                i,
                f"AP {i}",
                day.isoformat(),
                (day + dt.timedelta(days=1)).isoformat(),
                25,
                str(uuid.uuid4()),
            )
            for i in range(1, inspections + 1)
        ],
    )
    written = 0
    batch: list[tuple[str, str, str, str | None]] = []
    heads = []
    for number in range(responses):
        response = secrets.token_hex(16)
        heads.append(
            (response, 1 + number % inspections, "kiosk", "en", questionnaire.id,
             questionnaire.version, questionnaire.content_hash, "complete", day.isoformat())
        )  # fmt: skip
        for question in asked:
            if written >= answers:
                break
            given = random_answer(question, questionnaire, rng)
            batch.append((response, question.id, given.status, encode_value(given.value)))
            written += 1
    db.executemany(
        "INSERT INTO response (id, inspection_id, mode, language, questionnaire_id, "
        "questionnaire_version, questionnaire_hash, status, completed_day) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        heads,
    )
    db.executemany("INSERT INTO answer VALUES (?, ?, ?, ?)", batch)
    db.commit()
    db.close()
    return written


def timed_sql(path: Path, sql: str, params: tuple[object, ...] = ()) -> float:
    db = sqlite3.connect(path)
    start = time.perf_counter()
    db.execute(sql, params).fetchall()
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


async def timed_national(path: Path, questionnaire: Questionnaire) -> float:
    store = await Store.open(path)
    try:
        start = time.perf_counter()
        tallies = await store.tally()
        aggregate(questionnaire, tallies, residents=0)
        return time.perf_counter() - start
    finally:
        await store.close()


async def timed_breakdowns(
    path: Path, questionnaire: Questionnaire, runs: int
) -> tuple[list[float], list[float]]:
    """(three breakdowns of one question, each protected against its own sums and the
    release's table: by way of answering, by language, by time here; the plain SQL read of
    the responses they are worked out from)."""
    from survey_app.core.evidence.breakdown import Record, breakdown

    store = await Store.open(path)
    try:
        found = await gather(store, questionnaire, 1)
        published = {t.question.id: t for t in found.aggregates.questions}
        question = questionnaire.by_id["safe_feel"]
        ours, floor = [], []
        for _ in range(runs):
            start = time.perf_counter()
            records = [Record(m, lang, a) for m, lang, a in await store.records(1, True)]
            for by in ("mode", "language", "time_here"):
                breakdown(
                    questionnaire,
                    question,
                    by,
                    records,
                    published=published,
                    modes=found.aggregates.modes,
                )
            ours.append(time.perf_counter() - start)
            floor.append(timed_sql(path, RECORDS, (1,)))
        return ours, floor
    finally:
        await store.close()


RECORDS = (
    "SELECT r.id, r.mode, r.language, a.question_id, a.status, a.value FROM answer a "
    "JOIN response r ON r.id = a.response_id WHERE r.inspection_id = ? ORDER BY r.id"
)


async def timed_dashboard(
    path: Path, questionnaire: Questionnaire, runs: int
) -> tuple[list[float], list[float]]:
    """(first open: every inspection read for the comparison; recount after an edit that
    changes no count, such as a rating; recount after the counts changed, its release
    audited and protected again)."""
    store = await Store.open(path)
    try:
        await gather(store, questionnaire, 1)  # warm the page cache alike for every run
        first, again, audited = [], [], []
        for _ in range(runs):
            evidence._released.clear()
            start = time.perf_counter()
            everyone = await store.tallies_by_inspection()
            await gather(store, questionnaire, 1, everyone=everyone)
            first.append(time.perf_counter() - start)
            start = time.perf_counter()
            await gather(store, questionnaire, 1, everyone=everyone)
            again.append(time.perf_counter() - start)
            evidence._released.clear()  # as when a response has come in since
            start = time.perf_counter()
            await gather(store, questionnaire, 1, everyone=everyone)
            audited.append(time.perf_counter() - start)
        return first, again, audited
    finally:
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--residents", type=int, default=30, help="responses per inspection")
    parser.add_argument("--json", type=Path, help="write the figures here for benchmarks/run")
    args = parser.parse_args()
    questionnaire = load(default_questionnaire())
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        # 1. One inspection among a few dozen others, as in a regional store.
        small = Path(folder) / "dashboard.sqlite3"

        async def fill() -> None:
            store = await Store.open(small)
            for number in range(40):
                inspection = await store.create_inspection(
                    f"AP {number}", "Region", dt.date(2026, 1, 7), dt.date(2026, 1, 8), "en", 25
                )
                await populate(store, questionnaire, inspection.id, args.residents, seed=number)
            await store.close()

        asyncio.run(fill())
        floor = [timed_sql(small, ONE, (1,)) for _ in range(args.runs)]
        first, ours, audited = asyncio.run(timed_dashboard(small, questionnaire, args.runs))
        print(f"dashboard of one inspection ({args.residents} responses; 40 inspections "
              f"in the store), median of {args.runs}:")  # fmt: skip
        print(f"  plain SQL count of its answers (floor) {statistics.median(floor) * 1000:8.2f} ms")
        print(f"  recount after an edit                 {statistics.median(ours) * 1000:8.2f} ms"
              f"   (target < 20 ms)")  # fmt: skip
        print(f"  first open, all 40 inspections read   {statistics.median(first) * 1000:8.2f} ms")
        print(
            f"  recount after new answers (audited)   {statistics.median(audited) * 1000:8.2f} ms"
        )

        split, split_floor = asyncio.run(timed_breakdowns(small, questionnaire, args.runs))
        print(f"  three breakdowns of one question      {statistics.median(split) * 1000:8.2f} ms")

        # 2. The national store.
        big = Path(folder) / "national.sqlite3"
        start = time.perf_counter()
        written = build(big, questionnaire, args.answers, args.residents)
        print(f"\nnational store: {written:,} answers written in "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        timed_sql(big, PLAIN)  # both read from a warm page cache
        plain: list[float] = []
        national: list[float] = []
        for _ in range(args.runs):  # alternated, so load on the machine hits both alike
            plain.append(timed_sql(big, PLAIN))
            national.append(asyncio.run(timed_national(big, questionnaire)))
        p, n = statistics.median(plain), statistics.median(national)
        print(f"  plain GROUP BY in sqlite3 (floor)     {p * 1000:8.1f} ms")
        print(f"  survey_app count + suppression        {n * 1000:8.1f} ms   "
              f"{n / p:.2f}x the floor (target <= 1.5x)")  # fmt: skip
        print(json.dumps({"dashboard_ms": round(statistics.median(ours) * 1000, 2),
                          "national_ratio": round(n / p, 3)}))  # fmt: skip
        floor_ms = statistics.median(floor) * 1000
        emit(args.json, [
            figure("dashboard recount after an edit", statistics.median(ours) * 1000, "ms",
                   ("plain SQL count of its answers", floor_ms), at_most=20),
            figure("dashboard recount after new answers: the release audited and protected",
                   statistics.median(audited) * 1000, "ms",
                   ("plain SQL count of its answers", floor_ms)),
            figure("dashboard first open (40 inspections read)",
                   statistics.median(first) * 1000, "ms", ("plain SQL count", floor_ms)),
            figure("three breakdowns of one question (mode, language, time here), protected",
                   statistics.median(split) * 1000, "ms",
                   ("plain SQL read of the responses", statistics.median(split_floor) * 1000)),
            figure(f"national count of {written:,} answers", n * 1000, "ms",
                   ("plain GROUP BY", p * 1000), ratio=1.5),
        ])  # fmt: skip


if __name__ == "__main__":
    main()
