"""/__mock__/state (snapshot and restore) and /__mock__/clock (freeze, advance)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from mock_server.core.store import tenant_label
from tests.support import HL_LOCATION, MockClient, header

PET_RECORDS = "/objects/custom_objects.pet/records"
BUDDY = "679b8f9bde6a0c356a0311b3"


def names(hl: MockClient) -> list[str]:
    found = hl.post(f"{PET_RECORDS}/search", json={"locationId": HL_LOCATION, "pageLimit": 100}).json()
    return [record["properties"]["name"] for record in found["records"]]


def test_a_tenant_snapshot_restores_exactly(hl: MockClient, control: MockClient, token: str) -> None:
    hl.post(PET_RECORDS, json={"locationId": HL_LOCATION, "properties": {"name": "Rex"}})
    taken = control.get("/state", params={"vendor": "highlevel", "tenant": token})
    assert taken.status == 200
    snapshot: dict[str, Any] = taken.json()
    assert list(snapshot["vendors"]["highlevel"]) == [tenant_label(token)]
    assert token not in taken.text  # no credential in a snapshot

    hl.delete(f"{PET_RECORDS}/{BUDDY}")
    hl.post(PET_RECORDS, json={"locationId": HL_LOCATION, "properties": {"name": "Max"}})
    assert names(hl) == ["Whiskers", "Biscuit", "Rex", "Max"]

    restored = control.put("/state", json=snapshot)
    assert restored.status == 200
    assert restored.json() == {"restored": True, "tenants": 1}
    assert names(hl) == ["Buddy", "Whiskers", "Biscuit", "Rex"]
    assert control.get("/state", params={"tenant": token}).json() == snapshot


def test_restore_leaves_other_tenants_alone(hl: MockClient, control: MockClient, token: str) -> None:
    other = MockClient(hl.transport, hl.prefix, {**hl.headers, "Authorization": f"Bearer {token}-other"})
    other.delete(f"{PET_RECORDS}/{BUDDY}")
    snapshot = control.get("/state", params={"tenant": token}).json()
    hl.post(PET_RECORDS, json={"locationId": HL_LOCATION, "properties": {"name": "Rex"}})  # seeds this tenant
    control.put("/state", json=snapshot)
    assert names(other) == ["Whiskers", "Biscuit"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([1], "the body must be a snapshot from GET /__mock__/state"),
        ({"vendors": {}}, "the snapshot cannot be restored: not a crm-mock state snapshot (version 1 expected)"),
        ({"version": 1, "vendors": {"nope": {}}}, "the snapshot names vendors this server does not serve: ['nope']"),
    ],
)
def test_bad_snapshots_are_refused(control: MockClient, payload: Any, message: str) -> None:
    answer = control.put("/state", json=payload)
    assert answer.status == 400
    assert answer.json() == {"error": message}


@pytest.fixture
def clock(control: MockClient) -> Iterator[MockClient]:
    yield control
    control.post("/clock", json={"reset": True})


def test_a_frozen_clock_stamps_records_and_moves_on_request(hl: MockClient, clock: MockClient) -> None:
    frozen = clock.post("/clock", json={"freeze": "2025-03-01T12:00:00Z"})
    assert frozen.json() == {"now": "2025-03-01T12:00:00.000Z", "frozen": True}
    first = hl.post(PET_RECORDS, json={"locationId": HL_LOCATION, "properties": {"name": "Rex"}}).json()
    assert first["record"]["createdAt"] == "2025-03-01T12:00:00.000Z"
    moved = clock.post("/clock", json={"advance": 90.5})
    assert moved.json()["now"] == "2025-03-01T12:01:30.500Z"
    record_id = first["record"]["id"]
    updated = hl.put(f"{PET_RECORDS}/{record_id}", params={"locationId": HL_LOCATION}, json={"properties": {"age": 2}})
    assert updated.json()["record"]["updatedAt"] == "2025-03-01T12:01:30.500Z"
    assert clock.post("/clock", json={"unfreeze": True}).json()["frozen"] is False


def test_the_clock_moves_rate_limit_windows(hl: MockClient, clock: MockClient) -> None:
    clock.post("/clock", json={"freeze": True})
    hl.get(f"{PET_RECORDS}/{BUDDY}")
    second = hl.get(f"{PET_RECORDS}/{BUDDY}")
    assert header(second, "X-RateLimit-Remaining") == "98"
    clock.post("/clock", json={"advance": 10})
    assert header(hl.get(f"{PET_RECORDS}/{BUDDY}"), "X-RateLimit-Remaining") == "99"


@pytest.mark.parametrize(
    "payload",
    [{}, {"freeze": "yesterday"}, {"freeze": 5}, {"advance": "1h"}],
)
def test_bad_clock_requests_are_refused(clock: MockClient, payload: dict[str, Any]) -> None:
    answer = clock.post("/clock", json=payload)
    assert answer.status == 400
    assert "error" in answer.json()


def test_clock_reset_goes_back_to_real_time(clock: MockClient) -> None:
    clock.post("/clock", json={"freeze": "2025-03-01T12:00:00Z"})
    clock.post("/clock", json={"unfreeze": True})
    assert clock.get("/clock").json()["now"].startswith("2025-03-01T12:00")  # runs on from there
    back = clock.post("/clock", json={"reset": True}).json()
    assert back["frozen"] is False
    now = datetime.fromisoformat(back["now"].replace("Z", "+00:00"))
    assert abs((now - datetime.now(UTC)).total_seconds()) < 60


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"advance": 1e308}, "advance: the clock cannot move that far"),
        ({"advance": -1e12}, "advance: the clock cannot move that far"),
        ({"advance": 2.3e11}, "advance: the clock stays between the years 1970 and 9000"),
        ({"freeze": "9999-12-31T23:59:59Z"}, "freeze: the clock stays between the years 1970 and 9000"),
    ],
)
def test_the_clock_cannot_leave_the_range_dates_can_hold(
    clock: MockClient, payload: dict[str, Any], message: str
) -> None:
    answer = clock.post("/clock", json=payload)
    assert (answer.status, answer.json()) == (400, {"error": message})
    assert clock.get("/clock").status == 200  # and the server still tells the time


def test_a_snapshot_that_fails_half_way_changes_nothing(hl: MockClient, control: MockClient, token: str) -> None:
    good = control.get("/state", params={"tenant": token}).json()
    hl.delete(f"{PET_RECORDS}/{BUDDY}")
    label = tenant_label(token)
    broken = {"version": 1, "vendors": {"highlevel": {label: {"records": [{"id": "x"}]}, "tenant_zz": {"r": [{}]}}}}
    answer = control.put("/state", json=broken)
    assert answer.status == 400
    assert names(hl) == ["Whiskers", "Biscuit"]
    assert good == {"version": 1, "vendors": {}}  # this tenant had not been used before the snapshot


def test_a_snapshot_of_an_unknown_vendor_is_refused(control: MockClient) -> None:
    answer = control.get("/state", params={"vendor": "nope"})
    assert answer.status == 404
    vendors = ["espocrm", "highlevel", "openint", "salesos", "zendesk"]
    assert answer.json() == {"error": "unknown vendor 'nope'", "vendors": vendors}


def _tenant(control: MockClient, token: str) -> dict[str, Any]:
    listed = control.get("/tenants", params={"vendor": "highlevel"}).json()["tenants"]
    (mine,) = [entry for entry in listed if entry["tenant"] == tenant_label(token)]
    return mine


def test_tenants_list_counts_and_a_version_that_moves_on_every_change(
    hl: MockClient, control: MockClient, token: str
) -> None:
    hl.get(f"{PET_RECORDS}/{BUDDY}")
    before = _tenant(control, token)
    snapshot = control.get("/state", params={"vendor": "highlevel", "tenant": token}).json()
    collections = snapshot["vendors"]["highlevel"][tenant_label(token)]
    assert before["vendor"] == "highlevel"
    assert before["collections"] == {name: len(records) for name, records in collections.items()}
    assert _tenant(control, token)["version"] == before["version"]  # reads change nothing
    hl.post(PET_RECORDS, json={"locationId": HL_LOCATION, "properties": {"name": "Rex"}})
    after = _tenant(control, token)
    assert after["version"] > before["version"]
    assert after["collections"]["records"] == before["collections"]["records"] + 1
    assert token not in control.get("/tenants").text  # labels, never credentials


def test_tenants_of_an_unknown_vendor_are_refused(control: MockClient) -> None:
    answer = control.get("/tenants", params={"vendor": "nope"})
    assert answer.status == 404
    assert answer.json()["error"] == "unknown vendor 'nope'"
