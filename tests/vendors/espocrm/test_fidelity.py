"""EspoCRM answers corrected from its source (issue 17): the names of failed field checks,
and what its router answers for a path or method it has no route for."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mock_server.app import create_app
from mock_server.config import Settings
from tests.support import MockClient, header
from tests.vendors.espocrm.expect import ACME, ACME_RENEWAL, refused, validation_failure

SKIP_DUPLICATES = {"X-Skip-Duplicate-Check": "true"}


# -- field validation names ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "body", "field", "kind"),
    [
        ("Account", {"name": "A", "emailAddress": "not-an-email"}, "emailAddress", "emailAddress"),
        ("Account", {"name": "A", "emailAddressData": ["a@b.example"]}, "emailAddress", "emailAddress"),
        (
            "Account",
            {"name": "A", "emailAddressData": [{"emailAddress": f"a{i}@b.example"} for i in range(11)]},
            "emailAddress",
            "maxCount",
        ),
        ("Account", {"name": "A", "phoneNumber": "+1 " + "5" * 40}, "phoneNumber", "maxLength"),
        ("Account", {"name": "A", "website": "not a url"}, "website", "valid"),
        (
            "Opportunity",
            {"name": "D", "amount": 5, "amountCurrency": "EUR", "closeDate": "2027-01-01"},
            "amount",
            "validCurrency",
        ),
        (
            "Opportunity",
            {"name": "D", "amount": 5, "amountCurrency": "usd", "closeDate": "2027-01-01"},
            "amount",
            "validCurrency",
        ),
        (  # a code that is a list or an object is no allowed code (it used to crash: 500)
            "Opportunity",
            {"name": "D", "amount": 5, "amountCurrency": ["USD"], "closeDate": "2027-01-01"},
            "amount",
            "validCurrency",
        ),
        (
            "Opportunity",
            {"name": "D", "amount": 5, "amountCurrency": {"code": "USD"}, "closeDate": "2027-01-01"},
            "amount",
            "validCurrency",
        ),
        ("Team", {"name": "T", "positionList": "Boss"}, "positionList", "array"),
        ("Team", {"name": "T", "positionList": ["Boss", 7]}, "positionList", "arrayOfString"),
        ("Task", {"name": "T", "assignedUserId": "not an id!"}, "assignedUser", "pattern"),
    ],
)
def test_each_failed_check_has_its_metadata_name(
    espo: MockClient, entity: str, body: dict[str, Any], field: str, kind: str
) -> None:
    """Names from EspoCRM 10.0.0 application/Espo/Resources/metadata/fields/*.json
    (validationList, mandatoryValidationList) and the checks in
    application/Espo/Classes/FieldValidators/{Email,Phone,Url,Currency,Array,Link}Type.php;
    FieldValidationManager::processField runs them in list order, first failure wins."""
    validation_failure(espo.post(f"/{entity}", json=body, headers=SKIP_DUPLICATES), entity, field, kind)


def test_an_update_names_the_same_checks(espo: MockClient) -> None:
    """An update validates the fields it sends with the same names
    (FieldValidationManager::processInternal; fields/email.json, fields/currency.json)."""
    email = espo.patch(f"/Account/{ACME}", json={"emailAddress": "nobody"})
    validation_failure(email, "Account", "emailAddress", "emailAddress")
    currency = espo.patch(f"/Opportunity/{ACME_RENEWAL}", json={"amountCurrency": "XYZ"})
    validation_failure(currency, "Opportunity", "amount", "validCurrency")


def test_text_and_numbers_are_stored_as_the_orm_casts_them(espo: MockClient) -> None:
    """A varchar has no `valid` check (fields/varchar.json): the ORM stores strval of a
    number (ORM/BaseEntity::prepareAttributeValue); an int takes any is_numeric value
    (IntType::rawCheckValid) and stores intval of it."""
    account = espo.post("/Account", json={"name": 12345}, headers=SKIP_DUPLICATES)
    assert (account.status, account.json()["name"]) == (200, "12345")
    deal = espo.post(
        "/Opportunity", json={"name": "D", "amount": 5, "closeDate": "2027-01-01", "probability": "50.5"}
    ).json()
    assert deal["probability"] == 50


def test_any_currency_code_with_the_option() -> None:
    """The allowed codes are config currencyList (Resources/defaults/config.php: ['USD']);
    espocrm.currencies=any takes any three capital letters."""
    client = create_app(Settings(vendor=("espocrm",), vendor_options=("espocrm.currencies=any",))).test_client()
    body = {"name": "D", "amount": 5, "amountCurrency": "EUR", "closeDate": "2027-01-01"}
    answer = client.post("/espocrm/api/v1/Opportunity", json=body, headers={"X-Api-Key": "any-currency"})
    assert (answer.status_code, answer.json["amountCurrency"]) == (200, "EUR")  # type: ignore[index]


# -- the router's own answers ----------------------------------------------------------------

NOT_FOUND_HTML = (
    '<!doctype html><html lang="en">    <head>        <meta charset="utf-8">'
    '        <meta name="viewport" content="width=device-width, initial-scale=1">'
    "        <title>404 Not Found</title>        <style>"
    "            body{margin:0;padding:30px;font:12px/1.5 Helvetica,Arial,Verdana,sans-serif}"
    "            h1{margin:0;font-size:48px;font-weight:normal;line-height:48px}"
    "            strong{display:inline-block;width:65px}"
    "        </style>    </head>    <body>        <h1>404 Not Found</h1>"
    "        <div><p>The requested resource could not be found. Please verify the URI and try again.</p></div>"
    '        <a href="#" onclick="window.history.go(-1)">Go Back</a>    </body></html>'
)


@pytest.mark.parametrize(
    ("accept", "content_type", "body"),
    [
        ("application/json", "application/json", json.dumps({"message": "404 Not Found"}, indent=4)),
        ("application/vnd.api+json", "application/json", json.dumps({"message": "404 Not Found"}, indent=4)),
        (
            "application/xml",
            "application/xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            "<error>\n  <message><![CDATA[404 Not Found]]></message>\n</error>",
        ),
        ("text/plain", "text/plain", "404 Not Found\n"),
        ("text/plain,application/json", "application/json", json.dumps({"message": "404 Not Found"}, indent=4)),
        ("*/*", "text/html", NOT_FOUND_HTML),
        ("application/json;q=0.9", "text/html", NOT_FOUND_HTML),
    ],
)
def test_a_path_no_route_matches_is_slims_404(espo: MockClient, accept: str, content_type: str, body: str) -> None:
    """EspoCRM 10 (Core/Api/Starter.php) runs Slim 4 with its default error middleware,
    details off: HttpNotFoundException rendered by the type ErrorHandler::determineContentType
    picks from Accept (split on commas, untrimmed; +json/+xml suffixes; else HTML)
    (slimphp/Slim Slim/Handlers/ErrorHandler.php, Slim/Error/Renderers/*.php)."""
    answer = espo.get(f"/Account/{ACME}/teams/more", headers={"Accept": accept})
    assert (answer.status, header(answer, "Content-Type"), answer.text) == (404, content_type, body)
    assert header(answer, "X-Status-Reason") is None


