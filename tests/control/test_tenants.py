"""/__mock__/tenants/{vendor}: a fresh tenant per test; deleting one; per-tenant clocks and journal clears."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from tests.support import HL_LOCATION, MockClient

# One request per vendor that any tenant may make: (vendor, base path, path, query).
FIRST_CALLS = {
    "highlevel": ("/highlevel", "/objects/", {"locationId": HL_LOCATION}),
    "zendesk": ("/zendesk", "/api/v2/custom_objects", None),
    "espocrm": ("/espocrm", "/api/v1/App/user", None),
    "openint": ("/openint", "/v0/core/connection", None),
    "salesos": ("/salesos", "/v1/custom-objects", None),
}


def make(control: MockClient, vendor: str) -> dict[str, Any]:
    answer = control.post(f"/tenants/{vendor}")
    assert answer.status == 201, answer.text
    made: dict[str, Any] = answer.json()
    return made


def first_call(control: MockClient, vendor: str, headers: dict[str, str]) -> int:
    mount, path, query = FIRST_CALLS[vendor]
    return MockClient(control.transport, mount, headers).get(path, params=query).status


@pytest.mark.parametrize("vendor", sorted(FIRST_CALLS))
def test_a_made_credential_is_the_vendors_own_and_names_the_tenant_it_was_given(
    control: MockClient, vendor: str
) -> None:
    made = make(control, vendor)
    assert made["vendor"] == vendor
    assert made["tenant"].startswith("tenant_")
    assert made["baseUrl"] == f"/{vendor}"
    assert first_call(control, vendor, made["headers"]) == 200
    [entry] = control.get("/requests", params={"tenant": made["tenant"]}).json()["requests"]
    assert entry["vendor"] == vendor and entry["tenant"] == made["tenant"]
    assert control.delete(f"/tenants/{vendor}/{made['tenant']}").json() == {
        "deleted": True,
        "vendor": vendor,
        "tenant": made["tenant"],
    }


def test_each_made_credential_is_fresh(control: MockClient) -> None:
    first, second = make(control, "zendesk"), make(control, "zendesk")
    assert first["tenant"] != second["tenant"]
    assert first["headers"] != second["headers"]
    email, token = first["credentials"]["email"], first["credentials"]["token"]
    basic = base64.b64encode(f"{email}/token:{token}".encode()).decode()
    assert first["headers"] == {"Authorization": f"Basic {basic}"}
    for made in (first, second):
        control.delete(f"/tenants/zendesk/{made['tenant']}")


def test_deleting_a_tenant_drops_its_records_and_a_second_delete_is_404(control: MockClient) -> None:
    made = make(control, "highlevel")
    hl = MockClient(control.transport, "/highlevel", made["headers"])
    created = hl.post(
        "/objects/custom_objects.pet/records", json={"locationId": HL_LOCATION, "properties": {"name": "Rex"}}
    )
    assert created.status == 201
    assert control.delete(f"/tenants/highlevel/{made['tenant']}").status == 200
    assert [t for t in control.get("/tenants").json()["tenants"] if t["tenant"] == made["tenant"]] == []

    again = control.delete(f"/tenants/highlevel/{made['tenant']}")
    assert again.status == 404
    assert again.json() == {
        "error": f"highlevel holds no tenant {made['tenant']!r}",
        "vendor": "highlevel",
        "tenant": made["tenant"],
    }
    # The same credential later is a new tenant, back at the fixtures.
    found = hl.get(f"/objects/custom_objects.pet/records/{created.json()['record']['id']}")
    assert found.status == 400


def test_a_tenant_is_deleted_by_its_credential_too(control: MockClient, token: str) -> None:
    hl = MockClient(control.transport, "/highlevel", {"Authorization": f"Bearer {token}", "Version": "2021-07-28"})
    assert hl.get("/objects/", params={"locationId": HL_LOCATION}).status == 200
    assert control.delete(f"/tenants/highlevel/{token}").status == 200


def test_unknown_vendor_is_404_with_the_vendors(control: MockClient) -> None:
    for answer in (control.post("/tenants/hubspot"), control.delete("/tenants/hubspot/tenant_0000000000000000")):
        assert answer.status == 404
        assert answer.json()["error"] == "unknown vendor 'hubspot'"


def test_make_takes_no_options() -> None:
    client = create_app(Settings()).test_client()
    answer = client.post("/__mock__/tenants/highlevel", json={"strict": True})
    assert answer.status_code == 400
    assert answer.json == {"error": "the body, when given, is an empty JSON object: this call takes no options"}
    assert client.post("/__mock__/tenants/highlevel", json={}).status_code == 201


def test_under_strict_auth_only_made_credentials_pass_and_only_until_deleted() -> None:
    client = create_app(Settings(strict_auth=True)).test_client()
    undeclared = {"Authorization": "Bearer pit-00000000-0000-0000-0000-000000000000", "Version": "2021-07-28"}
    query = {"locationId": HL_LOCATION}
    assert client.get("/highlevel/objects/", headers=undeclared, query_string=query).status_code == 401
    made = client.post("/__mock__/tenants/highlevel").json
    assert client.get("/highlevel/objects/", headers=made["headers"], query_string=query).status_code == 200
    assert client.delete(f"/__mock__/tenants/highlevel/{made['tenant']}").status_code == 200
    refused = client.get("/highlevel/objects/", headers=made["headers"], query_string=query)
    assert refused.status_code == 401
    assert refused.json == {
        "statusCode": 401,
        "message": "Invalid token: access token is invalid",
        "error": "Unauthorized",
    }


def test_made_tenants_count_against_the_cap_and_deleting_frees_it() -> None:
    client = create_app(Settings(max_tenants=2)).test_client()
    made = [client.post("/__mock__/tenants/salesos").json for _ in range(2)]
    full = client.post("/__mock__/tenants/salesos")
    assert full.status_code == 503
    assert full.json == {
        "error": "this server already holds its limit of 2 salesos tenants (--max-tenants); "
        "delete tenants you no longer need (DELETE /__mock__/tenants/{vendor}/{tenant})",
        "limit": 2,
    }
    client.delete(f"/__mock__/tenants/salesos/{made[0]['tenant']}")
    assert client.post("/__mock__/tenants/salesos").status_code == 201


def test_deleting_a_tenant_drops_the_fault_rules_that_match_only_it(control: MockClient) -> None:
    made = make(control, "highlevel")
    rule = control.post("/faults", json={"tenant": made["tenant"], "action": {"status": 503}, "times": None}).json()
    control.delete(f"/tenants/highlevel/{made['tenant']}")
    assert rule["id"] not in [listed["id"] for listed in control.get("/faults").json()["faults"]]


# -- a tenant's own clock ------------------------------------------------------------


def test_a_tenants_clock_moves_its_timestamps_and_no_one_elses(control: MockClient) -> None:
    mine, theirs = make(control, "highlevel"), make(control, "highlevel")
    moved = control.post(
        "/clock", json={"vendor": "highlevel", "tenant": mine["tenant"], "freeze": "2031-02-03T04:05:06Z"}
    )
    assert moved.status == 200
    assert moved.json() == {
        "now": "2031-02-03T04:05:06.000Z",
        "frozen": True,
        "vendor": "highlevel",
        "tenant": mine["tenant"],
        "ownClock": True,
    }
    assert control.get("/clock").json()["now"] != "2031-02-03T04:05:06.000Z"  # the server's did not move

    def created_at(headers: dict[str, str]) -> str:
        hl = MockClient(control.transport, "/highlevel", headers)
        body = {"locationId": HL_LOCATION, "properties": {"name": "Rex"}}
        return str(hl.post("/objects/custom_objects.pet/records", json=body).json()["record"]["createdAt"])

    assert created_at(mine["headers"]) == "2031-02-03T04:05:06.000Z"
    assert not created_at(theirs["headers"]).startswith("2031")
    [entry] = control.get("/requests", params={"tenant": mine["tenant"], "operationId": "create-object-record"}).json()[
        "requests"
    ]
    assert entry["time"] == "2031-02-03T04:05:06.000Z"

    back = control.post("/clock", json={"vendor": "highlevel", "tenant": mine["tenant"], "reset": True}).json()
    assert back["ownClock"] is False and back["frozen"] is False
    for made in (mine, theirs):
        control.delete(f"/tenants/highlevel/{made['tenant']}")


def test_a_clock_for_a_tenant_the_server_does_not_know_is_404(control: MockClient) -> None:
    answer = control.post("/clock", json={"vendor": "highlevel", "tenant": "nobody-yet", "advance": 5})
    assert answer.status == 404
    assert answer.json()["error"].startswith("highlevel holds no tenant 'tenant_")
    half = control.post("/clock", json={"tenant": "nobody-yet", "advance": 5})
    assert half.status == 400
    assert half.json() == {"error": "a tenant's clock is named by both 'vendor' and 'tenant' (text)"}


def test_a_tenants_clock_starts_a_new_rate_limit_window_for_it_alone() -> None:
    client = create_app(Settings(rate_limits=True)).test_client()
    mine, theirs = (client.post("/__mock__/tenants/highlevel").json for _ in range(2))
    query = {"locationId": HL_LOCATION}

    def remaining(made: dict[str, Any]) -> str:
        answer = client.get("/highlevel/objects/", headers=made["headers"], query_string=query)
        return str(answer.headers["X-RateLimit-Remaining"])

    first_mine, first_theirs = remaining(mine), remaining(theirs)
    assert remaining(mine) != first_mine  # the same window: one more used
    client.post("/__mock__/clock", json={"vendor": "highlevel", "tenant": mine["tenant"], "advance": 11})
    assert remaining(mine) == first_mine  # a new burst window on its clock
    assert remaining(theirs) != first_theirs  # theirs did not move


# -- the journal, one tenant at a time -----------------------------------------------


def test_clearing_a_tenants_journal_leaves_everyone_elses(control: MockClient) -> None:
    mine, theirs = make(control, "espocrm"), make(control, "espocrm")
    for made in (mine, theirs, mine):
        assert first_call(control, "espocrm", made["headers"]) == 200
    cleared = control.delete("/requests", params={"tenant": mine["tenant"]})
    assert cleared.json() == {"cleared": 2}
    assert control.get("/requests", params={"tenant": mine["tenant"]}).json()["requests"] == []
    assert len(control.get("/requests", params={"tenant": theirs["tenant"]}).json()["requests"]) == 1
    for made in (mine, theirs):
        control.delete(f"/tenants/espocrm/{made['tenant']}")


def test_a_refused_clock_call_changes_no_clock(control: MockClient) -> None:
    mine = make(control, "highlevel")
    named = {"vendor": "highlevel", "tenant": mine["tenant"]}
    control.post("/clock", json={**named, "freeze": "2031-02-03T04:05:06Z"})
    # reset and freeze come before the bad advance in the payload: neither may happen.
    refused = control.post("/clock", json={**named, "reset": True, "freeze": True, "advance": "soon"})
    assert (refused.status, refused.json()) == (400, {"error": "advance must be a number of seconds"})
    after = control.get("/clock", params=named).json()
    assert (after["now"], after["frozen"], after["ownClock"]) == ("2031-02-03T04:05:06.000Z", True, True)

    other = make(control, "highlevel")
    refused = control.post("/clock", json={"vendor": "highlevel", "tenant": other["tenant"], "freeze": "not a time"})
    assert refused.status == 400
    assert control.get("/clock", params={"vendor": "highlevel", "tenant": other["tenant"]}).json()["ownClock"] is False
    for made in (mine, other):
        control.delete(f"/tenants/highlevel/{made['tenant']}")
