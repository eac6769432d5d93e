"""The few lines `crm-mock serve` prints once it listens: where everything is."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from . import __version__
from .config import Settings

if TYPE_CHECKING:
    from .runtime import Runtime

__all__ = ["startup_summary", "startup_summary_json"]


def _browsable_host(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _options(settings: Settings) -> list[str]:
    chosen = []
    if settings.strict:
        chosen.append("strict responses")
    if settings.strict_auth:
        chosen.append("strict auth")
    if settings.seed is not None:
        chosen.append(f"seed {settings.seed}")
    if settings.rate_limits:
        chosen.append("rate limits")
    if settings.admin_token:
        chosen.append("admin token")
    if settings.state_file:
        chosen.append(f"state file {settings.state_file}")
    if settings.fixtures:
        chosen.append(f"fixtures from {settings.fixtures}")
    if settings.espocrm_version:
        chosen.append(f"EspoCRM {settings.espocrm_version}")
    chosen.extend(settings.vendor_options)
    if settings.journal_size != Settings.journal_size:
        chosen.append(f"journal {settings.journal_size}")
    if settings.server != Settings.server:
        chosen.append(f"{settings.server} server")
    return chosen


def startup_summary(settings: Settings, runtime: Runtime) -> str:
    root = f"http://{_browsable_host(settings.host)}:{settings.port}"
    listening = "" if settings.host not in ("0.0.0.0", "::", "") else f" (listening on {settings.host})"
    lines = [f"crm-mock {__version__} ready at {root}{listening}"]
    for name, loaded in runtime.vendors.items():
        mount = loaded.mounts[-1]
        operations = len(loaded.spec.operations)
        lines.append(
            f"  {name:<10} {root + mount:<40} {operations} operations, {loaded.fixture_records} fixture records"
        )
    lines.append(f"  {'console':<10} {root}/__mock__/ui/")
    lines.append(f"  {'API docs':<10} {root}/__mock__/docs/")
    options = _options(settings)
    lines.append(f"  {'options':<10} {', '.join(options) if options else 'none (crm-mock serve --help lists them)'}")
    return "\n".join(lines)


def startup_summary_json(settings: Settings, runtime: Runtime) -> str:
    """The same as one JSON log line, for --log-format json."""
    root = f"http://{_browsable_host(settings.host)}:{settings.port}"
    entry = {
        "level": "info",
        "logger": "crm_mock",
        "message": f"crm-mock {__version__} ready at {root}",
        "version": __version__,
        "vendors": {
            name: {
                "url": root + loaded.mounts[-1],
                "operations": len(loaded.spec.operations),
                "fixtureRecords": loaded.fixture_records,
            }
            for name, loaded in runtime.vendors.items()
        },
        "console": f"{root}/__mock__/ui/",
        "docs": f"{root}/__mock__/docs/",
        "options": _options(settings),
    }
    return json.dumps(entry)
