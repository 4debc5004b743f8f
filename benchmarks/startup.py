"""Start to first question painted, against a minimal Textual app measured in the same run.

Measured as a person sees it: each sample starts a fresh process in a real terminal (tmux)
and polls the screen. The floor is a Textual app that shows one line of text; survey_app runs
`survey-app survey` on a fresh database, and the welcome and consent screens are answered
("2" for English, "1" to start) the moment they appear. The clock stops when the text is on
the terminal. Rounds alternate so that both see the same machine. Prints figures; asserts
nothing.

    .venv/bin/python benchmarks/startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR = """
from textual.app import App
from textual.widgets import Static

class Floor(App):
    def compose(self):
        yield Static("When you arrived, did staff make you feel welcome?")

Floor().run()
"""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def sample(command: list[str], steps: list[tuple[str, str | None]]) -> list[float]:
    """Start `command`; for each (text, key): wait for text, then press key.

    Returns the seconds from start at which each text appeared."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    seen: list[float] = []
    start = time.perf_counter()
    tmux(
        "new-session",
        "-d",
        "-s",
        name,
        "-x",
        "100",
        "-y",
        "30",
        "-e",
        "TERM=xterm-256color",
        " ".join(shlex.quote(part) for part in command),
    )
    try:
        for text, key in steps:
            deadline = time.monotonic() + 30
            while text not in tmux("capture-pane", "-p", "-t", name):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{text!r} never appeared")
                time.sleep(0.002)
            seen.append(time.perf_counter() - start)
            if key:
                tmux("send-keys", "-t", name, key)
        return seen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("tmux"):
        sys.exit("this benchmark needs tmux")
    from survey_app.core.paths import default_questionnaire
    from survey_app.core.questionnaire import load

    first = load(default_questionnaire()).questions[0]
    floor: list[float] = []
    ours: list[float] = []
    welcome: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "floor.py"
        script.write_text(FLOOR)

        def floor_run() -> float:
            return sample([sys.executable, str(script)], [(first.text[:40], None)])[-1]

        def our_run(number: int) -> list[float]:
            db = Path(folder) / f"run{number}.db"
            return sample(
                [sys.executable, "-m", "survey_app", "--db", str(db), "survey"],
                [("English", "2"), ("Start the survey", "1"), (first.text[:40], None)],
            )

        floor_run(), our_run(-1)  # warm the file cache for both
        for run in range(args.runs):
            floor.append(floor_run())
            steps = our_run(run)
            welcome.append(steps[0])
            ours.append(steps[-1])
    print(f"start to first question painted in a real terminal, {args.runs} fresh processes each")
    print(f"{'':26} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, values in (
        ("minimal Textual (floor)", floor),
        ("survey_app welcome", welcome),
        ("survey_app first question", ours),
    ):
        print(f"{name:26} {statistics.median(values):9.3f} {min(values):7.3f} {max(values):7.3f}")
    ratio = statistics.median(ours) / statistics.median(floor)
    print(
        f"ratio first question/floor: {ratio:.2f}x (target at most 1.3x: "
        f"{'met' if ratio <= 1.3 else 'NOT met'})"
    )
    print(
        f"ratio welcome screen/floor: {statistics.median(welcome) / statistics.median(floor):.2f}x"
        " (the welcome and consent screens come before the first question)"
    )


if __name__ == "__main__":
    main()
