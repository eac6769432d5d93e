"""OpenInt API v0: core (connector configs, connections, pipelines, events, tokens)
and the unified CRM, answered per connection through its connector's adapter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import Headers

from ...core.request_path import BODY_FIRST
from ...core.store import TenantState
from ...core.vendor import Vendor
from .auth import authenticate, new_credential
from .errors import OpenIntDialect, Preflight
from .fixture_check import fixture_objects
from .model import seed_connection_data
from .routes import ROUTES
from .values import validate_record

__all__ = ["VENDOR"]

FIXTURE_STAMP = "2025-01-01T00:00:00.000Z"


def seed(state: TenantState, fixtures: Mapping[str, Any]) -> None:
    core = fixtures.get("core") or {}
    for config in core.get("connector_configs") or []:
        state.collection("connector_configs").put(
            config["id"],
            {
                "createdAt": FIXTURE_STAMP,
                "updatedAt": FIXTURE_STAMP,
                "id": config["id"],
                "connectorName": config["connectorName"],
                "orgId": None,  # filled with the caller's organization when shown
                "config": {},
                "displayName": config.get("displayName"),
                "disabled": False,
                "defaultPipeOut": None,
                "defaultPipeIn": None,
                "envName": None,
                "metadata": None,
            },
        )
    for connection in core.get("connections") or []:
        name = connection["connectorConfigId"].split("_")[1]
        state.collection("connections").put(
            connection["id"],
            {
                "createdAt": FIXTURE_STAMP,
                "updatedAt": FIXTURE_STAMP,
                "id": connection["id"],
                "connectorName": name,
                "displayName": connection.get("displayName"),
                "customerId": connection.get("customerId"),
                "connectorConfigId": connection["connectorConfigId"],
                "integrationId": None,
                "settings": {},
                "standard": {
                    "displayName": connection.get("displayName"),
                    "status": "healthy",
                    "statusMessage": None,
                    "labels": [],
                },
                "disabled": False,
                "metadata": None,
            },
        )
        seed_connection_data(state, fixtures, connection["id"], name)


def cors_headers(headers: Headers) -> Mapping[str, str]:
    """The server answers every request with CORS headers, echoing what was asked."""
    answer = {
        "Access-Control-Allow-Origin": headers.get("Origin") or "*",
        "Access-Control-Allow-Credentials": "true",
    }
    if headers.get("Access-Control-Request-Method"):
        answer["Access-Control-Allow-Methods"] = headers["Access-Control-Request-Method"]
    if headers.get("Access-Control-Request-Headers"):
        answer["Access-Control-Allow-Headers"] = headers["Access-Control-Request-Headers"]
    return answer


def preflight(headers: Headers, method: str) -> None:
    if method == "OPTIONS":
        raise Preflight()


VENDOR = Vendor(
    name="openint",
    dialect=OpenIntDialect(),
    authenticate=authenticate,
    handlers=ROUTES,
    validate_record=validate_record,
    fixture_objects=fixture_objects,
    seed=seed,
    gateway=preflight,
    response_headers=cors_headers,
    content_type="application/json",
    # trpc-openapi parses the body before the procedure's middleware checks the viewer.
    request_path=BODY_FIRST,
    # The host's root (api.openint.dev): v0 lives under /v0, the newer API under /v1 and /v2.
    mount="/openint",
    path_param_pattern=r"[^/_][^/]*",  # ids never start with "_": /account/_count is the count
    credentials=("Authorization", "x-apikey", "apikey", "_token"),  # the last two as query parameters
    new_credential=new_credential,
)
