"""`survey-app alerts list|show|update|purge`: the lead follows up the alerts raised in
interviews (the manual's 4.7), behind the lead's passphrase.

An alert's words open only with the inspection's private key; the list, each alert and
each step are shown here and nowhere else (no export, release or pack holds them). What is
typed for a step (what was asked, what the AP or probation service did, the evidence) is
sealed before it is written. Text from an alert is shown with control characters made
visible: it was typed on another machine.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from survey_app.cli.common import EXIT_USAGE, opened, resolve_inspection, say_error
from survey_app.core.i18n import _, ngettext
from survey_app.settings import Settings

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from survey_app.core.collection.inspection import Inspection
    from survey_app.core.store.alerts import StoredAlert
    from survey_app.core.store.base import Store

NOTE_LIMIT = 4000


def _safe(text: str) -> str:
    from survey_app.core.text import display_safe

    return display_safe(text)


async def _inspection(store: Store, settings: Settings) -> Inspection | None:
    if settings.inspection is None:
        say_error(_("Say which inspection: --inspection ID (see survey-app inspection list)"))
        return None
    return await resolve_inspection(store, settings)


async def _key(store: Store, inspection: Inspection, from_stdin: bool) -> X25519PrivateKey | None:
    from survey_app.cli.keys import lead_passphrase
    from survey_app.core.keys.sealing import WrongPassphrase, unlock

    protected = await store.protected_private_key(inspection.id)
    if protected is None:
        say_error(_("Inspection {id} has no key, so it has no alerts.").format(id=inspection.id))
        return None
    passphrase = await lead_passphrase(store, from_stdin=from_stdin)
    if passphrase is None:
        return None
    try:
        return await asyncio.to_thread(unlock, protected, passphrase)
    except WrongPassphrase:
        say_error(
            _("The lead's passphrase does not unlock inspection {id}'s key.").format(
                id=inspection.id
            )
        )
        return None


def _kind(key: X25519PrivateKey, inspection: Inspection, alert: StoredAlert) -> str:
    from survey_app.core.safeguarding.alerts import KINDS, AlertError, open_alert

    try:
        opened_alert = open_alert(key, inspection.uuid, alert.id, alert.sealed)
    except AlertError:
        return _("(does not open: changed on disk)")
    return _(KINDS[opened_alert.kind])


def _status(status: str) -> str:
    from survey_app.core.safeguarding.alerts import STATUSES

    return _(STATUSES[status])


async def list_alerts(args: argparse.Namespace, settings: Settings) -> int:
    async with opened(settings) as store:
        inspection = await _inspection(store, settings)
        if inspection is None:
            return EXIT_USAGE
        found = await store.alerts(inspection.id)
        if not found:
            print(_("Inspection {id} has no alerts.").format(id=inspection.id))
            return 0
        key = await _key(store, inspection, args.passphrase_stdin)
        if key is None:
            return EXIT_USAGE
    print(ngettext("{n} alert:", "{n} alerts:", len(found)).format(n=len(found)))
    for alert in found:
        print(
            _("{n}. {kind}: {status} since {day} (came {received})").format(
                n=alert.number,
                kind=_kind(key, inspection, alert),
                status=_status(alert.status),
                day=alert.status_day.isoformat(),
                received=alert.received_day.isoformat(),
            )
        )
    return 0


async def _one(
    args: argparse.Namespace, settings: Settings, store: Store
) -> tuple[Inspection, StoredAlert, X25519PrivateKey] | None:
    inspection = await _inspection(store, settings)
    if inspection is None:
        return None
    found = {a.number: a for a in await store.alerts(inspection.id)}
    alert = found.get(args.number)
    if alert is None:
        say_error(
            _("Inspection {id} has no alert {n}: see survey-app alerts list").format(
                id=inspection.id, n=args.number
            )
        )
        return None
    key = await _key(store, inspection, args.passphrase_stdin)
    return None if key is None else (inspection, alert, key)


async def show(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.core.safeguarding.alerts import (
        KINDS,
        QUESTIONS,
        AlertError,
        open_alert,
        open_step,
    )

    async with opened(settings) as store:
        found = await _one(args, settings, store)
    if found is None:
        return EXIT_USAGE
    inspection, alert, key = found
    try:
        opened_alert = open_alert(key, inspection.uuid, alert.id, alert.sealed)
    except AlertError:
        say_error(_("Alert {n} does not open: it was changed on disk.").format(n=alert.number))
        return 1
    print(_("Alert {n}: {kind}").format(n=alert.number, kind=_(KINDS[opened_alert.kind])))
    print(_("Came on {day}; {status} since {since}.").format(
        day=alert.received_day.isoformat(), status=_status(alert.status),
        since=alert.status_day.isoformat()))  # fmt: skip
    for name, question in QUESTIONS.items():
        print(f"\n{_(question)}\n  {_safe(getattr(opened_alert, name)) or '-'}")
    for seq, status, day, sealed in alert.steps:
        try:
            step = open_step(key, inspection.uuid, alert.id, seq, sealed)
        except AlertError:
            print(f"\n{day.isoformat()} {_status(status)}: " + _("(does not open)"))
            continue
        print(f"\n{day.isoformat()} {_status(status)}")
        if step.note:
            print("  " + _("What was asked or done: {text}").format(text=_safe(step.note)))
        if step.evidence:
            print("  " + _("Evidence: {text}").format(text=_safe(step.evidence)))
        if step.escalated:
            print("  " + _("Escalated to an executive director."))
        if step.in_report:
            print("  " + _("The published report describes that this alert was raised."))
    return 0


def _typed(label: str) -> str:
    """A line typed at the terminal, or nothing when standard input is not one (a script
    gives its words with --note and --evidence)."""
    if not sys.stdin.isatty():
        return ""
    try:
        return input(label)[:NOTE_LIMIT]
    except (EOFError, KeyboardInterrupt):
        return ""


async def update(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.core.safeguarding.alerts import NEXT, Step
    from survey_app.core.storage.database import StoreError

    async with opened(settings) as store:
        found = await _one(args, settings, store)
        if found is None:
            return EXIT_USAGE
        inspection, alert = found[0], found[1]
        if args.status not in NEXT[alert.status]:
            allowed = ", ".join(NEXT[alert.status]) or _("none: it is closed")
            say_error(
                _("Alert {n} is {status}; it can go to: {allowed}.").format(
                    n=alert.number, status=_status(alert.status), allowed=allowed
                )
            )
            return EXIT_USAGE
        note = args.note if args.note is not None else _typed(
            _("What was asked, or what the AP or probation service did: "))  # fmt: skip
        evidence = args.evidence if args.evidence is not None else _typed(
            _("The evidence that it was done (if any): "))  # fmt: skip
        if len(note) > NOTE_LIMIT or len(evidence) > NOTE_LIMIT:
            say_error(_("Keep each part under {n} characters.").format(n=NOTE_LIMIT))
            return EXIT_USAGE
        step = Step(args.status, note, evidence, args.escalated, args.in_report)
        try:
            await store.add_step(inspection.id, alert, step)
        except StoreError as exc:
            say_error(str(exc))
            return 1
    print(
        _("Alert {n} is now: {status}. The change and its day are in the audit log; the words "
          "are sealed.").format(n=alert.number, status=_status(args.status))
    )  # fmt: skip
    return 0


async def purge(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.cli.keys import lead_passphrase

    async with opened(settings) as store:
        inspection = await _inspection(store, settings)
        if inspection is None:
            return EXIT_USAGE
        # Only the lead removes the inspectorate's record that it acted.
        if await lead_passphrase(store, from_stdin=args.passphrase_stdin) is None:
            return EXIT_USAGE
        removed = await store.purge_alerts(inspection.id, args.older_than)
    print(
        ngettext("{n} closed alert removed.", "{n} closed alerts removed.", removed).format(
            n=removed
        )
    )
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    action = {"list": list_alerts, "show": show, "update": update, "purge": purge}
    return asyncio.run(action[args.alerts_command](args, settings))
