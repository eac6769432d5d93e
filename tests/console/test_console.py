"""The console at /__mock__/ui, driven in headless Chromium: every feature, checked
against the control plane or the vendor's API, not only against the page."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from mock_server.config import Settings
from mock_server.testing import MockCRM

from .conftest import SCREENSHOTS

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips every test (or fails them, with CRM_MOCK_REQUIRE_BROWSER=1)
    expect = None

# The credentials the console fills in for each vendor (README's examples).
HL = {"Authorization": "Bearer pit-any-token", "Version": "2021-07-28"}
ZD = {"Authorization": "Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46YW55LWFwaS10b2tlbg=="}
ES = {"X-Api-Key": "my-key"}
OI = {"x-apikey": "b3JnX2RlbW86c2VjcmV0"}
SO = {"Authorization": "Bearer eyJhbGciOiAiSFMyNTYifQ.eyJzdWIiOiAibWUifQ.x"}

PET = "custom_objects.pet"
BUDDY = "679b8f9bde6a0c356a0311b3"
LOCATION = "ve9EPM428h8vShlRW1KT"
BUDDY_PATH = f"/highlevel/objects/{PET}/records/{BUDDY}"
SF = "conn_salesforce_01JNCN0000000000000000SF01"
HB = "conn_hubspot_01JNCN0000000000000000HB01"
DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "images" / "console.png"


def call(crm: MockCRM, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> requests.Response:
    return requests.request(method, crm.url + path, headers=headers, timeout=10, **kwargs)


def tenant_of(crm: MockCRM, vendor: str) -> str:
    """The label of the tenant the vendor's last journalled request used."""
    label: str = crm.requests(vendor=vendor)[-1]["tenant"]
    return label


def records(crm: MockCRM, vendor: str, tenant: str, collection: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = crm.state(vendor)["vendors"][vendor].get(tenant, {}).get(collection, [])
    return found


def wait_until(check: Callable[[], Any], timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        outcome = check()
        if outcome or time.monotonic() > deadline:
            return outcome
        time.sleep(0.05)


def open_console(page: Any, crm: MockCRM) -> None:
    page.goto(crm.url + "/__mock__/ui/")
    page.wait_for_selector("[data-testid=vendor-card-highlevel]")


def open_collection(page: Any, vendor: str, tenant: str, collection: str) -> None:
    page.click(f"[data-testid=vendor-card-{vendor}]")
    page.click(f'[data-testid="tenant-{tenant}"]')
    page.click(f'[data-testid="collection-{collection}"]')


def journal_rows(page: Any) -> Any:
    return page.locator("[data-testid=journal-row]")


# -- vendors, tenants, records -------------------------------------------------------------


def test_vendors_and_tenants_with_counts(page: Any, crm: MockCRM) -> None:
    call(crm, "GET", BUDDY_PATH, HL)
    call(crm, "GET", BUDDY_PATH, {**HL, "Authorization": "Bearer another-token"})
    call(crm, "GET", "/zendesk/api/v2/custom_objects/car/records.json", ZD)
    bad = {"locationId": LOCATION, "properties": {"age": "x"}}
    call(crm, "POST", f"/highlevel/objects/{PET}/records", HL, json=bad)
    open_console(page, crm)
    health = crm.health()["vendors"]
    for vendor, info in health.items():
        card = page.locator(f"[data-testid=vendor-card-{vendor}]")
        tenants = f"{info['tenants']} tenant{'' if info['tenants'] == 1 else 's'}"
        expect(card.locator(f"[data-testid=tenants-{vendor}]")).to_have_text(tenants)
        expect(card).to_contain_text(f"{info['operations']} operations")
        expect(card).to_contain_text(f"{info['fixtureRecords']} fixture records")
    assert health["highlevel"]["tenants"] == 2 and health["zendesk"]["tenants"] == 1
    # HighLevel's two tenants, each with its record count; a tenant's collections with theirs
    label = tenant_of(crm, "highlevel")
    snapshot = crm.state("highlevel")["vendors"]["highlevel"]
    expect(page.locator("#tenant-list button")).to_have_count(2)
    total = sum(len(rows) for rows in snapshot[label].values())
    expect(page.locator(f'[data-testid="tenant-{label}"] .count')).to_have_text(str(total))
    page.click(f'[data-testid="tenant-{label}"]')
    for collection, rows in snapshot[label].items():
        expect(page.locator(f'[data-testid="collection-{collection}"] .count')).to_have_text(str(len(rows)))
    page.click(f"[data-testid=record-row][data-id='{BUDDY}']")
    expect(page.locator("[data-testid=record-json]")).to_contain_text('"name": "Buddy"')
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "main-view.png"), full_page=True)
    if os.environ.get("CRM_MOCK_DOCS_SCREENSHOT") == "1":  # refresh README's picture
        DOCS_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_SCREENSHOT), full_page=True)


