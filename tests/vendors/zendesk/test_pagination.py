"""Cursor pagination over hundreds of records: forwards and backwards, by cursor and
by link, in every sort, with records created, updated and deleted between pages;
nothing that exists (unchanged) throughout is skipped or repeated."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest

from tests.support import Answer, MockClient
from tests.vendors.zendesk.expect import CAR, CIVIC, TESLA, VOLVO, bad_request

TOTAL = 250
FIXTURE_CARS = [TESLA, CIVIC, VOLVO]
LIST = f"{CAR}/records"
SEARCH = f"{CAR}/records/search"
LIST_SORTS = ["id", "-id", "updated_at", "-updated_at"]
SIZE_RANGE = "page[size] must be between 1 and 100"


def fill(zd: MockClient, count: int, prefix: str = "Fleet") -> list[str]:
    """`count` cars named `prefix NNN` (seats NNN % 9), made by bulk jobs of up to 100; their ids in order."""
    ids: list[str] = []
    for start in range(0, count, 100):
        items = [
            {"name": f"{prefix} {n:03d}", "custom_object_fields": {"seats": n % 9}}
            for n in range(start, min(count, start + 100))
        ]
        queued = zd.post(f"{CAR}/jobs", json={"job": {"action": "create", "items": items}})
        assert queued.status == 201
        status = zd.get(f"/api/v2/job_statuses/{queued.json()['job_status']['id']}").json()["job_status"]
        assert status["status"] == "completed"
        assert [result["success"] for result in status["results"]] == [True] * len(items)
        ids.extend(result["id"] for result in status["results"])
    return ids


def relative(zd: MockClient, link: str) -> str:
    """An absolute `links.next` / `links.prev` URL as a path (with its query) for the client."""
    parts = urlsplit(link)
    assert parts.scheme in ("http", "https") and parts.netloc
    assert parts.path.startswith(zd.prefix + "/api/v2/")
    return parts.path.removeprefix(zd.prefix) + "?" + parts.query


def ids_of(page: dict[str, Any]) -> list[str]:
    return [record["id"] for record in page["custom_object_records"]]


def ok(answer: Answer) -> dict[str, Any]:
    assert answer.status == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def cursor(content: Any) -> str:
    """A cursor the server never issued, built the way the server builds its own."""
    return base64.b64encode(json.dumps(content, separators=(",", ":")).encode()).decode()


def pages(zd: MockClient, path: str, params: dict[str, Any], *, via: str = "cursor") -> Iterator[dict[str, Any]]:
    """Every page from the first, following meta.after_cursor or links.next."""
    page = ok(zd.get(path, params=params))
    yield page
    while page["meta"]["has_more"]:
        if via == "cursor":
            page = ok(zd.get(path, params={**params, "page[after]": page["meta"]["after_cursor"]}))
        else:
            page = ok(zd.get(relative(zd, page["links"]["next"])))
        yield page


def everything(zd: MockClient, sort: str) -> list[str]:
    """All car ids in `sort` order, one page of 100 at a time, with nothing changing."""
    return [record for page in pages(zd, LIST, {"page[size]": 100, "sort": sort}) for record in ids_of(page)]


@pytest.fixture
def fleet(zd: MockClient) -> list[str]:
    return fill(zd, TOTAL)


def test_a_page_and_its_meta_and_links(zd: MockClient, fleet: list[str]) -> None:
    """The first page: size records in id order, an after cursor and no before cursor."""
    page = ok(zd.get(LIST, params={"page[size]": 10}))
    assert ids_of(page) == sorted([*FIXTURE_CARS, *fleet])[:10]
    assert page["meta"]["has_more"] is True
    assert isinstance(page["meta"]["after_cursor"], str) and page["meta"]["before_cursor"] is None
    assert page["links"]["prev"] is None
    assert set(page) == {"custom_object_records", "meta", "links"}


def test_without_page_size_a_page_is_100(zd: MockClient, fleet: list[str]) -> None:
    """No page[size]: 100 records, and the next link says so."""
    page = ok(zd.get(LIST))
    assert len(page["custom_object_records"]) == 100
    assert dict(parse_qsl(urlsplit(page["links"]["next"]).query))["page[size]"] == "100"


@pytest.mark.parametrize("sort", LIST_SORTS)
@pytest.mark.parametrize("via", ["cursor", "link"])
def test_walking_forward_with_writes_between_pages(zd: MockClient, fleet: list[str], sort: str, via: str) -> None:
    """Deletes, updates and creates between pages: every record that stayed unchanged is seen exactly once."""
    doomed = fleet[1::3]  # deleted along the way
    touched = fleet[2::3]  # updated along the way (they may move in an updated_at sort)
    stable = set(fleet[0::3]) | set(FIXTURE_CARS)
    doomed_left, touched_left = iter(doomed), iter(touched)
    seen: list[str] = []
    created: list[str] = []
    count = 0
    last: dict[str, Any] = {}
    for count, page in enumerate(pages(zd, LIST, {"page[size]": 17, "sort": sort}, via=via), start=1):
        seen.extend(ids_of(page))
        last = page
        for _ in range(6):
            victim = next(doomed_left, None)
            if victim is not None:
                assert zd.delete(f"{LIST}/{victim}").status == 204
            changed = next(touched_left, None)
            if changed is not None:
                patch = {"custom_object_record": {"custom_object_fields": {"seats": 42}}}
                assert zd.patch(f"{LIST}/{changed}", json=patch).status == 200
        new = zd.post(LIST, json={"custom_object_record": {"name": f"Interloper {count}"}})
        assert new.status == 201
        created.append(new.json()["custom_object_record"]["id"])
        assert count < 100, "the walk ends"
    stable_seen = [record for record in seen if record in stable]
    assert len(stable_seen) == len(set(stable_seen)) == len(stable), "no stable record skipped or repeated"
    assert stable_seen == [record for record in everything(zd, sort) if record in stable], "in the sort's order"
    assert set(created) <= set(everything(zd, sort))
    assert last["meta"] == {"has_more": False, "after_cursor": None, "before_cursor": last["meta"]["before_cursor"]}
    assert last["links"]["next"] is None
    assert isinstance(last["meta"]["before_cursor"], str) and last["links"]["prev"] is not None


@pytest.mark.parametrize("sort", LIST_SORTS)
def test_a_walk_without_writes_sees_every_record_once_in_order(zd: MockClient, fleet: list[str], sort: str) -> None:
    """Cursor and link walks agree, and give every record once in the sort's order."""
    by_cursor = [record for page in pages(zd, LIST, {"page[size]": 33, "sort": sort}) for record in ids_of(page)]
    by_link = [
        record for page in pages(zd, LIST, {"page[size]": 33, "sort": sort}, via="link") for record in ids_of(page)
    ]
    assert by_cursor == by_link == everything(zd, sort)
    assert sorted(by_cursor) == sorted([*FIXTURE_CARS, *fleet])
    if sort == "id":
        assert by_cursor == sorted([*FIXTURE_CARS, *fleet])
    if sort == "-id":
        assert by_cursor == sorted([*FIXTURE_CARS, *fleet], reverse=True)
    if sort.lstrip("-") == "updated_at":
        # The fixture cars were last updated before any car the test made.
        end = by_cursor[:3] if sort == "updated_at" else by_cursor[-3:]
        assert sorted(end) == sorted(FIXTURE_CARS)


