"""GET /App/user (who the credential is) and GET /Metadata (the entity definitions,
as fixtures declare them)."""

from __future__ import annotations

import hashlib

from ...core.vendor import Reply, RequestContext
from .crud import ok
from .model import entity_def, metadata, records, view

__all__ = ["get_app_user", "get_metadata"]


def get_app_user(ctx: RequestContext) -> Reply:
    user_id = str(ctx.principal.attributes.get("user_id", "1"))
    user = records(ctx.state, "User").get(user_id) or {"id": user_id, "userName": "admin", "type": "admin"}
    token = hashlib.sha256(f"crm-mock:{ctx.principal.tenant}".encode()).hexdigest()[:32]
    return ok(
        ctx,
        {
            "user": view(ctx, entity_def(ctx, "User"), user),
            "acl": {"table": {}, "fieldTable": {}},  # GUESS: the shape of ACL data is the UI's concern
            "preferences": {},
            "token": token,
        },
    )


def get_metadata(ctx: RequestContext) -> Reply:
    return ok(ctx, metadata(ctx).to_json())
