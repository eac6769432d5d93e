"""/__mock__/faults and /__mock__/rate-limits: make the mock fail the way vendors do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify

from ..core.faults import ACTIONS
from ..core.store import label_or_credential
from .body import json_body
from .errors import mock_error

if TYPE_CHECKING:
    from ..runtime import Runtime

__all__ = ["fault_routes"]

RULE_FIELDS = {"vendor", "operationId", "method", "path", "tenant", "times", "probability", "seed", "action"}


DROP_UNSUPPORTED = (
    "this server (granian) always answers, so it cannot close a connection without a response; "
    "start crm-mock with --server threaded (CRM_MOCK_SERVER=threaded), or use MockCRM, for drop faults"
)


def _rule(payload: dict[str, Any], vendors: set[str], can_drop: bool) -> dict[str, Any]:
    unknown = sorted(set(payload) - RULE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}; a rule takes {sorted(RULE_FIELDS)}")
    action = payload.get("action")
    if not isinstance(action, dict) or len(action) != 1:
        raise ValueError(
            'action must be one of {"error": "rate_limited" | "server_error" | "unavailable"}, '
            '{"status": 503}, {"delay": seconds}, {"drop": true}'
        )
    [(kind, value)] = action.items()
    rule: dict[str, Any] = {}
    if kind == "error" and value in ("rate_limited", "server_error", "unavailable"):
        rule["action"] = value
    elif kind == "status" and isinstance(value, int) and not isinstance(value, bool) and 400 <= value <= 599:
        rule["action"], rule["status"] = "status", value
    elif kind == "delay" and isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 60:
        rule["action"], rule["delay_s"] = "delay", float(value)
    elif kind == "drop" and value is True:
        if not can_drop:
            raise ValueError(DROP_UNSUPPORTED)
        rule["action"] = "drop"
    else:
        raise ValueError(
            f"cannot {kind} {value!r}: errors are {list(ACTIONS[:3])}, status 400-599, delay 0-60 s, drop true"
        )
    vendor = payload.get("vendor")
    if vendor is not None and (not isinstance(vendor, str) or vendor not in vendors):
        raise ValueError(f"unknown vendor {vendor!r}")
    times = payload.get("times", 1)
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
        raise ValueError("times must be a whole number of at least 1, or null for every match")
    probability = payload.get("probability", 1.0)
    if isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0 < probability <= 1:
        raise ValueError("probability must be a number above 0 and at most 1")
    seed = payload.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise ValueError("seed must be a whole number")
    for name in ("operationId", "method", "path", "tenant"):
        if payload.get(name) is not None and not isinstance(payload[name], str):
            raise ValueError(f"{name} must be text")
    tenant = payload.get("tenant")
    return {
        **rule,
        "vendor": vendor,
        "operation_id": payload.get("operationId"),
        "method": payload.get("method"),
        "path": payload.get("path"),
        "tenant": label_or_credential(tenant) if tenant else None,
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
            rule = faults.add(**_rule(payload, set(runtime.vendors), runtime.can_drop_connections))
        except ValueError as exc:
            return mock_error(400, str(exc))
        response = jsonify(rule.to_json())
        response.status_code = 201
        return response

    @control.get("/faults")
    def list_faults() -> Response:
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
            return mock_error(404, f"unknown vendor {vendor!r}", vendors=sorted(runtime.vendors))
        for name, loaded in runtime.vendors.items():
            if vendor is None or name == vendor:
                loaded.pipeline.rate_limits = payload["enabled"]
        return rate_limits()
