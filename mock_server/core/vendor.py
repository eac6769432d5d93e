"""What a vendor package hands to the server: one `Vendor` object."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import Headers, MultiDict

from .clock import Clock
from .dialect import Dialect
from .fixtures import FixtureObject
from .ratelimit import Quota, Usage
from .request_path import BODY_FIRST
from .request_validation import ParsedRequest
from .spec import Operation
from .store import TenantState
from .values import ValueProblem

__all__ = [
    "AuthRequest",
    "AuthSettings",
    "CredentialMaker",
    "FixtureWalker",
    "NewCredential",
    "Principal",
    "RecordValidator",
    "Reply",
    "RequestContext",
    "Vendor",
    "VendorOption",
]


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the tenant their credential names, plus vendor-specific facts."""

    tenant: str
    attributes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AuthRequest:
    """The parts of a request a vendor's auth may look at."""

    headers: Headers
    query: MultiDict[str, str]
    operation: Operation
    method: str = "GET"
    path: str = ""  # the URL path as sent, mount included (HMAC schemes sign it)


@dataclass(frozen=True, slots=True)
class AuthSettings:
    strict: bool  # only credentials declared in fixtures are accepted
    fixtures: Mapping[str, Any]
    clock: Clock | None = None  # for credentials that expire (OpenInt's customer tokens)


@dataclass(frozen=True, slots=True)
class NewCredential:
    """A fresh credential in the vendor's own scheme, made for one test
    (POST /__mock__/tenants/{vendor}): a tenant no one else uses."""

    tenant: str  # what the vendor's auth names its tenant by (Principal.tenant)
    credentials: Mapping[str, str]  # the parts, named as the vendor's clients take them
    headers: Mapping[str, str]  # what to send, ready to use


@dataclass(slots=True)
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class RequestContext:
    """Everything a handler needs, and nothing it must not touch."""

    operation: Operation
    principal: Principal
    state: TenantState
    request: ParsedRequest
    clock: Clock
    fixtures: Mapping[str, Any]
    # Where the client reached this vendor, e.g. http://127.0.0.1:8080/zendesk (for
    # vendors whose answers carry their own URLs), and the raw query string.
    base_url: str = ""
    query_string: str = ""
    # The vendor's options in effect, every declared one ({"version": ""} for EspoCRM).
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> dict[str, Any]:
        return self.request.path

    @property
    def query(self) -> dict[str, Any]:
        return self.request.query

    @property
    def body(self) -> Any:
        return self.request.body


def shown(value: str) -> str:
    """An option's value as help and messages print it: the empty value as ""."""
    return value or '""'


@dataclass(frozen=True, slots=True)
class VendorOption:
    """A behaviour the vendor's evidence leaves open, chosen at start with
    `--vendor-option <vendor>.<name>=<value>` (or CRM_MOCK_VENDOR_OPTIONS).

    The values it takes are `choices`, plus any value matching `pattern` when one is
    given; `evidence` says where each value was learned (the vendor page's ledger row),
    `description` what the option changes.  The CLI's help, the start-up check and
    GET /__mock__/options are all built from this one declaration."""

    name: str
    default: str
    evidence: str
    description: str
    choices: tuple[str, ...] = ()
    pattern: str = ""  # a regex a value may also fully match, e.g. r"\d+(\.\d+)*"

    def accepts(self, value: str) -> bool:
        return value in self.choices or bool(self.pattern and re.fullmatch(self.pattern, value))

    def values_text(self) -> str:
        """The values it takes, for messages and help: `401, 403` or `"", or matching \\d+(\\.\\d+)*`."""
        named = ", ".join(shown(choice) for choice in self.choices)
        if not self.pattern:
            return named
        return f"{named}, or matching {self.pattern}" if named else f"matching {self.pattern}"

    def value_in(self, options: Mapping[str, Any]) -> str:
        """This option's value among the options in effect (its default when absent)."""
        return str(options.get(self.name, self.default))


