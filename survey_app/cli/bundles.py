"""`survey-app bundle export|import`: sealed answers carried from devices to the lead.

`export` runs on a collecting device and can only copy what it holds, still sealed.
`import` runs on the lead's machine: the lead's passphrase unlocks the inspection's
private key, every record is opened and checked, then each bundle is merged whole, with a
receipt in counts."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from survey_app.cli.common import EXIT_USAGE, opened, say_error
from survey_app.core.i18n import _, ngettext
from survey_app.settings import Settings


class Progress:
    """A progress line on the terminal (redrawn in place), or nothing when standard error
    is a file: a script's log gets the receipt, not a hundred redraws."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = False
        self.live = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.live or total < 200:
            return
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total}")
        sys.stderr.flush()
        self.shown = True

    def end(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


async def export(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.core.device.bundle import encode_bundle
    from survey_app.core.device.outbox import Outbox, not_joined
    from survey_app.core.paths import write_together
    from survey_app.core.storage.database import kind_of

    if kind_of(settings.db) != "device":
        say_error(not_joined(settings.db))
        say_error(_("survey-app bundle export runs on a collecting device."))
        return EXIT_USAGE
    if args.out.is_dir() or not args.out.parent.is_dir():
        say_error(_("Give the path of a file in a folder that exists with --out."))
        return EXIT_USAGE
    outbox = await Outbox.open(settings.db)
    try:
        setup = await outbox.joined()
        if setup is None:
            say_error(not_joined(settings.db))
            return EXIT_USAGE
        pending = await outbox.pending(everything=args.all)
        alerts = await outbox.pending_alerts(everything=args.all)
        if not pending and not alerts:
            print(_("No responses wait for a bundle: nothing was written."))
            return 0
        data = encode_bundle(setup.uuid, setup.questionnaire_hash, pending, alerts)
        write_together([(args.out, data)])
        # Marked only once the file is on disk: a bundle that failed to write leaves them
        # waiting for the next one.
        await outbox.mark_exported(pending, alerts)
    finally:
        await outbox.close()
    print(
        ngettext(
            "Written: {path}, {n} response, sealed (only the lead's machine can open it).",
            "Written: {path}, {n} responses, sealed (only the lead's machine can open them).",
            len(pending),
        ).format(path=args.out, n=len(pending))
    )
    if alerts:
        print(
            ngettext(
                "It carries {n} alert, sealed apart from the responses: tell the lead "
                "inspector it is coming.",
                "It carries {n} alerts, sealed apart from the responses: tell the lead "
                "inspector they are coming.",
                len(alerts),
            ).format(n=len(alerts))
        )
    return 0


async def import_files(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.cli.keys import lead_passphrase
    from survey_app.core.device.bundle import Bundle, BundleError, read_bundle
    from survey_app.core.keys.sealing import WrongPassphrase, unlock
    from survey_app.core.storage.database import SurveyClosed
    from survey_app.core.store.imports import Receipt, open_alerts, open_bundle

    # Every file is read and checked before the passphrase is asked: a file that is no
    # bundle is said at once.
    bundles: list[tuple[Path, Bundle]] = []
    refused = 0
    for path in args.files:
        try:
            bundles.append((path, read_bundle(path)))
        except BundleError as exc:
            say_error(_("Refused: {reason}").format(reason=exc))
            refused += 1
    if not bundles:
        return 1
    total = Receipt()
    async with opened(settings) as store:
        passphrase = await lead_passphrase(store, from_stdin=args.passphrase_stdin)
        if passphrase is None:
            say_error(_("Nothing was imported."))
            return EXIT_USAGE
        keys = {}
        for path, bundle in bundles:
            inspection = await store.find_inspection(bundle.inspection)
            if inspection is None:
                say_error(
                    _("Refused: {path} is for inspection {uuid}, which is not in {db}: nothing "
                      "was imported from it.").format(path=path, uuid=bundle.inspection,
                                                      db=settings.db)
                )  # fmt: skip
                refused += 1
                continue
            if inspection.id not in keys:
                protected = await store.protected_private_key(inspection.id)
                if protected is None:
                    say_error(
                        _(
                            "Refused: inspection {id} has no key, so no device sealed {path} "
                            "to it: nothing was imported from it."
                        ).format(id=inspection.id, path=path)
                    )
                    refused += 1
                    continue
                try:
                    keys[inspection.id] = await asyncio.to_thread(unlock, protected, passphrase)
                except WrongPassphrase:
                    say_error(_("The lead's passphrase does not unlock inspection {id}'s key.")
                              .format(id=inspection.id))  # fmt: skip
                    refused += 1
                    continue
            progress = Progress(str(path.name))
            try:
                opened_responses = await asyncio.to_thread(
                    open_bundle, bundle, inspection, keys[inspection.id], progress
                )
                alerts = await asyncio.to_thread(
                    open_alerts, bundle, inspection, keys[inspection.id]
                )
            except BundleError as exc:
                progress.end()
                say_error(_("Refused: {path}: {reason}").format(path=path, reason=exc))
                refused += 1
                continue
            progress.end()
            if inspection.closed is not None:
                # The bundle was opened whole, so every alert in it is known sound: the
                # alerts are kept (the alert process does not stop when the counts do),
                # the responses are not.
                await store.receive_alerts(inspection.id, [(a.id, a.sealed) for a in alerts])
                say_error(
                    _(
                        "Refused: inspection {id} closed on {day}: its final release is made, "
                        "so {path} was not imported."
                    ).format(id=inspection.id, day=inspection.closed.isoformat(), path=path)
                )
                if alerts:
                    print(
                        ngettext(
                            "{path}: its {n} alert was kept all the same: "
                            "survey-app alerts list --inspection {id}",
                            "{path}: its {n} alerts were kept all the same: "
                            "survey-app alerts list --inspection {id}",
                            len(alerts),
                        ).format(path=path, n=len(alerts), id=inspection.id)
                    )
                refused += 1
                continue
            try:
                receipt = await store.merge(inspection.id, bundle.id, opened_responses, alerts)
            except SurveyClosed:
                await store.receive_alerts(inspection.id, [(a.id, a.sealed) for a in alerts])
                say_error(_("Refused: the inspection closed meanwhile: {path} was not imported.")
                          .format(path=path))  # fmt: skip
                refused += 1
                continue
            total.add(receipt)
            print(f"{path}: {describe_receipt(receipt)}")
    if len(bundles) > 1:
        print(_("In all: {receipt}").format(receipt=describe_receipt(total)))
    if refused:
        print(ngettext("{n} file refused.", "{n} files refused.", refused).format(n=refused))
        return 1
    return 0


def describe_receipt(receipt: object) -> str:
    from survey_app.core.store.imports import Receipt

    assert isinstance(receipt, Receipt)
    text = _(
        "{new} new, {updated} updated, {unchanged} unchanged, {conflicts} in conflict, "
        "{withdrawn} withdrawn and kept out"
    ).format(
        new=receipt.new,
        updated=receipt.updated,
        unchanged=receipt.unchanged,
        conflicts=receipt.conflicts,
        withdrawn=receipt.withdrawn,
    )
    if receipt.alerts:
        text += "; " + ngettext(
            "{n} new alert (survey-app alerts list)",
            "{n} new alerts (survey-app alerts list)",
            receipt.alerts,
        ).format(n=receipt.alerts)
    if receipt.keyings:
        text += "; " + ngettext(
            "{n} paper form keyed (survey-app entry compares the keyings)",
            "{n} paper forms keyed (survey-app entry compares the keyings)",
            receipt.keyings,
        ).format(n=receipt.keyings)
    if receipt.keyings_left:
        text += "; " + ngettext(
            "{n} keying not used (its form was not printed for this inspection, was typed "
            "in already or keyed twice already, or its keying was not finished)",
            "{n} keyings not used (their forms were not printed for this inspection, were "
            "typed in already or keyed twice already, or their keyings were not finished)",
            receipt.keyings_left,
        ).format(n=receipt.keyings_left)
    if receipt.seen_before:
        text += " " + _("(this bundle was imported before)")
    return text


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.bundle_command == "export":
        return asyncio.run(export(args, settings))
    return asyncio.run(import_files(args, settings))
