"""The contract-testing toolkit works for OpenInt as for the other vendors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import MockClient, header
from tests.vendors.openint.expect import SF_CONN, on, org_of, trpc


@pytest.fixture
def faults(control: MockClient) -> Iterator[MockClient]:
    yield control
    control.delete("/faults")


def test_an_injected_429_is_trpcs_too_many_requests(oi: MockClient, faults: MockClient) -> None:
    added = faults.post(
        "/faults", json={"vendor": "openint", "operationId": "crm-listAccounts", "action": {"error": "rate_limited"}}
    )
    assert added.status == 201
    refused = on(oi, SF_CONN).get("/unified/crm/account")
    assert (refused.status, refused.json()) == (
        429,
        trpc(429, "Too many requests", "crm.listAccounts", code="TOO_MANY_REQUESTS"),
    )
    assert header(refused, "Access-Control-Allow-Origin") == "*"
    assert on(oi, SF_CONN).get("/unified/crm/account").status == 200


def test_the_journal_redacts_the_api_key_and_names_the_org(oi: MockClient, control: MockClient) -> None:
    oi.put("/core/customer/cus_j", json={})
    [entry] = control.get("/requests", params={"tenant": org_of(oi), "operationId": "upsertCustomer"}).json()[
        "requests"
    ]
    assert entry["vendor"] == "openint" and entry["request"]["headers"]["X-Apikey"] == "[redacted]"


def test_state_snapshot_and_reset(oi: MockClient, control: MockClient) -> None:
    oi.get("/core/connection")
    snapshot = control.get("/state", params={"vendor": "openint", "tenant": org_of(oi)}).json()
    oi.delete(f"/core/connection/{SF_CONN}")
    assert control.put("/state", json=snapshot).status == 200
    assert oi.get(f"/core/connection/{SF_CONN}").status == 200
    oi.delete(f"/core/connection/{SF_CONN}")
    assert control.post("/reset", json={"vendor": "openint", "tenant": org_of(oi)}).status == 200
    assert oi.get(f"/core/connection/{SF_CONN}").status == 200
