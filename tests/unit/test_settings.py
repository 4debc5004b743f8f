"""Settings from defaults, SURVEY_APP_* variables and flags; bad values refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.cli import main
from survey_app.settings import Settings, SettingsError


def test_variables_then_flags_override_the_defaults(tmp_path: Path) -> None:
    environ = {"SURVEY_APP_DB": str(tmp_path / "a.db"), "SURVEY_APP_KIOSK_IDLE": "300",
               "SURVEY_APP_KIOSK_KEEP_PARTIAL": "false", "SURVEY_APP_INSPECTION": "4"}  # fmt: skip
    settings = Settings.load(environ=environ)
    assert settings.db == tmp_path / "a.db"
    assert (settings.kiosk_idle, settings.kiosk_keep_partial, settings.inspection) == (
        300.0,
        False,
        4,
    )
    flagged = Settings.load({"db": tmp_path / "b.db", "inspection": None}, environ=environ)
    assert flagged.db == tmp_path / "b.db" and flagged.inspection == 4
    assert Settings.load(environ={}).db.name == "survey.sqlite3"


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("SURVEY_APP_KIOSK_IDLE", "abc", "must be a number"),
        ("SURVEY_APP_KIOSK_IDLE", "5", "must be from 10 to 3600"),
        ("SURVEY_APP_INSPECTION", "one", "must be an inspection's number or UUID"),
        ("SURVEY_APP_KIOSK_KEEP_PARTIAL", "maybe", "must be true or false"),
        ("SURVEY_APP_FREE_TEXT_CAP", "99999", "must be from 100 to 4000"),
    ],
)
def test_a_bad_variable_is_refused_by_name(variable: str, value: str, words: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.load(environ={variable: value})
    assert variable in str(refused.value) and words in str(refused.value)


def test_the_command_says_which_setting_is_wrong(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("SURVEY_APP_KIOSK_COUNTDOWN", "-1")
    assert main(["--db", str(tmp_path / "s.db"), "inspection", "list"]) == 2
    assert "SURVEY_APP_KIOSK_COUNTDOWN must be from 5 to 300" in capsys.readouterr().err
