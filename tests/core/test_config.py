"""Settings come from CRM_MOCK_* variables, with flags on top."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_server.config import Settings


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert (settings.host, settings.port, settings.vendor, settings.seed) == ("127.0.0.1", 8080, (), None)
    assert not settings.strict_auth


def test_environment_variables() -> None:
    settings = Settings.from_env(
        {
            "CRM_MOCK_HOST": "0.0.0.0",
            "CRM_MOCK_PORT": "9001",
            "CRM_MOCK_VENDOR": "highlevel, zendesk",
            "CRM_MOCK_FIXTURES": "/data/fx",
            "CRM_MOCK_SEED": "42",
            "CRM_MOCK_STRICT_AUTH": "true",
            "CRM_MOCK_LOG_LEVEL": "debug",
        }
    )
    assert settings.host == "0.0.0.0"
    assert settings.port == 9001
    assert settings.vendor == ("highlevel", "zendesk")
    assert settings.fixtures == Path("/data/fx")
    assert settings.seed == 42
    assert settings.strict_auth
    assert settings.log_level == "debug"


def test_flags_win_over_environment() -> None:
    settings = Settings.from_env({"CRM_MOCK_PORT": "9001"}, port=9002)
    assert settings.port == 9002


def test_round_trip_through_environment() -> None:
    original = Settings(port=1234, vendor=("highlevel",), seed=3, strict=True, fixtures=Path("/x"))
    assert Settings.from_env(original.to_env()) == original


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CRM_MOCK_PORT": "eighty"}, "CRM_MOCK_PORT"),
        ({"CRM_MOCK_PORT": "70000"}, "port must be"),
        ({"CRM_MOCK_STRICT_AUTH": "maybe"}, "CRM_MOCK_STRICT_AUTH"),
        ({"CRM_MOCK_LOG_LEVEL": "loud"}, "log level"),
    ],
)
def test_bad_values_explain_themselves(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings.from_env(env)
