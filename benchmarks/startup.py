"""Start to the welcome screen and to the first question, as a person sees them, against a
minimal Textual app measured in the same run; and each screen change against the same
screen built of Textual's own widgets (and, for scale, a bare one-line screen push).

Each sample starts a fresh process in a pseudo-terminal of 100x30 and reads what it draws
through a terminal emulator (pyte) in this process: the clock stops when the text is on
the emulated screen. No helper process is started to look at the screen (polling tmux
with a new process each time competed with the app for the machine's two cores, and a
tmux server that had just exited made the first sample fail). The floor is a Textual app
that shows one line; survey_app runs `survey-app survey` on a fresh database, and the
welcome and consent screens are answered ("2", "1") after a reader's pause (READING), and
each screen change is timed from the key to the next screen's words. The same screens
in bare Textual are walked out of the real app first (screens_as_built) and rebuilt
widget for widget by a plain Textual app, with the same stylesheet. Rounds
alternate so that both see the same machine. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/startup.py [--runs 10] [--json FILE]
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

import pyte

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, figure

WIDTH, HEIGHT = 100, 30
READING = 0.8
"""Seconds between a screen appearing and the key that leaves it, as a quick reader; the
survey ignores answers in the first 0.3 s after a question appears, on purpose."""

FLOOR = """
from textual.app import App
from textual.widgets import Static

class Floor(App):
    def compose(self):
        yield Static("When you arrived, did staff make you feel welcome?")

Floor().run()
"""

PUSH = """
import sys
from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

class Next(Screen):
    def compose(self):
        yield Static("the next screen")

class Pusher(App):
    def compose(self):
        yield Static("press a key")
    def on_key(self):
        self.push_screen(Next())

Pusher().run()
"""

SAME = """
import json, sys
from textual.app import App
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll, Center
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, ProgressBar, Static, TextArea

TREES, CSS = json.loads(open(sys.argv[1], encoding="utf-8").read())
CONTAINERS = {"Horizontal": Horizontal, "Vertical": Vertical,
              "VerticalScroll": VerticalScroll, "Grid": Grid, "Center": Center}

def build(node):
    kind, name, classes, text, extra, children = node
    named = {"id": name, "classes": " ".join(classes)}
    if kind in CONTAINERS:
        return CONTAINERS[kind](*map(build, children), **named)
    if kind == "Button":
        return Button(Content(text), compact=extra.get("compact", False),
                      variant=extra.get("variant", "default"), **named)
    if kind == "ProgressBar":
        return ProgressBar(total=100, show_eta=False, show_percentage=False, **named)
    if kind == "TextArea":
        return TextArea(**named)
    return Static(Content(text), **named)

class Same(Screen):
    def __init__(self, tree):
        super().__init__()
        self.widgets = tree
    def compose(self):
        yield from map(build, self.widgets)

class Pusher(App):
    CSS_PATH = CSS
    def compose(self):
        yield from map(build, TREES.pop(0))
    def on_key(self):
        if TREES:
            self.push_screen(Same(TREES.pop(0)))

