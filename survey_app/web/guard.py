"""What stands between the open internet and the web link's sessions.

- Connections are counted: beyond `max_connections` a new one is closed at once, so the
  server never runs out of file descriptors (1,100 slow connections once made every
  request fail and wrote 69 MB of "Too many open files" in 25 seconds).
- A connection must finish its request headers within `header_timeout` seconds, and one
  that is not a websocket lives at most `http_lifetime` seconds: slow senders cannot hold
  connections open.
- The log says one short line per refusal, never a visitor's address, and at most
  `LOG_BURST` lines a minute (then a count), so it cannot grow without bound.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

LOG_BURST = 30
"""Refusal lines a minute, at most; beyond that one line says how many were not written."""


@dataclass(frozen=True)
class Limits:
    """Every size, rate and lifetime a visitor controls, bounded."""

    max_sessions: int = 30
    """Sessions (app processes) at once; a session counts until its process has ended."""
    idle: float = 600.0
    """Seconds a session may send no key, tap or resize before it is closed (its answers are
    kept as a partial response)."""
    max_message: int = 64 * 1024
    """Bytes of one websocket message."""
    input_rate: float = 4096.0
    """Bytes of keys a second a session may send, sustained."""
    input_burst: float = 48 * 1024
    """Bytes of keys a session may send at once (a paste fills a whole answer)."""
    resizes_per_second: float = 10.0
    """Resizes a second a session may send; more are dropped."""
    min_width: int = 20
    max_width: int = 300
    min_height: int = 8
    max_height: int = 120
    """A terminal size outside these is brought inside them (a 20,000 x 20,000 screen once
    made a 2 GB process)."""
    memory: int = 1024 * 1024 * 1024
    """Bytes of address space one session process may use."""
    heartbeat: float = 30.0
    """Seconds between the server's pings on a session's socket; a socket that has not
    answered within half of it is closed. A phone on a slow network, or a busy machine,
    can take several seconds to answer: 15 seconds (7.5 to answer) closed a session now
    and then when thirty were answering on two cores."""
    stop_grace: float = 3.0
    """Seconds a session's process has to quit once its socket closes, before it is ended."""
    max_connections: int = 0
    """Open connections at once; 0 means four per session and 64 more."""
    header_timeout: float = 10.0
    """Seconds a connection has to send its whole request head."""
    http_lifetime: float = 30.0
    """Seconds a connection that is not a websocket may stay open."""

    @property
    def connections(self) -> int:
        return self.max_connections or 4 * self.max_sessions + 64


class TokenBucket:
    """`rate` a second, sustained, with room for `burst` at once."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.level = burst
        self.at = clock()

    def take(self, amount: float) -> bool:
        now = self.clock()
        self.level = min(self.burst, self.level + (now - self.at) * self.rate)
        self.at = now
        if amount > self.level:
            return False
        self.level -= amount
        return True


class RefusalLog:
    """One line per refusal, no address, at most `LOG_BURST` a minute."""

    def __init__(self, logger: logging.Logger, clock: Callable[[], float] = time.monotonic):
        self.logger = logger
        self.clock = clock
        self.window = clock()
        self.lines = 0
        self.dropped = 0

    def __call__(self, what: str) -> None:
        now = self.clock()
        if now - self.window >= 60:
            if self.dropped:
                self.logger.warning("%d more refusals in the last minute not written", self.dropped)
            self.window, self.lines, self.dropped = now, 0, 0
        if self.lines >= LOG_BURST:
            self.dropped += 1
            return
        self.lines += 1
        self.logger.warning("%s", what)


class _Refused(asyncio.Protocol):
    """A connection beyond the limit: closed at once, before reading a byte."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.close()


class GuardedHandler(RequestHandler):
    """aiohttp's request handler, with a deadline for the request head and a lifetime for
    connections that do not become websockets."""

    guard: ConnectionGuard

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._head = b""
        self._head_done = False
        self._timer: asyncio.TimerHandle | None = self._loop.call_later(
            self.guard.limits.header_timeout, self._too_slow
        )

    def data_received(self, data: bytes) -> None:
        if not self._head_done:
            self._head += data
            end = self._head.find(b"\r\n\r\n")
            if end >= 0:
                self._head_done = True
                websocket = b"upgrade: websocket" in self._head[:end].lower()
                self._head = b""
                self._cancel_timer()
                if not websocket:
                    self._timer = self._loop.call_later(
                        self.guard.limits.http_lifetime, self._too_long
                    )
            elif len(self._head) > 64 * 1024:
                self.guard.log("refused: request head too large")
                self.force_close()
                return
        super().data_received(data)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _too_slow(self) -> None:
        self._timer = None
        if not self._head_done:
            self.guard.log("refused: request head too slow")
            self.force_close()

    def _too_long(self) -> None:
        self._timer = None
        self.force_close()

    def connection_lost(self, exc: BaseException | None) -> None:
        self._cancel_timer()
        self.guard.open -= 1
        super().connection_lost(exc)


class ConnectionGuard:
    """The protocol factory the server listens with: counts connections, refuses beyond
    the limit, and hands the rest to aiohttp through `GuardedHandler`."""

    def __init__(self, server: web.Server, limits: Limits, log: RefusalLog) -> None:
        self.server = server
        self.limits = limits
        self.log = log
        self.open = 0

    def __call__(self) -> asyncio.BaseProtocol:
        if self.open >= self.limits.connections:
            self.log("refused: too many connections")
            return _Refused()
        # As aiohttp's own factory (web.Server.__call__) builds its handler.
        handler = GuardedHandler(self.server, loop=self.server._loop, **self.server._kwargs)
        handler.guard = self
        self.open += 1
        return handler
