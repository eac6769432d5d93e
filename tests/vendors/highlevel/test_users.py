"""Users (HighLevel's users document): get, list by location, search, create, update,
delete, the agency-only filter, and the owner/follower check behind
`--vendor-option highlevel.check_user_ids=on`."""

from __future__ import annotations

import uuid
from typing import Any

from flask.testing import FlaskClient

from mock_server.app import create_app
from mock_server.config import Settings
from tests.support import HL_LOCATION, HL_VERSION, MockClient
from tests.vendors.highlevel.expect import FIELD_ID, bad_request, matches, unprocessable

COMPANY = "cmpClinicAgency8vShl"
ANA, BEN, CARA = "U01clinicVet8vShlRW1", "U02clinicNur8vShlRW1", "U03clinicRec8vShlRW1"
PET = "custom_objects.pet"
BUDDY = "679b8f9bde6a0c356a0311b3"


def seeded_user(user_id: str, first: str, last: str, role: str) -> dict[str, Any]:
    return {
        "id": user_id,
        "name": f"{first} {last}",
        "firstName": first,
        "lastName": last,
        "email": f"{first.lower()}.{last.lower()}@clinic.example.com",
        "phone": {"Ana": "+14155550101", "Ben": "+14155550102", "Cara": "+14155550103"}[first],
        "extension": "",
        "permissions": {},
        "roles": {"type": "account", "role": role, "locationIds": [HL_LOCATION], "restrictSubAccount": False},
        "deleted": False,
    }


SEEDED = [
    seeded_user(ANA, "Ana", "Smith", "admin"),
    seeded_user(BEN, "Ben", "Lee", "user"),
    seeded_user(CARA, "Cara", "Diaz", "user"),
]


def new_user_body(**overrides: Any) -> dict[str, Any]:
    return {
        "companyId": COMPANY,
        "firstName": "Dana",
        "lastName": "Kim",
        "email": f"dana.{uuid.uuid4().hex[:8]}@clinic.example.com",
        "password": "s3cret-Passw0rd",
        "type": "account",
        "role": "user",
        "locationIds": [HL_LOCATION],
        **overrides,
    }


# -- reading ------------------------------------------------------------------


def test_the_clinic_has_three_users(hl: MockClient) -> None:
    answer = hl.get("/users/", params={"locationId": HL_LOCATION})
    assert answer.status == 200, answer.text
    assert answer.json() == {"users": SEEDED}


def test_a_user_by_id(hl: MockClient) -> None:
    answer = hl.get(f"/users/{BEN}")
    assert answer.status == 200
    assert answer.json() == SEEDED[1]


def test_a_missing_user_is_a_400(hl: MockClient) -> None:
    answer = hl.get("/users/nobodyHere8vShlRW1KT")
    assert (answer.status, answer.json()) == (400, bad_request("User not found for id: nobodyHere8vShlRW1KT"))


def test_another_location_lists_no_users(hl: MockClient) -> None:
    answer = hl.get("/users/", params={"locationId": "otherLocation0000001"})
    assert (answer.status, answer.json()) == (200, {"users": []})


def test_search_filters_sorts_and_pages(hl: MockClient) -> None:
    def search(**query: Any) -> dict[str, Any]:
        answer = hl.get("/users/search", params={"companyId": COMPANY, **query})
        assert answer.status == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    assert search() == {"users": SEEDED, "count": 3}
    assert search(query="LEE") == {"users": [SEEDED[1]], "count": 1}
    assert search(role="admin")["users"] == [SEEDED[0]]
    assert search(ids=f"{CARA},{ANA}")["users"] == [SEEDED[0], SEEDED[2]]
    assert search(sort="firstName", sortDirection="desc")["users"] == [SEEDED[2], SEEDED[1], SEEDED[0]]
    assert search(skip=1, limit=1) == {"users": [SEEDED[1]], "count": 3}
    assert search(locationId=HL_LOCATION)["count"] == 3
    assert search(companyId="someOtherCompany0001") == {"users": [], "count": 0}


def test_search_needs_a_company(hl: MockClient) -> None:
    answer = hl.get("/users/search")
    assert answer.status == 422
    assert answer.json() == unprocessable("companyId should not be empty", "companyId must be a string")


def test_filter_by_email_is_for_agency_tokens_only(hl: MockClient) -> None:
    """The document gives it Agency-Access only: a sub-account token gets the IAM's 401
    (the body captured for a token without the scope, vendor docs issue 217)."""
    answer = hl.post("/users/search/filter-by-email", json={"companyId": COMPANY, "emails": "ana@x.com"})
    assert (answer.status, answer.json()) == (
        401,
        {"statusCode": 401, "message": "The token is not authorized for this scope."},
    )


