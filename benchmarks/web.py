"""The web link: memory per session, time from opening the page to the welcome screen, and
how many sessions this machine holds.

Each browser tab is its own app process, forked from a warm parent that has imported
everything already (survey_app/web/warm.py). Memory is read from /proc as PSS (shared
pages divided among the processes that share them) and RSS, for the session processes
alone; the warm parent's own is shown apart. Floor: a bare Textual app served by
textual-serve, which starts each tab's process from nothing, measured in the same run.

    .venv/bin/python benchmarks/web.py [--sessions 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pyte

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "e2e"))
from web import Served, Tab, free_port, make_inspection  # type: ignore[import-not-found]

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, figure

BARE = "from textual.app import App\nApp().run()\n"


def descendants(root: int) -> list[str]:
    children: dict[str, list[str]] = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
        except (OSError, IndexError):
            continue
        children.setdefault(parent, []).append(pid)
    found, queue = [], [str(root)]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def memory(pids: list[str]) -> list[tuple[int, int]]:
    """(PSS, RSS) in KiB of each of these processes."""
    out = []
    for pid in pids:
        try:
            fields = dict(
                line.split(":", 1)
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]
            )
        except (OSError, ValueError):
            continue
        out.append((int(fields["Pss"].split()[0]), int(fields["Rss"].split()[0])))
    return out


def running(marker: str, parent: int) -> list[str]:
    """Descendants of `parent` whose command line holds `marker` (no shell)."""
    found = []
    for pid in descendants(parent):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if marker in command and "/bin/sh" not in command.split(" ")[0]:
            found.append(pid)
    return found


class ScreenTab(Tab):
    """A tab that keeps what its terminal shows (pyte), so that "drawn" means the words
    are on the screen, not that some bytes arrived."""

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        super().__init__(http, url)
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.last = 0.0

    async def _read(self) -> None:
        assert self.socket is not None
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += len(message.data)
                self.stream.feed(message.data)
                self.last = time.perf_counter()

    def shows(self, text: str) -> bool:
        return text in "\n".join(self.screen.display)

    async def until_shown(self, text: str, timeout: float = 120) -> float:
        deadline = time.monotonic() + timeout
        while not self.shows(text):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared")
            await asyncio.sleep(0.005)
        return time.perf_counter()


async def open_tabs(
    url: str, count: int, first_question: str | None
) -> tuple[list[Tab], list[float], aiohttp.ClientSession]:
    """Tabs opened one after another; each taken to the first question when one is given
    (so memory is read where a resident starts answering), else until it draws."""
    http = aiohttp.ClientSession()
    tabs = [ScreenTab(http, url) for _ in range(count)]
    timings = []

    async def one(tab: Tab) -> None:
        start = time.perf_counter()
        page = await http.get(url + "/")
        await page.read()
        await tab.open()
        if first_question is None:
            await tab.started(timeout=120)
        else:
            await tab.until_shown("English")
            await tab.keys("2")
            await tab.until_shown("Start the survey")
            await tab.keys("1")
            await tab.until_shown(first_question)
        timings.append(time.perf_counter() - start)

    # One after another, so each time is a session's own, not a queue's.
    for tab in tabs:
        await one(tab)
    return tabs, timings, http


async def measure(
    url: str, count: int, sessions: Callable[[], list[str]], first_question: str | None = None
) -> tuple[list[float], list[tuple[int, int]]]:
    tabs, timings, http = await open_tabs(url, count, first_question)
    await asyncio.sleep(3)  # settled: nothing half-loaded
    used = memory(sessions())
    for tab in tabs:
        await tab.close()
    await http.close()
    return timings, used


class TimedTab(Tab):
    """A tab that notes when the app last drew something."""

    last = 0.0

    async def _read(self) -> None:
        assert self.socket is not None
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += len(message.data)
                self.last = time.perf_counter()

    async def drawn_after(self, keys: str, quiet: float = 0.3) -> float:
        """Press keys; seconds until the app finished drawing what they brought."""
        before = self.received
        start = time.perf_counter()
        await self.keys(keys)
        while self.received == before or time.perf_counter() - self.last < quiet:
            await asyncio.sleep(0.01)
        return self.last - start


async def to_first_question(url: str, runs: int) -> list[float]:
    """Page load to the first question, counting the app's time only: the page and the
    welcome screen, then the two screens a resident passes (language, consent), each timed
    from the key to the end of the drawing, without a person's reading time."""
    timings = []
    async with aiohttp.ClientSession() as http:
        for _ in range(runs):
            tab = TimedTab(http, url)
            start = time.perf_counter()
            await (await http.get(url + "/")).read()
            await tab.open()
            await tab.started(timeout=120)
            while time.perf_counter() - tab.last < 0.3:
                await asyncio.sleep(0.01)
            welcome = tab.last - start
            await asyncio.sleep(0.5)
            info = await tab.drawn_after("2")
            await asyncio.sleep(0.5)
            chat = await tab.drawn_after("1")
            timings.append(welcome + info + chat)
            await tab.close()
    return timings


