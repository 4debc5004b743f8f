"""`survey-app entry`: paper forms typed in. On the lead's machine (it keeps the serials,
compares the two keyings of each form and makes the responses), or on an inspector's
laptop that joined the inspection, where each keying is sealed for the lead."""

from __future__ import annotations

import argparse
import asyncio

from survey_app.cli.common import (
    EXIT_USAGE,
    load_questionnaire,
    on_device,
    open_store,
    opened_collecting,
    resolve_inspection,
    say_error,
)
from survey_app.core.i18n import _, current_language
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    device = on_device(settings)
    if device and args.double_entry is not None:
        say_error(
            _(
                "Double entry is the lead's setting: turn it on or off on the lead's machine, "
                "where the keyings are compared."
            )
        )
        return EXIT_USAGE
    questionnaire = load_questionnaire(settings, intro=None)
    if questionnaire is None:
        return EXIT_USAGE
    if device:
        return asyncio.run(_on_device(settings, questionnaire))
    return asyncio.run(_on_lead(args, settings, questionnaire))


async def _on_device(settings: Settings, questionnaire: Questionnaire) -> int:
    from survey_app.core.device.keying import DeviceDesk
    from survey_app.core.device.outbox import Outbox
    from survey_app.ui.entry.app import EntryApp

    async with opened_collecting(settings) as outbox:
        assert isinstance(outbox, Outbox)
        inspection = await resolve_inspection(outbox, settings)
        if inspection is None:
            return EXIT_USAGE
        # A keying this laptop left unfinished when it last stopped cannot be taken up (it
        # is sealed): kept as unfinished, which the lead does not use. Type the form again.
        await outbox.settle_abandoned(inspection.id, "paper")
        desk = DeviceDesk(outbox, questionnaire, inspection.language)
        app = EntryApp(
            questionnaire, settings.db, inspection.id, outbox, current_language(), desk=desk
        )
        await app.run_async()
        return app.return_code or 0


async def _on_lead(
    args: argparse.Namespace, settings: Settings, questionnaire: Questionnaire
) -> int:
    from survey_app.ui.entry.app import EntryApp

    store = await open_store(settings)
    try:
        inspection = await resolve_inspection(store, settings)
        if inspection is None:
            return EXIT_USAGE
        if args.double_entry is not None:
            on = args.double_entry == "on"
            await store.set_paper_double_entry(inspection.id, on)
            await store.note(
                "paper_double_entry", f"inspection={inspection.id} double_entry={args.double_entry}"
            )
            print(
                (
                    _("Double entry is on for inspection {id}.")
                    if on
                    else _("Double entry is off for inspection {id}: one keying a form.")
                ).format(id=inspection.id)
            )
        if inspection.closed is not None:
            say_error(
                _("Inspection {id} has closed: no more forms can be typed in.").format(
                    id=inspection.id
                )
            )
            return EXIT_USAGE
        if not await store.paper_copies_issued(inspection.id):
            say_error(
                _(
                    "No paper forms were printed for inspection {id}: print them with "
                    "survey-app paper."
                ).format(id=inspection.id)
            )
            return EXIT_USAGE
        app = EntryApp(questionnaire, settings.db, inspection.id, store, current_language())
        await app.run_async()
        return app.return_code or 0
    finally:
        await store.close()