# -- writing ------------------------------------------------------------------


def test_create_update_and_delete_a_user(hl: MockClient) -> None:
    body = new_user_body(phone="+14155550104", permissions={"contactsEnabled": True})
    answer = hl.post("/users/", json=body)
    assert answer.status == 201, answer.text
    created = answer.json()
    assert matches(FIELD_ID, created["id"])
    assert created == {
        "id": created["id"],
        "name": "Dana Kim",
        "firstName": "Dana",
        "lastName": "Kim",
        "email": body["email"],
        "phone": "+14155550104",
        "extension": "",
        "permissions": {"contactsEnabled": True},
        "roles": {"type": "account", "role": "user", "locationIds": [HL_LOCATION], "restrictSubAccount": False},
        "deleted": False,
    }
    assert "password" not in created
    assert hl.get(f"/users/{created['id']}").json() == created
    listed = hl.get("/users/", params={"locationId": HL_LOCATION}).json()["users"]
    assert [user["id"] for user in listed] == [ANA, BEN, CARA, created["id"]]

    changed = hl.put(f"/users/{created['id']}", json={"lastName": "Park", "role": "admin", "email": "new@x.com"})
    assert changed.status == 200, changed.text
    assert changed.json() == {
        **created,
        "name": "Dana Park",
        "lastName": "Park",
        "roles": {**created["roles"], "role": "admin"},
    }

    gone = hl.delete(f"/users/{created['id']}")
    assert (gone.status, gone.json()) == (
        200,
        {
            "succeded": True,
            "message": f"Queued deleting user with e-mail {body['email']} and name Dana Park. "
            "Will take effect in a few minutes.",
        },
    )
    assert hl.get(f"/users/{created['id']}").status == 400


def test_create_needs_the_documented_fields(hl: MockClient) -> None:
    answer = hl.post("/users/", json={"companyId": COMPANY, "firstName": "Dana"})
    assert answer.status == 422
    assert answer.json() == unprocessable(
        *[
            f"{name} {problem}"
            for name in ("lastName", "email", "password", "type", "role")
            for problem in (
                "should not be empty",
                "must be a string",
            )
        ],
        "locationIds should not be empty",
        "locationIds must be an array",
    )


def test_one_user_per_email_in_a_company(hl: MockClient) -> None:
    answer = hl.post("/users/", json=new_user_body(email="ana.smith@clinic.example.com"))
    assert (answer.status, answer.json()) == (400, bad_request("User already exists with this email"))


# -- owners and followers -----------------------------------------------------


def _record(client: FlaskClient, token: str, **people: Any) -> tuple[int, Any]:
    answer = client.post(
        f"/highlevel/objects/{PET}/records",
        headers={"Authorization": f"Bearer {token}", "Version": HL_VERSION},
        json={"locationId": HL_LOCATION, "properties": {"name": "Rex"}, **people},
    )
    return answer.status_code, answer.get_json()


def test_any_owner_id_is_taken_by_default(hl: MockClient) -> None:
    """No capture shows HighLevel refusing an unknown owner or follower (Ledger)."""
    answer = hl.post(
        f"/objects/{PET}/records",
        json={"locationId": HL_LOCATION, "properties": {"name": "Rex"}, "owner": ["nobodyHere8vShlRW1KT"]},
    )
    assert answer.status == 201, answer.text
    assert answer.json()["record"]["owners"] == ["nobodyHere8vShlRW1KT"]


def test_the_switch_refuses_owners_and_followers_that_are_no_users() -> None:
    client = create_app(Settings(strict=True, vendor_options=("highlevel.check_user_ids=on",))).test_client()
    token = f"pit-{uuid.uuid4()}"
    status, body = _record(client, token, owner=[ANA], followers=[BEN, CARA])
    assert status == 201, body
    assert _record(client, token, owner=["nobodyHere8vShlRW1KT"]) == (
        400,
        bad_request("User not found for id: nobodyHere8vShlRW1KT"),
    )
    assert _record(client, token, owners=[ANA], followers=[BEN, "ghostFollower8vShlRW"]) == (
        400,
        bad_request("User not found for id: ghostFollower8vShlRW"),
    )
    update = client.put(
        f"/highlevel/objects/{PET}/records/{BUDDY}",
        query_string={"locationId": HL_LOCATION},
        headers={"Authorization": f"Bearer {token}", "Version": HL_VERSION},
        json={"followers": ["ghostFollower8vShlRW"]},
    )
    assert (update.status_code, update.get_json()) == (400, bad_request("User not found for id: ghostFollower8vShlRW"))
