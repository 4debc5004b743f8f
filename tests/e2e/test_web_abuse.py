"""The web link attacked as an adversary would, on loopback: tiny messages that once made
huge processes, floods, malformed and foreign websockets, idle sockets holding places,
slow and many connections, and what the server tells the world. After each, no session
process is left above a bound, the cap counts only live processes, and a resident can
still start a survey."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from pathlib import Path

import aiohttp
import pytest
from web import Served, Tab, count, make_inspection, rss_mib, until  # type: ignore[import-not-found]

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("heavy")]

MEMORY_BOUND_MIB = 250
"""No session process may reach this: a normal one holds about 60 MiB here."""


def log_of(output: str) -> str:
    """What the server logged after it started (its start-up lines name its own address)."""
    return output.split("Press ctrl+c to stop.", 1)[1]


async def wait_gone(served: Served, timeout: float = 30.0) -> None:
    # Ending a session is a chain: a polite quit (3 s of grace), SIGTERM (2 s), SIGKILL. A
    # process busy with a flood it was sent takes the whole chain, and on a loaded machine
    # (the whole suite on two cores) some more: 15 s was seen to fall short.
    deadline = time.monotonic() + timeout
    while served.sessions():
        if time.monotonic() > deadline:
            states = {pid: process_state(pid) for pid in served.sessions()}
            raise AssertionError(f"session processes still running: {states}")
        await asyncio.sleep(0.1)


def process_state(pid: int) -> str:
    """What a process is doing, for a failure's message: its state, parent, group."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        wchan = Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return "gone"
    return f"state {fields[0]}, parent {fields[1]}, group {fields[2]}, waiting in {wchan}"


async def a_resident_can_start(http: aiohttp.ClientSession, served: Served) -> None:
    page = await http.get(served.url + "/")
    assert page.status == 200
    tab = Tab(http, served.url)
    await tab.open()
    await tab.started()
    await tab.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "survey.sqlite3"
    make_inspection(path)
    return path


async def test_sizes_floods_and_malformed_messages(db: Path) -> None:
    served = Served(db, cap=1)
    try:
        async with aiohttp.ClientSession() as http:
            # 1. One 45-byte resize to 20,000 x 20,000, then the socket closes.
            tab = Tab(http, served.url)
            await tab.open()
            await tab.started()
            assert tab.socket is not None
            await tab.socket.send_str(json.dumps(["resize", {"width": 20000, "height": 20000}]))
            await asyncio.sleep(2)
            [pid] = served.sessions()
            assert rss_mib(pid) < MEMORY_BOUND_MIB
            await tab.close()
            # the one place stays taken until the process has ended, then frees
            await wait_gone(served)
            assert (await http.get(served.url + "/")).status == 200

            # 2. Negative and nonsense sizes are brought within bounds: the session lives.
            tab = Tab(http, served.url)
            await tab.open(width=-5, height=-7)
            await tab.started()
            await tab.socket.send_str(json.dumps(["resize", {"width": -1, "height": "x"}]))
            await tab.keys("2")
            await until(lambda: count(db, "SELECT COUNT(*) FROM response") == 0, "no answer")
            assert served.sessions()
            await tab.close()
            await wait_gone(served)

            # 3. 300,000 keys in one message: refused, and the process ends.
            tab = Tab(http, served.url)
            await tab.open()
            await tab.started()
            await tab.socket.send_str(json.dumps(["stdin", "1" * 300_000]))
            await until(lambda: tab.socket.closed, "the socket to be closed", timeout=10)
            assert tab.socket.close_code == 1009  # too big
            await wait_gone(served)

            # 4. A flood of small messages, faster than anyone types: closed.
            tab = Tab(http, served.url)
            await tab.open()
            await tab.started()
            for _ in range(3000):
                if tab.socket.closed:
                    break
                await tab.socket.send_str(json.dumps(["stdin", "x" * 60]))
                await asyncio.sleep(0)
            await until(lambda: tab.socket.closed, "the flooding socket to be closed", timeout=10)
            assert tab.socket.close_code == 1008
            await wait_gone(served)

            # 5. Malformed messages: each closes its session, nothing else.
            for bad in ("not json", "[", json.dumps({"a": 1}), json.dumps(["stdin", 5]),
                        json.dumps(["nope", 1]), "[" * 40_000):  # fmt: skip
                tab = Tab(http, served.url)
                await tab.open()
                await tab.started()
                await tab.socket.send_str(bad)
                await wait_gone(served)
            tab = Tab(http, served.url)
            await tab.open()
            await tab.started()
            await tab.socket.send_bytes(b"\x00" * 100)
            await wait_gone(served)

            await a_resident_can_start(http, served)
            await wait_gone(served)
    finally:
        output = log_of(served.stop())
    assert "Traceback" not in output and "127.0.0.1" not in output, output
    assert "closed: keys faster than anyone types or pastes" in output
    assert "closed: a message that is not JSON" in output


