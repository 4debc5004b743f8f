"""Helpers for the web link's end-to-end tests: a real `survey-app serve` on a free
loopback port, and sessions that speak to it as the browser page does."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

MINI = Path(__file__).parents[1] / "data" / "mini.toml"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_inspection(db: Path) -> None:
    subprocess.run(
        [
            sys.executable, "-m", "survey_app", "--db", str(db), "inspection", "create",
            "--premises", "Lantern House", "--region", "Wales", "--start", "2026-11-25",
            "--end", "2026-11-26", "--residents", "30", "--language", "cy",
            "--passphrase-stdin",
        ],
        check=True, capture_output=True, input=b"lead passphrase for tests\n",
    )  # fmt: skip


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(child) for child in found.split()]


def is_warm_parent(pid: int) -> bool:
    """The server's warm parent (its forked sessions carry the same command line, but are
    its children, not the server's)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"web-parent" in command


class Served:
    """`survey-app serve` in its own process."""

    def __init__(
        self, db: Path, cap: int = 30, questionnaire: Path = MINI, extra: tuple[str, ...] = ()
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "survey_app", "--db", str(db),
                "--questionnaire", str(questionnaire), "serve", "--inspection", "1",
                "--host", "127.0.0.1", "--port", str(self.port), "--max-sessions", str(cap),
                *extra,
            ],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.output()) from None
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def output(self) -> str:
        if self.process.poll() is None:
            return ""
        return self.process.stdout.read() if self.process.stdout else ""

    def sessions(self) -> list[int]:
        """The session processes the server has running now: those it started from
        nothing, and those forked by its warm parent."""
        found = []
        for pid in children(self.process.pid):
            if is_warm_parent(pid):
                found.extend(children(pid))
            else:
                found.append(pid)
        return found

    def warm_parent(self) -> int | None:
        return next((pid for pid in children(self.process.pid) if is_warm_parent(pid)), None)

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.process.stdout.read() if self.process.stdout else ""


class Tab:
    """One browser tab's conversation with the server: the page's websocket."""

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http = http
        self.url = url
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.received = 0
        self.reader: asyncio.Task[None] | None = None

    async def open(self, width: int = 80, height: int = 24) -> None:
        ws_url = self.url.replace("http", "ws", 1) + f"/ws?width={width}&height={height}"
        # As a browser does: the page's own origin.
        self.socket = await self.http.ws_connect(ws_url, origin=self.url)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.socket is not None
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += len(message.data)

    async def started(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.received < 1000:
            if time.monotonic() > deadline:
                raise AssertionError("the app never drew its screen")
            await asyncio.sleep(0.1)

    async def keys(self, *keys: str) -> None:
        assert self.socket is not None
        for key in keys:
            if self.socket.closed:
                raise AssertionError(f"the server closed the session: {self.socket.close_code}")
            await self.socket.send_str(json.dumps(["stdin", key]))
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            self.reader.cancel()


def count(db: Path, sql: str, params: tuple[object, ...] = ()) -> int:
    with sqlite3.connect(db, timeout=30) as connection:
        return int(connection.execute(sql, params).fetchone()[0])


async def until(check: object, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    # In a thread: a count that waits on a busy database must not stop the tabs answering
    # the server's pings, or the server rightly closes them.
    while not await asyncio.to_thread(check):  # type: ignore[arg-type]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


def rss_mib(pid: int) -> float:
    """A process's resident memory, from /proc (0 once it has gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
