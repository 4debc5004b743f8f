"""Hostile and broken files: each gets a clear message naming the file and what to do,
never a traceback, a hang or a change to anything."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from survey_app.core.questionnaire.model import QuestionnaireError, load
from survey_app.core.storage.database import StoreError
from survey_app.core.store.base import Store

DATA = Path(__file__).parent.parent / "data"
SCHEMAS = DATA / "schemas"


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The console command in its own process, as an inspector runs it."""
    return subprocess.run(
        [sys.executable, "-m", "survey_app", *args],
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert "Event loop is closed" not in result.stderr


# --- databases -----------------------------------------------------------------------------
@pytest.mark.parametrize("version", [1, 2, 3, 4, 5, 6])
async def test_every_earlier_schema_is_migrated_with_nothing_lost(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy(SCHEMAS / f"schema-{version}.sqlite3", path)
    store = await Store.open(path)
    try:
        [inspection] = await store.list_inspections()
        assert (inspection.premises, inspection.language, inspection.residents) == (
            "Old House",
            "cy",
            12,
        )
        assert "Manchester" in inspection.withdrawal_contact
        responses = {r.id: r for r in await store.responses(1)}
        assert {r: responses[r].status for r in responses} == {
            "r1": "complete",
            "r2": "partial",
        }
        answers = await store.answers("r1")
        assert answers["final_comments"].value == "Mae'r staff yn garedig."
        # a withdrawal code given before codes had tags still works
        assert await store.withdraw("abcd efgh") == "withdrawn"
        assert await store.answers("r1") == {}
    finally:
        await store.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (
            len(Store.SCHEMA.migrations),
        )


async def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    shutil.copy(SCHEMAS / "schema-4.sqlite3", path)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version=99")
    with pytest.raises(StoreError, match="newer survey-app"):
        await Store.open(path)


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = bytes(b ^ 0xFF for b in data[middle : middle + 8192])
    path.write_bytes(data)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.mkdir(), "is a folder or a device"),
        (lambda p: p.write_text("hello, not a database"), "not a survey-app database"),
        (corrupt, "damaged"),
        (
            lambda p: sqlite3.connect(p).execute("PRAGMA user_version=3").connection.commit(),
            "no such table",
        ),
    ],
    ids=["folder", "text", "corrupted pages", "a schema number without tables"],
)
def test_a_broken_database_is_refused_with_what_to_do(
    tmp_path: Path, make: object, words: str
) -> None:
    path = tmp_path / "survey.sqlite3"
    if make is corrupt:
        big = tmp_path / "big.sqlite3"
        shutil.copy(SCHEMAS / "schema-4.sqlite3", big)
        with sqlite3.connect(big) as connection:
            connection.executemany(
                "INSERT INTO answer VALUES (?, ?, 'answered', '\"agree\"')",
                [("r1", f"q{i}") for i in range(3000)],
            )
        shutil.move(big, path)
        corrupt(path)
    else:
        make(path)  # type: ignore[operator]
    before = path.read_bytes() if path.is_file() else None
    commands = (["inspection", "list"], ["export", "--format", "csv", "--out", "x.csv"], ["survey"])
    for command in commands:
        result = run("--db", str(path), *command)
        assert result.returncode == 2, result
        no_traceback(result)
        assert str(path) in result.stderr and words in result.stderr, result.stderr
        assert "Restore it from a copy" in result.stderr or "--db" in result.stderr
    if before is not None:
        assert path.read_bytes() == before  # nothing changed


