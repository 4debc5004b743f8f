"""`survey-app anonymise`: scrub free text from standard input."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

from survey_app.cli.common import say_error
from survey_app.core.i18n import _
from survey_app.settings import Settings

if TYPE_CHECKING:
    pass


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
            say_error(
                _("line {n}: not valid JSON ({reason}); nothing was written").format(
                    n=number, reason=exc.msg
                )
            )
            return 1
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            say_error(
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


def run(args: argparse.Namespace, settings: Settings) -> int:
    return anonymise_stream(sys.stdin, sys.stdout, args.jsonl, args.language)
