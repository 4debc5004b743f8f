"""The audit log's chain: each entry's hash covers the entry before it, so that an entry
edited, removed or moved breaks the chain from there on.

The entries are written by the database itself (triggers on the tables they audit, and a
view whose trigger appends; see the `audit` migrations), which call `entry_hash` as the SQL
function `FUNCTION`: a program that writes those tables without it (the `sqlite3` shell,
say) is refused rather than left unaudited.

An entry says what happened and the day, never content or anything that identifies a
resident: an event from `EVENTS`, and a detail of numbers (an inspection's number here,
how many responses a bundle brought).

The chain is not keyed: someone able to rewrite the file could rewrite the whole chain
after an edit. That is found against any head noted before (`survey-app audit verify
--against` an earlier `audit export`): an earlier chain must be the start of today's.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from survey_app.core.i18n import _
from survey_app.core.paths import UnreadableFile, read_small
from survey_app.core.text import cut, display_safe

FUNCTION = "survey_audit_hash"
"""The SQL function the database's triggers compute each entry's hash with."""
FORMAT = "survey-app audit"
VERSION = 1
MAX_EXPORT = 64 * 1024 * 1024
"""An audit export larger than this is not read (years of daily entries are a few MB)."""

EVENTS = frozenset(
    {
        "audit_started",  # the log began (a new database, or one from before the log)
        "inspection_created",
        "key_made",  # an inspection's key pair
        "passphrase_set",  # detail: the role (lead, or the kiosk's staff)
        "passphrase_changed",
        "bundle_imported",  # detail: the receipt's counts
        "bundle_exported",  # detail: how many responses it carried
        "release_made",  # detail: its number, and whether it is the final one
        "exported",  # an inspection's data or evidence pack; detail: the format
        "closed",
        "withdrawal",  # no detail at all: not even which inspection
        "purged",
        "quote_decision",  # detail: the inspection and the quote's new status
        "device_joined",  # detail: the inspection's UUID
        "kiosk_exit",  # detail: staff (the staff exit) or failing (it kept failing)
        "audit_exported",
        "alert_received",  # detail: the inspection (never the alert's words, nor its id)
        "alert_status",  # detail: the inspection and the alert's new status
        "alert_removed",  # detail: the inspection (its retention ran out)
        "paper_printed",  # detail: the inspection, how many copies, their language
        "paper_double_entry",  # detail: the inspection, double entry turned on or off
    }
)
"""Every event the log knows (docs/privacy.md says what each holds)."""


@dataclass(frozen=True)
class Entry:
    seq: int
    day: str
    event: str
    detail: str
    hash: str


def entry_hash(previous: str | None, seq: int, day: str, event: str, detail: str) -> str:
    """SHA-256 over the entry before's hash and this entry's fields, each length-prefixed
    so that no two different entries give the same bytes."""
    parts = (b"survey-app audit v1", *(str(p).encode() for p in (previous or "", seq, day)))
    parts += (event.encode(), detail.encode())
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(4, "big") + part)
    return digest.hexdigest()


def broken_at(entries: Sequence[Entry]) -> str | None:
    """What is wrong with the chain, in words, or None when it is whole."""
    previous = ""
    for place, entry in enumerate(entries, start=1):
        if entry.seq != place:
            if entry.seq > place:
                return _("entry {n} is missing (removed): the next one is {seq}").format(
                    n=place, seq=entry.seq
                )
            return _("entry {seq} is out of place: it comes after entry {n}").format(
                seq=entry.seq, n=place - 1
            )
        if entry.hash != entry_hash(previous, entry.seq, entry.day, entry.event, entry.detail):
            return _(
                "entry {n} does not match the chain: it was changed, or moved, or one before it was"
            ).format(n=place)
        previous = entry.hash
    return None


def continues(earlier: Sequence[Entry], now: Sequence[Entry]) -> str | None:
    """What is wrong, in words, when the log `now` does not begin with `earlier` exactly
    (an entry removed from its end, or the chain rewritten since); None when it does."""
    if len(now) < len(earlier):
        return _(
            "the earlier export has {old} entries and the log now only {new}: entries were "
            "removed from its end"
        ).format(old=len(earlier), new=len(now))
    for old, new in zip(earlier, now, strict=False):
        if old != new:
            return _(
                "entry {n} differs from the earlier export: the log was rewritten since"
            ).format(n=old.seq)
    return None


def dumps(entries: Sequence[Entry], kind: str) -> str:
    """An export of the whole log: JSON, one entry per line inside it for a reader's diff."""
    head = entries[-1].hash if entries else ""
    lines = ",\n".join(json.dumps(asdict(e), ensure_ascii=False) for e in entries)
    meta = json.dumps({"format": FORMAT, "version": VERSION, "database": kind, "head": head})
    return f'{meta[:-1]}, "entries": [\n{lines}\n]}}\n'


class AuditFileError(ValueError):
    pass


def _shown(value: object) -> str:
    """Something a file said, fit to print in a message: its control characters made
    visible and its length cut (a hostile file must not write to the terminal)."""
    return cut(display_safe(str(value)), 80)[0]


def read_export(path: Path) -> list[Entry]:
    """The entries of an `audit export` file, or AuditFileError saying what is wrong."""
    try:
        data = json.loads(read_small(path, MAX_EXPORT).decode("utf-8"))
    except UnreadableFile as exc:
        raise AuditFileError(_("{path}: {reason}").format(path=path, reason=exc.reason)) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AuditFileError(
            _("{path} is not an audit export: {reason}").format(path=path, reason=exc)
        ) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AuditFileError(
            _("{path} is not an audit export (written by survey-app audit export)").format(
                path=path
            )
        )
    if data.get("version") != VERSION:
        raise AuditFileError(
            _("{path} is an audit export of format {version}, which this survey-app does not "
              "know: upgrade survey-app").format(path=path, version=_shown(data.get("version")))
        )  # fmt: skip
    try:
        return [
            Entry(int(e["seq"]), str(e["day"]), str(e["event"]), str(e["detail"]), str(e["hash"]))
            for e in data["entries"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise AuditFileError(
            _("{path}: an entry lacks a field or has a wrong one ({reason})").format(
                path=path, reason=_shown(exc)
            )
        ) from exc


def hashing(connection: sqlite3.Connection) -> sqlite3.Connection:
    """A plain `sqlite3` connection given the audit log's function, so that it may write
    what the log audits (its triggers then append as the app's own writes do)."""
    connection.create_function(FUNCTION, 5, entry_hash, deterministic=True)
    return connection
