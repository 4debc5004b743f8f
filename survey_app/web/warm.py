"""Web sessions started from a warm parent.

Each browser tab gets its own app process, so that one resident's session can never see or
disturb another's. Started from nothing, that process spends about half a second of CPU
importing Python modules before it draws, and every copy holds its own copy of them. Here
the server starts one *warm parent* when it starts: a process that imports everything a
session needs, then waits. For each tab the parent forks: the child begins with every
module already imported, shares their memory with the parent and the other sessions until
it writes to it, and then runs the session exactly as `survey-app web-session` would, in
its own process group, with its own memory ceiling, on pipes the server made for it.

The parent never opens the database and never runs the app: it holds no resident's data,
no thread and no event loop, so a child starts clean. The server talks to it over one
socket pair that nothing else can reach (no file in the file system, no port). The
parent's only input is the server's request: a terminal size and a memory ceiling, both
already bounded by the server. For each child the parent hands back a pidfd, with which
the server waits for the child's end and signals it, race-free, although the child is the
parent's and not the server's.

Where fork or pidfds are missing (not Linux), or the parent fails to start or dies, the
server falls back to starting each session from nothing, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Sequence
from typing import Any

REQUEST_MAX = 1024
"""Bytes of one request or reply on the control socket (they are a few dozen)."""
READY = b"ready"


def available() -> bool:
    return hasattr(os, "fork") and hasattr(os, "pidfd_open") and hasattr(socket, "send_fds")


# --- the warm parent's side ---------------------------------------------------------------


WARM_MODULES = (
    "textual.drivers.web_driver",
    # Textual imports these by name only when a screen first uses them.
    "textual.widgets._label",
    "textual.widgets._progress_bar",
    "textual.widgets._text_area",
    "textual.document._document",
    "textual.document._wrapped_document",
    "textual.scrollbar",
    "textual.layouts.factory",
    "textual.layouts.horizontal",
    "textual.layouts.stream",
    "_strptime",
    "zoneinfo",
    "survey_app.cli",
    "survey_app.ui.app",
)
"""Modules a web session imports on its way to the first question, besides the resident's
screens and widgets (all imported below)."""


def preload() -> None:
    """Import what a web session imports, so that its child starts with it done."""
    import importlib
    import pkgutil

    for name in WARM_MODULES:
        importlib.import_module(name)
    from survey_app.ui import screens, terminal_input, widgets

    for package in (screens, widgets):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    terminal_input.install()
    from rich.cells import cell_len

    cell_len("é一")  # loads the Unicode width table, chosen at first use


def control_socket(argument: Sequence[str]) -> socket.socket | None:
    """The control socket whose descriptor number `serve` passed, or None if the argument
    is not the number of an open socket."""
    if len(argument) != 1 or not argument[0].isdigit():
        return None
    try:
        fd = int(argument[0])
        if not stat.S_ISSOCK(os.fstat(fd).st_mode):
            return None
        return socket.socket(fileno=fd)
    except (OSError, ValueError, OverflowError):
        return None


def serve_forks(control: socket.socket, session_argv: Sequence[str]) -> int:
    """The warm parent: preload, say ready, then fork one session per request until the
    server closes its end."""
    try:
        preload()
    except Exception as exc:  # the server starts sessions from nothing instead
        control.send(b"failed: " + type(exc).__name__.encode())
        return 1
    if threading.active_count() != 1:
        # fork copies only the calling thread: a child could inherit a lock held forever
        control.send(b"failed: a thread was started while importing")
        return 1
    # Objects that exist now are never collected: the collector would otherwise write to
    # every one of them in each child, and the shared pages would become copies.
    gc.freeze()
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c reaches the server, which ends us
    control.send(READY)
    while True:
        try:
            message, fds, _flags, _address = socket.recv_fds(control, REQUEST_MAX, 3)
        except OSError:
            return 0
        if not message:
            return 0  # the server has gone
        try:
            request = json.loads(message)
            width, height, memory = (int(request[k]) for k in ("width", "height", "memory"))
            if len(fds) != 3:
                raise ValueError("three descriptors are needed")
        except (ValueError, KeyError, TypeError):
            _close(fds)
            control.send(b'{"error": "bad request"}')
            continue
        pid = os.fork()
        if pid == 0:
            _run_child(control, fds, width, height, memory, session_argv)
        _close(fds)
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            control.send(b'{"error": "the session ended at once"}')
            continue
        try:
            socket.send_fds(control, [json.dumps({"pid": pid}).encode()], [pidfd])
        finally:
            os.close(pidfd)


def _reap(_signum: int, _frame: object) -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass


def _close(fds: Sequence[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def _run_child(
    control: socket.socket,
    fds: Sequence[int],
    width: int,
    height: int,
    memory: int,
    session_argv: Sequence[str],
) -> None:
    """In the forked child: become a session as `survey-app web-session` would be started,
    run it, and leave without returning into the parent's loop."""
    code = 1
    try:
        control.close()
        os.setsid()  # its own process group, ended together
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        _close([fd for fd in fds if fd > 2])
        with contextlib.suppress(ImportError, OSError, ValueError):
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        os.environ["COLUMNS"], os.environ["ROWS"] = str(width), str(height)
        from survey_app.cli import main

        code = main(list(session_argv))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:
        code = 1
        with contextlib.suppress(Exception):
            os.write(2, b"a web session failed\n")
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        # Never back into the parent's loop, and none of the parent's exit handlers.
        os._exit(code)


# --- the server's side ----------------------------------------------------------------------


