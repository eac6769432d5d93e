"""The connector catalogue through the newer API (GET /v2/connector), read from
fixtures/openint/connectors.yaml, the catalogue v0's connector_config_info reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...core.vendor import Reply, RequestContext
from .model import connector
from .pages import expansions, offset_page

__all__ = ["connector_view", "v2_list_connectors"]


def connector_view(fixtures: Mapping[str, Any], name: str, with_schemas: bool = False) -> dict[str, Any]:
    listed = connector(fixtures, name) or {}
    shown: dict[str, Any] = {
        "name": name,
        "display_name": listed.get("displayName") or name,
        "logo_url": f"https://cdn.openint.dev/connectors/{name}/logo.svg",
        "stage": "ga",  # GUESS: the catalogue holds no stage; every CRM connector is offered
    }
    if with_schemas:
        shown["schemas"] = {}  # GUESS: the mock keeps no connector schemas
    return shown


def v2_list_connectors(ctx: RequestContext) -> Reply:
    with_schemas = "schemas" in expansions(ctx, ("schemas",))
    names = [str(entry["name"]) for entry in ctx.fixtures.get("connectors") or []]
    wanted = ctx.query.get("connector_name")
    if wanted:
        names = [name for name in names if name == wanted]
    return Reply(200, offset_page(ctx, [connector_view(ctx.fixtures, name, with_schemas) for name in names]))
