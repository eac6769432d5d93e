"""SalesOS's error dialect: NestJS's default `{statusCode, message, error}` (message
an array of class-validator strings for a bad body), or, with
salesos.error_shape=filter, the older backend's `{statusCode, timestamp, path, message}`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from ...core.dialect import VendorError, current_scope
from ...core.nestjs import json_parse_message, listed_messages
from ...core.violations import Violation
from .guesses import THROTTLER_NAME

__all__ = ["BadRequest", "Conflict", "NestError", "NotFound", "SalesOsDialect", "TooManyRequests", "Unauthorized"]


class NestError(VendorError):
    content_type = "application/json; charset=utf-8"

    def __init__(self, status: int, message: str | list[str], *, with_error: bool = True) -> None:
        super().__init__(message if isinstance(message, str) else "; ".join(message))
        self.status = status
        self.message = message
        self.with_error = with_error

    def body(self) -> Any:
        scope = current_scope()
        if scope.options.get("error_shape") == "filter":
            stamp = scope.now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{scope.now.microsecond // 1000:03d}Z"
            return {"statusCode": self.status, "timestamp": stamp, "path": scope.path, "message": self.message}
        body: dict[str, Any] = {"statusCode": self.status, "message": self.message}
        if self.with_error:
            body["error"] = HTTPStatus(self.status).phrase
        return body


def BadRequest(message: str | list[str]) -> NestError:
    return NestError(400, message)


def NotFound(message: str) -> NestError:
    return NestError(404, message)


def Conflict(message: str) -> NestError:
    return NestError(409, message)


def Unauthorized() -> NestError:
    # Passport's AuthGuard throws UnauthorizedException() without a message: no "error" key.
    return NestError(401, "Unauthorized", with_error=False)


class TooManyRequests(NestError):
    """The docs' 429 (FACTS.md 1), with Retry-After; with salesos.ratelimit_headers=suffixed
    `Retry-After-medium` instead, as @nestjs/throttler names it for a named throttler
    (src/throttler.guard.ts `handleRequest`)."""

    def __init__(self) -> None:
        super().__init__(429, "Too Many Requests", with_error=False)

    def headers(self) -> Mapping[str, str]:
        suffixed = current_scope().options.get("ratelimit_headers") == "suffixed"
        name = f"Retry-After-{THROTTLER_NAME}" if suffixed else "Retry-After"
        return {name: str(self.retry_after_s or 60)}


class SalesOsDialect:
    def reject(self, violations: Sequence[Violation]) -> VendorError:
        first = violations[0]
        if first.kind in ("route_not_found", "method_not_allowed"):
            return NotFound(f"Cannot {first.received} {first.name}")
        if first.kind == "too_large":
            return NestError(413, "request entity too large")
        if first.kind == "malformed":
            return BadRequest(json_parse_message(first))
        return BadRequest(listed_messages(violations))

    def internal_error(self) -> VendorError:
        return NestError(500, "Internal server error", with_error=False)

    def unavailable(self, message: str) -> VendorError:
        return NestError(503, message)  # GUESS: NestJS's ServiceUnavailableException(message)

    def fault(self, action: str, status: int | None) -> VendorError:
        if action == "rate_limited":
            return TooManyRequests()
        if action == "server_error":
            return self.internal_error()
        code = 503 if action == "unavailable" else (status or 500)
        try:
            return NestError(code, HTTPStatus(code).phrase)
        except ValueError:  # a status Python has no phrase for
            return NestError(code, "Error", with_error=False)
