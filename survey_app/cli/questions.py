"""`survey-app questions`: check questionnaire files, write a translation template or
the JSON schema."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from survey_app.cli.common import say_error
from survey_app.core.i18n import ngettext
from survey_app.settings import Settings

if TYPE_CHECKING:
    pass


def check_questionnaires(files: Sequence[Path]) -> int:
    from survey_app.core.questionnaire.model import QuestionnaireError, load

    failed = 0
    for path in files:
        try:
            questionnaire = load(path)
        except QuestionnaireError as exc:
            failed += 1
            for problem in exc.problems:
                say_error(str(problem))
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


def run(args: argparse.Namespace, settings: Settings) -> int:
    from survey_app.core.questionnaire.model import QuestionnaireError, json_schema, load, template

    if args.questions_command == "check":
        return check_questionnaires(args.files)
    if args.questions_command == "pot":
        try:
            text = template(load(args.file, translations=False))
        except QuestionnaireError as exc:
            for problem in exc.problems:
                say_error(str(problem))
            return 1
    else:
        text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
