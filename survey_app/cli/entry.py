"""`survey-app entry`: paper forms typed in, on the lead's machine (it keeps the serials)."""

from __future__ import annotations

import argparse
import asyncio

from survey_app.cli.common import (
    EXIT_USAGE,
    load_questionnaire,
    on_device,
    open_store,
    resolve_inspection,
    say_error,
)
from survey_app.core.i18n import _, current_language
from survey_app.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    if on_device(settings):
        say_error(
            _(
                "Type in paper forms on the lead's machine: it keeps the list of the forms' "
                "serials, which each form is checked against."
            )
        )
        return EXIT_USAGE
    questionnaire = load_questionnaire(settings, intro=None)
    if questionnaire is None:
        return EXIT_USAGE

    async def entry() -> int:
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
                    "paper_double_entry",
                    f"inspection={inspection.id} double_entry={args.double_entry}",
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
            app = EntryApp(
                questionnaire, settings.db, inspection.id, store, language=current_language()
            )
            await app.run_async()
            return app.return_code or 0
        finally:
            await store.close()

    return asyncio.run(entry())
