"""`survey-app audit verify` and `audit export`: the database's audit log, checked whole
and written out (what happened and the day; never content or anything identifying)."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

from survey_app.cli.common import EXIT_USAGE, Refused, say_error
from survey_app.core.i18n import _, ngettext
from survey_app.settings import Settings

if TYPE_CHECKING:
    from survey_app.core.storage.database import Database

EXIT_BROKEN = 1
"""`audit verify` found the log broken (usage errors are EXIT_USAGE)."""


async def _open(settings: Settings) -> Database:
    """The database, whichever kind it is (the audit log is in both); never a new one."""
    from survey_app.core.opening import open_collecting
    from survey_app.core.storage.database import Database, StoreError, kind_of

    if kind_of(settings.db) == "new":
        say_error(_("There is no database at {db}: give its path with --db").format(db=settings.db))
        raise Refused
    try:
        db = await open_collecting(settings.db)
    except StoreError as exc:
        say_error(str(exc))
        raise Refused from exc
    assert isinstance(db, Database)  # both kinds are: the collecting view is a narrowing
    return db


async def verify(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.core.audit.chain import AuditFileError, broken_at, continues, read_export

    earlier = None
    if args.against is not None:
        try:
            earlier = read_export(args.against)
        except AuditFileError as exc:
            say_error(str(exc))
            return EXIT_USAGE
    db = await _open(settings)
    try:
        entries = await db.audit_log()
    finally:
        await db.close()
    problem = broken_at(entries)
    if problem is None and earlier is not None:
        problem = broken_at(earlier)
        if problem is not None:
            problem = _("the earlier export itself is broken: {problem}").format(problem=problem)
        else:
            problem = continues(earlier, entries)
    if problem is not None:
        say_error(
            _("The audit log of {db} is broken: {problem}.").format(db=db.path, problem=problem)
        )
        return EXIT_BROKEN
    first, last = entries[0].day, entries[-1].day
    print(
        ngettext(
            "The audit log of {db} is whole: {n} entry, from {first} to {last}.",
            "The audit log of {db} is whole: {n} entries, from {first} to {last}.",
            len(entries),
        ).format(db=db.path, n=len(entries), first=first, last=last)
    )
    if earlier is not None:
        print(
            ngettext(
                "It begins with the {n} entry of {path}, unchanged.",
                "It begins with the {n} entries of {path}, unchanged.",
                len(earlier),
            ).format(n=len(earlier), path=args.against)
        )
    print(_("Its head is {head}").format(head=entries[-1].hash))
    print(
        _(
            "Keep that head, or the file of survey-app audit export, to show later that "
            "nothing was removed from the log's end (audit verify --against FILE)."
        )
    )
    return 0


async def export(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.core.audit.chain import dumps
    from survey_app.core.paths import write_together
    from survey_app.core.storage.database import KINDS

    if not args.out.parent.is_dir():
        say_error(_("The folder {path} does not exist.").format(path=args.out.parent))
        return EXIT_USAGE
    db = await _open(settings)
    try:
        # The export is itself in the log: a reader of the file sees it was taken.
        await db.note("audit_exported")
        entries = await db.audit_log()
    finally:
        await db.close()
    write_together([(args.out, dumps(entries, KINDS[db.SCHEMA.application_id]))])
    print(
        ngettext(
            "Written: {path} ({n} entry, head {head})",
            "Written: {path} ({n} entries, head {head})",
            len(entries),
        ).format(path=args.out, n=len(entries), head=entries[-1].hash)
    )
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    action = verify if args.audit_command == "verify" else export
    return asyncio.run(action(args, settings))
