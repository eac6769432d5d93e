"""Where intercept() sends each request: the in-process app (a vendor's real host, or
the handle's own URL), the network (loopback, passthrough), or a refusal."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

from flask import Flask
from werkzeug.test import EnvironBuilder, run_wsgi_app

from .core.faults import ConnectionDropped
from .core.pipeline import BASE_URL_ENVIRON_KEY

__all__ = ["HostRoute", "InterceptError", "Reply", "Router"]


class InterceptError(Exception):
    """A request refused (its host is neither a vendor's nor let through) or dropped by a
    fault; each hook raises it again as its library's connection error."""


@dataclass(frozen=True, slots=True)
class HostRoute:
    """One real base URL and where the app serves what is under it."""

    host: str  # lower case; "*.zendesk.com" matches any subdomain
    port: int | None  # None: any
    path: str  # "" or "/espo": only paths under it
    mount: str  # the app's prefix for the base URL ("" for the handle's own URL)
    vendor: str | None  # None: the handle's own URL (paths as they are, links as built)

    @classmethod
    def parse(cls, base_url: str, mount: str, vendor: str | None) -> HostRoute:
        parts = urlsplit(base_url if "://" in base_url else f"https://{base_url}")
        if not parts.hostname:
            raise ValueError(f"intercept: {base_url!r} is not a base URL (https://host[:port][/path])")
        return cls(parts.hostname, parts.port, parts.path.rstrip("/"), mount, vendor)

    def covers(self, host: str, port: int | None, path: str) -> bool:
        if self.port is not None and port != self.port:
            return False
        if not _host_matches(self.host, host):
            return False
        return not self.path or path == self.path or path.startswith(self.path + "/")

    def mock_path(self, path: str) -> str:
        return self.mount + (path[len(self.path) :] or ("" if self.mount else "/"))


def _host_matches(pattern: str, host: str) -> bool:
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    return host == pattern


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True, slots=True)
class _Target:
    """Where one request goes: the URL as the client sent it, and its route."""

    parts: SplitResult
    route: HostRoute


def _origin(parts: SplitResult) -> str:
    """scheme://host[:port], without any user:password@."""
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


class Router:
    """Decides for each request: the in-process app, the network, or a refusal."""

    def __init__(self, app: Flask, routes: Iterable[HostRoute], passthrough: bool | frozenset[str]) -> None:
        self.app = app
        self.routes = tuple(routes)
        self.passthrough = passthrough

    def target(self, method: str, url: str) -> _Target | None:
        """The route that answers `url`; None to let it through; InterceptError to refuse it."""
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        for route in self.routes:
            if route.covers(host, parts.port, parts.path):
                return _Target(parts, route)
        if _is_loopback(host) or self._lets_through(host):
            return None
        raise InterceptError(
            f"crm-mock intercept refused {method} {_origin(parts)}{parts.path}: {host} is not a host "
            f"crm-mock answers for; let it reach the network with intercept(passthrough=[{host!r}]) "
            "or intercept(passthrough=True)"
        )

    def _lets_through(self, host: str) -> bool:
        if isinstance(self.passthrough, bool):
            return self.passthrough
        return any(_host_matches(pattern, host) for pattern in self.passthrough)

    def answer(self, target: _Target, method: str, headers: Iterable[tuple[str, str]], body: Any) -> Reply:
        """The app's answer, as a server in front of it would give it."""
        parts, route = target.parts, target.route
        builder = EnvironBuilder(
            path=route.mock_path(parts.path),
            base_url=_origin(parts),
            query_string=parts.query,
            method=method,
            # The body's length is the builder's to set; a chunked upload arrives whole here.
            headers=[(k, v) for k, v in headers if k.lower() not in ("content-length", "transfer-encoding")],
            data=_body_bytes(body),
        )
        environ = builder.get_environ()
        if route.vendor is not None:  # links the vendor builds point at the host the client used
            environ[BASE_URL_ENVIRON_KEY] = _origin(parts) + route.path
        try:
            chunks, status, answer_headers = run_wsgi_app(self.app, environ, buffered=True)
        except ConnectionDropped:
            raise InterceptError(
                f"crm-mock intercept: a drop fault closed the connection of {method} "
                f"{_origin(parts)}{parts.path} unanswered"
            ) from None
        try:
            content = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        code, _, reason = status.partition(" ")
        return Reply(int(code), reason, list(answer_headers.items()), content)

    def exchange(self, method: str, url: str, headers: Iterable[tuple[str, str]], body: Any) -> Reply | None:
        """The app's answer, or None to let the request through."""
        target = self.target(method, url)
        return None if target is None else self.answer(target, method, headers, body)


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    if hasattr(body, "read"):
        return _body_bytes(body.read())
    if isinstance(body, Mapping):
        raise TypeError("intercept: a form body reaches urllib3 encoded; got a mapping")
    return b"".join(_body_bytes(chunk) for chunk in body)  # an iterable of chunks
