"""The official Python SDK's OAuth service (gohighlevel-api-client), unchanged but for its
base URL, against the mock: it sends `Version: v3`, so it gets the v3 document's dialect
(camelCase, /oauth/location-token, /oauth/installed-locations as {items, pagination})."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

highlevel = pytest.importorskip("highlevel", reason="the official SDK is part of the test extra")

CLIENT_ID = "6578278e879ad2646715ba9c-crmmock"
SECRET = "9f3c2a71-4b8e-4d20-a6c5-0e1f2d3c4b5a"
APP_ID = "6578278e879ad2646715ba9c"
COMPANY_ID = "cmpClinicAgency8vShl"
LOCATION = "ve9EPM428h8vShlRW1KT"


def sdk_for(base_url: str, **tokens: str) -> Any:
    """The README's recipe: only the SDK's base URL changes."""
    mock_highlevel = type("MockHighLevel", (highlevel.HighLevel,), {"BASE_URL": f"{base_url}/highlevel"})
    return mock_highlevel(client_id=CLIENT_ID, client_secret=SECRET, **tokens)


async def the_oauth_flows(base_url: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    oauth = sdk_for(base_url).oauth
    granted = await oauth.get_access_token(
        {
            "clientId": CLIENT_ID,
            "clientSecret": SECRET,
            "grantType": "authorization_code",
            "code": f"{LOCATION}.sdk",
            "userType": "Location",
        }
    )
    seen["granted"] = (granted["userType"], granted["locationId"], granted["expiresIn"])
    refreshed = await oauth.refresh_token(granted["refreshToken"], CLIENT_ID, SECRET, "refresh_token", "Location")
    seen["rotated"] = refreshed["refreshToken"] != granted["refreshToken"]
    try:
        await oauth.refresh_token(granted["refreshToken"], CLIENT_ID, SECRET, "refresh_token", "Location")
    except highlevel.error.GHLError as refused:
        seen["reused"] = (refused.status_code, refused.response)

    located = sdk_for(base_url, location_access_token=refreshed["accessToken"])
    listed = await located.objects.get_object_by_location_id(location_id=LOCATION)
    seen["objects"] = len(listed["objects"])

    agency_grant = await oauth.get_access_token(
        {"clientId": CLIENT_ID, "clientSecret": SECRET, "grantType": "authorization_code", "code": f"{COMPANY_ID}.sdk"}
    )
    agency = sdk_for(base_url, agency_access_token=agency_grant["accessToken"]).oauth
    location_token = await agency.get_location_access_token({"companyId": COMPANY_ID, "locationId": LOCATION})
    seen["location token"] = (location_token["locationId"], "refreshToken" in location_token)
    installed = await agency.get_installed_location(company_id=COMPANY_ID, app_id=APP_ID, page_size=10)
    seen["installed"] = ([item["_id"] for item in installed["items"]], installed["pagination"]["hasNextPage"])
    return seen


def test_the_sdk_oauth_service_against_the_mock(live_url: str) -> None:
    seen = asyncio.run(the_oauth_flows(live_url))
    assert seen["granted"] == ("Location", LOCATION, 86399)
    assert seen["rotated"] is True
    assert seen["reused"] == (400, {"statusCode": 400, "message": "Invalid grant: refresh token is invalid"})
    assert seen["objects"] >= 4
    assert seen["location token"] == (LOCATION, True)
    assert seen["installed"] == ([LOCATION], False)
