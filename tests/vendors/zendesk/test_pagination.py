"""Cursor pagination over hundreds of records, with writes between pages: nothing
that exists throughout is skipped or repeated, forwards or backwards."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support import MockClient
from tests.vendors.zendesk.expect import CAR, bad_request

TOTAL = 250


def fill(zd: MockClient, count: int, prefix: str = "Fleet") -> list[str]:
    ids: list[str] = []
    for start in range(0, count, 100):
        items = [
            {"name": f"{prefix} {n:03d}", "custom_object_fields": {"seats": n % 9}}
            for n in range(start, min(count, start + 100))
        ]
        job = zd.post(f"{CAR}/jobs", json={"job": {"action": "create", "items": items}}).json()["job_status"]
        results = zd.get(f"/api/v2/job_statuses/{job['id']}").json()["job_status"]["results"]
        ids.extend(result["id"] for result in results)
    return ids


def follow(zd: MockClient, link: str) -> Any:
    """Call an absolute `links.next` / `links.prev` URL through the test client."""
    parts = urlsplit(link)
    path = parts.path.removeprefix(zd.prefix)
    return zd.get(path + "?" + parts.query)


@pytest.fixture
def fleet(zd: MockClient) -> list[str]:
    return fill(zd, TOTAL)


def test_walking_forward_with_creates_and_deletes_between_pages(zd: MockClient, fleet: list[str]) -> None:
    stable = set(fleet[::2])  # the other half is deleted along the way
    doomed = iter(fleet[1::2])
    seen: list[str] = []
    page = zd.get(f"{CAR}/records", params={"page[size]": 17}).json()
    pages = 0
    while True:
        seen.extend(record["id"] for record in page["custom_object_records"])
        pages += 1
        for _ in range(7):  # writes between pages: some deletes and a create
            victim = next(doomed, None)
            if victim is not None:
                assert zd.delete(f"{CAR}/records/{victim}").status == 204
        zd.post(f"{CAR}/records", json={"custom_object_record": {"name": f"Interloper {pages}"}})
        if not page["meta"]["has_more"]:
            break
        page = zd.get(f"{CAR}/records", params={"page[size]": 17, "page[after]": page["meta"]["after_cursor"]}).json()
    assert len(seen) == len(set(seen)), "no record twice"
    assert stable <= set(seen), "no record that stayed was skipped"
    assert page["links"]["next"] is None and page["meta"]["after_cursor"] is None


def test_links_walk_the_same_and_keep_other_parameters(zd: MockClient, fleet: list[str]) -> None:
    first = zd.get(f"{CAR}/records", params={"page[size]": 40, "sort": "-id"}).json()
    assert "page%5Bafter%5D=" in first["links"]["next"] and "sort=-id" in first["links"]["next"]
    assert first["links"]["next"].startswith("http") and ".json?" in first["links"]["next"]
    seen = [record["id"] for record in first["custom_object_records"]]
    page = first
    while page["links"]["next"]:
        page = follow(zd, page["links"]["next"]).json()
        seen.extend(record["id"] for record in page["custom_object_records"])
    everything = sorted(
        [*fleet, "01JGCAR0000000000000000001", "01JGCAR0000000000000000002", "01JGCAR0000000000000000003"]
    )
    assert seen == list(reversed(everything))


def test_walking_backwards_with_before_cursors(zd: MockClient, fleet: list[str]) -> None:
    forward: list[dict[str, Any]] = []
    page = zd.get(f"{CAR}/records", params={"page[size]": 50}).json()
    forward.append(page)
    while page["meta"]["has_more"]:
        page = zd.get(f"{CAR}/records", params={"page[size]": 50, "page[after]": page["meta"]["after_cursor"]}).json()
        forward.append(page)
    last = forward[-1]
    back = zd.get(f"{CAR}/records", params={"page[size]": 50, "page[before]": last["meta"]["before_cursor"]}).json()
    assert back["custom_object_records"] == forward[-2]["custom_object_records"]
    assert back["meta"]["has_more"] is True
    via_link = follow(zd, last["links"]["prev"]).json()
    assert via_link["custom_object_records"] == forward[-2]["custom_object_records"]


def test_percent_encoded_parameter_names(zd: MockClient, fleet: list[str]) -> None:
    plain = zd.get(f"{CAR}/records", params={"page[size]": 5}).json()
    encoded = zd.get(f"{CAR}/records?page%5Bsize%5D=5").json()
    assert encoded == plain and len(plain["custom_object_records"]) == 5


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"page[size]": 101}, "page[size] must be between 1 and 100"),
        ({"page[size]": 0}, "page[size] must be between 1 and 100"),
        ({"page[size]": "many"}, "page[size] must be of type integer"),
        ({"page[after]": "abc", "page[before]": "def"}, "page[after] and page[before] can't be used together"),
        ({"page[after]": "bm90IGEgY3Vyc29y"}, "page[after] is not a cursor from this list"),
    ],
)
def test_bad_paging_is_400(zd: MockClient, params: dict[str, Any], description: str) -> None:
    answer = zd.get(f"{CAR}/records", params=params)
    assert (answer.status, answer.json()) == (400, bad_request(description))


def test_a_cursor_from_another_sort_is_refused(zd: MockClient, fleet: list[str]) -> None:
    cursor = zd.get(f"{CAR}/records", params={"page[size]": 5}).json()["meta"]["after_cursor"]
    answer = zd.get(f"{CAR}/records", params={"page[size]": 5, "sort": "updated_at", "page[after]": cursor})
    assert (answer.status, answer.json()) == (400, bad_request("page[after] is not a cursor from this list"))


def test_search_and_filtered_search_walk_completely(zd: MockClient, fleet: list[str]) -> None:
    for method, kwargs in (
        ("GET", {"params": {"query": "fleet", "page[size]": 30, "sort": "name"}}),
        ("POST", {"params": {"page[size]": 30}, "json": {"filter": {"custom_object_fields.seats": {"$lt": 3}}}}),
    ):
        page = zd.request(method, f"{CAR}/records/search", **kwargs).json()
        count, seen = page["count"], [r["id"] for r in page["custom_object_records"]]
        while page["meta"]["has_more"]:
            params = {**kwargs["params"], "page[after]": page["meta"]["after_cursor"]}
            page = zd.request(method, f"{CAR}/records/search", **{**kwargs, "params": params}).json()
            seen.extend(r["id"] for r in page["custom_object_records"])
        assert len(seen) == len(set(seen)) == count
    assert count == sum(1 for n in range(TOTAL) if n % 9 < 3)
