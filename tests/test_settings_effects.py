"""--seed and --fixtures change what the server does, not just what it reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from mock_server.app import create_app
from mock_server.config import Settings
from mock_server.runtime import bundled_fixtures_dir

HEADERS = {"Authorization": "Bearer settings-test", "Version": "2021-07-28"}
HOME = "ve9EPM428h8vShlRW1KT"


def create_business(settings: Settings) -> dict[str, object]:
    client = create_app(settings).test_client()
    answer = client.post(
        "/highlevel/objects/business/records",
        json={"locationId": HOME, "properties": {"name": "Acme"}},
        headers=HEADERS,
    )
    assert answer.status_code == 201
    body: dict[str, object] = answer.get_json()
    return body


def test_the_same_seed_gives_the_same_ids() -> None:
    first = create_business(Settings(seed=11))
    again = create_business(Settings(seed=11))
    other = create_business(Settings(seed=12))
    assert first["record"]["id"] == again["record"]["id"]  # type: ignore[index]
    assert first["traceId"] == again["traceId"]
    assert first["record"]["id"] != other["record"]["id"]  # type: ignore[index]


def test_without_a_seed_ids_differ_between_servers() -> None:
    assert create_business(Settings())["record"]["id"] != create_business(Settings())["record"]["id"]  # type: ignore[index]


def test_a_fixtures_folder_replaces_the_built_in_seed_data(tmp_path: Path) -> None:
    shutil.copytree(bundled_fixtures_dir() / "highlevel", tmp_path / "highlevel")
    locations = yaml.safe_load((tmp_path / "highlevel" / "locations.yaml").read_text())
    locations[0]["objects"][0]["records"] = locations[0]["objects"][0]["records"][:1]
    locations[0]["id"] = "myOwnLocation000001"
    (tmp_path / "highlevel" / "locations.yaml").write_text(yaml.safe_dump(locations))
    # Businesses are records of their location's business object: they move with it.
    businesses = tmp_path / "highlevel" / "businesses.yaml"
    businesses.write_text(businesses.read_text().replace("ve9EPM428h8vShlRW1KT", "myOwnLocation000001"))

    client = create_app(Settings(fixtures=tmp_path)).test_client()
    search = client.post(
        "/highlevel/objects/custom_objects.pet/records/search",
        json={"locationId": "myOwnLocation000001", "pageLimit": 10},
        headers=HEADERS,
    )
    assert search.status_code == 200
    assert [record["properties"]["name"] for record in search.get_json()["records"]] == ["Buddy"]
    health = client.get("/__mock__/health").get_json()
    default_health = create_app(Settings()).test_client().get("/__mock__/health").get_json()
    assert health["vendors"]["highlevel"]["fixtureRecords"] < default_health["vendors"]["highlevel"]["fixtureRecords"]
