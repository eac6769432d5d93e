"""Unique record names hold under concurrent writes against a real server (threads
over HTTP): the fixture object `driver` has is_unique names."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from tests.vendors.zendesk.expect import DRIVER, invalid

THREADS = 20
TAKEN = invalid(name=("Name: has already been taken", "DuplicateValue"))


class Tenant:
    """A Basic credential no other test uses, and the driver records URL."""

    def __init__(self, live_url: str) -> None:
        credential = base64.b64encode(f"agent@example.com/token:race-{uuid.uuid4()}".encode()).decode()
        self.headers = {"Authorization": f"Basic {credential}", "Content-Type": "application/json"}
        self.records = f"{live_url}/zendesk{DRIVER}/records"

    def count(self) -> int:
        answer = requests.get(f"{self.records}/count", headers=self.headers, timeout=30)
        assert answer.status_code == 200, answer.text
        value: int = answer.json()["count"]["value"]
        return value

    def named(self, name: str) -> list[dict[str, Any]]:
        """The records whose name is `name`, case-insensitively."""
        answer = requests.get(self.records, params={"page[size]": 100}, headers=self.headers, timeout=30)
        assert answer.status_code == 200 and answer.json()["meta"]["has_more"] is False
        return [
            record for record in answer.json()["custom_object_records"] if record["name"].casefold() == name.casefold()
        ]

    def all_at_once(self, send: Callable[[int], requests.Response]) -> list[requests.Response]:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            return list(pool.map(send, range(THREADS)))


@pytest.fixture
def tenant(live_url: str) -> Tenant:
    return Tenant(live_url)


def test_concurrent_creates_of_one_name_make_one_record(tenant: Tenant) -> None:
    """20 creates of the same new name at once: one 201, nineteen 422 RecordInvalid, one more record."""
    before = tenant.count()

    def create(_: int) -> requests.Response:
        body = {"custom_object_record": {"name": "Alan Turing"}}
        return requests.post(tenant.records, json=body, headers=tenant.headers, timeout=30)

    answers = tenant.all_at_once(create)
    assert sorted(answer.status_code for answer in answers) == [201] + [422] * (THREADS - 1)
    assert [answer.json() for answer in answers if answer.status_code == 422] == [TAKEN] * (THREADS - 1)
    [made] = [answer.json()["custom_object_record"] for answer in answers if answer.status_code == 201]
    assert made["name"] == "Alan Turing"
    assert tenant.count() == before + 1
    assert [record["id"] for record in tenant.named("Alan Turing")] == [made["id"]]


def test_concurrent_creates_of_one_name_in_different_cases_make_one_record(tenant: Tenant) -> None:
    """Uniqueness ignores case, under concurrency too."""
    before = tenant.count()

    def create(n: int) -> requests.Response:
        name = "Katherine Johnson".upper() if n % 2 else "katherine johnson"
        return requests.post(
            tenant.records, json={"custom_object_record": {"name": name}}, headers=tenant.headers, timeout=30
        )

    answers = tenant.all_at_once(create)
    assert sorted(answer.status_code for answer in answers) == [201] + [422] * (THREADS - 1)
    assert all(answer.json() == TAKEN for answer in answers if answer.status_code == 422)
    assert tenant.count() == before + 1
    assert len(tenant.named("Katherine Johnson")) == 1


def test_concurrent_upserts_by_name_make_one_record(tenant: Tenant) -> None:
    """20 upserts by one new name at once: all 200, all the same record, one more record."""
    before = tenant.count()

    def upsert(_: int) -> requests.Response:
        body: dict[str, Any] = {"custom_object_record": {}}
        return requests.patch(
            tenant.records, params={"name": "Hedy Lamarr"}, json=body, headers=tenant.headers, timeout=30
        )

    answers = tenant.all_at_once(upsert)
    assert [answer.status_code for answer in answers] == [200] * THREADS, [a.text for a in answers]
    assert len({answer.json()["custom_object_record"]["id"] for answer in answers}) == 1
    assert tenant.count() == before + 1


def test_concurrent_creates_of_different_names_all_succeed(tenant: Tenant) -> None:
    """The uniqueness check does not refuse distinct names created at once."""
    before = tenant.count()

    def create(n: int) -> requests.Response:
        body = {"custom_object_record": {"name": f"Driver {n:02d}"}}
        return requests.post(tenant.records, json=body, headers=tenant.headers, timeout=30)

    answers = tenant.all_at_once(create)
    assert [answer.status_code for answer in answers] == [201] * THREADS
    assert len({answer.json()["custom_object_record"]["id"] for answer in answers}) == THREADS
    assert tenant.count() == before + THREADS
