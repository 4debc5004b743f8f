"""What every command shares: errors said plainly, the database opened once and closed
whatever happens, the inspection and the questionnaire found or refused with a reason."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from survey_app.core.i18n import _, ngettext
from survey_app.core.text import display_safe
from survey_app.settings import Settings

if TYPE_CHECKING:
    from survey_app.core.collection.collector import CollectingDb
    from survey_app.core.collection.inspection import Inspection
    from survey_app.core.questionnaire.model import Questionnaire
    from survey_app.core.store.base import Store


EXIT_USAGE = 2


def say_error(message: str) -> None:
    print(message, file=sys.stderr)


class Refused(Exception):
    """The command cannot go on; the reason is already printed."""


async def open_store(settings: Settings) -> Store:
    from survey_app.core.storage.database import StoreError
    from survey_app.core.store.base import Store

    try:
        return await Store.open(settings.db)
    except StoreError as exc:
        say_error(str(exc))
    raise Refused


@contextlib.asynccontextmanager
async def opened_collecting(settings: Settings) -> AsyncIterator[CollectingDb]:
    """The database as the collecting commands see it: a device's outbox, or the lead's
    store (see `open_collecting`), refused with its reason said, closed whatever happens."""
    from survey_app.core.opening import open_collecting
    from survey_app.core.storage.database import StoreError

    try:
        store = await open_collecting(settings.db)
    except StoreError as exc:
        say_error(str(exc))
        raise Refused from exc
    try:
        yield store
    finally:
        await store.close()


def note_quietly(settings: Settings, event: str, detail: str = "") -> None:
    """An entry in the audit log when the database can take one: said on the way out of a
    program that is stopping because something failed, which must not fail again here."""
    import asyncio

    from survey_app.core.opening import open_collecting

    async def note() -> None:
        store = await open_collecting(settings.db)
        try:
            await store.note(event, detail)
        finally:
            await store.close()

    with contextlib.suppress(Exception):
        asyncio.run(note())


def on_device(settings: Settings) -> bool:
    """The database is a collecting device's outbox (it joined an inspection)."""
    from survey_app.core.storage.database import kind_of

    return kind_of(settings.db) == "device"


@contextlib.asynccontextmanager
async def opened(settings: Settings) -> AsyncIterator[Store]:
    """The database, opened (or refused with its reason said) and closed whatever happens."""
    store = await open_store(settings)
    try:
        yield store
    finally:
        await store.close()


def describe(inspection: Inspection) -> str:
    demo = " " + _("(demo)") if inspection.demo else ""
    return (
        ngettext(
            "{id}: {premises}, {region}, fieldwork {start} to {end}, {language}, "
            "{residents} resident",
            "{id}: {premises}, {region}, fieldwork {start} to {end}, {language}, "
            "{residents} residents",
            inspection.residents,
        ).format(
            id=inspection.id,
            # A hand-edited database can hold anything: never terminal control codes.
            premises=display_safe(inspection.premises),
            region=display_safe(inspection.region),
            start=inspection.fieldwork_start.isoformat(),
            end=inspection.fieldwork_end.isoformat(),
            language=inspection.language,
            residents=inspection.residents,
        )
        + demo
        + (
            ", " + _("closed {day}").format(day=inspection.closed.isoformat())
            if inspection.closed
            else ""
        )
    )


async def resolve_inspection(store: CollectingDb, settings: Settings) -> Inspection | None:
    # A device's outbox is imported only by opening one (survey_app/core/opening.py): if
    # it is not loaded, this is the lead's store, and the lead's start does without it.
    outbox = sys.modules.get("survey_app.core.device.outbox")
    if outbox is not None and isinstance(store, outbox.Outbox):
        from survey_app.core.device.outbox import not_joined

        # a device: the inspection it joined, or none
        found = await store.list_inspections()
        if not found:
            say_error(not_joined(settings.db))
            return None
        if settings.inspection is not None and (
            await store.find_inspection(settings.inspection) is None
        ):
            say_error(
                _("This device collects for inspection {uuid} only.").format(uuid=found[0].uuid)
            )
            return None
        return found[0]
    if settings.inspection is not None:
        inspection = await store.find_inspection(settings.inspection)
        if inspection is None:
            say_error(
                _("There is no inspection {id} in {db}: see survey-app inspection list").format(
                    id=settings.inspection, db=settings.db
                )
            )
        return inspection
    inspections = await store.list_inspections()
    if inspections:
        return inspections[-1]
    from survey_app.core.store.inspections import Inspections

    assert isinstance(store, Inspections)  # the lead's store: on a fresh one, the demo
    return await store.ensure_demo()


async def prepare(settings: Settings, settle: str | None = None) -> Inspection | None:
    async with opened_collecting(settings) as store:
        inspection = await resolve_inspection(store, settings)
        if inspection is not None and settle is not None:
            # Responses this way of answering left in progress when it last stopped (a
            # crash, a power cut): nobody is answering them now, so they count as partial.
            await store.settle_abandoned(inspection.id, settle)
        return inspection


def load_questionnaire(settings: Settings, intro: str | None = "app") -> Questionnaire | None:
    """The questionnaire a command works with, or None with its problems said (after a
    line saying the app will not start, for the commands that start one)."""
    from survey_app.core.questionnaire.model import QuestionnaireError, load

    if on_device(settings):
        return device_questionnaire(settings)
    try:
        return load(settings.questionnaire)
    except QuestionnaireError as exc:
        if intro is not None:
            say_error(_("The questionnaire has problems, so the app will not start:"))
        for problem in exc.problems:
            say_error(str(problem))
        return None


def device_questionnaire(settings: Settings) -> Questionnaire | None:
    """The questionnaire this device joined with (never `--questionnaire`: its answers are
    sealed with that one's hash), or None with the reason said."""
    from survey_app.core.device.outbox import joined_now, not_joined
    from survey_app.core.device.setup import SetupError, questionnaire_of
    from survey_app.core.storage.database import StoreError

    try:
        setup = joined_now(settings.db)
        if setup is None:
            say_error(not_joined(settings.db))
            return None
        return questionnaire_of(setup)
    except (SetupError, StoreError) as exc:
        say_error(str(exc))
        return None


def ready_to_start(
    settings: Settings, settle: str | None = None
) -> tuple[Questionnaire, Inspection] | None:
    """The questionnaire and the inspection an app opens on, or None with the reason said.
    `settle`: the mode whose responses left in progress are now partial (the app starting
    is that mode's only collector: the kiosk, the web link's server)."""
    import asyncio

    questionnaire = load_questionnaire(settings)
    if questionnaire is None:
        return None
    inspection = asyncio.run(prepare(settings, settle))
    return None if inspection is None else (questionnaire, inspection)


def ask_passphrase(prompt: str) -> str | None:
    """A new passphrase, typed twice and never echoed (None: not given in three tries)."""
    from getpass import getpass

    from survey_app.core.keys.passphrase import MIN_LENGTH

    for _attempt in range(3):
        first = getpass(prompt)
        if len(first) < MIN_LENGTH:
            say_error(_("Use at least {n} characters.").format(n=MIN_LENGTH))
            continue
        if getpass(_("The same again: ")) == first:
            return first
        say_error(_("The two passphrases differ: type it again."))
    return None
