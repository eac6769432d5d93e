"""A tenant's label (`tenant_<16 hex>`, shown in the journal, snapshots, /__mock__/tenants
and the console) identifies a tenant; it never authenticates as one.  Sent as a
credential on a vendor route it is digested like any other text and names a tenant of
its own, so reading the console never lets anyone act as the tenants it shows.
Labels still work as filters on the control plane."""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from mock_server.core.store import label_or_credential, tenant_label
from tests.conftest import jwt
from tests.support import HL_LOCATION, Answer, MockClient, Transport


@dataclass(frozen=True)
class Case:
    vendor: str
    prefix: str
    # Headers that present `label` in the vendor's credential positions, one set per position.
    as_credential: Callable[[str], list[dict[str, str]]]
    create: Callable[[MockClient, str], str]  # makes a record named `name`; its id
    read: Callable[[MockClient, str], Answer]  # the record by id


def _hl_create(client: MockClient, name: str) -> str:
    body = {"locationId": HL_LOCATION, "properties": {"name": name}}
    answer = client.post("/objects/custom_objects.pet/records", json=body)
    assert answer.status == 201, answer.text
    record_id: str = answer.json()["record"]["id"]
    return record_id


def _zd_create(client: MockClient, name: str) -> str:
    answer = client.post("/api/v2/custom_objects/car/records", json={"custom_object_record": {"name": name}})
    assert answer.status == 201, answer.text
    record_id: str = answer.json()["custom_object_record"]["id"]
    return record_id


def _espo_create(client: MockClient, name: str) -> str:
    answer = client.post("/Account", json={"name": name})
    assert answer.status == 200, answer.text
    record_id: str = answer.json()["id"]
    return record_id


def _oi_create(client: MockClient, name: str) -> str:
    key = client.headers.get("x-apikey", "")
    org = base64.b64decode(key).decode().partition(":")[0] if key.endswith("=") else "org_unknown"
    body = {"orgId": org, "connectorName": "attio", "displayName": name}
    answer = client.post("/core/connector_config", json=body)
    assert answer.status == 200, answer.text
    record_id: str = answer.json()["id"]
    return record_id


def _so_create(client: MockClient, name: str) -> str:
    answer = client.post("/v1/custom-objects", json={"name": name})
    assert answer.status == 201, answer.text
    record_id: str = answer.json()["id"]
    return record_id


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


CASES = [
    Case(
        "highlevel",
        "/highlevel",
        lambda label: [{"Authorization": f"Bearer {label}", "Version": "2021-07-28"}],
        _hl_create,
        lambda client, record_id: client.get(f"/objects/custom_objects.pet/records/{record_id}"),
    ),
    Case(
        "zendesk",
        "/zendesk",
        lambda label: [{"Authorization": f"Bearer {label}"}, {"Authorization": f"Basic {_b64(label + ':x')}"}],
        _zd_create,
        lambda client, record_id: client.get(f"/api/v2/custom_objects/car/records/{record_id}"),
    ),
    Case(
        "espocrm",
        "/espocrm/api/v1",
        lambda label: [{"X-Api-Key": label}, {"Espo-Authorization": _b64(label + ":x")}],
        _espo_create,
        lambda client, record_id: client.get(f"/Account/{record_id}"),
    ),
    Case(
        "openint",
        "/openint/v0",
        lambda label: [
            {"x-apikey": label},
            {"x-apikey": _b64(label + ":sk_test")},
            {"Authorization": f"Bearer {label}"},
        ],
        _oi_create,
        lambda client, record_id: client.get(f"/core/connector_config/{record_id}"),
    ),
    Case(
        "salesos",
        "/salesos",
        lambda label: [{"Authorization": f"Bearer {jwt(label)}"}, {"X-API-Key": label}],
        _so_create,
        lambda client, record_id: client.get(f"/v1/custom-objects/{record_id}"),
    ),
]


def _owner_headers(case: Case, token: str) -> dict[str, str]:
    return {
        "highlevel": {"Authorization": f"Bearer {token}", "Version": "2021-07-28"},
        "zendesk": {"Authorization": f"Bearer {token}"},
        "espocrm": {"X-Api-Key": token},
        "openint": {"x-apikey": _b64(f"org_{token.replace('-', '')}:sk_test")},
        "salesos": {"Authorization": f"Bearer {jwt(token)}"},
    }[case.vendor]


def _owner_tenant(case: Case, token: str) -> str:
    return f"org_{token.replace('-', '')}" if case.vendor == "openint" else token


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.vendor)
def test_a_label_sent_as_a_credential_is_a_tenant_of_its_own(
    case: Case, transport: Transport, control: MockClient, token: str
) -> None:
    owner = MockClient(transport, case.prefix, _owner_headers(case, token))
    name = f"Secret {token}"
    record_id = case.create(owner, name)
    assert case.read(owner, record_id).status == 200
    # What anyone who can read the console sees: the owner's label.
    label = tenant_label(_owner_tenant(case, token))
    listed = control.get("/tenants", params={"vendor": case.vendor}).json()["tenants"]
    assert label in [entry["tenant"] for entry in listed]
    before = control.get("/state", params={"vendor": case.vendor, "tenant": label}).json()

    for headers in case.as_credential(label):
        intruder = MockClient(transport, case.prefix, headers)
        seen = case.read(intruder, record_id)
        assert seen.status != 200 and name not in seen.text, (headers, seen.status, seen.text)
        # Nor can it write there: a create lands elsewhere, if the vendor takes the credential at all.
        with contextlib.suppress(AssertionError):  # the vendor may refuse it as any bad credential
            case.create(intruder, f"Intruder {token}")
    # The labelled tenant saw none of it: its state is as it was, and no exchange is journalled under it
    # but the owner's own.
    assert control.get("/state", params={"vendor": case.vendor, "tenant": label}).json() == before
    journalled = control.get("/requests", params={"vendor": case.vendor, "tenant": label}).json()["requests"]
    assert len(journalled) == 2  # the owner's create and read


def test_a_label_shaped_credential_is_digested_like_any_other() -> None:
    label = tenant_label("someone")
    assert label.startswith("tenant_") and len(label) == 23
    assert tenant_label(label) != label and tenant_label(label).startswith("tenant_")


def test_the_control_plane_takes_a_label_or_a_credential() -> None:
    label = tenant_label("someone")
    assert label_or_credential(label) == label
    assert label_or_credential("someone") == label
    assert label_or_credential("tenant_not-hex-at-all!") == tenant_label("tenant_not-hex-at-all!")


def test_labels_still_filter_on_the_control_plane(hl: MockClient, control: MockClient, token: str) -> None:
    created = _hl_create(hl, f"Filtered {token}")
    label = tenant_label(token)
    for tenant in (token, label):
        [entry] = control.get("/requests", params={"tenant": tenant, "operationId": "create-object-record"}).json()[
            "requests"
        ]
        assert entry["tenant"] == label
        snapshot = control.get("/state", params={"vendor": "highlevel", "tenant": tenant}).json()
        assert any(record["id"] == created for record in snapshot["vendors"]["highlevel"][label]["records"])
    # Resetting by label drops the tenant the label names (and only it).
    answer = control.post("/reset", json={"vendor": "highlevel", "tenant": label})
    assert answer.json()["tenantsDropped"] == 1
    assert label not in [entry["tenant"] for entry in control.get("/tenants").json()["tenants"]]