def test_updated_at_sorts_order_by_time_then_id(zd: MockClient, fleet: list[str]) -> None:
    """updated_at sorts by (updated_at, id); an update moves a record among the latest."""
    assert zd.patch(f"{LIST}/{CIVIC}", json={"custom_object_record": {"name": "Honda Civic II"}}).status == 200
    for sort in ("updated_at", "-updated_at"):
        records = [
            record
            for page in pages(zd, LIST, {"page[size]": 100, "sort": sort})
            for record in page["custom_object_records"]
        ]
        keys = [(record["updated_at"], record["id"]) for record in records]
        assert keys == sorted(keys, reverse=sort.startswith("-"))
        latest = max(record["updated_at"] for record in records)
        civic = next(record for record in records if record["id"] == CIVIC)
        assert civic["updated_at"] == latest and civic["name"] == "Honda Civic II"


def test_next_links_keep_the_other_parameters_and_are_percent_encoded(zd: MockClient, fleet: list[str]) -> None:
    """links.next: the same list (.json) with sort kept, page[after] the meta's cursor, names percent-encoded."""
    page = ok(zd.get(LIST, params={"page[size]": 40, "sort": "-updated_at"}))
    link = page["links"]["next"]
    parts = urlsplit(link)
    assert parts.path == f"{zd.prefix}{LIST}.json"
    expected = sorted([("page[after]", page["meta"]["after_cursor"]), ("page[size]", "40"), ("sort", "-updated_at")])
    assert parts.query == urlencode(expected)
    assert "page%5Bafter%5D=" in parts.query and "page%5Bsize%5D=40" in parts.query
    assert "[" not in link and "]" not in link
    second = ok(zd.get(relative(zd, link)))
    prev = second["links"]["prev"]
    assert urlsplit(prev).query == urlencode(
        sorted([("page[before]", second["meta"]["before_cursor"]), ("page[size]", "40"), ("sort", "-updated_at")])
    )
    back = ok(zd.get(relative(zd, prev)))
    assert back["custom_object_records"] == page["custom_object_records"] and back["links"] == page["links"]
    assert back["meta"] == {**page["meta"], "has_more": False}  # nothing more before the first page


