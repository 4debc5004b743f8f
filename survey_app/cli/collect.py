"""The commands that collect answers: the app at a terminal (home, `survey`), the kiosk,
the web link's server (`serve`, its sessions) and its QR code."""

from __future__ import annotations

import argparse
import contextlib
import time
from typing import TYPE_CHECKING

from survey_app.cli.common import (
    EXIT_USAGE,
    ask_passphrase,
    load_questionnaire,
    note_quietly,
    on_device,
    opened_collecting,
    ready_to_start,
    resolve_inspection,
    say_error,
)
from survey_app.core.i18n import _
from survey_app.settings import Settings

if TYPE_CHECKING:
    from survey_app.core.questionnaire.model import Questionnaire


async def qr(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.web.qr import BadURL, check_url, write

    try:
        check_url(args.url)
    except BadURL as exc:
        say_error(str(exc))
        return EXIT_USAGE
    if args.out.suffix.lower() not in (".png", ".svg"):
        say_error(
            _("Write the QR code to a .png or .svg file, not {name}").format(name=args.out.name)
        )
        return EXIT_USAGE
    if not args.out.parent.is_dir():
        say_error(_("The folder {path} does not exist.").format(path=args.out.parent))
        return EXIT_USAGE
    async with opened_collecting(settings) as store:
        if await resolve_inspection(store, settings) is None:
            return EXIT_USAGE
    write(args.url, args.out)
    print(_("Written: {path}").format(path=args.out))
    return 0


def run_kiosk(settings: Settings, idle: float | None) -> int:
    ready = ready_to_start(settings, settle="kiosk")
    if ready is None:
        return EXIT_USAGE
    questionnaire, inspection = ready
    from survey_app.core.keys.passphrase import StaffLock, hash_passphrase
    from survey_app.ui.factory import make_app

    # A kiosk that stopped without its staff exit (an error, a power cut, the operating
    # system starting it again) opens with the passphrase and the wrong tries it had: a
    # resident at the keyboard must never be asked to choose a new one.
    lock = StaffLock.load(settings.kiosk_state, inspection.id)
    if lock is None:
        try:
            passphrase = ask_passphrase(_("Choose the staff passphrase to close this kiosk: "))
        except (EOFError, KeyboardInterrupt):
            passphrase = None
        if passphrase is None:
            say_error(_("No passphrase was set, so the kiosk did not start."))
            return EXIT_USAGE
        lock = StaffLock(settings.kiosk_state, inspection.id, hash_passphrase(passphrase))
        del passphrase
        lock.save()
    lockout = lock.lockout()
    crashes: list[float] = []
    while True:
        app = make_app(
            "kiosk",
            settings,
            questionnaire,
            inspection_id=inspection.id,
            passphrase_hash=lock.hash,
            idle=idle,
            lockout=lockout,
        )
        try:
            app.run()
        except KeyboardInterrupt:
            # ctrl+c in the instant between two kiosks, while the terminal is not the app's:
            # start again rather than leave a prompt.
            app.crashed = True
        if not app.crashed:  # the staff exit
            lock.clear()
            return 0
        # An internal error: a fresh kiosk at welcome, the same staff passphrase; unless it
        # keeps failing at once (a broken database, a full disk), which a restart won't fix.
        now = time.monotonic()
        crashes = [t for t in crashes if now - t < 60] + [now]
        if len(crashes) >= 5:
            say_error(_("The kiosk keeps failing; it has stopped. See the kiosk log."))
            note_quietly(settings, "kiosk_exit", "failing")
            return 1
        # Not a way out: the terminal shows no prompt between two kiosks.
        with contextlib.suppress(KeyboardInterrupt):
            time.sleep(1)


def run_serve(settings: Settings, args: argparse.Namespace) -> int:
    from survey_app.web.guard import Limits
    from survey_app.web.qr import BadURL, check_url
    from survey_app.web.server import SurveyServer, session_arguments, session_command

    if not 1 <= args.max_sessions <= 500:
        say_error(_("--max-sessions must be from 1 to 500"))
        return EXIT_USAGE
    if not 10 <= args.idle <= 86400:
        say_error(_("--idle must be from 10 to 86400 seconds"))
        return EXIT_USAGE
    public_url = args.public_url or f"http://{args.host}:{args.port}"
    try:
        check_url(public_url)
    except BadURL as exc:
        say_error(str(exc))
        return EXIT_USAGE
    if settings.inspection is None and not on_device(settings):
        say_error(_("Say which inspection the link is for: --inspection ID (see inspection list)"))
        return EXIT_USAGE
    ready = ready_to_start(settings, settle="web")
    if ready is None:
        return EXIT_USAGE
    questionnaire, inspection = ready
    # On a device, the questionnaire it joined with (kept in its cache), whatever was given.
    where = (settings.db.resolve(), inspection.id, questionnaire.path.resolve())
    server = SurveyServer(
        session_command(*where),
        host=args.host,
        port=args.port,
        public_url=public_url,
        limits=Limits(max_sessions=args.max_sessions, idle=args.idle),
        session_argv=session_arguments(*where),
    )
    server.serve()
    return 0


def run_app(settings: Settings, role: str) -> int:
    questionnaire = load_questionnaire(settings)
    if questionnaire is None:
        return EXIT_USAGE
    import asyncio

    return asyncio.run(_run_app(settings, questionnaire, role))


async def _run_app(settings: Settings, questionnaire: Questionnaire, role: str) -> int:
    """The database is opened once, here, on the loop the app runs on: a file that is
    refused is refused before the terminal is taken over, and the app uses it as it is.
    From the home screen the lead's view is another app, started once the resident app
    has closed, and the home screen comes back when the lead leaves."""
    from survey_app.core.i18n import current_language
    from survey_app.core.keys.passphrase import Lockout
    from survey_app.ui.factory import make_app

    lockout = Lockout()  # the lead's door: shared by every opening in this run
    settle = role != "web"
    if role == "home" and on_device(settings):
        role = "survey"  # a collecting device has no lead's view to choose
    while True:
        # The app closes the store when it unmounts; this, if it never did.
        async with opened_collecting(settings) as store:
            inspection = await resolve_inspection(store, settings)
            if inspection is None:
                return EXIT_USAGE
            if settle:
                # Responses this way of answering left in progress when it last stopped:
                # nobody is answering them now. A web session is one of many under its
                # server, which settled them when it started.
                await store.settle_abandoned(inspection.id, "self")
                settle = False
            app = make_app(
                "web" if role == "web" else "survey" if role == "survey" else "home",
                settings,
                questionnaire,
                inspection_id=inspection.id,
                opened=store,
            )
            await app.run_async()
        if app.next_role != "lead":
            return app.return_code or 0
        lead = make_app(
            "lead",
            settings,
            questionnaire,
            inspection_id=inspection.id,
            lockout=lockout,
            language=current_language(),
            from_home=True,
        )
        await lead.run_async()


def run_interview(settings: Settings, paused_days: int | None = None) -> int:
    """`survey-app interview`: on an inspector's laptop (a device that joined, or the
    lead's own store), the inspector's screen in the language of the command line.
    `paused_days`: a paused interview older than this is settled as partial (None: any,
    once fieldwork has ended)."""
    import asyncio
    import datetime as dt

    from survey_app.core.collection.pause import settle_stale
    from survey_app.core.i18n import current_language
    from survey_app.ui.factory import make_app

    questionnaire = load_questionnaire(settings)
    if questionnaire is None:
        return EXIT_USAGE

    async def interview() -> int:
        async with opened_collecting(settings) as store:
            inspection = await resolve_inspection(store, settings)
            if inspection is None:
                return EXIT_USAGE
            # Interviews this laptop left in progress when it last stopped (a crash, a
            # flat battery) are partial now: no one is running them, and a device sends
            # only settled responses. One paused on purpose waits, up to its limit.
            await settle_stale(store, dt.date.today(), inspection.fieldwork_end, paused_days)
            await store.settle_abandoned(inspection.id, "interview")
            app = make_app(
                "interview",
                settings,
                questionnaire,
                inspection_id=inspection.id,
                opened=store,
                language=current_language(),
            )
            await app.run_async()
            return app.return_code or 0

    return asyncio.run(interview())


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    command = args.command
    if command == "interview":
        return run_interview(settings, args.paused_days)
    if command == "kiosk":
        return run_kiosk(settings, args.idle)
    if command == "serve":
        return run_serve(settings, args)
    if command == "qr":
        return asyncio.run(qr(args, settings))
    if command == "web-session":
        return run_app(settings, "web")
    return run_app(settings, "survey" if command == "survey" else "home")
