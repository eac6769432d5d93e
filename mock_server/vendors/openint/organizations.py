"""The organization through the newer API (PUT /v2/organization/{org_id}): a tenant is
one organization, the one its API key names, so upserting it finds it; the answer is
the SDK 2.9.0's (openint/types/upsert_organization_response.py: `{id, created}`).
OpenInt publishes no document for it (its v1 router keeps organizations to the
dashboard, packages/api-v1/trpc/routers/organization.ts @795654e)."""

from __future__ import annotations

from ...core.vendor import Reply, RequestContext
from .errors import TrpcError

__all__ = ["v2_upsert_organization"]


def v2_upsert_organization(ctx: RequestContext) -> Reply:
    own = str(ctx.principal.attributes["org_id"])
    given = ctx.path["org_id"]
    if given != own:
        # GUESS: an API key acts for its own organization only; the mock cannot make another
        # (a new organization is a new tenant, named by its own key).
        raise TrpcError(403, f"Organization {given} is not the organization of this API key ({own})")
    return Reply(200, {"id": own, "created": False})
