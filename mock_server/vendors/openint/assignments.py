"""A connection's repl assignments through the newer API (/v2/connection/{id}/assignment):
the repl ids a connection is assigned to. OpenInt publishes no document for them; the
shapes are the SDK 2.9.0's (openint/types/{list_assignments,assign_connection,
delete_assignment}_response.py: `{id, assignments}`), the behaviour a guess: a set of
repl ids in the order assigned, assigning twice or removing one not assigned changes
nothing. `GET /v2/connection?repl_id=` lists the connections assigned to a repl."""

from __future__ import annotations

from ...core.vendor import Reply, RequestContext
from .core_api import connection_record
from .model import assignments_of

__all__ = ["v2_assign_connection", "v2_delete_assignment", "v2_list_assignments"]


def _answer(connection_id: str, assignments: list[str]) -> Reply:
    return Reply(200, {"id": connection_id, "assignments": assignments})


def _keep(ctx: RequestContext, connection_id: str, assignments: list[str]) -> Reply:
    ctx.state.collection("assignments").put(connection_id, {"id": connection_id, "assignments": assignments})
    return _answer(connection_id, assignments)


def v2_list_assignments(ctx: RequestContext) -> Reply:
    connection = connection_record(ctx, ctx.path["id"])
    return _answer(connection["id"], assignments_of(ctx.state, connection["id"]))


def v2_assign_connection(ctx: RequestContext) -> Reply:
    connection = connection_record(ctx, ctx.path["id"])
    assignments = assignments_of(ctx.state, connection["id"])
    if ctx.path["repl_id"] not in assignments:
        assignments.append(ctx.path["repl_id"])
    return _keep(ctx, connection["id"], assignments)


def v2_delete_assignment(ctx: RequestContext) -> Reply:
    connection = connection_record(ctx, ctx.path["id"])
    remaining = [repl for repl in assignments_of(ctx.state, connection["id"]) if repl != ctx.path["repl_id"]]
    return _keep(ctx, connection["id"], remaining)
