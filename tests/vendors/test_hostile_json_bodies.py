"""Bodies nested past the depth limit or holding a lone surrogate get each vendor's own
answer to malformed JSON, and never reach its state: the tenant's lists keep answering.

The answers (FACTS.md of each vendor): HighLevel and SalesOS, Express's body parser
400 in Node's JSON.parse wording; Zendesk its 400 InvalidValue; EspoCRM the empty
500 of a PHP JsonException; OpenInt tRPC's 400 PARSE_ERROR.  That a real vendor
refuses these two (Node itself takes both) is our choice, recorded in docs/vendors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support import HL_LOCATION, Answer, MockClient, header

SO_ASSET = "/v1/custom-objects/cm5asset00000000000000001/records"
DEPTH_LIMIT = 64


def nest_error(status: int, message: str) -> dict[str, Any]:
    return {"statusCode": status, "message": message}


@dataclass(frozen=True)
class Vendor:
    fixture: str
    create: str
    template: str  # the create body, with %s where a value goes
    refusal: Callable[[str, int], tuple[int, Any]]  # (status, JSON body or None) for a fault at a position
    content_type: str | None
    listing: Callable[[MockClient], Answer]
    stored: Callable[[Any], Any]  # where the value went, in the create's answer


VENDORS = [
    Vendor(
        "hl",
        "/objects/custom_objects.pet/records",
        '{"locationId": "' + HL_LOCATION + '", "properties": {"name": %s}}',
        lambda char, position: (400, nest_error(400, f"Unexpected token {char} in JSON at position {position}")),
        "application/json; charset=utf-8",
        lambda hl: hl.post(
            "/objects/custom_objects.pet/records/search", json={"locationId": HL_LOCATION, "page": 1, "pageLimit": 100}
        ),
        lambda created: created["record"]["properties"]["name"],
    ),
    Vendor(
        "zd",
        "/api/v2/custom_objects/car/records",
        '{"custom_object_record": {"name": %s}}',
        lambda char, position: (400, {"error": "InvalidValue", "description": "The request body is not valid JSON"}),
        "application/json; charset=utf-8",
        lambda zd: zd.get("/api/v2/custom_objects/car/records"),
        lambda created: created["custom_object_record"]["name"],
    ),
    Vendor(
        "espo",
        "/Account",
        '{"name": %s}',
        lambda char, position: (500, None),
        None,
        lambda espo: espo.get("/Account"),
        lambda created: created["name"],
    ),
    Vendor(
        "oi",
        "/core/pipeline",
        '{"id": "pipe_hostile", "metadata": {"note": %s}}',
        lambda char, position: (
            400,
            {
                "message": "Failed to parse request body",
                "code": "PARSE_ERROR",
                "data": {"code": "PARSE_ERROR", "httpStatus": 400, "path": "createPipeline"},
            },
        ),
        "application/json",
        lambda oi: oi.get("/core/pipeline"),
        lambda created: created["metadata"]["note"],
    ),
    Vendor(
        "so",
        SO_ASSET,
        '{"data": {"asset_name": %s}}',
        lambda char, position: (
            400,
            {**nest_error(400, f"Unexpected token {char} in JSON at position {position}"), "error": "Bad Request"},
        ),
        "application/json; charset=utf-8",
        lambda so: so.get(SO_ASSET),
        lambda created: created["data"]["asset_name"],
    ),
]


@pytest.fixture(params=VENDORS, ids=[vendor.fixture for vendor in VENDORS])
def vendor(request: pytest.FixtureRequest) -> tuple[Vendor, MockClient]:
    spec: Vendor = request.param
    client: MockClient = request.getfixturevalue(spec.fixture)
    return spec, client


def send(client: MockClient, path: str, body: str) -> Answer:
    return client.post(path, data=body.encode(), headers={"Content-Type": "application/json"})


def assert_refused(spec: Vendor, answer: Answer, char: str, position: int) -> None:
    status, body = spec.refusal(char, position)
    assert answer.status == status
    assert header(answer, "Content-Type") == spec.content_type
    if body is None:  # EspoCRM: no body, and no X-Status-Reason either
        assert (answer.text, header(answer, "X-Status-Reason")) == ("", None)
    else:
        assert answer.json() == body


@pytest.mark.parametrize("depth", [DEPTH_LIMIT + 1, 600, 5_000])
def test_a_body_nested_past_the_limit_is_malformed_json(vendor: tuple[Vendor, MockClient], depth: int) -> None:
    spec, client = vendor
    body = spec.template % ("[" * depth + "]" * depth)
    # The bracket that opens level 65: the template's own objects count too.
    opened = spec.template.split("%s")[0].count("{")
    position = spec.template.index("%s") + DEPTH_LIMIT - opened
    assert_refused(spec, send(client, spec.create, body), "[", position)
    assert spec.listing(client).status == 200


@pytest.mark.parametrize("where", ["value", "key"])
def test_a_lone_surrogate_is_malformed_json_and_the_tenant_stays_readable(
    vendor: tuple[Vendor, MockClient], where: str
) -> None:
    spec, client = vendor
    inner = '"Rex\\ud800"' if where == "value" else '"Rex", "\\udc00x": 1'
    body = spec.template % inner
    assert_refused(spec, send(client, spec.create, body), "\\", body.index("\\u"))
    assert spec.listing(client).status == 200


def test_a_surrogate_pair_is_one_character_and_is_kept(vendor: tuple[Vendor, MockClient]) -> None:
    spec, client = vendor
    created = send(client, spec.create, spec.template % '"Rex \\ud83d\\ude00"')
    assert created.status in (200, 201)
    assert spec.stored(created.json()) == "Rex \U0001f600"
    listed = spec.listing(client)
    assert listed.status == 200 and "Rex \U0001f600" in listed.text
