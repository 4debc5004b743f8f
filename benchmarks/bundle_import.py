"""Importing one bundle of many responses on the lead's machine: reading and checking the
file, opening every sealed record, and the merge, timed; peak memory of the whole import.

The bundle is made as a device makes it (each step of each response sealed under the
response's own key, which its first record brings sealed to the inspection's key),
straight into memory rather than through a device's database, so that making 10,000
responses does not take longer than importing them. The floor is the
same responses inserted as plaintext rows by raw sqlite3 in one transaction: what SQLite
costs with nothing to open or check. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bundle_import.py [--responses 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import resource
import secrets
import shutil
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from survey_app.core.device import records
from survey_app.core.device.bundle import encode_bundle, read_bundle
from survey_app.core.device.outbox import Pending
from survey_app.core.keys.sealing import Argon2Cost, binding, new_key_pair, seal_record, unlock
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.store.base import Store
from survey_app.core.store.imports import open_bundle

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, figure

QUESTIONS = [f"q{n}" for n in range(12)]
PASSPHRASE = "benchmark passphrase"


def make(public: bytes, uuid: str, qhash: str, count: int) -> list[Pending]:
    found = []
    for number in range(count):
        response = secrets.token_hex(16)
        plain = [records.start(0, "kiosk", "en", "bench", "1")]
        for seq, question in enumerate(QUESTIONS, start=1):
            value = Answer.of(f"comment {number}" if question == "q11" else "agree")
            plain.append(records.answer(seq, question, value, None))
        plain.append(records.settled(len(plain), "complete", "2026-12-02", "scrypt$x", "abcd"))
        sealed, key = [], None
        for seq, text in enumerate(plain):
            record, key = seal_record(public, key, text, binding(uuid, qhash, response, seq))
            sealed.append(record)
        found.append(Pending(response, "complete", "kiosk", qhash, "2026-12-02", tuple(sealed)))
    return found


def floor(path: Path, pending: list[Pending]) -> float:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE response (id TEXT PRIMARY KEY, status TEXT) WITHOUT ROWID")
    connection.execute(
        "CREATE TABLE answer (response_id TEXT, question_id TEXT, status TEXT, value TEXT, "
        "PRIMARY KEY (response_id, question_id)) WITHOUT ROWID"
    )
    start = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    for each in pending:
        connection.execute("INSERT INTO response VALUES (?, 'complete')", (each.id,))
        for question in QUESTIONS:
            connection.execute(
                "INSERT INTO answer VALUES (?, ?, 'answered', '\"agree\"')", (each.id, question)
            )
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


async def prepare(folder: Path) -> tuple[str, bytes, str]:
    """The lead's store with one inspection and its key pair: (UUID, public, protected)."""
    store = await Store.open(folder / "lead.db")
    try:
        made = await store.create_inspection(
            "Bench", "Wales", dt.date(2026, 12, 2), dt.date(2026, 12, 3), "en", 20
        )
        public, protected = new_key_pair(PASSPHRASE, Argon2Cost(8192, 1, 1))
        await store.set_key_pair(made.id, public, protected)
        return made.uuid, public, protected
    finally:
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--json", type=Path, help="write the figures here for benchmarks/run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as name:
        folder = Path(name)
        uuid, public, protected = asyncio.run(prepare(folder))
        print(f"making a bundle of {args.responses} responses ({len(QUESTIONS) + 2} records each)")
        qhash = "0" * 64
        pending = make(public, uuid, qhash, args.responses)
        bundle = folder / "big.bundle"
        bundle.write_bytes(encode_bundle(uuid, qhash, pending))
        size = bundle.stat().st_size / 2**20
        raw = floor(folder / "floor.db", pending)
        shutil.copy(folder / "lead.db", folder / "traced.db")
        # Timed on its own: tracing every allocation slows Python down several times over.
        elapsed, _peak, new = asyncio.run(import_one(folder / "lead.db", bundle, protected))
        _elapsed, peak, _new = asyncio.run(
            import_one(folder / "traced.db", bundle, protected, traced=True)
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"bundle: {size:.1f} MiB")
    print(f"raw sqlite3 insert of the same rows (floor): {raw:.2f} s")
    print(f"import (read, check, open every record, merge): {elapsed:.2f} s, {new} new")
    print(f"  {args.responses / elapsed:,.0f} responses/s; ratio to floor {elapsed / raw:.1f}x")
    print(f"peak traced memory during the import: {peak:.0f} MiB; process peak RSS {rss:.0f} MiB")
    emit(args.json, [
        figure(f"import of {args.responses} responses", elapsed, "s", ("raw sqlite3 insert", raw)),
        figure("peak memory of the import (traced)", peak, "MiB"),
    ])  # fmt: skip


async def import_one(
    db: Path, bundle: Path, protected: str, traced: bool = False
) -> tuple[float, float, int]:
    """(seconds to read, check, open and merge; peak traced MiB, when `traced`; responses
    new)."""
    store = await Store.open(db)
    try:
        (inspection,) = await store.list_inspections()
        key = unlock(protected, PASSPHRASE)
        if traced:
            tracemalloc.start()
        start = time.perf_counter()
        read = read_bundle(bundle)
        opened = open_bundle(read, inspection, key)
        receipt = await store.merge(inspection.id, read.id, opened)
        elapsed = time.perf_counter() - start
        peak = 0
        if traced:
            _now, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return elapsed, peak / 2**20, receipt.new
    finally:
        await store.close()


if __name__ == "__main__":
    main()