def test_hand_edited_rows_give_a_message_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "survey.sqlite3"
    shutil.copy(SCHEMAS / "schema-4.sqlite3", path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE answer SET value = '{not json' WHERE question_id = 'safe_feel'")
    out = tmp_path / "data.csv"
    result = run("--db", str(path), "--inspection", "1", "export", "--format", "json",
                 "--out", str(out))  # fmt: skip
    no_traceback(result)
    assert result.returncode == 2 and "cannot be read" in result.stderr, result.stderr
    assert "{not json" not in result.stderr  # never the stored value: it may be a resident's
    assert not out.exists()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE inspection SET fieldwork_start = '2026-13-45'")
    result = run("--db", str(path), "inspection", "list")
    no_traceback(result)
    assert result.returncode == 2 and "inspection 1" in result.stderr, result.stderr


# --- questionnaires and catalogues -------------------------------------------------------
def copy_mini(tmp_path: Path, toml: str | None = None, po: str | None = None) -> Path:
    path = tmp_path / "q.toml"
    path.write_text(toml or (DATA / "mini.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "q.cy.po").write_text(
        po or (DATA / "mini.cy.po").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return path


def messages(path: Path) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        load(path)
    return [str(p) for p in caught.value.problems]


def test_a_questionnaire_nested_thousands_deep(tmp_path: Path) -> None:
    path = copy_mini(tmp_path, "x = " + "[" * 5000 + "]" * 5000 + "\n")
    [message] = messages(path)
    assert message.startswith(str(path)) and "nested 5000 deep" in message
    for command in (["questions", "check", str(path)], ["--questionnaire", str(path), "survey"]):
        result = run(*command)
        no_traceback(result)
        assert result.returncode != 0 and "nested 5000 deep" in result.stderr


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "folder", "fifo"])
def test_a_device_a_folder_or_a_pipe_as_the_questionnaire(tmp_path: Path, special: str) -> None:
    if special == "folder":
        target = tmp_path / "folder.toml"
        target.mkdir()
    elif special == "fifo":
        target = tmp_path / "pipe.toml"
        os.mkfifo(target)
    else:
        target = Path(special)
    result = run("questions", "check", str(target), timeout=20)  # never hangs
    no_traceback(result)
    assert result.returncode != 0
    assert str(target) in result.stderr and "not a regular file" in result.stderr


def test_a_pipe_as_the_welsh_catalogue(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    (tmp_path / "q.cy.po").unlink()
    os.mkfifo(tmp_path / "q.cy.po")
    result = run("questions", "check", str(path), timeout=20)
    no_traceback(result)
    assert "q.cy.po" in result.stderr and "not a regular file" in result.stderr


def test_a_huge_questionnaire(tmp_path: Path) -> None:
    path = copy_mini(tmp_path, "# " + "x" * 2_000_000 + "\n")
    [message] = messages(path)
    assert "larger than 1000 kB" in message


def test_a_message_twice_in_the_catalogue_names_both_lines(tmp_path: Path) -> None:
    po = (DATA / "mini.cy.po").read_text(encoding="utf-8")
    start = po.index('msgctxt "question.safe"')
    entry = po[start : po.index("\n\n", start)]
    path = copy_mini(tmp_path, po=po + "\n" + entry + "\n")
    [message] = messages(path)
    first = po[:start].count("\n") + 1
    assert f"also on line {first}" in message and message.startswith(str(tmp_path / "q.cy.po"))


def test_an_entry_that_matches_no_text_is_named(tmp_path: Path) -> None:
    po = (DATA / "mini.cy.po").read_text(encoding="utf-8")
    path = copy_mini(tmp_path, po=po.replace('"question.safe"', '"question.safe\u200b"', 1))
    found = messages(path)
    assert any("matches no text" in m and "\\u200b" in m for m in found), found
    assert any("no cy text for question.safe" in m for m in found), found


def test_bounds_of_a_number_question(tmp_path: Path) -> None:
    toml = (DATA / "mini.toml").read_text(encoding="utf-8")
    path = copy_mini(tmp_path, toml.replace("max = 50", "max = 100000000000000000000000000000000"))
    [message] = messages(path)
    assert "max" in message and "1000000000" in message


# --- exports --------------------------------------------------------------------------------
def test_two_files_are_written_together_or_not_at_all(tmp_path: Path) -> None:
    """The second file of a pair cannot be written (its folder is not there): the first,
    already written under a temporary name, is not left either."""
    from survey_app.core.paths import write_together

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OSError):
        write_together([(folder / "data.csv", "a,b\n"), (tmp_path / "gone" / "book.csv", "x")])
    assert list(folder.iterdir()) == []
    written = write_together([(folder / "data.csv", "a\n"), (folder / "data.codebook.csv", "b\n")])
    assert [p.read_text() for p in written] == ["a\n", "b\n"]
    assert sorted(p.name for p in folder.iterdir()) == ["data.codebook.csv", "data.csv"]


def test_an_export_to_a_full_disk(tmp_path: Path, db_path: Path) -> None:
    full = tmp_path / "full"
    full.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(full)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small disk needs privileges this machine does not give")
    try:
        (full / "filler").write_bytes(b"x" * 12_000)
        for fmt, name in (("html", "pack.html"), ("csv", "data.csv")):
            result = run("--db", str(db_path), "export", "--format", fmt, "--out",
                         str(full / name))  # fmt: skip
            no_traceback(result)
            assert result.returncode == 1 and "the disk is full" in result.stderr, result.stderr
            assert sorted(p.name for p in full.iterdir()) == ["filler"]
    finally:
        subprocess.run(["umount", str(full)], capture_output=True)


def test_loading_a_store_does_not_block_on_a_missing_folder(tmp_path: Path) -> None:
    # a database in a folder that cannot be made
    blocked = tmp_path / "file"
    blocked.write_text("")
    with pytest.raises(StoreError, match="Cannot open the database"):
        asyncio.run(Store.open(blocked / "sub" / "survey.sqlite3"))
