"""`survey-app lead` and `export`: the lead's view and the files it publishes."""

from __future__ import annotations

import argparse
import errno
from pathlib import Path
from typing import TYPE_CHECKING

from survey_app.cli.common import (
    EXIT_USAGE,
    load_questionnaire,
    opened,
    ready_to_start,
    resolve_inspection,
    say_error,
)
from survey_app.core.i18n import _, use_language
from survey_app.settings import Settings

if TYPE_CHECKING:
    from survey_app.core.questionnaire.model import Questionnaire


def export(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    questionnaire = load_questionnaire(settings, intro=None)
    if questionnaire is None:
        return EXIT_USAGE
    if args.language:
        use_language(args.language)
    if args.out.is_dir():
        say_error(_("{path} is a folder: give a file name with --out").format(path=args.out))
        return EXIT_USAGE
    if not args.out.parent.is_dir():
        say_error(_("The folder {path} does not exist.").format(path=args.out.parent))
        return EXIT_USAGE
    from survey_app.reports.files import ExportRefused

    try:
        written = asyncio.run(export_files(args, settings, questionnaire))
    except ExportRefused as exc:
        say_error(str(exc))
        return EXIT_USAGE
    except OSError as exc:
        # A full disk, a read-only folder: nothing is in place (see reports/files.py).
        reason = _("the disk is full") if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        say_error(
            _("Nothing was written to {path}: {reason}.").format(path=args.out, reason=reason)
        )
        return 1
    if written is None:
        return EXIT_USAGE
    for path in written:
        print(_("Written: {path}").format(path=path))
    return 0


async def export_files(
    args: argparse.Namespace, settings: Settings, questionnaire: Questionnaire
) -> list[Path] | None:
    from survey_app.reports.files import export as write_files

    async with opened(settings) as store:
        inspection = await resolve_inspection(store, settings)
        if inspection is None:
            return None
        written = await write_files(store, questionnaire, inspection.id, args.format, args.out)
        await store.note("exported", f"inspection={inspection.id} format={args.format}")
        return written


def run_lead(settings: Settings) -> int:
    ready = ready_to_start(settings)
    if ready is None:
        return EXIT_USAGE
    questionnaire, inspection = ready
    import asyncio

    from survey_app.core.i18n import current_language
    from survey_app.ui.factory import make_app

    if not asyncio.run(lead_passphrase_set(settings)):
        return EXIT_USAGE
    app = make_app(
        "lead", settings, questionnaire, inspection_id=inspection.id, language=current_language()
    )
    app.run()
    return app.return_code or 0


async def lead_passphrase_set(settings: Settings) -> bool:
    """The lead's passphrase is there, or is chosen now, at this terminal, typed twice:
    never on a screen that anyone at the home screen could reach."""
    from survey_app.cli.keys import choose_lead_passphrase
    from survey_app.core.keys.passphrase import LEAD

    async with opened(settings) as store:
        if await store.secret(LEAD) is not None:
            return True
        print(_("No lead's passphrase is set for this database."))
        if await choose_lead_passphrase(store) is None:
            say_error(_("The lead's view did not open."))
            return False
        return True


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "export":
        return export(args, settings)
    return run_lead(settings)