def test_links_keep_filters(zd: MockClient, fleet: list[str]) -> None:
    """A filtered list walks by link with its filter[ids] kept."""
    wanted = fleet[10:25]
    params = {"filter[ids]": ",".join(wanted), "page[size]": 4}
    walked = pages(zd, LIST, params, via="link")
    seen = [record for page in walked for record in ids_of(page)]
    assert seen == sorted(wanted)


@pytest.mark.parametrize("sort", LIST_SORTS)
@pytest.mark.parametrize("via", ["cursor", "link"])
def test_walking_backwards(zd: MockClient, fleet: list[str], sort: str, via: str) -> None:
    """From the last page back with page[before] (or links.prev): the same pages in reverse."""
    forward = list(pages(zd, LIST, {"page[size]": 50, "sort": sort}))
    assert [len(page["custom_object_records"]) for page in forward] == [50] * 5 + [3]
    page = forward[-1]
    backward = [page]
    while page["meta"]["before_cursor"] is not None:
        if via == "cursor":
            params = {"page[size]": 50, "sort": sort, "page[before]": page["meta"]["before_cursor"]}
            page = ok(zd.get(LIST, params=params))
        else:
            page = ok(zd.get(relative(zd, page["links"]["prev"])))
        backward.append(page)
        assert len(backward) < 20, "the walk ends"
    assert [ids_of(page) for page in backward] == [ids_of(page) for page in reversed(forward)]
    assert [page["meta"]["has_more"] for page in backward[1:]] == [True] * 4 + [False]
    assert backward[-1]["links"]["prev"] is None


def test_walking_backwards_with_writes_between_pages(zd: MockClient, fleet: list[str]) -> None:
    """Deletes and creates while walking back by before cursors: the stable records each once."""
    forward = list(pages(zd, LIST, {"page[size]": 25}))
    doomed = iter(fleet[1::2])
    stable = set(fleet[0::2]) | set(FIXTURE_CARS)
    page = forward[-1]
    seen = ids_of(page)
    while page["meta"]["before_cursor"] is not None:
        for _ in range(8):
            victim = next(doomed, None)
            if victim is not None:
                assert zd.delete(f"{LIST}/{victim}").status == 204
        assert zd.post(LIST, json={"custom_object_record": {"name": "Interloper"}}).status == 201
        page = ok(zd.get(LIST, params={"page[size]": 25, "page[before]": page["meta"]["before_cursor"]}))
        seen = ids_of(page) + seen
    kept = [record for record in seen if record in stable]
    assert kept == sorted(stable)


def test_percent_encoded_parameter_names_work_the_same(zd: MockClient, fleet: list[str]) -> None:
    """page%5Bsize%5D, page%5Bafter%5D and page%5Bbefore%5D in a raw query string mean page[size] etc."""
    plain = ok(zd.get(LIST, params={"page[size]": 5, "sort": "-id"}))
    encoded = ok(zd.get(f"{LIST}?sort=-id&page%5Bsize%5D=5"))
    assert encoded == plain and len(plain["custom_object_records"]) == 5
    after = quote(plain["meta"]["after_cursor"], safe="")
    second = ok(zd.get(f"{LIST}?sort=-id&page%5Bsize%5D=5&page%5Bafter%5D={after}"))
    assert second == ok(
        zd.get(LIST, params={"page[size]": 5, "sort": "-id", "page[after]": plain["meta"]["after_cursor"]})
    )
    before = quote(second["meta"]["before_cursor"], safe="")
    back = ok(zd.get(f"{LIST}?sort=-id&page%5Bsize%5D=5&page%5Bbefore%5D={before}"))
    assert back == ok(
        zd.get(LIST, params={"page[size]": 5, "sort": "-id", "page[before]": second["meta"]["before_cursor"]})
    )
    assert back["custom_object_records"] == plain["custom_object_records"] and back["meta"]["has_more"] is False


