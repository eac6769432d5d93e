"""Customers, tokens and the viewer through the newer API (/v1/customer, /v1/viewer).
Customers are those upserted (through v0 or v1) and those a connection names, each
with its connection count (OpenInt's v1 document, listCustomers)."""

from __future__ import annotations

from typing import Any

from ...core.vendor import Reply, RequestContext
from .auth import mint_token
from .core_api import visible_connections
from .model import remember_customer
from .pages import offset_page, searched

__all__ = ["v1_create_token", "v1_list_customers", "v1_upsert_customer", "v1_viewer"]

# GUESS: where OpenInt's Connect portal lives; the mock serves no portal.
MAGIC_LINK = "https://connect.openint.dev/?token={token}"


def v1_upsert_customer(ctx: RequestContext) -> Reply:
    body = ctx.body or {}
    customer_id = str(body.get("id") or f"cus_{ctx.state.ids.ulid()}")  # GUESS: an id is made when none is given
    kept = remember_customer(ctx, customer_id, body.get("metadata"))
    shown = {"org_id": ctx.principal.attributes["org_id"], "id": customer_id, "api_key": None}
    return Reply(
        200, {**shown, "metadata": kept["metadata"], "created_at": kept["created_at"], "updated_at": kept["updated_at"]}
    )


def _customers(ctx: RequestContext) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for customer in ctx.state.collection("customers"):
        found[customer["id"]] = {**customer, "connection_count": 0}
    for connection in visible_connections(ctx):
        customer_id = connection.get("customerId")
        if customer_id is None:
            continue
        entry = found.setdefault(
            customer_id,
            {"id": customer_id, "created_at": connection["createdAt"], "updated_at": connection["updatedAt"]},
        )
        entry["connection_count"] = entry.get("connection_count", 0) + 1
    return [
        {key: entry[key] for key in ("id", "connection_count", "created_at", "updated_at")} for entry in found.values()
    ]


def v1_list_customers(ctx: RequestContext) -> Reply:
    return Reply(200, offset_page(ctx, [c for c in _customers(ctx) if searched(ctx, (c["id"],))]))


def v1_create_token(ctx: RequestContext) -> Reply:
    validity = int((ctx.body or {}).get("validity_in_seconds", 2_592_000))
    org_id = str(ctx.principal.attributes["org_id"])
    token = mint_token(org_id, ctx.path["customer_id"], int(ctx.clock.now().timestamp()), validity)
    return Reply(200, {"token": token, "magic_link_url": MAGIC_LINK.format(token=token), "api_key": None})


def v1_viewer(ctx: RequestContext) -> Reply:
    attributes = ctx.principal.attributes
    shown = {"role": attributes["role"], "org_id": attributes["org_id"]}
    if attributes.get("customer_id") is not None:
        shown["customer_id"] = attributes["customer_id"]
    return Reply(200, shown)