def test_a_known_path_with_another_method_is_slims_405(espo: MockClient) -> None:
    """Slim's HttpMethodNotAllowedException: 405, `Allow` the route's methods joined by
    ", " in FastRoute's order (Slim/Routing/FastRouteDispatcher::getAllowedMethods over
    EspoCRM's routes.json: GET, POST, DELETE, ..., PUT, PATCH for variable routes)."""
    answer = espo.put("/Account", headers={"Accept": "application/json"})
    assert (answer.status, header(answer, "Allow"), answer.json()) == (
        405,
        "GET, POST",
        {"message": "405 Method Not Allowed"},
    )
    record = espo.post(f"/Account/{ACME}", headers={"Accept": "text/plain"})
    assert (record.status, header(record, "Allow"), record.text) == (
        405,
        "GET, DELETE, PUT, PATCH",
        "405 Method Not Allowed\n",
    )
    static = espo.put("/MassAction", headers={"Accept": "text/plain"})
    assert (static.status, header(static, "Allow")) == (405, "POST, GET")


def test_an_unknown_entity_type_is_still_the_controllers_404(espo: MockClient) -> None:
    """/{controller} matches any name, so EspoCRM answers from its controller lookup
    (Api/ControllerActionProcessor.php), not from Slim."""
    refused(
        espo.get("/NoSuchThing", headers={"Accept": "application/json"}),
        404,
        "Controller 'NoSuchThing' does not exist.",
    )