def test_the_json_suffix_pages_the_same(zd: MockClient, fleet: list[str]) -> None:
    """/records.json answers as /records does."""
    params = {"page[size]": 7, "sort": "updated_at"}
    assert ok(zd.get(f"{LIST}.json", params=params)) == ok(zd.get(LIST, params=params))


@pytest.mark.parametrize(
    ("query", "description"),
    [
        ("page[size]=101", SIZE_RANGE),
        ("page[size]=0", SIZE_RANGE),
        ("page[size]=-1", SIZE_RANGE),
        ("page%5Bsize%5D=101", SIZE_RANGE),
        ("page[size]=many", "page[size] must be of type integer"),
        ("page[after]=abc&page[before]=def", "page[after] and page[before] can't be used together"),
        ("page[after]=bm90IGEgY3Vyc29y", "page[after] is not a cursor from this list"),
        ("page[before]=bm90IGEgY3Vyc29y", "page[before] is not a cursor from this list"),
        ("page[after]=%21%21%21", "page[after] is not a cursor from this list"),
        ("page[after]=W10%3D", "page[after] is not a cursor from this list"),  # base64 of []
        ("sort=name", "sort must be one of id, -id, updated_at, -updated_at"),
    ],
)
def test_bad_paging_is_400(zd: MockClient, query: str, description: str) -> None:
    """Each refusal's exact body."""
    answer = zd.get(f"{LIST}?{query}")
    assert (answer.status, answer.json()) == (400, bad_request(description))


@pytest.mark.parametrize(
    "forged",
    [
        {"after": "01JGCAR0000000000000000001", "sort": "id"},  # the key not in a list
        {"before": ["01JGCAR0000000000000000001"], "sort": "id"},  # a before cursor as page[after]
        {"after": ["01JGCAR0000000000000000001"], "sort": "-id"},  # another sort's
    ],
)
def test_cursors_the_server_did_not_issue_are_400(zd: MockClient, forged: dict[str, Any]) -> None:
    """A cursor for another direction or sort, or of the wrong shape, is refused."""
    answer = zd.get(LIST, params={"page[after]": cursor(forged)})
    assert (answer.status, answer.json()) == (400, bad_request("page[after] is not a cursor from this list"))


@pytest.mark.parametrize(
    "forged",
    [{"after": [1], "sort": "id"}, {"after": [None], "sort": "id"}, {"after": [1, "x"], "sort": "updated_at"}],
)
def test_cursors_with_keys_of_the_wrong_type_are_400(zd: MockClient, forged: dict[str, Any]) -> None:
    """A well-formed cursor whose key cannot be compared with the list's keys is refused, not a 500."""
    sort = str(forged["sort"])
    answer = zd.get(LIST, params={"page[after]": cursor(forged), "sort": sort})
    assert (answer.status, answer.json()) == (400, bad_request("page[after] is not a cursor from this list"))


def test_a_cursor_from_another_sort_is_refused(zd: MockClient, fleet: list[str]) -> None:
    """A real cursor from sort=id, given with sort=updated_at or to a search, is 400."""
    after = ok(zd.get(LIST, params={"page[size]": 5}))["meta"]["after_cursor"]
    answer = zd.get(LIST, params={"page[size]": 5, "sort": "updated_at", "page[after]": after})
    assert (answer.status, answer.json()) == (400, bad_request("page[after] is not a cursor from this list"))
    answer = zd.get(SEARCH, params={"query": "fleet", "page[after]": after})
    assert (answer.status, answer.json()) == (400, bad_request("page[after] is not a cursor from this list"))


@pytest.mark.parametrize("query", ["page[size]=101", "page[size]=0"])
def test_search_refuses_bad_page_sizes(zd: MockClient, query: str) -> None:
    """Search takes the same page[size] range."""
    answer = zd.get(f"{SEARCH}?query=fleet&{query}")
    assert (answer.status, answer.json()) == (400, bad_request(SIZE_RANGE))


# -- search --------------------------------------------------------------------------


