"""Web sessions forked from a warm parent: each still its own process, group and memory
ceiling, the parent holding nothing of any resident's, and a server whose warm parent has
died starting sessions from nothing, as before. The parent's own protocol is tried raw."""

from __future__ import annotations

import asyncio
import json
import os
import select
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from web import Served, Tab, count, make_inspection, until  # type: ignore[import-not-found]

from survey_app.web.guard import Limits
from survey_app.web.server import session_arguments

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("heavy")]

if not sys.platform.startswith("linux"):
    pytest.skip("the warm parent forks with pidfds (Linux)", allow_module_level=True)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "survey.sqlite3"
    make_inspection(path)
    return path


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def address_space_limit(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            return line.split()[3]
    raise AssertionError("no address space line")


def open_files(pid: int) -> list[str]:
    folder = Path(f"/proc/{pid}/fd")
    found = []
    for fd in folder.iterdir():
        try:
            found.append(os.readlink(fd))
        except OSError:
            continue
    return found


async def start_survey(tab: Tab) -> None:
    await tab.started()
    await asyncio.sleep(1.5)
    await tab.keys("2")  # English
    await asyncio.sleep(1.5)
    await tab.keys("1")  # start


async def test_sessions_are_forked_from_a_warm_parent_and_kept_apart(db: Path) -> None:
    served = Served(db, cap=3)
    try:
        warm = served.warm_parent()
        assert warm is not None, "the server started no warm parent"
        async with aiohttp.ClientSession() as http:
            tabs = [Tab(http, served.url) for _ in range(2)]
            for tab in tabs:
                await tab.open()
            await asyncio.gather(*(start_survey(tab) for tab in tabs))
            await until(lambda: count(db, "SELECT COUNT(*) FROM response") == 2, "2 responses")
            sessions = served.sessions()
            assert len(sessions) == 2
            for pid in sessions:
                assert parent_of(pid) == warm  # forked, not started from nothing
                assert os.getpgid(pid) == pid  # its own group, ended together
                assert address_space_limit(pid) == str(Limits().memory)
                assert any(path == str(db) for path in open_files(pid))
            # The parent never opens the database: it holds no resident's data.
            assert not any(str(db.parent) in path for path in open_files(warm))
            # Two sessions, two separate responses, each with its own answers to come.
            await asyncio.sleep(1.5)  # a reader's pause: keys at once are not taken
            await tabs[0].keys("2")  # 'Agree' in the first tab only
            await until(lambda: count(db, "SELECT COUNT(*) FROM answer") == 1, "one answer")
            assert count(db, "SELECT COUNT(DISTINCT response_id) FROM answer") == 1
            for tab in tabs:
                await tab.close()
            await until(lambda: not served.sessions(), "the sessions to end", timeout=15)
            # The tab with an answer is kept as partial; the one that answered nothing
            # leaves no response at all.
            await until(
                lambda: (
                    count(db, "SELECT COUNT(*) FROM response WHERE status = 'partial'")
                    == count(db, "SELECT COUNT(*) FROM response")
                    == 1
                ),
                "one response kept as partial, and no other",
                timeout=15,
            )
            assert served.warm_parent() == warm  # the parent outlives its sessions
    finally:
        served.stop()


async def test_a_server_whose_warm_parent_died_starts_sessions_from_nothing(db: Path) -> None:
    served = Served(db, cap=2)
    try:
        warm = served.warm_parent()
        assert warm is not None
        os.kill(warm, signal.SIGKILL)
        async with aiohttp.ClientSession() as http:
            tab = Tab(http, served.url)
            await tab.open()
            await start_survey(tab)
            await until(lambda: count(db, "SELECT COUNT(*) FROM response") == 1, "a response")
            [session] = served.sessions()
            assert parent_of(session) == served.process.pid
            await tab.close()
            await until(lambda: not served.sessions(), "the session to end", timeout=15)
    finally:
        printed = served.stop()
    assert "the warm parent stopped; sessions start from nothing" in printed


def test_the_warm_parent_answers_a_bad_request_and_forks_a_good_one(db: Path) -> None:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    argv = session_arguments(db, 1, Path(__file__).parents[1] / "data" / "mini.toml")
    from survey_app.web.session import session_environment

    parent = subprocess.Popen(
        [sys.executable, "-m", "survey_app", "web-parent", str(theirs.fileno()), *argv],
        pass_fds=[theirs.fileno()], env=session_environment(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    theirs.close()
    ours.settimeout(60)
    try:
        assert ours.recv(1024) == b"ready"
        # Not JSON; JSON without the three pipes; a size that is not a number.
        for request, fds in ((b"\xff{", []), (b'{"width": 80, "height": 24, "memory": 1}', [])):
            socket.send_fds(ours, [request], fds)
            assert b"error" in ours.recv(1024)
        pipes = [os.pipe() for _ in range(3)]
        child_ends = [pipes[0][0], pipes[1][1], pipes[2][1]]
        socket.send_fds(ours, [b'{"width": "x", "height": 24, "memory": 1}'], child_ends)
        assert b"error" in ours.recv(1024)
        request = json.dumps({"width": 40, "height": 12, "memory": Limits().memory})
        socket.send_fds(ours, [request.encode()], child_ends)
        reply, [pidfd], _flags, _address = socket.recv_fds(ours, 1024, 1)
        for fd in child_ends:
            os.close(fd)
        pid = json.loads(reply)["pid"]
        assert parent_of(pid) == parent.pid
        stdout = os.fdopen(pipes[1][0], "rb")
        assert stdout.readline() == b"__GANGLION__\n"  # a Textual app, drawing for the web
        quit_ = json.dumps({"type": "quit"}).encode()
        os.write(pipes[0][1], b"M" + len(quit_).to_bytes(4, "big") + quit_)
        ended, _, _ = select.select([pidfd], [], [], 30)
        assert ended, "the session did not quit when asked"
        os.close(pidfd)
    finally:
        ours.close()  # the parent reads the end of its socket and leaves
        assert parent.wait(timeout=10) == 0


@pytest.mark.parametrize("arguments", [[], ["x"], ["99"], ["0"], ["9" * 30]])
def test_web_parent_typed_by_hand_is_an_unknown_command_not_a_traceback(
    arguments: list[str],
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "survey_app", "web-parent", *arguments],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "invalid choice" in done.stderr
