"""`survey-app paper`: the paper form for an inspection, each copy with its own serial."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

from survey_app.cli.common import (
    EXIT_USAGE,
    load_questionnaire,
    on_device,
    opened,
    resolve_inspection,
    say_error,
)
from survey_app.core.i18n import _, ngettext
from survey_app.settings import Settings

if TYPE_CHECKING:
    from survey_app.core.questionnaire.model import Questionnaire


def run(args: argparse.Namespace, settings: Settings) -> int:
    out = args.out
    if out.suffix.lower() != ".pdf":
        say_error(_("Write the paper form to a .pdf file, not {name}").format(name=out.name))
        return EXIT_USAGE
    if not out.parent.is_dir():
        say_error(_("The folder {path} does not exist.").format(path=out.parent))
        return EXIT_USAGE
    if on_device(settings):
        say_error(
            _(
                "Print paper forms on the lead's machine: it keeps the list of their serials, "
                "which entry checks each form against."
            )
        )
        return EXIT_USAGE
    questionnaire = load_questionnaire(settings, intro=None)
    if questionnaire is None:
        return EXIT_USAGE
    return asyncio.run(_print(args, settings, questionnaire))


async def _print(args: argparse.Namespace, settings: Settings, questionnaire: Questionnaire) -> int:
    from survey_app.core.collection.serials import new_serials
    from survey_app.core.paths import write_together
    from survey_app.reports.paper import Form, layout_path

    async with opened(settings) as store:
        inspection = await resolve_inspection(store, settings)
        if inspection is None:
            return EXIT_USAGE
        if inspection.closed is not None:
            say_error(
                _("Inspection {id} has closed: its forms can no longer be printed.").format(
                    id=inspection.id
                )
            )
            return EXIT_USAGE
        serials = new_serials(args.copies, await store.paper_serials(inspection.id))
        printed = await asyncio.to_thread(
            Form(questionnaire, inspection, args.lang).render, serials
        )
        # The serials are recorded before the files appear: a copy on paper is always one
        # that entry knows. If the files cannot be written, the run is taken back.
        await store.add_paper_copies(
            inspection.id, serials, args.lang, f"{questionnaire.id}@{questionnaire.version}"
        )
        boxes = layout_path(args.out)
        try:
            write_together([(args.out, printed.pdf), (boxes, printed.layout_json)])
        except OSError as exc:
            await store.remove_paper_copies(inspection.id, serials)
            say_error(_("Could not write {path}: {reason}").format(path=args.out, reason=exc))
            return EXIT_USAGE
        await store.note(
            "paper_printed", f"inspection={inspection.id} copies={args.copies} language={args.lang}"
        )
        issued = await store.paper_copies_issued(inspection.id)
    print(
        ngettext(
            "Written: {path}, {copies} copy of {pages} pages, and {boxes}",
            "Written: {path}, {copies} copies of {pages} pages each, and {boxes}",
            args.copies,
        ).format(path=args.out, copies=args.copies, pages=printed.pages_per_copy, boxes=boxes)
    )
    print(
        ngettext(
            "Inspection {id} has {n} paper copy issued in all.",
            "Inspection {id} has {n} paper copies issued in all.",
            issued,
        ).format(id=inspection.id, n=issued)
    )
    return 0