@pytest.mark.parametrize("sort", [None, "name", "-name", "updated_at", "-created_at"])
@pytest.mark.parametrize("via", ["cursor", "link"])
def test_search_walks_completely(zd: MockClient, fleet: list[str], sort: str | None, via: str) -> None:
    """Every record the query matches, once, with count the total on every page."""
    params: dict[str, Any] = {"query": "fleet", "page[size]": 30}
    if sort is not None:
        params["sort"] = sort
    walked = list(pages(zd, SEARCH, params, via=via))
    seen = [record for page in walked for record in ids_of(page)]
    assert len(seen) == len(set(seen)) == TOTAL
    assert set(seen) == set(fleet)
    assert {page["count"] for page in walked} == {TOTAL}
    assert len(walked) == 9 and walked[-1]["meta"]["has_more"] is False and walked[-1]["links"]["next"] is None
    if sort == "name":
        assert seen == fleet  # Fleet 000 .. Fleet 249
    if sort == "-name":
        assert seen == fleet[::-1]


def test_search_by_relevance_puts_the_best_match_first_and_walks_completely(zd: MockClient, fleet: list[str]) -> None:
    """Two terms: the record matching both first, then the rest, all once."""
    walked = list(pages(zd, SEARCH, {"query": "fleet 007", "page[size]": 40}))
    seen = [record for page in walked for record in ids_of(page)]
    assert seen[0] == fleet[7]
    assert sorted(seen) == sorted(fleet) and walked[0]["count"] == TOTAL


def test_search_walk_with_writes_between_pages(zd: MockClient, fleet: list[str]) -> None:
    """Matching records created and deleted mid-walk: the stable ones each once."""
    doomed = iter(fleet[1::2])
    stable = set(fleet[0::2])
    seen: list[str] = []
    for n, page in enumerate(pages(zd, SEARCH, {"query": "fleet", "sort": "name", "page[size]": 20})):
        seen.extend(ids_of(page))
        for _ in range(5):
            victim = next(doomed, None)
            if victim is not None:
                assert zd.delete(f"{LIST}/{victim}").status == 204
        assert zd.post(LIST, json={"custom_object_record": {"name": f"Fleet 1{n:02d}a"}}).status == 201
    kept = [record for record in seen if record in stable]
    assert kept == [record for record in fleet if record in stable]


def filtered_pages(zd: MockClient, params: dict[str, Any], body: Any) -> Iterator[dict[str, Any]]:
    """Every page of a filtered search (POST), by after cursor."""
    page = ok(zd.post(SEARCH, params=params, json=body))
    yield page
    while page["meta"]["has_more"]:
        page = ok(zd.post(SEARCH, params={**params, "page[after]": page["meta"]["after_cursor"]}, json=body))
        yield page


@pytest.mark.parametrize("sort", [None, "name", "-updated_at"])
def test_filtered_search_walks_completely(zd: MockClient, fleet: list[str], sort: str | None) -> None:
    """seats < 3 among the fleet (and the fixture cars have 5 seats): every match once, count the total."""
    expected = [record for n, record in enumerate(fleet) if n % 9 < 3]
    params: dict[str, Any] = {"page[size]": 13}
    if sort is not None:
        params["sort"] = sort
    body = {"filter": {"custom_object_fields.seats": {"$lt": 3}}}
    walked = list(filtered_pages(zd, params, body))
    seen = [record for page in walked for record in ids_of(page)]
    assert len(seen) == len(set(seen)) == len(expected)
    assert set(seen) == set(expected)
    assert {page["count"] for page in walked} == {len(expected)}
    if sort == "name":
        assert seen == expected


def test_filtered_search_with_a_query_walks_completely(zd: MockClient, fleet: list[str]) -> None:
    """A filter and a query together: $and of seats and name, every match once."""
    body = {
        "filter": {
            "$and": [
                {"custom_object_fields.seats": {"$eq": 4}},
                {"name": {"$contains": "fleet 1"}},  # names are zero-padded: Fleet 100-199
            ]
        }
    }
    walked = list(filtered_pages(zd, {"query": "fleet", "page[size]": 3, "sort": "name"}, body))
    seen = [record for page in walked for record in ids_of(page)]
    names_from_100 = [n for n in range(100, 200) if n % 9 == 4]
    assert seen == [fleet[n] for n in names_from_100]
    assert {page["count"] for page in walked} == {len(names_from_100)}