def test_records_table_pages_and_searches(page: Any, crm: MockCRM) -> None:
    call(crm, "GET", BUDDY_PATH, HL)
    label = tenant_of(crm, "highlevel")
    fields = records(crm, "highlevel", label, "fields")
    assert len(fields) > 20
    open_console(page, crm)
    open_collection(page, "highlevel", label, "fields")
    rows = page.locator("[data-testid=record-row]")
    pages = -(-len(fields) // 10)
    expect(page.locator("[data-testid=page-info]")).to_have_text(f"page 1 of {pages} · {len(fields)} records")
    expect(rows).to_have_count(10)
    first_page = rows.evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert first_page == [field["id"] for field in fields[:10]]
    page.click("#page-next")
    expect(page.locator("[data-testid=page-info]")).to_contain_text(f"page 2 of {pages}")
    assert rows.evaluate_all("rows => rows.map(r => r.dataset.id)") == [field["id"] for field in fields[10:20]]
    page.select_option("#page-size", "5")
    expect(page.locator("[data-testid=page-info]")).to_contain_text(f"page 1 of {-(-len(fields) // 5)}")
    expect(rows).to_have_count(5)
    # search: a case-insensitive match anywhere in the record
    page.fill("#record-search", "PET.")
    wanted = [field["id"] for field in fields if "pet." in json.dumps(field).lower()]
    assert 0 < len(wanted) < len(fields)
    expect(page.locator("[data-testid=page-info]")).to_contain_text(f"{len(wanted)} records found")
    page.select_option("#page-size", "100")
    assert rows.evaluate_all("rows => rows.map(r => r.dataset.id)") == wanted
    page.fill("#record-search", "no such thing anywhere")
    expect(rows).to_have_count(0)
    expect(page.locator("#records-rows")).to_contain_text("No record matches.")


def test_record_json_is_shown(page: Any, crm: MockCRM) -> None:
    call(crm, "GET", "/zendesk/api/v2/custom_objects/car/records.json", ZD)
    label = tenant_of(crm, "zendesk")
    car = records(crm, "zendesk", label, "records:car")[1]
    open_console(page, crm)
    open_collection(page, "zendesk", label, "records:car")
    page.click(f"[data-testid=record-row][data-id='{car['id']}']")
    shown = json.loads(page.locator("[data-testid=record-json]").inner_text())
    assert shown == car
    expect(page.locator("#record-note")).to_contain_text("PATCH")


EDITS = [
    pytest.param(
        "highlevel", "GET", BUDDY_PATH, HL, "records", BUDDY,
        lambda body: body["properties"].update(age=7),
        lambda record: record["properties"]["age"] == 7,
        id="highlevel",
    ),
    pytest.param(
        "zendesk", "GET", "/zendesk/api/v2/custom_objects/car/records.json", ZD, "records:car",
        "01JGCAR0000000000000000001",
        lambda body: body["custom_object_record"]["custom_object_fields"].update(model="Edited"),
        lambda record: record["custom_object_fields"]["model"] == "Edited",
        id="zendesk",
    ),
    pytest.param(
        "espocrm", "GET", "/espocrm/api/v1/Account", ES, "Account", "6560a3f2b4c1a0001",
        lambda body: body.update(name="Acme Edited"),
        lambda record: record["name"] == "Acme Edited",
        id="espocrm",
    ),
    pytest.param(
        # HubSpot's: OpenInt's Salesforce adapter has no updateAccount (docs/vendors/openint.md)
        "openint", "GET", "/openint/v0/core/connection", OI, f"crm:{HB}:accounts", "18000000001",
        lambda body: body["record"].update(name="Globex Edited"),
        lambda record: record["name"] == "Globex Edited",
        id="openint",
    ),
    pytest.param(
        "salesos", "GET", "/salesos/v1/custom-objects", SO, "records:cm5asset00000000000000001",
        "cm5record0000000000000a01",
        lambda body: body["data"].update(asset_name="Edited laptop"),
        lambda record: record["data"]["asset_name"] == "Edited laptop",
        id="salesos",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("vendor", "method", "path", "headers", "collection", "record_id", "change", "changed"), EDITS)
def test_edit_a_record_through_the_vendor_api(
    page: Any,
    crm: MockCRM,
    vendor: str,
    method: str,
    path: str,
    headers: dict[str, str],
    collection: str,
    record_id: str,
    change: Callable[[Any], None],
    changed: Callable[[dict[str, Any]], bool],
) -> None:
    assert call(crm, method, path, headers).status_code == 200  # the tenant the console's credential names
    label = tenant_of(crm, vendor)
    open_console(page, crm)
    open_collection(page, vendor, label, collection)
    page.click(f"[data-testid=record-row][data-id='{record_id}']")
    page.click("#record-edit")
    body = json.loads(page.input_value("#edit-body"))
    change(body)
    page.fill("#edit-body", json.dumps(body))
    page.click("#edit-send")
    result = page.locator("[data-testid=edit-result]")
    expect(result).to_have_attribute("data-status", "200")
    expect(result).to_have_attribute("data-tenant", label)
    expect(result.locator("[data-testid=edit-tenant]")).to_contain_text("(the tenant shown)")
    record = next(r for r in records(crm, vendor, label, collection) if r["id"] == record_id)
    assert changed(record)
    shown = page.locator("[data-testid=record-json]")
    expect(shown).to_contain_text(json.dumps(record, indent=2).splitlines()[1].strip().rstrip(","))
    assert changed(json.loads(shown.inner_text()))
    # the change went through the vendor's API, as the journal shows
    assert crm.requests(vendor=vendor, tenant=label)[-1]["request"]["method"] in {"PUT", "PATCH"}
    crm.assert_no_violations()


def test_an_edit_with_another_credential_shows_the_tenant_it_reached(page: Any, crm: MockCRM) -> None:
    call(crm, "GET", BUDDY_PATH, HL)
    label = tenant_of(crm, "highlevel")
    open_console(page, crm)
    open_collection(page, "highlevel", label, "records")
    page.fill("#auth-headers", "Authorization: Bearer someone-else\nVersion: 2021-07-28")
    page.click(f"[data-testid=record-row][data-id='{BUDDY}']")
    page.click("#record-edit")
    page.fill("#edit-body", json.dumps({"properties": {"age": 11}}))
    page.click("#edit-send")
    result = page.locator("[data-testid=edit-result]")
    expect(result).to_have_attribute("data-status", "200")
    other = crm.requests(vendor="highlevel", method="PUT")[-1]["tenant"]
    assert other != label
    expect(result).to_have_attribute("data-tenant", other)
    expect(result.locator("[data-testid=edit-tenant]")).to_contain_text("not the tenant shown")
    expect(result.locator("[data-testid=edit-tenant]")).to_have_class("warning")
    assert next(r for r in records(crm, "highlevel", label, "records") if r["id"] == BUDDY)["properties"]["age"] == 4
    # the credential box is remembered per vendor
    page.reload()
    page.wait_for_selector("[data-testid=vendor-card-highlevel]")
    expect(page.locator("#auth-headers")).to_have_value("Authorization: Bearer someone-else\nVersion: 2021-07-28")


DELETES = [
    pytest.param("highlevel", BUDDY_PATH, HL, "records", BUDDY, id="highlevel"),
    pytest.param(
        "zendesk",
        "/zendesk/api/v2/custom_objects/car/records.json",
        ZD,
        "records:car",
        "01JGCAR0000000000000000002",
        id="zendesk",
    ),
    pytest.param("espocrm", "/espocrm/api/v1/Lead", ES, "Lead", "6560a3f2b4c1b0001", id="espocrm"),
    pytest.param(
        "openint",
        "/openint/v0/core/connection",
        OI,
        "connections",
        "conn_zoho-crm_01JNCN0000000000000000ZO01",
        id="openint-connection",
    ),
    pytest.param(
        "salesos",
        "/salesos/v1/custom-objects",
        SO,
        "records:cm5asset00000000000000001",
        "cm5record0000000000000a01",
        id="salesos",
    ),
]


@pytest.mark.parametrize(("vendor", "path", "headers", "collection", "record_id"), DELETES)
def test_delete_a_record_through_the_vendor_api(
    page: Any, crm: MockCRM, vendor: str, path: str, headers: dict[str, str], collection: str, record_id: str
) -> None:
    assert call(crm, "GET", path, headers).status_code == 200
    label = tenant_of(crm, vendor)
    open_console(page, crm)
    open_collection(page, vendor, label, collection)
    page.click(f"[data-testid=record-row][data-id='{record_id}']")
    page.click("#record-delete")
    assert any(r["id"] == record_id for r in records(crm, vendor, label, collection))  # asks first
    page.click("#record-delete-confirm")
    result = page.locator("[data-testid=edit-result]")
    expect(result).to_have_attribute("data-tenant", label)
    assert result.get_attribute("data-status") in {"200", "204"}
    assert not any(r["id"] == record_id for r in records(crm, vendor, label, collection))
    expect(page.locator(f"[data-testid=record-row][data-id='{record_id}']")).to_have_count(0)
    expect(page.locator("[data-testid=record-json]")).to_contain_text("no longer in this tenant")
    assert crm.requests(vendor=vendor, tenant=label)[-1]["request"]["method"] == "DELETE"


def test_what_a_vendor_cannot_change_is_said(page: Any, crm: MockCRM) -> None:
    call(crm, "GET", "/openint/v0/core/connection", OI)
    label = tenant_of(crm, "openint")
    open_console(page, crm)
    open_collection(page, "openint", label, f"crm:{SF}:accounts")
    page.click("[data-testid=record-row] >> nth=0")
    expect(page.locator("#record-edit")).to_be_enabled()
    expect(page.locator("#record-delete")).to_be_disabled()
    expect(page.locator("#record-note")).to_contain_text("has no delete")
    page.click(f'[data-testid="collection-crm:{SF}:users"]')
    page.click("[data-testid=record-row] >> nth=0")
    expect(page.locator("#record-edit")).to_be_disabled()
    expect(page.locator("#record-note")).to_contain_text("no update or delete")


# -- the journal ------------------------------------------------------------------------------


def test_journal_is_newest_first_and_updates_live(page: Any, crm: MockCRM) -> None:
    call(crm, "GET", BUDDY_PATH, HL)
    open_console(page, crm)
    page.click("#tab-button-journal")
    expect(journal_rows(page)).to_have_count(1)
    # made after the page loaded: it appears without a reload, on top
    call(crm, "GET", "/zendesk/api/v2/custom_objects/car/records.json", ZD)
    call(crm, "GET", "/espocrm/api/v1/Account", ES)
    newest = crm.requests()[-1]["id"]
    expect(journal_rows(page)).to_have_count(3, timeout=6000)
    ids = journal_rows(page).evaluate_all("rows => rows.map(r => Number(r.dataset.id))")
    assert ids == sorted(ids, reverse=True) and ids[0] == newest
    expect(journal_rows(page).first).to_contain_text("GET /espocrm/api/v1/Account")
    expect(journal_rows(page).first).to_contain_text("ListRecords")


def test_snapshots_are_fetched_again_only_when_something_changed(page: Any, crm: MockCRM) -> None:
    call(crm, "GET", BUDDY_PATH, HL)
    snapshots: list[str] = []
    page.on("request", lambda request: snapshots.append(request.url) if "/__mock__/state?" in request.url else None)
    open_console(page, crm)
    page.wait_for_selector("[data-testid=record-row]")
    page.wait_for_timeout(5000)  # two polls or more, nothing changes
    assert len(snapshots) == 1, snapshots
    call(
        crm,
        "POST",
        f"/highlevel/objects/{PET}/records",
        HL,
        json={"locationId": LOCATION, "properties": {"name": "Rex"}},
    )
    expect(page.locator("[data-testid=record-row]", has_text="Rex")).to_have_count(1, timeout=8000)
    assert len(snapshots) == 2, snapshots


def test_journal_emptied_elsewhere_and_refilled_shows_only_what_is_kept(page: Any, crm: MockCRM) -> None:
    call(crm, "GET", BUDDY_PATH, HL)
    call(crm, "GET", BUDDY_PATH, HL)
    open_console(page, crm)
    page.click("#tab-button-journal")
    expect(journal_rows(page)).to_have_count(2)
    # between two polls: cleared by another client, then more exchanges than before
    crm.clear_requests()
    for _ in range(3):
        call(crm, "GET", "/zendesk/api/v2/custom_objects/car/records.json", ZD)
    kept = sorted((entry["id"] for entry in crm.requests()), reverse=True)
    expect(journal_rows(page)).to_have_count(3, timeout=6000)
    assert journal_rows(page).evaluate_all("rows => rows.map(r => Number(r.dataset.id))") == kept


def test_journal_filters(page: Any, crm: MockCRM) -> None:
    call(crm, "GET", BUDDY_PATH, HL)
    call(crm, "GET", f"/highlevel/objects/{PET}/records/000000000000000000000000", HL)
    call(crm, "GET", "/zendesk/api/v2/custom_objects/car/records.json", ZD)
    call(crm, "GET", "/zendesk/api/v2/custom_objects/car/records/nope", ZD)
    call(crm, "GET", "/zendesk/api/v2/custom_objects/car/records.json", {"Authorization": "Bearer other"})
    hl_tenant = tenant_of(crm, "highlevel")
    open_console(page, crm)
    page.click("#tab-button-journal")
    rows = journal_rows(page)
    expect(rows).to_have_count(5)

    def shown(column: int) -> list[str]:
        texts: list[str] = rows.evaluate_all(f"rows => rows.map(r => r.cells[{column}].textContent)")
        return texts

    page.select_option("#jf-vendor", "zendesk")
    expect(rows).to_have_count(len(crm.requests(vendor="zendesk")))
    assert set(shown(2)) == {"zendesk"}
    page.select_option("#jf-vendor", "")
    page.fill("#jf-tenant", hl_tenant)
    expect(rows).to_have_count(2)
    assert set(shown(3)) == {hl_tenant}
    page.fill("#jf-tenant", "")
    page.fill("#jf-operation", "ShowCustomObjectRecord")
    expect(rows).to_have_count(len(crm.requests(operationId="ShowCustomObjectRecord")))
    assert set(shown(5)) == {"ShowCustomObjectRecord"}
    page.fill("#jf-operation", "")
    page.fill("#jf-status", "404")
    expect(rows).to_have_count(len(crm.requests(status=404)))
    assert set(shown(6)) == {"404"}
    page.fill("#jf-status", "4xx")
    four = [e for e in crm.requests() if 400 <= e["response"]["status"] < 500]
    expect(rows).to_have_count(len(four))
    page.fill("#jf-status", "")
    expect(rows).to_have_count(5)


def test_violations_are_highlighted_with_what_was_expected(page: Any, crm: MockCRM) -> None:
    call(crm, "GET", BUDDY_PATH, HL)
    body = {"locationId": LOCATION, "properties": {"age": "old"}}
    assert call(crm, "POST", f"/highlevel/objects/{PET}/records", HL, json=body).status_code == 422
    violation = crm.violations()[-1]["violations"][0]
    assert violation["expected"] == "number"
    open_console(page, crm)
    page.click("#tab-button-journal")
    expect(journal_rows(page)).to_have_count(2)
    flagged = page.locator("[data-testid=journal-row].violation")
    expect(flagged).to_have_count(1)
    expect(flagged.locator("[data-testid=violation-line]")).to_contain_text('/properties/age: type — expected "number"')
    expect(flagged.locator("[data-testid=violation-line]")).to_contain_text('received "old"')
    expect(page.locator("[data-testid=journal-row]:not(.violation)")).to_have_count(1)
    expect(page.locator("#journal-badge")).to_have_text("⚠ 1")
    page.check("#jf-violations")
    expect(journal_rows(page)).to_have_count(1)
    flagged.click()
    table = page.locator("[data-testid=violations-table]")
    expect(table.locator("td.expected")).to_have_text("number")
    expect(table).to_contain_text(violation["message"])
    expect(page.locator("#exchange-title")).to_contain_text("→ 422")


def test_exchange_detail_and_curl_command(page: Any, crm: MockCRM) -> None:
    body = {"locationId": LOCATION, "properties": {"name": "Rex"}}
    assert call(crm, "POST", f"/highlevel/objects/{PET}/records", HL, json=body).status_code == 201
    call(crm, "GET", "/zendesk/api/v2/custom_objects/car/records.json", ZD, params={"page[size]": "2"})
    entries = crm.requests()
    open_console(page, crm)
    page.click("#tab-button-journal")
    page.click(f"[data-testid=journal-row][data-id='{entries[0]['id']}']")
    detail = page.locator("[data-testid=exchange-detail]")
    expect(detail).to_be_visible()
    curl = page.locator("[data-testid=curl-command]").inner_text()
    assert curl.startswith(f"curl -X POST '{crm.url}/highlevel/objects/{PET}/records'")
    assert "-H 'Authorization: Bearer <token>'" in curl and "-H 'Version: 2021-07-28'" in curl
    assert f"--data-raw '{json.dumps(body, separators=(',', ':'))}'" in curl
    assert "pit-any-token" not in curl and "[redacted]" not in curl
    request_shown = json.loads(page.locator("#exchange-request").inner_text())
    assert request_shown["body"] == body and request_shown["method"] == "POST"
    response_shown = json.loads(page.locator("#exchange-response").inner_text())
    assert response_shown["status"] == 201 and response_shown["body"] == entries[0]["response"]["body"]
    page.click("#curl-copy")
    expect(page.locator("#curl-copied")).not_to_have_text("")
    # a GET with a query: the full URL, Basic auth as a placeholder, no body
    page.click(f"[data-testid=journal-row][data-id='{entries[1]['id']}']")
    curl = page.locator("[data-testid=curl-command]").inner_text()
    assert curl.startswith(f"curl -X GET '{crm.url}/zendesk/api/v2/custom_objects/car/records.json?page%5Bsize%5D=2'")
    assert "Authorization: Basic <base64 user:password>" in curl and "--data-raw" not in curl


# -- faults, rate limits, resets, snapshots ------------------------------------------------------


def test_add_a_fault_see_it_fire_and_clear_it(page: Any, crm: MockCRM) -> None:
    open_console(page, crm)
    page.click("#tab-button-faults")
    expect(page.locator("#faults-empty")).to_be_visible()
    page.select_option("#ff-vendor", "highlevel")
    page.fill("#ff-operation", "get-record-by-id")
    page.select_option("#ff-action", "status")
    page.fill("#ff-value", "502")
    page.fill("#ff-times", "")  # every matching request
    page.click("#ff-add")
    expect(page.locator("[data-testid=fault-row]")).to_have_count(1)
    rules = crm.faults()
    assert len(rules) == 1 and rules[0]["action"] == "status" and rules[0]["status"] == 502
    assert rules[0]["vendor"] == "highlevel" and rules[0]["operationId"] == "get-record-by-id"
    assert rules[0]["times"] is None
    expect(page.locator("[data-testid=fault-row]")).to_contain_text("status 502")
    assert call(crm, "GET", BUDDY_PATH, HL).status_code == 502
    assert call(crm, "GET", BUDDY_PATH, HL).status_code == 502
    expect(page.locator("[data-testid=fault-fired]")).to_have_text("2", timeout=6000)  # live
    # a second rule through the form, then the button that clears them all
    page.select_option("#ff-action", "server_error")
    page.fill("#ff-times", "1")
    page.click("#ff-add")
    expect(page.locator("[data-testid=fault-row]")).to_have_count(2)
    assert len(crm.faults()) == 2
    page.click("#faults-clear")
    expect(page.locator("[data-testid=fault-row]")).to_have_count(0)
    assert crm.faults() == []
    assert call(crm, "GET", BUDDY_PATH, HL).status_code == 200


def test_a_respond_fault_from_the_form_and_a_spent_rule(page: Any, crm: MockCRM) -> None:
    open_console(page, crm)
    page.click("#tab-button-faults")
    page.select_option("#ff-vendor", "highlevel")
    page.fill("#ff-operation", "get-record-by-id")
    page.select_option("#ff-action", "respond")
    page.fill("#ff-value", "503")
    page.fill("#ff-body", '{"message": "maintenance"}')
    page.fill("#ff-times", "1")
    page.click("#ff-add")
    expect(page.locator("[data-testid=fault-row]")).to_have_count(1)
    [rule] = crm.faults()
    assert (rule["action"], rule["respond"]) == ("respond", {"status": 503, "body": {"message": "maintenance"}})
    expect(page.locator("[data-testid=fault-action]")).to_have_text('respond 503 {"message":"maintenance"}')
    answer = call(crm, "GET", BUDDY_PATH, HL)
    assert (answer.status_code, answer.json()) == (503, {"message": "maintenance"})
    # Fired its one time: still listed, marked spent, until removed.
    expect(page.locator("[data-testid=fault-fired]")).to_have_text("1 (spent)", timeout=6000)
    expect(page.locator("[data-testid=fault-row]")).to_have_attribute("data-spent", "true")
    expect(page.locator("#faults-badge")).to_have_text("")


def test_a_journal_filter_the_server_cannot_take_is_named(page: Any, crm: MockCRM) -> None:
    open_console(page, crm)
    page.click("#tab-button-journal")
    page.fill("#jf-operation", "get-record-by")
    expect(page.locator("#journal-empty")).to_contain_text(
        "unknown operationId 'get-record-by'; valid: get-record-by-id"
    )
    page.fill("#jf-operation", "get-record-by-id")
    expect(page.locator("#journal-empty")).to_have_text("No requests yet.")


def test_remove_one_fault(page: Any, crm: MockCRM) -> None:
    crm.add_fault(error="rate_limited", vendor="zendesk", times=3)
    crm.add_fault(error="unavailable", vendor="salesos", times=3)
    open_console(page, crm)
    page.click("#tab-button-faults")
    expect(page.locator("[data-testid=fault-row]")).to_have_count(2)
    page.locator("[data-testid=fault-row]", has_text="zendesk").get_by_role("button", name="Remove").click()
    expect(page.locator("[data-testid=fault-row]")).to_have_count(1)
    assert [rule["vendor"] for rule in crm.faults()] == ["salesos"]


def rate_limits_of(crm: MockCRM) -> dict[str, bool]:
    answer = requests.get(crm.url + "/__mock__/rate-limits", timeout=10).json()
    return {vendor: value["enabled"] for vendor, value in answer.items()}


def test_rate_limits_toggle(page: Any, crm: MockCRM) -> None:
    open_console(page, crm)
    page.click("#tab-button-faults")
    page.check("#rl-highlevel")
    assert wait_until(lambda: rate_limits_of(crm)["highlevel"])
    assert not rate_limits_of(crm)["zendesk"]
    expect(page.locator("#rl-highlevel")).to_be_checked()
    page.uncheck("#rl-highlevel")
    assert wait_until(lambda: not rate_limits_of(crm)["highlevel"])
    crm.rate_limits(True, "zendesk")  # changed elsewhere: the page follows
    expect(page.locator("#rl-zendesk")).to_be_checked(timeout=6000)


def test_reset_tenant_vendor_and_all(page: Any, crm: MockCRM) -> None:
    other = {**HL, "Authorization": "Bearer other-token"}
    rex = {"locationId": LOCATION, "properties": {"name": "Rex"}}
    for headers in (HL, other):
        assert call(crm, "POST", f"/highlevel/objects/{PET}/records", headers, json=rex).status_code == 201
    first, second = (entry["tenant"] for entry in crm.requests(vendor="highlevel"))
    call(crm, "GET", "/zendesk/api/v2/custom_objects/car/records.json", ZD)

    def pets(tenant: str) -> list[str]:
        return [r["properties"].get("name") for r in records(crm, "highlevel", tenant, "records")]

    assert "Rex" in pets(first) and "Rex" in pets(second)
    open_console(page, crm)
    page.click("#tab-button-state")
    page.select_option("#reset-tenant-vendor", "highlevel")
    expect(page.locator(f"#reset-tenant-select option[value='{first}']")).to_have_count(1)
    page.select_option("#reset-tenant-select", first)
    page.click("#reset-tenant")
    expect(page.locator("[data-testid=state-result]")).to_contain_text(f"Tenant {first} of highlevel back to fixtures")
    assert "Rex" not in pets(first) and "Rex" in pets(second)

    page.select_option("#reset-vendor-select", "zendesk")
    page.click("#reset-vendor")
    expect(page.locator("[data-testid=state-result]")).to_contain_text("Vendor zendesk back to fixtures")
    health = crm.health()["vendors"]
    assert health["zendesk"]["tenants"] == 0 and "Rex" in pets(second)
    expect(page.locator("[data-testid=tenants-zendesk]")).to_have_text("0 tenants")

    page.click("#reset-all")
    expect(page.locator("[data-testid=state-result]")).to_contain_text("Everything back to fixtures")
    assert all(info["tenants"] == 0 for info in crm.health()["vendors"].values())
    expect(page.locator("[data-testid=tenants-highlevel]")).to_have_text("0 tenants")


def test_snapshot_download_and_restore(page: Any, crm: MockCRM, tmp_path: Path) -> None:
    rex = {"locationId": LOCATION, "properties": {"name": "Rex"}}
    created = call(crm, "POST", f"/highlevel/objects/{PET}/records", HL, json=rex).json()["record"]
    call(crm, "GET", "/salesos/v1/custom-objects", SO)
    label = tenant_of(crm, "highlevel")
    open_console(page, crm)
    page.click("#tab-button-state")
    with page.expect_download() as download:
        page.click("#snapshot-download")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("crm-mock-state-") and saved.suffix == ".json"
    assert json.loads(saved.read_text()) == crm.state()
    # delete the record through the vendor's API, then upload the snapshot
    assert call(crm, "DELETE", f"/highlevel/objects/{PET}/records/{created['id']}", HL).status_code == 200
    assert not any(r["id"] == created["id"] for r in records(crm, "highlevel", label, "records"))
    page.set_input_files("#snapshot-file", str(saved))
    page.click("#snapshot-restore")
    expect(page.locator("[data-testid=state-result]")).to_contain_text("Restored 2 tenants")
    assert any(r["id"] == created["id"] for r in records(crm, "highlevel", label, "records"))
    # and the Data tab shows it back
    page.click("#tab-button-data")
    open_collection(page, "highlevel", label, "records")
    expect(page.locator(f"[data-testid=record-row][data-id='{created['id']}']")).to_have_count(1)


def test_a_locked_control_plane_asks_for_the_token(browser: Any) -> None:
    with MockCRM(Settings(admin_token="s3cret")) as locked:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        try:
            page.goto(locked.url + "/__mock__/ui/")
            expect(page.locator("[data-testid=token-prompt]")).to_be_visible()
            expect(page.locator("[data-testid=live]")).to_have_text("locked")
            requests.get(
                locked.url + BUDDY_PATH, headers=HL, timeout=10
            )  # so the journal has something to show once unlocked
            page.fill("#admin-token", "s3cret")
            page.click("#admin-token-save")
            expect(page.locator("[data-testid=token-prompt]")).to_be_hidden()
            expect(page.locator("[data-testid=live]")).to_have_text("live")
            page.click("#tab-button-journal")
            expect(journal_rows(page)).to_have_count(1)
            assert page.evaluate("localStorage.getItem('crm-mock.adminToken')") == "s3cret"
        finally:
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "test_a_locked_control_plane_asks_for_the_token.png"))
            context.close()


def test_polling_pauses_while_the_tab_is_hidden(page: Any, crm: MockCRM) -> None:
    open_console(page, crm)
    page.click("#tab-button-journal")
    expect(page.locator("[data-testid=live]")).to_have_text("live")
    page.evaluate(
        "Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    expect(page.locator("[data-testid=live]")).to_have_text("paused")
    call(crm, "GET", BUDDY_PATH, HL)
    page.wait_for_timeout(2500)  # more than a poll's interval
    expect(journal_rows(page)).to_have_count(0)
    page.evaluate(
        "Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    expect(journal_rows(page)).to_have_count(1)  # at once, not at the next interval
    expect(page.locator("[data-testid=live]")).to_have_text("live")
