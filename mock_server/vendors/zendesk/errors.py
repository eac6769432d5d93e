"""Zendesk's error dialect: Rails-style bodies of {error[, description[, details]]}.

Established (FACTS.md 1, 7): 401 {"error":"Couldn't authenticate you"} and 404
{"error":"RecordNotFound","description":"Not found"}.  The 422 RecordInvalid shape
is Zendesk's classic validation body; its per-attribute wording for custom
objects is a GUESS, as are the 400 and 5xx bodies (each class says so).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from ...core.dialect import VendorError
from ...core.violations import MAX_LISTED, Violation, listing, omitted

__all__ = [
    "BadRequest",
    "InvalidEndpoint",
    "NotFound",
    "RecordInvalid",
    "ServiceUnavailable",
    "TooManyRequests",
    "Unauthorized",
    "ZendeskDialect",
]


class ZendeskError(VendorError):
    error = "Error"

    def __init__(self, description: str | None = None) -> None:
        super().__init__(description or self.error)
        self.description = description

    def body(self) -> Any:
        if self.description is None:
            return {"error": self.error}
        return {"error": self.error, "description": self.description}


class Unauthorized(ZendeskError):
    status = 401
    error = "Couldn't authenticate you"


class Forbidden(ZendeskError):
    """GUESS (FACTS.md 1): node-zendesk reads error.title / error.message from a 403."""

    status = 403

    def body(self) -> Any:
        return {
            "error": {
                "title": "Forbidden",
                "message": "You do not have access to this page. Please contact the account owner of this "
                "help desk for further help.",
            }
        }


class NotFound(ZendeskError):
    status = 404
    error = "RecordNotFound"

    def __init__(self) -> None:
        super().__init__("Not found")


class InvalidEndpoint(ZendeskError):
    """A path Zendesk does not serve (its router's answer, as for any unknown API path)."""

    status = 404
    error = "InvalidEndpoint"

    def __init__(self) -> None:
        super().__init__("Not found")


class BadRequest(ZendeskError):
    """GUESS: the 400 for a request that cannot be read (bad JSON, a parameter of the
    wrong type, a cursor the server did not issue)."""

    status = 400
    error = "InvalidValue"


class PayloadTooLarge(ZendeskError):
    """GUESS: a body over the size limit."""

    status = 413
    error = "PayloadTooLarge"

    def __init__(self) -> None:
        super().__init__("The request body is too large")


class RecordInvalid(VendorError):
    """422 with a list of problems per attribute (`details`), each {description, error}."""

    status = 422

    def __init__(self, details: Mapping[str, Sequence[tuple[str, str]]]) -> None:
        self.details = _listed_details(details)
        super().__init__("; ".join(text for problems in self.details.values() for text, _ in problems))

    def body(self) -> Any:
        return {
            "error": "RecordInvalid",
            "description": "Record validation errors",
            "details": {
                attribute: [{"description": text, "error": code} for text, code in problems]
                for attribute, problems in self.details.items()
            },
        }


def _listed_details(
    details: Mapping[str, Sequence[tuple[str, str]]], left_out: int | None = 0
) -> dict[str, list[tuple[str, str]]]:
    """At most MAX_LISTED problems; past that, one more under `base` (Rails' attribute for the
    record as a whole) says how many were left out.  GUESS: Zendesk documents no cap."""
    listed: dict[str, list[tuple[str, str]]] = {}
    count = 0
    for attribute, problems in details.items():
        for problem in problems:
            if count == MAX_LISTED:
                left_out = None if left_out is None else left_out + 1
                continue
            listed.setdefault(attribute, []).append(problem)
            count += 1
    if left_out != 0:
        listed.setdefault("base", []).append((omitted(left_out).message, "TooManyErrors"))
    return listed


def invalid(attribute: str, description: str, code: str = "InvalidValue") -> RecordInvalid:
    """A RecordInvalid with one problem."""
    return RecordInvalid({attribute: [(description, code)]})


class TooManyRequests(ZendeskError):
    """429 with Retry-After (seconds), the only status that carries it (FACTS.md 8).

    The body is plain text, not JSON: a Python client's JSON decoder failed on exactly
    this text (airbytehq/airbyte#11035: "Expecting value ... Number of allowed API
    requests per minute exceeded"), and integrators quote it as the reason phrase's
    companion (arduino/help-center-content#15).  zenpy tries JSON only after waiting
    out Retry-After (zenpy 2.0.57 lib/api.py `_call_api`, `_check_response`)."""

    status = 429
    # GUESS: the charset Rails adds to any text it renders.
    content_type = "text/plain; charset=utf-8"
    error = "APIRateLimitExceeded"
    TEXT = "Number of allowed API requests per minute exceeded"

    def __init__(self) -> None:
        super().__init__(self.TEXT)

    def raw_body(self) -> bytes:
        return self.TEXT.encode()

    def headers(self) -> Mapping[str, str]:
        # An emulated quota says when its window starts over; an injected fault, a minute.
        return {"Retry-After": str(self.retry_after_s or 60)}


class AnyStatus(ZendeskError):
    """An injected failure of any status, named by its reason phrase (GUESS)."""

    def __init__(self, status: int) -> None:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        self.error = phrase.replace(" ", "")
        super().__init__(phrase)
        self.status = status


class ServiceUnavailable(ZendeskError):
    """The mock's own capacity limits, in the API's usual {error, description} (GUESS)."""

    status = 503
    error = "ServiceUnavailable"


class InternalServerError(AnyStatus):
    def __init__(self) -> None:
        super().__init__(500)


def _parameter_message(violation: Violation) -> str:
    if violation.kind in ("minimum", "maximum") and violation.name == "page[size]":
        return "page[size] must be between 1 and 100"
    if violation.kind == "enum":
        allowed = ", ".join(str(value) for value in violation.expected or [])
        return f"{violation.name} must be one of {allowed}"
    if violation.kind == "type":
        return f"{violation.name} must be of type {violation.expected}"
    return f"{violation.name} is invalid"


class ZendeskDialect:
    def reject(self, violations: Sequence[Violation]) -> VendorError:
        first = violations[0]
        if first.kind in ("route_not_found", "method_not_allowed"):
            return InvalidEndpoint()
        if first.kind == "too_large":
            return PayloadTooLarge()
        if first.location in ("query", "path", "header"):
            return BadRequest(_parameter_message(first))
        if first.kind == "malformed":
            return BadRequest("The request body is not valid JSON")
        if first.location == "media":
            return BadRequest("The request body must be JSON (Content-Type: application/json)")
        problems = listing(violations)
        error = RecordInvalid({_attribute(v): [(_body_message(v), "InvalidValue")] for v in problems.shown})
        if problems.truncated:
            error.details = _listed_details(error.details, problems.left_out)
        return error

    def internal_error(self) -> VendorError:
        return InternalServerError()

    def unavailable(self, message: str) -> VendorError:
        return ServiceUnavailable(message)

    def fault(self, action: str, status: int | None) -> VendorError:
        if action == "rate_limited":
            return TooManyRequests()
        if action == "server_error":
            return InternalServerError()
        if action == "status" and status == 429:
            return TooManyRequests()  # Zendesk's 429 is always the same text
        return AnyStatus(503 if action == "unavailable" else (status or 500))


def _attribute(violation: Violation) -> str:
    """The attribute a body problem is about, without the envelope (custom_object_record.name -> name)."""
    parts = [str(part) for part in violation.pointer[1:]] or [str(part) for part in violation.pointer] or ["base"]
    return ".".join(parts)


def _body_message(violation: Violation) -> str:
    name = _attribute(violation)
    if violation.kind == "missing":
        return f"{name}: is required"
    if violation.kind == "type":
        return f"{name}: must be of type {violation.expected}"
    if violation.kind == "enum":
        return f"{name}: must be one of {', '.join(str(value) for value in violation.expected or [])}"
    return f"{name}: {violation.message}"
