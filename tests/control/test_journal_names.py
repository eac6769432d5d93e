"""A journal filter naming an unknown parameter, vendor or operationId is refused (400)
with the valid names, the closest first, instead of reading as "no such requests"."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.vendors import load_vendor
from tests.support import MockClient

PAGED = ["vendor", "operationId", "method", "tenant", "since", "cursor", "limit", "path", "status"]


def refused(message: str, valid: list[str]) -> tuple[int, dict[str, Any]]:
    return 400, {"error": f"{message}; valid: {', '.join(valid)}", "valid": valid}


@pytest.mark.parametrize("path", ["/requests", "/violations"])
def test_an_unknown_parameter_is_named_with_the_valid_ones(control: MockClient, path: str) -> None:
    answer = control.get(path, params={"vendr": "highlevel"})
    assert (answer.status, answer.json()) == refused("unknown query parameter 'vendr'", PAGED)


def test_count_takes_no_cursor(control: MockClient) -> None:
    answer = control.get("/requests/count", params={"cursor": "1"})
    valid = ["status", "vendor", "operationId", "since", "method", "limit", "path", "tenant"]
    assert (answer.status, answer.json()) == refused("unknown query parameter 'cursor'", valid)


def test_an_unknown_vendor_is_named(control: MockClient) -> None:
    answer = control.get("/requests", params={"vendor": "hilevel"})
    valid = ["highlevel", "salesos", "zendesk", "espocrm", "openint"]
    assert (answer.status, answer.json()) == refused("unknown vendor 'hilevel'", valid)


def test_an_unknown_operation_id_is_named_closest_first(control: MockClient) -> None:
    answer = control.get("/violations", params={"vendor": "highlevel", "operationId": "get-record-by-ID"})
    assert answer.status == 400
    body = answer.json()
    assert body["valid"][:4] == [
        "get-record-by-id",
        "get-association-by-ID",
        "get-custom-field-by-id",
        "get-relations-by-record-id",
    ]
    every = len(load_vendor("highlevel").handlers)
    assert len(body["valid"]) == every  # every HighLevel operation
    assert body["error"] == (
        "unknown highlevel operationId 'get-record-by-ID'; valid: "
        + ", ".join(body["valid"][:10])
        + f", ... ({every} in all)"
    )


def test_clearing_takes_vendor_and_tenant_only(control: MockClient) -> None:
    answer = control.delete("/requests", params={"operationId": "x"})
    assert (answer.status, answer.json()) == refused("unknown query parameter 'operationId'", ["tenant", "vendor"])


def test_verify_names_an_unknown_vendor(control: MockClient) -> None:
    answer = control.post("/verify", json={"vendor": "zendsk", "operationId": "x"})
    valid = ["zendesk", "espocrm", "openint", "salesos", "highlevel"]
    assert (answer.status, answer.json()) == refused("unknown vendor 'zendsk'", valid)


def test_every_known_filter_still_reads(control: MockClient, token: str) -> None:
    params = {"vendor": "highlevel", "limit": "5", "cursor": "9", "tenant": token, "status": "200"}
    params |= {"since": "1", "method": "GET", "path": "/highlevel", "operationId": "get-record-by-id"}
    answer = control.get("/requests", params=params)
    assert answer.status == 200
    assert answer.json()["requests"] == []


@pytest.mark.parametrize("name", ["tenant", "vendor"])
def test_clearing_with_an_empty_filter_is_refused_and_clears_nothing(
    hl: MockClient, control: MockClient, token: str, name: str
) -> None:
    hl.get("/objects/custom_objects.pet")
    answer = control.delete("/requests", params={name: ""})
    assert (answer.status, answer.json()) == (400, {"error": f"{name} must not be empty"})
    assert control.get("/requests/count", params={"tenant": token}).json() == {"count": 1}


@pytest.mark.parametrize("path", ["/requests", "/requests/count", "/violations"])
def test_an_empty_filter_is_refused_when_reading(control: MockClient, path: str) -> None:
    answer = control.get(path, params={"tenant": ""})
    assert (answer.status, answer.json()) == (400, {"error": "tenant must not be empty"})
