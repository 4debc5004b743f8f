"""Durable save of one answer through the store, against a raw sqlite3 insert+commit.

Both write to a fresh file in the same folder with the same pragmas (WAL, synchronous=FULL),
so the floor is what the disk and SQLite cost; the ratio is what the store adds (aiosqlite's
thread hop, the transaction statements). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/save_answer.py [--answers 400]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from survey_app.core.questionnaire.flow import Answer
from survey_app.core.store.base import Store

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, figure


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def floor(path: Path, count: int) -> list[float]:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute(
        "CREATE TABLE answer (response_id TEXT, question_id TEXT, status TEXT, value TEXT, "
        "PRIMARY KEY (response_id, question_id)) WITHOUT ROWID"
    )
    timings = []
    for number in range(count):
        start = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO answer VALUES (?, ?, ?, ?)", ("r", f"q{number}", "answered", '"agree"')
        )
        connection.execute("COMMIT")
        timings.append(time.perf_counter() - start)
    connection.close()
    return timings


async def outbox(path: Path, count: int) -> list[float]:
    """The same answer on a collecting device: sealed to the inspection's key, then written
    as one record in its own durable transaction."""
    import datetime as dt

    from survey_app.core.device.outbox import Outbox
    from survey_app.core.device.setup import Setup
    from survey_app.core.keys.sealing import Argon2Cost, new_key_pair

    public, _protected = new_key_pair("benchmark", Argon2Cost(8192, 1, 1))
    db = await Outbox.open(path)
    await db.join(
        Setup(uuid="3f2504e0-4f89-41d3-9a0c-0305e82c3301", premises="Bench", region="Wales",
              fieldwork_start=dt.date(2026, 12, 2), fieldwork_end=dt.date(2026, 12, 3),
              language="en", residents=20, contact="", public_key=public,
              questionnaire_name="bench", questionnaire_hash="0" * 64, questionnaire="",
              catalogues={"cy": ""})
    )  # fmt: skip
    response = await db.start_response(1, "kiosk", "en", "bench", "1", "0" * 64)
    timings = []
    for number in range(count):
        start = time.perf_counter()
        await db.save_answer(response, f"q{number}", Answer.of("agree"))
        timings.append(time.perf_counter() - start)
    await db.close()
    return timings


async def store(path: Path, count: int) -> list[float]:
    db = await Store.open(path)
    inspection = await db.ensure_demo()
    response = await db.start_response(inspection.id, "self", "en", "bench", "1", "0" * 64)
    timings = []
    for number in range(count):
        start = time.perf_counter()
        await db.save_answer(response, f"q{number}", Answer.of("agree"))
        timings.append(time.perf_counter() - start)
    await db.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=400)
    parser.add_argument("--json", type=Path, help="write the figures here for benchmarks/run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        base = Path(folder)
        # Alternate rounds so that disk state and other load hit both alike.
        raw: list[float] = []
        ours: list[float] = []
        sealed: list[float] = []
        for round_number in range(4):
            raw += floor(base / f"raw{round_number}.db", args.answers // 4)
            ours += asyncio.run(store(base / f"store{round_number}.db", args.answers // 4))
            sealed += asyncio.run(outbox(base / f"outbox{round_number}.db", args.answers // 4))
    rows = [("raw sqlite3 (floor)", raw), ("survey_app store", ours), ("sealed (device)", sealed)]
    print(f"durable save of one answer, {len(ours)} answers each, WAL + synchronous=FULL")
    print(f"{'':22} {'median ms':>10} {'p99 ms':>8} {'max ms':>8}")
    for name, values in rows:
        print(
            f"{name:22} {statistics.median(values) * 1000:10.3f} "
            f"{percentile(values, 0.99) * 1000:8.3f} {max(values) * 1000:8.3f}"
        )
    ratio = statistics.median(ours) / statistics.median(raw)
    p99 = percentile(ours, 0.99) * 1000
    print(
        f"median ratio store/floor: {ratio:.2f}x (target at most 2x: "
        f"{'met' if ratio <= 2 else 'NOT met'})"
    )
    print(f"store p99: {p99:.2f} ms (target under 5 ms: {'met' if p99 < 5 else 'NOT met'})")
    added = (statistics.median(sealed) - statistics.median(ours)) * 1000
    print(
        f"sealing adds {added:.3f} ms to the median save (target under 0.2 ms: "
        f"{'met' if added < 0.2 else 'NOT met'})"
    )
    emit(args.json, [
        figure("durable save of one answer (median)", statistics.median(ours) * 1000, "ms",
               ("raw sqlite3 insert", statistics.median(raw) * 1000), ratio=2.0),
        figure("durable save of one answer (p99)", p99, "ms", at_most=5.0),
        figure("sealed durable save on a device (median)", statistics.median(sealed) * 1000,
               "ms", ("unsealed store save", statistics.median(ours) * 1000)),
        figure("what sealing adds to the median save", added, "ms", at_most=0.2),
    ])  # fmt: skip


if __name__ == "__main__":
    main()