async def burst(url: str, count: int) -> tuple[float, float]:
    """`count` tabs opened at once: seconds until every one has drawn its welcome screen,
    then the slowest response to one key pressed in every tab at the same moment."""
    async with aiohttp.ClientSession() as http:
        tabs = [TimedTab(http, url) for _ in range(count)]
        start = time.perf_counter()
        await asyncio.gather(*(tab.open() for tab in tabs))
        await asyncio.gather(*(tab.started(timeout=300) for tab in tabs))
        opened = time.perf_counter() - start
        await asyncio.sleep(3)
        slowest = max(await asyncio.gather(*(tab.drawn_after("2") for tab in tabs)))
        await asyncio.gather(*(tab.close() for tab in tabs))
    return opened, slowest


def bare_server(script: Path) -> tuple[object, str]:
    import subprocess

    port = free_port()
    command = shlex.join([sys.executable, str(script)])
    process = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from textual_serve.server import Server; "
         f"Server({command!r}, host='127.0.0.1', port={port}).serve()"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(2)
    return process, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--burst", type=int, default=60, help="tabs opened at once")
    parser.add_argument("--json", type=Path, help="write the figures here for benchmarks/run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "bare_textual_app.py"
        script.write_text(BARE)
        process, url = bare_server(script)
        try:
            floor_times, floor_memory = asyncio.run(
                measure(
                    url,
                    args.sessions,
                    lambda: running(str(script), process.pid),  # type: ignore[attr-defined]
                )
            )
            floor_opened, _floor_slowest = asyncio.run(burst(url, args.burst))
        finally:
            process.terminate()  # type: ignore[attr-defined]
            process.wait()  # type: ignore[attr-defined]
        db = Path(folder) / "survey.sqlite3"
        make_inspection(db)
        served = Served(db, cap=max(args.sessions, args.burst) + 5)
        try:
            times, used = asyncio.run(
                measure(
                    served.url, args.sessions, lambda: [str(p) for p in served.sessions()],
                    first_question="I feel safe here.",
                )
            )  # fmt: skip
            warm = served.warm_parent()
            parent_memory = memory([str(warm)]) if warm else []
            first = asyncio.run(to_first_question(served.url, 5))
            opened, slowest = asyncio.run(burst(served.url, args.burst))
        finally:
            served.stop()
    mib = 1024
    print(f"web link, {args.sessions} sessions opened one after another, on this machine:")
    print(f"{'':34} {'PSS MiB':>8} {'RSS MiB':>8} {'open to screen s':>17}")
    for name, timing, mem in (
        ("bare Textual app (floor)", floor_times, floor_memory),
        ("survey_app web session", times, used),
    ):
        pss = statistics.median(p for p, _ in mem) / mib if mem else float("nan")
        rss = statistics.median(r for _, r in mem) / mib if mem else float("nan")
        print(f"{name:34} {pss:8.1f} {rss:8.1f} {statistics.median(timing):17.2f}")
    print(f"page load to the first question (app time, median of 5): "
          f"{statistics.median(first):.2f} s")  # fmt: skip
    print(f"{args.burst} tabs opened at once: all drawn in {opened:.1f} s; then one key in "
          f"every tab at the same moment: the slowest redrawn in {slowest:.2f} s")  # fmt: skip
    pss = statistics.median(p for p, _ in used) / mib
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    held = int(total * 0.8 / pss)
    parent_pss = parent_memory[0][0] / mib if parent_memory else float("nan")
    print(f"the warm parent the sessions are forked from: {parent_pss:.1f} MiB PSS "
          f"(once, whatever the number of sessions)")  # fmt: skip
    print(f"sessions measured: {len(used)}; memory alone would hold about {held} sessions "
          f"in 80% of this machine's {total / 1024:.0f} GiB")  # fmt: skip
    floor_pss = statistics.median(p for p, _ in floor_memory) / mib
    emit(args.json, [
        figure("memory per session at the first question (PSS)", pss, "MiB",
               ("bare Textual app served the same way", floor_pss), at_most=30),
        figure("the warm parent, once for all sessions (PSS)", parent_pss, "MiB"),
        figure("page load to the first question (app time)", statistics.median(first), "s"),
        figure(f"{args.burst} tabs opened at once, all drawn", opened, "s",
               ("the same burst, bare Textual app", floor_opened), ratio=1.3),
        figure("then one key in every tab: the slowest redraw", slowest, "s"),
    ])  # fmt: skip


if __name__ == "__main__":
    main()
