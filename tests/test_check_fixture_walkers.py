"""The fixture check on EspoCRM and OpenInt fixtures, and Zendesk's unique record names:
each vendor's default fixtures, copied and broken in one way per record, give exactly
the `file:line:col: message` lines expected; `serve --fixtures` refuses them (exit 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from tests.test_check_fixtures import ROOT, cli

ESPOCRM_TYPES = (
    "address, array, arrayInt, attachmentMultiple, autoincrement, barcode, base, bool, checklist, colorpicker, "
    "currency, currencyConverted, date, datetime, datetimeOptional, decimal, duration, email, enum, enumFloat, "
    "enumInt, file, float, foreign, image, int, jsonArray, jsonObject, link, linkMultiple, linkOne, linkParent, "
    "map, multiEnum, number, password, personName, phone, rangeCurrency, rangeFloat, rangeInt, text, url, "
    "urlMultiple, varchar, wysiwyg"
)
STAMP = "2025-01-01T00:00:00.000Z"  # what fixture records are made at
OPENINT_TYPES = "boolean, date, datetime, multipicklist, number, other, picklist, text, textarea, url"

# A custom object in a HubSpot connection's CRM data (crm/hubspot.yaml), as a user declares one.
PROJECTS = """\
custom_objects:
  - id: "20000001"
    name: project
    labels: { singular: Project, plural: Projects }
    primary_field_id: title
    fields:
      - { id: title, label: Title, type: text, is_required: true }
      - { id: budget, label: Budget, type: number }
      - id: phase
        label: Phase
        type: picklist
        options: [{ label: Plan, value: plan }, { label: Build, value: build }]
      - { id: active, label: Active, type: boolean, default_value: true }
    records:
      - { id: prj1, title: Launch, budget: 1000, phase: plan }
      - { id: prj2, title: Build-out, budget: 25000 }
      - { id: prj3, title: Tidy up, phase: build }
