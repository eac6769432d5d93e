"""The contract between the generic request path and a vendor's error dialect."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from .violations import Violation

__all__ = ["CURRENT_SCOPE", "Dialect", "Scope", "VendorError", "current_scope"]


@dataclass(frozen=True, slots=True)
class Scope:
    """The request being answered, for errors that speak of it: OpenInt's name the
    procedure, SalesOS's older filter the path and time; options are the vendor's options in effect."""

    operation_id: str | None  # None for a route miss
    method: str
    path: str
    options: Mapping[str, Any]
    now: datetime
    # The request's Accept header (values joined by ", "), for routers that pick an
    # error body by it (EspoCRM's Slim).
    accept: str = ""


CURRENT_SCOPE: ContextVar[Scope | None] = ContextVar("crm_mock_scope", default=None)


def current_scope() -> Scope:
    scope = CURRENT_SCOPE.get()
    return scope if scope is not None else Scope(None, "GET", "/", {}, datetime.now(UTC))


class VendorError(Exception):
    """An answer in the vendor's own words: status, headers and body.

    Each vendor subclasses this once per kind of error it sends (errors.py in
    the vendor's folder); handlers raise them, the pipeline renders them.
    """

    status: int = 500
    content_type: str = "application/json; charset=utf-8"
    # The problems behind this answer, when it is a refusal (kept in the journal).
    violations: tuple[Violation, ...] = ()
    # Made on purpose (an injected fault or an emulated rate limit), not by an operation:
    # strict mode does not hold it to the operation's listed responses.
    injected: bool = False
    # For a used-up quota: seconds until it starts over (dialects may say so in a header).
    retry_after_s: int | None = None

    def because(self, violations: Sequence[Violation]) -> VendorError:
        """This error, remembering the violations that caused it."""
        self.violations = tuple(violations)
        return self

    def body(self) -> Any:
        """The JSON body, or None for an empty one."""
        return None

    def headers(self) -> Mapping[str, str]:
        return {}

    def raw_body(self) -> bytes:
        payload = self.body()
        if payload is None:
            return b""
        return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()

    def __str__(self) -> str:
        return f"{type(self).__name__}({self.status}): {self.body()!r}"


class Dialect(Protocol):
    """How one vendor says no."""

    def reject(self, violations: Sequence[Violation]) -> VendorError:
        """The vendor's answer to a request with these problems (never empty)."""
        ...

    def internal_error(self) -> VendorError:
        """The vendor's answer when something broke on its side."""
        ...

    def unavailable(self, message: str) -> VendorError:
        """The vendor's 503, saying `message` where its dialect has room for one (the
        mock's own capacity limits, such as --max-tenants)."""
        ...

    def fault(self, action: str, status: int | None) -> VendorError:
        """An injected failure in the vendor's words: "rate_limited", "server_error",
        "unavailable", or "status" with any status code."""
        ...
