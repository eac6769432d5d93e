"""Credentials kept out of the journal, wherever a request carries them.

Each vendor declares, in one list (`Vendor.credentials`), the names under which
its clients send credentials; a name counts wherever it appears: as a request
header, a query parameter, a field of a form or JSON body (of a request, or of an
answer that hands credentials out, as an OAuth token endpoint does), and in what a
validator says about it.  Some names are secret for every vendor (ALWAYS_SECRET:
Authorization, cookies, the control plane's X-Admin-Token).  A redacted value
becomes "[redacted]" (an Authorization header keeps its scheme: "Bearer
[redacted]"); the exchange's tenant label tells callers apart without the secret.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from .violations import Violation

__all__ = ["ALWAYS_SECRET", "PLACEHOLDER", "Redactor", "environ_headers", "secret_environ_keys"]

ALWAYS_SECRET = ("authorization", "proxy-authorization", "cookie", "set-cookie", "x-admin-token")
PLACEHOLDER = "[redacted]"
_MAX_JSON_DEPTH = 64  # bodies nested deeper are kept as they are stored: truncated text, never walked further


def _redact(value: str) -> str:
    scheme, _, rest = value.partition(" ")
    return f"{scheme} {PLACEHOLDER}" if rest else PLACEHOLDER


def secret_environ_keys(secret: Iterable[str]) -> frozenset[str]:
    names = {name.lower() for name in secret} | set(ALWAYS_SECRET)
    return frozenset("HTTP_" + name.upper().replace("-", "_") for name in names)


def environ_headers(environ: Mapping[str, Any], secret_keys: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """A request's headers straight from the WSGI environ (cheaper than Werkzeug's view),
    secrets redacted on the way in so that they are never stored."""
    pairs = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            pairs.append((key, _redact(value) if key in secret_keys else value))
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            pairs.append((key, value))
    return tuple(pairs)


class Redactor:
    """One vendor's credential names, applied to every part of a request the journal keeps."""

    def __init__(self, credentials: Iterable[str]) -> None:
        self.names = frozenset(name.lower() for name in credentials) | frozenset(ALWAYS_SECRET)
        self.environ_keys = secret_environ_keys(self.names)
        self._dashed = frozenset(name.replace("_", "-") for name in self.names)  # "_token" and "-token" alike
        # Spellings a query string or body may hold them in, for a cheap "nothing to do" check.
        self._needles = tuple({form.encode() for name in self.names for form in (name, name.replace("-", "_"))})

    def _secret(self, name: object) -> bool:
        return isinstance(name, str) and name.lower().replace("_", "-") in self._dashed

    def _mentions(self, raw: bytes) -> bool:
        lowered = raw.lower()  # then a plain substring search each: faster than one IGNORECASE pattern
        return any(needle in lowered for needle in self._needles)

    def headers(self, environ: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        return environ_headers(environ, self.environ_keys)

    def query(self, raw: bytes) -> bytes:
        """The query string with every credential parameter's value replaced."""
        if not raw or not self._mentions(raw):
            return raw
        pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
        return urlencode([(name, PLACEHOLDER if self._secret(name) else value) for name, value in pairs]).encode(
            "latin-1", errors="replace"
        )

    def body(self, raw: bytes, content_type: str | None) -> bytes:
        """A form or JSON body with credential fields replaced (others as sent)."""
        if not raw or not self._mentions(raw):
            return raw
        media = (content_type or "").split(";", 1)[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            return self.query(raw)
        if media == "application/json" or media.endswith("+json"):
            try:
                document = json.loads(raw)
            except (ValueError, RecursionError):
                return raw
            return json.dumps(self._json(document, 0), ensure_ascii=False).encode()
        return raw

    def _json(self, value: Any, depth: int) -> Any:
        if depth > _MAX_JSON_DEPTH:
            return value
        if isinstance(value, dict):
            return {
                key: PLACEHOLDER if self._secret(key) else self._json(item, depth + 1) for key, item in value.items()
            }
        if isinstance(value, list):
            return [self._json(item, depth + 1) for item in value]
        return value

    def violations(self, found: tuple[Violation, ...]) -> tuple[Violation, ...]:
        """What a validator said about a credential parameter, without its value."""
        if not found:
            return found
        return tuple(self._violation(violation) for violation in found)

    def _violation(self, violation: Violation) -> Violation:
        if violation.location not in ("header", "query", "body") or not any(map(self._secret, violation.pointer)):
            return violation
        message = violation.message
        if isinstance(violation.received, str) and violation.received:
            message = message.replace(violation.received, PLACEHOLDER)
        return replace(violation, message=message, received=PLACEHOLDER)
