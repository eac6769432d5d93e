"""The crm_mock fixture shares one server between tests and pytest-xdist workers: each
test has tenants of its own, deleted at teardown, and all it does is scoped to them."""

from __future__ import annotations

import pytest

from mock_server.config import Settings
from mock_server.testing import MockCRM

pytest_plugins = ["pytester"]

# Every test creates records, moves its clock, adds a fault, reads its journal and verifies counts;
# any of them leaking into another test (they run four at a time) fails the run.
PARALLEL_SUITE = """
import pytest
import requests

LOCATION = "ve9EPM428h8vShlRW1KT"
RECORDS = "/objects/custom_objects.pet/records"


@pytest.mark.parametrize("n", range(16))
def test_a_test_owns_its_tenants(crm_mock, n):
    base, headers = crm_mock.base_url("highlevel"), crm_mock.headers("highlevel")
    year = 2030 + n
    crm_mock.clock(freeze=f"{year}-01-01T00:00:00Z")  # every vendor's tenant of this test
    crm_mock.add_fault(status=503, operationId="search-object-records")
    for i in range(n % 3 + 1):
        made = requests.post(
            base + RECORDS, json={"locationId": LOCATION, "properties": {"name": f"pet {n}.{i}"}},
            headers=headers, timeout=10,
        )
        assert made.status_code == 201, made.text
        assert made.json()["record"]["createdAt"] == f"{year}-01-01T00:00:00.000Z"

    def search():
        return requests.post(
            base + RECORDS + "/search", json={"locationId": LOCATION, "pageLimit": 100}, headers=headers, timeout=10
        )

    assert search().status_code == 503
    assert search().json()["total"] == 3 + n % 3 + 1  # the fixtures' pets and this test's
    zendesk = requests.get(
        crm_mock.base_url("zendesk") + "/api/v2/custom_objects", headers=crm_mock.headers("zendesk"), timeout=10
    )
    assert zendesk.status_code == 200

    crm_mock.verify(operationId="create-object-record", count=n % 3 + 1)
    crm_mock.verify(operationId="search-object-records", count=2)
    crm_mock.verify(vendor="zendesk", operationId="ListCustomObjects", count=1)
    entries = crm_mock.requests()
    assert [entry["response"]["status"] for entry in entries] == [201] * (n % 3 + 1) + [503, 200, 200]
    assert {entry["time"][:4] for entry in entries} == {str(year)}
    assert [rule["fired"] for rule in crm_mock.faults()] == [1]  # its own rule only, spent
    crm_mock.assert_no_violations()
    crm_mock.clear_requests(vendor="highlevel")
    assert [entry["vendor"] for entry in crm_mock.requests()] == ["zendesk"]
    with open("labels.txt", "a") as labels:  # checked gone after the run
        print("highlevel", crm_mock.tenant("highlevel"), file=labels)
        print("zendesk", crm_mock.tenant("zendesk"), file=labels)
"""


def test_four_workers_share_one_server(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, live_url: str
) -> None:
    monkeypatch.setenv("CRM_MOCK_URL", live_url)
    pytester.makepyfile(test_parallel=PARALLEL_SUITE)
    result = pytester.runpytest_subprocess("-n", "4", "-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=16)
    made = {tuple(line.split()) for line in (pytester.path / "labels.txt").read_text().splitlines()}
    assert len(made) == 2 * 16
    live = {(t["vendor"], t["tenant"]) for t in MockCRM(url=live_url)._call("GET", "/tenants")["tenants"]}
    assert not made & live, "every tenant the suite made is deleted"


CAPPED_SUITE = """
import pytest
import requests


@pytest.mark.parametrize("n", range(9))
def test_one_of_many(crm_mock, n):
    answer = requests.get(
        crm_mock.base_url("highlevel") + "/objects/",
        params={"locationId": "ve9EPM428h8vShlRW1KT"},
        headers=crm_mock.headers("highlevel"),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    assert crm_mock.health()["vendors"]["highlevel"]["tenants"] == 1
"""


def test_three_times_the_tenant_cap_of_tests_in_a_row_never_reach_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    with MockCRM(Settings(max_tenants=3)) as server:
        monkeypatch.setenv("CRM_MOCK_URL", server.url)
        pytester.makepyfile(test_capped=CAPPED_SUITE)
        result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=9)
        assert server.health()["vendors"]["highlevel"]["tenants"] == 0
        assert server._call("GET", "/tenants")["tenants"] == []


MARKED_SUITE = """
import pytest


@pytest.mark.crm_mock(fixtures="some/folder")
def test_fixtures(crm_mock):
    pass


@pytest.mark.crm_mock(seed=99)
def test_other_seed(crm_mock):
    pass


@pytest.mark.crm_mock(seed=5, vendors=["highlevel"])
def test_same_seed_and_a_served_vendor(crm_mock):
    assert crm_mock.headers("highlevel")


@pytest.mark.crm_mock(vendors=["hubspot"])
def test_unserved_vendor(crm_mock):
    pass


@pytest.mark.crm_mock(strict_auth=True)
def test_strict_auth(crm_mock):
    pass
"""


def test_over_http_a_marker_option_the_server_cannot_honour_fails_the_test_naming_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    with MockCRM(Settings(seed=5)) as server:
        monkeypatch.setenv("CRM_MOCK_URL", server.url)
        pytester.makepyfile(test_marked=MARKED_SUITE)
        result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=1, errors=4)
        where = f"the server at CRM_MOCK_URL ({server.url})"
        result.stdout.fnmatch_lines_random(
            [
                f"*@pytest.mark.crm_mock(fixtures=...) cannot apply to {where}: start it with --fixtures instead*",
                f"*@pytest.mark.crm_mock(seed=99): {where} runs with seed 5*",
                f"*@pytest.mark.crm_mock(vendors=...): {where} does not serve ?'hubspot'?",  # ? for fnmatch's [ ]
                f"*@pytest.mark.crm_mock(strict_auth=True): {where} does not run with --strict-auth*",
            ]
        )


STRICT_SUITE = """
import pytest
import requests


@pytest.mark.crm_mock(strict_auth=True)
def test_declared_credentials_pass_strict_auth(crm_mock):
    answer = requests.get(
        crm_mock.base_url("salesos") + "/v1/custom-objects", headers=crm_mock.headers("salesos"), timeout=10
    )
    assert answer.status_code == 200, answer.text
"""


@pytest.mark.parametrize("external", [False, True])
def test_with_strict_auth_each_tests_credentials_are_declared(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, external: bool
) -> None:
    pytester.makepyfile(test_strict=STRICT_SUITE)
    if not external:
        monkeypatch.delenv("CRM_MOCK_URL", raising=False)
        pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider").assert_outcomes(passed=1)
        return
    with MockCRM(Settings(strict_auth=True)) as server:
        monkeypatch.setenv("CRM_MOCK_URL", server.url)
        pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider").assert_outcomes(passed=1)
