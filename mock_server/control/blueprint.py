"""Health and reset. JSON in, JSON out; errors are {"error": ...} with a fitting status."""

from __future__ import annotations

import hmac
import json
from typing import TYPE_CHECKING

from flask import Blueprint, Response, jsonify, request

from .. import __version__
from .body import json_body
from .errors import ADMIN_HEADER, CONTROL_PREFIX, mock_error, unknown_vendor
from .faults import fault_routes
from .journal import journal_routes, verify_routes
from .options import option_routes
from .state import state_routes
from .suggest import unknown_name
from .tenants import tenant_routes

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
            {
                "status": "ready" if runtime.ready else "starting",
                "version": __version__,
                "vendors": vendors,
                # What a test suite sharing this server checks its markers against (pytest_plugin.py).
                "seed": runtime.settings.seed,
                "strictAuth": runtime.settings.strict_auth,
            }
        )
        response.status_code = 200 if runtime.ready else 503
        return response

    @control.post("/reset")
    def reset() -> Response:
        """Back to fixtures: everything ({"all": true}), one vendor ({"vendor": ...}), or
        one tenant ({"vendor": ..., "tenant": ...}); anything else is refused, never
        taken for "everything"."""
        choice, refused = _reset_choice(set(runtime.vendors))
        if refused is not None:
            return refused
        vendor, tenant = choice
        dropped = runtime.reset(vendor, tenant)
        return jsonify({"reset": True, "vendor": vendor, "tenant": tenant, "tenantsDropped": dropped})

    journal_routes(control, runtime)
    verify_routes(control, runtime)
    state_routes(control, runtime)
    fault_routes(control, runtime)
    option_routes(control, runtime)
    tenant_routes(control, runtime)
    return control


RESET_FIELDS = ("all", "vendor", "tenant")
RESET_FORMS = (
    '{"all": true} for everything, {"vendor": "highlevel"} for one vendor, '
    '{"vendor": "highlevel", "tenant": "<credential or tenant_ label>"} for one tenant'
)


def _reset_choice(vendors: set[str]) -> tuple[tuple[str | None, str | None], Response | None]:
    """(vendor, tenant) to reset, both None for everything; or the refusal."""
    nothing = (None, None)
    if request.args:
        return nothing, mock_error(400, f"reset reads a JSON body, not query parameters: send {RESET_FORMS}")
    if not request.get_data(cache=True):
        return nothing, mock_error(400, f"say what to reset in a JSON body: {RESET_FORMS}")
    payload, refused = json_body()
    if refused is not None:
        return nothing, refused
    if payload is None and not _is_json_null():
        return nothing, mock_error(400, f"the body is not JSON ({_json_error()}); send {RESET_FORMS}")
    if not isinstance(payload, dict):
        return nothing, mock_error(400, f"the body must be a JSON object: {RESET_FORMS}")
    for name in sorted(set(payload) - set(RESET_FIELDS)):
        return nothing, unknown_name("field", name, RESET_FIELDS)
    vendor, tenant, everything = payload.get("vendor"), payload.get("tenant"), payload.get("all")
    if everything is not None and everything is not True:
        return nothing, mock_error(400, '"all" resets everything and takes only true: {"all": true}')
    if not isinstance(vendor, (str, type(None))) or not isinstance(tenant, (str, type(None))):
        return nothing, mock_error(400, "vendor and tenant must be text")
    if everything and (vendor is not None or tenant is not None):
        return nothing, mock_error(400, '"all" stands alone: {"all": true}, or name a vendor (and tenant) without it')
    if tenant is not None and vendor is None:
        return nothing, mock_error(400, "a tenant is reset within a vendor: give both 'vendor' and 'tenant'")
    if vendor is None and not everything:
        return nothing, mock_error(400, f"say what to reset: {RESET_FORMS}")
    if vendor is not None and vendor not in vendors:
        return nothing, unknown_vendor(vendor, vendors)
    return (vendor, tenant), None


def _is_json_null() -> bool:
    return request.get_data(cache=True).strip() == b"null"


def _json_error() -> str:
    try:
        json.loads(request.get_data(cache=True))
    except ValueError as exc:
        return str(exc)
    return "unreadable"
