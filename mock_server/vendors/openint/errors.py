"""OpenInt's error dialect: tRPC errors as trpc-openapi renders them (FACTS.md 3):

    {"message", "code", "data": {"code", "httpStatus", "path"}, "issues"?: [zod issues]}

`data.path` is the tRPC procedure (`crm.listAccounts`, or a bare core name such as
`listConnection`); a route miss has none.  Errors thrown before tRPC runs (a
malformed x-apikey, ambiguous connection headers) use the server's other shape,
{"error_type", "error_detail"}.

Under /v1 and /v2 (the newer API) the same errors read {"message", "code", "issues"}:
OpenInt's v1 document (error.NOT_FOUND and its siblings) lists no `data`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...core.dialect import VendorError, current_scope
from ...core.violations import Violation, listing

__all__ = [
    "HTTP_CODES",
    "OpenIntDialect",
    "OutsideError",
    "ProviderError",
    "TrpcError",
    "is_newer_api",
    "procedure_path",
    "zod_issues",
]

HTTP_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_SERVER_ERROR",
    501: "NOT_IMPLEMENTED",
    503: "SERVICE_UNAVAILABLE",
}
# Id prefixes and the names zod's custom check gives them (kits/cdk id types).
ID_NAMES = {
    "conn": "connection",
    "ccfg": "connector_config",
    "int": "integration",
    "pipe": "pipeline",
    "evt": "event",
    "user": "user",
    "org": "organization",
}


def is_newer_api(path: str) -> bool:
    """Whether a path (as the vendor's server sees it) is under /v1 or /v2."""
    return path.startswith(("/v1/", "/v2/"))


def procedure_path(operation_id: str | None) -> str | None:
    """The tRPC procedure behind an operation: crm-listAccounts -> crm.listAccounts."""
    if operation_id is None:
        return None
    return operation_id.replace("crm-", "crm.", 1)


class TrpcError(VendorError):
    content_type = "application/json"

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        issues: list[dict[str, Any]] | None = None,
        with_path: bool = True,
        extra_headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or HTTP_CODES.get(status, "INTERNAL_SERVER_ERROR")
        self.issues = issues
        self.path = procedure_path(current_scope().operation_id) if with_path else None
        self.extra_headers = dict(extra_headers or {})
        self.newer_api = is_newer_api(current_scope().path)

    def body(self) -> Any:
        if self.newer_api:
            # GUESS: `issues` always present ([] when none), as the v1 document's examples show.
            return {"message": self.message, "code": self.code, "issues": self.issues or []}
        data: dict[str, Any] = {"code": self.code, "httpStatus": self.status}
        if self.path is not None:
            data["path"] = self.path
        body: dict[str, Any] = {"message": self.message, "code": self.code, "data": data}
        if self.issues is not None:
            body["issues"] = self.issues
        return body

    def headers(self) -> Mapping[str, str]:
        return self.extra_headers


class ProviderError(TrpcError):
    """The provider answered an error status: OpenInt passes the provider's status on
    and its error formatter adds `class` and puts the provider's answer under
    `data.body` (packages/trpc/trpc.ts `errorFormatter` and packages/api/
    createRouterHandler.ts `responseMeta`, openintegrations/openint@31e88320).

    tRPC wraps the SDK's HTTPError in a TRPCError (code INTERNAL_SERVER_ERROR) whose
    message is the HTTPError's: `[<status> <reason>] <METHOD> <provider URL>`.
    """

    def __init__(self, status: int, reason: str, method: str, url: str, provider_body: Any) -> None:
        super().__init__(status, f"[{status} {reason}] {method} {url}", code="INTERNAL_SERVER_ERROR")
        self.provider_body = provider_body

    def body(self) -> Any:
        # The formatter spreads the SDK's response object (a fetch Response: nothing of it
        # survives JSON) and renames its data to `body`.
        return {"class": "TRPCError", "message": self.message, "code": self.code, "data": {"body": self.provider_body}}


class OutsideError(VendorError):
    """An error thrown before trpc-openapi runs, rendered by the server's own handler."""

    content_type = "application/json"

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail

    def body(self) -> Any:
        return {"error_type": "INTERNAL_ERROR", "error_detail": self.detail}


class Preflight(VendorError):
    """OPTIONS: 204 with the CORS headers, no body."""

    def __init__(self) -> None:
        super().__init__("preflight")
        self.status = 204


_ZOD_TYPES = {
    "integer": "number",
    "number": "number",
    "string": "string",
    "boolean": "boolean",
    "array": "array",
    "object": "object",
}


def _received(value: Any, location: str, expected: str) -> str:
    if value is None:
        return "null"
    if location == "query" and expected in ("number", "integer"):
        return "nan"  # trpc-openapi coerces query strings, so "abc" arrives as NaN
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def _issue(violation: Violation) -> dict[str, Any]:
    path = list(violation.pointer)
    expected = str(violation.expected) if violation.expected is not None else "string"
    if violation.kind == "missing":
        zod = _ZOD_TYPES.get(expected, "string")
        return {"code": "invalid_type", "expected": zod, "received": "undefined", "path": path, "message": "Required"}
    if violation.kind == "type":
        zod = _ZOD_TYPES.get(expected, expected)
        received = _received(violation.received, violation.location, expected)
        return {
            "code": "invalid_type",
            "expected": zod,
            "received": received,
            "path": path,
            "message": f"Expected {zod}, received {received}",
        }
    if violation.kind == "enum":
        options = [option for option in violation.expected or [] if option is not None]
        shown = " | ".join(f"'{option}'" for option in options)
        return {
            "received": violation.received,
            "code": "invalid_enum_value",
            "options": options,
            "path": path,
            "message": f"Invalid enum value. Expected {shown}, received '{violation.received}'",
        }
    if violation.kind == "pattern" and isinstance(violation.expected, str) and violation.expected.startswith("^"):
        prefix = violation.expected.lstrip("^").rstrip("_")
        name = ID_NAMES.get(prefix, prefix)
        return {"code": "custom", "message": f"Is not a valid {name} id, expecting {prefix}_", "path": path}
    if violation.kind in ("min_length", "min_items"):
        return {
            "code": "too_small",
            "minimum": violation.expected,
            "type": "array" if violation.kind == "min_items" else "string",
            "inclusive": True,
            "exact": False,
            "message": f"{'Array' if violation.kind == 'min_items' else 'String'} must contain at least "
            f"{violation.expected} {'element' if violation.kind == 'min_items' else 'character'}(s)",
            "path": path,
        }
    return {"code": "custom", "message": violation.message, "path": path}


def zod_issues(violations: Sequence[Violation]) -> list[dict[str, Any]]:
    """One issue per problem, at most MAX_LISTED, then a custom issue counting the rest
    (GUESS: zod lists every issue; the cap keeps an error small whatever the body holds)."""
    problems = listing(violations)
    issues = [_issue(violation) for violation in problems.shown]
    if problems.truncated:
        issues.append({"code": "custom", "message": problems.note, "path": []})
    return issues


class OpenIntDialect:
    def reject(self, violations: Sequence[Violation]) -> VendorError:
        first = violations[0]
        if first.kind in ("route_not_found", "method_not_allowed"):
            return TrpcError(404, "Not found", with_path=False)
        if first.kind in ("malformed", "unsupported_media_type"):
            return TrpcError(400, "Failed to parse request body", code="PARSE_ERROR")
        if first.kind == "too_large":
            return TrpcError(413, "Request body too large")  # GUESS: the platform's limit
        return TrpcError(400, "Input validation failed", issues=zod_issues(violations))

    def internal_error(self) -> VendorError:
        return TrpcError(500, "Internal server error")

    def unavailable(self, message: str) -> VendorError:
        return TrpcError(503, message)  # GUESS: code SERVICE_UNAVAILABLE

    def fault(self, action: str, status: int | None) -> VendorError:
        if action == "rate_limited":
            return TrpcError(429, "Too many requests")
        if action == "server_error":
            return TrpcError(500, "Internal server error")
        code = 503 if action == "unavailable" else (status or 500)
        return TrpcError(code, HTTP_CODES.get(code, "Error").replace("_", " ").capitalize())