class ForkedSession:
    """A session process forked by the warm parent, seen as the server sees a subprocess:
    its pipes, its pid, and a wait for its end."""

    def __init__(
        self,
        pid: int,
        pidfd: int,
        stdin: asyncio.StreamWriter,
        stdout: asyncio.StreamReader,
        stderr: asyncio.StreamReader,
    ) -> None:
        self.pid = pid
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.returncode: int | None = None
        """0 once the process has ended (its exit status is its parent's to read)."""
        self._pidfd = pidfd
        self._ended = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().add_reader(pidfd, self._on_end)

    def _on_end(self) -> None:
        loop = asyncio.get_running_loop()
        loop.remove_reader(self._pidfd)
        os.close(self._pidfd)
        self._pidfd = -1
        self.returncode = 0
        if not self._ended.done():
            self._ended.set_result(0)

    async def wait(self) -> int:
        await self._ended
        return 0

    def signal(self, sig: signal.Signals) -> None:
        """Signal the session's process group, unless it has ended (checked through the
        pidfd, so a number reused by another process is never signalled)."""
        if self._pidfd < 0:
            return
        try:
            # The process itself through its pidfd: never another one with its number.
            signal.pidfd_send_signal(self._pidfd, sig)
        except OSError:
            return  # it has ended
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, sig)  # and anything it started, in its group


class WarmParent:
    """The server's handle on the warm parent."""

    def __init__(self, session_argv: Sequence[str], environment: dict[str, str]) -> None:
        self.session_argv = list(session_argv)
        self.environment = environment
        self.alive = False
        self._control: socket.socket | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    async def start(self, timeout: float = 60.0) -> bool:
        """Start the parent and wait until it has imported everything; False if it could
        not (sessions then start from nothing)."""
        if not available():
            return False
        return await asyncio.to_thread(self._start, timeout)

    def _start(self, timeout: float) -> bool:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "survey_app", "web-parent", str(theirs.fileno()),
                 *self.session_argv],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, pass_fds=[theirs.fileno()],
                env=self.environment, start_new_session=True,
            )  # fmt: skip
        except OSError:
            ours.close()
            return False
        finally:
            theirs.close()
        ours.settimeout(timeout)
        try:
            answer = ours.recv(REQUEST_MAX)
        except OSError:
            answer = b""
        if answer != READY:
            ours.close()
            self._end_process()
            return False
        ours.settimeout(10.0)
        self._control = ours
        self.alive = True
        return True

    async def spawn(self, width: int, height: int, memory: int) -> ForkedSession | None:
        """A new session process of this size, or None if the parent cannot give one."""
        if not self.alive:
            return None
        pipes = [os.pipe() for _ in range(3)]
        # The child reads stdin's read end and writes the others' write ends.
        child_ends = [pipes[0][0], pipes[1][1], pipes[2][1]]
        our_ends = [pipes[0][1], pipes[1][0], pipes[2][0]]
        try:
            pid, pidfd = await asyncio.to_thread(self._request, width, height, memory, child_ends)
        except (OSError, ValueError):
            _close(our_ends)
            await self.close()  # and reaped, so no zombie is left behind
            return None
        finally:
            _close(child_ends)
        loop = asyncio.get_running_loop()
        stdin_transport, stdin_protocol = await loop.connect_write_pipe(
            _WriteProtocol, os.fdopen(our_ends[0], "wb", buffering=0)
        )
        stdin = asyncio.StreamWriter(stdin_transport, stdin_protocol, None, loop)
        stdout = await _reader(our_ends[1])
        stderr = await _reader(our_ends[2])
        return ForkedSession(pid, pidfd, stdin, stdout, stderr)

    def _request(self, width: int, height: int, memory: int, fds: list[int]) -> tuple[int, int]:
        with self._lock:
            control = self._control
            if control is None:
                raise OSError("the warm parent has stopped")
            request = json.dumps({"width": width, "height": height, "memory": memory})
            socket.send_fds(control, [request.encode()], fds)
            message, received, _flags, _address = socket.recv_fds(control, REQUEST_MAX, 1)
        if not message:
            raise OSError("the warm parent has stopped")
        reply: dict[str, Any] = json.loads(message)
        if "pid" not in reply or len(received) != 1:
            _close(received)
            raise OSError(str(reply.get("error", "no session")))
        return int(reply["pid"]), received[0]

    async def close(self) -> None:
        self.alive = False
        with self._lock:
            if self._control is not None:
                self._control.close()  # the parent reads the end and leaves
                self._control = None
        await asyncio.to_thread(self._end_process)

    def _end_process(self) -> None:
        process = self._process
        if process is None:
            return
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _reader(fd: int) -> asyncio.StreamReader:
    reader = asyncio.StreamReader(limit=2**16)
    protocol = asyncio.StreamReaderProtocol(reader)
    await asyncio.get_running_loop().connect_read_pipe(
        lambda: protocol, os.fdopen(fd, "rb", buffering=0)
    )
    return reader


class _WriteProtocol(asyncio.streams.FlowControlMixin):
    """The protocol a StreamWriter over a pipe needs: flow control for `drain()` and a
    future for `wait_closed()` (as asyncio's own subprocess protocol has)."""

    def __init__(self) -> None:
        super().__init__()
        self._closed = asyncio.get_running_loop().create_future()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        if not self._closed.done():
            self._closed.set_result(None)

    def _get_close_waiter(self, stream: asyncio.StreamWriter) -> asyncio.Future[None]:
        return self._closed
