"""PUT /__mock__/state takes back what GET /__mock__/state gives (up to its own
--max-state-bytes, far above --max-body-bytes); control-plane bodies nested past the
limit, or holding a lone surrogate or a number JSON cannot carry, get the control
plane's 400 and change nothing."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.core.store import tenant_label
from tests.support import HL_LOCATION, MockClient

PET_RECORDS = "/objects/custom_objects.pet/records"
STATE_DEPTH_LIMIT = 128


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def snapshot_holding(token: str, value: str) -> str:
    """A snapshot of one tenant whose one record holds `value` (JSON text)."""
    return (
        '{"version": 1, "vendors": {"highlevel": {"'
        + tenant_label(token)
        + '": {"records": [{"id": "r1", "v": '
        + value
        + "}]}}}}"
    )


def put_state(control: MockClient, body: str) -> Any:
    return control.put("/state", data=body.encode(), headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("depth", [STATE_DEPTH_LIMIT, 600, 100_000])
def test_a_snapshot_nested_past_the_limit_is_refused(control: MockClient, token: str, depth: int) -> None:
    body = snapshot_holding(token, deep(depth))
    # The snapshot's own five objects and one list come first.
    position = body.index('"v": ') + 5 + STATE_DEPTH_LIMIT - 6
    answer = put_state(control, body)
    assert answer.status == 400
    assert answer.json() == {"error": f"the body nests deeper than 128 levels (at character {position})"}
    assert control.get("/state", params={"vendor": "highlevel", "tenant": token}).json() == {
        "version": 1,
        "vendors": {},
    }


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ('"x\\ud800"', "the body holds a lone surrogate (half of a UTF-16 pair) at character {at}"),
        ('{"\\udfff": 1}', "the body holds a lone surrogate (half of a UTF-16 pair) at character {at}"),
        ("NaN", "the body holds a number out of range (NaN or infinity)"),
        ("[1, -Infinity]", "the body holds a number out of range (NaN or infinity)"),
        ("1e999", "the body holds a number out of range (NaN or infinity)"),
    ],
)
def test_a_snapshot_no_answer_could_hold_is_refused(control: MockClient, token: str, value: str, error: str) -> None:
    body = snapshot_holding(token, value)
    answer = put_state(control, body)
    assert answer.status == 400
    assert answer.json() == {"error": error.format(at=body.find("\\u"))}
    assert control.get("/state", params={"tenant": token}).status == 200


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("POST", "/faults", '{"vendor": "highlevel", "tenant": "%s", "action": "server_error", "deep": %s}'),
        ("POST", "/verify", '{"operationId": "%s", "deep": %s}'),
        ("POST", "/reset", '{"vendor": "highlevel", "tenant": "%s", "deep": %s}'),
        ("POST", "/clock", '{"advance": 0, "note": "%s", "deep": %s}'),
    ],
)
def test_every_control_body_has_the_depth_limit(
    control: MockClient, token: str, method: str, path: str, payload: str
) -> None:
    body = payload % (token, deep(600))
    answer = control.request(method, path, data=body.encode(), headers={"Content-Type": "application/json"})
    assert answer.status == 400
    position = body.index("[") + STATE_DEPTH_LIMIT - 1
    assert answer.json() == {"error": f"the body nests deeper than 128 levels (at character {position})"}


def test_a_snapshot_over_the_body_limit_round_trips(hl: MockClient, control: MockClient, token: str) -> None:
    made = hl.post(PET_RECORDS, json={"locationId": HL_LOCATION, "properties": {"name": "Rex"}})
    assert made.status == 201
    made_id = made.json()["record"]["id"]
    snapshot = control.get("/state", params={"vendor": "highlevel", "tenant": token}).json()
    collections = snapshot["vendors"]["highlevel"][tenant_label(token)]
    records = next(records for records in collections.values() if any(r["id"] == made_id for r in records))
    original = next(record for record in records if record["id"] == made_id)
    for n in range(4_000):  # about 2 MB: twice the 1 MiB a vendor body may have
        twin = copy.deepcopy(original)
        twin["id"] = f"{n:024x}"
        twin["properties"]["name"] = f"Twin {n} " + "x" * 200
        records.append(twin)
    body = json.dumps(snapshot)
    assert len(body) > 2**20

    restored = put_state(control, body)
    assert (restored.status, restored.json()) == (200, {"restored": True, "tenants": 1})
    assert control.get("/state", params={"vendor": "highlevel", "tenant": token}).json() == snapshot
    assert hl.get(f"{PET_RECORDS}/{0:024x}").json()["record"]["properties"]["name"] == "Twin 0 " + "x" * 200


def test_a_snapshot_over_max_state_bytes_gets_the_control_planes_413() -> None:
    client = create_app(Settings(max_state_bytes=1_000)).test_client()
    body = json.dumps({"version": 1, "vendors": {"highlevel": {}}, "pad": "x" * 1_000})
    answer = client.put("/__mock__/state", data=body, content_type="application/json")
    assert answer.status_code == 413
    assert answer.get_json() == {"error": "the snapshot is over 1000 bytes (--max-state-bytes)", "limit": 1000}


def test_a_snapshot_past_the_tenant_limit_is_refused_and_changes_nothing() -> None:
    client = create_app(Settings(max_tenants=2)).test_client()
    kept = {"version": 1, "vendors": {"highlevel": {tenant_label("kept"): {}}}}
    assert client.put("/__mock__/state", json=kept).status_code == 200
    three = {"version": 1, "vendors": {"highlevel": {tenant_label(f"t{n}"): {} for n in range(3)}}}
    answer = client.put("/__mock__/state", json=three)
    assert answer.status_code == 400
    assert answer.get_json() == {
        "error": "the snapshot cannot be restored: highlevel would hold 3 tenants, over its limit of 2 (--max-tenants)"
    }
    two_more = {"version": 1, "vendors": {"highlevel": {tenant_label(f"t{n}"): {} for n in range(2)}}}
    answer = client.put("/__mock__/state", json=two_more)  # with the one kept: three
    assert answer.get_json() == {
        "error": "the snapshot cannot be restored: highlevel would hold 3 tenants, over its limit of 2 (--max-tenants)"
    }
    assert client.get("/__mock__/state").get_json() == kept
