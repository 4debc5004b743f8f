"""End-to-end tests use real external programs; they may skip on a laptop, never in CI."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time

import pytest


def require(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{program} is required in CI: .ci/run installs it")
        pytest.skip(f"{program} is not installed")
    return path


class Tmux:
    def __init__(self, tmux: str, name: str) -> None:
        self.tmux = tmux
        self.name = name

    def run(self, *args: str) -> str:
        return subprocess.run([self.tmux, *args], check=True, capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.name, *keys)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def settled(self, text: str, timeout: float = 20.0) -> str:
        """The screen once `text` is on it and drawing has stopped (a capture can catch a
        frame half written)."""
        shown = self.wait_for(text, timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(0.2)
            again = self.screen()
            if again == shown:
                return shown
            shown = again
        raise AssertionError(f"the screen never stopped changing:\n{shown}")

    def read(self, text: str) -> None:
        """Wait for a question, then pause as a reader does (keys in the first moments
        after a question appears are ignored on purpose)."""
        self.wait_for(text)
        time.sleep(0.4)

    def into_mini_survey(self) -> None:
        """From the welcome screen of tests/data/mini.toml, in English, to its first two
        answers: 'Agree' that it feels safe, 'No' complaint."""
        self.keys("2")
        self.read("Start the survey")
        self.keys("1")
        self.read("I feel safe here.")
        self.keys("2")
        self.read("made a complaint")

    def rest_of_mini_survey(self, words: str) -> None:
        """From the complaint question of tests/data/mini.toml to its review: 'No'
        complaint, work done, 3 key-work sessions, useful, then `words` as the comment.
        (Prompts are matched by their start: at 40 columns a question wraps.)"""
        self.keys("2")
        self.read("Which of these have you done")
        self.keys("1", "0")
        self.read("How many key-work")
        self.keys("3", "Enter")
        self.read("Were they useful?")
        self.keys("1")
        self.read("Is there anything")
        self.keys(words, "Enter")
        self.read("Check your answers")

    def wait_until_gone(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text not in self.screen():
                return
            time.sleep(0.05)
        raise AssertionError(f"{text!r} is still on screen:\n{self.screen()}")

    def start(
        self, command: list[str], width: int = 100, height: int = 30, **extra_env: str
    ) -> None:
        """Open a detached session running `command` in a terminal of this size.

        The pane is made and checked at its size first, and the command started in it
        after, so the program never starts in a terminal still being resized."""
        env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", **extra_env}
        env_args = [arg for k, v in env.items() for arg in ("-e", f"{k}={v}")]
        self.run(
            "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
            *env_args, "sleep 3600",
        )  # fmt: skip
        self.run("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))
        size = self.run("display-message", "-p", "-t", self.name, "#{pane_width}x#{pane_height}")
        assert size.strip() == f"{width}x{height}", size
        self.run(
            "respawn-pane", "-k", "-t", self.name, *env_args,
            " ".join(shlex.quote(part) for part in command),
        )  # fmt: skip

    def alive(self) -> bool:
        return (
            subprocess.run(
                [self.tmux, "has-session", "-t", self.name], capture_output=True
            ).returncode
            == 0
        )

    def close(self) -> None:
        subprocess.run([self.tmux, "kill-session", "-t", self.name], capture_output=True)
