"""/__mock__/health and /__mock__/reset."""

from __future__ import annotations

import json

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from tests.support import HL_VERSION, MockClient, header

BUDDY = "/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"


def test_health_says_ready_and_what_is_loaded(control: MockClient) -> None:
    answer = control.get("/health")
    assert answer.status == 200
    body = answer.json()
    assert body["status"] == "ready"
    highlevel = body["vendors"]["highlevel"]
    assert highlevel["operations"] == 70
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


def test_reset_everything_is_said_explicitly() -> None:
    """Its own server: resetting everything on the shared one would wipe other tests' tenants."""
    client = create_app(Settings(seed=7)).test_client()
    headers = {"Authorization": "Bearer everything", "Version": HL_VERSION}
    assert client.delete(f"/highlevel{BUDDY}", headers=headers).status_code == 200
    answer = client.post("/__mock__/reset", json={"all": True})
    assert (answer.status_code, answer.get_json()) == (
        200,
        {"reset": True, "vendor": None, "tenant": None, "tenantsDropped": 1},
    )
    assert client.get(f"/highlevel{BUDDY}", headers=headers).status_code == 200


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


FORMS = (
    '{"all": true} for everything, {"vendor": "highlevel"} for one vendor, '
    '{"vendor": "highlevel", "tenant": "<credential or tenant_ label>"} for one tenant'
)


def test_a_reset_without_a_body_asks_for_the_explicit_form(control: MockClient) -> None:
    answer = control.post("/reset")
    assert (answer.status, answer.json()) == (400, {"error": f"say what to reset in a JSON body: {FORMS}"})
    assert header(answer, "Content-Type") == "application/json"


def test_a_reset_by_query_parameters_is_refused(control: MockClient, token: str) -> None:
    answer = control.post("/reset", params={"vendor": "highlevel", "tenant": token})
    assert (answer.status, answer.json()) == (
        400,
        {"error": f"reset reads a JSON body, not query parameters: send {FORMS}"},
    )


def test_a_reset_of_another_content_type_is_415(control: MockClient) -> None:
    answer = control.post("/reset", data='{"all": true}', headers={"Content-Type": "text/plain"})
    assert answer.status == 415
    assert answer.json() == {
        "error": "the control plane takes application/json bodies only (Content-Type: 'text/plain'); "
        "a request without a body sends no Content-Type"
    }


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("{", "the body is not JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1)); "),
        ("[1]", "the body must be a JSON object: "),
        ("null", "the body must be a JSON object: "),
        ("{}", "say what to reset: "),
        ('{"vendor": null}', "say what to reset: "),
    ],
)
def test_a_reset_body_that_says_nothing_usable_is_400(control: MockClient, body: str, error: str) -> None:
    answer = control.post("/reset", data=body, headers={"Content-Type": "application/json"})
    if error.endswith(": "):
        error += FORMS
    else:
        error += f"send {FORMS}"
    assert (answer.status, answer.json()) == (400, {"error": error})


def test_a_misspelled_reset_field_is_named_with_the_right_ones(control: MockClient) -> None:
    answer = control.post("/reset", json={"vendr": "highlevel"})
    assert (answer.status, answer.json()) == (
        400,
        {"error": "unknown field 'vendr'; valid: vendor, tenant, all", "valid": ["vendor", "tenant", "all"]},
    )


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (
            {"all": True, "vendor": "highlevel"},
            '"all" stands alone: {"all": true}, or name a vendor (and tenant) without it',
        ),
        ({"all": False}, '"all" resets everything and takes only true: {"all": true}'),
        ({"all": "yes"}, '"all" resets everything and takes only true: {"all": true}'),
    ],
)
def test_all_means_everything_and_nothing_else(control: MockClient, payload: dict[str, object], error: str) -> None:
    answer = control.post("/reset", data=json.dumps(payload), headers={"Content-Type": "application/json"})
    assert (answer.status, answer.json()) == (400, {"error": error})
