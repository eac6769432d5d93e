"""EspoCRM's error dialect: a status, the reason in `X-Status-Reason`, and almost
always an empty body (FACTS.md 3).  Four cases carry a body: field validation
(400), duplicates (409, an array), optimistic concurrency (409) and a failed
send (500)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ...core.dialect import VendorError
from ...core.violations import Violation

__all__ = [
    "BadRequest",
    "Conflict",
    "EspoCrmDialect",
    "EspoError",
    "Forbidden",
    "NotFound",
    "ServerError",
    "Unauthorized",
    "ValidationFailure",
]


class EspoError(VendorError):
    content_type = "application/json"

    def __init__(self, status: int, reason: str | None = None, payload: Any = None, *, extra: Mapping[str, str] = {}):
        super().__init__(reason or str(status))
        self.status = status
        self.reason = reason
        self.payload = payload
        self.extra = dict(extra)

    def body(self) -> Any:
        return self.payload

    def raw_body(self) -> bytes:
        if self.payload is None:
            return b""
        return json.dumps(self.payload, separators=(",", ":"), ensure_ascii=False).encode()

    def headers(self) -> Mapping[str, str]:
        headers = dict(self.extra)
        if self.reason is not None:
            # Non-printable characters become spaces, as the server does.
            headers["X-Status-Reason"] = "".join(char if char.isprintable() else " " for char in self.reason)
        return headers


def BadRequest(reason: str | None = None) -> EspoError:
    return EspoError(400, reason)


def Unauthorized(reason: str | None = None, *, challenge: bool = False) -> EspoError:
    return EspoError(401, reason, extra={"WWW-Authenticate": 'Basic realm=""'} if challenge else {})


def Forbidden(reason: str | None = None) -> EspoError:
    return EspoError(403, reason)


def NotFound(reason: str | None = None) -> EspoError:
    return EspoError(404, reason)


def Conflict(reason: str, payload: Any) -> EspoError:
    return EspoError(409, reason, payload)


def ServerError(reason: str | None = None, payload: Any = None) -> EspoError:
    return EspoError(500, reason, payload)


def ValidationFailure(entity_type: str, field: str, kind: str) -> EspoError:
    """400 for a field that breaks its definition (FieldValidation/Exceptions/ValidationError)."""
    return EspoError(
        400,
        f"Field validation failure; entityType: {entity_type}, field: {field}, type: {kind}.",
        {"messageTranslation": {"label": "validationFailure", "scope": None, "data": {"field": field, "type": kind}}},
    )


class EspoCrmDialect:
    def reject(self, violations: Sequence[Violation]) -> VendorError:
        first = violations[0]
        if first.kind in ("route_not_found", "method_not_allowed"):
            return NotFound()  # GUESS: the router's own 404 for a path no route has
        if first.kind == "malformed":
            return ServerError()  # a PHP JsonException: 500, empty body, no reason (FACTS.md 0)
        if first.kind == "too_large":
            return EspoError(413)  # GUESS: the web server's limit, before PHP runs
        return BadRequest(first.message)

    def internal_error(self) -> VendorError:
        return ServerError()

    def unavailable(self, message: str) -> VendorError:
        return EspoError(503, message)  # GUESS: empty body, the reason in X-Status-Reason

    def fault(self, action: str, status: int | None) -> VendorError:
        if action == "rate_limited":
            return EspoError(429)  # EspoCRM has no rate limits of its own: a proxy's bare 429
        if action == "unavailable":
            return EspoError(503)
        if action == "server_error":
            return ServerError()
        return EspoError(status or 500)
