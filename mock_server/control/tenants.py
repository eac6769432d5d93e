"""/__mock__/tenants/{vendor}: a fresh tenant for one test, and deleting one for good.

A test suite that shares a server (pytest-xdist workers, a CRM_MOCK_URL container)
gives each test a tenant of its own instead of resetting the server: POST makes a
fresh credential in the vendor's own scheme and declares it (it passes
--strict-auth); the tenant is seeded from fixtures on its first request, as any
tenant is; DELETE forgets it (state, declaration, quota windows, its own clock, the
fault rules that match only it), so a long suite never nears --max-tenants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Response, jsonify, request

from ..core.store import TenantLimitReached, label_or_credential, tenant_label
from .body import json_body
from .errors import mock_error, unknown_vendor

if TYPE_CHECKING:
    from ..runtime import Runtime

__all__ = ["tenant_routes"]


def tenant_routes(control: Blueprint, runtime: Runtime) -> None:

    def refused_vendor(vendor: str) -> Response | None:
        if vendor in runtime.vendors:
            return None
        return unknown_vendor(vendor, runtime.vendors)

    @control.post("/tenants/<vendor>")
    def create_tenant(vendor: str) -> Response:
        """201 with the new tenant's label, its credentials and the headers to send."""
        refused = refused_vendor(vendor)
        if refused is not None:
            return refused
        if request.get_data(cache=True).strip():
            payload, bad = json_body()
            if bad is not None:
                return bad
            if payload != {}:
                return mock_error(400, "the body, when given, is an empty JSON object: this call takes no options")
        made = runtime.vendors[vendor].vendor.new_credential
        if made is None:
            return mock_error(501, f"{vendor} cannot make credentials")
        credential = made()
        label = tenant_label(credential.tenant)
        try:
            runtime.store.declare(vendor, label)
        except TenantLimitReached as full:
            return mock_error(
                503,
                f"this server already holds its limit of {full.limit} {vendor} tenants (--max-tenants); "
                "delete tenants you no longer need (DELETE /__mock__/tenants/{vendor}/{tenant})",
                limit=full.limit,
            )
        response = jsonify(
            {
                "vendor": vendor,
                "tenant": label,
                "credentials": dict(credential.credentials),
                "headers": dict(credential.headers),
                "baseUrl": runtime.vendors[vendor].vendor.default_mount,
            }
        )
        response.status_code = 201
        return response

    @control.delete("/tenants/<vendor>/<path:tenant>")
    def delete_tenant(vendor: str, tenant: str) -> Response:
        """The tenant (a credential or its label) gone for good; 404 when the server
        holds no such tenant (never used, never made, or already deleted)."""
        refused = refused_vendor(vendor)
        if refused is not None:
            return refused
        label = label_or_credential(tenant)
        if not runtime.delete_tenant(vendor, label):
            return mock_error(404, f"{vendor} holds no tenant {label!r}", vendor=vendor, tenant=label)
        return jsonify({"deleted": True, "vendor": vendor, "tenant": label})
