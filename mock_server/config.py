"""One settings object, from command-line flags and CRM_MOCK_* environment variables."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

__all__ = ["ENV_PREFIX", "LOG_FORMATS", "LOG_LEVELS", "OPTION_ALIASES", "SERVERS", "Settings"]

ENV_PREFIX = "CRM_MOCK_"
LOG_LEVELS = ("debug", "info", "warning", "error")
LOG_FORMATS = ("text", "json")
SERVERS = ("granian", "threaded")
# Settings that are another name for a vendor option (their flags came first): field -> vendor.option.
OPTION_ALIASES = {"espocrm_version": "espocrm.version"}


def _parse_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"expected true or false, got {value!r}")


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    vendor: tuple[str, ...] = ()  # empty: every vendor, each under its mount
    fixtures: Path | None = None  # a folder of <vendor>/ fixture folders that replace the built-in ones
    seed: int | None = None
    strict_auth: bool = False
    strict: bool = False  # check every response against the spec; a mismatch answers 500
    log_level: str = "info"  # "info" logs one line per vendor request
    log_format: str = "text"  # or "json": one object per line, for log collectors
    max_body_bytes: int = 1_048_576
    # PUT /__mock__/state takes snapshots up to this size (what GET /__mock__/state gives
    # can be far over max_body_bytes); past it the control plane's 413.
    max_state_bytes: int = 64 * 2**20
    # One request thread measured fastest (the GIL serialises Python anyway); more
    # let slow requests (injected delays) overlap.
    threads: int = 1
    # Seconds a client has to send a request body once its headers are in; past it the
    # answer is 408 and the connection is closed (the granian server; see rsgi_bridge.py).
    body_timeout: float = 10.0
    # granian is fast; "threaded" (the standard library's server) can also drop
    # connections unanswered, for "drop" faults.
    server: str = "granian"
    state_file: Path | None = None  # loaded at start; written on clean shutdown and on request
    rate_limits: bool = False  # answer like the vendor once its documented quota is used up
    # Live tenants per vendor (each new credential seeds one, 15-35 KB); past it a new
    # credential gets the vendor's 503.  A tenant reset through the control plane no longer counts.
    max_tenants: int = 1_000
    journal_size: int = 10_000  # exchanges kept; 0 keeps none
    journal_body_limit: int = 65_536  # bytes of each body kept in the journal
    # Memory the journal may hold (bodies, headers and a fixed cost per entry); the
    # oldest entries go first.  0 keeps none.
    journal_bytes: int = 64 * 2**20
    # Host header names accepted besides loopback ones and the bound address (see
    # control/guards.py); bound to a non-loopback address, any Host unless this is set.
    allowed_hosts: tuple[str, ...] = ()
    # An alias of the vendor option "espocrm.version=<this>" (--espocrm-version, its
    # first name); the option's declaration (vendors/espocrm/actions.py) checks it.
    espocrm_version: str = ""
    # Vendor options for behaviour the vendor's evidence leaves open, "vendor.name=value"
    # (e.g. "salesos.error_shape=filter"); each vendor declares its own (Vendor.options),
    # which check them at start.
    vendor_options: tuple[str, ...] = ()
    # When set, the control plane (all but /__mock__/health) needs X-Admin-Token.
    admin_token: str | None = None
    # Skip openapi-spec-validator on the bundled specs (`crm-mock check` and the tests
    # run it); `crm-mock serve` sets it, as validating was half of the start.
    specs_checked: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from CRM_MOCK_* variables, then `overrides` (flags) on top."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for item in fields(cls):
            raw = environ.get(ENV_PREFIX + item.name.upper())
            if raw is not None and raw != "":
                values[item.name] = cls._convert(item.name, raw)
        values.update({key: value for key, value in overrides.items() if value is not None})
        settings = cls(**values)
        settings.check()
        return settings

    @staticmethod
    def _convert(name: str, raw: str) -> Any:
        try:
            if name in (
                "port",
                "max_body_bytes",
                "max_state_bytes",
                "threads",
                "journal_size",
                "journal_body_limit",
                "journal_bytes",
                "max_tenants",
            ):
                return int(raw)
            if name == "seed":
                return int(raw)
            if name == "body_timeout":
                return float(raw)
            if name in ("strict_auth", "strict", "specs_checked", "rate_limits"):
                return _parse_bool(raw)
            if name in ("vendor", "vendor_options", "allowed_hosts"):
                return tuple(part.strip() for part in raw.split(",") if part.strip())
            if name in ("fixtures", "state_file"):
                return Path(raw)
        except ValueError as exc:
            raise ValueError(f"{ENV_PREFIX}{name.upper()}: {exc}") from exc
        return raw

    def check(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port must be 0-65535, got {self.port}")
        if self.log_level not in LOG_LEVELS:
            raise ValueError(f"log level must be one of {', '.join(LOG_LEVELS)}, got {self.log_level!r}")
        if self.log_format not in LOG_FORMATS:
            raise ValueError(f"log format must be one of {', '.join(LOG_FORMATS)}, got {self.log_format!r}")
        if self.max_body_bytes < 1:
            raise ValueError("max body size must be positive")
        if self.max_state_bytes < 1:
            raise ValueError("max state size must be positive")
        for option in self.vendor_options:
            if not re.fullmatch(r"[a-z]+\.[a-z_]+=[^,]*", option):
                raise ValueError(f"vendor options look like salesos.error_shape=filter, got {option!r}")
        self._check_aliases()
        if self.server not in SERVERS:
            raise ValueError(f"server must be one of {', '.join(SERVERS)}, got {self.server!r}")
        if self.threads < 1:
            raise ValueError("threads must be at least 1")
        if self.max_tenants < 1:
            raise ValueError(f"max tenants must be at least 1, got {self.max_tenants}")
        if not 0 < self.body_timeout <= 3600:
            raise ValueError(f"body timeout must be above 0 and at most 3600 seconds, got {self.body_timeout}")
        if self.journal_size < 0 or self.journal_body_limit < 0 or self.journal_bytes < 0:
            raise ValueError("journal sizes cannot be negative")

    def to_env(self) -> dict[str, str]:
        """The CRM_MOCK_* variables that reproduce these settings in another process."""
        env: dict[str, str] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is None:
                continue
            if isinstance(value, tuple):
                value = ",".join(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            env[ENV_PREFIX + item.name.upper()] = str(value)
        return env

    def _check_aliases(self) -> None:
        """An alias and the option it names, both given, must agree."""
        explicit = self._explicit_options()
        for setting, option in OPTION_ALIASES.items():
            vendor, _, name = option.partition(".")
            aliased, named = getattr(self, setting), explicit.get(vendor, {}).get(name)
            if aliased and named is not None and named != aliased:
                flag = setting.replace("_", "-")
                raise ValueError(f"--{flag} {aliased} and --vendor-option {option}={named} disagree (one is an alias)")

    def _explicit_options(self) -> dict[str, dict[str, str]]:
        chosen: dict[str, dict[str, str]] = {}
        for option in self.vendor_options:
            name, _, value = option.partition("=")
            vendor, _, key = name.partition(".")
            chosen.setdefault(vendor, {})[key] = value
        return chosen

    def given_options(self) -> dict[str, dict[str, str]]:
        """The vendor options as given, aliases included, by vendor: {"salesos": {"error_shape": "filter"}}."""
        chosen = self._explicit_options()
        for setting, option in OPTION_ALIASES.items():
            vendor, _, name = option.partition(".")
            if getattr(self, setting):
                chosen.setdefault(vendor, {}).setdefault(name, getattr(self, setting))
        return chosen

    def options_for(self, vendor: str) -> dict[str, str]:
        """This vendor's options as given, {"error_shape": "filter"}."""
        return self.given_options().get(vendor, {})

    def body_limit(self, path: str) -> int:
        """The most body a request to `path` may send: a state snapshot has a limit of its own."""
        if path.startswith("/__mock__/state"):
            return max(self.max_body_bytes, self.max_state_bytes)
        return self.max_body_bytes

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)
