"""One browser tab's app process, bounded.

textual-serve's `AppService` starts the process through a shell, keeps everything the
process writes to its error stream in memory, and on close asks the process to quit and
waits for it as long as it takes: a process busy with a huge screen or a flood of keys
outlives its tab. Here the process is started without a shell, in its own process group,
with a ceiling on its memory; what it writes to its error stream is kept only in part and
never printed (it could hold a resident's words); and stopping waits a short grace, then
ends the process group. The server counts a session until `stop()` returns, that is until
its process is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
from importlib.metadata import version

from textual_serve.app_service import AppService

from survey_app.web.warm import ForkedSession, WarmParent

STDERR_KEPT = 64 * 1024
"""Bytes of a session's error stream kept (only to say that it failed, never shown)."""


def session_environment() -> dict[str, str]:
    """What a session process finds in its environment, but for its terminal size (COLUMNS
    and ROWS), which is each tab's own: as textual-serve gives its app processes."""
    environment = dict(os.environ)
    environment.update(
        TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
        TEXTUAL_FPS="60",
        TEXTUAL_COLOR_SYSTEM="truecolor",
        TERM_PROGRAM="textual",
        TERM_PROGRAM_VERSION=version("textual-serve"),
    )
    for name in ("COLUMNS", "ROWS", "LINES"):
        environment.pop(name, None)
    return environment


class SessionProcess(AppService):
    def __init__(
        self,
        *args: object,
        memory: int,
        grace: float,
        warm: WarmParent | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.warm = warm
        """The warm parent to fork the process from, if there is one."""
        self.memory = memory
        """Bytes of address space the process may use (RLIMIT_AS)."""
        self.grace = grace
        """Seconds a process has to quit when asked before it is ended."""
        self.failed = False
        """The process wrote to its error stream: an error the server notes in one line."""

    async def _open_app_process(  # type: ignore[override]
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process | ForkedSession:
        if self.warm is not None:
            forked = await self.warm.spawn(width, height, self.memory)
            if forked is not None:
                self._process = forked  # type: ignore[assignment]
                self._stdin = forked.stdin
                return forked
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,  # its own group: ended together with its children
        )
        limit_memory(process.pid, self.memory)
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        """Relay the process's output to the browser until it ends (as `AppService.run`,
        with the error stream read and dropped beyond a bound)."""
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        stdout, stderr = process.stdout, process.stderr

        async def drain_stderr() -> None:
            kept = 0
            while data := await stderr.read(4096):
                kept += len(data)
                self.failed = self.failed or kept > 0
                if kept > STDERR_KEPT:
                    continue  # read on, so the process never blocks on a full pipe

        errors = asyncio.create_task(drain_stderr())
        try:
            for _ in range(10):  # the prelude that says this is a Textual app
                line = await stdout.readline()
                if not line or line == b"__GANGLION__\n":
                    break
            while True:
                kind = await stdout.readexactly(1)
                size = int.from_bytes(await stdout.readexactly(4), "big")
                payload = await stdout.readexactly(size)
                if kind == b"D":
                    await self.on_data(payload)
                elif kind == b"M":
                    await self.on_meta(payload)
                elif kind == b"P":
                    await self.on_packed(payload)
        except (asyncio.IncompleteReadError, ConnectionResetError, asyncio.CancelledError):
            pass
        except Exception:
            self.failed = True  # a socket gone mid-write: the session ends all the same
        finally:
            errors.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await errors

    async def stop(self) -> None:
        """Ask the process to quit (it keeps a partial response), give it a short grace,
        then end its process group; return once it is gone."""
        process = self._process
        if process is None:
            return
        with contextlib.suppress(Exception):
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if process.returncode is None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), self.grace)
            try:
                await asyncio.wait_for(process.wait(), self.grace)
            except TimeoutError:
                _end(process, signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), 2.0)
                except TimeoutError:
                    _end(process, signal.SIGKILL)
                    await process.wait()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def limit_memory(pid: int, limit: int) -> None:
    """Cap a process's address space, where the system allows it (Linux)."""
    try:
        import resource

        resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))
    except (ImportError, AttributeError, OSError, ValueError):
        pass


def _end(process: asyncio.subprocess.Process | ForkedSession, sig: signal.Signals) -> None:
    if isinstance(process, ForkedSession):
        process.signal(sig)
    else:
        end_group(process.pid, sig)


def end_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
