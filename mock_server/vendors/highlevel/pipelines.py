"""Opportunity pipelines and their stages: read-only, from fixtures (pipelines.yaml).

HighLevel's public API lists pipelines (`GET /opportunities/pipelines`) but has no
endpoint to create or change them, so a location's pipelines are what its fixtures say.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ...core.store import Record, TenantState
from ...core.vendor import Reply, RequestContext
from .errors import BadRequest
from .model import ensure_location

__all__ = ["find_pipeline", "get_pipelines", "pipeline_stage", "seed_pipelines"]


def seed_pipelines(state: TenantState, fixtures: Mapping[str, Any]) -> None:
    pipelines = state.collection("pipelines")
    for pipeline in fixtures.get("pipelines") or []:
        pipelines.put(pipeline["id"], copy.deepcopy(dict(pipeline)))


def find_pipeline(state: TenantState, location_id: str, pipeline_id: str) -> Record | None:
    pipeline = state.collection("pipelines").get(pipeline_id)
    return pipeline if pipeline is not None and pipeline["locationId"] == location_id else None


def pipeline_stage(state: TenantState, location_id: str, pipeline_id: str, stage_id: str | None) -> str:
    """The stage an opportunity goes to: `stage_id`, which must be a stage of the pipeline,
    or (none given) the pipeline's first stage.  GUESS: both refusals are 400s in NestJS's
    BadRequestException shape, as HighLevel answers a missing contact; the words are ours."""
    pipeline = find_pipeline(state, location_id, pipeline_id)
    if pipeline is None:
        raise BadRequest(f"Pipeline not found for id:{pipeline_id}")
    stages = [str(stage["id"]) for stage in sorted(pipeline["stages"], key=lambda stage: stage["position"])]
    if stage_id is None:
        return stages[0]
    if stage_id not in stages:
        raise BadRequest(f"Pipeline stage {stage_id} does not belong to pipeline {pipeline_id}")
    return stage_id


def get_pipelines(ctx: RequestContext) -> Reply:
    location_id = ctx.query["locationId"]
    ensure_location(ctx, location_id)
    listed = ctx.state.collection("pipelines").where(locationId=location_id)
    return Reply(200, {"pipelines": copy.deepcopy(listed)})
