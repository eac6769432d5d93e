"""Fault rules that answer as the user says (`respond`), match by query and body, name
unknown operationIds, and stay listed once spent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.core.store import label_or_credential
from mock_server.testing import MockCRM, MockCRMError
from tests.support import HL_LOCATION, HL_VERSION, MockClient, header

RECORD = "/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"
PET_RECORDS = "/objects/custom_objects.pet/records"


@pytest.fixture
def faults(control: MockClient, token: str) -> Iterator[MockClient]:
    """The control plane; at teardown this test's rules go (other tests' stay)."""
    yield control
    for rule in control.get("/faults").json()["faults"]:
        if rule["tenant"] == label_or_credential(token):
            control.delete(f"/faults/{rule['id']}")


def add(faults: MockClient, token: str, **rule: Any) -> dict[str, Any]:
    answer = faults.post("/faults", json={"vendor": "highlevel", "tenant": token, **rule})
    assert answer.status == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def journal_entry(control: MockClient, token: str) -> dict[str, Any]:
    entries = control.get("/requests", params={"tenant": token}).json()["requests"]
    last: dict[str, Any] = entries[-1]
    return last


# -- respond ----------------------------------------------------------------------


def test_a_json_answer_of_ones_own(hl: MockClient, faults: MockClient, token: str) -> None:
    rule = add(
        faults,
        token,
        operationId="get-record-by-id",
        action={"respond": {"status": 500, "headers": {"X-Trace": "abc"}, "body": {"oops": True, "extra": [1]}}},
    )
    assert (rule["action"], rule["respond"], rule["spent"]) == (
        "respond",
        {"status": 500, "headers": {"X-Trace": "abc"}, "body": {"oops": True, "extra": [1]}},
        False,
    )
    answer = hl.get(RECORD)
    # Off HighLevel's spec, yet sent as given under --strict: it is the user's own answer.
    assert (answer.status, answer.json()) == (500, {"oops": True, "extra": [1]})
    assert header(answer, "Content-Type") == "application/json; charset=utf-8"
    assert header(answer, "X-Trace") == "abc"
    assert header(answer, "X-CRM-Mock-Contract-Breach") is None
    assert header(answer, "X-RateLimit-Limit-Daily") == "200000"  # the vendor's headers still ride along
    entry = journal_entry(faults, token)
    assert entry["fault"] == {"id": rule["id"], "action": "respond"}
    assert entry["response"]["status"] == 500
    assert entry["response"]["body"] == {"oops": True, "extra": [1]}
    assert entry["violations"] == []
    assert hl.get(RECORD).status == 200  # fired its one time


def test_a_text_answer_after_a_delay(hl: MockClient, faults: MockClient, token: str) -> None:
    rule = add(faults, token, action={"respond": {"status": 504, "body": "upstream timed out"}, "delay": 0.05})
    assert (rule["action"], rule["delay"]) == ("respond", 0.05)
    answer = hl.get(RECORD)
    assert (answer.status, answer.text) == (504, "upstream timed out")
    assert header(answer, "Content-Type") == "text/plain; charset=utf-8"
    assert journal_entry(faults, token)["response"]["body"] == "upstream timed out"


def test_a_content_type_of_ones_own_and_no_body(hl: MockClient, faults: MockClient, token: str) -> None:
    add(
        faults,
        token,
        action={"respond": {"status": 502, "headers": {"Content-Type": "application/xml"}, "body": "<x/>"}},
    )
    answer = hl.get(RECORD)
    assert (answer.status, answer.text, header(answer, "Content-Type")) == (502, "<x/>", "application/xml")
    add(faults, token, action={"respond": {"status": 204}})
    empty = hl.get(RECORD)
    assert (empty.status, empty.text, header(empty, "Content-Type")) == (204, "", None)


# -- matching by query and body, for every action ----------------------------------------


def test_a_rule_matches_a_subset_of_the_body(hl: MockClient, faults: MockClient, token: str) -> None:
    add(
        faults, token, operationId="create-object-record", body={"properties": {"name": "Boom"}}, action={"status": 503}
    )
    spared = hl.post(PET_RECORDS, json={"locationId": HL_LOCATION, "properties": {"name": "Rex"}})
    assert spared.status == 201
    hit = hl.post(PET_RECORDS, json={"locationId": HL_LOCATION, "properties": {"name": "Boom", "breed": "x"}})
    assert (hit.status, hit.json()) == (503, {"statusCode": 503, "message": "Service Unavailable"})


def test_a_rule_matches_a_subset_of_the_query(hl: MockClient, faults: MockClient, token: str) -> None:
    rule = add(
        faults,
        token,
        operationId="get-object-by-location-id",
        query={"locationId": "elsewhere"},
        action={"respond": {"status": 418, "body": {"teapot": True}}},
    )
    assert rule["query"] == {"locationId": "elsewhere"}
    assert hl.get("/objects/", params={"locationId": HL_LOCATION}).status == 200
    answer = hl.get("/objects/", params={"locationId": "elsewhere"})
    assert (answer.status, answer.json()) == (418, {"teapot": True})


# -- refused rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"respond": {"status": 100}}, "respond.status must be a whole number from 200 to 599"),
        ({"respond": {"status": 600}}, "respond.status must be a whole number from 200 to 599"),
        ({"respond": {"status": "500"}}, "respond.status must be a whole number from 200 to 599"),
        ({"respond": {"status": 500, "colour": "red"}}, "respond takes status, headers and body, not ['colour']"),
        ({"respond": 500}, 'respond takes an object: {"status": 500, "headers": {...}, "body": ...}'),
        (
            {"respond": {"status": 500, "headers": {"Content-Length": "3"}}},
            "respond.headers: the server sets Content-Length itself",
        ),
        (
            {"respond": {"status": 500, "headers": {"X-A": "1\r\nX-B: 2"}}},
            "respond.headers: X-A must be text of one line (Latin-1, no control characters)",
        ),
        (
            {"respond": {"status": 500, "headers": {"bad name": "1"}}},
            "respond.headers: 'bad name' is not a header name",
        ),
        (
            {"respond": {"status": 500, "headers": {f"X-{n}": "1" for n in range(33)}}},
            "respond.headers holds 33 headers; at most 32",
        ),
        (
            {"respond": {"status": 500, "headers": {"X-Long": "v" * 4096}}},
            "respond.headers: X-Long is over 4096 characters",
        ),
        ({"respond": {"status": 500, "body": "x" * (256 * 1024 + 1)}}, "respond.body is 262145 bytes; at most 262144"),
        ({"respond": {"status": 204, "body": {"a": 1}}}, "a 204 answer has no body in HTTP: leave respond.body out"),
        ({"respond": {"status": 500}, "status": 500}, "respond combines with delay only, not ['status']"),
        ({"respond": {"status": 500}, "delay": 61}, "cannot delay 61: delay is 0-60 seconds"),
    ],
)
def test_a_respond_out_of_bounds_is_refused(faults: MockClient, action: dict[str, Any], message: str) -> None:
    answer = faults.post("/faults", json={"action": action})
    assert (answer.status, answer.json()) == (400, {"error": message})


def test_an_unknown_operation_id_is_refused_with_the_closest(faults: MockClient) -> None:
    answer = faults.post(
        "/faults", json={"vendor": "highlevel", "operationId": "get-record-by-ID", "action": {"status": 500}}
    )
    near = [
        "get-record-by-id",
        "get-association-by-ID",
        "get-custom-field-by-id",
        "get-user-by-location",
        "get-relations-by-record-id",
    ]
    assert (answer.status, answer.json()) == (
        400,
        {"error": f"highlevel has no operationId 'get-record-by-ID'; closest: {', '.join(near)}", "closest": near},
    )
    nowhere = faults.post("/faults", json={"operationId": "zzzz-qqqq", "action": {"status": 500}})
    assert (nowhere.status, nowhere.json()) == (
        400,
        {"error": "no served vendor has an operationId 'zzzz-qqqq'", "closest": []},
    )


def test_query_and_body_are_checked(faults: MockClient) -> None:
    answer = faults.post("/faults", json={"query": {"a": {"b": 1}}, "action": {"status": 500}})
    assert (answer.status, answer.json()) == (
        400,
        {"error": "query must be an object of parameter names to a value or a list of values"},
    )


# -- spent rules ----------------------------------------------------------------------


def test_a_spent_rule_stays_listed_and_never_fires_again(hl: MockClient, faults: MockClient, token: str) -> None:
    rule = add(faults, token, action={"status": 503}, times=2)
    assert [hl.get(RECORD).status for _ in range(3)] == [503, 503, 200]
    [listed] = [r for r in faults.get("/faults").json()["faults"] if r["id"] == rule["id"]]
    assert (listed["fired"], listed["times"], listed["spent"]) == (2, 2, True)
    assert faults.delete(f"/faults/{rule['id']}").json() == {"cleared": 1}
    assert all(r["id"] != rule["id"] for r in faults.get("/faults").json()["faults"])


def test_past_the_rule_cap_the_oldest_spent_rule_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mock_server.core.faults.MAX_RULES", 2)
    client = create_app(Settings(seed=7)).test_client()
    headers = {"Authorization": "Bearer capped", "Version": HL_VERSION}
    first = client.post("/__mock__/faults", json={"action": {"status": 500}}).get_json()
    assert client.get(f"/highlevel{RECORD}", headers=headers).status_code == 500  # first is spent
    client.post("/__mock__/faults", json={"action": {"status": 502}, "times": None})
    third = client.post("/__mock__/faults", json={"action": {"status": 503}, "times": None})
    assert third.status_code == 201
    ids = [rule["id"] for rule in client.get("/__mock__/faults").get_json()["faults"]]
    assert first["id"] not in ids and len(ids) == 2
    full = client.post("/__mock__/faults", json={"action": {"status": 504}})
    assert (full.status_code, full.get_json()) == (
        400,
        {"error": "this server already holds 2 live fault rules; clear some (DELETE /__mock__/faults)"},
    )


# -- MockCRM ---------------------------------------------------------------------------


def test_mockcrm_add_fault_respond_with_a_delay() -> None:
    with MockCRM(Settings(seed=7)) as crm:
        rule = crm.add_fault(
            respond={"status": 504, "body": {"message": "gateway"}}, delay=0.01, operationId="get-record-by-id"
        )
        assert (rule["action"], rule["delay"], rule["respond"]["status"]) == ("respond", 0.01, 504)
        answer = requests.get(
            crm.base_url("highlevel") + RECORD,
            headers={"Authorization": "Bearer crm", "Version": HL_VERSION},
            timeout=10,
        )
        assert (answer.status_code, answer.json()) == (504, {"message": "gateway"})
        [listed] = crm.faults()
        assert (listed["spent"], listed["fired"]) == (True, 1)
        with pytest.raises(ValueError, match="give exactly one of"):
            crm.add_fault(respond={"status": 500}, status=500)
        with pytest.raises(MockCRMError, match="answered 400"):
            crm.add_fault(status=500, operationId="nope-nope")
