"""The `survey-app` command: the app itself and the inspectors' sub-commands."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from survey_app import __version__
from survey_app.core.i18n import _, language_from_env, ngettext, use_language
from survey_app.core.text import display_safe
from survey_app.settings import Settings, SettingsError

# The questionnaire, the database and asyncio are imported by the commands that use them:
# `survey-app anonymise` on one line needs none of them, and they took longer to import
# than the anonymiser itself.
if TYPE_CHECKING:
    from survey_app.core.questionnaire.model import Questionnaire
    from survey_app.core.store.base import Store
    from survey_app.core.store.rows import Inspection

EXIT_USAGE = 2
EXPORT_FORMATS = ("csv", "json", "html", "md")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a date: write it as YYYY-MM-DD").format(value=text)
        ) from None


def _inspection_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not an inspection id: see survey-app inspection list").format(
                value=text
            )
        )
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 1000:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a number of residents from 0 to 1000").format(value=text)
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    # Global options are accepted before or after the sub-command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help=_("SQLite file to use (default: one in your user data folder)"),
    )
    common.add_argument(
        "--inspection",
        type=int,
        default=argparse.SUPPRESS,
        help=_("inspection id (default: the latest)"),
    )
    common.add_argument(
        "--questionnaire",
        type=Path,
        default=argparse.SUPPRESS,
        help=_("questionnaire file (default: the bundled AP residents' survey)"),
    )

    parser = argparse.ArgumentParser(
        prog="survey-app",
        parents=[common],
        description=_("Hear the residents of Approved Premises during an inspection."),
    )
    parser.add_argument("--version", action="version", version=f"survey-app {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser(
        "survey", parents=[common], help=_("a resident answers the survey on this terminal")
    )

    questions = commands.add_parser(
        "questions", parents=[common], help=_("check questionnaire files")
    )
    questions_commands = questions.add_subparsers(
        dest="questions_command", metavar="ACTION", required=True
    )
    check = questions_commands.add_parser("check", help=_("validate questionnaire files"))
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    pot = questions_commands.add_parser(
        "pot", help=_("write the translation template (POT) of a questionnaire")
    )
    pot.add_argument("file", type=Path, metavar="FILE")
    pot.add_argument("--out", type=Path, help=_("file to write (default: standard output)"))
    schema = questions_commands.add_parser(
        "schema", help=_("write the JSON Schema of the questionnaire format")
    )
    schema.add_argument("--out", type=Path, help=_("file to write (default: standard output)"))

    inspection = commands.add_parser(
        "inspection", parents=[common], help=_("create, list and close inspections")
    )
    inspection_commands = inspection.add_subparsers(
        dest="inspection_command", metavar="ACTION", required=True
    )
    create = inspection_commands.add_parser(
        "create", parents=[common], help=_("create an inspection")
    )
    create.add_argument("--premises", required=True, help=_("name of the Approved Premises"))
    create.add_argument("--region", required=True, help=_("probation region"))
    create.add_argument(
        "--start", type=_date, required=True, help=_("first day of fieldwork, YYYY-MM-DD")
    )
    create.add_argument(
        "--end", type=_date, required=True, help=_("last day of fieldwork, YYYY-MM-DD")
    )
    create.add_argument(
        "--language",
        choices=("en", "cy"),
        default="en",
        help=_("language the survey opens in (default: en)"),
    )
    create.add_argument(
        "--residents", type=_positive, required=True, help=_("number of residents at the premises")
    )
    create.add_argument(
        "--contact",
        default="",
        help=_(
            "where residents can write to withdraw their answers (default: the "
            "inspectorate's address)"
        ),
    )
    inspection_commands.add_parser("list", parents=[common], help=_("list inspections"))
    close = inspection_commands.add_parser(
        "close",
        parents=[common],
        help=_("end collection after fieldwork and make the final release for publication"),
    )
    close.add_argument("id", type=_inspection_id, metavar="ID", help=_("the inspection to close"))

    anonymise = commands.add_parser(
        "anonymise", help=_("scrub names and identifiers from text on standard input")
    )
    anonymise.add_argument(
        "--jsonl",
        action="store_true",
        help=_('read JSON lines {"id": ..., "text": ...} and write them back with text scrubbed'),
    )
    anonymise.add_argument(
        "--language",
        choices=("en", "cy"),
        default="en",
        help=_("language of the placeholders, unless a line says its own (default: en)"),
    )

    qr = commands.add_parser(
        "qr",
        parents=[common],
        help=_("make the QR code of the web link for the letter and the leaflet"),
    )
    qr.add_argument("--url", required=True, help=_("the web address the code opens"))
    qr.add_argument("--out", type=Path, required=True, help=_("a .png or .svg file to write"))
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help=_("serve the survey to browsers: the web link and its QR code"),
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help=_("address to listen on (default: 127.0.0.1)")
    )
    serve.add_argument("--port", type=int, default=8000, help=_("port (default: 8000)"))
    serve.add_argument(
        "--public-url",
        default=None,
        help=_("the address residents open, if not http://HOST:PORT (a proxy in front)"),
    )
    serve.add_argument(
        "--max-sessions",
        type=int,
        default=30,
        help=_("most people answering at once; more see a 'busy' page (default: 30)"),
    )
    serve.add_argument(
        "--idle",
        type=float,
        default=600.0,
        help=_(
            "seconds a session may send nothing before it is closed, its answers kept "
            "(default: 600)"
        ),
    )
    # The process behind one browser tab: started by `serve`, never typed. Given no help, it
    # is left out of the command list (help=SUPPRESS would print "==SUPPRESS==" there).
    commands.add_parser("web-session", parents=[common])
    kiosk = commands.add_parser(
        "kiosk",
        parents=[common],
        help=_("the survey locked down on a shared screen, looping from resident to resident"),
    )
    kiosk.add_argument(
        "--idle",
        type=float,
        default=None,
        help=_("seconds of quiet before 'Are you still there?' (default: 120)"),
    )
    commands.add_parser(
        "lead",
        parents=[common],
        help=_("the lead inspector's view: dashboard, quotes, triangulation, ratings"),
    )
    export = commands.add_parser(
        "export",
        parents=[common],
        help=_("write an inspection's anonymised data or its evidence pack to a file"),
    )
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        required=True,
        help=_("csv or json: one row per answer with a codebook; html or md: the evidence pack"),
    )
    export.add_argument("--out", type=Path, required=True, help=_("file to write"))
    export.add_argument(
        "--language",
        choices=("en", "cy"),
        default=None,
        help=_("language of the evidence pack (default: the language you use)"),
    )

    withdraw = commands.add_parser(
        "withdraw", parents=[common], help=_("withdraw a resident's answers with their code")
    )
    withdraw.add_argument("code", help=_("the withdrawal code the resident was given"))
    commands.add_parser(
        "purge",
        parents=[common],
        help=_(
            "after publication: delete an inspection's responses for good, keeping its "
            "releases (counts only) and approved quotes"
        ),
    )
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {
        key: getattr(args, key)
        for key in ("db", "inspection", "questionnaire")
        if hasattr(args, key)
    }
    return Settings.load(overrides)


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["web-parent"]:
        # Started by `serve` with one end of its control socket, never typed: the warm
        # parent that web sessions are forked from (survey_app/web/warm.py). Typed, or
        # given anything but a socket, it is an unknown command like any other.
        from survey_app.web.warm import control_socket, serve_forks

        if (control := control_socket(arguments[1:2])) is not None:
            return serve_forks(control, arguments[2:])
    use_language(language_from_env(dict(os.environ)))
    args = build_parser().parse_args(argv)
    try:
        settings = _settings(args)
    except SettingsError as exc:
        _err(str(exc))
        return EXIT_USAGE
    try:
        return _run(args, settings)
    except Refused:
        return EXIT_USAGE
    except Exception as exc:
        # A StoreError can only come from the store's module, once it has been imported.
        store = sys.modules.get("survey_app.core.storage.database")
        if store is None or not isinstance(exc, store.StoreError):
            raise
        _err(str(exc))
        return EXIT_USAGE


def _run(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command
    if command == "anonymise":
        return anonymise_stream(sys.stdin, sys.stdout, args.jsonl, args.language)
    import asyncio

    from survey_app.core.questionnaire.model import QuestionnaireError, json_schema, load, template

    if command == "questions":
        if args.questions_command == "check":
            return check_questionnaires(args.files)
        if args.questions_command == "pot":
            try:
                text = template(load(args.file, translations=False))
            except QuestionnaireError as exc:
                for problem in exc.problems:
                    _err(str(problem))
                return 1
        else:
            text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    if command == "inspection":
        return asyncio.run(_inspection_command(args, settings))
    if command == "withdraw":
        return asyncio.run(_withdraw(args, settings))
    if command == "purge":
        return asyncio.run(_purge(settings))
    if command == "export":
        return _export(args, settings)
    if command == "lead":
        return run_lead(settings)
    if command == "kiosk":
        return run_kiosk(settings, args.idle)
    if command == "serve":
        return run_serve(settings, args)
    if command == "web-session":
        return run_app(settings, start="survey", mode="web")
    if command == "qr":
        return asyncio.run(_qr(args, settings))
    return run_app(settings, start="survey" if command == "survey" else "home")


def check_questionnaires(files: Sequence[Path]) -> int:
    from survey_app.core.questionnaire.model import QuestionnaireError, load

    failed = 0
    for path in files:
        try:
            questionnaire = load(path)
        except QuestionnaireError as exc:
            failed += 1
            for problem in exc.problems:
                _err(str(problem))
            continue
        print(
            ngettext(
                "{file}: OK, {n} question, version {version}, hash {hash}",
                "{file}: OK, {n} questions, version {version}, hash {hash}",
                len(questionnaire.questions),
            ).format(
                file=path,
                n=len(questionnaire.questions),
                version=questionnaire.version,
                hash=questionnaire.content_hash[:12],
            )
        )
        if questionnaire.fuzzy:
            print(
                ngettext(
                    "{file}: {n} Welsh text is marked fuzzy: a translator has not checked it yet",
                    "{file}: {n} Welsh texts are marked fuzzy: a translator has not checked "
                    "them yet",
                    questionnaire.fuzzy,
                ).format(file=path, n=questionnaire.fuzzy)
            )
    return 1 if failed else 0


class Refused(Exception):
    """The command cannot go on; the reason is already printed."""


def anonymise_stream(source: TextIO, target: TextIO, jsonl: bool, language: str) -> int:
    """Scrub standard input. JSON lines are all checked before any is written: a bad line
    rejects the whole input, naming the line."""
    from survey_app.core.privacy.anonymiser import anonymise

    text = source.read()
    if not jsonl:
        target.write(anonymise(text, language).text)
        return 0
    records: list[dict[str, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            _err(
                _("line {n}: not valid JSON ({reason}); nothing was written").format(
                    n=number, reason=exc.msg
                )
            )
            return 1
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            _err(
                _(
                    'line {n}: each line must be an object with a "text" string; nothing was '
                    "written"
                ).format(n=number)
            )
            return 1
        records.append(record)
    for record in records:
        own = record.get("lang", record.get("language"))
        chosen = own if own in ("en", "cy") else language
        record["text"] = anonymise(str(record["text"]), chosen).text
        target.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


async def _open(settings: Settings) -> Store:
    from survey_app.core.storage.database import StoreError
    from survey_app.core.store.base import Store

    try:
        return await Store.open(settings.db)
    except StoreError as exc:
        _err(str(exc))
    raise Refused


def _describe(inspection: Inspection) -> str:
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


async def _inspection_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.inspection_command == "create":
        if args.end < args.start:
            _err(_("the fieldwork cannot end before it starts: check --start and --end"))
            return EXIT_USAGE
        for flag, value in (("--premises", args.premises), ("--region", args.region)):
            if not value.strip() or len(value) > 200 or not value.isprintable():
                _err(_("{flag} must be printable text of 1 to 200 characters").format(flag=flag))
                return EXIT_USAGE
        if len(args.contact) > 300 or not args.contact.isprintable():
            _err(_("--contact must be printable text of up to 300 characters"))
            return EXIT_USAGE
    store = await _open(settings)
    try:
        if args.inspection_command == "create":
            created = await store.create_inspection(
                args.premises.strip(),
                args.region.strip(),
                args.start,
                args.end,
                args.language,
                args.residents,
                contact=args.contact.strip(),
            )
            print(_describe(created))
        elif args.inspection_command == "close":
            questionnaire = _questionnaire(settings, intro=None)
            if questionnaire is None:
                return EXIT_USAGE
            return await _close(store, settings, args.id, questionnaire)
        else:
            inspections = await store.list_inspections()
            if not inspections:
                print(_("No inspections yet: create one with survey-app inspection create"))
            for each in inspections:
                print(_describe(each))
    finally:
        await store.close()
    return 0


async def _close(
    store: Store, settings: Settings, inspection_id: int, questionnaire: Questionnaire
) -> int:
    from survey_app.core.analysis.aggregates import counted_questions, plan

    counted = counted_questions(questionnaire)
    how = plan(questionnaire)
    inspection = await store.get_inspection(inspection_id)
    if inspection is None:
        _err(
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


async def _purge(settings: Settings) -> int:
    """Retention: the raw responses of a published inspection deleted, after a confirmation
    typed in full (a script can pipe it)."""
    from survey_app.core.storage.database import StoreError

    if settings.inspection is None:
        _err(_("Say which inspection to purge: --inspection ID (see inspection list)"))
        return EXIT_USAGE
    store = await _open(settings)
    try:
        inspection = await _resolve_inspection(store, settings)
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
            _err(
                _(
                    "Inspection {id} is still collecting: close it first (survey-app "
                    "inspection close {id}), then publish, then purge."
                ).format(id=inspection.id)
            )
            return EXIT_USAGE
        _err(
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
            _err(_("Nothing was deleted."))
            return EXIT_USAGE
        try:
            emptied = await store.purge(inspection.id)
        except StoreError as exc:
            _err(str(exc))
            return EXIT_USAGE
        print(_("Inspection {id} is purged.").format(id=inspection.id))
        if not emptied:
            _err(
                _(
                    "{db}: the change is saved, but another program kept the database busy "
                    "and its log could not be emptied. Close the other survey-app windows "
                    "and run the command again."
                ).format(db=settings.db)
            )
            return 1
        return 0
    finally:
        await store.close()


async def _withdraw(args: argparse.Namespace, settings: Settings) -> int:
    store = await _open(settings)
    try:
        # Every inspection of the store: a resident does not know which one their code
        # belongs to, and an earlier inspection's codes work until its report is published.
        outcome = await store.withdraw(args.code)
    finally:
        await store.close()
    if outcome == "withdrawn":
        print(_("Withdrawn: that resident's answers have been deleted."))
        return 0
    if outcome == "already":
        print(_("Already withdrawn: the answers with that code were deleted before."))
        return 0
    _err(_("No response has that code. Check it letter by letter."))
    return 1


def _export(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    questionnaire = _questionnaire(settings, intro=None)
    if questionnaire is None:
        return EXIT_USAGE
    if args.language:
        use_language(args.language)
    if args.out.is_dir():
        _err(_("{path} is a folder: give a file name with --out").format(path=args.out))
        return EXIT_USAGE
    if not args.out.parent.is_dir():
        _err(_("The folder {path} does not exist.").format(path=args.out.parent))
        return EXIT_USAGE
    from survey_app.reports.files import ExportRefused

    try:
        written = asyncio.run(_export_files(args, settings, questionnaire))
    except ExportRefused as exc:
        _err(str(exc))
        return EXIT_USAGE
    except OSError as exc:
        # A full disk, a read-only folder: nothing is in place (see reports/files.py).
        reason = _("the disk is full") if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        _err(_("Nothing was written to {path}: {reason}.").format(path=args.out, reason=reason))
        return 1
    if written is None:
        return EXIT_USAGE
    for path in written:
        print(_("Written: {path}").format(path=path))
    return 0


async def _export_files(
    args: argparse.Namespace, settings: Settings, questionnaire: Questionnaire
) -> list[Path] | None:
    from survey_app.reports.files import export

    store = await _open(settings)
    try:
        inspection = await _resolve_inspection(store, settings)
        if inspection is None:
            return None
        return await export(store, questionnaire, inspection.id, args.format, args.out)
    finally:
        await store.close()


async def _resolve_inspection(store: Store, settings: Settings) -> Inspection | None:
    if settings.inspection is not None:
        inspection = await store.get_inspection(settings.inspection)
        if inspection is None:
            _err(
                _("There is no inspection {id} in {db}: see survey-app inspection list").format(
                    id=settings.inspection, db=settings.db
                )
            )
        return inspection
    inspections = await store.list_inspections()
    return inspections[-1] if inspections else await store.ensure_demo()


async def _prepare(settings: Settings, settle: str | None = None) -> Inspection | None:
    store = await _open(settings)
    try:
        inspection = await _resolve_inspection(store, settings)
        if inspection is not None and settle is not None:
            # Responses this way of answering left in progress when it last stopped (a
            # crash, a power cut): nobody is answering them now, so they count as partial.
            await store.settle_abandoned(inspection.id, settle)
        return inspection
    finally:
        await store.close()


def _questionnaire(settings: Settings, intro: str | None = "app") -> Questionnaire | None:
    """The questionnaire a command works with, or None with its problems said (after a
    line saying the app will not start, for the commands that start one)."""
    from survey_app.core.questionnaire.model import QuestionnaireError, load

    try:
        return load(settings.questionnaire)
    except QuestionnaireError as exc:
        if intro is not None:
            _err(_("The questionnaire has problems, so the app will not start:"))
        for problem in exc.problems:
            _err(str(problem))
        return None


def _ready(
    settings: Settings, settle: str | None = None
) -> tuple[Questionnaire, Inspection] | None:
    """The questionnaire and the inspection an app opens on, or None with the reason said.
    `settle`: the mode whose responses left in progress are now partial (the app starting
    is that mode's only collector: the kiosk, the web link's server)."""
    import asyncio

    questionnaire = _questionnaire(settings)
    if questionnaire is None:
        return None
    inspection = asyncio.run(_prepare(settings, settle))
    return None if inspection is None else (questionnaire, inspection)


async def _qr(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.web.qr import BadURL, check_url, write

    try:
        check_url(args.url)
    except BadURL as exc:
        _err(str(exc))
        return EXIT_USAGE
    if args.out.suffix.lower() not in (".png", ".svg"):
        _err(_("Write the QR code to a .png or .svg file, not {name}").format(name=args.out.name))
        return EXIT_USAGE
    if not args.out.parent.is_dir():
        _err(_("The folder {path} does not exist.").format(path=args.out.parent))
        return EXIT_USAGE
    store = await _open(settings)
    try:
        if await _resolve_inspection(store, settings) is None:
            return EXIT_USAGE
    finally:
        await store.close()
    write(args.url, args.out)
    print(_("Written: {path}").format(path=args.out))
    return 0


def ask_passphrase() -> str | None:
    """The staff passphrase for this kiosk run, typed twice and never echoed."""
    from getpass import getpass

    from survey_app.core.keys.passphrase import MIN_LENGTH

    for _attempt in range(3):
        first = getpass(_("Choose the staff passphrase to close this kiosk: "))
        if len(first) < MIN_LENGTH:
            _err(_("Use at least {n} characters.").format(n=MIN_LENGTH))
            continue
        if getpass(_("The same again: ")) == first:
            return first
        _err(_("The two passphrases differ: type it again."))
    return None


def run_kiosk(settings: Settings, idle: float | None) -> int:
    ready = _ready(settings, settle="kiosk")
    if ready is None:
        return EXIT_USAGE
    questionnaire, inspection = ready
    from survey_app.core.keys.passphrase import StaffLock, hash_passphrase
    from survey_app.ui.kiosk.app import KioskApp

    # A kiosk that stopped without its staff exit (an error, a power cut, the operating
    # system starting it again) opens with the passphrase and the wrong tries it had: a
    # resident at the keyboard must never be asked to choose a new one.
    lock = StaffLock.load(settings.kiosk_state, inspection.id)
    if lock is None:
        try:
            passphrase = ask_passphrase()
        except (EOFError, KeyboardInterrupt):
            passphrase = None
        if passphrase is None:
            _err(_("No passphrase was set, so the kiosk did not start."))
            return EXIT_USAGE
        lock = StaffLock(settings.kiosk_state, inspection.id, hash_passphrase(passphrase))
        del passphrase
        lock.save()
    lockout = lock.lockout()
    crashes: list[float] = []
    while True:
        app = KioskApp(
            questionnaire,
            settings.db,
            inspection.id,
            passphrase_hash=lock.hash,
            idle=idle if idle is not None else settings.kiosk_idle,
            countdown=settings.kiosk_countdown,
            keep_partial=settings.kiosk_keep_partial,
            log=settings.kiosk_log,
            free_text_cap=settings.free_text_cap,
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
            _err(_("The kiosk keeps failing; it has stopped. See the kiosk log."))
            return 1
        # Not a way out: the terminal shows no prompt between two kiosks.
        with contextlib.suppress(KeyboardInterrupt):
            time.sleep(1)


def run_lead(settings: Settings) -> int:
    ready = _ready(settings)
    if ready is None:
        return EXIT_USAGE
    questionnaire, inspection = ready
    from survey_app.core.i18n import current_language
    from survey_app.ui.lead.app import make_lead_app

    app = make_lead_app(questionnaire, settings.db, inspection.id, current_language())
    app.run()
    return app.return_code or 0


def run_serve(settings: Settings, args: argparse.Namespace) -> int:
    from survey_app.web.guard import Limits
    from survey_app.web.qr import BadURL, check_url
    from survey_app.web.server import SurveyServer, session_arguments, session_command

    if not 1 <= args.max_sessions <= 500:
        _err(_("--max-sessions must be from 1 to 500"))
        return EXIT_USAGE
    if not 10 <= args.idle <= 86400:
        _err(_("--idle must be from 10 to 86400 seconds"))
        return EXIT_USAGE
    public_url = args.public_url or f"http://{args.host}:{args.port}"
    try:
        check_url(public_url)
    except BadURL as exc:
        _err(str(exc))
        return EXIT_USAGE
    if settings.inspection is None:
        _err(_("Say which inspection the link is for: --inspection ID (see inspection list)"))
        return EXIT_USAGE
    ready = _ready(settings, settle="web")
    if ready is None:
        return EXIT_USAGE
    _questionnaire, inspection = ready
    where = (settings.db.resolve(), inspection.id, settings.questionnaire.resolve())
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


def run_app(settings: Settings, start: str, mode: str = "self") -> int:
    questionnaire = _questionnaire(settings)
    if questionnaire is None:
        return EXIT_USAGE
    import asyncio

    return asyncio.run(_run_app(settings, questionnaire, start, mode))


async def _run_app(settings: Settings, questionnaire: Questionnaire, start: str, mode: str) -> int:
    """The database is opened once, here, on the loop the app runs on: a file that is
    refused is refused before the terminal is taken over, and the app uses it as it is."""
    from survey_app.ui.app import make_app

    store = await _open(settings)
    try:
        inspection = await _resolve_inspection(store, settings)
        if inspection is None:
            return EXIT_USAGE
        if mode != "web":
            # Responses this way of answering left in progress when it last stopped: nobody
            # is answering them now. A web session is one of many under its server, which
            # settled them when it started.
            await store.settle_abandoned(inspection.id, mode)
        app = make_app(
            questionnaire,
            settings.db,
            inspection.id,
            start="survey" if start == "survey" else "home",
            mode=mode,  # type: ignore[arg-type]
            free_text_cap=settings.free_text_cap,
            opened=store,
        )
        await app.run_async()
        return app.return_code or 0
    finally:
        await store.close()  # the app closes it when it unmounts; this, if it never did
