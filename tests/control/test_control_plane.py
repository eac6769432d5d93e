"""/__mock__/health and /__mock__/reset."""

from __future__ import annotations

from tests.support import MockClient

BUDDY = "/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"


def test_health_says_ready_and_what_is_loaded(control: MockClient) -> None:
    answer = control.get("/health")
    assert answer.status == 200
    body = answer.json()
    assert body["status"] == "ready"
    highlevel = body["vendors"]["highlevel"]
    assert highlevel["operations"] == 27
    assert highlevel["spec"]["version"] == "2021-07-28"
    assert highlevel["fixtureRecords"] > 0
    assert "/highlevel" in highlevel["mounts"]


def test_reset_one_tenant_brings_back_its_fixtures_only(hl: MockClient, control: MockClient, token: str) -> None:
    assert hl.delete(BUDDY).status == 200
    assert hl.get(BUDDY).status == 400
    other = MockClient(hl.transport, hl.prefix, {**hl.headers, "Authorization": f"Bearer {token}-other"})
    assert other.delete(BUDDY).status == 200

    answer = control.post("/reset", json={"vendor": "highlevel", "tenant": token})
    assert answer.status == 200
    assert answer.json() == {"reset": True, "vendor": "highlevel", "tenant": token, "tenantsDropped": 1}
    assert hl.get(BUDDY).status == 200
    assert other.get(BUDDY).status == 400


def test_reset_a_vendor(hl: MockClient, control: MockClient) -> None:
    assert hl.delete(BUDDY).status == 200
    answer = control.post("/reset", json={"vendor": "highlevel"})
    assert answer.status == 200
    assert answer.json()["tenantsDropped"] >= 1
    assert hl.get(BUDDY).status == 200


def test_reset_everything(hl: MockClient, control: MockClient) -> None:
    assert hl.delete(BUDDY).status == 200
    assert control.post("/reset").status == 200
    assert hl.get(BUDDY).status == 200


def test_reset_refuses_unknown_vendor_and_tenant_without_vendor(control: MockClient) -> None:
    unknown = control.post("/reset", json={"vendor": "nope"})
    assert unknown.status == 404
    assert unknown.json()["error"] == "unknown vendor 'nope'"
    lonely = control.post("/reset", json={"tenant": "t"})
    assert lonely.status == 400
    assert lonely.json() == {"error": "a tenant is reset within a vendor: give both 'vendor' and 'tenant'"}
    not_object = control.post("/reset", json=[1])
    assert not_object.status == 400


def test_reset_refuses_values_that_are_not_text(control: MockClient) -> None:
    for payload in ({"vendor": ["x"]}, {"vendor": "highlevel", "tenant": 5}):
        answer = control.post("/reset", json=payload)
        assert answer.status == 400
        assert answer.json() == {"error": "vendor and tenant must be text"}
