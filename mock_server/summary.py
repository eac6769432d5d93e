"""The few lines `crm-mock serve` prints once it listens: where everything is."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import Settings

if TYPE_CHECKING:
    from .runtime import Runtime

__all__ = ["browsable_root", "startup_summary", "startup_summary_json"]


def browsable_root(settings: Settings) -> str:
    """The URL a browser on this machine reaches the server at (0.0.0.0 is no address)."""
    host = settings.host
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    elif host == "::":
        host = "[::1]"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.port}"


def _vendor_options(runtime: Runtime) -> list[str]:
    """The vendor options whose value in effect is not their default, as `vendor.name=value`
    (--espocrm-version 6 shows as espocrm.version=6)."""
    return [
        f"{name}.{option.name}={loaded.options[option.name]}"
        for name, loaded in runtime.vendors.items()
        for option in loaded.vendor.options
        if loaded.options[option.name] != option.default
    ]


def _options(settings: Settings, runtime: Runtime) -> list[str]:
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
    chosen.extend(_vendor_options(runtime))
    if settings.journal_size != Settings.journal_size:
        chosen.append(f"journal {settings.journal_size}")
    if settings.server != Settings.server:
        chosen.append(f"{settings.server} server")
    return chosen


def _where(settings: Settings, runtime: Runtime) -> dict[str, Any]:
    """What both summaries say: each vendor's URL and counts, the console, the docs, the options."""
    root = browsable_root(settings)
    return {
        "root": root,
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
        "options": _options(settings, runtime),
    }


def startup_summary(settings: Settings, runtime: Runtime) -> str:
    where = _where(settings, runtime)
    listening = f" (listening on {settings.host})" if settings.host in ("0.0.0.0", "::", "") else ""
    lines = [f"crm-mock {__version__} ready at {where['root']}{listening}"]
    for name, vendor in where["vendors"].items():
        counts = f"{vendor['operations']} operations, {vendor['fixtureRecords']} fixture records"
        lines.append(f"  {name:<10} {vendor['url']:<40} {counts}")
    lines.append(f"  {'console':<10} {where['console']}")
    lines.append(f"  {'API docs':<10} {where['docs']}")
    options = where["options"]
    lines.append(f"  {'options':<10} {', '.join(options) if options else 'none (crm-mock serve --help lists them)'}")
    return "\n".join(lines)


def startup_summary_json(settings: Settings, runtime: Runtime) -> str:
    """The same as one JSON log line, for --log-format json; its `root` is the URL
    served at (with --port 0, the port the system picked)."""
    where = _where(settings, runtime)
    root = where["root"]
    entry = {"level": "info", "logger": "crm_mock", "message": f"crm-mock {__version__} ready at {root}"}
    return json.dumps({**entry, "version": __version__, **where})
