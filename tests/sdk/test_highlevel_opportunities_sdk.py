"""HighLevel's official Python SDK (PyPI gohighlevel-api-client) drives opportunities,
pipelines and businesses on the mock, as a marketplace app's code would."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.sdk.test_highlevel_python_sdk import LOCATION, sdk_for

highlevel = pytest.importorskip("highlevel", reason="the official SDK is part of the test extra")

PIPELINE = "P01clinicPipe8vShlRW"
SIGNED = "3e9c6f4b-5d7a-4b12-8e4d-8fa02b5c7d94"
TOMAS = "C04leadTomas8vShlRW1"
ANA = "U01clinicVet8vShlRW1"


async def exercise_opportunities(ghl: Any) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    opportunities = ghl.opportunities
    pipelines = await opportunities.get_pipelines(location_id=LOCATION)
    seen["pipelines"] = [(item["id"], len(item["stages"])) for item in pipelines["pipelines"]]
    created = (
        await opportunities.create_opportunity(
            {"pipelineId": PIPELINE, "locationId": LOCATION, "name": "Puppy plan", "status": "open", "contactId": TOMAS}
        )
    )["opportunity"]
    seen["got"] = (await opportunities.get_opportunity(created["id"]))["opportunity"]["name"]
    updated = await opportunities.update_opportunity(created["id"], {"pipelineStageId": SIGNED, "monetaryValue": 350})
    seen["updated"] = (updated["opportunity"]["pipelineStageId"], updated["opportunity"]["monetaryValue"])
    seen["status"] = await opportunities.update_opportunity_status(created["id"], {"status": "won"})
    upserted = await opportunities.upsert_opportunity(
        {
            "id": created["id"],
            "pipelineId": PIPELINE,
            "locationId": LOCATION,
            "followers": [ANA],
            "isRemoveAllFollowers": False,
            "followersActionType": "add",
        }
    )
    seen["upserted"] = (upserted["new"], upserted["opportunity"]["followers"], upserted["opportunity"]["status"])
    seen["deleted"] = await opportunities.delete_opportunity(created["id"])
    return seen


async def exercise_businesses(ghl: Any) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    businesses = ghl.businesses
    created = await businesses.create_business({"name": "Acme Kennels", "locationId": LOCATION})
    business_id = created["buiseness"]["id"]
    seen["got"] = (await businesses.get_business(business_id))["business"]["name"]
    updated = await businesses.update_business(business_id, {"city": "Salem"})
    seen["updated"] = updated["buiseness"]["city"]
    page = await businesses.get_businesses_by_location(location_id=LOCATION, limit="10", skip="0")
    seen["listed"] = business_id in [item["id"] for item in page["businesses"]]
    seen["deleted"] = await businesses.delete_business(business_id)
    return seen


def test_the_sdk_drives_opportunities_and_pipelines(live_url: str) -> None:
    seen = asyncio.run(exercise_opportunities(sdk_for(live_url)))
    assert seen["pipelines"] == [(PIPELINE, 4)]
    assert seen["got"] == "Puppy plan"
    assert seen["updated"] == (SIGNED, 350)
    assert seen["status"] == {"succeded": True}
    assert seen["upserted"] == (False, [ANA], "won")
    assert seen["deleted"] == {"succeded": True}


def test_the_sdk_search_sends_camel_case_names_which_highlevel_does_not_read(live_url: str) -> None:
    # The SDK (3.0.0) sends locationId; HighLevel's search reads only location_id.
    async def search() -> Any:
        return await sdk_for(live_url).opportunities.search_opportunity(location_id=LOCATION)

    with pytest.raises(highlevel.error.GHLError) as raised:
        asyncio.run(search())
    assert raised.value.status_code == 422
    assert raised.value.response == {
        "statusCode": 422,
        "message": ["location_id can't be undefined"],
        "error": "Unprocessable Entity",
    }


async def search_with_the_documented_names(ghl: Any) -> Any:
    options = {"params": {"location_id": LOCATION, "contact_id": TOMAS}}
    return await ghl.opportunities.search_opportunity(location_id=LOCATION, options=options)


def test_the_sdk_search_works_with_the_documented_names(live_url: str) -> None:
    answer = asyncio.run(search_with_the_documented_names(sdk_for(live_url)))
    assert answer["meta"]["total"] == 0


def test_the_sdk_drives_businesses(live_url: str) -> None:
    seen = asyncio.run(exercise_businesses(sdk_for(live_url)))
    assert seen == {"got": "Acme Kennels", "updated": "Salem", "listed": True, "deleted": {"success": True}}


REX_DENTAL = "O01rexDental8vShlRW1"
BEN = "U02clinicNur8vShlRW1"


async def exercise_lost_reasons_search_and_followers(ghl: Any) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    opportunities = ghl.opportunities
    reasons = await opportunities.get_lost_reason(location_id=LOCATION, query="clinic", get_count=True)
    seen["reasons"] = ([item["name"] for item in reasons["lostReasons"]], reasons["total"])
    searched = await opportunities.search_opportunities_advanced(
        {
            "locationId": LOCATION,
            "query": "",
            "limit": 2,
            "page": 1,
            "searchAfter": [],
            "additionalDetails": {
                "notes": False,
                "tasks": False,
                "calendarEvents": False,
                "unReadConversations": False,
            },
        }
    )
    seen["searched"] = (searched["total"], len(searched["opportunities"]))
    added = await opportunities.add_followers_opportunity(REX_DENTAL, {"followers": [ANA, BEN]})
    seen["added"] = added["followersAdded"]
    removed = await opportunities.remove_followers_opportunity(REX_DENTAL, {"followers": [ANA]})
    seen["removed"] = (removed["followers"], removed["followersRemoved"])
    cleared = await opportunities.remove_followers_opportunity(
        REX_DENTAL, {"followers": []}, is_remove_all_followers=True
    )
    seen["cleared"] = cleared["followers"]
    return seen


def test_the_sdk_reads_lost_reasons_searches_and_moves_followers(live_url: str) -> None:
    seen = asyncio.run(exercise_lost_reasons_search_and_followers(sdk_for(live_url)))
    assert seen == {
        "reasons": (["Chose another clinic"], 1),
        "searched": (4, 2),
        "added": [ANA, BEN],
        "removed": ([BEN], [ANA]),
        "cleared": [],
    }
