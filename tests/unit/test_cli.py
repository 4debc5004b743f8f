"""The inspectors' sub-commands, run as the console script runs them."""

from __future__ import annotations

import asyncio
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from survey_app.cli import main
from survey_app.core.audit.chain import hashing
from survey_app.core.collection.inspection import Inspection
from survey_app.core.collection.session import SurveySession
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store

LEAD_PASSPHRASE = "lead passphrase for tests"


def test_create_and_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "s.db")
    monkeypatch.setattr("sys.stdin", io.StringIO(LEAD_PASSPHRASE + "\n"))
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
                "--passphrase-stdin",
            ]
        )
        == 0
    )
    said = capsys.readouterr()
    assert "cannot be recovered" in said.err  # the passphrase was new: the warning
    first, second = said.out.strip().splitlines()
    assert first == "1: Tŷ Newydd AP, Wales, fieldwork 2026-12-02 to 2026-12-03, cy, 1 resident"
    made = asyncio.run(one_inspection(Path(db)))
    assert second == f"   UUID {made.uuid}"
    assert made.public_key is not None and len(made.public_key) == 32
    assert main(["--db", db, "inspection", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Tŷ Newydd AP" in listed and f"UUID {made.uuid}, key made" in listed
    # the UUID names it as well as the number does, in any case
    assert main(["--db", db, "--inspection", made.uuid.upper(), "qr", "--url", "https://x.example/s",
                 "--out", str(tmp_path / "q.svg")]) == 0  # fmt: skip


async def one_inspection(db: Path) -> Inspection:
    store = await Store.open(db)
    try:
        (only,) = await store.list_inspections()
        return only
    finally:
        await store.close()


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


def test_withdraw_finds_a_code_in_any_inspection_and_says_when_it_was_used(
    db_path: Path, mini: Questionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    """A code from an earlier inspection works after a later one is created (the default
    inspection is the latest), a partial response's code works too, and a code used twice
    is told so."""
    import datetime as dt

    async def respond() -> tuple[str, str]:
        store = await Store.open(db_path)
        first = SurveySession(store, mini, 1, "self", "en")
        await first.start()
        await first.answer("safe", Answer.of("agree"))
        complete = await first.submit()
        stopped = SurveySession(store, mini, 1, "self", "en")
        await stopped.start()
        await stopped.answer("safe", Answer.of("disagree"))
        partial = await stopped.stop()
        assert partial is not None
        day = dt.date(2027, 1, 6)
        await store.create_inspection("Later AP", "Wales", day, day, "cy", 12)
        await store.close()
        return complete, partial

    complete, partial = asyncio.run(respond())
    assert main(["--db", str(db_path), "withdraw", "ZZZZ-ZZZZ"]) == 1
    assert "Check it letter by letter" in capsys.readouterr().err
    assert main(["--db", str(db_path), "withdraw", complete.lower()]) == 0
    assert "Withdrawn" in capsys.readouterr().out
    assert main(["--db", str(db_path), "withdraw", partial.replace("-", " ")]) == 0
    assert "Withdrawn" in capsys.readouterr().out
    assert main(["--db", str(db_path), "withdraw", complete]) == 0
    assert "Already withdrawn" in capsys.readouterr().out
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM answer").fetchone() == (0,)


async def test_withdrawal_is_one_lookup_and_one_slow_check_off_the_event_loop(
    db_path: Path, mini: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With many responses, a code is checked against about one stored hash, never against
    each in turn; and the slow hash never runs on the thread of the event loop (a
    screen would freeze while it ran)."""
    import threading

    from survey_app.core.collection import codes as code_module
    from survey_app.core.store import responses

    store = await Store.open(db_path)
    try:
        codes = []
        for _ in range(40):
            session = SurveySession(store, mini, 1, "kiosk", "en")
            await session.start()
            await session.answer("safe", Answer.of("agree"))
            codes.append(await session.submit())
        checks: list[str] = []
        real_check = code_module.check_code
        real_hash = code_module.hash_code

        def counted_check(code: str, stored: str) -> bool:
            checks.append(threading.current_thread().name)
            return real_check(code, stored)

        def counted_hash(code: str, salt: bytes | None = None) -> str:
            checks.append(threading.current_thread().name)
            return real_hash(code, salt)

        # Where each is looked up: the store checks codes, the codes' module makes them.
        monkeypatch.setattr(responses, "check_code", counted_check)
        monkeypatch.setattr(code_module, "hash_code", counted_hash)
        assert await store.withdraw(codes[17]) == "withdrawn"
        assert 1 <= len(checks) <= 2
        checks.clear()
        session = SurveySession(store, mini, 1, "kiosk", "en")
        await session.start()
        await session.answer("safe", Answer.of("agree"))
        await session.submit()
        assert checks and threading.main_thread().name not in checks
    finally:
        await store.close()


def test_help_lists_no_hidden_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "SUPPRESS" not in out and "web-session" not in out
    assert "withdraw" in out


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


def test_a_hand_edited_premises_name_never_reaches_the_terminal_as_control_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "x.sqlite3")
    create = ["--premises", "House", "--region", "Wales", "--start", "2026-01-07"]
    create += ["--end", "2026-01-08", "--residents", "9"]
    monkeypatch.setattr("sys.stdin", io.StringIO(LEAD_PASSPHRASE + "\n"))
    assert main(["--db", db, "inspection", "create", *create, "--passphrase-stdin"]) == 0
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE inspection SET premises = 'House\x1b]0;pwned\x07\x1b[2J'")
    capsys.readouterr()
    assert main(["--db", db, "inspection", "list"]) == 0
    said = capsys.readouterr().out
    assert "\x1b" not in said and "\x07" not in said and "House" in said


def test_a_second_inspection_needs_the_same_lead_passphrase_and_its_key_opens_with_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from survey_app.core.keys.sealing import WrongPassphrase, unlock

    db = str(tmp_path / "s.db")
    create = ["--premises", "House", "--region", "Wales", "--start", "2026-01-07"]
    create += ["--end", "2026-01-08", "--residents", "9", "--passphrase-stdin"]
    monkeypatch.setattr("sys.stdin", io.StringIO(LEAD_PASSPHRASE + "\n"))
    assert main(["--db", db, "inspection", "create", *create]) == 0
    capsys.readouterr()
    for wrong in ("not the lead's one\n", "", "short\n"):
        monkeypatch.setattr("sys.stdin", io.StringIO(wrong))
        assert main(["--db", db, "inspection", "create", *create]) == 2
        said = capsys.readouterr()
        assert "No inspection was created" in said.err and "cannot be recovered" not in said.err
    made = asyncio.run(one_inspection(Path(db)))  # still only the first
    monkeypatch.setattr("sys.stdin", io.StringIO(LEAD_PASSPHRASE + "\n"))
    assert main(["--db", db, "inspection", "create", *create]) == 0
    with sqlite3.connect(db) as connection:
        keys = connection.execute("SELECT public_key, private_key FROM inspection").fetchall()
    assert len(keys) == 2 and keys[0][0] != keys[1][0]
    for public, protected in keys:
        opened = unlock(protected, LEAD_PASSPHRASE)
        assert opened.public_key().public_bytes_raw() == public
        with pytest.raises(WrongPassphrase):
            unlock(protected, "not the lead's one")
    # devices seal to the key: it never changes, and a half key is refused
    with (
        hashing(sqlite3.connect(db)) as connection,
        pytest.raises(sqlite3.IntegrityError, match="keeps"),
    ):
        connection.execute("UPDATE inspection SET public_key = zeroblob(32) WHERE id = ?",
                           (made.id,))  # fmt: skip
    with (
        hashing(sqlite3.connect(db)) as connection,
        pytest.raises(sqlite3.IntegrityError, match="both"),
    ):
        connection.execute("UPDATE inspection SET private_key = NULL WHERE id = ?", (made.id,))


def test_inspection_by_a_uuid_that_is_not_there_or_is_no_uuid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "s.db")
    out = str(tmp_path / "q.svg")
    unknown = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    assert main(["--db", db, "--inspection", unknown, "qr", "--url", "https://x.example",
                 "--out", out]) == 2  # fmt: skip
    assert f"There is no inspection {unknown}" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--db", db, "--inspection", "3f2504e0", "inspection", "list"])
    assert "neither an inspection's number nor its UUID" in capsys.readouterr().err
