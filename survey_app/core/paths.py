"""Where the bundled data lives, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_REPO = _PACKAGE.parent


def data_dir(name: str) -> Path:
    """Return the folder `questions` or `translations`.

    A checkout (and an editable install) reads the top-level folders that editors change;
    a wheel carries copies under `survey_app/_data/`.
    """
    for candidate in (_REPO / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data folder {name!r} is missing from this installation")


def default_questionnaire() -> Path:
    return data_dir("questions") / "ap-residents.toml"
