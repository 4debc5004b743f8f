"""The command line's words: every command, flag and what each takes."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from survey_app import __version__
from survey_app.core.i18n import _

if TYPE_CHECKING:
    pass


EXPORT_FORMATS = ("csv", "json", "html", "md")


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a date: write it as YYYY-MM-DD").format(value=text)
        ) from None


def inspection_reference(text: str) -> int | str:
    from survey_app.core.collection.inspection import parse_reference

    try:
        return parse_reference(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _(
                "{value!r} is neither an inspection's number nor its UUID: see survey-app "
                "inspection list"
            ).format(value=text)
        ) from None


def _whole(text: str, low: int, high: int, message: str) -> int:
    """`text` as a whole number from `low` to `high`, or argparse's error with `message`
    (formatted with the text as given)."""
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(message.format(value=text))
    return value


def inspection_number(text: str) -> int:
    return _whole(text, 1, 2**62, _("{value!r} is not an inspection id: see survey-app "
                                    "inspection list"))  # fmt: skip


def residents_number(text: str) -> int:
    return _whole(text, 0, 1000, _("{value!r} is not a number of residents from 0 to 1000"))


MAX_COPIES = 500
"""Copies in one print run: an AP has at most a few dozen residents."""


def copies_number(text: str) -> int:
    return _whole(text, 1, MAX_COPIES, _("{value!r} is not a number of copies from 1 to 500"))


def days_number(text: str) -> int:
    return _whole(text, 0, 36500, _("{value!r} is not a number of days from 0 to 36500"))


def alert_number(text: str) -> int:
    return _whole(text, 1, 100_000, _("{value!r} is not an alert's number: see survey-app "
                                      "alerts list"))  # fmt: skip


def passphrase_stdin(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help=_("read the lead's passphrase from the first line of standard input (for scripts)"),
    )


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
        type=inspection_reference,
        default=argparse.SUPPRESS,
        help=_("the inspection: its number here or its UUID (default: the latest)"),
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
        "--start", type=iso_date, required=True, help=_("first day of fieldwork, YYYY-MM-DD")
    )
    create.add_argument(
        "--end", type=iso_date, required=True, help=_("last day of fieldwork, YYYY-MM-DD")
    )
    create.add_argument(
        "--language",
        choices=("en", "cy"),
        default="en",
        help=_("language the survey opens in (default: en)"),
    )
    create.add_argument(
        "--residents",
        type=residents_number,
        required=True,
        help=_("number of residents at the premises"),
    )
    create.add_argument(
        "--contact",
        default="",
        help=_(
            "where residents can write to withdraw their answers (default: the "
            "inspectorate's address)"
        ),
    )
    passphrase_stdin(create)
    inspection_commands.add_parser("list", parents=[common], help=_("list inspections"))
    close = inspection_commands.add_parser(
        "close",
        parents=[common],
        help=_("end collection after fieldwork and make the final release for publication"),
    )
    close.add_argument(
        "id", type=inspection_number, metavar="ID", help=_("the inspection to close")
    )

    setup_file = inspection_commands.add_parser(
        "setup-file",
        parents=[common],
        help=_(
            "write what a collecting device needs to join the inspection (no secret): the "
            "questionnaire, the public key, the inspection's UUID, premises and dates"
        ),
    )
    setup_file.add_argument("--out", type=Path, required=True, help=_("file to write"))
    passphrase_stdin(setup_file)

    device = commands.add_parser(
        "device",
        parents=[common],
        help=_("make this machine a collecting device for an inspection, and see its state"),
    )
    device_commands = device.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    join = device_commands.add_parser(
        "join",
        parents=[common],
        help=_("join the inspection of a setup file: answers here are then sealed to its key"),
    )
    join.add_argument("file", type=Path, metavar="FILE", help=_("the setup file from the lead"))
    device_commands.add_parser(
        "status",
        parents=[common],
        help=_("the inspection this device joined, and how many responses wait for a bundle"),
    )

    bundle = commands.add_parser(
        "bundle",
        parents=[common],
        help=_("carry sealed answers from a collecting device to the lead's machine"),
    )
    bundle_commands = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    bundle_export = bundle_commands.add_parser(
        "export",
        parents=[common],
        help=_("on a device: write the responses not yet exported to a bundle file"),
    )
    bundle_export.add_argument("--out", type=Path, required=True, help=_("file to write"))
    bundle_export.add_argument(
        "--all",
        action="store_true",
        help=_("every settled response, exported before or not (the lead's import is unchanged)"),
    )
    bundle_import = bundle_commands.add_parser(
        "import",
        parents=[common],
        help=_("on the lead's machine: open bundles with the lead's passphrase and merge them"),
    )
    bundle_import.add_argument(
        "files", type=Path, nargs="+", metavar="FILE", help=_("bundle files from devices")
    )
    passphrase_stdin(bundle_import)

    audit = commands.add_parser(
        "audit",
        parents=[common],
        help=_("check and export the database's audit log (what happened and the day)"),
    )
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_verify = audit_commands.add_parser(
        "verify",
        parents=[common],
        help=_("check that no entry of the audit log was edited, removed or moved"),
    )
    audit_verify.add_argument(
        "--against",
        type=Path,
        metavar="FILE",
        help=_("an earlier audit export, which the log must still begin with exactly"),
    )
    audit_export = audit_commands.add_parser(
        "export", parents=[common], help=_("write the whole audit log to a JSON file")
    )
    audit_export.add_argument("--out", type=Path, required=True, help=_("file to write"))

    alerts = commands.add_parser(
        "alerts",
        parents=[common],
        help=_(
            "on the lead's machine: the alerts raised in interviews, and their follow-up "
            "(behind the lead's passphrase)"
        ),
    )
    alerts_commands = alerts.add_subparsers(dest="alerts_command", metavar="ACTION", required=True)
    alerts_list = alerts_commands.add_parser(
        "list", parents=[common], help=_("list an inspection's alerts and where each stands")
    )
    passphrase_stdin(alerts_list)
    alerts_show = alerts_commands.add_parser(
        "show", parents=[common], help=_("show one alert, all it says, and every step taken")
    )
    alerts_update = alerts_commands.add_parser(
        "update", parents=[common], help=_("record the next step in following an alert up")
    )
    for command in (alerts_show, alerts_update):
        command.add_argument(
            "number", type=alert_number, metavar="N", help=_("the alert's number in the list")
        )
        passphrase_stdin(command)
    alerts_update.add_argument(
        "--status",
        required=True,
        choices=("action_requested", "assurance_received", "closed"),
        help=_("where the alert now stands"),
    )
    alerts_update.add_argument(
        "--note",
        help=_(
            "what was asked, or what the AP or probation service did (asked for at the "
            "terminal when not given)"
        ),
    )
    alerts_update.add_argument(
        "--evidence", help=_("the evidence that it was done (asked for when not given)")
    )
    alerts_update.add_argument(
        "--escalated",
        action="store_true",
        help=_("an organisational alert taken to an executive director"),
    )
    alerts_update.add_argument(
        "--in-report",
        action="store_true",
        help=_("the published report must describe that this organisational alert was raised"),
    )
    alerts_purge = alerts_commands.add_parser(
        "purge", parents=[common], help=_("remove alerts that closed long enough ago")
    )
    alerts_purge.add_argument(
        "--older-than",
        type=days_number,
        default=730,
        metavar="DAYS",
        help=_("days since an alert closed (default: 730)"),
    )
    passphrase_stdin(alerts_purge)

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
    paper = commands.add_parser(
        "paper",
        parents=[common],
        help=_("print the paper form: an A4 PDF, each copy with its own serial and QR codes"),
    )
    paper.add_argument(
        "--copies",
        type=copies_number,
        required=True,
        help=_("how many copies, each with its own random serial (1 to {most})").format(
            most=MAX_COPIES
        ),
    )
    paper.add_argument(
        "--lang",
        choices=("en", "cy", "both"),
        default="both",
        help=_("English, Welsh, or both side by side, Welsh on the left (default: both)"),
    )
    paper.add_argument(
        "--out",
        type=Path,
        required=True,
        help=_("the PDF file to write; the boxes' positions go beside it, in FILE.boxes.json"),
    )
    entry = commands.add_parser(
        "entry",
        parents=[common],
        help=_("type in the paper forms that came back, checked by double entry"),
    )
    entry.add_argument(
        "--double-entry",
        choices=("on", "off"),
        default=None,
        help=_(
            "turn double entry on or off for the inspection: a second inspector types "
            "each form again, blind (default: as set, on unless turned off)"
        ),
    )
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
    interview = commands.add_parser(
        "interview",
        parents=[common],
        help=_(
            "an inspector reads the survey to a resident and records the answers (your "
            "screen in your language, the words to read in the resident's)"
        ),
    )
    interview.add_argument(
        "--paused-days",
        type=days_number,
        default=None,
        metavar="DAYS",
        help=_(
            "a paused interview older than DAYS days is kept as partial and can no longer "
            "be taken up (default: once fieldwork has ended)"
        ),
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
