"""/__mock__/faults and /__mock__/rate-limits: make the mock fail the way vendors do."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify

from ..core.faults import ACTIONS, CannedAnswer
from ..core.store import label_or_credential
from ..core.verification import MISSING
from .body import json_body
from .errors import mock_error, unknown_vendor
from .suggest import closest, closest_first, operation_ids

if TYPE_CHECKING:
    from ..runtime import Runtime

__all__ = ["fault_routes"]

RULE_FIELDS = {
    "vendor",
    "operationId",
    "method",
    "path",
    "tenant",
    "query",
    "body",
    "times",
    "probability",
    "seed",
    "action",
}

ACTION_FORMS = (
    'action must be one of {"error": "rate_limited" | "server_error" | "unavailable"}, '
    '{"status": 503}, {"delay": seconds}, {"drop": true}, '
    '{"respond": {"status": 500, "headers": {...}, "body": ...}} (optionally with "delay": seconds)'
)

DROP_UNSUPPORTED = (
    "this server (granian) always answers, so it cannot close a connection without a response; "
    "start crm-mock with --server threaded (CRM_MOCK_SERVER=threaded), or use MockCRM, for drop faults"
)

# The bounds of a `respond` answer (specs/control.yaml, POST /__mock__/faults).
RESPOND_STATUSES = (200, 599)  # a 1xx is not a final answer: clients would wait for the real one
RESPOND_MAX_HEADERS = 32
RESPOND_MAX_HEADER_CHARS = 4_096  # one header's name and value together
RESPOND_MAX_BODY_BYTES = 256 * 1024
NO_BODY_STATUSES = frozenset({204, 304})  # HTTP gives these no body
SERVER_HEADERS = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer"})
HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
HEADER_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")
TEXT_TYPE = "text/plain; charset=utf-8"


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _delay(value: Any) -> float:
    if not _number(value) or not 0 <= value <= 60:
        raise ValueError(f"cannot delay {value!r}: delay is 0-60 seconds")
    return float(value)


def _action(action: Any, can_drop: bool) -> dict[str, Any]:
    """The FaultRule fields an action sets."""
    if not isinstance(action, dict) or not action:
        raise ValueError(ACTION_FORMS)
    if "respond" in action:
        extra = sorted(set(action) - {"respond", "delay"})
        if extra:
            raise ValueError(f"respond combines with delay only, not {extra}")
        return {"action": "respond", "respond": _canned(action["respond"]), "delay_s": _delay(action.get("delay", 0))}
    if len(action) != 1:
        raise ValueError(ACTION_FORMS)
    [(kind, value)] = action.items()
    if kind == "error" and value in ("rate_limited", "server_error", "unavailable"):
        return {"action": value}
    if kind == "status" and isinstance(value, int) and not isinstance(value, bool) and 400 <= value <= 599:
        return {"action": "status", "status": value}
    if kind == "delay" and _number(value) and 0 <= value <= 60:
        return {"action": "delay", "delay_s": float(value)}
    if kind == "drop" and value is True:
        if not can_drop:
            raise ValueError(DROP_UNSUPPORTED)
        return {"action": "drop"}
    raise ValueError(
        f"cannot {kind} {value!r}: errors are {list(ACTIONS[:3])}, status 400-599, delay 0-60 s, drop true, "
        "or respond with an answer of your own"
    )


def _canned(spec: Any) -> CannedAnswer:
    """A `respond` answer, within its bounds: status, headers, and a body (text as it
    is, any other JSON value encoded; null or absent: none)."""
    if not isinstance(spec, dict):
        raise ValueError('respond takes an object: {"status": 500, "headers": {...}, "body": ...}')
    unknown = sorted(set(spec) - {"status", "headers", "body"})
    if unknown:
        raise ValueError(f"respond takes status, headers and body, not {unknown}")
    status = spec.get("status")
    low, high = RESPOND_STATUSES
    if not isinstance(status, int) or isinstance(status, bool) or not low <= status <= high:
        raise ValueError(f"respond.status must be a whole number from {low} to {high}")
    headers, content_type = _canned_headers(spec.get("headers", {}))
    body = spec.get("body")
    if body is None:
        payload = b""
    elif isinstance(body, str):
        payload, content_type = body.encode(), content_type or TEXT_TYPE
    else:
        payload = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    if len(payload) > RESPOND_MAX_BODY_BYTES:
        raise ValueError(f"respond.body is {len(payload)} bytes; at most {RESPOND_MAX_BODY_BYTES}")
    if payload and status in NO_BODY_STATUSES:
        raise ValueError(f"a {status} answer has no body in HTTP: leave respond.body out")
    return CannedAnswer(status, headers, payload, content_type, dict(spec))


def _canned_headers(given: Any) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """(headers, Content-Type if named): names HTTP allows, values of one line."""
    if not isinstance(given, dict):
        raise ValueError("respond.headers must be an object of header names to text")
    if len(given) > RESPOND_MAX_HEADERS:
        raise ValueError(f"respond.headers holds {len(given)} headers; at most {RESPOND_MAX_HEADERS}")
    headers: list[tuple[str, str]] = []
    content_type = None
    for name, value in given.items():
        if not HEADER_NAME.fullmatch(name):
            raise ValueError(f"respond.headers: {name!r} is not a header name")
        if name.lower() in SERVER_HEADERS:
            raise ValueError(f"respond.headers: the server sets {name} itself")
        if not isinstance(value, str) or not HEADER_VALUE.fullmatch(value):
            raise ValueError(f"respond.headers: {name} must be text of one line (Latin-1, no control characters)")
        if len(name) + len(value) > RESPOND_MAX_HEADER_CHARS:
            raise ValueError(f"respond.headers: {name} is over {RESPOND_MAX_HEADER_CHARS} characters")
        if name.lower() == "content-type":
            content_type = value
        else:
            headers.append((name, value))
    return tuple(headers), content_type


def _query(given: Any) -> dict[str, Any]:
    scalar = (str, int, float, bool)
    if not isinstance(given, dict) or not all(
        isinstance(value, scalar) or (isinstance(value, list) and all(isinstance(item, scalar) for item in value))
        for value in given.values()
    ):
        raise ValueError("query must be an object of parameter names to a value or a list of values")
    return dict(given)


def _operation(operation_id: Any, vendor: str | None, runtime: Runtime) -> str | None:
    """The operationId if a served vendor (the rule's, when named) has it."""
    if operation_id is None:
        return None
    if not isinstance(operation_id, str):
        raise ValueError("operationId must be text")
    known = operation_ids(runtime, vendor)
    if operation_id in known:
        return operation_id
    near = closest(operation_id, known)
    owner = f"{vendor} has no" if vendor is not None else "no served vendor has an"
    hint = f"; closest: {', '.join(near)}" if near else ""
    raise RuleRefused(f"{owner} operationId {operation_id!r}{hint}", closest=near)


class RuleRefused(ValueError):
    """A rule refused with details for the answer (say, the closest operationIds)."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details


def _rule(payload: dict[str, Any], runtime: Runtime) -> dict[str, Any]:
    unknown = sorted(set(payload) - RULE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}; a rule takes {sorted(RULE_FIELDS)}")
    rule = _action(payload.get("action"), runtime.can_drop_connections)
    vendor = payload.get("vendor")
    if vendor is not None and (not isinstance(vendor, str) or vendor not in runtime.vendors):
        raise RuleRefused(f"unknown vendor {vendor!r}", valid=closest_first(str(vendor), runtime.vendors))
    times = payload.get("times", 1)
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
        raise ValueError("times must be a whole number of at least 1, or null for every match")
    probability = payload.get("probability", 1.0)
    if not _number(probability) or not 0 < probability <= 1:
        raise ValueError("probability must be a number above 0 and at most 1")
    seed = payload.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise ValueError("seed must be a whole number")
    for name in ("method", "path", "tenant"):
        if payload.get(name) is not None and not isinstance(payload[name], str):
            raise ValueError(f"{name} must be text")
    tenant = payload.get("tenant")
    return {
        **rule,
        "vendor": vendor,
        "operation_id": _operation(payload.get("operationId"), vendor, runtime),
        "method": payload.get("method"),
        "path": payload.get("path"),
        "tenant": label_or_credential(tenant) if tenant else None,
        "query": _query(payload.get("query", {})),
        "body": payload.get("body", MISSING),
        "times": times,
        "probability": float(probability),
        "seed": seed,
    }


def fault_routes(control: Blueprint, runtime: Runtime) -> None:

    faults = runtime.faults

    @control.post("/faults")
    def add_fault() -> Response:
        """Make the next matching request(s) fail: see README for the rule's fields."""
        payload, refused = json_body()
        if refused is not None:
            return refused
        if not isinstance(payload, dict):
            return mock_error(400, "the body must be a JSON object describing a fault rule")
        try:
            rule = faults.add(**_rule(payload, runtime))
        except RuleRefused as exc:
            return mock_error(400, str(exc), **exc.details)
        except ValueError as exc:
            return mock_error(400, str(exc))
        response = jsonify(rule.to_json())
        response.status_code = 201
        return response

    @control.get("/faults")
    def list_faults() -> Response:
        """Every rule until cleared, spent ones too (`spent: true`, never firing again)."""
        return jsonify({"faults": [rule.to_json() for rule in faults.rules()]})

    @control.delete("/faults")
    def clear_faults() -> Response:
        return jsonify({"cleared": faults.clear()})

    @control.delete("/faults/<rule_id>")
    def clear_fault(rule_id: str) -> Response:
        if not faults.clear(rule_id):
            return mock_error(404, f"no fault rule {rule_id!r}")
        return jsonify({"cleared": 1})

    @control.get("/rate-limits")
    def rate_limits() -> Response:
        return jsonify({name: {"enabled": loaded.pipeline.rate_limits} for name, loaded in runtime.vendors.items()})

    @control.post("/rate-limits")
    def set_rate_limits() -> Response:
        """{"enabled": true} for every vendor, or {"vendor": "highlevel", "enabled": true}."""
        payload, refused = json_body()
        if refused is not None:
            return refused
        if not isinstance(payload, dict) or not isinstance(payload.get("enabled"), bool):
            return mock_error(400, 'the body must be {"enabled": true|false}, optionally with "vendor"')
        vendor = payload.get("vendor")
        if vendor is not None and (not isinstance(vendor, str) or vendor not in runtime.vendors):
            return unknown_vendor(vendor, runtime.vendors)
        for name, loaded in runtime.vendors.items():
            if vendor is None or name == vendor:
                loaded.pipeline.rate_limits = payload["enabled"]
        return rate_limits()
