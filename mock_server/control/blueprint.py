"""Health and reset. JSON in, JSON out; errors are {"error": ...} with a fitting status."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from flask import Blueprint, Response, jsonify, request

from .. import __version__
from .body import json_body
from .errors import ADMIN_HEADER, CONTROL_PREFIX, mock_error
from .faults import fault_routes
from .journal import journal_routes, verify_routes
from .options import option_routes
from .state import state_routes

if TYPE_CHECKING:
    from ..runtime import Runtime

__all__ = ["ADMIN_HEADER", "CONTROL_PREFIX", "control_blueprint", "mock_error"]


def control_blueprint(runtime: Runtime) -> Blueprint:
    control = Blueprint("control", __name__, url_prefix=CONTROL_PREFIX)
    admin_token = runtime.settings.admin_token

    @control.before_request
    def guard() -> Response | None:
        """With --admin-token, everything but /health needs the token (health stays
        open for load balancers and Docker's HEALTHCHECK)."""
        if admin_token is None or request.path == f"{CONTROL_PREFIX}/health":
            return None
        given = request.headers.get(ADMIN_HEADER, "")
        if not hmac.compare_digest(given.encode(), admin_token.encode()):
            return mock_error(
                401, f"the control plane needs the {ADMIN_HEADER} header (the server runs with --admin-token)"
            )
        return None

    @control.get("/health")
    def health() -> Response:
        vendors = {
            name: {
                "mounts": [mount or "/" for mount in loaded.mounts],
                "spec": {"title": loaded.spec.title, "version": loaded.spec.version},
                "operations": len(loaded.spec.operations),
                "fixtureRecords": loaded.fixture_records,
                "tenants": len(runtime.store.tenants(name)),
            }
            for name, loaded in runtime.vendors.items()
        }
        response = jsonify(
            {"status": "ready" if runtime.ready else "starting", "version": __version__, "vendors": vendors}
        )
        response.status_code = 200 if runtime.ready else 503
        return response

    @control.post("/reset")
    def reset() -> Response:
        """Back to fixtures: everything, one vendor (`vendor`), or one tenant (`vendor` and `tenant`)."""
        payload, refused = json_body() if request.data else ({}, None)
        if refused is not None:
            return refused
        if not isinstance(payload, dict):
            return mock_error(400, 'the body must be a JSON object such as {"vendor": "highlevel"}')
        vendor = payload.get("vendor", request.args.get("vendor"))
        tenant = payload.get("tenant", request.args.get("tenant"))
        if not isinstance(vendor, (str, type(None))) or not isinstance(tenant, (str, type(None))):
            return mock_error(400, "vendor and tenant must be text")
        if vendor is not None and vendor not in runtime.vendors:
            return mock_error(404, f"unknown vendor {vendor!r}", vendors=sorted(runtime.vendors))
        if tenant is not None and vendor is None:
            return mock_error(400, "a tenant is reset within a vendor: give both 'vendor' and 'tenant'")
        dropped = runtime.reset(vendor, tenant)
        return jsonify({"reset": True, "vendor": vendor, "tenant": tenant, "tenantsDropped": dropped})

    journal_routes(control, runtime)
    verify_routes(control, runtime)
    state_routes(control, runtime)
    fault_routes(control, runtime)
    option_routes(control, runtime)
    return control
