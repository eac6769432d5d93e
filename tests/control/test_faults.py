"""Injected faults and emulated rate limits answer in the vendor's own words."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from mock_server.app import create_app
from mock_server.config import Settings
from tests.support import MockClient, header

RECORD = "/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"


@pytest.fixture
def faults(control: MockClient) -> Iterator[MockClient]:
    yield control
    control.delete("/faults")


def add(faults: MockClient, token: str, **rule: Any) -> dict[str, Any]:
    answer = faults.post("/faults", json={"vendor": "highlevel", "tenant": token, **rule})
    assert answer.status == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def test_the_next_request_fails_then_all_is_well(hl: MockClient, faults: MockClient, token: str) -> None:
    rule = add(faults, token, operationId="get-record-by-id", action={"error": "server_error"})
    assert rule["id"].startswith("fault_") and rule["times"] == 1
    failed = hl.get(RECORD)
    assert (failed.status, failed.json()) == (500, {"statusCode": 500, "message": "Internal server error"})
    assert hl.get(RECORD).status == 200
    [spent] = faults.get("/faults").json()["faults"]  # a spent rule stays listed until cleared
    assert (spent["id"], spent["fired"], spent["spent"]) == (rule["id"], 1, True)


@pytest.mark.parametrize(
    ("action", "status", "body"),
    [
        ({"error": "rate_limited"}, 429, {"statusCode": 429, "message": "Too Many Requests"}),
        ({"error": "unavailable"}, 503, {"statusCode": 503, "message": "Service Unavailable"}),
        ({"status": 502}, 502, {"statusCode": 502, "message": "Bad Gateway"}),
    ],
)
def test_named_errors_and_any_status(
    hl: MockClient, faults: MockClient, token: str, action: dict[str, Any], status: int, body: dict[str, Any]
) -> None:
    add(faults, token, action=action)
    answer = hl.get(RECORD)
    assert (answer.status, answer.json()) == (status, body)
    assert header(answer, "X-RateLimit-Limit-Daily") == "200000"  # the vendor's headers still ride along


def test_times_and_other_tenants(hl: MockClient, faults: MockClient, token: str) -> None:
    add(faults, token, action={"status": 503}, times=2)
    other = MockClient(hl.transport, hl.prefix, {**hl.headers, "Authorization": f"Bearer {token}-other"})
    assert other.get(RECORD).status == 200  # a rule for one tenant leaves the others alone
    assert hl.get(RECORD).status == 503
    [listed] = faults.get("/faults").json()["faults"]
    assert (listed["fired"], listed["times"]) == (1, 2)
    assert [hl.get(RECORD).status for _ in range(2)] == [503, 200]


def test_probability_is_repeatable_with_a_seed(hl: MockClient, faults: MockClient, token: str) -> None:
    def pattern() -> list[int]:
        add(faults, token, action={"status": 503}, times=None, probability=0.5, seed=11)
        seen = [hl.get(RECORD).status for _ in range(12)]
        faults.delete("/faults")
        return seen

    first = pattern()
    assert set(first) == {200, 503}
    assert pattern() == first


def test_a_delay(hl: MockClient, faults: MockClient, token: str) -> None:
    add(faults, token, action={"delay": 0.3})
    started = time.monotonic()
    answer = hl.get(RECORD)
    assert answer.status == 200
    assert time.monotonic() - started >= 0.3


def test_clearing_one_rule(faults: MockClient, token: str) -> None:
    rule = add(faults, token, action={"status": 500}, times=None)
    assert faults.delete(f"/faults/{rule['id']}").json() == {"cleared": 1}
    missing = faults.delete(f"/faults/{rule['id']}")
    assert (missing.status, missing.json()) == (404, {"error": f"no fault rule {rule['id']!r}"})


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"action": {"error": "boom"}}, "cannot error 'boom'"),
        ({"action": {"status": 200}}, "cannot status 200"),
        ({"action": {"delay": 600}}, "cannot delay 600"),
        ({"action": {"status": 500}, "times": 0}, "times must be a whole number of at least 1"),
        ({"action": {"status": 500}, "probability": 2}, "probability must be a number above 0 and at most 1"),
        ({"action": {"status": 500}, "vendor": "nope"}, "unknown vendor 'nope'"),
        ({"action": {"status": 500}, "when": "now"}, "unknown fields ['when']"),
        ({"action": {"drop": "yes"}}, "cannot drop 'yes'"),
    ],
)
def test_bad_rules_are_explained(faults: MockClient, rule: dict[str, Any], message: str) -> None:
    answer = faults.post("/faults", json=rule)
    assert answer.status == 400
    assert answer.json()["error"].startswith(message)


# -- rate limits: in-process, each with its own server ------------------------------------

HEADERS = {"Authorization": "Bearer rate-limited", "Version": "2021-07-28"}


def burst(client: FlaskClient, count: int) -> list[int]:
    return [client.get("/highlevel" + RECORD, headers=HEADERS).status_code for _ in range(count)]


def test_with_rate_limits_the_101st_request_in_ten_seconds_is_429() -> None:
    app = create_app(Settings(rate_limits=True, strict=True))
    client = app.test_client()
    client.post("/__mock__/clock", json={"freeze": True})
    assert burst(client, 100) == [200] * 100
    refused = client.get("/highlevel" + RECORD, headers=HEADERS)
    assert refused.status_code == 429
    assert refused.get_json() == {"statusCode": 429, "message": "Too Many Requests"}
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    client.post("/__mock__/clock", json={"advance": 10})
    assert burst(client, 1) == [200]


def test_rate_limits_are_off_by_default_and_switch_per_vendor() -> None:
    client = create_app(Settings()).test_client()
    client.post("/__mock__/clock", json={"freeze": True})
    assert set(burst(client, 105)) == {200}
    switched = client.post("/__mock__/rate-limits", json={"vendor": "highlevel", "enabled": True})
    assert switched.get_json() == {
        "highlevel": {"enabled": True},
        "zendesk": {"enabled": False},
        "espocrm": {"enabled": False},
        "openint": {"enabled": False},
        "salesos": {"enabled": False},
    }
    assert burst(client, 1) == [429]
    client.post("/__mock__/rate-limits", json={"enabled": False})
    assert burst(client, 1) == [200]
    assert client.post("/__mock__/rate-limits", json={"enabled": "yes"}).status_code == 400


# -- drop: the connection closes without an answer -----------------------------------------


def test_a_drop_raises_out_of_the_in_process_app_and_is_journalled_as_status_0() -> None:
    client = create_app(Settings()).test_client()
    added = client.post(
        "/__mock__/faults", json={"operationId": "get-record-by-id", "action": {"drop": True}, "times": 1}
    )
    assert added.status_code == 201 and added.get_json()["action"] == "drop"
    with pytest.raises(ConnectionAbortedError):
        client.get("/highlevel" + RECORD, headers=HEADERS)
    assert client.get("/highlevel" + RECORD, headers=HEADERS).status_code == 200  # the rule is spent
    dropped = client.get("/__mock__/requests", query_string={"operationId": "get-record-by-id", "status": 0})
    [entry] = dropped.get_json()["requests"]
    assert entry["response"] == {"status": 0, "headers": {}, "body": None}


def test_granian_cannot_drop_so_the_rule_is_refused() -> None:
    from mock_server.app import runtime_of

    app = create_app(Settings())
    runtime_of(app).can_drop_connections = False  # as app_from_environment sets it under granian
    refused = app.test_client().post("/__mock__/faults", json={"action": {"drop": True}})
    assert refused.status_code == 400
    assert refused.get_json()["error"].startswith("this server (granian) always answers")
    assert "--server threaded" in refused.get_json()["error"]
