"""The README's two commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)


def test_ci_runs_the_readme_commands() -> None:
    install, tests = readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    opening = " && .venv/bin/survey-app"
    assert install.endswith(opening), "the first command must open the app"
    assert install.removesuffix(opening) in ci.splitlines()
    assert tests in ci.splitlines()


def test_readme_shows_the_screenshot_the_tests_make() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/screenshot.svg" in text
    assert (ROOT / "docs" / "screenshot.svg").read_text(encoding="utf-8").startswith("<svg")
