"""crm-mock serve | routes | check"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .config import ENV_PREFIX, LOG_FORMATS, LOG_LEVELS, SERVERS, Settings
from .core.vendor import shown
from .runtime import check_vendor_options
from .vendors import VENDOR_NAMES, load_vendor

__all__ = ["main"]

# The options each report command uses (serve takes every one): routes prints URLs
# (host, port) of the vendors it would serve; check reads the vendors and fixtures.
_VENDOR_CHOICE = frozenset({"--vendor", "--espocrm-version", "--vendor-option"})
OPTIONS_OF: dict[str, frozenset[str]] = {
    "routes": _VENDOR_CHOICE | {"--host", "--port"},
    "check": _VENDOR_CHOICE | {"--fixtures"},
    "check-specs": _VENDOR_CHOICE | {"--fixtures"},
}


def _settings(parsed: argparse.Namespace) -> Settings:
    # an option a command does not take is absent from its namespace: unset, as if not given
    args = argparse.Namespace(**_unset_options() | vars(parsed))
    vendor = _names(args.vendor)
    return Settings.from_env(
        host=args.host,
        port=args.port,
        vendor=vendor,
        fixtures=Path(args.fixtures) if args.fixtures else None,
        seed=args.seed,
        strict_auth=True if args.strict_auth else None,
        strict=True if args.strict else None,
        log_level=args.log_level,
        log_format=args.log_format,
        threads=args.threads,
        body_timeout=args.body_timeout,
        server=args.server,
        espocrm_version=args.espocrm_version,
        vendor_options=tuple(args.vendor_option) if args.vendor_option else None,
        admin_token=args.admin_token,
        journal_size=args.journal_size,
        journal_body_limit=args.journal_body_limit,
        journal_bytes=args.journal_bytes,
        allowed_hosts=_names(args.allowed_hosts),
        rate_limits=True if args.rate_limits else None,
        max_tenants=args.max_tenants,
        state_file=Path(args.state_file) if args.state_file else None,
        max_state_bytes=args.max_state_bytes,
    )


def _unset_options() -> dict[str, Any]:
    """Every serve option as if not given."""
    every = argparse.ArgumentParser(add_help=False)
    _add_server_options(every)
    return vars(every.parse_args([]))


def _names(raw: str | None) -> tuple[str, ...] | None:
    return tuple(part.strip() for part in raw.split(",") if part.strip()) if raw else None


def _add_server_options(parser: argparse.ArgumentParser, only: frozenset[str] | None = None) -> None:
    """The options of `serve`; a command that uses fewer gets only those named in `only`."""
    env = ENV_PREFIX

    def add_argument(flag: str, **how: Any) -> None:
        if only is None or flag in only:
            parser.add_argument(flag, **how)

    add_argument("--host", help=f"address to bind (default 127.0.0.1; {env}HOST)")
    add_argument(
        "--port",
        type=int,
        help=f"port to listen on; 0 picks a free one, named in the first line `crm-mock VERSION ready at URL` "
        f"(default 8080; {env}PORT); a port in use refuses the start",
    )
    add_argument(
        "--vendor",
        help=f"serve only these vendors, comma-separated ({', '.join(VENDOR_NAMES)}); "
        f"a single vendor is also served at the root ({env}VENDOR)",
    )
    add_argument("--fixtures", metavar="DIR", help=f"folder of <vendor>/ fixture folders to seed from ({env}FIXTURES)")
    add_argument("--seed", type=int, help=f"make ids and generated values repeatable ({env}SEED)")
    add_argument(
        "--strict-auth", action="store_true", help=f"accept only credentials declared in fixtures ({env}STRICT_AUTH)"
    )
    add_argument("--strict", action="store_true", help=f"check every response against the spec ({env}STRICT)")
    add_argument("--log-level", choices=LOG_LEVELS, help=f"default info: one line per vendor request ({env}LOG_LEVEL)")
    add_argument(
        "--log-format", choices=LOG_FORMATS, help=f"text (default) or json, one object per line ({env}LOG_FORMAT)"
    )
    add_argument("--threads", type=int, help=f"request threads in the one server process ({env}THREADS)")
    add_argument(
        "--body-timeout",
        type=float,
        metavar="SECONDS",
        help=f"seconds a client has to send a request body; then 408 and the connection closes ({env}BODY_TIMEOUT)",
    )
    add_argument(
        "--espocrm-version",
        metavar="VERSION",
        help=f"the same as --vendor-option espocrm.version=VERSION, its first name ({env}ESPOCRM_VERSION)",
    )
    add_argument(
        "--admin-token",
        metavar="TOKEN",
        help=f"protect the control plane: its requests must send X-Admin-Token: TOKEN ({env}ADMIN_TOKEN)",
    )
    add_argument(
        "--vendor-option",
        action="append",
        metavar="VENDOR.NAME=VALUE",
        help=f"switch a guessed behaviour, e.g. salesos.error_shape=filter; repeatable; each vendor's are "
        f"listed below ({env}VENDOR_OPTIONS, comma-separated)",
    )
    add_argument(
        "--server",
        choices=SERVERS,
        help=f"granian (default, fastest) or threaded (slower; can drop connections for drop faults; {env}SERVER)",
    )
    add_argument(
        "--state-file",
        metavar="PATH",
        help=f"load state from PATH at start, write it there on clean shutdown ({env}STATE_FILE)",
    )
    add_argument(
        "--max-state-bytes",
        type=int,
        metavar="BYTES",
        help=f"largest snapshot PUT /__mock__/state takes; past it a 413 (default 67108864, 64 MiB; "
        f"{env}MAX_STATE_BYTES)",
    )
    add_argument(
        "--rate-limits",
        action="store_true",
        help=f"refuse requests past each vendor's documented quota, as it does ({env}RATE_LIMITS)",
    )
    add_argument(
        "--journal-size", type=int, help=f"exchanges the journal keeps, 0 for none (default 10000; {env}JOURNAL_SIZE)"
    )
    add_argument(
        "--journal-body-limit",
        type=int,
        help=f"bytes of each body the journal keeps (default 65536; {env}JOURNAL_BODY_LIMIT)",
    )
    add_argument(
        "--max-tenants",
        type=int,
        metavar="N",
        help=f"live tenants (credentials) per vendor; a new credential past it gets the vendor's 503 "
        f"(default 1000; {env}MAX_TENANTS)",
    )
    add_argument(
        "--journal-bytes",
        type=int,
        help=f"memory the journal may hold, oldest dropped first; 0 for none (default 67108864, 64 MiB; "
        f"{env}JOURNAL_BYTES)",
    )
    add_argument(
        "--allowed-hosts",
        metavar="NAMES",
        help=f"Host header names accepted besides localhost, 127.x.x.x, [::1] and the bound address, "
        f"comma-separated; bound to 0.0.0.0 any Host is accepted unless this narrows it ({env}ALLOWED_HOSTS)",
    )


INDENT = " " * 6


def vendor_options_help() -> str:
    """The vendor options every vendor declares, for the end of --help."""
    lines = [f"vendor options (--vendor-option VENDOR.NAME=VALUE, or {ENV_PREFIX}VENDOR_OPTIONS comma-separated):"]
    for name in VENDOR_NAMES:
        vendor = load_vendor(name)
        if not vendor.options:
            lines.append(f"  {name}: none")
        for option in vendor.options:
            lines.append(f"  {name}.{option.name}: {option.values_text()} (default {shown(option.default)})")
            lines.extend(textwrap.wrap(option.description, 88, initial_indent=INDENT, subsequent_indent=INDENT))
    return "\n".join(lines)


def serve(settings: Settings) -> int:
    # The bundled specs are checked by `crm-mock check` and the test suite, not at
    # every start: openapi-spec-validator on all six was half of the start.
    from .check import served_fixture_problems
    from .server import run

    problems = served_fixture_problems(settings)
    if problems:  # one block of lines, each file:line: what is wrong; never a traceback
        for problem in problems:
            print(problem, file=sys.stderr)
        said = f"crm-mock: not started: {len(problems)} problem(s) in the fixtures of {settings.fixtures}"
        print(said, file=sys.stderr)
        return 2
    return run(settings.with_(specs_checked=True))


def routes(settings: Settings) -> int:
    from .app import create_app, runtime_of
    from .summary import browsable_root

    runtime = runtime_of(create_app(settings.with_(specs_checked=True)))
    root = browsable_root(settings)
    try:
        for name, loaded in runtime.vendors.items():
            for operation in loaded.spec:
                url = root + loaded.mounts[-1] + operation.path
                print(f"{name:10} {operation.method:7} {url:75} {operation.operation_id}")
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader has read enough (`crm-mock routes | head`): stop quietly, with
        # stdout on /dev/null so Python's flush at exit does not raise again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def check(settings: Settings) -> int:
    from .check import find_problems
    from .core.spec import load_spec
    from .runtime import Runtime, bundled_specs_dir

    try:
        problems = find_problems(settings)
    except ValueError as exc:  # an unknown vendor, say
        print(f"check failed: {exc}", file=sys.stderr)
        return 1
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"check failed: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    runtime = Runtime(settings.with_(specs_checked=True))
    summary = {
        name: {
            "operations": len(loaded.spec.operations),
            "version": loaded.spec.version,
            "fixtureRecords": loaded.fixture_records,
        }
        for name, loaded in runtime.vendors.items()
    }
    control = load_spec(bundled_specs_dir() / "control.yaml", "control", check=False)
    summary["control"] = {"operations": len(control.operations), "version": control.version}
    print(json.dumps(summary, indent=2))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crm-mock", description="Vendor-accurate, stateful mock of CRM APIs.")
    parser.add_argument("--version", action="version", version=f"crm-mock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    epilog = vendor_options_help()
    for name, help_text in (
        ("serve", "serve the mock over HTTP"),
        ("routes", "list every operation and its URL"),
        ("check", "check every spec and fixture; problems as file:line: what is wrong"),
        ("check-specs", "the same as check (its former name)"),
    ):
        command = commands.add_parser(
            name, help=help_text, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        _add_server_options(command, OPTIONS_OF.get(name))
    args = parser.parse_args(argv)
    try:
        settings = _settings(args)
        check_vendor_options(settings)
    except ValueError as exc:
        parser.error(str(exc))
    if args.command == "serve":
        return serve(settings)
    if args.command == "routes":
        return routes(settings)
    return check(settings)


if __name__ == "__main__":
    sys.exit(main())
