"""The journal is bounded by bytes as well as by entries, and GET /__mock__/requests
answers a page at a time: no single call serialises the whole journal."""

from __future__ import annotations

from typing import Any

import requests

from mock_server.app import create_app, runtime_of
from mock_server.config import Settings
from mock_server.core.journal import JournalFilter, entry_bytes
from mock_server.testing import MockCRM
from tests.support import HL_LOCATION, HL_VERSION, MockClient

HEADERS = {"Authorization": "Bearer journal-bounds", "Version": HL_VERSION}
LIST = "/highlevel/objects/"


def test_a_small_byte_budget_keeps_only_what_fits() -> None:
    probe = create_app(Settings(seed=7))
    probe.test_client().get(LIST, query_string={"locationId": HL_LOCATION}, headers=HEADERS)
    [sample] = runtime_of(probe).journal.query(JournalFilter())
    size = entry_bytes(sample)
    # Room for three such exchanges and a half: the fourth pushes the first out.
    app = create_app(Settings(seed=7, journal_bytes=size * 3 + size // 2))
    client = app.test_client()
    for _ in range(6):
        client.get(LIST, query_string={"locationId": HL_LOCATION}, headers=HEADERS)
    answer = client.get("/__mock__/requests").get_json()
    assert [entry["id"] for entry in answer["requests"]] == [4, 5, 6]
    assert answer["journal"]["entries"] == 3
    assert answer["journal"]["bytes"] == size * 3
    assert answer["journal"]["byteBudget"] == size * 3 + size // 2
    assert answer["journal"]["oldestId"] == 4


def test_an_exchange_bigger_than_the_budget_is_not_kept() -> None:
    client = create_app(Settings(seed=7, journal_bytes=100)).test_client()
    client.get(LIST, query_string={"locationId": HL_LOCATION}, headers=HEADERS)
    answer = client.get("/__mock__/requests").get_json()
    assert answer["requests"] == []
    assert answer["journal"]["bytes"] == 0


def page_ids(client: Any, **params: Any) -> tuple[list[int], dict[str, Any]]:
    answer = client.get("/__mock__/requests", query_string=params)
    assert answer.status_code == 200
    body = answer.get_json()
    return [entry["id"] for entry in body["requests"]], body["page"]


def test_pages_meet_every_entry_once_while_new_ones_arrive() -> None:
    client = create_app(Settings(seed=7)).test_client()

    def send(count: int) -> None:
        for _ in range(count):
            client.get(LIST, query_string={"locationId": HL_LOCATION}, headers=HEADERS)

    send(25)
    seen: list[int] = []
    ids, page = page_ids(client, limit=10)
    assert ids == list(range(16, 26))  # the newest ten, oldest first
    seen += ids
    while page["nextCursor"] is not None:
        send(3)  # arrivals never shift the older pages
        ids, page = page_ids(client, limit=10, cursor=page["nextCursor"])
        seen += ids
    assert sorted(seen) == list(range(1, 26))
    assert len(seen) == len(set(seen))


def test_the_next_page_url_keeps_filters_and_limit() -> None:
    client = create_app(Settings(seed=7)).test_client()
    for _ in range(3):
        client.get(LIST, query_string={"locationId": HL_LOCATION}, headers=HEADERS)
        client.get("/highlevel/no/such/route", headers=HEADERS)
    ids, page = page_ids(client, limit=2, status=200)
    assert ids == [3, 5]
    assert page == {"limit": 2, "nextCursor": "3", "next": "/__mock__/requests?limit=2&status=200&cursor=3"}
    last = client.get(page["next"]).get_json()
    assert [entry["id"] for entry in last["requests"]] == [1]
    assert last["page"] == {"limit": 2, "nextCursor": None, "next": None}


def test_an_answer_holds_100_entries_unless_asked() -> None:
    client = create_app(Settings(seed=7)).test_client()
    for _ in range(101):
        client.get(LIST, query_string={"locationId": HL_LOCATION}, headers=HEADERS)
    ids, page = page_ids(client)
    assert ids == list(range(2, 102))
    assert page["limit"] == 100
    assert page["nextCursor"] == "2"


def test_limits_outside_1_to_1000_are_refused(control: MockClient) -> None:
    for limit in ("0", "1001", "-1", "many"):
        answer = control.get("/requests", params={"limit": limit})
        assert answer.status == 400
        assert answer.json() == {"error": "limit must be a whole number from 1 to 1000"}
    assert control.get("/requests", params={"limit": "1000"}).status == 200
    refused = control.get("/violations", params={"cursor": "later"})
    assert refused.status == 400
    assert refused.json() == {"error": "cursor must be a page.nextCursor from a previous answer"}


def test_mock_crm_reads_every_page() -> None:
    with MockCRM(Settings(seed=7)) as crm:
        session = requests.Session()
        for _ in range(1_005):
            session.get(crm.url + LIST, params={"locationId": HL_LOCATION}, headers=HEADERS)
        found = crm.requests(operationId="get-object-by-location-id")
        assert [entry["id"] for entry in found] == list(range(1, 1_006))
        assert [entry["id"] for entry in crm.requests(limit=3)] == [1_003, 1_004, 1_005]
