"""Settings: defaults, overridden by SURVEY_APP_* variables, overridden by flags.

Plain dataclasses and the standard library: pydantic-settings did the same in one line per
field, but importing it (and pydantic with it) took a fifth of the time from start to the
welcome screen. Every field is checked, and a bad value is refused with the variable's
name and what it takes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from platformdirs import user_data_path, user_log_path

from survey_app.core.i18n import _
from survey_app.core.paths import default_questionnaire

PREFIX = "SURVEY_APP_"


def default_kiosk_log() -> Path:
    return user_log_path("survey-app", appauthor=False) / "kiosk.log"


def default_kiosk_state() -> Path:
    return user_data_path("survey-app", appauthor=False) / "kiosk-staff.json"


def default_db() -> Path:
    return user_data_path("survey-app", appauthor=False) / "survey.sqlite3"


class SettingsError(ValueError):
    """A setting that cannot be used; the message names it and says what it takes."""


@dataclass(frozen=True)
class Settings:
    db: Path = field(default_factory=default_db)
    """The SQLite file that holds inspections and answers (SURVEY_APP_DB)."""
    questionnaire: Path = field(default_factory=default_questionnaire)
    """The questionnaire TOML; its Welsh catalogue sits beside it (SURVEY_APP_QUESTIONNAIRE)."""
    inspection: int | str | None = None
    """The inspection to work on, by its number here or its UUID; the latest in the
    database when not given (SURVEY_APP_INSPECTION)."""
    free_text_cap: int = field(default=4000, metadata={"range": (100, 4000)})
    """Most characters a free-text answer can hold; longer pastes are cut with a note."""
    kiosk_idle: float = field(default=120.0, metadata={"range": (10, 3600)})
    """Kiosk: seconds without a key or a touch before "Are you still there?"
    (SURVEY_APP_KIOSK_IDLE)."""
    kiosk_countdown: float = field(default=30.0, metadata={"range": (5, 300)})
    """Kiosk: seconds the "Are you still there?" prompt counts down before the session ends."""
    kiosk_keep_partial: bool = True
    """Kiosk: keep what a resident who walked away answered, as a partial response; false
    discards it (SURVEY_APP_KIOSK_KEEP_PARTIAL)."""
    kiosk_log: Path = field(default_factory=default_kiosk_log)
    """Kiosk: where exit attempts are logged, by day and kind only, never what was typed."""
    kiosk_state: Path = field(default_factory=default_kiosk_state)
    """Kiosk: the staff passphrase's hash and its wrong tries, kept until the staff exit so
    that a restarted kiosk asks for no new passphrase (SURVEY_APP_KIOSK_STATE)."""

    @classmethod
    def load(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] = os.environ
    ) -> Settings:
        """Defaults, then SURVEY_APP_* variables, then `overrides` (from flags; None values
        are not given)."""
        values: dict[str, Any] = {}
        for spec in fields(cls):
            variable = PREFIX + spec.name.upper()
            if variable in environ:
                values[spec.name] = _parse(spec, environ[variable], variable)
        for name, value in (overrides or {}).items():
            if value is not None:
                values[name] = value
        return cls(**values)

    def __post_init__(self) -> None:
        for spec in fields(self):
            bounds = spec.metadata.get("range")
            value = getattr(self, spec.name)
            if bounds and not bounds[0] <= value <= bounds[1]:
                raise SettingsError(
                    _("{name} must be from {low} to {high}, not {value!r}").format(
                        name=PREFIX + spec.name.upper(), low=bounds[0], high=bounds[1], value=value
                    )
                )


def _parse(spec: Any, text: str, variable: str) -> Any:
    kind = str(spec.type)
    try:
        if spec.name == "inspection":
            from survey_app.core.collection.inspection import parse_reference

            return parse_reference(text)
        if "Path" in kind:
            return Path(text).expanduser()
        if "bool" in kind:
            lowered = text.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        if "int" in kind:
            return int(text)
        if "float" in kind:
            return float(text)
    except ValueError:
        if "bool" in kind:
            message = _("{name} must be true or false, not {value!r}")
        elif spec.name == "inspection":
            message = _("{name} must be an inspection's number or UUID, not {value!r}")
        elif "int" in kind:
            message = _("{name} must be a whole number, not {value!r}")
        else:
            message = _("{name} must be a number, not {value!r}")
        raise SettingsError(message.format(name=variable, value=text)) from None
    return text
