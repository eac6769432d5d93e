"""The mock's own guards against cross-site requests, in front of every route.

A web page on any site can make the browser send a "simple" request (no CORS
preflight) to a server on 127.0.0.1: a POST whose body is form data or text/plain,
or has no type at all.  And through DNS rebinding a page's own host name can come
to point at 127.0.0.1, so that even its preflighted requests reach the mock with
that name in the Host header.  Hence two checks:

- Host: bound to a loopback address, the mock answers only requests whose Host is
  a loopback name or address (localhost, 127.x.x.x, [::1]), the bound address, or a
  name of --allowed-hosts; bound to any other address (0.0.0.0 in Docker) it answers
  any Host unless --allowed-hosts is given.  Everything else gets 403.
- Content type: a control-plane write (POST, PUT, PATCH, DELETE) carries a JSON
  body (application/json) or no body and no Content-Type; anything else (form
  data, text/plain, a body without a type) gets 415.  Browsers cannot send
  application/json cross-site without a preflight, which the mock never grants.

Both answers are the control plane's `{"error": ...}`, for vendor routes too: they
come from the mock's guard, not from the vendor.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core.answer import Answer
from .errors import CONTROL_PREFIX

__all__ = ["HostPolicy", "Refusal", "content_type_refusal", "host_refusal", "is_loopback_name"]

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON_MEDIA = "application/json"


@dataclass(frozen=True, slots=True)
class Refusal:
    status: int
    message: str

    def answer(self) -> Answer:
        return Answer(self.status, [("Content-Type", "application/json")], json.dumps({"error": self.message}).encode())


def is_loopback_name(host: str) -> bool:
    """localhost, 127.0.0.0/8 or ::1 (a host name without its port)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    """The name of a Host header without its port, lower case: "[::1]:8080" -> "::1"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header[1:]
    name = header.rsplit(":", 1)[0] if header.count(":") == 1 else header
    return name.rstrip(".")


class HostPolicy:
    """Which Host headers the server answers, from where it is bound and --allowed-hosts."""

    def __init__(self, bound: str, allowed: Iterable[str]) -> None:
        bound_name = _host_name(bound)
        self.allowed = frozenset(_host_name(name) for name in allowed)
        self.any_host = "*" in self.allowed or (not is_loopback_name(bound_name) and not self.allowed)
        self.names = self.allowed | {bound_name}

        self._seen: dict[str, bool] = {}  # Host headers already judged: the same few, request after request

    def accepts(self, host_header: str | None) -> bool:
        if self.any_host or not host_header:  # no Host (HTTP/1.0): not a browser, which always sends one
            return True
        verdict = self._seen.get(host_header)
        if verdict is None:
            name = _host_name(host_header)
            verdict = is_loopback_name(name) or name in self.names
            if len(self._seen) < 64:
                self._seen[host_header] = verdict
        return verdict


def host_refusal(policy: HostPolicy, environ: dict[str, Any]) -> Refusal | None:
    host = environ.get("HTTP_HOST")
    if policy.accepts(host):
        return None
    return Refusal(
        403,
        f"Host {host!r} is not served: this mock answers loopback names and the address it is bound to "
        "(a guard against DNS rebinding); add names with --allowed-hosts",
    )


def _has_body(environ: dict[str, Any]) -> bool:
    length = environ.get("CONTENT_LENGTH") or ""
    if length.strip() not in ("", "0"):
        return True
    return "chunked" in (environ.get("HTTP_TRANSFER_ENCODING") or "").lower()


def content_type_refusal(environ: dict[str, Any]) -> Refusal | None:
    """A control-plane write must be JSON, or bodiless with no Content-Type."""
    if environ.get("REQUEST_METHOD", "GET") not in WRITE_METHODS:
        return None
    if not (environ.get("PATH_INFO") or "").startswith(CONTROL_PREFIX):
        return None
    content_type = environ.get("CONTENT_TYPE") or ""
    media = content_type.split(";", 1)[0].strip().lower()
    if media == JSON_MEDIA or (not media and not _has_body(environ)):
        return None
    shown = repr(content_type) if content_type else "none"
    return Refusal(
        415,
        f"the control plane takes application/json bodies only (Content-Type: {shown}); "
        "a request without a body sends no Content-Type",
    )
