"""Driving Debian's Firefox over WebDriver BiDi, the protocol Firefox speaks itself
(`--remote-debugging-port`), so no geckodriver and no Playwright build of Firefox
is needed: a websocket, a session, and script evaluation in the page."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["Firefox", "firefox_path"]

# Keep a fresh profile off the network (these machines have none) and quiet.
_PREFS = {
    "app.update.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "network.captive-portal-service.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "extensions.update.enabled": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "remote.active-protocols": 1,  # WebDriver BiDi only
}


def firefox_path() -> str | None:
    configured = os.environ.get("CRM_MOCK_FIREFOX")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("firefox-esr") or shutil.which("firefox")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Firefox:
    """One headless Firefox with one browsing context."""

    def __init__(self, executable: str) -> None:
        from websockets.sync.client import connect

        self._open = contextlib.ExitStack()
        self.profile = tempfile.TemporaryDirectory(prefix="crm-mock-firefox-")
        prefs = "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in _PREFS.items())
        Path(self.profile.name, "user.js").write_text(prefs)
        port = _free_port()
        self.process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-remote",
                "--profile",
                self.profile.name,
                "--remote-debugging-port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                opened = connect(f"ws://127.0.0.1:{port}/session", open_timeout=5, max_size=None)
                self.socket = self._open.enter_context(opened)
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.close()
                    raise RuntimeError("Firefox did not open its WebDriver BiDi port") from None
                time.sleep(0.2)
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        self.call("session.new", capabilities={})
        self.call("session.subscribe", events=["log.entryAdded"])
        self.context = self.call("browsingContext.getTree")["contexts"][0]["context"]

    def call(self, method: str, **params: Any) -> Any:
        command_id = next(self.ids)
        self.socket.send(json.dumps({"id": command_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=30))
            if message.get("type") == "event":
                self.events.append(message)
            elif message.get("id") == command_id:
                if message.get("type") == "error":
                    raise RuntimeError(f"{method}: {message.get('error')}: {message.get('message')}")
                return message["result"]

    def goto(self, url: str) -> None:
        self.call("browsingContext.navigate", context=self.context, url=url, wait="complete")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited if it is a promise)."""
        answer = self.call(
            "script.evaluate",
            expression=expression,
            target={"context": self.context},
            awaitPromise=True,
            serializationOptions={"maxObjectDepth": 4},
        )
        if answer.get("type") == "exception":
            raise RuntimeError(f"{expression!r} threw: {answer['exceptionDetails'].get('text')}")
        return _plain(answer["result"])

    def wait_for(self, expression: str, timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"still false after {timeout} s: {expression}")
            time.sleep(0.1)

    def errors(self) -> list[str]:
        return [
            str(event["params"].get("text"))
            for event in self.events
            if event.get("method") == "log.entryAdded"
            and event["params"].get("level") == "error"
            and event["params"].get("type") == "javascript"
        ]

    def close(self) -> None:
        try:
            if hasattr(self, "socket"):
                with contextlib.suppress(Exception):  # it may be gone already
                    self.call("browser.close")
            self._open.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.profile.cleanup()


def _plain(remote: dict[str, Any]) -> Any:
    """A BiDi remote value as Python (primitives, arrays and objects)."""
    kind = remote.get("type")
    if kind in ("string", "number", "boolean"):
        return remote.get("value")
    if kind in ("null", "undefined"):
        return None
    if kind == "array":
        return [_plain(item) for item in remote.get("value", [])]
    if kind == "object":
        return {key: _plain(value) for key, value in remote.get("value", [])}
    return remote
