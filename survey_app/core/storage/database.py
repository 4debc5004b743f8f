"""One SQLite file on one connection: opened only when sound, migrated forward in one
transaction, written one durable transaction at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import os
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import ClassVar, Self

import aiosqlite

from survey_app.core.audit import chain as audit_chain
from survey_app.core.i18n import N_, _

CLOSED = "survey_app: collection has closed"
"""The message of the triggers that keep a closed inspection closed."""
Statement = tuple[str, tuple[object, ...]]
"""One SQL statement and its parameters."""


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


def today() -> str:
    return dt.date.today().isoformat()


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


class StoreError(RuntimeError):
    pass


class SurveyClosed(StoreError):
    """The inspection's collection has ended: nothing more is taken for it."""


@dataclass(frozen=True)
class Schema:
    """A kind of database's schema: the package holding its numbered migrations
    (`0001_name.sql`, applied in order, each a step of `PRAGMA user_version`) and the
    tables and columns the latest promises."""

    package: str
    expected: dict[str, set[str]]
    application_id: int = 0
    """Written into the file (`PRAGMA application_id`) so that one kind of database is
    never opened as another: a device's outbox as the lead's store, or the reverse."""
    kind: str = ""
    """What the file is, in words, for the message that refuses the other kind."""

    @functools.cached_property
    def migrations(self) -> tuple[str, ...]:
        found = sorted(
            (entry.name, entry.read_text(encoding="utf-8"))
            for entry in resources.files(self.package).iterdir()
            if entry.name.endswith(".sql")
        )
        # The numbers are the schema's versions: a gap or a repeat would skip or redo a step.
        numbers = [int(name.split("_", 1)[0]) for name, _text in found]
        if numbers != list(range(1, len(found) + 1)):
            raise RuntimeError(f"{self.package}: migrations are not numbered 1 to {len(found)}")
        return tuple(text for _name, text in found)


LEAD_STORE_ID = 0x53415031
"""`PRAGMA application_id` of the lead's store ("SAP1")."""
OUTBOX_ID = 0x53415044
"""`PRAGMA application_id` of a collecting device's outbox ("SAPD")."""
KINDS = {LEAD_STORE_ID: N_("the lead's store"), OUTBOX_ID: N_("a collecting device's outbox")}


def kind_of(path: Path) -> str:
    """ "lead", "device" or "new" (no file yet, or an empty one): which kind of database
    `path` holds, read without changing it. Anything else is "lead", whose open then says
    what is wrong with it."""
    if not path.is_file() or path.stat().st_size == 0:
        return "new"
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute("PRAGMA application_id").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return "lead"
    return "device" if row and row[0] == OUTBOX_ID else "lead"


class Database:
    """A SQLite file on one shared connection. Each kind of database (the lead's store, a
    device's outbox) names its schema: a folder of numbered SQL migrations and the tables
    and columns it promises, checked at every open."""

    SCHEMA: ClassVar[Schema]

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        # One connection is shared by every task of the app: without this, a lone statement
        # from one task could land inside another task's BEGIN ... COMMIT.
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Self:
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
            # The audit log's triggers hash each entry with it (before any migration runs:
            # the one that makes the log writes its first entry).
            await db.create_function(
                audit_chain.FUNCTION, 5, audit_chain.entry_hash, deterministic=True
            )
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
            # Marked with its kind only once found sound: a refused file is left as it was.
            row = await (await db.execute("PRAGMA application_id")).fetchone()
            if not row or int(row[0]) != cls.SCHEMA.application_id:
                await db.execute(f"PRAGMA application_id={cls.SCHEMA.application_id}")
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
        for table, columns in self.SCHEMA.expected.items():
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
        migrations = self.SCHEMA.migrations
        row = await (await self._db.execute("PRAGMA user_version")).fetchone()
        version = int(row[0]) if row else 0
        row = await (await self._db.execute("PRAGMA application_id")).fetchone()
        found = int(row[0]) if row else 0
        # A file made before kinds were marked (id 0, some schema) is the lead's store.
        mine = found == self.SCHEMA.application_id or (
            found == 0 and (version == 0 or self.SCHEMA.application_id == LEAD_STORE_ID)
        )
        if not mine:
            other = KINDS.get(found if found or not version else LEAD_STORE_ID)
            raise StoreError(
                _("{db} is {other}, not {kind}: give another file with --db").format(
                    db=self.path,
                    other=_(other) if other else _("another program's database"),
                    kind=_(self.SCHEMA.kind),
                )
            )
        if version > len(migrations):
            raise StoreError(
                _(
                    "{db}: this database was written by a newer survey-app (schema {version}, "
                    "this one knows {known}): upgrade survey-app"
                ).format(db=self.path, version=version, known=len(migrations))
            )
        if version == len(migrations):
            return
        # Every step in one transaction: the file is at the old schema or the new one,
        # never between (and a new file costs one commit, not one per step).
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            for script in migrations[version:]:
                for statement in statements(script):
                    await self._db.execute(statement)
            await self._db.execute(f"PRAGMA user_version={len(migrations)}")
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

    AUDIT_NOTE = "INSERT INTO audit_entry (event, detail) VALUES (?, ?)"
    """The statement that appends an entry to the audit log (a view: its trigger works out
    the entry's number, day and hash)."""

    async def note(self, event: str, detail: str = "") -> None:
        """Append to the audit log what the code did rather than a table: an export, a kiosk
        closed. `event` is one of `EVENTS`; `detail` holds numbers, never content."""
        if event not in audit_chain.EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        await self._write([(self.AUDIT_NOTE, (event, detail))])

    async def audit_log(self) -> list[audit_chain.Entry]:
        """Every entry of the audit log, in its order."""
        cursor = await self._db.execute(
            "SELECT seq, day, event, detail, hash FROM audit ORDER BY seq"
        )
        return [
            audit_chain.Entry(int(n), str(d), str(e), str(x), str(h))
            for n, d, e, x, h in await cursor.fetchall()
        ]

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
