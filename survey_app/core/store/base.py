"""The store: one SQLite file, every answer durable the moment it is given.

- WAL journal with `synchronous=FULL`: a committed answer survives a crash or a power cut.
- One transaction per answer (with the routing changes it causes), committed before the
  next question appears.
- Nothing identifying: responses have random ids, no time finer than a day, no device,
  no name. Tables are `WITHOUT ROWID` and keyed by those random ids, so not even the
  storage order tells who answered after whom.
- Answer values pass through `encode_value`/`decode_value`: the one place where they can
  later be sealed with the lead inspector's public key.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import aiosqlite

from survey_app.core.i18n import _
from survey_app.core.questionnaire.flow import Answer, Change, Value
from survey_app.core.text import display_safe

if TYPE_CHECKING:
    from survey_app.core.analysis.aggregates import Plan, Sides, Tallies

Mode = Literal["self", "kiosk", "web", "paper", "interview"]
ResponseStatus = Literal["in_progress", "complete", "partial", "withdrawn"]

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE inspection (
        id INTEGER PRIMARY KEY,
        premises TEXT NOT NULL,
        region TEXT NOT NULL,
        fieldwork_start TEXT NOT NULL,
        fieldwork_end TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('en', 'cy')),
        residents INTEGER NOT NULL CHECK (residents >= 0),
        demo INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE response (
        id TEXT PRIMARY KEY,
        inspection_id INTEGER NOT NULL REFERENCES inspection(id),
        mode TEXT NOT NULL CHECK (mode IN ('self', 'kiosk', 'web', 'paper', 'interview')),
        language TEXT NOT NULL CHECK (language IN ('en', 'cy')),
        questionnaire_id TEXT NOT NULL,
        questionnaire_version TEXT NOT NULL,
        questionnaire_hash TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'in_progress'
            CHECK (status IN ('in_progress', 'complete', 'partial', 'withdrawn')),
        completed_day TEXT,
        withdrawal_hash TEXT
    ) WITHOUT ROWID;
    CREATE INDEX response_inspection ON response(inspection_id, status);
    CREATE TABLE answer (
        response_id TEXT NOT NULL REFERENCES response(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('answered', 'skipped', 'refused', 'not_applicable')),
        value TEXT,
        PRIMARY KEY (response_id, question_id)
    ) WITHOUT ROWID;
    """,
    # 2: quotes from free text, scrubbed, for the lead to review. Only the scrubbed text and
    # the kinds of thing removed are kept here, never the removed words.
    """
    CREATE TABLE quote (
        id TEXT PRIMARY KEY,
        response_id TEXT NOT NULL REFERENCES response(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('en', 'cy')),
        text TEXT NOT NULL,
        kinds TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'approved', 'rejected')),
        UNIQUE (response_id, question_id)
    ) WITHOUT ROWID;
    CREATE INDEX quote_response ON quote(response_id)
    """,
    # 3: the lead's own records: what other evidence shows per standard, the proposed
    # ratings, and secrets (the lead's passphrase) kept only as slow salted hashes.
    """
    CREATE TABLE evidence (
        inspection_id INTEGER NOT NULL REFERENCES inspection(id),
        standard INTEGER NOT NULL CHECK (standard BETWEEN 1 AND 5),
        source TEXT NOT NULL,
        judgement TEXT NOT NULL CHECK (judgement IN ('supports', 'mixed', 'contradicts')),
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (inspection_id, standard, source)
    ) WITHOUT ROWID;
    CREATE TABLE rating (
        inspection_id INTEGER NOT NULL REFERENCES inspection(id),
        standard INTEGER NOT NULL CHECK (standard BETWEEN 1 AND 5),
        points INTEGER NOT NULL CHECK (points BETWEEN 0 AND 3),
        rationale TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (inspection_id, standard)
    ) WITHOUT ROWID;
    CREATE TABLE secret (
        role TEXT PRIMARY KEY,
        hash TEXT NOT NULL
    ) WITHOUT ROWID
    """,
    # 4: where residents write to withdraw (shown beside their code), and a short tag of
    # each withdrawal code so that a code finds its response with one lookup and one slow
    # check, across every inspection of the store (the tag alone cannot find the code).
    """
    ALTER TABLE inspection ADD COLUMN contact TEXT NOT NULL DEFAULT '';
    ALTER TABLE response ADD COLUMN withdrawal_tag TEXT;
    CREATE INDEX response_withdrawal_tag ON response(withdrawal_tag)
    """,
    # 5: counting answers across the store reads this index alone, never the table (the
    # national count went from about 1.2 s to a tenth of that for a million answers).
    """
    CREATE INDEX answer_counting ON answer(question_id, status, value)
    """,
    # 6: a withdrawn response leaves only a tombstone: the hash of its code (and the code's
    # tag), so that the code used again is told "already withdrawn". Its mode, language,
    # day, inspection and questionnaire go with it. Withdrawals made before are moved here.
    """
    CREATE TABLE withdrawn (tag TEXT, hash TEXT NOT NULL);
    CREATE INDEX withdrawn_tag ON withdrawn(tag);
    INSERT INTO withdrawn (tag, hash) SELECT withdrawal_tag, withdrawal_hash FROM response
        WHERE status = 'withdrawn' AND withdrawal_hash IS NOT NULL;
    DELETE FROM quote WHERE response_id IN (SELECT id FROM response WHERE status = 'withdrawn');
    DELETE FROM answer WHERE response_id IN (SELECT id FROM response WHERE status = 'withdrawn');
    DELETE FROM response WHERE status = 'withdrawn'
    """,
    # 7: releases. The lead's view and every export show one numbered release, its counts
    # frozen when it was made; a new one is made only when enough responses have changed.
    # Only the latest release's members are kept (to tell what changed since). An
    # inspection closed for collection takes no new response and no new answer.
    """
    ALTER TABLE inspection ADD COLUMN closed_day TEXT;
    CREATE TABLE release (
        id INTEGER PRIMARY KEY,
        inspection_id INTEGER NOT NULL REFERENCES inspection(id),
        number INTEGER NOT NULL,
        day TEXT NOT NULL,
        final INTEGER NOT NULL DEFAULT 0,
        counts TEXT NOT NULL,
        UNIQUE (inspection_id, number)
    );
    CREATE TABLE release_member (
        inspection_id INTEGER NOT NULL REFERENCES inspection(id),
        response_id TEXT NOT NULL,
        status TEXT NOT NULL,
        PRIMARY KEY (inspection_id, response_id)
    ) WITHOUT ROWID;
    CREATE TRIGGER response_after_close BEFORE INSERT ON response
    WHEN (SELECT closed_day FROM inspection WHERE id = NEW.inspection_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'survey_app: collection has closed'); END;
    CREATE TRIGGER completed_after_close BEFORE UPDATE OF status ON response
    WHEN NEW.status = 'complete'
        AND (SELECT closed_day FROM inspection WHERE id = NEW.inspection_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'survey_app: collection has closed'); END;
    CREATE TRIGGER answer_after_close BEFORE INSERT ON answer
    WHEN (SELECT i.closed_day FROM response r JOIN inspection i ON i.id = r.inspection_id
          WHERE r.id = NEW.response_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'survey_app: collection has closed'); END;
    CREATE TRIGGER answer_changed_after_close BEFORE UPDATE ON answer
    WHEN (SELECT i.closed_day FROM response r JOIN inspection i ON i.id = r.inspection_id
          WHERE r.id = NEW.response_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'survey_app: collection has closed'); END
    """,
    # 8: retention. After publication an inspection's raw responses are purged; what stays
    # is its final release (counts only) and the quotes the lead approved, kept apart from
    # any response.
    """
    ALTER TABLE inspection ADD COLUMN purged_day TEXT;
    CREATE TABLE kept_quote (
        id TEXT PRIMARY KEY,
        inspection_id INTEGER NOT NULL REFERENCES inspection(id),
        question_id TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('en', 'cy')),
        text TEXT NOT NULL,
        kinds TEXT NOT NULL
    ) WITHOUT ROWID
    """,
    # 9: each quote speaks to one standard (or none), chosen by the lead: the evidence
    # pack prints it once, under that standard.
    """
    ALTER TABLE quote ADD COLUMN standard INTEGER CHECK (standard BETWEEN 1 AND 5);
    ALTER TABLE kept_quote ADD COLUMN standard INTEGER CHECK (standard BETWEEN 1 AND 5)
    """,
    # 10: a settled response always holds an answer (one that stopped before answering is
    # no response: since this version none is kept), so a count of responses needs no
    # look into the answers. Any left by earlier versions go now; they counted nowhere.
    """
    DELETE FROM answer WHERE response_id IN (SELECT r.id FROM response r
        WHERE r.status IN ('complete', 'partial') AND NOT EXISTS (SELECT 1 FROM answer a
        WHERE a.response_id = r.id AND a.status != 'not_applicable'));
    DELETE FROM response WHERE status IN ('complete', 'partial') AND NOT EXISTS
        (SELECT 1 FROM answer a WHERE a.response_id = response.id
        AND a.status != 'not_applicable')
    """,
)
CLOSED = "survey_app: collection has closed"
Statement = tuple[str, tuple[object, ...]]
"""One SQL statement and its parameters."""
"""The message of the triggers that keep a closed inspection closed."""
RELEASE_STEP = 3
"""A new release is made only when at least this many responses have changed since the
last (added, completed or withdrawn): no two releases differ by fewer people."""


