"""Opportunities and pipelines (apps/opportunities.json): the seeded care-plan pipeline,
the opportunity life cycle, upsert and search, and HighLevel's refusals."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import HL_LOCATION, Answer, MockClient
from tests.vendors.highlevel.expect import FIELD_ID, TIMESTAMP, bad_request, matches, unprocessable

PIPELINE = "P01clinicPipe8vShlRW"
ENQUIRY = "0b6f3c1e-2a4d-4e8f-9b1a-5c7d9e2f4a61"
CONSULTATION = "1c7a4d2f-3b5e-4f90-8c2b-6d8e0f3a5b72"
PROPOSED = "2d8b5e3a-4c6f-4a01-9d3c-7e9f1a4b6c83"
SIGNED = "3e9c6f4b-5d7a-4b12-8e4d-8fa02b5c7d94"
JANE, MARK, LUCY, TOMAS = (
    "C01ownerJane8vShlRW1",
    "C02ownerMark8vShlRW1",
    "C03ownerLucy8vShlRW1",
    "C04leadTomas8vShlRW1",
)
ANA, BEN, CARA = "U01clinicVet8vShlRW1", "U02clinicNur8vShlRW1", "U03clinicRec8vShlRW1"
REX_DENTAL = "O01rexDental8vShlRW1"
SEEDED = ["O04janeGroomi8vShlRW", "O03lucyWellne8vShlRW", "O02biscuitVax8vShlRW", REX_DENTAL]  # newest first


def stage(stage_id: str, name: str, position: int) -> dict[str, Any]:
    return {"id": stage_id, "name": name, "position": position, "showInFunnel": True, "showInPieChart": True}


def new_opportunity(**extra: Any) -> dict[str, Any]:
    return {
        "pipelineId": PIPELINE,
        "locationId": HL_LOCATION,
        "name": "Tomas - puppy plan",
        "status": "open",
        "contactId": TOMAS,
        **extra,
    }


def search(hl: MockClient, **params: Any) -> dict[str, Any]:
    answer = hl.get("/opportunities/search", params={"location_id": HL_LOCATION, **params})
    assert answer.status == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["opportunities"]]


def test_the_pipelines_list_the_care_plan_stages_in_order(hl: MockClient) -> None:
    answer = hl.get("/opportunities/pipelines", params={"locationId": HL_LOCATION})
    assert answer.status == 200
    assert answer.json() == {
        "pipelines": [
            {
                "id": PIPELINE,
                "locationId": HL_LOCATION,
                "name": "Care plans",
                "showInFunnel": True,
                "showInPieChart": True,
                "stages": [
                    stage(ENQUIRY, "Enquiry", 0),
                    stage(CONSULTATION, "Consultation booked", 1),
                    stage(PROPOSED, "Plan proposed", 2),
                    stage(SIGNED, "Plan signed", 3),
                ],
            }
        ]
    }


def test_another_location_has_no_pipelines(hl: MockClient) -> None:
    assert hl.get("/opportunities/pipelines", params={"locationId": "a" * 20}).json() == {"pipelines": []}


def test_a_seeded_opportunity_carries_its_contact(hl: MockClient) -> None:
    answer = hl.get(f"/opportunities/{REX_DENTAL}")
    assert answer.status == 200
    opportunity = answer.json()["opportunity"]
    assert {key: opportunity[key] for key in ("name", "status", "pipelineId", "pipelineStageId", "assignedTo")} == {
        "name": "Rex - dental care plan",
        "status": "open",
        "pipelineId": PIPELINE,
        "pipelineStageId": PROPOSED,
        "assignedTo": ANA,
    }
    assert opportunity["monetaryValue"] == 480
    assert opportunity["contact"]["id"] == JANE
    assert opportunity["contact"]["name"] == "Jane Cooper"
    assert opportunity["contact"]["email"] == "jane.cooper@example.com"


def test_create_puts_the_opportunity_in_the_first_stage_and_get_reads_it_back(hl: MockClient) -> None:
    answer = hl.post("/opportunities/", json=new_opportunity(monetaryValue=99.5, assignedTo=BEN))
    assert answer.status == 201, answer.text
    created = answer.json()["opportunity"]
    assert matches(FIELD_ID, created["id"])
    assert created["pipelineStageId"] == ENQUIRY
    assert (created["monetaryValue"], created["assignedTo"], created["contactId"]) == (99.5, BEN, TOMAS)
    assert matches(TIMESTAMP, created["createdAt"]) and created["updatedAt"] == created["createdAt"]
    assert hl.get(f"/opportunities/{created['id']}").json() == {"opportunity": created}


def test_update_changes_only_the_keys_sent_and_checks_the_stage(hl: MockClient) -> None:
    answer = hl.put(f"/opportunities/{REX_DENTAL}", json={"pipelineStageId": SIGNED, "monetaryValue": 520})
    assert answer.status == 200, answer.text
    updated = answer.json()["opportunity"]
    assert (updated["pipelineStageId"], updated["monetaryValue"], updated["name"]) == (
        SIGNED,
        520,
        "Rex - dental care plan",
    )
    assert updated["lastStageChangeAt"] == updated["updatedAt"]
    refused = hl.put(f"/opportunities/{REX_DENTAL}", json={"pipelineStageId": "not-a-stage"})
    assert (refused.status, refused.json()) == (
        400,
        bad_request(f"Pipeline stage not-a-stage does not belong to pipeline {PIPELINE}"),
    )


def test_status_update_answers_succeded_and_changes_the_status(hl: MockClient) -> None:
    answer = hl.put(f"/opportunities/{REX_DENTAL}/status", json={"status": "lost", "lostReasonId": "R" * 20})
    assert (answer.status, answer.json()) == (200, {"succeded": True})
    opportunity = hl.get(f"/opportunities/{REX_DENTAL}").json()["opportunity"]
    assert (opportunity["status"], opportunity["lostReasonId"]) == ("lost", "R" * 20)
    assert opportunity["lastStatusChangeAt"] == opportunity["updatedAt"]


def test_a_status_outside_the_documented_ones_is_a_422(hl: MockClient) -> None:
    answer = hl.put(f"/opportunities/{REX_DENTAL}/status", json={"status": "closed"})
    assert answer.status == 422
    assert answer.json()["message"] == ["status must be one of the following values: open, won, lost, abandoned, all"]


def test_delete_answers_succeded_and_the_opportunity_is_gone(hl: MockClient) -> None:
    answer = hl.delete(f"/opportunities/{REX_DENTAL}")
    assert (answer.status, answer.json()) == (200, {"succeded": True})
    gone = hl.get(f"/opportunities/{REX_DENTAL}")
    assert (gone.status, gone.json()) == (400, bad_request(f"Opportunity not found for id:{REX_DENTAL}"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"contactId": "C99nobody0008vShlRW1"}, "Contact not found for id:C99nobody0008vShlRW1"),
        ({"pipelineId": "P99nowhere008vShlRW1"}, "Pipeline not found for id:P99nowhere008vShlRW1"),
        ({"pipelineStageId": "nope"}, f"Pipeline stage nope does not belong to pipeline {PIPELINE}"),
    ],
)
def test_create_refuses_what_the_location_does_not_hold(hl: MockClient, change: dict[str, str], message: str) -> None:
    answer = hl.post("/opportunities/", json=new_opportunity(**change))
    assert (answer.status, answer.json()) == (400, bad_request(message))


def test_create_without_the_required_fields_is_a_422_in_class_validator_words(hl: MockClient) -> None:
    answer = hl.post("/opportunities/", json={"locationId": HL_LOCATION})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        "pipelineId should not be empty",
        "pipelineId must be a string",
        "name should not be empty",
        "name must be a string",
        "status should not be empty",
        "status must be a string",
        "contactId should not be empty",
        "contactId must be a string",
    )


def test_upsert_creates_then_finds_the_contacts_opportunity_in_the_pipeline(hl: MockClient) -> None:
    body = {
        "pipelineId": PIPELINE,
        "locationId": HL_LOCATION,
        "contactId": TOMAS,
        "name": "Puppy plan",
        "followers": [ANA],
        "isRemoveAllFollowers": False,
        "followersActionType": "add",
    }
    first = hl.post("/opportunities/upsert", json=body)
    assert first.status == 200, first.text
    assert first.json()["new"] is True
    created = first.json()["opportunity"]
    assert (created["status"], created["followers"], created["pipelineStageId"]) == ("open", [ANA], ENQUIRY)
    again = hl.post("/opportunities/upsert", json={**body, "monetaryValue": 300, "followers": [BEN]})
    assert again.json()["new"] is False
    updated = again.json()["opportunity"]
    assert (updated["id"], updated["monetaryValue"], updated["followers"]) == (created["id"], 300, [ANA, BEN])
    by_id = hl.post(
        "/opportunities/upsert",
        json={**body, "id": created["id"], "followers": [ANA], "followersActionType": "remove"},
    )
    assert (by_id.json()["new"], by_id.json()["opportunity"]["followers"]) == (False, [BEN])


def test_search_lists_the_location_newest_first_with_paging_meta(hl: MockClient) -> None:
    body = search(hl)
    assert ids(body) == SEEDED
    assert body["meta"]["total"] == 4 and body["aggregations"] == {}
    first = search(hl, limit=3)
    assert ids(first) == SEEDED[:3]
    meta = first["meta"]
    assert (meta["currentPage"], meta["nextPage"], meta["prevPage"], meta["startAfterId"]) == (1, 2, None, SEEDED[2])
    assert ids(search(hl, limit=3, page=2)) == SEEDED[3:]
    after = search(hl, limit=3, startAfter=str(meta["startAfter"]), startAfterId=meta["startAfterId"])
    assert ids(after) == SEEDED[3:]
    assert ids(search(hl, order="added_asc")) == SEEDED[::-1]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"contact_id": JANE}, ["O04janeGroomi8vShlRW", REX_DENTAL]),
        ({"assigned_to": CARA}, ["O04janeGroomi8vShlRW", "O03lucyWellne8vShlRW"]),
        ({"pipeline_stage_id": ENQUIRY}, ["O03lucyWellne8vShlRW"]),
        ({"status": "open"}, ["O03lucyWellne8vShlRW", REX_DENTAL]),
        ({"status": "all", "pipeline_id": PIPELINE}, SEEDED),
        ({"q": "biscuit"}, ["O02biscuitVax8vShlRW"]),
        ({"q": "lucy"}, ["O03lucyWellne8vShlRW"]),
        ({"contact_id": MARK, "status": "open"}, []),
    ],
)
def test_search_filters(hl: MockClient, params: dict[str, str], expected: list[str]) -> None:
    body = search(hl, **params)
    assert ids(body) == expected
    assert body["meta"]["total"] == len(expected)


def test_search_needs_the_snake_case_location_id(hl: MockClient) -> None:
    # HighLevel reads only location_id: the camelCase name (which the Python SDK sends) is a 422.
    answer = hl.get("/opportunities/search", params={"locationId": HL_LOCATION})
    assert (answer.status, answer.json()) == (422, unprocessable("location_id can't be undefined"))


def test_search_limit_past_100_is_a_422(hl: MockClient) -> None:
    answer = hl.get("/opportunities/search", params={"location_id": HL_LOCATION, "limit": 101})
    assert (answer.status, answer.json()) == (422, unprocessable("limit must not be greater than 100"))


def test_a_missing_opportunity_is_a_400(hl: MockClient) -> None:
    answer = hl.put("/opportunities/O99missing008vShlRW1/status", json={"status": "won"})
    assert (answer.status, answer.json()) == (400, bad_request("Opportunity not found for id:O99missing008vShlRW1"))


# -- lost reasons --------------------------------------------------------------------------

PRICE, MOVED, OTHER_CLINIC, NO_REPLY = (
    "L01priceTooH8vShlRW1",
    "L02movedAway8vShlRW1",
    "L03otherClin8vShlRW1",
    "L04noReply00c8vShlRW",
)


def lost_reasons(hl: MockClient, **params: Any) -> dict[str, Any]:
    answer = hl.get("/opportunities/lost-reason", params={"locationId": HL_LOCATION, **params})
    assert answer.status == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def reason_ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["lostReasons"]]


def test_lost_reasons_list_the_live_ones_oldest_first(hl: MockClient) -> None:
    body = lost_reasons(hl)
    assert body["lostReasons"][0] == {
        "id": PRICE,
        "name": "Price too high",
        "locationId": HL_LOCATION,
        "createdAt": "2025-01-02T09:00:00.000Z",
        "updatedAt": "2025-01-02T09:00:00.000Z",
    }
    assert (reason_ids(body), "total" in body) == ([PRICE, MOVED, OTHER_CLINIC], False)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"name": "moved away"}, [MOVED]),
        ({"name": "moved"}, []),
        ({"query": "CLINIC"}, [OTHER_CLINIC]),
        ({"deleted": "true"}, [NO_REPLY]),
        ({"skip": "1", "limit": "1"}, [MOVED]),
    ],
)
def test_lost_reasons_by_name_query_deleted_and_page(
    hl: MockClient, params: dict[str, str], expected: list[str]
) -> None:
    assert reason_ids(lost_reasons(hl, **params)) == expected


def test_lost_reasons_count_only_when_asked(hl: MockClient) -> None:
    assert lost_reasons(hl, getCount="true", limit="1")["total"] == 3
    assert lost_reasons(hl, locationId="b" * 20) == {"lostReasons": []}


def test_lost_reasons_without_a_location_is_a_422(hl: MockClient) -> None:
    answer = hl.get("/opportunities/lost-reason")
    assert (answer.status, answer.json()) == (
        422,
        unprocessable("locationId should not be empty", "locationId must be a string"),
    )


# -- advanced search (POST /opportunities/search) ---------------------------------------------


def advanced(hl: MockClient, **body: Any) -> Answer:
    return hl.post("/opportunities/search", json={"locationId": HL_LOCATION, "limit": 20, **body})


def found(answer: Answer) -> list[str]:
    assert answer.status == 200, answer.text
    return [item["id"] for item in answer.json()["opportunities"]]


def test_advanced_search_lists_the_location_newest_first(hl: MockClient) -> None:
    answer = advanced(hl)
    assert found(answer) == SEEDED
    body = answer.json()
    assert (body["total"], body["aggregations"]) == (4, {})
    first = body["opportunities"][0]
    assert first["contact"]["id"] == JANE
    assert first["searchAfter"] == first["sort"] == [1736700300000, SEEDED[0]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"filters": [{"field": "status", "operator": "eq", "value": "open"}]}, [SEEDED[1], REX_DENTAL]),
        (
            {
                "filters": [
                    {
                        "group": "OR",
                        "filters": [
                            {"field": "pipeline_stage_id", "operator": "eq", "value": SIGNED},
                            {"field": "assigned_to", "operator": "eq", "value": ANA},
                        ],
                    }
                ]
            },
            ["O02biscuitVax8vShlRW", REX_DENTAL],
        ),
        (
            {"filters": [{"field": "monetary_value", "operator": "range", "value": {"gte": 240, "lt": 720}}]},
            [
                "O02biscuitVax8vShlRW",
                REX_DENTAL,
            ],
        ),
        ({"sort": [{"field": "date_added", "direction": "asc"}], "limit": 2}, [REX_DENTAL, "O02biscuitVax8vShlRW"]),
        ({"sort": [{"field": "monetary_value", "direction": "desc"}], "limit": 1}, [SEEDED[1]]),
        ({"query": "wellness"}, [SEEDED[1]]),
        ({"query": "jane"}, [SEEDED[0], REX_DENTAL]),
        ({"limit": 1, "page": 2}, [SEEDED[1]]),
    ],
)
def test_advanced_search_filters_sorts_and_pages(hl: MockClient, body: dict[str, Any], expected: list[str]) -> None:
    assert found(advanced(hl, **body)) == expected


def test_advanced_search_continues_after_a_cursor(hl: MockClient) -> None:
    first = advanced(hl, limit=2).json()["opportunities"]
    assert found(advanced(hl, limit=2, searchAfter=first[-1]["searchAfter"])) == SEEDED[2:]


def test_advanced_search_answers_the_additional_details_asked_for(hl: MockClient) -> None:
    answer = advanced(hl, limit=1, additionalDetails={"notes": True, "tasks": False, "calendarEvents": True})
    [item] = answer.json()["opportunities"]
    assert (item["notes"], "tasks" in item, item["calendarEvents"]) == ([], False, [])


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ({"filters": [{"field": "nope", "operator": "eq", "value": 1}]}, ["nope is not a field that can be searched"]),
        ({"filters": [{"field": "status", "operator": "like", "value": "open"}]}, ["Invalid Operator"]),
        ({"limit": 501}, ["limit must not be greater than 500"]),
    ],
)
def test_advanced_search_refusals(hl: MockClient, body: dict[str, Any], messages: list[str]) -> None:
    answer = advanced(hl, **body)
    assert (answer.status, answer.json()) == (422, unprocessable(*messages))


def test_advanced_search_needs_a_limit(hl: MockClient) -> None:
    answer = hl.post("/opportunities/search", json={"locationId": HL_LOCATION})
    assert (answer.status, answer.json()) == (
        422,
        unprocessable("limit should not be empty", "limit must be a number conforming to the specified constraints"),
    )


# -- followers ----------------------------------------------------------------------------


def test_followers_are_added_then_removed(hl: MockClient) -> None:
    path = f"/opportunities/{REX_DENTAL}/followers"
    added = hl.post(path, json={"followers": [ANA, BEN, ANA]})
    assert (added.status, added.json()) == (201, {"followers": [ANA, BEN], "followersAdded": [ANA, BEN]})
    again = hl.post(path, json={"followers": [BEN, CARA]})
    assert again.json() == {"followers": [ANA, BEN, CARA], "followersAdded": [CARA]}
    removed = hl.delete(path, json={"followers": [ANA, "U99nobody00000000000"]})
    assert (removed.status, removed.json()) == (200, {"followers": [BEN, CARA], "followersRemoved": [ANA]})
    assert hl.get(f"/opportunities/{REX_DENTAL}").json()["opportunity"]["followers"] == [BEN, CARA]
    cleared = hl.delete(path, params={"isRemoveAllFollowers": "true"}, json={"followers": []})
    assert cleared.json() == {"followers": [], "followersRemoved": [BEN, CARA]}


def test_followers_of_a_missing_opportunity_is_a_400(hl: MockClient) -> None:
    answer = hl.post("/opportunities/O99missingPlan8vShlR/followers", json={"followers": [ANA]})
    assert (answer.status, answer.json()) == (400, bad_request("Opportunity not found for id:O99missingPlan8vShlR"))


def test_followers_without_the_list_is_a_422(hl: MockClient) -> None:
    answer = hl.post(f"/opportunities/{REX_DENTAL}/followers", json={})
    assert (answer.status, answer.json()) == (
        422,
        unprocessable("followers should not be empty", "followers must be an array"),
    )