Pusher().run()
"""


def sample(
    command: list[str], steps: list[tuple[str, str | None]], reading: float = 0.0
) -> list[float]:
    """Start `command` in a fresh pseudo-terminal; for each (text, key): wait until the text
    is on the emulated screen, wait `reading` seconds as a reader does, then type the key.
    Seconds from the start to the first text, then from each key to the next text."""
    screen = pyte.Screen(WIDTH, HEIGHT)
    stream = pyte.ByteStream(screen)
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of the right size, then the command
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color"}
        os.execvpe(command[0], command, env)
    seen: list[float] = []
    try:
        for text, key in steps:
            deadline = time.monotonic() + 30
            while text not in "\n".join(screen.display):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{text!r} never appeared")
                ready, _, _ = select.select([fd], [], [], 0.5)
                if ready:
                    try:
                        stream.feed(os.read(fd, 65536))
                    except OSError:
                        raise RuntimeError(f"the program ended before {text!r}") from None
            seen.append(time.perf_counter() - start)
            if key:
                settle = time.perf_counter() + reading
                while (left := settle - time.perf_counter()) > 0:  # read what it draws
                    ready, _, _ = select.select([fd], [], [], left)
                    if ready:
                        stream.feed(os.read(fd, 65536))
                start = time.perf_counter()
                os.write(fd, key.encode())
        return seen
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def screens_as_built() -> list[list[object]]:
    """The welcome, the information screen and the first question as survey_app builds them, each
    widget named by the Textual class it is made from, with its id, classes and words: the
    floor builds the same screens out of Textual's own widgets, with the same stylesheet."""
    import asyncio

    from textual.widget import Widget

    from survey_app.core.paths import default_questionnaire
    from survey_app.core.questionnaire.model import load
    from survey_app.core.store.base import Store
    from survey_app.settings import Settings
    from survey_app.ui.factory import make_app

    def node(widget: Widget) -> list[object]:
        base = next(c for c in type(widget).__mro__ if c.__module__.startswith("textual."))
        kind = base.__name__
        text = ""
        extra: dict[str, object] = {}
        if kind == "Button":
            text = str(widget.label)  # type: ignore[attr-defined]
            extra = {"compact": widget.compact, "variant": widget.variant}  # type: ignore[attr-defined]
        elif kind == "Static":
            text = str(widget.render())
        classes = sorted(c for c in widget.classes if not c.startswith("-"))
        inside = [node(child) for child in widget.children] if kind not in (
            "Button", "Static", "ProgressBar", "TextArea") else []  # fmt: skip
        return [kind, widget.id, classes, text, extra, inside]

    async def walk() -> list[list[object]]:
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "tree.db"
            store = await Store.open(db)
            inspection = await store.ensure_demo()
            await store.close()
            app = make_app(
                "survey", Settings(db=db, inspection=inspection.id), load(default_questionnaire())
            )
            trees = []
            async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
                for key in ("2", "1", None):
                    await pilot.pause(0.5)
                    trees.append([node(child) for child in app.screen.children])
                    if key:
                        await pilot.press(key)
            return trees

    return asyncio.run(walk())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", type=Path, help="write the figures here for benchmarks/run")
    args = parser.parse_args()
    from survey_app.core.paths import default_questionnaire
    from survey_app.core.questionnaire.model import load

    first = load(default_questionnaire()).questions[0]
    floor: list[float] = []
    pushes: list[float] = []
    same_welcomes: list[float] = []
    same_infos: list[float] = []
    same_questions: list[float] = []
    welcome: list[float] = []
    info: list[float] = []
    ours: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "floor.py"
        script.write_text(FLOOR)
        pusher = Path(folder) / "push.py"
        pusher.write_text(PUSH)

        def floor_run() -> float:
            return sample([sys.executable, str(script)], [(first.text[:40], None)])[-1]

        def push_run() -> float:
            _shown, pushed = sample(
                [sys.executable, str(pusher)],
                [("press a key", "x"), ("the next screen", None)],
                reading=READING,
            )
            return pushed

        import json

        import survey_app.ui.app

        styles = Path(survey_app.ui.app.__file__).parent
        same = Path(folder) / "same.py"
        same.write_text(SAME)
        trees = Path(folder) / "trees.json"
        sheets = [str(styles / p) for p in survey_app.ui.app.SurveyApp.CSS_PATH]
        trees.write_text(json.dumps([screens_as_built(), sheets]))

        def same_run() -> list[float]:
            return sample(
                [sys.executable, str(same), str(trees)],
                [("English", "x"), ("Start the survey", "x"), (first.text[:40], None)],
                reading=READING,
            )

        def our_run(number: int) -> list[float]:
            db = Path(folder) / f"run{number}.db"
            return sample(
                [sys.executable, "-m", "survey_app", "--db", str(db), "survey"],
                [("English", "2"), ("Start the survey", "1"), (first.text[:40], None)],
                reading=READING,
            )

        # Every module compiled, as after an installation or a first run: where the
        # environment says PYTHONDONTWRITEBYTECODE (this machine does), a source changed
        # since its .pyc was written would otherwise be compiled again at every start.
        compileall.compile_dir(Path(__file__).parents[1] / "survey_app", quiet=1)
        floor_run(), push_run(), same_run(), our_run(-1)  # warm the file cache for all
        for run in range(args.runs):
            floor.append(floor_run())
            pushes.append(push_run())
            same_welcome, same_info, same_question = same_run()
            same_welcomes.append(same_welcome)
            same_infos.append(same_info)
            same_questions.append(same_question)
            steps = our_run(run)
            welcome.append(steps[0])
            info.append(steps[1])
            ours.append(steps[2])
    print(f"start to screens in a pseudo-terminal, {args.runs} fresh processes each")
    print(f"{'':40} {'median s':>9} {'min s':>7} {'max s':>7}")
    rows = (
        ("minimal Textual app (floor)", floor),
        ("the same screens in bare Textual: welcome", same_welcomes),
        ("survey_app: welcome on screen", welcome),
        ("bare Textual screen push (floor)", pushes),
        ("the same screens in bare Textual: info", same_infos),
        ("survey_app: welcome -> information", info),
        ("the same screens in bare Textual: question", same_questions),
        ("survey_app: information -> first question", ours),
    )
    for name, values in rows:
        print(f"{name:40} {statistics.median(values):9.3f} {min(values):7.3f} {max(values):7.3f}")
    f, p = statistics.median(floor), statistics.median(pushes)
    w, i, q = statistics.median(welcome), statistics.median(info), statistics.median(ours)
    sw = statistics.median(same_welcomes)
    print(f"welcome / floor: {w / f:.2f}x (target at most 1.3x)")
    print(f"welcome / the same welcome in bare Textual: {w / sw:.2f}x")
    si, sq = statistics.median(same_infos), statistics.median(same_questions)
    print(f"screen changes / bare push: {i / p:.2f}x and {q / p:.2f}x")
    print(
        f"screen changes / the same screens in bare Textual: {i / si:.2f}x and {q / sq:.2f}x"
        " (target at most 1.3x)"
    )
    emit(
        args.json,
        [
            figure("start to the welcome screen", w, "s", ("minimal Textual app", f), ratio=1.3),
            figure("start to the welcome screen", w, "s", ("the same welcome in bare Textual", sw)),
            figure(
                "welcome to information screen",
                i,
                "s",
                ("the same screen in bare Textual", si),
                ratio=1.3,
            ),
            figure(
                "information screen to first question",
                q,
                "s",
                ("the same screen in bare Textual", sq),
                ratio=1.3,
            ),
            figure("welcome to information screen", i, "s", ("one-line screen push", p)),
            figure("information screen to first question", q, "s", ("one-line screen push", p)),
            figure("start to the first question", w + i + q, "s", ("minimal Textual app", f)),
        ],
    )


if __name__ == "__main__":
    main()