def statements(script: str) -> list[str]:
    """A migration's statements, whole: a trigger's body holds semicolons of its own."""
    out: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending.strip())
            pending = ""
    if pending.strip(" \n;"):
        out.append(pending.strip())
    return out


BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another program's write to finish."""
CHECKPOINT_WAIT_MS = 3_000
"""How long emptying the log waits for readers of older pages."""

SETTLED = "r.status IN ('complete', 'partial')"
"""Responses that count: finished or left (partial). Never one in progress: a lead looking
while someone answers at the kiosk would watch that person's answers arrive one by one."""
COUNTED = f"{SETTLED} AND a.status != 'not_applicable'"
"""Answers that count: those of settled responses that routing still reaches."""

DEFAULT_CONTACT = (
    "HM Inspectorate of Probation, 1st Floor Civil Justice Centre, 1 Bridge Street West, "
    "Manchester M3 3FX"
)
"""Where residents write with a withdrawal code, unless the inspection names another."""

Withdrawal = Literal["withdrawn", "already", "unknown"]

_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed back
_CODE_LENGTH = 8
# scrypt parameters: slow enough that a stolen database cannot be searched for codes,
# fast enough (about 50 ms) for a resident to wait on.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


@dataclass(frozen=True)
class Inspection:
    id: int
    premises: str
    region: str
    fieldwork_start: dt.date
    fieldwork_end: dt.date
    language: str
    residents: int
    demo: bool
    contact: str = ""
    """Where residents write to withdraw; empty means `DEFAULT_CONTACT`."""
    closed: dt.date | None = None
    """The day collection ended (`survey-app inspection close`); None while it is open."""
    purged: dt.date | None = None
    """The day its raw responses were deleted (`survey-app purge`), after publication."""

    @property
    def withdrawal_contact(self) -> str:
        return self.contact or DEFAULT_CONTACT


@dataclass(frozen=True)
class Snapshot:
    """One release of an inspection's counts, as the lead's view and the exports show it."""

    number: int
    day: dt.date
    final: bool
    """Made when the inspection closed: the release that publication uses."""
    tallies: Tallies
    pending: int
    """Responses added, completed or withdrawn since it was made, not in it yet."""
    members_changed: bool
    """A response it counts has been withdrawn since, or has changed (a partial one
    finished): its counts still hold that resident as they were (a release never changes
    by one person), but no answer-level data (breakdowns, rows) can be shown beside it
    until the next release: their difference from its tables would be that resident."""
    earlier: tuple[Tallies, ...] = ()
    """The counts of the releases before it, oldest first: a reader may hold any of them,
    so it is audited against them."""


def _changes(before: dict[str, str], now: dict[str, str]) -> int:
    """Responses added, withdrawn or changed in status between two sets of members."""
    return sum(before.get(r) != status for r, status in now.items()) + sum(
        r not in now for r in before
    )


@dataclass(frozen=True)
class ResponseRow:
    id: str
    inspection_id: int
    mode: str
    language: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str
    status: str
    completed_day: str | None


@dataclass(frozen=True)
class QuoteRow:
    id: str
    question_id: str
    language: str
    text: str
    """Scrubbed: what a lead may read."""
    kinds: tuple[str, ...]
    """The kinds of thing removed, never the words."""
    status: str
    standard: int | None = None
    """The one standard it speaks to, as the lead chose (None: none in particular)."""


def encode_value(value: Value | None) -> str | None:
    if value is None:
        return None
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def decode_value(text: str | None) -> Value | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _unreadable() from exc
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    if isinstance(value, str | int) and not isinstance(value, bool):
        return value
    raise _unreadable()


def _unreadable() -> StoreError:
    # Not the value itself: it may be a resident's words, and it may hold terminal codes.
    return StoreError(
        _("an answer in the database cannot be read: {reason}").format(
            reason=_("it is not an answer this app wrote; the file was edited or is damaged")
        )
    )


