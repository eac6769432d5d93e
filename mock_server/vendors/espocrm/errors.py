"""EspoCRM's error dialect: a status, the reason in `X-Status-Reason`, and almost
always an empty body (FACTS.md 3).  Four cases carry a body: field validation
(400), duplicates (409, an array), optimistic concurrency (409) and a failed
send (500)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ...core.dialect import VendorError, current_scope
from ...core.violations import Violation

__all__ = [
    "BadRequest",
    "Conflict",
    "EspoCrmDialect",
    "EspoError",
    "Forbidden",
    "NotFound",
    "ServerError",
    "SlimError",
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


# Slim 4's HttpNotFoundException / HttpMethodNotAllowedException: title and description
# (Slim/Exception/*.php); EspoCRM installs Slim's default error handler with details off
# (Core/Api/Starter.php: addErrorMiddleware(false, true, true, ...)).
_SLIM_ERRORS = {
    404: ("404 Not Found", "The requested resource could not be found. Please verify the URI and try again."),
    405: ("405 Method Not Allowed", "The request method is not supported for the requested resource."),
}
# Slim's ErrorHandler::$errorRenderers, in its order; anything else gets the HTML page.
_SLIM_TYPES = ("application/json", "application/xml", "text/xml", "text/html", "text/plain")
# The order FastRoute lists allowed methods in for EspoCRM's table (routes.json of the Crm
# module, then core): methods of static routes first, then of variable routes, each in the
# order the method first appears.
_STATIC_METHOD_ORDER = ("GET", "POST", "PATCH", "PUT", "DELETE")
_VARIABLE_METHOD_ORDER = ("GET", "POST", "DELETE", "OPTIONS", "PUT", "PATCH")


def slim_content_type(accept: str) -> str | None:
    """Slim's ErrorHandler::determineContentType: the Accept header split on commas (not
    trimmed, parameters kept), the first entry Slim has a renderer for, text/plain yielding
    to a second one; else a +json or +xml suffix; else None (the HTML default)."""
    chosen = [entry for entry in accept.split(",") if entry in _SLIM_TYPES]
    if chosen:
        return chosen[1] if chosen[0] == "text/plain" and len(chosen) > 1 else chosen[0]
    suffix = re.search(r"\+(json|xml)", accept)
    return f"application/{suffix.group(1)}" if suffix else None


def _slim_body(content_type: str, title: str, description: str) -> str:
    """What Slim's renderers print with displayErrorDetails off."""
    if content_type == "application/json":
        return json.dumps({"message": title}, indent=4)  # PHP's JSON_PRETTY_PRINT
    if content_type in ("application/xml", "text/xml"):
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<error>\n  <message><![CDATA[{title}]]></message>\n</error>"
        )
    if content_type == "text/plain":
        return f"{title}\n"
    return (
        '<!doctype html><html lang="en">    <head>        <meta charset="utf-8">'
        '        <meta name="viewport" content="width=device-width, initial-scale=1">'
        f"        <title>{title}</title>        <style>"
        "            body{margin:0;padding:30px;font:12px/1.5 Helvetica,Arial,Verdana,sans-serif}"
        "            h1{margin:0;font-size:48px;font-weight:normal;line-height:48px}"
        "            strong{display:inline-block;width:65px}"
        f"        </style>    </head>    <body>        <h1>{title}</h1>"
        f"        <div><p>{description}</p></div>"
        '        <a href="#" onclick="window.history.go(-1)">Go Back</a>    </body></html>'
    )


class SlimError(EspoError):
    """The router's own answer, before any EspoCRM code runs: Slim's error page in the
    type the Accept header picks, no X-Status-Reason."""

    def __init__(self, status: int, accept: str, method: str, allowed: Sequence[str] = ()):
        super().__init__(status, extra={"Allow": ", ".join(allowed)} if status == 405 else {})
        if method == "OPTIONS":
            self.status = 200  # Slim's ErrorHandler::determineStatusCode: OPTIONS always gets 200
        chosen = slim_content_type(accept)
        self.content_type = chosen or "text/html"
        title, description = _SLIM_ERRORS[status]
        self.text = _slim_body(self.content_type, title, description)

    def body(self) -> Any:
        return json.loads(self.text) if self.content_type == "application/json" else None

    def raw_body(self) -> bytes:
        return self.text.encode()


# The static routes (no parameters) among the paths the mock serves, and their methods
# (Resources/routes.json); every other served path is matched by EspoCRM's variable routes.
_STATIC_ROUTES = {"/App/user": ("GET",), "/Metadata": ("GET",), "/MassAction": ("POST",)}


def slim_allowed(path: str, methods: Sequence[str]) -> list[str]:
    """The methods the mock serves at `path`, in the order EspoCRM's router lists them in
    `Allow`: those of a static route first, then the variable routes' methods."""
    resource = path.split("/api/v1", 1)[-1] or "/"
    static = _STATIC_ROUTES.get(resource, ())

    def rank(method: str) -> tuple[int, int]:
        if method in static:
            return (0, _STATIC_METHOD_ORDER.index(method))
        return (1, _VARIABLE_METHOD_ORDER.index(method) if method in _VARIABLE_METHOD_ORDER else 99)

    return sorted(dict.fromkeys(method.upper() for method in methods), key=rank)


class EspoCrmDialect:
    def reject(self, violations: Sequence[Violation]) -> VendorError:
        first = violations[0]
        if first.kind == "route_not_found":
            scope = current_scope()
            return SlimError(404, scope.accept, scope.method)
        if first.kind == "method_not_allowed":
            scope = current_scope()
            served = first.expected if isinstance(first.expected, (list, tuple)) else ()
            allowed = slim_allowed(scope.path, [str(method) for method in served])
            return SlimError(405, scope.accept, scope.method, allowed)
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
