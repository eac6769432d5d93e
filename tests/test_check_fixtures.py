"""`crm-mock check --fixtures DIR` checks every fixture record against its object's field
definitions with the vendor's own record check, naming file and line; `serve --fixtures
DIR` refuses to start with the same lines, and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SALESOS = """\
- id: cm5vendor0000000000000001
  name: Vendor
  pluralName: Vendors
  apiName: vendor
  primaryField: vendor_name
  fields:
    - { id: f1, apiName: vendor_name, label: Vendor name, fieldType: TEXT, isRequired: true, isUnique: true }
    - { id: f2, apiName: size, label: Size, fieldType: HUGE }
    - { id: f3, apiName: units, label: Units, fieldType: NUMBER }
  records:
    - { id: r1, data: { vendor_name: Dell } }
    - { id: r2, data: { vendor_name: Dell, units: many } }
    - { id: r1, data: { units: 2 } }
"""

ZENDESK = """\
- key: car
  title: Car
  title_pluralized: Cars
  fields:
    - { key: seats, title: Seats, type: integer }
    - { key: colour, title: Colour, type: dropdown, custom_field_options: [{ name: Red, value: red }] }
  records:
    - id: 01JGCAR0000000000000000001
      name: One
      custom_object_fields: { seats: two, colour: green, wheels: 4 }
"""


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    for vendor, text in (("salesos", SALESOS), ("zendesk", ZENDESK)):
        (tmp_path / vendor).mkdir()
        (tmp_path / vendor / "objects.yaml").write_text(text)
    return tmp_path


def expected(root: Path) -> list[str]:
    zendesk, salesos = root / "zendesk" / "objects.yaml", root / "salesos" / "objects.yaml"
    types = "CHECKBOX, CURRENCY, DATE, DATETIME, EMAIL, LOOKUP, MULTI_PICKLIST, NUMBER, PHONE, PICKLIST, "
    types += "TEXT, TEXTAREA, URL"
    return [
        f"{zendesk}:10:38: car record: Seats: must be a whole number",
        f"{zendesk}:10:51: car record: Colour: is not one of the options",
        f"{zendesk}:10:66: car record: wheels: is not a field of this object",
        f"{salesos}:8:56: vendor: unknown field type 'HUGE' (the types are {types})",
        f"{salesos}:12:51: vendor record: units must be a number conforming to the specified constraints",
        f"{salesos}:13:23: vendor record: vendor_name should not be empty",
        f"{salesos}:13:13: vendor: record id 'r1' is given twice",
        f"{salesos}:12:38: vendor: vendor_name 'Dell' is unique, and an earlier record has it",
    ]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock_server.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CRM_MOCK_CACHE_DIR": ""},
        check=False,
    )


def test_check_names_file_and_line_of_every_record_problem(broken: Path) -> None:
    result = cli("check", "--vendor", "zendesk,salesos", "--fixtures", str(broken))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [*expected(broken), "check failed: 8 problem(s)"]


def test_serve_refuses_such_fixtures_with_the_same_lines(broken: Path) -> None:
    result = cli("serve", "--port", "0", "--vendor", "zendesk,salesos", "--fixtures", str(broken))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        *expected(broken),
        f"crm-mock: not started: 8 problem(s) in the fixtures of {broken}",
    ]
    assert "Traceback" not in result.stderr + result.stdout


def test_the_bundled_fixtures_pass() -> None:
    from mock_server.check import _record_problems
    from mock_server.runtime import bundled_fixtures_dir
    from mock_server.vendors import VENDOR_NAMES, load_vendor

    for name in VENDOR_NAMES:
        assert list(_record_problems(load_vendor(name), bundled_fixtures_dir() / name)) == [], name


def test_highlevel_records_and_field_types_are_checked(tmp_path: Path) -> None:
    bundled = (ROOT / "fixtures" / "highlevel" / "locations.yaml").read_text()
    folder = tmp_path / "highlevel"
    folder.mkdir()
    locations = folder / "locations.yaml"
    locations.write_text(
        bundled.replace("            name: Buddy\n", "            name: Buddy\n            wings: 2\n", 1).replace(
            "dataType: LARGE_TEXT", "dataType: HUGE_TEXT"
        )
    )
    result = cli("check", "--vendor", "highlevel", "--fixtures", str(tmp_path))
    types = "CHECKBOX, DATE, EMAIL, FILE_UPLOAD, LARGE_TEXT, MONETORY, MULTIPLE_OPTIONS, NUMERICAL, PHONE, RADIO, "
    types += "SINGLE_OPTIONS, TEXT, TEXTBOX_LIST"
    lines = bundled.splitlines()
    wings = lines.index("            name: Buddy") + 2
    notes = next(number for number, line in enumerate(lines, 1) if "dataType: LARGE_TEXT" in line)
    column = lines[notes - 1].index("dataType: LARGE_TEXT") + len("dataType: ") + 1
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{locations}:{notes}:{column}: custom_objects.pet: unknown field type 'HUGE_TEXT' (the types are {types})",
        f"{locations}:{wings}:20: custom_objects.pet record: property properties.wings should not exist",
        "check failed: 2 problem(s)",
    ]
