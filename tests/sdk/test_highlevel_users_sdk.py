"""HighLevel's official Python SDK (gohighlevel-api-client) drives the users service
against the mock: get, search, create, update and delete, and the agency-only filter."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from tests.sdk.test_highlevel_python_sdk import LOCATION, sdk_for

highlevel = pytest.importorskip("highlevel", reason="the official SDK is part of the test extra")

COMPANY = "cmpClinicAgency8vShl"
ANA = "U01clinicVet8vShlRW1"


async def exercise_users(ghl: Any) -> dict[str, Any]:
    users = ghl.users
    seen: dict[str, Any] = {}
    seen["ana"] = (await users.get_user(ANA))["name"]
    found = await users.search_users(company_id=COMPANY, query="lee", skip="0", limit="10")
    seen["search"] = ([user["name"] for user in found["users"]], found["count"])
    email = f"dana.{uuid.uuid4().hex[:8]}@clinic.example.com"
    created = await users.create_user(
        {
            "companyId": COMPANY,
            "firstName": "Dana",
            "lastName": "Kim",
            "email": email,
            "password": "s3cret-Passw0rd",
            "type": "account",
            "role": "user",
            "locationIds": [LOCATION],
        }
    )
    seen["created"] = created["name"]
    # The SDK's update and delete have no userId parameter (users.json declares none for
    # /users/{userId}, vendor docs issue 48): the URL is given through options, as a user must.
    path = {"url": f"/users/{created['id']}"}
    seen["updated"] = (await users.update_user({"lastName": "Park"}, options=path))["name"]
    seen["deleted"] = await users.delete_user(options=path)
    everyone = await users.search_users(company_id=COMPANY, location_id=LOCATION)
    seen["after"] = everyone["count"]
    return seen


def test_the_python_sdk_drives_users(live_url: str) -> None:
    seen = asyncio.run(exercise_users(sdk_for(live_url, "2021-07-28")))
    assert seen["ana"] == "Ana Smith"
    assert seen["search"] == (["Ben Lee"], 1)
    assert seen["created"] == "Dana Kim"
    assert seen["updated"] == "Dana Park"
    assert seen["deleted"]["succeded"] is True
    assert seen["after"] == 3


async def filter_by_email(ghl: Any) -> Any:
    return await ghl.users.filter_users_by_email({"companyId": COMPANY, "emails": "ana.smith@clinic.example.com"})


def test_the_agency_only_filter_answers_a_sub_account_token_with_the_scope_401(live_url: str) -> None:
    with pytest.raises(highlevel.error.GHLError) as raised:
        asyncio.run(filter_by_email(sdk_for(live_url, "2021-07-28")))
    assert raised.value.status_code == 401
    assert raised.value.response == {"statusCode": 401, "message": "The token is not authorized for this scope."}
