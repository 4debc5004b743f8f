"""`survey-app inspection create|list|close`, `withdraw` and `purge`: the lead's
management of inspections on their own machine."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from survey_app.cli.common import (
    EXIT_USAGE,
    describe,
    load_questionnaire,
    opened,
    resolve_inspection,
    say_error,
)
from survey_app.core.i18n import _, ngettext
from survey_app.core.text import display_safe
from survey_app.settings import Settings

if TYPE_CHECKING:
    from survey_app.core.questionnaire.model import Questionnaire
    from survey_app.core.store.base import Store


async def inspection_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.inspection_command == "create":
        if args.end < args.start:
            say_error(_("the fieldwork cannot end before it starts: check --start and --end"))
            return EXIT_USAGE
        for flag, value in (("--premises", args.premises), ("--region", args.region)):
            if not value.strip() or len(value) > 200 or not value.isprintable():
                say_error(
                    _("{flag} must be printable text of 1 to 200 characters").format(flag=flag)
                )
                return EXIT_USAGE
        if len(args.contact) > 300 or not args.contact.isprintable():
            say_error(_("--contact must be printable text of up to 300 characters"))
            return EXIT_USAGE
    if args.inspection_command == "setup-file":
        return await setup_file(args, settings)
    async with opened(settings) as store:
        if args.inspection_command == "create":
            from survey_app.cli.keys import inspection_key, lead_passphrase

            # The passphrase first: one not given or wrong leaves no inspection behind.
            passphrase = await lead_passphrase(store, from_stdin=args.passphrase_stdin)
            if passphrase is None:
                say_error(_("No inspection was created."))
                return EXIT_USAGE
            created = await store.create_inspection(
                args.premises.strip(),
                args.region.strip(),
                args.start,
                args.end,
                args.language,
                args.residents,
                contact=args.contact.strip(),
            )
            created = await inspection_key(store, created, passphrase)
            print(describe(created))
            print("   " + _("UUID {uuid}").format(uuid=created.uuid))
        elif args.inspection_command == "close":
            questionnaire = load_questionnaire(settings, intro=None)
            if questionnaire is None:
                return EXIT_USAGE
            return await close(store, settings, args.id, questionnaire)
        else:
            inspections = await store.list_inspections()
            if not inspections:
                print(_("No inspections yet: create one with survey-app inspection create"))
            for each in inspections:
                print(describe(each))
                key = _("key made") if each.public_key else _("no key yet")
                print("   " + _("UUID {uuid}").format(uuid=each.uuid) + ", " + key)
    return 0


async def setup_file(args: argparse.Namespace, settings: Settings) -> int:
    """What a device needs to join, written for the inspection (its key made first if the
    inspection has none yet, under the lead's passphrase)."""
    from survey_app.cli.keys import inspection_key, lead_passphrase
    from survey_app.core.device.setup import setup_for
    from survey_app.core.paths import write_together

    questionnaire = load_questionnaire(settings, intro=None)
    if questionnaire is None:
        return EXIT_USAGE
    if args.out.is_dir() or not args.out.parent.is_dir():
        say_error(_("Give the path of a file in a folder that exists with --out."))
        return EXIT_USAGE
    async with opened(settings) as store:
        inspection = await resolve_inspection(store, settings)
        if inspection is None:
            return EXIT_USAGE
        if inspection.closed is not None:
            say_error(
                _("Inspection {id} is closed: no device can join it.").format(id=inspection.id)
            )
            return EXIT_USAGE
        if inspection.public_key is None:
            passphrase = await lead_passphrase(store, from_stdin=args.passphrase_stdin)
            if passphrase is None:
                return EXIT_USAGE
            inspection = await inspection_key(store, inspection, passphrase)
        setup = setup_for(inspection, questionnaire)
    write_together([(args.out, setup.dumps())])
    print(_("Written: {path}").format(path=args.out))
    print(describe(inspection))
    print(
        _(
            "Key fingerprint: {fingerprint}. survey-app device join prints it too: check on "
            "each device that the two are the same."
        ).format(fingerprint=setup.fingerprint)
    )
    return 0


async def close(
    store: Store, settings: Settings, inspection_id: int, questionnaire: Questionnaire
) -> int:
    from survey_app.core.analysis.aggregates import counted_questions, plan

    counted = counted_questions(questionnaire)
    how = plan(questionnaire)
    inspection = await store.get_inspection(inspection_id)
    if inspection is None:
        say_error(
            _("There is no inspection {id} in {db}: see survey-app inspection list").format(
                id=inspection_id, db=settings.db
            )
        )
        return EXIT_USAGE
    if inspection.closed is not None:
        release = await store.release(inspection_id, counted, how)
        print(
            _("Inspection {id} was closed on {day}.").format(
                id=inspection_id, day=inspection.closed.isoformat()
            )
        )
    else:
        release = await store.close_inspection(inspection_id, counted, how)
        print(
            _(
                "Inspection {id} is closed: the kiosk and the web link now say that the "
                "survey has closed, and no answer is taken."
            ).format(id=inspection_id)
        )
    if release is None:
        print(_("No release: fewer than 3 responses were given."))
    else:
        print(
            ngettext(
                "Final release {n}: {count} response.",
                "Final release {n}: {count} responses.",
                release.tallies.responses,
            ).format(n=release.number, count=release.tallies.responses)
        )
    return 0


PURGE_WORD = "purge"


async def purge(settings: Settings) -> int:
    """Retention: the raw responses of a published inspection deleted, after a confirmation
    typed in full (a script can pipe it)."""
    from survey_app.core.storage.database import StoreError

    if settings.inspection is None:
        say_error(_("Say which inspection to purge: --inspection ID (see inspection list)"))
        return EXIT_USAGE
    async with opened(settings) as store:
        inspection = await resolve_inspection(store, settings)
        if inspection is None:
            return EXIT_USAGE
        if inspection.purged is not None:
            print(
                _("Inspection {id} was purged on {day}.").format(
                    id=inspection.id, day=inspection.purged.isoformat()
                )
            )
            return 0
        if inspection.closed is None:
            say_error(
                _(
                    "Inspection {id} is still collecting: close it first (survey-app "
                    "inspection close {id}), then publish, then purge."
                ).format(id=inspection.id)
            )
            return EXIT_USAGE
        say_error(
            _(
                "This deletes every response, answer and comment of inspection {id} "
                "({premises}) for good. Its final release and its approved quotes are kept. "
                "Type {word} to go on:"
            ).format(id=inspection.id, premises=display_safe(inspection.premises), word=PURGE_WORD)
        )
        try:
            typed = sys.stdin.readline(100).strip()
        except (OSError, KeyboardInterrupt):
            typed = ""
        if typed != PURGE_WORD:
            say_error(_("Nothing was deleted."))
            return EXIT_USAGE
        try:
            emptied = await store.purge(inspection.id)
        except StoreError as exc:
            say_error(str(exc))
            return EXIT_USAGE
        print(_("Inspection {id} is purged.").format(id=inspection.id))
        if not emptied:
            say_error(
                _(
                    "{db}: the change is saved, but another program kept the database busy "
                    "and its log could not be emptied. Close the other survey-app windows "
                    "and run the command again."
                ).format(db=settings.db)
            )
            return 1
        return 0


async def withdraw(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.cli.common import on_device

    if on_device(settings):
        from survey_app.core.device.outbox import Outbox

        outbox = await Outbox.open(settings.db)
        try:
            await outbox.withdraw(args.code)  # it cannot: it says where the code goes
        finally:
            await outbox.close()
    async with opened(settings) as store:
        # Every inspection of the store: a resident does not know which one their code
        # belongs to, and an earlier inspection's codes work until its report is published.
        outcome = await store.withdraw(args.code)
    if outcome == "withdrawn":
        print(_("Withdrawn: that resident's answers have been deleted."))
        return 0
    if outcome == "already":
        print(_("Already withdrawn: the answers with that code were deleted before."))
        return 0
    say_error(_("No response has that code. Check it letter by letter."))
    return 1


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    if args.command == "withdraw":
        return asyncio.run(withdraw(args, settings))
    if args.command == "purge":
        return asyncio.run(purge(settings))
    return asyncio.run(inspection_command(args, settings))
