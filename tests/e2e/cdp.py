"""A headless Chromium driven through the DevTools protocol (the system browser, no
browser bundle to download): enough to open a page, wait for it, and type into it."""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp


class Browser:
    def __init__(self, chromium: str, width: int = 412, height: int = 915) -> None:
        self.profile = tempfile.TemporaryDirectory()
        self.process = subprocess.Popen(
            [
                chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--remote-debugging-port=0",
                f"--user-data-dir={self.profile.name}", f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.http: aiohttp.ClientSession | None = None
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.ids = itertools.count(1)

    async def connect(self) -> None:
        active = Path(self.profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not active.exists() or not active.read_text().strip():
            if time.monotonic() > deadline:
                raise AssertionError("Chromium did not open its DevTools port")
            await asyncio.sleep(0.1)
        port = int(active.read_text().splitlines()[0])
        self.http = aiohttp.ClientSession()
        targets = await (await self.http.get(f"http://127.0.0.1:{port}/json/list")).json()
        page = next(t for t in targets if t["type"] == "page")
        self.socket = await self.http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        assert self.socket is not None
        number = next(self.ids)
        await self.socket.send_str(json.dumps({"id": number, "method": method, "params": params}))
        async for message in self.socket:
            reply = json.loads(message.data)
            if reply.get("id") == number:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply.get("result", {})
        raise AssertionError("the browser closed the connection")

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait_for(self, expression: str, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not await self.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            await asyncio.sleep(0.2)

    async def press(self, key: str) -> None:
        """One key, as a keyboard sends it: a digit, a letter or Enter."""
        if key == "Enter":
            details = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"}
        else:
            code = f"Digit{key}" if key.isdigit() else f"Key{key.upper()}"
            details = {"key": key, "code": code, "windowsVirtualKeyCode": ord(key.upper()),
                       "text": key}  # fmt: skip
        await self.call("Input.dispatchKeyEvent", type="keyDown", **details)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **details)

    async def type(self, text: str) -> None:
        await self.call("Input.insertText", text=text)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self.http is not None:
            await self.http.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.profile.cleanup()
