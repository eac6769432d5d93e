"""Bulk record jobs: every action, per-item results, and the job status."""

from __future__ import annotations

from typing import Any

from tests.support import MockClient, header
from tests.vendors.zendesk.expect import CAR, CIVIC, DRIVER, NOT_FOUND, TESLA, ULID, VOLVO, invalid, matches


def run_job(zd: MockClient, action: str, items: list[Any], path: str = CAR) -> dict[str, Any]:
    queued = zd.post(f"{path}/jobs", json={"job": {"action": action, "items": items}})
    assert queued.status == 201, queued.text
    status = queued.json()["job_status"]
    assert (status["status"], status["total"], status["progress"], status["results"], status["message"]) == (
        "queued",
        len(items),
        None,
        None,
        None,
    )
    assert status["id"].startswith("V3-") and len(status["id"]) == 35
    assert status["url"].endswith(f"/zendesk/api/v2/job_statuses/{status['id']}.json")
    assert header(queued, "Location") == status["url"]
    done = zd.get(f"/api/v2/job_statuses/{status['id']}.json").json()["job_status"]
    assert (done["status"], done["progress"], done["total"]) == ("completed", len(items), len(items))
    assert done["message"].startswith("Completed at ")
    return done  # type: ignore[no-any-return]


def test_create_items_and_their_results(zd: MockClient) -> None:
    done = run_job(zd, "create", [{"name": "Bulk 1", "custom_object_fields": {"seats": 2}}, {"name": "Bulk 2"}])
    first, second = done["results"]
    assert (first["index"], first["action"], first["status"], first["success"]) == (0, "create", "Created", True)
    assert second["index"] == 1 and matches(ULID, first["id"]) and matches(ULID, second["id"])
    shown = zd.get(f"{CAR}/records/{first['id']}").json()["custom_object_record"]
    assert (shown["name"], shown["custom_object_fields"]["seats"]) == ("Bulk 1", 2)


def test_a_bad_item_fails_alone(zd: MockClient) -> None:
    done = run_job(zd, "create", [{"name": "Good"}, {"name": "Bad", "custom_object_fields": {"seats": "x"}}])
    good, bad = done["results"]
    assert good["success"] is True
    assert bad == {
        "index": 1,
        "id": None,
        "action": "create",
        "success": False,
        "error": "RecordInvalid",
        "details": "Seats: must be a whole number",
    }
    assert zd.get(f"{CAR}/records/count").json()["count"]["value"] == 4


def test_update_and_delete_by_id(zd: MockClient) -> None:
    done = run_job(zd, "update", [{"id": TESLA, "custom_object_fields": {"seats": 4}}, {"id": "missing", "name": "x"}])
    assert done["results"][0] == {"index": 0, "id": TESLA, "action": "update", "status": "Updated", "success": True}
    assert done["results"][1]["error"] == "RecordNotFound"
    assert zd.get(f"{CAR}/records/{TESLA}").json()["custom_object_record"]["custom_object_fields"]["seats"] == 4
    deleted = run_job(zd, "delete", [CIVIC, "missing"])
    assert deleted["results"][0] == {"index": 0, "id": CIVIC, "action": "delete", "status": "Deleted", "success": True}
    assert deleted["results"][1]["success"] is False
    assert zd.get(f"{CAR}/records/{CIVIC}").json() == NOT_FOUND


def test_create_or_update_by_external_id_and_delete_by_external_id(zd: MockClient) -> None:
    done = run_job(
        zd,
        "create_or_update_by_external_id",
        [{"external_id": "CAR-3", "name": "Volvo 240"}, {"external_id": "CAR-77", "name": "Saab"}],
    )
    assert [(r["action"], r["status"]) for r in done["results"]] == [("create", "Created"), ("create", "Created")]
    done = run_job(zd, "create_or_update_by_external_id", [{"external_id": "CAR-1", "name": "Renamed Tesla"}])
    assert done["results"][0]["id"] == TESLA and done["results"][0]["status"] == "Updated"
    gone = run_job(zd, "delete_by_external_id", ["CAR-1", "CAR-77"])
    assert all(result["success"] for result in gone["results"])
    assert zd.get(f"{CAR}/records/{TESLA}").status == 404
    assert zd.get(f"{CAR}/records/{VOLVO}").status == 200  # it had no external id; CAR-3 made a new record


def test_create_or_update_by_name_needs_unique_names(zd: MockClient) -> None:
    done = run_job(zd, "create_or_update_by_name", [{"name": "grace hopper", "external_id": "DRV-9"}], DRIVER)
    assert done["results"][0]["status"] == "Updated"
    refused = zd.post(f"{CAR}/jobs", json={"job": {"action": "create_or_update_by_name", "items": [{"name": "x"}]}})
    assert (refused.status, refused.json()) == (
        422,
        invalid(action=("Action: needs unique record names (is_unique)", "NotAllowed")),
    )


def test_at_most_100_items_and_a_known_action(zd: MockClient) -> None:
    too_many = zd.post(
        f"{CAR}/jobs", json={"job": {"action": "create", "items": [{"name": str(i)} for i in range(101)]}}
    )
    assert (too_many.status, too_many.json()) == (
        422,
        invalid(items=("Items: between 1 and 100 items per job", "InvalidValue")),
    )
    unknown = zd.post(f"{CAR}/jobs", json={"job": {"action": "explode", "items": ["x"]}})
    assert unknown.status == 422
    [problem] = unknown.json()["details"]["action"]
    assert problem["description"].startswith("action: must be one of create, update, ")


def test_an_unknown_job_is_not_found(zd: MockClient) -> None:
    answer = zd.get("/api/v2/job_statuses/V3-ffffffffffffffffffffffffffffffff")
    assert (answer.status, answer.json()) == (404, NOT_FOUND)
