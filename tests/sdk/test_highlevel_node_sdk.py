"""HighLevel's official Node SDK (npm @gohighlevel/api-client), pointed at the mock
the way README says, drives every objects, records, associations, relations and
custom-fields method (tests/sdk/node/exercise.js), and every method of its contacts,
location custom fields, opportunities, users, businesses and OAuth services that the
mock serves (tests/sdk/node/neighbours.js)."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest

from mock_server.testing import MockCRM
from tests.sdk.highlevel_spec import NEIGHBOUR_SOURCES, operations_from

NODE_DIR = Path(__file__).resolve().parent / "node"


@pytest.fixture(scope="module")
def node_sdk() -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed for the Node SDK check")
    if not (NODE_DIR / "node_modules" / "@gohighlevel" / "api-client").is_dir():
        installed = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent"],
            cwd=NODE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if installed.returncode != 0:
            pytest.skip(f"npm could not install the SDK: {installed.stderr.strip()[:300]}")
    return NODE_DIR


def test_the_official_node_sdk_works_against_the_mock(node_sdk: Path, live_url: str) -> None:
    run = subprocess.run(
        ["node", "exercise.js", live_url], cwd=node_sdk, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    kite = seen["kite"]
    assert seen["objectKeys"] == ["contact", "opportunity", "business", "custom_objects.pet"]
    assert seen["kiteFields"] == [f"{kite}.name"]
    assert seen["gotName"] == "Skylark"
    assert seen["search"] == [1, "Skylark II"]
    assert seen["associationListed"] is True
    assert seen["relations"] is True
    assert seen["fieldKeys"] == [f"{kite}.name", f"{kite}.span_m"]
    assert seen["deleted"]["success"] is True
    assert seen["missing"] == {
        "status": 400,
        "body": {"message": "Record not found", "error": "Bad Request", "statusCode": 400},
    }


# Served operations the Node SDK (3.1.0) has no method for, and why.
NOT_IN_THE_NODE_SDK = {
    "get-location-access-token-v3": "its oauth service posts to the 2021-07-28 /oauth/locationToken only",
    "get-installed-location-v3": "its oauth service reads the 2021-07-28 /oauth/installedLocations only",
}
# Every answer neighbours.js meets: (operationId, status).  The errors are its deliberate
# ones (a duplicate contact, a deleted opportunity, a reused refresh token, the agency-only
# filter on a sub-account token).
NEIGHBOUR_ANSWERS = {
    ("create-location-custom-field", 201),
    ("update-location-custom-field", 200),
    ("get-custom-field", 200),
    ("get-custom-fields", 200),
    ("delete-location-custom-field", 200),
    ("create-contact", 201),
    ("create-contact", 400),
    ("get-contact", 200),
    ("update-contact", 200),
    ("upsert-contact", 200),
    ("add-tags", 201),
    ("remove-tags", 200),
    ("search-contacts-advanced", 200),
    ("get-contacts", 200),
    ("delete-contact", 200),
    ("get-pipelines", 200),
    ("create-opportunity", 201),
    ("get-opportunity", 200),
    ("get-opportunity", 400),
    ("update-opportunity", 200),
    ("update-opportunity-status", 200),
    ("Upsert-opportunity", 200),
    ("add-followers-opportunity", 201),
    ("remove-followers-opportunity", 200),
    ("search-opportunity", 200),
    ("search-opportunities-advanced", 200),
    ("get-lost-reason", 200),
    ("delete-opportunity", 200),
    ("get-user", 200),
    ("get-user-by-location", 200),
    ("search-users", 200),
    ("create-user", 201),
    ("update-user", 200),
    ("delete-user", 200),
    ("filter-users-by-email", 401),
    ("create-business", 201),
    ("get-business", 200),
    ("update-business", 200),
    ("get-businesses-by-location", 200),
    ("delete-Business", 200),
    ("get-access-token", 200),
    ("get-access-token", 400),
    ("get-location-access-token", 200),
    ("get-installed-location", 200),
}


def run_neighbours(node_dir: Path, url: str, token: str) -> dict[str, Any]:
    run = subprocess.run(
        ["node", "neighbours.js", url, token], cwd=node_dir, capture_output=True, text=True, timeout=180, check=False
    )
    assert run.returncode == 0, run.stderr
    seen: dict[str, Any] = json.loads(run.stdout)
    return seen


def test_the_node_sdk_drives_every_neighbour_operation_the_mock_serves(node_sdk: Path, live_url: str) -> None:
    crm = MockCRM(url=live_url)
    newest = crm.requests(limit=1)
    since = newest[-1]["id"] if newest else 0
    seen = run_neighbours(node_sdk, live_url, f"pit-node-{uuid.uuid4()}")
    exchanges = crm.requests(vendor="highlevel", since=since)

    reached = {entry["operationId"] for entry in exchanges}
    assert reached == operations_from(NEIGHBOUR_SOURCES) - set(NOT_IN_THE_NODE_SDK)
    assert {(entry["operationId"], entry["response"]["status"]) for entry in exchanges} == NEIGHBOUR_ANSWERS
    crm.assert_no_violations(vendor="highlevel", since=since)

    assert seen["contacts"] == {
        "fieldKey": "contact.litter_size",
        "fieldListed": True,
        "customValue": 3,
        "upsert": [False, True, "Client"],
        "tags": ["node", "vip"],
        "tagsLeft": ["node"],
        "searched": True,
        "listed": True,
        "contactDeleted": {"succeded": True},
        "fieldDeleted": {"succeded": True},
        "duplicate": {
            "status": 400,
            "body": {
                "statusCode": 400,
                "message": "This location does not allow duplicated contacts.",
                "meta": {"contactName": "Jane Cooper", "contactId": "C01ownerJane8vShlRW1", "matchingField": "email"},
            },
        },
    }
    opportunities = seen["opportunities"]
    missing = opportunities.pop("missingOpportunity")
    assert missing["status"] == 400
    assert missing["body"]["message"].startswith("Opportunity not found for id:")
    assert {key: value for key, value in missing["body"].items() if key != "message"} == {
        "error": "Bad Request",
        "statusCode": 400,
    }
    assert opportunities == {
        "pipelines": [["P01clinicPipe8vShlRW", 4]],
        "got": "Kitten plan",
        "updated": ["3e9c6f4b-5d7a-4b12-8e4d-8fa02b5c7d94", 420],
        "status": {"succeded": True},
        "upserted": [False, "Kitten plan II", "won"],
        "followersAdded": ["U01clinicVet8vShlRW1"],
        "followersLeft": ["U02clinicNur8vShlRW1"],
        "byContact": True,
        "advanced": [5, 2],
        "lostReasons": True,
        "opportunityDeleted": {"succeded": True},
    }
    assert seen["users"] == {
        "ana": "Ana Smith",
        "atLocation": ["U01clinicVet8vShlRW1", "U02clinicNur8vShlRW1", "U03clinicRec8vShlRW1"],
        "search": [["Ben Lee"], 1],
        "created": "Eli Moss",
        "updated": "Eli Stone",
        "userDeleted": True,
        "byEmail": {
            "status": 401,
            "body": {"statusCode": 401, "message": "The token is not authorized for this scope."},
        },
    }
    assert seen["businesses"] == {
        "got": "Node Kennels",
        "updated": "Salem",
        "listed": True,
        "businessDeleted": {"success": True},
    }
    assert seen["oauth"] == {
        "granted": ["Location", "ve9EPM428h8vShlRW1KT", "Bearer", 86399],
        "rotated": True,
        "reused": {"status": 400, "body": {"statusCode": 400, "message": "Invalid grant: refresh token is invalid"}},
        "withToken": "C04leadTomas8vShlRW1",
        "agency": "Company",
        "locationToken": ["ve9EPM428h8vShlRW1KT", True, False],
        "installed": [["ve9EPM428h8vShlRW1KT"], 1],
    }
