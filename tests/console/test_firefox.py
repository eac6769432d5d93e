"""The console and the API reference in Firefox (Debian's firefox-esr), driven over
WebDriver BiDi: the pages load without a script error and their main features
work.  Chromium runs the full feature tests (test_console.py); this file proves
the same code runs in the other engine."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests

from mock_server.testing import MockCRM
from mock_server.vendors import load_vendor

from .firefox import Firefox, firefox_path

HL = {"Authorization": "Bearer firefox-token", "Version": "2021-07-28"}
BUDDY = "/highlevel/objects/custom_objects.pet/records/679b8f9bde6a0c356a0311b3"


@pytest.fixture(scope="module")
def firefox() -> Iterator[Firefox]:
    executable = firefox_path()
    if executable is None:
        if os.environ.get("CRM_MOCK_REQUIRE_BROWSER") == "1":
            pytest.fail("CRM_MOCK_REQUIRE_BROWSER=1 but no Firefox found (apt-get install firefox-esr)", pytrace=False)
        pytest.skip("no Firefox found (apt-get install firefox-esr, or set CRM_MOCK_FIREFOX)")
    try:
        import websockets  # noqa: F401
    except ImportError:
        pytest.skip("the websockets package is not installed")
    browser = Firefox(executable)
    yield browser
    browser.close()


def test_the_console_runs_in_firefox(firefox: Firefox, crm: MockCRM) -> None:
    assert requests.get(crm.url + BUDDY, headers=HL, timeout=10).status_code == 200
    firefox.goto(crm.url + "/__mock__/ui/")
    cards = firefox.wait_for("document.querySelectorAll('[data-testid^=vendor-card-]').length === 5 && 5")
    assert cards == 5
    tenants = firefox.wait_for("document.querySelector('[data-testid=tenants-highlevel]')?.textContent")
    assert tenants == f"{crm.health()['vendors']['highlevel']['tenants']} tenant"
    # the journal shows the call made above, newest first
    firefox.evaluate("document.getElementById('tab-button-journal').click()")
    first = firefox.wait_for("document.querySelector('[data-testid=journal-row]')?.textContent")
    assert "get-record-by-id" in first and "200" in first
    # a record's JSON, after choosing the vendor, the tenant and the collection
    firefox.evaluate("document.getElementById('tab-button-data').click()")
    firefox.evaluate("document.querySelector('[data-testid=vendor-card-highlevel]').click()")
    firefox.wait_for("document.querySelector('[data-testid^=tenant-tenant_]') !== null")
    firefox.evaluate("document.querySelector('[data-testid^=tenant-tenant_]').click()")
    firefox.wait_for("document.querySelector('[data-testid=collection-records]') !== null")
    firefox.evaluate("document.querySelector('[data-testid=collection-records]').click()")
    rows = firefox.wait_for("document.querySelectorAll('[data-testid=record-row]').length")
    [tenant] = requests.get(crm.url + "/__mock__/tenants?vendor=highlevel", timeout=10).json()["tenants"]
    assert rows == tenant["collections"]["records"]  # the pets and the business records
    assert firefox.errors() == []


def test_the_api_reference_renders_in_firefox(firefox: Firefox, crm: MockCRM) -> None:
    firefox.goto(crm.url + "/__mock__/docs/highlevel")
    blocks = firefox.wait_for("document.querySelectorAll('.swagger-ui .opblock').length", timeout=20)
    assert blocks == len(load_vendor("highlevel").handlers)
    assert firefox.errors() == []
