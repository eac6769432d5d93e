"""Bulk record jobs and their job statuses.

The mock does a job's work when it is queued, so that every later request sees
its effect; the answer to the POST says "queued" (as Zendesk's does) and the
job status then reads "completed", with one result per item.  An item that
fails does not stop the others (GUESS: per-item results as in Zendesk's other
bulk jobs).
"""

from __future__ import annotations

from typing import Any

from ...core.store import Record
from ...core.vendor import Reply, RequestContext
from .errors import NotFound, RecordInvalid
from .model import api_url, find_object, name_field, records_of
from .records import create_record, update_record

__all__ = ["MAX_ITEMS", "custom_object_record_bulk_jobs", "show_job_status"]

MAX_ITEMS = 100
JOB_TYPE = "bulk_custom_object_records"  # GUESS: the name Zendesk gives this kind of job
RECORD_ACTIONS = ("create", "update", "create_or_update_by_external_id", "create_or_update_by_name")
STATUS_WORDS = {"create": "Created", "update": "Updated", "delete": "Deleted"}


def _failure(index: int, action: str, item: Any, error: RecordInvalid | NotFound | str) -> dict[str, Any]:
    if isinstance(error, RecordInvalid):
        code, details = "RecordInvalid", "; ".join(text for problems in error.details.values() for text, _ in problems)
    elif isinstance(error, NotFound):
        code, details = "RecordNotFound", "Not found"
    else:
        code, details = "InvalidValue", error
    item_id = item if isinstance(item, str) else (item.get("id") if isinstance(item, dict) else None)
    return {"index": index, "id": item_id, "action": action, "success": False, "error": code, "details": details}


def _done(index: int, action: str, record_id: str, word: str) -> dict[str, Any]:
    return {"index": index, "id": record_id, "action": action, "status": word, "success": True}


def _run_item(ctx: RequestContext, object_key: str, action: str, index: int, item: Any) -> dict[str, Any]:
    records = records_of(ctx.state, object_key)
    if action in ("delete", "delete_by_external_id"):
        if not isinstance(item, str):
            return _failure(index, action, item, "items must be strings for this action")
        found = records.get(item) if action == "delete" else records.find(external_id=item)
        if found is None:
            return _failure(index, action, item, NotFound())
        records.delete(found["id"])
        return _done(index, "delete", found["id"], "Deleted")
    if not isinstance(item, dict):
        return _failure(index, action, item, "items must be record objects for this action")
    try:
        existing: Record | None = None
        if action == "update":
            existing = records.get(str(item.get("id")))
            if existing is None:
                return _failure(index, action, item, NotFound())
        elif action == "create_or_update_by_external_id":
            if not item.get("external_id"):
                return _failure(index, action, item, "external_id is required for this action")
            existing = records.find(external_id=item["external_id"])
        elif action == "create_or_update_by_name":
            name = item.get("name")
            if not isinstance(name, str) or not name:
                return _failure(index, action, item, "name is required for this action")
            folded = name.casefold()
            existing = next((record for record in records if record["name"].casefold() == folded), None)
        payload = {key: value for key, value in item.items() if key != "id"}
        if existing is not None:
            return _done(index, "update", update_record(ctx, object_key, existing, payload)["id"], "Updated")
        return _done(index, "create", create_record(ctx, object_key, payload)["id"], "Created")
    except RecordInvalid as invalid:
        return _failure(index, action, item, invalid)


def custom_object_record_bulk_jobs(ctx: RequestContext) -> Reply:
    object_key = str(find_object(ctx, ctx.path["custom_object_key"])["key"])
    job = ctx.body["job"]
    action, items = job["action"], job["items"]
    if not items or len(items) > MAX_ITEMS:
        raise RecordInvalid({"items": [(f"Items: between 1 and {MAX_ITEMS} items per job", "InvalidValue")]})
    if action == "create_or_update_by_name" and not name_field(ctx.state, object_key)["properties"].get("is_unique"):
        raise RecordInvalid({"action": [("Action: needs unique record names (is_unique)", "NotAllowed")]})
    results = [_run_item(ctx, object_key, action, index, item) for index, item in enumerate(items)]
    job_id = "V3-" + ctx.state.ids.hex(32)
    ctx.state.collection("jobs").put(
        job_id,
        {
            "id": job_id,
            "job_type": JOB_TYPE,
            "total": len(items),
            "results": results,
            "completed_at": ctx.clock.now().strftime("%Y-%m-%d %H:%M:%S +0000"),
        },
    )
    url = api_url(ctx, f"job_statuses/{job_id}")
    queued: dict[str, Any] = {"id": job_id, "job_type": JOB_TYPE, "status": "queued", "total": len(items)}
    queued.update({"progress": None, "message": None, "results": None, "url": url})
    return Reply(201, {"job_status": queued}, {"Location": url})


def show_job_status(ctx: RequestContext) -> Reply:
    job = ctx.state.collection("jobs").get(ctx.path["job_status_id"])
    if job is None:
        raise NotFound()
    return Reply(
        200,
        {
            "job_status": {
                "id": job["id"],
                "job_type": job["job_type"],
                "status": "completed",
                "total": job["total"],
                "progress": job["total"],
                "message": f"Completed at {job['completed_at']}",
                "results": job["results"],
                "url": api_url(ctx, f"job_statuses/{job['id']}"),
            }
        },
    )
