"""The `survey-app` command: the app itself and the inspectors' sub-commands, one module
per group (the questionnaire, the database and asyncio are imported by the commands that
use them: `survey-app anonymise` on one line needs none of them)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from survey_app.cli.common import EXIT_USAGE, Refused, say_error
from survey_app.cli.parser import build_parser
from survey_app.core.i18n import language_from_env, use_language
from survey_app.settings import Settings, SettingsError


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {
        key: getattr(args, key)
        for key in ("db", "inspection", "questionnaire")
        if hasattr(args, key)
    }
    return Settings.load(overrides)


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
        settings = settings_from(args)
    except SettingsError as exc:
        say_error(str(exc))
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
        say_error(str(exc))
        return EXIT_USAGE


COMMANDS: dict[str | None, str] = {
    None: "collect",  # the app itself: the home screen
    "survey": "collect",
    "kiosk": "collect",
    "interview": "collect",
    "serve": "collect",
    "web-session": "collect",
    "qr": "collect",
    "paper": "paper",
    "entry": "entry",
    "questions": "questions",
    "inspection": "inspections",
    "withdraw": "inspections",
    "purge": "inspections",
    "lead": "lead",
    "export": "lead",
    "anonymise": "anonymise",
    "device": "device",
    "bundle": "bundles",
    "audit": "audit",
    "alerts": "alerts",
}
"""Which module of this package runs each command (its `run(args, settings)`)."""


def _run(args: argparse.Namespace, settings: Settings) -> int:
    import importlib

    group = importlib.import_module(f"survey_app.cli.{COMMANDS[args.command]}")
    code: int = group.run(args, settings)
    return code
