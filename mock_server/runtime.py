"""Everything one server instance holds: settings, clock, state and the loaded vendors."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .config import Settings
from .core.clock import Clock, TenantClocks
from .core.faults import Faults
from .core.fixtures import load_fixtures
from .core.ids import IdFactory
from .core.journal import Journal
from .core.pipeline import Pipeline, PipelineSettings
from .core.ratelimit import QuotaCounter
from .core.spec import Spec, load_spec
from .core.store import Store, TenantState, label_or_credential
from .core.vendor import Vendor
from .state_file import check_folder, previous_of, read_snapshot, write_atomically
from .vendors import VENDOR_NAMES, load_vendor

__all__ = [
    "LoadedVendor",
    "Runtime",
    "StateFileError",
    "bundled_fixtures_dir",
    "bundled_specs_dir",
    "check_vendor_options",
]


class StateFileError(ValueError):
    """The --state-file cannot be loaded; the server does not start."""


_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _data_dir(name: str) -> Path:
    """specs/ or fixtures/ of a source checkout, else the copy installed in the package."""
    in_checkout = _SOURCE_ROOT / name
    if in_checkout.is_dir() and (_SOURCE_ROOT / "pyproject.toml").is_file():
        return in_checkout
    return Path(str(resources.files(f"mock_server.{name}")))


def bundled_specs_dir() -> Path:
    return _data_dir("specs")


def bundled_fixtures_dir() -> Path:
    return _data_dir("fixtures")


@dataclass(frozen=True)
class LoadedVendor:
    vendor: Vendor
    spec: Spec
    fixtures: dict[str, Any]
    pipeline: Pipeline
    mounts: tuple[str, ...]  # URL prefixes it answers under ("" is the root)
    fixture_records: int
    options: Mapping[str, str]  # every declared vendor option, with the value in effect

    @property
    def name(self) -> str:
        return self.vendor.name


def check_vendor_options(settings: Settings) -> None:
    """Every vendor option given (served vendor or not) names a declared option and a
    value it takes; else a ValueError of one line naming the vendor's options."""
    for name, chosen in settings.given_options().items():
        if name not in VENDOR_NAMES:
            given = ", ".join(f"{name}.{option}" for option in chosen)
            raise ValueError(f"vendor option {given}: no vendor {name!r}; choose from {', '.join(VENDOR_NAMES)}")
        load_vendor(name).options_in_effect(chosen)


class Runtime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.clock = Clock()  # the server's; a tenant may get its own (self.clocks)
        self.clocks = TenantClocks(self.clock)
        self.store = Store(self.clocks, settings.seed, settings.max_tenants)
        self.quotas = QuotaCounter(self.clocks)
        self.journal = Journal(settings.journal_size, settings.journal_body_limit, settings.journal_bytes)
        self.faults = Faults()
        # Only a server that lets the app abandon a request can honour "drop" faults.
        self.can_drop_connections = True
        check_vendor_options(settings)
        names = settings.vendor or VENDOR_NAMES
        self.vendors: dict[str, LoadedVendor] = {}
        for name in names:
            self.vendors[name] = self._load(load_vendor(name), single=len(names) == 1)
        if settings.state_file is not None:
            self.load_state(settings.state_file)
        self.ready = True

    def load_state(self, path: Path) -> int:
        """Tenants from a state file written by save_state; a missing file is a fresh start,
        a folder it could not be saved in stops the start (the state would be lost)."""
        unusable = check_folder(path)
        if unusable is not None:
            raise StateFileError(f"{path}: cannot use the state file: {unusable}")
        if not path.exists():
            return 0
        try:
            snapshot = read_snapshot(path)
            unknown = sorted(set(snapshot.get("vendors") or {}) - set(self.vendors))
            if unknown:
                raise ValueError(f"it holds vendors this server does not serve: {unknown}")
            return self.store.restore(snapshot)
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            previous = previous_of(path)
            fallback = f"; the state before its last save is in {previous}" if previous.is_file() else ""
            raise StateFileError(
                f"{path}: cannot load the state file ({exc}); it was left untouched{fallback}"
            ) from exc

    def save_state(self, path: Path) -> int:
        """Every tenant, written atomically; the file it replaces is kept (state_file.py)."""
        snapshot = self.store.snapshot()
        write_atomically(path, json.dumps(snapshot, separators=(",", ":")).encode())
        return sum(len(tenants) for tenants in snapshot["vendors"].values())

    def _load(self, vendor: Vendor, single: bool) -> LoadedVendor:
        spec = load_spec(bundled_specs_dir() / vendor.spec_file, vendor.name, check=not self.settings.specs_checked)
        fixture_root = bundled_fixtures_dir()
        if self.settings.fixtures is not None and (self.settings.fixtures / vendor.name).is_dir():
            fixture_root = self.settings.fixtures
        fixtures = load_fixtures(fixture_root / vendor.name)
        missing = sorted(set(spec.operations) - set(vendor.handlers))
        unknown = sorted(set(vendor.handlers) - set(spec.operations))
        if missing or unknown:
            raise RuntimeError(
                f"{vendor.name}: operations without handlers {missing}, handlers without operations {unknown}"
            )
        options = vendor.options_in_effect(self.settings.options_for(vendor.name))
        pipeline = Pipeline(
            vendor,
            spec,
            fixtures,
            self.store,
            self.clocks,
            self.quotas,
            PipelineSettings(
                max_body_bytes=self.settings.max_body_bytes,
                strict_auth=self.settings.strict_auth,
                strict_responses=self.settings.strict,
                rate_limits=self.settings.rate_limits,
                vendor_options=options,
            ),
            self.journal,
            self.faults,
        )
        # Seed a throwaway tenant once: proves the fixtures load and counts what a tenant starts with.
        probe = TenantState(vendor.name, "__probe__", IdFactory(self.clock, 0, "__probe__"))
        vendor.seed(probe, fixtures)
        mounts = ("", vendor.default_mount) if single else (vendor.default_mount,)
        return LoadedVendor(vendor, spec, fixtures, pipeline, mounts, probe.record_count(), options)

    def vendor_for_path(self, path: str) -> tuple[LoadedVendor, str] | None:
        """The vendor whose mount is the longest prefix of `path`, and that mount."""
        best: tuple[LoadedVendor, str] | None = None
        for loaded in self.vendors.values():
            for mount in loaded.mounts:
                if (path == mount or path.startswith(mount + "/")) and (best is None or len(mount) > len(best[1])):
                    best = (loaded, mount)
        return best

    def reset(self, vendor: str | None = None, tenant: str | None = None) -> int:
        """Back to fixtures; `tenant` is a credential or its label."""
        label = label_or_credential(tenant) if tenant is not None else None
        dropped = self.store.reset(vendor, label)
        self.quotas.reset(vendor, label)
        self.clocks.drop(vendor, label)
        return dropped

    def delete_tenant(self, vendor: str, label: str) -> bool:
        """The tenant gone for good: its state, declaration, quota windows, clock and the
        fault rules that match only it; False when the server knows no such tenant."""
        known = self.store.delete(vendor, label)
        self.quotas.reset(vendor, label)
        self.clocks.drop(vendor, label)
        for rule in self.faults.rules():
            if rule.tenant == label:
                self.faults.clear(rule.id)
        return known