async def test_idle_sockets_foreign_origins_and_plain_requests_to_the_socket(db: Path) -> None:
    served = Served(db, cap=2, extra=("--idle", "10"))
    try:
        async with aiohttp.ClientSession() as http:
            # another web page's script: refused before any process starts
            ws_url = served.url.replace("http", "ws", 1) + "/ws"
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(ws_url, origin="https://evil.example")
            assert refused.value.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await http.ws_connect(ws_url)  # no origin at all
            # curl /ws
            plain = await http.get(served.url + "/ws")
            assert plain.status == 400
            assert not served.sessions()
            # two idle sockets take both places; past --idle they are closed and freed
            tabs = [Tab(http, served.url) for _ in range(2)]
            for tab in tabs:
                await tab.open()
                await tab.started()
            await tabs[0].keys("2")
            await asyncio.sleep(1)
            await tabs[0].keys("1")  # a resident who started, answered, then went quiet
            await until(lambda: count(db, "SELECT COUNT(*) FROM response") == 1, "a response")
            await asyncio.sleep(1.5)  # a reader's pause: keys at once are not taken
            await tabs[0].keys("2")
            await until(lambda: count(db, "SELECT COUNT(*) FROM answer") == 1, "an answer")
            assert (await http.get(served.url + "/")).status == 503
            await until(lambda: not served.sessions(), "idle sessions closed", timeout=30)
            assert (await http.get(served.url + "/")).status == 200
            assert count(db, "SELECT COUNT(*) FROM response WHERE status = 'partial'") == 1
            await a_resident_can_start(http, served)
    finally:
        output = log_of(served.stop())
    assert "Traceback" not in output and "127.0.0.1" not in output, output
    assert "refused: a websocket from another origin" in output
    assert "refused: /ws without a websocket" in output
    assert "closed: idle session" in output


async def test_slow_and_many_connections_are_bounded(db: Path) -> None:
    served = Served(db, cap=2)
    held: list[socket.socket] = []
    try:
        # A slow sender: a few bytes of the request head, then nothing.
        for _ in range(60):
            slow = socket.create_connection(("127.0.0.1", served.port))
            slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            held.append(slow)
        # beyond 4 per session + 64 (72 here), connections are closed at once
        extra = []
        for _ in range(40):
            connection = socket.create_connection(("127.0.0.1", served.port))
            extra.append(connection)
        await asyncio.sleep(1)
        closed = 0
        for connection in extra:
            connection.settimeout(2)
            try:
                if connection.recv(1) == b"":
                    closed += 1
            except OSError:
                closed += 1
        assert closed >= 20
        for connection in extra:
            connection.close()
        # the slow ones are dropped after the 10 s head deadline
        await asyncio.sleep(11)
        for slow in held:
            slow.settimeout(2)
            with contextlib.suppress(ConnectionResetError):
                assert slow.recv(1) == b""
        async with aiohttp.ClientSession() as http:
            await a_resident_can_start(http, served)
    finally:
        for slow in held:
            slow.close()
        output = log_of(served.stop())
    assert "Too many open files" not in output
    assert output.count("\n") < 80  # one line a refusal, at most 30 a minute
    assert "refused: request head too slow" in output
    assert "refused: too many connections" in output
    assert "127.0.0.1" not in output


async def test_the_server_says_little_about_itself(db: Path) -> None:
    served = Served(db, cap=2)
    try:
        async with aiohttp.ClientSession() as http:
            page = await http.get(served.url + "/")
            headers = page.headers
            policy = headers["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
            assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
            assert headers["X-Frame-Options"] == "DENY"
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert headers["Server"] == "survey-app"
            assert "<script>" not in await page.text()  # nothing inline to allow
            for folder in ("/static/", "/static/js/", "/local/"):
                listing = await http.get(served.url + folder)
                assert listing.status in (403, 404), folder
                assert listing.headers["Server"] == "survey-app"
            assert (await http.get(served.url + "/static/js/textual.js")).status == 200
            assert (await http.get(served.url + "/local/page.js")).status == 200
            assert (await http.get(served.url + "/download/x")).status == 404
    finally:
        served.stop()
