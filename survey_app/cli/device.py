"""`survey-app device join|status`: a machine made a collecting device for one inspection.

A device's database is an outbox: answers given here are sealed to the inspection's public
key before they are written, and nothing here can open them again. It holds what the
setup file brought (no secret) and the sealed records, until a bundle takes them to the
lead (`survey-app bundle export`)."""

from __future__ import annotations

import argparse
import asyncio

from survey_app.cli.common import EXIT_USAGE, describe, say_error
from survey_app.core.i18n import _
from survey_app.settings import Settings


async def join(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.core.device.outbox import Outbox
    from survey_app.core.device.setup import SetupError, questionnaire_of, read_setup
    from survey_app.core.storage.database import kind_of

    if kind_of(settings.db) == "lead":
        say_error(
            _(
                "{db} is the lead's store: a device keeps its answers in a file of its own. "
                "Give a new file with --db (or join on another machine)."
            ).format(db=settings.db)
        )
        return EXIT_USAGE
    # Everything is checked before the database is made or changed: a refused file leaves
    # this device as it was.
    try:
        setup = read_setup(args.file)
        questionnaire_of(setup, check=True)
    except SetupError as exc:
        say_error(str(exc))
        say_error(_("This device has not joined."))
        return EXIT_USAGE
    outbox = await Outbox.open(settings.db)
    try:
        new = await outbox.join(setup)
        inspection = await outbox.get_inspection(1)
    finally:
        await outbox.close()
    assert inspection is not None
    print(
        (_("Joined: {inspection}") if new else _("Already joined: {inspection}")).format(
            inspection=describe(inspection)
        )
    )
    print("   " + _("UUID {uuid}").format(uuid=setup.uuid))
    print(
        _(
            "Key fingerprint: {fingerprint}. Check that it is the one survey-app inspection "
            "setup-file printed on the lead's machine."
        ).format(fingerprint=setup.fingerprint)
    )
    return 0


async def status(settings: Settings) -> int:
    from survey_app.core.device.outbox import Outbox, not_joined
    from survey_app.core.storage.database import kind_of

    if kind_of(settings.db) != "device":
        say_error(not_joined(settings.db))
        return EXIT_USAGE
    outbox = await Outbox.open(settings.db)
    try:
        inspection = await outbox.get_inspection(1)
        counts = await outbox.counts()
    finally:
        await outbox.close()
    if inspection is None:
        say_error(not_joined(settings.db))
        return EXIT_USAGE
    print(describe(inspection))
    print("   " + _("UUID {uuid}").format(uuid=inspection.uuid))
    print(
        _(
            "{complete} complete, {partial} partial, {in_progress} in progress; {waiting} "
            "waiting for a bundle (survey-app bundle export)"
        ).format(**counts)
    )
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.device_command == "join":
        return asyncio.run(join(args, settings))
    return asyncio.run(status(settings))
