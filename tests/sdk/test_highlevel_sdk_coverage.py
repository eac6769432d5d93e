"""The official Python SDK's flows (tests/sdk/test_highlevel_*_sdk.py) together reach
every contacts, location custom fields, opportunities, users, businesses and OAuth
operation the mock serves that the SDK has a method for: run against one mock of their
own, the journal's operationIds must cover them, with no violations."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mock_server.config import Settings
from mock_server.testing import MockCRM
from tests.sdk.highlevel_spec import NEIGHBOUR_SOURCES, operations_from
from tests.sdk.test_highlevel_contacts_sdk import exercise_contacts
from tests.sdk.test_highlevel_oauth_sdk import the_oauth_flows
from tests.sdk.test_highlevel_opportunities_sdk import (
    exercise_businesses,
    exercise_lost_reasons_search_and_followers,
    exercise_opportunities,
    search_with_the_documented_names,
)
from tests.sdk.test_highlevel_python_sdk import sdk_for
from tests.sdk.test_highlevel_users_sdk import exercise_users, filter_by_email

highlevel = pytest.importorskip("highlevel", reason="the official SDK is part of the test extra")

# Served operations gohighlevel-api-client (3.0.0) has no method for, and why.
NOT_IN_THE_PYTHON_SDK = {
    "get-contacts": "its contacts service has no GET /contacts/ (the list HighLevel still serves)",
    "get-user-by-location": "its users service has no GET /users/ (users by location)",
    "get-location-access-token": "its oauth service posts to the v3 /oauth/location-token only",
    "get-installed-location": "its oauth service reads the v3 /oauth/installed-locations only",
}


async def every_flow(url: str) -> None:
    """The Python SDK tests' flows, one after another, each on a fresh tenant."""
    await exercise_contacts(sdk_for(url))
    await exercise_opportunities(sdk_for(url))
    await exercise_lost_reasons_search_and_followers(sdk_for(url))
    await search_with_the_documented_names(sdk_for(url))
    await exercise_businesses(sdk_for(url))
    await exercise_users(sdk_for(url, "2021-07-28"))
    with pytest.raises(highlevel.error.GHLError):  # its documented 401 for a sub-account token
        await filter_by_email(sdk_for(url, "2021-07-28"))
    await the_oauth_flows(url)


@pytest.fixture(scope="module")
def journal() -> Any:
    with MockCRM(Settings(strict=True, seed=7)) as crm:
        asyncio.run(every_flow(crm.url))
        yield crm.requests(vendor="highlevel"), crm.violations(vendor="highlevel")


def test_the_python_sdk_flows_reach_every_operation_it_offers(journal: Any) -> None:
    exchanges, _violations = journal
    served = operations_from(NEIGHBOUR_SOURCES)
    reached = {entry["operationId"] for entry in exchanges}
    assert set(NOT_IN_THE_PYTHON_SDK) <= served
    assert reached & served == served - set(NOT_IN_THE_PYTHON_SDK)


def test_the_python_sdk_flows_break_no_contract(journal: Any) -> None:
    _exchanges, violations = journal
    assert [(entry["operationId"], entry["violations"]) for entry in violations] == []
