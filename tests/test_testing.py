"""mock_server.testing.MockCRM: a server for test suites, in a thread or elsewhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from mock_server.config import Settings
from mock_server.testing import MockCRM, MockCRMError

PET_RECORDS = "/objects/custom_objects.pet/records"
BUDDY = "679b8f9bde6a0c356a0311b3"
HEADERS = {"Authorization": "Bearer testing-helper", "Version": "2021-07-28"}
LOCATION = "ve9EPM428h8vShlRW1KT"


@pytest.fixture(scope="module")
def crm() -> Iterator[MockCRM]:
    with MockCRM(Settings(seed=3)) as running:
        yield running


def test_it_serves_real_http_on_a_free_port(crm: MockCRM) -> None:
    assert crm.url.startswith("http://127.0.0.1:")
    assert crm.base_url("highlevel") == crm.url + "/highlevel"
    assert crm.health()["status"] == "ready"
    answer = requests.get(crm.base_url("highlevel") + f"{PET_RECORDS}/{BUDDY}", headers=HEADERS, timeout=10)
    assert answer.status_code == 200
    assert answer.json()["record"]["properties"]["name"] == "Buddy"


def test_verify_passes_and_fails_with_an_explanation(crm: MockCRM) -> None:
    crm.reset()
    requests.post(
        crm.base_url("highlevel") + PET_RECORDS,
        json={"locationId": LOCATION, "properties": {"name": "Rex"}},
        headers=HEADERS,
        timeout=10,
    )
    assert crm.verify(operationId="create-object-record", count=1)["matched"] == 1
    with pytest.raises(MockCRMError) as failed:
        crm.verify(operationId="create-object-record", body={"properties": {"name": "Max"}})
    message = str(failed.value)
    assert message.startswith("expected at least 1 request(s) to create-object-record, found 0")
    assert "properties.name: expected 'Max', got 'Rex'" in message


def test_assert_no_violations_lists_what_broke_the_contract(crm: MockCRM) -> None:
    crm.reset()
    crm.assert_no_violations()
    requests.post(crm.base_url("highlevel") + PET_RECORDS, json={"owner": 5}, headers=HEADERS, timeout=10)
    with pytest.raises(MockCRMError) as failed:
        crm.assert_no_violations()
    message = str(failed.value)
    assert message.splitlines()[0] == "1 request(s) broke the vendor's contract:"
    assert "body /locationId: locationId is required" in message


def test_reset_brings_back_fixtures_and_empties_the_journal(crm: MockCRM) -> None:
    requests.delete(crm.base_url("highlevel") + f"{PET_RECORDS}/{BUDDY}", headers=HEADERS, timeout=10)
    crm.reset()
    assert crm.requests() == []
    again = requests.get(crm.base_url("highlevel") + f"{PET_RECORDS}/{BUDDY}", headers=HEADERS, timeout=10)
    assert again.status_code == 200
    assert [entry["operationId"] for entry in crm.requests()] == ["get-record-by-id"]


def test_a_mockcrm_can_drive_a_server_running_elsewhere(crm: MockCRM) -> None:
    remote = MockCRM(url=crm.url + "/")
    remote.reset()
    requests.get(crm.base_url("highlevel") + f"{PET_RECORDS}/{BUDDY}", headers=HEADERS, timeout=10)
    assert remote.verify(operationId="get-record-by-id", count=1)["verified"] is True
    remote.stop()  # nothing to stop: it does not own that server
    assert crm.health()["status"] == "ready"


def test_control_plane_refusals_raise(crm: MockCRM) -> None:
    with pytest.raises(MockCRMError, match="answered 404"):
        crm.reset(vendor="nope")


def test_fault_helpers_add_list_fire_and_clear(crm: MockCRM) -> None:
    crm.reset()
    rule = crm.add_fault(error="rate_limited", operationId="get-record-by-id", times=2)
    assert (rule["action"], rule["times"], rule["fired"]) == ("rate_limited", 2, 0)
    record_url = crm.base_url("highlevel") + f"{PET_RECORDS}/{BUDDY}"
    assert requests.get(record_url, headers=HEADERS, timeout=10).status_code == 429
    assert [(listed["id"], listed["fired"]) for listed in crm.faults()] == [(rule["id"], 1)]
    crm.clear_faults(rule["id"])
    assert crm.faults() == []
    assert requests.get(record_url, headers=HEADERS, timeout=10).status_code == 200
    with pytest.raises(ValueError, match="exactly one of"):
        crm.add_fault(error="rate_limited", status=500)


def test_a_drop_fault_closes_the_connection_without_a_response(crm: MockCRM) -> None:
    crm.reset()
    crm.add_fault(drop=True, operationId="get-record-by-id")
    record_url = crm.base_url("highlevel") + f"{PET_RECORDS}/{BUDDY}"
    with pytest.raises(requests.ConnectionError) as dropped:
        requests.get(record_url, headers=HEADERS, timeout=10)
    assert "Remote end closed connection without response" in str(dropped.value)
    assert requests.get(record_url, headers=HEADERS, timeout=10).status_code == 200
    [entry] = crm.requests(operationId="get-record-by-id", status=0)
    assert entry["response"]["status"] == 0


def test_rate_limits_and_the_clock(crm: MockCRM) -> None:
    crm.reset()
    crm.clock(freeze="2026-01-05T10:00:00Z")
    crm.rate_limits(True, vendor="highlevel")
    try:
        record_url = crm.base_url("highlevel") + f"{PET_RECORDS}/{BUDDY}"
        headers = {**HEADERS, "Authorization": "Bearer rate-limit-helper"}
        statuses = [requests.get(record_url, headers=headers, timeout=10).status_code for _ in range(101)]
        assert statuses == [200] * 100 + [429]
        assert crm.clock(advance=10)["now"] == "2026-01-05T10:00:10.000Z"
        assert requests.get(record_url, headers=headers, timeout=10).status_code == 200
    finally:
        crm.rate_limits(False)
        crm.reset()


def test_state_snapshot_and_restore(crm: MockCRM) -> None:
    crm.reset()
    record_url = crm.base_url("highlevel") + f"{PET_RECORDS}/{BUDDY}"
    assert requests.get(record_url, headers=HEADERS, timeout=10).status_code == 200  # the tenant exists now
    before = crm.state(vendor="highlevel")
    assert requests.delete(record_url, headers=HEADERS, timeout=10).status_code == 200
    assert requests.get(record_url, headers=HEADERS, timeout=10).status_code == 400  # HighLevel's not-found
    crm.restore_state(before)
    assert requests.get(record_url, headers=HEADERS, timeout=10).status_code == 200
