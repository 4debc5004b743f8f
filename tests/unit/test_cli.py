"""The inspectors' sub-commands, run as the console script runs them."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from survey_app.cli import main
from survey_app.core.flow import Answer
from survey_app.core.questionnaire import Questionnaire
from survey_app.core.session import SurveySession
from survey_app.core.store import Store


def test_create_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.db")
    assert main(["--db", db, "inspection", "list"]) == 0
    assert "No inspections yet" in capsys.readouterr().out
    assert (
        main(
            [
                "inspection",
                "create",
                "--db",
                db,
                "--premises",
                "Tŷ Newydd AP",
                "--region",
                "Wales",
                "--start",
                "2026-12-02",
                "--end",
                "2026-12-03",
                "--language",
                "cy",
                "--residents",
                "1",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == (
        "1: Tŷ Newydd AP, Wales, fieldwork 2026-12-02 to 2026-12-03, cy, 1 resident"
    )
    assert main(["--db", db, "inspection", "list"]) == 0
    assert "Tŷ Newydd AP" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2026-12-03", "--end", "2026-12-02"], "cannot end before it starts"),
        (["--start", "3/12/2026", "--end", "2026-12-02"], "write it as YYYY-MM-DD"),
        (["--start", "2026-12-02", "--end", "2026-12-03", "--residents", "-4"], "from 0 to 1000"),
        (
            ["--start", "2026-12-02", "--end", "2026-12-03", "--premises", "\x1b[2J"],
            "printable text",
        ),
    ],
)
def test_bad_inspection_input_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    db = str(tmp_path / "s.db")
    base = {"--premises": "AP", "--region": "North", "--residents": "20"}
    for flag in args[::2]:
        base.pop(flag, None)
    full = [
        "--db",
        db,
        "inspection",
        "create",
        *args,
        *[part for pair in base.items() for part in pair],
    ]
    try:
        code = main(full)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    assert code == 2
    assert message in capsys.readouterr().err
    if Path(db).exists():
        assert main(["--db", db, "inspection", "list"]) == 0
        assert "No inspections yet" in capsys.readouterr().out


def test_unknown_inspection_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "s.db"), "--inspection", "7", "survey"]) == 2
    assert "no inspection 7" in capsys.readouterr().err


def test_withdraw_with_the_code(
    db_path: Path, mini: Questionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    async def respond() -> str:
        store = await Store.open(db_path)
        session = SurveySession(store, mini, 1, "self", "en")
        await session.start()
        await session.answer("safe", Answer.of("agree"))
        code = await session.submit()
        await store.close()
        return code

    code = asyncio.run(respond())
    assert main(["--db", str(db_path), "withdraw", "ZZZZ-ZZZZ"]) == 1
    assert "Check it letter by letter" in capsys.readouterr().err
    assert main(["--db", str(db_path), "withdraw", code.lower()]) == 0
    assert "Withdrawn" in capsys.readouterr().out


def test_commands_speak_welsh(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "survey_app", "--db", str(tmp_path / "s.db"), "inspection", "list"],
        capture_output=True,
        text=True,
        env={"SURVEY_APP_LANGUAGE": "cy", "PATH": ""},
    )
    assert result.returncode == 0
    assert "arolygiad" in result.stdout.lower()
    result = subprocess.run(
        [sys.executable, "-m", "survey_app", "--help"],
        capture_output=True,
        text=True,
        env={"SURVEY_APP_LANGUAGE": "cy"},
    )
    assert "Preswylwyr" in result.stdout or "preswylwyr" in result.stdout


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("survey-app ")
