"""HighLevel's error dialect: NestJS bodies of {statusCode, message[, error]}.

Shapes come from the vendor's spec and real responses (FACTS.md section 6).
What the framework does where HighLevel's own behaviour is unknown (bad JSON,
a body over the limit, an unknown route, a crash) follows NestJS defaults.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from ...core.dialect import VendorError
from ...core.nestjs import json_parse_message, listed_messages
from ...core.violations import Violation

__all__ = [
    "BadRequest",
    "BodyUnreadable",
    "DuplicateContact",
    "Forbidden",
    "HighLevelDialect",
    "HighLevelError",
    "InternalServerError",
    "LocationNotAccessible",
    "NotFound",
    "OAuthAppNotFound",
    "OAuthRefused",
    "PayloadTooLarge",
    "RouteNotFound",
    "ScopeNotAuthorized",
    "ServiceUnavailable",
    "TooManyRequests",
    "Unauthorized",
    "Unprocessable",
    "VersionMissing",
    "VersionRefused",
    "VersionSegmentInvalid",
    "unprocessable",
]


class HighLevelError(VendorError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def body(self) -> Any:
        return {"statusCode": self.status, "message": self.message}


class BadRequest(HighLevelError):
    """400 as NestJS's BadRequestException words it: message, error name, status
    (the shape of the vendor's real duplicate-relation and contact-not-found answers)."""

    status = 400

    def body(self) -> Any:
        return {"message": self.message, "error": "Bad Request", "statusCode": 400}


class BodyUnreadable(HighLevelError):
    """A body the JSON parser rejects: NestJS passes the parser's error on as
    {statusCode, message}, without an error name."""

    status = 400


class Unauthorized(HighLevelError):
    status = 401

    def __init__(self, message: str = "Invalid token: access token is invalid") -> None:
        super().__init__(message)

    def body(self) -> Any:
        return {"statusCode": 401, "message": self.message, "error": "Unauthorized"}


class VersionMissing(HighLevelError):
    """No Version header: the gateway's 401, {statusCode, message} without an error name
    (live captures, e.g. `curl .../contacts/test` with no Version header)."""

    status = 401

    def __init__(self) -> None:
        super().__init__("version header was not found.")


class VersionRefused(HighLevelError):
    """A date or named version HighLevel does not publish ("2020-01-01"): 401 (live
    probes). GUESS: the envelope of the missing-header 401, from the same gateway."""

    status = 401

    def __init__(self) -> None:
        super().__init__("version header is invalid")


class VersionSegmentInvalid(HighLevelError):
    """A Version that is neither a date nor a named version ("bogus-version"): 400,
    as integrators measured it in 2026, in the gateway's {statusCode, message}."""

    status = 400

    def __init__(self, version: str) -> None:
        super().__init__(f"Invalid API version segment '{version}' at position 0")


class ScopeNotAuthorized(HighLevelError):
    """A token without the scope an operation needs: 401 {statusCode, message}, no error
    name (vendor docs issue 217, a live answer to a pit- token)."""

    status = 401

    def __init__(self) -> None:
        super().__init__("The token is not authorized for this scope.")


class LocationNotAccessible(HighLevelError):
    """A Private Integration token naming a location it does not open (another
    sub-account's or one that does not exist): 401, as integrators measured it in 2026."""

    status = 401

    def __init__(self) -> None:
        super().__init__("This location is not accessible from this token!")


class Forbidden(HighLevelError):
    """An OAuth token naming a location it was not installed on (vendor docs issue 213)."""

    status = 403

    def __init__(self, message: str = "The token does not have access to this location.") -> None:
        super().__init__(message)


class NotFound(BadRequest):
    """A missing object, record, association, field or folder.

    GUESS: not captured for these endpoints; the same platform answers a missing
    contact with 400 `{"message":"Contact not found for id:...","error":"Bad
    Request","statusCode":400}` (not 404), so the mock does the same.
    """


class DuplicateContact(HighLevelError):
    """A contact whose email or phone another contact of the location has, where the
    location does not allow duplicates: 400 with the other contact in `meta` (integrators'
    code quoting live answers: `meta.contactId`, `meta.contactName`, `meta.matchingField`)."""

    status = 400

    def __init__(self, contact_id: str, contact_name: str, matching_field: str) -> None:
        super().__init__("This location does not allow duplicated contacts.")
        self.meta = {"contactName": contact_name, "contactId": contact_id, "matchingField": matching_field}

    def body(self) -> Any:
        return {"statusCode": 400, "message": self.message, "meta": self.meta}


class OAuthRefused(HighLevelError):
    """The OAuth server's refusals, {statusCode, message} without an error name, as the v3
    OAuth document's examples show them ("Missing parameter: clientId", "Invalid
    parameter: grantType", "Invalid grant: refresh token is invalid"): 400 by default,
    401 for a token that may not call an agency endpoint (vendor docs issue 217's words)."""

    status = 400

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class OAuthAppNotFound(HighLevelError):
    """The v3 installed-locations answer for an app it does not know: the AIP error
    envelope of the v3 OAuth document (its 404 example)."""

    status = 404

    def __init__(self, app_id: str) -> None:
        super().__init__(f"The requested App '{app_id}' was not found.")
        self.app_id = app_id

    def body(self) -> Any:
        return {
            "error": {
                "code": "RESOURCE_NOT_FOUND",
                "message": self.message,
                "details": {"resource": "App", "identifier": self.app_id},
                "resolution": "Verify the App exists and you have permission to access it.",
            }
        }


class RouteNotFound(HighLevelError):
    """NestJS's answer for a path no controller serves (it has no 405)."""

    status = 404

    def body(self) -> Any:
        return {"message": self.message, "error": "Not Found", "statusCode": 404}


class PayloadTooLarge(HighLevelError):
    status = 413

    def __init__(self) -> None:
        super().__init__("request entity too large")


class Unprocessable(VendorError):
    status = 422

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)

    def body(self) -> Any:
        return {"statusCode": 422, "message": self.messages, "error": "Unprocessable Entity"}


