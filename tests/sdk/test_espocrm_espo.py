"""EspoCRM through `espo` (PyPI), a small Python client modelled on EspoCRM's own
documented one: X-Api-Key auth, the site URL plus a prefix, PHP-style query strings
for where items, and errors read from X-Status-Reason."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mock_server.config import Settings
from mock_server.testing import MockCRM

espo = pytest.importorskip("espo", reason="espo is part of the test extra")
from espo.exceptions import EspoError  # noqa: E402

ACME = "6560a3f2b4c1a0001"


@pytest.fixture(scope="module")
def mock() -> Iterator[MockCRM]:
    with MockCRM(Settings(seed=13)) as running:
        yield running


@pytest.fixture
def client(mock: MockCRM) -> espo.Espo:
    mock.reset()
    return espo.Espo(mock.url, "espo-client-key", prefix="/espocrm/api/v1/")


def test_crud_list_where_and_links(client: espo.Espo, mock: MockCRM) -> None:
    GET, POST, PUT, DELETE = (espo.EspoMethods[name] for name in ("GET", "POST", "PUT", "DELETE"))
    contact = client.request(POST, "Contact", {"firstName": "Ada", "lastName": "Byron", "accountId": ACME})
    assert (contact["name"], contact["accountName"]) == ("Ada Byron", "Acme Corporation")

    updated = client.request(PUT, f"Contact/{contact['id']}", {"title": "Countess"})
    assert updated["title"] == "Countess" and updated["lastName"] == "Byron"

    found = client.request(
        GET,
        "Contact",
        {
            "where": [{"type": "equals", "attribute": "lastName", "value": "Byron"}],
            "select": "name,title",
            "maxSize": 10,
        },
    )
    assert found["total"] == 1 and found["list"][0]["title"] == "Countess"

    by_list = client.request(
        GET,
        "Account",
        {"where": [{"type": "in", "attribute": "type", "value": ["Customer", "Partner"]}], "orderBy": "name"},
    )
    assert [record["name"] for record in by_list["list"]] == ["Acme Corporation", "Globex"]

    assert client.request(POST, f"Account/{ACME}/contacts", {"id": contact["id"]}) is True
    assert contact["id"] in {record["id"] for record in client.request(GET, f"Account/{ACME}/contacts")["list"]}
    assert client.request(DELETE, f"Contact/{contact['id']}") is True

    with pytest.raises(EspoError) as missing:
        client.request(GET, f"Contact/{contact['id']}")
    assert (missing.value.code, missing.value.reason) == (404, f"Record {contact['id']} does not exist.")
    with pytest.raises(EspoError) as invalid:
        client.request(POST, "Account", {"website": "no name"})
    assert invalid.value.reason == "Field validation failure; entityType: Account, field: name, type: required."
    mock.assert_no_violations()