Handler = Callable[[RequestContext], Reply]
# Checks the vendor's front door makes before any route is matched (raise a VendorError):
# given the request's headers and method.
Gateway = Callable[[Headers, str], None]
# Headers every answer of the vendor carries, from the request's headers (say, CORS).
ResponseHeaders = Callable[[Headers], Mapping[str, str]]
Authenticator = Callable[[AuthRequest, AuthSettings], Principal]
Seeder = Callable[[TenantState, Mapping[str, Any]], None]
QuotaHeaders = Callable[[Sequence[Usage]], Mapping[str, str]]
CredentialMaker = Callable[[], NewCredential]
# A record's field values checked against its object's field definitions, both in the
# vendor's own shape (as its fixtures and field endpoints hold them), with no request and no
# tenant (a lookup is checked for its shape only): every problem, worded as the vendor words
# it.  The handlers check through the same rules (core/values.py, each vendor's values.py).
RecordValidator = Callable[[Sequence[Mapping[str, Any]], Mapping[str, Any]], list[ValueProblem]]
FixtureWalker = Callable[[Mapping[str, Any]], Iterable[FixtureObject]]


@dataclass(frozen=True)
class Vendor:
    name: str  # "highlevel"; also the default mount, spec and fixture folder name
    dialect: Dialect
    authenticate: Authenticator
    handlers: Mapping[str, Handler]
    seed: Seeder
    quotas: tuple[Quota, ...] = ()
    quota_headers: QuotaHeaders | None = None
    gateway: Gateway | None = None
    response_headers: ResponseHeaders | None = None
    # NestJS/Express read a missing or non-JSON body as {} and let validation speak.
    non_json_body_is_empty: bool = False
    # The request path's steps in the vendor's order (core/request_path.py): BODY_FIRST
    # (a body that cannot be read is refused before auth) or AUTH_FIRST.
    request_path: tuple[str, ...] = BODY_FIRST
    content_type: str = "application/json; charset=utf-8"
    mount: str = ""  # where it is served among the others; "" means /<name>
    # Path endings every operation also answers to (Zendesk: ".json").
    path_suffixes: tuple[str, ...] = ()
    # A regex every path parameter must match (None: any segment), so that action
    # segments such as OpenInt's "_count" are never taken for an id.
    path_param_pattern: str | None = None
    # Behaviour the evidence leaves open, each chosen at start (VendorOption).
    options: tuple[VendorOption, ...] = ()
    # Every name a client may send a credential under (a header, a query parameter, a
    # form or JSON field: a name counts in each place); redacted wherever the journal
    # would keep it (core/redaction.py adds cookies and X-Admin-Token for all).
    credentials: tuple[str, ...] = ("Authorization",)
    # Makes a fresh, valid credential of the vendor's scheme (its auth.py): each test's own tenant.
    new_credential: CredentialMaker | None = None
    # Checks one record's values against its object's fields (RecordValidator).
    validate_record: RecordValidator | None = None
    # Finds the objects, field definitions and records in the vendor's fixtures, each with
    # where it is, for `crm-mock check` and serve --fixtures (core/fixtures.py).
    fixture_objects: FixtureWalker | None = None

    @property
    def default_mount(self) -> str:
        return self.mount or f"/{self.name}"

    @property
    def spec_file(self) -> str:
        return f"{self.name}.yaml"

    def options_in_effect(self, chosen: Mapping[str, str]) -> dict[str, str]:
        """Every declared option: its default, or the value in `chosen` (names without the
        vendor's prefix).  A name or value not declared is a ValueError of one line that
        names the vendor's options."""
        declared = {option.name: option for option in self.options}
        for name, value in chosen.items():
            option = declared.get(name)
            if option is None:
                raise ValueError(f"{self.name} has no option {name!r}; {self.describe_options()}")
            if not option.accepts(value):
                raise ValueError(f"{self.name}.{name} must be one of {option.values_text()}, got {value!r}")
        return {name: chosen.get(name, option.default) for name, option in declared.items()}

    def describe_options(self) -> str:
        if not self.options:
            return "it has none"
        listed = "; ".join(
            f"{self.name}.{option.name}: {option.values_text()} (default {shown(option.default)})"
            for option in self.options
        )
        return f"its options are {listed}"