class TooManyRequests(HighLevelError):
    """GUESS (FACTS.md 8): the body of HighLevel's 429 was never captured."""

    status = 429

    def __init__(self) -> None:
        super().__init__("Too Many Requests")


class AnyStatus(HighLevelError):
    """An injected failure of any status, worded as NestJS's HttpException would."""

    def __init__(self, status: int) -> None:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        super().__init__(phrase)
        self.status = status


class ServiceUnavailable(HighLevelError):
    """NestJS's ServiceUnavailableException(message): the mock's own capacity limits (GUESS)."""

    status = 503

    def body(self) -> Any:
        return {"message": self.message, "error": "Service Unavailable", "statusCode": 503}


class InternalServerError(HighLevelError):
    status = 500

    def __init__(self) -> None:
        super().__init__("Internal server error")


def unprocessable(violations: Sequence[Violation]) -> Unprocessable:
    """The 422 for these problems: every message once, in order (at most MAX_LISTED, then a
    line counting the rest: still an array of strings), remembering the violations."""
    error = Unprocessable(listed_messages(violations))
    error.because(violations)
    return error


class HighLevelDialect:
    def reject(self, violations: Sequence[Violation]) -> VendorError:
        first = violations[0]
        if first.kind == "route_not_found" or first.kind == "method_not_allowed":
            return RouteNotFound(f"Cannot {first.received} {first.name}")
        if first.kind == "too_large":
            return PayloadTooLarge()
        if first.kind == "malformed":
            return BodyUnreadable(json_parse_message(first))
        return unprocessable(violations)

    def internal_error(self) -> VendorError:
        return InternalServerError()

    def unavailable(self, message: str) -> VendorError:
        return ServiceUnavailable(message)

    def fault(self, action: str, status: int | None) -> VendorError:
        if action == "rate_limited":
            return TooManyRequests()
        if action == "server_error":
            return InternalServerError()
        code = 503 if action == "unavailable" else (status or 500)
        return AnyStatus(code)
