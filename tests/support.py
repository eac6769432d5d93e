"""One way for every test to talk to the mock: in-process, or over HTTP.

By default each test session builds the Flask app in-process (strict: every
response is also checked against the spec).  With CRM_MOCK_URL set, the same
tests drive a running server instead, e.g.

    crm-mock serve --port 8080 &
    CRM_MOCK_URL=http://127.0.0.1:8080 pytest

Tests isolate themselves by using a fresh credential (tenant) each, so they
never need to reset a shared server.
"""

from __future__ import annotations

import contextlib
import json as jsonlib
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import requests

from mock_server.app import create_app
from mock_server.config import Settings

MOCK_URL = os.environ.get("CRM_MOCK_URL", "").rstrip("/")
HL_LOCATION = "ve9EPM428h8vShlRW1KT"
HL_VERSION = "2021-07-28"


@dataclass
class Answer:
    """A response, the same whether it came from Flask's test client or over HTTP."""

    status: int
    headers: Mapping[str, str]
    text: str

    def json(self) -> Any:
        return jsonlib.loads(self.text)


class MockClient:
    """Sends requests to the mock at `prefix` (e.g. /highlevel) with default headers."""

    def __init__(self, transport: Transport, prefix: str, headers: Mapping[str, str]) -> None:
        self.transport = transport
        self.prefix = prefix
        self.headers = dict(headers)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | str | None = None,
        headers: Mapping[str, str | None] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Answer:
        merged: dict[str, str] = dict(self.headers)
        if json is not None:
            data = jsonlib.dumps(json)
            merged["Content-Type"] = "application/json"
        for name, value in (headers or {}).items():
            if value is None:
                merged.pop(name, None)
            else:
                merged[name] = value
        return self.transport.send(method, self.prefix + path, merged, data, params)

    def get(self, path: str, **kwargs: Any) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Answer:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Answer:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Answer:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Answer:
        return self.request("DELETE", path, **kwargs)


class Transport:
    def send(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        data: bytes | str | None,
        params: Mapping[str, Any] | None,
    ) -> Answer:
        raise NotImplementedError


class InProcess(Transport):
    def __init__(self) -> None:
        self.app = create_app(Settings(strict=True, seed=7))
        self.client = self.app.test_client()

    def send(self, method, path, headers, data, params):  # type: ignore[no-untyped-def]
        response = self.client.open(path, method=method, headers=headers, data=data, query_string=params)
        return Answer(response.status_code, dict(response.headers), response.get_data(as_text=True))


class OverHttp(Transport):
    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()

    def send(self, method, path, headers, data, params):  # type: ignore[no-untyped-def]
        response = self.session.request(method, self.base + path, headers=headers, data=data, params=params, timeout=30)
        return Answer(response.status_code, dict(response.headers), response.text)


def header(answer: Answer, name: str) -> str | None:
    """A response header by case-insensitive name."""
    for key, value in answer.headers.items():
        if key.lower() == name.lower():
            return value
    return None


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_health(base: str, timeout_s: float = 60) -> dict[str, Any]:
    """The health document once `base` answers it, or an error after `timeout_s`."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"{base}/__mock__/health", timeout=2) as answer:
                health: dict[str, Any] = jsonlib.load(answer)
                return health
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextlib.contextmanager
def served(*options: str) -> Iterator[str]:
    """`crm-mock serve` in a process of its own on a free loopback port, with `options`;
    its base URL while it runs."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mock_server.cli", "serve", "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_health(f"http://127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)