"""


def copy_of(vendor: str, root: Path) -> Path:
    shutil.copytree(ROOT / "fixtures" / vendor, root / vendor)
    return root / vendor


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def at(path: Path, line_text: str, part: str | None = None, nth: int | None = None) -> str:
    """`file:line:col` of the one line holding `line_text` (or of the `nth` such line), at
    `part` of it (else where the line's node starts)."""
    lines = path.read_text().splitlines()
    numbers = [number for number, line in enumerate(lines, 1) if line_text in line]
    assert len(numbers) == 1 or nth is not None, (line_text, numbers)
    number = numbers[nth or 0]
    line = lines[number - 1]
    column = line.index(part) if part is not None else len(line) - len(line.lstrip(" -"))
    return f"{path}:{number}:{column + 1}"


def assert_refused(root: Path, vendor: str, lines: list[str]) -> None:
    """check: exactly these lines, exit 1; serve: the same lines, exit 2, no traceback."""
    checked = cli("check", "--vendor", vendor, "--fixtures", str(root))
    assert checked.returncode == 1, checked.stderr
    assert checked.stderr.splitlines() == [*lines, f"check failed: {len(lines)} problem(s)"]
    # A server that starts anyway is killed by the timeout, failing the test.
    served = cli("serve", "--port", "0", "--vendor", vendor, "--fixtures", str(root))
    assert served.returncode == 2, served.stderr
    assert served.stderr.splitlines() == [
        *lines,
        f"crm-mock: not started: {len(lines)} problem(s) in the fixtures of {root}",
    ]
    assert "Traceback" not in served.stderr + served.stdout


# -- EspoCRM -------------------------------------------------------------------------------


@pytest.fixture
def broken_espocrm(tmp_path: Path) -> Path:
    folder = copy_of("espocrm", tmp_path)
    records = folder / "records.yaml"
    edit(records, "    type: Partner\n", "    type: Supplier\n")  # Globex: an unknown option
    edit(records, "    lastName: Doe\n", "")  # Jane: a required field missing
    edit(records, "    amount: 12000\n", "    amount: lots\n")  # the renewal: a wrong type
    team = "  - { id: 6560a3f2b4c1e0001, name: Sales }\n"
    edit(records, team, team + "  - { id: 6560a3f2b4c1e0001, name: Support }\n")  # an id twice
    edit(folder / "entities" / "CMyEntity.yaml", "    type: text\n", "    type: richtext\n")
    edit(folder / "users.yaml", "  emailAddress: sam@example.com\n", "  emailAddress: sam-at-example\n")
    return tmp_path


def test_espocrm_fixture_records_are_checked_against_their_entity(broken_espocrm: Path) -> None:
    folder = broken_espocrm / "espocrm"
    records, custom, users = folder / "records.yaml", folder / "entities" / "CMyEntity.yaml", folder / "users.yaml"
    assert_refused(
        broken_espocrm,
        "espocrm",
        [
            f"{at(records, 'type: Supplier', 'Supplier')}: Account record: type: fails the 'valid' check "
            "(validationFailure)",
            f"{at(custom, 'type: richtext', 'richtext')}: CMyEntity: unknown field type 'richtext' "
            f"(the types are {ESPOCRM_TYPES})",
            f"{at(records, 'id: 6560a3f2b4c1c0002')}: Contact record: lastName: fails the 'required' check "
            "(validationFailure)",
            f"{at(records, 'amount: lots', 'lots')}: Opportunity record: amount: fails the 'valid' check "
            "(validationFailure)",
            f"{at(records, 'name: Support', '6560a3f2b4c1e0001')}: Team: record id '6560a3f2b4c1e0001' is given twice",
            f"{at(users, 'sam-at-example', 'sam-at-example')}: User record: emailAddress: fails the 'emailAddress' "
            "check (validationFailure)",
        ],
    )


# -- OpenInt -------------------------------------------------------------------------------


def with_projects(root: Path) -> Path:
    hubspot = copy_of("openint", root) / "crm" / "hubspot.yaml"
    hubspot.write_text(hubspot.read_text() + PROJECTS)
    return hubspot


def test_openint_custom_object_records_are_checked_against_their_fields(tmp_path: Path) -> None:
    hubspot = with_projects(tmp_path)
    edit(hubspot, "budget: 25000", "budget: lots")  # a wrong type
    edit(hubspot, "{ id: prj3, title: Tidy up, phase: build }", "{ id: prj3, phase: build }")  # no title
    edit(hubspot, "title: Launch, budget: 1000, phase: plan", "title: Launch, budget: 1000, phase: ship")
    edit(hubspot, "type: boolean,", "type: checkbox,")  # an unknown field type
    hubspot.write_text(hubspot.read_text() + "      - { id: prj2, title: Again }\n")  # an id twice
    assert_refused(
        tmp_path,
        "openint",
        [
            f"{at(hubspot, 'type: checkbox', 'checkbox')}: hubspot project: unknown field type 'checkbox' "
            f"(the types are {OPENINT_TYPES})",
            f"{at(hubspot, 'phase: ship', 'ship')}: hubspot project record: Phase must be one of ['build', 'plan']",
            f"{at(hubspot, 'budget: lots', 'lots')}: hubspot project record: Budget must be a number",
            f"{at(hubspot, 'id: prj3', '{')}: hubspot project record: Title is required",
            f"{at(hubspot, 'title: Again', 'prj2')}: hubspot project: record id 'prj2' is given twice",
        ],
    )


def test_openint_serves_the_custom_objects_its_fixtures_declare(tmp_path: Path) -> None:
    with_projects(tmp_path)
    client = create_app(Settings(fixtures=tmp_path, vendor=("openint",))).test_client()
    headers = {
        "x-apikey": "b3JnX2ZpeHR1cmVvYmplY3RzOnNrX3Rlc3Q=",
        "x-connection-id": "conn_hubspot_01JNCN0000000000000000HB01",
    }
    listed = client.get("/openint/v0/unified/crm/metadata/objects?type=custom", headers=headers)
    assert (listed.status_code, listed.get_json()) == (200, [{"id": "20000001", "name": "project"}])
    records = client.get("/openint/v0/unified/crm/custom_objects/project", headers=headers)
    assert records.status_code == 200, records.get_data(as_text=True)
    assert [
        {key: record.get(key) for key in ("id", "title", "budget", "phase", "active", "created_at")}
        for record in records.get_json()["items"]
    ] == [
        {"id": "prj1", "title": "Launch", "budget": 1000, "phase": "plan", "active": True, "created_at": STAMP},
        {"id": "prj2", "title": "Build-out", "budget": 25000, "phase": None, "active": True, "created_at": STAMP},
        {"id": "prj3", "title": "Tidy up", "budget": None, "phase": "build", "active": True, "created_at": STAMP},
    ]


# -- Zendesk: record names unique when the object says so, external ids always ---------------


def test_zendesk_unique_names_and_external_ids_are_checked(tmp_path: Path) -> None:
    objects = copy_of("zendesk", tmp_path) / "objects.yaml"
    # Drivers' names are unique (is_unique), told apart as Zendesk does: trimmed, in any case.
    edit(objects, "      name: Grace Hopper\n", "      name: ' ada LOVELACE'\n")
    edit(objects, "      external_id: CAR-2\n", "      external_id: CAR-1\n")
    assert_refused(
        tmp_path,
        "zendesk",
        [
            f"{at(objects, 'ada LOVELACE', chr(39))}: driver: name ' ada LOVELACE' is unique, and an earlier record "
            "has it",
            f"{at(objects, 'external_id: CAR-1', 'CAR-1', nth=1)}: car: external_id 'CAR-1' is unique, and an "
            "earlier record has it",
        ],
    )
