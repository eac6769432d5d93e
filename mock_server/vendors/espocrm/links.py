"""Related records: `GET|POST|DELETE /{Entity}/{id}/{link}` (FACTS.md 6).

Listing takes the same parameters as a list of the foreign entity.  POST and
DELETE read `{"id"}` or `{"ids"}` from the JSON body (never the query) and answer
`true`, or `false` when no id was given.  Both sides of a link see it.
"""

from __future__ import annotations

from ...core.vendor import Reply, RequestContext
from .crud import ok, request_object
from .errors import NotFound
from .listing import list_params, listed
from .metadata import EntityDef, LinkDef
from .model import add_link, entity_def, linked_ids, metadata, records, remove_link

__all__ = ["link_records", "list_linked", "unlink_records"]


def _link(ctx: RequestContext) -> tuple[EntityDef, LinkDef, EntityDef]:
    entity = entity_def(ctx, ctx.path["entityType"])
    link = entity.links.get(ctx.path["link"])
    foreign = metadata(ctx).get(link.entity or "") if link is not None else None
    if link is None or (foreign is None and link.type != "belongsToParent"):
        raise NotFound("Link does not exist.")
    if foreign is None:
        raise NotFound("Link does not exist.")
    return entity, link, foreign


def list_linked(ctx: RequestContext) -> Reply:
    entity = entity_def(ctx, ctx.path["entityType"])
    record = records(ctx.state, entity.name).get(ctx.path["id"])
    if record is None:
        raise NotFound()
    _, link, foreign = _link(ctx)
    no_total = str(ctx.request.header.get("X-No-Total") or "").lower() == "true"
    params = list_params(ctx, foreign, no_total)
    target = records(ctx.state, foreign.name)
    related = [
        other
        for other_id in linked_ids(ctx.state, metadata(ctx), entity, record, link)
        if (other := target.get(other_id)) is not None
    ]
    return ok(ctx, listed(ctx, foreign, related, params))


def _ids(ctx: RequestContext) -> list[str]:
    body = request_object(ctx)
    if isinstance(body.get("ids"), list):
        return [str(item) for item in body["ids"]]
    if body.get("id") not in (None, ""):
        return [str(body["id"])]
    return []


def _change(ctx: RequestContext, adding: bool) -> Reply:
    entity, link, foreign = _link(ctx)
    record = records(ctx.state, entity.name).get(ctx.path["id"])
    if record is None:
        raise NotFound()
    ids = _ids(ctx)
    if not ids:
        return ok(ctx, False)
    target = records(ctx.state, foreign.name)
    others = [target.get(other_id) for other_id in ids]
    if any(other is None for other in others):
        raise NotFound()
    meta = metadata(ctx)
    for other in others:
        assert other is not None
        (add_link if adding else remove_link)(ctx.state, meta, entity, record, link, other)
    records(ctx.state, entity.name).touch()
    return ok(ctx, True)


def link_records(ctx: RequestContext) -> Reply:
    return _change(ctx, adding=True)


def unlink_records(ctx: RequestContext) -> Reply:
    return _change(ctx, adding=False)
