"""The pytest plugin: the crm_mock fixture, its marker, and external-server mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_server.config import Settings
from mock_server.testing import MockCRM

pytest_plugins = ["pytester"]

USER_TESTS = """
from pathlib import Path

import pytest
import requests

RECORDS = "/objects/custom_objects.pet/records"


def create(crm_mock, name):
    return requests.post(
        crm_mock.base_url("highlevel") + RECORDS,
        json={"locationId": "ve9EPM428h8vShlRW1KT", "properties": {"name": name}},
        headers=crm_mock.headers("highlevel"),
        timeout=10,
    )


def test_first(crm_mock):
    assert create(crm_mock, "Rex").status_code == 201
    crm_mock.verify(operationId="create-object-record", count=1)
    crm_mock.assert_no_violations()


def test_second_starts_clean(crm_mock):
    # the record and the journal entry of test_first are gone
    assert crm_mock.requests() == []
    found = requests.post(
        crm_mock.base_url("highlevel") + RECORDS + "/search",
        json={"locationId": "ve9EPM428h8vShlRW1KT", "pageLimit": 10},
        headers=crm_mock.headers("highlevel"),
        timeout=10,
    ).json()
    assert found["total"] == 3


@pytest.mark.crm_mock(seed=42)
def test_marker_seed(crm_mock):
    first = create(crm_mock, "A").json()["record"]["id"]
    crm_mock.reset()
    assert create(crm_mock, "A").json()["record"]["id"] == first


def test_violations_fail_the_test(crm_mock):
    requests.post(crm_mock.base_url("highlevel") + RECORDS, json={}, headers=crm_mock.headers("highlevel"), timeout=10)
    crm_mock.assert_no_violations()
"""


def test_each_test_gets_fresh_tenants_and_the_marker_is_honoured(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CRM_MOCK_URL", raising=False)
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*1 request(s) broke the vendor's contract:*"])


EXTERNAL_TEST = """
def test_uses_the_external_server(crm_mock):
    assert crm_mock.url == "URL"
    assert crm_mock.health()["status"] == "ready"
"""


def test_the_same_suite_passes_unchanged_against_a_separate_server(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    with MockCRM(Settings(seed=42)) as elsewhere:  # the seed test_marker_seed asks for
        monkeypatch.setenv("CRM_MOCK_URL", elsewhere.url)
        pytester.makepyfile(test_user=USER_TESTS)
        result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=3, failed=1)  # as in-process: the violation test fails on purpose
        assert elsewhere.requests(), "the external server saw the suite's requests"


def test_with_crm_mock_url_the_fixture_drives_that_server(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    with MockCRM() as elsewhere:
        monkeypatch.setenv("CRM_MOCK_URL", elsewhere.url)
        pytester.makepyfile(test_user=EXTERNAL_TEST.replace("URL", elsewhere.url))
        result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=1)


def test_an_unknown_marker_option_is_a_usage_error(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRM_MOCK_URL", raising=False)
    pytester.makepyfile(
        test_user="""
from pathlib import Path

import pytest

@pytest.mark.crm_mock(speed="fast")
def test_x(crm_mock):
    pass
"""
    )
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*does not take*speed*"])


def test_the_readme_example_passes(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRM_MOCK_URL", raising=False)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## In your own test suite", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    pytester.makepyfile(test_readme=example)
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_the_readme_intercept_example_passes(pytester: pytest.Pytester) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("### On the vendors' real hosts", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    pytester.makepyfile(test_readme_intercept=example)
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