def new_withdrawal_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    """Ignore case, spaces and dashes, as a resident types the code back."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_tag(code: str) -> str:
    """A fast 16-bit tag of a code: it narrows the search to about one response in a store
    of thousands, and leaves the code itself to the slow hash (some 13 million possible
    codes share each tag, so a tag says next to nothing about its code)."""
    digest = hashlib.sha256(b"survey-app withdrawal tag:" + normalise_code(code).encode())
    return digest.hexdigest()[:4]


def hash_code(code: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(normalise_code(code).encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_code(code: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    again = hash_code(code, bytes.fromhex(salt)).split("$")[2]
    return hmac.compare_digest(again, digest)


def today() -> str:
    return dt.date.today().isoformat()


_EXPECTED: dict[str, set[str]] = {
    "inspection": {"id", "premises", "region", "fieldwork_start", "fieldwork_end", "language",
                   "residents", "demo", "contact", "closed_day", "purged_day"},
    "response": {"id", "inspection_id", "mode", "language", "questionnaire_id",
                 "questionnaire_version", "questionnaire_hash", "status", "completed_day",
                 "withdrawal_hash", "withdrawal_tag"},
    "answer": {"response_id", "question_id", "status", "value"},
    "quote": {"id", "response_id", "question_id", "language", "text", "kinds", "status",
              "standard"},
    "evidence": {"inspection_id", "standard", "source", "judgement", "note"},
    "rating": {"inspection_id", "standard", "points", "rationale"},
    "secret": {"role", "hash"},
    "withdrawn": {"tag", "hash"},
    "release": {"id", "inspection_id", "number", "day", "final", "counts"},
    "release_member": {"inspection_id", "response_id", "status"},
    "kept_quote": {"id", "inspection_id", "question_id", "language", "text", "kinds",
                   "standard"},
}  # fmt: skip
"""The tables of the current schema and their columns, checked at every open."""


def _damaged(path: Path, detail: str) -> str:
    return _(
        "{db} is not a survey-app database, or it is damaged ({detail}). Nothing was changed. "
        "Restore it from a copy, or move it aside and start a new one."
    ).format(db=path, detail=detail)


def _create_private(path: Path) -> None:
    """A new database, readable by its owner alone (0600), in folders that only its owner
    may open (0700) where this makes them: it will hold what residents wrote. SQLite gives
    its `-wal` and `-shm` files the database file's own permissions. Folders that were
    there already are left as they are."""
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        os.chmod(folder, 0o700)
    with contextlib.suppress(FileExistsError):  # another process made it a moment ago
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


async def _check_integrity(db: aiosqlite.Connection, path: Path) -> None:
    """PRAGMA quick_check: every page readable and every b-tree well formed (not the
    indexes' contents, which the full integrity_check reads too; quick_check is linear in
    the file's size and takes milliseconds for an inspection's database)."""
    cursor = await db.execute("PRAGMA quick_check(5)")
    rows = [str(row[0]) for row in await cursor.fetchall()]
    if rows != ["ok"]:
        raise StoreError(_damaged(path, "; ".join(rows)[:300]))


async def _new_code() -> tuple[str, str]:
    """A new withdrawal code and its slow hash, hashed off the event loop: the screen the
    resident is looking at must not freeze for it."""
    code = new_withdrawal_code()
    return code, await asyncio.to_thread(hash_code, code)


class StoreError(RuntimeError):
    pass


class SurveyClosed(StoreError):
    """The inspection's collection has ended: nothing more is taken for it."""


