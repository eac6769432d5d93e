"""Vendor options (issue 19): each vendor declares its options once (`Vendor.options`), and
the CLI, CRM_MOCK_VENDOR_OPTIONS, the start-up check, GET /__mock__/options, --help and the
start-up summary all read that declaration; `--espocrm-version` is an alias of
`--vendor-option espocrm.version`."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from mock_server.app import create_app
from mock_server.cli import main
from mock_server.config import Settings
from mock_server.core.vendor import shown
from mock_server.runtime import Runtime
from mock_server.summary import startup_summary
from mock_server.vendors import VENDOR_NAMES, load_vendor
from tests.support import MockClient

ESPOCRM_OPTIONS = (
    'its options are espocrm.version: "", or matching \\d+(\\.\\d+)* (default ""); '
    "espocrm.currencies: USD, any (default USD)"
)


def _declared() -> list[tuple[str, str]]:
    return [(name, option.name) for name in VENDOR_NAMES for option in load_vendor(name).options]


@pytest.mark.parametrize(("vendor", "name"), _declared())
def test_every_declared_option_has_a_default_among_its_values_and_evidence(vendor: str, name: str) -> None:
    option = next(option for option in load_vendor(vendor).options if option.name == name)
    assert re.fullmatch(r"[a-z_]+", option.name)  # what --vendor-option's syntax check takes
    assert option.accepts(option.default)
    assert option.evidence.strip() and option.description.strip()
    assert option.choices or option.pattern


def test_the_vendors_declare_the_options_they_read() -> None:
    assert _declared() == [
        ("highlevel", "pit_location_error"),
        ("highlevel", "check_user_ids"),
        ("highlevel", "duplicate_contacts"),
        ("highlevel", "contact_custom_fields"),
        ("espocrm", "version"),
        ("espocrm", "currencies"),
        ("salesos", "error_shape"),
        ("salesos", "list_envelope"),
        ("salesos", "id_format"),
        ("salesos", "delete_status"),
        ("salesos", "field_name_key"),
        ("salesos", "ratelimit_headers"),
    ]


# -- refused at start ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (("espocrm.colour=red",), f"espocrm has no option 'colour'; {ESPOCRM_OPTIONS}"),
        (("espocrm.version=six",), "espocrm.version must be one of \"\", or matching \\d+(\\.\\d+)*, got 'six'"),
        (("espocrm.currencies=EUR",), "espocrm.currencies must be one of USD, any, got 'EUR'"),
        (("zendesk.sideload=on",), "zendesk has no option 'sideload'; it has none"),
        (
            ("sales.error_shape=filter",),
            "vendor option sales.error_shape: no vendor 'sales'; choose from "
            "highlevel, zendesk, espocrm, openint, salesos",
        ),
    ],
)
def test_an_unknown_option_or_value_is_one_line_at_start(
    given: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ValueError) as refused:
        create_app(Settings(vendor=("espocrm",), vendor_options=given))
    assert str(refused.value) == message  # an option of a vendor not served is checked too
    arguments = [part for option in given for part in ("--vendor-option", option)]
    with pytest.raises(SystemExit) as exited:
        main(["serve", *arguments])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"crm-mock: error: {message}"


def test_the_alias_is_checked_by_the_same_declaration(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--espocrm-version", "6.x"])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "crm-mock: error: espocrm.version must be one of \"\", or matching \\d+(\\.\\d+)*, got '6.x'"
    )
    disagree = r"^--espocrm-version 6 and --vendor-option espocrm.version=10 disagree \(one is an alias\)$"
    with pytest.raises(ValueError, match=disagree):
        Settings.from_env({"CRM_MOCK_ESPOCRM_VERSION": "6", "CRM_MOCK_VENDOR_OPTIONS": "espocrm.version=10"})


# -- the alias and the option behave alike ----------------------------------------------------

ESPOCRM_6 = [
    Settings(vendor=("espocrm",), espocrm_version="6"),
    Settings(vendor=("espocrm",), vendor_options=("espocrm.version=6",)),
    Settings.from_env({"CRM_MOCK_VENDOR": "espocrm", "CRM_MOCK_ESPOCRM_VERSION": "6"}),
    Settings.from_env({"CRM_MOCK_VENDOR": "espocrm", "CRM_MOCK_VENDOR_OPTIONS": "espocrm.version=6"}),
    Settings(vendor=("espocrm",), espocrm_version="6", vendor_options=("espocrm.version=6",)),  # agreeing: fine
]


@pytest.mark.parametrize("settings", ESPOCRM_6, ids=["flag", "option", "env-flag", "env-option", "both"])
def test_espocrm_6_by_its_alias_or_by_the_option_has_no_mass_action_controller(settings: Settings) -> None:
    """The request of test_links_and_actions.test_espocrm_6_has_no_mass_action_controller."""
    client = create_app(settings).test_client()
    answer = client.post("/espocrm/api/v1/MassAction", json={}, headers={"X-Api-Key": "version-6-option"})
    assert (answer.status_code, answer.headers["X-Status-Reason"], answer.data) == (
        404,
        "Controller 'MassAction' does not exist.",
        b"",
    )
    listed = client.get("/__mock__/options").get_json()["vendors"]["espocrm"]["version"]
    assert (listed["value"], listed["default"]) == ("6", "")


def test_the_summary_names_the_option_under_its_declared_name() -> None:
    for settings in (ESPOCRM_6[0], ESPOCRM_6[1]):
        summary = startup_summary(settings, Runtime(settings.with_(specs_checked=True))).splitlines()
        assert summary[-1].split(None, 1) == ["options", "espocrm.version=6"]


# -- the control plane ----------------------------------------------------------------------


def _options(client: FlaskClient) -> dict[str, dict[str, dict[str, object]]]:
    answer = client.get("/__mock__/options")
    assert answer.status_code == 200
    vendors: dict[str, dict[str, dict[str, object]]] = answer.get_json()["vendors"]
    return vendors


def test_the_control_plane_lists_each_option_with_its_default(control: MockClient) -> None:
    answer = control.get("/options")
    assert answer.status == 200
    vendors = answer.json()["vendors"]
    assert vendors["zendesk"] == {} and vendors["openint"] == {}
    assert vendors["highlevel"]["pit_location_error"] == {
        "value": "401",
        "default": "401",
        "choices": ["401", "403"],
        "pattern": None,
        "description": load_vendor("highlevel").options[0].description,
        "evidence": load_vendor("highlevel").options[0].evidence,
    }
    assert vendors["espocrm"]["version"]["value"] == ""
    assert vendors["espocrm"]["version"]["pattern"] == r"\d+(\.\d+)*"
    assert {name: option["value"] for name, option in vendors["salesos"].items()} == {
        "error_shape": "nest",
        "list_envelope": "paged",
        "id_format": "cuid",
        "delete_status": "200",
        "field_name_key": "both",
        "ratelimit_headers": "plain",
    }


def test_the_control_plane_lists_the_values_chosen() -> None:
    chosen = ("salesos.error_shape=filter", "highlevel.pit_location_error=403", "espocrm.currencies=any")
    vendors = _options(create_app(Settings(vendor_options=chosen)).test_client())
    assert vendors["salesos"]["error_shape"]["value"] == "filter"
    assert vendors["salesos"]["id_format"]["value"] == "cuid"  # not chosen: its default
    assert (vendors["highlevel"]["pit_location_error"]["value"], vendors["espocrm"]["currencies"]["value"]) == (
        "403",
        "any",
    )


def test_only_the_vendors_served_are_listed() -> None:
    client = create_app(Settings(vendor=("salesos",), vendor_options=("espocrm.version=9.3",))).test_client()
    assert list(_options(client)) == ["salesos"]


# -- --help -----------------------------------------------------------------------------------


def test_serve_help_lists_every_vendor_option_with_values_and_default(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert "vendor options (--vendor-option VENDOR.NAME=VALUE" in text
    for name in VENDOR_NAMES:
        vendor = load_vendor(name)
        for option in vendor.options:
            assert f"  {name}.{option.name}: {option.values_text()} (default {shown(option.default)})" in text
        if not vendor.options:
            assert f"  {name}: none" in text
    assert "  highlevel.pit_location_error: 401, 403 (default 401)" in text
    assert '  espocrm.version: "", or matching \\d+(\\.\\d+)* (default "")' in text
