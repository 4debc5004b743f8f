"""Settings: defaults, overridden by SURVEY_APP_* variables, overridden by flags."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path, user_log_path
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from survey_app.core.paths import default_questionnaire


def default_kiosk_log() -> Path:
    return user_log_path("survey-app", appauthor=False) / "kiosk.log"


def default_kiosk_state() -> Path:
    return user_data_path("survey-app", appauthor=False) / "kiosk-staff.json"


def default_db() -> Path:
    return user_data_path("survey-app", appauthor=False) / "survey.sqlite3"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SURVEY_APP_", extra="ignore")

    db: Path = Field(default_factory=default_db)
    """The SQLite file that holds inspections and answers (SURVEY_APP_DB)."""
    questionnaire: Path = Field(default_factory=default_questionnaire)
    """The questionnaire TOML; its Welsh catalogue sits beside it (SURVEY_APP_QUESTIONNAIRE)."""
    inspection: int | None = None
    """The inspection to work on; the first in the database when not given."""
    free_text_cap: int = Field(4000, ge=100, le=4000)
    """Most characters a free-text answer can hold; longer pastes are cut with a note."""
    kiosk_idle: float = Field(120.0, ge=10, le=3600)
    """Kiosk: seconds without a key or a touch before "Are you still there?"
    (SURVEY_APP_KIOSK_IDLE)."""
    kiosk_countdown: float = Field(30.0, ge=5, le=300)
    """Kiosk: seconds the "Are you still there?" prompt counts down before the session ends."""
    kiosk_keep_partial: bool = True
    """Kiosk: keep what a resident who walked away answered, as a partial response; false
    discards it (SURVEY_APP_KIOSK_KEEP_PARTIAL)."""
    kiosk_log: Path = Field(default_factory=default_kiosk_log)
    """Kiosk: where exit attempts are logged, by day and kind only, never what was typed."""
    kiosk_state: Path = Field(default_factory=default_kiosk_state)
    """Kiosk: the staff passphrase's hash and its wrong tries, kept until the staff exit so
    that a restarted kiosk asks for no new passphrase (SURVEY_APP_KIOSK_STATE)."""