class Store:
    """The small interface the rest of the app uses; SQL stays in this module."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        # One connection is shared by every task of the app: without this, a lone statement
        # from one task could land inside another task's BEGIN ... COMMIT.
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        """Open (or create) the store, or raise StoreError saying what is wrong and what to
        do: a folder or a device given as the file, a file that is not a database, one
        with damaged pages (checked with PRAGMA quick_check at every open), one written by
        a newer survey-app, or one whose tables are not the ones this schema promises."""
        path = Path(path)
        if path.exists() and not path.is_file():
            raise StoreError(
                _(
                    "{db} is a folder or a device, not a database file: give the path of a "
                    "file with --db"
                ).format(db=path)
            )
        try:
            if not path.exists():
                _create_private(path)
            # isolation_level=None: we write BEGIN/COMMIT ourselves, one transaction per answer.
            db = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                _(
                    "Cannot open the database {db}: {reason}. Check the path given with --db."
                ).format(db=path, reason=exc)
            ) from exc
        try:
            # Several processes (web sessions, a kiosk) may share one file.
            await db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            await _check_integrity(db, path)
            await db.execute("PRAGMA synchronous=FULL")
            await db.execute("PRAGMA foreign_keys=ON")
            # Withdrawn answers are overwritten on disk, not just unlinked from the tree.
            await db.execute("PRAGMA secure_delete=ON")
            # Temporary tables (the residents' count) stay in memory, never in a file.
            await db.execute("PRAGMA temp_store=MEMORY")
            store = cls(db, path)
            await store._migrate()
            await store._check_tables()
            # Only a file found sound is switched to write-ahead logging: a refused one is
            # left exactly as it was.
            mode = await (await db.execute("PRAGMA journal_mode=WAL")).fetchone()
            if not mode or str(mode[0]).lower() != "wal":
                raise StoreError(
                    _("{db}: the database cannot use write-ahead logging").format(db=path)
                )
            # Each time the log starts over it is cut to nothing, so that frames from
            # before (their words, the order of their writes) are not left at its end.
            await db.execute("PRAGMA journal_size_limit=0")
        except sqlite3.DatabaseError as exc:
            await db.close()
            raise StoreError(_damaged(path, str(exc))) from exc
        except BaseException:
            await db.close()
            raise
        return store

    async def _check_tables(self) -> None:
        """Every table and column the schema promises is there (a file may carry a schema
        number and not the tables: hand-made, or damaged)."""
        cursor = await self._db.execute(
            "SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c "
            "WHERE m.type = 'table'"
        )
        found: dict[str, set[str]] = {}
        for table_name, column in await cursor.fetchall():
            found.setdefault(str(table_name), set()).add(str(column))
        for table, columns in _EXPECTED.items():
            present = found.get(table, set())
            missing = sorted(columns - present)
            if not present or missing:
                detail = (
                    _("table {table} is missing").format(table=table)
                    if not present
                    else _("table {table} lacks {columns}").format(
                        table=table, columns=", ".join(missing)
                    )
                )
                raise StoreError(_damaged(self.path, detail))

    async def close(self) -> None:
        await self._db.close()

    async def _migrate(self) -> None:
        row = await (await self._db.execute("PRAGMA user_version")).fetchone()
        version = int(row[0]) if row else 0
        if version > len(MIGRATIONS):
            raise StoreError(
                _(
                    "{db}: this database was written by a newer survey-app (schema {version}, "
                    "this one knows {known}): upgrade survey-app"
                ).format(db=self.path, version=version, known=len(MIGRATIONS))
            )
        if version == len(MIGRATIONS):
            return
        # Every step in one transaction: the file is at the old schema or the new one,
        # never between (and a new file costs one commit, not one per step).
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            for script in MIGRATIONS[version:]:
                for statement in statements(script):
                    await self._db.execute(statement)
            await self._db.execute(f"PRAGMA user_version={len(MIGRATIONS)}")
            await self._db.execute("COMMIT")
        except BaseException:
            await self._db.execute("ROLLBACK")
            raise

    async def _write(self, statements: list[tuple[str, tuple[object, ...]]]) -> None:
        """Run statements as one durable transaction."""
        async with self._lock:
            await self._write_unlocked(statements)

    async def _write_unlocked(self, statements: list[tuple[str, tuple[object, ...]]]) -> None:
        try:
            await self._write_steps(statements)
        except sqlite3.IntegrityError as exc:
            if CLOSED in str(exc):
                raise SurveyClosed(_("The survey has closed. Thank you.")) from exc
            raise

    async def _write_steps(self, statements: list[tuple[str, tuple[object, ...]]]) -> None:
        if len(statements) == 1:
            # Outside BEGIN, SQLite runs a lone statement as its own transaction and commits
            # it (fsync included) before returning: as durable, one thread hop instead of three.
            await self._db.execute(*statements[0])
            return
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            for sql, params in statements:
                await self._db.execute(sql, params)
            await self._db.execute("COMMIT")
        except BaseException:
            await self._db.execute("ROLLBACK")
            raise

    # --- inspections ---------------------------------------------------------------
    async def create_inspection(
        self,
        premises: str,
        region: str,
        fieldwork_start: dt.date,
        fieldwork_end: dt.date,
        language: str,
        residents: int,
        demo: bool = False,
        contact: str = "",
    ) -> Inspection:
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = await self._db.execute(
                    "INSERT INTO inspection (premises, region, fieldwork_start, fieldwork_end, "
                    "language, residents, demo, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        premises,
                        region,
                        fieldwork_start.isoformat(),
                        fieldwork_end.isoformat(),
                        language,
                        residents,
                        int(demo),
                        contact,
                    ),
                )
                new_id = cursor.lastrowid
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
        inspection = await self.get_inspection(int(new_id or 0))
        assert inspection is not None
        return inspection

    async def list_inspections(self) -> list[Inspection]:
        cursor = await self._db.execute(
            "SELECT id, premises, region, fieldwork_start, fieldwork_end, language, residents, "
            "demo, contact, closed_day, purged_day FROM inspection ORDER BY id"
        )
        return [_inspection(row) for row in await cursor.fetchall()]

    async def get_inspection(self, inspection_id: int) -> Inspection | None:
        cursor = await self._db.execute(
            "SELECT id, premises, region, fieldwork_start, fieldwork_end, language, residents, "
            "demo, contact, closed_day, purged_day FROM inspection WHERE id = ?",
            (inspection_id,),
        )
        row = await cursor.fetchone()
        return _inspection(row) if row else None

    async def ensure_demo(self) -> Inspection:
        """On an empty database, create the clearly labelled demo inspection."""
        existing = await self.list_inspections()
        if existing:
            return existing[0]
        start = dt.date.today()
        return await self.create_inspection(
            premises="Demo Approved Premises",
            region="Demo",
            fieldwork_start=start,
            fieldwork_end=start + dt.timedelta(days=1),
            language="en",
            residents=20,
            demo=True,
        )

    # --- responses -----------------------------------------------------------------
    async def start_response(
        self,
        inspection_id: int,
        mode: Mode,
        language: str,
        questionnaire_id: str,
        questionnaire_version: str,
        questionnaire_hash: str,
    ) -> str:
        response_id = secrets.token_hex(16)
        await self._write(
            [
                (
                    "INSERT INTO response (id, inspection_id, mode, language, questionnaire_id, "
                    "questionnaire_version, questionnaire_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        response_id,
                        inspection_id,
                        mode,
                        language,
                        questionnaire_id,
                        questionnaire_version,
                        questionnaire_hash,
                    ),
                )
            ]
        )
        return response_id

    async def add_response(
        self,
        inspection_id: int,
        mode: Mode,
        language: str,
        questionnaire: tuple[str, str, str],
        answers: dict[str, Answer],
        finished: bool = True,
    ) -> str:
        """Store a whole response at once (a typed-in form, sample data) in one
        transaction, complete or (`finished` False: it stops part way) partial; no
        withdrawal code is given."""
        if not any(answer.status != "not_applicable" for answer in answers.values()):
            raise ValueError("a response with no answer is no response: nothing was stored")
        response_id = secrets.token_hex(16)
        status = "complete" if finished else "partial"
        await self._write(
            [
                (
                    "INSERT INTO response (id, inspection_id, mode, language, questionnaire_id, "
                    "questionnaire_version, questionnaire_hash, status, completed_day) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (response_id, inspection_id, mode, language, *questionnaire, status, today()),
                ),
                *(
                    (
                        "INSERT INTO answer (response_id, question_id, status, value) "
                        "VALUES (?, ?, ?, ?)",
                        (response_id, qid, answer.status, encode_value(answer.value)),
                    )
                    for qid, answer in answers.items()
                ),
            ]
        )
        return response_id

    async def save_answer(
        self, response_id: str, question_id: str, answer: Answer, change: Change | None = None
    ) -> None:
        """Store an answer and the routing changes it caused, durably, in one transaction."""
        statements: list[tuple[str, tuple[object, ...]]] = [
            (
                "INSERT INTO answer (response_id, question_id, status, value) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (response_id, question_id) DO UPDATE SET status = excluded.status, "
                "value = excluded.value",
                (response_id, question_id, answer.status, encode_value(answer.value)),
            )
        ]
        if change:
            statements += [
                (
                    "UPDATE answer SET status = 'not_applicable', value = NULL "
                    "WHERE response_id = ? AND question_id = ?",
                    (response_id, other),
                )
                for other in change.not_applicable
            ]
            statements += [
                (
                    "DELETE FROM answer WHERE response_id = ? AND question_id = ? "
                    "AND status = 'not_applicable'",
                    (response_id, other),
                )
                for other in change.reopened
            ]
        await self._write(statements)

    async def set_language(self, response_id: str, language: str) -> None:
        await self._write(
            [("UPDATE response SET language = ? WHERE id = ?", (language, response_id))]
        )

    async def complete(self, response_id: str) -> str:
        """Mark a response complete and return its withdrawal code (kept only as a hash)."""
        code, hashed = await _new_code()
        async with self._lock:
            cursor = await self._db.execute(
                "UPDATE response SET status = 'complete', completed_day = ?, "
                "withdrawal_hash = ?, withdrawal_tag = ? "
                "WHERE id = ? AND status IN ('in_progress', 'partial')",
                (today(), hashed, code_tag(code), response_id),
            )
        if cursor.rowcount != 1:
            # Never show a code that does not open anything.
            raise StoreError(f"response {response_id} cannot be completed")
        return code

    async def mark_partial(self, response_id: str, with_code: bool = False) -> str | None:
        """A resident left without submitting: keep what they gave as a partial response.

        With `with_code` (the resident chose to stop and is still in front of the screen),
        the response gets a withdrawal code as a complete one does, returned to be shown.
        A response with no answers at all is not kept: there is nothing to count or take
        back, and no code is given.
        """
        if with_code:
            code, hashed = await _new_code()
            tag: str | None = code_tag(code)
        else:
            code, hashed, tag = None, None, None
        async with self._lock:
            cursor = await self._db.execute(
                "SELECT COUNT(*) FROM answer WHERE response_id = ?", (response_id,)
            )
            row = await cursor.fetchone()
            if row is not None and row[0] == 0:
                await self._write_unlocked(
                    [
                        (
                            "DELETE FROM response WHERE id = ? AND status = 'in_progress'",
                            (response_id,),
                        )
                    ]
                )
                return None
            cursor = await self._db.execute(
                "UPDATE response SET status = 'partial', completed_day = ?, "
                "withdrawal_hash = COALESCE(?, withdrawal_hash), "
                "withdrawal_tag = COALESCE(?, withdrawal_tag) "
                "WHERE id = ? AND status = 'in_progress'",
                (today(), hashed, tag, response_id),
            )
        return code if cursor.rowcount == 1 else None

    async def settle_abandoned(self, inspection_id: int, mode: str) -> int:
        """Responses of this inspection and mode still in progress, answered by nobody now
        (their collector stopped without ending them), kept as partial: those with answers
        count from now on, those without are removed. How many were kept."""
        async with self._lock:
            await self._write_unlocked(
                [
                    (
                        "DELETE FROM response WHERE inspection_id = ? AND mode = ? AND status = "
                        "'in_progress' AND NOT EXISTS (SELECT 1 FROM answer a WHERE "
                        "a.response_id = response.id)",
                        (inspection_id, mode),
                    )
                ]
            )
            cursor = await self._db.execute(
                "UPDATE response SET status = 'partial', completed_day = ? "
                "WHERE inspection_id = ? AND mode = ? AND status = 'in_progress'",
                (today(), inspection_id, mode),
            )
        return int(cursor.rowcount)

    async def discard(self, response_id: str) -> None:
        await self._write([("DELETE FROM response WHERE id = ?", (response_id,))])

    async def withdraw(self, code: str) -> Withdrawal:
        """Delete the answers of the response with this code, in whichever inspection.

        One indexed lookup by the code's short tag finds the few responses that could hold
        it; the slow hash is then checked for those alone, off the event loop. Responses
        from before tags were kept (schema 3 and earlier) are checked one by one.
        """
        cursor = await self._db.execute(
            "SELECT id, status, withdrawal_hash FROM response WHERE withdrawal_hash IS NOT "
            "NULL AND (withdrawal_tag = ? OR withdrawal_tag IS NULL)",
            (code_tag(code),),
        )
        for response_id, status, stored in await cursor.fetchall():
            if not await asyncio.to_thread(check_code, code, stored):
                continue
            if status == "withdrawn":  # a store not yet migrated to tombstones
                return "already"
            await self._write(
                [
                    ("DELETE FROM answer WHERE response_id = ?", (response_id,)),
                    ("DELETE FROM quote WHERE response_id = ?", (response_id,)),
                    ("DELETE FROM response WHERE id = ?", (response_id,)),
                    # Only the hash stays, so that the same code used again is told
                    # "already"; nothing else of the response is left.
                    ("INSERT INTO withdrawn (tag, hash) VALUES (?, ?)", (code_tag(code), stored)),
                ]
            )
            if not await self.forget_removed():
                raise StoreError(
                    _(
                        "{db}: the change is saved, but another program kept the database "
                        "busy and its log could not be emptied. Close the other survey-app "
                        "windows and run the command again."
                    ).format(db=self.path)
                )
            return "withdrawn"
        cursor = await self._db.execute(
            "SELECT hash FROM withdrawn WHERE tag = ? OR tag IS NULL", (code_tag(code),)
        )
        for (stored,) in await cursor.fetchall():
            if await asyncio.to_thread(check_code, code, stored):
                return "already"
        return "unknown"

    async def forget_removed(self) -> bool:
        """Write what was just deleted out of the write-ahead log as well as the file.

        Deleted rows are overwritten in the main file (secure_delete), but the `-wal` file
        still holds the pages as they were written, the deleted text among them, and the
        order in which they were written, for as long as any connection (a kiosk, the web
        link) keeps the log alive. A TRUNCATE checkpoint copies the log into the file and
        empties it; it waits for readers that still see older pages (busy_timeout).
        """
        async with self._lock:
            # Readers hold older pages for moments only; one that holds them longer is not
            # waited for past a few seconds (the lead's screen would freeze).
            await self._db.execute(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
            try:
                row = await (await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")).fetchone()
            finally:
                await self._db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return row is not None and int(row[0]) == 0

    # --- quotes ----------------------------------------------------------------------
    async def free_text_without_quote(
        self, inspection_id: int, question_ids: list[str]
    ) -> list[tuple[str, str, str, str | None]]:
        """(response id, question id, language, text) of free-text answers not yet quoted."""
        if not question_ids:
            return []
        marks = ", ".join("?" for _ in question_ids)
        cursor = await self._db.execute(
            "SELECT a.response_id, a.question_id, r.language, a.value FROM answer a "
            "JOIN response r ON r.id = a.response_id "
            "LEFT JOIN quote q ON q.response_id = a.response_id AND q.question_id = a.question_id "
            f"WHERE r.inspection_id = ? AND {SETTLED} AND a.status = 'answered' "
            f"AND q.id IS NULL AND a.question_id IN ({marks})",
            (inspection_id, *question_ids),
        )
        return [
            (response_id, question_id, language, decode_value(value))  # type: ignore[misc]
            for response_id, question_id, language, value in await cursor.fetchall()
        ]

    async def add_quote(
        self,
        response_id: str,
        question_id: str,
        language: str,
        text: str,
        kinds: list[str],
        standard: int | None = None,
    ) -> str:
        quote_id = secrets.token_hex(8)
        await self._write(
            [
                (
                    "INSERT INTO quote (id, response_id, question_id, language, text, kinds, "
                    "standard) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (response_id, question_id) DO NOTHING",
                    (
                        quote_id,
                        response_id,
                        question_id,
                        language,
                        text,
                        json.dumps(kinds),
                        standard,
                    ),
                )
            ]
        )
        return quote_id

    async def set_quote_standard(self, quote_id: str, standard: int | None) -> None:
        if standard is not None and not 1 <= standard <= 5:
            raise ValueError("a standard is numbered 1 to 5")
        await self._write([("UPDATE quote SET standard = ? WHERE id = ?", (standard, quote_id))])

    async def quotes(self, inspection_id: int, status: str | None = None) -> list[QuoteRow]:
        cursor = await self._db.execute(
            "SELECT q.id, q.question_id, q.language, q.text, q.kinds, q.status, q.standard "
            "FROM quote q JOIN response r ON r.id = q.response_id WHERE r.inspection_id = ? "
            f"AND {SETTLED} AND (? IS NULL OR q.status = ?) "
            # after a purge, the approved quotes that were kept
            "UNION ALL SELECT id, question_id, language, text, kinds, 'approved', standard "
            "FROM kept_quote WHERE inspection_id = ? AND (? IS NULL OR ? = 'approved') "
            "ORDER BY 1",
            (inspection_id, status, status, inspection_id, status, status),
        )
        return [
            QuoteRow(id_, question_id, language, text, tuple(json.loads(kinds)), state, standard)
            for id_, question_id, language, text, kinds, state, standard in await cursor.fetchall()
        ]

    async def quote(self, quote_id: str) -> QuoteRow | None:
        cursor = await self._db.execute(
            "SELECT id, question_id, language, text, kinds, status, standard FROM quote "
            "WHERE id = ?",
            (quote_id,),
        )
        row = await cursor.fetchone()
        if row is None:
            return None
        return QuoteRow(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), row[5], row[6])

    async def update_quote(self, quote_id: str, text: str, kinds: list[str], status: str) -> None:
        before = await self.quote(quote_id)
        await self._write(
            [
                (
                    "UPDATE quote SET text = ?, kinds = ?, status = ? WHERE id = ?",
                    (text, json.dumps(kinds), status, quote_id),
                )
            ]
        )
        if before is not None and before.text != text:
            # The lead took words out: out of the log too. Busy, it is emptied at the next
            # withdrawal or when the last program closes the file (the old text was
            # already scrubbed); the lead's screen is not stopped for it.
            await self.forget_removed()

    async def response(self, response_id: str) -> ResponseRow | None:
        cursor = await self._db.execute(
            "SELECT id, inspection_id, mode, language, questionnaire_id, questionnaire_version, "
            "questionnaire_hash, status, completed_day FROM response WHERE id = ?",
            (response_id,),
        )
        row = await cursor.fetchone()
        return ResponseRow(*row) if row else None

    async def responses(self, inspection_id: int) -> list[ResponseRow]:
        cursor = await self._db.execute(
            "SELECT id, inspection_id, mode, language, questionnaire_id, questionnaire_version, "
            "questionnaire_hash, status, completed_day FROM response WHERE inspection_id = ? "
            "ORDER BY id",
            (inspection_id,),
        )
        return [ResponseRow(*row) for row in await cursor.fetchall()]

    # --- counting --------------------------------------------------------------------
    async def tally(self, inspection_id: int | None = None) -> Tallies:
        """Every question's answers counted in SQL: one inspection, or all (None)."""
        counts: Statement
        responses: Statement
        if inspection_id is None:
            # Across the store no join is needed: a withdrawn response has no answers left,
            # and the few responses in progress (usually none) are left out by their ids.
            unsettled = await (
                await self._db.execute("SELECT 1 FROM response WHERE status = 'in_progress'")
            ).fetchone()
            leave_out = (
                "AND response_id NOT IN (SELECT id FROM response WHERE status = 'in_progress') "
                if unsettled
                else ""  # the covering index alone answers the count
            )
            counts = (
                "SELECT question_id, status, value, COUNT(*) FROM answer "
                f"WHERE status != 'not_applicable' {leave_out}"
                "GROUP BY question_id, status, value",
                (),
            )
            # Every settled response holds an answer (schema 10): the index alone counts.
            responses = (
                "SELECT COUNT(*), COALESCE(SUM(r.status = 'partial'), 0) FROM response r "
                f"WHERE {SETTLED}",
                (),
            )
        else:
            counts = (
                "SELECT a.question_id, a.status, a.value, COUNT(*) FROM answer a "
                f"JOIN response r ON r.id = a.response_id WHERE {COUNTED} "
                "AND r.inspection_id = ? GROUP BY a.question_id, a.status, a.value",
                (inspection_id,),
            )
            responses = (
                "SELECT COUNT(*), COALESCE(SUM(r.status = 'partial'), 0) FROM response r "
                f"WHERE r.inspection_id = ? AND {SETTLED} AND EXISTS (SELECT 1 FROM answer a "
                "WHERE a.response_id = r.id AND a.status != 'not_applicable')",
                (inspection_id,),
            )
        from survey_app.core.analysis.aggregates import Tallies  # the counting, not the collecting

        out = Tallies()
        cursor = await self._db.execute(*counts)
        for question_id, status, value, count in await cursor.fetchall():
            out.add(question_id, status, decode_value(value), count)
        row = await (await self._db.execute(*responses)).fetchone()
        out.responses = int(row[0]) if row else 0
        out.partial = int(row[1]) if row else 0
        if inspection_id is not None:
            cursor = await self._db.execute(
                "SELECT r.mode, COUNT(*) FROM response r "
                f"WHERE r.inspection_id = ? AND {SETTLED} AND EXISTS (SELECT 1 FROM answer a "
                "WHERE a.response_id = r.id AND a.status != 'not_applicable') GROUP BY r.mode",
                (inspection_id,),
            )
            out.modes = {str(mode): int(n) for mode, n in await cursor.fetchall()}
        return out

    async def people(
        self, sides: Sides, inspection_id: int | None = None
    ) -> dict[int, dict[int, tuple[int, int]]]:
        """Per inspection and standard, (residents with a counted answer to the standard's
        questions, of them those with more positive answers than not): one inspection, or
        every real one (None). Counted per response in SQL; no response leaves the query.

        Each distinct answer given is sorted into its standards and sides in Python (the
        questionnaire knows which codes are positive), then the answers are grouped by
        response against that small table."""
        # Its temporary table must not land inside another task's transaction (a rollback
        # there would empty it mid-count): it is filled under the write lock.
        async with self._lock:
            return await self._people(sides, inspection_id)

    async def _people(
        self, sides: Sides, inspection_id: int | None
    ) -> dict[int, dict[int, tuple[int, int]]]:
        where, params = (
            ("AND r.inspection_id = ?", (inspection_id,))
            if inspection_id is not None
            else ("AND r.inspection_id IN (SELECT id FROM inspection WHERE demo = 0)", ())
        )
        cursor = await self._db.execute(
            "SELECT DISTINCT a.question_id, a.value FROM answer a "
            f"JOIN response r ON r.id = a.response_id WHERE {COUNTED} "
            f"AND a.status = 'answered' {where}",
            params,
        )
        rows = [
            (question_id, value, standard, int(positive))
            for question_id, value in await cursor.fetchall()
            for standard, positive in sides(question_id, decode_value(value))
        ]
        if not rows:
            return {}
        await self._db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS side (question_id TEXT, value TEXT, "
            "standard INTEGER, positive INTEGER, PRIMARY KEY (question_id, value, standard)) "
            "WITHOUT ROWID"
        )
        await self._db.execute("DELETE FROM temp.side")
        await self._db.executemany("INSERT INTO temp.side VALUES (?, ?, ?, ?)", rows)
        cursor = await self._db.execute(
            "SELECT inspection_id, standard, COUNT(*), SUM(yes > no) FROM ("
            "SELECT r.inspection_id AS inspection_id, s.standard AS standard, "
            "SUM(s.positive) AS yes, SUM(1 - s.positive) AS no FROM answer a "
            "JOIN temp.side s ON s.question_id = a.question_id AND s.value = a.value "
            f"JOIN response r ON r.id = a.response_id WHERE {COUNTED} "
            f"AND a.status = 'answered' {where} GROUP BY a.response_id, s.standard) "
            "GROUP BY inspection_id, standard",
            params,
        )
        out: dict[int, dict[int, tuple[int, int]]] = {}
        for inspection, standard, n, positive in await cursor.fetchall():
            out.setdefault(int(inspection), {})[int(standard)] = (int(n), int(positive))
        await self._db.execute("DELETE FROM temp.side")
        return out

    async def tallies_by_inspection(self) -> dict[int, Tallies]:
        """Every real inspection's counts, for comparing one AP with the others (demo
        inspections hold practice answers: they are no AP's views)."""
        cursor = await self._db.execute(
            "SELECT r.inspection_id, a.question_id, a.status, a.value, COUNT(*) FROM answer a "
            "JOIN response r ON r.id = a.response_id "
            "JOIN inspection i ON i.id = r.inspection_id AND i.demo = 0 "
            f"WHERE {COUNTED} "
            "AND a.status = 'answered' GROUP BY r.inspection_id, a.question_id, a.value"
        )
        from survey_app.core.analysis.aggregates import Tallies

        out: dict[int, Tallies] = {}
        for inspection_id, question_id, status, value, count in await cursor.fetchall():
            out.setdefault(inspection_id, Tallies()).add(
                question_id, status, decode_value(value), count
            )
        return out

    async def records(
        self, inspection_id: int, released: bool = False
    ) -> list[tuple[str, str, dict[str, Answer]]]:
        """(mode, language, answers) of each counted response, for breakdowns and rows;
        `released`: only the responses the latest release holds."""
        member = (
            "AND EXISTS (SELECT 1 FROM release_member m WHERE m.inspection_id = ? "
            "AND m.response_id = r.id AND m.status = r.status) "
            if released
            else ""
        )
        cursor = await self._db.execute(
            "SELECT r.id, r.mode, r.language, a.question_id, a.status, a.value FROM answer a "
            f"JOIN response r ON r.id = a.response_id WHERE {COUNTED} AND r.inspection_id = ? "
            f"{member}ORDER BY r.id",
            (inspection_id, inspection_id) if released else (inspection_id,),
        )
        out: dict[str, tuple[str, str, dict[str, Answer]]] = {}
        for response_id, mode, language, question_id, status, value in await cursor.fetchall():
            out.setdefault(response_id, (mode, language, {}))[2][question_id] = Answer(
                status, decode_value(value)
            )
        return list(out.values())

    # --- releases -------------------------------------------------------------------
    async def release(
        self, inspection_id: int, counted: Collection[str], plan: Plan | None = None
    ) -> Snapshot | None:
        """The release the lead's view and the exports show: the latest, after making a new
        one if enough has changed since (RELEASE_STEP responses added, completed or
        withdrawn; after the inspection closed, any withdrawal). None while fewer than
        RELEASE_STEP responses are settled: there is nothing to show yet. `counted`: the
        questions whose answers a release counts (never free text: a release holds
        numbers, not words). `plan`: given the counts, how answers count towards the
        standards, for counting residents (not answers) per standard into the release."""
        latest = await self._latest_release(inspection_id)
        now = await self._settled(inspection_id)
        changed = _changes(await self._members(inspection_id), now)
        inspection = await self.get_inspection(inspection_id)
        closed = inspection is not None and inspection.closed is not None
        if closed and len(now) < RELEASE_STEP and inspection is not None and not inspection.purged:
            # Collection is over with fewer than 3 responses (or withdrawals took it there):
            # there is nothing to publish, not even an earlier release that counted them.
            return None
        due = (
            (latest is None and len(now) >= RELEASE_STEP)
            or (latest is not None and not latest[2] and changed >= RELEASE_STEP)
            or (latest is not None and latest[2] and changed > 0)  # a withdrawal after close
        )
        if due:
            await self._make_release(inspection_id, counted, final=closed, plan=plan)
            latest = await self._latest_release(inspection_id)
            changed = 0
        if latest is None:
            return None
        number, day, final, counts = latest
        from survey_app.core.analysis.aggregates import tallies_from_json  # the counting

        members = await self._members(inspection_id)
        cursor = await self._db.execute(
            "SELECT counts FROM release WHERE inspection_id = ? AND number < ? ORDER BY number",
            (inspection_id, number),
        )
        earlier = tuple(tallies_from_json(str(row[0])) for row in await cursor.fetchall())
        return Snapshot(
            number=number,
            day=dt.date.fromisoformat(day),
            final=final,
            tallies=tallies_from_json(counts),
            pending=changed,
            members_changed=any(now.get(r) != status for r, status in members.items()),
            earlier=earlier,
        )

    async def close_inspection(
        self, inspection_id: int, counted: Collection[str], plan: Plan | None = None
    ) -> Snapshot | None:
        """End collection: responses still in progress become partial, no new response or
        answer is taken (the triggers of schema 7), and the final release is made from
        everything settled, whatever the step since the last."""
        async with self._lock:
            await self._write_unlocked(
                [
                    (
                        # One with no answer yet stays as it is: it counts nowhere, its
                        # resident is told the survey has closed at their first answer,
                        # and a purge removes it.
                        "UPDATE response SET status = 'partial', completed_day = ? "
                        "WHERE inspection_id = ? AND status = 'in_progress' AND EXISTS "
                        "(SELECT 1 FROM answer a WHERE a.response_id = response.id)",
                        (today(), inspection_id),
                    ),
                    (
                        "UPDATE inspection SET closed_day = COALESCE(closed_day, ?) WHERE id = ?",
                        (today(), inspection_id),
                    ),
                ]
            )
        if len(await self._settled(inspection_id)) >= RELEASE_STEP:
            await self._make_release(inspection_id, counted, final=True, plan=plan)
        return await self.release(inspection_id, counted, plan)

    async def purge(self, inspection_id: int) -> bool:
        """After publication: delete every response of the inspection, with its answers and
        free text, and the list of who the last release held. What stays is the releases
        (counts only: the final one, and those before it, against which the final one's
        tables were audited, so that it is shown exactly as it was published), the approved
        quotes (kept apart from any response), and the lead's own records. A withdrawal
        code of a purged response is then told its answers were deleted. Refused
        (StoreError) before the inspection is closed. True when the write-ahead log could
        be emptied of what was removed."""
        inspection = await self.get_inspection(inspection_id)
        if inspection is None or inspection.closed is None:
            raise StoreError(
                _(
                    "Inspection {id} is still collecting: close it first (survey-app "
                    "inspection close {id}), then publish, then purge."
                ).format(id=inspection_id)
            )
        responses = "SELECT id FROM response WHERE inspection_id = ?"
        await self._write(
            [
                (
                    "INSERT OR IGNORE INTO kept_quote (id, inspection_id, question_id, "
                    "language, text, kinds, standard) SELECT q.id, ?, q.question_id, "
                    "q.language, q.text, q.kinds, q.standard FROM quote q "
                    "WHERE q.status = 'approved' AND q.response_id IN "
                    f"({responses})",
                    (inspection_id, inspection_id),
                ),
                (
                    "INSERT INTO withdrawn (tag, hash) SELECT withdrawal_tag, withdrawal_hash "
                    "FROM response WHERE inspection_id = ? AND withdrawal_hash IS NOT NULL",
                    (inspection_id,),
                ),
                (f"DELETE FROM quote WHERE response_id IN ({responses})", (inspection_id,)),
                (f"DELETE FROM answer WHERE response_id IN ({responses})", (inspection_id,)),
                ("DELETE FROM response WHERE inspection_id = ?", (inspection_id,)),
                ("DELETE FROM release_member WHERE inspection_id = ?", (inspection_id,)),
                (
                    "UPDATE inspection SET purged_day = ? WHERE id = ?",
                    (today(), inspection_id),
                ),
            ]
        )
        return await self.forget_removed()

    async def _latest_release(self, inspection_id: int) -> tuple[int, str, bool, str] | None:
        row = await (
            await self._db.execute(
                "SELECT number, day, final, counts FROM release WHERE inspection_id = ? "
                "ORDER BY number DESC LIMIT 1",
                (inspection_id,),
            )
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]), bool(row[2]), str(row[3]))

    async def _settled(self, inspection_id: int) -> dict[str, str]:
        cursor = await self._db.execute(
            f"SELECT r.id, r.status FROM response r WHERE r.inspection_id = ? AND {SETTLED} "
            "AND EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id "
            "AND a.status != 'not_applicable')",
            (inspection_id,),
        )
        return {str(i): str(status) for i, status in await cursor.fetchall()}

    async def _members(self, inspection_id: int) -> dict[str, str]:
        cursor = await self._db.execute(
            "SELECT response_id, status FROM release_member WHERE inspection_id = ?",
            (inspection_id,),
        )
        return {str(i): str(status) for i, status in await cursor.fetchall()}

    async def _make_release(
        self,
        inspection_id: int,
        counted: Collection[str],
        final: bool,
        plan: Plan | None = None,
    ) -> None:
        """Freeze the counts of every settled response as the next release, and remember
        which responses it holds, in one transaction (a response settling meanwhile is in
        both or in neither)."""
        from survey_app.core.analysis.aggregates import tallies_to_json

        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                tallies = await self.tally(inspection_id)
                members = await self._settled(inspection_id)
                before = await self._members(inspection_id)
                # Counted before, and not as it was now: withdrawn, or finished since.
                tallies.gone = sum(members.get(r) != status for r, status in before.items())
                if plan is not None:
                    tallies.people = (await self._people(plan(tallies), inspection_id)).get(
                        inspection_id, {}
                    )
                counts = tallies_to_json(tallies, set(counted))
                row = await (
                    await self._db.execute(
                        "SELECT COALESCE(MAX(number), 0) FROM release WHERE inspection_id = ?",
                        (inspection_id,),
                    )
                ).fetchone()
                number = (int(row[0]) if row else 0) + 1
                await self._db.execute(
                    "INSERT INTO release (inspection_id, number, day, final, counts) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (inspection_id, number, today(), int(final), counts),
                )
                await self._db.execute(
                    "DELETE FROM release_member WHERE inspection_id = ?", (inspection_id,)
                )
                await self._db.executemany(
                    "INSERT INTO release_member (inspection_id, response_id, status) "
                    "VALUES (?, ?, ?)",
                    [(inspection_id, r, status) for r, status in members.items()],
                )
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise

    async def set_residents(self, inspection_id: int, residents: int) -> None:
        if residents < 0:
            raise ValueError("the number of residents cannot be negative")
        await self._write(
            [("UPDATE inspection SET residents = ? WHERE id = ?", (residents, inspection_id))]
        )

    # --- the lead's records ----------------------------------------------------------
    async def set_evidence(
        self, inspection_id: int, standard: int, source: str, judgement: str | None, note: str
    ) -> None:
        """Record what a source of evidence shows for a standard; None clears it."""
        statement: Statement
        if judgement is None:
            statement = (
                "DELETE FROM evidence WHERE inspection_id = ? AND standard = ? AND source = ?",
                (inspection_id, standard, source),
            )
        else:
            statement = (
                "INSERT INTO evidence (inspection_id, standard, source, judgement, note) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (inspection_id, standard, source) "
                "DO UPDATE SET judgement = excluded.judgement, note = excluded.note",
                (inspection_id, standard, source, judgement, note),
            )
        await self._write([statement])

    async def evidence(self, inspection_id: int) -> dict[tuple[int, str], tuple[str, str]]:
        """(standard, source) -> (judgement, note)."""
        cursor = await self._db.execute(
            "SELECT standard, source, judgement, note FROM evidence WHERE inspection_id = ?",
            (inspection_id,),
        )
        return {(s, src): (j, n) for s, src, j, n in await cursor.fetchall()}

    async def set_rating(
        self, inspection_id: int, standard: int, points: int | None, rationale: str
    ) -> None:
        """Propose a rating (0-3) for a standard; None withdraws the proposal."""
        statement: Statement
        if points is None:
            statement = (
                "DELETE FROM rating WHERE inspection_id = ? AND standard = ?",
                (inspection_id, standard),
            )
        else:
            statement = (
                "INSERT INTO rating (inspection_id, standard, points, rationale) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (inspection_id, standard) "
                "DO UPDATE SET points = excluded.points, rationale = excluded.rationale",
                (inspection_id, standard, points, rationale),
            )
        await self._write([statement])

    async def ratings(self, inspection_id: int) -> dict[int, tuple[int, str]]:
        """standard -> (points, rationale)."""
        cursor = await self._db.execute(
            "SELECT standard, points, rationale FROM rating WHERE inspection_id = ?",
            (inspection_id,),
        )
        return {s: (p, r) for s, p, r in await cursor.fetchall()}

    async def secret(self, role: str) -> str | None:
        cursor = await self._db.execute("SELECT hash FROM secret WHERE role = ?", (role,))
        row = await cursor.fetchone()
        return str(row[0]) if row else None

    async def set_secret(self, role: str, hashed: str) -> None:
        await self._write(
            [
                (
                    "INSERT INTO secret (role, hash) VALUES (?, ?) "
                    "ON CONFLICT (role) DO UPDATE SET hash = excluded.hash",
                    (role, hashed),
                )
            ]
        )

    async def answers(self, response_id: str) -> dict[str, Answer]:
        cursor = await self._db.execute(
            "SELECT question_id, status, value FROM answer WHERE response_id = ?",
            (response_id,),
        )
        return {
            qid: Answer(status, decode_value(value))
            for qid, status, value in await cursor.fetchall()
        }


def _inspection(row: Any) -> Inspection:
    try:
        return Inspection(
            id=int(row[0]),
            premises=str(row[1]),
            region=str(row[2]),
            fieldwork_start=dt.date.fromisoformat(str(row[3])),
            fieldwork_end=dt.date.fromisoformat(str(row[4])),
            language=str(row[5]),
            residents=int(row[6]),
            demo=bool(row[7]),
            contact=str(row[8]),
            closed=dt.date.fromisoformat(str(row[9])) if row[9] is not None else None,
            purged=dt.date.fromisoformat(str(row[10])) if row[10] is not None else None,
        )
    except (ValueError, TypeError) as exc:
        raise StoreError(
            _(
                "inspection {id} in the database cannot be read ({reason}): the file was "
                "edited or is damaged"
            ).format(id=row[0], reason=display_safe(str(exc)))
        ) from exc
